/* SPDX-License-Identifier: MIT */
/*
 * Hart discovery: which harts the kernel will run on, and where that list
 * came from.
 */
#ifndef KERNEL_DISCOVER_H
#define KERNEL_DISCOVER_H

#include <stdint.h>

#include <hartsched/config.h>

/* Where the hart ids came from. */
enum discover_source {
	DISCOVER_DEVICE_TREE = 0, /* /cpus/cpu@... reg, each checked with SBI HSM */
	DISCOVER_SBI_PROBE,	  /* no usable tree: HSM hart_get_status of ids 0 .. max-1 */
	DISCOVER_BOOT_ONLY,	  /* no SBI HSM: the boot hart alone */
};

struct discover_result {
	uint64_t hartid[HS_MAX_CPUS]; /* [0] = the boot hart, then ascending hart ids */
	uint32_t n;		      /* logical CPUs to run (>= 1) */
	uint32_t described;	      /* harts the source described, boot hart included */
	uint32_t source;	      /* enum discover_source */
};

/*
 * Find the harts: CPU 0 is @boot_hartid; the others are the harts the
 * device tree at @fdt describes (any numbering: sockets, clusters, gaps),
 * in ascending hart-id order, each taken only if SBI HSM reports it
 * STOPPED; at most HS_MAX_CPUS in all. Without a usable tree, a bounded
 * HSM probe of ids 0 .. HS_MAX_CPUS - 1. Prints a KBOOT line for every
 * hart it skips and when harts are left unused. Boot hart, early.
 */
void discover_harts(uint64_t boot_hartid, uintptr_t fdt, struct discover_result *out);

/* "device-tree", "sbi-probe" or "boot-only". */
const char *discover_source_name(uint32_t source);

#endif /* KERNEL_DISCOVER_H */
