// SPDX-License-Identifier: MIT
/*
 * The resched IPI causal chain (src/ipi.c) over the threads-as-CPUs arch:
 * validation, accepted/sent/coalesced, a refused send rolled back, the
 * trap side (SSIP first, trap counted, ack only for a pending request) and
 * the boot-hart-only forced failure. The test thread plays each CPU in turn
 * with hs_host_arch_become_cpu(); nothing here polls pending to fake an ack.
 */
#include "unit_fixture.h"

#include <pthread.h>

/* Assert @cpu's six counters. */
static void assert_ipi(uint32_t cpu, uint64_t accepted, uint64_t sent_ok, uint64_t coalesced,
		       uint64_t send_failed, uint64_t trap, uint64_t ack)
{
	struct hs_ipi_counters c = hs_ipi_counters(cpu);

	g_assert_cmpuint(c.accepted, ==, accepted);
	g_assert_cmpuint(c.sent_ok, ==, sent_ok);
	g_assert_cmpuint(c.coalesced, ==, coalesced);
	g_assert_cmpuint(c.send_failed, ==, send_failed);
	g_assert_cmpuint(c.trap, ==, trap);
	g_assert_cmpuint(c.ack, ==, ack);
}

/* Assert that no CPU's IPI counter has moved since the boot. */
static void assert_all_ipi_zero(void)
{
	struct hs_ipi_counters c = hs_ipi_counters_total();

	g_assert_cmpuint(c.accepted + c.sent_ok + c.coalesced + c.send_failed + c.trap + c.ack, ==,
			 0);
}

/* Out-of-range targets are INVALID_CPU; nothing is counted or sent. */
static void test_invalid_target_rejected(void)
{
	const uint32_t bad[] = {HS_MAX_CPUS, HS_MAX_CPUS + 1, UINT32_MAX};
	uint64_t sends;
	uint32_t i;

	unit_boot(2, 2);
	sends = hs_host_arch_sends();
	for (i = 0; i < HS_ARRAY_SIZE(bad); i++)
		UNIT_EXPECT(hs_ipi_request_resched(bad[i]), HS_ERR_INVALID_CPU);
	assert_all_ipi_zero();
	g_assert_cmpuint(hs_host_arch_sends(), ==, sends);
}

/*
 * In-range targets that are offline are CPU_OFFLINE, not INVALID_CPU: a
 * present CPU masked offline and an in-range CPU beyond the present ones.
 */
static void test_offline_target_rejected(void)
{
	uint64_t sends;

	unit_boot(4, 4);
	UNIT_EXPECT(hs_cpu_mark_offline(2), HS_OK);
	sends = hs_host_arch_sends();
	UNIT_EXPECT(hs_ipi_request_resched(2), HS_ERR_CPU_OFFLINE);
	UNIT_EXPECT(hs_ipi_request_resched(HS_MAX_CPUS - 1), HS_ERR_CPU_OFFLINE);
	assert_all_ipi_zero();
	g_assert_cmpuint(hs_host_arch_sends(), ==, sends);
	g_assert_false(hs_host_arch_soft_pending(2));
	/* Back online, the same request goes through. */
	UNIT_EXPECT(hs_cpu_mark_online(2), HS_OK);
	UNIT_EXPECT(hs_ipi_request_resched(2), HS_OK);
	assert_ipi(2, 1, 1, 0, 0, 0, 0);
}

/* Two requests with no trap between: one IPI sent, the second coalesced. */
static void test_second_request_coalesced(void)
{
	uint64_t sends;

	unit_boot(2, 2);
	sends = hs_host_arch_sends();
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	g_assert_true(hs_host_arch_soft_pending(1));
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK_COALESCED);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK_COALESCED);
	assert_ipi(1, 3, 1, 2, 0, 0, 0);
	g_assert_cmpuint(hs_host_arch_sends(), ==, sends + 1);
	assert_ipi(0, 0, 0, 0, 0, 0, 0);
}

static _Atomic uint32_t refused_sends;

/* Send hook that refuses every IPI, counting the refusals. */
static int refuse_send(uint32_t cpu)
{
	(void)cpu;
	atomic_fetch_add(&refused_sends, 1);
	return -1;
}

