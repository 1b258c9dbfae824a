// SPDX-License-Identifier: MIT
/*
 * A deliberately allocating object: check-no-heap.py must reject it, which
 * shows the no-heap check on the core is able to fail.
 */
#include <stdlib.h>

void *bench_canary_alloc(size_t n);

void *bench_canary_alloc(size_t n)
{
	return malloc(n);
}
