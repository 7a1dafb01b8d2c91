/*
 * sme-help.c - help for enterprises: the help page (how to fill, the
 * year's dates, contacts), 常见问题, 通知公告 and 在线咨询 (seed 004 §4).
 * Writes are lib's (consult.c, faq.c, notice.c, contact.c); this file
 * reads the request, calls lib and fills the page. Routes in the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "config.h"
#include "consult.h"
#include "contact.h"
#include "db.h"
#include "deadline.h"
#include "disposition.h"
#include "faq.h"
#include "filetype.h"
#include "log.h"
#include "notice.h"
#include "redirect.h"
#include "rowvars.h"
#include "sniff.h"
#include "store.h"
#include "title.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

#define HELP_XACCEL	"/__sme/files/"	/* nginx's internal store location */
/* Attachments accept the types of every filing attachment (seed 004). */
#define HELP_FILE_TYPES	"jpg,jpeg,png,pdf,doc,docx,xls,xlsx,rar"

/* The sections a question may point at (HTTP.md sme-filing), with labels. */
enum hsection { HS_BASIC, HS_PRODUCTS, HS_OPERATIONS, HS_RND, HS_TITLES,
    HS_ATTACHMENTS, HS__MAX };
static const char *const hsection_names[HS__MAX] = {
	"basic", "products", "operations", "rnd", "titles", "attachments"
};
static const char *const hsection_labels[HS__MAX] = {
	"基本情况", "产品信息", "经营情况", "创新研发", "已认定事项", "附件"
};

static const char SQL_WINDOWS[] =
    "SELECT id, kind, year,"
    " DATE_FORMAT(opens_at + INTERVAL 8 HOUR, '%Y-%m-%d'),"
    " DATE_FORMAT(closes_at + INTERVAL 8 HOUR - INTERVAL 1 SECOND, '%Y-%m-%d'),"
    " UTC_TIMESTAMP() BETWEEN opens_at AND closes_at"
    " FROM filing_window WHERE year >= YEAR(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - 1"
    " ORDER BY year DESC, FIELD(kind, 'entry', 'update', 'product', 'giant-mfg',"
    " 'giant-innov', 'recheck')";
enum { WN_ID, WN_KIND, WN_YEAR, WN_OPENS, WN_CLOSES, WN_OPEN };
static const struct rowvar windows_map[] = {
	{ "year", WN_YEAR }, { "opens", WN_OPENS }, { "closes", WN_CLOSES },
};
static const char SQL_WINDOW_NOTICES[] =
    "SELECT n.window_id, n.id, n.title FROM notice n"
    " WHERE n.window_id IS NOT NULL AND n.audience = 'public'"
    " AND n.publish_on <= DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) ORDER BY n.id";
enum { WNN_WINDOW, WNN_ID, WNN_TITLE };
static const char SQL_MY_FILINGS[] =
    "SELECT id, year, kind FROM filing WHERE enterprise_id = ?"
    " ORDER BY year DESC, id DESC LIMIT 50";
enum { MF_ID, MF_YEAR, MF_KIND };
/* The columns of lib's results shown as they are. */
static const struct rowvar contact_map[] = {
	{ "id", CONTACT_ID }, { "office", CONTACT_OFFICE },
	{ "purpose", CONTACT_PURPOSE }, { "phone", CONTACT_PHONE },
	{ "hours", CONTACT_HOURS },
};
static const struct rowvar faq_map[] = {
	{ "question", FAQ_QUESTION }, { "answer", FAQ_ANSWER },
};
static const struct rowvar reply_map[] = {
	{ "value", CONSULT_REPLY_ID }, { "title", CONSULT_REPLY_TITLE },
	{ "body", CONSULT_REPLY_BODY },
};

/* A filing kind as filing_window.kind spells it, by its filing's name. */
static const char *
hkind_label(const char *kind)
{
	return vocab_kind_label(kind, VOCAB_FILING);
}

/* A form value, or "" when absent. Borrowed. */
static const char *
form_or_empty(struct app_ctx *c, const char *k)
{
	const char	*v = req_form(c->r, k);

	return v != NULL ? v : "";
}

/*
 * Check v, the text of field k, at most max characters: a field error
 * too_long when it is longer, empty when it is blank. 1 when it passes.
 */
static int
text_field(struct app_ctx *c, const char *k, const char *v, unsigned max,
    const char *too_long, const char *empty)
{
	const char	*msg = validate_text(v, max);

	if (msg != NULL)
		app_field_error(c, k, strcmp(msg, "内容过长") == 0 ? too_long : empty);
	return msg == NULL;
}

/* Flash messages chosen by a fixed key, never by reflected text. */
static const char *
msg_text(const char *key)
{
	static const char *const keys[][2] = {
		{ "asked", "问题已提交，工信部门回复后将以短信通知您。" },
		{ "answered", "回复已发送，企业将收到短信通知。" },
		{ "followup", "补充内容已提交。" },
		{ "handed", "已转交。" },
		{ "solved", "已标记为已解决。" },
		{ "published", "已发布。" },
		{ "faq", "已发布到常见问题。" },
		{ "reply_saved", "已保存为常用回复。" },
		{ "contact_saved", "联系方式已保存。" },
		{ "contact_deleted", "联系方式已删除。" },
	};
	size_t	 i;

	for (i = 0; key != NULL && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i][0], key) == 0)
			return keys[i][1];
	return NULL;
}

