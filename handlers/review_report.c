/*
 * review_report.c - the reviewer's reports (see review_report.h): the
 * recommendation summary of the caller's scope as a workbook or CSV, and
 * library entries against each city's target as a table and a bar chart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "export.h"
#include "filing.h"
#include "flow.h"
#include "review_deadline.h"
#include "review_progress.h"
#include "review_report.h"
#include "scope.h"
#include "target.h"
#include "tmpl.h"
#include "vocab.h"

/*
 * One row a filing of the kind and year in scope that the caller's level
 * approved (the 推荐汇总表 lists what a level recommends), with its key
 * figures from filing_value, one primary-key lookup each (the last full
 * year's operations are revenue_Y-1 etc., bound by the caller).
 */
#define SUMMARY_FIG(name) \
    " (SELECT v.value FROM filing_value v WHERE v.filing_id = f.id AND v.name = " name "),"
static const char SQL_SUMMARY[] =
    "SELECT e.name, e.uscc, COALESCE(c.name, ''), r.name, f.class, f.state,"
    " DATE_FORMAT(f.submitted_at + INTERVAL 8 HOUR, '%Y-%m-%d'),"
    SUMMARY_FIG("'assets_total'") SUMMARY_FIG("'liabilities_total'")
    SUMMARY_FIG("'employees'") SUMMARY_FIG("'rd_staff'")
    SUMMARY_FIG("?") SUMMARY_FIG("?") SUMMARY_FIG("?") SUMMARY_FIG("?")
    " f.return_reason"
    " FROM filing f JOIN enterprise e ON e.id = f.enterprise_id"
    " JOIN region r ON r.code = e.region_code LEFT JOIN region c ON c.code = r.parent_code"
    " WHERE " SCOPE_SQL " AND f.kind = ? AND f.year = ? AND f.submissions > 0"
    /*
     * Recommended by the caller's level: approved there since its last
     * submission and not returned since; the province's are the accepted.
     */
    " AND f.state NOT IN ('draft', 'returned')"
    " AND ((? = 'province' AND f.state = 'accepted') OR EXISTS (SELECT 1 FROM filing_event ev"
    "  WHERE ev.filing_id = f.id AND ev.action = 'approve' AND ev.from_state = ?"
    "  AND ev.at >= f.submitted_at))"
    " ORDER BY r.code, e.uscc, f.id";
/* SQL_SUMMARY's columns, in its order. */
enum {
	SM_NAME, SM_USCC, SM_CITY, SM_COUNTY, SM_CLASS, SM_STATE, SM_SUBMITTED,
	SM_ASSETS, SM_LIABILITIES, SM_EMPLOYEES, SM_RD_STAFF, SM_REVENUE,
	SM_PROFIT, SM_TAX, SM_RD_EXPENSE, SM_REASON
};

enum summary_col {
	SC_NO, SC_NAME, SC_USCC, SC_CITY, SC_COUNTY, SC_CLASS, SC_SUBMITTED,
	SC_ASSETS, SC_LIABILITIES, SC_EMPLOYEES, SC_RD_STAFF, SC_REVENUE,
	SC_PROFIT, SC_TAX, SC_RD_EXPENSE, SC_DECISION, SC_REASON, SC__MAX
};

/* Titles starting "%d" are prefixed with the last full year. */
static const struct export_col summary_cols[SC__MAX] = {
	[SC_NO] = { "序号", EXPORT_NUMBER, 6 },
	[SC_NAME] = { "企业名称", EXPORT_TEXT, 36 },
	[SC_USCC] = { "统一社会信用代码", EXPORT_TEXT, 22 },
	[SC_CITY] = { "设区市", EXPORT_TEXT, 10 },
	[SC_COUNTY] = { "县（市、区）", EXPORT_TEXT, 12 },
	[SC_CLASS] = { "类别", EXPORT_TEXT, 8 },
	[SC_SUBMITTED] = { "提交日期", EXPORT_TEXT, 12 },
	[SC_ASSETS] = { "资产总额（万元）", EXPORT_NUMBER, 14 },
	[SC_LIABILITIES] = { "负债总额（万元）", EXPORT_NUMBER, 14 },
	[SC_EMPLOYEES] = { "职工人数", EXPORT_NUMBER, 10 },
	[SC_RD_STAFF] = { "研发人员", EXPORT_NUMBER, 10 },
	[SC_REVENUE] = { "%d年营业收入（万元）", EXPORT_NUMBER, 18 },
	[SC_PROFIT] = { "%d年利润总额（万元）", EXPORT_NUMBER, 18 },
	[SC_TAX] = { "%d年实缴税金（万元）", EXPORT_NUMBER, 18 },
	[SC_RD_EXPENSE] = { "%d年研发费用（万元）", EXPORT_NUMBER, 18 },
	[SC_DECISION] = { "审核意见", EXPORT_TEXT, 14 },
	[SC_REASON] = { "退回原因", EXPORT_TEXT, 30 },
};

