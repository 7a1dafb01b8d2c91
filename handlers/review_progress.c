/*
 * review_progress.c - the province's numbers (see review_progress.h): the
 * four counts of a year by region against the targets of three levels,
 * as tables and bar charts on the stats page; a city's own and its
 * counties' targets; the 通报 of the cities as a workbook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "export.h"
#include "filing.h"
#include "review_progress.h"
#include "review_report.h"
#include "rollup.h"
#include "svgchart.h"
#include "target.h"
#include "tmpl.h"
#include "vocab.h"

#define PROGRESS_ROWS_MAX	200	/* regions a chart shows (13 cities, ~100 counties) */

/* A year from the form or query value y (four digits), or 0. */
static int
year_of(const char *y)
{
	if (y == NULL || strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < 1900)
		return 0;
	return atoi(y);
}

/* Fill an item of the cities or counties table with g's figures. */
static void
row_fill(struct tmpl_vars *it, const struct rollup_region *g)
{
	char	 rate[32];
	int	 k;
	static const char *const keys[ROLLUP__MAX] = { "entry", "update", "title", "innov" };

	tmpl_set(it, "code", g->code);
	tmpl_set(it, "name", g->name);
	for (k = 0; k < ROLLUP__MAX; k++)
		tmpl_setf(it, keys[k], "%lld", g->n[k]);
	tmpl_setf(it, "waiting", "%lld", g->waiting);
	if (g->base != ROLLUP_NONE)
		tmpl_setf(it, "base", "%lld", g->base);
	if (g->own != ROLLUP_NONE)
		tmpl_setf(it, "own", "%lld", g->own);
	if (g->local != ROLLUP_NONE)
		tmpl_setf(it, "local", "%lld", g->local);
	if (g->sub_target != ROLLUP_NONE)
		tmpl_setf(it, "sub_target", "%lld", g->sub_target);
	if (g->target == ROLLUP_NONE) {
		tmpl_set(it, "target", "未设定");
		return;
	}
	tmpl_setf(it, "target", "%lld", g->target);
	tmpl_setf(it, "gap", "%lld", g->n[ROLLUP_ENTRY] < g->target ?
	    g->target - g->n[ROLLUP_ENTRY] : 0);
	if (rollup_rate(g->n[ROLLUP_ENTRY], g->target, rate, sizeof(rate)))
		tmpl_set(it, "rate", rate);
}

/*
 * A row of the targets form (item "target_rows") labelled label: input
 * key, the stored value or (form) what was posted, its error.
 */
static void
input_fill(struct app_ctx *c, const char *label, const char *key,
    long long stored, int form)
{
	struct tmpl_vars	*it;
	char			 ek[48];

	if ((it = tmpl_add(c->v, "target_rows")) == NULL)
		return;
	tmpl_set(it, "label", label);
	tmpl_set(it, "input_name", key);
	if (form)
		tmpl_set(it, "input", req_form(c->r, key));
	else if (stored != ROLLUP_NONE)
		tmpl_setf(it, "input", "%lld", stored);
	snprintf(ek, sizeof(ek), "err_%s", key);
	tmpl_set(it, "input_error", tmpl_get(c->v, ek));
}

