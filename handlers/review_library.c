/*
 * review_library.c - the library's year (see review_library.h): pages over
 * lib/libyear.c for bureaus (non-updaters, reminders, 清退出库), the
 * province (publishing the year's library) and anyone (the public list).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "export.h"
#include "filing.h"
#include "flash.h"
#include "libyear.h"
#include "review_library.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

/* The year of the query or form field k, or the current one. */
static int
library_year(const char *s)
{
	return vocab_year(s, filing_year_now());
}

/* The county filter of the query or form (a region code), or "". */
static const char *
library_county(struct app_ctx *c)
{
	const char	*v = c->r->method == REQ_POST ? req_form(c->r, "county") :
			    req_query(c->r, "county");

	return v != NULL && validate_region(v) == NULL ? v : "";
}

/* Code points of s without the white space around it. */
static size_t
library_chars(const char *s)
{
	char	*t = validate_trimmed(s, 0);
	size_t	 n = 0;
	char	*p;

	if (t == NULL)
		return 0;
	for (p = t; *p != '\0'; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	free(t);
	return n;
}

/* The message of a reason field, or NULL when it will do. */
static const char *
library_reason_error(const char *s)
{
	size_t	 n = library_chars(s);

	if (n < LIBYEAR_REASON_MIN)
		return "请填写原因（至少5个字）";
	if (n > LIBYEAR_REASON_CHARS || validate_text(s, LIBYEAR_REASON_CHARS) != NULL)
		return "原因不超过200字";
	return NULL;
}

/* Counts of the list's statuses (data-count on the page). */
struct library_counts {
	int	 n[LIBYEAR__MAX];
};

/*
 * A form of row it (item "acts") posting to /review/library/action, with
 * a reason labelled label (NULL: none) and button; all but propose name
 * the row's removal.
 */
static void
library_act(struct tmpl_vars *it, const char *action, const char *label,
    const char *button)
{
	struct tmpl_vars	*a;

	if ((a = tmpl_add(it, "acts")) == NULL)
		return;
	tmpl_setf(a, "action", "/review/library/%s", action);
	tmpl_set(a, "class", action);
	tmpl_set(a, "on_removal", strcmp(action, "propose") != 0 ? "1" : NULL);
	tmpl_set(a, "reason_label", label);
	tmpl_set(a, "button", button);
}

/* Whether row i, of status s, is listed: owed and not filed, or with a removal that year. */
static int
library_shows(const struct db_res *res, size_t i, enum libyear_status s)
{
	return s == LIBYEAR_DUE || s == LIBYEAR_OVERDUE ||
	    db_res_get(res, i, LY_REMOVAL_STATE) != NULL;
}

/* Row i of the bureau's list, of status s and listed, into item it. */
static void
library_row(struct app_ctx *c, const struct db_res *res, size_t i,
    enum libyear_status s, long long err_ent, const char *err_msg)
{
	struct tmpl_vars	*it;
	const char		*rs = db_res_get(res, i, LY_REMOVAL_STATE);
	const char		*role = c->sess->role;
	int			 in = db_res_int(res, i, LY_IN_LIBRARY, 0) != 0;
	long long		 id = db_res_int(res, i, LY_ID, 0);

	if ((it = tmpl_add(c->v, "rows")) == NULL)
		return;
	tmpl_set(it, "id", db_res_get(res, i, LY_ID));
	tmpl_set(it, "name", db_res_get(res, i, LY_NAME));
	tmpl_set(it, "uscc", db_res_get(res, i, LY_USCC));
	tmpl_set(it, "county", db_res_get(res, i, LY_COUNTY));
	tmpl_set(it, "status", libyear_status_name(s));
	/* Out of the library or back in: the removal says more than "none". */
	tmpl_set(it, "status_label", s != LIBYEAR_NONE || rs == NULL ?
	    vocab_update_status_label(libyear_status_name(s)) :
	    in ? "已重新入库" : "已清退出库");
	tmpl_set(it, "reminded", db_res_get(res, i, LY_REMINDED));
	tmpl_set(it, "reminders", db_res_get(res, i, LY_REMINDERS));
	tmpl_set(it, "no_mobile", db_res_get(res, i, LY_MOBILE) == NULL ? "1" : NULL);
	if (rs != NULL) {
		tmpl_set(it, "removal", rs);
		tmpl_set(it, "removal_label", vocab_removal_state_label(rs));
		tmpl_set(it, "removal_id", db_res_get(res, i, LY_REMOVAL_ID));
		tmpl_set(it, "removal_version", db_res_get(res, i, LY_REMOVAL_VERSION));
		tmpl_set(it, "removal_reason", db_res_get(res, i, LY_REMOVAL_REASON));
		tmpl_set(it, "undo_reason", db_res_get(res, i, LY_UNDO_REASON));
	}
	/* What the caller's level may do with the row. */
	if (strcmp(role, "county") == 0 && s == LIBYEAR_OVERDUE &&
	    (rs == NULL || strcmp(rs, "undone") == 0))
		library_act(it, "propose", "清退原因", "提出清退出库");
	if (strcmp(role, "city") == 0 && rs != NULL &&
	    strcmp(rs, "proposed") == 0) {
		library_act(it, "confirm", NULL, "确认清退出库");
		library_act(it, "undo", "驳回说明", "驳回清退");
	} else if (strcmp(role, "city") == 0 && rs != NULL &&
	    strcmp(rs, "confirmed") == 0 && !in)
		library_act(it, "undo", "撤销原因", "撤销清退");
	if (err_ent == id && err_msg != NULL) {
		tmpl_set(it, "err_reason", err_msg);
		tmpl_set(it, "reason", req_form(c->r, "reason"));
	}
}

static const char SQL_COUNTIES[] =
    "SELECT r.code, r.name FROM region r WHERE r.level = 'county'"
    " AND ? IN (r.parent_code, '320000') ORDER BY r.code";
enum { CO_CODE, CO_NAME };

/* The counties of a city's or the province's region (item "county_opts"). */
static enum sme_err
library_counties(struct app_ctx *c)
{
	struct db_param		 p[] = { DB_STR(c->sess->region_code) };
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;

	if (strcmp(c->sess->role, "county") == 0)
		return SME_OK;
	if ((er = db_query(c->db, SQL_COUNTIES, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "county_opts")) == NULL)
			break;
		tmpl_set(it, "value", db_res_get(res, i, CO_CODE));
		tmpl_set(it, "label", db_res_get(res, i, CO_NAME));
		tmpl_set(it, "sel", db_res_is(res, i, CO_CODE, library_county(c)) ?
		    "1" : NULL);
	}
	db_res_free(res);
	return SME_OK;
}

