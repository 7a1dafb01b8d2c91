/*
 * scope.c - region scopes of reviewers and ownership of enterprises (see
 * scope.h): one predicate, used by every handler that shows a filing.
 */
#include <string.h>

#include "db.h"
#include "scope.h"
#include "session.h"

int
scope_reviewer(const struct session *sess)
{
	return sess != NULL && sess->role != NULL &&
	    (strcmp(sess->role, "county") == 0 || strcmp(sess->role, "city") == 0 ||
	    strcmp(sess->role, "province") == 0);
}

enum sme_err
scope_enterprise(struct db *db, const struct session *sess,
    long long enterprise_id, int *ok)
{
	struct db_res	*res;
	enum sme_err	 er;
	struct db_param	 p[2];

	*ok = 0;
	if (sess == NULL)
		return SME_OK;
	if (sess->enterprise_id > 0) {
		*ok = sess->enterprise_id == enterprise_id;
		return SME_OK;
	}
	if (!scope_reviewer(sess))
		return SME_OK;
	p[0] = DB_INT(enterprise_id);
	p[1] = DB_STR(sess->region_code);
	er = db_query(db, "SELECT 1 FROM enterprise e JOIN region r ON r.code = e.region_code"
	    " WHERE e.id = ? AND " SCOPE_SQL, p, 2, &res);
	if (er != SME_OK)
		return er;
	*ok = res->nrows > 0;
	db_res_free(res);
	return SME_OK;
}

enum sme_err
scope_filing(struct db *db, const struct session *sess, long long filing_id, int *ok)
{
	struct db_res	*res;
	enum sme_err	 er;
	struct db_param	 p[1];
	long long	 ent;

	*ok = 0;
	p[0] = DB_INT(filing_id);
	if ((er = db_query(db, "SELECT enterprise_id FROM filing WHERE id = ?", p, 1, &res)) != SME_OK)
		return er;
	ent = res->nrows > 0 ? db_res_int(res, 0, 0, 0) : 0;
	db_res_free(res);
	return ent > 0 ? scope_enterprise(db, sess, ent, ok) : SME_OK;
}
