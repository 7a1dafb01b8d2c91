/*
 * test_regionmove.c - lib/regionmove.c and lib/mobilechange.c against the
 * MariaDB of tools/up (unitdb.h): a change of county asked once at a time,
 * decided only by the county left or its city, moving the enterprise, its
 * account and filings (queued: moved; past the county: returned); a
 * mobile set with the old number told, and a request to the county that
 * names no enterprise stored nowhere. Its rows live in 宿迁市 (3213).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "account.h"
#include "config.h"
#include "db.h"
#include "enterprise.h"
#include "mobilechange.h"
#include "regionmove.h"
#include "token.h"
#include "unitdb.h"

#define CITY	"321300"	/* 宿迁市 */
#define FROM	"321302"	/* 宿城区 */
#define TO	"321311"	/* 宿豫区 */
#define OTHER	"321322"	/* 沭阳县: another county of the city */

static struct config	*cfg;
static struct db	*db;

/* A confirmed enterprise of FROM with an account of mobile; *acct its account. */
static long long
new_enterprise(const char *mobile, long long *acct, char *uscc)
{
	char			 tok[48], user[24];
	struct account_new	 an;
	long long		 ent;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(uscc, 19, "9R%.16s", tok);
	snprintf(user, sizeof(user), "um_%.12s", tok);
	ck_assert_int_eq(enterprise_create(db, uscc, "单元测试迁移企业", FROM, 0,
	    &ent), SME_OK);
	an = (struct account_new){ user, "x", "enterprise", FROM, ent,
	    "单元测试迁移企业", mobile, "active" };
	ck_assert_int_eq(account_create(db, &an, acct), SME_OK);
	return ent;
}

static const char SQL_FILING_NEW[] =
    "INSERT INTO filing (enterprise_id, kind, class, year, state, version,"
    " submissions, created_at, updated_at, submitted_at) VALUES (?, 'entry',"
    " 'mfg', 2026, ?, 1, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP())";
static const char SQL_FILING_STATE[] =
    "SELECT state = ? FROM filing WHERE id = ?";
static const char SQL_REGIONS[] =
    "SELECT (SELECT region_code FROM enterprise WHERE id = ?) = ?"
    " AND (SELECT region_code FROM account WHERE id = ?) = ?";
static const char SQL_SMS[] =
    "SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ? AND kind = ?";
static const char SQL_MOBILE[] =
    "SELECT mobile = ? FROM account WHERE id = ?";
static const char SQL_REQUESTS[] =
    "SELECT COUNT(*) FROM mobile_request r JOIN enterprise e"
    " ON e.id = r.enterprise_id WHERE e.uscc = ?";

static long long
new_filing(long long ent, const char *state)
{
	unsigned long long	 fid;
	struct db_param		 p[] = { DB_INT(ent), DB_STR(state) };

	ck_assert_int_eq(db_exec(db, SQL_FILING_NEW, p, 2, NULL, &fid), SME_OK);
	return (long long)fid;
}

static int
filing_in(long long id, const char *state)
{
	struct db_param	 p[] = { DB_STR(state), DB_INT(id) };

	return unitdb_int(db, SQL_FILING_STATE, p, 2) == 1;
}

