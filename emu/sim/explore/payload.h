/* SPDX-License-Identifier: MIT */
/*
 * Plain data published through the core (payload.c): what the fiber-TSan
 * lane checks the core's declared memory orders against.
 */
#ifndef HS_XP_PAYLOAD_H
#define HS_XP_PAYLOAD_H

#include <hartsched/spinlock.h>

#include <stdint.h>

#define XP_PAYLOAD_TASKS 96u

extern struct hs_spinlock xp_payload_lock;

void xp_payload_reset(void);
void xp_payload_put(uint32_t task, uint64_t value);   /* before the task enters the core */
void xp_payload_check(uint32_t task, uint64_t value); /* after the core handed it over */
uint64_t xp_payload_guarded_bump(void);		      /* only under xp_payload_lock */

#endif /* HS_XP_PAYLOAD_H */
