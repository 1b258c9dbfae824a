/* SPDX-License-Identifier: MIT */
/*
 * Stop requests: SIGINT and SIGTERM ask the run to stop at its next safe
 * point (the workload engine checks between turns of hart 0); the harts
 * then shut down as usual, the summary prints and the JSON is written,
 * marked interrupted. The exit status still says so: 128 + the signal.
 * A second such signal is not caught: it terminates the process at once.
 */
#ifndef HS_EMU_STOP_H
#define HS_EMU_STOP_H

/* Install the handlers (main thread, before any hart); 0 or -errno. */
int hs_emu_stop_install(void);

/* The signal that asked for a stop, or 0 (async-signal-safe read). */
int hs_emu_stop_signal(void);

/* Short name of a stop signal ("SIGINT", "SIGTERM", else "signal"). */
const char *hs_emu_stop_signal_name(int sig);

#endif /* HS_EMU_STOP_H */
