/*
 * test_flow.c - flow.[ch]: every state x action x role against tables
 * written out by hand for the 2021 chain (county), the 2023 chain
 * (county,city) and the certification default (county,city,province);
 * chains read from the configuration, with malformed ones falling back to
 * the defaults; the names of states, kinds, actions and roles both ways.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "config.h"
#include "flow.h"
#include "vocab.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define X	(-1)		/* not allowed */
#define CO	FLOW_COUNTY
#define CI	FLOW_CITY
#define PR	FLOW_PROVINCE
#define AC	FLOW_ACCEPTED
#define RE	FLOW_RETURNED

/*
 * want[state][action][role]: roles in the order enterprise, county, city,
 * province. Only the enterprise submits, from draft or returned, to the
 * chain's first level; only the reviewer of the level a filing waits at
 * approves (to the next level, or accepted after the last) or returns it;
 * a state off the chain, accepted and draft take no review action.
 */
static const int want_county[FLOW__MAX][FLOW_ACTION__MAX][FLOW_ROLE__MAX] = {
	[FLOW_DRAFT] =    { { CO, X, X, X }, { X, X, X, X },  { X, X, X, X } },
	[FLOW_COUNTY] =   { { X, X, X, X },  { X, AC, X, X }, { X, RE, X, X } },
	[FLOW_CITY] =     { { X, X, X, X },  { X, X, X, X },  { X, X, X, X } },
	[FLOW_PROVINCE] = { { X, X, X, X },  { X, X, X, X },  { X, X, X, X } },
	[FLOW_ACCEPTED] = { { X, X, X, X },  { X, X, X, X },  { X, X, X, X } },
	[FLOW_RETURNED] = { { CO, X, X, X }, { X, X, X, X },  { X, X, X, X } },
};
static const int want_county_city[FLOW__MAX][FLOW_ACTION__MAX][FLOW_ROLE__MAX] = {
	[FLOW_DRAFT] =    { { CO, X, X, X }, { X, X, X, X },  { X, X, X, X } },
	[FLOW_COUNTY] =   { { X, X, X, X },  { X, CI, X, X }, { X, RE, X, X } },
	[FLOW_CITY] =     { { X, X, X, X },  { X, X, AC, X }, { X, X, RE, X } },
	[FLOW_PROVINCE] = { { X, X, X, X },  { X, X, X, X },  { X, X, X, X } },
	[FLOW_ACCEPTED] = { { X, X, X, X },  { X, X, X, X },  { X, X, X, X } },
	[FLOW_RETURNED] = { { CO, X, X, X }, { X, X, X, X },  { X, X, X, X } },
};
static const int want_three[FLOW__MAX][FLOW_ACTION__MAX][FLOW_ROLE__MAX] = {
	[FLOW_DRAFT] =    { { CO, X, X, X }, { X, X, X, X },  { X, X, X, X } },
	[FLOW_COUNTY] =   { { X, X, X, X },  { X, CI, X, X }, { X, RE, X, X } },
	[FLOW_CITY] =     { { X, X, X, X },  { X, X, PR, X }, { X, X, RE, X } },
	[FLOW_PROVINCE] = { { X, X, X, X },  { X, X, X, AC }, { X, X, X, RE } },
	[FLOW_ACCEPTED] = { { X, X, X, X },  { X, X, X, X },  { X, X, X, X } },
	[FLOW_RETURNED] = { { CO, X, X, X }, { X, X, X, X },  { X, X, X, X } },
};

/* A chain from the configuration line "chain_entry = spec". */
static void
chain_of(const char *spec, enum flow_kind k, struct flow_chain *out)
{
	struct config	*cfg = config_new();
	char		 key[32];

	ck_assert_ptr_nonnull(cfg);
	snprintf(key, sizeof(key), "chain_%s", flow_kind_name(k));
	ck_assert_int_eq(config_set(cfg, key, spec), SME_OK);
	flow_chain(cfg, k, out);
	config_free(cfg);
}

