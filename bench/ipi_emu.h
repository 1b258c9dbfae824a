/* SPDX-License-Identifier: MIT */
/*
 * The emulator's resched IPI round trip, measured on its boot hart:
 * hs_ipi_request_resched(1) -> SSIP + signal -> hart 1's S_SOFT trap ->
 * the core's ack counter observed rising on hart 0. Built only when the
 * emulator library (hs_emu_dep) exists.
 */
#ifndef HS_BENCH_IPI_EMU_H
#define HS_BENCH_IPI_EMU_H

#include <stdbool.h>
#include <stdint.h>

/* Body run on the emulator's boot hart once every hart is online. */
typedef int (*ipi_emu_body)(void *arg);

/* Start a 2-hart emulator and run @body on hart 0; its status, or 1. */
int ipi_emu_run(ipi_emu_body body, void *arg);

/* Wait until hart 1 is idle again (in its WFI wait), then @gap_ns more. */
bool ipi_emu_settle(uint64_t gap_ns, uint64_t deadline);

/* One round trip from hart 0 to hart 1: ns, or 0 (request refused, deadline). */
uint64_t ipi_emu_round(uint64_t deadline);

#endif /* HS_BENCH_IPI_EMU_H */
