// SPDX-License-Identifier: MIT
/*
 * Secondary harts: discovery, the hart table for the entry code, start-up
 * through SBI HSM, the bounded bring-up wait, and the idle life of a
 * secondary CPU.
 *
 * Synchronisation:
 *  - kernel_cpu_hartid[c]: release store by the boot hart before it calls
 *    hart_start for any CPU; entry.S loads it and then runs `fence r, rw`
 *    (acquire), so a hart that finds its id also sees the core's tables and
 *    its registered stack, written before.
 *  - kernel_stray_harts: amoadd in entry.S, acquire load here (count only).
 *  - late_arrivals: relaxed counter (evidence for the soak statistics).
 *  - Online bits: the core's (hs_cpu_mark_online release / is_online acquire).
 */
#include <stdatomic.h>

#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "csr.h"
#include "image.h"
#include "sbi.h"
#include "sched.h"
#include "smp.h"

/* Hart id of each logical CPU, UINT64_MAX when none; read by entry.S. */
_Atomic uint64_t kernel_cpu_hartid[HS_MAX_CPUS];
/* Harts that entered with an id in no slot; bumped by entry.S. */
_Atomic uint32_t kernel_stray_harts;

static _Atomic uint32_t late_arrivals;
static uint8_t started[HS_MAX_CPUS]; /* hart_start accepted cpu c (boot hart only) */

/* The kernel's cold entry (entry.S): where the start-at-entry image starts secondaries. */
void _start(void);

uint32_t smp_discover(uint64_t boot_hartid, uint64_t hartids[HS_MAX_CPUS])
{
	uint32_t n = 1;
	uint64_t h;

	hartids[0] = boot_hartid;
	if (!sbi_has_extension(SBI_EXT_HSM)) {
		hs_console_puts("KBOOT: no SBI HSM extension: running on the boot hart only");
		return 1;
	}
	for (h = 0; h < HS_MAX_CPUS && n < HS_MAX_CPUS; h++) {
		struct sbi_ret r;

		if (h == boot_hartid)
			continue;
		r = sbi_hart_get_status(h);
		if (r.error == SBI_ERR_INVALID_PARAM)
			continue; /* no such hart */
		if (r.error != SBI_SUCCESS || r.value != SBI_HSM_STOPPED) {
			struct hs_line l;

			hs_line_init(&l);
			hs_line_str(&l, "KBOOT: hart ");
			hs_line_u64(&l, h);
			hs_line_str(&l, " skipped: hsm error=");
			hs_line_u64(&l, (uint64_t)-r.error);
			hs_line_str(&l, " status=");
			hs_line_u64(&l, (uint64_t)r.value);
			hs_line_emit(&l);
			continue;
		}
		hartids[n++] = h;
	}
	return n;
}

void smp_register(uint32_t present, const uint64_t hartids[HS_MAX_CPUS])
{
	uint32_t c;

	for (c = 0; c < HS_MAX_CPUS; c++)
		atomic_store_explicit(&kernel_cpu_hartid[c], UINT64_MAX, memory_order_relaxed);
	for (c = 0; c < present; c++) {
		if (c > 0 && hs_cpu_register(c, hartids[c]).status != HS_OK)
			hs_arch_fatal("the core refused a cpu <-> hart mapping");
		/* Release: pairs with the load + fence r, rw in entry.S. */
		atomic_store_explicit(&kernel_cpu_hartid[c], hartids[c], memory_order_release);
	}
}

/* Print "KBOOT: FAIL cpuN (hart H) <why>" (with an SBI error when @err != 0). */
static void bring_up_fail(uint32_t cpu, const char *why, long err)
{
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, "KBOOT: FAIL cpu");
	hs_line_u64(&l, cpu);
	hs_line_str(&l, " (hart ");
	hs_line_u64(&l, hs_cpu_hartid(cpu));
	hs_line_str(&l, ") ");
	hs_line_str(&l, why);
	if (err != 0) {
		hs_line_str(&l, " sbi error -");
		hs_line_u64(&l, (uint64_t)-err);
	}
	hs_line_emit(&l);
}

