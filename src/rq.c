// SPDX-License-Identifier: MIT
/*
 * Per-CPU run queues with QoS classes and bounded work stealing.
 *
 * Design: one ticket lock per CPU guards that CPU's four class FIFOs and its
 * current slot (Linux-style). Every critical section is O(capacity) and a
 * CPU never waits for a lock while holding one (a thief holds its own lock
 * and only *tries* the victim's), so there is no deadlock and every wait is
 * bounded. Numbers and the alternatives weighed are in docs/architecture.md
 * and docs/benchmarks.md.
 *
 * Synchronisation table
 *
 *   data                       written by                      read by
 *   -------------------------  ------------------------------  ---------------------------
 *   rq[c].slot, current,       holder of rq[c].lock            holder of rq[c].lock
 *     steal_ceiling
 *   rq[c].fifo[q].head/tail    holder of rq[c].lock, relaxed   the holder; thieves' unlocked
 *                              stores                          peek and hs_rq_len (relaxed; a
 *                                                              stale length only costs a
 *                                                              wasted trylock or a skipped
 *                                                              victim this round)
 *   task_state[t]  FREE ->     enqueuer holding rq[dst].lock,  purge / set_qos locate
 *                  QUEUED      CAS (acq_rel)                   (acquire), re-read under lock
 *   task_state[t]  any other   holder of the lock of the CPU   the same
 *                  change      the state names (a steal holds
 *                              both the victim's and its own)
 *   rq[c].cnt (not rejected)   holder of rq[c].lock            stats readers, relaxed
 *   rq[c].cnt.rejected,        any CPU, relaxed fetch_add      stats readers, relaxed
 *   rejected_nowhere
 *   steal_max                  configuration, relaxed          pick, relaxed
 *
 *   operation        locks held                      may run concurrently with
 *   ---------------  ------------------------------  ------------------------------------
 *   enqueue_on(c)    rq[c]                           anything not holding rq[c]
 *   pick(c),         rq[c]; while stealing also       anything; two thieves never wait on
 *   pick_next(c)     trylock rq[v]                    each other (trylock, bounded tries)
 *   yield/finish(c)  rq[c]                           anything not holding rq[c]
 *   purge/set_qos    rq[cpu named by task_state]     anything; a task that moved between
 *                                                    the locate and the lock is re-located
 *                                                    at most HS_LOCATE_TRIES times
 *
 * Interrupts are off while any rq lock is held; the S_SOFT trap handler
 * never takes one (it only touches IPI atomics), so the trap cannot deadlock
 * against a lock holder on its own hart.
 */
#include <hartsched/arch.h>
#include <hartsched/cpu.h>
#include <hartsched/rq.h>

#define HS_FIFO_MASK (HS_QUEUE_CAPACITY - 1u)

_Static_assert(HS_QOS_COUNT == 4, "state word holds qos in 2 bits");

/* task_state word: place in bits 0-1, qos in bits 2-3, cpu in bits 8-15. */
static inline uint32_t ts_make(uint32_t place, uint32_t cpu, uint32_t qos)
{
	return place | (qos << 2) | (cpu << 8);
}

static inline uint32_t ts_place(uint32_t st)
{
	return st & 3u;
}

static inline uint32_t ts_qos(uint32_t st)
{
	return (st >> 2) & 3u;
}

static inline uint32_t ts_cpu(uint32_t st)
{
	return (st >> 8) & 0xffu;
}

/* Counter update by the lock holder: no read-modify-write needed. */
static inline void cnt_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
			      memory_order_relaxed);
}

/*
 * FIFO ends: relaxed atomics. Only the holder of rq's lock writes them, so
 * its own reads see its own writes; readers without the lock (thieves' peek,
 * hs_rq_len) get a possibly stale length, which only costs a wasted trylock
 * or a skipped victim this round. The lock's acquire/release orders the
 * slots and the ends between successive holders.
 */
