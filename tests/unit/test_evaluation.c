/*
 * test_evaluation.c - the process of an evaluation list (evaluation.h):
 * every state x step x relation against the table written out by hand,
 * for a county's run (county proposes, its city confirms, returns,
 * publishes) and a city's own run (it confirms and publishes itself);
 * step names both ways and the state labels.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "evaluation.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const states[] = { "draft", "proposed", "returned", "notice", "published" };

/* Expected next state by [state][step][rel]; NULL: refused. OWN, PARENT, OTHER. */
static const char *const county_table[5][EVALUATION_STEP__MAX][3] = {
	/* draft */	{ { "proposed", NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
	/* proposed */	{ { NULL, NULL, NULL }, { NULL, "notice", NULL },
			  { NULL, "returned", NULL }, { NULL, NULL, NULL } },
	/* returned */	{ { "proposed", NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
	/* notice */	{ { NULL, NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, "published", NULL } },
	/* published */	{ { NULL, NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
};
static const char *const city_table[5][EVALUATION_STEP__MAX][3] = {
	/* draft */	{ { NULL, NULL, NULL }, { "notice", NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
	/* proposed */	{ { NULL, NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
	/* returned */	{ { NULL, NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
	/* notice */	{ { NULL, NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { "published", NULL, NULL } },
	/* published */	{ { NULL, NULL, NULL }, { NULL, NULL, NULL },
			  { NULL, NULL, NULL }, { NULL, NULL, NULL } },
};

static void
check_table(const char *level, const char *const table[5][EVALUATION_STEP__MAX][3])
{
	size_t	 s;
	int	 st, rel;

	for (s = 0; s < NELEM(states); s++)
		for (st = 0; st < EVALUATION_STEP__MAX; st++)
			for (rel = 0; rel < 3; rel++) {
				const char *got = evaluation_next(states[s], level, st, rel);
				const char *want = table[s][st][rel];

				ck_assert_msg((got == NULL && want == NULL) ||
				    (got != NULL && want != NULL && strcmp(got, want) == 0),
				    "%s run, %s, %s by rel %d: got %s, want %s", level,
				    states[s], evaluation_step_name(st), rel,
				    got ? got : "NULL", want ? want : "NULL");
			}
}

START_TEST(a_county_run_goes_county_city_notice_published)
{
	check_table("county", county_table);
}
END_TEST

START_TEST(a_city_or_province_run_is_confirmed_and_published_by_itself)
{
	check_table("city", city_table);
	check_table("province", city_table);
}
END_TEST

START_TEST(step_names_and_state_labels)
{
	int	 st;

	for (st = 0; st < EVALUATION_STEP__MAX; st++)
		ck_assert_int_eq(evaluation_step_parse(evaluation_step_name(st)), st);
	ck_assert_int_eq(evaluation_step_parse("delete"), -1);
	ck_assert_int_eq(evaluation_step_parse(NULL), -1);
	ck_assert_str_eq(evaluation_state_label("notice"), "公示中");
	ck_assert_str_eq(evaluation_state_label("proposed"), "待设区市确认");
	ck_assert_str_eq(evaluation_state_label("nosuch"), "");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("evaluation");
	TCase	*tc = tcase_create("process");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, a_county_run_goes_county_city_notice_published);
	tcase_add_test(tc, a_city_or_province_run_is_confirmed_and_published_by_itself);
	tcase_add_test(tc, step_names_and_state_labels);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
