// SPDX-License-Identifier: MIT
/*
 * Unit tests of the emulator's plain-data pieces (GLib gtest, TAP): the wait
 * histogram, the JSON writer and the ledger. No harts are started.
 */
#include <emu/hist.h>
#include <emu/json.h>
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

static void test_json_document(void)
{
	GString *s = g_string_new(NULL);
	struct hs_emu_json j;

	hs_emu_json_init(&j, s);
	hs_emu_json_begin_object(&j, NULL);
	hs_emu_json_str(&j, "name", "a\"b\\c\n\x01");
	hs_emu_json_u64(&j, "big", UINT64_MAX);
	hs_emu_json_begin_array(&j, "list");
	hs_emu_json_bool(&j, NULL, true);
	hs_emu_json_u64(&j, NULL, 0);
	hs_emu_json_begin_object(&j, NULL);
	hs_emu_json_end_object(&j);
	hs_emu_json_end_array(&j);
	hs_emu_json_end_object(&j);
	g_assert_true(hs_emu_json_ok(&j));
	g_assert_cmpstr(s->str, ==,
			"{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"big\":18446744073709551615,"
			"\"list\":[true,0,{}]}");
	g_string_free(s, TRUE);
}

/* Unbalanced or too deep documents are reported, not written as if valid. */
static void test_json_misuse(void)
{
	GString *s = g_string_new(NULL);
	struct hs_emu_json j;

	hs_emu_json_init(&j, s);
	hs_emu_json_begin_object(&j, NULL);
	g_assert_false(hs_emu_json_ok(&j)); /* still open */
	hs_emu_json_end_object(&j);
	hs_emu_json_end_object(&j); /* one too many */
	g_assert_false(hs_emu_json_ok(&j));

	hs_emu_json_init(&j, s);
	for (int i = 0; i < HS_EMU_JSON_DEPTH + 1; i++)
		hs_emu_json_begin_array(&j, NULL);
	g_assert_false(hs_emu_json_ok(&j));
	g_string_free(s, TRUE);
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
	g_test_add_func("/emu/json/document", test_json_document);
	g_test_add_func("/emu/json/misuse", test_json_misuse);
	g_test_add_func("/emu/ledger/exactly-once", test_ledger);
	return g_test_run();
}
