/* SPDX-License-Identifier: MIT */
/*
 * QoS classes: a stable ABI. Raw values above HS_QOS_PERFBURST are rejected,
 * never clamped.
 */
#ifndef HARTSCHED_QOS_H
#define HARTSCHED_QOS_H

#include <stdbool.h>
#include <stdint.h>

enum hs_qos {
	HS_QOS_IDLE = 0,
	HS_QOS_NORMAL = 1,
	HS_QOS_INTERACTIVE = 2,
	HS_QOS_PERFBURST = 3,
};
#define HS_QOS_COUNT 4

/* True when @raw names a QoS class; the only way a raw byte becomes a class. */
static inline bool hs_qos_valid(uint32_t raw)
{
	return raw < HS_QOS_COUNT;
}

/* Short lowercase name for logs and stats; "invalid" for bad values. */
const char *hs_qos_name(uint32_t qos);

#endif /* HARTSCHED_QOS_H */
