// SPDX-License-Identifier: MIT
/*
 * CPU identification and per-hart state (src/cpu.c): the tp fast path, the
 * counted stack-range fallback for a poisoned tp, INVALID (never CPU 0) when
 * neither resolves, boot-hart-only trap runtime, the cpu <-> hart map, the
 * online mask and the once-only KINIT line printed by the secondary itself.
 */
#include "unit_fixture.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * Big enough for ThreadSanitizer builds too, which keep about 1 MiB of
 * static TLS at the top of a thread's stack; untouched pages cost nothing.
 */
#define STACK_BYTES (4096u * 1024u)

/* Stacks handed to the core's stack table: static, so they outlive every lookup. */
static uint8_t probe_stack[STACK_BYTES] __attribute__((aligned(4096)));
static uint8_t other_stack[STACK_BYTES] __attribute__((aligned(4096)));

/* tp values that must not pass the fast path (CPUs 0..3 registered, 4+ not). */
static uintptr_t poisoned_tp(uint32_t i, uintptr_t on_stack)
{
	uintptr_t base = (uintptr_t)&hs_harts[0];

	switch (i) {
	case 0:
		return base + 8; /* inside block 0, misaligned */
	case 1:
		return base + sizeof(struct hs_hart) + sizeof(struct hs_hart) / 2;
	case 2:
		return base + sizeof(hs_harts) - 4; /* inside the last block, misaligned */
	case 3:
		return base + sizeof(hs_harts); /* one past the array */
	case 4:
		return base - sizeof(struct hs_hart); /* just before it */
	case 5:
		return 0;
	case 6:
		return on_stack; /* plausible pointer, wrong place */
	case 7:
		return (uintptr_t)&hs_harts[HS_MAX_CPUS - 1]; /* aligned, never registered */
	default:
		return UINTPTR_MAX;
	}
}
#define POISON_KINDS 9u

/* /cpu/tp-fast-path: each registered CPU finds itself with no fallback. */
static void test_tp_fast_path(void)
{
	uint32_t c;

	unit_boot(4, 4);
	for (c = 0; c < 4; c++) {
		hs_host_arch_become_cpu(c);
		g_assert_cmpuint(hs_arch_read_tp(), ==, (uintptr_t)&hs_harts[c]);
		g_assert_cmpuint(hs_cpu_current(), ==, c);
	}
	hs_host_arch_become_cpu(0);
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, 0);
}

struct stack_probe {
	uint32_t cpu; /* the CPU whose registered stack the thread runs on */
};

/*
 * Runs on a stack registered for probe->cpu: the fast path first, then each
 * poisoned tp must still resolve to that CPU through the stack fallback,
 * counted exactly once per lookup. tp is restored after each.
 */
static void *fallback_thread(void *arg)
{
	const struct stack_probe *probe = arg;
	struct hs_trap_runtime *rt = (struct hs_trap_runtime *)1;
	uint64_t before;
	uintptr_t good;
	uint32_t i, saved_cpu;
	int local = 0;

	hs_host_arch_become_cpu(probe->cpu);
	good = hs_arch_read_tp();
	before = hs_cpu_fallback_count();
	g_assert_cmpuint(hs_cpu_current(), ==, probe->cpu);
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, before);

	for (i = 0; i < POISON_KINDS; i++) {
		before = hs_cpu_fallback_count();
		hs_arch_write_tp(poisoned_tp(i, (uintptr_t)&local));
		g_assert_cmpuint(hs_cpu_current(), ==, probe->cpu);
		g_assert_cmpuint(hs_cpu_fallback_count(), ==, before + 1);
		hs_arch_write_tp(good);
		g_assert_cmpuint(hs_cpu_current(), ==, probe->cpu);
		g_assert_cmpuint(hs_cpu_fallback_count(), ==, before + 1);
	}

	/* A published block whose magic is wrong. */
	before = hs_cpu_fallback_count();
	atomic_store(&hs_harts[3].magic, HS_HART_MAGIC ^ 1u);
	hs_arch_write_tp((uintptr_t)&hs_harts[3]);
	g_assert_cmpuint(hs_cpu_current(), ==, probe->cpu);
	atomic_store(&hs_harts[3].magic, HS_HART_MAGIC);
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, before + 1);

	/* A block with the right magic that names another index. */
	before = hs_cpu_fallback_count();
	saved_cpu = hs_harts[3].cpu;
	hs_harts[3].cpu = 1;
	g_assert_cmpuint(hs_cpu_current(), ==, probe->cpu);
	hs_harts[3].cpu = saved_cpu;
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, before + 1);

	/* Identified by the fallback as a secondary: still no trap runtime. */
	if (probe->cpu != 0) {
		UNIT_EXPECT(hs_trap_runtime_get(&rt), HS_ERR_NOT_BOOT_CPU);
		g_assert_null(rt);
	}
	hs_arch_write_tp(good);
	return NULL;
}

