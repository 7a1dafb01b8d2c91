/*
 * account.c - accounts: the writes of table account the programs share,
 * and the mobile an enterprise's SMS go to.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "account.h"
#include "audit.h"
#include "db.h"
#include "enterprise.h"
#include "loginguard.h"
#include "session.h"
#include "sms.h"
#include "smscode.h"

static const char SQL_ENT_MOBILE[] =
    "SELECT mobile FROM account WHERE enterprise_id = ? AND role = 'enterprise'"
    " AND mobile IS NOT NULL ORDER BY id LIMIT 1";

enum sme_err
account_enterprise_mobile(struct db *db, long long ent, char *buf, size_t bufsz)
{
	struct db_param	 p[] = { DB_INT(ent) };
	struct db_res	*res;
	enum sme_err	 er;

	buf[0] = '\0';
	if ((er = db_query(db, SQL_ENT_MOBILE, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0)
		snprintf(buf, bufsz, "%s", db_res_get(res, 0, 0) ? db_res_get(res, 0, 0) : "");
	db_res_free(res);
	return SME_OK;
}

static const char SQL_LOGGED_IN[] =
    "UPDATE account SET failed_logins = 0, locked_until = NULL,"
    " last_login_at = UTC_TIMESTAMP() WHERE id = ?";
static const char SQL_REHASH[] =
    "UPDATE account SET pw_hash = ? WHERE id = ?";
static const char SQL_SET_PASSWORD[] =
    "UPDATE account SET pw_hash = ?, pw_changed_at = UTC_TIMESTAMP()"
    " WHERE id = ?";
static const char SQL_RESET[] =
    "UPDATE account SET pw_hash = ?, pw_changed_at = UTC_TIMESTAMP(),"
    " failed_logins = 0, locked_until = NULL WHERE id = ?";
static const char SQL_STATUS[] =
    "UPDATE account SET status = ?, failed_logins = 0, locked_until = NULL"
    " WHERE id = ?";
static const char SQL_NEW[] =
    "INSERT INTO account (username, pw_hash, role, region_code, enterprise_id,"
    " display_name, mobile, status, failed_logins, pw_changed_at, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, UTC_TIMESTAMP(), UTC_TIMESTAMP())";

enum sme_err
account_create(struct db *db, const struct account_new *a, long long *id)
{
	unsigned long long	 nid = 0;
	enum sme_err		 er;
	struct db_param p[] = { DB_STR(a->username), DB_STR(a->pw_hash),
	    DB_STR(a->role), DB_STR(a->region), a->enterprise_id ?
	    DB_INT(a->enterprise_id) : DB_NULL, DB_STR(a->display_name),
	    DB_OPT(a->mobile), DB_STR(a->status) };

	*id = 0;
	if ((er = db_exec(db, SQL_NEW, p, 8, NULL, &nid)) != SME_OK)
		return er;
	*id = (long long)nid;
	return SME_OK;
}

enum sme_err
account_logged_in(struct db *db, long long id, const char *rehash)
{
	struct db_param	 p[] = { DB_INT(id) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_LOGGED_IN, p, 1, NULL, NULL)) != SME_OK ||
	    rehash == NULL)
		return er;
	struct db_param h[] = { DB_STR(rehash), DB_INT(id) };
	return db_exec(db, SQL_REHASH, h, 2, NULL, NULL);
}

enum sme_err
account_password_set(struct db *db, long long id, const char *hash,
    const char *keep_token)
{
	struct db_param	 u[] = { DB_STR(hash), DB_INT(id) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_SET_PASSWORD, u, 2, NULL, NULL)) != SME_OK)
		return er;
	return session_revoke_all(db, id, keep_token);
}

enum sme_err
account_password_reset(struct db *db, long long id, const char *username,
    const char *hash)
{
	struct db_param	 p[] = { DB_STR(hash), DB_INT(id) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_RESET, p, 2, NULL, NULL)) != SME_OK ||
	    (er = loginguard_clear(db, username, 0)) != SME_OK)
		return er;
	return session_revoke_all(db, id, NULL);
}

static const char SQL_MOBILE_LOCK[] =
    "SELECT COALESCE(mobile, ''), username FROM account WHERE id = ? FOR UPDATE";
static const char SQL_MOBILE_SET[] =
    "UPDATE account SET mobile = ? WHERE id = ?";

enum sme_err
account_mobile_set(struct db *db, long long id, const char *mobile,
    char *old, size_t oldsz, char *name, size_t namesz, int *found)
{
	struct db_param	 p[] = { DB_INT(id) };
	struct db_param	 u[] = { DB_STR(mobile), DB_INT(id) };
	struct db_res	*res;
	enum sme_err	 er;

	old[0] = name[0] = '\0';
	*found = 0;
	if ((er = db_query(db, SQL_MOBILE_LOCK, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 1) {
		*found = 1;
		snprintf(old, oldsz, "%s", db_res_get(res, 0, 0));
		snprintf(name, namesz, "%s", db_res_get(res, 0, 1));
	}
	db_res_free(res);
	if (!*found)
		return SME_OK;
	return db_exec(db, SQL_MOBILE_SET, u, 2, NULL, NULL);
}

enum sme_err
account_lock(struct db *db, long long id, int lock)
{
	struct db_param	 p[] = { DB_STR(lock ? "locked" : "active"), DB_INT(id) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_STATUS, p, 2, NULL, NULL)) != SME_OK || !lock)
		return er;
	return session_revoke_all(db, id, NULL);
}

/* ---- changes made with an SMS code ---------------------------------------- */

