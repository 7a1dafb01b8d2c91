/*
 * test_combine.c - combine.[ch]: the library rules of entry and update, and
 * each combination rule of seed 004's FAQ 7-10 one by one, read from the
 * very rows schema/009_titles.sql loads, so the data is what is tested.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "combine.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define RULES_MAX	64

static struct combine_rule	rules[RULES_MAX];
static size_t			nrules;

/* ---- the rows of schema/009_titles.sql -------------------------------- */

/* Read one SQL value at *pp (a quoted string, NULL or a number) into out. */
static int
sql_value(const char **pp, char *out, size_t outsz, int *isnull)
{
	const char	*p = *pp;
	size_t		 n = 0;

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	*isnull = 0;
	if (strncmp(p, "NULL", 4) == 0) {
		*isnull = 1;
		out[0] = '\0';
		*pp = p + 4;
		return 0;
	}
	if (*p != '\'') {
		while (*p != ',' && *p != ')' && *p != '\0' && n + 1 < outsz)
			out[n++] = *p++;
		out[n] = '\0';
		*pp = p;
		return n == 0 ? -1 : 0;
	}
	for (p++; *p != '\0'; p++) {
		if (*p == '\'' && p[1] == '\'')
			p++;
		else if (*p == '\'')
			break;
		if (n + 1 >= outsz)
			return -1;
		out[n++] = *p;
	}
	if (*p != '\'')
		return -1;
	out[n] = '\0';
	*pp = p + 1;
	return 0;
}

/*
 * Migration 032 turns FAQ 7 into an allow with a new message: apply it
 * to the rows 009 wrote, as the database holds them.
 */
static void
rules_faq7(void)
{
	char		 path[1024], buf[4096], *m, *e;
	const char	*top = getenv("top_srcdir");
	FILE		*f;
	size_t		 i, n;

	snprintf(path, sizeof(path), "%s/schema/032_recheck.sql", top != NULL ? top : ".");
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "SET effect = 'allow'"));
	ck_assert_ptr_nonnull(strstr(buf, "WHERE code = 'FAQ7'"));
	ck_assert_ptr_nonnull(m = strstr(buf, "message = '"));
	m += strlen("message = '");
	ck_assert_ptr_nonnull(e = strchr(m, '\''));
	*e = '\0';
	for (i = 0; i < nrules; i++)
		if (strcmp(rules[i].code, "FAQ7") == 0) {
			rules[i].effect = COMBINE_ALLOW;
			snprintf(rules[i].message, sizeof(rules[i].message), "%s", m);
		}
}

/*
 * Load the combination_rule rows: (code, position, applying_kind, effect,
 * held_kind, held_source, product_match, granted_years, message), in order.
 */