/* Run fallback_thread on a fresh stack registered for @cpu. */
static void run_on_registered_stack(uint32_t cpu)
{
	struct stack_probe probe = {.cpu = cpu};
	pthread_attr_t attr;
	pthread_t thread;
	uintptr_t lo = (uintptr_t)probe_stack;

	UNIT_EXPECT(hs_cpu_register_stack(cpu, lo, lo + STACK_BYTES), HS_OK);
	g_assert_cmpint(pthread_attr_init(&attr), ==, 0);
	g_assert_cmpint(pthread_attr_setstack(&attr, probe_stack, STACK_BYTES), ==, 0);
	g_assert_cmpint(pthread_create(&thread, &attr, fallback_thread, &probe), ==, 0);
	g_assert_cmpint(pthread_join(thread, NULL), ==, 0);
	pthread_attr_destroy(&attr);
	g_assert_true(hs_cpu_stacks_intact(NULL));
}

/* /cpu/poisoned-tp-uses-counted-fallback */
static void test_poisoned_tp_uses_counted_fallback(void)
{
	uint64_t start;

	unit_boot(4, 4);
	start = hs_cpu_fallback_count();
	g_assert_cmpuint(start, ==, 0);
	run_on_registered_stack(2);
	/* Nine poisoned values, a wrong magic and a wrong index: eleven fallbacks. */
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, start + POISON_KINDS + 2);
	/* Every one of them resolved: none is counted as ending in INVALID. */
	g_assert_cmpuint(hs_cpu_fallback_invalid_count(), ==, 0);
	/* A registered stack is not consulted while tp is good. */
	g_assert_cmpuint(hs_cpu_current(), ==, 0);
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, start + POISON_KINDS + 2);
}

/*
 * Neither tp nor a registered stack: INVALID, never CPU 0. Each such lookup
 * is counted as a fallback that ended in INVALID, apart from the fallbacks
 * that resolved (which stay 0).
 */
static void test_unresolved_is_invalid(void)
{
	struct hs_trap_runtime *rt = (struct hs_trap_runtime *)1;
	uintptr_t lo = (uintptr_t)other_stack;
	uint32_t i;
	int local = 0;

	unit_boot(4, 4);
	g_assert_cmpuint(hs_cpu_fallback_invalid_count(), ==, 0);
	/* A stack registered for another CPU must not capture this thread. */
	UNIT_EXPECT(hs_cpu_register_stack(1, lo, lo + STACK_BYTES), HS_OK);
	for (i = 0; i < POISON_KINDS; i++) {
		hs_arch_write_tp(poisoned_tp(i, (uintptr_t)&local));
		g_assert_cmpuint(hs_cpu_current(), ==, HS_CPU_INVALID);
		g_assert_cmpuint(hs_cpu_fallback_invalid_count(), ==, i + 1);
	}
	hs_arch_write_tp(poisoned_tp(0, 0));
	UNIT_EXPECT(hs_trap_runtime_get(&rt), HS_ERR_NOT_BOOT_CPU);
	g_assert_null(rt);
	g_assert_cmpuint(hs_cpu_fallback_invalid_count(), ==, POISON_KINDS + 1);
	hs_host_arch_become_cpu(0);
	/* The good tp is back: no further fallback of either kind. */
	g_assert_cmpuint(hs_cpu_current(), ==, 0);
	g_assert_cmpuint(hs_cpu_fallback_count(), ==, 0);
	g_assert_cmpuint(hs_cpu_fallback_invalid_count(), ==, POISON_KINDS + 1);
}

