// SPDX-License-Identifier: MIT
/*
 * SBI calls: one ecall helper following the SBI v0.2+ calling convention
 * (a7 = extension, a6 = function, a0..a2 arguments; a0 = error, a1 = value).
 */
#include "sbi.h"

/* One SBI call. OpenSBI preserves every register but a0 and a1. */
static struct sbi_ret sbi_call(unsigned long ext, unsigned long fid, unsigned long arg0,
			       unsigned long arg1, unsigned long arg2)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;
	struct sbi_ret ret;

	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
	ret.error = (long)a0;
	ret.value = (long)a1;
	return ret;
}

bool sbi_has_extension(unsigned long eid)
{
	/* Base extension, function 3: probe_extension; value 0 = absent. */
	struct sbi_ret r = sbi_call(SBI_EXT_BASE, 3, eid, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

long sbi_set_timer(uint64_t stime_value)
{
	return sbi_call(SBI_EXT_TIME, 0, stime_value, 0, 0).error;
}

long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0).error;
}

long sbi_hart_start(unsigned long hartid, unsigned long start_addr, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start_addr, opaque).error;
}

struct sbi_ret sbi_hart_get_status(unsigned long hartid)
{
	return sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0);
}

long sbi_shutdown(bool failure)
{
	/* SRST: type 0 = shutdown, reason 0 = none / 1 = system failure. */
	return sbi_call(SBI_EXT_SRST, 0, 0, failure ? 1 : 0, 0).error;
}
