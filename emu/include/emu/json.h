/* SPDX-License-Identifier: MIT */
/*
 * A minimal streaming JSON writer on a GString: objects, arrays, strings,
 * integers, booleans, with commas and escaping handled here. Nesting is
 * bounded (HS_EMU_JSON_DEPTH); going deeper or closing too much marks the
 * writer broken instead of emitting invalid JSON.
 */
#ifndef HS_EMU_JSON_H
#define HS_EMU_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define HS_EMU_JSON_DEPTH 16

struct hs_emu_json {
	GString *out;
	uint32_t depth;
	bool need_comma[HS_EMU_JSON_DEPTH + 1];
	bool broken; /* misuse detected: the output must not be trusted */
};

void hs_emu_json_init(struct hs_emu_json *j, GString *out);

/* @key is NULL inside arrays (and for the top-level value). */
void hs_emu_json_begin_object(struct hs_emu_json *j, const char *key);
void hs_emu_json_end_object(struct hs_emu_json *j);
void hs_emu_json_begin_array(struct hs_emu_json *j, const char *key);
void hs_emu_json_end_array(struct hs_emu_json *j);
void hs_emu_json_u64(struct hs_emu_json *j, const char *key, uint64_t v);
void hs_emu_json_str(struct hs_emu_json *j, const char *key, const char *s);
void hs_emu_json_bool(struct hs_emu_json *j, const char *key, bool v);

/* True when the document is complete (depth 0) and was never misused. */
bool hs_emu_json_ok(const struct hs_emu_json *j);

#endif /* HS_EMU_JSON_H */