/* Returned by a transaction whose code was used meanwhile: rolled back. */
#define ACCOUNT_CODE_GONE	SME_EINPUT

struct account_register_args {
	const struct account_registration	*r;
	int					 gone;
};

static enum sme_err
account_register_tx(struct db *db, void *arg)
{
	struct account_register_args	*a = arg;
	const struct account_registration *r = a->r;
	struct account_new	 an;
	long long		 eid, aid;
	char			 oid[32], after[1024];
	enum sme_err		 er;
	int			 ok;

	a->gone = 0;
	if ((er = smscode_use(db, r->code_id, &ok)) != SME_OK)
		return er;
	if (!ok) {
		a->gone = 1;
		return ACCOUNT_CODE_GONE;
	}
	if ((er = enterprise_register(db, r->uscc, r->name, r->county, r->licence,
	    &eid)) != SME_OK)
		return er;
	an = (struct account_new){ r->username, r->pw_hash, "enterprise", r->county,
	    eid, r->name, r->mobile, "pending" };
	if ((er = account_create(db, &an, &aid)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%lld", eid);
	audit_json(after, sizeof(after), "uscc", r->uscc, "name", r->name,
	    "region", r->county, "username", r->username, "status", "pending",
	    "licence", r->licence, NULL);
	return audit_log(db, aid, r->ip, "register", "enterprise", oid, NULL, after);
}

enum sme_err
account_register(struct db *db, const struct account_registration *r, int *gone)
{
	struct account_register_args	 a = { r, 0 };
	enum sme_err			 er;

	er = db_tx_run(db, account_register_tx, &a);
	*gone = a.gone;
	return a.gone ? SME_OK : er;
}

struct account_reset_args {
	const struct config	*cfg;
	long long		 code_id, id;
	const char		*username, *hash, *mobile, *ip;
	int			 gone;
};

static enum sme_err
account_reset_tx(struct db *db, void *arg)
{
	struct account_reset_args *a = arg;
	char		 oid[32], when[32];
	struct tm	 tm;
	time_t		 now = time(NULL) + 8 * 3600;	/* Beijing time */
	enum sme_err	 er;
	int		 ok;

	a->gone = 0;
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	snprintf(oid, sizeof(oid), "%lld", a->id);
	const char *vars[] = { "username", a->username, "time", when, NULL };
	if ((er = smscode_use(db, a->code_id, &ok)) != SME_OK)
		return er;
	if (!ok) {
		a->gone = 1;
		return ACCOUNT_CODE_GONE;
	}
	if ((er = account_password_reset(db, a->id, a->username, a->hash)) != SME_OK ||
	    (er = audit_log(db, a->id, a->ip, "password_reset_sms", "account", oid,
	    NULL, NULL)) != SME_OK)
		return er;
	return sms_send(db, a->cfg, a->mobile, "reset_notice", vars);
}

enum sme_err
account_reset_by_code(struct db *db, const struct config *cfg, long long code_id,
    long long id, const char *username, const char *hash, const char *mobile,
    const char *ip, int *gone)
{
	struct account_reset_args	 a = { cfg, code_id, id, username, hash,
	    mobile, ip, 0 };
	enum sme_err			 er;

	er = db_tx_run(db, account_reset_tx, &a);
	*gone = a.gone;
	return a.gone ? SME_OK : er;
}
