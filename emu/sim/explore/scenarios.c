// SPDX-License-Identifier: MIT
/* The explorer's scenario table. */
#include "scenario.h"

#include <string.h>

const struct xp_scenario *const xp_scenarios[] = {
	&xp_sc_tiny,
	&xp_sc_rq_race,
	&xp_sc_steal_fifo,
	&xp_sc_steal_qos,
	&xp_sc_steal_batch,
	&xp_sc_full_ring,
	&xp_sc_ipi_tiny,
	&xp_sc_ipi,
	&xp_sc_ipi_forced,
	&xp_sc_hotplug,
	&xp_sc_cpu_publish,
	&xp_sc_lock,
	&xp_sc_ladder,
	NULL,
};

const struct xp_scenario *xp_scenario_find(const char *name)
{
	uint32_t i;

	for (i = 0; xp_scenarios[i]; i++) {
		if (strcmp(xp_scenarios[i]->name, name) == 0)
			return xp_scenarios[i];
	}
	return NULL;
}
