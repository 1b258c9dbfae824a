// SPDX-License-Identifier: MIT
/*
 * ThreadSanitizer's report hook, in its builds only: TSan calls it after
 * printing a report. It only notes the report; the simulator's next yield
 * point fails the run with it (sim.c), so the explorer prints its REPLAY
 * line. Run with halt_on_error=0 so TSan lets that happen.
 */
#if defined(HS_SIM_TSAN)
extern volatile int hs_sim_tsan_reports;

void __tsan_on_report(const void *report);

void __tsan_on_report(const void *report)
{
	(void)report;
	hs_sim_tsan_reports++;
}
#endif
