/*
 * test_validate.c - validate.[ch]: 统一社会信用代码 against an independent
 * GB 32100-2015 check-character calculation, mobile numbers, usernames,
 * the password policy, region codes and text length in characters.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "validate.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * GB 32100-2015, written again from the standard rather than from
 * validate.c: the 31 code characters are 0-9 and A-Z without I, O, S, V
 * and Z, valued 0 to 30 in that order; position i (1-based) of the first
 * 17 has weight 3^(i-1) mod 31; the check character has the value
 * 31 - (sum mod 31), where 31 stands for 0.
 */
static const char gb_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static char
gb_check(const char *s)
{
	int		 i, w = 1, sum = 0, c;
	const char	*p;

	for (i = 0; i < 17; i++) {
		p = strchr(gb_chars, s[i]);
		ck_assert_msg(s[i] != '\0' && p != NULL, "bad test base %s", s);
		sum += (int)(p - gb_chars) * w;
		w = w * 3 % 31;
	}
	c = 31 - sum % 31;
	return gb_chars[c == 31 ? 0 : c];
}

/* s (17 characters) with its check character, in out[19]. */
static void
gb_complete(const char *s, char *out)
{
	memcpy(out, s, 17);
	out[17] = gb_check(s);
	out[18] = '\0';
}

/* Published codes; both pass gb_check (checked in a test below). */
static const char *const uscc_published[] = {
	"91350100M000100Y43",
	"91110000600037341L",
};

/* First 17 characters of codes of each kind; the test adds the check. */
static const char *const uscc_bases[] = {
	"91320100MA1MCK6Y2",	/* company, Nanjing */
	"92320583MA1Q4B9T0",	/* individual business, Kunshan */
	"12320000466000587",	/* public institution */
	"51320000MJ5470123",	/* social organisation */
	"Y1320000123456789",	/* other registration authority */
	"93320200000000000",	/* cooperative; check of a zero body */
	"9132000000000000Y",
	"913205947777777UW",
	"N2320000ABCDEFGHJ",
	"A1320000KLMNPQRTU",
};

START_TEST(gb_check_agrees_with_published_codes)
{
	ck_assert_int_eq(gb_check(uscc_published[_i]), uscc_published[_i][17]);
}
END_TEST

START_TEST(validate_uscc_accepts_published_code)
{
	ck_assert_ptr_null(validate_uscc(uscc_published[_i]));
	ck_assert_int_eq(validate_uscc_check(uscc_published[_i]),
	    uscc_published[_i][17]);
}
END_TEST

START_TEST(validate_uscc_accepts_code_with_gb32100_check_char)
{
	char	 code[19];
	const char *msg;

	gb_complete(uscc_bases[_i], code);
	msg = validate_uscc(code);
	ck_assert_msg(msg == NULL, "%s rejected: %s", code, msg);
}
END_TEST

START_TEST(validate_uscc_check_matches_the_standard_on_many_codes)
{
	char		 s[18];
	unsigned long	 x = 20150901;
	int		 n, i;

	for (n = 0; n < 5000; n++) {
		for (i = 0; i < 17; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			s[i] = gb_chars[(x >> 33) % 31];
		}
		s[17] = '\0';
		ck_assert_msg(validate_uscc_check(s) == gb_check(s),
		    "check of %s: %c, want %c", s, validate_uscc_check(s),
		    gb_check(s));
	}
}
END_TEST

START_TEST(validate_uscc_accepts_only_its_one_check_char)
{
	char	 code[19];
	size_t	 c;
	int	 ok = 0;

	gb_complete(uscc_bases[_i], code);
	for (c = 0; c < sizeof(gb_chars) - 1; c++) {
		code[17] = gb_chars[c];
		if (validate_uscc(code) == NULL)
			ok++;
		else
			ck_assert_ptr_nonnull(strstr(validate_uscc(code),
			    "校验位"));
	}
	ck_assert_int_eq(ok, 1);
}
END_TEST

