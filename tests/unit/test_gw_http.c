/*
 * test_gw_http.c - gw_http.[ch]: the request signature is the lowercase
 * hex HMAC-SHA256 of the configured fields in order, joined as
 * configured (RFC 4231 vectors, and a Chinese request checked with
 * Python's hmac), and needs room for 64 digits.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "gw_http.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*key;
	size_t		 keysz;
	const char	*vals[4];
	size_t		 n;
	const char	*join;
	const char	*hex;
} signs[] = {
	/* RFC 4231 test case 2, whole and in pieces. */
	{ "Jefe", 4, { "what do ya want for nothing?" }, 1, "",
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "Jefe", 4, { "what do ya", "want for nothing?" }, 2, " ",
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	{ "Jefe", 4, { "what do ya want ", "for ", "nothing?" }, 3, "",
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	/* RFC 4231 test case 1. */
	{ "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b"
	    "\x0b\x0b\x0b\x0b", 20, { "Hi There" }, 1, "",
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	/* account, mobile, text, timestamp joined by "|", UTF-8 key. */
	{ "key-密钥", 10, { "账号A", "13800138000", "【江苏】验证码123456",
	    "20261122104230" }, 4, "|",
	    "fc4d10d9c30923a7d201280eead4c9383d02595a995cd6672321d2f7bf7431be" },
	/* Nothing signed: the HMAC of "". */
	{ "k", 1, { NULL }, 0, ",",
	    "8bb990c40a7d61cb97597a942125025be50ac8beb74436e3735b98893a7f6620" },
};

START_TEST(gw_http_sign_is_hex_hmac_sha256_of_the_joined_fields)
{
	char	 out[GW_HTTP_SIGN_LEN + 1];

	ck_assert_int_eq(gw_http_sign((const unsigned char *)signs[_i].key,
	    signs[_i].keysz, signs[_i].vals, signs[_i].n, signs[_i].join, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, signs[_i].hex);
}
END_TEST

START_TEST(gw_http_sign_depends_on_order_and_join)
{
	const char	*ab[] = { "a", "b" }, *ba[] = { "b", "a" };
	char		 x[GW_HTTP_SIGN_LEN + 1], y[GW_HTTP_SIGN_LEN + 1];

	ck_assert_int_eq(gw_http_sign((const unsigned char *)"k", 1, ab, 2, "",
	    x, sizeof(x)), 0);
	ck_assert_int_eq(gw_http_sign((const unsigned char *)"k", 1, ba, 2, "",
	    y, sizeof(y)), 0);
	ck_assert_str_ne(x, y);
	ck_assert_int_eq(gw_http_sign((const unsigned char *)"k", 1, ab, 2, "&",
	    y, sizeof(y)), 0);
	ck_assert_str_ne(x, y);
}
END_TEST

START_TEST(gw_http_sign_refuses_a_short_buffer)
{
	const char	*v[] = { "x" };
	char		 out[GW_HTTP_SIGN_LEN + 1];

	ck_assert_int_eq(gw_http_sign((const unsigned char *)"k", 1, v, 1, "",
	    out, GW_HTTP_SIGN_LEN), -1);
}
END_TEST

static Suite *
gw_http_suite(void)
{
	Suite	*s = suite_create("gw_http");
	TCase	*tc = tcase_create("sign");

	tcase_add_loop_test(tc,
	    gw_http_sign_is_hex_hmac_sha256_of_the_joined_fields, 0,
	    NELEM(signs));
	tcase_add_test(tc, gw_http_sign_depends_on_order_and_join);
	tcase_add_test(tc, gw_http_sign_refuses_a_short_buffer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(gw_http_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
