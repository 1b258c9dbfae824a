// SPDX-License-Identifier: MIT
/*
 * Timing one emulator ladder run as a child process (see ladder.h). The
 * child's stdout comes back through a pipe (read with a bounded poll) so
 * the marker can be checked; the clock runs from just before fork() to
 * just after waitpid() reaped it.
 */
#include "ladder.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define LADDER_OUT_MAX (256 * 1024) /* more console than this is kept out of the check */

/* Read the child's output until EOF or the deadline; false on deadline. */
static bool drain(int fd, char *buf, size_t cap, size_t *len, uint64_t deadline)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		uint64_t now = bench_now_ns();
		char sink[4096];
		ssize_t n;
		int rc;

		if (now > deadline)
			return false;
		rc = poll(&p, 1, (int)((deadline - now) / 1000000u) + 1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			return false;
		if (*len + 1 < cap)
			n = read(fd, buf + *len, cap - 1 - *len);
		else
			n = read(fd, sink, sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return true;
		if (*len + 1 < cap)
			*len += (size_t)n;
	}
}

bool ladder_run_once(char *const argv[], uint64_t timeout_ns, uint64_t *ns, char *why,
		     size_t why_len)
{
	char *out = malloc(LADDER_OUT_MAX);
	size_t len = 0;
	int fds[2], status = 0;
	uint64_t t0, t1, deadline;
	bool drained, ok = false;
	pid_t pid, reaped;

	if (!out || pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(why, why_len, "ladder: no memory or pipe");
		free(out);
		return false;
	}
	t0 = bench_now_ns();
	deadline = t0 + timeout_ns;
	pid = fork();
	if (pid < 0) {
		snprintf(why, why_len, "ladder: fork failed: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(out);
		return false;
	}
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	drained = drain(fds[0], out, LADDER_OUT_MAX, &len, deadline);
	close(fds[0]);
	if (!drained)
		kill(pid, SIGKILL); /* our own child, by its PID */
	do
		reaped = waitpid(pid, &status, 0);
	while (reaped < 0 && errno == EINTR);
	t1 = bench_now_ns();
	out[len] = '\0';
	if (!drained)
		snprintf(why, why_len, "ladder: timed out after %.1f s", (double)timeout_ns / 1e9);
	else if (reaped != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		snprintf(why, why_len, "ladder: %s exited with status %d", argv[0],
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (!strstr(out, LADDER_LAST_MARKER))
		snprintf(why, why_len, "ladder: '%s' not printed", LADDER_LAST_MARKER);
	else
		ok = true;
	if (ok)
		*ns = t1 - t0;
	free(out);
	return ok;
}
