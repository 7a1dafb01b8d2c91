/*
 * sme-filing.c - the filing handler: an enterprise's filings (入库申报,
 * 数据更新, certification applications), one page and one Save per
 * section, server-side validation of every field, derived figures, submit
 * with a completeness check, return reasons. Routes are in the table
 * above main(); /filing/{id}/attachments is sme-upload's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "assess.h"
#include "attach.h"
#include "config.h"
#include "db.h"
#include "fieldhelp.h"
#include "filing.h"
#include "filinghead.h"
#include "flow.h"
#include "form.h"
#include "indicator.h"
#include "industry.h"
#include "log.h"
#include "once.h"
#include "progress.h"
#include "prefill.h"
#include "refname.h"
#include "scope.h"
#include "selfcheck.h"
#include "tmpl.h"
#include "vocab.h"
#include "validate.h"

#define MISSING_MAX	64

static enum sme_err	submit_do(struct app_ctx *, struct filing *, int);

static const char SQL_LIST[] =
    "SELECT id, kind, COALESCE(class, ''), COALESCE(level, ''), year, state,"
    " COALESCE(return_reason, ''), DATE_FORMAT(updated_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(subject, '')"
    " FROM filing WHERE enterprise_id = ? ORDER BY year DESC, id DESC";
enum {
	FL_ID, FL_KIND, FL_CLASS, FL_LEVEL, FL_YEAR, FL_STATE, FL_REASON,
	FL_UPDATED, FL_SUBJECT
};
static const char SQL_WINDOW[] =
    "SELECT opens_at <= UTC_TIMESTAMP() AND closes_at > UTC_TIMESTAMP(),"
    " DATE_FORMAT(opens_at + INTERVAL 8 HOUR, '%Y-%m-%d'),"
    " DATE_FORMAT(closes_at + INTERVAL 8 HOUR - INTERVAL 1 SECOND, '%Y-%m-%d')"
    " FROM filing_window WHERE kind = ? AND year = ?";
enum { WN_OPEN, WN_OPENS, WN_CLOSES };

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
	/* A section's page: its version comes in the same query. */
	if ((er = filing_load_section(c->db, id, c->arg[1] != NULL ? c->arg[1] : "",
	    &f)) != SME_OK)
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
		*open = db_res_int(res, 0, WN_OPEN, 0) == 1;
		snprintf(opens, datesz, "%s", db_res_get(res, 0, WN_OPENS));
		snprintf(closes, datesz, "%s", db_res_get(res, 0, WN_CLOSES));
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

	/* The kind posted, or the one a link from /home names (?new=entry). */
	if ((v = req_form(c->r, "kind")) == NULL && (v = req_query(c->r, "new")) == NULL)
		v = "";
	for (i = 0; i < FLOW_KIND__MAX; i++) {
		if ((it = tmpl_add(c->v, "kinds")) == NULL)
			return;
		tmpl_set(it, "v", flow_kind_name(i));
		tmpl_set(it, "label", vocab_kind_label(flow_kind_name(i), VOCAB_FILING));
		tmpl_set(it, "sel", strcmp(flow_kind_name(i), v) == 0 ? "1" : NULL);
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
	const char		*kind, *state, *cls, *lvl;

	if ((er = db_query(c->db, SQL_LIST, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "filings")) == NULL)
			break;
		kind = db_res_get(res, i, FL_KIND);
		state = db_res_get(res, i, FL_STATE);
		tmpl_set(it, "id", db_res_get(res, i, FL_ID));
		tmpl_setf(it, "href", "/filing/%s/basic", db_res_get(res, i, FL_ID));
		cls = class_label(db_res_get(res, i, FL_CLASS));
		lvl = level_label(db_res_get(res, i, FL_LEVEL));
		tmpl_setf(it, "kind", "%s%s%s%s%s", kind_label(kind),
		    *cls ? " · " : "", cls, *lvl ? " · " : "", lvl);
		tmpl_set(it, "kind_key", kind);
		tmpl_set(it, "subject", db_res_get(res, i, FL_SUBJECT));
		tmpl_set(it, "year", db_res_get(res, i, FL_YEAR));
		tmpl_set(it, "state", flow_state_label(flow_state_parse(state)));
		tmpl_set(it, "state_key", state);
		tmpl_set(it, "reason", db_res_get(res, i, FL_REASON));
		tmpl_set(it, "updated", db_res_get(res, i, FL_UPDATED));
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
	char		 opens[16], closes[16], why[1024], loc[64], *subj;
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

/* The header of every filing page: who, what, state, reason, sections with their progress. */
static enum sme_err
section_head(struct app_ctx *c, const struct filing *f, const char *current)
{
	return filinghead_fill(c, f, current, kind_label(f->kind));
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

/*
 * The cluster the chains of the page are offered for (section_render sets
 * it from the values shown): seed 004 offers under 所属重点产业链 the
 * chains of the chosen 所属重点产业集群 (核心软件: 信息技术应用创新, 工业软件).
 */
static const char *chains_cluster;

/*
 * The chain checkboxes: every chain, those of other clusters hidden (a
 * page without JavaScript shows the chosen cluster's after a save;
 * chain.js shows them as the cluster changes). A checked chain stays
 * visible, so the user sees what the refusal is about.
 */
static void
field_chains(struct tmpl_vars *it, const char *value)
{
	const struct refname_item *l;
	struct tmpl_vars	*o;
	size_t			 i, n;
	int			 on;

	l = refname_chains(&n);
	for (i = 0; i < n; i++)
		if ((o = tmpl_add(it, "checks")) != NULL) {
			on = multi_has(value, l[i].id);
			tmpl_set(o, "v", l[i].id);
			tmpl_set(o, "label", l[i].name);
			tmpl_set(o, "on", on ? "1" : NULL);
			tmpl_set(o, "cluster", l[i].parent);
			tmpl_set(o, "hide", !on && !refname_chain_in_cluster(l[i].id,
			    strlen(l[i].id), chains_cluster) ? "1" : NULL);
		}
}

/* The message for chains (comma-separated ids) not all of cluster, or NULL. */
static const char *
chains_check(const char *chains, const char *cluster)
{
	const char	*s;
	size_t		 n;

	for (s = chains; s != NULL && *s != '\0'; s += n + (s[n] == ',')) {
		n = strcspn(s, ",");
		if (!refname_chain_in_cluster(s, n, cluster))
			return "所选产业链不属于所选的重点产业集群，请在该集群的产业链中选择";
	}
	return NULL;
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

/* UTF-8 characters of s (0 for NULL). */
static size_t
field_chars(const char *s)
{
	size_t	 n = 0;

	for (; s != NULL && *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
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
	if (error != NULL) {
		tmpl_set(it, "invalid", "true");
		tmpl_setf(it, "err_id", "err-%s", fi->name);
		tmpl_setf(it, "describedby", "err-%s", fi->name);
	}
	tmpl_set(it, "help", fieldhelp_text(fi->name));
	/* 企业简介's outline shows until the enterprise starts writing. */
	tmpl_set(it, "help_open", ff->type == FORM_AREA && (value == NULL || *value == '\0') &&
	    fieldhelp_text(fi->name) != NULL ? "1" : NULL);
	if (ff->type == FORM_AREA)
		tmpl_setf(it, "count_text", "%zu / %u 字", field_chars(value), ff->maxlen);
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
			tmpl_set(row, "help", fieldhelp_text(items[i].f->name));
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

/* The decisions on f, loaded with it. */
static void
section_events(struct app_ctx *c, const struct filing *f)
{
	struct tmpl_vars	*it;
	size_t			 i;
	const char		*act;

	for (i = 0; i < f->nevents; i++) {
		if ((it = tmpl_add(c->v, "events")) == NULL)
			break;
		act = f->events[i].action;
		tmpl_set(it, "at", f->events[i].at);
		tmpl_set(it, "action", strcmp(act, "submit") == 0 ? "提交" :
		    strcmp(act, "approve") == 0 ? "审核通过" :
		    strcmp(act, "withdraw") == 0 ? "撤回" : "退回");
		tmpl_set(it, "action_key", act);
		tmpl_set(it, "to", flow_state_label(flow_state_parse(f->events[i].to_state)));
		tmpl_set(it, "reason", f->events[i].reason);
		tmpl_set(it, "who", f->events[i].who);
	}
}

/* The entry self-check in a line: how many criteria the saved figures meet. */
static enum sme_err
section_selfcheck(struct app_ctx *c, const struct filing *f)
{
	struct assess_counts	 n;
	enum sme_err		 er;

	/* Stored with the filing when its values were saved (lib/selfcheck.c). */
	if ((er = selfcheck_of(c->db, f, &n)) != SME_OK)
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

/* ---- repeatable rows (产品附证, seed 004 §2.1.1) -------------------------- */

#define ROWSETS_MAX	4

/*
 * The values of a filing with the row lists of a POST put over the saved
 * ones (a form_get_fn): which rows the page and the save are about.
 */
struct rows_view {
	const struct filing	*f;
	size_t			 n;
	char			 names[ROWSETS_MAX][32];
	char			 lists[ROWSETS_MAX][FORM_ROWS_MAX * 3 + 1];
	int			 keys[ROWSETS_MAX][FORM_ROWS_MAX];
	size_t			 nkeys[ROWSETS_MAX];
};

static const char *
rows_view_get(void *arg, const char *name)
{
	const struct rows_view	*rv = arg;
	size_t			 i;

	for (i = 0; i < rv->n; i++)
		if (strcmp(rv->names[i], name) == 0)
			return rv->lists[i];
	return filing_get(rv->f, name);
}

static const char *
rows_saved_get(void *arg, const char *name)
{
	return filing_get(arg, name);
}

/* A posted cell's value, for the rows of a client that posts no row list. */
static const char *
rows_posted_get(void *arg, const char *name)
{
	return req_form(((struct app_ctx *)arg)->r, name);
}

/* 1 if key is among keys[0..n). */
static int
rows_has(const int *keys, size_t n, int key)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (keys[i] == key)
			return 1;
	return 0;
}

/*
 * The row lists of a POST to section key into rv: the posted "<set>_rows"
 * (the saved rows and any of rows 1-3 posted, when a client posts none),
 * then "增加一行" (row_add=<set>) and "删除" (row_del=<set>:<key>).
 * Errors go to the page; *added gets the added row's key.
 */
static int
rows_posted(struct app_ctx *c, const struct filing *f, const char *key,
    struct rows_view *rv, int *added, const char **added_set)
{
	const struct form_rowset *const *rss;
	const char		*posted, *add = req_form(c->r, "row_add");
	const char		*del = req_form(c->r, "row_del"), *colon;
	int			 more[FORM_ROWS_MAX], k, max, ok = 1;
	size_t			 j, i, nm, n;

	memset(rv, 0, sizeof(*rv));
	rv->f = f;
	*added = 0;
	*added_set = NULL;
	n = form_rowsets(f->form_kind, key, &rss);
	for (j = 0; j < n && j < ROWSETS_MAX; j++, rv->n++) {
		int	*keys = rv->keys[j];
		int	 nk;

		snprintf(rv->names[j], sizeof(rv->names[j]), "%s_rows", rss[j]->key);
		nk = (int)form_row_keys(rss[j], rows_saved_get, (void *)f, keys);
		if ((posted = req_form(c->r, rv->names[j])) != NULL) {
			int	 pk[FORM_ROWS_MAX], np = form_rows_parse(posted, pk);

			if (np < 0) {
				app_field_error(c, rv->names[j], "行数据无效，请刷新页面后重试");
				ok = 0;
			} else {
				memcpy(keys, pk, sizeof(pk));
				nk = np;
			}
		} else {
			nm = form_row_keys(rss[j], rows_posted_get, c, more);
			for (i = 0; i < nm; i++)
				if (!rows_has(keys, (size_t)nk, more[i]) && nk < FORM_ROWS_MAX)
					keys[nk++] = more[i];
		}
		if (add != NULL && strcmp(add, rss[j]->key) == 0) {
			for (i = 0, max = 0; i < (size_t)nk; i++)
				max = keys[i] > max ? keys[i] : max;
			if (nk >= FORM_ROWS_MAX || max >= FORM_ROW_KEY_MAX) {
				app_field_error(c, rv->names[j], "行数已达上限，请删除不需要的行");
				ok = 0;
			} else {
				keys[nk++] = max + 1;
				*added = max + 1;
				*added_set = rss[j]->key;
			}
		}
		if (del != NULL && (colon = strchr(del, ':')) != NULL &&
		    (size_t)(colon - del) == strlen(rss[j]->key) &&
		    strncmp(del, rss[j]->key, (size_t)(colon - del)) == 0) {
			k = atoi(colon + 1);
			for (i = 0; i < (size_t)nk; i++)
				if (keys[i] == k) {
					memmove(&keys[i], &keys[i + 1], sizeof(int) * ((size_t)nk - i - 1));
					nk--;
					break;
				}
		}
		rv->nkeys[j] = (size_t)nk;
		form_rows_format(keys, (size_t)nk, rv->lists[j], sizeof(rv->lists[j]));
	}
	return ok;
}

/* The attachment of slot in l, or NULL. */
static const struct attach *
rows_scan(const struct attach_list *l, const char *slot)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].slot, slot) == 0)
			return &l->v[i];
	return NULL;
}

/*
 * The tables of section key: a "rowsets" item each with its rows and
 * cells (items[0..n) with vals and errs), a row's scan (saved rows only:
 * its upload and delete forms are "scanforms", outside the section form).
 */
static enum sme_err
section_rows(struct app_ctx *c, const struct filing *f, const char *key,
    const struct form_item *items, size_t n, char *const *vals, char *const *errs)
{
	const struct form_rowset *const *rss;
	const struct form_field	*col;
	const struct attach	*sc;
	struct attach_list	 l;
	struct tmpl_vars	*it, *r = NULL, *cell, *h, *sf;
	enum sme_err		 er;
	int			 saved[FORM_ROWS_MAX], prev;
	size_t			 j, i, ns, nr, ord;
	char			 slot[40];

	if ((nr = form_rowsets(f->form_kind, key, &rss)) == 0)
		return SME_OK;
	if ((er = attach_list(c->db, f->id, &l)) != SME_OK)
		return er;
	for (j = 0; j < nr; j++) {
		if ((it = tmpl_add(c->v, "rowsets")) == NULL)
			break;
		tmpl_set(it, "key", rss[j]->key);
		tmpl_setf(it, "anchor", "rows-%s", rss[j]->key);
		tmpl_set(it, "label", rss[j]->label);
		tmpl_set(it, "scan_label", rss[j]->scan_label);
		for (col = rss[j]->cols, i = 3; col->name != NULL; col++, i++)
			if ((h = tmpl_add(it, "heads")) != NULL)
				tmpl_set(h, "label", col->label);
		tmpl_setf(it, "ncols", "%zu", i);
		ns = form_row_keys(rss[j], rows_saved_get, (void *)f, saved);
		for (i = 0, prev = 0, ord = 0; i < n; i++) {
			if (items[i].rs != rss[j])
				continue;
			if (items[i].row == 0) {
				tmpl_set(it, "list_name", items[i].name);
				tmpl_set(it, "list_value", vals[i]);
				tmpl_set(it, "list_error", errs[i]);
				continue;
			}
			if (items[i].row != prev) {
				prev = items[i].row;
				if ((r = tmpl_add(it, "rows")) == NULL)
					break;
				tmpl_set(it, "has_rows", "1");
				snprintf(slot, sizeof(slot), "%s-%d", rss[j]->key, prev);
				tmpl_setf(r, "anchor", "row-%s", slot);
				tmpl_setf(r, "ord", "%zu", ++ord);
				tmpl_setf(r, "del", "%s:%d", rss[j]->key, prev);
				tmpl_setf(r, "del_label", "删除第%zu行", ord);
				if (!rows_has(saved, ns, prev))
					continue;
				tmpl_set(r, "saved", "1");
				tmpl_setf(r, "scan_form", "scan-%s", slot);
				tmpl_setf(r, "scan_aria", "%s（第%zu行）%s", rss[j]->row_label, ord,
				    rss[j]->scan_label);
				if ((sf = tmpl_add(c->v, "scanforms")) != NULL) {
					tmpl_setf(sf, "id", "scan-%s", slot);
					tmpl_setf(sf, "action", "/upload/%lld/%s", f->id, slot);
				}
				if ((sc = rows_scan(&l, slot)) != NULL) {
					tmpl_setf(r, "scan_href", "/files/%lld", sc->id);
					tmpl_set(r, "scan_name", sc->name);
					tmpl_setf(r, "scan_del_form", "scandel-%s", slot);
					if ((sf = tmpl_add(c->v, "scandels")) != NULL) {
						tmpl_setf(sf, "id", "scandel-%s", slot);
						tmpl_setf(sf, "action", "/upload/%lld/delete", sc->id);
					}
				}
			}
			if (r != NULL && (cell = tmpl_add(r, "cells")) != NULL)
				field_vars(c, cell, &items[i], vals[i], errs[i]);
		}
	}
	attach_list_free(&l);
	return SME_OK;
}

/*
 * The summary of a refused save: how many fields are wrong, each a link to
 * its input (the table's cells and the selects by id, radios and boxes by
 * their block) with its message.
 */
static void
section_errors(struct app_ctx *c, const struct form_item *items, size_t n,
    char *const *errs)
{
	struct tmpl_vars	*it;
	size_t			 i, bad = 0;

	for (i = 0; errs != NULL && i < n; i++) {
		if (errs[i] == NULL || (it = tmpl_add(c->v, "errors")) == NULL)
			continue;
		bad++;
		tmpl_set(it, "label", items[i].label);
		tmpl_set(it, "msg", errs[i]);
		tmpl_set(it, "name", items[i].name);
		tmpl_setf(it, "href", items[i].f->type == FORM_YESNO || items[i].f->type == FORM_MULTI ?
		    "#f-%s" : "#%s", items[i].name);
	}
	if (bad > 0)
		tmpl_setf(c->v, "error_count", "%zu", bad);
}

/* The required fields of this section still empty in what is saved. */
static void
section_missing(struct app_ctx *c, const struct filing *f, const struct form_item *items,
    size_t n)
{
	struct tmpl_vars	*it;
	size_t			 i, k = 0;

	for (i = 0; i < n; i++) {
		if (!progress_item_missing(f, items, n, i) ||
		    (it = tmpl_add(c->v, "sec_missing")) == NULL)
			continue;
		k++;
		tmpl_set(it, "label", items[i].label);
		tmpl_set(it, "name", items[i].name);
		tmpl_setf(it, "href", items[i].f->type == FORM_YESNO || items[i].f->type == FORM_MULTI ?
		    "#f-%s" : "#%s", items[i].name);
	}
	if (k > 0)
		tmpl_setf(c->v, "sec_missing_count", "%zu", k);
}

/*
 * What 基本情况 shows from the account, not the form: the credit code and
 * the region the enterprise registered in, which decides which bureau
 * reviews it (seed 002 FAQ 1.7).
 */
static enum sme_err
section_account(struct app_ctx *c, const struct filing *f)
{
	tmpl_set(c->v, "ent_region_name", f->ent_region_name != NULL && *f->ent_region_name ?
	    f->ent_region_name : f->ent_region);
	tmpl_set(c->v, "show_account", "1");
	return SME_OK;
}

/*
 * Render section key of f with the given values and errors (NULL: the
 * saved values, no errors) and status.
 */
static enum sme_err
section_render(struct app_ctx *c, const struct filing *f, const char *key,
    form_get_fn get, void *arg, char *const *vals, char *const *errs, int status)
{
	static struct form_item	 items[FORM_ITEMS_MAX];
	static char		*none[FORM_ITEMS_MAX];
	const struct form_section *sec = form_section_find(f->form_kind, key);
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i, n;
	long long		 sver;
	const char		*v;
	char			*cur[FORM_ITEMS_MAX], notice[160];

	if (get == NULL) {
		get = rows_saved_get;
		arg = (void *)f;
	}
	n = form_items_of(f->form_kind, f->year, key, get, arg, items, FORM_ITEMS_MAX);
	if ((er = section_head(c, f, key)) != SME_OK)
		return er;
	if (vals != NULL)
		tmpl_set(c->v, "unsaved", "1");
	if (strcmp(f->section, key) == 0)
		sver = f->section_version;
	else if ((er = filing_section_version(c->db, f->id, key, &sver)) != SME_OK)
		return er;
	tmpl_setf(c->v, "section_version", "%lld", sver);
	if ((er = once_issue(c, "once")) != SME_OK ||
	    (er = once_issue(c, "submit_once")) != SME_OK)
		return er;
	tmpl_set(c->v, "section", key);
	tmpl_set(c->v, "section_label", sec->label);
	if ((er = refname_load(c->db)) != SME_OK)
		return er;
	section_events(c, f);
	chains_cluster = NULL;
	for (i = 0; i < n; i++) {
		cur[i] = vals != NULL ? vals[i] : (char *)get(arg, items[i].name);
		if (items[i].f->type == FORM_CLUSTER)
			chains_cluster = cur[i];
	}
	if (strcmp(key, "operations") == 0) {
		tmpl_set(c->v, "is_table", "1");
		section_table(c, f, items, n, cur, errs != NULL ? errs : none);
	} else
		for (i = 0; i < n; i++) {
			if (items[i].rs != NULL)
				continue;	/* in its table: section_rows() */
			if ((it = tmpl_add(c->v, "fields")) == NULL)
				return SME_ENOMEM;
			v = cur[i];
			field_vars(c, it, &items[i], v, errs != NULL ? errs[i] : NULL);
		}
	if ((er = section_rows(c, f, key, items, n, cur, errs != NULL ? errs : none)) != SME_OK)
		return er;
	if ((er = prefill_notice(c->db, f, key, notice, sizeof(notice))) != SME_OK)
		return er;
	tmpl_set(c->v, "prefilled", notice[0] != '\0' ? notice : NULL);
	if (strcmp(key, "basic") == 0) {
		if ((er = section_account(c, f)) != SME_OK)
			return er;
		tmpl_set(c->v, "show_basic_ind", "1");
		section_industry_path(c, filing_get(f, "industry"));
	}
	tmpl_set(c->v, "show_ops_ind", strcmp(key, "operations") == 0 ? "1" : NULL);
	section_errors(c, items, n, errs);
	section_missing(c, f, items, n);
	section_indicators(c, f);
	if ((er = section_selfcheck(c, f)) != SME_OK)
		return er;
	return app_render(c, status, "filing_section");
}

/* The outcome of a row's scan upload or deletion (sme-upload redirects here). */
static void
scan_notice(struct app_ctx *c)
{
	static const char *const msgs[][2] = {
		{ "uploaded", "影印件已上传。" }, { "deleted", "影印件已删除。" },
	};
	static const char *const errs[][2] = {
		{ "empty", "请选择要上传的影印件文件。" },
		{ "type", "影印件类型不符：请上传 jpg、png、pdf 等允许的类型。" },
		{ "full", "该行已有影印件，请先删除原影印件。" },
		{ "state", "申报已提交，当前状态下不能修改影印件。" },
		{ "quota", "附件已达上限，请先删除不需要的文件。" },
		{ "store", "文件存储暂不可用，影印件未保存，请稍后再试。" },
	};
	const char	*v = req_query(c->r, "scan");
	size_t		 i;

	for (i = 0; v != NULL && i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (strcmp(v, msgs[i][0]) == 0)
			tmpl_set(c->v, "notice", msgs[i][1]);
	v = req_query(c->r, "scanerr");
	for (i = 0; v != NULL && i < sizeof(errs) / sizeof(errs[0]); i++)
		if (strcmp(v, errs[i][0]) == 0)
			tmpl_set(c->v, "error_summary", errs[i][1]);
}

static enum sme_err
page_section(struct app_ctx *c)
{
	struct filing	*f;
	enum sme_err	 er;
	const char	*m = req_query(c->r, "msg");

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	if (form_section_find(f->form_kind, c->arg[1]) == NULL ||
	    strcmp(c->arg[1], "attachments") == 0) {
		filing_free(f);
		app_error(c, 404);
		return SME_OK;
	}
	if (m != NULL && strcmp(m, "saved") == 0)
		tmpl_set(c->v, "just_saved", "1");
	if (m != NULL && strcmp(m, "withdrawn") == 0)
		tmpl_set(c->v, "notice", "已撤回，申报回到草稿状态，可以修改后重新提交。");
	if (m != NULL && strcmp(m, "row_added") == 0)
		tmpl_set(c->v, "notice", "已增加一行并保存，请填写该行后再次保存。");
	if (m != NULL && strcmp(m, "row_deleted") == 0)
		tmpl_set(c->v, "notice", "已删除该行（及其影印件）并保存。");
	scan_notice(c);
	er = section_render(c, f, c->arg[1], NULL, NULL, NULL, NULL, 200);
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

	if (fi->f->type != FORM_MULTI) {
		if ((t = validate_trimmed(req_form(c->r, fi->name), 0)) == NULL)
			return NULL;
		out = form_normalise(fi->f, t);
		free(t);
		return out;
	}
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

/*
 * Append to items[0..n) (the cells of the rows posted) the cells of the
 * saved rows of section key that are not among them, each with a NULL
 * value (filing_save deletes them); returns the new count.
 */
static size_t
rows_dropped(const struct filing *f, const char *key, struct form_item *items, size_t n,
    char **vals)
{
	static struct form_item	 old[FORM_ITEMS_MAX];
	size_t			 no, i, j, nn = n;

	no = form_items_of(f->form_kind, f->year, key, rows_saved_get, (void *)f, old, FORM_ITEMS_MAX);
	for (i = 0; i < no && nn < FORM_ITEMS_MAX; i++) {
		if (old[i].rs == NULL || old[i].row == 0)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(items[j].name, old[i].name) == 0)
				break;
		if (j < n)
			continue;
		items[nn] = old[i];
		vals[nn++] = NULL;
	}
	return nn;
}

/* Delete the scans of the saved rows rv no longer lists (after their save). */
static enum sme_err
rows_drop_scans(struct app_ctx *c, const struct filing *f, const char *key,
    const struct rows_view *rv)
{
	const struct form_rowset *const *rss;
	int			 saved[FORM_ROWS_MAX];
	size_t			 j, i, ns, nr = form_rowsets(f->form_kind, key, &rss);
	char			 slot[40];
	enum sme_err		 er;

	for (j = 0; j < nr && j < rv->n; j++) {
		ns = form_row_keys(rss[j], rows_saved_get, (void *)f, saved);
		for (i = 0; i < ns; i++) {
			if (rows_has(rv->keys[j], rv->nkeys[j], saved[i]))
				continue;
			snprintf(slot, sizeof(slot), "%s-%d", rss[j]->key, saved[i]);
			if ((er = attach_delete_slot(c->db, config_text(c->app->cfg, "storage_dir"),
			    f->id, slot, c->sess->account_id, c->r->remote_addr)) != SME_OK &&
			    er != SME_ECONFLICT)
				return er;
		}
	}
	return SME_OK;
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
	size_t			 i, n = 0, nn;
	int			 bad = 0, done, added;
	const char		*then = req_query(c->r, "then");
	int			 then_submit = then != NULL && strcmp(then, "submit") == 0;
	char			 loc[96];
	static struct rows_view	 rv;
	const char		*added_set, *cl;

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	if (form_section_find(f->form_kind, c->arg[1]) == NULL || strcmp(c->arg[1], "attachments") == 0) {
		app_error(c, 404);
		goto out;
	}
	/* Before the checks: the first copy changed what they would see. */
	if ((er = app_once_replayed(c, &done)) != SME_OK || done)
		goto out;
	if ((er = refname_load(c->db)) != SME_OK)
		goto out;
	if (!rows_posted(c, f, c->arg[1], &rv, &added, &added_set))
		bad = 1;
	n = form_items_of(f->form_kind, f->year, c->arg[1], rows_view_get, &rv, items, FORM_ITEMS_MAX);
	memset(vals, 0, sizeof(vals));	/* freed at out */
	for (i = 0; i < n; i++) {
		vals[i] = items[i].f->flags & FORM_READONLY ? strdup(filing_get(f, items[i].name) ?
		    filing_get(f, items[i].name) : "") : items[i].f->type == FORM_ROWS ?
		    strdup(rows_view_get(&rv, items[i].name)) : field_posted(c, &items[i]);
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
	/* Seed 004: the chains offered are the chosen cluster's. */
	for (i = 0, cl = NULL; i < n; i++)
		if (items[i].f->type == FORM_CLUSTER && errs[i] == NULL)
			cl = vals[i];
	for (i = 0; i < n; i++)
		if (items[i].f->type == FORM_MULTI && errs[i] == NULL &&
		    (msg = chains_check(vals[i], cl)) != NULL) {
			errs[i] = (char *)msg;
			bad = 1;
			app_field_error(c, items[i].name, msg);
		}
	if (!flow_editable(f->state)) {
		tmpl_set(c->v, "conflict", "该申报已提交，当前状态不可修改；您填写的内容仍显示在下方，未被保存。");
		er = section_render(c, f, c->arg[1], rows_view_get, &rv, vals, errs, 409);
		goto out;
	}
	if (bad) {
		tmpl_set(c->v, "error_summary", then_submit ?
		    "本页内容尚未保存，申报也未提交。请按提示修改后再保存；您填写的其他内容都保留在下方。" :
		    "本页内容尚未保存。请按提示修改后再保存；您填写的其他内容都保留在下方。");
		er = section_render(c, f, c->arg[1], rows_view_get, &rv, vals, errs, 422);
		goto out;
	}
	/* The cells of rows removed: deleted with the save (NULL values). */
	nn = rows_dropped(f, c->arg[1], items, n, vals);
	if (added_set != NULL)
		snprintf(loc, sizeof(loc), "/filing/%lld/%s?msg=row_added#row-%s-%d", f->id,
		    c->arg[1], added_set, added);
	else if (req_form(c->r, "row_del") != NULL)
		snprintf(loc, sizeof(loc), "/filing/%lld/%s?msg=row_deleted", f->id, c->arg[1]);
	else
		snprintf(loc, sizeof(loc), "/filing/%lld/%s?msg=saved", f->id, c->arg[1]);
	at.section = c->arg[1];
	at.version = ver != NULL ? strtoll(ver, NULL, 10) : -1;
	at.section_version = sver != NULL && *sver != '\0' ? strtoll(sver, NULL, 10) : -1;
	once.account = c->sess->account_id;
	once.token = req_form(c->r, ONCE_FIELD);
	once_digest(&c->r->form, once.digest);
	once.target = loc;
	at.once = once.token != NULL && *once.token != '\0' ? &once : NULL;
	er = filing_save(c->db, f->id, &at, items, vals, nn);
	/* The scans of removed rows go with them (their values are gone). */
	if (er == SME_OK)
		er = rows_drop_scans(c, f, c->arg[1], &rv);
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
		rv.f = f;
		tmpl_set(c->v, "conflict", "本部分已在其他页面或由他人修改过。您填写的内容仍显示在下方，尚未保存；请核对后再次保存。");
		er = section_render(c, f, c->arg[1], rows_view_get, &rv, vals, errs, 409);
		goto out;
	}
	if (er == SME_OK && then_submit) {
		/* 保存并提交 (seed 002 FAQ 1.8): submit what was just saved. */
		filing_free(f);
		f = NULL;
		if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
			goto out;
		er = submit_do(c, f, 1);
	} else if (er == SME_OK)
		req_redirect(c->r, loc);
out:
	for (i = 0; i < n && i < FORM_ITEMS_MAX; i++)
		free(vals[i]);
	filing_free(f);
	return er;
}

/* ---- POST /filing/{id}/submit --------------------------------------------- */

/* The value of item of f as submission sees it: a table's list is "1" when it has a row. */
static const char *
submit_value(const struct filing *f, const struct form_item *it)
{
	int	 keys[FORM_ROWS_MAX];

	if (it->f->type == FORM_ROWS)
		return form_row_keys(it->rs, rows_saved_get, (void *)f, keys) > 0 ? "1" : NULL;
	return filing_get(f, it->name);
}

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
	ns = form_sections(f->form_kind, &secs);
	for (s = 0; s < ns; s++) {
		int	 oneof = 0;	/* 1: a FORM_ONEOF field of the section is filled */

		n = form_items_of(f->form_kind, f->year, secs[s].key, rows_saved_get, (void *)f,
		    items, FORM_ITEMS_MAX);
		for (i = 0; i < n; i++)
			if ((items[i].f->flags & FORM_ONEOF) &&
			    (v = submit_value(f, &items[i])) != NULL && *v != '\0')
				oneof = 1;
		for (i = 0; i < n; i++) {
			v = submit_value(f, &items[i]);
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
	if ((er = attach_missing(c->db, f->id, f->form_kind, att, &na)) != SME_OK)
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

/*
 * Submit f for the caller: the window, the missing list (422), the chain's
 * first level. saved: the open section was saved by this same request
 * (保存并提交), which the pages then say, and no one-time token is used
 * for the submission (the save recorded the form's).
 */
static enum sme_err
submit_do(struct app_ctx *c, struct filing *f, int saved)
{
	char		 opens[16], closes[16];
	struct flow_chain chain;
	struct once_use	 once;
	enum sme_err	 er, er2;
	size_t		 missing;
	int		 open, to, done;

	if ((er = section_head(c, f, "")) != SME_OK)
		return er;
	tmpl_set(c->v, "saved_first", saved ? "1" : NULL);
	if ((er = window_check(c, f->kind, f->year, &open, opens, closes, sizeof(opens))) != SME_OK)
		return er;
	if (!open) {
		window_message(c, f->kind, f->year, opens, closes);
		return app_render(c, 409, "filing_submit");
	}
	if ((er = submit_missing(c, f, &missing)) != SME_OK)
		return er;
	if (missing > 0) {
		tmpl_setf(c->v, "missing_count", "%zu", missing);
		return app_render(c, 422, "filing_submit");
	}
	flow_chain(c->app->cfg, flow_kind_parse(f->kind), &chain);
	to = flow_next(&chain, f->state, FLOW_SUBMIT, FLOW_ENTERPRISE);
	once.account = c->sess->account_id;
	once.token = saved ? NULL : req_form(c->r, ONCE_FIELD);
	once_digest(&c->r->form, once.digest);
	once.target = "/filing?msg=submitted";
	er = filing_submit(c->db, f, c->sess->account_id, c->r->remote_addr, to,
	    once.token != NULL && *once.token != '\0' ? &once : NULL);
	if (er == SME_ECONFLICT && once.token != NULL) {
		if ((er2 = app_once_replayed(c, &done)) != SME_OK || done)
			return er2;
	}
	if (er == SME_EINPUT) {
		app_error(c, 400);
		er = SME_OK;
	} else if (er == SME_ECONFLICT) {
		tmpl_set(c->v, "refusal", "该申报已在其他页面修改过，请刷新后再提交。");
		er = app_render(c, 409, "filing_submit");
	} else if (er == SME_OK)
		req_redirect(c->r, "/filing?msg=submitted");
	return er;
}

static enum sme_err
page_submit(struct app_ctx *c)
{
	const char	*ver = req_form(c->r, "version");
	struct filing	*f;
	enum sme_err	 er;
	int		 done;

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	if ((er = app_once_replayed(c, &done)) != SME_OK || done)
		goto out;
	if (ver == NULL || strtoll(ver, NULL, 10) != f->version || !flow_editable(f->state)) {
		if ((er = section_head(c, f, "")) != SME_OK)
			goto out;
		tmpl_set(c->v, "refusal", flow_editable(f->state) ?
		    "该申报已在其他页面修改过，请刷新后再提交。" : "该申报已提交，不能重复提交。");
		er = app_render(c, 409, "filing_submit");
		goto out;
	}
	er = submit_do(c, f, 0);
out:
	filing_free(f);
	return er;
}

/* ---- POST /filing/{id}/withdraw ------------------------------------------- */

/*
 * 撤回: a submission no reviewer has opened yet goes back to draft (lib
 * filing_withdraw); 409 with the reason otherwise.
 */
static enum sme_err
page_withdraw(struct app_ctx *c)
{
	const char	*ver = req_form(c->r, "version");
	struct flow_chain chain;
	struct filing	*f;
	enum sme_err	 er;
	char		 loc[64];

	if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
		return er;
	flow_chain(c->app->cfg, flow_kind_parse(f->kind), &chain);
	er = SME_ECONFLICT;
	if (ver != NULL && strtoll(ver, NULL, 10) == f->version && !f->opened &&
	    flow_withdraw(&chain, f->state) >= 0)
		er = filing_withdraw(c->db, f, c->sess->account_id, c->r->remote_addr, f->state);
	if (er == SME_OK) {
		snprintf(loc, sizeof(loc), "/filing/%lld/basic?msg=withdrawn", f->id);
		req_redirect(c->r, loc);
	} else if (er == SME_ECONFLICT) {
		filing_free(f);
		if ((er = filing_for(c, 0, &f)) != SME_OK || f == NULL)
			return er;
		tmpl_set(c->v, "conflict", flow_editable(f->state) ? "该申报当前不在审核中，无需撤回。" :
		    "审核部门已开始审核该申报，不能撤回；如需修改，请联系审核部门退回。");
		er = section_render(c, f, "basic", NULL, NULL, NULL, NULL, 409);
	}
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
	if ((er = section_head(c, f, "assessment")) != SME_OK) {
		filing_free(f);
		return er;
	}
	tmpl_set(c->v, "reviewer", scope_reviewer(c->sess) ? "1" : NULL);
	if ((er = assess_filing(c->db, f, c->v)) == SME_OK)
		er = app_render(c, 200, "assessment");
	filing_free(f);
	return er;
}

static const struct app_route routes[] = {
	{ REQ_GET, "/filing", page_list, APP_AUTH | APP_ENTERPRISE },
	{ REQ_POST, "/filing/new", page_new, APP_AUTH | APP_ENTERPRISE },
	{ REQ_GET, "/filing/industries", page_industries, APP_PUBLIC },
	{ REQ_GET, "/filing/{id}", page_filing, APP_AUTH | APP_ENTERPRISE },
	{ REQ_GET, "/filing/{id}/assessment", page_assessment, APP_AUTH },
	/* Before the sections: the table is searched in order. */
	{ REQ_POST, "/filing/{id}/submit", page_submit, APP_AUTH | APP_ENTERPRISE },
	{ REQ_POST, "/filing/{id}/withdraw", page_withdraw, APP_AUTH | APP_ENTERPRISE },
	{ REQ_GET, "/filing/{id}/{section}", page_section, APP_AUTH | APP_ENTERPRISE },
	{ REQ_POST, "/filing/{id}/{section}", page_section_post, APP_AUTH | APP_ENTERPRISE },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-filing", routes, NELEM(routes));
}
