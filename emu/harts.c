// SPDX-License-Identifier: MIT
/*
 * The threaded firmware of the emulated harts (overview in emu/harts.h):
 * one pthread per hart on an emulator-mapped stack. What the harts run is
 * hartloop.c, shared with the simulator's firmware (sim/emu_harts.c).
 *
 *   data                 written by                   read by
 *   -------------------  ---------------------------  ------------------------------
 *   stacks[c]            main thread before hart 0    hart 0 (registration), the
 *                        starts                       main thread after the joins
 *   threads[c]           hart 0 (c > 0), the main     the main thread after hart 0's
 *                        thread (c = 0)               join
 */
#include <hartsched/config.h>

#include <emu/hartloop.h>
#include <emu/harts.h>
#include <emu/irq.h>
#include <emu/stack.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static struct hs_emu_stack stacks[HS_MAX_CPUS];
static pthread_t threads[HS_MAX_CPUS];

/* The port's stack: the mapping's registered range. */
static void thread_stack(uint32_t cpu, uintptr_t *lo, uintptr_t *hi)
{
	*lo = stacks[cpu].lo;
	*hi = stacks[cpu].hi;
}

/* Start a thread for @cpu on its emulator stack running @fn. */
static int start_thread(uint32_t cpu, void *(*fn)(void *))
{
	pthread_attr_t attr;
	sigset_t mask;
	int err;

	err = pthread_attr_init(&attr);
	if (err)
		return err;
	err = pthread_attr_setstack(&attr, hs_emu_stack_thread_base(&stacks[cpu]),
				    hs_emu_stack_thread_size(&stacks[cpu]));
	/* The trap signal starts blocked; the hart unblocks it once it is bound. */
	if (!err)
		err = pthread_sigmask(SIG_BLOCK, NULL, &mask);
	if (!err)
		err = sigaddset(&mask, hs_emu_irq_signo()) ? EINVAL : 0;
	if (!err)
		err = pthread_attr_setsigmask_np(&attr, &mask);
	if (!err)
		err = pthread_create(&threads[cpu], &attr, fn, (void *)(uintptr_t)cpu);
	pthread_attr_destroy(&attr);
	return err;
}

/* A secondary's thread: the shared secondary code. */
static void *secondary_main(void *arg)
{
	hs_emu_hartloop_secondary((uint32_t)(uintptr_t)arg);
	return NULL;
}

/* The port's start: a thread of its own for secondary @cpu. */
static int start_secondary(uint32_t cpu)
{
	return start_thread(cpu, secondary_main);
}

/* Hart 0's thread: the shared boot code. */
static void *boot_main(void *unused)
{
	(void)unused;
	hs_emu_hartloop_boot();
	return NULL;
}

static const struct hs_emu_hart_port thread_port = {
	.start = start_secondary,
	.stack = thread_stack,
};

/*
 * The firmware: map every stack, start hart 0 on a thread of its own, and
 * wait for every hart thread to exit before the stacks go.
 */
int hs_emu_harts_run(const struct hs_emu_config *cfg, hs_emu_boot_fn boot_fn, void *arg)
{
	uint32_t cpu, bad = 0;
	int err = 0;

	if (!hs_emu_hartloop_check(cfg, HS_MAX_CPUS, "hartsched-emu"))
		return 1;
	memset(stacks, 0, sizeof(stacks));
	hs_emu_hartloop_init(cfg, boot_fn, arg, &thread_port);
	for (cpu = 0; cpu < cfg->harts && !err; cpu++) {
		bad = cpu;
		err = hs_emu_stack_alloc(&stacks[cpu]);
	}
	if (!err) {
		bad = 0;
		err = start_thread(0, boot_main);
	}
	if (err) {
		fprintf(stderr, "hartsched-emu: cannot set up hart %u: %s\n", bad,
			strerror(err < 0 ? -err : err));
	} else {
		pthread_join(threads[0], NULL);
	}
	for (cpu = 1; cpu < cfg->harts; cpu++) {
		if (hs_emu_hartloop_started(cpu))
			pthread_join(threads[cpu], NULL);
	}
	for (cpu = 0; cpu < cfg->harts; cpu++)
		hs_emu_stack_free(&stacks[cpu]);
	return err ? 1 : hs_emu_hartloop_status();
}
