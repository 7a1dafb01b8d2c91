/*
 * test_deadline.c - deadline.[ch]: Beijing (UTC+8) calendar days, the
 * inclusive due day (seed 002: 审核截止时间为3月底), days waited since a
 * filing reached its level and days left, the dates a province types.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>

#include "deadline.h"

/* The instant y-m-d h:mi UTC. */
static time_t
utc(int y, int m, int d, int h, int mi)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static long
day(const char *s)
{
	long	 d = -1;

	ck_assert_int_eq(deadline_parse(s, &d), 0);
	return d;
}

START_TEST(deadline_days_are_beijing_days)
{
	char	 out[DEADLINE_DATE_SZ];

	/* 2023-03-31 00:00 Beijing is 03-30 16:00 UTC. */
	ck_assert_int_eq(deadline_day_of(utc(2023, 3, 30, 15, 59)), day("2023-03-30"));
	ck_assert_int_eq(deadline_day_of(utc(2023, 3, 30, 16, 0)), day("2023-03-31"));
	/* 23:59 Beijing on the 31st is still the 31st; 00:00 is April. */
	ck_assert_int_eq(deadline_day_of(utc(2023, 3, 31, 15, 59)), day("2023-03-31"));
	ck_assert_int_eq(deadline_day_of(utc(2023, 3, 31, 16, 0)), day("2023-04-01"));
	/* New year comes 8 hours early. */
	deadline_format(deadline_day_of(utc(2023, 12, 31, 16, 0)), out, sizeof(out));
	ck_assert_str_eq(out, "2024-01-01");
	deadline_format(deadline_day_of(utc(2023, 12, 31, 15, 59)), out, sizeof(out));
	ck_assert_str_eq(out, "2023-12-31");
	ck_assert_int_eq(deadline_day_of(0), 0);
	ck_assert_int_eq(deadline_day_of(-8 * 3600 - 1), -1);
}
END_TEST

START_TEST(deadline_due_day_is_inclusive)
{
	struct deadline_state	 st;
	char			 w[32];
	long			 due = day("2023-03-31");

	/* 3月31日 23:59 Beijing: due today, not overdue. */
	deadline_judge(deadline_day_of(utc(2023, 3, 31, 15, 59)), -1, due, &st);
	ck_assert_int_eq(st.has_due, 1);
	ck_assert_int_eq(st.overdue, 0);
	ck_assert_int_eq(st.left, 0);
	ck_assert_int_eq(st.soon, 1);
	deadline_words(&st, w, sizeof(w));
	ck_assert_str_eq(w, "今天截止");
	/* 4月1日 00:00 Beijing: one day overdue. */
	deadline_judge(deadline_day_of(utc(2023, 3, 31, 16, 0)), -1, due, &st);
	ck_assert_int_eq(st.overdue, 1);
	ck_assert_int_eq(st.left, -1);
	ck_assert_int_eq(st.soon, 0);
	deadline_words(&st, w, sizeof(w));
	ck_assert_str_eq(w, "逾期1天");
	/* 4月10日: nine days after 4月1日 is 逾期10天. */
	deadline_judge(day("2023-04-10"), -1, due, &st);
	deadline_words(&st, w, sizeof(w));
	ck_assert_str_eq(w, "逾期10天");
}
END_TEST

