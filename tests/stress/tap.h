/* SPDX-License-Identifier: MIT */
/*
 * TAP output for the single-threaded stress checks (bad_input.c,
 * ipi_faults.c): one "ok N - ..." / "not ok N - ..." line per check, the
 * plan line at the end, and the tally the exit status is made from.
 */
#ifndef HS_STRESS_TAP_H
#define HS_STRESS_TAP_H

#include <stdbool.h>
#include <stdint.h>

/* Print check number N+1 as passed (@ok) or failed, described by @fmt. */
void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Checks printed so far, and how many of them failed. */
uint32_t tap_checks(void);
uint32_t tap_failures(void);

/* Print the plan line "1..N" after the last check. */
void tap_plan(void);

#endif /* HS_STRESS_TAP_H */
