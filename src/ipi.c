// SPDX-License-Identifier: MIT
/*
 * The resched IPI causal chain (request side and S_SOFT trap side) and the
 * idle progress epoch. The pairings are listed in hartsched/ipi.h.
 *
 * Counters only ever rise. Each is bumped with a release RMW and read back
 * with acquire loads in the reverse causal order (ack before trap, sent
 * before accepted), so a snapshot never shows an effect without its cause:
 * ack <= trap and sent_ok + send_failed + coalesced <= accepted hold in any
 * snapshot.
 */
#include <hartsched/atomic.h>
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/fault.h>
#include <hartsched/ipi.h>
#include <hartsched/spinlock.h>
#include <hartsched/trace.h>

struct ipi_cpu {
	_Atomic uint64_t accepted;
	_Atomic uint64_t sent_ok;
	_Atomic uint64_t coalesced;
	_Atomic uint64_t send_failed;
	_Atomic uint64_t trap;
	_Atomic uint64_t ack;
	_Atomic uint64_t resent;	/* IPIs sent again for requests coalesced on a failed one */
	_Atomic uint64_t resend_failed; /* such resends the platform refused too */
	_Atomic uint64_t idle_epoch;	/* bumped by the CPU's idle loop */
	_Atomic uint32_t pending;	/* 0, or the claim token of the request awaiting the trap */
	_Atomic uint32_t kept;	       /* under ride_lock: the claim a forced failure keeps, or 0 */
	_Atomic uint32_t need_resched; /* set by an ack, taken by the CPU */
	struct hs_spinlock ride_lock;  /* orders a ride (coalesce) against a withdraw */
	uint32_t rider_of;	       /* under ride_lock: the claim a request last rode on */
} HS_CACHE_ALIGNED;

static struct ipi_cpu ipi[HS_MAX_CPUS];

/* Boot-hart-only state (ipi.h): reached through hs_trap_runtime_get(). */
static struct hs_trap_runtime trap_runtime;

/* Traps taken on a hart that could not be identified (fail closed). */
static _Atomic uint64_t unidentified_traps;

static inline void bump(_Atomic uint64_t *c)
{
	/* Release: pairs with the acquire loads in hs_ipi_counters(). */
	hs_fetch_add(c, 1, memory_order_release);
}

/*
 * Fault "rollback-clears-later" (fault.h), the bug 93ce402 fixed: a refused
 * send rolled pending back with an unconditional store of 0. Called when
 * the withdraw found pending holding someone else's claim (a trap consumed
 * ours and a later request claimed pending and sent its IPI): the store
 * clears that later claim, so its trap finds nothing pending and never acks
 * a request that was reported sent. The final value is the one the
 * unconditional store left; the resend runs only when our own claim was
 * withdrawn, as in the fixed code, so this switch changes nothing else.
 */
static void rollback_clears_later(struct ipi_cpu *t)
{
	/* Release: what the historical rollback used (pairs with the next claim). */
	hs_store(&t->pending, 0, memory_order_release);
}

/*
 * Ride on the claim pending now (this request coalesces onto it), so that
 * its holder sees this request should its send fail: the claim ridden is
 * recorded under ride_lock, which the holder's withdraw also takes. If
 * pending emptied meanwhile (a trap consumed the claim, or its holder
 * withdrew it), claim it after all: returns false, and the caller sends.
 */
static bool ipi_ride(struct ipi_cpu *t, uint32_t claim)
{
	unsigned long flags = hs_arch_irq_save();
	uint32_t expect = 0;
	bool rode;

	hs_spin_lock(&t->ride_lock);
	/* acq_rel: as the request's first claim (pairs with the trap's exchange). */
	rode = !hs_cas(&t->pending, &expect, claim, memory_order_acq_rel, memory_order_acquire);
	if (rode)
		t->rider_of = expect;
	hs_spin_unlock(&t->ride_lock);
	hs_arch_irq_restore(flags);
	return rode;
}

