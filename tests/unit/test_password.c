/*
 * test_password.c - password.[ch]: scrypt hashes round trip (Chinese
 * passwords too), are salted, refuse wrong passwords and malformed or
 * absurd stored strings, and ask for a rehash when the cost goes up.
 * Most tests use password_params(10, 8, 1) to stay fast.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "password.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Cheap parameters, set before each test of the "fast" case. */
static void
fast_params(void)
{
	password_params(10, 8, 1);
}

static const char *const passwords[] = {
	"correct horse battery staple",
	"Passw0rd",
	"江苏省中小企业2024",
	"密码",
	"p\xc3\xa4ss w\xc3\xb6rd \xf0\x9f\x94\x91",
	"a",
	"",
	"with $ and , and = signs$",
	"0123456789012345678901234567890123456789012345678901234567890123"
	"0123456789012345678901234567890123456789012345678901234567890123",
};

START_TEST(password_hash_then_verify_round_trips)
{
	char	 h[PASSWORD_HASH_MAX];

	ck_assert_int_eq(password_hash(passwords[_i], h, sizeof(h)), SME_OK);
	ck_assert_msg(password_verify(passwords[_i], h) == 1,
	    "\"%s\" does not verify against %s", passwords[_i], h);
}
END_TEST

START_TEST(password_hash_writes_scrypt_string_with_its_params)
{
	char	 h[PASSWORD_HASH_MAX];

	ck_assert_int_eq(password_hash("Passw0rd", h, sizeof(h)), SME_OK);
	ck_assert_int_eq(strncmp(h, "$scrypt$ln=10,r=8,p=1$", 22), 0);
	ck_assert_uint_lt(strlen(h), PASSWORD_HASH_MAX);
	/* Salt and key are base64url: no '+', '/', '=' or spaces. */
	ck_assert_ptr_null(strpbrk(h + 22, "+/= "));
}
END_TEST

START_TEST(password_hash_refuses_buffer_too_small)
{
	char	 h[PASSWORD_HASH_MAX];

	ck_assert_int_ne(password_hash("Passw0rd", h, 20), SME_OK);
}
END_TEST

/* Each is wrong for the password "江苏省中小企业2024". */
static const char *const wrong_passwords[] = {
	"江苏省中小企业2025",
	"江苏省中小企业202",
	"江苏省中小企业20244",
	"江苏省中小企业2024 ",
	" 江苏省中小企业2024",
	"江苏省中小企業2024",
	"",
	"Passw0rd",
};

START_TEST(password_verify_rejects_wrong_password)
{
	char	 h[PASSWORD_HASH_MAX];

	ck_assert_int_eq(password_hash("江苏省中小企业2024", h, sizeof(h)),
	    SME_OK);
	ck_assert_int_eq(password_verify(wrong_passwords[_i], h), 0);
}
END_TEST

START_TEST(password_hash_twice_gives_different_salted_strings)
{
	char	 a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	char	*sa, *sb;

	ck_assert_int_eq(password_hash("Passw0rd", a, sizeof(a)), SME_OK);
	ck_assert_int_eq(password_hash("Passw0rd", b, sizeof(b)), SME_OK);
	ck_assert_str_ne(a, b);
	/* The salts differ, not only the keys. */
	sa = strchr(a + 22, '$');
	sb = strchr(b + 22, '$');
	ck_assert_ptr_nonnull(sa);
	ck_assert_ptr_nonnull(sb);
	ck_assert_int_ne(memcmp(a, b, (size_t)(sa - a)), 0);
	ck_assert_int_eq(password_verify("Passw0rd", a), 1);
	ck_assert_int_eq(password_verify("Passw0rd", b), 1);
}
END_TEST

/*
 * Stored strings that are not one of our hashes. Salt and key are the
 * right lengths unless the entry says otherwise.
 */