/*
 * The bureau's page for year with status; a field error of ent's row
 * (err_ent, err_msg) or a refusal (alert) when answering a POST.
 */
static enum sme_err
library_render(struct app_ctx *c, int status, int year, long long err_ent,
    const char *err_msg, const char *alert)
{
	struct db_res		*res;
	struct library_counts	 n;
	char			 closes[16];
	const char		*m = req_query(c->r, "msg");
	enum sme_err		 er;
	size_t			 i;
	enum libyear_status	 s;
	int			 closed, shown = 0, cut;

	memset(&n, 0, sizeof(n));
	if ((er = libyear_list(c->db, c->sess->region_code, library_county(c), year,
	    &res, &closed, closes, sizeof(closes))) != SME_OK)
		return er;
	/* Every row is counted; the page lists the first LIBYEAR_LIST_MAX shown. */
	for (i = 0; i < res->nrows; i++) {
		s = libyear_row_status(res, i, year, closed);
		n.n[s]++;
		if (!library_shows(res, i, s))
			continue;
		if (shown++ < LIBYEAR_LIST_MAX)
			library_row(c, res, i, s, err_ent, err_msg);
	}
	cut = shown > LIBYEAR_LIST_MAX ? shown - LIBYEAR_LIST_MAX : 0;
	db_res_free(res);
	if (cut > 0)
		tmpl_setf(c->v, "cut", "本页列出前%d家，另有%d家未列出，请按县（市、区）筛选查看。",
		    LIBYEAR_LIST_MAX, cut);
	if ((er = library_counties(c)) != SME_OK)
		return er;
	tmpl_setf(c->v, "year", "%d", year);
	tmpl_set(c->v, "f_county", library_county(c));
	tmpl_set(c->v, "closes", closes);
	tmpl_set(c->v, "closed", closed ? "1" : NULL);
	tmpl_setf(c->v, "n_due", "%d", n.n[LIBYEAR_DUE]);
	tmpl_setf(c->v, "n_overdue", "%d", n.n[LIBYEAR_OVERDUE]);
	tmpl_setf(c->v, "n_filed", "%d", n.n[LIBYEAR_FILED]);
	tmpl_setf(c->v, "n_accepted", "%d", n.n[LIBYEAR_ACCEPTED]);
	tmpl_setf(c->v, "n_waiting", "%d", n.n[LIBYEAR_DUE] + n.n[LIBYEAR_OVERDUE]);
	tmpl_set(c->v, "has_rows", shown > 0 ? "1" : NULL);
	tmpl_set(c->v, "can_remind", strcmp(c->sess->role, "province") != 0 &&
	    n.n[LIBYEAR_DUE] + n.n[LIBYEAR_OVERDUE] > 0 ? "1" : NULL);
	tmpl_set(c->v, "is_province", strcmp(c->sess->role, "province") == 0 ? "1" : NULL);
	tmpl_set(c->v, "alert", alert);
	if (m != NULL && strcmp(m, "reminded") == 0) {
		tmpl_setf(c->v, "notice", "已发送提醒短信%d条；%d家企业今日已提醒过或无手机号，未重复发送。",
		    atoi(req_query(c->r, "n") ? req_query(c->r, "n") : "0"),
		    atoi(req_query(c->r, "skip") ? req_query(c->r, "skip") : "0"));
	} else
		tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW, m));
	return app_render(c, status, "review_library");
}

