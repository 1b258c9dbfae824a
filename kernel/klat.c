// SPDX-License-Identifier: MIT
/*
 * Latency samples (klat.h). Each hart writes only its own arrays; CPU 0
 * reads them after the workload's tasks are gone (its own acquire of the
 * ledger's completion and the live count orders the reads after them);
 * n is a relaxed atomic so the read is defined.
 */
#include <stdatomic.h>

#include <hartsched/config.h>
#include <hartsched/console.h>
#include <hartsched/cpu.h>

#include "klat.h"
#include "timer.h"

struct klat_hart {
	_Atomic uint32_t n[KLAT_KINDS];
	uint32_t v[KLAT_KINDS][KLAT_SAMPLES];
};

static struct klat_hart lat[HS_MAX_CPUS];
static uint32_t merged[HS_MAX_CPUS > 8 ? 8 * KLAT_SAMPLES : HS_MAX_CPUS *KLAT_SAMPLES];

static const char *const klat_names[KLAT_KINDS] = {
	"ctx_switch_rtt_ticks",
	"wake_same_hart_ticks",
	"wake_cross_hart_ticks",
	"timer_to_preempt_ticks",
};

void klat_add(uint32_t cpu, uint32_t kind, uint64_t ticks)
{
	uint32_t n;

	if (cpu >= HS_MAX_CPUS || kind >= KLAT_KINDS)
		return;
	n = atomic_load_explicit(&lat[cpu].n[kind], memory_order_relaxed);
	if (n >= KLAT_SAMPLES)
		return;
	lat[cpu].v[kind][n] = ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;
	atomic_store_explicit(&lat[cpu].n[kind], n + 1, memory_order_relaxed);
}

/* Sort @n values in place (insertion sort: n is at most a few thousand, once per run). */
static void klat_sort(uint32_t *a, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t x = a[i];

		for (j = i; j > 0 && a[j - 1] > x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

void klat_print(void)
{
	const uint32_t cap = sizeof(merged) / sizeof(merged[0]);
	uint32_t kind, c;

	for (kind = 0; kind < KLAT_KINDS; kind++) {
		struct hs_line l;
		uint32_t n = 0;

		for (c = 0; c < hs_cpu_present() && c < HS_MAX_CPUS; c++) {
			uint32_t k = atomic_load_explicit(&lat[c].n[kind], memory_order_relaxed);
			uint32_t i;

			for (i = 0; i < k && n < cap; i++)
				merged[n++] = lat[c].v[kind][i];
		}
		if (n == 0)
			continue;
		klat_sort(merged, n);
		hs_line_init(&l);
		hs_line_str(&l, "KBENCH: ");
		hs_line_str(&l, klat_names[kind]);
		hs_line_str(&l, " p50=");
		hs_line_u64(&l, merged[n / 2]);
		hs_line_str(&l, " p99=");
		hs_line_u64(&l, merged[(uint64_t)n * 99 / 100]);
		hs_line_str(&l, " n=");
		hs_line_u64(&l, n);
		hs_line_str(&l, " timebase=");
		hs_line_u64(&l, timer_timebase());
		hs_line_emit(&l);
	}
}