static inline uint32_t end_get(const _Atomic uint32_t *e)
{
	return atomic_load_explicit(e, memory_order_relaxed);
}

static inline void end_set(_Atomic uint32_t *e, uint32_t v)
{
	atomic_store_explicit(e, v, memory_order_relaxed);
}

/* Length of class @q (lock held: exact). */
static inline uint32_t fifo_len(const struct hs_rq *rq, uint32_t q)
{
	return end_get(&rq->fifo[q].tail) - end_get(&rq->fifo[q].head);
}

/*
 * Length of class @q for a reader without the lock. The two ends are read
 * at different moments while the holder moves them (a pop after the tail
 * was read, a purge that pulls the tail back), so their difference can
 * wrap below 0 or pass the capacity; clamp it into [0, capacity]. The
 * answer is a hint, exact only when the CPU is quiescent.
 */
static inline uint32_t fifo_len_unlocked(const struct hs_rq *rq, uint32_t q)
{
	uint32_t len = fifo_len(rq, q);

	if (len <= HS_QUEUE_CAPACITY)
		return len;
	return (int32_t)len < 0 ? 0 : HS_QUEUE_CAPACITY;
}

/* Slot @i positions after the head of class @q (lock held). */
static inline uint32_t *fifo_at(struct hs_rq *rq, uint32_t q, uint32_t i)
{
	return &rq->slot[q][(end_get(&rq->fifo[q].head) + i) & HS_FIFO_MASK];
}

static inline void fifo_push(struct hs_rq *rq, uint32_t q, uint32_t task)
{
	uint32_t tail = end_get(&rq->fifo[q].tail);

	rq->slot[q][tail & HS_FIFO_MASK] = task;
	end_set(&rq->fifo[q].tail, tail + 1);
}

static inline uint32_t fifo_pop(struct hs_rq *rq, uint32_t q)
{
	uint32_t head = end_get(&rq->fifo[q].head);
	uint32_t task = rq->slot[q][head & HS_FIFO_MASK];

	end_set(&rq->fifo[q].head, head + 1);
	return task;
}

/*
 * Remove @task from the middle of class @q, keeping the others' order.
 * Returns false if @task is not there (a broken invariant the caller
 * reports).
 */
static bool fifo_remove(struct hs_rq *rq, uint32_t q, uint32_t task)
{
	uint32_t i, len = fifo_len(rq, q);

	for (i = 0; i < len; i++) {
		if (*fifo_at(rq, q, i) == task)
			break;
	}
	if (i == len)
		return false;
	for (; i + 1 < len; i++)
		*fifo_at(rq, q, i) = *fifo_at(rq, q, i + 1);
	end_set(&rq->fifo[q].tail, end_get(&rq->fifo[q].tail) - 1);
	return true;
}

static inline unsigned long rq_lock(struct hs_rq *rq)
{
	unsigned long flags = hs_arch_irq_save();

	hs_spin_lock(&rq->lock);
	return flags;
}

static inline void rq_unlock(struct hs_rq *rq, unsigned long flags)
{
	hs_spin_unlock(&rq->lock);
	hs_arch_irq_restore(flags);
}

static inline void task_state_set(struct hs_sched *s, uint32_t task, uint32_t st)
{
	/* Release: pairs with the acquire load in task_locate() / the enqueue CAS. */
	atomic_store_explicit(&s->task_state[task], st, memory_order_release);
}

/* Count a rejection against @cpu when it names one, else the instance. */
static struct hs_outcome reject(struct hs_sched *s, uint32_t cpu, uint32_t status)
{
	/* Relaxed RMW from any CPU: a figure for stats readers, pairs with nothing. */
	if (cpu < HS_MAX_CPUS)
		atomic_fetch_add_explicit(&s->rq[cpu].cnt.rejected[status], 1,
					  memory_order_relaxed);
	else
		atomic_fetch_add_explicit(&s->rejected_nowhere[status], 1, memory_order_relaxed);
	return hs_outcome_of(status);
}

