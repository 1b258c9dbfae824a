// SPDX-License-Identifier: MIT
/*
 * Deterministic fault injection on the resched IPI chain (TAP).
 *
 * One thread plays every CPU (hs_host_arch_become_cpu); the host arch's
 * send hook runs *inside* hs_ipi_request_resched(), between the pending
 * claim and the platform's answer, so a hook can replay exactly the
 * interleavings a concurrent stress only hits by luck: another CPU's
 * request, a trap on the target, a refused or delayed send.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include "host_arch.h"
#include "tap.h"

#include <stdio.h>

#define TARGET 1u

static void show(const char *tag, struct hs_ipi_counters k)
{
	printf("# %s: accepted %llu sent %llu coalesced %llu failed %llu trap %llu ack %llu\n", tag,
	       (unsigned long long)k.accepted, (unsigned long long)k.sent_ok,
	       (unsigned long long)k.coalesced, (unsigned long long)k.send_failed,
	       (unsigned long long)k.trap, (unsigned long long)k.ack);
}

/* Run as @cpu with interrupts briefly enabled: takes its pending S_SOFT, if any. */
static void take_traps_as(uint32_t cpu)
{
	unsigned long flags;

	hs_host_arch_become_cpu(cpu);
	flags = hs_arch_irq_save();
	hs_arch_irq_restore(1);
	hs_arch_irq_restore(flags);
	hs_host_arch_become_cpu(0);
}

/* Hook behaviours. */
static enum { HOOK_PASS, HOOK_REFUSE, HOOK_STRAY_THEN_RACE } hook_mode;
static int hook_depth;
static struct hs_outcome nested;

static int hook(uint32_t cpu)
{
	int rc = 0;

	if (hook_depth > 0)
		return 0; /* nested sends from inside the hook go through */
	hook_depth++;
	switch (hook_mode) {
	case HOOK_PASS:
		break;
	case HOOK_REFUSE:
		rc = -1;
		break;
	case HOOK_STRAY_THEN_RACE:
		/*
		 * While this send is in flight: a stray S_SOFT reaches the
		 * target (a raw platform send, no request behind it) and the
		 * target takes it, consuming the in-flight claim; then another
		 * CPU requests a resched of the same target and its IPI goes
		 * out; finally the platform refuses this send.
		 */
		if (hs_arch_send_ipi(cpu) != 0)
			printf("# stray send refused\n");
		take_traps_as(cpu);
		hs_host_arch_become_cpu(2);
		nested = hs_ipi_request_resched(cpu);
		hs_host_arch_become_cpu(0);
		rc = -1;
		break;
	}
	hook_depth--;
	return rc;
}

/* A refused send rolls back: the next request is sent (not coalesced) and acked. */
static void test_refused_send_rolls_back(void)
{
	struct hs_ipi_counters k0 = hs_ipi_counters(TARGET), k1;
	struct hs_outcome a, b;

	hook_mode = HOOK_REFUSE;
	a = hs_ipi_request_resched(TARGET);
	hook_mode = HOOK_PASS;
	b = hs_ipi_request_resched(TARGET);
	take_traps_as(TARGET);
	k1 = hs_ipi_counters(TARGET);
	tap(a.status == HS_ERR_SEND_FAILED && b.status == HS_OK && k1.sent_ok == k0.sent_ok + 1 &&
		    k1.send_failed == k0.send_failed + 1 && k1.ack == k0.ack + 1 &&
		    k1.trap == k0.trap + 1 && hs_ipi_take_need_resched(TARGET),
	    "refused send rolled back; the next request is sent and acked (%s, %s)",
	    hs_status_name(a.status), hs_status_name(b.status));
}

/* The core's own forced failure: accepted rises, nothing else; then delivery resumes. */
static void test_forced_failure(void)
{
	struct hs_ipi_counters k0 = hs_ipi_counters(TARGET), k1, k2;
	struct hs_outcome f, a, b;

	f = hs_ipi_force_send_failure(TARGET, true);
	a = hs_ipi_request_resched(TARGET);
	take_traps_as(TARGET);
	k1 = hs_ipi_counters(TARGET);
	HS_IGNORE(hs_ipi_force_send_failure(TARGET, false)); /* boot CPU: cannot fail */
	b = hs_ipi_request_resched(TARGET);
	take_traps_as(TARGET);
	k2 = hs_ipi_counters(TARGET);
	tap(f.status == HS_OK && a.status == HS_ERR_SEND_FAILED && k1.accepted == k0.accepted + 1 &&
		    k1.sent_ok == k0.sent_ok && k1.trap == k0.trap && k1.ack == k0.ack &&
		    b.status == HS_OK && k2.ack == k1.ack + 1,
	    "forced failure: accepted only; delivery resumes once cleared");
}