/* Codes that break one rule, and a word of the message that must say so. */
static const struct {
	const char	*code;
	const char	*says;
} uscc_bad[] = {
	{ "", "请填写" },
	{ "91350100M000100Y4", "18位" },			/* 17 */
	{ "91350100M000100Y433", "18位" },			/* 19 */
	{ "9135010M000100Y43", "18位" },
	{ "91350100M000100Y43 ", "18位" },
	{ " 91350100M000100Y43", "18位" },
	{ "统一社会信用", "只能包含" },			/* 18 bytes */
	{ "91350100I000100Y43", "只能包含" },
	{ "91350100O000100Y43", "只能包含" },
	{ "91350100S000100Y43", "只能包含" },
	{ "91350100V000100Y43", "只能包含" },
	{ "91350100Z000100Y43", "只能包含" },
	{ "91350100m000100y43", "只能包含" },		/* lowercase */
	{ "91110000600037341l", "只能包含" },		/* lowercase */
	{ "91350100M000 00Y43", "只能包含" },
	{ "91350100M000-00Y43", "只能包含" },
	{ "91350100M000100Y44", "校验位" },
	{ "91350100M000100Y4A", "校验位" },
	{ "91110000600037341K", "校验位" },
	{ "91110000600037341I", "只能包含" },
	{ "91350100M000100Y34", "校验位" },		/* swapped */
	{ "19350100M000100Y43", "校验位" },		/* swapped */
};

START_TEST(validate_uscc_rejects_code_naming_the_rule)
{
	const char	*msg = validate_uscc(uscc_bad[_i].code);

	ck_assert_msg(msg != NULL, "accepted \"%s\"", uscc_bad[_i].code);
	ck_assert_msg(strstr(msg, uscc_bad[_i].says) != NULL,
	    "\"%s\": \"%s\" lacks \"%s\"", uscc_bad[_i].code, msg,
	    uscc_bad[_i].says);
}
END_TEST

START_TEST(validate_uscc_rejects_null)
{
	ck_assert_ptr_nonnull(validate_uscc(NULL));
}
END_TEST

/*
 * Codes with a letter (a valid code character) in the region part,
 * positions 3 to 8; the check character is right, so only that rule fails.
 */
static const char *const uscc_region_bases[] = {
	"91A50100M000100Y4",
	"913B0100M000100Y4",
	"9135C100M000100Y4",
	"91350D00M000100Y4",
	"913501E0M000100Y4",
	"9135010FM000100Y4",
	"91YYYYYYM000100Y4",
};

START_TEST(validate_uscc_rejects_non_digit_region_part)
{
	char		 code[19];
	const char	*msg;

	gb_complete(uscc_region_bases[_i], code);
	msg = validate_uscc(code);
	ck_assert_msg(msg != NULL, "accepted %s", code);
	ck_assert_ptr_nonnull(strstr(msg, "行政区划"));
}
END_TEST

START_TEST(validate_uscc_check_gives_nul_for_bad_chars)
{
	ck_assert_int_eq(validate_uscc_check("91350100I000100Y4"), '\0');
	ck_assert_int_eq(validate_uscc_check("91350100m000100Y4"), '\0');
	ck_assert_int_eq(validate_uscc_check("9135"), '\0');
}
END_TEST

static const char *const mobile_good[] = {
	"13800138000",
	"13912345678",
	"15012345678",
	"16612345678",
	"17712345678",
	"18912345678",
	"19912345678",
	"14712345678",
};

static const char *const mobile_bad[] = {
	"",
	"1380013800",		/* 10 digits */
	"138001380000",		/* 12 */
	"12345678901",		/* 12x */
	"10012345678",
	"11012345678",
	"23800138000",
	"03800138000",
	"1380013800a",
	"138 0013 800",
	"138-0013-8000",
	"+8613800138000",
	"8613800138000",
	" 13800138000",
	"13800138000 ",
	"１３８００１３８０００",	/* full-width digits */
};

START_TEST(validate_mobile_accepts_mainland_number)
{
	ck_assert_ptr_null(validate_mobile(mobile_good[_i]));
}
END_TEST

START_TEST(validate_mobile_rejects_malformed_number)
{
	ck_assert_msg(validate_mobile(mobile_bad[_i]) != NULL,
	    "accepted \"%s\"", mobile_bad[_i]);
}
END_TEST

static const char *const username_good[] = {
	"abcd",
	"Zhang_San",
	"a123",
	"a___",
	"user_2024",
	"abcdefghijabcdefghijabcdefghij12",	/* 32 */
};

