/*
 * test_http.c - http.c: urlencoded and cookie parsing, the pair list and
 * the UTF-8 check, driven by tables of inputs that must pass and must fail.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define PAIRS_WANT_MAX	6	/* expected pairs of one table row */

/* An input and the pairs it must give, in order; ended by a NULL key. */
struct pairs_case {
	const char	*in;
	size_t		 insz;	/* 0: strlen(in) */
	const char	*want[PAIRS_WANT_MAX + 1][2];
};

/* An input that must fail with er. */
struct fail_case {
	const char	*in;
	size_t		 insz;	/* 0: strlen(in) */
	enum sme_err	 er;
};

static const struct pairs_case url_valids[] = {
	{ "", 0, { { NULL } } },
	{ "&", 0, { { NULL } } },
	{ "a=1", 0, { { "a", "1" } } },
	{ "a=1&b=2", 0, { { "a", "1" }, { "b", "2" } } },
	{ "&a=1&&b=2&", 0, { { "a", "1" }, { "b", "2" } } },
	{ "a", 0, { { "a", "" } } },
	{ "a=", 0, { { "a", "" } } },
	{ "a=b=c", 0, { { "a", "b=c" } } },
	{ "a=1&a=2", 0, { { "a", "1" }, { "a", "2" } } },
	{ "q=hello+world", 0, { { "q", "hello world" } } },
	{ "q=a%2Bb+c", 0, { { "q", "a+b c" } } },
	{ "my+key=v", 0, { { "my key", "v" } } },
	{ "%61=%7e%7E", 0, { { "a", "~~" } } },
	{ "p=%25", 0, { { "p", "%" } } },
	{ "name=%E6%B1%9F%E8%8B%8F", 0, { { "name", "江苏" } } },
	{ "%E5%90%8D%E7%A7%B0=%E5%80%BC", 0, { { "名称", "值" } } },
	{ "company=%E5%8D%97%E4%BA%AC%E5%B8%82%E7%A7%91%E6%8A%80"
	  "%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&tax=91320100MA1",
	  0, { { "company", "南京市科技有限公司" },
	  { "tax", "91320100MA1" } } },
	{ "city=苏州&district=工业园区", 0,
	  { { "city", "苏州" }, { "district", "工业园区" } } },
	{ "e=%F0%9F%98%80", 0, { { "e", "\xf0\x9f\x98\x80" } } },
	{ "t=a%09b%0D%0Ac", 0, { { "t", "a\tb\r\nc" } } },
	{ "addr=%E6%B1%9F%E8%8B%8F%E7%9C%81+%E6%97%A0%E9%94%A1%E5%B8%82",
	  0, { { "addr", "江苏省 无锡市" } } },
};

static const struct fail_case url_invalids[] = {
	{ "a=%", 0, SME_EINPUT },
	{ "a=%4", 0, SME_EINPUT },
	{ "a=%G1", 0, SME_EINPUT },
	{ "a=%zz&b=1", 0, SME_EINPUT },
	{ "a%=1", 0, SME_EINPUT },
	{ "a=%00", 0, SME_EINPUT },
	{ "a=b\0c", 5, SME_EINPUT },
	{ "a=%01", 0, SME_EINPUT },
	{ "a=%1B[31m", 0, SME_EINPUT },
	{ "a%0A=1", 0, SME_EINPUT },
	{ "a%09=1", 0, SME_EINPUT },
	{ "=1", 0, SME_EINPUT },
	{ "b=2&=", 0, SME_EINPUT },
	{ "a=%C0%AF", 0, SME_EINPUT },
	{ "a=%ED%A0%80", 0, SME_EINPUT },
	{ "a=%FF", 0, SME_EINPUT },
	{ "a=%E4%B8", 0, SME_EINPUT },
	{ "a=%E4%B8&b=%AD", 0, SME_EINPUT },
	{ "a=\xe4", 0, SME_EINPUT },
	{ "%FF=1", 0, SME_EINPUT },
	{ "a=%F4%90%80%80", 0, SME_EINPUT },
};