static struct hs_outcome reject_full(struct hs_sched *s, uint32_t cpu, uint32_t qos)
{
	struct hs_outcome o = reject(s, cpu, HS_ERR_QUEUE_FULL);

	o.qos = qos;
	o.capacity = HS_QUEUE_CAPACITY;
	return o;
}

void hs_sched_init(struct hs_sched *s)
{
	uint32_t c, q, t;

	for (c = 0; c < HS_MAX_CPUS; c++) {
		struct hs_rq *rq = &s->rq[c];

		hs_spin_init(&rq->lock);
		rq->current = HS_TASK_NONE;
		rq->steal_ceiling = HS_QOS_NORMAL;
		for (q = 0; q < HS_QOS_COUNT; q++) {
			atomic_init(&rq->fifo[q].head, 0);
			atomic_init(&rq->fifo[q].tail, 0);
		}
		atomic_init(&rq->cnt.enqueued, 0);
		atomic_init(&rq->cnt.picked, 0);
		atomic_init(&rq->cnt.stolen, 0);
		atomic_init(&rq->cnt.steal_ops, 0);
		atomic_init(&rq->cnt.contended, 0);
		atomic_init(&rq->cnt.yields, 0);
		atomic_init(&rq->cnt.finished, 0);
		atomic_init(&rq->cnt.purged, 0);
		atomic_init(&rq->cnt.moved, 0);
		for (q = 0; q < HS_STATUS_COUNT; q++)
			atomic_init(&rq->cnt.rejected[q], 0);
	}
	for (t = 0; t < HS_MAX_TASKS; t++)
		atomic_init(&s->task_state[t], ts_make(HS_TASK_FREE, 0, 0));
	for (q = 0; q < HS_STATUS_COUNT; q++)
		atomic_init(&s->rejected_nowhere[q], 0);
	atomic_init(&s->steal_max, HS_STEAL_MAX_PER_TICK);
}

/*
 * Enqueue @task on @cpu's class @qos. The capacity check comes before the
 * claim on the task, so a rejection changes nothing but a reject counter.
 */
struct hs_outcome hs_rq_enqueue_on(struct hs_sched *s, uint32_t cpu, uint32_t task, uint32_t qos)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t expect;

	if (cpu >= HS_MAX_CPUS)
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return reject(s, cpu, HS_ERR_INVALID_QOS);
	if (task >= HS_MAX_TASKS)
		return reject(s, cpu, HS_ERR_INVALID_TASK);

	rq = &s->rq[cpu];
	flags = rq_lock(rq);
	/*
	 * Online check under the lock only: whoever takes a CPU offline clears
	 * its bit and then drains its queues under this lock, so an enqueue
	 * that locks after the drain must see the bit clear and not strand a
	 * task there. Acquire (in hs_cpu_is_online) pairs with the release in
	 * hs_cpu_mark_offline(); the lock orders us after the drain. (A check
	 * before the lock would only make the rare offline rejection cheaper.)
	 */
	if (!hs_cpu_is_online(cpu)) {
		rq_unlock(rq, flags);
		return reject(s, cpu, HS_ERR_CPU_OFFLINE);
	}
	if (fifo_len(rq, qos) == HS_QUEUE_CAPACITY) {
		rq_unlock(rq, flags);
		return reject_full(s, cpu, qos);
	}
	/*
	 * Claim the task: only a FREE task may be enqueued. Acquire pairs with
	 * the release store that freed it; release publishes the new place.
	 */
	expect = ts_make(HS_TASK_FREE, 0, 0);
	if (!atomic_compare_exchange_strong_explicit(&s->task_state[task], &expect,
						     ts_make(HS_TASK_QUEUED, cpu, qos),
						     memory_order_acq_rel, memory_order_acquire)) {
		rq_unlock(rq, flags);
		return reject(s, cpu,
			      ts_place(expect) == HS_TASK_RUNNING ? HS_ERR_ALREADY_RUNNING
								  : HS_ERR_ALREADY_QUEUED);
	}
	fifo_push(rq, qos, task);
	cnt_add(&rq->cnt.enqueued, 1);
	rq_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_enqueue(struct hs_sched *s, uint32_t task, uint32_t qos)
{
	uint32_t cpu = hs_cpu_current();

	if (cpu == HS_CPU_INVALID)
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	return hs_rq_enqueue_on(s, cpu, task, qos);
}