/*
 * Withdraw @claim, whose send failed (or whose forced failure ended), with
 * ride_lock held, so no request rides on it unseen. If a trap consumed it
 * first, whoever rode on it was acked: nothing more. Else, if a request
 * rode on it (it was told an IPI is coming), claim pending again on its
 * behalf and send: counted as resent, or, refused too, as resend_failed
 * and withdrawn (the explicit outcome; riders after that claim pending
 * themselves once the lock is free). One resend at most: bounded.
 */
static void ipi_withdraw_locked(uint32_t target, struct ipi_cpu *t, uint32_t claim)
{
	uint32_t expect = claim;

	/* Release: pairs with the next claim's compare-exchange. */
	if (!hs_cas(&t->pending, &expect, 0, memory_order_release, memory_order_relaxed)) {
		if (hs_fault(HS_FAULT_ROLLBACK_CLEARS_LATER))
			rollback_clears_later(t);
		return; /* a trap consumed our claim */
	}
	/*
	 * Fault "stranded-coalesce" (fault.h), the bug dc4b712 fixed: withdraw
	 * the claim but skip the resend, so a request that rode on it gets
	 * neither an IPI nor a failure.
	 */
	if (t->rider_of != claim || hs_fault(HS_FAULT_STRANDED_COALESCE))
		return;
	expect = 0;
	/* acq_rel: as a request's own claim (pairs with the trap's exchange). */
	if (!hs_cas(&t->pending, &expect, claim, memory_order_acq_rel, memory_order_acquire)) {
		/* A new claim came: our riders ride on it now (its holder sends). */
		t->rider_of = expect;
		return;
	}
	HS_TRACE(HS_TR_IPI_RAISE, target, 0, 0); /* a resend is a raise of its own */
	if (hs_arch_send_ipi(target) == 0) {
		bump(&t->resent);
		return;
	}
	bump(&t->resend_failed);
	expect = claim;
	/* Release: pairs with the next claim's compare-exchange. */
	if (!hs_cas(&t->pending, &expect, 0, memory_order_release, memory_order_relaxed) &&
	    hs_fault(HS_FAULT_ROLLBACK_CLEARS_LATER))
		rollback_clears_later(t);
	HS_TRACE(HS_TR_IPI_ROLLBACK, target, 0, 0);
}

/* ipi_withdraw_locked() inside ride_lock, interrupts off. */
static void ipi_withdraw(uint32_t target, struct ipi_cpu *t, uint32_t claim)
{
	unsigned long flags = hs_arch_irq_save();

	hs_spin_lock(&t->ride_lock);
	ipi_withdraw_locked(target, t, claim);
	hs_spin_unlock(&t->ride_lock);
	hs_arch_irq_restore(flags);
}

/*
 * A request whose send is forced to fail keeps @claim in pending (the
 * counterfactual) and notes it in kept, for the end of the forcing to
 * withdraw. Returns false, noting nothing, when the forcing has ended
 * after all: the caller then sends like any request.
 *
 * Under ride_lock, which the end of the forcing takes after it clears the
 * forcing bit: either this section comes first and the end finds the note,
 * or the end came first and this section sees the bit clear. Read outside
 * the lock, the bit could be seen set just before the end took kept,
 * leaving a claim in pending that no IPI would consume and every later
 * request would ride on.
 *
 * The note is made only while pending still holds @claim: a stray trap may
 * have consumed it and a later request claimed pending since, and that
 * request's note must stand. Kept is written and taken only under
 * ride_lock, so relaxed accesses suffice.
 */