static const char *const username_bad[] = {
	"",
	"abc",
	"abcdefghijabcdefghijabcdefghij123",	/* 33 */
	"1abc",
	"_abc",
	"ab-cd",
	"ab.cd",
	"ab cd",
	"abcd ",
	" abcd",
	"张三abcd",
	"abcd张三",
	"abc\xc3\xa9",
	"ab@cd",
	"ab;cd",
};

START_TEST(validate_username_accepts_letter_then_word_chars)
{
	ck_assert_ptr_null(validate_username(username_good[_i]));
}
END_TEST

START_TEST(validate_username_rejects_bad_username)
{
	ck_assert_msg(validate_username(username_bad[_i]) != NULL,
	    "accepted \"%s\"", username_bad[_i]);
}
END_TEST

static const char *const password_good[] = {
	"Demo-2026!",				/* the demo accounts' */
	"Hb7qsLw2xq",				/* 10 */
	"Passw0rd with spaces",
	"p@ssw0rd!Jiangsu7",
	"江苏企业Kx7qz9mR",
	"江苏省中小企业平台a1",			/* 11 characters, 29 bytes */
	"Kx7-qua9-wZ2m",
	"q7Wm2xKp9Lz4Rt8Vn3Hb6Yc1Jf5Ds0Ga7Ue2Ko9Pi4Sl8Mw3Xq6Nr1Tb5Zc0Ey7h",	/* 64 */
	"江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏"
	"江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏a1",	/* 64 */
};

static const char *const password_bad[] = {
	"",
	"abc1",
	"abcdef1",				/* 7 */
	"abcdefgh1",				/* 9 */
	"abcdefghij",				/* no digit */
	"1234567890",				/* no letter */
	"江苏省中小企业公共服务平台",		/* no letter or digit */
	"密码a1",				/* 4 characters, 8 bytes */
	"江苏省中小企业a1",			/* 9 characters, 23 bytes */
	"0123456789012345678901234567890123456789012345678901234567890abcd",
	"江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏"
	"江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江苏江a1", /* 65 */
	"abcd\tefg1xx",
	"abcd\nefg1xx",
	"abcd\x1b" "efg1xx",
	/* Common or easily guessed (cracklib). */
	"password12",
	"Password123",
	"qwerty1234",
	"12345678ab",
	"abc123abc123",
};

START_TEST(validate_password_accepts_policy_password)
{
	const char	*msg = validate_password(password_good[_i], NULL, NULL);

	ck_assert_msg(msg == NULL, "rejected \"%s\": %s", password_good[_i],
	    msg);
}
END_TEST

START_TEST(validate_password_rejects_policy_breach)
{
	ck_assert_msg(validate_password(password_bad[_i], NULL, NULL) != NULL,
	    "accepted \"%s\"", password_bad[_i]);
}
END_TEST

START_TEST(validate_password_refuses_the_username_and_credit_code)
{
	const char	*msg;

	msg = validate_password("Zhangsan_co-2026x", "zhangsan_co", NULL);
	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq(msg, "密码不能包含用户名");
	msg = validate_password("x91320102MA1MCK6Y2Ay", "someone",
	    "91320102MA1MCK6Y2A");
	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq(msg, "密码不能包含统一社会信用代码");
	msg = validate_password("Kx7-qua9-wZ2m", "zhangsan_co",
	    "91320102MA1MCK6Y2A");
	ck_assert_ptr_null(msg);
	msg = validate_password("password12", NULL, NULL);
	ck_assert_ptr_nonnull(msg);
	ck_assert_str_eq(msg, "密码过于常见或容易被猜到，请换一个更复杂的密码");
}
END_TEST

static const char *const region_good[] = {
	"320000",
	"320100",
	"320102",
	"321302",
};

static const char *const region_bad[] = {
	"",
	"32010",
	"3201020",
	"32010a",
	"32 102",
	" 32010",
	"３２０１０２",
	"-32010",
};

START_TEST(validate_region_accepts_six_digits)
{
	ck_assert_ptr_null(validate_region(region_good[_i]));
}
END_TEST

START_TEST(validate_region_rejects_other_than_six_digits)
{
	ck_assert_msg(validate_region(region_bad[_i]) != NULL,
	    "accepted \"%s\"", region_bad[_i]);
}
END_TEST

