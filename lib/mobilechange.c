/*
 * mobilechange.c - an account's mobile changed by its owner (code and
 * password) or by its county (a request with the licence on file), the
 * old number told either way.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "mobilechange.h"
#include "sms.h"
#include "smscode.h"

#define CST_OFFSET_S	(8 * 3600)	/* China Standard Time, UTC+8 */

static const char SQL_ACCOUNT_OF[] =
    "SELECT a.id, e.id, e.region_code FROM account a"
    " JOIN enterprise e ON e.id = a.enterprise_id"
    " WHERE e.uscc = ? AND e.status = 'confirmed' AND a.role = 'enterprise'"
    " ORDER BY a.id LIMIT 1";
static const char SQL_NEW[] =
    "INSERT INTO mobile_request (enterprise_id, account_id, region_code,"
    " new_mobile, contact_name, reason, requested_at, requested_ip)"
    " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), ?)";
static const char SQL_LOCK[] =
    "SELECT r.account_id, r.new_mobile, r.state, e.name FROM mobile_request r"
    " JOIN enterprise e ON e.id = r.enterprise_id"
    " WHERE r.id = ? AND e.region_code = ? FOR UPDATE";
static const char SQL_DECIDE[] =
    "UPDATE mobile_request SET state = ?, decided_by = ?,"
    " decided_at = UTC_TIMESTAMP(), refuse_reason = ? WHERE id = ?";
static const char SQL_LIST[] =
    "SELECT r.id, e.id, e.name, e.uscc, a.username, COALESCE(a.mobile, ''),"
    " r.new_mobile, r.contact_name, r.reason,"
    " DATE_FORMAT(r.requested_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(e.licence, '') <> '', r.state,"
    " COALESCE(DATE_FORMAT(r.decided_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''),"
    " COALESCE(r.refuse_reason, '')"
    " FROM mobile_request r JOIN enterprise e ON e.id = r.enterprise_id"
    " JOIN account a ON a.id = r.account_id WHERE e.region_code = ?"
    " ORDER BY r.state = 'pending' DESC, r.id DESC LIMIT 50";

void
mobilechange_mask(const char *mobile, char out[12])
{
	if (strlen(mobile) != 11) {
		snprintf(out, 12, "%s", "***");
		return;
	}
	snprintf(out, 12, "%.3s****%.4s", mobile, mobile + 7);
}

/* The time now in China, "YYYY-MM-DD HH:MM", for a notice. */
static void
mobilechange_now(char *buf, size_t bufsz)
{
	struct tm	 tm;
	time_t		 now = time(NULL) + CST_OFFSET_S;

	gmtime_r(&now, &tm);
	strftime(buf, bufsz, "%Y-%m-%d %H:%M", &tm);
}

enum sme_err
mobilechange_apply(struct db *db, const struct config *cfg, long long account,
    const char *mobile, long long actor, const char *ip, const char *action,
    int *found)
{
	char		 old[16], name[80], oid[32], before[64], after[64];
	char		 masked[12], when[32];
	enum sme_err	 er;

	if ((er = account_mobile_set(db, account, mobile, old, sizeof(old),
	    name, sizeof(name), found)) != SME_OK || !*found)
		return er;
	snprintf(oid, sizeof(oid), "%lld", account);
	if (audit_json(before, sizeof(before), "mobile", old[0] ? old : NULL,
	    NULL) != 0 || audit_json(after, sizeof(after), "mobile", mobile,
	    NULL) != 0)
		before[0] = after[0] = '\0';
	if ((er = audit_log(db, actor, ip, action, "account", oid,
	    before[0] ? before : NULL, after[0] ? after : NULL)) != SME_OK)
		return er;
	if (old[0] == '\0' || strcmp(old, mobile) == 0)
		return SME_OK;
	mobilechange_mask(mobile, masked);
	mobilechange_now(when, sizeof(when));
	const char *vars[] = { "username", name, "time", when, "mobile", masked,
	    NULL };
	return sms_send(db, cfg, old, "mobile_changed", vars);
}

/* The arguments of mobilechange_self(), for db_tx_run. */
struct mobilechange_mine {
	const struct config	*cfg;
	long long		 account, code_id;
	const char		*mobile, *ip;
	int			 gone;
};

static enum sme_err
mobilechange_self_tx(struct db *db, void *arg)
{
	struct mobilechange_mine	*m = arg;
	enum sme_err			 er;
	int				 ok, found;

	m->gone = 0;
	if ((er = smscode_use(db, m->code_id, &ok)) != SME_OK)
		return er;
	if (!ok) {
		m->gone = 1;
		return SME_OK;
	}
	return mobilechange_apply(db, m->cfg, m->account, m->mobile,
	    m->account, m->ip, "mobile_change", &found);
}

