/*
 * test_filetype.c - filetype.[ch]: the extensions that name each accepted
 * type (the last one counts, case-insensitive, .jpeg too), whether a name
 * agrees with a type, and every type's extension and media type. What the
 * bytes are is test_sniff.c's.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "filetype.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct name_case {
	const char	*name;
	enum filetype	 want;
};

static const struct name_case name_cases[] = {
	{ "营业执照.jpg", FILETYPE_JPG },
	{ "licence.JPEG", FILETYPE_JPG },
	{ "scan.Png", FILETYPE_PNG },
	{ "report.pdf", FILETYPE_PDF },
	{ "a.b.doc", FILETYPE_DOC },
	{ "table.DOCX", FILETYPE_DOCX },
	{ "t.xls", FILETYPE_XLS },
	{ "t.xlsx", FILETYPE_XLSX },
	{ "all.rar", FILETYPE_RAR },
	{ "noext", FILETYPE_UNKNOWN },
	{ "", FILETYPE_UNKNOWN },
	{ "trailing.", FILETYPE_UNKNOWN },
	{ "image.gif", FILETYPE_UNKNOWN },
	{ "png", FILETYPE_UNKNOWN },
	{ "dir.png/file", FILETYPE_UNKNOWN },
	{ "C:\\scans.jpg\\licence", FILETYPE_UNKNOWN },
	{ "double.png.exe", FILETYPE_UNKNOWN },
	{ "x.jpg ", FILETYPE_UNKNOWN },
};

START_TEST(filetype_of_name_reads_the_last_extension)
{
	ck_assert_msg(filetype_of_name(name_cases[_i].name) ==
	    name_cases[_i].want, "%s", name_cases[_i].name);
}
END_TEST

START_TEST(filetype_name_agrees_only_with_its_own_type)
{
	ck_assert(filetype_name_agrees(FILETYPE_JPG, "a.jpg"));
	ck_assert(filetype_name_agrees(FILETYPE_JPG, "a.jpeg"));
	ck_assert(filetype_name_agrees(FILETYPE_PNG, "A.PNG"));
	ck_assert(!filetype_name_agrees(FILETYPE_PNG, "a.jpg"));
	ck_assert(!filetype_name_agrees(FILETYPE_PDF, "licence.png"));
	ck_assert(!filetype_name_agrees(FILETYPE_UNKNOWN, "a.txt"));
	ck_assert(!filetype_name_agrees(FILETYPE_UNKNOWN, "noext"));
	ck_assert(!filetype_name_agrees(FILETYPE_JPG, NULL));
}
END_TEST

START_TEST(filetype_ext_and_mime_cover_every_type)
{
	int	 t;

	for (t = 1; t < FILETYPE__MAX; t++) {
		ck_assert_str_ne(filetype_ext((enum filetype)t), "");
		ck_assert_int_eq(filetype_of_name(filetype_ext((enum filetype)t)),
		    FILETYPE_UNKNOWN);	/* no dot: no extension */
		ck_assert_ptr_nonnull(strchr(filetype_mime((enum filetype)t), '/'));
	}
	ck_assert_str_eq(filetype_mime(FILETYPE_PNG), "image/png");
	ck_assert_str_eq(filetype_mime(FILETYPE__MAX), "application/octet-stream");
	ck_assert_str_eq(filetype_ext(FILETYPE_UNKNOWN), "");
}
END_TEST

START_TEST(filetype_of_signature_knows_only_what_a_browser_shows)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0 };
	static const unsigned char jpg[] = { 0xff, 0xd8, 0xff, 0xe0 };
	static const unsigned char ole[] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

	ck_assert_int_eq(filetype_of_signature(png, sizeof(png)), FILETYPE_PNG);
	ck_assert_int_eq(filetype_of_signature(png, 7), FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_of_signature(jpg, sizeof(jpg)), FILETYPE_JPG);
	ck_assert_int_eq(filetype_of_signature(jpg, 2), FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_of_signature("%PDF-1.7\n", 9), FILETYPE_PDF);
	ck_assert_int_eq(filetype_of_signature("%PDF", 4), FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_of_signature("PK\3\4", 4), FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_of_signature(ole, sizeof(ole)), FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_of_signature("<html>", 6), FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_of_signature(NULL, 8), FILETYPE_UNKNOWN);
	ck_assert(filetype_inline(FILETYPE_PDF) && filetype_inline(FILETYPE_JPG) &&
	    filetype_inline(FILETYPE_PNG));
	ck_assert(!filetype_inline(FILETYPE_DOCX) && !filetype_inline(FILETYPE_UNKNOWN) &&
	    !filetype_inline(FILETYPE_RAR));
}
END_TEST

static Suite *
filetype_suite(void)
{
	Suite	*s = suite_create("filetype");
	TCase	*tn = tcase_create("names");

	tcase_add_loop_test(tn, filetype_of_name_reads_the_last_extension, 0,
	    NELEM(name_cases));
	tcase_add_test(tn, filetype_name_agrees_only_with_its_own_type);
	tcase_add_test(tn, filetype_ext_and_mime_cover_every_type);
	tcase_add_test(tn, filetype_of_signature_knows_only_what_a_browser_shows);
	suite_add_tcase(s, tn);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(filetype_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
