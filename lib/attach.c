/*
 * attach.c - attachment rows and their stored bytes, changed together: an
 * upload's file and row appear in one transaction, a deletion removes the
 * bytes with the last row that refers to them.
 */
#include <errno.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attach.h"
#include "audit.h"
#include "db.h"
#include "log.h"
#include "slot.h"

static const char SQL_LIST[] =
    "SELECT id, filing_id, enterprise_id, slot, name, size, type, sha256,"
    " DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s')"
    " FROM attachment WHERE filing_id = ? ORDER BY slot, id";
static const char SQL_GET[] =
    "SELECT id, filing_id, enterprise_id, slot, name, size, type, sha256,"
    " DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s')"
    " FROM attachment WHERE id = ?";
/* The columns of SQL_LIST and SQL_GET. */
enum { AT_ID, AT_FILING, AT_ENTERPRISE, AT_SLOT, AT_NAME, AT_SIZE, AT_TYPE, AT_SHA256,
	AT_CREATED_AT };
static const char SQL_FILING_LOCK[] =
    "SELECT state FROM filing WHERE id = ? FOR UPDATE";
static const char SQL_SLOT_COUNT[] =
    "SELECT COUNT(*) FROM attachment WHERE filing_id = ? AND slot = ?";
static const char SQL_FILING_BYTES[] =
    "SELECT COALESCE(SUM(size), 0) FROM attachment WHERE filing_id = ?";
static const char SQL_YEAR_BYTES[] =
    "SELECT COALESCE(SUM(size), 0) FROM attachment WHERE enterprise_id = ?"
    " AND created_at >= MAKEDATE(YEAR(UTC_TIMESTAMP()), 1)";
static const char SQL_FILE_LOCK[] =
    "INSERT INTO stored_file (sha256, size, created_at)"
    " VALUES (?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE size = size";
static const char SQL_INSERT[] =
    "INSERT INTO attachment (filing_id, enterprise_id, slot, name, size, type,"
    " sha256, uploaded_by, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_DEL_GET[] =
    "SELECT a.sha256, f.state FROM attachment a JOIN filing f ON f.id = a.filing_id"
    " WHERE a.id = ? FOR UPDATE";
static const char SQL_FILE_SELECT_LOCK[] =
    "SELECT sha256 FROM stored_file WHERE sha256 = ? FOR UPDATE";
static const char SQL_DELETE[] =
    "DELETE FROM attachment WHERE id = ?";
static const char SQL_REFS[] =
    "SELECT (SELECT COUNT(*) FROM attachment WHERE sha256 = ?)"
    " + (SELECT COUNT(*) FROM enterprise WHERE licence = ?)";
static const char SQL_FILE_DELETE[] =
    "DELETE FROM stored_file WHERE sha256 = ?";
static const char SQL_SLOTS_FILLED[] =
    "SELECT DISTINCT slot FROM attachment WHERE filing_id = ?";

/* Length of the UTF-8 sequence starting with c (input is valid UTF-8). */
static size_t
attach_u8len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	return 2;
}

/* 1 if the character at p is a bidirectional override (U+202A-E, U+2066-9). */
static int
attach_bidi(const unsigned char *p, size_t n)
{
	return n == 3 && p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa &&
	    p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9));
}

