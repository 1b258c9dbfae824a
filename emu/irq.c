// SPDX-License-Identifier: MIT
/*
 * The emulated supervisor interrupt model, faithful to RISC-V:
 *
 *   sstatus.SIE  hs_hosted_irq.sie, a thread-local word of the hart's thread
 *   sie.SSIE     irq_harts[h].ssie
 *   sip.SSIP     irq_harts[h].ssip (32-bit atomic)
 *   the trap     a dedicated real-time signal; its handler is the trap entry
 *
 * Send = set the target's SSIP (0 -> 1) then pthread_kill(). The handler
 * takes the trap only when SIE, SSIE and SSIP are all set: SIE off, call the
 * core's hs_ipi_handle_soft() (which clears SSIP first), SIE back on. With
 * SIE off it returns and leaves SSIP pending; every SIE 0 -> 1 transition
 * (hs_arch_irq_restore, the end of a wait) then checks SSIP and, when set,
 * re-raises the signal on itself so the trap is taken at once, as hardware
 * takes a pending interrupt when SIE is set again. The handler runs with its
 * own signal blocked, so traps never nest; a send during a trap queues a
 * signal that is delivered right after the handler returns.
 *
 * irq_save/irq_restore are the core's inline pair (arch_irq_hosted.h): they
 * touch only the thread-local SIE word and, on enable, load the hart's SSIP
 * (hs_hosted_irq.ssip, set while a hart is bound); the slow path (a pending
 * interrupt on enable) costs one tgkill.
 *
 * Synchronisation table
 *
 *   data              written by                        read by
 *   ----------------  --------------------------------  -----------------------------
 *   ssip[h]           senders: exchange(1), acq_rel;    hart h (handler, restore,
 *                     hart h's trap: store(0), release  wait): acquire loads
 *   ssie[h], bound[h] hart h: release stores            hart h's handler, senders:
 *                                                       acquire loads
 *   hs_hosted_irq.sie its own thread, relaxed, with     its own signal handler
 *                     atomic_signal_fence around it
 *   counters          hart h (thread or handler),       stats readers, relaxed
 *                     relaxed RMW
 *
 * Pairing: a sender's exchange(ssip, 1) pairs with the trap's release store
 * of 0 in hs_arch_clear_soft_pending() and with the target's acquire loads:
 * a target that sees SSIP set also sees what the sender did before sending
 * (in particular the core's pending flag, which has its own pairing).
 */
#include <hartsched/arch.h>
#include <hartsched/config.h>
#include <hartsched/cpu.h>
#include <hartsched/ipi.h>

#include <emu/config.h>
#include <emu/counter.h>
#include <emu/irq.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define TLS_IE __attribute__((tls_model("initial-exec")))

struct irq_hart {
	pthread_t thread;	  /* the hart's thread, valid while bound */
	_Atomic uint32_t bound;	  /* 1 while a thread is bound */
	_Atomic uint32_t ssip;	  /* sip.SSIP */
	_Atomic uint32_t ssie;	  /* sie.SSIE */
	_Atomic uint64_t signals; /* see struct hs_emu_irq_stats */
	_Atomic uint64_t deferred;
	_Atomic uint64_t spurious;
	_Atomic uint64_t traps;
	_Atomic uint64_t replays;
	_Atomic uint64_t fake_traps;
	_Atomic uint64_t dropped;
	_Atomic uint64_t kicks;
	_Atomic uint64_t wfi;
} HS_CACHE_ALIGNED;

static struct irq_hart irq_harts[HS_MAX_CPUS];
static int irq_signo;
static sigset_t irq_sigset;	    /* just irq_signo */
static _Atomic uint32_t irq_inject; /* HS_EMU_INJECT_* */

static _Thread_local struct irq_hart *irq_self TLS_IE;
static _Thread_local uint64_t irq_self_id TLS_IE;
/* sstatus.SIE (off until a hart is bound) and the bound hart's SSIP. */
_Thread_local struct hs_hosted_irq hs_hosted_irq TLS_IE = {.sie = 0, .ssip = NULL};

/* Set SIE; the fences keep the compiler from moving accesses across it. */
static inline void sie_set(uint32_t on)
{
	atomic_signal_fence(memory_order_seq_cst);
	atomic_store_explicit(&hs_hosted_irq.sie, on, memory_order_relaxed);
	atomic_signal_fence(memory_order_seq_cst);
}

static inline bool ssip_pending(struct irq_hart *h)
{
	/* Acquire: pairs with the sender's exchange(1). */
	return atomic_load_explicit(&h->ssip, memory_order_acquire) != 0;
}

