/*
 * test_form.c - form.[ch]: the checks of amounts (seed 002's FAQ: 万元,
 * digits only, no separators, two decimals), integers, percentages, dates,
 * postcodes, phones, e-mail and choices; the sections of each kind and the
 * expansion of the operations table for a year; labels of concrete names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "form.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The definition of name as the catalogue has it. */
static const struct form_field *
field(const char *name)
{
	const struct form_field	*f = form_field_find(name, NULL);

	ck_assert_msg(f != NULL, "no field %s", name);
	return f;
}

static const struct { const char *name, *value; int ok; } cases[] = {
	{ "assets_total", "1000", 1 }, { "assets_total", "0", 1 },
	{ "assets_total", "12.3", 1 }, { "assets_total", "12.34", 1 },
	{ "assets_total", "12.345", 0 }, { "assets_total", "1,000", 0 },
	{ "assets_total", "1，000", 0 }, { "assets_total", "-5", 0 },
	{ "assets_total", "1e3", 0 }, { "assets_total", "12.", 0 },
	{ "assets_total", ".5", 0 }, { "assets_total", "abc", 0 },
	{ "assets_total", "1000000000", 1 }, { "assets_total", "1000000000.01", 0 },
	{ "profit_2022", "-120.50", 1 }, { "profit_2022", "--1", 0 },
	{ "revenue_2022", "-1", 0 },
	{ "employees", "188", 1 }, { "employees", "18.8", 0 }, { "employees", "-1", 0 },
	{ "employees", "1,000", 0 }, { "employees", "1000001", 0 },
	{ "product1_share", "100", 1 }, { "product1_share", "100.01", 0 },
	{ "product1_share", "35.5", 1 }, { "product1_share", "35%", 0 },
	{ "founded", "2020-09-04", 1 }, { "founded", "2020-02-29", 1 },
	{ "founded", "2021-02-29", 0 }, { "founded", "2020-13-01", 0 },
	{ "founded", "2020/09/04", 0 }, { "founded", "2020-9-4", 0 },
	{ "postcode", "210000", 1 }, { "postcode", "21000", 0 }, { "postcode", "2100000", 0 },
	{ "postcode", "21000a", 0 },
	{ "legal_rep_phone", "025-84561234", 1 }, { "legal_rep_phone", "13912345678", 1 },
	{ "legal_rep_phone", "12345", 0 }, { "legal_rep_phone", "025 8456", 0 },
	{ "contact_mobile", "13912345678", 1 }, { "contact_mobile", "12912345678", 0 },
	{ "email", "a@example.com", 1 }, { "email", "a@b", 0 }, { "email", "@b.cn", 0 },
	{ "email", "a@@b.cn", 0 },
	{ "ent_type", "private", 1 }, { "ent_type", "私人控股", 0 },
	{ "listed", "1", 1 }, { "listed", "0", 1 }, { "listed", "yes", 0 },
	{ "chains", "1,4,12", 1 }, { "chains", "1;4", 0 },
	{ "industry", "3911", 1 }, { "industry", "391", 0 },
	{ "cluster", "3", 1 }, { "cluster", "x", 0 },
	{ "intro", "", 1 },
};

START_TEST(form_check_accepts_and_refuses)
{
	const char	*msg = form_check(field(cases[_i].name), cases[_i].value);

	if (cases[_i].ok)
		ck_assert_msg(msg == NULL, "%s=%s refused: %s", cases[_i].name, cases[_i].value, msg);
	else
		ck_assert_msg(msg != NULL && (unsigned char)msg[0] >= 0x80,
		    "%s=%s accepted or message not Chinese", cases[_i].name, cases[_i].value);
}
END_TEST

START_TEST(form_check_messages_name_the_rule)
{
	ck_assert_ptr_nonnull(strstr(form_check(field("assets_total"), "1,000"), "千位分隔符"));
	ck_assert_ptr_nonnull(strstr(form_check(field("assets_total"), "12.345"), "两位小数"));
	ck_assert_ptr_nonnull(strstr(form_check(field("postcode"), "1"), "6位"));
}
END_TEST

/*
 * Numbers as people type them (issue 14, seed 002 FAQ 1.6): separators
 * every three digits, full-width digits and signs, a trailing % go; an
 * amount so rewritten gets two decimals; anything else stays as typed for
 * form_check to refuse.
 */