/* The SQL_SUMMARY column of each cell after SC_NO (a count). */
static const int summary_src[SC__MAX] = {
	[SC_NAME] = SM_NAME, [SC_USCC] = SM_USCC, [SC_CITY] = SM_CITY,
	[SC_COUNTY] = SM_COUNTY, [SC_CLASS] = SM_CLASS,
	[SC_SUBMITTED] = SM_SUBMITTED, [SC_ASSETS] = SM_ASSETS,
	[SC_LIABILITIES] = SM_LIABILITIES, [SC_EMPLOYEES] = SM_EMPLOYEES,
	[SC_RD_STAFF] = SM_RD_STAFF, [SC_REVENUE] = SM_REVENUE,
	[SC_PROFIT] = SM_PROFIT, [SC_TAX] = SM_TAX,
	[SC_RD_EXPENSE] = SM_RD_EXPENSE, [SC_DECISION] = SM_STATE,
	[SC_REASON] = SM_REASON,
};

/* The summary of the caller's scope: its table, the cells owned by cells. */
struct summary {
	struct export_col	 cols[SC__MAX];
	char			 titles[SC__MAX][64];
	char			**cells;	/* nrows * SC__MAX, each malloc'd or NULL */
	size_t			 nrows;
	char			 fname[64];	/* file name without extension */
	char			 title[256];	/* the xlsx title row */
};

static void
summary_free(struct summary *s)
{
	size_t	 i;

	if (s->cells != NULL)
		for (i = 0; i < s->nrows * SC__MAX; i++)
			free(s->cells[i]);
	free(s->cells);
	s->cells = NULL;
}

static const char *
decision_label(const char *state)
{
	int	 s = flow_state_parse(state);

	switch (s) {
	case FLOW_COUNTY:
		return vocab_state_label("county");
	case FLOW_CITY:
		return "县级审核通过，待市级审核";
	case FLOW_PROVINCE:
		return "市级审核通过，待省级审核";
	case FLOW_ACCEPTED:
		return "审核通过";
	case FLOW_RETURNED:
		return "退回";
	default:
		return s >= 0 ? flow_state_label(s) : "";
	}
}

/* A year from the query (four digits), or the current one. */
static int
query_year(struct app_ctx *c)
{
	const char	*y = req_query(c->r, "year");
	int		 v;

	if (y == NULL || strlen(y) != 4 || strspn(y, "0123456789") != 4)
		return filing_year_now();
	v = atoi(y);
	return v >= 1900 ? v : filing_year_now();
}

