/*
 * test_libyear.c - libyear.[ch]: an enterprise's 数据更新 status of a year
 * from its place in the library, its entry year, how far its update filings
 * got and whether the update window closed (seed 002: enterprises in the
 * library update every year; those that do not are removed). Then, against
 * the MariaDB of tools/up (var/sme.conf, or $SME_CONFIG; skipped with a
 * message when none answers), the removal walked: listed overdue, reminded
 * once a day, proposed by its county only, confirmed by its city, refused a
 * certification filing with the reason (combine_check), undone. Its rows
 * live in 宿豫区 of 宿迁市, which the HTTP tests leave alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "account.h"
#include "combine.h"
#include "config.h"
#include "db.h"
#include "enterprise.h"
#include "libyear.h"
#include "token.h"
#include "unitdb.h"
#include "window.h"

#define COUNTY	"321311"	/* 宿豫区 of 宿迁市 */
#define OTHER	"321302"	/* 宿城区, its neighbour */
#define CITY	"321300"	/* 宿迁市 */
#define YEAR	2001		/* an update year whose window closed long ago */

static struct config	*cfg;
static struct db	*db;

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char		*name;
	int			 in_library, entry_year, year;
	enum libyear_filed	 filed;
	int			 closed;
	const char		*want;
} cases[] = {
	{ "outside_the_library_owes_nothing", 0, 2025, 2026, LIBYEAR_F_NONE, 1, "none" },
	{ "entered_this_year_owes_nothing", 1, 2026, 2026, LIBYEAR_F_NONE, 1, "none" },
	{ "entered_later_owes_nothing", 1, 2027, 2026, LIBYEAR_F_NONE, 1, "none" },
	{ "entered_last_year_is_due", 1, 2025, 2026, LIBYEAR_F_NONE, 0, "due" },
	{ "entered_outside_the_platform_is_due", 1, 0, 2026, LIBYEAR_F_NONE, 0, "due" },
	{ "not_filed_after_the_window_is_overdue", 1, 2025, 2026, LIBYEAR_F_NONE, 1, "overdue" },
	{ "entered_outside_not_filed_is_overdue", 1, 0, 2026, LIBYEAR_F_NONE, 1, "overdue" },
	{ "in_review_is_filed", 1, 2025, 2026, LIBYEAR_F_REVIEW, 0, "filed" },
	{ "in_review_after_the_window_is_filed", 1, 2025, 2026, LIBYEAR_F_REVIEW, 1, "filed" },
	{ "accepted_is_accepted", 1, 2024, 2026, LIBYEAR_F_ACCEPTED, 1, "accepted" },
	{ "removed_with_a_filing_owes_nothing", 0, 2024, 2026, LIBYEAR_F_REVIEW, 1, "none" },
};

START_TEST(libyear_status_of_each_case)
{
	enum libyear_status	 s;

	s = libyear_status(cases[_i].in_library, cases[_i].entry_year, cases[_i].year,
	    cases[_i].filed, cases[_i].closed);
	ck_assert_msg(strcmp(libyear_status_name(s), cases[_i].want) == 0,
	    "%s: got %s, want %s", cases[_i].name, libyear_status_name(s), cases[_i].want);
}
END_TEST