enum sme_err
review_library_page(struct app_ctx *c)
{
	return library_render(c, 200, library_year(req_query(c->r, "year")), 0, NULL, NULL);
}

/* The actor of a change: the session's account, address and region. */
static void
library_actor(struct app_ctx *c, struct libyear_actor *who)
{
	who->id = c->sess->account_id;
	who->ip = c->r->remote_addr;
	who->region = c->sess->region_code;
	who->county = library_county(c);
}

/* 303 back to the list of year with msg (and extra query text). */
static void
library_back(struct app_ctx *c, int year, const char *msg, const char *extra)
{
	char	 loc[128];

	snprintf(loc, sizeof(loc), "/review/library?year=%d&county=%s&msg=%s%s", year,
	    library_county(c), msg, extra != NULL ? extra : "");
	req_redirect(c->r, loc);
}

enum sme_err
review_library_remind(struct app_ctx *c)
{
	struct libyear_actor	 who;
	char			 extra[48];
	enum sme_err		 er;
	int			 year = library_year(req_form(c->r, "year")), sent, skipped;

	library_actor(c, &who);
	if ((er = libyear_remind(c->db, c->app->cfg, &who, year, &sent, &skipped)) != SME_OK)
		return er;
	snprintf(extra, sizeof(extra), "&n=%d&skip=%d", sent, skipped);
	library_back(c, year, "reminded", extra);
	return SME_OK;
}

