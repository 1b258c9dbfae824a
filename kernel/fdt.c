// SPDX-License-Identifier: MIT
/*
 * Minimal FDT walk (device tree spec v0.4, chapter 5): validate the header,
 * then scan the structure block once for the "timebase-frequency" property
 * of the "cpus" node under the root. Every step advances the cursor and the
 * scan stops at the end of the block, so the walk is bounded by its size.
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

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Length of the NUL-terminated string at @s, at most @max (max = unterminated). */
static size_t str_len_bounded(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

uint64_t fdt_timebase_hz(uintptr_t fdt)
{
	const struct fdt_header *h = (const struct fdt_header *)fdt;
	const uint8_t *st;
	const char *strings;
	uint32_t size, str_size, off = 0;
	int depth = 0;
	bool in_cpus = false;

	if (fdt == 0 || (fdt & 3u) != 0 || be32(&h->magic) != FDT_MAGIC)
		return 0;
	if (be32(&h->totalsize) > FDT_MAX_SIZE ||
	    be32(&h->off_dt_struct) + be32(&h->size_dt_struct) > be32(&h->totalsize) ||
	    be32(&h->off_dt_strings) + be32(&h->size_dt_strings) > be32(&h->totalsize))
		return 0;
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
				return 0;
			depth++;
			/* Root is depth 1, so /cpus is the node "cpus" at depth 2. */
			if (depth == 2 && str_eq(name, "cpus"))
				in_cpus = true;
			off = align4(off + (uint32_t)len + 1);
		} else if (token == FDT_END_NODE) {
			if (depth == 2)
				in_cpus = false;
			depth--;
		} else if (token == FDT_PROP) {
			uint32_t len, nameoff;
			const uint8_t *val;

			if (off + 8 > size)
				return 0;
			len = be32(st + off);
			nameoff = be32(st + off + 4);
			off += 8;
			if (len > size - off || nameoff >= str_size)
				return 0;
			val = st + off;
			if (in_cpus && depth == 2 &&
			    str_len_bounded(strings + nameoff, str_size - nameoff) <
				    str_size - nameoff &&
			    str_eq(strings + nameoff, "timebase-frequency")) {
				if (len == 4)
					return be32(val);
				if (len == 8)
					return ((uint64_t)be32(val) << 32) | be32(val + 4);
				return 0;
			}
			off = align4(off + len);
		} else if (token == FDT_NOP) {
			continue;
		} else {
			/* FDT_END or garbage: stop. */
			break;
		}
	}
	return 0;
}
