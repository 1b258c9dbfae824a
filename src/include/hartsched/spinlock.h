/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlock with interrupts off while held.
 *
 * Fair (FIFO): a waiter is overtaken by at most HS_MAX_CPUS - 1 holders, and
 * every critical section in the core is O(HS_QUEUE_CAPACITY), so every wait
 * is bounded. Only 32-bit atomics (riscv64 has no 16-bit AMOs).
 *
 * Pairing: the release store of @owner in hs_spin_unlock() pairs with the
 * acquire load of @owner in hs_spin_lock()/hs_spin_trylock(); that is what
 * orders one holder's critical section before the next one's.
 */
#ifndef HARTSCHED_SPINLOCK_H
#define HARTSCHED_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hartsched/atomic.h>
#include <hartsched/arch.h>
#include <hartsched/fault.h>

struct hs_spinlock {
	_Atomic uint32_t next;	/* next ticket to hand out */
	_Atomic uint32_t owner; /* ticket now being served */
};

static inline void hs_spin_init(struct hs_spinlock *l)
{
	atomic_init(&l->next, 0);
	atomic_init(&l->owner, 0);
}

/* Take @l, waiting in FIFO order. Interrupts must already be off. */
static inline void hs_spin_lock(struct hs_spinlock *l)
{
	/* Relaxed: the acquire load of owner below does the ordering. */
	uint32_t ticket = hs_fetch_add(&l->next, 1, memory_order_relaxed);
	uint32_t spins = 0; /* this wait's relaxes, for the port's yield policy */

	/* Acquire: pairs with the release store in hs_spin_unlock(). */
	while (hs_load(&l->owner, memory_order_acquire) != ticket)
		hs_arch_cpu_relax(spins++);
}

/* Take @l only if nobody holds or waits for it; never waits. */
static inline bool hs_spin_trylock(struct hs_spinlock *l)
{
	uint32_t owner, expect;

	/*
	 * Fault "weak-trylock" (fault.h): a successful trylock acquires
	 * nothing, so the new holder's critical section has no happens-before
	 * edge from the previous holder's. Both acquires go: the CAS on next
	 * pairs with no release by itself (lock's fetch_add is relaxed), so
	 * the owner load is the one that synchronises with hs_spin_unlock().
	 * The core itself takes no lock by trylock: a port or a scenario does.
	 */
	if (hs_fault(HS_FAULT_WEAK_TRYLOCK)) {
		owner = hs_load(&l->owner, memory_order_relaxed);
		expect = owner;
		return hs_cas(&l->next, &expect, owner + 1, memory_order_relaxed,
			      memory_order_relaxed);
	}
	/* Acquire: pairs with the release store in hs_spin_unlock(). */
	owner = hs_load(&l->owner, memory_order_acquire);
	expect = owner;

	/* Succeeds only if next == owner: unheld, and no waiter to overtake. */
	return hs_cas(&l->next, &expect, owner + 1, memory_order_acquire, memory_order_relaxed);
}

/*
 * Is @l held (or waited for) right now? A hint for a caller that would
 * rather skip than wait; relaxed, it orders nothing.
 */
static inline bool hs_spin_is_locked(const struct hs_spinlock *l)
{
	return hs_load(&l->next, memory_order_relaxed) != hs_load(&l->owner, memory_order_relaxed);
}

/*
 * Is @l free right now (nobody holds or waits)? Takes nothing: a caller
 * that relies on the answer must keep later holders out by other means
 * (enqueue.c's owner push makes them wait for it). When it is free, the
 * caller has seen the last holder's unlock: acquire on owner pairs with
 * hs_spin_unlock()'s release, so that holder's section happens before what
 * the caller does next.
 */
static inline bool hs_spin_is_free(const struct hs_spinlock *l)
{
	uint32_t owner = hs_load(&l->owner, memory_order_acquire);

	return hs_load(&l->next, memory_order_relaxed) == owner;
}

static inline void hs_spin_unlock(struct hs_spinlock *l)
{
	/* Only the holder writes owner, so a plain read-then-store suffices. */
	uint32_t owner = hs_load(&l->owner, memory_order_relaxed);

	/*
	 * Fault "weak-unlock" (fault.h): the store is relaxed, so the next
	 * holder's acquire of owner no longer orders this critical section's
	 * plain data (a run queue's head_seen, the port's console state, the
	 * selftest probe's record) before its own.
	 */
	if (hs_fault(HS_FAULT_WEAK_UNLOCK))
		hs_store(&l->owner, owner + 1, memory_order_relaxed);
	else /* Release: pairs with the acquire loads in lock/trylock. */
		hs_store(&l->owner, owner + 1, memory_order_release);
}

#endif /* HARTSCHED_SPINLOCK_H */
