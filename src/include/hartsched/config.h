/* SPDX-License-Identifier: MIT */
/*
 * Compile-time configuration of the core. Meson passes the -D values
 * (options max_cpus, queue_capacity, max_tasks, steal_max_per_tick).
 */
#ifndef HARTSCHED_CONFIG_H
#define HARTSCHED_CONFIG_H

/* Logical CPUs the core can describe; CPU ids >= this are out of range. */
#ifndef HS_MAX_CPUS
#define HS_MAX_CPUS 64
#endif

/* Slots per QoS class per CPU; a power of two. */
#ifndef HS_QUEUE_CAPACITY
#define HS_QUEUE_CAPACITY 64
#endif

/* Task ids are 0 .. HS_MAX_TASKS - 1; the top HS_SELFTEST_TASKS belong to the ladder. */
#ifndef HS_MAX_TASKS
#define HS_MAX_TASKS 16384
#endif
#define HS_SELFTEST_TASKS     8
#define HS_SELFTEST_TASK_BASE (HS_MAX_TASKS - HS_SELFTEST_TASKS)

/* Tasks one scheduling decision may steal by default, and the hard limit. */
#ifndef HS_STEAL_MAX_PER_TICK
#define HS_STEAL_MAX_PER_TICK 1
#endif
#define HS_STEAL_MAX_LIMIT 16

/* Trylock attempts per victim before a steal reports "contended". */
#define HS_STEAL_TRIES 4

/* Re-checks when a purge or QoS change races with a migration. */
#define HS_LOCATE_TRIES 4

_Static_assert(HS_MAX_CPUS >= 1 && HS_MAX_CPUS <= 256, "cpu id must fit 8 bits");
_Static_assert((HS_MAX_CPUS % 64) == 0 || HS_MAX_CPUS < 64,
	       "online bitmap is built from 64-bit words");
_Static_assert(HS_QUEUE_CAPACITY >= 2 && HS_QUEUE_CAPACITY <= 65536, "capacity range");
_Static_assert((HS_QUEUE_CAPACITY & (HS_QUEUE_CAPACITY - 1)) == 0,
	       "queue capacity must be a power of two");
_Static_assert(HS_MAX_TASKS > HS_SELFTEST_TASKS && HS_MAX_TASKS <= (1u << 20),
	       "task ids must fit 20 bits");
_Static_assert(HS_STEAL_MAX_PER_TICK >= 1 && HS_STEAL_MAX_PER_TICK <= HS_STEAL_MAX_LIMIT,
	       "steal bound");

#endif /* HARTSCHED_CONFIG_H */
