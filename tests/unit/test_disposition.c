/*
 * test_disposition.c - disposition.[ch]: inline or attachment; the ASCII
 * fallback without a quote, backslash or % to break out of it; the UTF-8
 * name in filename* percent-encoded but for RFC 8187 attr-chars, and read
 * back whole; a name longer than the buffer cut short, never overrun.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "disposition.h"

/* The name filename* of header h carries, decoded, into out. */
static void
star_decode(const char *h, char *out, size_t outsz)
{
	const char	*p = strstr(h, "filename*=UTF-8''");
	size_t		 o = 0;
	unsigned	 x;

	ck_assert_ptr_nonnull(p);
	for (p += 17; *p != '\0' && o + 1 < outsz; p++)
		if (*p == '%' && sscanf(p + 1, "%2x", &x) == 1) {
			out[o++] = (char)x;
			p += 2;
		} else
			out[o++] = *p;
	out[o] = '\0';
}

START_TEST(disposition_keeps_a_chinese_name_in_filename_star)
{
	char	 h[512], back[256];

	disposition_format("申报指南 2026.pdf", 1, h, sizeof(h));
	ck_assert_str_eq(h, "inline; filename=\"____________ 2026.pdf\"; filename*=UTF-8''"
	    "%E7%94%B3%E6%8A%A5%E6%8C%87%E5%8D%97%202026.pdf");
	star_decode(h, back, sizeof(back));
	ck_assert_str_eq(back, "申报指南 2026.pdf");
}
END_TEST

START_TEST(disposition_fallback_cannot_be_broken_out_of)
{
	char	 h[512];

	disposition_format("a\"b\\c%d;e.doc", 0, h, sizeof(h));
	ck_assert_str_eq(h, "attachment; filename=\"a_b_c_d;e.doc\"; filename*=UTF-8''"
	    "a%22b%5Cc%25d%3Be.doc");
}
END_TEST

START_TEST(disposition_long_name_stays_in_the_buffer)
{
	char	 name[300], h[64];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(h, '#', sizeof(h));
	disposition_format(name, 0, h, sizeof(h));
	ck_assert_uint_lt(strlen(h), sizeof(h));
	ck_assert_ptr_nonnull(strstr(h, "\"; filename*=UTF-8''"));
}
END_TEST

static Suite *
disposition_suite(void)
{
	Suite	*s = suite_create("disposition");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, disposition_keeps_a_chinese_name_in_filename_star);
	tcase_add_test(tc, disposition_fallback_cannot_be_broken_out_of);
	tcase_add_test(tc, disposition_long_name_stays_in_the_buffer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(disposition_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
