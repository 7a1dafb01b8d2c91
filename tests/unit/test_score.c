/*
 * test_score.c - score.[ch]: every band boundary of the Ministry's 2022
 * innovative-SME score as DOMAIN.md words it (以上 and 以下 include the
 * number), every interval bound in schema/data/schemes.txt honoured
 * (driven by the file), unknown data, upgrades only evidence proves, the
 * area minimums and the direct qualifications.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "score.h"

static struct scheme	*all;
static size_t		 nall;
static const struct scheme *innov;

static void
setup(void)
{
	FILE	*fp;
	char	*buf, err[256];
	long	 sz;
	size_t	 i;

	fp = fopen(SCHEMES_FILE, "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	rewind(fp);
	buf = malloc(sz + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, sz, fp), sz);
	fclose(fp);
	ck_assert_msg(scheme_parse(buf, sz, &all, &nall, err, sizeof(err)) ==
	    SME_OK, "%s", err);
	free(buf);
	innov = NULL;
	for (i = 0; i < nall; i++)
		if (strcmp(all[i].family, "cn-innov-sme") == 0)
			innov = &all[i];
	ck_assert_ptr_nonnull(innov);
}

static void
teardown(void)
{
	scheme_free_all(all, nall);
	all = NULL;
	nall = 0;
}

/* The points of indicator ind with only fact f set to v (-1 if unknown). */
static int
points_of(const char *ind, enum fact f, double v)
{
	struct fact_val		 facts[FACT__MAX];
	struct crit_rule_res	 rules[16];
	struct score_res	 r;
	size_t			 i;

	memset(facts, 0, sizeof(facts));
	facts[f].known = 1;
	facts[f].v = v;
	ck_assert_int_eq(score_eval(innov, facts, rules, &r), SME_OK);
	for (i = 0; i < r.nind; i++)
		if (strcmp(r.ind[i].indicator, ind) == 0)
			return r.ind[i].known ? r.ind[i].points : -1;
	ck_abort_msg("no indicator %s", ind);
	return -2;
}

struct vec {
	const char	*ind;
	enum fact	 f;
	double		 v;
	int		 points;
};

/* DOMAIN.md's table, each boundary and its neighbours. */
static const struct vec vecs[] = {
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 5.01, 20 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 5, 20 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 4.99, 15 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 3, 15 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 2.99, 10 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 2, 10 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 1.99, 5 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 1.01, 5 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 1, 0 },
	{ "rd_ratio", FACT_RD_EXPENSE_RATIO_1Y, 0.99, 0 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 15.01, 20 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 15, 20 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 14.99, 15 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 10, 15 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 9.99, 10 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 5, 10 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 4.99, 5 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 0.01, 5 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, 0, 0 },
	{ "growth", FACT_MAIN_REVENUE_GROWTH_1Y, -0.01, 0 },
	{ "debt", FACT_DEBT_RATIO, 54.99, 10 },
	{ "debt", FACT_DEBT_RATIO, 55, 10 },
	{ "debt", FACT_DEBT_RATIO, 55.01, 5 },
	{ "debt", FACT_DEBT_RATIO, 74.99, 5 },
	{ "debt", FACT_DEBT_RATIO, 75, 0 },
	{ "debt", FACT_DEBT_RATIO, 75.01, 0 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 70.01, 20 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 70, 20 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 69.99, 15 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 60, 15 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 59.99, 10 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 55, 10 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 54.99, 5 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 50.01, 5 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 50, 0 },
	{ "main_share", FACT_MAIN_REVENUE_SHARE, 49.99, 0 },
};

START_TEST(innov_sme_band_boundaries)
{
	const struct vec *v = &vecs[_i];

	ck_assert_msg(points_of(v->ind, v->f, v->v) == v->points,
	    "%s at %.2f: %d points, want %d", v->ind, v->v,
	    points_of(v->ind, v->f, v->v), v->points);
}
END_TEST

START_TEST(every_interval_bound_in_the_file_is_honoured)
{
	size_t	 i, j, n = 0;

	for (i = 0; i < nall; i++)
		for (j = 0; j < all[i].nbands; j++) {
			const struct scheme_band *b = &all[i].bands[j];

			if (b->lo_set) {
				ck_assert_int_eq(score_in_band(b, b->lo), b->lo_incl);
				ck_assert_int_eq(score_in_band(b, b->lo - 0.01), 0);
				if (!b->hi_set || b->hi > b->lo + 0.01)
					ck_assert_int_eq(score_in_band(b, b->lo + 0.01), 1);
				n++;
			}
			if (b->hi_set) {
				ck_assert_int_eq(score_in_band(b, b->hi), b->hi_incl);
				ck_assert_int_eq(score_in_band(b, b->hi + 0.01), 0);
				if (!b->lo_set || b->hi - 0.01 > b->lo)
					ck_assert_int_eq(score_in_band(b, b->hi - 0.01), 1);
				n++;
			}
		}
	ck_assert_uint_ge(n, 20);
}
END_TEST

