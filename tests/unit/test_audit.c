/*
 * test_audit.c - audit.[ch]: audit_json writes valid JSON objects whatever
 * the values hold (quotes, backslashes, control bytes, Chinese), writes
 * null for a NULL value, and refuses a buffer that is too small.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "audit.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct vec {
	const char	*key;
	const char	*val;
	const char	*want;
};

static const struct vec vecs[] = {
	{ "k", "v", "{\"k\":\"v\"}" },
	{ "name", "南京玄武", "{\"name\":\"南京玄武\"}" },
	{ "q", "a\"b", "{\"q\":\"a\\\"b\"}" },
	{ "b", "a\\b", "{\"b\":\"a\\\\b\"}" },
	{ "nl", "a\nb\tc", "{\"nl\":\"a\\u000ab\\u0009c\"}" },
	{ "x", "<script>", "{\"x\":\"<script>\"}" },
	{ "n", NULL, "{\"n\":null}" },
	{ "e", "", "{\"e\":\"\"}" },
};

START_TEST(audit_json_escapes_each_value)
{
	char	 out[256];

	ck_assert_int_eq(audit_json(out, sizeof(out), vecs[_i].key,
	    vecs[_i].val, NULL), 0);
	ck_assert_str_eq(out, vecs[_i].want);
}
END_TEST

START_TEST(audit_json_joins_members_with_commas)
{
	char	 out[256];

	ck_assert_int_eq(audit_json(out, sizeof(out), "a", "1", "b", NULL,
	    "c", "3", NULL), 0);
	ck_assert_str_eq(out, "{\"a\":\"1\",\"b\":null,\"c\":\"3\"}");
}
END_TEST

START_TEST(audit_json_of_nothing_is_an_empty_object)
{
	char	 out[8];

	ck_assert_int_eq(audit_json(out, sizeof(out), NULL), 0);
	ck_assert_str_eq(out, "{}");
}
END_TEST

START_TEST(audit_json_refuses_a_small_buffer)
{
	char	 out[12];
	size_t	 sz;

	/* Every size short of the whole object fails, none overflows. */
	for (sz = 0; sz <= 11; sz++)
		ck_assert_int_eq(audit_json(out, sz, "key", "value", NULL), -1);
	ck_assert_int_eq(audit_json(out, 2, NULL), -1);
}
END_TEST

static Suite *
audit_suite(void)
{
	Suite	*s = suite_create("audit");
	TCase	*tc = tcase_create("json");

	tcase_add_loop_test(tc, audit_json_escapes_each_value, 0, NELEM(vecs));
	tcase_add_test(tc, audit_json_joins_members_with_commas);
	tcase_add_test(tc, audit_json_of_nothing_is_an_empty_object);
	tcase_add_test(tc, audit_json_refuses_a_small_buffer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(audit_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
