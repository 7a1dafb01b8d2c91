/*
 * test_indicator.c - indicator.[ch]: the derived figures of a filing match
 * the shared vectors of tests/vectors/indicators.json (which
 * tests/js/indicator.test.mjs checks against indicator.js), seed 004's
 * example gives its figures, and no input makes a NaN, an infinity or an
 * overflow of the formatter.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "indicator.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#ifndef VECTORS_DIR
#define VECTORS_DIR	"tests/vectors"
#endif

static struct json_object *vectors;	/* loaded before the suite runs */

static struct json_object *
member(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static struct json_object *
vector_list(const char *key)
{
	struct json_object	*a = member(vectors, key);

	ck_assert_ptr_nonnull(a);
	ck_assert(json_object_is_type(a, json_type_array));
	return a;
}

/* indicator_get_fn over a JSON object of strings; absent: NULL. */
static const char *
json_get(void *arg, const char *name)
{
	struct json_object	*v = member(arg, name);

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

START_TEST(indicator_vectors_give_the_expected_figures)
{
	struct json_object	*c, *expect, *rows, *want;
	struct indicator_val	 out[IND__MAX], g;
	char			 buf[IND_FMT_SZ];
	const char		*name;
	int			 i;

	c = json_object_array_get_idx(vector_list("cases"), _i);
	name = json_object_get_string(member(c, "name"));
	expect = member(c, "expect");
	rows = member(c, "row_growth");
	ck_assert_ptr_nonnull(expect);
	ck_assert_ptr_nonnull(rows);

	indicator_compute(json_object_get_int(member(c, "year")), json_get,
	    member(c, "fields"), out);
	for (i = 0; i < IND__MAX; i++) {
		want = member(expect, indicator_name(i));
		ck_assert_msg(want != NULL, "%s: no %s", name, indicator_name(i));
		ck_assert_msg(strcmp(indicator_format(&out[i], buf, sizeof(buf)),
		    json_object_get_string(want)) == 0, "%s: %s is %s, want %s",
		    name, indicator_name(i), buf, json_object_get_string(want));
	}
	for (i = 0; i < IND_ROW__MAX; i++) {
		want = member(rows, indicator_row_name(i));
		ck_assert_msg(want != NULL, "%s: no row %s", name,
		    indicator_row_name(i));
		indicator_row_growth(json_object_get_int(member(c, "year")),
		    indicator_row_name(i), json_get, member(c, "fields"), &g);
		ck_assert_msg(strcmp(indicator_format(&g, buf, sizeof(buf)),
		    json_object_get_string(want)) == 0,
		    "%s: growth of %s is %s, want %s", name,
		    indicator_row_name(i), buf, json_object_get_string(want));
	}
}
END_TEST

START_TEST(indicator_format_gives_the_expected_text)
{
	struct json_object	*f;
	struct indicator_val	 val;
	char			 buf[IND_FMT_SZ];

	f = json_object_array_get_idx(vector_list("format"), _i);
	val.known = json_object_get_boolean(member(f, "known"));
	val.v = json_object_get_double(member(f, "v"));
	ck_assert_str_eq(indicator_format(&val, buf, sizeof(buf)),
	    json_object_get_string(member(f, "want")));
}
END_TEST

/* Seed 004's form, written out here too so a vector edit cannot lose it. */
static const char *const seed004[][2] = {
	{ "assets_total", "202012.00" }, { "liabilities_total", "20201.00" },
	{ "employees", "188" }, { "rd_staff", "150" },
	{ "revenue_2017", "11.0000" }, { "revenue_2018", "12.00" },
	{ "revenue_2019", "13.00" }, { "revenue_2020", "14.00" },
	{ "revenue_2021", "15.0000" },
	{ "profit_2017", "30.0000" }, { "profit_2018", "31.00" },
	{ "profit_2019", "32.00" }, { "profit_2020", "33.00" },
	{ "profit_2021", "34.0000" },
};

static const char *
table_get(void *arg, const char *name)
{
	const char *const	(*t)[2] = arg;
	size_t			 i;

	for (i = 0; i < NELEM(seed004); i++)
		if (strcmp(t[i][0], name) == 0)
			return t[i][1];
	return NULL;
}

START_TEST(indicator_seed_004_example)
{
	struct indicator_val	 out[IND__MAX];
	char			 buf[IND_FMT_SZ];

	indicator_compute(2021, table_get, (void *)seed004, out);
	ck_assert_str_eq(indicator_format(&out[IND_DEBT_RATIO], buf,
	    sizeof(buf)), "10.00");
	ck_assert_str_eq(indicator_format(&out[IND_RD_STAFF_RATIO], buf,
	    sizeof(buf)), "79.79");
	ck_assert_str_eq(indicator_format(&out[IND_REVENUE_CAGR], buf,
	    sizeof(buf)), "8.37");
	ck_assert_str_eq(indicator_format(&out[IND_PROFIT_AVG_GROWTH], buf,
	    sizeof(buf)), "3.23");
	/* No R&D expense on this form: unknown, not 0. */
	ck_assert_int_eq(out[IND_RD_EXPENSE_RATIO].known, 0);
	ck_assert_str_eq(indicator_format(&out[IND_RD_EXPENSE_RATIO], buf,
	    sizeof(buf)), "\xe2\x80\x94");
}
END_TEST

START_TEST(indicator_names_are_http_md_names)
{
	static const char *const want[IND__MAX] = {
		"debt_ratio", "rd_staff_ratio", "revenue_cagr",
		"profit_avg_growth", "avg_profit_margin", "rd_expense_ratio"
	};
	int	 i;

	for (i = 0; i < IND__MAX; i++)
		ck_assert_str_eq(indicator_name(i), want[i]);
	ck_assert_str_eq(indicator_name(IND__MAX), "");
	ck_assert_str_eq(indicator_name(-1), "");
	ck_assert_str_eq(indicator_row_name(IND_ROW__MAX), "");
}
END_TEST

START_TEST(indicator_row_growth_of_an_unknown_row_is_unknown)
{
	struct indicator_val	 g = { 1, 5 };

	indicator_row_growth(2021, "salary", table_get, (void *)seed004, &g);
	ck_assert_int_eq(g.known, 0);
	g.known = 1;
	indicator_row_growth(2021, NULL, table_get, (void *)seed004, &g);
	ck_assert_int_eq(g.known, 0);
	indicator_row_growth(2021, "profit", table_get, (void *)seed004, &g);
	ck_assert_int_eq(g.known, 1);
}
END_TEST

START_TEST(indicator_format_never_overflows_a_small_buffer)
{
	struct indicator_val	 val = { 1, -123456.789 };
	char			 buf[16];
	size_t			 sz;

	/* "-123456.79" needs 11 bytes; "—" needs 4. */
	for (sz = 1; sz < 11; sz++) {
		memset(buf, 'x', sizeof(buf));
		ck_assert_str_eq(indicator_format(&val, buf, sz), "");
		ck_assert_int_eq(buf[sz], 'x');
	}
	ck_assert_str_eq(indicator_format(&val, buf, 11), "-123456.79");
	val.known = 0;
	ck_assert_str_eq(indicator_format(&val, buf, 3), "");
	ck_assert_str_eq(indicator_format(&val, buf, 4), "\xe2\x80\x94");
	ck_assert_str_eq(indicator_format(NULL, buf, 4), "\xe2\x80\x94");
	buf[0] = 'x';
	indicator_format(&val, buf, 0);
	ck_assert_int_eq(buf[0], 'x');
}
END_TEST

/*
 * Every field holding the same hostile value at once: whatever is known is
 * finite and prints as digits.
 */
static const char *const hostile[] = {
	"0", "-0", "1e308", "-1", "0.0000000001", "99999999999999999999",
	"-99999999999999999999", "nan", "inf", "-inf", "1e-320", ".", "",
	"0.00000000000000000000000000000000000000000000000000000000000001",
	"18446744073709551616", "\xe4\xb8\x80", "1\0",
};

static const char *
hostile_get(void *arg, const char *name)
{
	(void)name;
	return arg;
}

START_TEST(indicator_hostile_values_give_no_nan)
{
	struct indicator_val	 out[IND__MAX], g;
	char			 buf[IND_FMT_SZ];
	int			 i;

	indicator_compute(2024, hostile_get, (void *)hostile[_i], out);
	for (i = 0; i <= IND__MAX; i++) {
		if (i == IND__MAX) {
			indicator_row_growth(2024, "tax", hostile_get,
			    (void *)hostile[_i], &g);
		} else
			g = out[i];
		if (g.known)
			ck_assert(isfinite(g.v));
		indicator_format(&g, buf, sizeof(buf));
		ck_assert(strspn(buf, "-.0123456789") == strlen(buf) ||
		    strcmp(buf, "\xe2\x80\x94") == 0);
		ck_assert(strlen(buf) > 0);
	}
}
END_TEST

START_TEST(indicator_all_zero_is_unknown_not_nan)
{
	struct indicator_val	 out[IND__MAX];
	int			 i;

	indicator_compute(2024, hostile_get, (void *)"0", out);
	/* 0/0 everywhere: every figure unknown. */
	for (i = 0; i < IND__MAX; i++)
		ck_assert_msg(out[i].known == 0, "%s known", indicator_name(i));
}
END_TEST

static Suite *
indicator_suite(void)
{
	Suite	*s = suite_create("indicator");
	TCase	*tc = tcase_create("vectors");
	TCase	*te = tcase_create("edges");
	char	 path[4096];

	snprintf(path, sizeof(path), "%s/indicators.json", VECTORS_DIR);
	if ((vectors = json_object_from_file(path)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, json_util_get_last_err());
		exit(EXIT_FAILURE);
	}
	if (!json_object_is_type(member(vectors, "cases"), json_type_array) ||
	    !json_object_is_type(member(vectors, "format"), json_type_array)) {
		fprintf(stderr, "%s: no cases or format arrays\n", path);
		exit(EXIT_FAILURE);
	}
	tcase_add_loop_test(tc, indicator_vectors_give_the_expected_figures, 0,
	    (int)json_object_array_length(member(vectors, "cases")));
	tcase_add_loop_test(tc, indicator_format_gives_the_expected_text, 0,
	    (int)json_object_array_length(member(vectors, "format")));
	suite_add_tcase(s, tc);
	tcase_add_test(te, indicator_seed_004_example);
	tcase_add_test(te, indicator_names_are_http_md_names);
	tcase_add_test(te, indicator_row_growth_of_an_unknown_row_is_unknown);
	tcase_add_test(te, indicator_format_never_overflows_a_small_buffer);
	tcase_add_loop_test(te, indicator_hostile_values_give_no_nan, 0,
	    NELEM(hostile));
	tcase_add_test(te, indicator_all_zero_is_unknown_not_nan);
	suite_add_tcase(s, te);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(indicator_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	json_object_put(vectors);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
