// SPDX-License-Identifier: MIT
/*
 * Plain driver for the fuzz target when libFuzzer is not in use: replays
 * every file given (or every file in a given directory), and with
 * --random N --seed S also runs N pseudo-random inputs. Any model mismatch
 * aborts with the call that diverged; the input that did it is named
 * first, so it can be kept as a corpus file.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../stress/rng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t replayed;

static int replay_file(const char *path)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, n);
	replayed++;
	return 0;
}

static int replay_path(const char *path)
{
	struct stat st;
	struct dirent **names;
	int i, n, rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char full[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
			rc |= replay_file(full);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static void random_inputs(uint64_t count, uint64_t seed)
{
	static uint8_t buf[2048];
	uint64_t i, rng = seed;

	for (i = 0; i < count; i++) {
		size_t n = 1 + rng_below(&rng, sizeof(buf) - 1), j;

		for (j = 0; j < n; j++)
			buf[j] = (uint8_t)rng_next(&rng);
		/* Say which input this is before running it, in case it aborts. */
		if (i % 1000 == 0)
			fprintf(stderr, "random input %llu (seed 0x%llx)\n", (unsigned long long)i,
				(unsigned long long)seed);
		LLVMFuzzerTestOneInput(buf, n);
		replayed++;
	}
}

int main(int argc, char **argv)
{
	uint64_t count = 0, seed = 1;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--random") == 0 && i + 1 < argc)
			count = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else
			rc |= replay_path(argv[i]);
	}
	if (count)
		random_inputs(count, seed);
	printf("fuzz replay: %llu inputs, no mismatch\n", (unsigned long long)replayed);
	return rc ? 1 : (replayed ? 0 : 1);
}