static void
rules_load(void)
{
	char		 path[1024], v[9][600];
	const char	*top = getenv("top_srcdir"), *p;
	char		*sql;
	FILE		*f;
	long		 sz, lastpos = -1;
	int		 i, isnull[9];

	snprintf(path, sizeof(path), "%s/schema/009_titles.sql",
	    top != NULL ? top : ".");
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	ck_assert_ptr_nonnull(sql = calloc(1, (size_t)sz + 1));
	ck_assert_int_eq(fread(sql, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	ck_assert_ptr_nonnull(p = strstr(sql, "INSERT INTO combination_rule"));
	ck_assert_ptr_nonnull(p = strstr(p, "VALUES"));
	p += 6;
	nrules = 0;
	while ((p = strchr(p, '(')) != NULL) {
		p++;
		for (i = 0; i < 9; i++) {
			ck_assert_int_eq(sql_value(&p, v[i], sizeof(v[i]), &isnull[i]), 0);
			while (*p == ' ' || *p == '\n')
				p++;
			ck_assert_int_eq(*p, i < 8 ? ',' : ')');
			p++;
		}
		ck_assert_int_lt(nrules, RULES_MAX);
		ck_assert_int_gt(atol(v[1]), lastpos);	/* written in order */
		lastpos = atol(v[1]);
		ck_assert_int_eq(combine_rule_parse(&rules[nrules], v[0], v[2],
		    v[3], v[4], v[5], v[6], isnull[7] ? NULL : v[7], v[8]), SME_OK);
		nrules++;
	}
	free(sql);
	ck_assert_int_ge(nrules, 10);
	rules_faq7();
}

/* The message of the rule named code. */
static const char *
rule_msg(const char *code)
{
	size_t	 i;

	for (i = 0; i < nrules; i++)
		if (strcmp(rules[i].code, code) == 0)
			return rules[i].message;
	ck_abort_msg("no rule %s in schema/009_titles.sql", code);
	return NULL;
}

/* ---- cases ------------------------------------------------------------ */

#define T	COMBINE_TITLE
#define F	COMBINE_FILING
#define PROV	"province"

struct hcase {
	const char		*name;
	enum flow_kind		 kind;
	const char		*level;
	const char		*product;
	int			 in_library, confirmed;
	struct combine_held	 held[3];
	size_t			 nheld;
	const char		*rule;	/* NULL: allowed; "=text": why contains text */
};

static const struct hcase cases[] = {
	/* library rules */
	{ "entry_refused_in_library", FLOW_KENTRY, NULL, NULL, 1, 1, {{0}}, 0,
	    "=已在培育库中" },
	{ "entry_refused_twice_a_year", FLOW_KENTRY, NULL, NULL, 0, 1,
	    {{ F, FLOW_KENTRY, "", "", 2026, 1 }}, 1, "=本年度已有一份新增入库申报" },
	{ "entry_refused_when_returned_entry_exists", FLOW_KENTRY, NULL, NULL, 0, 1,
	    {{ F, FLOW_KENTRY, "", "", 2026, 0 }}, 1, "=本年度已有一份新增入库申报" },
	{ "entry_allowed_after_last_years_entry", FLOW_KENTRY, NULL, NULL, 0, 1,
	    {{ F, FLOW_KENTRY, "", "", 2025, 0 }}, 1, NULL },
	{ "update_refused_outside_library", FLOW_KUPDATE, NULL, NULL, 0, 1,
	    {{0}}, 0, "=仅培育库内的企业" },
	{ "update_allowed_in_library", FLOW_KUPDATE, NULL, NULL, 1, 1,
	    {{0}}, 0, NULL },
	{ "update_refused_twice_a_year", FLOW_KUPDATE, NULL, NULL, 1, 1,
	    {{ F, FLOW_KUPDATE, "", "", 2026, 1 }}, 1, "=本年度已有一份同类申报" },
	{ "cert_refused_outside_library", FLOW_KGIANT_MFG, PROV, NULL, 0, 1,
	    {{0}}, 0, "=仅已进入培育库并经县（市、区）工信部门审核确认" },
	{ "cert_refused_unconfirmed", FLOW_KPRODUCT, PROV, "A", 1, 0,
	    {{0}}, 0, "=仅已进入培育库并经县（市、区）工信部门审核确认" },
	{ "cert_refused_without_level", FLOW_KGIANT_MFG, NULL, NULL, 1, 1,
	    {{0}}, 0, "=认定级别" },
	{ "cert_allowed_with_nothing_held", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{0}}, 0, NULL },
	/* FAQ 10 */
	{ "faq10_1_other_product_allowed", FLOW_KPRODUCT, PROV, "B", 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2025, 1 }}, 1, NULL },
	{ "faq10_1_same_product_refused", FLOW_KPRODUCT, PROV, "A", 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2025, 1 }}, 1, "FAQ10-1s" },
	{ "faq10_1_same_product_in_review_refused", FLOW_KPRODUCT, PROV, "A", 1, 1,
	    {{ F, FLOW_KPRODUCT, PROV, "A", 2025, 1 }}, 1, "FAQ10-1s" },
	{ "faq10_1_same_product_expired_allowed", FLOW_KPRODUCT, PROV, "A", 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2020, 0 }}, 1, NULL },
	{ "faq10_2_product_then_giant_mfg_allowed", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2025, 1 }}, 1, NULL },
	{ "faq10_2_product_then_giant_innov_allowed", FLOW_KGIANT_INNOV, PROV, NULL, 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2025, 1 }}, 1, NULL },
	{ "faq10_3_giant_then_product_allowed", FLOW_KPRODUCT, PROV, "A", 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2025, 1 },
	     { T, FLOW_KGIANT_INNOV, PROV, "", 2024, 1 }}, 2, NULL },
	{ "faq10_4a_innov_title_refuses_mfg", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_INNOV, PROV, "", 2025, 1 }}, 1, "FAQ10-4a" },
	{ "faq10_4a_innov_in_review_refuses_mfg", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ F, FLOW_KGIANT_INNOV, PROV, "", 2026, 1 }}, 1, "FAQ10-4a" },
	{ "faq10_4a_expired_innov_allows_mfg", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_INNOV, PROV, "", 2021, 0 }}, 1, NULL },
	{ "faq10_4a_local_innov_allows_province_mfg", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_INNOV, "local", "", 2025, 1 }}, 1, NULL },
	{ "faq10_4b_mfg_title_refuses_innov", FLOW_KGIANT_INNOV, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2025, 1 }}, 1, "FAQ10-4b" },
	{ "faq10_4b_mfg_in_review_refuses_innov", FLOW_KGIANT_INNOV, PROV, NULL, 1, 1,
	    {{ F, FLOW_KGIANT_MFG, PROV, "", 2026, 1 }}, 1, "FAQ10-4b" },
	/* FAQ 8 */
	{ "faq8_valid_mfg_refuses_second_mfg", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2025, 1 }}, 1, "FAQ8-a" },
	{ "faq8_valid_innov_refuses_second_innov", FLOW_KGIANT_INNOV, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_INNOV, PROV, "", 2025, 1 }}, 1, "FAQ8-b" },
	{ "faq8_expired_mfg_allows_mfg", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2022, 0 }}, 1, NULL },
	{ "one_open_mfg_filing_a_year", FLOW_KGIANT_MFG, PROV, NULL, 1, 1,
	    {{ F, FLOW_KGIANT_MFG, PROV, "", 2026, 1 }}, 1, "=本年度已有一份同类申报" },
	{ "one_open_product_filing_a_product_and_year", FLOW_KPRODUCT, PROV, "B", 1, 1,
	    {{ F, FLOW_KPRODUCT, "local", "B", 2026, 1 }}, 1, "=本年度已有该产品" },
	/* 复核: eligibility (section 3), FAQ 7 and FAQ 9 */
	{ "recheck_of_2015_giant_allowed", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2015, 0 }}, 1, NULL },
	{ "recheck_of_2012_giant_allowed", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2012, 0 }}, 1, NULL },
	{ "recheck_of_2018_giant_allowed", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_INNOV, PROV, "", 2018, 0 }}, 1, NULL },
	{ "recheck_of_2017_giant_refused", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2017, 0 }}, 1, "RECHECK" },
	{ "recheck_of_2011_giant_refused", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2011, 0 }}, 1, "RECHECK" },
	{ "recheck_without_title_refused", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{0}}, 0, "RECHECK" },
	{ "recheck_of_local_title_at_province_refused", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, "local", "", 2015, 0 }}, 1, "RECHECK" },
	/*
	 * FAQ 7 "申报复核一个即可": one recheck suffices, it does not forbid
	 * the other (migration 032): the product title's recheck open, the
	 * 小巨人 title may be rechecked too; the same title twice a year not.
	 */
	{ "faq7_the_other_title_may_be_rechecked_too", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2015, 0 },
	     { T, FLOW_KPRODUCT, PROV, "A", 2015, 0 },
	     { F, FLOW_KRECHECK, PROV, "A", 2026, 1 }}, 3, NULL },
	{ "one_open_recheck_of_a_title_a_year", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2015, 0 },
	     { F, FLOW_KRECHECK, PROV, "", 2026, 1 }}, 2, "=本年度已有一份同类申报" },
	{ "faq7_decided_recheck_does_not_count", FLOW_KRECHECK, PROV, NULL, 1, 1,
	    {{ T, FLOW_KGIANT_MFG, PROV, "", 2015, 0 },
	     { F, FLOW_KRECHECK, PROV, "", 2025, 0 }}, 2, NULL },
	{ "faq9_recheck_keeps_its_product", FLOW_KRECHECK, PROV, "A", 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2016, 0 }}, 1, NULL },
	{ "faq9_recheck_of_another_product_refused", FLOW_KRECHECK, PROV, "B", 1, 1,
	    {{ T, FLOW_KPRODUCT, PROV, "A", 2016, 0 }}, 1, "FAQ9" },
};