/* One chart a count over the n regions rows (targets for entries only). */
static void
charts_fill(struct app_ctx *c, struct rollup_region *const *rows, size_t n, const char *what)
{
	static double		 val[PROGRESS_ROWS_MAX], tgt[PROGRESS_ROWS_MAX];
	static struct svgchart_row geo[PROGRESS_ROWS_MAX];
	struct svgchart		 ch;
	struct tmpl_vars	*chart, *it;
	size_t			 i;
	int			 k;

	for (k = 0; k < ROLLUP__MAX; k++) {
		for (i = 0; i < n; i++) {
			val[i] = (double)rows[i]->n[k];
			tgt[i] = k == ROLLUP_ENTRY && rows[i]->target > 0 ? (double)rows[i]->target : 0;
		}
		svgchart_layout(val, tgt, n, &ch, geo);
		if ((chart = tmpl_add(c->v, "charts")) == NULL)
			return;
		tmpl_setf(chart, "chart_id", "chart-%d", k);
		tmpl_setf(chart, "chart_title", "%s%s（%s）", what, rollup_count_label(k),
		    k == ROLLUP_ENTRY ? "深色为已入库，浅色为目标" : "家");
		tmpl_setf(chart, "viewbox", "0 0 %d %d", ch.width, ch.height);
		tmpl_setf(chart, "w", "%d", ch.width);
		tmpl_setf(chart, "h", "%d", ch.height);
		for (i = 0; i < n; i++) {
			if ((it = tmpl_add(chart, "bars")) == NULL)
				return;
			tmpl_set(it, "label", rows[i]->name);
			tmpl_setf(it, "x", "%d", ch.bar_x);
			tmpl_setf(it, "label_x", "%d", ch.bar_x - 6);
			tmpl_setf(it, "bh", "%d", ch.bar_h);
			tmpl_setf(it, "y", "%d", geo[i].y);
			tmpl_setf(it, "bw", "%d", geo[i].value_w);
			tmpl_setf(it, "ty", "%d", geo[i].target_y);
			tmpl_setf(it, "tw", "%d", geo[i].target_w);
			tmpl_setf(it, "text_y", "%d", geo[i].text_y);
			tmpl_setf(it, "num_x", "%d", geo[i].num_x);
			tmpl_setf(it, "value", "%lld", rows[i]->n[k]);
			if (tgt[i] > 0)
				tmpl_setf(it, "target", "%lld", rows[i]->target);
		}
	}
}

/*
 * The scope of the page: the caller's region, or for the province the
 * city of ?city=. *drill is that city code (borrowed) or NULL. Returns
 * NULL when another region is asked for (404).
 */
static const char *
page_scope(struct app_ctx *c, const char **drill)
{
	const char	*q = req_query(c->r, "city");

	*drill = NULL;
	if (q == NULL || *q == '\0')
		return c->sess->region_code;
	if (strcmp(c->sess->role, "province") == 0) {
		*drill = q;
		return q;
	}
	return strcmp(q, c->sess->region_code) == 0 ? q : NULL;
}

/*
 * The tables' rows of ro: the cities (the province's with a drill link and
 * its target input), the counties (not on the province's own page; a
 * city's with their target inputs), has_cities / has_counties.
 */
static void
rows_fill(struct app_ctx *c, const struct rollup *ro, int year, int mine, int form)
{
	const struct rollup_region *g;
	struct tmpl_vars	*it;
	char			 key[32];
	size_t			 i;
	int			 is_prov = strcmp(c->sess->role, "province") == 0;
	int			 sets = is_prov || strcmp(c->sess->role, "city") == 0;

	for (i = 0; i < ro->n; i++) {
		g = &ro->r[i];
		if (g->level == ROLLUP_PROVINCE || (g->level == ROLLUP_COUNTY && is_prov && mine))
			continue;
		it = tmpl_add(c->v, g->level == ROLLUP_CITY ? "cities" : "counties");
		row_fill(it, g);
		tmpl_set(c->v, g->level == ROLLUP_CITY ? "has_cities" : "has_counties", "1");
		if (!mine || !sets || (g->level == ROLLUP_CITY) != is_prov)
			continue;	/* the province sets cities', a city its counties' */
		snprintf(key, sizeof(key), "target_%s", g->code);
		input_fill(c, g->name, key, is_prov ? g->base : g->own, form);
		if (is_prov)
			tmpl_setf(it, "href", "/review/stats?year=%d&city=%s", year, g->code);
	}
}

/* The lines above the tables and the forms' heads: the province's or the city's. */
static void
summary_fill(struct app_ctx *c, const struct rollup_region *prov,
    const struct rollup_region *city, int year)
{
	if (prov != NULL) {
		if (prov->target != ROLLUP_NONE)
			tmpl_setf(c->v, "prov_total", "%lld", prov->target);
		if (prov->sub_target != ROLLUP_NONE)
			tmpl_setf(c->v, "prov_cities_sum", "%lld", prov->sub_target);
		row_fill(tmpl_add(c->v, "province"), prov);
		tmpl_setf(c->v, "report_href", "/review/stats/report.xlsx?year=%d", year);
		return;
	}
	if (city == NULL)
		return;
	tmpl_set(c->v, "city_name", city->name);
	if (city->target != ROLLUP_NONE)
		tmpl_setf(c->v, "city_target", "%lld", city->target);
	if (city->base != ROLLUP_NONE)
		tmpl_setf(c->v, "city_base", "%lld", city->base);
	if (city->sub_target != ROLLUP_NONE)
		tmpl_setf(c->v, "city_counties_sum", "%lld", city->sub_target);
}

