/*
 * sme-filing.c - the filing handler: an enterprise's filings (入库申报,
 * 数据更新, certification applications), one page and one Save per
 * section, server-side validation of every field, derived figures, submit
 * with a completeness check, return reasons. Routes are in the table below;
 * /filing/{id}/attachments is sme-upload's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "assess.h"
#include "attach.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "flow.h"
#include "form.h"
#include "indicator.h"
#include "industry.h"
#include "log.h"
#include "once.h"
#include "refname.h"
#include "scope.h"
#include "tmpl.h"
#include "vocab.h"
#include "validate.h"

#define MISSING_MAX	64

static enum sme_err	page_list(struct app_ctx *);
static enum sme_err	page_new(struct app_ctx *);
static enum sme_err	page_filing(struct app_ctx *);
static enum sme_err	page_section(struct app_ctx *);
static enum sme_err	page_section_post(struct app_ctx *);
static enum sme_err	page_submit(struct app_ctx *);
static enum sme_err	page_assessment(struct app_ctx *);
static enum sme_err	page_industries(struct app_ctx *);

enum route {
	ROUTE_LIST,
	ROUTE_NEW,
	ROUTE_INDUSTRIES,
	ROUTE_FILING,
	ROUTE_ASSESSMENT,
	ROUTE_SUBMIT,
	ROUTE_SECTION,
	ROUTE_SECTION_POST,
	ROUTE__MAX
};

static const struct app_route routes[ROUTE__MAX] = {
	[ROUTE_LIST] = { REQ_GET, "/filing", page_list, APP_AUTH | APP_ENTERPRISE },
	[ROUTE_NEW] = { REQ_POST, "/filing/new", page_new, APP_AUTH | APP_ENTERPRISE },
	[ROUTE_INDUSTRIES] = { REQ_GET, "/filing/industries", page_industries, APP_PUBLIC },
	[ROUTE_FILING] = { REQ_GET, "/filing/{id}", page_filing, APP_AUTH | APP_ENTERPRISE },
	[ROUTE_ASSESSMENT] = { REQ_GET, "/filing/{id}/assessment", page_assessment, APP_AUTH },
	/* Before the sections: the table is searched in order. */
	[ROUTE_SUBMIT] = { REQ_POST, "/filing/{id}/submit", page_submit, APP_AUTH | APP_ENTERPRISE },
	[ROUTE_SECTION] = { REQ_GET, "/filing/{id}/{section}", page_section, APP_AUTH | APP_ENTERPRISE },
	[ROUTE_SECTION_POST] = { REQ_POST, "/filing/{id}/{section}", page_section_post, APP_AUTH | APP_ENTERPRISE },
};

static const char SQL_LIST[] =
    "SELECT id, kind, COALESCE(class, ''), COALESCE(level, ''), year, state,"
    " COALESCE(return_reason, ''), DATE_FORMAT(updated_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(subject, '')"
    " FROM filing WHERE enterprise_id = ? ORDER BY year DESC, id DESC";
static const char SQL_WINDOW[] =
    "SELECT opens_at <= UTC_TIMESTAMP() AND closes_at > UTC_TIMESTAMP(),"
    " DATE_FORMAT(opens_at + INTERVAL 8 HOUR, '%Y-%m-%d'),"
    " DATE_FORMAT(closes_at + INTERVAL 8 HOUR - INTERVAL 1 SECOND, '%Y-%m-%d')"
    " FROM filing_window WHERE kind = ? AND year = ?";
static const char SQL_EVENTS[] =
    "SELECT DATE_FORMAT(ev.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ev.action, ev.from_state,"
    " ev.to_state, COALESCE(ev.reason, ''), COALESCE(a.display_name, '')"
    " FROM filing_event ev LEFT JOIN account a ON a.id = ev.actor_id"
    " WHERE ev.filing_id = ? ORDER BY ev.id";

static const char *
kind_label(const char *kind)
{
	const char	*l = vocab_kind_label(kind, VOCAB_FILING);

	return *l != '\0' ? l : kind;
}

static const char *
class_label(const char *class)
{
	return vocab_class_label(class);
}

static const char *
level_label(const char *level)
{
	return vocab_title_level_label(level);
}

/* ---- loading a filing for the caller ------------------------------------- */

/*
 * Load the filing of the path's {id} for the caller into *out: the owning
 * enterprise, or (reviewers != 0) a reviewer in scope. *out is NULL (and
 * 404 sent) otherwise.
 */
