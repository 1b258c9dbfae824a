// SPDX-License-Identifier: MIT
/*
 * IPI scenarios: requests that claim, coalesce, fail to send and roll
 * back, stray traps, and the trap that acks. Invariants: at every step the
 * counters only grow and no CPU has acked more than it trapped; at
 * quiescence every request told HS_OK or HS_OK_COALESCED got a trap-ack on
 * its target after it was made (unless a resend was refused, which is
 * counted: the explicit outcome the contract allows).
 */
#include "scenario.h"
#include "world.h"

#include <sim/port.h>
#include <sim/sim.h>

#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <stdatomic.h>
#include <string.h>

#define IPI_HARTS 3u

static struct hs_ipi_counters ipi_last[IPI_HARTS];
static uint64_t ipi_need_ack[IPI_HARTS]; /* the target must reach this ack count */
static uint32_t ipi_sends[IPI_HARTS];	 /* sends that reached the platform, per target */
static _Atomic uint32_t ipi_done;	 /* requesters finished (relaxed: no data behind it) */
static uint32_t ipi_requests;		 /* per requester */
static bool ipi_strays;			 /* hart 2 raises stray S_SOFTs */
static uint32_t ipi_fail_every;		 /* the platform refuses send n when n % this == 1 */

/* The platform refuses a fixed pattern of sends, so replays see the same. */
static int ipi_send_hook(uint32_t cpu)
{
	uint32_t n = ++ipi_sends[cpu];

	return ipi_fail_every && n % ipi_fail_every == 1 ? -1 : 0;
}

static void ipi_setup_common(void)
{
	xp_boot(IPI_HARTS, (1u << IPI_HARTS) - 1);
	hs_sim_set_send_hook(ipi_send_hook);
	memset(ipi_last, 0, sizeof(ipi_last));
	memset(ipi_need_ack, 0, sizeof(ipi_need_ack));
	memset(ipi_sends, 0, sizeof(ipi_sends));
	atomic_store_explicit(&ipi_done, 0, memory_order_relaxed);
}

/* One request from the running CPU to @target, with its promise noted. */
static void ipi_request(uint32_t target)
{
	uint64_t before = hs_ipi_counters(target).ack;
	struct hs_outcome o = hs_ipi_request_resched(target);

	xp_expect(o, XP_OK(HS_OK) | XP_OK(HS_OK_COALESCED) | XP_OK(HS_ERR_SEND_FAILED),
		  "request_resched");
	if (o.status != HS_ERR_SEND_FAILED && ipi_need_ack[target] < before + 1)
		ipi_need_ack[target] = before + 1;
}

/* The target: the core's idle loop until the requesters are done, then one last turn. */
static void ipi_target(uint32_t cpu)
{
	while (atomic_load_explicit(&ipi_done, memory_order_relaxed) < IPI_HARTS - 1)
		(void)hs_ipi_idle_once(cpu);
	(void)hs_ipi_idle_once(cpu);
}

static void ipi_hart(uint32_t cpu)
{
	uint32_t i;

	xp_hart_enter(cpu);
	if (cpu == 0) {
		ipi_target(0);
		return;
	}
	for (i = 0; i < ipi_requests; i++) {
		ipi_request(0);
		if (ipi_strays && cpu == 2)
			hs_sim_raise_soft(0); /* a stray S_SOFT: no request behind it */
	}
	atomic_fetch_add_explicit(&ipi_done, 1, memory_order_relaxed);
}

static void ipi_step_check(void)
{
	struct hs_ipi_counters c;
	uint32_t cpu;

	for (cpu = 0; cpu < IPI_HARTS; cpu++) {
		c = hs_ipi_counters(cpu);
		if (c.ack > c.trap)
			hs_sim_fail("cpu %u acked %llu requests in %llu traps", cpu,
				    (unsigned long long)c.ack, (unsigned long long)c.trap);
		if (c.accepted < ipi_last[cpu].accepted || c.sent_ok < ipi_last[cpu].sent_ok ||
		    c.coalesced < ipi_last[cpu].coalesced ||
		    c.send_failed < ipi_last[cpu].send_failed || c.trap < ipi_last[cpu].trap ||
		    c.ack < ipi_last[cpu].ack || c.resent < ipi_last[cpu].resent)
			hs_sim_fail("cpu %u: an IPI counter went backwards", cpu);
		ipi_last[cpu] = c;
	}
}

