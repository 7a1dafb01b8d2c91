/*
 * claim.c - live registrations of a credit code, and releasing one.
 */
#include <stdio.h>

#include "audit.h"
#include "claim.h"
#include "db.h"
#include "session.h"
#include "sms.h"

static const char SQL_LIVE[] =
    "SELECT COUNT(*) FROM enterprise WHERE uscc = ?"
    " AND status IN ('pending', 'confirmed')";
static const char SQL_DISPUTES[] =
    "SELECT e.uscc, e.id, e.name, e.status, r.name, COALESCE(a.username, ''),"
    " COALESCE(a.mobile, ''), COALESCE(e.licence, ''),"
    " DATE_FORMAT(e.created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " (SELECT COUNT(*) FROM audit u WHERE u.object_type = 'uscc'"
    "  AND u.object_id = e.uscc AND u.action = 'recover_username_withheld')"
    " FROM enterprise e JOIN region r ON r.code = e.region_code"
    " LEFT JOIN account a ON a.enterprise_id = e.id AND a.role = 'enterprise'"
    " WHERE e.status IN ('pending', 'confirmed')"
    " AND e.uscc IN (SELECT p.uscc FROM enterprise p WHERE p.status = 'pending'"
    "  AND p.region_code = ?)"
    " AND EXISTS (SELECT 1 FROM enterprise o WHERE o.uscc = e.uscc"
    "  AND o.id <> e.id AND o.status IN ('pending', 'confirmed'))"
    " ORDER BY e.uscc, e.id LIMIT 2000";
static const char SQL_CONFIRMED_IN[] =
    "SELECT id FROM enterprise WHERE uscc = ? AND region_code = ?"
    " AND status = 'confirmed'";
static const char SQL_OF_ACCOUNT[] =
    "SELECT enterprise_id FROM account WHERE username = ?"
    " AND role = 'enterprise'";
static const char SQL_LICENCE[] =
    "SELECT COALESCE(e.licence, '') FROM enterprise e WHERE e.id = ?"
    " AND (e.region_code = ? OR EXISTS (SELECT 1 FROM enterprise p"
    "  WHERE p.uscc = e.uscc AND p.region_code = ? AND p.status = 'pending'"
    "  AND e.status IN ('pending', 'confirmed')))";
static const char SQL_RETURN[] =
    "UPDATE enterprise SET status = 'returned', return_reason = ?,"
    " version = version + 1, updated_at = UTC_TIMESTAMP()"
    " WHERE id = ? AND status IN ('pending', 'confirmed')";
static const char SQL_ACCOUNTS[] =
    "SELECT id FROM account WHERE enterprise_id = ? FOR UPDATE";
static const char SQL_LOCK[] =
    "UPDATE account SET status = 'locked' WHERE enterprise_id = ?";

enum sme_err
claim_live(struct db *db, const char *uscc, long *n)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(uscc) };
	enum sme_err	 er;

	*n = 0;
	if ((er = db_query(db, SQL_LIVE, p, 1, &res)) != SME_OK)
		return er;
	*n = (long)db_res_int(res, 0, 0, 0);
	db_res_free(res);
	return SME_OK;
}

/* The first cell of sql over params p (n of them) as an integer, 0 when no row. */
static enum sme_err
claim_int(struct db *db, const char *sql, struct db_param *p, size_t n,
    long long *v)
{
	struct db_res	*res;
	enum sme_err	 er;

	*v = 0;
	if ((er = db_query(db, sql, p, n, &res)) != SME_OK)
		return er;
	if (res->nrows > 0)
		*v = db_res_int(res, 0, 0, 0);
	db_res_free(res);
	return SME_OK;
}

enum sme_err
claim_confirmed_in(struct db *db, const char *uscc, const char *region,
    long long *id)
{
	struct db_param	 p[] = { DB_STR(uscc), DB_STR(region) };

	return claim_int(db, SQL_CONFIRMED_IN, p, 2, id);
}

enum sme_err
claim_of_account(struct db *db, const char *username, long long *id)
{
	struct db_param	 p[] = { DB_STR(username) };

	return claim_int(db, SQL_OF_ACCOUNT, p, 1, id);
}

enum sme_err
claim_licence(struct db *db, long long id, const char *region, char *buf,
    size_t bufsz)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id), DB_STR(region), DB_STR(region) };
	enum sme_err	 er;

	buf[0] = '\0';
	if ((er = db_query(db, SQL_LICENCE, p, 3, &res)) != SME_OK)
		return er;
	if (res->nrows > 0)
		snprintf(buf, bufsz, "%s", db_res_get(res, 0, 0));
	db_res_free(res);
	return SME_OK;
}