START_TEST(validators_reject_null)
{
	ck_assert_ptr_nonnull(validate_mobile(NULL));
	ck_assert_ptr_nonnull(validate_username(NULL));
	ck_assert_ptr_nonnull(validate_password(NULL, NULL, NULL));
	ck_assert_ptr_nonnull(validate_region(NULL));
	ck_assert_ptr_nonnull(validate_text(NULL, 10));
}
END_TEST

/* Typed text, a fold, and the trimmed copy validate_trimmed() makes. */
static const struct {
	const char	*in;
	int		 fold;
	const char	*out;
} trimmed_cases[] = {
	{ "  91320102mA1mck6y2X \t", 1, "91320102MA1MCK6Y2X" },
	{ "\r\nAlice_01\n", -1, "alice_01" },
	{ " 南京 Abc 科技 ", 0, "南京 Abc 科技" },
	{ " 南京abc ", 1, "南京ABC" },
	{ "   ", 0, "" },
	{ "", 1, "" },
	{ "x", 0, "x" },
	/* Only ASCII white space: U+3000 IDEOGRAPHIC SPACE stays. */
	{ "\xe3\x80\x80" "a" "\xe3\x80\x80", 0, "\xe3\x80\x80" "a" "\xe3\x80\x80" },
};

START_TEST(validate_trimmed_drops_surrounding_space_and_folds_ascii)
{
	char	*s = validate_trimmed(trimmed_cases[_i].in, trimmed_cases[_i].fold);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, trimmed_cases[_i].out);
	free(s);
}
END_TEST

