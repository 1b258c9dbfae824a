// SPDX-License-Identifier: MIT
/*
 * The kernel's device-tree reader (kernel/fdt.c), built for the host: hart
 * ids come from /cpus/cpu@* whatever their numbering (gaps, two-cell reg,
 * per-socket numbering), disabled and non-cpu nodes are skipped, at most
 * FDT_MAX_HARTS (the lowest) are kept while all are counted, and a
 * malformed tree yields nothing. The trees are built here, token by token
 * (devicetree spec v0.4, chapter 5). TAP output.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fdt.h"

#define BLOB_MAX 65536

/* A tree under construction: structure and strings blocks, then the blob. */
struct tree {
	uint8_t st[BLOB_MAX];
	uint32_t st_len;
	char str[4096];
	uint32_t str_len;
	uint32_t blob[BLOB_MAX / 4 + 64]; /* 4-byte aligned, as the kernel requires */
};

static struct tree t;
static unsigned tests, failures;

/* Store @v big-endian at @p. */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Append one big-endian cell to the structure block. */
static void st32(uint32_t v)
{
	put32(t.st + t.st_len, v);
	t.st_len += 4;
}

/* Append @len bytes and pad to 4 with zeroes. */
static void st_bytes(const void *p, uint32_t len)
{
	memcpy(t.st + t.st_len, p, len);
	t.st_len += len;
	while (t.st_len % 4)
		t.st[t.st_len++] = 0;
}

/* Offset of @name in the strings block, adding it if new. */
static uint32_t str_off(const char *name)
{
	uint32_t off = 0;

	while (off < t.str_len) {
		if (strcmp(t.str + off, name) == 0)
			return off;
		off += (uint32_t)strlen(t.str + off) + 1;
	}
	strcpy(t.str + t.str_len, name);
	t.str_len += (uint32_t)strlen(name) + 1;
	return off;
}

/* FDT_BEGIN_NODE @name. */
static void begin(const char *name)
{
	st32(1);
	st_bytes(name, (uint32_t)strlen(name) + 1);
}

/* FDT_END_NODE. */
static void end(void)
{
	st32(2);
}

/* FDT_PROP @name with @len bytes of @val. */
static void prop(const char *name, const void *val, uint32_t len)
{
	st32(3);
	st32(len);
	st32(str_off(name));
	st_bytes(val, len);
}

/* A string property (with its NUL). */
static void prop_str(const char *name, const char *s)
{
	prop(name, s, (uint32_t)strlen(s) + 1);
}

/* A one-cell property. */
static void prop_u32(const char *name, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	prop(name, b, 4);
}

/* A two-cell property. */
static void prop_u64(const char *name, uint64_t v)
{
	uint8_t b[8];

	put32(b, (uint32_t)(v >> 32));
	put32(b + 4, (uint32_t)v);
	prop(name, b, 8);
}

/* Start a tree: the root, then /cpus with its timebase, left open for cpu nodes. */
static void tree_start(void)
{
	t.st_len = 0;
	t.str_len = 0;
	begin(""); /* the root */
	prop_u32("#address-cells", 2);
	begin("cpus");
	prop_u32("#address-cells", 1);
	prop_u32("timebase-frequency", 10000000);
}

/* A cpu node with an interrupt-controller child (whose reg must not count). */
static void cpu_node(uint64_t id, bool two_cells, const char *status, const char *type)
{
	char name[32];

	snprintf(name, sizeof(name), "cpu@%llx", (unsigned long long)id);
	begin(name);
	if (type)
		prop_str("device_type", type);
	if (two_cells)
		prop_u64("reg", id);
	else
		prop_u32("reg", (uint32_t)id);
	if (status)
		prop_str("status", status);
	begin("interrupt-controller");
	prop_u32("reg", 999);
	prop_str("device_type", "cpu"); /* a decoy at the wrong depth */
	end();
	end();
}

