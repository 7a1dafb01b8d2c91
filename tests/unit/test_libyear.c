/*
 * test_libyear.c - libyear.[ch]: an enterprise's 数据更新 status of a year
 * from its place in the library, its entry year, how far its update filings
 * got and whether the update window closed (seed 002: enterprises in the
 * library update every year; those that do not are removed).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "libyear.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char		*name;
	int			 in_library, entry_year, year;
	enum libyear_filed	 filed;
	int			 closed;
	const char		*want;
} cases[] = {
	{ "outside_the_library_owes_nothing", 0, 2025, 2026, LIBYEAR_F_NONE, 1, "none" },
	{ "entered_this_year_owes_nothing", 1, 2026, 2026, LIBYEAR_F_NONE, 1, "none" },
	{ "entered_later_owes_nothing", 1, 2027, 2026, LIBYEAR_F_NONE, 1, "none" },
	{ "entered_last_year_is_due", 1, 2025, 2026, LIBYEAR_F_NONE, 0, "due" },
	{ "entered_outside_the_platform_is_due", 1, 0, 2026, LIBYEAR_F_NONE, 0, "due" },
	{ "not_filed_after_the_window_is_overdue", 1, 2025, 2026, LIBYEAR_F_NONE, 1, "overdue" },
	{ "entered_outside_not_filed_is_overdue", 1, 0, 2026, LIBYEAR_F_NONE, 1, "overdue" },
	{ "in_review_is_filed", 1, 2025, 2026, LIBYEAR_F_REVIEW, 0, "filed" },
	{ "in_review_after_the_window_is_filed", 1, 2025, 2026, LIBYEAR_F_REVIEW, 1, "filed" },
	{ "accepted_is_accepted", 1, 2024, 2026, LIBYEAR_F_ACCEPTED, 1, "accepted" },
	{ "removed_with_a_filing_owes_nothing", 0, 2024, 2026, LIBYEAR_F_REVIEW, 1, "none" },
};

START_TEST(libyear_status_of_each_case)
{
	enum libyear_status	 s;

	s = libyear_status(cases[_i].in_library, cases[_i].entry_year, cases[_i].year,
	    cases[_i].filed, cases[_i].closed);
	ck_assert_msg(strcmp(libyear_status_name(s), cases[_i].want) == 0,
	    "%s: got %s, want %s", cases[_i].name, libyear_status_name(s), cases[_i].want);
}
END_TEST

START_TEST(libyear_status_names_are_distinct)
{
	int	 i, j;

	for (i = 0; i < LIBYEAR__MAX; i++) {
		ck_assert_ptr_nonnull(libyear_status_name(i));
		ck_assert_int_gt(strlen(libyear_status_name(i)), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(libyear_status_name(i), libyear_status_name(j));
	}
	ck_assert_str_eq(libyear_status_name(LIBYEAR__MAX), "");
}
END_TEST

static Suite *
libyear_suite(void)
{
	Suite	*s = suite_create("libyear");
	TCase	*tc = tcase_create("status");

	tcase_add_loop_test(tc, libyear_status_of_each_case, 0, NELEM(cases));
	tcase_add_test(tc, libyear_status_names_are_distinct);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(libyear_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