START_TEST(validate_trimmed_of_null_is_empty)
{
	char	*s = validate_trimmed(NULL, 1);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

/* Text, a limit in characters, and whether it passes. */
static const struct {
	const char	*text;
	unsigned	 max;
	int		 ok;
} text_cases[] = {
	{ "江苏省", 3, 1 },
	{ "江苏省", 2, 0 },
	{ "江苏省南京市", 6, 1 },
	{ "江苏省南京市", 5, 0 },
	{ "南京abc", 5, 1 },
	{ "南京abc", 4, 0 },
	{ "abc", 3, 1 },
	{ "abcd", 3, 0 },
	{ "\xf0\x9f\x98\x80", 1, 1 },		/* one 4-byte character */
	{ "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 1, 0 },
	{ "é", 1, 1 },
	{ " 江苏 ", 4, 1 },
	{ "x", 1, 1 },
	{ "", 10, 0 },
	{ " ", 10, 0 },
	{ "\t\r\n ", 10, 0 },
	{ "江", 0, 0 },
};

START_TEST(validate_text_counts_utf8_characters_and_rejects_blank)
{
	const char	*msg = validate_text(text_cases[_i].text,
	    text_cases[_i].max);

	ck_assert_msg((msg == NULL) == text_cases[_i].ok,
	    "validate_text(\"%s\", %u) = %s", text_cases[_i].text,
	    text_cases[_i].max, msg ? msg : "NULL");
}
END_TEST

START_TEST(validate_text_messages_differ_for_blank_and_long)
{
	const char	*blank = validate_text("  ", 5);
	const char	*lng = validate_text("江苏省南京市", 5);

	ck_assert_ptr_nonnull(blank);
	ck_assert_ptr_nonnull(lng);
	ck_assert_str_ne(blank, lng);
}
END_TEST

START_TEST(validate_date_takes_real_days_of_the_years_given)
{
	ck_assert_ptr_null(validate_date("2024-02-29", 2000, 2099));
	ck_assert_ptr_null(validate_date("2026-12-31", 2000, 2099));
	ck_assert_ptr_null(validate_date("1998-07-01", 1900, 2100));
	ck_assert_str_eq(validate_date("2026-02-29", 2000, 2099), "不是有效的日期");
	ck_assert_str_eq(validate_date("2100-02-29", 1900, 2100), "不是有效的日期");
	ck_assert_str_eq(validate_date("2026-04-31", 2000, 2099), "不是有效的日期");
	ck_assert_str_eq(validate_date("2026-13-01", 2000, 2099), "不是有效的日期");
	ck_assert_str_eq(validate_date("1998-07-01", 2000, 2099), "不是有效的日期");
	ck_assert_ptr_nonnull(strstr(validate_date("2026-2-3", 2000, 2099), "年-月-日"));
	ck_assert_ptr_nonnull(strstr(validate_date("2026/02/03", 2000, 2099), "年-月-日"));
	ck_assert_ptr_nonnull(strstr(validate_date("2026-02-03 ", 2000, 2099), "年-月-日"));
	ck_assert_ptr_nonnull(strstr(validate_date("+026-02-03", 2000, 2099), "年-月-日"));
	ck_assert_ptr_nonnull(validate_date(NULL, 2000, 2099));
}
END_TEST

/* A reason's length as a person counts it: code points, the ends trimmed. */
START_TEST(validate_chars_counts_characters_not_bytes_or_padding)
{
	ck_assert_uint_eq(validate_chars(NULL), 0);
	ck_assert_uint_eq(validate_chars(" \t\r\n "), 0);
	ck_assert_uint_eq(validate_chars("资料不全"), 4);
	ck_assert_uint_eq(validate_chars("\r\n 资料 不全\t"), 5);
	ck_assert_uint_eq(validate_chars("ab"), 2);
	ck_assert_uint_eq(validate_chars("\xf0\x9f\x98\x80x"), 2);	/* U+1F600 and x */
}
END_TEST

static Suite *
validate_suite(void)
{
	Suite	*s = suite_create("validate");
	TCase	*tu = tcase_create("uscc");
	TCase	*tc = tcase_create("fields");

	tcase_add_loop_test(tu, gb_check_agrees_with_published_codes, 0,
	    NELEM(uscc_published));
	tcase_add_loop_test(tu, validate_uscc_accepts_published_code, 0,
	    NELEM(uscc_published));
	tcase_add_loop_test(tu,
	    validate_uscc_accepts_code_with_gb32100_check_char, 0,
	    NELEM(uscc_bases));
	tcase_add_test(tu,
	    validate_uscc_check_matches_the_standard_on_many_codes);
	tcase_add_loop_test(tu, validate_uscc_accepts_only_its_one_check_char,
	    0, NELEM(uscc_bases));
	tcase_add_loop_test(tu, validate_uscc_rejects_code_naming_the_rule, 0,
	    NELEM(uscc_bad));
	tcase_add_test(tu, validate_uscc_rejects_null);
	tcase_add_loop_test(tu, validate_uscc_rejects_non_digit_region_part, 0,
	    NELEM(uscc_region_bases));
	tcase_add_test(tu, validate_uscc_check_gives_nul_for_bad_chars);
	suite_add_tcase(s, tu);

	tcase_add_loop_test(tc, validate_mobile_accepts_mainland_number, 0,
	    NELEM(mobile_good));
	tcase_add_loop_test(tc, validate_mobile_rejects_malformed_number, 0,
	    NELEM(mobile_bad));
	tcase_add_loop_test(tc,
	    validate_username_accepts_letter_then_word_chars, 0,
	    NELEM(username_good));
	tcase_add_loop_test(tc, validate_username_rejects_bad_username, 0,
	    NELEM(username_bad));
	tcase_add_loop_test(tc, validate_password_accepts_policy_password, 0,
	    NELEM(password_good));
	tcase_add_test(tc, validate_password_refuses_the_username_and_credit_code);
	tcase_add_loop_test(tc, validate_password_rejects_policy_breach, 0,
	    NELEM(password_bad));
	tcase_add_loop_test(tc, validate_region_accepts_six_digits, 0,
	    NELEM(region_good));
	tcase_add_loop_test(tc, validate_region_rejects_other_than_six_digits,
	    0, NELEM(region_bad));
	tcase_add_test(tc, validators_reject_null);
	tcase_add_loop_test(tc,
	    validate_text_counts_utf8_characters_and_rejects_blank, 0,
	    NELEM(text_cases));
	tcase_add_test(tc, validate_text_messages_differ_for_blank_and_long);
	tcase_add_loop_test(tc,
	    validate_trimmed_drops_surrounding_space_and_folds_ascii, 0,
	    NELEM(trimmed_cases));
	tcase_add_test(tc, validate_trimmed_of_null_is_empty);
	tcase_add_test(tc, validate_date_takes_real_days_of_the_years_given);
	tcase_add_test(tc, validate_chars_counts_characters_not_bytes_or_padding);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(validate_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