void
attach_clean_name(const char *in, char *out, size_t outsz)
{
	const unsigned char *p, *e;
	const char	*base, *dot;
	size_t		 o = 0, n, chars = 0, extchars = 0, stemmax;
	char		*tmp;

	out[0] = '\0';
	if (in == NULL || outsz < 8)
		goto empty;
	base = in;
	for (p = (const unsigned char *)in; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = (const char *)p + 1;
	if ((tmp = malloc(strlen(base) + 1)) == NULL)
		goto empty;
	/* Drop control characters and bidi overrides, count characters. */
	for (p = (const unsigned char *)base; *p != '\0'; p += n) {
		n = attach_u8len(*p);
		if (strnlen((const char *)p, n) < n)
			break;
		if (*p < 0x20 || *p == 0x7f || attach_bidi(p, n))
			continue;
		memcpy(tmp + o, p, n);
		o += n;
	}
	tmp[o] = '\0';
	/* No leading dots or spaces, no trailing spaces. */
	for (p = (const unsigned char *)tmp; *p == '.' || *p == ' '; p++)
		continue;
	memmove(tmp, p, strlen((const char *)p) + 1);
	for (o = strlen(tmp); o > 0 && tmp[o - 1] == ' '; o--)
		tmp[o - 1] = '\0';
	for (p = (const unsigned char *)tmp; *p != '\0'; p += attach_u8len(*p))
		chars++;
	dot = strrchr(tmp, '.');
	if (dot != NULL && strlen(dot) <= 16)
		extchars = strlen(dot);
	else
		dot = NULL;
	stemmax = chars > ATTACH_NAME_MAX ? ATTACH_NAME_MAX - extchars : chars;
	o = 0;
	e = (const unsigned char *)(dot != NULL && chars > ATTACH_NAME_MAX ?
	    dot : tmp + strlen(tmp));
	for (p = (const unsigned char *)tmp, n = 0; p < e && n < stemmax;
	    p += attach_u8len(*p), n++) {
		if (o + attach_u8len(*p) + extchars + 1 > outsz)
			break;
		memcpy(out + o, p, attach_u8len(*p));
		o += attach_u8len(*p);
	}
	if (chars > ATTACH_NAME_MAX && dot != NULL && o + extchars + 1 <= outsz) {
		memcpy(out + o, dot, extchars);
		o += extchars;
	}
	out[o] = '\0';
	free(tmp);
	if (o > 0)
		return;
empty:
	snprintf(out, outsz, "附件");
}

/* Fill a from row i of res (the SQL_LIST columns). */
static enum sme_err
attach_row(const struct db_res *res, size_t i, struct attach *a)
{
	memset(a, 0, sizeof(*a));
	a->id = db_res_int(res, i, AT_ID, 0);
	a->filing_id = db_res_int(res, i, AT_FILING, 0);
	a->enterprise_id = db_res_int(res, i, AT_ENTERPRISE, 0);
	snprintf(a->slot, sizeof(a->slot), "%s", db_res_get(res, i, AT_SLOT) ?
	    db_res_get(res, i, AT_SLOT) : "");
	if ((a->name = strdup(db_res_get(res, i, AT_NAME) ? db_res_get(res, i, AT_NAME) :
	    "")) == NULL)
		return SME_ENOMEM;
	a->size = db_res_int(res, i, AT_SIZE, 0);
	snprintf(a->type, sizeof(a->type), "%s", db_res_get(res, i, AT_TYPE) ?
	    db_res_get(res, i, AT_TYPE) : "");
	snprintf(a->sha256, sizeof(a->sha256), "%s", db_res_get(res, i, AT_SHA256) ?
	    db_res_get(res, i, AT_SHA256) : "");
	snprintf(a->created_at, sizeof(a->created_at), "%s",
	    db_res_get(res, i, AT_CREATED_AT) ? db_res_get(res, i, AT_CREATED_AT) : "");
	return SME_OK;
}

enum sme_err
attach_list(struct db *db, long long filing_id, struct attach_list *out)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(filing_id) };
	enum sme_err	 er;
	size_t		 i;

	memset(out, 0, sizeof(*out));
	if ((er = db_query(db, SQL_LIST, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0 &&
	    (out->v = calloc(res->nrows, sizeof(out->v[0]))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	for (i = 0; i < res->nrows; i++) {
		out->n++;
		if ((er = attach_row(res, i, &out->v[i])) != SME_OK) {
			db_res_free(res);
			attach_list_free(out);
			return er;
		}
	}
	db_res_free(res);
	return SME_OK;
}

void
attach_list_free(struct attach_list *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

enum sme_err
attach_get(struct db *db, long long id, struct attach **out)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id) };
	enum sme_err	 er;

	*out = NULL;
	if ((er = db_query(db, SQL_GET, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		if ((*out = calloc(1, sizeof(**out))) == NULL)
			er = SME_ENOMEM;
		else if ((er = attach_row(res, 0, *out)) != SME_OK) {
			attach_free(*out);
			*out = NULL;
		}
	}
	db_res_free(res);
	return er;
}

void
attach_free(struct attach *a)
{
	if (a == NULL)
		return;
	free(a->name);
	free(a);
}

/* 1 if a filing in state may have its attachments changed. */
static int
attach_editable(const char *state)
{
	return state != NULL && (strcmp(state, "draft") == 0 ||
	    strcmp(state, "returned") == 0);
}

/* Lock filing_id and check it is editable; SME_ECONFLICT with *why if not. */
static enum sme_err
attach_lock_filing(struct db *db, long long filing_id,
    enum attach_conflict *why)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(filing_id) };
	enum sme_err	 er;

	if ((er = db_query(db, SQL_FILING_LOCK, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0 || !attach_editable(db_res_get(res, 0, 0))) {
		*why = ATTACH_CONFLICT_STATE;
		er = SME_ECONFLICT;
	}
	db_res_free(res);
	return er;
}

enum sme_err
attach_add(struct db *db, const char *storage_dir, const struct attach_new *a,
    long long *id, enum attach_conflict *why)
{
	struct store_tmp	 t;
	struct db_res		*res;
	unsigned long long	 newid = 0;
	enum sme_err		 er;
	int			 created = 0;

	*id = 0;
	*why = ATTACH_CONFLICT_NONE;
	if ((er = store_begin(storage_dir, a->path, &t)) != SME_OK)
		return er;
	if ((er = db_begin(db)) != SME_OK) {
		store_abort(&t);
		return er;
	}
	if ((er = attach_lock_filing(db, a->filing_id, why)) != SME_OK)
		goto fail;
	{
		struct db_param q[] = { DB_INT(a->filing_id), DB_STR(a->slot) };
		if ((er = db_query(db, SQL_SLOT_COUNT, q, 2, &res)) != SME_OK)
			goto fail;
		if (!a->multiple && db_res_int(res, 0, 0, 0) > 0) {
			*why = ATTACH_CONFLICT_FULL;
			er = SME_ECONFLICT;
		} else if (a->quota.slot_files > 0 &&
		    db_res_int(res, 0, 0, 0) >= a->quota.slot_files) {
			*why = ATTACH_CONFLICT_QUOTA_FILES;
			er = SME_ECONFLICT;
		}
		db_res_free(res);
		if (er != SME_OK)
			goto fail;
	}
	/* The byte quotas, under the filing's lock (attach_usage). */
	if (a->quota.filing_bytes > 0 || a->quota.year_bytes > 0) {
		struct attach_usage u;

		if ((er = attach_usage(db, a->filing_id, a->enterprise_id, &u)) != SME_OK)
			goto fail;
		if (a->quota.filing_bytes > 0 &&
		    u.filing_bytes + t.size > a->quota.filing_bytes) {
			*why = ATTACH_CONFLICT_QUOTA_FILING;
			er = SME_ECONFLICT;
		} else if (a->quota.year_bytes > 0 &&
		    u.year_bytes + t.size > a->quota.year_bytes) {
			*why = ATTACH_CONFLICT_QUOTA_YEAR;
			er = SME_ECONFLICT;
		}
		if (er != SME_OK)
			goto fail;
	}
	/* The stored_file row is the lock on these bytes (see attach_delete). */
	struct db_param f[] = { DB_STR(t.name), DB_INT(t.size) };
	if ((er = db_exec(db, SQL_FILE_LOCK, f, 2, NULL, NULL)) != SME_OK)
		goto fail;
	if ((er = store_commit(storage_dir, &t, &created)) != SME_OK)
		goto fail;
	struct db_param r[] = { DB_INT(a->filing_id), DB_INT(a->enterprise_id),
	    DB_STR(a->slot), DB_STR(a->name), DB_INT(t.size), DB_STR(a->type),
	    DB_STR(t.name), DB_INT(a->uploaded_by) };
	if ((er = db_exec(db, SQL_INSERT, r, 8, NULL, &newid)) != SME_OK)
		goto fail;
	{
		char oid[32];

		snprintf(oid, sizeof(oid), "%llu", newid);
		if ((er = audit_log(db, a->uploaded_by, a->ip, "attachment_upload",
		    "attachment", oid, NULL, NULL)) != SME_OK)
			goto fail;
	}
	if ((er = db_commit(db)) != SME_OK)
		goto fail;
	*id = (long long)newid;
	return SME_OK;
fail:
	/* Still holding the lock: no one can have come to rely on new bytes. */
	if (created)
		store_remove(storage_dir, t.name);
	store_abort(&t);
	db_rollback(db);
	return er;
}

static const char SQL_LICENCE[] =
    "SELECT licence FROM enterprise WHERE id = ? AND licence IS NOT NULL";

enum sme_err
attach_has_licence(struct db *db, long long enterprise_id, int *has)
{
	struct db_param	 p[] = { DB_INT(enterprise_id) };
	struct db_res	*res;
	enum sme_err	 er;

	*has = 0;
	if ((er = db_query(db, SQL_LICENCE, p, 1, &res)) != SME_OK)
		return er;
	*has = res->nrows > 0;
	db_res_free(res);
	return SME_OK;
}

/* The type of a stored file by its first bytes (jpg, png, pdf), "" if none of them. */
static const char *
attach_magic(const char *path)
{
	unsigned char	 b[8] = { 0 };
	FILE		*fp;
	size_t		 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return "";
	n = fread(b, 1, sizeof(b), fp);
	fclose(fp);
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "jpg";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "png";
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "pdf";
	return "";
}

enum sme_err
attach_reuse_licence(struct db *db, const char *storage_dir, long long filing_id,
    long long enterprise_id, const char *slot, long long uploaded_by, const char *ip,
    long long *id, enum attach_conflict *why)
{
	struct db_param		 p[] = { DB_INT(enterprise_id) };
	struct db_res		*res;
	struct stat		 st;
	unsigned long long	 newid = 0;
	char			 sha[STORE_NAME_LEN + 1], path[4096], name[32];
	const char		*type;
	enum sme_err		 er;

	*id = 0;
	*why = ATTACH_CONFLICT_NONE;
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = attach_lock_filing(db, filing_id, why)) != SME_OK)
		goto fail;
	if ((er = db_query(db, SQL_LICENCE, p, 1, &res)) != SME_OK)
		goto fail;
	snprintf(sha, sizeof(sha), "%s", res->nrows > 0 ? db_res_get(res, 0, 0) : "");
	db_res_free(res);
	if (store_path(storage_dir, sha, path, sizeof(path)) != SME_OK ||
	    stat(path, &st) != 0 || *(type = attach_magic(path)) == '\0') {
		er = SME_EINPUT;
		goto fail;
	}
	{
		struct db_param q[] = { DB_INT(filing_id), DB_STR(slot) };
		if ((er = db_query(db, SQL_SLOT_COUNT, q, 2, &res)) != SME_OK)
			goto fail;
		if (db_res_int(res, 0, 0, 0) > 0) {
			*why = ATTACH_CONFLICT_FULL;
			er = SME_ECONFLICT;
		}
		db_res_free(res);
		if (er != SME_OK)
			goto fail;
	}
	snprintf(name, sizeof(name), "营业执照.%s", type);
	struct db_param f[] = { DB_STR(sha), DB_INT((long long)st.st_size) };
	if ((er = db_exec(db, SQL_FILE_LOCK, f, 2, NULL, NULL)) != SME_OK)
		goto fail;
	struct db_param r[] = { DB_INT(filing_id), DB_INT(enterprise_id), DB_STR(slot),
	    DB_STR(name), DB_INT((long long)st.st_size), DB_STR(type), DB_STR(sha),
	    DB_INT(uploaded_by) };
	if ((er = db_exec(db, SQL_INSERT, r, 8, NULL, &newid)) != SME_OK)
		goto fail;
	snprintf(name, sizeof(name), "%llu", newid);
	if ((er = audit_log(db, uploaded_by, ip, "attachment_licence_reuse", "attachment",
	    name, NULL, NULL)) != SME_OK)
		goto fail;
	if ((er = db_commit(db)) != SME_OK)
		goto fail;
	*id = (long long)newid;
	return SME_OK;
fail:
	db_rollback(db);
	return er;
}

enum sme_err
attach_usage(struct db *db, long long filing_id, long long enterprise_id,
    struct attach_usage *u)
{
	struct db_res	*res;
	struct db_param	 f[] = { DB_INT(filing_id) }, e[] = { DB_INT(enterprise_id) };
	enum sme_err	 er;

	memset(u, 0, sizeof(*u));
	if ((er = db_query(db, SQL_FILING_BYTES, f, 1, &res)) != SME_OK)
		return er;
	u->filing_bytes = db_res_int(res, 0, 0, 0);
	db_res_free(res);
	if ((er = db_query(db, SQL_YEAR_BYTES, e, 1, &res)) != SME_OK)
		return er;
	u->year_bytes = db_res_int(res, 0, 0, 0);
	db_res_free(res);
	return SME_OK;
}

enum sme_err
attach_delete(struct db *db, const char *storage_dir, long long id,
    long long actor_id, const char *ip, enum attach_conflict *why)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id) };
	char		 sha[STORE_NAME_LEN + 1], path[4096], aside[4200];
	enum sme_err	 er;
	long long	 refs;
	int		 moved = 0;

	*why = ATTACH_CONFLICT_NONE;
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = db_query(db, SQL_DEL_GET, p, 1, &res)) != SME_OK)
		goto fail;
	if (res->nrows == 0) {
		db_res_free(res);
		db_rollback(db);
		return SME_OK;
	}
	snprintf(sha, sizeof(sha), "%s", db_res_get(res, 0, 0) ?
	    db_res_get(res, 0, 0) : "");
	if (!attach_editable(db_res_get(res, 0, 1))) {
		*why = ATTACH_CONFLICT_STATE;
		er = SME_ECONFLICT;
	}
	db_res_free(res);
	if (er != SME_OK)
		goto fail;
	struct db_param s[] = { DB_STR(sha) };
	if ((er = db_query(db, SQL_FILE_SELECT_LOCK, s, 1, &res)) != SME_OK)
		goto fail;
	db_res_free(res);
	if ((er = db_exec(db, SQL_DELETE, p, 1, NULL, NULL)) != SME_OK)
		goto fail;
	{
		char oid[32];

		snprintf(oid, sizeof(oid), "%lld", id);
		if ((er = audit_log(db, actor_id, ip, "attachment_delete",
		    "attachment", oid, NULL, NULL)) != SME_OK)
			goto fail;
	}
	struct db_param s2[] = { DB_STR(sha), DB_STR(sha) };
	if ((er = db_query(db, SQL_REFS, s2, 2, &res)) != SME_OK)
		goto fail;
	refs = db_res_int(res, 0, 0, 1);
	db_res_free(res);
	if (refs == 0) {
		if ((er = db_exec(db, SQL_FILE_DELETE, s, 1, NULL, NULL)) != SME_OK)
			goto fail;
		/*
		 * Set the bytes aside until the commit holds, so a failed commit
		 * can put them back; only then are they gone.
		 */
		if (store_path(storage_dir, sha, path, sizeof(path)) == SME_OK) {
			snprintf(aside, sizeof(aside), "%s.del", path);
			if (rename(path, aside) == 0)
				moved = 1;
			else if (errno != ENOENT) {
				log_err("attach: rename %s: %s", path, strerror(errno));
				er = SME_ESYS;
				goto fail;
			}
		}
	}
	if ((er = db_commit(db)) != SME_OK)
		goto fail;
	if (moved && unlink(aside) != 0)
		log_err("attach: unlink %s: %s", aside, strerror(errno));
	return SME_OK;
