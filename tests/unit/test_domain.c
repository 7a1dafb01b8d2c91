/*
 * test_domain.c - the domain moved out of the handlers, against the
 * MariaDB of tools/up (var/sme.conf, or $SME_CONFIG; skipped with a
 * message when none answers): filing_decide along the entry chain (state,
 * version, event, audit, the enterprise's SMS; a stale decision changes
 * nothing), accounts (lock, reset), and title_import_parse (no database).
 * Its rows live in 宿迁市 (3213), which the HTTP tests leave alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "account.h"
#include "config.h"
#include "db.h"
#include "enterprise.h"
#include "filing.h"
#include "flow.h"
#include "title.h"
#include "token.h"

#define COUNTY	"321302"	/* 宿城区 of 宿迁市 */

static struct config	*cfg;
static struct db	*db;

/* ---- title_import_parse: no database ---------------------------------- */

START_TEST(title_import_parse_reads_a_line_or_says_why_not)
{
	struct title_import_row	 row;
	char			 a[] = "91110000600037341L,小巨人制造类,省级,2024-07-01";
	char			 b[] = "91110000600037341L，专精特新产品，市县，2023-02-28，智能传感器";
	char			 c[] = "91110000600037341L,复核认定,省级,2024-07-01";
	char			 d[] = "91110000600037341L,产品,省级,2024-07-01";
	char			 e[] = "91110000600037341L,产品,省级,2023-02-30,传感器";

	ck_assert_ptr_null(title_import_parse(a, &row));
	ck_assert_str_eq(row.kind, "giant-mfg");
	ck_assert_str_eq(row.level, "province");
	ck_assert_str_eq(row.granted, "2024-07-01");
	ck_assert_ptr_null(title_import_parse(b, &row));
	ck_assert_str_eq(row.kind, "product");
	ck_assert_str_eq(row.level, "local");
	ck_assert_str_eq(row.product, "智能传感器");
	ck_assert_ptr_nonnull(strstr(title_import_parse(c, &row), "称号应为"));
	ck_assert_ptr_nonnull(strstr(title_import_parse(d, &row), "产品名称"));
	ck_assert_ptr_nonnull(strstr(title_import_parse(e, &row), "认定日期"));
}
END_TEST

/* ---- against the database --------------------------------------------- */

/* An integer the query answers (its first cell), or -1. */
static long long
one(const char *sql, const struct db_param *p, size_t np)
{
	struct db_res	*res;
	long long	 v;

	ck_assert_int_eq(db_query(db, sql, p, np, &res), SME_OK);
	v = db_res_int(res, 0, 0, -1);
	db_res_free(res);
	return v;
}

/* A fresh enterprise of COUNTY with an account whose mobile is mobile; *acct its account. */
static long long
new_enterprise(const char *mobile, long long *acct)
{
	char			 tok[48], uscc[19], user[24];
	struct account_new	 an;
	long long		 ent;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(uscc, sizeof(uscc), "9T%.16s", tok);
	snprintf(user, sizeof(user), "ut_%.12s", tok);
	ck_assert_int_eq(enterprise_register(db, uscc, "单元测试企业", COUNTY,
	    "none", &ent), SME_OK);
	an = (struct account_new){ user, "x", "enterprise", COUNTY, ent,
	    "单元测试企业", mobile, "active" };
	ck_assert_int_eq(account_create(db, &an, acct), SME_OK);
	return ent;
}

static const char SQL_FILING_NEW[] =
    "INSERT INTO filing (enterprise_id, kind, class, year, state, version,"
    " submissions, created_at, updated_at, submitted_at) VALUES (?, 'entry',"
    " 'mfg', 2026, 'county', 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP())";
static const char SQL_FILING_STATE[] =
    "SELECT state = ?, version, COALESCE(return_reason, '') = ? FROM filing WHERE id = ?";
static const char SQL_EVENTS[] =
    "SELECT COUNT(*) FROM filing_event WHERE filing_id = ? AND action = ?";
static const char SQL_AUDITS[] =
    "SELECT COUNT(*) FROM audit WHERE object_type = 'filing' AND object_id = ?"
    " AND action = ?";
