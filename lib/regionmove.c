/*
 * regionmove.c - an enterprise's request to correct its county, and the
 * decision that moves it with its accounts and open filings.
 */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "regionmove.h"
#include "sms.h"

static const char SQL_COUNTY[] =
    "SELECT 1 FROM region WHERE code = ? AND level = 'county' AND code LIKE '32%'";
static const char SQL_ENT_LOCK[] =
    "SELECT region_code FROM enterprise WHERE id = ? FOR UPDATE";
static const char SQL_PENDING[] =
    "SELECT id FROM region_move WHERE pending_enterprise = ?";
static const char SQL_NEW[] =
    "INSERT INTO region_move (enterprise_id, from_region, to_region, reason,"
    " requested_by, requested_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())";
/* The request, if the leaving county is region or lies in region (a city). */
static const char SQL_LOCK[] =
    "SELECT m.enterprise_id, m.from_region, m.to_region, m.state,"
    " CONCAT_WS(' ', pf.name, rf.name), CONCAT_WS(' ', pt.name, rt.name)"
    " FROM region_move m JOIN region rf ON rf.code = m.from_region"
    " LEFT JOIN region pf ON pf.code = rf.parent_code"
    " JOIN region rt ON rt.code = m.to_region"
    " LEFT JOIN region pt ON pt.code = rt.parent_code"
    " WHERE m.id = ? AND ? IN (m.from_region, rf.parent_code) FOR UPDATE";
/* The open filings, locked, for the audit row: which moved, which went back. */
static const char SQL_OPEN[] =
    "SELECT id, state = 'county' FROM filing WHERE enterprise_id = ?"
    " AND state IN ('county', 'city', 'province') ORDER BY id FOR UPDATE";
static const char SQL_RETURN_EVENTS[] =
    "INSERT INTO filing_event (filing_id, at, actor_id, action, from_state,"
    " to_state, reason) SELECT id, UTC_TIMESTAMP(), ?, 'return', state,"
    " 'returned', ? FROM filing WHERE enterprise_id = ?"
    " AND state IN ('city', 'province')";
static const char SQL_RETURN[] =
    "UPDATE filing SET state = 'returned', return_reason = ?,"
    " version = version + 1, opened_at = NULL, updated_at = UTC_TIMESTAMP()"
    " WHERE enterprise_id = ? AND state IN ('city', 'province')";
/*
 * Waiting at the county: it stays, now in the new county's queue; the
 * version moves so that a decision form the old county had open is stale.
 */
static const char SQL_MOVE_QUEUED[] =
    "UPDATE filing SET version = version + 1, opened_at = NULL,"
    " updated_at = UTC_TIMESTAMP() WHERE enterprise_id = ? AND state = 'county'";
static const char SQL_ENT_MOVE[] =
    "UPDATE enterprise SET region_code = ?, version = version + 1,"
    " updated_at = UTC_TIMESTAMP() WHERE id = ?";
static const char SQL_ACCOUNTS_MOVE[] =
    "UPDATE account SET region_code = ? WHERE enterprise_id = ?"
    " AND role = 'enterprise'";
static const char SQL_CONFIRM[] =
    "UPDATE region_move SET state = 'confirmed', decided_by = ?,"
    " decided_at = UTC_TIMESTAMP(), filings_moved = ?, filings_returned = ?"
    " WHERE id = ?";
static const char SQL_REFUSE[] =
    "UPDATE region_move SET state = 'refused', decided_by = ?,"
    " decided_at = UTC_TIMESTAMP(), refuse_reason = ? WHERE id = ?";