/* Pop the highest non-empty local class into current (lock held). */
static uint32_t rq_pick_local(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu)
{
	uint32_t q, task;

	for (q = HS_QOS_COUNT; q-- > 0;) {
		if (fifo_len(rq, q) == 0)
			continue;
		task = fifo_pop(rq, q);
		task_state_set(s, task, ts_make(HS_TASK_RUNNING, cpu, q));
		rq->current = task;
		cnt_add(&rq->cnt.picked, 1);
		return task;
	}
	return HS_TASK_NONE;
}

/* Peek without the lock: does @v seem to hold a task of class <= @ceiling? */
static bool victim_has_eligible(const struct hs_rq *v, uint32_t ceiling)
{
	uint32_t q;

	for (q = 0; q <= ceiling; q++) {
		if (fifo_len_unlocked(v, q) != 0)
			return true;
	}
	return false;
}

/*
 * Take up to steal_max tasks from @victim (both locks held), highest
 * eligible class first, oldest first. The first becomes @self's current;
 * the rest park at the tail of @self's (empty) queues, only while room
 * remains, so nothing is ever dropped. Returns how many were taken.
 */
static uint32_t steal_from(struct hs_sched *s, struct hs_rq *self, uint32_t cpu,
			   struct hs_rq *victim, uint32_t limit)
{
	uint32_t q, task, taken = 0;

	for (q = self->steal_ceiling + 1; q-- > 0 && taken < limit;) {
		while (taken < limit && fifo_len(victim, q) != 0) {
			if (taken == 0) {
				task = fifo_pop(victim, q);
				task_state_set(s, task, ts_make(HS_TASK_RUNNING, cpu, q));
				self->current = task;
			} else {
				if (fifo_len(self, q) == HS_QUEUE_CAPACITY)
					break;
				task = fifo_pop(victim, q);
				task_state_set(s, task, ts_make(HS_TASK_QUEUED, cpu, q));
				fifo_push(self, q, task);
			}
			taken++;
		}
	}
	return taken;
}

/*
 * The steal path of a decision (own lock held, all own classes empty).
 * Scans victims from (cpu + 1) mod present; tries each eligible victim's
 * lock HS_STEAL_TRIES times; steals from the first one it gets.
 */
static struct hs_pick rq_steal(struct hs_sched *s, struct hs_rq *self, uint32_t cpu)
{
	struct hs_pick p = {.status = HS_OK, .kind = HS_PICK_IDLE, .task = HS_TASK_NONE};
	uint32_t present = hs_cpu_present();
	/* Relaxed: any value set by hs_rq_set_steal_max() is a valid bound. */
	uint32_t limit = atomic_load_explicit(&s->steal_max, memory_order_relaxed);
	bool contended = false;
	uint32_t i, tries;

