// SPDX-License-Identifier: MIT
/*
 * hs_arch_send_ipi: the SBI IPI extension, addressed by hart id.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>

#include "sbi.h"

/*
 * The core has checked that @cpu is in range and online, so its hart is
 * past START_PENDING (an IPI to a starting hart would be lost) and the map
 * holds its hart id. A mask of one bit based at the hart id names exactly
 * that hart. OpenSBI silently ignores masks naming harts that do not exist,
 * so an unmapped cpu is refused here rather than sent into the void.
 */
int hs_arch_send_ipi(uint32_t cpu)
{
	uint64_t hartid = hs_cpu_hartid(cpu);

	if (hartid == UINT64_MAX)
		return -1;
	return sbi_send_ipi(1ul, (unsigned long)hartid) == SBI_SUCCESS ? 0 : -1;
}
