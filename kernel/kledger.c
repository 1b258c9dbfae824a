// SPDX-License-Identifier: MIT
/*
 * The ledger (kledger.h). runs[job] is bumped relaxed; the first bump of a
 * job adds to done with release, which kledger_complete() reads with
 * acquire, so whoever sees every job done also sees their counters.
 */
#include <stdatomic.h>

#include "kledger.h"

static _Atomic uint32_t runs[KLEDGER_JOBS_MAX];
static _Atomic uint32_t done;
static uint32_t jobs;

void kledger_reset(uint32_t n)
{
	uint32_t j;

	jobs = n < KLEDGER_JOBS_MAX ? n : KLEDGER_JOBS_MAX;
	for (j = 0; j < KLEDGER_JOBS_MAX; j++)
		atomic_store_explicit(&runs[j], 0, memory_order_relaxed);
	atomic_store_explicit(&done, 0, memory_order_release);
}

void kledger_mark(uint32_t job)
{
	if (job >= KLEDGER_JOBS_MAX)
		return;
	if (atomic_fetch_add_explicit(&runs[job], 1, memory_order_relaxed) != 0 || job >= jobs)
		return; /* a duplicate or a stray id: the check reports it */
	/* Release: pairs with the acquire in kledger_complete(). */
	atomic_fetch_add_explicit(&done, 1, memory_order_release);
}

bool kledger_complete(void)
{
	return atomic_load_explicit(&done, memory_order_acquire) >= jobs;
}

struct kledger_result kledger_check(void)
{
	struct kledger_result r = {jobs, 0, 0, 0, UINT32_MAX, UINT32_MAX};
	uint32_t j;

	for (j = 0; j < KLEDGER_JOBS_MAX; j++) {
		uint32_t n = atomic_load_explicit(&runs[j], memory_order_relaxed);

		if (j < jobs && n == 0) {
			if (r.missing++ == 0)
				r.first_missing = j;
		} else if (n > 1 || (j >= jobs && n != 0)) {
			if (r.duplicated++ == 0)
				r.first_duplicated = j;
		} else if (n == 1) {
			r.finished++;
		}
	}
	return r;
}