static const struct { const char *name, *in, *out; } norm[] = {
	{ "assets_total", "3,000", "3000.00" }, { "assets_total", "３０００", "3000.00" },
	{ "assets_total", "3，000", "3000.00" }, { "assets_total", "１，２３４．５", "1234.50" },
	{ "assets_total", "1,234,567.89", "1234567.89" }, { "assets_total", "3000", "3000" },
	{ "assets_total", "12.3", "12.3" }, { "assets_total", "1,00", "1,00" },
	{ "assets_total", "1,0000", "1,0000" }, { "assets_total", ",100", ",100" },
	{ "assets_total", "1,000.5,0", "1,000.5,0" }, { "assets_total", "3 000", "3000.00" },
	{ "assets_total", "abc", "abc" }, { "assets_total", "", "" },
	{ "assets_total", "12.345", "12.345" },
	{ "profit_2022", "－1,200", "-1200.00" }, { "profit_2022", "-1,200.5", "-1200.50" },
	{ "employees", "1,200", "1200" }, { "employees", "１８８", "188" },
	{ "product1_share", "35.5%", "35.5" }, { "product1_share", "１２．５％", "12.5" },
	{ "product1_share", "35%%", "35%" }, { "assets_total", "35%", "35%" },
	{ "postcode", "２１００００", "２１００００" }, { "address", "3,000", "3,000" },
};

START_TEST(form_normalise_numbers)
{
	char	*out = form_normalise(field(norm[_i].name), norm[_i].in);

	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strcmp(out, norm[_i].out) == 0, "%s: \"%s\" -> \"%s\", want \"%s\"",
	    norm[_i].name, norm[_i].in, out, norm[_i].out);
	free(out);
}
END_TEST

START_TEST(form_normalised_values_pass_the_checks)
{
	char	*out = form_normalise(field("assets_total"), "１，２３４．５");

	ck_assert_ptr_null(form_check(field("assets_total"), out));
	free(out);
	out = form_normalise(field("assets_total"), "1,00");
	ck_assert_ptr_nonnull(strstr(form_check(field("assets_total"), out), "千位分隔符"));
	free(out);
}
END_TEST

START_TEST(form_text_counts_characters)
{
	char	*s = malloc(3 * 3001 + 1);
	size_t	 i;

	for (i = 0; i < 3000; i++)
		memcpy(s + 3 * i, "字", 3);
	s[3 * 3000] = '\0';
	ck_assert_ptr_null(form_check(field("intro"), s));
	strcat(s, "字");
	ck_assert_ptr_nonnull(form_check(field("intro"), s));
	free(s);
}
END_TEST

START_TEST(form_sections_of_each_kind)
{
	const struct form_section	*s;
	size_t				 n;

	n = form_sections("entry", &s);
	ck_assert_uint_eq(n, 6);
	ck_assert_str_eq(s[0].key, "basic");
	ck_assert_str_eq(s[n - 1].key, "attachments");
	ck_assert_ptr_nonnull(form_section_find("giant-innov", "financing"));
	ck_assert_ptr_null(form_section_find("entry", "financing"));
	ck_assert_ptr_nonnull(form_section_find("product", "product"));
	ck_assert_uint_eq(form_sections("nonsense", &s), 0);
}
END_TEST

/*
 * Seed 003 附件4: "拥有2项发明（或实用新型）专利或具有专有技术": no field of
 * the product form is required alone; a patent row or 专有技术 (FORM_ONEOF
 * on the patent table's row list and on proprietary_tech). A row, once
 * added, needs its cells. Seed 004: "(发明专利或实用新型专利)" only.
 */
