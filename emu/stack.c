// SPDX-License-Identifier: MIT
/*
 * Hart stacks with a guard page (layout in emu/stack.h). The guard turns an
 * overflow into SIGSEGV at the faulting frame; the core's sentinel at the
 * low end catches a stray write that skipped over the reserve.
 */
#include <emu/stack.h>

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int hs_emu_stack_alloc(struct hs_emu_stack *st)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *map;

	st->map = NULL;
	st->map_len = page + HS_EMU_STACK_SIZE;
	map = mmap(NULL, st->map_len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (map == MAP_FAILED)
		return -errno;
	if (mprotect(map, page, PROT_NONE) != 0) {
		int err = errno;

		munmap(map, st->map_len);
		return -err;
	}
	st->map = map;
	st->lo = (uintptr_t)map + page;
	st->hi = st->lo + HS_EMU_STACK_SIZE;
	return 0;
}

void hs_emu_stack_free(struct hs_emu_stack *st)
{
	if (st->map)
		munmap(st->map, st->map_len);
	st->map = NULL;
}

void *hs_emu_stack_thread_base(const struct hs_emu_stack *st)
{
	return (void *)(st->lo + HS_EMU_STACK_RESERVE);
}

size_t hs_emu_stack_thread_size(const struct hs_emu_stack *st)
{
	return (size_t)(st->hi - st->lo - HS_EMU_STACK_RESERVE);
}