/* A refused send is reported and rolled back, so the next request sends again. */
static void test_refused_send_rolled_back(void)
{
	uint64_t sends;

	unit_boot(2, 2);
	atomic_store(&refused_sends, 0);
	sends = hs_host_arch_sends();
	hs_host_arch_set_send_hook(refuse_send);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_ERR_SEND_FAILED);
	/* Not coalesced into the failed one: pending was rolled back. */
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_ERR_SEND_FAILED);
	assert_ipi(1, 2, 0, 0, 2, 0, 0);
	g_assert_cmpuint(atomic_load(&refused_sends), ==, 2);
	g_assert_false(hs_host_arch_soft_pending(1));
	hs_host_arch_set_send_hook(NULL);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	assert_ipi(1, 3, 1, 0, 2, 0, 0);
	g_assert_cmpuint(hs_host_arch_sends(), ==, sends + 1);
	/* No trap can ack a request whose send failed: only the sent one acks. */
	unit_trap_on(1);
	assert_ipi(1, 3, 1, 0, 2, 1, 1);
}

/*
 * While request A's send is in flight, a stray S_SOFT trap on the target
 * consumes A's claim and request B claims pending and sends. When A's send
 * is then refused, A's rollback must withdraw only its own claim: B's stays
 * pending, so the trap B raised acks it instead of finding nothing.
 */
/* /ipi/refused-send-keeps-later-claim: the interleaving described above. */
static void test_refused_send_keeps_later_claim(void)
{
	struct hs_outcome b;

	unit_boot(2, 2);
	UNIT_EXPECT(unit_ipi_later_claim_then_refused(1, &b), HS_ERR_SEND_FAILED);
	g_assert_cmpstr(hs_status_name(b.status), ==, hs_status_name(HS_OK));
	/* A: accepted, failed; B: accepted, sent; the stray trap took A's claim. */
	assert_ipi(1, 2, 1, 0, 1, 1, 1);
	g_assert_true(hs_host_arch_soft_pending(1));
	/* B's trap must find B's claim still pending. */
	unit_trap_on(1);
	assert_ipi(1, 2, 1, 0, 1, 2, 2);
	/* And nothing is left pending: the next request sends again. */
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
}

/* The trap clears SSIP, counts itself, and acks once per pending request. */
static void test_trap_counts_and_acks_once(void)
{
	unit_boot(2, 2);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK_COALESCED);
	g_assert_true(hs_host_arch_soft_pending(1));

	unit_trap_on(1);
	g_assert_false(hs_host_arch_soft_pending(1));
	assert_ipi(1, 2, 1, 1, 0, 1, 1);
	g_assert_true(hs_ipi_take_need_resched(1));
	g_assert_false(hs_ipi_take_need_resched(1));

	/* A second trap with nothing pending is counted, but acks nothing. */
	unit_trap_on(1);
	assert_ipi(1, 2, 1, 1, 0, 2, 1);
	g_assert_false(hs_ipi_take_need_resched(1));

	/* Pending was consumed: the next request sends a fresh IPI. */
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	assert_ipi(1, 3, 2, 1, 0, 2, 1);
	unit_trap_on(1);
	assert_ipi(1, 3, 2, 1, 0, 3, 2);
	/* The other CPU saw none of it. */
	assert_ipi(0, 0, 0, 0, 0, 0, 0);
}

/* The idle loop takes a pending S_SOFT with interrupts on and reports the resched. */
static void test_idle_once_takes_trap(void)
{
	uint64_t epoch;

	unit_boot(2, 2);
	epoch = hs_ipi_idle_epoch(1);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	hs_host_arch_become_cpu(1);
	g_assert_true(hs_ipi_idle_once(1));
	hs_host_arch_become_cpu(0);
	assert_ipi(1, 1, 1, 0, 0, 1, 1);
	g_assert_cmpuint(hs_ipi_idle_epoch(1), ==, epoch + 1);
	/* Nothing pending: a turn of the idle loop acks nothing. */
	hs_host_arch_become_cpu(1);
	g_assert_false(hs_ipi_idle_once(1));
	hs_host_arch_become_cpu(0);
	assert_ipi(1, 1, 1, 0, 0, 1, 1);
	g_assert_cmpuint(hs_ipi_idle_epoch(1), ==, epoch + 2);
}

