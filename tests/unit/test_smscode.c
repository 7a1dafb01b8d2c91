/*
 * test_smscode.c - smscode.[ch] without a database: six digits from the
 * CSPRNG, spread evenly; the shape check; the stored HMAC against one
 * computed here from the documented message, bound to every part of the
 * key and to the secret; the messages and the configured lifetime. The
 * database half (limits, tries, single use) is tested over HTTP in
 * tests/http/register.test.mjs and recover.test.mjs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "config.h"
#include "smscode.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define DRAWS		20000

static const unsigned char key1[] = "0123456789abcdef0123456789abcdef";
static const unsigned char key2[] = "fedcba9876543210fedcba9876543210";

START_TEST(smscode_new_gives_six_digits)
{
	char	 code[SMSCODE_LEN + 1];
	int	 i;

	for (i = 0; i < 1000; i++) {
		memset(code, 'x', sizeof(code));
		ck_assert_int_eq(smscode_new(code), SME_OK);
		ck_assert_uint_eq(strlen(code), SMSCODE_LEN);
		ck_assert_msg(smscode_valid(code), "%s", code);
	}
}
END_TEST

/*
 * Each digit of each position is drawn about DRAWS / 10 times: a chi-square
 * over 6 * 10 cells stays far below what a bias (or a fixed digit) gives.
 */
START_TEST(smscode_new_spreads_digits_evenly)
{
	char	 code[SMSCODE_LEN + 1];
	long	 count[SMSCODE_LEN][10];
	double	 chi = 0, e = DRAWS / 10.0;
	int	 i, p, d, lead0 = 0;

	memset(count, 0, sizeof(count));
	for (i = 0; i < DRAWS; i++) {
		ck_assert_int_eq(smscode_new(code), SME_OK);
		for (p = 0; p < SMSCODE_LEN; p++)
			count[p][code[p] - '0']++;
		lead0 += code[0] == '0';
	}
	for (p = 0; p < SMSCODE_LEN; p++)
		for (d = 0; d < 10; d++)
			chi += (count[p][d] - e) * (count[p][d] - e) / e;
	/* 54 degrees of freedom: p < 1e-6 beyond about 120. */
	ck_assert_msg(chi < 120, "chi-square %.1f", chi);
	ck_assert_msg(lead0 > 0, "codes with a leading zero occur");
}
END_TEST

START_TEST(smscode_new_differs_between_calls)
{
	char	 a[SMSCODE_LEN + 1], b[SMSCODE_LEN + 1];
	int	 i, same = 0;

	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(smscode_new(a), SME_OK);
		ck_assert_int_eq(smscode_new(b), SME_OK);
		same += strcmp(a, b) == 0;
	}
	ck_assert_int_lt(same, 3);
}
END_TEST

static const char *const valid_codes[] = { "000000", "123456", "999999", "012345" };
static const char *const invalid_codes[] = {
	"", "12345", "1234567", "12345a", " 12345", "123456 ", "１２３４５６",
	"12-456", "+12345",
};

START_TEST(smscode_valid_accepts_six_ascii_digits)
{
	ck_assert(smscode_valid(valid_codes[_i]));
}
END_TEST

START_TEST(smscode_valid_rejects_other_shapes)
{
	ck_assert_msg(!smscode_valid(invalid_codes[_i]), "\"%s\"",
	    invalid_codes[_i]);
}
END_TEST

START_TEST(smscode_valid_rejects_null)
{
	ck_assert(!smscode_valid(NULL));
}
END_TEST

/* HMAC-SHA256(key, msg), computed here rather than by smscode.c. */
static void
mac(const unsigned char *key, size_t keysz, const char *msg,
    unsigned char out[32])
{
	unsigned int	 len = 32;

	HMAC(EVP_sha256(), key, (int)keysz, (const unsigned char *)msg,
	    strlen(msg), out, &len);
}