/* Trap runtime: the boot CPU gets it, any other CPU gets an error and NULL. */
static void test_trap_runtime_boot_only(void)
{
	struct hs_trap_runtime *rt = NULL;
	uint32_t c;

	unit_boot(4, 4);
	UNIT_EXPECT(hs_trap_runtime_get(&rt), HS_OK);
	g_assert_nonnull(rt);
	for (c = 1; c < 4; c++) {
		hs_host_arch_become_cpu(c);
		UNIT_EXPECT(hs_trap_runtime_get(&rt), HS_ERR_NOT_BOOT_CPU);
		g_assert_null(rt);
	}
	hs_host_arch_become_cpu(0);
}

/* cpu -> hart -> cpu for a boot hart that is not hart 0 and a scrambled map. */
static void test_hartid_map_round_trip(void)
{
	const uint64_t hart[] = {7, 3, 0, 12};
	uint32_t c;

	unit_boot(1, 1);
	UNIT_EXPECT(hs_cpu_init_boot(0, 0), HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_cpu_init_boot(0, HS_MAX_CPUS + 1), HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_cpu_init_boot(hart[0], 4), HS_OK);
	for (c = 1; c < 4; c++)
		UNIT_EXPECT(hs_cpu_register(c, hart[c]), HS_OK);
	UNIT_EXPECT(hs_cpu_register(HS_MAX_CPUS, 1), HS_ERR_INVALID_CPU);
	g_assert_cmpuint(hs_cpu_present(), ==, 4);
	for (c = 0; c < 4; c++) {
		g_assert_cmpuint(hs_cpu_hartid(c), ==, hart[c]);
		g_assert_cmpuint(hs_cpu_from_hartid(hart[c]), ==, c);
	}
	/* Logical CPU 0 is the boot hart, whatever its hart id. */
	hs_host_arch_become_cpu(0);
	g_assert_cmpuint(hs_cpu_current(), ==, 0);
	g_assert_cmpuint(hs_cpu_from_hartid(7), ==, 0);
	/* Unknown harts and unregistered or out-of-range CPUs map to nothing. */
	g_assert_cmpuint(hs_cpu_from_hartid(1), ==, HS_CPU_INVALID);
	g_assert_cmpuint(hs_cpu_from_hartid(99), ==, HS_CPU_INVALID);
	g_assert_cmpuint(hs_cpu_hartid(4), ==, UINT64_MAX);
	g_assert_cmpuint(hs_cpu_hartid(HS_MAX_CPUS), ==, UINT64_MAX);
	/*
	 * UINT64_MAX is what an unregistered CPU answers as its hart id: asked
	 * for that id, the map must name no CPU (not the first unregistered
	 * one), and it cannot be registered as a hart id.
	 */
	g_assert_cmpuint(hs_cpu_from_hartid(UINT64_MAX), ==, HS_CPU_INVALID);
	UNIT_EXPECT(hs_cpu_register(4, UINT64_MAX), HS_ERR_INVALID_ARG);
	g_assert_cmpuint(hs_cpu_hartid(4), ==, UINT64_MAX);
	g_assert_cmpuint(hs_cpu_from_hartid(UINT64_MAX), ==, HS_CPU_INVALID);
	/* An unregistered block is not a CPU either. */
	hs_host_arch_become_cpu(4);
	g_assert_cmpuint(hs_cpu_current(), ==, HS_CPU_INVALID);
	hs_host_arch_become_cpu(0);
}

