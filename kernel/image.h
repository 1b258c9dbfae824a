/* SPDX-License-Identifier: MIT */
/*
 * What distinguishes the kernel images built from the same objects: only
 * image.c is compiled once per image (meson.build), with these switches.
 */
#ifndef KERNEL_IMAGE_H
#define KERNEL_IMAGE_H

#include <stdbool.h>
#include <stdint.h>

struct kernel_image {
	const char *name;		 /* printed in the boot banner */
	bool start_secondaries_at_entry; /* hart_start at _start: the late-entry path */
	bool bench_ipi;			 /* measure the IPI round trip after the ladder */
	bool lose_last_cpu;		 /* start the last CPU where it parks outside the kernel */
	uint32_t bringup_stall_ms;	 /* bring-up's no-progress window; 0: BRINGUP_STALL_NS */
	uint32_t slow_last_cpu_ms;	 /* the last CPU waits this long before going online */
};

extern const struct kernel_image kernel_image;

#endif /* KERNEL_IMAGE_H */