/* The trap itself: interrupts off, the core's S_SOFT handler, back on. */
static void take_trap(struct irq_hart *h)
{
	sie_set(0);
	hs_ipi_handle_soft();
	hs_emu_count(&h->traps);
	sie_set(1);
}

/*
 * Trap entry (signal handler). Only atomics and the core's handler, which
 * itself only touches atomics: async-signal-safe.
 */
static void trap_entry(int sig, siginfo_t *info, void *uctx)
{
	struct irq_hart *h = irq_self;
	int saved_errno = errno;

	(void)sig;
	(void)info;
	(void)uctx;
	if (!h)
		return;
	hs_emu_count(&h->signals);
	/* Acquire: pairs with the release store of ssie in hart_enter. */
	if (!atomic_load_explicit(&hs_hosted_irq.sie, memory_order_relaxed) ||
	    !atomic_load_explicit(&h->ssie, memory_order_acquire)) {
		hs_emu_count(&h->deferred); /* SSIP stays pending for the next enable */
	} else if (!ssip_pending(h)) {
		hs_emu_count(&h->spurious); /* already taken, or a raw kick */
	} else {
		take_trap(h);
	}
	errno = saved_errno;
}

/*
 * On an SIE 0 -> 1 transition: a pending SSIP whose signal was consumed
 * while SIE was off is taken now, through the trap entry, by raising the
 * signal on this thread (delivered before pthread_kill returns).
 */
static void replay_pending(void)
{
	struct irq_hart *h = irq_self;

	if (!h || !atomic_load_explicit(&h->ssie, memory_order_relaxed) || !ssip_pending(h))
		return;
	hs_emu_count(&h->replays);
	HS_IGNORE(pthread_kill(h->thread, irq_signo)); /* to ourselves: cannot fail */
}

int hs_emu_irq_setup(uint32_t inject)
{
	struct sigaction sa;

	irq_signo = SIGRTMIN + 1;
	atomic_store_explicit(&irq_inject, inject, memory_order_relaxed);
	sigemptyset(&irq_sigset);
	sigaddset(&irq_sigset, irq_signo);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = trap_entry;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask); /* the signal itself is blocked while handling */
	if (sigaction(irq_signo, &sa, NULL) != 0)
		return -errno;
	return -pthread_sigmask(SIG_BLOCK, &irq_sigset, NULL);
}

int hs_emu_irq_signo(void)
{
	return irq_signo;
}

void hs_emu_irq_hart_enter(uint64_t hartid)
{
	struct irq_hart *h;

	if (hartid >= HS_MAX_CPUS)
		hs_arch_fatal("emu irq: hart id out of range");
	h = &irq_harts[hartid];
	h->thread = pthread_self();
	irq_self_id = hartid;
	atomic_store_explicit(&h->ssip, 0, memory_order_relaxed);
	/* Release: pairs with the acquire loads in the handler and senders. */
	atomic_store_explicit(&h->ssie, 1, memory_order_release);
	atomic_store_explicit(&h->bound, 1, memory_order_release);
	irq_self = h;
	hs_hosted_irq.ssip = &h->ssip;
	sie_set(1);
	HS_IGNORE(pthread_sigmask(SIG_UNBLOCK, &irq_sigset, NULL)); /* valid set: cannot fail */
}

void hs_emu_irq_hart_leave(void)
{
	struct irq_hart *h = irq_self;

	if (!h)
		return;
	HS_IGNORE(pthread_sigmask(SIG_BLOCK, &irq_sigset, NULL)); /* valid set: cannot fail */
	sie_set(0);
	hs_hosted_irq.ssip = NULL;
	/* Release: pairs with the acquire loads of ssie / bound (handler, senders). */
	atomic_store_explicit(&h->ssie, 0, memory_order_release);
	atomic_store_explicit(&h->bound, 0, memory_order_release);
	irq_self = NULL;
}

int hs_emu_irq_kick(uint64_t hartid)
{
	struct irq_hart *h;

	if (hartid >= HS_MAX_CPUS)
		return -1;
	h = &irq_harts[hartid];
	/* Acquire: pairs with the release store of bound in hart_enter. */
	if (!atomic_load_explicit(&h->bound, memory_order_acquire))
		return -1;
	hs_emu_count(&h->kicks);
	return pthread_kill(h->thread, irq_signo) == 0 ? 0 : -1;
}