static void
check_table(const struct flow_chain *chain,
    const int want[FLOW__MAX][FLOW_ACTION__MAX][FLOW_ROLE__MAX], const char *name)
{
	int	 s, a, r, got;

	for (s = 0; s < FLOW__MAX; s++)
		for (a = 0; a < FLOW_ACTION__MAX; a++)
			for (r = 0; r < FLOW_ROLE__MAX; r++) {
				got = flow_next(chain, s, a, r);
				ck_assert_msg(got == want[s][a][r],
				    "%s: %s %s by %d gives %d, want %d", name,
				    flow_state_name(s), flow_action_name(a), r,
				    got, want[s][a][r]);
			}
}

START_TEST(flow_next_county_chain_every_state_action_role)
{
	struct flow_chain	 c;

	chain_of("county", FLOW_KENTRY, &c);
	ck_assert_int_eq(c.n, 1);
	check_table(&c, want_county, "county");
}
END_TEST

START_TEST(flow_next_county_city_chain_every_state_action_role)
{
	struct flow_chain	 c;

	chain_of("county,city", FLOW_KENTRY, &c);
	ck_assert_int_eq(c.n, 2);
	check_table(&c, want_county_city, "county,city");
	/* The default of entry and update is the same chain. */
	flow_chain(NULL, FLOW_KENTRY, &c);
	check_table(&c, want_county_city, "entry default");
	flow_chain(NULL, FLOW_KUPDATE, &c);
	check_table(&c, want_county_city, "update default");
}
END_TEST

START_TEST(flow_next_three_level_chain_every_state_action_role)
{
	struct flow_chain	 c;
	int			 k;

	chain_of("county, city, province", FLOW_KPRODUCT, &c);
	check_table(&c, want_three, "county,city,province");
	for (k = FLOW_KPRODUCT; k < FLOW_KIND__MAX; k++) {
		flow_chain(NULL, k, &c);
		check_table(&c, want_three, flow_kind_name(k));
	}
}
END_TEST

START_TEST(flow_next_empty_chain_allows_nothing)
{
	struct flow_chain	 c = { .n = 0 };
	int			 s, a, r;

	for (s = 0; s < FLOW__MAX; s++)
		for (a = 0; a < FLOW_ACTION__MAX; a++)
			for (r = 0; r < FLOW_ROLE__MAX; r++)
				ck_assert_int_eq(flow_next(&c, s, a, r), -1);
}
END_TEST

/* Malformed chains give the kind's default. */
static const char *const bad_chains[] = {
	"", "city,county", "county,county", "county,accepted", "draft",
	"returned", "county,foo", "county,city,province,county",
	"countycountycountycountycountycountycountycountycountycountycounty",
};

START_TEST(flow_chain_malformed_falls_back_to_default)
{
	struct flow_chain	 c;

	chain_of(bad_chains[_i], FLOW_KENTRY, &c);
	ck_assert_msg(c.n == 2 && c.level[0] == FLOW_COUNTY && c.level[1] == FLOW_CITY,
	    "\"%s\" gave n=%d", bad_chains[_i], c.n);
	chain_of(bad_chains[_i], FLOW_KGIANT_MFG, &c);
	ck_assert_int_eq(c.n, 3);
	ck_assert_int_eq(c.level[2], FLOW_PROVINCE);
}
END_TEST

START_TEST(flow_chain_reads_the_kind_key_only)
{
	struct flow_chain	 c;

	/* chain_entry does not change update's chain. */
	chain_of("county", FLOW_KENTRY, &c);
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.level[0], FLOW_COUNTY);
	chain_of("county", FLOW_KUPDATE, &c);
	ck_assert_int_eq(c.n, 1);
	chain_of("city", FLOW_KGIANT_INNOV, &c);
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.level[0], FLOW_CITY);
	ck_assert_int_eq(flow_next(&c, FLOW_DRAFT, FLOW_SUBMIT, FLOW_ENTERPRISE), FLOW_CITY);
	ck_assert_int_eq(flow_next(&c, FLOW_CITY, FLOW_APPROVE, FLOW_RCITY), FLOW_ACCEPTED);
	ck_assert_int_eq(flow_next(&c, FLOW_COUNTY, FLOW_APPROVE, FLOW_RCOUNTY), -1);
}
END_TEST