static const struct pairs_case cookie_cases[] = {
	{ "", 0, { { NULL } } },
	{ ";", 0, { { NULL } } },
	{ "a=1", 0, { { "a", "1" } } },
	{ "a=1; b=2", 0, { { "a", "1" }, { "b", "2" } } },
	{ "a=1;b=2", 0, { { "a", "1" }, { "b", "2" } } },
	{ "  a = 1 ;\tb=2  ", 0, { { "a", "1" }, { "b", "2" } } },
	{ "a=1;;;", 0, { { "a", "1" } } },
	{ "sid=\"abc\"", 0, { { "sid", "abc" } } },
	{ "e=\"\"", 0, { { "e", "" } } },
	{ "a=", 0, { { "a", "" } } },
	{ "a=b=c", 0, { { "a", "b=c" } } },
	{ "a=hello world", 0, { { "a", "hello world" } } },
	{ "a=1,b=2", 0, { { "a", "1,b=2" } } },
	{ "SID=1; sid=2", 0, { { "SID", "1" }, { "sid", "2" } } },
	{ "name=%E6%B1%9F", 0, { { "name", "%E6%B1%9F" } } },
	{ "city=苏州; lang=zh-CN", 0,
	  { { "city", "苏州" }, { "lang", "zh-CN" } } },
	/* Malformed pieces are skipped, the rest is kept. */
	{ "a=1; junk; b=2", 0, { { "a", "1" }, { "b", "2" } } },
	{ "a=1; =x; b=2", 0, { { "a", "1" }, { "b", "2" } } },
	{ "a=\"x; b=2", 0, { { "b", "2" } } },
	{ "a=x\"y; b=2", 0, { { "b", "2" } } },
	{ "a=\"x\"y\"; b=2", 0, { { "b", "2" } } },
	{ "a b=1; c=2", 0, { { "c", "2" } } },
	{ "\"a\"=1; c=2", 0, { { "c", "2" } } },
	{ "a=\x01; c=2", 0, { { "c", "2" } } },
	{ "a=\x7f; c=2", 0, { { "c", "2" } } },
	{ "a=\xff; c=2", 0, { { "c", "2" } } },
	{ "a=\xe6\xb1; c=2", 0, { { "c", "2" } } },
	{ "a=1\0x; b=2", 10, { { "b", "2" } } },
	{ "中=1; c=2", 0, { { "c", "2" } } },
};

static const char *const utf8_valids[] = {
	"",
	"abc",
	"江苏省中小企业",
	"\xc2\x80",			/* U+0080 */
	"\xdf\xbf",			/* U+07FF */
	"\xe0\xa0\x80",			/* U+0800 */
	"\xed\x9f\xbf",			/* U+D7FF, below the surrogates */
	"\xee\x80\x80",			/* U+E000, above them */
	"\xef\xbf\xbf",			/* U+FFFF */
	"\xf0\x90\x80\x80",		/* U+10000 */
	"\xf0\x9f\x98\x80",		/* U+1F600 */
	"\xf4\x8f\xbf\xbf",		/* U+10FFFF */
};

static const char *const utf8_invalids[] = {
	"\x80",				/* lone continuation */
	"\xbf",
	"\xc0\x80",			/* overlong NUL */
	"\xc1\xbf",			/* overlong */
	"\xe0\x80\x80",			/* overlong */
	"\xe0\x9f\xbf",			/* overlong */
	"\xed\xa0\x80",			/* surrogate U+D800 */
	"\xed\xbf\xbf",			/* surrogate U+DFFF */
	"\xf0\x80\x80\x80",		/* overlong */
	"\xf0\x8f\xbf\xbf",		/* overlong */
	"\xf4\x90\x80\x80",		/* above U+10FFFF */
	"\xf5\x80\x80\x80",
	"\xff",
	"\xfe",
	"\xe4\xb8",			/* truncated */
	"a\xc2",			/* truncated at the end */
	"\xe4\x41\xad",			/* bad continuation */
	"\xe4\xb8\x41",			/* bad last byte */
	"\xf0\x9f\x98\x41",
	"\xc2\xc2\x80",
};

/* Check that ps holds exactly the pairs of want, in order. */
static void
pairs_expect(const struct http_pairs *ps, const char *const want[][2],
    int row)
{
	size_t	 n = 0;

	while (want[n][0] != NULL)
		n++;
	ck_assert_msg(ps->n == n, "row %d: %zu pairs, want %zu", row, ps->n, n);
	for (n = 0; n < ps->n; n++) {
		ck_assert_str_eq(ps->v[n].key, want[n][0]);
		ck_assert_str_eq(ps->v[n].val, want[n][1]);
		ck_assert_uint_eq(ps->v[n].valsz, strlen(want[n][1]));
	}
}

/* The length of a table row's input. */
static size_t
case_len(const char *in, size_t insz)
{
	return insz != 0 ? insz : strlen(in);
}

