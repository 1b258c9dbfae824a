/* SPDX-License-Identifier: MIT */
/*
 * The emulated RISC-V supervisor interrupt model (see irq.c):
 *   sstatus.SIE  -> a per-thread flag (the hart's thread)
 *   sie.SSIE     -> a per-hart enable word
 *   sip.SSIP     -> a per-hart atomic word
 *   S_SOFT trap  -> a dedicated real-time signal whose handler is the trap entry
 * It implements hs_arch_send_ipi, hs_arch_clear_soft_pending,
 * hs_arch_irq_save/restore and hs_arch_wait_for_interrupt.
 */
#ifndef HS_EMU_IRQ_H
#define HS_EMU_IRQ_H

#include <pthread.h>
#include <stdint.h>

/* The idle tick: hs_arch_wait_for_interrupt() returns after this at the latest. */
#define HS_EMU_IDLE_TICK_NS (500u * 1000u)

/* Per-hart evidence of what the trap entry saw (monotonic). */
struct hs_emu_irq_stats {
	uint64_t signals;    /* trap-entry signals that arrived */
	uint64_t deferred;   /* arrived with SIE or SSIE off: SSIP left pending */
	uint64_t spurious;   /* arrived with SSIP already clear: no trap */
	uint64_t traps;	     /* S_SOFT traps taken (hs_ipi_handle_soft calls) */
	uint64_t replays;    /* pending SSIP found on enable: trap re-raised */
	uint64_t fake_traps; /* injected traps without an IPI */
	uint64_t dropped;    /* sends swallowed by injection */
	uint64_t kicks;	     /* raw wake-ups (no SSIP): hotplug, shutdown */
	uint64_t wfi;	     /* waits for an interrupt (the hart parked in WFI) */
};

/*
 * Process-wide setup, once, before any hart thread exists: install the trap
 * entry and block its signal in the calling thread (so every thread created
 * later starts with it blocked; hart threads unblock it themselves).
 */
int hs_emu_irq_setup(uint32_t inject);

/* The signal number used as the S_SOFT line. */
int hs_emu_irq_signo(void);

/*
 * Bind the calling thread as hart @hartid: SSIP clear, SSIE and SIE on,
 * signal unblocked. Call on the hart's own thread before it goes online.
 */
void hs_emu_irq_hart_enter(uint64_t hartid);

/* Unbind before the thread exits (after no sender can target it any more). */
void hs_emu_irq_hart_leave(void);

/* Wake hart @hartid's thread without raising SSIP (no trap is taken). */
int hs_emu_irq_kick(uint64_t hartid);

struct hs_emu_irq_stats hs_emu_irq_stats(uint64_t hartid);

#endif /* HS_EMU_IRQ_H */
