// SPDX-License-Identifier: MIT
/*
 * What tools/qemu-test.sh reads from the image before it boots it: the
 * kernel's CPU limit, so that it can refuse an SMP the kernel cannot run
 * (and never pass a run on fewer harts than asked for). One text line in a
 * section of its own, kept by the linker script.
 */
#include <hartsched/config.h>

#define INFO_STR_(x) #x
#define INFO_STR(x)  INFO_STR_(x)

static const char kernel_info[] __attribute__((used, section(".hs_info"))) =
	"hartsched-kernel max_cpus=" INFO_STR(HS_MAX_CPUS) "\n";
