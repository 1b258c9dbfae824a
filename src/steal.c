// SPDX-License-Identifier: MIT
/*
 * Work stealing, class-major: a CPU whose own classes are all empty takes
 * up to steal_max tasks, the highest class at or below its ceiling that any
 * online victim holds first (an Idle task is never taken while another
 * victim holds eligible Normal work), victims of one class scanned from
 * (cpu + 1) mod present. A take is one head CAS on the victim's ring
 * (ring.h), tried HS_STEAL_TRIES times; a victim whose slow-path lock is
 * held, or whose ring kept winning, makes the decision "contended" if it
 * ends empty-handed. The first task taken becomes current; the rest park at
 * the tail of the thief's own ring of their class, only while it has room
 * (room is counted under the thief's producer lock, held while it parks),
 * so nothing taken is ever dropped.
 *
 * Hotplug: a thief checks the victim's online bit, but correctness does
 * not rest on it: the drain of an offline CPU takes every entry with the
 * same head CAS, so a thief that passed the check just before the CPU went
 * offline either wins its CAS before the drain (the task was still queued
 * there and is handed over to the thief) or finds the ring empty.
 */
#include <hartsched/fault.h>

#include "ring.h"
#include "rq_internal.h"
#include "task_state.h"

/* How many a take from one victim class may ask for (parking room counted). */
static uint32_t steal_want(struct hs_rq *self, uint32_t q, uint32_t limit, uint32_t taken)
{
	uint32_t want = limit - taken;
	uint32_t room = ring_room(self, q, want);
	uint32_t fits = (taken == 0 ? 1u : 0u) + room; /* the first one needs no slot */

	return want < fits ? want : fits;
}

/* Install what one take brought: the first as current (*@first), the rest parked. */
static void steal_install(struct hs_sched *s, uint32_t cpu, uint32_t q, const uint32_t *task,
			  uint32_t n, uint32_t *taken, uint32_t *first)
{
	struct hs_rq *self = rq_of(s, cpu);
	uint32_t k;

	for (k = 0; k < n; k++, (*taken)++) {
		if (*taken == 0) {
			HS_TRACE(HS_TR_SWITCH_IN, task[k], q, cpu);
			/* The head CAS made the task ours: plain release store. */
			ts_store(s, task[k], ts_make(HS_TASK_RUNNING, cpu, q));
			hs_store(&self->current, task[k], memory_order_relaxed);
			*first = task[k];
		} else {
			ts_store(s, task[k], ts_make(HS_TASK_QUEUED, cpu, q));
			ring_push(self, q, task[k]);
		}
	}
}

/*
 * Fault "steal-drained" (fault.h): the thief takes without the head CAS.
 * Before 5540f1f a thief checked the victim's online bit, then took under
 * the victim's lock, and nothing in the core kept it from a CPU that went
 * offline in between: the port's drain had to. In the new design what keeps
 * a thief and the drain apart is that both take entries with the same head
 * CAS (drain.c). This take reads the entries and commits with a plain store
 * of the head, as if the online check had made the victim's ring its own.
 * So a thief that saw the victim online and takes after the drain's CAS
 * runs tasks the drain also took and freed (a duplicate: running on the
 * thief and handed to the port to re-home), and its store moves the head
 * back over entries the drain took (they look queued on the offline CPU
 * again). It breaks "each ring entry goes to exactly one consumer" against
 * every consumer, the drain being the one the hotplug scenarios race.
 */
static uint32_t steal_take_unclaimed(struct hs_rq *victim, uint32_t q, uint32_t max, uint32_t *out)
{
	uint64_t head = ring_head(victim, q);
	uint32_t pos = RING_HEAD_POS(head);
	uint32_t n = ring_tail(victim, q) - pos;
	uint32_t i;

	if (n == 0 || n > HS_QUEUE_CAPACITY)
		return 0; /* empty, or a stale pair of ends: nothing to take */
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = ring_slot(victim, q, pos + i);
	/* Release: as the CAS it replaces (pairs with the producer's head load). */
	hs_store(&victim->head[q], ring_head_make(RING_HEAD_GEN(head), pos + n),
		 memory_order_release);
	return n;
}

struct hs_pick hs_rq_steal(struct hs_sched *s, uint32_t cpu, uint32_t finished)
{
	struct hs_rq *self = rq_of(s, cpu);
	uint32_t present = hs_cpu_present();
	/* Relaxed: configuration words, any value set is a valid one. */
	uint32_t limit = hs_load(&s->steal_max, memory_order_relaxed);
	uint32_t ceiling = hs_load(&self->steal_ceiling, memory_order_relaxed);
	uint32_t buf[HS_STEAL_MAX_LIMIT];
	uint32_t taken = 0, q, i, want, n, first = HS_TASK_NONE;
	uint32_t from = 1, to = present; /* the victims scanned, as offsets from cpu */
	bool contended = false, parking = false;
	unsigned long flags = 0;

	/*
	 * Fault "qos-inversion" (fault.h), the order 5540f1f replaced:
	 * victim-major. Scan one victim at a time, all its classes (highest
	 * first), and go on to the next victim only when nothing was taken
	 * (see the rescan below). With an Idle task on the nearer victim and a
	 * Normal one on a farther victim, the thief takes the Idle task: a
	 * lower class runs while eligible higher-class work waits elsewhere.
	 */
	if (hs_fault(HS_FAULT_QOS_INVERSION) && present > 2)
		to = 2;
rescan:
	for (q = ceiling + 1; q-- > 0 && taken < limit;) {
		for (i = from; i < to && taken < limit; i++) {
			uint32_t v = (cpu + i) % present;
			struct hs_rq *victim = rq_of(s, v);
			bool lost = false;

			if (!hs_cpu_is_online(v) || ring_len(victim, q) == 0)
				continue;
			if (hs_spin_is_locked(&victim->lock)) {
				contended = true; /* entries may be out of its ring right now */
				continue;
			}
			if (limit - taken > 1 && !parking) {
				flags = prod_lock(self); /* extras will park: count room exactly */
				parking = true;
			}
			want = parking ? steal_want(self, q, limit, taken) : 1;
			if (want == 0)
				break; /* own class q is full: no room to park more of it */
			if (hs_fault(HS_FAULT_STEAL_DRAINED))
				n = steal_take_unclaimed(victim, q, want, buf);
			else
				n = ring_take(victim, q, want, buf, HS_STEAL_TRIES, &lost);
			if (n && hs_trace_enabled())
				hs_trace_migrated(buf, n, q, v, cpu);
			contended = contended || lost;
			steal_install(s, cpu, q, buf, n, &taken, &first);
		}
	}
	if (hs_fault(HS_FAULT_QOS_INVERSION) && taken == 0 && to < present) {
		from = to++; /* victim-major: nothing from this victim, try the next */
		goto rescan;
	}
	if (parking)
		prod_unlock(self, flags);
	if (taken > 0) {
		cnt_add(&self->cnt.stolen, taken);
		cnt_add(&self->cnt.steal_ops, 1);
		return hs_pick_make(HS_OK, HS_PICK_STOLEN, first, taken, finished);
	}
	if (contended) {
		cnt_add(&self->cnt.contended, 1);
		HS_TRACE(HS_TR_STEAL_CONTENDED, cpu, 0, 0);
		return hs_pick_make(HS_ERR_CONTENDED, HS_PICK_IDLE, HS_TASK_NONE, 0, finished);
	}
	return hs_pick_make(HS_OK, HS_PICK_IDLE, HS_TASK_NONE, 0, finished);
}
