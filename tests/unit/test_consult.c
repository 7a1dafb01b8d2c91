/*
 * test_consult.c - consult.[ch] without a database: who may hand a
 * question to whom (a county up to its city, the province or support; a
 * city to the province or support; the province to support; never down,
 * never when solved or not held), and which roles answer questions.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "consult.h"
#include "session.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	enum consult_handler	 holder;
	enum consult_handler	 to;
	int			 ok;
} hand[] = {
	{ CONSULT_H_COUNTY, CONSULT_H_CITY, 1 },
	{ CONSULT_H_COUNTY, CONSULT_H_PROVINCE, 1 },
	{ CONSULT_H_COUNTY, CONSULT_H_SUPPORT, 1 },
	{ CONSULT_H_COUNTY, CONSULT_H_COUNTY, 0 },
	{ CONSULT_H_CITY, CONSULT_H_PROVINCE, 1 },
	{ CONSULT_H_CITY, CONSULT_H_SUPPORT, 1 },
	{ CONSULT_H_CITY, CONSULT_H_COUNTY, 0 },
	{ CONSULT_H_CITY, CONSULT_H_CITY, 0 },
	{ CONSULT_H_PROVINCE, CONSULT_H_SUPPORT, 1 },
	{ CONSULT_H_PROVINCE, CONSULT_H_CITY, 0 },
	{ CONSULT_H_PROVINCE, CONSULT_H_COUNTY, 0 },
	{ CONSULT_H_SUPPORT, CONSULT_H_COUNTY, 0 },
	{ CONSULT_H_SUPPORT, CONSULT_H_PROVINCE, 0 },
};

START_TEST(consult_can_hand_only_upwards_or_to_support)
{
	struct session		 s = { .role = (char *)"county" };
	struct consult_thread	 t = { .handler = hand[_i].holder, .can_answer = 1,
	    .state = CONSULT_WAITING };

	ck_assert_int_eq(consult_can_hand(&s, &t, hand[_i].to), hand[_i].ok);
}
END_TEST

START_TEST(consult_can_hand_nothing_solved_or_not_held)
{
	struct session		 s = { .role = (char *)"county" };
	struct consult_thread	 t = { .handler = CONSULT_H_COUNTY, .can_answer = 1,
	    .state = CONSULT_SOLVED };

	ck_assert_int_eq(consult_can_hand(&s, &t, CONSULT_H_PROVINCE), 0);
	t.state = CONSULT_ANSWERED;
	ck_assert_int_eq(consult_can_hand(&s, &t, CONSULT_H_PROVINCE), 1);
	t.can_answer = 0;
	ck_assert_int_eq(consult_can_hand(&s, &t, CONSULT_H_PROVINCE), 0);
}
END_TEST

START_TEST(consult_staff_is_bureaus_and_support)
{
	ck_assert_int_eq(consult_staff("county"), 1);
	ck_assert_int_eq(consult_staff("city"), 1);
	ck_assert_int_eq(consult_staff("province"), 1);
	ck_assert_int_eq(consult_staff("support"), 1);
	ck_assert_int_eq(consult_staff("enterprise"), 0);
	ck_assert_int_eq(consult_staff(""), 0);
	ck_assert_int_eq(consult_staff(NULL), 0);
}
END_TEST

START_TEST(consult_labels_are_the_seeds_states)
{
	ck_assert_str_eq(consult_state_labels[CONSULT_WAITING], "待回复");
	ck_assert_str_eq(consult_state_labels[CONSULT_ANSWERED], "已回复");
	ck_assert_str_eq(consult_state_labels[CONSULT_SOLVED], "已解决");
	ck_assert_int_eq(sme_lookup(consult_handler_names, CONSULT_H__MAX, "support"),
	    CONSULT_H_SUPPORT);
}
END_TEST

static Suite *
consult_suite(void)
{
	Suite	*s = suite_create("consult");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, consult_can_hand_only_upwards_or_to_support, 0,
	    NELEM(hand));
	tcase_add_test(tc, consult_can_hand_nothing_solved_or_not_held);
	tcase_add_test(tc, consult_staff_is_bureaus_and_support);
	tcase_add_test(tc, consult_labels_are_the_seeds_states);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(consult_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
