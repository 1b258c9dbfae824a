// SPDX-License-Identifier: MIT
/*
 * Emulator resched IPI round trip (see ipi_emu.h).
 *
 * Only the core's public IPI API and the emulator's documented entry points
 * are used: the request goes through hs_ipi_request_resched() exactly as
 * the scheduler sends it, and the round trip ends when hart 0 sees hart 1's
 * ack counter rise (hs_ipi_counters() reads it with acquire, pairing with
 * the trap's release increment). Nothing polls pending or fakes an ack.
 */
#include "ipi_emu.h"

#include <hartsched/ipi.h>
#include <hartsched/outcome.h>

#include <emu/config.h>
#include <emu/harts.h>
#include <emu/irq.h>

#include "bench.h"
#include "ipi_floor.h"

#define IPI_TARGET 1u

/* Hart 1's idle epoch just before the last request (it was asleep in that turn). */
static uint64_t epoch_at_request;

struct emu_call {
	ipi_emu_body body;
	void *arg;
};

static int emu_boot(const struct hs_emu_config *cfg, void *p)
{
	struct emu_call *c = p;

	(void)cfg;
	return c->body(c->arg);
}

int ipi_emu_run(ipi_emu_body body, void *arg)
{
	struct hs_emu_config cfg = {0};
	struct emu_call c = {body, arg};

	cfg.harts = 2;
	cfg.selftest = false;
	cfg.steal_max = 1;
	cfg.seed = 1;
	if (hs_emu_irq_setup(0) != 0)
		return 1;
	return hs_emu_harts_run(&cfg, emu_boot, &c);
}

/*
 * Hart 1 bumps its idle epoch at the start of every idle turn, before it
 * waits (hs_ipi_idle_once). An epoch beyond the one it slept in when the
 * last request was sent means it has returned from that trap and started
 * a new turn: the same guarantee the floor's target gives by re-arming
 * after the last ack. Then the gap, as for the floor.
 */
bool ipi_emu_settle(uint64_t gap_ns, uint64_t deadline)
{
	uint32_t spins = 0;

	while (hs_ipi_idle_epoch(IPI_TARGET) <= epoch_at_request ||
	       !hs_emu_hart_is_idle(IPI_TARGET)) {
		if (bench_now_ns() > deadline)
			return false;
		bench_relax(&spins);
	}
	ipi_spin_ns(gap_ns);
	return true;
}

uint64_t ipi_emu_round(uint64_t deadline)
{
	uint64_t before = hs_ipi_counters(IPI_TARGET).ack;
	uint32_t polls = 0;
	struct hs_outcome o;
	uint64_t t0;

	epoch_at_request = hs_ipi_idle_epoch(IPI_TARGET);
	t0 = bench_now_ns();
	o = hs_ipi_request_resched(IPI_TARGET);
	/* Coalesced would mean the previous request was never acked: a failure. */
	if (o.status != HS_OK)
		return 0;
	/* hs_ipi_counters() reads ack with acquire: pairs with the trap's release. */
	while (hs_ipi_counters(IPI_TARGET).ack == before)
		if (ipi_poll_expired(&polls, deadline))
			return 0;
	return ipi_rtt_since(t0);
}