static const char SQL_LIST[] =
    "SELECT m.id, e.name, e.uscc, rf.name, rt.name,"
    " CONCAT_WS(' ', pt.name, rt.name), m.reason, m.state,"
    " DATE_FORMAT(m.requested_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(m.decided_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''),"
    " COALESCE(m.refuse_reason, ''), m.filings_moved, m.filings_returned,"
    " (SELECT COUNT(*) FROM filing f WHERE f.enterprise_id = m.enterprise_id"
    "  AND f.state IN ('county', 'city', 'province')),"
    " ? IN (m.from_region, rf.parent_code)"
    " FROM region_move m JOIN enterprise e ON e.id = m.enterprise_id"
    " JOIN region rf ON rf.code = m.from_region"
    " JOIN region rt ON rt.code = m.to_region"
    " LEFT JOIN region pt ON pt.code = rt.parent_code"
    " WHERE ? IN (m.from_region, rf.parent_code, m.to_region, rt.parent_code)"
    " ORDER BY m.state = 'pending' DESC, m.id DESC LIMIT 50";
static const char SQL_LATEST[] =
    "SELECT" REGIONMOVE_LATEST_COLS REGIONMOVE_LATEST_JOIN " = ?"
    REGIONMOVE_LATEST_LAST;
/* Columns in the order of enum regionmove_latest_col (regionmove.h). */
static const char SQL_COUNTIES[] =
    "SELECT code, name, level, COALESCE(parent_code, '') FROM region"
    " WHERE level IN ('city', 'county') AND code LIKE '32%' ORDER BY code";
/* Columns in the order of enum regionmove_county_col (regionmove.h). */

/* 1 if a row answers sql with the one parameter key. */
static enum sme_err
regionmove_exists(struct db *db, const char *sql, struct db_param k, int *yes)
{
	struct db_res	*res;
	enum sme_err	 er;

	*yes = 0;
	if ((er = db_query(db, sql, &k, 1, &res)) != SME_OK)
		return er;
	*yes = res->nrows > 0;
	db_res_free(res);
	return SME_OK;
}

/* The request of regionmove_request(), for db_tx_run. */
struct regionmove_ask {
	long long	 ent, actor, id;
	const char	*ip, *to, *reason;
};