/* Load the summary of kind (query, default entry) and year into s. */
static enum sme_err
summary_load(struct app_ctx *c, struct summary *s)
{
	struct db_res	*res;
	char		 fig[4][32];
	const char	*kind = req_query(c->r, "kind"), *cell;
	enum sme_err	 er;
	size_t		 i, j;
	int		 year = query_year(c), k;

	memset(s, 0, sizeof(*s));
	k = flow_kind_parse(kind);
	kind = k >= 0 ? flow_kind_name(k) : "entry";
	snprintf(fig[0], sizeof(fig[0]), "revenue_%d", year - 1);
	snprintf(fig[1], sizeof(fig[1]), "profit_%d", year - 1);
	snprintf(fig[2], sizeof(fig[2]), "tax_%d", year - 1);
	snprintf(fig[3], sizeof(fig[3]), "rd_expense_%d", year - 1);
	for (j = 0; j < SC__MAX; j++) {
		s->cols[j] = summary_cols[j];
		if (strstr(summary_cols[j].title, "%d") != NULL) {
			snprintf(s->titles[j], sizeof(s->titles[j]), "%d%s", year - 1,
			    summary_cols[j].title + 2);
			s->cols[j].title = s->titles[j];
		}
	}
	snprintf(s->fname, sizeof(s->fname), "review-%s-%d", kind, year);
	snprintf(s->title, sizeof(s->title), "%s%d年度%s推荐汇总表",
	    c->sess->region_name != NULL ? c->sess->region_name : "", year,
	    flow_kind_label(flow_kind_parse(kind)));
	struct db_param p[] = {
		DB_STR(fig[0]), DB_STR(fig[1]), DB_STR(fig[2]), DB_STR(fig[3]),
		DB_STR(c->sess->region_code), DB_STR(kind), DB_INT(year),
		DB_STR(c->sess->role), DB_STR(c->sess->role),
	};
	if ((er = db_query(c->db, SQL_SUMMARY, p, sizeof(p) / sizeof(p[0]), &res)) != SME_OK)
		return er;
	if (res->nrows > 0 &&
	    (s->cells = calloc(res->nrows * SC__MAX, sizeof(char *))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	s->nrows = res->nrows;
	for (i = 0; i < res->nrows; i++) {
		char **row = s->cells + i * SC__MAX;

		if (asprintf(&row[SC_NO], "%zu", i + 1) < 0)
			row[SC_NO] = NULL;
		for (j = SC_NAME; j < SC__MAX; j++) {
			cell = db_res_get(res, i, (size_t)summary_src[j]);
			if (j == SC_CLASS)
				cell = vocab_class_label(cell);
			else if (j == SC_DECISION)
				cell = decision_label(cell);
			if (cell != NULL && (row[j] = strdup(cell)) == NULL) {
				db_res_free(res);
				summary_free(s);
				return SME_ENOMEM;
			}
		}
	}
	db_res_free(res);
	return SME_OK;
}

/* Send the summary in format (csv or xlsx). */
static enum sme_err
report_send(struct app_ctx *c, int xlsx)
{
	struct summary		 s;
	struct export_table	 t;
	char			*out = NULL, disp[160];
	size_t			 outsz = 0;
	enum sme_err		 er;

	if ((er = summary_load(c, &s)) != SME_OK)
		return er;
	/* Fields not named here (groups, and any added later) stay off. */
	t = (struct export_table){ .cols = s.cols, .ncols = SC__MAX,
	    .cells = (const char *const *)s.cells, .nrows = s.nrows,
	    .sheet = "推荐汇总表", .title = s.title };
	er = xlsx ? export_xlsx(&t, config_text(c->app->cfg, "spool_dir"),
	    &out, &outsz) : export_csv(&t, &out, &outsz);
	if (er == SME_OK) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"%s.%s\"", s.fname,
		    xlsx ? "xlsx" : "csv");
		req_header(c->r, "Content-Disposition", disp);
		req_send(c->r, 200, xlsx ?
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
		    "text/csv; charset=utf-8", out, outsz);
	}
	free(out);
	summary_free(&s);
	return er;
}

enum sme_err
review_report_export(struct app_ctx *c)
{
	size_t	 n = strlen(c->r->path);

	return report_send(c, n > 5 && strcmp(c->r->path + n - 5, ".xlsx") == 0);
}

/* ---- the stats page ----------------------------------------------------- */

static const char SQL_TARGET_YEARS[] =
    "SELECT year FROM city_target UNION SELECT year FROM region_target"
    " ORDER BY year DESC LIMIT 20";
enum { TY_YEAR };

/*
 * The stats page of year with status. The target forms show the stored
 * targets, or what was typed when form is set (a 422).
 */
static enum sme_err
stats_render(struct app_ctx *c, int year, int status, int form)
{
	struct db_res		*years;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	int			 found;

	/* Counts and targets by region: review_progress.c. */
	if ((er = review_progress_fill(c, year, form, &found)) != SME_OK)
		return er;
	if (!found) {
		app_error(c, 404);
		return SME_OK;
	}
	tmpl_setf(c->v, "year", "%d", year);
	if ((er = db_query(c->db, SQL_TARGET_YEARS, NULL, 0, &years)) != SME_OK)
		return er;
	for (i = 0; i < years->nrows; i++)
		if ((it = tmpl_add(c->v, "target_years")) != NULL) {
			tmpl_set(it, "y", db_res_get(years, i, TY_YEAR));
			tmpl_setf(it, "href", "/review/stats?year=%s",
			    db_res_get(years, i, TY_YEAR));
		}
	db_res_free(years);
	tmpl_set(c->v, "is_province", strcmp(c->sess->role, "province") == 0 ? "1" : NULL);
	/* Filings past their review deadline (handlers/review_deadline.c). */
	if ((er = review_deadline_overdue(c)) != SME_OK)
		return er;
	tmpl_set(c->v, "notice", req_query(c->r, "msg") != NULL &&
	    strcmp(req_query(c->r, "msg"), "targets") == 0 ? "入库目标已保存。" : NULL);
	return app_render(c, status, "review_stats");
}

