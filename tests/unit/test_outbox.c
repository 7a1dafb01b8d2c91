/*
 * test_outbox.c - outbox.[ch] without a database: the retry delay starts
 * at the minimum, doubles with each attempt and stops at the maximum.
 */
#include <stdlib.h>

#include <check.h>

#include "outbox.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	long		 min_s, max_s;
	long long	 attempts;
	long		 want;
} backoffs[] = {
	{ 30, 600, 1, 30 }, { 30, 600, 2, 60 }, { 30, 600, 3, 120 },
	{ 30, 600, 5, 480 }, { 30, 600, 6, 600 }, { 30, 600, 1000000, 600 },
	{ 1, 2, 1, 1 }, { 1, 2, 2, 2 }, { 1, 2, 3, 2 },
	{ 0, 10, 1, 1 },		/* never less than a second */
	{ 30, 600, 0, 30 },
	{ 100, 50, 1, 50 },		/* the maximum wins */
};

START_TEST(outbox_backoff_doubles_up_to_the_maximum)
{
	ck_assert_int_eq(outbox_backoff(backoffs[_i].min_s, backoffs[_i].max_s,
	    backoffs[_i].attempts), backoffs[_i].want);
}
END_TEST

static Suite *
outbox_suite(void)
{
	Suite	*s = suite_create("outbox");
	TCase	*tc = tcase_create("backoff");

	tcase_add_loop_test(tc, outbox_backoff_doubles_up_to_the_maximum, 0,
	    NELEM(backoffs));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(outbox_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