START_TEST(smscode_hash_is_the_hmac_of_the_documented_message)
{
	struct smscode_secret	 sec = { key1, 32 };
	struct smscode_key	 reg = { SMSCODE_REGISTER, "13912345678", "" };
	struct smscode_key	 rst = { SMSCODE_RESET, "13912345678", "alice_1" };
	unsigned char		 got[SMSCODE_HASHSZ], want[32];

	smscode_hash(&sec, &reg, "042917", got);
	mac(key1, 32, "smscode:register:13912345678::042917", want);
	ck_assert_mem_eq(got, want, 32);
	smscode_hash(&sec, &rst, "042917", got);
	mac(key1, 32, "smscode:reset:13912345678:alice_1:042917", want);
	ck_assert_mem_eq(got, want, 32);
	reg.subject = NULL;	/* no subject: as "" */
	smscode_hash(&sec, &reg, "042917", got);
	mac(key1, 32, "smscode:register:13912345678::042917", want);
	ck_assert_mem_eq(got, want, 32);
}
END_TEST

/* Keys that each differ from the first in one part. */
static const struct smscode_key hash_keys[] = {
	{ SMSCODE_RESET, "13912345678", "alice" },
	{ SMSCODE_REGISTER, "13912345678", "alice" },
	{ SMSCODE_RESET, "13912345679", "alice" },
	{ SMSCODE_RESET, "13912345678", "alice2" },
	{ SMSCODE_RESET, "13912345678", "" },
};

START_TEST(smscode_hash_binds_purpose_mobile_subject_code_and_secret)
{
	struct smscode_secret	 s1 = { key1, 32 }, s2 = { key2, 32 };
	unsigned char		 h[8][SMSCODE_HASHSZ];
	size_t			 i, j, n = 0;

	for (i = 0; i < NELEM(hash_keys); i++)
		smscode_hash(&s1, &hash_keys[i], "123456", h[n++]);
	smscode_hash(&s1, &hash_keys[0], "123457", h[n++]);
	smscode_hash(&s2, &hash_keys[0], "123456", h[n++]);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			ck_assert_msg(memcmp(h[i], h[j], SMSCODE_HASHSZ) != 0,
			    "hashes %zu and %zu are equal", i, j);
	/* And it is a function: the same input, the same hash. */
	smscode_hash(&s1, &hash_keys[0], "123456", h[n]);
	ck_assert_mem_eq(h[0], h[n], SMSCODE_HASHSZ);
}
END_TEST

START_TEST(smscode_message_names_each_failure)
{
	ck_assert_ptr_null(smscode_message(SMSCODE_OK));
	ck_assert_ptr_nonnull(strstr(smscode_message(SMSCODE_WRONG), "不正确"));
	ck_assert_ptr_nonnull(strstr(smscode_message(SMSCODE_EXPIRED), "失效"));
	ck_assert_ptr_nonnull(strstr(smscode_message(SMSCODE_NONE), "请先获取"));
	ck_assert_ptr_nonnull(strstr(smscode_message(SMSCODE_SPENT),
	    "错误次数过多"));
	ck_assert_ptr_null(smscode_message(SMSCODE_RESULT__MAX));
}
END_TEST

START_TEST(smscode_ttl_defaults_to_five_minutes_and_is_configurable)
{
	struct config	*cfg = config_new();

	ck_assert_ptr_nonnull(cfg);
	ck_assert_int_eq(smscode_ttl_s(cfg), 300);
	ck_assert_int_eq(config_set(cfg, "sms_code_ttl_s", "120"), SME_OK);
	ck_assert_int_eq(smscode_ttl_s(cfg), 120);
	config_free(cfg);
}
END_TEST

static Suite *
smscode_suite(void)
{
	Suite	*s = suite_create("smscode");
	TCase	*tc = tcase_create("codes");

	tcase_add_test(tc, smscode_new_gives_six_digits);
	tcase_add_test(tc, smscode_new_spreads_digits_evenly);
	tcase_add_test(tc, smscode_new_differs_between_calls);
	tcase_add_loop_test(tc, smscode_valid_accepts_six_ascii_digits, 0,
	    NELEM(valid_codes));
	tcase_add_loop_test(tc, smscode_valid_rejects_other_shapes, 0,
	    NELEM(invalid_codes));
	tcase_add_test(tc, smscode_valid_rejects_null);
	tcase_add_test(tc, smscode_hash_is_the_hmac_of_the_documented_message);
	tcase_add_test(tc,
	    smscode_hash_binds_purpose_mobile_subject_code_and_secret);
	tcase_add_test(tc, smscode_message_names_each_failure);
	tcase_add_test(tc,
	    smscode_ttl_defaults_to_five_minutes_and_is_configurable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(smscode_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
