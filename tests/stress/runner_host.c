// SPDX-License-Identifier: MIT
/*
 * The threads-as-CPUs runner: one pthread per logical CPU on the host arch
 * (host/host_arch.c). Each thread runs on a stack this runner
 * allocates and registers in the core's stack table, so the CPU-ID stack
 * fallback can be exercised for real by the operation mix.
 */
#include <hartsched/compiler.h>
#include <hartsched/cpu.h>

#include "host_arch.h"
#include "runner.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * ThreadSanitizer keeps ~1 MiB of static TLS at the top of every thread's
 * stack, so its builds need bigger hart stacks.
 */
#if defined(__SANITIZE_THREAD__)
#define HOST_HART_STACK (4096u * 1024u)
#else
#define HOST_HART_STACK (256u * 1024u)
#endif

struct host_hart {
	pthread_t thread;
	uint32_t cpu;
	stress_hart_body body;
	void *arg;
	void *stack;
};

static struct host_hart host_harts[HS_MAX_CPUS];

/* The "KINIT: cpuN online" lines are the ladder's business, not ours. */
static void host_quiet_console(const char *s, size_t len)
{
	(void)s;
	(void)len;
}

static int host_boot(uint32_t harts)
{
	struct hs_outcome o;
	uint32_t c;

	hs_host_arch_set_console_sink(host_quiet_console);
	o = hs_cpu_init_boot(0, harts);
	if (o.status != HS_OK) {
		fprintf(stderr, "runner: hs_cpu_init_boot(%u): %s\n", harts,
			hs_status_name(o.status));
		return -1;
	}
	for (c = 1; c < harts; c++) {
		/* Hart ids deliberately differ from logical ids. */
		o = hs_cpu_register(c, 1000u + c);
		if (o.status != HS_OK) {
			fprintf(stderr, "runner: hs_cpu_register(%u): %s\n", c,
				hs_status_name(o.status));
			return -1;
		}
	}
	return 0;
}

static void *host_thread(void *p)
{
	struct host_hart *h = p;

	hs_host_arch_become_cpu(h->cpu);
	h->body(h->cpu, h->arg);
	return NULL;
}

static int host_run(uint32_t harts, stress_hart_body body, void *arg)
{
	uint32_t c, started = 0;
	int rc = 0;

	for (c = 0; c < harts; c++) {
		struct host_hart *h = &host_harts[c];
		pthread_attr_t attr;
		struct hs_outcome o;
		int err;

		h->cpu = c;
		h->body = body;
		h->arg = arg;
		if (posix_memalign(&h->stack, 4096, HOST_HART_STACK) != 0) {
			fprintf(stderr, "runner: no memory for hart %u's stack\n", c);
			rc = -1;
			break;
		}
		memset(h->stack, 0, HOST_HART_STACK);
		o = hs_cpu_register_stack(c, (uintptr_t)h->stack,
					  (uintptr_t)h->stack + HOST_HART_STACK);
		if (o.status != HS_OK) {
			fprintf(stderr, "runner: hs_cpu_register_stack(%u): %s\n", c,
				hs_status_name(o.status));
			rc = -1;
			break;
		}
		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, h->stack, HOST_HART_STACK);
		err = pthread_create(&h->thread, &attr, host_thread, h);
		pthread_attr_destroy(&attr);
		if (err != 0) {
			fprintf(stderr, "runner: pthread_create(hart %u): %s\n", c, strerror(err));
			rc = -1;
			break;
		}
		started++;
	}
	for (c = 0; c < started; c++)
		pthread_join(host_harts[c].thread, NULL);
	/*
	 * The stacks stay allocated (reachable from host_harts) for the life of
	 * the process: the core's stack table still names them.
	 */
	return rc;
}

static void host_set_send_fault(stress_send_fault hook)
{
	hs_host_arch_set_send_hook(hook);
}

static bool host_soft_pending(uint32_t cpu)
{
	return hs_host_arch_soft_pending(cpu) != 0;
}

const struct stress_runner stress_runner_host = {
	.name = "host-threads",
	.exact_traps = true,
	.boot = host_boot,
	.run = host_run,
	.set_send_fault = host_set_send_fault,
	.soft_pending = host_soft_pending,
	.platform_sends = hs_host_arch_sends,
};
