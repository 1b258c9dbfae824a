/* SPDX-License-Identifier: MIT */
/*
 * The workload ledger: every job id 0 .. jobs-1 must be finished exactly
 * once. A per-job atomic counter is bumped when the job finishes; the check
 * reports jobs never finished (lost or unfinished) and jobs finished more
 * than once (duplicated).
 */
#ifndef HS_EMU_LEDGER_H
#define HS_EMU_LEDGER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/config.h>

#define HS_EMU_JOBS_MAX HS_SELFTEST_TASK_BASE

struct hs_emu_ledger {
	uint32_t jobs;				/* ids 0 .. jobs-1 are expected */
	_Atomic uint32_t done;			/* jobs finished at least once */
	_Atomic uint32_t runs[HS_EMU_JOBS_MAX]; /* finishes per job */
};

struct hs_emu_ledger_result {
	uint32_t finished;   /* jobs finished exactly once */
	uint32_t missing;    /* jobs never finished */
	uint32_t duplicated; /* jobs finished more than once */
	uint32_t first_missing;
	uint32_t first_duplicated;
};

/* Reset for @jobs jobs (<= HS_EMU_JOBS_MAX); nobody may be marking. */
void hs_emu_ledger_reset(struct hs_emu_ledger *l, uint32_t jobs);

/* Record that @job finished; returns true when every job is now done. */
bool hs_emu_ledger_mark(struct hs_emu_ledger *l, uint32_t job);

bool hs_emu_ledger_complete(const struct hs_emu_ledger *l);

struct hs_emu_ledger_result hs_emu_ledger_check(const struct hs_emu_ledger *l);

#endif /* HS_EMU_LEDGER_H */
