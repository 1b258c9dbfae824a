// SPDX-License-Identifier: MIT
/*
 * The stacks: one per logical CPU plus the boot hart's early stack, which
 * it leaves (boot.c) once CPU 0's stack is registered.
 */
#include <hartsched/arch.h>
#include <hartsched/config.h>
#include <hartsched/cpu.h>

#include "stacks.h"

uint8_t kernel_stacks[HS_MAX_CPUS][KERNEL_STACK_SIZE] __attribute__((aligned(16)));
uint8_t kernel_early_stack[KERNEL_EARLY_STACK_SIZE] __attribute__((aligned(16)));

uintptr_t kernel_stack_top(uint32_t cpu)
{
	return (uintptr_t)&kernel_stacks[cpu][KERNEL_STACK_SIZE];
}

void kernel_stacks_register(uint32_t present)
{
	uint32_t cpu;

	for (cpu = 0; cpu < present && cpu < HS_MAX_CPUS; cpu++) {
		struct hs_outcome o = hs_cpu_register_stack(cpu, (uintptr_t)kernel_stacks[cpu],
							    kernel_stack_top(cpu));

		if (o.status != HS_OK)
			hs_arch_fatal("the core refused a kernel stack");
	}
}
