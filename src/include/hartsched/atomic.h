/* SPDX-License-Identifier: MIT */
/*
 * The core's atomics layer: every atomic access and fence in src/ goes
 * through these operations (in the spirit of Linux's READ_ONCE/WRITE_ONCE
 * and its instrumented atomics), so a checker can see each one.
 *
 * In the emulator, kernel and benchmark builds they are exactly the C11
 * atomics they wrap (same memory orders, same code). A build that defines
 * HS_ATOMIC_HOOKS before including this header (forced in with -include)
 * supplies two hooks, called around every access:
 *   hs_atomic_releasing(p, mo)  before an access of order @mo to @p that
 *                               may release (release, acq_rel, seq_cst);
 *   hs_atomic_acquired(p, mo)   after an access of order @mo to @p that may
 *                               acquire (acquire, acq_rel, seq_cst);
 *   hs_atomic_fenced(mo)        after a fence.
 * The Helgrind lane uses them to annotate each release/acquire pair as a
 * happens-before edge (tests/stress/vg_atomic.h); a simulation can make
 * each one a yield point.
 *
 * Only 32- and 64-bit atomic types are used (8/16-bit atomic RMW needs a
 * runtime library on riscv64). memory_order_* names stay at every call, so
 * each site still says which access it pairs with.
 */
#ifndef HARTSCHED_ATOMIC_H
#define HARTSCHED_ATOMIC_H

#include <stdatomic.h>
#include <stdbool.h>

#ifndef HS_ATOMIC_HOOKS
#define hs_atomic_releasing(p, mo) ((void)0)
#define hs_atomic_acquired(p, mo)  ((void)0)
#define hs_atomic_fenced(mo)	   ((void)0)
#endif

/* Load @p with order @mo. */
#define hs_load(p, mo)                                                                             \
	__extension__({                                                                            \
		__typeof__(atomic_load_explicit((p), (mo))) hs_v_ =                                \
			atomic_load_explicit((p), (mo));                                           \
		hs_atomic_acquired((p), (mo));                                                     \
		hs_v_;                                                                             \
	})

/* Store @v to @p with order @mo. */
#define hs_store(p, v, mo)                                                                         \
	do {                                                                                       \
		hs_atomic_releasing((p), (mo));                                                    \
		atomic_store_explicit((p), (v), (mo));                                             \
	} while (0)

/* Compare-and-swap: *@e expected, @d desired; orders @ms on success, @mf on failure. */
#define hs_cas(p, e, d, ms, mf)                                                                    \
	__extension__({                                                                            \
		bool hs_ok_;                                                                       \
		hs_atomic_releasing((p), (ms));                                                    \
		hs_ok_ = atomic_compare_exchange_strong_explicit((p), (e), (d), (ms), (mf));       \
		hs_atomic_acquired((p), hs_ok_ ? (ms) : (mf));                                     \
		hs_ok_;                                                                            \
	})

/* Read-modify-writes returning the old value. */
#define hs_rmw_(op, p, v, mo)                                                                      \
	__extension__({                                                                            \
		__typeof__(op((p), (v), (mo))) hs_old_;                                            \
		hs_atomic_releasing((p), (mo));                                                    \
		hs_old_ = op((p), (v), (mo));                                                      \
		hs_atomic_acquired((p), (mo));                                                     \
		hs_old_;                                                                           \
	})
#define hs_fetch_add(p, v, mo) hs_rmw_(atomic_fetch_add_explicit, p, v, mo)
#define hs_fetch_or(p, v, mo)  hs_rmw_(atomic_fetch_or_explicit, p, v, mo)
#define hs_fetch_and(p, v, mo) hs_rmw_(atomic_fetch_and_explicit, p, v, mo)
#define hs_xchg(p, v, mo)      hs_rmw_(atomic_exchange_explicit, p, v, mo)

/* A fence of order @mo (no address: its own hook). */
#define hs_fence(mo)                                                                               \
	do {                                                                                       \
		atomic_thread_fence(mo);                                                           \
		hs_atomic_fenced(mo);                                                              \
	} while (0)

/*
 * A full fence (earlier stores ordered before later loads) placed right
 * after a read-modify-write. x86's locked RMWs are full fences already, so
 * there it only stops the compiler (which the RMW's release and acquire
 * halves do too); elsewhere (RISC-V: an lr/sc pair orders nothing across
 * itself in that direction) it is a seq_cst fence. Used where two CPUs
 * each store a flag and then load the other's (enqueue.c's owner push).
 */
#if defined(__x86_64__) || defined(__i386__)
#define hs_fence_after_rmw()                                                                       \
	do {                                                                                       \
		atomic_signal_fence(memory_order_seq_cst);                                         \
		hs_atomic_fenced(memory_order_seq_cst);                                            \
	} while (0)
#else
#define hs_fence_after_rmw() hs_fence(memory_order_seq_cst)
#endif

#endif /* HARTSCHED_ATOMIC_H */