#define SALT	"AAAAAAAAAAAAAAAAAAAAAA"
#define KEY	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
static const char *const malformed[] = {
	"",
	"$",
	"$scrypt$",
	"Passw0rd",
	"$2y$10$abcdefghijklmnopqrstuuJ5QG1/4Aq1Xw4hWv.3Yx0p3d8yY1b5C",
	"$argon2id$v=19$m=65536,t=3,p=4$" SALT "$" KEY,
	"$scrypt$ln=10,r=8,p=1$" SALT,
	"$scrypt$ln=10,r=8,p=1$" SALT "$",
	"$scrypt$ln=10,r=8,p=1$$" KEY,
	"$scrypt$ln=10,r=8$" SALT "$" KEY,
	"$scrypt$ln=10,r=8,p=1$" SALT "$" KEY "$",
	"$scrypt$ln=10,r=8,p=1$" SALT "$" KEY " ",
	"$scrypt$ln=10,r=8,p=1$" SALT "$" KEY "x",		/* long key */
	"$scrypt$ln=10,r=8,p=1$" SALT "$"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",	/* short key */
	"$scrypt$ln=10,r=8,p=1$" "AAAAAA" "$" KEY,	/* 4-byte salt */
	"$scrypt$ln=10,r=8,p=1$" SALT "+" "$" KEY,
	"$scrypt$ln=10,r=8,p=1$" SALT "$" KEY "=",
	"$scrypt$ln=10,r=8,p=1$AAAA/AAAAAAAAAAAAAAAAA$" KEY,
	"$SCRYPT$ln=10,r=8,p=1$" SALT "$" KEY,
	" $scrypt$ln=10,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=x,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=0,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=10,r=0,p=1$" SALT "$" KEY,
	"$scrypt$ln=10,r=8,p=0$" SALT "$" KEY,
	"$scrypt$ln=-1,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=10,r=-8,p=1$" SALT "$" KEY,
	"$scrypt$ln=64,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=65,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=4294967295,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=99999999999,r=8,p=1$" SALT "$" KEY,
	"$scrypt$ln=10,r=4294967295,p=4294967295$" SALT "$" KEY,
	"$scrypt$ln=10,r=8,p=1$" SALT "\n$" KEY,
};

START_TEST(password_verify_rejects_malformed_stored_string)
{
	ck_assert_int_eq(password_verify("Passw0rd", malformed[_i]), 0);
	ck_assert_int_eq(password_verify("", malformed[_i]), 0);
}
END_TEST

START_TEST(password_needs_rehash_is_true_for_string_not_ours)
{
	ck_assert_int_eq(password_needs_rehash(""), 1);
	ck_assert_int_eq(password_needs_rehash("Passw0rd"), 1);
	ck_assert_int_eq(password_needs_rehash("$scrypt$"), 1);
	ck_assert_int_eq(password_needs_rehash("$scrypt$ln=10,r=8,p=1$"
	    SALT "$"), 1);
}
END_TEST

START_TEST(password_verify_rejects_every_truncation_of_a_good_hash)
{
	char	 h[PASSWORD_HASH_MAX], cut[PASSWORD_HASH_MAX];
	size_t	 len, n;

	ck_assert_int_eq(password_hash("Passw0rd", h, sizeof(h)), SME_OK);
	n = strlen(h);
	for (len = 0; len < n; len++) {
		memcpy(cut, h, len);
		cut[len] = '\0';
		ck_assert_msg(password_verify("Passw0rd", cut) == 0,
		    "verified against \"%s\"", cut);
	}
}
END_TEST

START_TEST(password_verify_rejects_a_good_hash_with_one_char_changed)
{
	char	 h[PASSWORD_HASH_MAX];
	size_t	 n;

	ck_assert_int_eq(password_hash("Passw0rd", h, sizeof(h)), SME_OK);
	n = strlen(h);
	/* Change the key's first character and then the salt's. */
	h[n - 43] = h[n - 43] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(password_verify("Passw0rd", h), 0);
	h[n - 43] = h[n - 43] == 'A' ? 'B' : 'A';
	h[22] = h[22] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(password_verify("Passw0rd", h), 0);
}
END_TEST

START_TEST(password_verify_against_null_stored_is_false)
{
	ck_assert_int_eq(password_verify("Passw0rd", NULL), 0);
	ck_assert_int_eq(password_verify("", NULL), 0);
}
END_TEST

