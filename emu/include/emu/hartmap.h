/* SPDX-License-Identifier: MIT */
/*
 * The map from logical CPUs to platform hart ids (--hart-map). On real
 * hardware the boot hart is whichever hart the firmware started (random
 * under QEMU), and logical CPU 0 is always that hart; this option makes the
 * emulator exercise a map other than the identity:
 *
 *   identity      hart id = CPU (the default)
 *   boot=K        the boot hart is hart K; CPU c is hart (K + c) mod N
 *   shuffle       a permutation of 0 .. N-1 drawn from --seed
 *   H0,H1,...     CPU c is hart Hc (N distinct ids below HS_MAX_CPUS)
 */
#ifndef HS_EMU_HARTMAP_H
#define HS_EMU_HARTMAP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Fill @out[0 .. @n-1] from @spec for @n harts (@seed for "shuffle").
 * False with @why set (a static phrase) when @spec is malformed.
 */
bool hs_emu_hartmap_parse(const char *spec, uint32_t n, uint64_t seed, uint32_t *out,
			  const char **why);

#endif /* HS_EMU_HARTMAP_H */
