/*
 * test_keptfile.c - keptfile.[ch]: a sealed stored name opens only with
 * the same secret, purpose and form token, and names only its own file.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "keptfile.h"

static const unsigned char SECRET[] = "0123456789abcdef0123456789abcdef";
static const char NAME[] =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
static const char CSRF[] = "pre.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abc";

START_TEST(sealed_name_opens_with_the_same_form_token)
{
	char	 tok[KEPTFILE_LEN + 1], name[STORE_NAME_LEN + 1];

	ck_assert_int_eq(keptfile_seal(SECRET, 32, "licence", CSRF, NAME, tok,
	    sizeof(tok)), SME_OK);
	ck_assert_uint_eq(strlen(tok), KEPTFILE_LEN);
	ck_assert_int_eq(strncmp(tok, NAME, STORE_NAME_LEN), 0);
	ck_assert_int_eq(keptfile_open(SECRET, 32, "licence", CSRF, tok, name), 1);
	ck_assert_str_eq(name, NAME);
}
END_TEST

START_TEST(another_token_purpose_secret_or_name_does_not_open)
{
	char	 tok[KEPTFILE_LEN + 1], name[STORE_NAME_LEN + 1];

	ck_assert_int_eq(keptfile_seal(SECRET, 32, "licence", CSRF, NAME, tok,
	    sizeof(tok)), SME_OK);
	ck_assert_int_eq(keptfile_open(SECRET, 32, "licence", "pre.other", tok,
	    name), 0);
	ck_assert_str_eq(name, "");
	ck_assert_int_eq(keptfile_open(SECRET, 32, "photo", CSRF, tok, name), 0);
	ck_assert_int_eq(keptfile_open((const unsigned char *)"another secret, "
	    "thirty-two bytes", 32, "licence", CSRF, tok, name), 0);
	/* Another file's hash with this MAC. */
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(keptfile_open(SECRET, 32, "licence", CSRF, tok, name), 0);
	ck_assert_int_eq(keptfile_open(SECRET, 32, "licence", CSRF, "", name), 0);
	ck_assert_int_eq(keptfile_open(SECRET, 32, "licence", CSRF, NULL, name), 0);
}
END_TEST

START_TEST(names_the_store_would_not_make_are_refused)
{
	char	 tok[KEPTFILE_LEN + 1];

	ck_assert_int_eq(keptfile_seal(SECRET, 32, "licence", CSRF,
	    "../../etc/passwd", tok, sizeof(tok)), SME_EINPUT);
	ck_assert_int_eq(keptfile_seal(SECRET, 32, "licence", CSRF,
	    "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
	    tok, sizeof(tok)), SME_EINPUT);
	ck_assert_int_eq(keptfile_seal(SECRET, 32, "licence", CSRF, NAME, tok,
	    KEPTFILE_LEN), SME_EINPUT);
}
END_TEST

static Suite *
keptfile_suite(void)
{
	Suite	*s = suite_create("keptfile");
	TCase	*tc = tcase_create("seal");

	tcase_add_test(tc, sealed_name_opens_with_the_same_form_token);
	tcase_add_test(tc, another_token_purpose_secret_or_name_does_not_open);
	tcase_add_test(tc, names_the_store_would_not_make_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(keptfile_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
