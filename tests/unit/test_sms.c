/*
 * test_sms.c - sms.[ch] rendering: templates from the configuration or the
 * defaults, {name} replaced by values, the signature first, unknown kinds
 * and texts that do not fit refused; sealed outbox texts open only under
 * their secret and mobile, unaltered.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "config.h"
#include "dlr.h"
#include "sms.h"

START_TEST(sms_render_fills_the_default_template)
{
	const char	*vars[] = { "code", "123456", "minutes", "5", NULL };
	char		 out[SMS_TEXT_MAX + 1];

	ck_assert_int_eq(sms_render(NULL, "register_code", vars, out,
	    sizeof(out)), SME_OK);
	ck_assert_ptr_nonnull(strstr(out, "123456"));
	ck_assert_ptr_nonnull(strstr(out, "5分钟"));
	ck_assert_ptr_null(strchr(out, '{'));
	ck_assert_int_eq(strncmp(out, "【", strlen("【")), 0);
}
END_TEST

START_TEST(sms_render_takes_template_and_signature_from_config)
{
	struct config	*cfg = config_new();
	const char	*vars[] = { "username", "ent_01", NULL };
	char		 out[128];

	config_set(cfg, "sms_signature", "【测试】");
	config_set(cfg, "sms_tpl_username", "用户名：{username}。{unknown}");
	ck_assert_int_eq(sms_render(cfg, "username", vars, out, sizeof(out)),
	    SME_OK);
	/* An unknown placeholder stays as written: nothing is guessed. */
	ck_assert_str_eq(out, "【测试】用户名：ent_01。{unknown}");
	config_free(cfg);
}
END_TEST

START_TEST(sms_render_refuses_unknown_kind)
{
	char	 out[64];

	ck_assert_int_eq(sms_render(NULL, "no_such_kind", NULL, out,
	    sizeof(out)), SME_EINPUT);
}
END_TEST

START_TEST(sms_render_refuses_text_that_does_not_fit)
{
	const char	*vars[] = { "username", "a_rather_long_username", NULL };
	char		 out[40];
	size_t		 sz;

	for (sz = 1; sz < sizeof(out); sz++)
		ck_assert_int_eq(sms_render(NULL, "username", vars, out, sz),
		    SME_EINPUT);
}
END_TEST

#define SEAL_HEX	"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

START_TEST(sms_seal_then_unseal_round_trips_only_as_made)
{
	struct config	*cfg = config_new(), *other = config_new();
	const char	*text = "【测试】您的注册验证码为305617，10分钟内有效。";
	unsigned char	 sealed[SMS_SEALED_MAX], sealed2[SMS_SEALED_MAX];
	unsigned char	 secret[DLR_SECRET_MAX];
	char		 out[SMS_TEXT_MAX + 1];
	size_t		 sz, sz2, secretsz, i;

	ck_assert_ptr_nonnull(cfg);
	config_set(cfg, "secret", SEAL_HEX);
	config_set(other, "secret",
	    "ff112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	ck_assert_int_eq(sms_seal(cfg, "13800138000", text, sealed,
	    sizeof(sealed), &sz), 0);
	ck_assert_uint_eq(sz, strlen(text) + SMS_SEAL_OVER);
	for (i = 0; i + 6 <= sz; i++)
		ck_assert_int_ne(memcmp(sealed + i, "305617", 6), 0);
	/* A fresh nonce each time: the same text seals differently. */
	ck_assert_int_eq(sms_seal(cfg, "13800138000", text, sealed2,
	    sizeof(sealed2), &sz2), 0);
	ck_assert_int_ne(memcmp(sealed, sealed2, sz), 0);
	ck_assert_int_eq(dlr_secret(cfg, secret, &secretsz), 0);
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138000", sealed, sz,
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, text);
	/* Another mobile, an altered byte, a cut or another secret: no. */
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138001", sealed, sz,
	    out, sizeof(out)), -1);
	sealed[20] ^= 1;
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138000", sealed, sz,
	    out, sizeof(out)), -1);
	sealed[20] ^= 1;
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138000", sealed,
	    sz - 1, out, sizeof(out)), -1);
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138000", sealed, 5,
	    out, sizeof(out)), -1);
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138000", sealed, sz,
	    out, 10), -1);
	ck_assert_int_eq(dlr_secret(other, secret, &secretsz), 0);
	ck_assert_int_eq(sms_unseal(secret, secretsz, "13800138000", sealed, sz,
	    out, sizeof(out)), -1);
	/* No secret: nothing is sealed. */
	ck_assert_int_eq(sms_seal(NULL, "13800138000", text, sealed,
	    sizeof(sealed), &sz), -1);
	config_free(cfg);
	config_free(other);
}
END_TEST

static Suite *
sms_suite(void)
{
	Suite	*s = suite_create("sms");
	TCase	*tc = tcase_create("render");

	tcase_add_test(tc, sms_render_fills_the_default_template);
	tcase_add_test(tc, sms_render_takes_template_and_signature_from_config);
	tcase_add_test(tc, sms_render_refuses_unknown_kind);
	tcase_add_test(tc, sms_render_refuses_text_that_does_not_fit);
	tcase_add_test(tc, sms_seal_then_unseal_round_trips_only_as_made);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(sms_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
