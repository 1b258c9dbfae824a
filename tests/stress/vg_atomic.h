/* SPDX-License-Identifier: MIT */
/*
 * For the Helgrind lane only (tools/lanes.sh valgrind): the hooks of the
 * core's atomics layer (src/include/hartsched/atomic.h), forced in with
 * -include before the core's headers. Helgrind does not model C11 atomics:
 * it sees a release store and the acquire load that reads it as two racing
 * plain accesses, and it sees no ordering between them. So every atomic
 * word is excluded from race checking (its racing accesses ARE the
 * synchronisation), and each access that may release announces a
 * happens-before edge on its address and each that may acquire takes it:
 * the edge C11 makes and Helgrind cannot see. Plain data published through
 * the core's atomics (the stress ledger, the emulator's task records) is
 * then checked for races against those edges.
 */
#ifndef HS_VG_ATOMIC_H
#define HS_VG_ATOMIC_H

#include <stdatomic.h>

#include <valgrind/helgrind.h>

#define HS_ATOMIC_HOOKS 1

/* May an access of order @mo release? acquire? (relaxed does neither) */
#define hs_vg_releases(mo)                                                                         \
	((mo) == memory_order_release || (mo) == memory_order_acq_rel ||                           \
	 (mo) == memory_order_seq_cst)
#define hs_vg_acquires(mo)                                                                         \
	((mo) == memory_order_acquire || (mo) == memory_order_acq_rel ||                           \
	 (mo) == memory_order_seq_cst || (mo) == memory_order_consume)

#define hs_atomic_releasing(p, mo)                                                                 \
	do {                                                                                       \
		VALGRIND_HG_DISABLE_CHECKING((p), sizeof(*(p)));                                   \
		if (hs_vg_releases(mo))                                                            \
			ANNOTATE_HAPPENS_BEFORE(p);                                                \
	} while (0)

#define hs_atomic_acquired(p, mo)                                                                  \
	do {                                                                                       \
		VALGRIND_HG_DISABLE_CHECKING((p), sizeof(*(p)));                                   \
		if (hs_vg_acquires(mo))                                                            \
			ANNOTATE_HAPPENS_AFTER(p);                                                 \
	} while (0)

/*
 * A fence orders accesses to atomic words only (the core's one fence, in the
 * decision's seqlock over the slow ticket), and those are excluded from race
 * checking: there is no plain data for Helgrind to relate, so no annotation.
 */
#define hs_atomic_fenced(mo) ((void)0)

#endif /* HS_VG_ATOMIC_H */