/* 市县 certifications: no province; the city last, or the county where it decides. */
START_TEST(flow_chain_local_cuts_the_province_and_the_delegating_city)
{
	struct flow_chain	 c;

	chain_of("county,city,province", FLOW_KPRODUCT, &c);
	flow_chain_local(&c, 0);
	ck_assert_int_eq(c.n, 2);
	ck_assert_int_eq(flow_next(&c, FLOW_COUNTY, FLOW_APPROVE, FLOW_RCOUNTY), FLOW_CITY);
	ck_assert_int_eq(flow_next(&c, FLOW_CITY, FLOW_APPROVE, FLOW_RCITY), FLOW_ACCEPTED);
	ck_assert_int_eq(flow_next(&c, FLOW_PROVINCE, FLOW_APPROVE, FLOW_RPROVINCE), -1);
	chain_of("county,city,province", FLOW_KGIANT_MFG, &c);
	flow_chain_local(&c, 1);
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(flow_next(&c, FLOW_COUNTY, FLOW_APPROVE, FLOW_RCOUNTY), FLOW_ACCEPTED);
	ck_assert_int_eq(flow_next(&c, FLOW_CITY, FLOW_APPROVE, FLOW_RCITY), -1);
	ck_assert_int_eq(flow_next(&c, FLOW_COUNTY, FLOW_RETURN, FLOW_RCOUNTY), FLOW_RETURNED);
	/* A configured chain of the province alone keeps one level. */
	chain_of("province", FLOW_KPRODUCT, &c);
	flow_chain_local(&c, 0);
	ck_assert_int_eq(c.n, 1);
	ck_assert_int_eq(c.level[0], FLOW_PROVINCE);
	ck_assert_str_eq(vocab_title_level_label("national"), "国家级");
}
END_TEST

START_TEST(flow_names_round_trip)
{
	int	 i;

	for (i = 0; i < FLOW__MAX; i++) {
		ck_assert_int_eq(flow_state_parse(flow_state_name(i)), i);
		ck_assert_str_ne(flow_state_label(i), "");
	}
	for (i = 0; i < FLOW_KIND__MAX; i++)
		ck_assert_int_eq(flow_kind_parse(flow_kind_name(i)), i);
	for (i = 0; i < FLOW_ACTION__MAX; i++)
		ck_assert_int_eq(flow_action_parse(flow_action_name(i)), i);
	ck_assert_int_eq(flow_role_parse("enterprise"), FLOW_ENTERPRISE);
	ck_assert_int_eq(flow_role_parse("county"), FLOW_RCOUNTY);
	ck_assert_int_eq(flow_role_parse("city"), FLOW_RCITY);
	ck_assert_int_eq(flow_role_parse("province"), FLOW_RPROVINCE);
	ck_assert_int_eq(flow_state_parse(NULL), -1);
	ck_assert_int_eq(flow_state_parse("County"), -1);
	ck_assert_int_eq(flow_kind_parse("giant"), -1);
	ck_assert_int_eq(flow_action_parse(""), -1);
	ck_assert_int_eq(flow_role_parse("admin"), -1);
	ck_assert_str_eq(flow_state_name(FLOW__MAX), "");
	ck_assert_str_eq(flow_kind_name(FLOW_KIND__MAX), "");
	ck_assert_str_eq(flow_state_label(FLOW_RETURNED), "已退回");
}
END_TEST

