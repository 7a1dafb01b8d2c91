/*
 * test_csrf.c - csrf.[ch]: a token checks only for the binding and secret
 * it was issued under; truncated, empty or missing tokens and empty
 * bindings or secrets never pass.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "csrf.h"
#include "token.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const unsigned char secret[] = "0123456789abcdef0123456789abcdef";
static const unsigned char secret2[] = "0123456789abcdef0123456789abcdeF";
#define SECRETSZ	(sizeof(secret) - 1)

/* Session and pre-session cookie values a token may be bound to. */
static const char *const bindings[] = {
	"Zz09-_Zz09-_Zz09-_Zz09-_Zz09-_Zz09-_Zz09-_Z",
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	"x",
	"binding with spaces; and = signs",
	"江苏会话",
};

START_TEST(csrf_issue_then_check_round_trips)
{
	char	 tok[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[_i], tok,
	    sizeof(tok)), 0);
	ck_assert_uint_eq(strlen(tok), CSRF_LEN);
	ck_assert_int_eq(token_valid(tok), 1);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, bindings[_i], tok), 1);
}
END_TEST

START_TEST(csrf_issue_is_stable_for_one_binding)
{
	char	 a[CSRF_LEN + 1], b[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], a,
	    sizeof(a)), 0);
	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], b,
	    sizeof(b)), 0);
	ck_assert_str_eq(a, b);
}
END_TEST

START_TEST(csrf_check_rejects_token_of_other_binding)
{
	char	 tok[CSRF_LEN + 1];
	size_t	 j;

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[_i], tok,
	    sizeof(tok)), 0);
	for (j = 0; j < NELEM(bindings); j++)
		if (j != (size_t)_i)
			ck_assert_msg(csrf_check(secret, SECRETSZ, bindings[j],
			    tok) == 0, "token of \"%s\" passed for \"%s\"",
			    bindings[_i], bindings[j]);
}
END_TEST

START_TEST(csrf_check_rejects_token_of_other_secret)
{
	char	 tok[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret2, SECRETSZ, bindings[_i], tok,
	    sizeof(tok)), 0);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, bindings[_i], tok), 0);
	/* A prefix of the secret is another secret. */
	ck_assert_int_eq(csrf_issue(secret, SECRETSZ - 1, bindings[_i], tok,
	    sizeof(tok)), 0);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, bindings[_i], tok), 0);
}
END_TEST

/* Ways to spoil a good token t (CSRF_LEN characters) in place. */
enum spoil {
	SPOIL_TRUNCATE_ONE,
	SPOIL_TRUNCATE_HALF,
	SPOIL_EMPTY,
	SPOIL_EXTEND,
	SPOIL_FLIP_FIRST,
	SPOIL_FLIP_LAST,
	SPOIL_PAD,
	SPOIL__MAX
};

START_TEST(csrf_check_rejects_spoiled_token)
{
	char	 tok[CSRF_LEN + 8];

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], tok,
	    sizeof(tok)), 0);
	switch ((enum spoil)_i) {
	case SPOIL_TRUNCATE_ONE:
		tok[CSRF_LEN - 1] = '\0';
		break;
	case SPOIL_TRUNCATE_HALF:
		tok[CSRF_LEN / 2] = '\0';
		break;
	case SPOIL_EMPTY:
		tok[0] = '\0';
		break;
	case SPOIL_EXTEND:
		strcat(tok, "A");
		break;
	case SPOIL_FLIP_FIRST:
		tok[0] = tok[0] == 'A' ? 'B' : 'A';
		break;
	case SPOIL_FLIP_LAST:
		tok[CSRF_LEN - 1] = tok[CSRF_LEN - 1] == 'A' ? 'B' : 'A';
		break;
	case SPOIL_PAD:
		strcat(tok, "=");
		break;
	default:
		ck_abort();
	}
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, bindings[0], tok), 0);
}
END_TEST

START_TEST(csrf_check_rejects_null_token)
{
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, bindings[0], NULL), 0);
}
END_TEST

START_TEST(csrf_check_rejects_empty_or_null_binding)
{
	char	 tok[CSRF_LEN + 1];

	/* Whatever issue makes of "", check must not accept it. */
	if (csrf_issue(secret, SECRETSZ, "", tok, sizeof(tok)) == 0)
		ck_assert_int_eq(csrf_check(secret, SECRETSZ, "", tok), 0);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, "", ""), 0);
	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], tok,
	    sizeof(tok)), 0);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, "", tok), 0);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, NULL, tok), 0);
}
END_TEST

START_TEST(csrf_issue_refuses_empty_secret)
{
	char	 tok[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret, 0, bindings[0], tok, sizeof(tok)),
	    -1);
	ck_assert_int_eq(csrf_issue((const unsigned char *)"", 0, bindings[0],
	    tok, sizeof(tok)), -1);
}
END_TEST

START_TEST(csrf_check_rejects_everything_under_empty_secret)
{
	char	 tok[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], tok,
	    sizeof(tok)), 0);
	ck_assert_int_eq(csrf_check(secret, 0, bindings[0], tok), 0);
	ck_assert_int_eq(csrf_check(secret, 0, bindings[0], ""), 0);
}
END_TEST

START_TEST(csrf_issue_refuses_buffer_too_small)
{
	char	 tok[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], tok,
	    CSRF_LEN), -1);
	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], tok, 0), -1);
}
END_TEST

START_TEST(csrf_issue_refuses_null_binding)
{
	char	 tok[CSRF_LEN + 1];

	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, NULL, tok, sizeof(tok)),
	    -1);
}
END_TEST

START_TEST(csrf_check_rejects_overlong_binding)
{
	char	 tok[CSRF_LEN + 1], big[1024];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* Too long to bind: no token is issued, and none checks. */
	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, big, tok, sizeof(tok)),
	    -1);
	ck_assert_int_eq(csrf_issue(secret, SECRETSZ, bindings[0], tok,
	    sizeof(tok)), 0);
	ck_assert_int_eq(csrf_check(secret, SECRETSZ, big, tok), 0);
}
END_TEST

static Suite *
csrf_suite(void)
{
	Suite	*s = suite_create("csrf");
	TCase	*tc = tcase_create("csrf");

	tcase_add_loop_test(tc, csrf_issue_then_check_round_trips, 0,
	    NELEM(bindings));
	tcase_add_test(tc, csrf_issue_is_stable_for_one_binding);
	tcase_add_loop_test(tc, csrf_check_rejects_token_of_other_binding, 0,
	    NELEM(bindings));
	tcase_add_loop_test(tc, csrf_check_rejects_token_of_other_secret, 0,
	    NELEM(bindings));
	tcase_add_loop_test(tc, csrf_check_rejects_spoiled_token, 0,
	    SPOIL__MAX);
	tcase_add_test(tc, csrf_check_rejects_null_token);
	tcase_add_test(tc, csrf_check_rejects_empty_or_null_binding);
	tcase_add_test(tc, csrf_issue_refuses_empty_secret);
	tcase_add_test(tc, csrf_check_rejects_everything_under_empty_secret);
	tcase_add_test(tc, csrf_issue_refuses_buffer_too_small);
	tcase_add_test(tc, csrf_issue_refuses_null_binding);
	tcase_add_test(tc, csrf_check_rejects_overlong_binding);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(csrf_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