START_TEST(regionmove_asked_once_decided_by_the_county_left_and_moves_the_filings)
{
	struct regionmove_decision	 d;
	char				 mobile[12], uscc[19];
	long long			 ent, acct, id, id2, queued, at_city;

	unitdb_mobile(mobile, sizeof(mobile));
	ent = new_enterprise(mobile, &acct, uscc);
	queued = new_filing(ent, "county");
	at_city = new_filing(ent, "city");
	ck_assert_int_eq(regionmove_request(db, ent, acct, "127.0.0.1", FROM,
	    "原因原因原因", &id), SME_EINPUT);
	ck_assert_int_eq(regionmove_request(db, ent, acct, "127.0.0.1", CITY,
	    "原因原因原因", &id), SME_EINPUT);
	ck_assert_int_eq(regionmove_request(db, ent, acct, "127.0.0.1", TO,
	    "营业执照住所在宿豫区", &id), SME_OK);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(regionmove_request(db, ent, acct, "127.0.0.1", OTHER,
	    "再申请一次", &id2), SME_ECONFLICT);

	memset(&d, 0, sizeof(d));
	d.cfg = cfg;
	d.id = id;
	d.actor = acct;
	d.ip = "127.0.0.1";
	d.confirm = 1;
	/* The county arrived at, and another county of the city: not theirs. */
	d.region = TO;
	ck_assert_int_eq(regionmove_decide(db, &d), SME_OK);
	ck_assert_int_eq(d.found, 0);
	d.region = OTHER;
	ck_assert_int_eq(regionmove_decide(db, &d), SME_OK);
	ck_assert_int_eq(d.found, 0);
	struct db_param before[] = { DB_INT(ent), DB_STR(FROM), DB_INT(acct), DB_STR(FROM) };
	ck_assert_int_eq(unitdb_int(db, SQL_REGIONS, before, 4), 1);

	/* The city over the county left confirms. */
	d.region = CITY;
	ck_assert_int_eq(regionmove_decide(db, &d), SME_OK);
	ck_assert_int_eq(d.found, 1);
	ck_assert_int_eq(d.stale, 0);
	ck_assert_int_eq(d.moved, 1);
	ck_assert_int_eq(d.returned, 1);
	struct db_param after[] = { DB_INT(ent), DB_STR(TO), DB_INT(acct), DB_STR(TO) };
	ck_assert_int_eq(unitdb_int(db, SQL_REGIONS, after, 4), 1);
	ck_assert(filing_in(queued, "county"));
	ck_assert(filing_in(at_city, "returned"));
	struct db_param s[] = { DB_STR(mobile), DB_STR("region_move_confirmed") };
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, s, 2), 1);
	/* Decided once. */
	ck_assert_int_eq(regionmove_decide(db, &d), SME_OK);
	ck_assert_int_eq(d.stale, 1);
	ck_assert_int_eq(regionmove_request(db, ent, acct, "127.0.0.1", OTHER,
	    "又一次申请变更", &id2), SME_OK);
}
END_TEST

START_TEST(mobilechange_tells_the_old_number_and_a_stranger_s_request_is_not_kept)
{
	struct mobilechange_ask	 a;
	char			 old[12], fresh[12], uscc[19], masked[12];
	long long		 ent, acct;
	int			 found;

	unitdb_mobile(old, sizeof(old));
	unitdb_mobile(fresh, sizeof(fresh));
	ent = new_enterprise(old, &acct, uscc);
	ck_assert_int_gt(ent, 0);
	mobilechange_mask("13812345678", masked);
	ck_assert_str_eq(masked, "138****5678");
	ck_assert_int_eq(db_begin(db), SME_OK);
	ck_assert_int_eq(mobilechange_apply(db, cfg, acct, fresh, acct,
	    "127.0.0.1", "mobile_change", &found), SME_OK);
	ck_assert_int_eq(db_commit(db), SME_OK);
	ck_assert_int_eq(found, 1);
	struct db_param m[] = { DB_STR(fresh), DB_INT(acct) };
	ck_assert_int_eq(unitdb_int(db, SQL_MOBILE, m, 2), 1);
	struct db_param s[] = { DB_STR(old), DB_STR("mobile_changed") };
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, s, 2), 1);
	struct db_param s2[] = { DB_STR(fresh), DB_STR("mobile_changed") };
	ck_assert_int_eq(unitdb_int(db, SQL_SMS, s2, 2), 0);

	/* A request naming a code on no enterprise: audited, not stored. */
	memset(&a, 0, sizeof(a));
	a.uscc = "91321302MA0000000X";
	a.mobile = fresh;
	a.contact = "王经办";
	a.reason = "原手机号已停用";
	a.ip = "127.0.0.1";
	a.code_id = -1;	/* no such code: used up, nothing happens */
	ck_assert_int_eq(mobilechange_request(db, &a), SME_OK);
	ck_assert_int_eq(a.gone, 1);
	ck_assert_int_eq(a.id, 0);
	struct db_param r[] = { DB_STR(a.uscc) };
	ck_assert_int_eq(unitdb_int(db, SQL_REQUESTS, r, 1), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("regionmove");
	TCase	*tc;

	if (unitdb_open("test_regionmove", &cfg, &db)) {
		tc = unitdb_tcase();
		tcase_add_test(tc, regionmove_asked_once_decided_by_the_county_left_and_moves_the_filings);
		tcase_add_test(tc, mobilechange_tells_the_old_number_and_a_stranger_s_request_is_not_kept);
		suite_add_tcase(s, tc);
	}
	return unitdb_main(s, cfg, db);
}
