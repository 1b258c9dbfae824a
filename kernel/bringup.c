// SPDX-License-Identifier: MIT
/*
 * Secondary bring-up: hart_start for every CPU, then a wait that ends when
 * all are online or when none of the started ones has progressed for
 * BRINGUP_STALL_NS. Under TCG on a loaded two-core host, 64 vCPU threads
 * reach the kernel seconds apart; a fixed deadline either misses the slow
 * ones or waits needlessly for a dead one, while "no progress from anyone
 * for 10 s" tells a slow bring-up from a stuck one.
 *
 * Boot hart only; step[] is its private record. What it reads of the
 * others: the online bits (the core's acquire loads), smp_cpu_entered()
 * (acquire, pairs with entry.S's release store) and HSM hart_get_status.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>

#include "bringup.h"
#include "image.h"
#include "sbi.h"
#include "smp.h"

/* How far a CPU got, as far as the boot hart has seen; only ever rises. */
enum step {
	STEP_NONE = 0,	  /* not started (refused, or CPU 0) */
	STEP_START_ASKED, /* hart_start accepted; HSM still START_PENDING */
	STEP_HSM_STARTED, /* HSM says STARTED: OpenSBI let it go */
	STEP_ENTERED,	  /* entry.S found its slot */
	STEP_ONLINE,	  /* its online bit is set */
};

static uint32_t step[HS_MAX_CPUS];
static uint64_t waited_ns;

/* The kernel's cold entry (entry.S): where the start-at-entry image starts secondaries. */
void _start(void);
/* entry.S: a wfi loop outside the kernel proper (the lost-hart test image). */
void kernel_park_outside(void);

/* Print "KBOOT: FAIL cpuN (hart H) <why>" (with an SBI error when @err != 0). */
static void say_fail(uint32_t cpu, const char *why, long err)
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

/*
 * Raise step[] to what can be seen now; @ask_hsm: also ask SBI about CPUs
 * that have not entered the kernel. Returns how many steps were gained.
 */
static uint32_t observe(uint32_t present, bool ask_hsm)
{
	uint32_t c, gained = 0;

	for (c = 1; c < present; c++) {
		uint32_t s = step[c];

		if (s == STEP_NONE || s == STEP_ONLINE)
			continue;
		if (hs_cpu_is_online(c))
			s = STEP_ONLINE;
		else if (smp_cpu_entered(c))
			s = STEP_ENTERED;
		else if (ask_hsm && s < STEP_HSM_STARTED) {
			struct sbi_ret r = sbi_hart_get_status(hs_cpu_hartid(c));

			if (r.error == SBI_SUCCESS && r.value == SBI_HSM_STARTED)
				s = STEP_HSM_STARTED;
		}
		if (s > step[c]) {
			gained += s - step[c];
			step[c] = s;
		}
	}
	return gained;
}

/* How many CPUs were started and are not online yet. */
static uint32_t count_missing(uint32_t present)
{
	uint32_t c, n = 0;

	for (c = 1; c < present; c++)
		n += step[c] != STEP_NONE && step[c] != STEP_ONLINE;
	return n;
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

/* Start every other CPU; returns how many hart_start refused (after FAIL lines). */
static uint32_t start_all(uint32_t present)
{
	/*
	 * The start-at-entry image sends every secondary to _start on purpose:
	 * each then takes the path the OpenSBI 1.1 start race takes once in a
	 * few hundred boots, and bring-up fails unless each one really did.
	 */
	unsigned long start_addr = kernel_image.start_secondaries_at_entry
					   ? (unsigned long)_start
					   : (unsigned long)kernel_secondary_entry;
	uint32_t c, refused = 0;

	for (c = 1; c < present; c++) {
		bool lose = kernel_image.lose_last_cpu && c == present - 1;
		long err =
			sbi_hart_start(hs_cpu_hartid(c),
				       lose ? (unsigned long)kernel_park_outside : start_addr, c);

		step[c] = err == SBI_SUCCESS ? STEP_START_ASKED : STEP_NONE;
		if (err != SBI_SUCCESS) {
			say_fail(c, "hart_start refused", err);
			refused++;
		}
	}
	return refused;
}

/* Name every started CPU that is not online by what it last did, then sum up. */
static void report_missing(uint32_t present, uint32_t missing, uint64_t stall)
{
	static const char *const why[] = {
		[STEP_START_ASKED] = "never reached the kernel: SBI HSM still says START_PENDING",
		[STEP_HSM_STARTED] = "never reached the kernel: SBI HSM says STARTED",
		[STEP_ENTERED] = "entered the kernel but did not come online",
	};
	struct hs_line l;
	uint32_t c;

	for (c = 1; c < present; c++) {
		if (step[c] >= STEP_START_ASKED && step[c] <= STEP_ENTERED)
			say_fail(c, why[step[c]], 0);
	}
	hs_line_init(&l);
	hs_line_str(&l, "KBOOT: FAIL bring-up: ");
	hs_line_u64(&l, missing);
	hs_line_str(&l, " of ");
	hs_line_u64(&l, present - 1);
	hs_line_str(&l, " secondaries not online; no progress from any for ");
	hs_line_u64(&l, stall / 1000000);
	hs_line_str(&l, " ms; waited ");
	hs_line_u64(&l, waited_ns / 1000000);
	hs_line_str(&l, " ms");
	hs_line_emit(&l);
}

uint32_t bringup_run(void)
{
	uint32_t present = hs_cpu_present();
	uint32_t failed, missing;
	uint64_t t0, now, last_progress, next_hsm;
	uint64_t stall = kernel_image.bringup_stall_ms ? kernel_image.bringup_stall_ms * 1000000ull
						       : BRINGUP_STALL_NS;
	struct hs_line l;

	failed = start_all(present);
	t0 = hs_arch_now_ns();
	last_progress = t0;
	next_hsm = t0;
	/*
	 * Bounded: each pass either gains a step (at most 3 per CPU) or
	 * happens within the stall window of the last gain; each sleeps at
	 * most one idle tick.
	 */
	for (;;) {
		bool ask_hsm;

		now = hs_arch_now_ns();
		ask_hsm = now >= next_hsm;
		if (ask_hsm)
			next_hsm = now + BRINGUP_HSM_POLL_NS;
		if (observe(present, ask_hsm) > 0)
			last_progress = now;
		missing = count_missing(present);
		if (missing == 0 || now - last_progress > stall)
			break;
		hs_arch_wait_for_interrupt();
	}
	waited_ns = hs_arch_now_ns() - t0;

	if (missing > 0) {
		report_missing(present, missing, stall);
		failed += missing;
	} else {
		hs_line_init(&l);
		hs_line_str(&l, "KBOOT: bring-up: ");
		hs_line_u64(&l, hs_cpu_online_count() - 1);
		hs_line_str(&l, " of ");
		hs_line_u64(&l, present - 1);
		hs_line_str(&l, " secondaries online in ");
		hs_line_u64(&l, waited_ns / 1000000);
		hs_line_str(&l, " ms");
		hs_line_emit(&l);
	}
	if (kernel_image.start_secondaries_at_entry)
		failed += check_all_came_through_start(present);
	return failed;
}

uint64_t bringup_ms(void)
{
	return waited_ns / 1000000;
}