START_TEST(form_product_patent_or_proprietary_tech)
{
	const struct form_field	*f;
	const char		*sec;

	f = form_field_find("patent_rows", &sec);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(sec, "product");
	ck_assert_int_eq(f->type, FORM_ROWS);
	ck_assert_uint_eq(f->flags & (FORM_ONEOF | FORM_REQUIRED), FORM_ONEOF);
	f = form_field_find("proprietary_tech", &sec);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(sec, "product");
	ck_assert_uint_eq(f->flags & (FORM_ONEOF | FORM_REQUIRED), FORM_ONEOF);
	ck_assert_uint_eq(field("patent1_number")->flags & FORM_REQUIRED, FORM_REQUIRED);
	f = field("patent12_type");
	ck_assert_ptr_null(form_check(f, "invention"));
	ck_assert_ptr_null(form_check(f, "utility"));
	ck_assert_ptr_nonnull(form_check(f, "design"));
	ck_assert_ptr_nonnull(form_check(f, "software"));
	ck_assert_ptr_nonnull(form_field_find("product_market_rank", NULL));
	/* Not a row: no key 0, no leading zero, no third digit, no such column. */
	ck_assert_ptr_null(form_field_find("patent0_name", NULL));
	ck_assert_ptr_null(form_field_find("patent01_name", NULL));
	ck_assert_ptr_null(form_field_find("patent100_name", NULL));
	ck_assert_ptr_null(form_field_find("patent1_colour", NULL));
	/* Seed 004 产品附证资料 and 其它附证资料 columns. */
	ck_assert_ptr_nonnull(form_field_find("report3_issuer", NULL));
	ck_assert_ptr_nonnull(form_field_find("cert2_valid_until", NULL));
}
END_TEST

