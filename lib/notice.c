/*
 * notice.c - 通知公告 in the database (see notice.h): publishing with the
 * body sanitised, and who may read which notice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "notice.h"
#include "sanitize.h"
#include "scope.h"
#include "session.h"

const char *const notice_audience_names[NOTICE__MAX] = {
	"public", "enterprise", "reviewer"
};
const char *const notice_audience_labels[NOTICE__MAX] = {
	"公开", "本地区企业", "本地区工信部门"
};

static const char SQL_INSERT[] =
    "INSERT INTO notice (region_code, title, body, audience, publish_on,"
    " expires_on, window_id, created_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_WINDOW[] = "SELECT 1 FROM filing_window WHERE id = ?";
static const char SQL_FILE_INSERT[] =
    "INSERT INTO notice_file (notice_id, sha256, filename, media_type)"
    " SELECT id, ?, ?, ? FROM notice WHERE id = ? AND region_code = ?";
/* Columns: enum notice_file_col (notice.h). */
static const char SQL_FILES[] =
    "SELECT id, filename, media_type, sha256 FROM notice_file"
    " WHERE notice_id = ? ORDER BY id";

/* A row of notice_list (enum notice_col); NOTICE_VISIBLE is in notice.h. */
#define NOTICE_COLS \
    "SELECT n.id, n.title, n.publish_on, n.expires_on, n.audience, rg.name," \
    " n.expires_on IS NOT NULL AND n.expires_on < " NOTICE_TODAY "," \
    " w.kind, w.year"
#define NOTICE_FROM \
    " FROM notice n JOIN region rg ON rg.code = n.region_code" \
    " LEFT JOIN filing_window w ON w.id = n.window_id"
static const char SQL_LIST[] =
    NOTICE_COLS NOTICE_FROM " WHERE n.publish_on <= " NOTICE_TODAY
    " AND (? = 0 OR n.expires_on IS NULL OR n.expires_on >= " NOTICE_TODAY ")"
    " AND" NOTICE_VISIBLE " ORDER BY n.publish_on DESC, n.id DESC LIMIT 300";
static const char SQL_GET[] =
    NOTICE_COLS ", n.body" NOTICE_FROM " WHERE n.id = ?"
    " AND (n.publish_on <= " NOTICE_TODAY " OR n.region_code = ?)"
    " AND" NOTICE_VISIBLE;

int
notice_may_publish(const struct session *sess)
{
	return scope_reviewer(sess);
}

/* The reader kind of sess for NOTICE_VISIBLE and its region. */
static void
notice_reader(const struct session *sess, const char **kind, const char **region)
{
	*kind = "public";
	*region = "";
	if (sess == NULL)
		return;
	if (sess->enterprise_id > 0)
		*kind = "enterprise";
	else if (scope_reviewer(sess))
		*kind = "reviewer";
	else
		return;
	*region = sess->region_code;
}

enum sme_err
notice_create(struct db *db, const struct session *sess,
    const struct notice_in *in, const char *ip, long long *id)
{
	struct db_res		*res;
	unsigned long long	 nid = 0;
	char			*safe = NULL, oid[32], after[256];
	size_t			 safesz;
	enum sme_err		 er;

	*id = 0;
	if (!notice_may_publish(sess))
		return SME_EINPUT;
	if ((er = sanitize_html(in->body, strlen(in->body), &safe, &safesz)) != SME_OK)
		return er;
	if (safesz == 0) {
		free(safe);
		return SME_EINPUT;
	}
	if ((er = db_begin(db)) != SME_OK)
		goto out;
	if (in->window_id > 0) {
		struct db_param pw[] = { DB_INT(in->window_id) };
		if ((er = db_query(db, SQL_WINDOW, pw, 1, &res)) != SME_OK)
			goto fail;
		er = res->nrows == 0 ? SME_EINPUT : SME_OK;
		db_res_free(res);
		if (er != SME_OK)
			goto fail;
	}
	struct db_param p[] = { DB_STR(sess->region_code), DB_STR(in->title),
	    DB_STR(safe), DB_STR(notice_audience_names[in->audience]),
	    DB_STR(in->publish_on), DB_OPT(in->expires_on),
	    in->window_id > 0 ? DB_INT(in->window_id) : DB_NULL,
	    DB_INT(sess->account_id) };
	if ((er = db_exec(db, SQL_INSERT, p, 8, NULL, &nid)) != SME_OK)
		goto fail;
	snprintf(oid, sizeof(oid), "%llu", nid);
	if (audit_json(after, sizeof(after), "audience",
	    notice_audience_names[in->audience], "publish_on", in->publish_on,
	    "expires_on", in->expires_on, NULL) != 0)
		after[0] = '\0';
	if ((er = audit_log(db, sess->account_id, ip, "notice_publish", "notice",
	    oid, NULL, after[0] ? after : NULL)) != SME_OK)
		goto fail;
	if ((er = db_commit(db)) != SME_OK)
		goto fail;
	*id = (long long)nid;
	goto out;
fail:
	db_rollback(db);
out:
	free(safe);
	return er;
}

enum sme_err
notice_file_add(struct db *db, const struct session *sess, long long id,
    const char *sha, const char *name, const char *type)
{
	unsigned long long	 n = 0;
	enum sme_err		 er;
	struct db_param		 p[] = { DB_STR(sha), DB_STR(name), DB_STR(type),
	    DB_INT(id), DB_STR(sess->region_code) };

	if ((er = db_exec(db, SQL_FILE_INSERT, p, 5, &n, NULL)) != SME_OK)
		return er;
	return n == 1 ? SME_OK : SME_EINPUT;
}

enum sme_err
notice_list(struct db *db, const struct session *sess, int current_only,
    struct db_res **out)
{
	const char	*kind, *region;

	notice_reader(sess, &kind, &region);
	struct db_param p[] = { DB_INT(current_only ? 1 : 0), DB_STR(kind),
	    DB_STR(region), DB_STR(region), DB_STR(kind), DB_STR(region),
	    DB_STR(region), DB_STR(region) };
	return db_query(db, SQL_LIST, p, 8, out);
}

enum sme_err
notice_get(struct db *db, const struct session *sess, long long id,
    struct db_res **out)
{
	const char	*kind, *region;

	notice_reader(sess, &kind, &region);
	struct db_param p[] = { DB_INT(id),
	    DB_STR(kind[0] == 'r' ? region : "-"), DB_STR(kind),
	    DB_STR(region), DB_STR(region), DB_STR(kind), DB_STR(region),
	    DB_STR(region), DB_STR(region) };
	return db_query(db, SQL_GET, p, 9, out);
}

enum sme_err
notice_files(struct db *db, long long id, struct db_res **out)
{
	struct db_param	 p[] = { DB_INT(id) };

	return db_query(db, SQL_FILES, p, 1, out);
}