START_TEST(password_verify_refuses_absurd_stored_cost)
{
	char	 h[PASSWORD_HASH_MAX], big[PASSWORD_HASH_MAX + 8];
	char	*rest;

	/* A real salt and key, with ln=40: 2^40 * 1 KiB would never end. */
	ck_assert_int_eq(password_hash("Passw0rd", h, sizeof(h)), SME_OK);
	rest = strchr(h + 8, ',');
	ck_assert_ptr_nonnull(rest);
	snprintf(big, sizeof(big), "$scrypt$ln=40%s", rest);
	ck_assert_int_eq(password_verify("Passw0rd", big), 0);
	snprintf(big, sizeof(big), "$scrypt$ln=24,r=32,p=16%s",
	    strchr(rest + 1, '$'));
	ck_assert_int_eq(password_verify("Passw0rd", big), 0);
}
END_TEST

START_TEST(password_needs_rehash_is_false_for_current_params)
{
	char	 h[PASSWORD_HASH_MAX];

	ck_assert_int_eq(password_hash("Passw0rd", h, sizeof(h)), SME_OK);
	ck_assert_int_eq(password_needs_rehash(h), 0);
	/* Lower parameters than the hash's do not ask for a rehash. */
	password_params(9, 8, 1);
	ck_assert_int_eq(password_needs_rehash(h), 0);
}
END_TEST

/* Costs above (10, 8, 1), each of which makes a (10, 8, 1) hash stale. */
static const unsigned raised[][3] = {
	{ 11, 8, 1 },
	{ 15, 8, 1 },
	{ 10, 9, 1 },
	{ 10, 8, 2 },
};

START_TEST(password_needs_rehash_after_params_raise_cost)
{
	char	 h[PASSWORD_HASH_MAX];

	ck_assert_int_eq(password_hash("Passw0rd", h, sizeof(h)), SME_OK);
	password_params(raised[_i][0], raised[_i][1], raised[_i][2]);
	ck_assert_int_eq(password_needs_rehash(h), 1);
	/* The old hash still verifies: it carries its own parameters. */
	ck_assert_int_eq(password_verify("Passw0rd", h), 1);
}
END_TEST

START_TEST(password_default_cost_round_trips)
{
	char	 h[PASSWORD_HASH_MAX];

	password_params(15, 8, 1);
	ck_assert_int_eq(password_hash("江苏省中小企业2024", h, sizeof(h)),
	    SME_OK);
	ck_assert_int_eq(strncmp(h, "$scrypt$ln=15,r=8,p=1$", 22), 0);
	ck_assert_int_eq(password_verify("江苏省中小企业2024", h), 1);
	ck_assert_int_eq(password_verify("江苏省中小企业2025", h), 0);
	ck_assert_int_eq(password_needs_rehash(h), 0);
}
END_TEST

static Suite *
password_suite(void)
{
	Suite	*s = suite_create("password");
	TCase	*tc = tcase_create("fast");
	TCase	*tcd = tcase_create("default_cost");

	tcase_add_checked_fixture(tc, fast_params, NULL);
	tcase_add_loop_test(tc, password_hash_then_verify_round_trips, 0,
	    NELEM(passwords));
	tcase_add_test(tc, password_hash_writes_scrypt_string_with_its_params);
	tcase_add_test(tc, password_hash_refuses_buffer_too_small);
	tcase_add_loop_test(tc, password_verify_rejects_wrong_password, 0,
	    NELEM(wrong_passwords));
	tcase_add_test(tc, password_hash_twice_gives_different_salted_strings);
	tcase_add_loop_test(tc, password_verify_rejects_malformed_stored_string,
	    0, NELEM(malformed));
	tcase_add_test(tc,
	    password_verify_rejects_every_truncation_of_a_good_hash);
	tcase_add_test(tc,
	    password_verify_rejects_a_good_hash_with_one_char_changed);
	tcase_add_test(tc, password_verify_against_null_stored_is_false);
	tcase_add_test(tc, password_verify_refuses_absurd_stored_cost);
	tcase_add_test(tc, password_needs_rehash_is_false_for_current_params);
	tcase_add_test(tc, password_needs_rehash_is_true_for_string_not_ours);
	tcase_add_loop_test(tc, password_needs_rehash_after_params_raise_cost,
	    0, NELEM(raised));
	suite_add_tcase(s, tc);

	/* 32 MiB of scrypt, slower still under the sanitizers. */
	tcase_set_timeout(tcd, 60);
	tcase_add_test(tcd, password_default_cost_round_trips);
	suite_add_tcase(s, tcd);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(password_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