/* Fill ps with n pairs "k0=v" ... so that limits can be reached. */
static void
pairs_fill(struct http_pairs *ps, size_t n)
{
	char	 k[32];
	size_t	 i;

	for (i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "k%zu", i);
		ck_assert_int_eq(http_pairs_add(ps, k, "v", 1), SME_OK);
	}
}

/* A query "k0=v&k1=v..." of n pairs; the caller frees it. */
static char *
query_of(size_t n)
{
	char	*q = calloc(n, 16);
	size_t	 i, o = 0;

	ck_assert_ptr_nonnull(q);
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(q + o, "%sk%zu=v", i ? "&" : "", i);
	return q;
}

START_TEST(urlencoded_accepts_valid_table)
{
	const struct pairs_case	*c = &url_valids[_i];
	struct http_pairs	 ps = { 0 };

	ck_assert_int_eq(http_parse_urlencoded(c->in, case_len(c->in, c->insz),
	    &ps), SME_OK);
	pairs_expect(&ps, c->want, _i);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(urlencoded_rejects_invalid_table)
{
	const struct fail_case	*c = &url_invalids[_i];
	struct http_pairs	 ps = { 0 };

	ck_assert_int_eq(http_parse_urlencoded(c->in, case_len(c->in, c->insz),
	    &ps), c->er);
	ck_assert_uint_eq(ps.n, 0);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(urlencoded_failure_appends_nothing)
{
	struct http_pairs	 ps = { 0 };
	const char		*in = "b=2&c=3&d=%ZZ";

	pairs_fill(&ps, 1);
	ck_assert_int_eq(http_parse_urlencoded(in, strlen(in), &ps),
	    SME_EINPUT);
	ck_assert_uint_eq(ps.n, 1);
	ck_assert_str_eq(ps.v[0].key, "k0");
	ck_assert_int_eq(http_parse_urlencoded("b=2", 3, &ps), SME_OK);
	ck_assert_uint_eq(ps.n, 2);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(urlencoded_key_limit_counts_decoded_bytes)
{
	struct http_pairs	 ps = { 0 };
	char			 in[3 * HTTP_KEY_MAX + 8];
	size_t			 i;

	/* HTTP_KEY_MAX bytes: accepted; one more: refused. */
	memset(in, 'k', HTTP_KEY_MAX);
	memcpy(in + HTTP_KEY_MAX, "=v", 3);
	ck_assert_int_eq(http_parse_urlencoded(in, strlen(in), &ps), SME_OK);
	ck_assert_uint_eq(strlen(ps.v[0].key), HTTP_KEY_MAX);
	memset(in, 'k', HTTP_KEY_MAX + 1);
	memcpy(in + HTTP_KEY_MAX + 1, "=v", 3);
	ck_assert_int_eq(http_parse_urlencoded(in, strlen(in), &ps),
	    SME_EINPUT);
	/* Escaped, the raw key is three times longer but still fits. */
	for (i = 0; i < HTTP_KEY_MAX; i++)
		memcpy(in + 3 * i, "%6B", 3);
	memcpy(in + 3 * HTTP_KEY_MAX, "=v", 3);
	ck_assert_int_eq(http_parse_urlencoded(in, strlen(in), &ps), SME_OK);
	ck_assert_uint_eq(ps.n, 2);
	ck_assert_str_eq(ps.v[1].key, ps.v[0].key);
	/* A raw key too long to fit even if it were all escapes. */
	memset(in, 'k', sizeof(in) - 1);
	in[sizeof(in) - 1] = '\0';
	ck_assert_int_eq(http_parse_urlencoded(in, strlen(in), &ps),
	    SME_EINPUT);
	ck_assert_uint_eq(ps.n, 2);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(urlencoded_over_pairs_max_is_toobig)
{
	struct http_pairs	 ps = { 0 };
	char			*q;

	q = query_of(HTTP_PAIRS_MAX);
	ck_assert_int_eq(http_parse_urlencoded(q, strlen(q), &ps), SME_OK);
	ck_assert_uint_eq(ps.n, HTTP_PAIRS_MAX);
	free(q);
	http_pairs_free(&ps);

	q = query_of(HTTP_PAIRS_MAX + 1);
	ck_assert_int_eq(http_parse_urlencoded(q, strlen(q), &ps), SME_ETOOBIG);
	ck_assert_uint_eq(ps.n, 0);
	free(q);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(urlencoded_keeps_long_values)
{
	struct http_pairs	 ps = { 0 };
	size_t			 sz = 1024 * 1024;
	char			*q = malloc(sz + 3);

	ck_assert_ptr_nonnull(q);
	memcpy(q, "v=", 2);
	memset(q + 2, 'x', sz);
	ck_assert_int_eq(http_parse_urlencoded(q, sz + 2, &ps), SME_OK);
	ck_assert_uint_eq(ps.v[0].valsz, sz);
	ck_assert_uint_eq(strlen(ps.v[0].val), sz);
	free(q);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(cookies_keep_valid_and_skip_malformed_table)
{
	const struct pairs_case	*c = &cookie_cases[_i];
	struct http_pairs	 ps = { 0 };

	ck_assert_int_eq(http_parse_cookies(c->in, case_len(c->in, c->insz),
	    &ps), SME_OK);
	pairs_expect(&ps, c->want, _i);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(cookies_skip_names_over_key_max)
{
	struct http_pairs	 ps = { 0 };
	char			 in[2 * HTTP_KEY_MAX + 32];

	memset(in, 'n', HTTP_KEY_MAX + 1);
	strcpy(in + HTTP_KEY_MAX + 1, "=1; ok=2");
	ck_assert_int_eq(http_parse_cookies(in, strlen(in), &ps), SME_OK);
	ck_assert_uint_eq(ps.n, 1);
	ck_assert_str_eq(ps.v[0].key, "ok");
	memset(in, 'n', HTTP_KEY_MAX);
	strcpy(in + HTTP_KEY_MAX, "=1");
	ck_assert_int_eq(http_parse_cookies(in, strlen(in), &ps), SME_OK);
	ck_assert_uint_eq(ps.n, 2);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(cookies_over_pairs_max_is_toobig_and_append_nothing)
{
	struct http_pairs	 ps = { 0 };
	size_t			 i, o = 0, n = HTTP_PAIRS_MAX + 1;
	char			*in = calloc(n, 16);

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(in + o, "c%zu=1; ", i);
	pairs_fill(&ps, 1);
	ck_assert_int_eq(http_parse_cookies(in, o, &ps), SME_ETOOBIG);
	ck_assert_uint_eq(ps.n, 1);
	free(in);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(utf8_valid_accepts_table)
{
	const char	*s = utf8_valids[_i];

	ck_assert_msg(http_utf8_valid(s, strlen(s)) == 1, "row %d", _i);
}
END_TEST

START_TEST(utf8_valid_rejects_table)
{
	const char	*s = utf8_invalids[_i];

	ck_assert_msg(http_utf8_valid(s, strlen(s)) == 0, "row %d", _i);
}
END_TEST

START_TEST(utf8_valid_rejects_truncation_by_length)
{
	/* "中" cut by the length, not by a NUL. */
	ck_assert_int_eq(http_utf8_valid("\xe4\xb8\xad", 2), 0);
	ck_assert_int_eq(http_utf8_valid("\xe4\xb8\xad", 3), 1);
	ck_assert_int_eq(http_utf8_valid("a\0b", 3), 1);
}
END_TEST

START_TEST(text_valid_allows_line_breaks_only_when_multiline)
{
	ck_assert_int_eq(http_text_valid("a\tb\r\nc", 6, 1), 1);
	ck_assert_int_eq(http_text_valid("a\tb", 3, 0), 0);
	ck_assert_int_eq(http_text_valid("a\nb", 3, 0), 0);
	ck_assert_int_eq(http_text_valid("a\0b", 3, 1), 0);
	ck_assert_int_eq(http_text_valid("a\x1f", 2, 1), 0);
	ck_assert_int_eq(http_text_valid("江苏", strlen("江苏"), 0), 1);
	ck_assert_int_eq(http_text_valid("\xff", 1, 1), 0);
}
END_TEST

START_TEST(pct_decode_keeps_plus_unless_asked)
{
	char	 out[16];
	size_t	 sz;

	ck_assert_int_eq(http_pct_decode("a+b%20c", 7, 0, out, &sz), SME_OK);
	ck_assert_uint_eq(sz, 5);
	ck_assert_int_eq(memcmp(out, "a+b c", 5), 0);
	ck_assert_int_eq(http_pct_decode("a+b", 3, 1, out, &sz), SME_OK);
	ck_assert_int_eq(memcmp(out, "a b", 3), 0);
	ck_assert_int_eq(http_pct_decode("%2", 2, 0, out, &sz), SME_EINPUT);
}
END_TEST

START_TEST(pairs_get_returns_first_match_or_null)
{
	struct http_pairs	 ps = { 0 };
	const struct http_pair	*p;

	ck_assert_int_eq(http_parse_urlencoded("a=1&b=2&a=3", 11, &ps), SME_OK);
	ck_assert_ptr_nonnull(p = http_pairs_get(&ps, "a"));
	ck_assert_str_eq(p->val, "1");
	ck_assert_ptr_null(http_pairs_get(&ps, "c"));
	ck_assert_ptr_null(http_pairs_get(&ps, "A"));
	http_pairs_free(&ps);
	ck_assert_ptr_null(http_pairs_get(&ps, "a"));
}
END_TEST

START_TEST(pairs_add_copies_and_rejects_bad_keys_and_nul)
{
	struct http_pairs	 ps = { 0 };
	char			 key[HTTP_KEY_MAX + 2];
	char			 val[] = "abc";

	ck_assert_int_eq(http_pairs_add(&ps, "k", val, 3), SME_OK);
	val[0] = 'X';
	ck_assert_str_eq(ps.v[0].val, "abc");
	ck_assert_int_eq(http_pairs_add(&ps, "e", NULL, 0), SME_OK);
	ck_assert_str_eq(ps.v[1].val, "");
	ck_assert_int_eq(http_pairs_add(&ps, "n", "a\0b", 3), SME_EINPUT);
	ck_assert_int_eq(http_pairs_add(&ps, "", "v", 1), SME_EINPUT);
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	ck_assert_int_eq(http_pairs_add(&ps, key, "v", 1), SME_EINPUT);
	ck_assert_uint_eq(ps.n, 2);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(pairs_add_stops_at_pairs_max)
{
	struct http_pairs	 ps = { 0 };

	pairs_fill(&ps, HTTP_PAIRS_MAX);
	ck_assert_int_eq(http_pairs_add(&ps, "x", "v", 1), SME_ETOOBIG);
	ck_assert_uint_eq(ps.n, HTTP_PAIRS_MAX);
	http_pairs_free(&ps);
}
END_TEST

START_TEST(pairs_free_resets_and_accepts_empty)
{
	struct http_pairs	 ps = { 0 };

	http_pairs_free(&ps);
	pairs_fill(&ps, 20);
	http_pairs_free(&ps);
	ck_assert_ptr_null(ps.v);
	ck_assert_uint_eq(ps.n, 0);
	ck_assert_uint_eq(ps.cap, 0);
	pairs_fill(&ps, 3);
	ck_assert_uint_eq(ps.n, 3);
	http_pairs_free(&ps);
}
END_TEST

#define NELEM(a)	(int)(sizeof(a) / sizeof((a)[0]))

static Suite *
http_suite(void)
{
	Suite	*s = suite_create("http");
	TCase	*tc;

	tc = tcase_create("urlencoded");
	tcase_add_loop_test(tc, urlencoded_accepts_valid_table, 0,
	    NELEM(url_valids));
	tcase_add_loop_test(tc, urlencoded_rejects_invalid_table, 0,
	    NELEM(url_invalids));
	tcase_add_test(tc, urlencoded_failure_appends_nothing);
	tcase_add_test(tc, urlencoded_key_limit_counts_decoded_bytes);
	tcase_add_test(tc, urlencoded_over_pairs_max_is_toobig);
	tcase_add_test(tc, urlencoded_keeps_long_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("cookies");
	tcase_add_loop_test(tc, cookies_keep_valid_and_skip_malformed_table, 0,
	    NELEM(cookie_cases));
	tcase_add_test(tc, cookies_skip_names_over_key_max);
	tcase_add_test(tc, cookies_over_pairs_max_is_toobig_and_append_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_loop_test(tc, utf8_valid_accepts_table, 0,
	    NELEM(utf8_valids));
	tcase_add_loop_test(tc, utf8_valid_rejects_table, 0,
	    NELEM(utf8_invalids));
	tcase_add_test(tc, utf8_valid_rejects_truncation_by_length);
	tcase_add_test(tc, text_valid_allows_line_breaks_only_when_multiline);
	tcase_add_test(tc, pct_decode_keeps_plus_unless_asked);
	suite_add_tcase(s, tc);

	tc = tcase_create("pairs");
	tcase_add_test(tc, pairs_get_returns_first_match_or_null);
	tcase_add_test(tc, pairs_add_copies_and_rejects_bad_keys_and_nul);
	tcase_add_test(tc, pairs_add_stops_at_pairs_max);
	tcase_add_test(tc, pairs_free_resets_and_accepts_empty);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(http_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
