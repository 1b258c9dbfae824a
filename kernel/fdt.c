// SPDX-License-Identifier: MIT
/*
 * Minimal FDT walk (device tree spec v0.4, chapter 5): validate the header,
 * then scan the structure block once, handing each node and property to a
 * visitor. Every step advances the cursor and the scan stops at the end of
 * the block, so the walk is bounded by the block's size. Two visitors: the
 * timebase (/cpus/timebase-frequency) and the harts (/cpus/cpu@* nodes with
 * device_type "cpu": their reg is the hart id).
 */
#include <stdbool.h>
#include <stddef.h>

#include "fdt.h"

#define FDT_MAGIC      0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP	       4u
#define FDT_END	       9u

/* Trees bigger than this are treated as corrupt. */
#define FDT_MAX_SIZE (1u << 20)

struct fdt_header {
	uint32_t magic;
	uint32_t totalsize;
	uint32_t off_dt_struct;
	uint32_t off_dt_strings;
	uint32_t off_mem_rsvmap;
	uint32_t version;
	uint32_t last_comp_version;
	uint32_t boot_cpuid_phys;
	uint32_t size_dt_strings;
	uint32_t size_dt_struct;
};

/* What the walk hands a visitor; depth 1 is the root, so /cpus is depth 2. */
struct fdt_visitor {
	void (*begin_node)(void *ctx, int depth, const char *name);
	void (*prop)(void *ctx, int depth, const char *name, const uint8_t *val, uint32_t len);
	void (*end_node)(void *ctx, int depth);
	void *ctx;
};

/* A big-endian 32-bit cell. */
static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

/* One or two cells (4 or 8 bytes) as a number; @ok is false for any other length. */
static uint64_t be_cells(const uint8_t *val, uint32_t len, bool *ok)
{
	*ok = len == 4 || len == 8;
	if (len == 4)
		return be32(val);
	if (len == 8)
		return ((uint64_t)be32(val) << 32) | be32(val + 4);
	return 0;
}

/* String equality (both NUL-terminated; the walk checked the tree's). */
static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* True when @s starts with @prefix. */
static bool str_starts(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix) {
		s++;
		prefix++;
	}
	return *prefix == '\0';
}

/* Length of the NUL-terminated string at @s, at most @max (max = unterminated). */
static size_t str_len_bounded(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Tokens and property values are padded to 4 bytes. */
static uint32_t align4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

/*
 * Walk the tree at @fdt once, calling @v for every node and property whose
 * name is a terminated string inside its block. Returns false for a tree
 * that is absent or malformed (the visitor may have seen part of it).
 */
static bool fdt_walk(uintptr_t fdt, const struct fdt_visitor *v)
{
	const struct fdt_header *h = (const struct fdt_header *)fdt;
	const uint8_t *st;
	const char *strings;
	uint32_t size, str_size, off = 0;
	int depth = 0;

	if (fdt == 0 || (fdt & 3u) != 0 || be32(&h->magic) != FDT_MAGIC)
		return false;
	if (be32(&h->totalsize) > FDT_MAX_SIZE ||
	    be32(&h->off_dt_struct) + be32(&h->size_dt_struct) > be32(&h->totalsize) ||
	    be32(&h->off_dt_strings) + be32(&h->size_dt_strings) > be32(&h->totalsize))
		return false;
	st = (const uint8_t *)fdt + be32(&h->off_dt_struct);
	strings = (const char *)fdt + be32(&h->off_dt_strings);
	size = be32(&h->size_dt_struct);
	str_size = be32(&h->size_dt_strings);

	while (off + 4 <= size) {
		uint32_t token = be32(st + off);

		off += 4;
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)st + off;
			size_t len = str_len_bounded(name, size - off);

			if (len == size - off)
				return false;
			depth++;
			v->begin_node(v->ctx, depth, name);
			off = align4(off + (uint32_t)len + 1);
		} else if (token == FDT_END_NODE) {
			v->end_node(v->ctx, depth);
			depth--;
		} else if (token == FDT_PROP) {
			uint32_t len, nameoff;

			if (off + 8 > size)
				return false;
			len = be32(st + off);
			nameoff = be32(st + off + 4);
			off += 8;
			if (len > size - off || nameoff >= str_size)
				return false;
			if (str_len_bounded(strings + nameoff, str_size - nameoff) <
			    str_size - nameoff)
				v->prop(v->ctx, depth, strings + nameoff, st + off, len);
			off = align4(off + len);
		} else if (token == FDT_NOP) {
			continue;
		} else {
			/* FDT_END or garbage: stop. */
			return token == FDT_END;
		}
	}
	return false;
}

/* Visitor state for the timebase: inside /cpus, and what it found. */
struct timebase_scan {
	bool in_cpus;
	uint64_t hz;
};

/* Timebase visitor: entering /cpus. */
static void tb_begin(void *ctx, int depth, const char *name)
{
	struct timebase_scan *s = ctx;

	if (depth == 2 && str_eq(name, "cpus"))
		s->in_cpus = true;
}

/* Timebase visitor: /cpus/timebase-frequency, one or two cells, first one wins. */
static void tb_prop(void *ctx, int depth, const char *name, const uint8_t *val, uint32_t len)
{
	struct timebase_scan *s = ctx;
	bool ok;

	if (s->in_cpus && depth == 2 && s->hz == 0 && str_eq(name, "timebase-frequency")) {
		s->hz = be_cells(val, len, &ok);
		if (!ok)
			s->hz = 0;
	}
}