START_TEST(combine_decides_each_case)
{
	const struct hcase	*k = &cases[_i];
	struct combine_case	 a = { k->kind, k->level, 2026, k->product,
				    k->in_library, k->confirmed };
	char			 why[COMBINE_MSG_MAX];
	int			 ok;

	rules_load();
	ok = combine_decide(&a, k->held, k->nheld, rules, nrules, why, sizeof(why));
	if (k->rule == NULL) {
		ck_assert_msg(ok == 1, "%s: refused: %s", k->name, why);
		ck_assert_str_eq(why, "");
	} else if (k->rule[0] == '=') {
		ck_assert_msg(ok == 0, "%s: allowed", k->name);
		ck_assert_msg(strstr(why, k->rule + 1) != NULL, "%s: why is %s",
		    k->name, why);
	} else {
		ck_assert_msg(ok == 0, "%s: allowed", k->name);
		ck_assert_msg(strcmp(why, rule_msg(k->rule)) == 0,
		    "%s: why is %s, not rule %s", k->name, why, k->rule);
	}
}
END_TEST

START_TEST(combine_rule_messages_name_their_faq)
{
	size_t	 i;

	rules_load();
	for (i = 0; i < nrules; i++) {
		if (strncmp(rules[i].code, "FAQ", 3) != 0)
			continue;
		ck_assert_msg(strstr(rules[i].message, "热点问题答疑第") != NULL,
		    "%s: %s", rules[i].code, rules[i].message);
	}
}
END_TEST

