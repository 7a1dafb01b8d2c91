/*
 * test_slot.c - slot.[ch]: every filing kind has its slots in seed 004's
 * order and marks (the licence first and required, one file only), keys
 * are unique within a kind, and unknown kinds or keys are not found.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "slot.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*kind;
	size_t		 n;
	size_t		 required;
} kinds[] = {
	{ "entry", 6, 2 }, { "update", 6, 2 }, { "product", 10, 5 },
	{ "giant-mfg", 11, 11 }, { "giant-innov", 10, 10 }, { "recheck", 11, 11 },
};

START_TEST(slot_list_gives_each_kind_its_slots)
{
	const struct slot *s;
	size_t		 n, i, j, req = 0;

	s = slot_list(kinds[_i].kind, &n);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(n, kinds[_i].n);
	ck_assert_str_eq(s[0].key, "licence");
	ck_assert_str_eq(s[0].label, "企业营业执照原件扫描件");
	ck_assert_int_eq(s[0].required, 1);
	ck_assert_int_eq(s[0].multiple, 0);
	for (i = 0; i < n; i++) {
		req += s[i].required != 0;
		ck_assert_ptr_eq(slot_find(kinds[_i].kind, s[i].key), &s[i]);
		for (j = i + 1; j < n; j++)
			ck_assert_str_ne(s[i].key, s[j].key);
	}
	ck_assert_uint_eq(req, kinds[_i].required);
}
END_TEST

START_TEST(slot_unknown_kinds_and_keys_are_not_found)
{
	size_t	 n = 7;

	ck_assert_ptr_null(slot_list("register", &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(slot_list(NULL, &n));
	ck_assert_ptr_null(slot_find("product", "delete"));
	ck_assert_ptr_null(slot_find("product", "team"));	/* giant kinds only */
	ck_assert_ptr_nonnull(slot_find("giant-mfg", "team"));
	ck_assert_ptr_null(slot_find("giant-innov", "market"));	/* seed 004 2.3.2 has none */
}
END_TEST

static Suite *
slot_suite(void)
{
	Suite	*s = suite_create("slot");
	TCase	*tc = tcase_create("list");

	tcase_add_loop_test(tc, slot_list_gives_each_kind_its_slots, 0, NELEM(kinds));
	tcase_add_test(tc, slot_unknown_kinds_and_keys_are_not_found);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(slot_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