/* True when every CPU hart_start accepted has set its online bit. */
static bool started_all_online(void)
{
	uint32_t c;

	for (c = 1; c < hs_cpu_present(); c++) {
		if (started[c] && !hs_cpu_is_online(c))
			return false;
	}
	return true;
}

/*
 * Start-at-entry test build: every online secondary must have counted
 * itself as a late arrival. It counts before setting its online bit
 * (release), and the boot hart saw those bits (acquire), so the count is
 * complete here. Returns 1 on a mismatch (after a FAIL line), else 0.
 */
static uint32_t check_all_came_through_start(uint32_t present)
{
	uint32_t online = hs_cpu_online_count() - 1, late = smp_late_arrivals();
	struct hs_line l;

	hs_line_init(&l);
	hs_line_str(&l, "KCHECK: secondaries through _start");
	hs_line_str(&l, late == online && online == present - 1 ? ": " : " FAIL: ");
	hs_line_u64(&l, late);
	hs_line_str(&l, " of ");
	hs_line_u64(&l, present - 1);
	hs_line_emit(&l);
	return late == online && online == present - 1 ? 0 : 1;
}

uint32_t smp_bring_up(void)
{
	uint32_t present = hs_cpu_present();
	uint32_t failed = 0, c;
	uint64_t deadline;
	/*
	 * The start-at-entry image sends every secondary to _start on purpose:
	 * each then takes the path the OpenSBI 1.1 start race takes once in a
	 * few hundred boots, and bring-up fails unless each one really did.
	 */
	unsigned long start_addr = kernel_image.start_secondaries_at_entry
					   ? (unsigned long)_start
					   : (unsigned long)kernel_secondary_entry;

	for (c = 1; c < present; c++) {
		long err = sbi_hart_start(hs_cpu_hartid(c), start_addr, c);

		if (err != SBI_SUCCESS) {
			bring_up_fail(c, "hart_start refused", err);
			failed++;
			continue;
		}
		started[c] = 1;
	}

	/* Each turn sleeps at most one idle tick, so the deadline bounds the loop. */
	deadline = hs_arch_now_ns() + SMP_BRINGUP_WAIT_NS;
	while (!started_all_online() && hs_arch_now_ns() <= deadline)
		hs_arch_wait_for_interrupt();

	for (c = 1; c < present; c++) {
		if (started[c] && !hs_cpu_is_online(c)) {
			bring_up_fail(c, "not online before the bring-up deadline", 0);
			failed++;
		}
	}
	if (kernel_image.start_secondaries_at_entry)
		failed += check_all_came_through_start(present);
	return failed;
}

uint32_t smp_late_arrivals(void)
{
	return atomic_load_explicit(&late_arrivals, memory_order_relaxed);
}

uint32_t smp_stray_harts(void)
{
	/* Acquire: pairs with the amoadd in entry.S (count only). */
	return atomic_load_explicit(&kernel_stray_harts, memory_order_acquire);
}

_Noreturn void kernel_secondary_main(uint64_t hartid, uint32_t cpu, unsigned long opaque,
				     unsigned long via_start)
{
	if (via_start)
		atomic_fetch_add_explicit(&late_arrivals, 1, memory_order_relaxed);
	else if (opaque != cpu)
		hs_arch_fatal("hart_start opaque disagrees with the cpu <-> hart map");
	if (hs_cpu_current() != cpu || hs_cpu_hartid(cpu) != hartid)
		hs_arch_fatal("secondary tp does not name its own cpu");

	csr_sie_set(SIE_SSIE | SIE_STIE);
	/* Prints "KINIT: cpuN online" the first time; cpu was validated above. */
	if (hs_cpu_mark_online(cpu).status != HS_OK)
		hs_arch_fatal("secondary could not go online");

	/*
	 * The idle loop: every turn is bounded by the idle tick, and each
	 * acked resched leads to one decision on the kernel's scheduler.
	 */
	for (;;) {
		if (hs_cpu_idle_once(cpu))
			kernel_sched_decide(cpu);
	}
}
