// SPDX-License-Identifier: MIT
/*
 * The fault switches (hartsched/fault.h) against the core built with them
 * (hs_core_faults): every switch has a name and a description, and the
 * switches whose bug shows in one thread change what the core does, while
 * the same build with the mask clear behaves as the fixed core:
 *  - qos-inversion: the thief takes a nearer victim's Idle task before a
 *    farther victim's Normal one;
 *  - stranded-coalesce: a request that coalesced onto a refused send gets
 *    no IPI (resent == 0, nothing pending, no ack);
 *  - rollback-clears-later: a refused send's rollback clears a later
 *    request's claim, so that request's trap acks nothing.
 * The others need an interleaving (enqueue-drain-race, steal-drained,
 * forced-kept-unlocked) or a weak memory model (weak-*): the simulator's
 * explorer proves those.
 */
#include "unit_fixture.h"

#include <hartsched/fault.h>

#include <string.h>

enum { T = 300 };

/* Boot @present CPUs, all online, with only fault @f switched on (or none: -1). */
static void fault_boot(uint32_t present, int f)
{
	hs_fault_mask = f < 0 ? 0 : 1u << f;
	unit_boot(present, present);
}

/* Every switch is named, described, and the names are the documented ones. */
static void test_names(void)
{
	static const char *const want[HS_FAULT_COUNT] = {
		"rollback-clears-later", "enqueue-drain-race", "stranded-coalesce",
		"steal-drained",	 "qos-inversion",      "forced-kept-unlocked",
		"weak-unlock",		 "weak-trylock",       "weak-hart-publish",
		"weak-rq-publish",
	};
	uint32_t f;

	for (f = 0; f < HS_FAULT_COUNT; f++) {
		g_assert_cmpstr(hs_fault_name(f), ==, want[f]);
		g_assert_nonnull(hs_fault_what(f));
		g_assert_cmpuint(strlen(hs_fault_what(f)), >, 0);
	}
	g_assert_null(hs_fault_name(HS_FAULT_COUNT));
	g_assert_null(hs_fault_what(HS_FAULT_COUNT));
	g_assert_null(hs_fault_name((enum hs_fault) - 1));
}

/* CPU 1 holds Idle T, CPU 2 Normal T+1: which one does CPU 0 steal? */
static uint32_t steal_across_victims(int f)
{
	struct hs_pick p;

	fault_boot(3, f);
	unit_enqueue(1, T, HS_QOS_IDLE);
	unit_enqueue(2, T + 1, HS_QOS_NORMAL);
	p = hs_rq_pick(&unit_sched, 0);
	g_assert_cmpuint(p.kind, ==, HS_PICK_STOLEN);
	g_assert_cmpuint(p.stolen, ==, 1);
	return p.task;
}

static void test_qos_inversion(void)
{
	g_assert_cmpuint(steal_across_victims(-1), ==, T + 1);
	/* Victim-major: the nearer victim's Idle task goes first. */
	g_assert_cmpuint(steal_across_victims(HS_FAULT_QOS_INVERSION), ==, T);
	unit_assert_where(T + 1, HS_TASK_QUEUED, 2, HS_QOS_NORMAL);
	hs_fault_mask = 0;
}

/*
 * Request A (CPU 0) to CPU 1 whose send is refused after request B (CPU 2)
 * coalesced onto it (unit_ipi_coalesce_onto_refused); returns the acks
 * after CPU 1's trap.
 */
static uint64_t coalesce_onto_refused(int f, uint64_t want_resent)
{
	struct hs_outcome b;

	fault_boot(3, f);
	UNIT_EXPECT(unit_ipi_coalesce_onto_refused(1, false, &b), HS_ERR_SEND_FAILED);
	g_assert_cmpstr(hs_status_name(b.status), ==, hs_status_name(HS_OK_COALESCED));
	g_assert_cmpuint(hs_ipi_counters(1).resent, ==, want_resent);
	g_assert_cmpint(hs_host_arch_soft_pending(1), ==, want_resent != 0);
	unit_trap_on(1);
	return hs_ipi_counters(1).ack;
}

static void test_stranded_coalesce(void)
{
	g_assert_cmpuint(coalesce_onto_refused(-1, 1), ==, 1);
	/* B was told an IPI is coming; none came, and nothing says so. */
	g_assert_cmpuint(coalesce_onto_refused(HS_FAULT_STRANDED_COALESCE, 0), ==, 0);
	g_assert_cmpuint(hs_ipi_counters(1).resend_failed, ==, 0);
	hs_fault_mask = 0;
}

/*
 * Request A to CPU 1 whose send is refused after a stray trap took its
 * claim and request B claimed pending and sent its IPI
 * (unit_ipi_later_claim_then_refused); returns the acks after B's trap.
 */
static uint64_t rollback_after_later_claim(int f)
{
	struct hs_outcome b;

	fault_boot(2, f);
	UNIT_EXPECT(unit_ipi_later_claim_then_refused(1, &b), HS_ERR_SEND_FAILED);
	g_assert_cmpstr(hs_status_name(b.status), ==, hs_status_name(HS_OK));
	g_assert_cmpuint(hs_ipi_counters(1).ack, ==, 1); /* the stray trap's */
	g_assert_true(hs_host_arch_soft_pending(1));	 /* B's IPI */
	unit_trap_on(1);
	return hs_ipi_counters(1).ack;
}

static void test_rollback_clears_later(void)
{
	g_assert_cmpuint(rollback_after_later_claim(-1), ==, 2);
	/* B's claim was cleared: its trap finds nothing, B is never acked. */
	g_assert_cmpuint(rollback_after_later_claim(HS_FAULT_ROLLBACK_CLEARS_LATER), ==, 1);
	hs_fault_mask = 0;
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/faults/names", test_names);
	g_test_add_func("/faults/qos-inversion", test_qos_inversion);
	g_test_add_func("/faults/stranded-coalesce", test_stranded_coalesce);
	g_test_add_func("/faults/rollback-clears-later", test_rollback_clears_later);
	return g_test_run();
}
