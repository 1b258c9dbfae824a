/* SPDX-License-Identifier: MIT */
/*
 * Just enough of a flattened device tree reader to find the timebase and
 * the harts.
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <stdbool.h>
#include <stdint.h>

#include <hartsched/config.h>

/* Hart ids kept from the tree: as many as the kernel has logical CPUs. */
#define FDT_MAX_HARTS HS_MAX_CPUS

/* The harts the device tree describes. */
struct fdt_harts {
	uint64_t id[FDT_MAX_HARTS]; /* the lowest hart ids, ascending */
	uint32_t n;		    /* entries in id[] */
	uint32_t total;		    /* enabled cpu nodes in the tree (may exceed n) */
};

/* /cpus/timebase-frequency of the tree at @fdt, or 0 if absent or invalid. */
uint64_t fdt_timebase_hz(uintptr_t fdt);

/*
 * The hart ids of the tree at @fdt: every node /cpus/cpu@... with
 * device_type "cpu", a reg of one or two cells, and no status other than
 * "okay". False (and out->total may be 0) when the tree is absent,
 * malformed or lists no hart.
 */
bool fdt_harts(uintptr_t fdt, struct fdt_harts *out);

/*
 * Copy /chosen/bootargs of the tree at @fdt into @out (@size bytes, always
 * NUL-terminated, truncated if longer). False when there is none.
 */
bool fdt_bootargs(uintptr_t fdt, char *out, uint32_t size);

#endif /* KERNEL_FDT_H */
