/* SPDX-License-Identifier: MIT */
/*
 * Costs inside hartsched's own paths, measured through its public API on
 * the benchmark's host arch: what one run-queue lock round trip costs (the
 * saving if a call were folded into another's critical section), the
 * CPU-ID fast path, and an interrupt save/restore pair.
 */
#ifndef HS_BENCH_HS_PROBE_H
#define HS_BENCH_HS_PROBE_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdio.h>

struct bench_hs_probe {
	double rq_current_ns;  /* hs_rq_current(): a read of the current slot, no lock */
	double cpu_current_ns; /* hs_cpu_current() through the tp fast path */
	double irq_pair_ns;    /* hs_arch_irq_save() + hs_arch_irq_restore() */
	bool ok;
};

void bench_hs_probe(struct bench_hs_probe *p, bool quick);
void bench_hs_probe_json(JsonBuilder *b, const struct bench_hs_probe *p);

#endif /* HS_BENCH_HS_PROBE_H */
