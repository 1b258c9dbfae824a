/* SPDX-License-Identifier: MIT */
/*
 * The supervisor timer: rdtime as the clock, the SBI timer as the idle tick
 * that bounds every wfi.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

/* The 10 MHz timebase of QEMU virt, used when the device tree has none. */
#define TIMER_DEFAULT_HZ 10000000ull

/* The idle tick: how long one hs_arch_wait_for_interrupt() may sleep. */
#define TIMER_IDLE_TICK_US 1000u

/* Set the timebase (boot hart, before any other hart starts). */
void timer_set_timebase(uint64_t hz);
uint64_t timer_timebase(void);

/* Arm this hart's timer TIMER_IDLE_TICK_US from now. */
void timer_arm_idle_tick(void);

/* Supervisor timer interrupt: disarm (which also clears sip.STIP). */
void timer_handle_interrupt(void);

/* Timer interrupts taken so far, all harts (statistics only). */
uint64_t timer_interrupts(void);

#endif /* KERNEL_TIMER_H */
