// SPDX-License-Identifier: MIT
/*
 * Register hooks of the arch interface: tp (the CPU-ID hint) and sp (the
 * CPU-ID fallback).
 */
#include <hartsched/arch.h>

#include "csr.h"

uintptr_t hs_arch_read_tp(void)
{
	return reg_tp_read();
}

/*
 * Only the running code's tp changes: a trap taken meanwhile runs with tp
 * from sscratch and puts this value back on return (trap_entry.S).
 */
void hs_arch_write_tp(uintptr_t tp)
{
	reg_tp_write(tp);
}

uintptr_t hs_arch_read_sp(void)
{
	return reg_sp_read();
}
