// SPDX-License-Identifier: MIT
/*
 * IPI round trip: request -> SBI IPI -> CPU 1's S_SOFT trap -> ack, timed
 * on CPU 0 with rdtime. CPU 0 spins (bounded by a deadline) on CPU 1's ack
 * counter rather than waiting with wfi: no IPI comes back to wake it, so a
 * wfi would measure the idle tick instead of the round trip.
 */
#include <hartsched/arch.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "bench_ipi.h"
#include "csr.h"
#include "timer.h"

static uint64_t samples[BENCH_IPI_ROUNDS];

/* Spin until CPU 1's ack counter exceeds @ack0 or @deadline_ns passes. */
static bool wait_ack(uint64_t ack0, uint64_t deadline_ns)
{
	uint32_t spins = 0;

	while (hs_ipi_counters(1).ack <= ack0) {
		if (hs_arch_now_ns() > deadline_ns)
			return hs_ipi_counters(1).ack > ack0;
		hs_arch_cpu_relax(spins++);
	}
	return true;
}

/*
 * Spin until CPU 1's idle epoch passes @epoch0: it bumps the epoch right
 * before its wait, so it is (about to be) waiting again.
 */
static bool wait_idle(uint64_t epoch0, uint64_t deadline_ns)
{
	uint32_t spins = 0;

	while (hs_ipi_idle_epoch(1) <= epoch0) {
		if (hs_arch_now_ns() > deadline_ns)
			return hs_ipi_idle_epoch(1) > epoch0;
		hs_arch_cpu_relax(spins++);
	}
	return true;
}

/* Sort @n samples ascending (insertion sort: n is BENCH_IPI_ROUNDS). */
static void sort_samples(uint64_t *v, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {
		uint64_t x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

uint32_t kernel_bench_ipi(void)
{
	struct hs_line l;
	struct hs_outcome req = hs_outcome_of(HS_OK);
	const char *why = 0;
	uint32_t i;

	for (i = 0; i < BENCH_IPI_ROUNDS; i++) {
		uint64_t deadline = hs_arch_now_ns() + BENCH_IPI_WAIT_NS;
		uint64_t ack0, t0, t1;

		if (!wait_idle(hs_ipi_idle_epoch(1), deadline)) {
			why = "cpu1 never back in its idle wait";
			break;
		}
		ack0 = hs_ipi_counters(1).ack;
		t0 = csr_time_read();
		req = hs_ipi_request_resched(1);
		if (req.status != HS_OK) {
			why = "request not sent";
			break;
		}
		if (!wait_ack(ack0, hs_arch_now_ns() + BENCH_IPI_WAIT_NS)) {
			why = "no ack before the deadline";
			break;
		}
		t1 = csr_time_read();
		samples[i] = t1 - t0;
	}

	hs_line_init(&l);
	hs_line_str(&l, "KBENCH: ipi_rtt_ticks");
	if (why) {
		hs_line_str(&l, " FAIL ");
		hs_line_str(&l, why);
		hs_line_str(&l, " round=");
		hs_line_u64(&l, i);
		hs_line_str(&l, " request=");
		hs_line_str(&l, hs_status_name(req.status));
		hs_line_emit(&l);
		return 1;
	}
	sort_samples(samples, BENCH_IPI_ROUNDS);
	hs_line_str(&l, " p50=");
	hs_line_u64(&l, samples[BENCH_IPI_ROUNDS / 2]);
	hs_line_str(&l, " p99=");
	hs_line_u64(&l, samples[BENCH_IPI_ROUNDS * 99 / 100]);
	hs_line_str(&l, " n=");
	hs_line_u64(&l, BENCH_IPI_ROUNDS);
	hs_line_str(&l, " timebase=");
	hs_line_u64(&l, timer_timebase());
	hs_line_emit(&l);
	return 0;
}