enum sme_err
claim_disputes(struct db *db, const char *region, struct db_res **res)
{
	struct db_param	 p[] = { DB_STR(region) };

	return db_query(db, SQL_DISPUTES, p, 1, res);
}

enum sme_err
claim_release(struct db *db, long long id, const char *reason,
    long long actor, const char *ip, int *done)
{
	struct db_res		*res = NULL;
	unsigned long long	 n = 0;
	char			 oid[32], after[800];
	size_t			 i;
	enum sme_err		 er;

	*done = 0;
	snprintf(oid, sizeof(oid), "%lld", id);
	audit_json(after, sizeof(after), "status", "returned", "reason",
	    reason, NULL);
	struct db_param p[] = { DB_STR(reason), DB_INT(id) };
	struct db_param q[] = { DB_INT(id) };
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = db_exec(db, SQL_RETURN, p, 2, &n, NULL)) != SME_OK)
		goto fail;
	if (n == 0) {
		db_rollback(db);
		return SME_OK;
	}
	if ((er = db_query(db, SQL_ACCOUNTS, q, 1, &res)) != SME_OK)
		goto fail;
	for (i = 0; i < res->nrows; i++)
		if ((er = session_revoke_all(db, db_res_int(res, i, 0, 0),
		    NULL)) != SME_OK)
			goto fail;
	if ((er = db_exec(db, SQL_LOCK, q, 1, NULL, NULL)) != SME_OK ||
	    (er = audit_log(db, actor, ip, "uscc_release", "enterprise", oid,
	    NULL, after)) != SME_OK ||
	    (er = db_commit(db)) != SME_OK)
		goto fail;
	db_res_free(res);
	*done = 1;
	return SME_OK;
fail:
	db_res_free(res);
	db_rollback(db);
	return er;
}

/* ---- the county's decision on a registration ---------------------------- */

static const char SQL_REG_ACCOUNT[] =
    "UPDATE account SET status = 'active' WHERE enterprise_id = ? AND status = 'pending'";
static const char SQL_REG_UPDATE[] =
    "UPDATE enterprise SET status = ?, return_reason = ?, version = version + 1,"
    " updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ? AND status = 'pending'"
    " AND region_code = ?";

/*
 * The transaction of a registration decision: the enterprise's status
 * (SME_ECONFLICT and stale when it moved on), the account, the audit row
 * and the SMS.
 */
static enum sme_err
claim_decide_tx(struct db *db, void *arg)
{
	struct claim_decision	*a = arg;
	unsigned long long	 affected = 0;
	enum sme_err		 er;
	char			 cut[256];

	a->stale = 0;
	struct db_param up[] = { DB_STR(a->approve ? "confirmed" : "returned"),
	    a->approve ? DB_NULL : DB_STR(a->reason), DB_INT(a->id), DB_INT(a->version),
	    DB_STR(a->region) };
	a->held = 0;
	er = db_exec(db, SQL_REG_UPDATE, up, 5, &affected, NULL);
	if (er == SME_ECONFLICT) {
		/* enterprise_uscc_confirmed: another registration holds the code. */
		a->held = 1;
		return er;
	}
	if (er != SME_OK)
		return er;
	if (affected == 0) {
		a->stale = 1;
		return SME_ECONFLICT;
	}
	struct db_param mp[] = { DB_INT(a->id) };
	if ((a->approve && (er = db_exec(db, SQL_REG_ACCOUNT, mp, 1, NULL, NULL)) != SME_OK) ||
	    (er = audit_log(db, a->actor, a->ip,
	    a->approve ? "registration_approve" : "registration_return", "enterprise",
	    a->oid, "{\"status\":\"pending\"}", a->after)) != SME_OK)
		return er;
	if (*a->mobile == '\0')
		return SME_OK;
	sms_cut(a->approve ? "" : a->reason, SMS_REASON_MAX, cut, sizeof(cut));
	const char *vars[] = { "name", a->name, "reason", cut, NULL };
	return sms_send(db, a->cfg, a->mobile,
	    a->approve ? "reg_approved" : "reg_returned", vars);
}

enum sme_err
claim_decide(struct db *db, struct claim_decision *d)
{
	return db_tx_run(db, claim_decide_tx, d);
}
