// SPDX-License-Identifier: MIT
/*
 * The per-image switches (see image.h). meson.build builds this file once
 * per image with the matching -D; the plain kernel sets none.
 */
#include "image.h"

#ifndef KERNEL_IMAGE_NAME
#define KERNEL_IMAGE_NAME "kernel"
#endif
#ifndef KERNEL_IMAGE_START_AT_ENTRY
#define KERNEL_IMAGE_START_AT_ENTRY 0
#endif
#ifndef KERNEL_IMAGE_BENCH_IPI
#define KERNEL_IMAGE_BENCH_IPI 0
#endif
#ifndef KERNEL_IMAGE_LOSE_LAST_CPU
#define KERNEL_IMAGE_LOSE_LAST_CPU 0
#endif
#ifndef KERNEL_IMAGE_BRINGUP_STALL_MS
#define KERNEL_IMAGE_BRINGUP_STALL_MS 0
#endif
#ifndef KERNEL_IMAGE_SLOW_LAST_CPU_MS
#define KERNEL_IMAGE_SLOW_LAST_CPU_MS 0
#endif

const struct kernel_image kernel_image = {
	.name = KERNEL_IMAGE_NAME,
	.start_secondaries_at_entry = KERNEL_IMAGE_START_AT_ENTRY,
	.bench_ipi = KERNEL_IMAGE_BENCH_IPI,
	.lose_last_cpu = KERNEL_IMAGE_LOSE_LAST_CPU,
	.bringup_stall_ms = KERNEL_IMAGE_BRINGUP_STALL_MS,
	.slow_last_cpu_ms = KERNEL_IMAGE_SLOW_LAST_CPU_MS,
};