/* Each online bit is set and cleared on its own; out-of-range ids are never online. */
static void test_online_offline_bits(void)
{
	uint32_t c, d;

	unit_boot(4, 0);
	g_assert_cmpuint(hs_cpu_online_count(), ==, 0);
	for (c = 0; c < HS_MAX_CPUS; c++) {
		UNIT_EXPECT(hs_cpu_mark_online(c), HS_OK);
		g_assert_true(hs_cpu_is_online(c));
		g_assert_cmpuint(hs_cpu_online_count(), ==, 1);
		for (d = 0; d < HS_MAX_CPUS; d++)
			g_assert_true(hs_cpu_is_online(d) == (d == c));
		UNIT_EXPECT(hs_cpu_mark_online(c), HS_OK); /* idempotent */
		g_assert_cmpuint(hs_cpu_online_count(), ==, 1);
		UNIT_EXPECT(hs_cpu_mark_offline(c), HS_OK);
		g_assert_false(hs_cpu_is_online(c));
		g_assert_cmpuint(hs_cpu_online_count(), ==, 0);
	}
	UNIT_EXPECT(hs_cpu_mark_online(0), HS_OK);
	UNIT_EXPECT(hs_cpu_mark_online(HS_MAX_CPUS - 1), HS_OK);
	g_assert_cmpuint(hs_cpu_online_count(), ==, 2);
	UNIT_EXPECT(hs_cpu_mark_online(HS_MAX_CPUS), HS_ERR_INVALID_CPU);
	UNIT_EXPECT(hs_cpu_mark_online(UINT32_MAX), HS_ERR_INVALID_CPU);
	g_assert_false(hs_cpu_is_online(HS_MAX_CPUS));
	g_assert_false(hs_cpu_is_online(UINT32_MAX));
	g_assert_cmpuint(hs_cpu_online_count(), ==, 2);
}

/* What the KINIT probe saw: lines, and whether the bit was visible yet. */
static char kinit_text[1024];
static size_t kinit_len;
static _Atomic uint32_t kinit_lines_seen_online;

/* Console sink for the KINIT test: records text and the online bit at print time. */
static void kinit_probe_sink(const char *s, size_t len)
{
	uint32_t cpu;

	/* Lines look like "KINIT: cpuN online\n"; N is the printing CPU. */
	if (len > 10 && strncmp(s, "KINIT: cpu", 10) == 0) {
		cpu = (uint32_t)strtoul(s + 10, NULL, 10);
		if (hs_cpu_is_online(cpu))
			atomic_fetch_add(&kinit_lines_seen_online, 1);
	}
	if (len > sizeof(kinit_text) - 1 - kinit_len)
		len = sizeof(kinit_text) - 1 - kinit_len;
	memcpy(kinit_text + kinit_len, s, len);
	kinit_len += len;
	kinit_text[kinit_len] = '\0';
}

static pthread_barrier_t kinit_barrier;

/* A secondary bringing itself online, three times over. */
static void *secondary_online_thread(void *arg)
{
	uint32_t cpu = (uint32_t)(uintptr_t)arg;

	hs_host_arch_become_cpu(cpu);
	pthread_barrier_wait(&kinit_barrier);
	UNIT_EXPECT(hs_cpu_mark_online(cpu), HS_OK);
	UNIT_EXPECT(hs_cpu_mark_online(cpu), HS_OK);
	UNIT_EXPECT(hs_cpu_mark_offline(cpu), HS_OK);
	UNIT_EXPECT(hs_cpu_mark_online(cpu), HS_OK);
	return NULL;
}

