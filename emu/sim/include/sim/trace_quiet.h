/* SPDX-License-Identifier: MIT */
/*
 * Forced in (-include) before src/trace.c alone in the simulator's build:
 * recording a trace event must not change the run it records, so the
 * recorder's atomics, its interrupt save/restore and its hs_cpu_current()
 * are not yield points here (a trap stays pending until the next real
 * one). A run with --trace then takes exactly the schedule it takes
 * without, and a REPLAY line with --trace shows the failing run itself.
 */
#ifndef HS_SIM_TRACE_QUIET_H
#define HS_SIM_TRACE_QUIET_H

#include <stdint.h>

#define HS_ATOMIC_HOOKS		   1
#define hs_atomic_releasing(p, mo) ((void)0)
#define hs_atomic_acquired(p, mo)  ((void)0)
#define hs_atomic_fenced(mo)	   ((void)0)

unsigned long hs_sim_quiet_irq_save(void);
void hs_sim_quiet_irq_restore(unsigned long flags);
uint32_t hs_sim_quiet_cpu_current(void);

#define hs_arch_irq_save    hs_sim_quiet_irq_save
#define hs_arch_irq_restore hs_sim_quiet_irq_restore
#define hs_cpu_current	    hs_sim_quiet_cpu_current

#endif /* HS_SIM_TRACE_QUIET_H */