/* At quiescence: every promise to @target kept, and its counters add up. */
static void ipi_check_target(uint32_t target)
{
	struct hs_ipi_counters c = hs_ipi_counters(target);

	ipi_step_check();
	if (c.resend_failed == 0 && c.ack < ipi_need_ack[target])
		hs_sim_fail("stranded request: cpu %u acked %llu, but a request told an IPI was "
			    "coming needs %llu",
			    target, (unsigned long long)c.ack,
			    (unsigned long long)ipi_need_ack[target]);
	if (c.accepted != c.sent_ok + c.coalesced + c.send_failed)
		hs_sim_fail("cpu %u: accepted %llu != sent %llu + coalesced %llu + failed %llu",
			    target, (unsigned long long)c.accepted, (unsigned long long)c.sent_ok,
			    (unsigned long long)c.coalesced, (unsigned long long)c.send_failed);
}

static void ipi_check(void)
{
	ipi_check_target(0);
}

static void ipi_setup(void)
{
	ipi_setup_common();
	ipi_requests = 3;
	ipi_strays = true;
	ipi_fail_every = 2;
}

const struct xp_scenario xp_sc_ipi = {
	.name = "ipi",
	.what = "2 requesters to an idle CPU: claims, coalescing, every other send refused, "
		"rollback and resend, stray traps; counters and no stranded request",
	.harts = IPI_HARTS,
	.pct_steps = 4000,
	.setup = ipi_setup,
	.hart = ipi_hart,
	.step_check = ipi_step_check,
	.check = ipi_check,
};

static void ipi_tiny_setup(void)
{
	ipi_setup_common();
	ipi_requests = 1;
	ipi_strays = false;
	ipi_fail_every = 2; /* the first send fails, the next goes through */
}

const struct xp_scenario xp_sc_ipi_tiny = {
	.name = "ipi-tiny",
	.what = "one request each from 2 CPUs, the first send refused (for --strategy "
		"exhaustive); no stranded request",
	.harts = IPI_HARTS,
	.pct_steps = 600,
	.setup = ipi_tiny_setup,
	.hart = ipi_hart,
	.step_check = ipi_step_check,
	.check = ipi_check,
};

/*
 * Forced send failures switched on and off while requests fly (the stress
 * suite's boot hart does this every few epochs). Hart 0, the boot hart,
 * forces CPU 1's sends to fail, makes one request, and ends the forcing;
 * hart 2 makes one request meanwhile and another once the forcing has
 * ended; CPU 1 idles. Small enough for --strategy exhaustive. A claim a forced request keeps must
 * be withdrawn by the end of the forcing whatever the interleaving, so the last request is sent (or
 * rides on a live claim) and acked: a kept claim left in pending would make it ride on a claim no
 * IPI will ever consume.
 */
static uint32_t forced_ended; /* set by hart 0 once the forcing is off */

static void ipi_forced_setup(void)
{
	ipi_setup_common();
	ipi_fail_every = 0;
	forced_ended = 0;
}

static void ipi_forced_hart(uint32_t cpu)
{
	xp_hart_enter(cpu);
	if (cpu == 1) {
		ipi_target(1);
		return;
	}
	if (cpu == 0) {
		xp_expect(hs_ipi_force_send_failure(1, true), XP_OK(HS_OK), "force on");
		ipi_request(1);
		xp_expect(hs_ipi_force_send_failure(1, false), XP_OK(HS_OK), "force off");
		forced_ended = 1;
	} else {
		ipi_request(1);
		xp_wait_flag(&forced_ended);
		ipi_request(1);
	}
	atomic_fetch_add_explicit(&ipi_done, 1, memory_order_relaxed);
}

static void ipi_forced_check(void)
{
	ipi_check_target(1);
}

const struct xp_scenario xp_sc_ipi_forced = {
	.name = "ipi-forced",
	.what = "forced send failures switched on and off by the boot hart while another CPU "
		"requests; no claim kept past the forcing, no stranded request",
	.harts = IPI_HARTS,
	.pct_steps = 1500,
	.setup = ipi_forced_setup,
	.hart = ipi_forced_hart,
	.step_check = ipi_step_check,
	.check = ipi_forced_check,
};
