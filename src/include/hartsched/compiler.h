/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers shared by the core and its ports.
 */
#ifndef HARTSCHED_COMPILER_H
#define HARTSCHED_COMPILER_H

/* Every fallible core call returns an outcome that the caller must consume. */
#define HS_MUST_CHECK __attribute__((warn_unused_result))

#define HS_CACHELINE	 64
#define HS_CACHE_ALIGNED __attribute__((aligned(HS_CACHELINE)))

#define HS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A hot-path helper that must fold into its caller: used where the
 * compiler kept a helper with two callers out of line and the call (its
 * register saves and the result's round trip) was measured on the
 * benchmark's paths.
 */
#define HS_ALWAYS_INLINE inline __attribute__((always_inline))

/*
 * Make the compiler forget what it knows of @var's value (an empty asm
 * that takes and gives it back in a register). For a pointer into an array
 * of large structures: without it GCC folds the index times the structure
 * size into every field's address and recomputes it per field (an imul
 * each); with it the pointer stays one register and each field is a fixed
 * offset from it.
 */
#define HS_HIDE_VAR(var) __asm__("" : "+r"(var))

#define hs_likely(x)   __builtin_expect(!!(x), 1)
#define hs_unlikely(x) __builtin_expect(!!(x), 0)

/*
 * Consume an outcome on purpose: the caller has shown why any failure is
 * harmless at that site (a comment there says why). A cast to void does not
 * silence warn_unused_result in GCC, a consumed temporary does.
 */
#define HS_IGNORE(expr)                                                                            \
	__extension__({                                                                            \
		__typeof__(expr) hs_ignored_ = (expr);                                             \
		(void)hs_ignored_;                                                                 \
	})

#endif /* HARTSCHED_COMPILER_H */
