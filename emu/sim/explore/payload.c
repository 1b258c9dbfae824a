// SPDX-License-Identifier: MIT
/*
 * Plain data published through the core, for the fiber-TSan lane: each
 * task carries a payload word the enqueuer writes before handing the task
 * to the core and whoever the core gives it to reads, and the lock
 * scenario's counter lives under the core's ticket lock. They are plain on
 * purpose, and this file is the one part of the explorer ThreadSanitizer
 * instruments (emu/sim/meson.build): a happens-before edge the core fails
 * to declare shows up as a race here. In other builds it is bookkeeping.
 */
#include "payload.h"

#include <sim/sim.h>

static uint64_t payload[XP_PAYLOAD_TASKS];
static uint64_t guarded; /* under xp_payload_lock */

struct hs_spinlock xp_payload_lock;

void xp_payload_put(uint32_t task, uint64_t value)
{
	if (task < XP_PAYLOAD_TASKS)
		payload[task] = value;
}

void xp_payload_check(uint32_t task, uint64_t value)
{
	if (task < XP_PAYLOAD_TASKS && payload[task] != value)
		hs_sim_fail("task %u carries %llu, its enqueuer wrote %llu", task,
			    (unsigned long long)payload[task], (unsigned long long)value);
}

uint64_t xp_payload_guarded_bump(void)
{
	return ++guarded;
}

void xp_payload_reset(void)
{
	uint32_t t;

	for (t = 0; t < XP_PAYLOAD_TASKS; t++)
		payload[t] = 0;
	guarded = 0;
	hs_spin_init(&xp_payload_lock);
}
