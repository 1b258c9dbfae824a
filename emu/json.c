// SPDX-License-Identifier: MIT
/*
 * Streaming JSON writer (emu/json.h). Strings are escaped per RFC 8259:
 * quote, backslash and control characters; other bytes pass through (the
 * emulator writes ASCII names and numbers).
 */
#include <emu/json.h>

void hs_emu_json_init(struct hs_emu_json *j, GString *out)
{
	j->out = out;
	j->depth = 0;
	j->broken = false;
	for (uint32_t i = 0; i <= HS_EMU_JSON_DEPTH; i++)
		j->need_comma[i] = false;
}

static void put_string(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			g_string_append_printf(out, "\\%c", c);
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c == '\t')
			g_string_append(out, "\\t");
		else if (c < 0x20)
			g_string_append_printf(out, "\\u%04x", c);
		else
			g_string_append_c(out, (char)c);
	}
	g_string_append_c(out, '"');
}

/* Comma and key before a value; a key outside an object (or none inside one) is misuse. */
static void value_prefix(struct hs_emu_json *j, const char *key)
{
	if (j->need_comma[j->depth])
		g_string_append_c(j->out, ',');
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->out, key);
		g_string_append_c(j->out, ':');
	}
}

static void json_open(struct hs_emu_json *j, const char *key, char c)
{
	if (j->depth >= HS_EMU_JSON_DEPTH) {
		j->broken = true;
		return;
	}
	value_prefix(j, key);
	g_string_append_c(j->out, c);
	j->depth++;
	j->need_comma[j->depth] = false;
}

static void json_close(struct hs_emu_json *j, char c)
{
	if (j->depth == 0) {
		j->broken = true;
		return;
	}
	j->depth--;
	g_string_append_c(j->out, c);
}

void hs_emu_json_begin_object(struct hs_emu_json *j, const char *key)
{
	json_open(j, key, '{');
}

void hs_emu_json_end_object(struct hs_emu_json *j)
{
	json_close(j, '}');
}

void hs_emu_json_begin_array(struct hs_emu_json *j, const char *key)
{
	json_open(j, key, '[');
}

void hs_emu_json_end_array(struct hs_emu_json *j)
{
	json_close(j, ']');
}

void hs_emu_json_u64(struct hs_emu_json *j, const char *key, uint64_t v)
{
	value_prefix(j, key);
	g_string_append_printf(j->out, "%" G_GUINT64_FORMAT, (guint64)v);
}

void hs_emu_json_str(struct hs_emu_json *j, const char *key, const char *s)
{
	value_prefix(j, key);
	put_string(j->out, s ? s : "");
}

void hs_emu_json_bool(struct hs_emu_json *j, const char *key, bool v)
{
	value_prefix(j, key);
	g_string_append(j->out, v ? "true" : "false");
}

bool hs_emu_json_ok(const struct hs_emu_json *j)
{
	return !j->broken && j->depth == 0;
}
