/* SPDX-License-Identifier: MIT */
/*
 * Just enough of a flattened device tree reader to find the timebase.
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <stdint.h>

/* /cpus/timebase-frequency of the tree at @fdt, or 0 if absent or invalid. */
uint64_t fdt_timebase_hz(uintptr_t fdt);

#endif /* KERNEL_FDT_H */