/* Add contacts (own region first) to list k of v. */
static enum sme_err
fill_contacts(struct app_ctx *c, struct tmpl_vars *v, const char *k,
    const char *region, size_t max)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	size_t			 i;
	enum sme_err		 er;

	if ((er = contact_list(c->db, region, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows && i < max; i++) {
		if ((it = tmpl_add(v, k)) == NULL)
			break;
		rowvars_set(it, res, i, contact_map, NELEM(contact_map));
		tmpl_set(it, "region", db_res_get(res, i, CONTACT_REGION_NAME));
		tmpl_set(it, "own", region != NULL &&
		    db_res_is(res, i, CONTACT_REGION, region) ? "1" : NULL);
	}
	db_res_free(res);
	return SME_OK;
}

/* A notice row (notice_list's columns) as item it. */
static void
fill_notice_item(struct tmpl_vars *it, const struct db_res *res, size_t i)
{
	const char	*exp = db_res_get(res, i, NOTICE_EXPIRES_ON);
	int		 a = sme_lookup(notice_audience_names, NOTICE__MAX,
	    db_res_get(res, i, NOTICE_AUDIENCE));

	tmpl_setf(it, "href", "/notices/%s", db_res_get(res, i, NOTICE_ID));
	tmpl_set(it, "id", db_res_get(res, i, NOTICE_ID));
	tmpl_set(it, "title", db_res_get(res, i, NOTICE_TITLE));
	tmpl_set(it, "publish_on", db_res_get(res, i, NOTICE_PUBLISH_ON));
	tmpl_set(it, "expires_on", exp);
	tmpl_set(it, "audience", a < 0 ? "" : notice_audience_labels[a]);
	tmpl_set(it, "issuer", db_res_get(res, i, NOTICE_ISSUER));
	tmpl_set(it, "expired", db_res_int(res, i, NOTICE_EXPIRED, 0) ? "1" : NULL);
	if (db_res_get(res, i, NOTICE_WINDOW_KIND) != NULL)
		tmpl_setf(it, "window", "%s年%s", db_res_get(res, i, NOTICE_WINDOW_YEAR),
		    hkind_label(db_res_get(res, i, NOTICE_WINDOW_KIND)));
}

/* ---- GET /help ---------------------------------------------------------- */

static enum sme_err
page_help(struct app_ctx *c)
{
	struct db_res		*res, *wn;
	struct tmpl_vars	*it, *ln;
	size_t			 i, j;
	enum sme_err		 er;

	if ((er = db_query(c->db, SQL_WINDOWS, NULL, 0, &res)) != SME_OK)
		return er;
	if ((er = db_query(c->db, SQL_WINDOW_NOTICES, NULL, 0, &wn)) != SME_OK) {
		db_res_free(res);
		return er;
	}
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "windows")) == NULL)
			break;
		rowvars_set(it, res, i, windows_map, NELEM(windows_map));
		tmpl_set(it, "kind", hkind_label(db_res_get(res, i, WN_KIND)));
		tmpl_set(it, "open", db_res_int(res, i, WN_OPEN, 0) ? "1" : NULL);
		for (j = 0; j < wn->nrows; j++) {
			if (!db_res_is(wn, j, WNN_WINDOW, db_res_get(res, i, WN_ID)) ||
			    (ln = tmpl_add(it, "notices")) == NULL)
				continue;
			tmpl_setf(ln, "href", "/notices/%s", db_res_get(wn, j, WNN_ID));
			tmpl_set(ln, "title", db_res_get(wn, j, WNN_TITLE));
		}
	}
	tmpl_set(c->v, "has_windows", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	db_res_free(wn);
	if ((er = fill_contacts(c, c->v, "contacts",
	    c->sess != NULL ? c->sess->region_code : NULL, 500)) != SME_OK)
		return er;
	return app_render(c, 200, "help");
}

/* ---- GET /faq ----------------------------------------------------------- */

static enum sme_err
page_faq(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*g, *it;
	const char		*q = req_query(c->r, "q");
	size_t			 i;
	int			 t, tt;
	enum sme_err		 er;

	if (q != NULL && validate_text(q, FAQ_QUERY_MAX) != NULL)
		q = NULL;	/* blank or too long: everything */
	tmpl_set(c->v, "q", q);
	if ((er = faq_list(c->db, q, &res)) != SME_OK)
		return er;
	/* The groups in their fixed order, each with its entries. */
	for (t = 0; t < FAQ__MAX; t++) {
		g = NULL;
		for (i = 0; i < res->nrows; i++) {
			tt = sme_lookup(faq_topic_names, FAQ__MAX, db_res_get(res, i, FAQ_TOPIC));
			if ((tt < 0 ? FAQ_OTHER : tt) != t)
				continue;
			if (g == NULL && (g = tmpl_add(c->v, "groups")) != NULL) {
				tmpl_set(g, "topic", faq_topic_labels[t]);
				tmpl_set(g, "key", faq_topic_names[t]);
			}
			if (g == NULL || (it = tmpl_add(g, "entries")) == NULL)
				continue;
			tmpl_setf(it, "anchor", "faq-%s", db_res_get(res, i, FAQ_ID));
			rowvars_set(it, res, i, faq_map, NELEM(faq_map));
		}
	}
	tmpl_setf(c->v, "count", "%zu", res->nrows);
	tmpl_set(c->v, "none", res->nrows == 0 ? "1" : NULL);
	db_res_free(res);
	return app_render(c, 200, "faq");
}

/* ---- notices ------------------------------------------------------------ */

