/*
 * sme-upload.c - attachments of filings (附件): the attachments section of
 * a filing, uploads into its slots (type judged by the bytes, 50M at most),
 * deletion while the filing is editable, and downloads for the enterprise
 * and the reviewers whose region covers it. Routes are in the table above main().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "attach.h"
#include "config.h"
#include "db.h"
#include "disposition.h"
#include "filetype.h"
#include "filing.h"
#include "filinghead.h"
#include "form.h"
#include "log.h"
#include "once.h"
#include "flash.h"
#include "scope.h"
#include "slot.h"
#include "sniff.h"
#include "store.h"
#include "tmpl.h"
#include "vocab.h"

#define UPLOAD_XACCEL_PREFIX	"/__sme/files/"	/* nginx internal location */

static const char SQL_FILING[] =
    "SELECT f.enterprise_id, f.kind, f.state, e.name, f.year, COALESCE(f.class, ''),"
    " COALESCE(f.subject, '')"
    " FROM filing f JOIN enterprise e ON e.id = f.enterprise_id WHERE f.id = ?";
enum {
	UF_ENTERPRISE, UF_KIND, UF_STATE, UF_ENT_NAME, UF_YEAR, UF_CLASS,
	UF_SUBJECT
};

/* The filing a request is about. */
struct upl_filing {
	long long	 id;
	long long	 enterprise_id;
	char		 kind[16];
	const char	*form_kind;	/* whose slots it has (form_kind_of: a 复核 its title's) */
	char		 state[16];
	char		 ent_name[256];
	int		 year;
	int		 editable;	/* draft or returned */
};

/*
 * Load filing id into f if the caller may see it (scope.h); *found 0
 * otherwise, so the caller answers 404 either way.
 */