START_TEST(ip_bands_and_unknown)
{
	struct fact_val		 facts[FACT__MAX];
	struct crit_rule_res	 rules[16];
	struct score_res	 r;

	ck_assert_int_eq(points_of("ip", FACT_IP_CLASS1, 1), 10);
	/* ip_class1 0 but class 2 unknown: cannot say. */
	ck_assert_int_eq(points_of("ip", FACT_IP_CLASS1, 0), -1);
	ck_assert_int_eq(points_of("ip", FACT_IP_CLASS2, 3), -1);
	memset(facts, 0, sizeof(facts));
	facts[FACT_IP_CLASS1].known = facts[FACT_IP_CLASS2].known = 1;
	facts[FACT_IP_CLASS2].v = 1;
	score_eval(innov, facts, rules, &r);
	ck_assert_int_eq(r.ind[0].points, 5);
	ck_assert_int_eq(r.ind[0].upgrade, 20);
	facts[FACT_IP_CLASS2].v = 0;
	score_eval(innov, facts, rules, &r);
	ck_assert_int_eq(r.ind[0].known, 1);
	ck_assert_int_eq(r.ind[0].points, 0);
	/* The field is 5 unless evidence shows the strategic catalogue. */
	ck_assert_int_eq(points_of("field", FACT_DEBT_RATIO, 1), 5);
}
END_TEST

static void
good(struct fact_val *f)
{
	memset(f, 0, sizeof(struct fact_val) * FACT__MAX);
#define PUT(x, val) do { f[x].known = 1; f[x].v = (val); } while (0)
	PUT(FACT_IP_CLASS1, 1);			/* 10 innov */
	PUT(FACT_IP_CLASS2, 0);
	PUT(FACT_RD_EXPENSE_RATIO_1Y, 2);	/* 10 innov: 20 */
	PUT(FACT_MAIN_REVENUE_GROWTH_1Y, 5);	/* 10 growth */
	PUT(FACT_DEBT_RATIO, 55);		/* 10 growth: 20 */
	PUT(FACT_MAIN_REVENUE_SHARE, 55);	/* 10 + field 5 spec: 15 */
	PUT(FACT_SCI_AWARD_3Y, 0);
	PUT(FACT_HIGH_TECH, 0);
	PUT(FACT_RD_INSTITUTION_LEVEL, 2);
	PUT(FACT_EQUITY_FINANCING_3Y, 499.99);
#undef PUT
}

START_TEST(total_and_area_minimums_decide)
{
	struct fact_val		 f[FACT__MAX];
	struct crit_rule_res	 rules[16];
	struct score_res	 r;

	good(f);
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.total, 55);
	ck_assert_int_eq(r.direct, CRIT_UNMET);
	/* 55 < 60, but the ip and field upgrades could lift it: evidence. */
	ck_assert_int_eq(r.verdict, CRIT_EVIDENCE);
	f[FACT_MAIN_REVENUE_SHARE].v = 70;	/* spec 25, total 65 */
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.total, 65);
	ck_assert_int_eq(r.verdict, CRIT_MET);
	f[FACT_RD_EXPENSE_RATIO_1Y].v = 0.5;	/* innov 10 < 20 */
	f[FACT_MAIN_REVENUE_GROWTH_1Y].v = 20;	/* total 65 still */
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.total, 65);
	ck_assert_int_ne(r.verdict, CRIT_MET);
	f[FACT_IP_CLASS1].v = 0;		/* innov 0: no upgrade reaches */
	f[FACT_IP_CLASS2].v = 0;
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.verdict, CRIT_EVIDENCE); /* ip 20 by evidence */
	f[FACT_DEBT_RATIO].known = 0;
	good(f);
	f[FACT_DEBT_RATIO].known = 0;
	score_eval(innov, f, rules, &r);
	ck_assert_int_ne(r.verdict, CRIT_MET);
	ck_assert_int_ne(r.verdict, CRIT_UNMET);
}
END_TEST

START_TEST(direct_qualification_by_any_rule)
{
	struct fact_val		 f[FACT__MAX];
	struct crit_rule_res	 rules[16];
	struct score_res	 r;

	memset(f, 0, sizeof(f));
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.direct, CRIT_UNKNOWN);
	ck_assert_int_eq(r.verdict, CRIT_UNKNOWN);
	f[FACT_EQUITY_FINANCING_3Y].known = 1;
	f[FACT_EQUITY_FINANCING_3Y].v = 500;
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.direct, CRIT_MET);
	ck_assert_int_eq(r.verdict, CRIT_MET);
	f[FACT_EQUITY_FINANCING_3Y].v = 499.99;
	f[FACT_RD_INSTITUTION_LEVEL].known = 1;
	f[FACT_RD_INSTITUTION_LEVEL].v = 3;
	score_eval(innov, f, rules, &r);
	ck_assert_int_eq(r.verdict, CRIT_MET);
}
END_TEST

static Suite *
score_suite(void)
{
	Suite	*s = suite_create("score");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, innov_sme_band_boundaries, 0,
	    sizeof(vecs) / sizeof(vecs[0]));
	tcase_add_test(tc, every_interval_bound_in_the_file_is_honoured);
	tcase_add_test(tc, ip_bands_and_unknown);
	tcase_add_test(tc, total_and_area_minimums_decide);
	tcase_add_test(tc, direct_qualification_by_any_rule);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(score_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