static bool ipi_keep_forced(uint32_t target, struct ipi_cpu *t, uint32_t claim)
{
	unsigned long flags;
	bool forced;

	/*
	 * Fault "forced-kept-unlocked" (fault.h), the bug the ipi-forced
	 * scenario found: the note made outside the lock on the strength of
	 * the caller's look at the bit. Release: what the old note used.
	 */
	if (hs_fault(HS_FAULT_FORCED_KEPT_UNLOCKED)) {
		hs_store(&t->kept, claim, memory_order_release);
		return true;
	}
	flags = hs_arch_irq_save();
	hs_spin_lock(&t->ride_lock);
	forced = hs_trap_runtime_send_forced_fail(target);
	/*
	 * Relaxed, pairs with nothing: pending also changes outside the lock
	 * (a trap's exchange), but a look that still shows @claim after a trap
	 * took it only leaves a note whose withdraw finds the claim gone.
	 */
	if (forced && hs_load(&t->pending, memory_order_relaxed) == claim)
		hs_store(&t->kept, claim, memory_order_relaxed);
	hs_spin_unlock(&t->ride_lock);
	hs_arch_irq_restore(flags);
	return forced;
}

struct hs_outcome hs_ipi_request_resched(uint32_t target)
{
	struct ipi_cpu *t;
	uint32_t claim, expect = 0;

	if (target >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (!hs_cpu_is_online(target))
		return hs_outcome_of(HS_ERR_CPU_OFFLINE);
	t = &ipi[target];
	/*
	 * This request's claim token: its accepted ticket, never 0, so a
	 * rollback can tell its own claim from a later request's.
	 * Release: pairs with the acquire loads in hs_ipi_counters().
	 */
	claim = (uint32_t)hs_fetch_add(&t->accepted, 1, memory_order_release) + 1u;
	if (claim == 0)
		claim = 1;
	/*
	 * Claim the IPI if none is pending. acq_rel: pairs with the trap's
	 * exchange(0), so this request is ordered against the consumption of
	 * the previous one.
	 */
	if (!hs_cas(&t->pending, &expect, claim, memory_order_acq_rel, memory_order_acquire) &&
	    ipi_ride(t, claim)) {
		bump(&t->coalesced);
		HS_TRACE(HS_TR_IPI_COALESCED, target, 0, 0);
		return hs_outcome_of(HS_OK_COALESCED);
	}
	HS_TRACE(HS_TR_IPI_RAISE, target, 0, 0); /* before the send: the trap comes after */
	/*
	 * The counterfactual: while the failure is forced the claim stays in
	 * pending, so a target that faked an ack by polling pending would be
	 * caught (its ack would rise). The end of the forcing withdraws it
	 * (hs_ipi_force_send_failure()).
	 */
	if (hs_trap_runtime_send_forced_fail(target) && ipi_keep_forced(target, t, claim)) {
		bump(&t->send_failed);
		HS_TRACE(HS_TR_IPI_FORCED_FAIL, target, 0, 0);
		return hs_outcome_of(HS_ERR_SEND_FAILED);
	}
	if (hs_arch_send_ipi(target) != 0) {
		/*
		 * Withdraw our own claim only: a trap (a stray S_SOFT) may have
		 * consumed it meanwhile and a later request claimed pending and
		 * sent its IPI; clearing that claim would strand it.
		 */
		bump(&t->send_failed);
		HS_TRACE(HS_TR_IPI_ROLLBACK, target, 0, 0);
		ipi_withdraw(target, t, claim);
		return hs_outcome_of(HS_ERR_SEND_FAILED);
	}
	bump(&t->sent_ok);
	return hs_outcome_of(HS_OK);
}

void hs_ipi_handle_soft(void)
{
	uint32_t cpu;
	struct ipi_cpu *self;

	/* SSIP first: a request arriving after this raises a new trap. */
	hs_arch_clear_soft_pending();
	cpu = hs_cpu_current();
	if (cpu == HS_CPU_INVALID) {
		/*
		 * Fail closed: no CPU's pending is consumed, so requests to this
		 * hart's CPU stay coalesced until a trap on an identified hart.
		 * Relaxed: a figure (hs_ipi_unidentified_traps()), pairs with
		 * nothing.
		 */
		hs_fetch_add(&unidentified_traps, 1, memory_order_relaxed);
		return;
	}
	self = &ipi[cpu];
	HS_TRACE_ON(cpu, HS_TR_IPI_ENTRY, cpu, 0, 0);
	bump(&self->trap);
	/* acq_rel: pairs with the sender's claim compare-exchange (0 -> token). */
	if (hs_xchg(&self->pending, 0, memory_order_acq_rel) != 0) {
		bump(&self->ack);
		/* Release: pairs with the acquire exchange in hs_ipi_take_need_resched(). */
		hs_store(&self->need_resched, 1, memory_order_release);
		HS_TRACE_ON(cpu, HS_TR_IPI_EXIT, cpu, 1, 0);
		return;
	}
	HS_TRACE_ON(cpu, HS_TR_IPI_EXIT, cpu, 0, 0);
}

struct hs_ipi_counters hs_ipi_counters(uint32_t cpu)
{
	struct hs_ipi_counters c = {0};
	struct ipi_cpu *t;