static enum sme_err
upl_filing_load(struct app_ctx *c, long long id, struct upl_filing *f,
    int *found)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id) };
	const char	*name;
	enum sme_err	 er;
	int		 ok = 0;

	*found = 0;
	memset(f, 0, sizeof(*f));
	if (id <= 0)
		return SME_OK;
	if ((er = db_query(c->db, SQL_FILING, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		f->id = id;
		f->enterprise_id = db_res_int(res, 0, UF_ENTERPRISE, 0);
		snprintf(f->kind, sizeof(f->kind), "%s",
		    db_res_get(res, 0, UF_KIND));
		snprintf(f->state, sizeof(f->state), "%s",
		    db_res_get(res, 0, UF_STATE));
		name = db_res_get(res, 0, UF_ENT_NAME);
		snprintf(f->ent_name, sizeof(f->ent_name), "%s",
		    name != NULL ? name : "");
		f->year = (int)db_res_int(res, 0, UF_YEAR, 0);
		f->form_kind = form_kind_of(f->kind, db_res_get(res, 0, UF_CLASS),
		    db_res_get(res, 0, UF_SUBJECT));
		f->editable = strcmp(f->state, "draft") == 0 ||
		    strcmp(f->state, "returned") == 0;
	}
	db_res_free(res);
	if (f->id == 0)
		return SME_OK;
	if ((er = scope_enterprise(c->db, c->sess, f->enterprise_id, &ok)) != SME_OK)
		return er;
	*found = ok;
	return SME_OK;
}

/* A size as people read it: "830 B", "12.5 KB", "3.2 MB". */
static void
upl_size_text(long long sz, char *out, size_t outsz)
{
	if (sz < 1024)
		snprintf(out, outsz, "%lld B", sz);
	else if (sz < 1024 * 1024)
		snprintf(out, outsz, "%.1f KB", sz / 1024.0);
	else
		snprintf(out, outsz, "%.1f MB", sz / (1024.0 * 1024.0));
}

/* The quotas of the configuration (etc/sme.conf.example), 0 for none. */
static struct attach_quota
upl_quota(const struct app_ctx *c)
{
	struct attach_quota q;

	q.slot_files = config_num(c->app->cfg, "upload_slot_max_files");
	q.filing_bytes = config_num(c->app->cfg, "upload_filing_max_bytes");
	q.year_bytes = config_num(c->app->cfg, "upload_year_max_bytes");
	return q;
}

/* What is left of quota q after used, as text ("不限" without one). */
static void
upl_left_text(long long q, long long used, char *out, size_t outsz)
{
	if (q <= 0)
		snprintf(out, outsz, "不限");
	else
		upl_size_text(used >= q ? 0 : q - used, out, outsz);
}

/* The quota refusal of why, in words with the limit. */
static void
upl_quota_msg(const struct attach_quota *q, enum attach_conflict why,
    char *out, size_t outsz)
{
	char	 lim[32];

	switch (why) {
	case ATTACH_CONFLICT_QUOTA_FILES:
		snprintf(out, outsz, "该项最多上传%lld个文件，已达上限，文件未保存。"
		    "请先删除不需要的文件。", q->slot_files);
		break;
	case ATTACH_CONFLICT_QUOTA_FILING:
		upl_size_text(q->filing_bytes, lim, sizeof(lim));
		snprintf(out, outsz, "本申报的附件总大小不能超过%s，上传此文件将超出上限，"
		    "文件未保存。请先删除不需要的文件或压缩后再上传。", lim);
		break;
	default:
		upl_size_text(q->year_bytes, lim, sizeof(lim));
		snprintf(out, outsz, "贵企业本年度上传的附件总大小不能超过%s，"
		    "上传此文件将超出上限，文件未保存。", lim);
		break;
	}
}

static const char *
upl_kind_name(const char *kind)
{
	const char	*l = vocab_kind_label(kind, VOCAB_FILING);

	return *l != '\0' ? l : kind;
}

/*
 * The frame the filing's other sections have (filinghead.h): tabs with
 * their progress, state, 提交 with a one-time token, 撤回; *licence 1 when
 * the enterprise's registration licence can fill the licence slot.
 */
static enum sme_err
upl_frame(struct app_ctx *c, const struct upl_filing *uf, int *licence)
{
	struct filing	*f;
	enum sme_err	 er;
	char		 tok[64];

	if ((er = filing_load(c->db, uf->id, &f)) != SME_OK || f == NULL)
		return er;
	er = filinghead_fill(c, f, "attachments", upl_kind_name(uf->kind));
	filing_free(f);
	if (er != SME_OK)
		return er;
	tmpl_set(c->v, "framed", "1");
	if ((er = once_new(tok, sizeof(tok))) != SME_OK)
		return er;
	tmpl_set(c->v, "submit_once", tok);
	return attach_has_licence(c->db, uf->enterprise_id, licence);
}

/*
 * Render the attachments section of f with status; errslot/errmsg put a
 * message in place under that slot (both may be NULL).
 */
static enum sme_err
upl_render(struct app_ctx *c, const struct upl_filing *f, int status,
    const char *errslot, const char *errmsg)
{
	const struct slot *s;
	struct attach_list l;
	struct tmpl_vars *it, *fi;
	const char	*types = config_text(c->app->cfg, "upload_types");
	char		 buf[64], accept[256], *q;
	enum sme_err	 er;
	size_t		 i, j, n, k;
	int		 owner = c->sess != NULL && c->sess->enterprise_id ==
			    f->enterprise_id;

	if ((s = slot_list(f->form_kind, &n)) == NULL)
		return SME_EINPUT;
	struct attach_quota quota = upl_quota(c);
	struct attach_usage use;
	int		 licence = 0;

	if (owner && (er = upl_frame(c, f, &licence)) != SME_OK)
		return er;

	if ((er = attach_usage(c->db, f->id, f->enterprise_id, &use)) != SME_OK)
		return er;
	if ((er = attach_list(c->db, f->id, &l)) != SME_OK)
		return er;
	/* How much is left: of the filing's quota and the enterprise's year. */
	upl_size_text(use.filing_bytes, buf, sizeof(buf));
	tmpl_set(c->v, "filing_used", buf);
	upl_left_text(quota.filing_bytes, use.filing_bytes, buf, sizeof(buf));
	tmpl_set(c->v, "filing_left", buf);
	upl_left_text(quota.year_bytes, use.year_bytes, buf, sizeof(buf));
	tmpl_set(c->v, "year_left", buf);
	tmpl_set(c->v, "show_quota", owner ? "1" : "0");
	tmpl_setf(c->v, "filing_id", "%lld", f->id);
	tmpl_setf(c->v, "basic_url", "/filing/%lld/basic", f->id);
	tmpl_set(c->v, "kind_name", upl_kind_name(f->kind));
	tmpl_set(c->v, "ent_name", f->ent_name);
	tmpl_setf(c->v, "year", "%d", f->year);
	tmpl_set(c->v, "types_text", types);
	tmpl_set(c->v, "editable", owner && f->editable ? "1" : "0");
	tmpl_set(c->v, "readonly", owner && f->editable ? "0" : "1");
	tmpl_set(c->v, "notice", flash_text(FLASH_UPLOAD, req_query(c->r, "msg")));
	/* accept=".jpg,.jpeg,...": a hint to the file picker only. */
	q = accept;
	*q++ = '.';
	for (k = 0; types[k] != '\0' && (size_t)(q - accept) + 3 < sizeof(accept);
	    k++) {
		if (types[k] == ' ')
			continue;
		*q++ = types[k];
		if (types[k] == ',')
			*q++ = '.';
	}
	*q = '\0';
	tmpl_set(c->v, "accept", accept);
	for (i = 0; i < n; i++) {
		size_t	 nfiles = 0;

		if ((it = tmpl_add(c->v, "slots")) == NULL) {
			er = SME_ENOMEM;
			goto out;
		}
		tmpl_set(it, "key", s[i].key);
		tmpl_setf(it, "anchor", "slot-%s", s[i].key);
		tmpl_set(it, "label", s[i].label);
		tmpl_set(it, "required", s[i].required ? "1" : "0");
		tmpl_set(it, "multiple", s[i].multiple ? "1" : "0");
		tmpl_setf(it, "upload_url", "/upload/%lld/%s", f->id, s[i].key);
		for (j = 0; j < l.n; j++) {
			if (strcmp(l.v[j].slot, s[i].key) != 0)
				continue;
			nfiles++;
			if ((fi = tmpl_add(it, "files")) == NULL) {
				er = SME_ENOMEM;
				goto out;
			}
			tmpl_setf(fi, "id", "%lld", l.v[j].id);
			tmpl_set(fi, "name", l.v[j].name);
			tmpl_setf(fi, "href", "/files/%lld", l.v[j].id);
			tmpl_setf(fi, "delete_url", "/upload/%lld/delete", l.v[j].id);
			upl_size_text(l.v[j].size, buf, sizeof(buf));
			tmpl_set(fi, "size_text", buf);
			tmpl_set(fi, "created_at", l.v[j].created_at);
		}
		tmpl_set(it, "has_files", nfiles > 0 ? "1" : "0");
		tmpl_set(it, "can_upload", owner && f->editable &&
		    (s[i].multiple || nfiles == 0) ? "1" : "0");
		if (owner && f->editable && s[i].multiple && quota.slot_files > 0) {
			tmpl_setf(it, "files_left", "%lld", (long long)nfiles >=
			    quota.slot_files ? 0 : quota.slot_files - (long long)nfiles);
			tmpl_setf(it, "files_max", "%lld", quota.slot_files);
			tmpl_set(it, "show_files_left", "1");
		}
		if (licence && nfiles == 0 && f->editable && strcmp(s[i].key, "licence") == 0) {
			tmpl_set(it, "offer_licence", "1");
			tmpl_setf(it, "reuse_url", "/upload/%lld/licence-from-registration", f->id);
		}
		if (errslot != NULL && strcmp(errslot, s[i].key) == 0) {
			tmpl_set(it, "err", errmsg);
			tmpl_set(c->v, "has_errors", "1");
		}
	}
	er = app_render(c, status, "attachments");
out:
	attach_list_free(&l);
	return er;
}

static enum sme_err
page_attachments(struct app_ctx *c)
{
	struct upl_filing f;
	enum sme_err	 er;
	int		 found;

	if ((er = upl_filing_load(c, app_id(c->arg[0]), &f, &found)) != SME_OK)
		return er;
	if (!found || slot_find(f.form_kind, "licence") == NULL) {
		app_error(c, 404);
		return SME_OK;
	}
	return upl_render(c, &f, 200, NULL, NULL);
}

/* Refuse an upload with status and msg: JSON for scripts, else the page. */
static enum sme_err
upl_refuse(struct app_ctx *c, const struct upl_filing *f, const char *slot,
    int status, const char *msg)
{
	if (app_wants_json(c)) {
		app_json_answer(c, status, "file", msg, 0);
		return SME_OK;
	}
	return upl_render(c, f, status, slot, msg);
}

/*
 * The scan slot of a saved table row ("patent-3", lib/form.c) of filing f
 * into *out (label in buf): one file, not required. 0 if slot names no
 * row of the filing as saved.
 */
static enum sme_err
upl_row_slot(struct app_ctx *c, const struct upl_filing *f, const char *slot,
    struct slot *out, char *buf, size_t bufsz, int *found)
{
	const struct form_rowset *rs;
	struct filing	*fl;
	enum sme_err	 er;
	int		 row, keys[FORM_ROWS_MAX];
	size_t		 i, n;

	*found = 0;
	if (!form_row_slot(f->form_kind, slot, &rs, &row))
		return SME_OK;
	if ((er = filing_load(c->db, f->id, &fl)) != SME_OK || fl == NULL)
		return er;
	n = form_row_keys(rs, filing_getter, fl, keys);
	for (i = 0; i < n; i++)
		if (keys[i] == row)
			*found = 1;
	filing_free(fl);
	snprintf(buf, bufsz, "%s（%s）", rs->scan_label, rs->row_label);
	out->key = slot;
	out->label = buf;
	out->required = 0;
	out->multiple = 0;
	return SME_OK;
}

/* Back to the row of a scan: its section page with the outcome (sme-filing's scan_notice). */
static enum sme_err
upl_row_back(struct app_ctx *c, const struct upl_filing *f, const char *slot,
    const char *what)
{
	char	 loc[160];

	snprintf(loc, sizeof(loc), "/filing/%lld/product?%s#row-%s", f->id, what, slot);
	req_redirect(c->r, loc);
	return SME_OK;
}

static enum sme_err
page_upload(struct app_ctx *c)
{
	const struct multipart_file *mf;
	const struct slot *s;
	struct upl_filing f;
	struct attach_new a;
	enum attach_conflict why;
	enum sniff_verdict v;
	enum filetype	 t;
	char		 msg[512], name[4 * ATTACH_NAME_MAX + 1], js[128];
	char		 loc[128];
	long long	 id;
	enum sme_err	 er;
	int		 found, isrow = 0;
	struct slot	 rowslot;
	char		 rowlabel[128];

	if ((er = upl_filing_load(c, app_id(c->arg[0]), &f, &found)) != SME_OK)
		return er;
	/* Reviewers may see a filing, but only its enterprise uploads. */
	if (found && c->sess->enterprise_id == f.enterprise_id &&
	    (s = slot_find(f.form_kind, c->arg[1])) == NULL) {
		/* A table row's scan (产品附证, seed 004 §2.1.1): the row must be saved. */
		if ((er = upl_row_slot(c, &f, c->arg[1], &rowslot, rowlabel,
		    sizeof(rowlabel), &isrow)) != SME_OK)
			return er;
		s = isrow ? &rowslot : NULL;
	}
	if (!found || c->sess->enterprise_id != f.enterprise_id || s == NULL) {
		app_error(c, 404);
		return SME_OK;
	}
	if (!f.editable)
		return isrow && !app_wants_json(c) ? upl_row_back(c, &f, s->key, "scanerr=state") :
		    upl_refuse(c, &f, s->key, 409, "申报已提交，当前状态下不能修改附件。");
	mf = multipart_file_get(&c->r->mp, "file");
	if (mf == NULL || (mf->size == 0 && mf->filename[0] == '\0'))
		return isrow && !app_wants_json(c) ? upl_row_back(c, &f, s->key, "scanerr=empty") :
		    upl_refuse(c, &f, s->key, 422, "请选择要上传的文件。");
	if ((er = sniff_file(mf->path, mf->filename, config_text(c->app->cfg, "upload_types"), &v, &t, msg, sizeof(msg))) != SME_OK)
		return er;
	if (v != SNIFF_OK) {
		log_info("%s: upload to filing %lld slot %s refused (%d): %s",
		    c->r->id, f.id, s->key, (int)v, msg);
		return isrow && !app_wants_json(c) ? upl_row_back(c, &f, s->key, "scanerr=type") :
		    upl_refuse(c, &f, s->key, 415, msg);
	}
	attach_clean_name(mf->filename, name, sizeof(name));
	memset(&a, 0, sizeof(a));
	a.filing_id = f.id;
	a.enterprise_id = f.enterprise_id;
	a.slot = s->key;
	a.multiple = s->multiple;
	a.name = name;
	a.type = filetype_ext(t);
	a.uploaded_by = c->sess->account_id;
	a.ip = c->r->remote_addr;
	a.path = mf->path;
	a.quota = upl_quota(c);
	er = attach_add(c->db, config_text(c->app->cfg, "storage_dir"), &a, &id, &why);
	/*
	 * A quota is a conflict with what is stored already (409, as a full
	 * one-file slot), which deleting resolves; 413 stays "this file is
	 * over upload_max_bytes".
	 */
	if (isrow && !app_wants_json(c) && (er == SME_ECONFLICT || er == SME_ESYS))
		return upl_row_back(c, &f, s->key, er == SME_ESYS ? "scanerr=store" :
		    why == ATTACH_CONFLICT_FULL ? "scanerr=full" : why == ATTACH_CONFLICT_STATE ?
		    "scanerr=state" : "scanerr=quota");
	if (er == SME_ECONFLICT && why >= ATTACH_CONFLICT_QUOTA_FILES) {
		upl_quota_msg(&a.quota, why, msg, sizeof(msg));
		log_info("%s: upload to filing %lld slot %s over quota (%d)",
		    c->r->id, f.id, s->key, (int)why);
		return upl_refuse(c, &f, s->key, 409, msg);
	}
	if (er == SME_ECONFLICT)
		return upl_refuse(c, &f, s->key, 409, why == ATTACH_CONFLICT_FULL ?
		    "该项只能上传一个文件，请先删除已上传的文件。" :
		    "申报已提交，当前状态下不能修改附件。");
	if (er == SME_ESYS) {
		req_header(c->r, "Retry-After", "60");
		return upl_refuse(c, &f, s->key, 503,
		    "文件存储暂不可用（可能是存储空间不足），文件未保存，请稍后再试。");
	}
	if (er != SME_OK)
		return er;
	if (app_wants_json(c)) {
		snprintf(js, sizeof(js), "{\"id\":%lld}", id);
		snprintf(loc, sizeof(loc), "/files/%lld", id);
		req_header(c->r, "Location", loc);
		req_send(c->r, 201, "application/json; charset=utf-8", js,
		    strlen(js));
		return SME_OK;
	}
	if (isrow)
		return upl_row_back(c, &f, s->key, "scan=uploaded");
	snprintf(loc, sizeof(loc), "/filing/%lld/attachments?msg=uploaded#slot-%s",
	    f.id, s->key);
	req_redirect(c->r, loc);
	return SME_OK;
}

static enum sme_err
page_delete(struct app_ctx *c)
{
	struct attach	*at;
	struct upl_filing f;
	enum attach_conflict why;
	enum sme_err	 er;
	char		 loc[128];
	int		 found = 0;

	if ((er = attach_get(c->db, app_id(c->arg[0]), &at)) != SME_OK)
		return er;
	if (at != NULL && at->enterprise_id == c->sess->enterprise_id)
		er = upl_filing_load(c, at->filing_id, &f, &found);
	if (er != SME_OK || !found) {
		attach_free(at);
		if (er == SME_OK)
			app_error(c, 404);
		return er;
	}
	er = attach_delete(c->db, config_text(c->app->cfg, "storage_dir"), at->id, c->sess->account_id,
	    c->r->remote_addr, &why);
	if (er == SME_ECONFLICT) {
		er = upl_refuse(c, &f, at->slot, 409,
		    "申报已提交，当前状态下不能删除附件。");
		attach_free(at);
		return er;
	}
	if (er != SME_OK) {
		attach_free(at);
		return er;
	}
	if (app_wants_json(c)) {
		attach_free(at);
		req_send(c->r, 200, "application/json; charset=utf-8", "{}", 2);
		return SME_OK;
	}
	if (slot_find(f.form_kind, at->slot) == NULL && strchr(at->slot, '-') != NULL) {
		er = upl_row_back(c, &f, at->slot, "scan=deleted");
		attach_free(at);
		return er;
	}
	attach_free(at);
	snprintf(loc, sizeof(loc), "/filing/%lld/attachments?msg=deleted", f.id);
	req_redirect(c->r, loc);
	return SME_OK;
}

/*
 * POST /upload/{id}/licence-from-registration: the licence the enterprise
 * gave at registration becomes the file of the licence slot, by reference
 * to its stored bytes (lib attach_reuse_licence); no second upload.
 */
static enum sme_err
page_reuse_licence(struct app_ctx *c)
{
	struct upl_filing f;
	enum attach_conflict why;
	enum sme_err	 er;
	long long	 id;
	char		 loc[128];
	int		 found;

	if ((er = upl_filing_load(c, app_id(c->arg[0]), &f, &found)) != SME_OK)
		return er;
	if (!found || c->sess->enterprise_id != f.enterprise_id ||
	    slot_find(f.kind, "licence") == NULL) {
		app_error(c, 404);
		return SME_OK;
	}
	er = attach_reuse_licence(c->db, config_text(c->app->cfg, "storage_dir"), f.id,
	    f.enterprise_id, "licence", c->sess->account_id, c->r->remote_addr, &id, &why);
	if (er == SME_EINPUT)
		return upl_refuse(c, &f, "licence", 422, "没有找到注册时上传的营业执照，请上传。");
	if (er == SME_ECONFLICT)
		return upl_refuse(c, &f, "licence", 409, why == ATTACH_CONFLICT_FULL ?
		    "该项只能上传一个文件，请先删除已上传的文件。" :
		    "申报已提交，当前状态下不能修改附件。");
	if (er != SME_OK)
		return er;
	snprintf(loc, sizeof(loc), "/filing/%lld/attachments?msg=licence#slot-licence", f.id);
	req_redirect(c->r, loc);
	return SME_OK;
}

static enum sme_err
page_file(struct app_ctx *c)
{
	struct attach	*at;
	enum sme_err	 er;
	char		 path[128], disp[4096], ext[16];
	int		 ok = 0;

	if ((er = attach_get(c->db, app_id(c->arg[0]), &at)) != SME_OK)
		return er;
	if (at != NULL && (er = scope_enterprise(c->db, c->sess,
	    at->enterprise_id, &ok)) != SME_OK) {
		attach_free(at);
		return er;
	}
	if (at == NULL || !ok) {
		attach_free(at);
		app_error(c, 404);
		return SME_OK;
	}
	snprintf(path, sizeof(path), UPLOAD_XACCEL_PREFIX "%.2s/%s", at->sha256,
	    at->sha256);
	/*
	 * PDFs and images (judged by their bytes at upload) are shown in the
	 * browser; nginx's internal location adds nosniff and a sandboxing
	 * CSP, so a file can run nothing. Other types are downloaded.
	 */
	disposition_format(at->name, strcmp(at->type, "pdf") == 0 ||
	    strcmp(at->type, "jpg") == 0 || strcmp(at->type, "png") == 0,
	    disp, sizeof(disp));
	req_header(c->r, "X-Accel-Redirect", path);
	req_header(c->r, "Content-Disposition", disp);
	snprintf(ext, sizeof(ext), "x.%s", at->type);
	req_send(c->r, 200, filetype_mime(filetype_of_name(ext)), NULL, 0);
	attach_free(at);
	return SME_OK;
}

/* delete and licence-from-registration before {slot}: neither is a slot key. */
static const struct app_route routes[] = {
	{ REQ_GET, "/filing/{id}/attachments", page_attachments, APP_AUTH },
	{ REQ_POST, "/upload/{id}/delete", page_delete, APP_AUTH | APP_ENTERPRISE },
	{ REQ_POST, "/upload/{id}/licence-from-registration", page_reuse_licence, APP_AUTH | APP_ENTERPRISE },
	{ REQ_POST, "/upload/{id}/{slot}", page_upload, APP_AUTH | APP_ENTERPRISE },
	{ REQ_GET, "/files/{id}", page_file, APP_AUTH },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-upload", routes, NELEM(routes));
}
