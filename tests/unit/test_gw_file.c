/*
 * test_gw_file.c - gw_file.[ch]: the JSON line of the file adapter is
 * {"to":...,"text":...,"at":...} with every string escaped as RFC 8259
 * asks (and U+2028/U+2029, and invalid UTF-8 as U+FFFD), and a buffer
 * too small gives 0, never a cut line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "gw_file.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*text;
	const char	*json;	/* the "text" value as written */
} escapes[] = {
	{ "", "\"\"" },
	{ "验证码123456", "\"验证码123456\"" },
	{ "【江苏省专精特新企业培育服务平台】您的注册验证码为123456，10分钟内有效。",
	    "\"【江苏省专精特新企业培育服务平台】您的注册验证码为123456，10分钟内有效。\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "C:\\path", "\"C:\\\\path\"" },
	{ "a\nb\rc\td", "\"a\\nb\\rc\\td\"" },
	{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
	{ "/</script>", "\"/</script>\"" },
	{ "\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"" },
	{ "😀𠮷", "\"😀𠮷\"" },
	{ "bad\xff", "\"bad\\ufffd\"" },
	{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "cut\xe6\xb1", "\"cut\\ufffd\\ufffd\"" },
};

START_TEST(gw_file_line_escapes_text_as_json)
{
	char	 out[1024], want[1024];
	size_t	 n;

	snprintf(want, sizeof(want),
	    "{\"to\":\"13800138000\",\"text\":%s,\"at\":\"2026-11-22T04:42:50.123Z\"}\n",
	    escapes[_i].json);
	n = gw_file_line("13800138000", escapes[_i].text,
	    "2026-11-22T04:42:50.123Z", out, sizeof(out));
	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(n, strlen(want));
}
END_TEST

START_TEST(gw_file_line_is_one_line_whatever_the_text)
{
	char	 text[256], out[2048];
	size_t	 i, n;

	for (i = 0; i < 255; i++)
		text[i] = (char)(i + 1);
	text[255] = '\0';
	n = gw_file_line("1", text, "t", out, sizeof(out));
	ck_assert_uint_gt(n, 0);
	ck_assert_ptr_eq(strchr(out, '\n'), out + n - 1);
	ck_assert_ptr_null(strchr(out, '\r'));
}
END_TEST

START_TEST(gw_file_line_refuses_a_buffer_too_small)
{
	char	 out[64];
	size_t	 full, sz;

	full = gw_file_line("13800138000", "江苏", "t", out, sizeof(out));
	ck_assert_uint_gt(full, 0);
	/* Every smaller buffer: 0, and never a line without its end. */
	for (sz = 0; sz <= full; sz++)
		ck_assert_uint_eq(gw_file_line("13800138000", "江苏", "t", out,
		    sz), 0);
	ck_assert_uint_eq(gw_file_line("13800138000", "江苏", "t", out,
	    full + 1), full);
}
END_TEST

static Suite *
gw_file_suite(void)
{
	Suite	*s = suite_create("gw_file");
	TCase	*tc = tcase_create("line");

	tcase_add_loop_test(tc, gw_file_line_escapes_text_as_json, 0,
	    NELEM(escapes));
	tcase_add_test(tc, gw_file_line_is_one_line_whatever_the_text);
	tcase_add_test(tc, gw_file_line_refuses_a_buffer_too_small);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(gw_file_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
