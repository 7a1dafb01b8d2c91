/*
 * session.c - load, create and end login sessions; tokens stored hashed.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "session.h"

static const char SQL_SESSION_LOAD[] =
    "SELECT a.id, a.username, a.display_name, a.role, a.region_code,"
    " IF(r.level = 'county', CONCAT(p.name, r.name), r.name),"
    " COALESCE(a.enterprise_id, 0),"
    " s.expires_at < UTC_TIMESTAMP() + INTERVAL ? SECOND"
    " FROM session s JOIN account a ON a.id = s.account_id"
    " JOIN region r ON r.code = a.region_code"
    " LEFT JOIN region p ON p.code = r.parent_code"
    " WHERE s.token_hash = ? AND s.revoked_at IS NULL"
    " AND s.expires_at > UTC_TIMESTAMP() AND a.status = 'active'";
enum { SS_ID, SS_USERNAME, SS_DISPLAY_NAME, SS_ROLE, SS_REGION, SS_REGION_NAME,
	SS_ENTERPRISE, SS_TOUCH };
static const char SQL_SESSION_TOUCH[] =
    "UPDATE session SET expires_at = UTC_TIMESTAMP() + INTERVAL ? SECOND"
    " WHERE token_hash = ?";
static const char SQL_SESSION_NEW[] =
    "INSERT INTO session (token_hash, account_id, created_at, expires_at,"
    " ip, user_agent) VALUES (?, ?, UTC_TIMESTAMP(),"
    " UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, LEFT(?, 255))";
static const char SQL_SESSION_REVOKE[] =
    "UPDATE session SET revoked_at = UTC_TIMESTAMP()"
    " WHERE token_hash = ? AND revoked_at IS NULL";
static const char SQL_SESSION_REVOKE_ALL[] =
    "UPDATE session SET revoked_at = UTC_TIMESTAMP()"
    " WHERE account_id = ? AND revoked_at IS NULL AND token_hash <> ?";

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	free(s->username);
	free(s->display_name);
	free(s->role);
	free(s->region_code);
	free(s->region_name);
	free(s);
}

/* Fill a new session from row 0 of res; NULL on ENOMEM. */
static struct session *
session_from(const struct db_res *res, const char *token)
{
	struct session	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	strncpy(s->token, token, TOKEN_LEN);
	s->account_id = db_res_int(res, 0, SS_ID, 0);
	s->username = strdup(db_res_get(res, 0, SS_USERNAME));
	s->display_name = strdup(db_res_get(res, 0, SS_DISPLAY_NAME));
	s->role = strdup(db_res_get(res, 0, SS_ROLE));
	s->region_code = strdup(db_res_get(res, 0, SS_REGION));
	s->region_name = strdup(db_res_get(res, 0, SS_REGION_NAME));
	s->enterprise_id = db_res_int(res, 0, SS_ENTERPRISE, 0);
	if (s->username == NULL || s->display_name == NULL || s->role == NULL ||
	    s->region_code == NULL || s->region_name == NULL) {
		session_free(s);
		return NULL;
	}
	return s;
}

enum sme_err
session_load(struct db *db, const char *token, long ttl_s,
    struct session **out)
{
	unsigned char	 h[TOKEN_HASHSZ];
	struct db_res	*res;
	enum sme_err	 er;

	*out = NULL;
	if (!token_valid(token))
		return SME_OK;
	token_hash(token, strlen(token), h);
	struct db_param p[] = { DB_INT(ttl_s / 2), DB_BIN(h, sizeof(h)) };
	if ((er = db_query(db, SQL_SESSION_LOAD, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 1 && (*out = session_from(res, token)) == NULL)
		er = SME_ENOMEM;
	if (er == SME_OK && *out != NULL && db_res_int(res, 0, SS_TOUCH, 0) == 1) {
		/* Sliding expiry, written at most once every ttl_s / 2. */
		struct db_param t[] = { DB_INT(ttl_s), DB_BIN(h, sizeof(h)) };
		er = db_exec(db, SQL_SESSION_TOUCH, t, 2, NULL, NULL);
	}
	db_res_free(res);
	if (er != SME_OK) {
		session_free(*out);
		*out = NULL;
	}
	return er;
}

enum sme_err
session_create(struct db *db, long long account_id, const char *ip,
    const char *ua, long ttl_s, char token_out[TOKEN_LEN + 1])
{
	unsigned char	 h[TOKEN_HASHSZ];
	enum sme_err	 er;

	if ((er = token_new(token_out, TOKEN_LEN + 1)) != SME_OK)
		return er;
	token_hash(token_out, TOKEN_LEN, h);
	struct db_param p[] = { DB_BIN(h, sizeof(h)), DB_INT(account_id),
	    DB_INT(ttl_s), DB_STR(ip), DB_STR(ua) };
	return db_exec(db, SQL_SESSION_NEW, p, 5, NULL, NULL);
}

enum sme_err
session_revoke(struct db *db, const char *token)
{
	unsigned char	 h[TOKEN_HASHSZ];

	if (!token_valid(token))
		return SME_OK;
	token_hash(token, TOKEN_LEN, h);
	struct db_param p[] = { DB_BIN(h, sizeof(h)) };
	return db_exec(db, SQL_SESSION_REVOKE, p, 1, NULL, NULL);
}

enum sme_err
session_revoke_all(struct db *db, long long account_id, const char *keep)
{
	unsigned char	 h[TOKEN_HASHSZ];

	memset(h, 0, sizeof(h));
	if (keep != NULL && token_valid(keep))
		token_hash(keep, TOKEN_LEN, h);
	struct db_param p[] = { DB_INT(account_id), DB_BIN(h, sizeof(h)) };
	return db_exec(db, SQL_SESSION_REVOKE_ALL, p, 2, NULL, NULL);
}