enum sme_err
mobilechange_self(struct db *db, const struct config *cfg, long long account,
    const char *mobile, long long code_id, const char *ip, int *gone)
{
	struct mobilechange_mine	 m = { cfg, account, code_id, mobile, ip, 0 };
	enum sme_err			 er;

	er = db_tx_run(db, mobilechange_self_tx, &m);
	*gone = m.gone;
	return er;
}

static enum sme_err
mobilechange_request_tx(struct db *db, void *arg)
{
	struct mobilechange_ask	*a = arg;
	struct db_res		*res;
	char			 oid[32], after[1400];
	unsigned long long	 nid = 0;
	long long		 acct, ent;
	enum sme_err		 er;
	int			 ok;

	a->gone = 0;
	a->id = 0;
	if ((er = smscode_use(db, a->code_id, &ok)) != SME_OK)
		return er;
	if (!ok) {
		a->gone = 1;
		return SME_OK;
	}
	struct db_param k[] = { DB_STR(a->uscc) };
	if ((er = db_query(db, SQL_ACCOUNT_OF, k, 1, &res)) != SME_OK)
		return er;
	if (audit_json(after, sizeof(after), "uscc", a->uscc, "mobile",
	    a->mobile, "contact", a->contact, "reason", a->reason, NULL) != 0)
		after[0] = '\0';
	if (res->nrows == 0) {
		db_res_free(res);
		return audit_log(db, 0, a->ip, "mobile_request_unmatched", "uscc",
		    a->uscc, NULL, after[0] ? after : NULL);
	}
	acct = db_res_int(res, 0, 0, 0);
	ent = db_res_int(res, 0, 1, 0);
	struct db_param p[] = { DB_INT(ent), DB_INT(acct),
	    DB_STR(db_res_get(res, 0, 2)), DB_STR(a->mobile),
	    DB_STR(a->contact), DB_STR(a->reason), DB_OPT(a->ip) };
	er = db_exec(db, SQL_NEW, p, 7, NULL, &nid);
	db_res_free(res);
	if (er != SME_OK)
		return er;
	a->id = (long long)nid;
	snprintf(oid, sizeof(oid), "%lld", a->id);
	return audit_log(db, 0, a->ip, "mobile_request", "mobile_request", oid,
	    NULL, after[0] ? after : NULL);
}

enum sme_err
mobilechange_request(struct db *db, struct mobilechange_ask *a)
{
	return db_tx_run(db, mobilechange_request_tx, a);
}

static enum sme_err
mobilechange_decide_tx(struct db *db, void *arg)
{
	struct mobilechange_decision	*d = arg;
	struct db_res			*res;
	char				 mobile[16], name[256], oid[32];
	char				 why[SMS_REASON_MAX * 4 + 8];
	long long			 acct;
	enum sme_err			 er;
	int				 found;

	d->found = d->stale = 0;
	struct db_param p[] = { DB_INT(d->id), DB_STR(d->region) };
	if ((er = db_query(db, SQL_LOCK, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_OK;
	}
	d->found = 1;
	acct = db_res_int(res, 0, 0, 0);
	snprintf(mobile, sizeof(mobile), "%s", db_res_get(res, 0, 1));
	snprintf(name, sizeof(name), "%s", db_res_get(res, 0, 3));
	d->stale = strcmp(db_res_get(res, 0, 2), "pending") != 0;
	db_res_free(res);
	if (d->stale)
		return SME_OK;
	struct db_param u[] = { DB_STR(d->confirm ? "confirmed" : "refused"),
	    DB_INT(d->actor), d->confirm ? DB_NULL : DB_STR(d->reason),
	    DB_INT(d->id) };
	if ((er = db_exec(db, SQL_DECIDE, u, 4, NULL, NULL)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%lld", d->id);
	if ((er = audit_log(db, d->actor, d->ip, d->confirm ?
	    "mobile_request_confirm" : "mobile_request_refuse",
	    "mobile_request", oid, NULL, NULL)) != SME_OK)
		return er;
	if (d->confirm && (er = mobilechange_apply(db, d->cfg, acct, mobile,
	    d->actor, d->ip, "mobile_change_county", &found)) != SME_OK)
		return er;
	sms_cut(d->confirm ? "" : d->reason, SMS_REASON_MAX, why, sizeof(why));
	const char *vars[] = { "name", name, "reason", why, NULL };
	return sms_send(db, d->cfg, mobile, d->confirm ?
	    "mobile_request_confirmed" : "mobile_request_refused", vars);
}

enum sme_err
mobilechange_decide(struct db *db, struct mobilechange_decision *d)
{
	enum sme_err	 er;

	if ((er = db_tx_run(db, mobilechange_decide_tx, d)) != SME_OK)
		log_err("mobilechange: decision on request %lld: %s", d->id,
		    sme_strerror(er));
	return er;
}

enum sme_err
mobilechange_list(struct db *db, const char *region, struct db_res **out)
{
	struct db_param	 p[] = { DB_STR(region) };

	return db_query(db, SQL_LIST, p, 1, out);
}