static void *trap_on_unidentified_hart(void *unused)
{
	(void)unused;
	/* A fresh thread: no tp installed, no registered stack. */
	g_assert_cmpuint(hs_cpu_current(), ==, HS_CPU_INVALID);
	hs_ipi_handle_soft();
	return NULL;
}

/*
 * A trap on a hart that cannot be identified fails closed: it is counted
 * as unidentified, counts no CPU's trap and acks nothing; the pending
 * request stays for a trap on the identified CPU.
 */
static void test_unidentified_trap_fails_closed(void)
{
	pthread_t t;

	unit_boot(2, 2);
	g_assert_cmpuint(hs_ipi_unidentified_traps(), ==, 0);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	g_assert_cmpint(pthread_create(&t, NULL, trap_on_unidentified_hart, NULL), ==, 0);
	g_assert_cmpint(pthread_join(t, NULL), ==, 0);
	g_assert_cmpuint(hs_ipi_unidentified_traps(), ==, 1);
	assert_ipi(1, 1, 1, 0, 0, 0, 0);
	assert_ipi(0, 0, 0, 0, 0, 0, 0);
	g_assert_false(hs_ipi_take_need_resched(1));
	/* CPU 1's own trap still finds its request pending. */
	unit_trap_on(1);
	assert_ipi(1, 1, 1, 0, 0, 1, 1);
	g_assert_cmpuint(hs_ipi_unidentified_traps(), ==, 1);
}

/* Forced failure: boot CPU only; while set, the platform is never asked. */
static void test_forced_send_failure_boot_only(void)
{
	uint64_t sends;

	unit_boot(2, 2);
	sends = hs_host_arch_sends();
	UNIT_EXPECT(hs_ipi_force_send_failure(1, true), HS_OK);
	g_assert_true(hs_trap_runtime_send_forced_fail(1));
	g_assert_false(hs_trap_runtime_send_forced_fail(0));
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_ERR_SEND_FAILED);
	g_assert_cmpuint(hs_host_arch_sends(), ==, sends);
	assert_ipi(1, 1, 0, 0, 1, 0, 0);
	/* The counterfactual: the target's trap path sees nothing to ack. */
	g_assert_false(hs_host_arch_soft_pending(1));

	/* CPU 1 may neither clear nor set it. */
	hs_host_arch_become_cpu(1);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, false), HS_ERR_NOT_BOOT_CPU);
	UNIT_EXPECT(hs_ipi_force_send_failure(0, true), HS_ERR_NOT_BOOT_CPU);
	hs_host_arch_become_cpu(0);
	g_assert_true(hs_trap_runtime_send_forced_fail(1));
	g_assert_false(hs_trap_runtime_send_forced_fail(0));

	UNIT_EXPECT(hs_ipi_force_send_failure(HS_MAX_CPUS, true), HS_ERR_INVALID_CPU);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, false), HS_OK);
	g_assert_false(hs_trap_runtime_send_forced_fail(1));
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
	assert_ipi(1, 2, 1, 0, 1, 0, 0);
	g_assert_cmpuint(hs_host_arch_sends(), ==, sends + 1);
}

/*
 * The stranded coalesced request (CONTRACT 2): CPU 0 claims pending for
 * CPU 1; while its send is in flight CPU 2's request coalesces (it is told
 * an IPI is coming); then CPU 0's send is refused and its claim withdrawn.
 * CPU 2's request must still get its IPI: the core sends again on its
 * behalf (counted as resent), and CPU 1's trap acks it. Before the fix the
 * rollback left pending empty and no IPI ever came.
 */
static void test_coalesced_onto_refused_send_not_stranded(void)
{
	struct hs_ipi_counters k;
	struct hs_outcome b;

	unit_boot(3, 3);
	UNIT_EXPECT(unit_ipi_coalesce_onto_refused(1, false, &b), HS_ERR_SEND_FAILED);
	g_assert_cmpstr(hs_status_name(b.status), ==, hs_status_name(HS_OK_COALESCED));
	k = hs_ipi_counters(1);
	g_assert_cmpuint(k.resent, ==, 1);
	g_assert_cmpuint(k.resend_failed, ==, 0);
	g_assert_true(hs_host_arch_soft_pending(1));
	unit_trap_on(1);
	k = hs_ipi_counters(1);
	g_assert_cmpuint(k.ack, ==, 1); /* B's request was served */
	/* Nothing is left pending: the next request sends a fresh IPI. */
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
}