/* Row lists: keys 1..99, at most FORM_ROWS_MAX, no repeats. */
START_TEST(form_row_lists)
{
	int	 k[FORM_ROWS_MAX];
	char	 buf[80];

	ck_assert_int_eq(form_rows_parse("", k), 0);
	ck_assert_int_eq(form_rows_parse("1,3,7", k), 3);
	ck_assert_int_eq(k[2], 7);
	form_rows_format(k, 3, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1,3,7");
	ck_assert_int_eq(form_rows_parse("1,1", k), -1);
	ck_assert_int_eq(form_rows_parse("0", k), -1);
	ck_assert_int_eq(form_rows_parse("100", k), -1);
	ck_assert_int_eq(form_rows_parse("1,", k), -1);
	ck_assert_int_eq(form_rows_parse("1;2", k), -1);
	ck_assert_int_eq(form_rows_parse("-1", k), -1);
	ck_assert_int_eq(form_rows_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20", k), 20);
	ck_assert_int_eq(form_rows_parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21", k), -1);
	ck_assert_ptr_nonnull(form_check(field("patent_rows"), "2,2"));
	ck_assert_ptr_null(form_check(field("patent_rows"), "2,5"));
}
END_TEST

/* The values of a filing for form_items_of: a NULL-ended name/value list. */
static const char *const *getter_vals;

static const char *
getter(void *arg, const char *name)
{
	const char *const	*v;

	(void)arg;
	for (v = getter_vals; v[0] != NULL; v += 2)
		if (strcmp(v[0], name) == 0)
			return v[1];
	return NULL;
}

START_TEST(form_rows_expand_items)
{
	static const char *const listed[] = { "patent_rows", "2,5", "report_rows", "", NULL };
	static const char *const legacy[] = { "patent1_name", "甲", "patent3_number", "ZL1", NULL };
	struct form_item	 it[FORM_ITEMS_MAX];
	const struct form_rowset *rs;
	char			 want[160];
	size_t			 n, i, cells = 0;
	int			 row;

	getter_vals = listed;
	n = form_items_of("product", 2026, "product", getter, NULL, it, FORM_ITEMS_MAX);
	for (i = 0; i < n; i++)
		cells += it[i].row > 0;
	ck_assert_uint_eq(cells, 2 * 4);
	for (i = 0; i < n && strcmp(it[i].name, "patent5_date") != 0; i++)
		;
	ck_assert_uint_lt(i, n);
	ck_assert_int_eq(it[i].row, 5);
	ck_assert_str_eq(it[i].rs->key, "patent");
	snprintf(want, sizeof(want), "%s（第2行） %s", it[i].rs->row_label, it[i].f->label);
	ck_assert_str_eq(it[i].label, want);
	/* Saved before the row lists: rows 1-3 that hold a value. */
	getter_vals = legacy;
	n = form_items_of("product", 2026, "product", getter, NULL, it, FORM_ITEMS_MAX);
	for (i = 0, cells = 0; i < n; i++)
		cells += it[i].row > 0 ? (size_t)it[i].row : 0;
	ck_assert_uint_eq(cells, 4 * 1 + 4 * 3);
	/* Plain form_items: no rows. */
	n = form_items("product", 2026, "product", it, FORM_ITEMS_MAX);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(it[i].row, 0);
	/* Scan slots name a table of the kind and one key. */
	ck_assert_int_eq(form_row_slot("product", "patent-3", &rs, &row), 1);
	ck_assert_int_eq(row, 3);
	ck_assert_int_eq(form_row_slot("product", "cert-12", &rs, &row), 1);
	ck_assert_int_eq(form_row_slot("product", "patent-03", &rs, &row), 0);
	ck_assert_int_eq(form_row_slot("product", "patent-3,4", &rs, &row), 0);
	ck_assert_int_eq(form_row_slot("product", "licence", &rs, &row), 0);
	ck_assert_int_eq(form_row_slot("giant-mfg", "patent-3", &rs, &row), 0);
}
END_TEST

/* Seed 004 §3 "复核认定操作流程，参照新认定申报": a recheck fills its title's form. */
START_TEST(form_recheck_fills_its_titles_form)
{
	const struct form_section	*s;

	ck_assert_str_eq(form_kind_of("recheck", NULL, "五轴联动数控机床"), "product");
	ck_assert_str_eq(form_kind_of("recheck", "innov", NULL), "giant-innov");
	ck_assert_str_eq(form_kind_of("recheck", "mfg", ""), "giant-mfg");
	ck_assert_str_eq(form_kind_of("recheck", NULL, NULL), "giant-mfg");
	ck_assert_str_eq(form_kind_of("giant-innov", "mfg", "x"), "giant-innov");
	ck_assert_uint_eq(form_sections("recheck", &s), 0);
	/* Seed 004 §2.2.2, §2.3.2: both 小巨人 forms end with the 满意度评价. */
	ck_assert_ptr_nonnull(form_section_find("giant-mfg", "survey"));
	ck_assert_ptr_nonnull(form_section_find("giant-innov", "survey"));
	ck_assert_ptr_null(form_section_find("product", "survey"));
	ck_assert_int_eq(form_kind_has_field("giant-innov", "fax"), 1);
	ck_assert_int_eq(form_kind_has_field("product", "legal_rep_mobile"), 1);
}
END_TEST

START_TEST(form_operations_expand_years)
{
	struct form_item	 it[FORM_ITEMS_MAX];
	size_t			 n, i;
	int			 forecasts = 0;

	n = form_items("entry", 2021, "operations", it, FORM_ITEMS_MAX);
	ck_assert_uint_eq(n, 7 * 5);
	ck_assert_str_eq(it[0].name, "revenue_2017");
	ck_assert_str_eq(it[3].name, "revenue_2020");
	ck_assert_str_eq(it[4].name, "revenue_2021");
	for (i = 0; i < n; i++)
		forecasts += it[i].forecast;
	ck_assert_int_eq(forecasts, 7);
	ck_assert_int_eq(it[4].forecast, 1);
	ck_assert_str_eq(it[4].label, "2021年（预计） 营业收入（万元）");
	ck_assert_str_eq(it[0].label, "2017年 营业收入（万元）");
}
END_TEST

START_TEST(form_labels_of_names)
{
	char		 buf[128];
	const char	*sec;

	ck_assert_int_eq(form_label("revenue_2022", buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "2022年 营业收入（万元）");
	ck_assert_int_eq(form_label("nonsense", buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(form_field_find("tax_2019", &sec));
	ck_assert_str_eq(sec, "operations");
	ck_assert_ptr_null(form_field_find("revenue_20x2", NULL));
	ck_assert_str_eq(form_choice_label(field("ent_type"), "private"), "私人控股");
}
END_TEST

static Suite *
form_suite(void)
{
	Suite	*s = suite_create("form");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, form_check_accepts_and_refuses, 0, NELEM(cases));
	tcase_add_test(tc, form_check_messages_name_the_rule);
	tcase_add_test(tc, form_text_counts_characters);
	tcase_add_loop_test(tc, form_normalise_numbers, 0, NELEM(norm));
	tcase_add_test(tc, form_normalised_values_pass_the_checks);
	tcase_add_test(tc, form_sections_of_each_kind);
	tcase_add_test(tc, form_product_patent_or_proprietary_tech);
	tcase_add_test(tc, form_row_lists);
	tcase_add_test(tc, form_rows_expand_items);
	tcase_add_test(tc, form_recheck_fills_its_titles_form);
	tcase_add_test(tc, form_operations_expand_years);
	tcase_add_test(tc, form_labels_of_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(form_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
