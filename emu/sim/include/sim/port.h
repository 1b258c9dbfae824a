/* SPDX-License-Identifier: MIT */
/*
 * What a program built on the simulator's arch port (arch.c) may set:
 * the IPI send hook (refuse a send), the console sink, the trap entry,
 * and what it may read of the interrupt model.
 */
#ifndef HS_SIM_PORT_H
#define HS_SIM_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Return non-zero to refuse the IPI to @cpu (the platform said no). */
typedef int (*hs_sim_send_hook)(uint32_t cpu);
typedef void (*hs_sim_console_sink)(const char *s, size_t len);
/* The S_SOFT trap entry of @hart (default: hs_ipi_handle_soft()). */
typedef void (*hs_sim_trap_entry)(uint32_t hart);

void hs_sim_port_reset(void); /* no hooks, counts zero */
void hs_sim_set_send_hook(hs_sim_send_hook hook);
void hs_sim_set_console_sink(hs_sim_console_sink sink);
void hs_sim_set_trap_entry(hs_sim_trap_entry entry);

uint64_t hs_sim_traps(uint32_t hart); /* S_SOFT traps taken since the reset */
uint64_t hs_sim_wfis(uint32_t hart);  /* hs_arch_wait_for_interrupt() calls since the reset */
bool hs_sim_soft_pending(uint32_t hart);
void hs_sim_raise_soft(uint32_t hart); /* a stray SSIP (no request behind it) */
void hs_sim_stack_range(uint32_t hart, uintptr_t *lo, uintptr_t *hi);

/* The WFI and the kick (sim.c), for ports that build their own hooks on them. */
void hs_sim_wfi(void);
void hs_sim_kick(uint32_t hart);

#endif /* HS_SIM_PORT_H */