/* The same, with the resend refused too: counted, not silent. */
static void test_coalesced_resend_refused_is_counted(void)
{
	struct hs_ipi_counters k;
	struct hs_outcome b;

	unit_boot(3, 3);
	UNIT_EXPECT(unit_ipi_coalesce_onto_refused(1, true, &b), HS_ERR_SEND_FAILED);
	g_assert_cmpstr(hs_status_name(b.status), ==, hs_status_name(HS_OK_COALESCED));
	k = hs_ipi_counters(1);
	g_assert_cmpuint(k.resent, ==, 0);
	g_assert_cmpuint(k.resend_failed, ==, 1);
	g_assert_false(hs_host_arch_soft_pending(1));
	/* Pending is free again: the next request claims and sends. */
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
}

/*
 * The counterfactual can fail (CONTRACT 2): while a failure is forced the
 * claim stays pending, so a target that fakes an ack by polling pending
 * (here: running the ack path without any trap having been raised) is
 * seen, ack > 0. Before the fix the rollback emptied pending first, and
 * such a target's ack == 0 check could not fail.
 */
static void test_counterfactual_catches_polling_ack(void)
{
	unit_boot(2, 2);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, true), HS_OK);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_ERR_SEND_FAILED);
	g_assert_false(hs_host_arch_soft_pending(1));
	assert_ipi(1, 1, 0, 0, 1, 0, 0);
	/* The faking target: it polls, and acks what it finds. */
	unit_trap_on(1);
	g_assert_cmpuint(hs_ipi_counters(1).ack, ==, 1);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, false), HS_OK);
}

/* The end of the forcing withdraws the kept claim and serves coalesced requests. */
static void test_force_off_serves_coalesced(void)
{
	struct hs_ipi_counters k;

	unit_boot(2, 2);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, true), HS_OK);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_ERR_SEND_FAILED);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK_COALESCED);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, false), HS_OK);
	k = hs_ipi_counters(1);
	g_assert_cmpuint(k.resent, ==, 1);
	g_assert_true(hs_host_arch_soft_pending(1));
	unit_trap_on(1);
	g_assert_cmpuint(hs_ipi_counters(1).ack, ==, 1);
	/* With no request in between, the end of the forcing sends nothing. */
	UNIT_EXPECT(hs_ipi_force_send_failure(1, true), HS_OK);
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_ERR_SEND_FAILED);
	UNIT_EXPECT(hs_ipi_force_send_failure(1, false), HS_OK);
	g_assert_cmpuint(hs_ipi_counters(1).resent, ==, 1);
	g_assert_false(hs_host_arch_soft_pending(1));
	UNIT_EXPECT(hs_ipi_request_resched(1), HS_OK);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/ipi/invalid-target-rejected", test_invalid_target_rejected);
	g_test_add_func("/ipi/offline-target-rejected", test_offline_target_rejected);
	g_test_add_func("/ipi/second-request-coalesced", test_second_request_coalesced);
	g_test_add_func("/ipi/refused-send-rolled-back", test_refused_send_rolled_back);
	g_test_add_func("/ipi/refused-send-keeps-later-claim", test_refused_send_keeps_later_claim);
	g_test_add_func("/ipi/trap-counts-and-acks-once", test_trap_counts_and_acks_once);
	g_test_add_func("/ipi/idle-once-takes-trap", test_idle_once_takes_trap);
	g_test_add_func("/ipi/forced-send-failure-boot-only", test_forced_send_failure_boot_only);
	g_test_add_func("/ipi/unidentified-trap-fails-closed", test_unidentified_trap_fails_closed);
	g_test_add_func("/ipi/coalesced-onto-refused-send-not-stranded",
			test_coalesced_onto_refused_send_not_stranded);
	g_test_add_func("/ipi/coalesced-resend-refused-is-counted",
			test_coalesced_resend_refused_is_counted);
	g_test_add_func("/ipi/counterfactual-catches-polling-ack",
			test_counterfactual_catches_polling_ack);
	g_test_add_func("/ipi/force-off-serves-coalesced", test_force_off_serves_coalesced);
	return g_test_run();
}
