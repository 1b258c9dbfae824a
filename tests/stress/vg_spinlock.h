/* SPDX-License-Identifier: MIT */
/*
 * For the Helgrind lane only (tools/lanes.sh valgrind): the core's ticket
 * lock (src/include/hartsched/spinlock.h) with Helgrind annotations. Forced
 * in with -include before the core's headers, it takes the same include
 * guard, so the core is compiled with this copy: same layout, same
 * algorithm and memory orders, plus
 *  - ANNOTATE_HAPPENS_BEFORE(lock) before the releasing store and
 *    ANNOTATE_HAPPENS_AFTER(lock) after the acquiring load, the edge the C11
 *    release/acquire pair makes and Helgrind cannot see by itself;
 *  - the lock words themselves excluded from race checking (their racing
 *    loads and stores ARE the lock).
 * Keep it in step with spinlock.h; the other lanes test the real header.
 */
#ifndef HARTSCHED_SPINLOCK_H
#define HARTSCHED_SPINLOCK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <valgrind/helgrind.h>

#include <hartsched/arch.h>

struct hs_spinlock {
	_Atomic uint32_t next;
	_Atomic uint32_t owner;
};

static inline void hs_vg_lock_words(struct hs_spinlock *l)
{
	VALGRIND_HG_DISABLE_CHECKING(l, sizeof(*l));
}

static inline void hs_spin_init(struct hs_spinlock *l)
{
	hs_vg_lock_words(l);
	atomic_init(&l->next, 0);
	atomic_init(&l->owner, 0);
}

static inline void hs_spin_lock(struct hs_spinlock *l)
{
	uint32_t ticket, spins = 0;

	hs_vg_lock_words(l);
	ticket = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != ticket)
		hs_arch_cpu_relax(spins++);
	ANNOTATE_HAPPENS_AFTER(l);
}

static inline bool hs_spin_trylock(struct hs_spinlock *l)
{
	uint32_t owner, expect;
	bool got;

	hs_vg_lock_words(l);
	owner = atomic_load_explicit(&l->owner, memory_order_acquire);
	expect = owner;
	got = atomic_compare_exchange_strong_explicit(&l->next, &expect, owner + 1,
						      memory_order_acquire, memory_order_relaxed);
	if (got)
		ANNOTATE_HAPPENS_AFTER(l);
	return got;
}

/* Is @l held or waited for (a relaxed hint, as in spinlock.h)? */
static inline bool hs_spin_is_locked(const struct hs_spinlock *l)
{
	return atomic_load_explicit(&l->next, memory_order_relaxed) !=
	       atomic_load_explicit(&l->owner, memory_order_relaxed);
}

/* Is @l free right now (as in spinlock.h)? If so, the last unlock happens before. */
static inline bool hs_spin_is_free(const struct hs_spinlock *l)
{
	uint32_t owner = atomic_load_explicit(&l->owner, memory_order_acquire);
	bool free = atomic_load_explicit(&l->next, memory_order_relaxed) == owner;

	if (free)
		ANNOTATE_HAPPENS_AFTER((struct hs_spinlock *)l); /* the address names the edge */
	return free;
}

static inline void hs_spin_unlock(struct hs_spinlock *l)
{
	uint32_t owner = atomic_load_explicit(&l->owner, memory_order_relaxed);

	ANNOTATE_HAPPENS_BEFORE(l);
	atomic_store_explicit(&l->owner, owner + 1, memory_order_release);
}

#endif /* HARTSCHED_SPINLOCK_H */