static const char SQL_SMS[] =
    "SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ? AND kind = ?";
static const char SQL_IN_LIBRARY[] =
    "SELECT in_library FROM enterprise WHERE id = ?";

/* The state of filing id is state, at version, with return reason why. */
static void
filing_is(long long id, const char *state, long long version, const char *why)
{
	struct db_param	 p[] = { DB_STR(state), DB_STR(why), DB_INT(id) };
	struct db_res	*res;

	ck_assert_int_eq(db_query(db, SQL_FILING_STATE, p, 3, &res), SME_OK);
	ck_assert_int_eq(db_res_int(res, 0, 0, 0), 1);
	ck_assert_int_eq(db_res_int(res, 0, 1, 0), version);
	ck_assert_int_eq(db_res_int(res, 0, 2, 0), 1);
	db_res_free(res);
}

START_TEST(filing_decide_walks_the_chain_with_event_audit_and_sms)
{
	char			 mobile[12], tok[48], oid[24];
	struct filing_decision	 d;
	unsigned long long	 fid;
	long long		 ent, acct;
	int			 done = 0;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(mobile, sizeof(mobile), "139%08u", (unsigned)(tok[0] * 7919u + tok[1] * 31u + tok[2]) % 100000000u);
	ent = new_enterprise(mobile, &acct);
	struct db_param p[] = { DB_INT(ent) };
	ck_assert_int_eq(db_exec(db, SQL_FILING_NEW, p, 1, NULL, &fid), SME_OK);
	snprintf(oid, sizeof(oid), "%llu", fid);

	memset(&d, 0, sizeof(d));
	d.id = (long long)fid;
	d.enterprise_id = ent;
	d.kind = "entry";
	d.state = "county";
	d.year = "2026";
	d.loaded_version = 1;
	d.version = 1;
	d.role = FLOW_RCOUNTY;
	d.action = FLOW_APPROVE;
	d.actor = acct;
	d.ip = "127.0.0.1";
	/* The city cannot act at the county's level: nothing changes. */
	d.role = FLOW_RCITY;
	ck_assert_int_eq(filing_decide(db, cfg, &d, &done), SME_OK);
	ck_assert_int_eq(done, 0);
	filing_is(d.id, "county", 1, "");
	d.role = FLOW_RCOUNTY;
	ck_assert_int_eq(filing_decide(db, cfg, &d, &done), SME_OK);
	ck_assert_int_eq(done, 1);
	filing_is(d.id, "city", 2, "");
	/* The same decision again, at the version seen before: stale, nothing kept. */
	ck_assert_int_eq(filing_decide(db, cfg, &d, &done), SME_OK);
	ck_assert_int_eq(done, 0);
	filing_is(d.id, "city", 2, "");
	/* The city returns it with a reason. */
	d.state = "city";
	d.loaded_version = d.version = 2;
	d.role = FLOW_RCITY;
	d.action = FLOW_RETURN;
	d.reason = "研发费用数据与附件不一致，请核对";
	ck_assert_int_eq(filing_decide(db, cfg, &d, &done), SME_OK);
	ck_assert_int_eq(done, 1);
	filing_is(d.id, "returned", 3, d.reason);

	struct db_param ea[] = { DB_INT(d.id), DB_STR("approve") };
	struct db_param er[] = { DB_INT(d.id), DB_STR("return") };
	ck_assert_int_eq(one(SQL_EVENTS, ea, 2), 1);
	ck_assert_int_eq(one(SQL_EVENTS, er, 2), 1);
	struct db_param aa[] = { DB_STR(oid), DB_STR("review_approve") };
	struct db_param ar[] = { DB_STR(oid), DB_STR("review_return") };
	ck_assert_int_eq(one(SQL_AUDITS, aa, 2), 1);
	ck_assert_int_eq(one(SQL_AUDITS, ar, 2), 1);
	struct db_param sa[] = { DB_STR(mobile), DB_STR("filing_approved") };
	struct db_param sr[] = { DB_STR(mobile), DB_STR("filing_returned") };
	ck_assert_int_eq(one(SQL_SMS, sa, 2), 1);
	ck_assert_int_eq(one(SQL_SMS, sr, 2), 1);
	/* Returned, not accepted: not in the library. */
	ck_assert_int_eq(one(SQL_IN_LIBRARY, p, 1), 0);
}
END_TEST

