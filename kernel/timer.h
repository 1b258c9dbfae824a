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

/*
 * The idle tick: how long one hs_arch_wait_for_interrupt() may sleep. The
 * boot CPU polls for the others' progress (bring-up, the ladder's waits),
 * so its tick is short. A secondary is woken by an IPI for everything it
 * must do promptly; its tick only bounds the sleep, and with 64 harts under
 * TCG a 1 ms tick on each cost more host time than the harts' work (64 000
 * timer traps and SBI calls a second): measured at -smp 64, single-threaded
 * TCG, 4.7-6.5 s and a missed bring-up with 1 ms against 0.45 s with 10 ms.
 */
#define TIMER_IDLE_TICK_BOOT_US	     1000u
#define TIMER_IDLE_TICK_SECONDARY_US 10000u

/* Set the timebase (boot hart, before any other hart starts). */
void timer_set_timebase(uint64_t hz);
uint64_t timer_timebase(void);

/* Arm this hart's timer one idle tick from now (the boot CPU's or a secondary's). */
void timer_arm_idle_tick(void);

/* Supervisor timer interrupt: disarm (which also clears sip.STIP). */
void timer_handle_interrupt(void);

/* Timer interrupts taken so far, all harts (statistics only). */
uint64_t timer_interrupts(void);

#endif /* KERNEL_TIMER_H */
