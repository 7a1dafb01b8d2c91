/*
 * contact.c - region contacts in the database (see contact.h).
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "contact.h"
#include "db.h"
#include "scope.h"
#include "session.h"

static const char SQL_LIST[] =
    "SELECT c.id, c.region_code, r.name, c.office, c.purpose, c.phone, c.hours,"
    " c.region_code IN (?, COALESCE((SELECT parent_code FROM region WHERE code = ?), ''), '320000')"
    " FROM region_contact c JOIN region r ON r.code = c.region_code"
    " ORDER BY c.region_code = ? DESC,"
    " c.region_code = (SELECT parent_code FROM region WHERE code = ?) DESC,"
    " c.region_code = '320000' DESC, c.region_code, c.sort, c.id";
static const char SQL_INSERT[] =
    "INSERT INTO region_contact (region_code, office, purpose, phone, hours, sort)"
    " SELECT ?, ?, ?, ?, ?, m.next FROM (SELECT COALESCE(MAX(sort), 0) + 1 AS next"
    " FROM region_contact WHERE region_code = ?) m";
static const char SQL_UPDATE[] =
    "UPDATE region_contact SET office = ?, purpose = ?, phone = ?, hours = ?"
    " WHERE id = ? AND region_code = ?";
static const char SQL_OWNED[] =
    "SELECT 1 FROM region_contact WHERE id = ? AND region_code = ?";
static const char SQL_DELETE[] =
    "DELETE FROM region_contact WHERE id = ? AND region_code = ?";

enum sme_err
contact_list(struct db *db, const char *region, struct db_res **out)
{
	const char	*rc = region != NULL ? region : "320000";
	struct db_param	 p[] = { DB_STR(rc), DB_STR(rc), DB_STR(rc), DB_STR(rc) };

	return db_query(db, SQL_LIST, p, 4, out);
}

/* SME_OK if id is a contact of sess's region, else SME_EINPUT. */
static enum sme_err
contact_owned(struct db *db, const struct session *sess, long long id)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id), DB_STR(sess->region_code) };
	enum sme_err	 er;

	if ((er = db_query(db, SQL_OWNED, p, 2, &res)) != SME_OK)
		return er;
	er = res->nrows > 0 ? SME_OK : SME_EINPUT;
	db_res_free(res);
	return er;
}

static enum sme_err
contact_audit(struct db *db, const struct session *sess, const char *action,
    long long id, const char *phone, const char *ip)
{
	char	 oid[32], after[256];

	snprintf(oid, sizeof(oid), "%lld", id);
	if (audit_json(after, sizeof(after), "region", sess->region_code,
	    "phone", phone, NULL) != 0)
		after[0] = '\0';
	return audit_log(db, sess->account_id, ip, action, "region_contact",
	    oid, NULL, after[0] ? after : NULL);
}

enum sme_err
contact_save(struct db *db, const struct session *sess, long long id,
    const char *office, const char *purpose, const char *phone,
    const char *hours, const char *ip)
{
	unsigned long long	 nid = 0;
	enum sme_err		 er;

	if (!scope_reviewer(sess))
		return SME_EINPUT;
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if (id > 0) {
		struct db_param p[] = { DB_STR(office), DB_STR(purpose),
		    DB_STR(phone), DB_STR(hours), DB_INT(id), DB_STR(sess->region_code) };
		if ((er = contact_owned(db, sess, id)) != SME_OK ||
		    (er = db_exec(db, SQL_UPDATE, p, 6, NULL, NULL)) != SME_OK)
			goto fail;
	} else {
		struct db_param p[] = { DB_STR(sess->region_code), DB_STR(office),
		    DB_STR(purpose), DB_STR(phone), DB_STR(hours),
		    DB_STR(sess->region_code) };
		if ((er = db_exec(db, SQL_INSERT, p, 6, NULL, &nid)) != SME_OK)
			goto fail;
		id = (long long)nid;
	}
	if ((er = contact_audit(db, sess, "contact_save", id, phone, ip)) != SME_OK ||
	    (er = db_commit(db)) != SME_OK)
		goto fail;
	return SME_OK;
fail:
	db_rollback(db);
	return er;
}

enum sme_err
contact_delete(struct db *db, const struct session *sess, long long id,
    const char *ip)
{
	enum sme_err	 er;
	struct db_param	 p[] = { DB_INT(id), DB_STR(sess->region_code) };

	if (!scope_reviewer(sess))
		return SME_EINPUT;
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = contact_owned(db, sess, id)) != SME_OK ||
	    (er = db_exec(db, SQL_DELETE, p, 2, NULL, NULL)) != SME_OK ||
	    (er = contact_audit(db, sess, "contact_delete", id, "", ip)) != SME_OK ||
	    (er = db_commit(db)) != SME_OK) {
		db_rollback(db);
		return er;
	}
	return SME_OK;
}