/* Close /cpus and the root, add a node after it, and lay out the blob. */
static uintptr_t tree_finish(void)
{
	uint8_t *b = (uint8_t *)t.blob;
	uint32_t off_st = 40, off_str;

	end(); /* cpus */
	begin("memory@80000000");
	prop_str("device_type", "memory");
	prop_u64("reg", 0x80000000ull);
	end();
	end(); /* root */
	st32(9);
	off_str = off_st + t.st_len;
	memset(b, 0, 40);
	put32(b + 0, 0xd00dfeedu);
	put32(b + 4, off_str + t.str_len);
	put32(b + 8, off_st);
	put32(b + 12, off_str);
	put32(b + 20, 17);
	put32(b + 24, 16);
	put32(b + 32, t.str_len);
	put32(b + 36, t.st_len);
	memcpy(b + off_st, t.st, t.st_len);
	memcpy(b + off_str, t.str, t.str_len);
	return (uintptr_t)t.blob;
}

/* One TAP line. */
static void check(bool ok, const char *what)
{
	tests++;
	if (!ok)
		failures++;
	printf("%s %u - %s\n", ok ? "ok" : "not ok", tests, what);
}

/* Did the reader keep exactly @want[0 .. n-1], in that order? */
static bool ids_are(const struct fdt_harts *h, const uint64_t *want, uint32_t n)
{
	uint32_t i;

	if (h->n != n)
		return false;
	for (i = 0; i < n; i++) {
		if (h->id[i] != want[i])
			return false;
	}
	return true;
}

int main(void)
{
	static struct fdt_harts h;
	const uint64_t gaps[] = {2, 5, 40, 0x100000001ull};
	const uint64_t sockets[] = {0, 1, 2, 3, 4, 5, 6, 7};
	uintptr_t fdt;
	uint32_t i;
	bool ok;

	printf("1..9\n");

	/* Gaps, out of order, one two-cell id; a disabled hart, a non-cpu node. */
	tree_start();
	cpu_node(40, false, "okay", "cpu");
	cpu_node(5, false, NULL, "cpu");
	cpu_node(7, false, "disabled", "cpu");
	cpu_node(0x100000001ull, true, "okay", "cpu");
	cpu_node(2, false, "ok", "cpu");
	cpu_node(9, false, NULL, "not-a-cpu");
	begin("cpu-map");
	begin("cluster0");
	end();
	end();
	fdt = tree_finish();
	ok = fdt_harts(fdt, &h);
	check(ok && ids_are(&h, gaps, 4) && h.total == 4,
	      "ids with gaps, any order, two-cell reg; disabled and non-cpu nodes skipped");
	check(fdt_timebase_hz(fdt) == 10000000, "the timebase is still found by the same walk");

	/* Two sockets of four, as QEMU's -smp 8,sockets=2 describes them. */
	tree_start();
	for (i = 0; i < 8; i++)
		cpu_node(sockets[i], false, NULL, "cpu");
	fdt = tree_finish();
	check(fdt_harts(fdt, &h) && ids_are(&h, sockets, 8) && h.total == 8, "8 harts in order");

	/* More harts than the kernel has CPUs: the lowest are kept, all counted. */
	tree_start();
	for (i = FDT_MAX_HARTS + 6; i-- > 0;)
		cpu_node(1000 + i, false, NULL, "cpu");
	fdt = tree_finish();
	ok = fdt_harts(fdt, &h) && h.n == FDT_MAX_HARTS && h.total == FDT_MAX_HARTS + 6;
	for (i = 0; ok && i < FDT_MAX_HARTS; i++)
		ok = h.id[i] == 1000 + i;
	check(ok, "beyond FDT_MAX_HARTS: the lowest ids kept, every hart counted");

	/* No tree, a bad magic, a truncated structure block, no cpus. */
	check(!fdt_harts(0, &h) && h.total == 0, "no tree: no harts");
	tree_start();
	cpu_node(1, false, NULL, "cpu");
	fdt = tree_finish();
	((uint8_t *)t.blob)[0] ^= 0xff;
	check(!fdt_harts(fdt, &h) && h.total == 0 && fdt_timebase_hz(fdt) == 0,
	      "bad magic: no harts, no timebase");
	tree_start();
	cpu_node(1, false, NULL, "cpu");
	fdt = tree_finish();
	put32((uint8_t *)t.blob + 36, 12); /* size_dt_struct cut inside a node name */
	check(!fdt_harts(fdt, &h), "truncated structure block: refused");
	tree_start();
	fdt = tree_finish();
	check(!fdt_harts(fdt, &h) && h.total == 0, "a /cpus without cpu nodes: no harts");
	check(!fdt_harts(fdt + 2, &h), "a misaligned tree: refused");
	return failures ? 1 : 0;
}
