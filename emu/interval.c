// SPDX-License-Identifier: MIT
/*
 * Interval reports (emu/interval.h).
 */
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/counter.h>
#include <emu/interval.h>
#include <emu/sched.h>
#include <emu/workload.h>

#include <glib.h>
#include <stdio.h>

#include <emu/output.h>

/* Slices run, tasks stolen and resched IPIs requested, over every hart. */
static void sums(uint64_t *runs, uint64_t *stolen, uint64_t *ipis)
{
	uint32_t c, n = hs_cpu_present();

	*runs = *stolen = 0;
	for (c = 0; c < n; c++) {
		*runs += hs_emu_sched_stats(c).runs;
		*stolen += hs_emu_counter_read(&hs_emu_sched.rq[c].cnt.stolen);
	}
	*ipis = hs_ipi_counters_total().accepted;
}

void hs_emu_interval_start(struct hs_emu_interval *iv, uint64_t every_ns, uint64_t now_ns)
{
	iv->every_ns = every_ns;
	iv->start_ns = iv->last_ns = now_ns;
	iv->next_ns = now_ns + every_ns;
	iv->last_jobs = 0;
	iv->reports = 0;
	sums(&iv->last_runs, &iv->last_stolen, &iv->last_ipis);
}

void hs_emu_interval_tick(struct hs_emu_interval *iv, const struct hs_emu_run *run, uint64_t now_ns)
{
	uint64_t jobs, runs, stolen, ipis, dt;
	GString *s;

	if (!iv->every_ns || now_ns < iv->next_ns)
		return;
	/* Relaxed: a figure; the ledger's pairing is for completion, not for this. */
	jobs = atomic_load_explicit(&run->ledger.done, memory_order_relaxed);
	sums(&runs, &stolen, &ipis);
	dt = now_ns - iv->last_ns;
	s = g_string_new(NULL);
	g_string_printf(
		s,
		"REPORT: t=%.3fs jobs_done=%" G_GUINT64_FORMAT " interval_jobs=%" G_GUINT64_FORMAT
		" jobs_per_s=%.0f interval_runs=%" G_GUINT64_FORMAT
		" interval_stolen=%" G_GUINT64_FORMAT " interval_ipis=%" G_GUINT64_FORMAT "\n",
		(double)(now_ns - iv->start_ns) / 1e9, jobs, jobs - iv->last_jobs,
		dt ? (double)(jobs - iv->last_jobs) * 1e9 / (double)dt : 0.0, runs - iv->last_runs,
		stolen - iv->last_stolen, ipis - iv->last_ipis);
	hs_emu_output_write(s->str, s->len);
	g_string_free(s, TRUE);
	iv->last_ns = now_ns;
	iv->last_jobs = jobs;
	iv->last_runs = runs;
	iv->last_stolen = stolen;
	iv->last_ipis = ipis;
	iv->reports++;
	/* The next boundary after now: a late tick does not print a burst of lines. */
	iv->next_ns = now_ns - (now_ns - iv->start_ns) % iv->every_ns + iv->every_ns;
}
