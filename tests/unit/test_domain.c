/*
 * test_domain.c - the domain moved out of the handlers, against the
 * MariaDB of tools/up (var/sme.conf, or $SME_CONFIG; skipped with a
 * message when none answers): filing_decide along the entry chain (state,
 * version, event, audit, the enterprise's SMS; a stale decision changes
 * nothing), accounts (lock, reset, the login-failure delays), and
 * title_import_parse (no database).
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
#include "loginguard.h"
#include "title.h"
#include "token.h"
#include "unitdb.h"


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
	char			 mobile[12], oid[24];
	struct filing_decision	 d;
	unsigned long long	 fid;
	long long		 ent, acct;
	int			 done = 0;

	unitdb_mobile(mobile, sizeof(mobile));
	ent = unitdb_enterprise(db, mobile, &acct);
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
	ck_assert_int_eq(unitdb_int(db, SQL_EVENTS, ea, 2), 1);
	ck_assert_int_eq(unitdb_int(db, SQL_EVENTS, er, 2), 1);
	struct db_param aa[] = { DB_STR(oid), DB_STR("review_approve") };
	struct db_param ar[] = { DB_STR(oid), DB_STR("review_return") };
	ck_assert_int_eq(unitdb_int(db, SQL_AUDITS, aa, 2), 1);
	ck_assert_int_eq(unitdb_int(db, SQL_AUDITS, ar, 2), 1);
	struct db_param sa[] = { DB_STR(mobile), DB_STR("filing_approved") };
	struct db_param sr[] = { DB_STR(mobile), DB_STR("filing_returned") };
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, sa, 2), 1);
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, sr, 2), 1);
	/* Returned, not accepted: not in the library. */
	ck_assert_int_eq(unitdb_int(db, SQL_IN_LIBRARY, p, 1), 0);
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

	unitdb_enterprise(db, NULL, &acct);
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

/*
 * The login-failure policy (lib/loginguard.c): login_user_free failures of
 * a username go without a delay; the next attempt waits (and is not
 * counted); a reset clears them, and a right password takes its attempt back.
 */
START_TEST(loginguard_delays_after_the_free_failures_until_cleared)
{
	char			 user[32], ip[24], tok[48];
	struct loginguard	 g;
	long long		 attempt, free_n, i;
	unsigned		 h;
	int			 alert;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(user, sizeof(user), "ut_lg_%.12s", tok);
	for (i = 0, h = 0; tok[i] != '\0'; i++)
		h = h * 31u + (unsigned char)tok[i];
	h %= 131072u;	/* 198.18.0.0/15, for benchmarks: no client has it */
	snprintf(ip, sizeof(ip), "198.%u.%u.%u", 18 + h / 65536, h / 256 % 256, h % 256);
	free_n = config_num(cfg, "login_user_free");
	ck_assert_int_gt(free_n, 0);
	ck_assert_int_gt(config_num(cfg, "login_user_delay_s"), 0);
	for (i = 0; i < free_n; i++) {
		ck_assert_int_eq(loginguard_take(db, cfg, user, ip, &g, &attempt), SME_OK);
		ck_assert_int_eq(g.wait_s, 0);
		ck_assert_int_eq(g.user_fails, i);
		ck_assert_int_ne(attempt, 0);
		ck_assert_int_eq(loginguard_fail(db, cfg, user, ip, attempt, &alert), SME_OK);
	}
	/* Past the free ones: a delay, and the refused attempt is not counted. */
	ck_assert_int_eq(loginguard_take(db, cfg, user, ip, &g, &attempt), SME_OK);
	ck_assert_int_eq(g.user_fails, free_n);
	ck_assert_int_gt(g.wait_s, 0);
	ck_assert_int_le(g.wait_s, config_num(cfg, "login_user_delay_s"));
	ck_assert_int_eq(attempt, 0);
	ck_assert_int_eq(loginguard_take(db, cfg, user, ip, &g, &attempt), SME_OK);
	ck_assert_int_eq(g.user_fails, free_n);
	/* A reset (or a login) clears them: no delay, and a right password
	 * takes back the attempt it was counted as. */
	ck_assert_int_eq(loginguard_clear(db, user, 0), SME_OK);
	ck_assert_int_eq(loginguard_take(db, cfg, user, ip, &g, &attempt), SME_OK);
	ck_assert_int_eq(g.wait_s, 0);
	ck_assert_int_eq(g.user_fails, 0);
	ck_assert_int_eq(g.ip_fails, free_n);
	ck_assert_int_eq(loginguard_clear(db, user, attempt), SME_OK);
	ck_assert_int_eq(loginguard_take(db, cfg, user, ip, &g, &attempt), SME_OK);
	ck_assert_int_eq(g.ip_fails, free_n);
	ck_assert_int_eq(loginguard_clear(db, user, attempt), SME_OK);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("domain");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, title_import_parse_reads_a_line_or_says_why_not);
	suite_add_tcase(s, tc);
	if (unitdb_open("test_domain", &cfg, &db)) {
		tc = unitdb_tcase();
		tcase_add_test(tc, filing_decide_walks_the_chain_with_event_audit_and_sms);
		tcase_add_test(tc, account_lock_and_reset_clear_the_failures);
		tcase_add_test(tc, loginguard_delays_after_the_free_failures_until_cleared);
		suite_add_tcase(s, tc);
	}
	return unitdb_main(s, cfg, db);
}
