/*
 * test_token.c - token.[ch]: fresh tokens, token_valid, base64url against
 * the RFC 4648 vectors (URL alphabet, no padding), SHA-256 vectors, hex and
 * constant-time comparison.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "token.h"

START_TEST(token_new_gives_token_len_base64url_chars)
{
	char	 tok[TOKEN_LEN + 8];
	size_t	 i;

	memset(tok, 'x', sizeof(tok));
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	ck_assert_uint_eq(strlen(tok), TOKEN_LEN);
	for (i = 0; i < TOKEN_LEN; i++)
		ck_assert_msg(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_", tok[i]) != NULL,
		    "byte %zu of %s is not base64url", i, tok);
	ck_assert_int_eq(token_valid(tok), 1);
}
END_TEST

START_TEST(token_new_fits_exactly_token_len_plus_nul)
{
	char	 tok[TOKEN_LEN + 1];

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	ck_assert_uint_eq(strlen(tok), TOKEN_LEN);
}
END_TEST

START_TEST(token_new_refuses_a_buffer_too_small)
{
	char	 tok[TOKEN_LEN];

	ck_assert_int_ne(token_new(tok, sizeof(tok)), SME_OK);
}
END_TEST

START_TEST(token_new_differs_each_call)
{
	char	 toks[16][TOKEN_LEN + 1];
	size_t	 i, j;

	for (i = 0; i < 16; i++)
		ck_assert_int_eq(token_new(toks[i], sizeof(toks[i])), SME_OK);
	for (i = 0; i < 16; i++)
		for (j = i + 1; j < 16; j++)
			ck_assert_str_ne(toks[i], toks[j]);
}
END_TEST

static const char *const valid_tokens[] = {
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE",
	"-------------------------------------------",
	"___________________________________________",
	"Zz09-_Zz09-_Zz09-_Zz09-_Zz09-_Zz09-_Zz09-_Z",
};

static const char *const invalid_tokens[] = {
	"",
	"A",
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",		/* 42 */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",		/* 44 */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",		/* padding */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",		/* base64 */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",		/* base64 */
	"AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
	"AAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAA",
	"AAAAAAAAAAAAAAAAAAAAA;AAAAAAAAAAAAAAAAAAAAA",
	"AAAAAAAAAAAAAAAAAAAAA\nAAAAAAAAAAAAAAAAAAAAA",
	"AAAAAAAAAAAAAAAAAAAAA\xe4\xb8\xad"
	    "AAAAAAAAAAAAAAAAAAA",				/* 43 bytes */
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x80",
};

START_TEST(token_valid_accepts_base64url_of_token_len)
{
	ck_assert_msg(token_valid(valid_tokens[_i]) == 1, "rejected \"%s\"",
	    valid_tokens[_i]);
}
END_TEST

START_TEST(token_valid_rejects_wrong_length_or_alphabet)
{
	ck_assert_msg(token_valid(invalid_tokens[_i]) == 0, "accepted \"%s\"",
	    invalid_tokens[_i]);
}
END_TEST

START_TEST(token_valid_rejects_null)
{
	ck_assert_int_eq(token_valid(NULL), 0);
}
END_TEST

/*
 * RFC 4648 section 10 vectors without padding, and bytes that use the
 * characters base64url changes ('-' and '_' for '+' and '/').
 */
static const struct {
	const char	*raw;
	size_t		 rawsz;
	const char	*enc;
} b64_vectors[] = {
	{ "", 0, "" },
	{ "f", 1, "Zg" },
	{ "fo", 2, "Zm8" },
	{ "foo", 3, "Zm9v" },
	{ "foob", 4, "Zm9vYg" },
	{ "fooba", 5, "Zm9vYmE" },
	{ "foobar", 6, "Zm9vYmFy" },
	{ "\xfb\xff", 2, "-_8" },
	{ "\xfb\xef\xbe", 3, "----" },
	{ "\xff\xff\xff", 3, "____" },
	{ "\x00\x00\x00", 3, "AAAA" },
	{ "\x00", 1, "AA" },
	{ "\x14\xfb\x9c\x03\xd9\x7e", 6, "FPucA9l-" },
	{ "\x14\xfb\x9c\x03\xd9", 5, "FPucA9k" },
	{ "\x14\xfb\x9c\x03", 4, "FPucAw" },
	{ "\xe6\xb1\x9f\xe8\x8b\x8f", 6, "5rGf6IuP" },	/* 江苏 */
};