static enum sme_err
filing_for(struct app_ctx *c, int reviewers, struct filing **out)
{
	struct filing	*f = NULL;
	enum sme_err	 er;
	long long	 id = app_id(c->arg[0]);
	int		 ok = 0;

	*out = NULL;
	if (id == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((er = filing_load(c->db, id, &f)) != SME_OK)
		return er;
	if (f != NULL && c->sess->enterprise_id > 0)
		ok = f->enterprise_id == c->sess->enterprise_id;
	else if (f != NULL && reviewers &&
	    (er = scope_enterprise(c->db, c->sess, f->enterprise_id, &ok)) != SME_OK) {
		filing_free(f);
		return er;
	}
	if (!ok) {
		filing_free(f);
		app_error(c, 404);
		return SME_OK;
	}
	*out = f;
	return SME_OK;
}

/* A fresh one-time token for a form into the page variable name. */
static enum sme_err
once_issue(struct app_ctx *c, const char *name)
{
	char		 tok[64];
	enum sme_err	 er;

	if ((er = once_new(tok, sizeof(tok))) != SME_OK)
		return er;
	tmpl_set(c->v, name, tok);
	return SME_OK;
}

/* Is kind's window of year open? *open; opens/closes get the dates ("" if none). */
static enum sme_err
window_check(struct app_ctx *c, const char *kind, int year, int *open,
    char *opens, char *closes, size_t datesz)
{
	struct db_param	 p[2] = { DB_STR(kind), DB_INT(year) };
	struct db_res	*res;
	enum sme_err	 er;

	*open = 0;
	opens[0] = closes[0] = '\0';
	if ((er = db_query(c->db, SQL_WINDOW, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		*open = db_res_int(res, 0, 0, 0) == 1;
		snprintf(opens, datesz, "%s", db_res_get(res, 0, 1));
		snprintf(closes, datesz, "%s", db_res_get(res, 0, 2));
	}
	db_res_free(res);
	return SME_OK;
}

/* The message of a closed window. */
static void
window_message(struct app_ctx *c, const char *kind, int year, const char *opens,
    const char *closes)
{
	if (opens[0] == '\0')
		tmpl_setf(c->v, "refusal", "%d年%s申报尚未开放。", year, kind_label(kind));
	else
		tmpl_setf(c->v, "refusal", "%d年%s申报时间为 %s 至 %s，当前不在申报时间内。已保存的草稿不受影响。",
		    year, kind_label(kind), opens, closes);
}

/* ---- GET /filing ---------------------------------------------------------- */

static void
list_new_options(struct app_ctx *c)
{
	size_t			 i;
	struct tmpl_vars	*it;
	const char		*v;

	for (i = 0; i < FLOW_KIND__MAX; i++) {
		if ((it = tmpl_add(c->v, "kinds")) == NULL)
			return;
		tmpl_set(it, "v", flow_kind_name(i));
		tmpl_set(it, "label", vocab_kind_label(flow_kind_name(i), VOCAB_FILING));
		tmpl_set(it, "sel", strcmp(flow_kind_name(i), req_form(c->r, "kind") ?
		    req_form(c->r, "kind") : "") == 0 ? "1" : NULL);
	}
	tmpl_setf(c->v, "year", "%d", filing_year_now());
	/* What was chosen comes back with a refusal. */
	v = req_form(c->r, "class");
	tmpl_set(c->v, "class_mfg", v != NULL && strcmp(v, "mfg") == 0 ? "1" : NULL);
	tmpl_set(c->v, "class_innov", v != NULL && strcmp(v, "innov") == 0 ? "1" : NULL);
	v = req_form(c->r, "level");
	tmpl_set(c->v, "level_province", v != NULL && strcmp(v, "province") == 0 ? "1" : NULL);
	tmpl_set(c->v, "level_local", v != NULL && strcmp(v, "local") == 0 ? "1" : NULL);
	tmpl_set(c->v, "new_subject", req_form(c->r, "subject"));
}

static enum sme_err
list_render(struct app_ctx *c, int status)
{
	struct db_param		 p[1] = { DB_INT(c->sess->enterprise_id) };
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	const char		*kind, *state;

	if ((er = db_query(c->db, SQL_LIST, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "filings")) == NULL)
			break;
		kind = db_res_get(res, i, 1);
		state = db_res_get(res, i, 5);
		tmpl_set(it, "id", db_res_get(res, i, 0));
		tmpl_setf(it, "href", "/filing/%s/basic", db_res_get(res, i, 0));
		tmpl_setf(it, "kind", "%s%s%s%s%s", kind_label(kind),
		    *class_label(db_res_get(res, i, 2)) ? " · " : "", class_label(db_res_get(res, i, 2)),
		    *level_label(db_res_get(res, i, 3)) ? " · " : "", level_label(db_res_get(res, i, 3)));
		tmpl_set(it, "kind_key", kind);
		tmpl_set(it, "subject", db_res_get(res, i, 8));
		tmpl_set(it, "year", db_res_get(res, i, 4));
		tmpl_set(it, "state", flow_state_label(flow_state_parse(state)));
		tmpl_set(it, "state_key", state);
		tmpl_set(it, "reason", db_res_get(res, i, 6));
		tmpl_set(it, "updated", db_res_get(res, i, 7));
	}
	db_res_free(res);
	list_new_options(c);
	return app_render(c, status, "filing_list");
}

static enum sme_err
page_list(struct app_ctx *c)
{
	const char	*m = req_query(c->r, "msg");

	if (m != NULL && strcmp(m, "submitted") == 0)
		tmpl_set(c->v, "notice", "已提交，请等待审核。审核结果将以短信通知。");
	return list_render(c, 200);
}

/* ---- POST /filing/new ----------------------------------------------------- */

/* Check the new-filing form; the fields' errors go to the page. */
static int
new_form_ok(struct app_ctx *c, int *kind)
{
	const char	*k = req_form(c->r, "kind"), *cl = req_form(c->r, "class");
	const char	*lv = req_form(c->r, "level"), *subj = req_form(c->r, "subject");

	*kind = flow_kind_parse(k);
	if (*kind < 0)
		app_field_error(c, "kind", "请选择申报类型");
	else if (*kind == FLOW_KENTRY || *kind == FLOW_KUPDATE) {
		if (cl == NULL || (strcmp(cl, "mfg") != 0 && strcmp(cl, "innov") != 0))
			app_field_error(c, "class", "请选择制造类或创新类");
	} else if (lv == NULL || (strcmp(lv, "province") != 0 && strcmp(lv, "local") != 0))
		app_field_error(c, "level", "请选择省级或市县");
	if (*kind == FLOW_KPRODUCT && validate_text(subj, 100) != NULL)
		app_field_error(c, "subject", "请填写申报产品名称（不超过100字）");
	if (*kind == FLOW_KRECHECK && subj != NULL && *subj != '\0' && validate_text(subj, 100) != NULL)
		app_field_error(c, "subject", "产品名称不超过100字");
	return tmpl_get(c->v, "has_errors") == NULL;
}

static enum sme_err
page_new(struct app_ctx *c)
{
	const char	*kind_s, *cl, *lv;
	char		 opens[16], closes[16], why[256], loc[64], *subj;
	enum sme_err	 er;
	long long	 id;
	int		 kind, year = filing_year_now(), open;

	if (!new_form_ok(c, &kind))
		return list_render(c, 422);
	kind_s = flow_kind_name(kind);
	cl = kind == FLOW_KENTRY || kind == FLOW_KUPDATE ? req_form(c->r, "class") : NULL;
	lv = cl == NULL ? req_form(c->r, "level") : NULL;
	if ((er = window_check(c, kind_s, year, &open, opens, closes, sizeof(opens))) != SME_OK)
		return er;
	if (!open) {
		window_message(c, kind_s, year, opens, closes);
		return list_render(c, 409);
	}
	/* A product filing names its product; a recheck of a product title may. */
	subj = kind == FLOW_KPRODUCT || kind == FLOW_KRECHECK ?
	    validate_trimmed(req_form(c->r, "subject"), 0) : NULL;
	if (subj != NULL && *subj == '\0') {
		free(subj);
		subj = NULL;
	}
	/* The rules decide under the enterprise's lock, with the insert. */
	er = filing_create(c->db, c->sess->enterprise_id, kind_s, cl, lv, year, subj,
	    c->sess->account_id, why, sizeof(why), &id);
	free(subj);
	if (er != SME_OK)
		return er;
	if (id == 0) {
		tmpl_set(c->v, "refusal", why);
		return list_render(c, 409);
	}
	snprintf(loc, sizeof(loc), "/filing/%lld/basic", id);
	req_redirect(c->r, loc);
	return SME_OK;
}

static enum sme_err
page_filing(struct app_ctx *c)
{
	struct filing	*f;
	enum sme_err	 er;
	char		 loc[64];

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	snprintf(loc, sizeof(loc), "/filing/%lld/basic", f->id);
	filing_free(f);
	req_redirect(c->r, loc);
	return SME_OK;
}

/* ---- the section page ----------------------------------------------------- */

/* The header of every filing page: who, what, state, reason, sections. */
static void
section_head(struct app_ctx *c, const struct filing *f, const char *current)
{
	const struct form_section	*secs;
	struct tmpl_vars		*it;
	size_t				 i, n;

	tmpl_setf(c->v, "id", "%lld", f->id);
	tmpl_setf(c->v, "version", "%lld", f->version);
	tmpl_setf(c->v, "year", "%d", f->year);
	tmpl_set(c->v, "ent_name", f->ent_name);
	tmpl_set(c->v, "ent_uscc", f->ent_uscc);
	tmpl_set(c->v, "kind_label", kind_label(f->kind));
	tmpl_set(c->v, "class_label", class_label(f->class));
	tmpl_set(c->v, "level_label", level_label(f->level));
	tmpl_set(c->v, "subject", f->subject);
	tmpl_set(c->v, "state_label", flow_state_label(f->state));
	tmpl_set(c->v, "state_key", flow_state_name(f->state));
	tmpl_set(c->v, "editable", flow_editable(f->state) ? "1" : NULL);
	tmpl_set(c->v, "updated_at", f->updated_at);
	tmpl_setf(c->v, "action", "/filing/%lld/%s", f->id, current);
	tmpl_setf(c->v, "submit_action", "/filing/%lld/submit", f->id);
	tmpl_setf(c->v, "back_href", "/filing/%lld/basic", f->id);
	tmpl_setf(c->v, "assess_href", "/filing/%lld/assessment", f->id);
	if (f->state == FLOW_RETURNED)
		tmpl_set(c->v, "return_reason", f->return_reason);
	n = form_sections(f->kind, &secs);
	for (i = 0; i < n; i++) {
		if ((it = tmpl_add(c->v, "sections")) == NULL)
			return;
		tmpl_set(it, "key", secs[i].key);
		tmpl_set(it, "label", secs[i].label);
		tmpl_setf(it, "href", "/filing/%lld/%s", f->id, secs[i].key);
		tmpl_set(it, "current", strcmp(secs[i].key, current) == 0 ? "page" : NULL);
	}
}

/* Options of a choice field, the selected one marked. */
static void
field_options(struct tmpl_vars *it, const struct form_field *ff, const char *value)
{
	const char *const	*ch;
	struct tmpl_vars	*o;
	size_t			 i;
	const struct refname_item *l = NULL;
	size_t			 n = 0;

	if (ff->type == FORM_CHOICE) {
		for (ch = ff->choices; ch[0] != NULL; ch += 2)
			if ((o = tmpl_add(it, "opts")) != NULL) {
				tmpl_set(o, "v", ch[0]);
				tmpl_set(o, "label", ch[1]);
				tmpl_set(o, "sel", value && strcmp(value, ch[0]) == 0 ? "1" : NULL);
			}
		return;
	}
	if (ff->type == FORM_CLUSTER)
		l = refname_clusters(&n);
	for (i = 0; i < n; i++)
		if ((o = tmpl_add(it, "opts")) != NULL) {
			tmpl_set(o, "v", l[i].id);
			tmpl_set(o, "label", l[i].name);
			tmpl_set(o, "sel", value && strcmp(value, l[i].id) == 0 ? "1" : NULL);
		}
}

/* 1 if id is in the comma-separated list s. */
static int
multi_has(const char *s, const char *id)
{
	size_t	 n = strlen(id);

	while (s != NULL && *s != '\0') {
		if (strncmp(s, id, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return 1;
		s = strchr(s, ',');
		s = s != NULL ? s + 1 : NULL;
	}
	return 0;
}

static void
field_chains(struct tmpl_vars *it, const char *value)
{
	const struct refname_item *l;
	struct tmpl_vars	*o;
	size_t			 i, n;

	l = refname_chains(&n);
	for (i = 0; i < n; i++)
		if ((o = tmpl_add(it, "checks")) != NULL) {
			tmpl_set(o, "v", l[i].id);
			tmpl_set(o, "label", l[i].name);
			tmpl_set(o, "on", multi_has(value, l[i].id) ? "1" : NULL);
		}
}

/*
 * The four selects of the industry field: 门类 always, each lower level
 * with the children of the level above. The path comes from the 小类
 * value, or (a form posted without JavaScript, one level at a time) from
 * the posted industry_l1..3.
 */
static void
field_industry(struct app_ctx *c, struct tmpl_vars *it, const char *value)
{
	static const char *const names[4] = { "industry_l1", "industry_l2", "industry_l3", "industry" };
	static const char *const labels[4] = { "门类", "大类", "中类", "小类" };
	const struct industry	*path[4] = { NULL }, *kids[400], *x;
	struct tmpl_vars	*lv, *o;
	size_t			 n, k;
	int			 i;

	if ((x = industry_find(value)) != NULL && x->level == 4)
		for (i = 3; i >= 0 && x != NULL; i--, x = industry_find(x->parent))
			path[i] = x;
	else
		for (i = 0; i < 3; i++) {
			x = industry_find(req_form(c->r, names[i]));
			if (x == NULL || x->level != i + 1 || (i > 0 && (path[i - 1] == NULL ||
			    strcmp(x->parent, path[i - 1]->code) != 0)))
				break;
			path[i] = x;
		}
	for (i = 0; i < 4; i++) {
		if ((lv = tmpl_add(it, "levels")) == NULL)
			return;
		tmpl_set(lv, "lname", names[i]);
		tmpl_set(lv, "llabel", labels[i]);
		tmpl_set(lv, "lid", i == 3 ? "industry" : names[i]);
		tmpl_setf(lv, "lprompt", "请选择%s", labels[i]);
		n = i == 0 ? industry_children("", kids, 400) :
		    path[i - 1] != NULL ? industry_children(path[i - 1]->code, kids, 400) : 0;
		for (k = 0; k < n; k++)
			if ((o = tmpl_add(lv, "opts")) != NULL) {
				tmpl_set(o, "v", kids[k]->code);
				tmpl_setf(o, "label", "%s %s", kids[k]->code, kids[k]->name);
				tmpl_set(o, "sel", path[i] == kids[k] ? "1" : NULL);
			}
	}
}

/* One field's item in the list "fields" (or a cell of the table). */
static void
field_vars(struct app_ctx *c, struct tmpl_vars *it, const struct form_item *fi,
    const char *value, const char *error)
{
	const struct form_field	*ff = fi->f;
	static const char *const widget[FORM_TYPE__MAX] = {
		[FORM_TEXT] = "w_input", [FORM_AREA] = "w_area", [FORM_AMOUNT] = "w_input",
		[FORM_INT] = "w_input", [FORM_PERCENT] = "w_input", [FORM_DATE] = "w_input",
		[FORM_POSTCODE] = "w_input", [FORM_PHONE] = "w_input", [FORM_MOBILE] = "w_input",
		[FORM_EMAIL] = "w_input", [FORM_CHOICE] = "w_select", [FORM_YESNO] = "w_yesno",
		[FORM_MULTI] = "w_multi", [FORM_INDUSTRY] = "w_industry", [FORM_CLUSTER] = "w_select",
	};

	tmpl_set(it, "name", fi->name);
	tmpl_setf(it, "anchor", "f-%s", fi->name);
	tmpl_set(it, "label", fi->label);
	tmpl_set(it, "value", value);
	tmpl_set(it, "error", error);
	tmpl_set(it, "required", ff->flags & FORM_REQUIRED ? "1" : NULL);
	tmpl_set(it, "readonly", ff->flags & FORM_READONLY ? "1" : NULL);
	tmpl_set(it, "hint", ff->hint);
	tmpl_set(it, widget[ff->type], "1");
	tmpl_set(it, "mode", ff->type == FORM_AMOUNT || ff->type == FORM_PERCENT ? "decimal" :
	    ff->type == FORM_INT || ff->type == FORM_POSTCODE ? "numeric" :
	    ff->type == FORM_PHONE || ff->type == FORM_MOBILE ? "tel" :
	    ff->type == FORM_EMAIL ? "email" : "text");
	tmpl_set(it, "placeholder", ff->type == FORM_DATE ? "YYYY-MM-DD" : NULL);
	tmpl_setf(it, "maxlen", "%u", ff->maxlen > 0 ? ff->maxlen : 40);
	if (ff->type == FORM_YESNO) {
		tmpl_set(it, "yes", value && strcmp(value, "1") == 0 ? "1" : NULL);
		tmpl_set(it, "no", value && strcmp(value, "0") == 0 ? "1" : NULL);
	}
	if (ff->type == FORM_CHOICE || ff->type == FORM_CLUSTER)
		field_options(it, ff, value);
	if (ff->type == FORM_MULTI)
		field_chains(it, value);
	if (ff->type == FORM_INDUSTRY)
		field_industry(c, it, value);
}

/*
 * The operations table: a row per form row, a cell per year, the row's
 * average growth beside it (HTTP.md data-indicator names).
 */
static void
section_table(struct app_ctx *c, const struct filing *f, const struct form_item *items,
    size_t n, char *const *vals, char *const *errs)
{
	struct tmpl_vars	*row = NULL, *cell, *h;
	struct indicator_val	 g;
	char			 buf[32];
	size_t			 i;
	int			 y;

	for (y = FORM_YEAR_FIRST(f->year); y <= f->year; y++)
		if ((h = tmpl_add(c->v, "years")) != NULL)
			tmpl_setf(h, "label", y == f->year ? "%d年（预计）" : "%d年", y);
	for (i = 0; i < n; i++) {
		if (i == 0 || items[i].f != items[i - 1].f) {
			if ((row = tmpl_add(c->v, "rows")) == NULL)
				return;
			tmpl_set(row, "label", items[i].f->label);
			tmpl_set(row, "row", items[i].f->name);
			tmpl_set(row, "required", items[i].f->flags & FORM_REQUIRED ? "1" : NULL);
			indicator_row_growth(f->year, items[i].f->name, filing_getter, (void *)f, &g);
			indicator_format(&g, buf, sizeof(buf));
			tmpl_set(row, "growth", buf);
			tmpl_setf(row, "growth_name", "%s_avg_growth", items[i].f->name);
		}
		if ((cell = tmpl_add(row, "cells")) != NULL)
			field_vars(c, cell, &items[i], vals[i], errs[i]);
	}
}

/* The derived figures of the filing's saved values. */
static void
section_indicators(struct app_ctx *c, const struct filing *f)
{
	struct indicator_val	 out[IND__MAX];
	char			 key[48], buf[32];
	int			 i;

	indicator_compute(f->year, filing_getter, (void *)f, out);
	for (i = 0; i < IND__MAX; i++) {
		indicator_format(&out[i], buf, sizeof(buf));
		snprintf(key, sizeof(key), "ind_%s", indicator_name(i));
		tmpl_set(c->v, key, buf);
	}
}

/* The four levels of industry code, "制造业 > ... > 计算机整机制造", into the page. */
static void
section_industry_path(struct app_ctx *c, const char *code)
{
	const struct industry	*x = industry_find(code);
	const char		*names[4];
	int			 i;

	if (x == NULL || x->level != 4)
		return;
	for (i = 3; i >= 0 && x != NULL; i--, x = industry_find(x->parent))
		names[i] = x->name;
	if (i < 0)
		tmpl_setf(c->v, "industry_path", "%s > %s > %s > %s", names[0], names[1],
		    names[2], names[3]);
}

static enum sme_err
section_events(struct app_ctx *c, const struct filing *f)
{
	struct db_param		 p[1] = { DB_INT(f->id) };
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	const char		*act;

	if ((er = db_query(c->db, SQL_EVENTS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "events")) == NULL)
			break;
		act = db_res_get(res, i, 1);
		tmpl_set(it, "at", db_res_get(res, i, 0));
		tmpl_set(it, "action", strcmp(act, "submit") == 0 ? "提交" :
		    strcmp(act, "approve") == 0 ? "审核通过" : "退回");
		tmpl_set(it, "action_key", act);
		tmpl_set(it, "to", flow_state_label(flow_state_parse(db_res_get(res, i, 3))));
		tmpl_set(it, "reason", db_res_get(res, i, 4));
		tmpl_set(it, "who", db_res_get(res, i, 5));
	}
	db_res_free(res);
	return SME_OK;
}

/* The entry self-check in a line: how many criteria the saved figures meet. */
static enum sme_err
section_selfcheck(struct app_ctx *c, const struct filing *f)
{
	struct assess_counts	 n;
	enum sme_err		 er;

	memset(&n, 0, sizeof(n));
	if ((er = assess_count_of(c->db, f, &n)) != SME_OK)
		return er;
	tmpl_set(c->v, "selfcheck", "1");
	if (n.schemes == 0)
		return SME_OK;
	tmpl_setf(c->v, "selfcheck_text", "对标自查：已满足 %d 项，未满足 %d 项，需提供证明 %d 项，数据不全 %d 项。",
	    n.met, n.unmet, n.evidence, n.unknown);
	tmpl_setf(c->v, "sc_met", "%d", n.met);
	tmpl_setf(c->v, "sc_unmet", "%d", n.unmet);
	return SME_OK;
}

/*
 * Render section key of f with the given values and errors (NULL: the
 * saved values, no errors) and status.
 */
static enum sme_err
section_render(struct app_ctx *c, const struct filing *f, const char *key,
    char *const *vals, char *const *errs, int status)
{
	static struct form_item	 items[FORM_ITEMS_MAX];
	static char		*none[FORM_ITEMS_MAX];
	const struct form_section *sec = form_section_find(f->kind, key);
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i, n;
	long long		 sver;
	const char		*v;

	n = form_items(f->kind, f->year, key, items, FORM_ITEMS_MAX);
	section_head(c, f, key);
	if ((er = filing_section_version(c->db, f->id, key, &sver)) != SME_OK)
		return er;
	tmpl_setf(c->v, "section_version", "%lld", sver);
	if ((er = once_issue(c, "once")) != SME_OK ||
	    (er = once_issue(c, "submit_once")) != SME_OK)
		return er;
	tmpl_set(c->v, "section", key);
	tmpl_set(c->v, "section_label", sec->label);
	if ((er = refname_load(c->db)) != SME_OK || (er = section_events(c, f)) != SME_OK)
		return er;
	if (strcmp(key, "operations") == 0) {
		char	*cur[FORM_ITEMS_MAX];

		for (i = 0; i < n; i++)
			cur[i] = vals != NULL ? vals[i] : (char *)filing_get(f, items[i].name);
		tmpl_set(c->v, "is_table", "1");
		section_table(c, f, items, n, cur, errs != NULL ? errs : none);
	} else
		for (i = 0; i < n; i++) {
			if ((it = tmpl_add(c->v, "fields")) == NULL)
				return SME_ENOMEM;
			v = vals != NULL ? vals[i] : filing_get(f, items[i].name);
			field_vars(c, it, &items[i], v, errs != NULL ? errs[i] : NULL);
		}
	if (strcmp(key, "basic") == 0) {
		tmpl_set(c->v, "show_basic_ind", "1");
		section_industry_path(c, filing_get(f, "industry"));
	}
	tmpl_set(c->v, "show_ops_ind", strcmp(key, "operations") == 0 ? "1" : NULL);
	section_indicators(c, f);
	if ((er = section_selfcheck(c, f)) != SME_OK)
		return er;
	return app_render(c, status, "filing_section");
}

static enum sme_err
page_section(struct app_ctx *c)
{
	struct filing	*f;
	enum sme_err	 er;
	const char	*m = req_query(c->r, "msg");

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	if (form_section_find(f->kind, c->arg[1]) == NULL ||
	    strcmp(c->arg[1], "attachments") == 0) {
		filing_free(f);
		app_error(c, 404);
		return SME_OK;
	}
	if (m != NULL && strcmp(m, "saved") == 0)
		tmpl_set(c->v, "notice", "已保存。");
	er = section_render(c, f, c->arg[1], NULL, NULL, 200);
	filing_free(f);
	return er;
}

/*
 * Check a value against the reference lists the worker holds (refname_load
 * first): an industry must be a 小类, a cluster and each chain must exist.
 * NULL when acceptable, else the message.
 */
static const char *
field_ref_check(const struct form_field *ff, const char *v)
{
	const struct industry	*x;
	const char		*s;
	size_t			 n;

	if (v == NULL || *v == '\0')
		return NULL;
	switch (ff->type) {
	case FORM_INDUSTRY:
		x = industry_find(v);
		return x != NULL && x->level == 4 ? NULL : "请选择国民经济行业小类";
	case FORM_CLUSTER:
		return refname_cluster(v) != NULL ? NULL : "请从列表中选择";
	case FORM_MULTI:
		for (s = v; *s != '\0'; s += n + (s[n] == ',')) {
			n = strcspn(s, ",");
			if (n == 0 || refname_chain_n(s, n) == NULL)
				return "请从列表中选择";
		}
		return NULL;
	default:
		return NULL;
	}
}

/* The posted value of a field: trimmed; checkboxes joined with ','. */
static char *
field_posted(struct app_ctx *c, const struct form_item *fi)
{
	const struct http_pairs	*fm = &c->r->form;
	char			*out, *t;
	size_t			 i, len = 0, sz;

	if (fi->f->type != FORM_MULTI)
		return validate_trimmed(req_form(c->r, fi->name), 0);
	if ((out = calloc(1, 1)) == NULL)
		return NULL;
	for (i = 0; i < fm->n; i++) {
		if (strcmp(fm->v[i].key, fi->name) != 0 || fm->v[i].val[0] == '\0')
			continue;
		sz = len + strlen(fm->v[i].val) + 2;
		if ((t = realloc(out, sz)) == NULL) {
			free(out);
			return NULL;
		}
		out = t;
		len += (size_t)snprintf(out + len, sz - len, "%s%s", len ? "," : "", fm->v[i].val);
	}
	return out;
}

static enum sme_err
page_section_post(struct app_ctx *c)
{
	static struct form_item	 items[FORM_ITEMS_MAX];
	char			*vals[FORM_ITEMS_MAX], *errs[FORM_ITEMS_MAX];
	const char		*msg, *ver = req_form(c->r, "version");
	const char		*sver = req_form(c->r, "section_version");
	struct filing_save_at	 at;
	struct once_use		 once;
	struct filing		*f;
	enum sme_err		 er = SME_OK, er2;
	size_t			 i, n = 0;
	int			 bad = 0, done;
	char			 loc[96];

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	if (form_section_find(f->kind, c->arg[1]) == NULL || strcmp(c->arg[1], "attachments") == 0) {
		app_error(c, 404);
		goto out;
	}
	/* Before the checks: the first copy changed what they would see. */
	if ((er = app_once_replayed(c, &done)) != SME_OK || done)
		goto out;
	if ((er = refname_load(c->db)) != SME_OK)
		goto out;
	n = form_items(f->kind, f->year, c->arg[1], items, FORM_ITEMS_MAX);
	memset(vals, 0, sizeof(vals));	/* freed at out */
	for (i = 0; i < n; i++) {
		vals[i] = items[i].f->flags & FORM_READONLY ? strdup(filing_get(f, items[i].name) ?
		    filing_get(f, items[i].name) : "") : field_posted(c, &items[i]);
		msg = vals[i] == NULL ? "内容无效" : form_check(items[i].f, vals[i]);
		if (msg == NULL)
			msg = field_ref_check(items[i].f, vals[i]);
		if (msg == NULL && items[i].f->type == FORM_INDUSTRY && vals[i] != NULL &&
		    vals[i][0] == '\0' && req_form(c->r, "industry_l1") != NULL &&
		    req_form(c->r, "industry_l1")[0] != '\0')
			msg = "请继续选择行业，直至小类";
		errs[i] = (char *)msg;
		if (msg != NULL) {
			bad = 1;
			app_field_error(c, items[i].name, msg);
		}
	}
	if (!flow_editable(f->state)) {
		tmpl_set(c->v, "conflict", "该申报已提交，当前状态不可修改；您填写的内容仍显示在下方，未被保存。");
		er = section_render(c, f, c->arg[1], vals, errs, 409);
		goto out;
	}
	if (bad) {
		tmpl_set(c->v, "error_summary", "有内容填写不正确，请按提示修改后再保存。其他内容均已保留，尚未保存。");
		er = section_render(c, f, c->arg[1], vals, errs, 422);
		goto out;
	}
	at.section = c->arg[1];
	at.version = ver != NULL ? strtoll(ver, NULL, 10) : -1;
	at.section_version = sver != NULL && *sver != '\0' ? strtoll(sver, NULL, 10) : -1;
	snprintf(loc, sizeof(loc), "/filing/%lld/%s?msg=saved", f->id, c->arg[1]);
	once.account = c->sess->account_id;
	once.token = req_form(c->r, ONCE_FIELD);
	once_digest(&c->r->form, once.digest);
	once.target = loc;
	at.once = once.token != NULL && *once.token != '\0' ? &once : NULL;
	er = filing_save(c->db, f->id, &at, items, vals, n);
	/* A token used meanwhile: the twin request committed; answer as it did. */
	if (er == SME_ECONFLICT && at.once != NULL) {
		if ((er2 = app_once_replayed(c, &done)) != SME_OK || done) {
			er = er2;
			goto out;
		}
	}
	if (er == SME_EINPUT) {
		app_error(c, 400);
		er = SME_OK;
		goto out;
	}
	if (er == SME_ECONFLICT) {
		filing_free(f);
		f = NULL;
		if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
			goto out;
		tmpl_set(c->v, "conflict", "本部分已在其他页面或由他人修改过。您填写的内容仍显示在下方，尚未保存；请核对后再次保存。");
		er = section_render(c, f, c->arg[1], vals, errs, 409);
		goto out;
	}
	if (er == SME_OK)
		req_redirect(c->r, loc);
out:
	for (i = 0; i < n; i++)
		free(vals[i]);
	filing_free(f);
	return er;
}

/* ---- POST /filing/{id}/submit --------------------------------------------- */

/* Add what is missing from f into the list "missing"; returns how many. */
static enum sme_err
submit_missing(struct app_ctx *c, const struct filing *f, size_t *count)
{
	static struct form_item		 items[FORM_ITEMS_MAX];
	const struct form_section	*secs;
	struct tmpl_vars		*it;
	char				*att[MISSING_MAX];
	size_t				 s, ns, i, n, na = 0;
	const char			*v;
	enum sme_err			 er;

	*count = 0;
	ns = form_sections(f->kind, &secs);
	for (s = 0; s < ns; s++) {
		int	 oneof = 0;	/* 1: a FORM_ONEOF field of the section is filled */

		n = form_items(f->kind, f->year, secs[s].key, items, FORM_ITEMS_MAX);
		for (i = 0; i < n; i++)
			if ((items[i].f->flags & FORM_ONEOF) &&
			    (v = filing_get(f, items[i].name)) != NULL && *v != '\0')
				oneof = 1;
		for (i = 0; i < n; i++) {
			v = filing_get(f, items[i].name);
			if (!items[i].forecast && ((items[i].f->flags & FORM_REQUIRED) ||
			    ((items[i].f->flags & FORM_ONEOF) && !oneof)) &&
			    (v == NULL || *v == '\0')) {
				if ((it = tmpl_add(c->v, "missing")) == NULL)
					return SME_ENOMEM;
				tmpl_set(it, "section", secs[s].label);
				tmpl_set(it, "label", items[i].label);
				tmpl_set(it, "name", items[i].name);
				tmpl_setf(it, "href", "/filing/%lld/%s#f-%s", f->id, secs[s].key, items[i].name);
				(*count)++;
			}
		}
	}
	if ((er = attach_missing(c->db, f->id, f->kind, att, &na)) != SME_OK)
		return er;
	for (i = 0; i < na; i++) {
		if ((it = tmpl_add(c->v, "missing")) != NULL) {
			tmpl_set(it, "section", "附件");
			tmpl_set(it, "label", att[i]);
			tmpl_setf(it, "name", "attachment:%s", att[i]);
			tmpl_setf(it, "href", "/filing/%lld/attachments", f->id);
		}
		free(att[i]);
		(*count)++;
	}
	return SME_OK;
}

static enum sme_err
page_submit(struct app_ctx *c)
{
	const char	*ver = req_form(c->r, "version");
	char		 opens[16], closes[16];
	struct filing	*f;
	struct flow_chain chain;
	struct once_use	 once;
	enum sme_err	 er, er2;
	size_t		 missing;
	int		 open, to, done;

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	if ((er = app_once_replayed(c, &done)) != SME_OK || done)
		goto out;
	section_head(c, f, "");
	if (ver == NULL || strtoll(ver, NULL, 10) != f->version || !flow_editable(f->state)) {
		tmpl_set(c->v, "refusal", flow_editable(f->state) ?
		    "该申报已在其他页面修改过，请刷新后再提交。" : "该申报已提交，不能重复提交。");
		er = app_render(c, 409, "filing_submit");
		goto out;
	}
	if ((er = window_check(c, f->kind, f->year, &open, opens, closes, sizeof(opens))) != SME_OK)
		goto out;
	if (!open) {
		window_message(c, f->kind, f->year, opens, closes);
		er = app_render(c, 409, "filing_submit");
		goto out;
	}
	if ((er = submit_missing(c, f, &missing)) != SME_OK)
		goto out;
	if (missing > 0) {
		tmpl_setf(c->v, "missing_count", "%zu", missing);
		er = app_render(c, 422, "filing_submit");
		goto out;
	}
	flow_chain(c->app->cfg, flow_kind_parse(f->kind), &chain);
	to = flow_next(&chain, f->state, FLOW_SUBMIT, FLOW_ENTERPRISE);
	once.account = c->sess->account_id;
	once.token = req_form(c->r, ONCE_FIELD);
	once_digest(&c->r->form, once.digest);
	once.target = "/filing?msg=submitted";
	er = filing_submit(c->db, f, c->sess->account_id, c->r->remote_addr, to,
	    once.token != NULL && *once.token != '\0' ? &once : NULL);
	if (er == SME_ECONFLICT && once.token != NULL) {
		if ((er2 = app_once_replayed(c, &done)) != SME_OK || done) {
			er = er2;
			goto out;
		}
	}
	if (er == SME_EINPUT) {
		app_error(c, 400);
		er = SME_OK;
	} else if (er == SME_ECONFLICT) {
		tmpl_set(c->v, "refusal", "该申报已在其他页面修改过，请刷新后再提交。");
		er = app_render(c, 409, "filing_submit");
	} else if (er == SME_OK)
		req_redirect(c->r, "/filing?msg=submitted");
out:
	filing_free(f);
	return er;
}

/* ---- GET /filing/industries: the GB/T 4754 tree for industry.js ---------- */

static enum sme_err
page_industries(struct app_ctx *c)
{
	const char	*js;
	enum sme_err	 er;
	size_t		 len;

	if ((er = industry_load(c->db)) != SME_OK)
		return er;
	js = industry_json(&len);
	req_header(c->r, "Cache-Control", "public, max-age=86400");
	req_send(c->r, 200, "application/json; charset=utf-8", js, len);
	return SME_OK;
}

/* ---- GET /filing/{id}/assessment ------------------------------------------ */

static enum sme_err
page_assessment(struct app_ctx *c)
{
	struct filing	*f;
	enum sme_err	 er;

	if ((er = filing_for(c, 1, &f)) != SME_OK || f == NULL)
		return er;
	section_head(c, f, "assessment");
	tmpl_set(c->v, "reviewer", scope_reviewer(c->sess) ? "1" : NULL);
	if ((er = assess_filing(c->db, f, c->v)) == SME_OK)
		er = app_render(c, 200, "assessment");
	filing_free(f);
	return er;
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-filing", routes, ROUTE__MAX);
}
