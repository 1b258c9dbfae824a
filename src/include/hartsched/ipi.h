/* SPDX-License-Identifier: MIT */
/*
 * The resched IPI causal chain: request -> send -> S_SOFT trap -> ack.
 *
 * Per target CPU: accepted, sent_ok, trap and ack counters and a pending
 * flag. Only the target's software-interrupt trap acks; nothing polls
 * pending to fake one.
 *
 * Pairings:
 *  - pending: the sender's claim, a compare-exchange 0 -> its token
 *    (acq_rel), pairs with the trap's exchange(0) (acq_rel): an ack
 *    observes the request that set pending.
 *    The sender sets pending BEFORE sending and the trap clears SSIP BEFORE
 *    consuming pending, so a request is either consumed by a trap already in
 *    progress or raises a new trap: none is stranded.
 *  - A failed send withdraws its own claim (compare-exchange token -> 0,
 *    release), pairing with the next sender's claim; a later request's
 *    claim is never cleared by an earlier request's rollback.
 *  - Counters are monotonic release RMWs read with acquire loads, effects
 *    before causes: evidence, not synchronisation of other data; the ack
 *    counter is incremented after the pending exchange, so a reader that
 *    sees ack rise (acquire) also sees the matching accepted/sent.
 */
#ifndef HARTSCHED_IPI_H
#define HARTSCHED_IPI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/compiler.h>
#include <hartsched/config.h>
#include <hartsched/outcome.h>

struct hs_ipi_counters {
	uint64_t accepted;	/* requests that passed validation */
	uint64_t sent_ok;	/* IPIs the platform accepted */
	uint64_t coalesced;	/* requests folded into a pending IPI */
	uint64_t send_failed;	/* sends refused (pending rolled back, or kept while forced) */
	uint64_t trap;		/* S_SOFT traps taken by the target */
	uint64_t ack;		/* traps that consumed a pending request */
	uint64_t resent;	/* IPIs sent again for requests coalesced onto a failed send */
	uint64_t resend_failed; /* such resends the platform refused too (explicit, not silent) */
};

/*
 * Ask @target to reschedule. Rejects an out-of-range (HS_ERR_INVALID_CPU)
 * or offline (HS_ERR_CPU_OFFLINE) target with no counter touched. Otherwise
 * counts accepted and returns HS_OK (IPI sent), HS_OK_COALESCED (one was
 * already pending) or HS_ERR_SEND_FAILED. A refused send withdraws this
 * request's claim and, if requests coalesced onto it (they ride on it under
 * the target's ride lock, which the withdraw also takes), sends again on
 * their behalf (resent, or resend_failed: never silence). A send forced to
 * fail (hs_ipi_force_send_failure) keeps its claim in pending until the
 * forcing ends, so a target that polled pending to fake an ack would show
 * ack > 0; the end of the forcing withdraws it and resends likewise.
 */
HS_MUST_CHECK struct hs_outcome hs_ipi_request_resched(uint32_t target);

/*
 * The core's S_SOFT handler: the port's trap entry calls it for every
 * software interrupt, on the interrupted hart, with interrupts off. Clears
 * SSIP first, counts the trap, then consumes pending and acks if it was set.
 */
void hs_ipi_handle_soft(void);

/* Snapshot of @cpu's counters (zeroes for an out-of-range cpu). */
struct hs_ipi_counters hs_ipi_counters(uint32_t cpu);

/* Sum over all CPUs. */
struct hs_ipi_counters hs_ipi_counters_total(void);

/* Consume @cpu's need-resched flag set by an ack (the CPU itself). */
bool hs_ipi_take_need_resched(uint32_t cpu);

/*
 * S_SOFT traps taken on a hart that could not be identified (failed closed:
 * counted, nothing acked). Reported by both ports' summaries.
 */
uint64_t hs_ipi_unidentified_traps(void);

/*
 * Make sends to @target fail (counterfactual), or stop doing so: the claim
 * a forced failure kept is then withdrawn and the requests that coalesced
 * onto it get their IPI (resent). Boot hart only.
 */
HS_MUST_CHECK struct hs_outcome hs_ipi_force_send_failure(uint32_t target, bool fail);

/* Reset all IPI state; boot hart, before secondaries start. */
void hs_ipi_reset(void);

/*
 * Idle progress epoch: the CPU's idle loop bumps it (release) each time
 * round, then waits with interrupts enabled; between two bumps the CPU has
 * had an interrupts-enabled window in which to take any pending trap, so a
 * waiter that sees it rise twice (acquire reads) knows the CPU had the
 * chance to ack.
 */
void hs_ipi_idle_progress(uint32_t cpu);
uint64_t hs_ipi_idle_epoch(uint32_t cpu);

/*
 * One turn of a CPU's idle loop: publish progress, wait for an interrupt
 * or the port's idle tick. Returns true if a resched was acked.
 */
bool hs_ipi_idle_once(uint32_t cpu);

/*
 * Mutable trap-runtime state of the IPI path (today the forced send
 * failures of hs_ipi_force_send_failure()). Only the boot hart may reach it; any other
 * caller (or an unidentifiable one) gets HS_ERR_NOT_BOOT_CPU and NULL.
 */
struct hs_trap_runtime {
	_Atomic uint64_t
		ipi_force_fail[(HS_MAX_CPUS + 63) / 64]; /* per-target forced send failure */
};

HS_MUST_CHECK struct hs_outcome hs_trap_runtime_get(struct hs_trap_runtime **out);

/* Read-only query any CPU may make: are sends to @cpu forced to fail? */
bool hs_trap_runtime_send_forced_fail(uint32_t cpu);

#endif /* HARTSCHED_IPI_H */
