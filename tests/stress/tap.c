// SPDX-License-Identifier: MIT
/*
 * TAP output for the single-threaded stress checks (see tap.h). Only the
 * main thread calls these: the tallies are plain counters.
 */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>

static uint32_t tap_n, tap_failed;

void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %u - ", ok ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		tap_failed++;
}

uint32_t tap_checks(void)
{
	return tap_n;
}

uint32_t tap_failures(void)
{
	return tap_failed;
}

void tap_plan(void)
{
	printf("1..%u\n", tap_n);
}
