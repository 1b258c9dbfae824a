// SPDX-License-Identifier: MIT
/*
 * The workload ledger (emu/ledger.h).
 *
 * Pairing: runs[job] is bumped with a relaxed fetch_add; the first bump of
 * a job adds to done with a release fetch_add, and hs_emu_ledger_complete()
 * reads done with acquire, so whoever sees every job done also sees their
 * counters. The check runs after the harts stopped (RCU grace period).
 */
#include <emu/ledger.h>

void hs_emu_ledger_reset(struct hs_emu_ledger *l, uint32_t jobs)
{
	uint32_t j;

	l->jobs = jobs < HS_EMU_JOBS_MAX ? jobs : HS_EMU_JOBS_MAX;
	atomic_store_explicit(&l->done, 0, memory_order_relaxed);
	for (j = 0; j < HS_EMU_JOBS_MAX; j++)
		atomic_store_explicit(&l->runs[j], 0, memory_order_relaxed);
}

bool hs_emu_ledger_mark(struct hs_emu_ledger *l, uint32_t job)
{
	if (job >= HS_EMU_JOBS_MAX)
		return false;
	if (atomic_fetch_add_explicit(&l->runs[job], 1, memory_order_relaxed) != 0 ||
	    job >= l->jobs)
		return false; /* a duplicate or a stray id: the check reports it */
	/* Release: pairs with the acquire in hs_emu_ledger_complete(). */
	return atomic_fetch_add_explicit(&l->done, 1, memory_order_release) + 1 == l->jobs;
}

bool hs_emu_ledger_complete(const struct hs_emu_ledger *l)
{
	return atomic_load_explicit(&l->done, memory_order_acquire) >= l->jobs;
}

struct hs_emu_ledger_result hs_emu_ledger_check(const struct hs_emu_ledger *l)
{
	struct hs_emu_ledger_result r = {0, 0, 0, UINT32_MAX, UINT32_MAX};
	uint32_t j;

	for (j = 0; j < HS_EMU_JOBS_MAX; j++) {
		uint32_t n = atomic_load_explicit(&l->runs[j], memory_order_relaxed);

		if (j < l->jobs && n == 0) {
			if (r.missing++ == 0)
				r.first_missing = j;
		} else if (n > 1 || (j >= l->jobs && n != 0)) {
			if (r.duplicated++ == 0)
				r.first_duplicated = j;
		} else if (n == 1) {
			r.finished++;
		}
	}
	return r;
}