/* 撤回 (issue 14): back to draft from the chain's first level only. */
START_TEST(flow_withdraw_only_at_the_first_level)
{
	struct flow_chain	 two = { { FLOW_COUNTY, FLOW_CITY }, 2 };
	struct flow_chain	 none = { { FLOW_COUNTY }, 0 };
	int			 s;

	ck_assert_int_eq(flow_withdraw(&two, FLOW_COUNTY), FLOW_DRAFT);
	for (s = 0; s < FLOW__MAX; s++)
		if (s != FLOW_COUNTY)
			ck_assert_int_eq(flow_withdraw(&two, s), -1);
	ck_assert_int_eq(flow_withdraw(&none, FLOW_COUNTY), -1);
}
END_TEST

START_TEST(flow_editable_only_draft_and_returned)
{
	int	 s;

	for (s = 0; s < FLOW__MAX; s++)
		ck_assert_int_eq(flow_editable(s), s == FLOW_DRAFT || s == FLOW_RETURNED);
}
END_TEST

/* The words of lib/vocab: each kind's forms, names people write, classes, levels, years. */
START_TEST(vocab_labels_and_names)
{
	ck_assert_str_eq(vocab_kind_label("giant-mfg", VOCAB_SHORT), "小巨人（制造类）");
	ck_assert_str_eq(vocab_kind_label("giant-mfg", VOCAB_FILING), "小巨人企业认定（制造类）");
	ck_assert_str_eq(vocab_kind_label("giant-mfg", VOCAB_TITLE), "专精特新小巨人企业（制造类）");
	ck_assert_str_eq(vocab_kind_label("product", VOCAB_FILING), "专精特新产品认定");
	ck_assert_str_eq(vocab_kind_label("nosuch", VOCAB_SHORT), "");
	ck_assert_str_eq(vocab_kind_label(NULL, VOCAB_SHORT), "");
	ck_assert_str_eq(flow_kind_label(FLOW_KENTRY), "新增入库");
	ck_assert_int_eq(vocab_kind_from_text("小巨人制造类"), FLOW_KGIANT_MFG);
	ck_assert_int_eq(vocab_kind_from_text("专精特新小巨人企业（创新类）"), FLOW_KGIANT_INNOV);
	ck_assert_int_eq(vocab_kind_from_text("产品"), FLOW_KPRODUCT);
	ck_assert_int_eq(vocab_kind_from_text("recheck"), FLOW_KRECHECK);
	ck_assert_int_eq(vocab_kind_from_text("小巨人"), -1);
	ck_assert_str_eq(vocab_class_label("innov"), "创新类");
	ck_assert_str_eq(vocab_class_label(NULL), "");
	ck_assert_str_eq(vocab_state_label("city"), "待市级审核");
	ck_assert_str_eq(flow_state_label(FLOW_RETURNED), "已退回");
	ck_assert_str_eq(vocab_level_label("county"), "县（市、区）工信部门");
	ck_assert_str_eq(vocab_title_level_label("local"), "市县");
	ck_assert_int_eq(vocab_year("2026", 0), 2026);
	ck_assert_int_eq(vocab_year("1999", 7), 7);
	ck_assert_int_eq(vocab_year("2026x", 7), 7);
	ck_assert_int_eq(vocab_year(NULL, 3), 3);
}
END_TEST

static Suite *
flow_suite(void)
{
	Suite	*s = suite_create("flow");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, flow_next_county_chain_every_state_action_role);
	tcase_add_test(tc, flow_next_county_city_chain_every_state_action_role);
	tcase_add_test(tc, flow_next_three_level_chain_every_state_action_role);
	tcase_add_test(tc, flow_next_empty_chain_allows_nothing);
	tcase_add_loop_test(tc, flow_chain_malformed_falls_back_to_default, 0,
	    NELEM(bad_chains));
	tcase_add_test(tc, flow_chain_reads_the_kind_key_only);
	tcase_add_test(tc, flow_names_round_trip);
	tcase_add_test(tc, flow_chain_local_cuts_the_province_and_the_delegating_city);
	tcase_add_test(tc, flow_editable_only_draft_and_returned);
	tcase_add_test(tc, flow_withdraw_only_at_the_first_level);
	tcase_add_test(tc, vocab_labels_and_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(flow_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
