/*
 * test_rollup.c - rollup.[ch] and target.[ch]'s checks: counts summed
 * county -> city -> province, the raised city target over the province's,
 * a city without targets taking its counties' sum, the province total
 * beside the sum of the cities', completion rates, targets as typed.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "rollup.h"
#include "target.h"

#define N	ROLLUP_NONE

/* A region row: code, parent, level, base (province's figure), own target, counts. */
static struct rollup_region
reg(const char *code, const char *parent, enum rollup_level lv, long long base,
    long long own, long long entry, long long update, long long title, long long innov)
{
	struct rollup_region	 g;

	memset(&g, 0, sizeof(g));
	strcpy(g.code, code);
	strcpy(g.parent, parent);
	g.level = lv;
	g.base = base;
	g.own = own;
	g.local = N;
	g.n[ROLLUP_ENTRY] = entry;
	g.n[ROLLUP_UPDATE] = update;
	g.n[ROLLUP_TITLE] = title;
	g.n[ROLLUP_INNOV] = innov;
	return g;
}

/*
 * The seed's figures: the province total 10000; 南京 1000 from the
 * province, raised to 1200; 淮安 300, its 金湖县 30 (seed 003); 无锡 1500
 * not raised; 宿迁 with neither, two counties set.
 */
static struct rollup_region rs[11];

static void
setup(void)
{
	size_t	 i = 0;

	rs[i++] = reg("320000", "", ROLLUP_PROVINCE, N, 10000, 99, 99, 99, 99);
	rs[i++] = reg("320100", "320000", ROLLUP_CITY, 1000, 1200, 7, 7, 7, 7);
	rs[i++] = reg("320200", "320000", ROLLUP_CITY, 1500, N, 0, 0, 0, 0);
	rs[i++] = reg("320800", "320000", ROLLUP_CITY, 300, N, 0, 0, 0, 0);
	rs[i++] = reg("321300", "320000", ROLLUP_CITY, N, N, 0, 0, 0, 0);
	rs[i++] = reg("320111", "320100", ROLLUP_COUNTY, N, 500, 3, 1, 2, 4);
	rs[i++] = reg("320113", "320100", ROLLUP_COUNTY, N, N, 2, 5, 0, 1);
	rs[i++] = reg("320831", "320800", ROLLUP_COUNTY, N, 30, 12, 0, 1, 0);
	rs[i++] = reg("320211", "320200", ROLLUP_COUNTY, N, N, 1, 1, 1, 1);
	rs[i++] = reg("321302", "321300", ROLLUP_COUNTY, N, 40, 0, 2, 0, 0);
	rs[i++] = reg("321311", "321300", ROLLUP_COUNTY, N, 60, 5, 0, 0, 3);
}

static struct rollup_region *
at(const char *code)
{
	struct rollup	 ro = { rs, sizeof(rs) / sizeof(rs[0]) };

	return rollup_find(&ro, code);
}

START_TEST(rollup_city_counts_are_the_sums_of_its_counties)
{
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320100")->n[ROLLUP_ENTRY], 5);
	ck_assert_int_eq(at("320100")->n[ROLLUP_UPDATE], 6);
	ck_assert_int_eq(at("320100")->n[ROLLUP_TITLE], 2);
	ck_assert_int_eq(at("320100")->n[ROLLUP_INNOV], 5);
	ck_assert_int_eq(at("320800")->n[ROLLUP_ENTRY], 12);
	ck_assert_int_eq(at("320111")->n[ROLLUP_ENTRY], 3);
}
END_TEST

START_TEST(rollup_province_counts_are_the_sums_of_the_cities)
{
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320000")->n[ROLLUP_ENTRY], 3 + 2 + 12 + 1 + 0 + 5);
	ck_assert_int_eq(at("320000")->n[ROLLUP_UPDATE], 1 + 5 + 0 + 1 + 2 + 0);
	ck_assert_int_eq(at("320000")->n[ROLLUP_TITLE], 4);
	ck_assert_int_eq(at("320000")->n[ROLLUP_INNOV], 9);
	/* Computing twice changes nothing. */
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320000")->n[ROLLUP_ENTRY], 23);
	ck_assert_int_eq(at("320100")->n[ROLLUP_ENTRY], 5);
}
END_TEST

