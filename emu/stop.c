// SPDX-License-Identifier: MIT
/*
 * SIGINT / SIGTERM as stop requests (emu/stop.h).
 *
 * The handler only touches a lock-free atomic word (and, for a second
 * signal, sigaction + raise, both async-signal-safe). The word is read by
 * hart 0 between turns; it orders nothing else, so relaxed is enough.
 */
#include <emu/stop.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static _Atomic int stop_sig;

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the handler's word must be lock-free");

/* First signal: remember it. A second one: default action, now. */
static void on_stop(int sig)
{
	int none = 0;

	if (!atomic_compare_exchange_strong_explicit(&stop_sig, &none, sig, memory_order_relaxed,
						     memory_order_relaxed)) {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		sigaction(sig, &dfl, NULL);
		raise(sig);
	}
}

int hs_emu_stop_install(void)
{
	static const int sigs[] = {SIGINT, SIGTERM};
	struct sigaction sa;
	unsigned i;

	atomic_store_explicit(&stop_sig, 0, memory_order_relaxed);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -errno;
	}
	return 0;
}

int hs_emu_stop_signal(void)
{
	return atomic_load_explicit(&stop_sig, memory_order_relaxed);
}

const char *hs_emu_stop_signal_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal";
}
