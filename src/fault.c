// SPDX-License-Identifier: MIT
/*
 * The fault switches' names and descriptions (hartsched/fault.h), compiled
 * into every build so a program can list them; the mask that turns them
 * on exists only in a fault build (HS_FAULTS).
 */
#include <stddef.h>

#include <hartsched/fault.h>

#ifdef HS_FAULTS
uint32_t hs_fault_mask;
#endif

static const char *const fault_names[HS_FAULT_COUNT] = {
	[HS_FAULT_ROLLBACK_CLEARS_LATER] = "rollback-clears-later",
	[HS_FAULT_ENQUEUE_DRAIN_RACE] = "enqueue-drain-race",
	[HS_FAULT_STRANDED_COALESCE] = "stranded-coalesce",
	[HS_FAULT_STEAL_DRAINED] = "steal-drained",
	[HS_FAULT_QOS_INVERSION] = "qos-inversion",
	[HS_FAULT_FORCED_KEPT_UNLOCKED] = "forced-kept-unlocked",
	[HS_FAULT_WEAK_UNLOCK] = "weak-unlock",
	[HS_FAULT_WEAK_TRYLOCK] = "weak-trylock",
	[HS_FAULT_WEAK_HART_PUBLISH] = "weak-hart-publish",
	[HS_FAULT_WEAK_RQ_PUBLISH] = "weak-rq-publish",
};

static const char *const fault_whats[HS_FAULT_COUNT] = {
	[HS_FAULT_ROLLBACK_CLEARS_LATER] =
		"a refused IPI send rolls pending back with a plain store of 0, clearing a "
		"later request's claim (fixed in 93ce402)",
	[HS_FAULT_ENQUEUE_DRAIN_RACE] =
		"enqueue checks the online bit before the producer lock only, so a task can "
		"land on an offline CPU after its drain (fixed in ec09f0c)",
	[HS_FAULT_STRANDED_COALESCE] =
		"a refused IPI send withdraws its claim without resending for the requests "
		"that coalesced onto it (fixed in dc4b712)",
	[HS_FAULT_STEAL_DRAINED] =
		"a thief commits its take with a plain head store instead of the head CAS "
		"the offline drain shares, so it can take a task the drain also took (5540f1f)",
	[HS_FAULT_QOS_INVERSION] =
		"stealing scans victims outer and classes inner, so a nearer victim's lower "
		"class is taken before a farther victim's higher one (5540f1f)",
	[HS_FAULT_FORCED_KEPT_UNLOCKED] =
		"a request forced to fail notes its kept claim outside ride_lock, so the end "
		"of the forcing can miss it and leave the claim in pending for good",
	[HS_FAULT_WEAK_UNLOCK] = "hs_spin_unlock's release store of owner is relaxed",
	[HS_FAULT_WEAK_TRYLOCK] = "hs_spin_trylock acquires nothing: its owner load and its "
				  "successful CAS are relaxed",
	[HS_FAULT_WEAK_HART_PUBLISH] =
		"hs_cpu_register publishes a hart block's magic with a relaxed store",
	[HS_FAULT_WEAK_RQ_PUBLISH] =
		"a producer publishes a ring slot with a relaxed store of the tail",
};

const char *hs_fault_name(enum hs_fault f)
{
	return (unsigned int)f < HS_FAULT_COUNT ? fault_names[f] : NULL;
}

const char *hs_fault_what(enum hs_fault f)
{
	return (unsigned int)f < HS_FAULT_COUNT ? fault_whats[f] : NULL;
}