START_TEST(rollup_raised_city_target_wins_over_the_provinces)
{
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320100")->target, 1200);
	ck_assert_int_eq(at("320200")->target, 1500);
	ck_assert_int_eq(at("320800")->target, 300);
	/* A figure below the province's (the province raised it since) does not count. */
	at("320200")->own = 1400;
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320200")->target, 1500);
}
END_TEST

START_TEST(rollup_city_without_targets_takes_its_counties_sum)
{
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("321300")->target, 100);
	ck_assert_int_eq(at("321300")->sub_target, 100);
	ck_assert_int_eq(at("320100")->sub_target, 500);
	ck_assert_int_eq(at("320200")->sub_target, N);
	ck_assert_int_eq(at("320831")->target, 30);
	ck_assert_int_eq(at("320113")->target, N);
}
END_TEST

START_TEST(rollup_province_total_beside_the_sum_of_the_cities)
{
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320000")->target, 10000);
	ck_assert_int_eq(at("320000")->sub_target, 1200 + 1500 + 300 + 100);
	at("320000")->own = N;
	rollup_compute(rs, 11);
	ck_assert_int_eq(at("320000")->target, N);
}
END_TEST

START_TEST(rollup_rate_in_percent_only_with_a_target)
{
	char	 buf[16];

	ck_assert_int_eq(rollup_rate(2, 4, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "50.00");
	ck_assert_int_eq(rollup_rate(1, 3, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "33.33");
	ck_assert_int_eq(rollup_rate(5, 0, buf, sizeof(buf)), 0);
	ck_assert_int_eq(rollup_rate(5, N, buf, sizeof(buf)), 0);
	ck_assert_str_eq(rollup_count_label(ROLLUP_INNOV), "创新型中小企业");
}
END_TEST

START_TEST(target_parse_takes_digits_or_nothing)
{
	static const char *const ok[] = { "0", "30", "10000", "1000000" };
	static const char *const bad[] = { "12a", "-1", "1000001", "1.5", " 3", "12345678" };
	long	 v;
	size_t	 i;

	ck_assert_ptr_null(target_parse("", &v));
	ck_assert_int_eq(v, -1);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_ptr_null(target_parse(ok[i], &v));
		ck_assert_int_eq(v, atol(ok[i]));
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_ptr_nonnull(target_parse(bad[i], &v));
}
END_TEST

START_TEST(target_own_check_never_below_the_provinces)
{
	char	 buf[160];

	ck_assert_ptr_null(target_own_check(1000, 1000, buf, sizeof(buf)));
	ck_assert_ptr_null(target_own_check(1000, 1200, buf, sizeof(buf)));
	ck_assert_ptr_null(target_own_check(1000, -1, buf, sizeof(buf)));
	ck_assert_ptr_null(target_own_check(-1, 5, buf, sizeof(buf)));
	ck_assert_ptr_nonnull(target_own_check(1000, 999, buf, sizeof(buf)));
	ck_assert_ptr_nonnull(strstr(buf, "不得低于省下达的目标数（1000家）"));
}
END_TEST

static Suite *
rollup_suite(void)
{
	Suite	*s = suite_create("rollup");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, rollup_city_counts_are_the_sums_of_its_counties);
	tcase_add_test(tc, rollup_province_counts_are_the_sums_of_the_cities);
	tcase_add_test(tc, rollup_raised_city_target_wins_over_the_provinces);
	tcase_add_test(tc, rollup_city_without_targets_takes_its_counties_sum);
	tcase_add_test(tc, rollup_province_total_beside_the_sum_of_the_cities);
	tcase_add_test(tc, rollup_rate_in_percent_only_with_a_target);
	tcase_add_test(tc, target_parse_takes_digits_or_nothing);
	tcase_add_test(tc, target_own_check_never_below_the_provinces);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(rollup_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