static enum sme_err
page_notices(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	size_t			 i;
	enum sme_err		 er;

	if ((er = notice_list(c->db, c->sess, 0, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++)
		if ((it = tmpl_add(c->v, "notices")) != NULL)
			fill_notice_item(it, res, i);
	tmpl_set(c->v, "none", res->nrows == 0 ? "1" : NULL);
	tmpl_set(c->v, "can_publish", notice_may_publish(c->sess) ? "1" : NULL);
	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	db_res_free(res);
	return app_render(c, 200, "notices");
}

static enum sme_err
page_notice(struct app_ctx *c)
{
	struct db_res		*res, *files;
	struct tmpl_vars	*it;
	long long		 id = app_id(c->arg[0]);
	size_t			 i;
	enum sme_err		 er;

	if ((er = notice_get(c->db, c->sess, id, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		app_error(c, 404);
		return SME_OK;
	}
	fill_notice_item(c->v, res, 0);
	/* Stored sanitised; data-html passes it through the sanitiser again. */
	tmpl_set(c->v, "body", db_res_get(res, 0, NOTICE_BODY));
	db_res_free(res);
	if ((er = notice_files(c->db, id, &files)) != SME_OK)
		return er;
	for (i = 0; i < files->nrows; i++)
		if ((it = tmpl_add(c->v, "files")) != NULL) {
			tmpl_setf(it, "href", "/notices/%lld/files/%s", id,
			    db_res_get(files, i, NOTICE_FILE_ID));
			tmpl_set(it, "name", db_res_get(files, i, NOTICE_FILE_NAME));
		}
	db_res_free(files);
	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	return app_render(c, 200, "notice");
}

/*
 * Hand a stored file to nginx (X-Accel-Redirect): PDF and images inline,
 * the rest as downloads; nginx's internal location adds nosniff and a
 * sandboxing CSP. name is the client's (disposition_format).
 */
static void
send_stored(struct app_ctx *c, const char *sha, const char *name, const char *type)
{
	char		 path[128], disp[2048];
	int		 inline_ok = strcmp(type, "application/pdf") == 0 ||
	    strcmp(type, "image/jpeg") == 0 || strcmp(type, "image/png") == 0;

	snprintf(path, sizeof(path), HELP_XACCEL "%.2s/%s", sha, sha);
	disposition_format(name, inline_ok, disp, sizeof(disp));
	req_header(c->r, "X-Accel-Redirect", path);
	req_header(c->r, "Content-Disposition", disp);
	req_send(c->r, 200, type, NULL, 0);
}

static enum sme_err
page_notice_file(struct app_ctx *c)
{
	struct db_res	*res, *files;
	long long	 id = app_id(c->arg[0]), fid = app_id(c->arg[1]);
	size_t		 i;
	enum sme_err	 er;

	if ((er = notice_get(c->db, c->sess, id, &res)) != SME_OK)
		return er;
	i = res->nrows;
	db_res_free(res);
	if (i == 0 || (er = notice_files(c->db, id, &files)) != SME_OK) {
		if (i == 0)
			app_error(c, 404);
		return i == 0 ? SME_OK : er;
	}
	for (i = 0; i < files->nrows; i++)
		if (db_res_int(files, i, NOTICE_FILE_ID, 0) == fid)
			break;
	if (i == files->nrows)
		app_error(c, 404);
	else
		send_stored(c, db_res_get(files, i, NOTICE_FILE_SHA),
		    db_res_get(files, i, NOTICE_FILE_NAME),
		    db_res_get(files, i, NOTICE_FILE_TYPE));
	db_res_free(files);
	return SME_OK;
}

/* The publish form's selects: audiences and this year's windows. */
static enum sme_err
publish_render(struct app_ctx *c, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	char			 today[DEADLINE_DATE_SZ];
	const char		*aud = req_form(c->r, "audience");
	const char		*win = req_form(c->r, "window");
	size_t			 i;
	enum sme_err		 er;

	deadline_format(deadline_day_of(time(NULL)), today, sizeof(today));
	tmpl_set(c->v, "title", form_or_empty(c, "title"));
	tmpl_set(c->v, "body", form_or_empty(c, "body"));
	tmpl_set(c->v, "publish_on", req_form(c->r, "publish_on") ?
	    req_form(c->r, "publish_on") : today);
	tmpl_set(c->v, "expires_on", form_or_empty(c, "expires_on"));
	tmpl_set(c->v, "region", c->sess->region_name);
	for (i = 0; i < NOTICE__MAX; i++)
		if ((it = tmpl_add(c->v, "audiences")) != NULL) {
			tmpl_set(it, "value", notice_audience_names[i]);
			tmpl_set(it, "label", notice_audience_labels[i]);
			tmpl_set(it, "sel", aud != NULL &&
			    strcmp(aud, notice_audience_names[i]) == 0 ? "1" : NULL);
		}
	if ((er = db_query(c->db, SQL_WINDOWS, NULL, 0, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++)
		if ((it = tmpl_add(c->v, "windows")) != NULL) {
			tmpl_set(it, "value", db_res_get(res, i, WN_ID));
			tmpl_setf(it, "label", "%s年%s（%s 至 %s）",
			    db_res_get(res, i, WN_YEAR),
			    hkind_label(db_res_get(res, i, WN_KIND)),
			    db_res_get(res, i, WN_OPENS), db_res_get(res, i, WN_CLOSES));
			tmpl_set(it, "sel", db_res_is(res, i, WN_ID, win) ? "1" : NULL);
		}
	db_res_free(res);
	return app_render(c, status, "notice_publish");
}

static enum sme_err
page_publish(struct app_ctx *c)
{
	return publish_render(c, 200);
}

/*
 * Check an uploaded file of field k (may be absent): its bytes by
 * structure (lib/sniff.c in its sandbox), then keep it in the store. *sha
 * "" when no file was sent; a field error when refused; SME_ESYS when
 * the store failed.
 */
static enum sme_err
take_file(struct app_ctx *c, const char *k, char sha[STORE_NAME_LEN + 1],
    const char **type)
{
	const struct multipart_file *f = multipart_file_get(&c->r->mp, k);
	enum sniff_verdict	 v;
	enum filetype		 t;
	char			 msg[512], ext[16];
	enum sme_err		 er;

	sha[0] = '\0';
	*type = NULL;
	if (f == NULL || (f->size == 0 && f->filename[0] == '\0'))
		return SME_OK;
	if (f->size == 0) {
		app_field_error(c, k, "文件是空的，请重新选择");
		return SME_OK;
	}
	if ((er = sniff_file(f->path, f->filename, HELP_FILE_TYPES, &v, &t,
	    msg, sizeof(msg))) != SME_OK)
		return er;
	if (v != SNIFF_OK) {
		app_field_error(c, k, msg[0] ? msg :
		    "只接收 jpg、jpeg、png、pdf、doc、docx、xls、xlsx、rar 文件");
		return SME_OK;
	}
	snprintf(ext, sizeof(ext), "x.%s", filetype_ext(t));
	*type = filetype_mime(filetype_of_name(ext));
	if (tmpl_get(c->v, "has_errors") != NULL)
		return SME_OK;	/* nothing is kept for a form that fails */
	return store_put(config_str(c->app->cfg, "storage_dir",
	    "/var/lib/sme/files"), f->path, sha);
}

/* The client's name of the file in field k, or "". Borrowed. */
static const char *
file_name(struct app_ctx *c, const char *k)
{
	const struct multipart_file *f = multipart_file_get(&c->r->mp, k);

	return f != NULL && f->filename != NULL ? f->filename : "";
}

/* The fields of the publish form into *in, each checked (a field error when wrong). */
static void
notice_fields(struct app_ctx *c, struct notice_in *in)
{
	const char	*aud = req_form(c->r, "audience");
	const char	*exp = req_form(c->r, "expires_on");
	const char	*win = req_form(c->r, "window");
	int		 a;

	memset(in, 0, sizeof(*in));
	in->title = form_or_empty(c, "title");
	in->body = form_or_empty(c, "body");
	in->publish_on = form_or_empty(c, "publish_on");
	in->expires_on = exp != NULL && *exp != '\0' ? exp : NULL;
	in->window_id = win != NULL && *win != '\0' ? app_id(win) : 0;
	text_field(c, "title", in->title, NOTICE_TITLE_MAX, "标题不超过150个字",
	    "请填写标题");
	if (validate_text(in->body, NOTICE_BODY_MAX) != NULL ||
	    strlen(in->body) > NOTICE_BODY_MAX)
		app_field_error(c, "body", *in->body == '\0' ? "请填写正文" :
		    "正文过长（不超过200KB）");
	if ((a = sme_lookup(notice_audience_names, NOTICE__MAX, aud)) < 0)
		app_field_error(c, "audience", "请选择发布范围");
	else
		in->audience = (enum notice_audience)a;
	if (validate_date(in->publish_on, 2000, 2099) != NULL)
		app_field_error(c, "publish_on", "请填写发布日期，格式为 YYYY-MM-DD");
	if (in->expires_on != NULL && validate_date(in->expires_on, 2000, 2099) != NULL)
		app_field_error(c, "expires_on", "截止日期格式为 YYYY-MM-DD，或留空表示长期有效");
	else if (in->expires_on != NULL &&
	    validate_date(in->publish_on, 2000, 2099) == NULL &&
	    strcmp(in->expires_on, in->publish_on) < 0)
		app_field_error(c, "expires_on", "截止日期不能早于发布日期");
	if (win != NULL && *win != '\0' && in->window_id == 0)
		app_field_error(c, "window", "请选择申报时间");
}

static enum sme_err
page_publish_post(struct app_ctx *c)
{
	struct notice_in	 in;
	const char		*type;
	char			 sha[STORE_NAME_LEN + 1];
	long long		 id;
	enum sme_err		 er;

	notice_fields(c, &in);
	if ((er = take_file(c, "file", sha, &type)) != SME_OK)
		return er;
	if (tmpl_get(c->v, "has_errors") != NULL)
		return publish_render(c, 422);
	er = notice_create(c->db, c->sess, &in, c->r->remote_addr, &id);
	if (er == SME_EINPUT) {
		app_field_error(c, "body", "正文只能包含文字和简单格式，清理后没有剩下内容");
		return publish_render(c, 422);
	}
	if (er != SME_OK)
		return er;
	if (sha[0] != '\0' && (er = notice_file_add(c->db, c->sess, id, sha,
	    file_name(c, "file"), type)) != SME_OK)
		return er;
	return redirect_to(c->r, "/notices/%lld?msg=published", id);
}

/* ---- 在线咨询 ----------------------------------------------------------- */

/* The ask form: topics, the enterprise's filings, sections; typed values kept. */
static enum sme_err
ask_form(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	const char		*topic = req_form(c->r, "topic");
	const char		*filing = req_form(c->r, "filing");
	const char		*section = req_form(c->r, "section");
	size_t			 i;
	enum sme_err		 er;

	/* A link from a filing's page names them in the query. */
	if (filing == NULL)
		filing = req_query(c->r, "filing");
	if (section == NULL)
		section = req_query(c->r, "section");
	tmpl_set(c->v, "subject", form_or_empty(c, "subject"));
	tmpl_set(c->v, "body", form_or_empty(c, "body"));
	for (i = 0; i < CONSULT_TOPIC__MAX; i++)
		if ((it = tmpl_add(c->v, "topics")) != NULL) {
			tmpl_set(it, "value", consult_topic_names[i]);
			tmpl_set(it, "label", consult_topic_labels[i]);
			tmpl_set(it, "sel", topic != NULL &&
			    strcmp(topic, consult_topic_names[i]) == 0 ? "1" : NULL);
		}
	for (i = 0; i < HS__MAX; i++)
		if ((it = tmpl_add(c->v, "sections")) != NULL) {
			tmpl_set(it, "value", hsection_names[i]);
			tmpl_set(it, "label", hsection_labels[i]);
			tmpl_set(it, "sel", section != NULL &&
			    strcmp(section, hsection_names[i]) == 0 ? "1" : NULL);
		}
	struct db_param p[] = { DB_INT(c->sess->enterprise_id) };
	if ((er = db_query(c->db, SQL_MY_FILINGS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++)
		if ((it = tmpl_add(c->v, "filings")) != NULL) {
			tmpl_set(it, "value", db_res_get(res, i, MF_ID));
			tmpl_setf(it, "label", "%s年%s（编号 %s）", db_res_get(res, i, MF_YEAR),
			    hkind_label(db_res_get(res, i, MF_KIND)), db_res_get(res, i, MF_ID));
			tmpl_set(it, "sel", db_res_is(res, i, MF_ID, filing) ? "1" : NULL);
		}
	db_res_free(res);
	return SME_OK;
}

/* The list of threads (an enterprise's own, or a reviewer's queue), and the form. */
static enum sme_err
consult_render(struct app_ctx *c, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	size_t			 i;
	int			 s, h;
	enum sme_err		 er;

	if ((er = consult_queue(c->db, c->sess, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		const char *id = db_res_get(res, i, CONSULT_Q_ID);
		const char *state = db_res_get(res, i, CONSULT_Q_STATE);
		const char *waiting = db_res_get(res, i, CONSULT_Q_WAITING);

		if ((it = tmpl_add(c->v, "threads")) == NULL)
			break;
		s = sme_lookup(consult_state_names, CONSULT_STATE__MAX, state);
		h = sme_lookup(consult_handler_names, CONSULT_H__MAX,
		    db_res_get(res, i, CONSULT_Q_HANDLER));
		tmpl_setf(it, "href", "/consult/%s", id);
		tmpl_set(it, "id", id);
		tmpl_set(it, "subject", db_res_get(res, i, CONSULT_Q_SUBJECT));
		tmpl_set(it, "state", state);
		tmpl_set(it, "state_label", s < 0 ? "" : consult_state_labels[s]);
		tmpl_set(it, "handler", h < 0 ? "" : consult_handler_labels[h]);
		if (waiting != NULL)
			tmpl_setf(it, "waiting", "%s小时", waiting);
		tmpl_set(it, "asked", db_res_get(res, i, CONSULT_Q_ASKED));
		tmpl_set(it, "enterprise", db_res_get(res, i, CONSULT_Q_ENTERPRISE));
		tmpl_set(it, "mine", db_res_int(res, i, CONSULT_Q_HOLDS, 0) ? "1" : NULL);
	}
	tmpl_set(c->v, "none", res->nrows == 0 ? "1" : NULL);
	db_res_free(res);
	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	if (c->sess->enterprise_id > 0) {
		tmpl_set(c->v, "is_enterprise", "1");
		if ((er = ask_form(c)) != SME_OK)
			return er;
	}
	return app_render(c, status, "consult");
}

static enum sme_err
page_consult(struct app_ctx *c)
{
	return consult_render(c, 200);
}

/* The fields of the ask form into *a, each checked (a field error when wrong). */
static void
ask_fields(struct app_ctx *c, struct consult_ask *a)
{
	const char	*filing = req_form(c->r, "filing");
	const char	*section = req_form(c->r, "section");
	int		 t;

	memset(a, 0, sizeof(*a));
	a->enterprise_id = c->sess->enterprise_id;
	a->account_id = c->sess->account_id;
	a->ip = c->r->remote_addr;
	a->subject = form_or_empty(c, "subject");
	a->body = form_or_empty(c, "body");
	if ((t = sme_lookup(consult_topic_names, CONSULT_TOPIC__MAX,
	    req_form(c->r, "topic"))) < 0)
		app_field_error(c, "topic", "请选择问题类别");
	else
		a->topic = (enum consult_topic)t;
	text_field(c, "subject", a->subject, CONSULT_SUBJECT_MAX, "标题不超过100个字",
	    "请用一句话写明问题");
	text_field(c, "body", a->body, CONSULT_BODY_MAX, "问题描述不超过4000个字",
	    "请描述您的问题");
	if (filing != NULL && *filing != '\0' && (a->filing_id = app_id(filing)) == 0)
		app_field_error(c, "filing", "请选择您的申报");
	if (section == NULL || *section == '\0')
		return;
	if (sme_lookup(hsection_names, HS__MAX, section) < 0)
		app_field_error(c, "section", "请选择申报中的部分");
	else if (a->filing_id == 0)
		app_field_error(c, "section", "请先选择相关的申报");
	else
		a->section = section;
}

static enum sme_err
page_consult_post(struct app_ctx *c)
{
	struct consult_ask	 a;
	const char		*type;
	char			 sha[STORE_NAME_LEN + 1];
	long long		 id;
	enum sme_err		 er;

	ask_fields(c, &a);
	if ((er = take_file(c, "file", sha, &type)) != SME_OK)
		return er;
	if (tmpl_get(c->v, "has_errors") != NULL)
		return consult_render(c, 422);
	if (sha[0] != '\0') {
		a.att_sha = sha;
		a.att_name = file_name(c, "file");
		a.att_type = type;
	}
	if ((er = consult_ask(c->db, &a, &id)) == SME_EINPUT) {
		app_field_error(c, "filing", "请选择您的申报");
		return consult_render(c, 422);
	}
	if (er != SME_OK)
		return er;
	return redirect_to(c->r, "/consult/%lld?msg=asked", id);
}

/* The heading of thread t: subject, state, topic, its holder, its filing. */
static void
thread_head(struct app_ctx *c, const struct consult_thread *t)
{
	int	 s;

	tmpl_setf(c->v, "action", "/consult/%lld", t->id);
	tmpl_setf(c->v, "faq_action", "/consult/%lld/faq", t->id);
	tmpl_set(c->v, "subject", t->subject);
	tmpl_set(c->v, "state", consult_state_names[t->state]);
	tmpl_set(c->v, "state_label", consult_state_labels[t->state]);
	tmpl_set(c->v, "topic_label", consult_topic_labels[t->topic]);
	tmpl_setf(c->v, "handler_label", "%s%s", t->handler == CONSULT_H_SUPPORT ||
	    t->handler == CONSULT_H_PROVINCE ? "" : t->handler_region_name,
	    t->handler == CONSULT_H_SUPPORT ? "技术支持" :
	    t->handler == CONSULT_H_PROVINCE ? "省工信厅" : "工信局");
	tmpl_set(c->v, "asked", t->created_at);
	if (!t->is_owner)
		tmpl_set(c->v, "enterprise", t->enterprise_name);
	if (t->filing_id <= 0)
		return;
	s = t->section ? sme_lookup(hsection_names, HS__MAX, t->section) : -1;
	tmpl_setf(c->v, "filing_href", "/filing/%lld/%s", t->filing_id,
	    s >= 0 ? hsection_names[s] : "basic");
	tmpl_setf(c->v, "filing_label", "申报编号 %lld%s%s", t->filing_id,
	    s >= 0 ? " · " : "", s >= 0 ? hsection_labels[s] : "");
}

/*
 * The messages of t (res, consult_messages' rows) into the page. The text
 * of the last answer (borrowed from res), or "".
 */
static const char *
thread_messages(struct app_ctx *c, const struct consult_thread *t,
    const struct db_res *res)
{
	struct tmpl_vars	*it;
	const char		*last_answer = "";
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		const char *kind = db_res_get(res, i, CONSULT_MSG_KIND);

		if ((it = tmpl_add(c->v, "messages")) == NULL)
			break;
		tmpl_set(it, "kind", kind);
		tmpl_set(it, "body", db_res_get(res, i, CONSULT_MSG_BODY));
		/* The enterprise's own messages are signed by it, never by name elsewhere. */
		tmpl_set(it, "author", db_res_is(res, i, CONSULT_MSG_ROLE, "enterprise") ?
		    (t->is_owner ? "我" : "企业") : db_res_get(res, i, CONSULT_MSG_AUTHOR));
		tmpl_set(it, "role", app_role_name(db_res_get(res, i, CONSULT_MSG_ROLE)));
		tmpl_set(it, "at", db_res_get(res, i, CONSULT_MSG_AT));
		if (db_res_get(res, i, CONSULT_MSG_SHA) != NULL) {
			tmpl_setf(it, "file_href", "/consult/%lld/files/%s", t->id,
			    db_res_get(res, i, CONSULT_MSG_ID));
			tmpl_set(it, "file_name", db_res_get(res, i, CONSULT_MSG_FILE_NAME));
		}
		if (strcmp(kind, "answer") == 0)
			last_answer = db_res_get(res, i, CONSULT_MSG_BODY);
	}
	return last_answer;
}

/*
 * The forms the caller has on t: follow up and solve (its enterprise),
 * answer and hand over (its holder), publish to the FAQ (a bureau, not
 * support, once answered; last_answer the answer it offers).
 */
static void
thread_forms(struct app_ctx *c, const struct consult_thread *t,
    const char *last_answer)
{
	struct tmpl_vars	*it;
	int			 h;

	if (t->state != CONSULT_SOLVED) {
		tmpl_set(c->v, "can_followup", t->is_owner ? "1" : NULL);
		tmpl_set(c->v, "can_solve", t->is_owner &&
		    t->state == CONSULT_ANSWERED ? "1" : NULL);
		tmpl_set(c->v, "can_answer", t->can_answer ? "1" : NULL);
	}
	for (h = 0; h < CONSULT_H__MAX; h++)
		if (consult_can_hand(c->sess, t, (enum consult_handler)h) &&
		    (it = tmpl_add(c->v, "hand_to")) != NULL) {
			tmpl_set(it, "value", consult_handler_names[h]);
			tmpl_set(it, "label", consult_handler_labels[h]);
		}
	tmpl_set(c->v, "can_hand", tmpl_get(c->v, "can_answer") &&
	    consult_can_hand(c->sess, t, CONSULT_H_SUPPORT) ? "1" : NULL);
	tmpl_set(c->v, "answer", form_or_empty(c, "answer"));
	tmpl_set(c->v, "reply_title", form_or_empty(c, "reply_title"));
	tmpl_set(c->v, "followup", form_or_empty(c, "followup"));
	if (t->faq_id > 0) {
		tmpl_setf(c->v, "faq_href", "/faq#faq-%lld", t->faq_id);
		return;
	}
	if (t->is_owner || strcmp(c->sess->role, "support") == 0 ||
	    t->state == CONSULT_WAITING)
		return;
	tmpl_set(c->v, "can_faq", "1");
	tmpl_set(c->v, "faq_question", req_form(c->r, "question") ?
	    req_form(c->r, "question") : t->subject);
	tmpl_set(c->v, "faq_answer", req_form(c->r, "faq_answer") ?
	    req_form(c->r, "faq_answer") : last_answer);
	for (h = 0; h < FAQ__MAX; h++)
		if ((it = tmpl_add(c->v, "faq_topics")) != NULL) {
			tmpl_set(it, "value", faq_topic_names[h]);
			tmpl_set(it, "label", faq_topic_labels[h]);
			tmpl_set(it, "sel", h == (t->topic == CONSULT_TOPIC_TECH ?
			    FAQ_ACCOUNT : FAQ_FILING) ? "1" : NULL);
		}
}

/* The thread page of t for the caller, with the forms its role has. */
static enum sme_err
thread_render(struct app_ctx *c, const struct consult_thread *t, int status)
{
	struct db_res	*res;
	size_t		 i;
	enum sme_err	 er;

	thread_head(c, t);
	if ((er = consult_messages(c->db, t->id, &res)) != SME_OK)
		return er;
	thread_forms(c, t, thread_messages(c, t, res));
	db_res_free(res);
	if (t->can_answer) {
		if ((er = consult_replies(c->db, c->sess, &res)) != SME_OK)
			return er;
		for (i = 0; i < res->nrows; i++)
			rowvars_set(tmpl_add(c->v, "replies"), res, i, reply_map,
			    NELEM(reply_map));
		tmpl_set(c->v, "has_replies", res->nrows > 0 ? "1" : NULL);
		db_res_free(res);
	}
	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	return app_render(c, status, "consult_thread");
}

/* Load thread arg 0 for the caller into *t; 404 sent when not theirs. */
static enum sme_err
thread_get(struct app_ctx *c, struct consult_thread **t)
{
	enum sme_err	 er;

	if ((er = consult_load(c->db, c->sess, app_id(c->arg[0]), t)) != SME_OK)
		return er;
	if (*t == NULL)
		app_error(c, 404);
	return SME_OK;
}

static enum sme_err
page_thread(struct app_ctx *c)
{
	struct consult_thread	*t;
	enum sme_err		 er;

	if ((er = thread_get(c, &t)) != SME_OK || t == NULL)
		return er;
	er = thread_render(c, t, 200);
	consult_free(t);
	return er;
}

/* The body of an answer: typed, or else the saved reply chosen. */
static enum sme_err
answer_body(struct app_ctx *c, const char **body)
{
	struct db_res	*res;
	const char	*pick = req_form(c->r, "reply");
	long long	 rid = pick != NULL ? app_id(pick) : 0;
	size_t		 i;
	enum sme_err	 er;

	*body = form_or_empty(c, "answer");
	if (validate_text(*body, 1) != NULL && rid > 0) {
		if ((er = consult_replies(c->db, c->sess, &res)) != SME_OK)
			return er;
		for (i = 0; i < res->nrows; i++)
			if (db_res_int(res, i, CONSULT_REPLY_ID, 0) == rid) {
				/* Kept in the page's values, which outlive res. */
				tmpl_set(c->v, "answer", db_res_get(res, i, CONSULT_REPLY_BODY));
				*body = tmpl_get(c->v, "answer");
			}
		db_res_free(res);
	}
	return SME_OK;
}

/* Answer t (the holder), maybe saving the text as a reply too. */
static enum sme_err
thread_answer(struct app_ctx *c, const struct consult_thread *t, const char **key)
{
	const char	*body, *save = req_form(c->r, "save_reply");
	const char	*title = form_or_empty(c, "reply_title");
	long long	 rid;
	enum sme_err	 er;

	if (!t->can_answer) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((er = answer_body(c, &body)) != SME_OK)
		return er;
	text_field(c, "answer", body, CONSULT_BODY_MAX, "回复不超过4000个字",
	    "请填写回复内容，或选择一条常用回复");
	if (save != NULL && validate_text(title, CONSULT_REPLY_TITLE_MAX) != NULL)
		app_field_error(c, "reply_title", "保存为常用回复时，请填写不超过60个字的名称");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return SME_OK;
	if ((er = consult_answer(c->db, c->app->cfg, c->sess, t, body,
	    c->r->remote_addr)) != SME_OK)
		return er;
	if (save != NULL && (er = consult_reply_save(c->db, c->sess, title, body,
	    &rid)) != SME_OK)
		return er;
	*key = "answered";
	return SME_OK;
}

static enum sme_err
page_thread_post(struct app_ctx *c)
{
	struct consult_thread	*t;
	const char		*action = form_or_empty(c, "action");
	const char		*key = NULL;
	int			 to;
	enum sme_err		 er;

	if ((er = thread_get(c, &t)) != SME_OK || t == NULL)
		return er;
	if (strcmp(action, "answer") == 0)
		er = thread_answer(c, t, &key);
	else if (strcmp(action, "followup") == 0 && t->is_owner) {
		const char *body = form_or_empty(c, "followup");

		if (text_field(c, "followup", body, CONSULT_BODY_MAX,
		    "补充内容不超过4000个字", "请填写补充内容") &&
		    (er = consult_followup(c->db, c->sess, t, body,
		    c->r->remote_addr)) == SME_OK)
			key = "followup";
	} else if (strcmp(action, "solve") == 0 && t->is_owner) {
		if ((er = consult_solve(c->db, c->sess, t, c->r->remote_addr)) == SME_OK)
			key = "solved";
	} else if (strcmp(action, "handover") == 0 && t->can_answer) {
		to = sme_lookup(consult_handler_names, CONSULT_H__MAX, req_form(c->r, "to"));
		if (to < 0 || !consult_can_hand(c->sess, t, (enum consult_handler)to))
			app_field_error(c, "to", "请选择转交给谁");
		else if ((er = consult_handover(c->db, c->sess, t,
		    (enum consult_handler)to, req_form(c->r, "note"),
		    c->r->remote_addr)) == SME_OK)
			key = "handed";
	} else {
		app_error(c, t->is_owner || t->can_answer ? 400 : 404);
		consult_free(t);
		return SME_OK;
	}
	if (er == SME_ECONFLICT) {
		consult_free(t);
		app_error(c, 409);
		return SME_OK;
	}
	if (er == SME_OK && key == NULL && tmpl_get(c->v, "has_errors") != NULL)
		er = thread_render(c, t, 422);
	else if (er == SME_OK && key != NULL) {
		/*
		 * A county that handed the thread away may no longer read it
		 * when it was support's; back to the queue then.
		 */
		if (strcmp(key, "handed") == 0)
			redirect_to(c->r, "/consult?msg=handed");
		else
			redirect_to(c->r, "/consult/%lld?msg=%s", t->id, key);
	}
	consult_free(t);
	return er;
}

static enum sme_err
page_thread_file(struct app_ctx *c)
{
	struct consult_thread	*t;
	struct db_res		*res;
	long long		 mid = app_id(c->arg[1]);
	size_t			 i;
	enum sme_err		 er;

	if ((er = thread_get(c, &t)) != SME_OK || t == NULL)
		return er;
	er = consult_messages(c->db, t->id, &res);
	consult_free(t);
	if (er != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++)
		if (db_res_int(res, i, CONSULT_MSG_ID, 0) == mid &&
		    db_res_get(res, i, CONSULT_MSG_SHA) != NULL)
			break;
	if (i == res->nrows)
		app_error(c, 404);
	else
		send_stored(c, db_res_get(res, i, CONSULT_MSG_SHA),
		    db_res_get(res, i, CONSULT_MSG_FILE_NAME),
		    db_res_get(res, i, CONSULT_MSG_FILE_TYPE));
	db_res_free(res);
	return SME_OK;
}

static enum sme_err
page_thread_faq(struct app_ctx *c)
{
	struct consult_thread	*t;
	const char		*q = form_or_empty(c, "question");
	const char		*a = form_or_empty(c, "faq_answer");
	long long		 id;
	int			 topic, found;
	enum sme_err		 er;

	if ((er = thread_get(c, &t)) != SME_OK || t == NULL)
		return er;
	if (t->state == CONSULT_WAITING || t->faq_id > 0) {
		consult_free(t);
		app_error(c, 409);
		return SME_OK;
	}
	if ((topic = sme_lookup(faq_topic_names, FAQ__MAX, req_form(c->r, "topic"))) < 0)
		app_field_error(c, "topic", "请选择分类");
	text_field(c, "question", q, FAQ_QUESTION_MAX, "问题不超过300个字", "请填写问题");
	text_field(c, "faq_answer", a, FAQ_ANSWER_MAX, "答案不超过4000个字", "请填写答案");
	if (tmpl_get(c->v, "has_errors") == NULL) {
		er = faq_publish(c->db, c->sess, t, (enum faq_topic)topic, q, a,
		    c->r->remote_addr, &found, &id);
		if (er == SME_EINPUT && found) {
			app_field_error(c, found ? "question" : "faq_answer",
			    "常见问题是公开的，不能包含企业名称，请改写");
			er = SME_OK;
		} else if (er == SME_ECONFLICT || er == SME_EINPUT) {
			consult_free(t);
			app_error(c, er == SME_ECONFLICT ? 409 : 404);
			return SME_OK;
		} else if (er == SME_OK) {
			redirect_to(c->r, "/consult/%lld?msg=faq", t->id);
			consult_free(t);
			return SME_OK;
		}
	}
	if (er == SME_OK)
		er = thread_render(c, t, 422);
	consult_free(t);
	return er;
}

static enum sme_err
page_replies_post(struct app_ctx *c)
{
	const char	*title = form_or_empty(c, "reply_title");
	const char	*body = form_or_empty(c, "reply_body");
	long long	 id;
	enum sme_err	 er;

	if (validate_text(title, CONSULT_REPLY_TITLE_MAX) != NULL ||
	    validate_text(body, CONSULT_BODY_MAX) != NULL) {
		app_field_error(c, "reply_title", "请填写名称（不超过60个字）和内容");
		return consult_render(c, 422);
	}
	if ((er = consult_reply_save(c->db, c->sess, title, body, &id)) != SME_OK)
		return er;
	return redirect_to(c->r, "/consult?msg=reply_saved");
}

/* ---- contacts ----------------------------------------------------------- */

static enum sme_err
contacts_render(struct app_ctx *c, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	size_t			 i;
	enum sme_err		 er;

	if ((er = contact_list(c->db, c->sess->region_code, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if (!db_res_is(res, i, CONTACT_REGION, c->sess->region_code) ||
		    (it = tmpl_add(c->v, "contacts")) == NULL)
			continue;
		rowvars_set(it, res, i, contact_map, NELEM(contact_map));
	}
	db_res_free(res);
	tmpl_set(c->v, "region", c->sess->region_name);
	tmpl_set(c->v, "office", form_or_empty(c, "office"));
	tmpl_set(c->v, "purpose", form_or_empty(c, "purpose"));
	tmpl_set(c->v, "phone", form_or_empty(c, "phone"));
	tmpl_set(c->v, "hours", form_or_empty(c, "hours"));
	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	return app_render(c, status, "contacts");
}

static enum sme_err
page_contacts(struct app_ctx *c)
{
	return contacts_render(c, 200);
}

/* 1 if s is a phone list as written: digits, -, 、, comma, space, parentheses, 转. */
static int
phone_ok(const char *s)
{
	const char	*p;
	int		 digits = 0;

	for (p = s; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (strchr("-,;() ", *p) != NULL)
			continue;
		else if (strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0 ||
		    strncmp(p, "转", 3) == 0)
			p += 2;
		else
			return 0;
	}
	return digits >= 7;
}

static enum sme_err
page_contacts_post(struct app_ctx *c)
{
	const char	*action = form_or_empty(c, "action");
	const char	*office = form_or_empty(c, "office");
	const char	*purpose = form_or_empty(c, "purpose");
	const char	*phone = form_or_empty(c, "phone");
	const char	*hours = form_or_empty(c, "hours");
	long long	 id = app_id(req_form(c->r, "id"));
	enum sme_err	 er;

	if (strcmp(action, "delete") == 0) {
		er = contact_delete(c->db, c->sess, id, c->r->remote_addr);
		if (er == SME_EINPUT) {
			app_error(c, 404);
			return SME_OK;
		}
		return er == SME_OK ? redirect_to(c->r, "/contacts?msg=contact_deleted") : er;
	}
	if (validate_text(office, CONTACT_FIELD_MAX) != NULL)
		app_field_error(c, "office", "请填写单位或科室（不超过60个字）");
	if (validate_text(phone, CONTACT_PHONE_MAX) != NULL || !phone_ok(phone))
		app_field_error(c, "phone", "请填写电话号码，如 025-83780780，多个号码用“、”分开");
	if (*purpose != '\0' && validate_text(purpose, CONTACT_FIELD_MAX) != NULL)
		app_field_error(c, "purpose", "不超过60个字");
	if (*hours != '\0' && validate_text(hours, CONTACT_FIELD_MAX) != NULL)
		app_field_error(c, "hours", "不超过60个字");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return contacts_render(c, 422);
	er = contact_save(c->db, c->sess, id, office, purpose, phone, hours,
	    c->r->remote_addr);
	if (er == SME_EINPUT) {
		app_error(c, 404);
		return SME_OK;
	}
	return er == SME_OK ? redirect_to(c->r, "/contacts?msg=contact_saved") : er;
}

#define STAFF	(APP_REVIEWER | APP_SUPPORT)

/* Fixed paths come before the {id} patterns that would also match them. */
static const struct app_route routes[] = {
	{ REQ_GET, "/help", page_help, 0 },
	{ REQ_GET, "/faq", page_faq, 0 },
	{ REQ_GET, "/notices", page_notices, 0 },
	{ REQ_GET, "/notices/publish", page_publish, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/notices/publish", page_publish_post, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/notices/{id}", page_notice, 0 },
	{ REQ_GET, "/notices/{id}/files/{fid}", page_notice_file, 0 },
	{ REQ_GET, "/consult", page_consult, APP_AUTH | APP_ENTERPRISE | STAFF },
	{ REQ_POST, "/consult", page_consult_post, APP_AUTH | APP_ENTERPRISE },
	{ REQ_POST, "/consult/replies", page_replies_post, APP_AUTH | STAFF | APP_HIDDEN },
	{ REQ_GET, "/consult/{id}", page_thread, APP_AUTH | APP_ENTERPRISE | STAFF },
	{ REQ_POST, "/consult/{id}", page_thread_post, APP_AUTH | APP_ENTERPRISE | STAFF },
	{ REQ_GET, "/consult/{id}/files/{mid}", page_thread_file, APP_AUTH | APP_ENTERPRISE | STAFF },
	{ REQ_POST, "/consult/{id}/faq", page_thread_faq, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/contacts", page_contacts, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/contacts", page_contacts_post, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-help", routes, NELEM(routes));
}