	for (i = 1; i < present; i++) {
		uint32_t v = (cpu + i) % present;
		struct hs_rq *victim = &s->rq[v];
		bool locked = false;
		uint32_t taken;

		if (!hs_cpu_is_online(v) || !victim_has_eligible(victim, self->steal_ceiling))
			continue;
		for (tries = 0; tries < HS_STEAL_TRIES && !locked; tries++) {
			locked = hs_spin_trylock(&victim->lock);
			if (!locked)
				hs_arch_cpu_relax(tries);
		}
		if (!locked) {
			contended = true;
			continue;
		}
		taken = steal_from(s, self, cpu, victim, limit);
		hs_spin_unlock(&victim->lock);
		if (taken == 0)
			continue; /* the peek was stale */
		cnt_add(&self->cnt.stolen, taken);
		cnt_add(&self->cnt.steal_ops, 1);
		p.kind = HS_PICK_STOLEN;
		p.task = self->current;
		p.stolen = taken;
		return p;
	}
	if (contended) {
		cnt_add(&self->cnt.contended, 1);
		p.status = HS_ERR_CONTENDED;
	}
	return p;
}

/* One scheduling decision on @cpu with its lock held (see hs_rq_pick()). */
static inline struct hs_pick rq_decide(struct hs_sched *s, struct hs_rq *rq, uint32_t cpu)
{
	struct hs_pick p = {.status = HS_OK, .kind = HS_PICK_IDLE, .task = HS_TASK_NONE};

	if (rq->current != HS_TASK_NONE) {
		p.kind = HS_PICK_CURRENT;
		p.task = rq->current;
	} else if (rq_pick_local(s, rq, cpu) != HS_TASK_NONE) {
		p.kind = HS_PICK_LOCAL;
		p.task = rq->current;
	} else {
		p = rq_steal(s, rq, cpu);
	}
	p.finished = HS_TASK_NONE;
	return p;
}

/* Clear @rq's current task @task, which ran to completion (lock held). */
static void rq_finish_current(struct hs_sched *s, struct hs_rq *rq, uint32_t task)
{
	rq->current = HS_TASK_NONE;
	task_state_set(s, task, ts_make(HS_TASK_FREE, 0, 0));
	cnt_add(&rq->cnt.finished, 1);
}

/* Reject a decision on an out-of-range @cpu (nothing is touched but the counter). */
static struct hs_pick pick_invalid_cpu(struct hs_sched *s)
{
	struct hs_pick p = {.status = HS_ERR_INVALID_CPU,
			    .kind = HS_PICK_IDLE,
			    .task = HS_TASK_NONE,
			    .finished = HS_TASK_NONE};

	HS_IGNORE(reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU)); /* p says it */
	return p;
}

struct hs_pick hs_rq_pick(struct hs_sched *s, uint32_t cpu)
{
	struct hs_pick p;
	struct hs_rq *rq;
	unsigned long flags;

	if (cpu >= HS_MAX_CPUS)
		return pick_invalid_cpu(s);
	rq = &s->rq[cpu];
	flags = rq_lock(rq);
	p = rq_decide(s, rq, cpu);
	rq_unlock(rq, flags);
	return p;
}

/*
 * finish + pick in one critical section. Nothing can run on @cpu between
 * the two halves, so the decision sees exactly the queues a separate pick
 * right after the finish would have seen, had no other CPU moved first.
 */
struct hs_pick hs_rq_pick_next(struct hs_sched *s, uint32_t cpu)
{
	struct hs_pick p;
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t done;

	if (cpu >= HS_MAX_CPUS)
		return pick_invalid_cpu(s);
	rq = &s->rq[cpu];
	flags = rq_lock(rq);
	done = rq->current;
	if (done != HS_TASK_NONE)
		rq_finish_current(s, rq, done);
	p = rq_decide(s, rq, cpu);
	p.finished = done;
	rq_unlock(rq, flags);
	return p;
}