	if (cpu >= HS_MAX_CPUS)
		return c;
	t = &ipi[cpu];
	/* Effects before causes; acquire pairs with bump()'s release. */
	c.ack = hs_load(&t->ack, memory_order_acquire);
	c.trap = hs_load(&t->trap, memory_order_acquire);
	c.resend_failed = hs_load(&t->resend_failed, memory_order_acquire);
	c.resent = hs_load(&t->resent, memory_order_acquire);
	c.send_failed = hs_load(&t->send_failed, memory_order_acquire);
	c.sent_ok = hs_load(&t->sent_ok, memory_order_acquire);
	c.coalesced = hs_load(&t->coalesced, memory_order_acquire);
	c.accepted = hs_load(&t->accepted, memory_order_acquire);
	return c;
}

struct hs_ipi_counters hs_ipi_counters_total(void)
{
	struct hs_ipi_counters sum = {0};
	uint32_t cpu;

	for (cpu = 0; cpu < HS_MAX_CPUS; cpu++) {
		struct hs_ipi_counters c = hs_ipi_counters(cpu);

		sum.accepted += c.accepted;
		sum.sent_ok += c.sent_ok;
		sum.coalesced += c.coalesced;
		sum.send_failed += c.send_failed;
		sum.trap += c.trap;
		sum.ack += c.ack;
		sum.resent += c.resent;
		sum.resend_failed += c.resend_failed;
	}
	return sum;
}

bool hs_ipi_take_need_resched(uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS)
		return false;
	/* Acquire: pairs with the release store in hs_ipi_handle_soft(). */
	return hs_xchg(&ipi[cpu].need_resched, 0, memory_order_acquire) != 0;
}

struct hs_outcome hs_ipi_force_send_failure(uint32_t target, bool fail)
{
	struct hs_trap_runtime *rt;
	struct hs_outcome o;
	struct ipi_cpu *t;
	unsigned long flags;
	uint64_t bit;
	uint32_t kept;