/* Timebase visitor: leaving /cpus. */
static void tb_end(void *ctx, int depth)
{
	struct timebase_scan *s = ctx;

	if (depth == 2)
		s->in_cpus = false;
}

uint64_t fdt_timebase_hz(uintptr_t fdt)
{
	struct timebase_scan s = {false, 0};
	const struct fdt_visitor v = {tb_begin, tb_prop, tb_end, &s};

	(void)fdt_walk(fdt, &v);
	return s.hz;
}

/*
 * Visitor state for the harts: the cpu node being read (depth 3 under
 * /cpus) and the result. Properties of a node come before its children, so
 * a node's device_type, reg and status are all known at its end.
 */
struct harts_scan {
	bool in_cpus;
	bool in_cpu;   /* a depth-3 node under /cpus */
	bool is_cpu;   /* device_type = "cpu" */
	bool has_reg;  /* reg of 1 or 2 cells */
	bool disabled; /* status present and not "okay"/"ok" */
	uint64_t reg;  /* the hart id */
	struct fdt_harts *out;
};

/* Harts visitor: entering /cpus, or a cpu node under it (its fields start fresh). */
static void harts_begin(void *ctx, int depth, const char *name)
{
	struct harts_scan *s = ctx;

	if (depth == 2 && str_eq(name, "cpus"))
		s->in_cpus = true;
	if (s->in_cpus && depth == 3) {
		s->in_cpu = str_eq(name, "cpu") || str_starts(name, "cpu@");
		s->is_cpu = false;
		s->has_reg = false;
		s->disabled = false;
	}
}

/* Harts visitor: a cpu node's reg, device_type and status (not its children's). */
static void harts_prop(void *ctx, int depth, const char *name, const uint8_t *val, uint32_t len)
{
	struct harts_scan *s = ctx;

	if (!s->in_cpu || depth != 3)
		return;
	if (str_eq(name, "reg")) {
		s->reg = be_cells(val, len, &s->has_reg);
		return;
	}
	if (len == 0 || val[len - 1] != '\0')
		return; /* device_type and status are strings */
	if (str_eq(name, "device_type"))
		s->is_cpu = str_eq((const char *)val, "cpu");
	else if (str_eq(name, "status"))
		s->disabled =
			!str_eq((const char *)val, "okay") && !str_eq((const char *)val, "ok");
}

/* Keep the FDT_MAX_HARTS lowest hart ids, sorted; count every one. */
static void harts_add(struct fdt_harts *out, uint64_t id)
{
	uint32_t i;

	out->total++;
	if (out->n == FDT_MAX_HARTS && id >= out->id[FDT_MAX_HARTS - 1])
		return;
	i = out->n < FDT_MAX_HARTS ? out->n++ : FDT_MAX_HARTS - 1;
	/* Insertion: bounded by FDT_MAX_HARTS. */
	while (i > 0 && out->id[i - 1] > id) {
		out->id[i] = out->id[i - 1];
		i--;
	}
	out->id[i] = id;
}

/* Harts visitor: a cpu node ends (keep it if it is an enabled cpu with a reg), or /cpus. */
static void harts_end(void *ctx, int depth)
{
	struct harts_scan *s = ctx;

	if (s->in_cpu && depth == 3) {
		if (s->is_cpu && s->has_reg && !s->disabled)
			harts_add(s->out, s->reg);
		s->in_cpu = false;
	}
	if (depth == 2)
		s->in_cpus = false;
}

bool fdt_harts(uintptr_t fdt, struct fdt_harts *out)
{
	struct harts_scan s = {.out = out};
	const struct fdt_visitor v = {harts_begin, harts_prop, harts_end, &s};

	out->n = 0;
	out->total = 0;
	return fdt_walk(fdt, &v) && out->total > 0;
}

/* Visitor state for the boot arguments: inside /chosen, and where to copy them. */
struct bootargs_scan {
	bool in_chosen;
	bool found;
	char *out;
	uint32_t size;
};

/* Bootargs visitor: entering /chosen. */
static void ba_begin(void *ctx, int depth, const char *name)
{
	struct bootargs_scan *s = ctx;

	if (depth == 2 && str_eq(name, "chosen"))
		s->in_chosen = true;
}

/* Bootargs visitor: /chosen/bootargs, a string; copied bounded by both lengths. */
static void ba_prop(void *ctx, int depth, const char *name, const uint8_t *val, uint32_t len)
{
	struct bootargs_scan *s = ctx;
	uint32_t i;

	if (!s->in_chosen || depth != 2 || s->found || !str_eq(name, "bootargs"))
		return;
	for (i = 0; i + 1 < s->size && i < len && val[i] != '\0'; i++)
		s->out[i] = (char)val[i];
	s->out[i] = '\0';
	s->found = true;
}

/* Bootargs visitor: leaving /chosen. */
static void ba_end(void *ctx, int depth)
{
	struct bootargs_scan *s = ctx;

	if (depth == 2)
		s->in_chosen = false;
}

bool fdt_bootargs(uintptr_t fdt, char *out, uint32_t size)
{
	struct bootargs_scan s = {false, false, out, size};
	const struct fdt_visitor v = {ba_begin, ba_prop, ba_end, &s};

	if (size == 0)
		return false;
	out[0] = '\0';
	(void)fdt_walk(fdt, &v);
	return s.found;
}