START_TEST(token_b64url_encodes_rfc4648_vectors_without_padding)
{
	char	 out[64];
	size_t	 n;

	memset(out, 'x', sizeof(out));
	n = token_b64url((const unsigned char *)b64_vectors[_i].raw,
	    b64_vectors[_i].rawsz, out, sizeof(out));
	ck_assert_str_eq(out, b64_vectors[_i].enc);
	ck_assert_uint_eq(n, strlen(b64_vectors[_i].enc));
}
END_TEST

START_TEST(token_unb64url_decodes_rfc4648_vectors)
{
	unsigned char	 out[64];
	long		 n;

	n = token_unb64url(b64_vectors[_i].enc, strlen(b64_vectors[_i].enc),
	    out, sizeof(out));
	ck_assert_int_eq(n, (long)b64_vectors[_i].rawsz);
	ck_assert_mem_eq(out, b64_vectors[_i].raw, b64_vectors[_i].rawsz);
}
END_TEST

START_TEST(token_b64url_round_trips_every_length_and_byte)
{
	unsigned char	 in[300], back[300];
	char		 enc[420];
	size_t		 len, i, n;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7 + 3);
	for (len = 0; len <= sizeof(in); len++) {
		n = token_b64url(in, len, enc, sizeof(enc));
		ck_assert_uint_eq(n, (len * 4 + 2) / 3);
		ck_assert_uint_eq(strlen(enc), n);
		ck_assert_ptr_null(strpbrk(enc, "+/="));
		ck_assert_int_eq(token_unb64url(enc, n, back, sizeof(back)),
		    (long)len);
		ck_assert_mem_eq(back, in, len);
	}
}
END_TEST

START_TEST(token_b64url_refuses_a_buffer_too_small)
{
	char	 out[8];

	/* "foo" needs 4 characters and the NUL. */
	ck_assert_uint_eq(token_b64url((const unsigned char *)"foo", 3, out, 4),
	    0);
	ck_assert_uint_eq(token_b64url((const unsigned char *)"foo", 3, out, 5),
	    4);
	ck_assert_str_eq(out, "Zm9v");
}
END_TEST

/* Encoded text with a byte base64url has no place for. */
static const char *const b64_bad[] = {
	"Zm9v+mFy",
	"Zm9v/mFy",
	"Zm9vYg==",
	"Zm9vYg=",
	"Zm9v YmFy",
	"Zm9v\nYmFy",
	"Zm9v.YmFy",
	"Zm9v%2B",
	"Zm9v\xe4\xb8\xad",
	"\x80",
	"=",
};

START_TEST(token_unb64url_rejects_characters_outside_the_alphabet)
{
	unsigned char	 out[64];

	ck_assert_int_eq(token_unb64url(b64_bad[_i], strlen(b64_bad[_i]), out,
	    sizeof(out)), -1);
}
END_TEST

START_TEST(token_unb64url_rejects_an_embedded_nul)
{
	unsigned char	 out[64];

	ck_assert_int_eq(token_unb64url("Zm9v\0mFy", 8, out, sizeof(out)), -1);
}
END_TEST

START_TEST(token_unb64url_refuses_output_past_outsz)
{
	unsigned char	 out[8];

	memset(out, 0xaa, sizeof(out));
	ck_assert_int_eq(token_unb64url("Zm9vYmFy", 8, out, 5), -1);
	ck_assert_uint_eq(out[5], 0xaa);
	ck_assert_int_eq(token_unb64url("Zm9vYmFy", 8, out, 6), 6);
	ck_assert_mem_eq(out, "foobar", 6);
}
END_TEST