fail:
	if (moved && rename(aside, path) != 0)
		log_err("attach: restore %s: %s", path, strerror(errno));
	db_rollback(db);
	return er;
}

enum sme_err
attach_missing(struct db *db, long long filing_id, const char *kind,
    char **missing, size_t *nmissing)
{
	const struct slot *s;
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(filing_id) };
	enum sme_err	 er;
	size_t		 i, j, n;
	int		 have;

	*nmissing = 0;
	if ((s = slot_list(kind, &n)) == NULL)
		return SME_EINPUT;
	if ((er = db_query(db, SQL_SLOTS_FILLED, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < n && *nmissing < ATTACH_MISSING_MAX; i++) {
		if (!s[i].required)
			continue;
		for (have = 0, j = 0; j < res->nrows && !have; j++)
			have = db_res_get(res, j, 0) != NULL &&
			    db_res_is(res, j, 0, s[i].key);
		if (have)
			continue;
		if ((missing[*nmissing] = strdup(s[i].label)) == NULL) {
			while (*nmissing > 0)
				free(missing[--*nmissing]);
			db_res_free(res);
			return SME_ENOMEM;
		}
		(*nmissing)++;
	}
	db_res_free(res);
	return SME_OK;
}

enum sme_err
attach_delete_slot(struct db *db, const char *storage_dir, long long filing_id,
    const char *slot, long long actor_id, const char *ip)
{
	struct attach_list	 l;
	enum attach_conflict	 why;
	enum sme_err		 er;
	size_t			 i;

	if ((er = attach_list(db, filing_id, &l)) != SME_OK)
		return er;
	for (i = 0; i < l.n && er == SME_OK; i++)
		if (strcmp(l.v[i].slot, slot) == 0)
			er = attach_delete(db, storage_dir, l.v[i].id, actor_id, ip, &why);
	attach_list_free(&l);
	return er;
}