START_TEST(deadline_days_left_and_soon)
{
	struct deadline_state	 st;
	char			 w[32];
	long			 due = day("2023-03-31");

	/* Seed 002: filing opens 2月20日; on that day 39 days are left. */
	deadline_judge(day("2023-02-20"), day("2023-02-20"), due, &st);
	ck_assert_int_eq(st.left, 39);
	ck_assert_int_eq(st.soon, 0);
	ck_assert_int_eq(st.waited, 0);
	deadline_words(&st, w, sizeof(w));
	ck_assert_str_eq(w, "剩余39天");
	deadline_judge(due - DEADLINE_SOON_DAYS - 1, -1, due, &st);
	ck_assert_int_eq(st.soon, 0);
	deadline_judge(due - DEADLINE_SOON_DAYS, -1, due, &st);
	ck_assert_int_eq(st.soon, 1);
	ck_assert_int_eq(st.left, DEADLINE_SOON_DAYS);
	/* No deadline set: days waited only, no words. */
	deadline_judge(due, day("2023-03-01"), -1, &st);
	ck_assert_int_eq(st.has_due, 0);
	ck_assert_int_eq(st.overdue, 0);
	ck_assert_int_eq(st.waited, 30);
	deadline_words(&st, w, sizeof(w));
	ck_assert_str_eq(w, "");
}
END_TEST

START_TEST(deadline_days_waited_count_beijing_days)
{
	struct deadline_state	 st;
	long			 today = deadline_day_of(utc(2023, 3, 31, 0, 0));

	/* Reached 3-28 00:30 Beijing (3-27 16:30 UTC): 3 days, not 4. */
	deadline_judge(today, deadline_day_of(utc(2023, 3, 27, 16, 30)), -1, &st);
	ck_assert_int_eq(st.waited, 3);
	/* Reached 3-27 23:30 Beijing (15:30 UTC): 4 days. */
	deadline_judge(today, deadline_day_of(utc(2023, 3, 27, 15, 30)), -1, &st);
	ck_assert_int_eq(st.waited, 4);
	/* Across February of a leap year. */
	deadline_judge(day("2024-03-01"), day("2024-02-28"), -1, &st);
	ck_assert_int_eq(st.waited, 2);
	/* Unknown, and a clock behind the record: never negative. */
	deadline_judge(today, -1, -1, &st);
	ck_assert_int_eq(st.waited, -1);
	deadline_judge(today, today + 1, -1, &st);
	ck_assert_int_eq(st.waited, 0);
}
END_TEST

START_TEST(deadline_dates_parse_and_format)
{
	static const char *const bad[] = { "2023-02-29", "2023-13-01", "2023-00-10",
	    "2023-04-31", "2023-3-31", "2023/03/31", "1999-12-31", "2023-03-31 ",
	    "", "３月底", "2100-02-29", NULL };
	char	 out[DEADLINE_DATE_SZ];
	long	 d, prev;
	size_t	 i;

	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(deadline_parse(bad[i], &d) == -1, "%s", bad[i]);
	ck_assert_int_eq(deadline_parse(NULL, &d), -1);
	ck_assert_int_eq(deadline_parse("2024-02-29", &d), 0);
	ck_assert_int_eq(deadline_parse("2000-02-29", &d), 0);
	ck_assert_int_eq(day("2021-10-10") - day("2021-09-20"), 20);
	/* Every day of 2000-2100 formats to a date that parses back to it. */
	prev = day("2000-01-01") - 1;
	for (d = day("2000-01-01"); d <= day("2100-12-31"); d++) {
		long	 back;

		deadline_format(d, out, sizeof(out));
		ck_assert_int_eq(deadline_parse(out, &back), 0);
		ck_assert_int_eq(back, d);
		ck_assert_int_eq(back, prev + 1);
		prev = back;
	}
	ck_assert_int_eq(deadline_level_ok("county"), 1);
	ck_assert_int_eq(deadline_level_ok("province"), 1);
	ck_assert_int_eq(deadline_level_ok("accepted"), 0);
	ck_assert_int_eq(deadline_level_ok(NULL), 0);
}
END_TEST

static Suite *
deadline_suite(void)
{
	Suite	*s = suite_create("deadline");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, deadline_days_are_beijing_days);
	tcase_add_test(tc, deadline_due_day_is_inclusive);
	tcase_add_test(tc, deadline_days_left_and_soon);
	tcase_add_test(tc, deadline_days_waited_count_beijing_days);
	tcase_add_test(tc, deadline_dates_parse_and_format);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(deadline_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
