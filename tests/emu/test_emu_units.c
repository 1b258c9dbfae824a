// SPDX-License-Identifier: MIT
/*
 * Unit tests of the emulator's plain-data pieces (GLib gtest, TAP): the wait
 * histogram, the duration rule, the hart map and the ledger. No harts are started.
 */
#include <emu/hist.h>
#include <emu/duration.h>
#include <emu/hartmap.h>
#include <emu/ledger.h>

#include <glib.h>

static struct hs_emu_hist hist;
static struct hs_emu_ledger ledger;

/* Small values are exact; large ones land within one sub-bucket (12.5%). */
static void test_hist_percentiles(void)
{
	hs_emu_hist_reset(&hist);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 500), ==, 0);
	for (uint64_t v = 1; v <= 7; v++)
		hs_emu_hist_add(&hist, v);
	g_assert_cmpuint(hist.count, ==, 7);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 500), ==, 4);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 1000), ==, 7);

	hs_emu_hist_reset(&hist);
	for (uint64_t i = 0; i < 99; i++)
		hs_emu_hist_add(&hist, 1000);
	hs_emu_hist_add(&hist, 1000000);
	/* p50 is 1000 up to the bucket's width; p99 still 1000; max exact. */
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 500), >=, 1000);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 500), <=, 1000 + 1000 / 8);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 990), <=, 1000 + 1000 / 8);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 1000), ==, 1000000);
	g_assert_cmpuint(hist.max, ==, 1000000);
}

/* Every value, up to UINT64_MAX, lands in a bucket; merge adds up. */
static void test_hist_range_and_merge(void)
{
	static struct hs_emu_hist other;

	hs_emu_hist_reset(&hist);
	hs_emu_hist_reset(&other);
	hs_emu_hist_add(&hist, UINT64_MAX);
	hs_emu_hist_add(&other, 0);
	hs_emu_hist_add(&other, 123456789);
	hs_emu_hist_merge(&hist, &other);
	g_assert_cmpuint(hist.count, ==, 3);
	g_assert_cmpuint(hist.max, ==, UINT64_MAX);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 1), ==, 0);
	g_assert_cmpuint(hs_emu_hist_percentile(&hist, 1000), ==, UINT64_MAX);
}

/* Durations: one rule (ms, s, m; bare = seconds), out of range and junk refused. */
static void test_duration(void)
{
	const char *why;
	uint64_t ns = 0;

	g_assert_true(hs_emu_duration_parse("250ms", 1, UINT64_MAX, &ns, &why));
	g_assert_cmpuint(ns, ==, 250ull * 1000 * 1000);
	g_assert_true(hs_emu_duration_parse("2", 1, UINT64_MAX, &ns, &why));
	g_assert_cmpuint(ns, ==, 2ull * 1000 * 1000 * 1000);
	g_assert_true(hs_emu_duration_parse("2s", 1, UINT64_MAX, &ns, &why));
	g_assert_cmpuint(ns, ==, 2ull * 1000 * 1000 * 1000);
	g_assert_true(hs_emu_duration_parse("1m", 1, UINT64_MAX, &ns, &why));
	g_assert_cmpuint(ns, ==, 60ull * 1000 * 1000 * 1000);
	g_assert_false(hs_emu_duration_parse("5 minutes", 1, UINT64_MAX, &ns, &why));
	g_assert_cmpstr(why, ==, "not a duration");
	g_assert_false(hs_emu_duration_parse("-5", 1, UINT64_MAX, &ns, &why));
	g_assert_false(hs_emu_duration_parse("1.5s", 1, UINT64_MAX, &ns, &why));
	g_assert_false(hs_emu_duration_parse("2h", 1, UINT64_MAX, &ns, &why));
	g_assert_false(hs_emu_duration_parse("", 1, UINT64_MAX, &ns, &why));
	g_assert_false(hs_emu_duration_parse("61m", 1, 3600ull * 1000 * 1000 * 1000, &ns, &why));
	g_assert_cmpstr(why, ==, "out of range");
	g_assert_false(hs_emu_duration_parse("99999999999999999999s", 1, UINT64_MAX, &ns, &why));
	g_assert_cmpstr(why, ==, "out of range");
	g_assert_false(hs_emu_duration_parse("0ms", 1000, UINT64_MAX, &ns, &why));
}

/* Every map form yields N distinct ids; bad forms are refused with a reason. */
static void test_hartmap(void)
{
	uint32_t map[8], seen, c;
	const char *why;

	g_assert_true(hs_emu_hartmap_parse("boot=3", 4, 1, map, &why));
	g_assert_cmpuint(map[0], ==, 3);
	g_assert_cmpuint(map[1], ==, 0);
	g_assert_cmpuint(map[3], ==, 2);
	g_assert_true(hs_emu_hartmap_parse("2,0,1", 3, 1, map, &why));
	g_assert_cmpuint(map[0], ==, 2);
	g_assert_true(hs_emu_hartmap_parse("shuffle", 8, 7, map, &why));
	for (seen = 0, c = 0; c < 8; c++)
		seen |= 1u << map[c];
	g_assert_cmpuint(seen, ==, 0xff);
	g_assert_false(hs_emu_hartmap_parse("boot=4", 4, 1, map, &why));
	g_assert_false(hs_emu_hartmap_parse("1,1", 2, 1, map, &why));
	g_assert_false(hs_emu_hartmap_parse("0,1", 3, 1, map, &why));
	g_assert_false(hs_emu_hartmap_parse("0,1,2", 2, 1, map, &why));
	g_assert_false(hs_emu_hartmap_parse("random", 2, 1, map, &why));
}

static void test_ledger(void)
{
	struct hs_emu_ledger_result r;

	hs_emu_ledger_reset(&ledger, 4);
	g_assert_false(hs_emu_ledger_mark(&ledger, 0));
	g_assert_false(hs_emu_ledger_mark(&ledger, 1));
	g_assert_false(hs_emu_ledger_mark(&ledger, 1)); /* duplicate */
	g_assert_false(hs_emu_ledger_mark(&ledger, 3));
	g_assert_false(hs_emu_ledger_complete(&ledger));
	r = hs_emu_ledger_check(&ledger);
	g_assert_cmpuint(r.finished, ==, 2);
	g_assert_cmpuint(r.missing, ==, 1);
	g_assert_cmpuint(r.first_missing, ==, 2);
	g_assert_cmpuint(r.duplicated, ==, 1);
	g_assert_cmpuint(r.first_duplicated, ==, 1);
	g_assert_true(hs_emu_ledger_mark(&ledger, 2)); /* the last one completes it */
	g_assert_true(hs_emu_ledger_complete(&ledger));

	/* A job id beyond the run is a stray: reported as duplicated, never "done". */
	hs_emu_ledger_reset(&ledger, 2);
	g_assert_false(hs_emu_ledger_mark(&ledger, 5));
	r = hs_emu_ledger_check(&ledger);
	g_assert_cmpuint(r.duplicated, ==, 1);
	g_assert_cmpuint(r.first_duplicated, ==, 5);
	g_assert_cmpuint(r.missing, ==, 2);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/emu/hist/percentiles", test_hist_percentiles);
	g_test_add_func("/emu/hist/range-and-merge", test_hist_range_and_merge);
	g_test_add_func("/emu/duration/units", test_duration);
	g_test_add_func("/emu/hartmap/forms", test_hartmap);
	g_test_add_func("/emu/ledger/exactly-once", test_ledger);
	return g_test_run();
}
