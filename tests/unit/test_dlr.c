/*
 * test_dlr.c - dlr.[ch] without a database: a report token checks only
 * for its own id and secret, never once altered; report states map to
 * delivered, undelivered or pending; the secret decodes from hex.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "config.h"
#include "dlr.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef";
static const unsigned char secret2[] = "0123456789abcdef0123456789abcdeF";
#define SECRETSZ	(sizeof(secret) - 1)

static const long long ids[] = { 1, 9, 10, 12345, 4294967296LL,
	9223372036854775807LL };

START_TEST(dlr_token_then_check_round_trips)
{
	char		 tok[DLR_TOKEN_MAX], prefix[32];
	long long	 id = 0;

	ck_assert_int_eq(dlr_token(secret, SECRETSZ, ids[_i], tok, sizeof(tok)), 0);
	snprintf(prefix, sizeof(prefix), "%lld.", ids[_i]);
	ck_assert_int_eq(strncmp(tok, prefix, strlen(prefix)), 0);
	ck_assert_uint_eq(strlen(tok), strlen(prefix) + DLR_MAC_LEN);
	ck_assert_int_eq(dlr_check(secret, SECRETSZ, tok, &id), 1);
	ck_assert_int_eq(id, ids[_i]);
	ck_assert_int_eq(dlr_check(secret2, SECRETSZ, tok, &id), 0);
	ck_assert_int_eq(id, 0);
}
END_TEST

/* Ways to forge from the token of id 12345. */
static const char *const forged[] = {
	"12346.",		/* another id with the same MAC */
	"012345.",		/* a leading zero */
	"+12345.",
	"12345",		/* no dot, no MAC */
	"",
	"99999999999999999999.",	/* overflow */
};

START_TEST(dlr_check_rejects_forged_tokens)
{
	char		 tok[DLR_TOKEN_MAX], f[DLR_TOKEN_MAX + 32];
	const char	*mac;
	long long	 id = 7;

	ck_assert_int_eq(dlr_token(secret, SECRETSZ, 12345, tok, sizeof(tok)), 0);
	mac = strchr(tok, '.') + 1;
	snprintf(f, sizeof(f), "%s%s", forged[_i], strchr(forged[_i], '.') ?
	    mac : "");
	ck_assert_msg(dlr_check(secret, SECRETSZ, f, &id) == 0, "%s passed", f);
	ck_assert_int_eq(id, 0);
}
END_TEST

START_TEST(dlr_check_rejects_altered_macs)
{
	char		 tok[DLR_TOKEN_MAX];
	size_t		 i, n;
	long long	 id;

	ck_assert_int_eq(dlr_token(secret, SECRETSZ, 42, tok, sizeof(tok)), 0);
	n = strlen(tok);
	for (i = 3; i < n; i++) {
		tok[i] = tok[i] == 'A' ? 'B' : 'A';
		ck_assert_int_eq(dlr_check(secret, SECRETSZ, tok, &id), 0);
		tok[i] = tok[i] == 'A' ? 'B' : 'A';
	}
	tok[n - 1] = '\0';
	ck_assert_int_eq(dlr_check(secret, SECRETSZ, tok, &id), 0);
	ck_assert_int_eq(dlr_check(secret, SECRETSZ, NULL, &id), 0);
}
END_TEST

START_TEST(dlr_token_refuses_empty_secret_and_bad_ids)
{
	char	 tok[DLR_TOKEN_MAX];

	ck_assert_int_eq(dlr_token(secret, 0, 1, tok, sizeof(tok)), -1);
	ck_assert_int_eq(dlr_token(secret, SECRETSZ, 0, tok, sizeof(tok)), -1);
	ck_assert_int_eq(dlr_token(secret, SECRETSZ, -5, tok, sizeof(tok)), -1);
	ck_assert_int_eq(dlr_token(secret, SECRETSZ, 1, tok, 10), -1);
}
END_TEST

static const struct {
	const char	*stat;
	enum dlr_state	 state;
} states[] = {
	{ "1", DLR_DELIVERED }, { "2", DLR_UNDELIVERED }, { "4", DLR_PENDING },
	{ "8", DLR_PENDING }, { "16", DLR_UNDELIVERED },
	{ "DELIVRD", DLR_DELIVERED }, { "delivrd", DLR_DELIVERED },
	{ "UNDELIV", DLR_UNDELIVERED }, { "EXPIRED", DLR_UNDELIVERED },
	{ "REJECTD", DLR_UNDELIVERED }, { "DELETED", DLR_UNDELIVERED },
	{ "ENROUTE", DLR_PENDING }, { "ACCEPTD", DLR_PENDING },
	{ "UNKNOWN", DLR_PENDING }, { "whatever", DLR_PENDING },
	{ "", DLR_PENDING },
};

START_TEST(dlr_state_maps_kannel_types_and_smpp_words)
{
	ck_assert_int_eq(dlr_state(states[_i].stat), states[_i].state);
}
END_TEST

START_TEST(dlr_secret_decodes_the_hex_secret)
{
	struct config	*cfg = config_new();
	unsigned char	 out[DLR_SECRET_MAX];
	size_t		 sz;

	ck_assert_ptr_nonnull(cfg);
	ck_assert_int_eq(dlr_secret(cfg, out, &sz), -1);
	ck_assert_int_eq(config_set(cfg, "secret", "00ff"), SME_OK);
	ck_assert_int_eq(dlr_secret(cfg, out, &sz), -1);	/* too short */
	ck_assert_int_eq(config_set(cfg, "secret",
	    "000102030405060708090a0b0c0d0e0fzz"), SME_OK);
	ck_assert_int_eq(dlr_secret(cfg, out, &sz), -1);	/* not hex */
	ck_assert_int_eq(config_set(cfg, "secret",
	    "000102030405060708090a0b0c0d0eFF"), SME_OK);
	ck_assert_int_eq(dlr_secret(cfg, out, &sz), 0);
	ck_assert_uint_eq(sz, 16);
	ck_assert_uint_eq(out[1], 1);
	ck_assert_uint_eq(out[15], 0xff);
	config_free(cfg);
}
END_TEST

static Suite *
dlr_suite(void)
{
	Suite	*s = suite_create("dlr");
	TCase	*tc = tcase_create("dlr");

	tcase_add_loop_test(tc, dlr_token_then_check_round_trips, 0, NELEM(ids));
	tcase_add_loop_test(tc, dlr_check_rejects_forged_tokens, 0,
	    NELEM(forged));
	tcase_add_test(tc, dlr_check_rejects_altered_macs);
	tcase_add_test(tc, dlr_token_refuses_empty_secret_and_bad_ids);
	tcase_add_loop_test(tc, dlr_state_maps_kannel_types_and_smpp_words, 0,
	    NELEM(states));
	tcase_add_test(tc, dlr_secret_decodes_the_hex_secret);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(dlr_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
