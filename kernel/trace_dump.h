/* SPDX-License-Identifier: MIT */
/*
 * The kernel's side of tracing (docs/tracing.md): in the kernel-trace
 * image, the core's tracepoints are switched on at boot and their per-hart
 * rings are printed on the console at the end of the run, between
 * "KTRACE-BEGIN:" and "KTRACE-END:" lines, for tools/qemu-trace.sh to turn
 * into the same text and JSON files the emulator writes. In every other
 * image both calls do nothing.
 */
#ifndef KERNEL_TRACE_DUMP_H
#define KERNEL_TRACE_DUMP_H

/* Empty the rings and switch tracing on. CPU 0, before the secondaries start. */
void kernel_trace_begin(void);

/* Switch tracing off and print every ring. CPU 0, after the ladder, before the verdict. */
void kernel_trace_end(void);

#endif /* KERNEL_TRACE_DUMP_H */