/* Count non-overlapping occurrences of @needle in @hay. */
static uint32_t count_of(const char *hay, const char *needle)
{
	uint32_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* KINIT: each secondary prints its line itself, once, before its bit is visible. */
static void test_kinit_printed_once_by_secondary(void)
{
	pthread_t threads[3];
	uint32_t i;

	unit_boot(4, 1);
	kinit_len = 0;
	kinit_text[0] = '\0';
	atomic_store(&kinit_lines_seen_online, 0);
	hs_host_arch_set_console_sink(kinit_probe_sink);
	/* The boot CPU never prints one. */
	UNIT_EXPECT(hs_cpu_mark_online(0), HS_OK);
	g_assert_cmpuint(kinit_len, ==, 0);

	g_assert_cmpint(pthread_barrier_init(&kinit_barrier, NULL, 3), ==, 0);
	for (i = 0; i < 3; i++)
		g_assert_cmpint(pthread_create(&threads[i], NULL, secondary_online_thread,
					       (void *)(uintptr_t)(i + 1)),
				==, 0);
	for (i = 0; i < 3; i++)
		g_assert_cmpint(pthread_join(threads[i], NULL), ==, 0);
	pthread_barrier_destroy(&kinit_barrier);

	g_assert_cmpuint(count_of(kinit_text, "KINIT: cpu1 online\n"), ==, 1);
	g_assert_cmpuint(count_of(kinit_text, "KINIT: cpu2 online\n"), ==, 1);
	g_assert_cmpuint(count_of(kinit_text, "KINIT: cpu3 online\n"), ==, 1);
	g_assert_cmpuint(count_of(kinit_text, "KINIT:"), ==, 3);
	g_assert_cmpuint(kinit_len, ==, 3 * strlen("KINIT: cpu1 online\n"));
	g_assert_cmpuint(atomic_load(&kinit_lines_seen_online), ==, 0);
	g_assert_cmpuint(hs_cpu_online_count(), ==, 4);

	/* Offline and online again later: still no second line. */
	UNIT_EXPECT(hs_cpu_mark_offline(2), HS_OK);
	UNIT_EXPECT(hs_cpu_mark_online(2), HS_OK);
	g_assert_cmpuint(count_of(kinit_text, "KINIT:"), ==, 3);
	/* A fresh boot resets it: the next bring-up prints again. */
	unit_boot(2, 1);
	hs_host_arch_set_console_sink(kinit_probe_sink);
	kinit_len = 0;
	kinit_text[0] = '\0';
	UNIT_EXPECT(hs_cpu_mark_online(1), HS_OK);
	g_assert_cmpstr(kinit_text, ==, "KINIT: cpu1 online\n");
}

/* Stack registration validates its range and the sentinel catches an overflow. */
static void test_stack_registration(void)
{
	uint64_t *stack = (uint64_t *)other_stack;
	uint32_t bad = HS_CPU_INVALID;

	unit_boot(2, 2);
	UNIT_EXPECT(hs_cpu_register_stack(HS_MAX_CPUS, (uintptr_t)stack, (uintptr_t)stack + 4096),
		    HS_ERR_INVALID_CPU);
	UNIT_EXPECT(hs_cpu_register_stack(1, (uintptr_t)stack + 4096, (uintptr_t)stack),
		    HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_cpu_register_stack(1, (uintptr_t)stack + 1, (uintptr_t)stack + 4096),
		    HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_cpu_register_stack(1, (uintptr_t)stack, (uintptr_t)stack + 8),
		    HS_ERR_INVALID_ARG);
	UNIT_EXPECT(hs_cpu_register_stack(1, (uintptr_t)stack, (uintptr_t)stack + 4096), HS_OK);
	g_assert_cmpuint(stack[0], ==, HS_STACK_SENTINEL);
	g_assert_true(hs_cpu_stacks_intact(&bad));
	g_assert_cmpuint(bad, ==, HS_CPU_INVALID);
	stack[0] = 0; /* an overflow ran over the low end */
	g_assert_false(hs_cpu_stacks_intact(&bad));
	g_assert_cmpuint(bad, ==, 1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/cpu/tp-fast-path", test_tp_fast_path);
	g_test_add_func("/cpu/poisoned-tp-uses-counted-fallback",
			test_poisoned_tp_uses_counted_fallback);
	g_test_add_func("/cpu/unresolved-is-invalid", test_unresolved_is_invalid);
	g_test_add_func("/cpu/trap-runtime-boot-only", test_trap_runtime_boot_only);
	g_test_add_func("/cpu/hartid-map-round-trip", test_hartid_map_round_trip);
	g_test_add_func("/cpu/online-offline-bits", test_online_offline_bits);
	g_test_add_func("/cpu/kinit-printed-once-by-secondary",
			test_kinit_printed_once_by_secondary);
	g_test_add_func("/cpu/stack-registration", test_stack_registration);
	return g_test_run();
}
