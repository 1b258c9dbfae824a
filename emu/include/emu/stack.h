/* SPDX-License-Identifier: MIT */
/*
 * Hart stacks: an mmap'd region with a PROT_NONE guard page below it.
 *
 *   map                lo                  lo + HS_EMU_STACK_RESERVE      hi
 *   | guard (no access) | sentinel line     | the thread's stack ...       |
 *
 * [lo, hi) is what gets registered with hs_cpu_register_stack() (the core
 * writes its sentinel at lo); the thread runs on [lo + RESERVE, hi), so its
 * own frames never touch the sentinel word.
 */
#ifndef HS_EMU_STACK_H
#define HS_EMU_STACK_H

#include <stddef.h>
#include <stdint.h>

/* Usable bytes per hart stack; sanitizer builds need more (TSan's static TLS). */
#ifndef HS_EMU_STACK_SIZE
#define HS_EMU_STACK_SIZE (256u * 1024u)
#endif
#define HS_EMU_STACK_RESERVE 64u

struct hs_emu_stack {
	void *map;	/* whole mapping, guard included */
	size_t map_len; /* bytes mapped */
	uintptr_t lo;	/* first usable byte above the guard */
	uintptr_t hi;	/* one past the top */
};

/* Map a stack of HS_EMU_STACK_SIZE usable bytes; 0 or -errno. */
int hs_emu_stack_alloc(struct hs_emu_stack *st);
void hs_emu_stack_free(struct hs_emu_stack *st);

/* Where the thread itself runs: [base, base + size). */
void *hs_emu_stack_thread_base(const struct hs_emu_stack *st);
size_t hs_emu_stack_thread_size(const struct hs_emu_stack *st);

#endif /* HS_EMU_STACK_H */