struct hs_outcome hs_rq_yield(struct hs_sched *s, uint32_t cpu)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t task, qos;

	if (cpu >= HS_MAX_CPUS)
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	rq = &s->rq[cpu];
	flags = rq_lock(rq);
	task = rq->current;
	if (task == HS_TASK_NONE) {
		rq_unlock(rq, flags);
		return reject(s, cpu, HS_ERR_NO_CURRENT);
	}
	/* Relaxed: the running task's word only changes under this lock, held. */
	qos = ts_qos(atomic_load_explicit(&s->task_state[task], memory_order_relaxed));
	if (fifo_len(rq, qos) == HS_QUEUE_CAPACITY) {
		rq_unlock(rq, flags);
		return reject_full(s, cpu, qos); /* fail closed: stays current */
	}
	fifo_push(rq, qos, task);
	task_state_set(s, task, ts_make(HS_TASK_QUEUED, cpu, qos));
	rq->current = HS_TASK_NONE;
	cnt_add(&rq->cnt.yields, 1);
	rq_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_finish(struct hs_sched *s, uint32_t cpu)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t task;

	if (cpu >= HS_MAX_CPUS)
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_CPU);
	rq = &s->rq[cpu];
	flags = rq_lock(rq);
	task = rq->current;
	if (task == HS_TASK_NONE) {
		rq_unlock(rq, flags);
		return reject(s, cpu, HS_ERR_NO_CURRENT);
	}
	rq_finish_current(s, rq, task);
	rq_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

/*
 * Lock the run queue of the CPU that @task is on and return its state word
 * as read under that lock. The task may migrate (steal) or be freed between
 * the unlocked read and the lock; re-check a bounded number of times.
 * On success *flags holds the saved interrupt state and the lock is held.
 */
static struct hs_outcome task_locate_lock(struct hs_sched *s, uint32_t task, uint32_t *state,
					  unsigned long *flags)
{
	uint32_t tries, st, cpu;

	for (tries = 0; tries < HS_LOCATE_TRIES; tries++) {
		/* Acquire: pairs with the release in task_state_set() / enqueue CAS. */
		st = atomic_load_explicit(&s->task_state[task], memory_order_acquire);
		if (ts_place(st) == HS_TASK_FREE)
			return hs_outcome_of(HS_ERR_NOT_FOUND);
		cpu = ts_cpu(st);
		*flags = rq_lock(&s->rq[cpu]);
		/* Stable while we hold this lock, if it still names this CPU. */
		st = atomic_load_explicit(&s->task_state[task], memory_order_relaxed);
		if (ts_place(st) != HS_TASK_FREE && ts_cpu(st) == cpu) {
			*state = st;
			return hs_outcome_of(HS_OK);
		}
		rq_unlock(&s->rq[cpu], *flags);
	}
	return hs_outcome_of(HS_ERR_CONTENDED);
}

struct hs_outcome hs_rq_purge(struct hs_sched *s, uint32_t task)
{
	struct hs_outcome o;
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t st;

	if (task >= HS_MAX_TASKS)
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_TASK);
	o = task_locate_lock(s, task, &st, &flags);
	if (o.status != HS_OK)
		return reject(s, HS_CPU_INVALID, o.status);
	rq = &s->rq[ts_cpu(st)];
	if (ts_place(st) == HS_TASK_RUNNING) {
		rq->current = HS_TASK_NONE;
	} else {
		if (!fifo_remove(rq, ts_qos(st), task))
			hs_arch_fatal("hs_rq_purge: queued task missing from its fifo");
	}
	task_state_set(s, task, ts_make(HS_TASK_FREE, 0, 0));
	cnt_add(&rq->cnt.purged, 1);
	rq_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_set_task_qos(struct hs_sched *s, uint32_t task, uint32_t qos)
{
	struct hs_outcome o;
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t st, cpu, old;

	if (task >= HS_MAX_TASKS)
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_TASK);
	if (!hs_qos_valid(qos))
		return reject(s, HS_CPU_INVALID, HS_ERR_INVALID_QOS);
	o = task_locate_lock(s, task, &st, &flags);
	if (o.status != HS_OK)
		return reject(s, HS_CPU_INVALID, o.status);
	cpu = ts_cpu(st);
	old = ts_qos(st);
	rq = &s->rq[cpu];
	if (ts_place(st) == HS_TASK_RUNNING) {
		task_state_set(s, task, ts_make(HS_TASK_RUNNING, cpu, qos));
		rq_unlock(rq, flags);
		return hs_outcome_of(HS_OK);
	}
	/* Check room first: a refused move leaves class and position as they were. */
	if (qos != old && fifo_len(rq, qos) == HS_QUEUE_CAPACITY) {
		rq_unlock(rq, flags);
		return reject_full(s, cpu, qos);
	}
	if (!fifo_remove(rq, old, task))
		hs_arch_fatal("hs_rq_set_task_qos: queued task missing from its fifo");
	fifo_push(rq, qos, task);
	task_state_set(s, task, ts_make(HS_TASK_QUEUED, cpu, qos));
	cnt_add(&rq->cnt.moved, 1);
	rq_unlock(rq, flags);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_set_steal_max(struct hs_sched *s, uint32_t n)
{
	if (n < 1 || n > HS_STEAL_MAX_LIMIT)
		return hs_outcome_of(HS_ERR_INVALID_ARG);
	/* Relaxed: a bound read whole by each decision; it publishes nothing else. */
	atomic_store_explicit(&s->steal_max, n, memory_order_relaxed);
	return hs_outcome_of(HS_OK);
}

