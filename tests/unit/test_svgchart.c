/*
 * test_svgchart.c - svgchart.[ch]: bars scaled to the largest figure,
 * non-zero figures stay visible, rows stacked at a fixed pitch.
 */
#include <stdlib.h>

#include <check.h>

#include "svgchart.h"

START_TEST(svgchart_scales_to_the_largest_figure)
{
	double			 v[] = { 500, 1000, 0 }, t[] = { 1000, 2000, 0 };
	struct svgchart_row	 r[3];
	struct svgchart		 c;

	svgchart_layout(v, t, 3, &c, r);
	ck_assert_int_eq(c.width, SVGCHART_WIDTH);
	ck_assert_int_eq(c.height, 16 + 3 * SVGCHART_ROW);
	ck_assert_int_eq(r[1].target_w, SVGCHART_BARS);
	ck_assert_int_eq(r[1].value_w, SVGCHART_BARS / 2);
	ck_assert_int_eq(r[0].value_w, SVGCHART_BARS / 4);
	ck_assert_int_eq(r[2].value_w, 0);
	ck_assert_int_eq(r[2].target_w, 0);
	ck_assert_int_eq(r[1].y - r[0].y, SVGCHART_ROW);
	ck_assert_int_eq(r[0].target_y, r[0].y + c.bar_h);
	ck_assert_int_eq(r[1].num_x, c.bar_x + SVGCHART_BARS + 6);
}
END_TEST

START_TEST(svgchart_keeps_small_and_drops_negative_figures)
{
	double			 v[] = { 1, -5 }, t[] = { 100000, 0 };
	struct svgchart_row	 r[2];
	struct svgchart		 c;

	svgchart_layout(v, t, 2, &c, r);
	ck_assert_int_eq(r[0].value_w, 1);
	ck_assert_int_eq(r[1].value_w, 0);
}
END_TEST

START_TEST(svgchart_all_zero_draws_nothing)
{
	double			 v[] = { 0 }, t[] = { 0 };
	struct svgchart_row	 r[1];
	struct svgchart		 c;

	svgchart_layout(v, t, 1, &c, r);
	ck_assert_int_eq(r[0].value_w, 0);
	ck_assert_int_eq(r[0].target_w, 0);
	svgchart_layout(v, t, 0, &c, r);
	ck_assert_int_eq(c.height, 16);
}
END_TEST

static Suite *
svgchart_suite(void)
{
	Suite	*s = suite_create("svgchart");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, svgchart_scales_to_the_largest_figure);
	tcase_add_test(tc, svgchart_keeps_small_and_drops_negative_figures);
	tcase_add_test(tc, svgchart_all_zero_draws_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(svgchart_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
