/* SPDX-License-Identifier: MIT */
/*
 * Shared set-up and assertions for the core's unit tests.
 *
 * Every test starts from unit_boot(): a fresh CPU table, fresh IPI state,
 * a fresh scheduler instance, console output captured instead of printed
 * (so KINIT lines cannot corrupt the TAP stream), and the calling thread
 * acting as logical CPU 0. Tests run one after another in one process, so
 * the core's global tables are safe to reset between them.
 *
 * The assertion helpers compare status names rather than numbers so that a
 * failure reads "queue-full" == "ok", and compare whole queues, whole
 * counter sets and whole task places, so that an unexpected side effect
 * anywhere fails the test, not only the value the test was about.
 */
#ifndef HS_UNIT_FIXTURE_H
#define HS_UNIT_FIXTURE_H

#include <glib.h>

#include <hartsched/cpu.h>
#include <hartsched/ipi.h>
#include <hartsched/outcome.h>
#include <hartsched/qos.h>
#include <hartsched/rq.h>

#include "host_arch.h"

/* Tests fill a class with four tasks; both builds (64 and 4) have room. */
_Static_assert(HS_QUEUE_CAPACITY >= 4, "the unit tests need at least four slots per class");

/* Most CPUs a unit test boots; bounds the size of a queue image. */
#define UNIT_MAX_PRESENT 4

/* The scheduler instance under test: static storage, never on a stack. */
extern struct hs_sched unit_sched;

/*
 * Fresh core: @present logical CPUs (hart id == cpu id, except as tests
 * choose otherwise later), CPUs 0 .. @online - 1 marked online, IPI state
 * reset, no send hook, console captured, the caller acting as CPU 0.
 */
void unit_boot(uint32_t present, uint32_t online);

/* The console lines captured since unit_boot() or unit_console_clear(). */
const char *unit_console_text(void);
void unit_console_clear(void);

/* Assert that outcome @expr has status @want (consumes the outcome). */
#define UNIT_EXPECT(expr, want)                                                                    \
	do {                                                                                       \
		struct hs_outcome unit_o_ = (expr);                                                \
		g_assert_cmpstr(hs_status_name(unit_o_.status), ==, hs_status_name(want));         \
	} while (0)

/* Assert HS_ERR_QUEUE_FULL naming class @qos and the configured capacity. */
#define UNIT_EXPECT_FULL(expr, want_qos)                                                           \
	do {                                                                                       \
		struct hs_outcome unit_o_ = (expr);                                                \
		g_assert_cmpstr(hs_status_name(unit_o_.status), ==,                                \
				hs_status_name(HS_ERR_QUEUE_FULL));                                \
		g_assert_cmpstr(hs_qos_name(unit_o_.qos), ==, hs_qos_name(want_qos));              \
		g_assert_cmpuint(unit_o_.capacity, ==, HS_QUEUE_CAPACITY);                         \
	} while (0)

/* Enqueue that must succeed. */
void unit_enqueue(uint32_t cpu, uint32_t task, uint32_t qos);

/* Enqueues that must succeed: tasks @first .. @first + @n - 1, in that order. */
void unit_enqueue_run(uint32_t cpu, uint32_t first, uint32_t n, uint32_t qos);

/* Pick on @cpu that must return @task found the way @kind says. */
void unit_pick_expect(uint32_t cpu, uint32_t kind, uint32_t task);

/* A scheduling call: hs_rq_pick or hs_rq_pick_next. */
typedef struct hs_pick (*unit_decide_fn)(struct hs_sched *s, uint32_t cpu);

/*
 * One decision on @cpu made by @decide while CPU @holder holds its own run
 * queue lock (taken with interrupts off, as @holder would); the calling
 * thread is CPU 0 again afterwards.
 */
struct hs_pick unit_decide_while_locked(uint32_t holder, uint32_t cpu, unit_decide_fn decide);

/* Assert where @task is (cpu and qos are ignored for HS_TASK_FREE). */
void unit_assert_where(uint32_t task, uint32_t place, uint32_t cpu, uint32_t qos);

/* Assert @cpu's class @qos holds exactly @want[0 .. n-1] in FIFO order. */
void unit_assert_queue(uint32_t cpu, uint32_t qos, const uint32_t *want, uint32_t n);

/* Assert every class of @cpu is empty. */
void unit_assert_cpu_queues_empty(uint32_t cpu);

/* Everything the queues and current slots of the present CPUs hold. */
struct unit_image {
	uint32_t present;
	uint32_t current[UNIT_MAX_PRESENT];
	uint32_t len[UNIT_MAX_PRESENT][HS_QOS_COUNT];
	uint32_t slot[UNIT_MAX_PRESENT][HS_QOS_COUNT][HS_QUEUE_CAPACITY];
};

void unit_image_take(struct unit_image *img);
void unit_image_assert_equal(const struct unit_image *before, const struct unit_image *after);

/* Assert the queues and current slots are exactly as @before took them. */
void unit_image_assert_unchanged(const struct unit_image *before);

/* Plain copy of one CPU's counters (or of rejected_nowhere only). */
struct unit_counts {
	uint64_t enqueued, picked, stolen, steal_ops, contended;
	uint64_t yields, finished, purged, moved;
	uint64_t rejected[HS_STATUS_COUNT];
};

void unit_counts_read(uint32_t cpu, struct unit_counts *out);
void unit_counts_read_nowhere(struct unit_counts *out);

/* Assert every field of @cpu's counters equals @want's. */
void unit_assert_counts(uint32_t cpu, const struct unit_counts *want);
void unit_assert_counts_nowhere(const struct unit_counts *want);

/* Take @cpu's S_SOFT trap on this thread, as the port's trap entry would. */
void unit_trap_on(uint32_t cpu);

/*
 * Request A from CPU 0 to @target (not 2) whose send is in flight while CPU
 * 2's request B coalesces onto A's claim; then A's send is refused. A resend
 * on B's behalf is delivered, or refused too when @refuse_resend. Returns
 * A's outcome, B's in *@b. No send hook is left set.
 */
struct hs_outcome unit_ipi_coalesce_onto_refused(uint32_t target, bool refuse_resend,
						 struct hs_outcome *b);

/*
 * Request A from CPU 0 to @target whose send is in flight while a stray
 * trap on @target consumes A's claim and request B (as CPU 0) claims
 * pending and sends its IPI (delivered); then A's send is refused. Returns
 * A's outcome, B's in *@b. No send hook is left set.
 */
struct hs_outcome unit_ipi_later_claim_then_refused(uint32_t target, struct hs_outcome *b);

#endif /* HS_UNIT_FIXTURE_H */