	if (target >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	o = hs_trap_runtime_get(&rt);
	if (o.status != HS_OK)
		return o;
	bit = 1ull << (target % 64);
	/* Release: pairs with the acquire in hs_trap_runtime_send_forced_fail(). */
	if (fail) {
		hs_fetch_or(&rt->ipi_force_fail[target / 64], bit, memory_order_release);
		return hs_outcome_of(HS_OK);
	}
	hs_fetch_and(&rt->ipi_force_fail[target / 64], ~bit, memory_order_release);
	/*
	 * Withdraw the claim the forcing kept, if a trap has not consumed it,
	 * and give the requests that coalesced onto it their IPI. The bit is
	 * clear before ride_lock is taken, so a forced request that notes its
	 * claim after this section sees it clear (ipi_keep_forced()).
	 */
	t = &ipi[target];
	flags = hs_arch_irq_save();
	hs_spin_lock(&t->ride_lock);
	/* Relaxed: written only under ride_lock (ipi_keep_forced()). */
	kept = hs_xchg(&t->kept, 0, memory_order_relaxed);
	if (kept != 0)
		ipi_withdraw_locked(target, t, kept);
	hs_spin_unlock(&t->ride_lock);
	hs_arch_irq_restore(flags);
	return hs_outcome_of(HS_OK);
}

void hs_ipi_reset(void)
{
	uint32_t cpu;

	/* Relaxed: boot-only, before the secondaries start (their start orders it). */
	for (cpu = 0; cpu < HS_MAX_CPUS; cpu++) {
		struct ipi_cpu *t = &ipi[cpu];

		hs_store(&t->accepted, 0, memory_order_relaxed);
		hs_store(&t->sent_ok, 0, memory_order_relaxed);
		hs_store(&t->coalesced, 0, memory_order_relaxed);
		hs_store(&t->send_failed, 0, memory_order_relaxed);
		hs_store(&t->trap, 0, memory_order_relaxed);
		hs_store(&t->ack, 0, memory_order_relaxed);
		hs_store(&t->resent, 0, memory_order_relaxed);
		hs_store(&t->resend_failed, 0, memory_order_relaxed);
		hs_store(&t->kept, 0, memory_order_relaxed);
		hs_store(&t->idle_epoch, 0, memory_order_relaxed);
		hs_store(&t->pending, 0, memory_order_relaxed);
		hs_store(&t->need_resched, 0, memory_order_relaxed);
		hs_spin_init(&t->ride_lock);
		t->rider_of = 0;
	}
	for (cpu = 0; cpu < HS_ARRAY_SIZE(trap_runtime.ipi_force_fail); cpu++)
		hs_store(&trap_runtime.ipi_force_fail[cpu], 0, memory_order_relaxed);
	hs_store(&unidentified_traps, 0, memory_order_relaxed);
}

uint64_t hs_ipi_unidentified_traps(void)
{
	/* Relaxed: a figure; pairs with nothing (see hs_ipi_handle_soft()). */
	return hs_load(&unidentified_traps, memory_order_relaxed);
}

void hs_ipi_idle_progress(uint32_t cpu)
{
	if (cpu < HS_MAX_CPUS)
		bump(&ipi[cpu].idle_epoch);
}

uint64_t hs_ipi_idle_epoch(uint32_t cpu)
{
	if (cpu >= HS_MAX_CPUS)
		return 0;
	/* Acquire: pairs with bump()'s release in hs_ipi_idle_progress(). */
	return hs_load(&ipi[cpu].idle_epoch, memory_order_acquire);
}

/*
 * One turn of the idle loop. The epoch is bumped before the wait, and the
 * wait runs with interrupts enabled and takes any pending S_SOFT before it
 * returns: an observer that sees the epoch rise twice after its request
 * knows this CPU has had a full interrupts-enabled window since.
 */
bool hs_ipi_idle_once(uint32_t cpu)
{
	unsigned long flags;
	bool resched;

	if (cpu >= HS_MAX_CPUS)
		return false;
	flags = hs_arch_irq_save();
	hs_ipi_idle_progress(cpu);
	/*
	 * Relaxed: only a hint to skip the wait; the acquire exchange in
	 * hs_ipi_take_need_resched() below is what pairs with the trap's
	 * release store.
	 */
	if (hs_load(&ipi[cpu].need_resched, memory_order_relaxed) == 0)
		hs_arch_wait_for_interrupt();
	hs_arch_irq_restore(flags);
	resched = hs_ipi_take_need_resched(cpu);
	return resched;
}

struct hs_outcome hs_trap_runtime_get(struct hs_trap_runtime **out)
{
	if (hs_cpu_current() != 0) {
		*out = 0;
		return hs_outcome_of(HS_ERR_NOT_BOOT_CPU);
	}
	*out = &trap_runtime;
	return hs_outcome_of(HS_OK);
}

bool hs_trap_runtime_send_forced_fail(uint32_t cpu)
{
	uint64_t mask;

	if (cpu >= HS_MAX_CPUS)
		return false;
	/* Acquire: pairs with the release in hs_ipi_force_send_failure(). */
	mask = hs_load(&trap_runtime.ipi_force_fail[cpu / 64], memory_order_acquire);
	return (mask >> (cpu % 64)) & 1u;
}