static enum sme_err
regionmove_ask_tx(struct db *db, void *arg)
{
	struct regionmove_ask	*a = arg;
	struct db_res		*res;
	char			 from[8], oid[32], after[1200];
	unsigned long long	 nid = 0;
	enum sme_err		 er;
	int			 yes;

	a->id = 0;
	struct db_param e[] = { DB_INT(a->ent) };
	if ((er = db_query(db, SQL_ENT_LOCK, e, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_EINPUT;
	}
	snprintf(from, sizeof(from), "%s", db_res_get(res, 0, 0));
	db_res_free(res);
	if (strcmp(from, a->to) == 0)
		return SME_EINPUT;
	if ((er = regionmove_exists(db, SQL_PENDING, DB_INT(a->ent),
	    &yes)) != SME_OK)
		return er;
	if (yes)
		return SME_ECONFLICT;
	struct db_param p[] = { DB_INT(a->ent), DB_STR(from), DB_STR(a->to),
	    DB_STR(a->reason), DB_INT(a->actor) };
	if ((er = db_exec(db, SQL_NEW, p, 5, NULL, &nid)) != SME_OK)
		return er;
	a->id = (long long)nid;
	snprintf(oid, sizeof(oid), "%lld", a->ent);
	if (audit_json(after, sizeof(after), "enterprise", oid, "from", from,
	    "to", a->to, "reason", a->reason, NULL) != 0)
		after[0] = '\0';
	snprintf(oid, sizeof(oid), "%lld", a->id);
	return audit_log(db, a->actor, a->ip, "region_move_request",
	    "region_move", oid, NULL, after[0] != '\0' ? after : NULL);
}

enum sme_err
regionmove_request(struct db *db, long long ent, long long actor,
    const char *ip, const char *to, const char *reason, long long *id)
{
	struct regionmove_ask	 a = { ent, actor, 0, ip, to, reason };
	enum sme_err		 er;
	int			 yes;

	*id = 0;
	if ((er = regionmove_exists(db, SQL_COUNTY, DB_STR(to), &yes)) != SME_OK)
		return er;
	if (!yes)
		return SME_EINPUT;
	if ((er = db_tx_run(db, regionmove_ask_tx, &a)) != SME_OK)
		return er;
	*id = a.id;
	return SME_OK;
}

/* What SQL_LOCK read of a request. */
struct regionmove_row {
	long long	 ent;
	char		 from[8], to[8];
	char		 from_name[160], to_name[160];	/* "南京市 玄武区" */
	char		 moved[400], returned[400];	/* filing ids, "12,15"
							   ("…" past the room) */
};

/* Append id to the list in buf (bufsz bytes), "…" once it is full. */
static void
regionmove_list_add(char *buf, size_t bufsz, const char *id)
{
	size_t	 n = strlen(buf);

	if (n > 0 && strcmp(buf + n - strlen("…"), "…") == 0)
		return;
	if (n + strlen(id) + 2 + strlen("…") >= bufsz) {
		snprintf(buf + n, bufsz - n, "…");
		return;
	}
	snprintf(buf + n, bufsz - n, "%s%s", n > 0 ? "," : "", id);
}

/* Lock the open filings of m->ent and list them in m (moved, returned). */
static enum sme_err
regionmove_open(struct db *db, struct regionmove_row *m)
{
	struct db_param	 p[] = { DB_INT(m->ent) };
	struct db_res	*res;
	enum sme_err	 er;
	size_t		 i;

	m->moved[0] = m->returned[0] = '\0';
	if ((er = db_query(db, SQL_OPEN, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if (db_res_int(res, i, 1, 0) == 1)
			regionmove_list_add(m->moved, sizeof(m->moved),
			    db_res_get(res, i, 0));
		else
			regionmove_list_add(m->returned, sizeof(m->returned),
			    db_res_get(res, i, 0));
	}
	db_res_free(res);
	return SME_OK;
}

/* Confirm: move the filings, the enterprise and its accounts. */
static enum sme_err
regionmove_confirm(struct db *db, struct regionmove_decision *d,
    struct regionmove_row *m)
{
	char			 why[1000];	/* filing.return_reason's bytes */
	unsigned long long	 n = 0;
	enum sme_err		 er;

	if ((er = regionmove_open(db, m)) != SME_OK)
		return er;
	snprintf(why, sizeof(why), "注册地区已由%s变更为%s，请核对后重新提交，"
	    "由%s工信部门审核。", m->from_name, m->to_name, m->to_name);
	struct db_param ev[] = { DB_INT(d->actor), DB_STR(why), DB_INT(m->ent) };
	struct db_param rt[] = { DB_STR(why), DB_INT(m->ent) };
	struct db_param q[] = { DB_INT(m->ent) };
	if ((er = db_exec(db, SQL_RETURN_EVENTS, ev, 3, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_RETURN, rt, 2, &n, NULL)) != SME_OK)
		return er;
	d->returned = (long long)n;
	if ((er = db_exec(db, SQL_MOVE_QUEUED, q, 1, &n, NULL)) != SME_OK)
		return er;
	d->moved = (long long)n;
	struct db_param mv[] = { DB_STR(m->to), DB_INT(m->ent) };
	struct db_param cf[] = { DB_INT(d->actor), DB_INT(d->moved),
	    DB_INT(d->returned), DB_INT(d->id) };
	if ((er = db_exec(db, SQL_ENT_MOVE, mv, 2, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_ACCOUNTS_MOVE, mv, 2, NULL, NULL)) != SME_OK)
		return er;
	return db_exec(db, SQL_CONFIRM, cf, 4, NULL, NULL);
}

/* Audit the decision and tell the enterprise by SMS. */
static enum sme_err
regionmove_tell(struct db *db, const struct regionmove_decision *d,
    const struct regionmove_row *m)
{
	char		 oid[32], before[64], after[1400], moved[24], ret[24];
	char		 mobile[16], why[SMS_REASON_MAX * 4 + 8];
	enum sme_err	 er;
	int		 bad;

	snprintf(oid, sizeof(oid), "%lld", d->id);
	snprintf(moved, sizeof(moved), "%lld", d->moved);
	snprintf(ret, sizeof(ret), "%lld", d->returned);
	if (audit_json(before, sizeof(before), "region", m->from, NULL) != 0)
		before[0] = '\0';
	if (d->confirm)
		bad = audit_json(after, sizeof(after), "region", m->to,
		    "filings_moved", moved, "filings_returned", ret,
		    "moved_ids", m->moved, "returned_ids", m->returned, NULL);
	else
		bad = audit_json(after, sizeof(after), "region", m->from,
		    "refused", d->reason, NULL);
	if (bad != 0)
		after[0] = '\0';
	if ((er = audit_log(db, d->actor, d->ip, d->confirm ?
	    "region_move_confirm" : "region_move_refuse", "region_move", oid,
	    before, after[0] != '\0' ? after : NULL)) != SME_OK ||
	    (er = account_enterprise_mobile(db, m->ent, mobile,
	    sizeof(mobile))) != SME_OK || mobile[0] == '\0')
		return er;
	sms_cut(d->confirm ? "" : d->reason, SMS_REASON_MAX, why, sizeof(why));
	const char *vars[] = { "region", m->to_name, "reason", why, NULL };
	return sms_send(db, d->cfg, mobile, d->confirm ?
	    "region_move_confirmed" : "region_move_refused", vars);
}

static enum sme_err
regionmove_decide_tx(struct db *db, void *arg)
{
	struct regionmove_decision	*d = arg;
	struct regionmove_row		 m;
	struct db_res			*res;
	enum sme_err			 er;

	d->found = d->stale = 0;
	d->moved = d->returned = 0;
	struct db_param p[] = { DB_INT(d->id), DB_STR(d->region) };
	if ((er = db_query(db, SQL_LOCK, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_OK;
	}
	d->found = 1;
	memset(&m, 0, sizeof(m));
	m.ent = db_res_int(res, 0, 0, 0);
	snprintf(m.from, sizeof(m.from), "%s", db_res_get(res, 0, 1));
	snprintf(m.to, sizeof(m.to), "%s", db_res_get(res, 0, 2));
	snprintf(m.from_name, sizeof(m.from_name), "%s", db_res_get(res, 0, 4));
	snprintf(m.to_name, sizeof(m.to_name), "%s", db_res_get(res, 0, 5));
	d->stale = strcmp(db_res_get(res, 0, 3), "pending") != 0;
	db_res_free(res);
	if (d->stale)
		return SME_OK;
	/* The enterprise row before its filings: the order every writer takes. */
	struct db_param e[] = { DB_INT(m.ent) };
	if ((er = db_query(db, SQL_ENT_LOCK, e, 1, &res)) != SME_OK)
		return er;
	db_res_free(res);
	if (d->confirm)
		er = regionmove_confirm(db, d, &m);
	else {
		struct db_param r[] = { DB_INT(d->actor), DB_STR(d->reason),
		    DB_INT(d->id) };
		er = db_exec(db, SQL_REFUSE, r, 3, NULL, NULL);
	}
	if (er != SME_OK)
		return er;
	return regionmove_tell(db, d, &m);
}

enum sme_err
regionmove_decide(struct db *db, struct regionmove_decision *d)
{
	enum sme_err	 er;

	if ((er = db_tx_run(db, regionmove_decide_tx, d)) != SME_OK) {
		log_err("regionmove: decision on request %lld: %s", d->id,
		    sme_strerror(er));
		return er;
	}
	return SME_OK;
}

enum sme_err
regionmove_list(struct db *db, const char *region, struct db_res **out)
{
	struct db_param	 p[] = { DB_STR(region), DB_STR(region) };

	return db_query(db, SQL_LIST, p, 2, out);
}

enum sme_err
regionmove_latest(struct db *db, long long ent, struct db_res **out)
{
	struct db_param	 p[] = { DB_INT(ent) };

	return db_query(db, SQL_LATEST, p, 1, out);
}

enum sme_err
regionmove_counties(struct db *db, struct db_res **out)
{
	return db_query(db, SQL_COUNTIES, NULL, 0, out);
}
