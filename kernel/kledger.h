/* SPDX-License-Identifier: MIT */
/*
 * The kernel workloads' ledger, the same bookkeeping as the emulator's
 * (emu/ledger.c): every job id 0 .. jobs - 1 must be done exactly once.
 */
#ifndef KERNEL_KLEDGER_H
#define KERNEL_KLEDGER_H

#include <stdbool.h>
#include <stdint.h>

#define KLEDGER_JOBS_MAX 4096u

struct kledger_result {
	uint32_t jobs, finished, missing, duplicated;
	uint32_t first_missing, first_duplicated; /* UINT32_MAX when none */
};

/* Start a ledger of @jobs (capped at KLEDGER_JOBS_MAX). CPU 0, no task running. */
void kledger_reset(uint32_t jobs);

/* Job @job is done (any hart, any context). */
void kledger_mark(uint32_t job);

/* Every job done at least once (acquire: what the jobs wrote is visible). */
bool kledger_complete(void);

struct kledger_result kledger_check(void);

#endif /* KERNEL_KLEDGER_H */