/* FIPS 180-2 / NIST SHA-256 vectors. */
static const struct {
	const char	*in;
	const char	*hex;
} sha_vectors[] = {
	{ "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

START_TEST(token_hash_is_sha256)
{
	unsigned char	 h[TOKEN_HASHSZ];
	char		 hex[2 * TOKEN_HASHSZ + 1];

	token_hash(sha_vectors[_i].in, strlen(sha_vectors[_i].in), h);
	token_hex(h, sizeof(h), hex);
	ck_assert_str_eq(hex, sha_vectors[_i].hex);
}
END_TEST

START_TEST(token_hash_covers_bytes_past_a_nul)
{
	unsigned char	 a[TOKEN_HASHSZ], b[TOKEN_HASHSZ];

	token_hash("abc\0x", 5, a);
	token_hash("abc\0y", 5, b);
	ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
}
END_TEST

START_TEST(token_hex_is_lowercase_two_digits_a_byte)
{
	const unsigned char in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char		 out[2 * sizeof(in) + 1];

	token_hex(in, sizeof(in), out);
	ck_assert_str_eq(out, "00017f80abff");
	token_hex(in, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

static const struct {
	const char	*a;
	const char	*b;
	int		 eq;
} equal_cases[] = {
	{ "", "", 1 },
	{ "abc", "abc", 1 },
	{ "江苏", "江苏", 1 },
	{ "abc", "abd", 0 },
	{ "abc", "Abc", 0 },
	{ "abc", "ab", 0 },
	{ "ab", "abc", 0 },
	{ "", "a", 0 },
	{ "a", "", 0 },
	{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", 0 },
};

START_TEST(token_equal_is_string_equality)
{
	ck_assert_msg(token_equal(equal_cases[_i].a, equal_cases[_i].b) ==
	    equal_cases[_i].eq, "token_equal(\"%s\", \"%s\")",
	    equal_cases[_i].a, equal_cases[_i].b);
}
END_TEST

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static Suite *
token_suite(void)
{
	Suite	*s = suite_create("token");
	TCase	*tc = tcase_create("token");

	tcase_add_test(tc, token_new_gives_token_len_base64url_chars);
	tcase_add_test(tc, token_new_fits_exactly_token_len_plus_nul);
	tcase_add_test(tc, token_new_refuses_a_buffer_too_small);
	tcase_add_test(tc, token_new_differs_each_call);
	tcase_add_loop_test(tc, token_valid_accepts_base64url_of_token_len, 0,
	    NELEM(valid_tokens));
	tcase_add_loop_test(tc, token_valid_rejects_wrong_length_or_alphabet, 0,
	    NELEM(invalid_tokens));
	tcase_add_test(tc, token_valid_rejects_null);
	tcase_add_loop_test(tc,
	    token_b64url_encodes_rfc4648_vectors_without_padding, 0,
	    NELEM(b64_vectors));
	tcase_add_loop_test(tc, token_unb64url_decodes_rfc4648_vectors, 0,
	    NELEM(b64_vectors));
	tcase_add_test(tc, token_b64url_round_trips_every_length_and_byte);
	tcase_add_test(tc, token_b64url_refuses_a_buffer_too_small);
	tcase_add_loop_test(tc,
	    token_unb64url_rejects_characters_outside_the_alphabet, 0,
	    NELEM(b64_bad));
	tcase_add_test(tc, token_unb64url_rejects_an_embedded_nul);
	tcase_add_test(tc, token_unb64url_refuses_output_past_outsz);
	tcase_add_loop_test(tc, token_hash_is_sha256, 0, NELEM(sha_vectors));
	tcase_add_test(tc, token_hash_covers_bytes_past_a_nul);
	tcase_add_test(tc, token_hex_is_lowercase_two_digits_a_byte);
	tcase_add_loop_test(tc, token_equal_is_string_equality, 0,
	    NELEM(equal_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(token_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