struct hs_emu_irq_stats hs_emu_irq_stats(uint64_t hartid)
{
	struct hs_emu_irq_stats s = {0};
	struct irq_hart *h;

	if (hartid >= HS_MAX_CPUS)
		return s;
	h = &irq_harts[hartid];
	s.signals = hs_emu_counter_read(&h->signals);
	s.deferred = hs_emu_counter_read(&h->deferred);
	s.spurious = hs_emu_counter_read(&h->spurious);
	s.traps = hs_emu_counter_read(&h->traps);
	s.replays = hs_emu_counter_read(&h->replays);
	s.fake_traps = hs_emu_counter_read(&h->fake_traps);
	s.dropped = hs_emu_counter_read(&h->dropped);
	s.kicks = hs_emu_counter_read(&h->kicks);
	s.wfi = hs_emu_counter_read(&h->wfi);
	return s;
}

/*
 * The platform send: SSIP 0 -> 1, then the signal. A send to a hart whose
 * SSIP is already set needs no signal (its trap is due: the signal is in
 * flight or the hart replays SSIP when it next enables interrupts).
 */
int hs_arch_send_ipi(uint32_t cpu)
{
	uint64_t hartid = hs_cpu_hartid(cpu);
	struct irq_hart *t;
	uint32_t one = 1;

	if (hartid >= HS_MAX_CPUS)
		return -1;
	t = &irq_harts[hartid];
	/* Acquire: pairs with the release store of bound in hart_enter. */
	if (!atomic_load_explicit(&t->bound, memory_order_acquire))
		return -1;
	if (atomic_load_explicit(&irq_inject, memory_order_relaxed) & HS_EMU_INJECT_DROP_IPI) {
		hs_emu_count(&t->dropped); /* the lie under test: "sent", nothing delivered */
		return 0;
	}
	/* acq_rel: pairs with the trap's release clear and the target's acquire loads. */
	if (atomic_exchange_explicit(&t->ssip, 1, memory_order_acq_rel) != 0)
		return 0;
	if (pthread_kill(t->thread, irq_signo) != 0) {
		/* Undo our SSIP unless a trap already consumed it. */
		atomic_compare_exchange_strong_explicit(&t->ssip, &one, 0, memory_order_acq_rel,
							memory_order_relaxed);
		return -1;
	}
	return 0;
}

void hs_arch_clear_soft_pending(void)
{
	struct irq_hart *h = irq_self;

	if (h) /* Release: pairs with the next sender's exchange(1). */
		atomic_store_explicit(&h->ssip, 0, memory_order_release);
}

/* The inline restore (arch_irq_hosted.h) found SSIP set, or no hart is bound. */
void hs_hosted_irq_enable_slow(void)
{
	replay_pending();
}

/*
 * WFI: with the trap signal blocked, enable interrupts and look at SSIP;
 * if nothing is pending, ppoll() unblocks the signal and sleeps in one
 * atomic step (a send racing with the check interrupts the sleep, so no
 * wake-up is lost), for at most one idle tick. Unblocking afterwards
 * delivers a signal that arrived in between; a pending SSIP whose signal
 * was consumed earlier is replayed. The caller's SIE is then restored.
 */
void hs_arch_wait_for_interrupt(void)
{
	struct timespec tick = {0, HS_EMU_IDLE_TICK_NS};
	struct irq_hart *h = irq_self;
	sigset_t old;
	uint32_t saved;

	if (!h) {
		nanosleep(&tick, NULL); /* not a hart: just pass time */
		return;
	}
	hs_emu_count(&h->wfi);
	HS_IGNORE(pthread_sigmask(SIG_BLOCK, &irq_sigset, &old)); /* valid set: cannot fail */
	saved = atomic_load_explicit(&hs_hosted_irq.sie, memory_order_relaxed);
	sie_set(1);
	/* Secondaries only: the boot hart is logical CPU 0, whatever its hart id. */
	if ((atomic_load_explicit(&irq_inject, memory_order_relaxed) & HS_EMU_INJECT_FAKE_TRAP) &&
	    hs_cpu_from_hartid(irq_self_id) != 0) {
		hs_emu_count(&h->fake_traps); /* the lie under test: a trap with no IPI */
		take_trap(h);
	}
	if (!ssip_pending(h))
		HS_IGNORE(ppoll(NULL, 0, &tick, &old));	     /* EINTR = a signal woke us */
	HS_IGNORE(pthread_sigmask(SIG_SETMASK, &old, NULL)); /* valid set: cannot fail */
	replay_pending();
	sie_set(saved);
}
