/*
 * test_namegram.c - namegram.[ch]: the grams of a search text, as the
 * database's SUBSTRING(name, i, 3) (or 2) cuts names (schema/038):
 * characters of one to four UTF-8 bytes, trigrams or the one bigram of a
 * two-character text, duplicates once, first-seen order, a spread of
 * NAMEGRAM_MAX when there are more; what is searched by grams at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "namegram.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct want {
	const char	*in;
	size_t		 n;
	const char	*grams[NAMEGRAM_MAX];
};

static const struct want wants[] = {
	{ "基准测试", 2, { "基准测", "准测试" } },
	/* Two characters: the bigram itself. */
	{ "恒瑞", 1, { "恒瑞" } },
	/* Repeated triples once, in the order first seen. */
	{ "000000号", 2, { "000", "00号" } },
	{ "科技科技", 2, { "科技科", "技科技" } },
	/* Mixed ASCII and Chinese; spaces are characters too. */
	{ "A公司", 1, { "A公司" } },
	{ "华为 技术", 3, { "华为 ", "为 技", " 技术" } },
	/* A four-byte character (CJK Extension B) is one character. */
	{ "\xf0\xa0\x80\x80业", 1, { "\xf0\xa0\x80\x80业" } },
	{ "\xf0\xa0\x80\x80业务", 1, { "\xf0\xa0\x80\x80业务" } },
	/* Two-byte characters. */
	{ "\xc3\xa9t\xc3\xa9", 1, { "\xc3\xa9t\xc3\xa9" } },
	/* Fewer than two characters, or not UTF-8: none. */
	{ "号", 0, { NULL } },
	{ "", 0, { NULL } },
	{ "\xe5\x8f", 0, { NULL } },		/* cut in the middle */
	{ "ab\xff" "cd", 0, { NULL } },		/* invalid byte */
	{ "\xc0\xaf\xe5\x8f\xb7", 0, { NULL } },	/* overlong */
};

START_TEST(namegram_of_cuts_characters)
{
	const struct want	*w = &wants[_i];
	char			 out[NAMEGRAM_MAX][NAMEGRAM_SZ];
	size_t			 n, i;

	memset(out, 0, sizeof(out));
	n = namegram_of(w->in, out, NAMEGRAM_MAX);
	ck_assert_uint_eq(n, w->n);
	for (i = 0; i < n; i++)
		if (w->grams[i] != NULL)
			ck_assert_str_eq(out[i], w->grams[i]);
}
END_TEST

START_TEST(namegram_of_spreads_long_texts)
{
	/* 19 characters, 15 distinct triples: the first, the last, two between. */
	const char	*s = "基准测试100000号精密科技有限公司";
	char		 out[NAMEGRAM_MAX][NAMEGRAM_SZ];
	size_t		 n, i;

	n = namegram_of(s, out, NAMEGRAM_MAX);
	ck_assert_uint_eq(n, NAMEGRAM_MAX);
	ck_assert_str_eq(out[0], "基准测");
	ck_assert_str_eq(out[1], "100");	/* 5th of 15: 0, 4, 9, 14 */
	ck_assert_str_eq(out[2], "精密科");
	ck_assert_str_eq(out[NAMEGRAM_MAX - 1], "限公司");
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(strstr(s, out[i]));
		if (i > 0)
			ck_assert_str_ne(out[i], out[i - 1]);
	}
	/* max 1: the first triple. */
	ck_assert_uint_eq(namegram_of(s, out, 1), 1);
	ck_assert_str_eq(out[0], "基准测");
}
END_TEST

START_TEST(namegram_of_every_triple_of_short_texts)
{
	/* Each triple of a text with at most NAMEGRAM_MAX of them is kept. */
	const char	*s = "苏州工业园区";
	char		 out[NAMEGRAM_MAX][NAMEGRAM_SZ];

	ck_assert_uint_eq(namegram_of(s, out, NAMEGRAM_MAX), 4);
	ck_assert_str_eq(out[0], "苏州工");
	ck_assert_str_eq(out[1], "州工业");
	ck_assert_str_eq(out[2], "工业园");
	ck_assert_str_eq(out[3], "业园区");
	ck_assert_uint_eq(namegram_of(NULL, out, NAMEGRAM_MAX), 0);
	ck_assert_uint_eq(namegram_of(s, out, 0), 0);
}
END_TEST

START_TEST(namegram_searchable_needs_a_name_part)
{
	ck_assert_int_eq(namegram_searchable("科技"), 1);
	ck_assert_int_eq(namegram_searchable("000123号"), 1);
	ck_assert_int_eq(namegram_searchable("A公"), 1);
	/* One character: no pair. */
	ck_assert_int_eq(namegram_searchable("号"), 0);
	/* ASCII only: may be part of a credit code, which is not indexed. */
	ck_assert_int_eq(namegram_searchable("91320102"), 0);
	ck_assert_int_eq(namegram_searchable("abc"), 0);
	ck_assert_int_eq(namegram_searchable(""), 0);
	ck_assert_int_eq(namegram_searchable(NULL), 0);
	ck_assert_int_eq(namegram_searchable("科\xff技"), 0);
}
END_TEST

static Suite *
namegram_suite(void)
{
	Suite	*s = suite_create("namegram");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, namegram_of_cuts_characters, 0, NELEM(wants));
	tcase_add_test(tc, namegram_of_spreads_long_texts);
	tcase_add_test(tc, namegram_of_every_triple_of_short_texts);
	tcase_add_test(tc, namegram_searchable_needs_a_name_part);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(namegram_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