/* A delayed trap (interrupts off): requests coalesce, one trap acks them. */
static void test_delayed_trap_coalesces(void)
{
	struct hs_ipi_counters k0 = hs_ipi_counters(TARGET), k1;
	struct hs_outcome a, b, c;

	a = hs_ipi_request_resched(TARGET);
	b = hs_ipi_request_resched(TARGET);
	c = hs_ipi_request_resched(TARGET);
	take_traps_as(TARGET);
	k1 = hs_ipi_counters(TARGET);
	tap(a.status == HS_OK && b.status == HS_OK_COALESCED && c.status == HS_OK_COALESCED &&
		    k1.sent_ok == k0.sent_ok + 1 && k1.coalesced == k0.coalesced + 2 &&
		    k1.trap == k0.trap + 1 && k1.ack == k0.ack + 1,
	    "late trap: one send, two coalesced, one trap, one ack");
}

/* A stray S_SOFT with nothing pending is counted as a trap, never as an ack. */
static void test_stray_trap_not_acked(void)
{
	struct hs_ipi_counters k0, k1;
	int sent;

	HS_IGNORE(hs_ipi_take_need_resched(TARGET)); /* left by the previous test's ack */
	k0 = hs_ipi_counters(TARGET);
	sent = hs_arch_send_ipi(TARGET);

	take_traps_as(TARGET);
	k1 = hs_ipi_counters(TARGET);
	tap(sent == 0 && k1.trap == k0.trap + 1 && k1.ack == k0.ack && k1.accepted == k0.accepted &&
		    !hs_ipi_take_need_resched(TARGET),
	    "stray S_SOFT: trap counted, no ack, no resched");
}

/*
 * The rollback of a refused send must withdraw only its own claim. Here a
 * stray trap consumed that claim and another CPU's request claimed pending
 * anew and sent its IPI before the refusal came back: the rollback must
 * leave that claim alone, so the IPI it sent is acked.
 */
static void test_rollback_spares_later_claim(void)
{
	struct hs_ipi_counters k0, k1;
	struct hs_outcome a;
	bool resched;

	HS_IGNORE(hs_ipi_take_need_resched(TARGET)); /* start clean; a stale flag is harmless */
	k0 = hs_ipi_counters(TARGET);
	hook_mode = HOOK_STRAY_THEN_RACE;
	a = hs_ipi_request_resched(TARGET);
	hook_mode = HOOK_PASS;
	HS_IGNORE(hs_ipi_take_need_resched(TARGET)); /* the stray trap's ack (first claim) */
	take_traps_as(TARGET);			     /* the nested request's IPI */
	resched = hs_ipi_take_need_resched(TARGET);
	k1 = hs_ipi_counters(TARGET);
	show("before", k0);
	show("after", k1);
	tap(a.status == HS_ERR_SEND_FAILED && nested.status == HS_OK,
	    "interleaving reproduced: outer %s, nested %s", hs_status_name(a.status),
	    hs_status_name(nested.status));
	tap(resched && k1.ack == k0.ack + 2,
	    "the later request's IPI is acked after the earlier send's rollback (acks +%llu, "
	    "resched %d)",
	    (unsigned long long)(k1.ack - k0.ack), resched);
	tap(hs_ipi_request_resched(TARGET).status == HS_OK,
	    "afterwards a new request is sent, not coalesced");
	take_traps_as(TARGET);
}

/* Keep KINIT lines out of the TAP stream. */
static void quiet_console(const char *s, size_t len)
{
	(void)s;
	(void)len;
}

int main(void)
{
	uint32_t c;
	bool ok;

	setvbuf(stdout, NULL, _IOLBF, 0);
	hs_host_arch_set_console_sink(quiet_console);
	ok = hs_cpu_init_boot(0, 3).status == HS_OK;
	for (c = 1; c < 3; c++)
		ok &= hs_cpu_register(c, c).status == HS_OK;
	hs_ipi_reset();
	hs_host_arch_become_cpu(0);
	for (c = 0; c < 3; c++)
		ok &= hs_cpu_mark_online(c).status == HS_OK;
	hs_host_arch_set_send_hook(hook);
	tap(ok, "three CPUs up");
	test_refused_send_rolls_back();
	test_forced_failure();
	test_delayed_trap_coalesces();
	test_stray_trap_not_acked();
	test_rollback_spares_later_claim();
	tap_plan();
	return tap_failures() ? 1 : 0;
}
