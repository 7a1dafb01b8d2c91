/*
 * test_attach.c - attach_clean_name(): a client's file name becomes a
 * display name without a path, control characters or bidi overrides, at
 * most 200 characters with the extension kept, whole UTF-8 characters.
 * (The database side of attach.c is covered by tests/http/upload.test.mjs.)
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "attach.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*in;
	const char	*want;
} names[] = {
	{ "营业执照.pdf", "营业执照.pdf" },
	{ "../../etc/passwd.pdf", "passwd.pdf" },
	{ "C:\\Users\\张三\\Desktop\\审计报告.xlsx", "审计报告.xlsx" },
	{ "a\tb\x01" "c.doc", "abc.doc" },
	{ "invoice\xe2\x80\xae" "fdp.exe.pdf", "invoicefdp.exe.pdf" },
	{ "  .hidden.png  ", "hidden.png" },
	{ "..", "附件" },
	{ "", "附件" },
	{ "dir/", "附件" },
	{ "😀报告.rar", "😀报告.rar" },
};

START_TEST(attach_clean_name_keeps_only_a_safe_display_name)
{
	char	 out[4 * ATTACH_NAME_MAX + 1];

	attach_clean_name(names[_i].in, out, sizeof(out));
	ck_assert_str_eq(out, names[_i].want);
}
END_TEST

START_TEST(attach_clean_name_shortens_to_200_characters_keeping_the_extension)
{
	char	 in[2000] = "", out[4 * ATTACH_NAME_MAX + 1], want[2000] = "";
	int	 i;

	for (i = 0; i < 296; i++)
		strcat(in, "很");
	strcat(in, ".pdf");
	for (i = 0; i < 196; i++)
		strcat(want, "很");
	strcat(want, ".pdf");
	attach_clean_name(in, out, sizeof(out));
	ck_assert_str_eq(out, want);
	for (i = 0; i < 300; i++)
		in[i] = 'a';
	in[300] = '\0';	/* no extension: just cut */
	attach_clean_name(in, out, sizeof(out));
	ck_assert_uint_eq(strlen(out), ATTACH_NAME_MAX);
}
END_TEST

static Suite *
attach_suite(void)
{
	Suite	*s = suite_create("attach");
	TCase	*tc = tcase_create("name");

	tcase_add_loop_test(tc, attach_clean_name_keeps_only_a_safe_display_name,
	    0, NELEM(names));
	tcase_add_test(tc, attach_clean_name_shortens_to_200_characters_keeping_the_extension);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(attach_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