enum sme_err
review_library_propose(struct app_ctx *c)
{
	struct libyear_actor	 who;
	const char		*msg, *reason = req_form(c->r, "reason");
	char			 why[256], *t;
	enum sme_err		 er;
	long long		 ent = app_id(req_form(c->r, "ent"));
	int			 year = library_year(req_form(c->r, "year")), found;

	if (ent == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((msg = library_reason_error(reason)) != NULL)
		return library_render(c, 422, year, ent, msg, NULL);
	if ((t = validate_trimmed(reason, 0)) == NULL)
		return SME_ENOMEM;
	library_actor(c, &who);
	er = libyear_propose(c->db, &who, ent, year, t, &found, why, sizeof(why));
	free(t);
	if (er == SME_ECONFLICT)
		return library_render(c, 409, year, 0, NULL, why);
	if (er != SME_OK)
		return er;
	if (!found) {
		app_error(c, 404);
		return SME_OK;
	}
	library_back(c, year, "lib_proposed", NULL);
	return SME_OK;
}

/* Confirm (reason NULL) or undo the removal the form names. */
static enum sme_err
library_decide(struct app_ctx *c, int undo)
{
	struct libyear_actor	 who;
	const char		*msg, *reason = req_form(c->r, "reason");
	char			*t = NULL;
	enum sme_err		 er;
	long long		 id = app_id(req_form(c->r, "removal"));
	long long		 version = app_id(req_form(c->r, "version"));
	long long		 ent = app_id(req_form(c->r, "ent"));
	int			 year = library_year(req_form(c->r, "year")), found;

	if (id == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if (undo && (msg = library_reason_error(reason)) != NULL)
		return library_render(c, 422, year, ent, msg, NULL);
	if (undo && (t = validate_trimmed(reason, 0)) == NULL)
		return SME_ENOMEM;
	library_actor(c, &who);
	er = undo ? libyear_undo(c->db, c->app->cfg, &who, id, version, t, &found) :
	    libyear_confirm(c->db, c->app->cfg, &who, id, version, &found);
	free(t);
	if (er == SME_ECONFLICT)
		return library_render(c, 409, year, 0, NULL,
		    "该清退记录已被他人处理或页面已过期，请查看最新状态。");
	if (er != SME_OK)
		return er;
	if (!found) {
		app_error(c, 404);
		return SME_OK;
	}
	library_back(c, year, undo ? "lib_undone" : "lib_confirmed", NULL);
	return SME_OK;
}

enum sme_err
review_library_confirm(struct app_ctx *c)
{
	return library_decide(c, 0);
}

enum sme_err
review_library_undo(struct app_ctx *c)
{
	return library_decide(c, 1);
}

enum sme_err
review_library_publish(struct app_ctx *c)
{
	struct libyear_actor	 who;
	const char		*y = req_form(c->r, "year");
	enum sme_err		 er;
	long long		 n;
	int			 year = vocab_year(y, 0);

	if (year == 0 || year > filing_year_now()) {
		app_field_error(c, "year", "请填写已开始的年度（如2026）");
		return library_render(c, 422, filing_year_now(), 0, NULL, NULL);
	}
	library_actor(c, &who);
	if ((er = libyear_publish(c->db, &who, year, &n)) != SME_OK)
		return er;
	library_back(c, year, "lib_published", NULL);
	return SME_OK;
}

/* ---- the public library ----------------------------------------------- */

/* The filters of the query; "" for each one absent or malformed. */
static void
library_filter(struct app_ctx *c, struct libyear_filter *f, int year)
{
	const char	*v;

	f->year = year;
	v = req_query(c->r, "city");
	f->city = v != NULL && validate_region(v) == NULL ? v : "";
	v = req_query(c->r, "county");
	f->county = v != NULL && validate_region(v) == NULL ? v : "";
	v = req_query(c->r, "industry");
	f->industry = v != NULL && strlen(v) >= 1 && strlen(v) <= 2 &&
	    strspn(v, "ABCDEFGHIJKLMNOPQRST0123456789") == strlen(v) ? v : "";
	v = req_query(c->r, "q");
	f->q = v != NULL && validate_text(v, 50) == NULL ? v : "";
}

/*
 * The year asked for if published, else the newest published one (0 when
 * none); the published years go to the page's selector.
 */
static enum sme_err
library_public_year(struct app_ctx *c, int *year, int fill)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	int			 want = vocab_year(req_query(c->r, "year"), 0), y;

	*year = 0;
	if ((er = libyear_years(c->db, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		y = (int)db_res_int(res, i, LY_YEARS_YEAR, 0);
		if (i == 0 || y == want)
			*year = y;
		if (fill && (it = tmpl_add(c->v, "years")) != NULL) {
			tmpl_setf(it, "y", "%d", y);
			tmpl_set(it, "sel", y == want ? "1" : NULL);
		}
	}
	db_res_free(res);
	return SME_OK;
}

static const char SQL_REGIONS[] =
    "SELECT r.code, r.name, r.level, COALESCE(p.name, '') FROM region r"
    " LEFT JOIN region p ON p.code = r.parent_code"
    " WHERE r.level IN ('city', 'county') ORDER BY r.code";
enum { RE_CODE, RE_NAME, RE_LEVEL, RE_PARENT };
static const char SQL_SECTIONS[] =
    "SELECT code, name FROM industry WHERE level = 1 ORDER BY code";
enum { SE_CODE, SE_NAME };

/* The options of the city, county and industry selects. */
static enum sme_err
library_options(struct app_ctx *c, const struct libyear_filter *f)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	const char		*code;

	if ((er = db_query(c->db, SQL_REGIONS, NULL, 0, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		code = db_res_get(res, i, RE_CODE);
		if (db_res_is(res, i, RE_LEVEL, "city"))
			it = tmpl_add(c->v, "city_opts");
		else if (*f->city == '\0' || strncmp(code, f->city, 4) == 0)
			it = tmpl_add(c->v, "county_opts");
		else
			continue;
		if (it == NULL)
			break;
		tmpl_set(it, "value", code);
		if (db_res_is(res, i, RE_LEVEL, "city"))
			tmpl_set(it, "label", db_res_get(res, i, RE_NAME));
		else
			tmpl_setf(it, "label", "%s %s", db_res_get(res, i, RE_PARENT),
			    db_res_get(res, i, RE_NAME));
		tmpl_set(it, "sel", strcmp(code, f->city) == 0 ||
		    strcmp(code, f->county) == 0 ? "1" : NULL);
	}
	db_res_free(res);
	if ((er = db_query(c->db, SQL_SECTIONS, NULL, 0, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "industry_opts")) == NULL)
			break;
		tmpl_set(it, "value", db_res_get(res, i, SE_CODE));
		tmpl_setf(it, "label", "%s %s", db_res_get(res, i, SE_CODE),
		    db_res_get(res, i, SE_NAME));
		tmpl_set(it, "sel", db_res_is(res, i, SE_CODE, f->industry) ? "1" : NULL);
	}
	db_res_free(res);
	return SME_OK;
}

/* The query string of f (without page), for links; escaped by the template. */
static void
library_query_string(const struct libyear_filter *f, char *out, size_t outsz)
{
	char	*q = NULL;
	size_t	 i, n = 0;

	/* Percent-encode q: the only filter that is not digits or letters. */
	if ((q = malloc(strlen(f->q) * 3 + 1)) != NULL) {
		for (i = 0; f->q[i] != '\0'; i++) {
			unsigned char ch = (unsigned char)f->q[i];

			if ((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') ||
			    (ch >= 'a' && ch <= 'z'))
				q[n++] = (char)ch;
			else
				n += (size_t)snprintf(q + n, 4, "%%%02X", ch);
		}
		q[n] = '\0';
	}
	snprintf(out, outsz, "year=%d&city=%s&county=%s&industry=%s&q=%s", f->year,
	    f->city, f->county, f->industry, q != NULL ? q : "");
	free(q);
}

/* Column titles of the CSV: no figures (seed 001 publishes names only). */
enum { PC_NO, PC_NAME, PC_CITY, PC_COUNTY, PC_INDUSTRY, PC_ENTRY, PC__MAX };
static const struct export_col public_cols[PC__MAX] = {
	[PC_NO] = { "序号", EXPORT_NUMBER, 6 },
	[PC_NAME] = { "企业名称", EXPORT_TEXT, 36 },
	[PC_CITY] = { "设区市", EXPORT_TEXT, 10 },
	[PC_COUNTY] = { "县（市、区）", EXPORT_TEXT, 12 },
	[PC_INDUSTRY] = { "所属行业", EXPORT_TEXT, 30 },
	[PC_ENTRY] = { "入库年份", EXPORT_TEXT, 8 },
};

/* The industry of row i: "39 计算机、通信和其他电子设备制造业", or "—". */
static void
library_industry(const struct db_res *res, size_t i, char *out, size_t outsz)
{
	const char	*code = db_res_get(res, i, LP_INDUSTRY_CODE);
	const char	*name = db_res_get(res, i, LP_INDUSTRY);

	if (code == NULL)
		snprintf(out, outsz, "—");
	else
		snprintf(out, outsz, "%s %s", code, name != NULL ? name : "");
}

static enum sme_err
library_csv(struct app_ctx *c, const struct libyear_filter *f)
{
	struct export_table	 t;
	struct db_res		*res;
	char			**cells = NULL, *out = NULL, disp[96], ind[320];
	size_t			 i, j, outsz = 0;
	long long		 total;
	enum sme_err		 er;

	if ((er = libyear_public(c->db, f, 0, 0, &res, &total)) != SME_OK)
		return er;
	if (res->nrows > 0 &&
	    (cells = calloc(res->nrows * PC__MAX, sizeof(*cells))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	for (i = 0; i < res->nrows; i++) {
		char **row = cells + i * PC__MAX;

		library_industry(res, i, ind, sizeof(ind));
		if (asprintf(&row[PC_NO], "%zu", i + 1) < 0)
			row[PC_NO] = NULL;
		row[PC_NAME] = strdup(db_res_get(res, i, LP_NAME));
		row[PC_CITY] = strdup(db_res_get(res, i, LP_CITY));
		row[PC_COUNTY] = strdup(db_res_get(res, i, LP_COUNTY));
		row[PC_INDUSTRY] = strdup(ind);
		row[PC_ENTRY] = strdup(db_res_get(res, i, LP_ENTRY_YEAR) ?
		    db_res_get(res, i, LP_ENTRY_YEAR) : "—");
		for (j = 0; j < PC__MAX; j++)
			if (row[j] == NULL)
				er = SME_ENOMEM;
	}
	if (er != SME_OK)
		goto out;
	t = (struct export_table){ .cols = public_cols, .ncols = PC__MAX,
	    .cells = (const char *const *)cells, .nrows = res->nrows,
	    .sheet = "培育库名单" };	/* no title, no groups */
	if ((er = export_csv(&t, &out, &outsz)) == SME_OK) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"library-%d.csv\"", f->year);
		req_header(c->r, "Content-Disposition", disp);
		req_send(c->r, 200, "text/csv; charset=utf-8", out, outsz);
	}
out:
	for (i = 0; i < res->nrows * PC__MAX; i++)
		free(cells[i]);
	free(cells);
	free(out);
	db_res_free(res);
	return er;
}

/* The rows of page (1..) of f, and the links around them. */
static enum sme_err
library_public_rows(struct app_ctx *c, const struct libyear_filter *f, long long page)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	char			 qs[512], ind[320];
	long long		 total, pages;
	enum sme_err		 er;
	size_t			 i;

	if ((er = libyear_public(c->db, f, (page - 1) * LIBYEAR_PUBLIC_PAGE,
	    LIBYEAR_PUBLIC_PAGE, &res, &total)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "rows")) == NULL)
			break;
		library_industry(res, i, ind, sizeof(ind));
		tmpl_setf(it, "no", "%lld", (page - 1) * LIBYEAR_PUBLIC_PAGE + (long long)i + 1);
		tmpl_set(it, "name", db_res_get(res, i, LP_NAME));
		tmpl_set(it, "city", db_res_get(res, i, LP_CITY));
		tmpl_set(it, "county", db_res_get(res, i, LP_COUNTY));
		tmpl_set(it, "industry", ind);
		tmpl_set(it, "entry_year", db_res_get(res, i, LP_ENTRY_YEAR) ?
		    db_res_get(res, i, LP_ENTRY_YEAR) : "—");
	}
	db_res_free(res);
	pages = (total + LIBYEAR_PUBLIC_PAGE - 1) / LIBYEAR_PUBLIC_PAGE;
	library_query_string(f, qs, sizeof(qs));
	tmpl_setf(c->v, "total", "%lld", total);
	tmpl_setf(c->v, "page", "%lld", page);
	tmpl_setf(c->v, "pages", "%lld", pages > 0 ? pages : 1);
	tmpl_set(c->v, "has_rows", total > 0 ? "1" : NULL);
	tmpl_setf(c->v, "csv_href", "/library/public.csv?%s", qs);
	if (page > 1)
		tmpl_setf(c->v, "prev_href", "/library/public?%s&page=%lld", qs, page - 1);
	if (page < pages)
		tmpl_setf(c->v, "next_href", "/library/public?%s&page=%lld", qs, page + 1);
	return SME_OK;
}

enum sme_err
review_library_public(struct app_ctx *c)
{
	struct libyear_filter	 f;
	const char		*fmt = req_query(c->r, "format");
	enum sme_err		 er;
	long long		 page = app_id(req_query(c->r, "page"));
	size_t			 n = strlen(c->r->path);
	int			 year, csv;

	/* As CSV for /library/public.csv or ?format=csv, else the page. */
	csv = (n > 4 && strcmp(c->r->path + n - 4, ".csv") == 0) ||
	    (fmt != NULL && strcmp(fmt, "csv") == 0);
	if ((er = library_public_year(c, &year, !csv)) != SME_OK)
		return er;
	library_filter(c, &f, year);
	if (csv) {
		if (year == 0) {
			app_error(c, 404);
			return SME_OK;
		}
		return library_csv(c, &f);
	}
	tmpl_setf(c->v, "year", "%d", year);
	tmpl_set(c->v, "published", year > 0 ? "1" : NULL);
	tmpl_set(c->v, "f_q", f.q);
	if ((er = library_options(c, &f)) != SME_OK ||
	    (year > 0 && (er = library_public_rows(c, &f, page > 0 ? page : 1)) != SME_OK))
		return er;
	return app_render(c, 200, "library_public");
}
