/* SPDX-License-Identifier: MIT */
/*
 * Forced in (-include) before every emulator file of hartsched-emu-sim:
 * the urcu-memb calls the emulator makes (a scheduling turn's read-side
 * section, the grace periods of hotplug and of the end of a workload)
 * become the simulator's own RCU (sim/emu_rcu.c). liburcu counts readers
 * per OS thread, and every simulated hart shares one OS thread, so its
 * synchronize_rcu() would wait for the caller's own thread forever; here
 * readers are counted per simulated hart and a grace period yields until
 * every section that was open at its start has ended.
 */
#ifndef HS_SIM_EMU_RCU_H
#define HS_SIM_EMU_RCU_H

#define urcu_memb_read_lock	    hs_sim_rcu_read_lock
#define urcu_memb_read_unlock	    hs_sim_rcu_read_unlock
#define urcu_memb_read_ongoing	    hs_sim_rcu_read_ongoing
#define urcu_memb_synchronize_rcu   hs_sim_rcu_synchronize
#define urcu_memb_register_thread   hs_sim_rcu_register
#define urcu_memb_unregister_thread hs_sim_rcu_unregister

void hs_sim_rcu_read_lock(void);
void hs_sim_rcu_read_unlock(void);
int hs_sim_rcu_read_ongoing(void);
void hs_sim_rcu_synchronize(void);
void hs_sim_rcu_register(void);
void hs_sim_rcu_unregister(void);

#endif /* HS_SIM_EMU_RCU_H */