/*
 * The head of the targets form, before rows_fill adds its other rows: the
 * province's total (prov, the province's page) or a city's own target.
 */
static void
targets_head_fill(struct app_ctx *c, const struct rollup_region *prov,
    const struct rollup_region *city, int form)
{
	char	 label[160];

	if (prov != NULL) {
		input_fill(c, "全省", "target_total", prov->own, form);
		tmpl_set(c->v, "province_form", "1");
		tmpl_set(c->v, "targets_action", "/review/stats/targets");
		tmpl_set(c->v, "targets_id", "targets-form");
	} else if (city != NULL && strcmp(c->sess->role, "city") == 0) {
		snprintf(label, sizeof(label), "本市（%s）", city->name);
		input_fill(c, label, "own", city->own, form);
		tmpl_set(c->v, "city_form", "1");
		tmpl_set(c->v, "targets_action", "/review/stats/local");
		tmpl_set(c->v, "targets_id", "local-targets-form");
	}
}

enum sme_err
review_progress_fill(struct app_ctx *c, int year, int form, int *found)
{
	static struct rollup_region *chart[PROGRESS_ROWS_MAX];
	struct rollup		 ro;
	struct rollup_region	*g, *prov = NULL, *city = NULL;
	const char		*scope, *drill;
	enum sme_err		 er;
	size_t			 i, nchart = 0;

	*found = 0;
	if ((scope = page_scope(c, &drill)) == NULL)
		return SME_OK;
	if ((er = rollup_load(c->db, year, scope, &ro)) != SME_OK)
		return er;
	if (drill != NULL && ((g = rollup_find(&ro, drill)) == NULL || g->level != ROLLUP_CITY))
		goto out;
	*found = 1;
	for (i = 0; i < ro.n; i++)
		if (ro.r[i].level == ROLLUP_PROVINCE)
			prov = &ro.r[i];
		else if (ro.r[i].level == ROLLUP_CITY)
			city = &ro.r[i];
	targets_head_fill(c, prov, prov != NULL ? NULL : city, form);
	rows_fill(c, &ro, year, drill == NULL, form);
	summary_fill(c, prov, prov != NULL ? NULL : city, year);
	/* The charts: the cities of the province, else the counties in view. */
	for (i = 0; i < ro.n && nchart < PROGRESS_ROWS_MAX; i++)
		if (ro.r[i].level == (prov != NULL ? ROLLUP_CITY : ROLLUP_COUNTY))
			chart[nchart++] = &ro.r[i];
	charts_fill(c, chart, nchart, prov != NULL ? "各设区市" : "各县（市、区）");
	if (drill != NULL)
		tmpl_setf(c->v, "back_href", "/review/stats?year=%d", year);
out:
	rollup_free(&ro);
	return SME_OK;
}

/* ---- a city's targets ------------------------------------------------- */

/* What local_tx writes: the city's own target and its counties'. */
struct local_args {
	struct app_ctx		*c;
	int			 year;
	const struct rollup	*ro;	/* the city's scope */
	char			 msg[200];	/* target_own_set's message on SME_EINPUT */
};

/* Set the city's own target and each of its counties' posted, each audited. */
static enum sme_err
local_tx(struct db *db, void *arg)
{
	struct local_args	*a = arg;
	struct app_ctx		*c = a->c;
	const struct rollup_region *g;
	const char		*v;
	char			 key[32];
	enum sme_err		 er;
	size_t			 i;
	long			 t;

	for (i = 0; i < a->ro->n; i++) {
		g = &a->ro->r[i];
		if (g->level == ROLLUP_CITY)
			snprintf(key, sizeof(key), "own");
		else
			snprintf(key, sizeof(key), "target_%s", g->code);
		if ((v = req_form(c->r, key)) == NULL)
			continue;	/* not on the form: left as it is */
		(void)target_parse(v, &t);	/* checked before */
		er = target_own_set(db, a->year, g->code, t, c->sess->account_id,
		    c->r->remote_addr, a->msg, sizeof(a->msg));
		if (er != SME_OK)
			return er;
	}
	return SME_OK;
}