enum sme_err
review_report_stats_page(struct app_ctx *c, int year, int status, int form)
{
	return stats_render(c, year, status, form);
}

enum sme_err
review_report_stats(struct app_ctx *c)
{
	return stats_render(c, query_year(c), 200, 0);
}

static const char SQL_TARGET_CITIES[] =
    "SELECT c.code, t.target FROM region c LEFT JOIN city_target t"
    " ON t.city_code = c.code AND t.year = ? WHERE c.level = 'city' ORDER BY c.code";
enum { TC_CODE, TC_TARGET };

/* What targets_tx writes: the posted target of each city of year. */
struct targets_args {
	struct app_ctx		*c;
	int			 year;
	const struct db_res	*cities;	/* SQL_TARGET_CITIES */
};

/* Set or unset each changed target, each audited. */
static enum sme_err
targets_tx(struct db *db, void *arg)
{
	const struct targets_args	*a = arg;
	struct app_ctx		*c = a->c;
	const struct db_res	*res = a->cities;
	const char		*v, *old;
	char			 key[32], oid[32], before[64], after[64];
	enum sme_err		 er;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		snprintf(key, sizeof(key), "target_%s", db_res_get(res, i, TC_CODE));
		if ((v = req_form(c->r, key)) == NULL)
			continue;	/* not on the form: left as it is */
		old = db_res_get(res, i, TC_TARGET);
		if ((old == NULL && *v == '\0') || (old != NULL && *v != '\0' &&
		    atol(old) == atol(v)))
			continue;
		er = target_set(db, a->year, db_res_get(res, i, TC_CODE),
		    *v == '\0' ? -1 : atol(v));
		if (er != SME_OK)
			return er;
		snprintf(oid, sizeof(oid), "%d:%s", a->year,
		    db_res_get(res, i, TC_CODE));
		audit_json(before, sizeof(before), "target", old, NULL);
		audit_json(after, sizeof(after), "target", *v != '\0' ? v : NULL, NULL);
		if ((er = audit_log(db, c->sess->account_id, c->r->remote_addr,
		    "target_set", "city_target", oid, before, after)) != SME_OK)
			return er;
	}
	/* The province total (全省入库企业目标数), when on the form. */
	if ((v = req_form(c->r, "target_total")) != NULL) {
		long	 t;

		(void)target_parse(v, &t);	/* checked before */
		return target_own_set(db, a->year, "320000", t, c->sess->account_id,
		    c->r->remote_addr, NULL, 0);
	}
	return SME_OK;
}

enum sme_err
review_report_targets(struct app_ctx *c)
{
	struct db_res	*res;
	const char	*y = req_form(c->r, "year"), *v;
	char		 key[32], loc[64];
	struct targets_args ta;
	enum sme_err	 er;
	size_t		 i;
	int		 year = 0;

	/* Targets are the province's to set (DOMAIN.md, roles). */
	if (strcmp(c->sess->role, "province") != 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if (y != NULL && strlen(y) == 4 && strspn(y, "0123456789") == 4 && atoi(y) >= 1900)
		year = atoi(y);
	else {
		app_field_error(c, "year", "请填写四位数的年度");
		return stats_render(c, filing_year_now(), 422, 1);
	}
	struct db_param p[] = { DB_INT(year) };
	if ((er = db_query(c->db, SQL_TARGET_CITIES, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i <= res->nrows; i++) {
		long		 t;
		const char	*m;

		/* Each city's figure, then the province total. */
		if (i < res->nrows)
			snprintf(key, sizeof(key), "target_%s",
			    db_res_get(res, i, TC_CODE));
		else
			snprintf(key, sizeof(key), "target_total");
		v = req_form(c->r, key);
		if (v != NULL && (m = target_parse(v, &t)) != NULL)
			app_field_error(c, key, m);
	}
	if (tmpl_get(c->v, "has_errors") != NULL) {
		db_res_free(res);
		return stats_render(c, year, 422, 1);
	}
	ta.c = c;
	ta.year = year;
	ta.cities = res;
	if ((er = db_tx_run(c->db, targets_tx, &ta)) != SME_OK)
		goto out;
	snprintf(loc, sizeof(loc), "/review/stats?year=%d&msg=targets", year);
	req_redirect(c->r, loc);
out:
	db_res_free(res);
	return er;
}
