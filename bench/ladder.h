/* SPDX-License-Identifier: MIT */
/*
 * Wall time of the emulator's full proof ladder: run the emulator program
 * as a child, from fork to reaped exit, and accept the run only if it
 * exited 0 and printed the ladder's last SMP marker.
 */
#ifndef HS_BENCH_LADDER_H
#define HS_BENCH_LADDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The marker that ends the SMP ladder (tools/check-markers.py's last). */
#define LADDER_LAST_MARKER "KSELFTEST: test_reject_steal_higher_qos ok"

/*
 * Run @argv (argv[0] = the program) once; on success store the wall time
 * in *ns and return true. On failure (spawn error, non-zero exit, marker
 * missing, or @timeout_ns passed: the child is killed by its PID) fill
 * @why and return false.
 */
bool ladder_run_once(char *const argv[], uint64_t timeout_ns, uint64_t *ns, char *why,
		     size_t why_len);

#endif /* HS_BENCH_LADDER_H */