enum sme_err
review_progress_local(struct app_ctx *c)
{
	struct local_args	 la;
	struct rollup		 ro;
	const struct rollup_region *g;
	const char		*v, *m;
	char			 key[32], loc[64], buf[200];
	enum sme_err		 er;
	size_t			 i;
	long			 t;
	int			 year;

	/* A city sets its own and its counties' targets (seed 000: 各市可根据实际自行增加). */
	if (strcmp(c->sess->role, "city") != 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((year = year_of(req_form(c->r, "year"))) == 0) {
		app_field_error(c, "year", "请填写四位数的年度");
		return review_report_stats_page(c, filing_year_now(), 422, 1);
	}
	if ((er = rollup_load(c->db, year, c->sess->region_code, &ro)) != SME_OK)
		return er;
	for (i = 0; i < ro.n; i++) {
		g = &ro.r[i];
		if (g->level == ROLLUP_CITY)
			snprintf(key, sizeof(key), "own");
		else
			snprintf(key, sizeof(key), "target_%s", g->code);
		if ((v = req_form(c->r, key)) == NULL)
			continue;
		if ((m = target_parse(v, &t)) == NULL && g->level == ROLLUP_CITY)
			m = target_own_check(g->base, t, buf, sizeof(buf));
		if (m != NULL)
			app_field_error(c, key, m);
	}
	if (tmpl_get(c->v, "has_errors") != NULL) {
		rollup_free(&ro);
		return review_report_stats_page(c, year, 422, 1);
	}
	memset(&la, 0, sizeof(la));
	la.c = c;
	la.year = year;
	la.ro = &ro;
	er = db_tx_run(c->db, local_tx, &la);
	rollup_free(&ro);
	if (er == SME_EINPUT) {
		/* The province raised its figure meanwhile. */
		app_field_error(c, "own", la.msg);
		return review_report_stats_page(c, year, 422, 1);
	}
	if (er != SME_OK)
		return er;
	snprintf(loc, sizeof(loc), "/review/stats?year=%d&msg=targets", year);
	req_redirect(c->r, loc);
	return SME_OK;
}

/* ---- the 通报 ---------------------------------------------------------- */

enum report_col {
	RC_NO, RC_CITY, RC_BASE, RC_OWN, RC_TARGET, RC_ENTRY, RC_RATE, RC_GAP,
	RC_UPDATE, RC_TITLE, RC_INNOV, RC_WAITING, RC__MAX
};

static const struct export_col report_cols[RC__MAX] = {
	[RC_NO] = { "序号", EXPORT_NUMBER, 6 },
	[RC_CITY] = { "设区市", EXPORT_TEXT, 12 },
	[RC_BASE] = { "省下达目标", EXPORT_NUMBER, 12 },
	[RC_OWN] = { "市自定目标", EXPORT_NUMBER, 12 },
	[RC_TARGET] = { "入库目标", EXPORT_NUMBER, 10 },
	[RC_ENTRY] = { VOCAB_ENTRY, EXPORT_NUMBER, 10 },
	[RC_RATE] = { "完成率（%）", EXPORT_NUMBER, 12 },
	[RC_GAP] = { "差额", EXPORT_NUMBER, 8 },
	[RC_UPDATE] = { VOCAB_UPDATE, EXPORT_NUMBER, 10 },
	[RC_TITLE] = { "认定称号", EXPORT_NUMBER, 10 },
	[RC_INNOV] = { "创新型中小企业", EXPORT_NUMBER, 16 },
	[RC_WAITING] = { "入库审核中", EXPORT_NUMBER, 12 },
};

/* The cells of g's row into row (each malloc'd or NULL); 0 on allocation failure. */
static int
report_row(char **row, const struct rollup_region *g, size_t no)
{
	char	 rate[32];
	int	 ok = 1;

#define CELL(i, ...) do { if (asprintf(&row[i], __VA_ARGS__) < 0) { row[i] = NULL; ok = 0; } } while (0)
	if (no > 0)
		CELL(RC_NO, "%zu", no);
	CELL(RC_CITY, "%s", g->level == ROLLUP_PROVINCE ? "全省" : g->name);
	if (g->base != ROLLUP_NONE)
		CELL(RC_BASE, "%lld", g->base);
	if (g->level == ROLLUP_CITY && g->own != ROLLUP_NONE)
		CELL(RC_OWN, "%lld", g->own);
	if (g->target != ROLLUP_NONE) {
		CELL(RC_TARGET, "%lld", g->target);
		CELL(RC_GAP, "%lld", g->n[ROLLUP_ENTRY] < g->target ?
		    g->target - g->n[ROLLUP_ENTRY] : 0);
	}
	if (rollup_rate(g->n[ROLLUP_ENTRY], g->target, rate, sizeof(rate)))
		CELL(RC_RATE, "%s", rate);
	CELL(RC_ENTRY, "%lld", g->n[ROLLUP_ENTRY]);
	CELL(RC_UPDATE, "%lld", g->n[ROLLUP_UPDATE]);
	CELL(RC_TITLE, "%lld", g->n[ROLLUP_TITLE]);
	CELL(RC_INNOV, "%lld", g->n[ROLLUP_INNOV]);
	CELL(RC_WAITING, "%lld", g->waiting);
#undef CELL
	return ok;
}

/* The sum of the cities' province figures into *cell (malloc'd), if any is set. */
static enum sme_err
base_sum(const struct rollup *ro, char **cell)
{
	long long	 sum = 0;
	size_t		 i;
	int		 any = 0;

	for (i = 0; i < ro->n; i++)
		if (ro->r[i].level == ROLLUP_CITY && ro->r[i].base != ROLLUP_NONE) {
			sum += ro->r[i].base;
			any = 1;
		}
	if (any && asprintf(cell, "%lld", sum) < 0) {
		*cell = NULL;
		return SME_ENOMEM;
	}
	return SME_OK;
}

enum sme_err
review_progress_xlsx(struct app_ctx *c)
{
	struct export_table	 t;
	struct rollup		 ro;
	struct rollup_region	*prov = NULL;
	char			**cells = NULL, *out = NULL, title[160], disp[96];
	size_t			 i, nrows = 0, outsz = 0, no = 0;
	enum sme_err		 er;
	int			 year = year_of(req_query(c->r, "year"));

	/* The 通报 is the province's (seed 001: 定期向各地党委、政府通报). */
	if (strcmp(c->sess->role, "province") != 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if (year == 0)
		year = filing_year_now();
	if ((er = rollup_load(c->db, year, "320000", &ro)) != SME_OK)
		return er;
	/* The cities, then the province's row: at most ro.n rows. */
	if ((cells = calloc((ro.n + 1) * RC__MAX, sizeof(char *))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	for (i = 0; i < ro.n; i++) {
		if (ro.r[i].level == ROLLUP_PROVINCE)
			prov = &ro.r[i];
		if (ro.r[i].level != ROLLUP_CITY)
			continue;
		if (!report_row(cells + nrows++ * RC__MAX, &ro.r[i], ++no)) {
			er = SME_ENOMEM;
			goto out;
		}
	}
	if (prov != NULL && !report_row(cells + nrows++ * RC__MAX, prov, 0)) {
		er = SME_ENOMEM;
		goto out;
	}
	/* The province's row: its total beside the sum of the province's figures. */
	if (prov != NULL && (er = base_sum(&ro, cells + (nrows - 1) * RC__MAX + RC_BASE)) != SME_OK)
		goto out;
	snprintf(title, sizeof(title), "%d年度各设区市专精特新中小企业培育工作进展通报", year);
	memset(&t, 0, sizeof(t));	/* fields added later stay off */
	t.cols = report_cols;
	t.ncols = RC__MAX;
	t.cells = (const char *const *)cells;
	t.nrows = nrows;
	t.sheet = "通报";
	t.title = title;
	if ((er = export_xlsx(&t, config_text(c->app->cfg, "spool_dir"), &out, &outsz)) != SME_OK)
		goto out;
	snprintf(disp, sizeof(disp), "attachment; filename=\"report-%d.xlsx\"", year);
	req_header(c->r, "Content-Disposition", disp);
	req_send(c->r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    out, outsz);
out:
	if (cells != NULL)
		for (i = 0; i < (ro.n + 1) * RC__MAX; i++)
			free(cells[i]);
	free(cells);
	free(out);
	rollup_free(&ro);
	return er;
}