struct hs_outcome hs_rq_set_steal_ceiling(struct hs_sched *s, uint32_t cpu, uint32_t qos)
{
	unsigned long flags;

	if (cpu >= HS_MAX_CPUS)
		return hs_outcome_of(HS_ERR_INVALID_CPU);
	if (!hs_qos_valid(qos))
		return hs_outcome_of(HS_ERR_INVALID_QOS);
	flags = rq_lock(&s->rq[cpu]);
	s->rq[cpu].steal_ceiling = qos;
	rq_unlock(&s->rq[cpu], flags);
	return hs_outcome_of(HS_OK);
}

struct hs_task_where hs_rq_where(const struct hs_sched *s, uint32_t task)
{
	struct hs_task_where w = {.place = HS_TASK_FREE, .cpu = HS_CPU_INVALID, .qos = 0};
	uint32_t st;

	if (task >= HS_MAX_TASKS)
		return w;
	/* Acquire: pairs with the release in task_state_set() / the enqueue CAS. */
	st = atomic_load_explicit(&s->task_state[task], memory_order_acquire);
	w.place = ts_place(st);
	if (w.place != HS_TASK_FREE) {
		w.cpu = ts_cpu(st);
		w.qos = ts_qos(st);
	}
	return w;
}

uint32_t hs_rq_len(const struct hs_sched *s, uint32_t cpu, uint32_t qos)
{
	if (cpu >= HS_MAX_CPUS || !hs_qos_valid(qos))
		return 0;
	return fifo_len_unlocked(&s->rq[cpu], qos);
}

uint32_t hs_rq_current(struct hs_sched *s, uint32_t cpu)
{
	unsigned long flags;
	uint32_t task;

	if (cpu >= HS_MAX_CPUS)
		return HS_TASK_NONE;
	flags = rq_lock(&s->rq[cpu]);
	task = s->rq[cpu].current;
	rq_unlock(&s->rq[cpu], flags);
	return task;
}

uint32_t hs_rq_snapshot(struct hs_sched *s, uint32_t cpu, uint32_t qos, uint32_t *out, uint32_t max)
{
	struct hs_rq *rq;
	unsigned long flags;
	uint32_t i, n;

	if (cpu >= HS_MAX_CPUS || !hs_qos_valid(qos))
		return 0;
	flags = rq_lock(&s->rq[cpu]);
	rq = &s->rq[cpu];
	n = fifo_len(rq, qos) < max ? fifo_len(rq, qos) : max;
	for (i = 0; i < n; i++)
		out[i] = *fifo_at(rq, qos, i);
	rq_unlock(&s->rq[cpu], flags);
	return n;
}
