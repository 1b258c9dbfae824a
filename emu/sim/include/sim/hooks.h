/* SPDX-License-Identifier: MIT */
/*
 * Forced in (-include) before every file of the simulator's build of the
 * core: the atomics layer's hooks (hartsched/atomic.h) become yield points
 * of the simulator, so every atomic access and fence in src/ is a place
 * where the chooser may run another hart. A load yields after it, a store
 * before it, a read-modify-write both before and after, a fence after.
 */
#ifndef HS_SIM_HOOKS_H
#define HS_SIM_HOOKS_H

#define HS_ATOMIC_HOOKS 1

void hs_sim_atomic_point(void); /* arch.c */

#define hs_atomic_releasing(p, mo) hs_sim_atomic_point()
#define hs_atomic_acquired(p, mo)  hs_sim_atomic_point()
#define hs_atomic_fenced(mo)	   hs_sim_atomic_point()

#endif /* HS_SIM_HOOKS_H */