static const char SQL_ACCOUNT[] =
    "SELECT status = ?, failed_logins, locked_until IS NULL, pw_hash = ? FROM account WHERE id = ?";
static const char SQL_FAIL[] =
    "UPDATE account SET failed_logins = 7, locked_until = UTC_TIMESTAMP() + INTERVAL 1 HOUR"
    " WHERE id = ?";

/* Account id has status, failures, no lock, hash. */
static void
account_is(long long id, const char *status, long long fails, const char *hash)
{
	struct db_param	 p[] = { DB_STR(status), DB_STR(hash), DB_INT(id) };
	struct db_res	*res;

	ck_assert_int_eq(db_query(db, SQL_ACCOUNT, p, 3, &res), SME_OK);
	ck_assert_int_eq(db_res_int(res, 0, 0, 0), 1);
	ck_assert_int_eq(db_res_int(res, 0, 1, -1), fails);
	ck_assert_int_eq(db_res_int(res, 0, 2, 0), fails == 0);
	ck_assert_int_eq(db_res_int(res, 0, 3, 0), 1);
	db_res_free(res);
}

START_TEST(account_lock_and_reset_clear_the_failures)
{
	long long	 acct;

	new_enterprise(NULL, &acct);
	account_is(acct, "active", 0, "x");
	struct db_param p[] = { DB_INT(acct) };
	ck_assert_int_eq(db_exec(db, SQL_FAIL, p, 1, NULL, NULL), SME_OK);
	ck_assert_int_eq(account_lock(db, acct, 1), SME_OK);
	account_is(acct, "locked", 0, "x");
	ck_assert_int_eq(db_exec(db, SQL_FAIL, p, 1, NULL, NULL), SME_OK);
	ck_assert_int_eq(account_password_reset(db, acct, "nobody-here", "y"), SME_OK);
	account_is(acct, "locked", 0, "y");
	ck_assert_int_eq(account_lock(db, acct, 0), SME_OK);
	account_is(acct, "active", 0, "y");
	ck_assert_int_eq(account_logged_in(db, acct, "z"), SME_OK);
	account_is(acct, "active", 0, "z");
}
END_TEST

/* The configuration of tools/up's stack, if its database answers. */
static int
db_available(void)
{
	const char	*path = getenv("SME_CONFIG"), *top = getenv("top_srcdir");
	char		 buf[4096];

	if (path == NULL) {
		snprintf(buf, sizeof(buf), "%s/var/sme.conf", top != NULL ? top : ".");
		path = buf;
	}
	if (config_load(path, &cfg, NULL, 0) != SME_OK || db_open(cfg, &db) != SME_OK)
		return 0;
	struct db_param p[] = { DB_STR(COUNTY) };
	struct db_res	*res;
	int		 ok = db_query(db, "SELECT COUNT(*) FROM region WHERE code = ?",
			    p, 1, &res) == SME_OK && db_res_int(res, 0, 0, 0) == 1;
	db_res_free(res);
	return ok;
}

int
main(void)
{
	Suite	*s = suite_create("domain");
	TCase	*tc = tcase_create("parse");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, title_import_parse_reads_a_line_or_says_why_not);
	suite_add_tcase(s, tc);
	if (db_available()) {
		tc = tcase_create("database");
		tcase_set_timeout(tc, 30);
		tcase_add_test(tc, filing_decide_walks_the_chain_with_event_audit_and_sms);
		tcase_add_test(tc, account_lock_and_reset_clear_the_failures);
		suite_add_tcase(s, tc);
	} else
		fprintf(stderr, "test_domain: no database of tools/up (var/sme.conf); "
		    "the database cases are not run\n");
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	db_close(db);
	config_free(cfg);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