START_TEST(combine_rule_parse_rejects_bad_values)
{
	struct combine_rule	 r;

	ck_assert_int_eq(combine_rule_parse(&r, "X", "giant-mfg,giant-innov",
	    "deny", "product", "any", "same", "2012, 2018", "m"), SME_OK);
	ck_assert_uint_eq(r.applying, (1u << FLOW_KGIANT_MFG) | (1u << FLOW_KGIANT_INNOV));
	ck_assert_uint_eq(r.nyears, 2);
	ck_assert_int_eq(r.years[1], 2018);
	ck_assert_int_eq(combine_rule_parse(&r, "X", "giant", "deny",
	    "product", "any", "any", NULL, "m"), SME_EINPUT);
	ck_assert_int_eq(combine_rule_parse(&r, "X", "product", "maybe",
	    "product", "any", "any", NULL, "m"), SME_EINPUT);
	ck_assert_int_eq(combine_rule_parse(&r, "X", "product", "deny",
	    "", "any", "any", NULL, "m"), SME_EINPUT);
	ck_assert_int_eq(combine_rule_parse(&r, "X", "product", "deny",
	    "product", "somewhere", "any", NULL, "m"), SME_EINPUT);
	ck_assert_int_eq(combine_rule_parse(&r, "X", "product", "deny",
	    "product", "any", "similar", NULL, "m"), SME_EINPUT);
	ck_assert_int_eq(combine_rule_parse(&r, "X", "product", "require",
	    "product", "title", "any", "2012,twenty", "m"), SME_EINPUT);
	ck_assert_int_eq(combine_rule_parse(&r, "a-code-much-too-long-for-it",
	    "product", "deny", "product", "any", "any", NULL, "m"), SME_EINPUT);
}
END_TEST

START_TEST(combine_first_matching_rule_decides)
{
	struct combine_rule	 r[2];
	struct combine_held	 h = { T, FLOW_KPRODUCT, PROV, "A", 2025, 1 };
	struct combine_case	 a = { FLOW_KGIANT_MFG, PROV, 2026, NULL, 1, 1 };
	char			 why[64];

	ck_assert_int_eq(combine_rule_parse(&r[0], "ALLOW", "giant-mfg", "allow",
	    "product", "any", "any", NULL, "allowed"), SME_OK);
	ck_assert_int_eq(combine_rule_parse(&r[1], "DENY", "giant-mfg", "deny",
	    "product", "any", "any", NULL, "denied"), SME_OK);
	ck_assert_int_eq(combine_decide(&a, &h, 1, r, 2, why, sizeof(why)), 1);
	ck_assert_int_eq(combine_decide(&a, &h, 1, r + 1, 1, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "denied");
}
END_TEST

START_TEST(combine_why_is_cut_at_a_character)
{
	struct combine_rule	 r;
	struct combine_held	 h = { T, FLOW_KGIANT_INNOV, PROV, "", 2025, 1 };
	struct combine_case	 a = { FLOW_KGIANT_MFG, PROV, 2026, NULL, 1, 1 };
	char			 why[8];

	ck_assert_int_eq(combine_rule_parse(&r, "D", "giant-mfg", "deny",
	    "giant-innov", "any", "any", NULL, "拒绝理由"), SME_OK);
	ck_assert_int_eq(combine_decide(&a, &h, 1, &r, 1, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "拒绝");
}
END_TEST

static Suite *
combine_suite(void)
{
	Suite	*s = suite_create("combine");
	TCase	*tc = tcase_create("rules");

	tcase_add_loop_test(tc, combine_decides_each_case, 0, NELEM(cases));
	tcase_add_test(tc, combine_rule_messages_name_their_faq);
	tcase_add_test(tc, combine_rule_parse_rejects_bad_values);
	tcase_add_test(tc, combine_first_matching_rule_decides);
	tcase_add_test(tc, combine_why_is_cut_at_a_character);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(combine_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
