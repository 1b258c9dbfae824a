/* SPDX-License-Identifier: MIT */
/*
 * The thread pointer of the hosted ports (emu/ and host/, where a hart is a
 * thread and tp a thread-local word), readable inline. The core reads tp
 * on every enqueue to tell CPU c's own enqueue (which may skip the
 * producer lock, enqueue.c) from a remote one; as a call into the port
 * that look made the enqueue a non-leaf function with a frame to save.
 * Built in when the core is compiled with HS_ARCH_TP_HOSTED (every host
 * build but the simulator's, whose tp accesses are scheduling points and
 * stay calls).
 *
 * The port defines the word and writes it in its hs_arch_write_tp(). It is
 * read and written only by its own thread and that thread's signal handler
 * (the emulator's trap entry), so relaxed accesses suffice: they pair with
 * nothing.
 */
#ifndef HARTSCHED_ARCH_TP_HOSTED_H
#define HARTSCHED_ARCH_TP_HOSTED_H

#include <stdatomic.h>
#include <stdint.h>

extern _Thread_local _Atomic uintptr_t hs_hosted_tp __attribute__((tls_model("initial-exec")));

static inline uintptr_t hs_arch_read_tp(void)
{
	return atomic_load_explicit(&hs_hosted_tp, memory_order_relaxed);
}

#endif /* HARTSCHED_ARCH_TP_HOSTED_H */