START_TEST(libyear_status_names_are_distinct)
{
	int	 i, j;

	for (i = 0; i < LIBYEAR__MAX; i++) {
		ck_assert_ptr_nonnull(libyear_status_name(i));
		ck_assert_int_gt(strlen(libyear_status_name(i)), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(libyear_status_name(i), libyear_status_name(j));
	}
	ck_assert_str_eq(libyear_status_name(LIBYEAR__MAX), "");
}
END_TEST

/* ---- against the database --------------------------------------------- */

/* The row of ent in the list of region's county for YEAR, or -1; *status its status. */
static long long
list_row(const char *region, long long ent, enum libyear_status *status)
{
	struct db_res	*res;
	char		 closes[16];
	size_t		 i;
	long long	 at = -1;
	int		 closed;

	ck_assert_int_eq(libyear_list(db, region, COUNTY, YEAR, &res, &closed, closes,
	    sizeof(closes)), SME_OK);
	ck_assert_int_eq(closed, 1);
	for (i = 0; i < res->nrows; i++)
		if (db_res_int(res, i, LY_ID, 0) == ent) {
			at = (long long)i;
			*status = libyear_row_status(res, i, YEAR, closed);
			ck_assert_str_eq(db_res_get(res, i, LY_COUNTY), "宿豫区");
		}
	db_res_free(res);
	return at;
}

static const char SQL_SMS[] =
    "SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ? AND kind = ?";
static const char SQL_IN[] = "SELECT in_library FROM enterprise WHERE id = ?";
static const char SQL_REMOVAL[] =
    "SELECT id FROM library_removal WHERE enterprise_id = ? AND state = 'proposed'";

START_TEST(libyear_removal_walks_remind_propose_confirm_undo)
{
	struct libyear_actor	 county = { 1, NULL, COUNTY, NULL };
	struct libyear_actor	 other = { 1, NULL, OTHER, NULL };
	struct libyear_actor	 city = { 2, NULL, CITY, NULL };
	struct account_new	 an;
	enum libyear_status	 st = LIBYEAR__MAX;
	char			 tok[48], uscc[19], user[24], mobile[12], why[1024];
	char			 reason[600], on[16];
	long long		 ent, acct, rid;
	int			 sent, skipped, found, ok, removed, year;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(uscc, sizeof(uscc), "9L%.16s", tok);
	snprintf(user, sizeof(user), "ly_%.12s", tok);
	unitdb_mobile(mobile, sizeof(mobile));
	ck_assert_int_eq(enterprise_create(db, uscc, "单元测试在库企业", COUNTY, 1, &ent), SME_OK);
	an = (struct account_new){ user, "x", "enterprise", COUNTY, ent, "单元测试在库企业",
	    mobile, "active" };
	ck_assert_int_eq(account_create(db, &an, &acct), SME_OK);
	ck_assert_int_eq(window_set(db, "update", YEAR, "2001-03-01", "2001-06-30"), SME_OK);
	struct db_param pe[] = { DB_INT(ent) };
	struct db_param ps[] = { DB_STR(mobile), DB_STR("library_update_due") };
	struct db_param pr[] = { DB_STR(mobile), DB_STR("library_removed") };

	/* Entered outside the platform, nothing filed, the window closed: overdue. */
	ck_assert_int_ge(list_row(CITY, ent, &st), 0);
	ck_assert_str_eq(libyear_status_name(st), "overdue");
	ck_assert_int_eq(list_row(OTHER, ent, &st), -1);

	ck_assert_int_eq(libyear_remind(db, cfg, &county, YEAR, &sent, &skipped), SME_OK);
	ck_assert_int_ge(sent, 1);
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, ps, 2), 1);
	ck_assert_int_eq(libyear_remind(db, cfg, &county, YEAR, &sent, &skipped), SME_OK);
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, ps, 2), 1);

	ck_assert_int_eq(libyear_propose(db, &other, ent, YEAR, "逾期未更新数据", &found,
	    why, sizeof(why)), SME_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_int_eq(libyear_propose(db, &county, ent, YEAR, "逾期未更新数据", &found,
	    why, sizeof(why)), SME_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(libyear_propose(db, &county, ent, YEAR, "逾期未更新数据", &found,
	    why, sizeof(why)), SME_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(why, "待设区市确认"));
	ck_assert_int_eq(libyear_propose(db, &county, ent, YEAR + 1, "逾期未更新数据", &found,
	    why, sizeof(why)), SME_ECONFLICT);
	rid = unitdb_int(db, SQL_REMOVAL, pe, 1);
	ck_assert_int_gt(rid, 0);

	/* The county cannot confirm another county's; a stale version changes nothing. */
	ck_assert_int_eq(libyear_confirm(db, cfg, &other, rid, 1, &found), SME_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_int_eq(libyear_confirm(db, cfg, &city, rid, 7, &found), SME_ECONFLICT);
	ck_assert_int_eq(unitdb_int(db, SQL_IN, pe, 1), 1);
	ck_assert_int_eq(libyear_confirm(db, cfg, &city, rid, 1, &found), SME_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_int_eq(unitdb_int(db, SQL_IN, pe, 1), 0);
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, pr, 2), 1);
	ck_assert_int_eq(libyear_removed(db, ent, &removed, reason, sizeof(reason), &year,
	    on, sizeof(on)), SME_OK);
	ck_assert_int_eq(removed, 1);
	ck_assert_str_eq(reason, "逾期未更新数据");
	ck_assert_int_eq(year, YEAR);
	ck_assert_int_eq(combine_check(db, ent, "giant-mfg", "province", 2026, why,
	    sizeof(why), &ok), SME_OK);
	ck_assert_int_eq(ok, 0);
	ck_assert_ptr_nonnull(strstr(why, "原因：逾期未更新数据"));

	ck_assert_int_eq(libyear_undo(db, cfg, &city, rid, 2, "核实后撤销清退", &found), SME_OK);
	ck_assert_int_eq(unitdb_int(db, SQL_IN, pe, 1), 1);
	ck_assert_int_eq(libyear_removed(db, ent, &removed, reason, sizeof(reason), &year,
	    on, sizeof(on)), SME_OK);
	ck_assert_int_eq(removed, 0);
	ck_assert_int_eq(libyear_undo(db, cfg, &city, rid, 3, "核实后撤销清退", &found),
	    SME_ECONFLICT);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("libyear");
	TCase	*tc = tcase_create("status");

	tcase_add_loop_test(tc, libyear_status_of_each_case, 0, NELEM(cases));
	tcase_add_test(tc, libyear_status_names_are_distinct);
	suite_add_tcase(s, tc);
	if (unitdb_open("test_libyear", &cfg, &db)) {
		tc = unitdb_tcase();
		tcase_add_test(tc, libyear_removal_walks_remind_propose_confirm_undo);
		suite_add_tcase(s, tc);
	}
	return unitdb_main(s, cfg, db);
}
