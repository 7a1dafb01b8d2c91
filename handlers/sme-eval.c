/*
 * sme-eval.c - the innovative-SME evaluation handler (创新型中小企业评价, seed
 * 002): a county, city or province reviewer runs the Ministry's score over
 * the library enterprises of its region for a year, reviews the ranked list
 * and publishes it; anyone reads a published list (names, totals and
 * verdicts, never the figures). Routes in the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "criteria.h"
#include "db.h"
#include "facts.h"
#include "filing.h"
#include "log.h"
#include "notice.h"
#include "scheme.h"
#include "scheme_db.h"
#include "scope.h"
#include "score.h"
#include "tmpl.h"
#include "vocab.h"

#define EVAL_FAMILY	"cn-innov-sme"	/* the Ministry's 2022 score, preferred */
#define EVAL_RUNS_MAX	100		/* runs listed on /evaluation */
#define EVAL_PUBLIC_MAX	200		/* lists on /evaluation/public */

static enum sme_err	page_list(struct app_ctx *);
static enum sme_err	page_run(struct app_ctx *);
static enum sme_err	page_public_list(struct app_ctx *);
static enum sme_err	page_public(struct app_ctx *);
static enum sme_err	page_view(struct app_ctx *);
static enum sme_err	page_publish(struct app_ctx *);

enum route {
	ROUTE_LIST,
	ROUTE_RUN,
	ROUTE_PUBLIC_LIST,
	ROUTE_PUBLIC,
	ROUTE_VIEW,
	ROUTE_PUBLISH,
	ROUTE__MAX
};

/* /evaluation/public comes before /evaluation/{id}, which would match it too. */
static const struct app_route routes[ROUTE__MAX] = {
	[ROUTE_LIST] = { REQ_GET, "/evaluation", page_list, APP_AUTH | APP_REVIEWER },
	[ROUTE_RUN] = { REQ_POST, "/evaluation", page_run, APP_AUTH | APP_REVIEWER },
	[ROUTE_PUBLIC_LIST] = { REQ_GET, "/evaluation/public", page_public_list, 0 },
	[ROUTE_PUBLIC] = { REQ_GET, "/evaluation/public/{id}", page_public, 0 },
	[ROUTE_VIEW] = { REQ_GET, "/evaluation/{id}", page_view, APP_AUTH | APP_REVIEWER },
	[ROUTE_PUBLISH] = { REQ_POST, "/evaluation/{id}/publish", page_publish, APP_AUTH | APP_REVIEWER },
};

/* Column headings of the Ministry's indicators (DOMAIN.md); others show their key. */
static const char *const indicator_labels[][2] = {
	{ "ip", "知识产权" },
	{ "rd_ratio", "研发费用占比" },
	{ "growth", "主营业务收入增长率" },
	{ "debt", "资产负债率" },
	{ "field", "主导产品所属领域" },
	{ "main_share", "主营业务收入占比" },
};

/*
 * The library enterprises of the caller's region, each with the filing
 * scored: its latest accepted entry or update filing of the year or
 * before, else its latest one still in review (returned and draft filings
 * are the enterprise's to change, so they are not used).
 */
#define SQL_SCORED_JOIN \
    " JOIN region r ON r.code = e.region_code" \
    " JOIN filing f ON f.id = (SELECT f2.id FROM filing f2" \
    " WHERE f2.enterprise_id = e.id AND f2.kind IN ('entry', 'update')" \
    " AND f2.year <= ? AND f2.state IN ('county', 'city', 'province', 'accepted')" \
    " ORDER BY f2.state = 'accepted' DESC, f2.year DESC, f2.id DESC LIMIT 1)"
#define SQL_SCORED_WHERE " WHERE e.in_library = 1 AND " SCOPE_SQL
/* Both bind the year, then the caller's region. */
static const char SQL_LIBRARY[] =
    "SELECT e.id, e.name, e.region_code, f.id, f.year, f.state FROM enterprise e"
    SQL_SCORED_JOIN SQL_SCORED_WHERE " ORDER BY e.id";
static const char SQL_LIBRARY_VALUES[] =
    "SELECT e.id, v.name, v.value FROM enterprise e" SQL_SCORED_JOIN
    " JOIN filing_value v ON v.filing_id = f.id" SQL_SCORED_WHERE
    " ORDER BY e.id, v.name";

static const char SQL_RUN_INSERT[] =
    "INSERT INTO evaluation_run (region_code, year, scheme_id, scheme_family,"
    " scheme_year, scheme_title, total_min, enterprises, qualified, run_by,"
    " run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_INDICATOR_INSERT[] =
    "INSERT INTO evaluation_indicator (run_id, seq, indicator, area, label,"
    " max_points) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_RESULT_INSERT[] =
    "INSERT INTO evaluation_result (run_id, enterprise_id, ent_name,"
    " region_code, filing_id, filing_year, filing_state, place, total, verdict,"
    " direct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_POINT_INSERT[] =
    "INSERT INTO evaluation_point (run_id, enterprise_id, seq, known, points,"
    " upgrade) VALUES (?, ?, ?, ?, ?, ?)";

static const char SQL_RUNS[] =
    "SELECT id, year, scheme_title, enterprises, qualified, state,"
    " DATE_FORMAT(run_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(published_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), '')"
    " FROM evaluation_run WHERE region_code = ? ORDER BY id DESC LIMIT 100";
static const char SQL_RUN[] =
    "SELECT r.region_code, g.name, r.year, r.scheme_title, r.scheme_family,"
    " r.scheme_year, r.total_min, r.enterprises, r.qualified, r.state, r.version,"
    " DATE_FORMAT(r.run_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(r.published_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''),"
    " a.display_name"
    " FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    " JOIN account a ON a.id = r.run_by WHERE r.id = ?";
static const char SQL_INDICATORS[] =
    "SELECT seq, indicator, label, max_points FROM evaluation_indicator"
    " WHERE run_id = ? ORDER BY seq";
static const char SQL_RESULTS[] =
    "SELECT res.enterprise_id, res.ent_name, g.name, res.place, res.total,"
    " res.verdict, res.direct, res.filing_id, res.filing_year, res.filing_state"
    " FROM evaluation_result res JOIN region g ON g.code = res.region_code"
    " WHERE res.run_id = ? ORDER BY res.place, res.enterprise_id";
static const char SQL_POINTS[] =
    "SELECT p.enterprise_id, p.seq, p.known, p.points, p.upgrade"
    " FROM evaluation_point p JOIN evaluation_result res"
    " ON res.run_id = p.run_id AND res.enterprise_id = p.enterprise_id"
    " WHERE p.run_id = ? ORDER BY res.place, res.enterprise_id, p.seq";
static const char SQL_RUN_LOCK[] =
    "SELECT region_code, state, version FROM evaluation_run WHERE id = ? FOR UPDATE";
static const char SQL_RUN_PUBLISH[] =
    "UPDATE evaluation_run SET state = 'published', version = version + 1,"
    " published_by = ?, published_at = UTC_TIMESTAMP()"
    " WHERE id = ? AND version = ? AND state = 'draft'";

/* Public pages: names, places, totals and verdicts; never a figure or a point. */
static const char SQL_PUBLIC_RUNS[] =
    "SELECT r.id, r.year, r.scheme_title, g.name, r.enterprises, r.qualified,"
    " DATE_FORMAT(r.published_at + INTERVAL 8 HOUR, '%Y-%m-%d')"
    " FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    " WHERE r.state = 'published' ORDER BY r.published_at DESC, r.id DESC LIMIT 200";
static const char SQL_PUBLIC_RUN[] =
    "SELECT r.year, r.scheme_title, g.name, r.enterprises, r.qualified,"
    " DATE_FORMAT(r.published_at + INTERVAL 8 HOUR, '%Y-%m-%d')"
    " FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    " WHERE r.id = ? AND r.state = 'published'";
static const char SQL_PUBLIC_ROWS[] =
    "SELECT res.place, res.ent_name, g.name, res.total, res.verdict"
    " FROM evaluation_result res JOIN region g ON g.code = res.region_code"
    " WHERE res.run_id = ? AND res.verdict = 'met'"	/* the others are never named in public */
    " ORDER BY res.place, res.enterprise_id";

/* One enterprise being scored. Strings are borrowed from the SQL_LIBRARY rows. */
struct eval_ent {
	long long		 id;
	const char		*name;
	const char		*region;
	long long		 filing_id;
	int			 filing_year;
	const char		*filing_state;
	struct score_res	 sr;
	int			 place;		/* from 1, set after sorting */
};

/* The values of one filing: rows lo..hi-1 of the SQL_LIBRARY_VALUES result. */
struct eval_vals {
	const struct db_res	*res;
	size_t			 lo, hi;
};

/* indicator_get_fn over eval_vals: the value of name, NULL when empty. */
static const char *
vals_get(void *arg, const char *name)
{
	const struct eval_vals	*ev = arg;
	size_t			 i;
	const char		*v;

	for (i = ev->lo; i < ev->hi; i++)
		if (strcmp(db_res_get(ev->res, i, 1), name) == 0) {
			v = db_res_get(ev->res, i, 2);
			return v != NULL && *v != '\0' ? v : NULL;
		}
	return NULL;
}

static const char *
indicator_label(const char *key)
{
	size_t	 i;

	for (i = 0; i < sizeof(indicator_labels) / sizeof(indicator_labels[0]); i++)
		if (strcmp(indicator_labels[i][0], key) == 0)
			return indicator_labels[i][1];
	return key;
}

/* Qualifying first: met, then evidence, unknown, unmet. */
static int
verdict_order(enum crit_result v)
{
	switch (v) {
	case CRIT_MET:
		return 0;
	case CRIT_EVIDENCE:
		return 1;
	case CRIT_UNKNOWN:
		return 2;
	default:
		return 3;
	}
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct eval_ent	*x = a, *y = b;
	int			 d;

	if ((d = verdict_order(x->sr.verdict) - verdict_order(y->sr.verdict)) != 0)
		return d;
	if (x->sr.total != y->sr.total)
		return y->sr.total - x->sr.total;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The verdict of a stored result ("met"...) to its zh-CN label. */
static const char *
verdict_label(const char *name)
{
	int	 i;

	for (i = 0; i < CRIT__MAX; i++)
		if (name != NULL && strcmp(criteria_result_name(i), name) == 0)
			return criteria_result_label(i);
	return "";
}

/*
 * The score scheme a run over region for year uses: the Ministry's when it
 * applies, else the first score scheme that does. *all (of *n) holds every
 * applicable scheme and is freed by the caller with scheme_free_all();
 * *out points into it, or is NULL when no score scheme applies.
 */
static enum sme_err
eval_scheme(struct db *db, const char *region, int year, struct scheme **all,
    size_t *n, const struct scheme **out)
{
	enum sme_err	 er;
	size_t		 i;

	*out = NULL;
	if ((er = scheme_load_applicable(db, "entry", NULL, region, year, all,
	    n)) != SME_OK)
		return er;
	for (i = 0; i < *n; i++) {
		if ((*all)[i].mode != SCHEME_SCORE)
			continue;
		if (*out == NULL || strcmp((*all)[i].family, EVAL_FAMILY) == 0)
			*out = &(*all)[i];
	}
	return SME_OK;
}

/* ---- the runs of the caller's region ------------------------------------ */

/* Fill and send /evaluation with status: the run form and the region's runs. */
static enum sme_err
list_render(struct app_ctx *c, int status, const char *year)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	struct db_param		 p[] = { DB_STR(c->sess->region_code) };
	size_t			 i;
	enum sme_err		 er;

	if (year != NULL)
		tmpl_set(c->v, "year", year);
	else
		tmpl_setf(c->v, "year", "%d", filing_year_now());
	tmpl_set(c->v, "scope", c->sess->region_name);
	if ((er = db_query(c->db, SQL_RUNS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows && i < EVAL_RUNS_MAX; i++) {
		const char *state = db_res_get(res, i, 5);
		int pub = strcmp(state, "published") == 0;

		if ((it = tmpl_add(c->v, "runs")) == NULL)
			return SME_ENOMEM;
		tmpl_set(it, "id", db_res_get(res, i, 0));
		tmpl_setf(it, "href", "/evaluation/%s", db_res_get(res, i, 0));
		tmpl_set(it, "year", db_res_get(res, i, 1));
		tmpl_set(it, "scheme", db_res_get(res, i, 2));
		tmpl_set(it, "enterprises", db_res_get(res, i, 3));
		tmpl_set(it, "qualified", db_res_get(res, i, 4));
		tmpl_set(it, "state", state);
		tmpl_set(it, "state_label", pub ? "已发布" : "待审阅发布");
		tmpl_set(it, "run_at", db_res_get(res, i, 6));
		tmpl_set(it, "published_at", db_res_get(res, i, 7));
		if (pub)
			tmpl_setf(it, "public_href", "/evaluation/public/%s",
			    db_res_get(res, i, 0));
	}
	tmpl_set(c->v, "has_runs", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	return app_render(c, status, "evaluation");
}

static enum sme_err
page_list(struct app_ctx *c)
{
	tmpl_set(c->v, "notice", notice_text(NOTICE_EVAL, req_query(c->r, "msg")));
	return list_render(c, 200, NULL);
}

/*
 * Score ents[0..n) under s: facts from each one's filing values (vres rows
 * sorted by enterprise id, as ents are), then score_eval. rules is scratch
 * of s->nrules + 1 entries.
 */
static enum sme_err
score_all(const struct scheme *s, struct eval_ent *ents, size_t n,
    const struct db_res *vres, struct crit_rule_res *rules)
{
	struct fact_val	 facts[FACT__MAX];
	struct eval_vals ev;
	size_t		 i, row = 0;
	enum sme_err	 er;

	ev.res = vres;
	for (i = 0; i < n; i++) {
		while (row < vres->nrows && db_res_int(vres, row, 0, 0) < ents[i].id)
			row++;
		ev.lo = row;
		while (row < vres->nrows && db_res_int(vres, row, 0, 0) == ents[i].id)
			row++;
		ev.hi = row;
		facts_compute(ents[i].filing_year, vals_get, &ev, facts);
		if ((er = score_eval(s, facts, rules, &ents[i].sr)) != SME_OK)
			return er;
	}
	return SME_OK;
}

/* Places from 1 in sorted order; equal verdict and total share a place. */
static void
place_all(struct eval_ent *ents, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		ents[i].place = (i > 0 && ents[i].sr.verdict == ents[i - 1].sr.verdict &&
		    ents[i].sr.total == ents[i - 1].sr.total) ?
		    ents[i - 1].place : (int)i + 1;
}

/*
 * Write run, its indicators (those of cols) and every enterprise's result
 * and points; *run_id gets the new run. Inside the caller's transaction.
 */
static enum sme_err
store_run(struct app_ctx *c, const struct scheme *s, int year,
    const struct score_res *cols, const struct eval_ent *ents, size_t n,
    long long *run_id)
{
	unsigned long long	 id = 0;
	size_t			 i, k, qualified = 0;
	enum sme_err		 er;

	for (i = 0; i < n; i++)
		if (ents[i].sr.verdict == CRIT_MET)
			qualified++;
	struct db_param rp[] = { DB_STR(c->sess->region_code), DB_INT(year),
	    DB_INT(s->id), DB_STR(s->family), DB_INT(s->year), DB_STR(s->title),
	    DB_INT(s->total_min), DB_INT(n), DB_INT(qualified),
	    DB_INT(c->sess->account_id) };
	if ((er = db_exec(c->db, SQL_RUN_INSERT, rp, 10, NULL, &id)) != SME_OK)
		return er;
	*run_id = (long long)id;
	for (k = 0; k < cols->nind; k++) {
		struct db_param ip[] = { DB_INT(id), DB_INT(k + 1),
		    DB_STR(cols->ind[k].indicator), DB_STR(cols->ind[k].area),
		    DB_STR(indicator_label(cols->ind[k].indicator)),
		    DB_INT(cols->ind[k].max) };
		if ((er = db_exec(c->db, SQL_INDICATOR_INSERT, ip, 6, NULL,
		    NULL)) != SME_OK)
			return er;
	}
	for (i = 0; i < n; i++) {
		const struct eval_ent *e = &ents[i];
		struct db_param xp[] = { DB_INT(id), DB_INT(e->id), DB_STR(e->name),
		    DB_STR(e->region), DB_INT(e->filing_id), DB_INT(e->filing_year),
		    DB_STR(e->filing_state), DB_INT(e->place), DB_INT(e->sr.total),
		    DB_STR(criteria_result_name(e->sr.verdict)),
		    DB_STR(criteria_result_name(e->sr.direct)) };
		if ((er = db_exec(c->db, SQL_RESULT_INSERT, xp, 11, NULL,
		    NULL)) != SME_OK)
			return er;
		for (k = 0; k < e->sr.nind && k < cols->nind; k++) {
			const struct score_ind *o = &e->sr.ind[k];
			struct db_param pp[] = { DB_INT(id), DB_INT(e->id),
			    DB_INT(k + 1), DB_INT(o->known ? 1 : 0),
			    DB_INT(o->known ? o->points : 0), DB_INT(o->upgrade) };
			if ((er = db_exec(c->db, SQL_POINT_INSERT, pp, 6, NULL,
			    NULL)) != SME_OK)
				return er;
		}
	}
	return SME_OK;
}

/*
 * Run the evaluation for the posted year over the caller's region: read
 * the library and the filings' values, score, rank and store, all in one
 * transaction (one consistent read, and a run is stored whole or not at
 * all). 303 to the new run; 422 on year when it is wrong, when no score
 * scheme applies or when there is nobody to score.
 */
static enum sme_err
page_run(struct app_ctx *c)
{
	const char		*ystr = req_form(c->r, "year");
	int			 year = vocab_year(ystr, 0);
	struct scheme		*all = NULL;
	const struct scheme	*s = NULL;
	struct db_res		*lib = NULL, *vals = NULL;
	struct eval_ent		*ents = NULL;
	struct crit_rule_res	*rules = NULL;
	struct score_res	 cols;
	struct fact_val		 none[FACT__MAX];
	size_t			 nall = 0, n = 0, i;
	long long		 run_id = 0;
	char			 loc[64], oid[24], after[256], ybuf[8], cnt[24];
	enum sme_err		 er;

	if (year == 0) {
		app_field_error(c, "year", "请填写评价年度（2000—2099年）");
		return list_render(c, 422, ystr);
	}
	if ((er = eval_scheme(c->db, c->sess->region_code, year, &all, &nall,
	    &s)) != SME_OK)
		return er;
	if (s == NULL) {
		scheme_free_all(all, nall);
		app_field_error(c, "year", "该年度没有适用的创新型中小企业评价标准");
		return list_render(c, 422, ystr);
	}
	if ((rules = calloc(s->nrules + 1, sizeof(*rules))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	/* The columns: the scheme's indicators, from a score of no facts. */
	memset(none, 0, sizeof(none));
	if ((er = score_eval(s, none, rules, &cols)) != SME_OK)
		goto out;

	struct db_param p[] = { DB_INT(year), DB_STR(c->sess->region_code) };
	if ((er = db_begin(c->db)) != SME_OK)
		goto out;
	if ((er = db_query(c->db, SQL_LIBRARY, p, 2, &lib)) != SME_OK ||
	    (er = db_query(c->db, SQL_LIBRARY_VALUES, p, 2, &vals)) != SME_OK)
		goto fail;
	if (lib->nrows == 0) {
		db_rollback(c->db);
		app_field_error(c, "year", "本地区没有可评价的入库企业：需有该年度或以前"
		    "已提交的入库申报或数据更新");
		er = list_render(c, 422, ystr);
		goto out;
	}
	if ((ents = calloc(lib->nrows, sizeof(*ents))) == NULL) {
		er = SME_ENOMEM;
		goto fail;
	}
	n = lib->nrows;
	for (i = 0; i < n; i++) {
		ents[i].id = db_res_int(lib, i, 0, 0);
		ents[i].name = db_res_get(lib, i, 1);
		ents[i].region = db_res_get(lib, i, 2);
		ents[i].filing_id = db_res_int(lib, i, 3, 0);
		ents[i].filing_year = (int)db_res_int(lib, i, 4, 0);
		ents[i].filing_state = db_res_get(lib, i, 5);
	}
	if ((er = score_all(s, ents, n, vals, rules)) != SME_OK)
		goto fail;
	qsort(ents, n, sizeof(*ents), ent_cmp);
	place_all(ents, n);
	if ((er = store_run(c, s, year, &cols, ents, n, &run_id)) != SME_OK)
		goto fail;
	snprintf(oid, sizeof(oid), "%lld", run_id);
	snprintf(ybuf, sizeof(ybuf), "%d", year);
	snprintf(cnt, sizeof(cnt), "%zu", n);
	if (audit_json(after, sizeof(after), "region", c->sess->region_code,
	    "year", ybuf, "scheme", s->family, "enterprises", cnt,
	    "state", "draft", NULL) != 0)
		after[0] = '\0';
	if ((er = audit_log(c->db, c->sess->account_id, c->r->remote_addr,
	    "evaluation_run", "evaluation_run", oid, NULL,
	    after[0] ? after : NULL)) != SME_OK ||
	    (er = db_commit(c->db)) != SME_OK)
		goto fail;
	log_info("evaluation %lld: %s %d, %zu enterprises", run_id,
	    c->sess->region_code, year, n);
	snprintf(loc, sizeof(loc), "/evaluation/%lld?msg=run", run_id);
	req_redirect(c->r, loc);
	goto out;
fail:
	db_rollback(c->db);
out:
	free(ents);
	free(rules);
	db_res_free(lib);
	db_res_free(vals);
	scheme_free_all(all, nall);
	return er;
}

/* ---- one run: the ranked list, publishing ------------------------------- */

/*
 * Fill and send run id's ranked list with status, or 404 when there is no
 * such run or it is not of the caller's region.
 */
static enum sme_err
view_render(struct app_ctx *c, int status, long long id)
{
	struct db_res		*run = NULL, *ind = NULL, *res = NULL, *pts = NULL;
	struct tmpl_vars	*it, *pt;
	struct db_param		 p[] = { DB_INT(id) };
	size_t			 i, k, row = 0;
	enum sme_err		 er;

	if ((er = db_query(c->db, SQL_RUN, p, 1, &run)) != SME_OK)
		return er;
	if (run->nrows == 0 ||
	    strcmp(db_res_get(run, 0, 0), c->sess->region_code) != 0) {
		db_res_free(run);
		app_error(c, 404);
		return SME_OK;
	}
	tmpl_setf(c->v, "id", "%lld", id);
	tmpl_setf(c->v, "heading", "%s%s年度创新型中小企业评价", db_res_get(run, 0, 1),
	    db_res_get(run, 0, 2));
	tmpl_set(c->v, "scope", db_res_get(run, 0, 1));
	tmpl_set(c->v, "year", db_res_get(run, 0, 2));
	tmpl_setf(c->v, "scheme", "%s（%s，%s年）", db_res_get(run, 0, 3),
	    db_res_get(run, 0, 4), db_res_get(run, 0, 5));
	tmpl_set(c->v, "total_min", db_res_get(run, 0, 6));
	tmpl_set(c->v, "enterprises", db_res_get(run, 0, 7));
	tmpl_set(c->v, "qualified", db_res_get(run, 0, 8));
	tmpl_set(c->v, "state", db_res_get(run, 0, 9));
	tmpl_set(c->v, "version", db_res_get(run, 0, 10));
	tmpl_set(c->v, "run_at", db_res_get(run, 0, 11));
	tmpl_set(c->v, "published_at", db_res_get(run, 0, 12));
	tmpl_set(c->v, "run_by", db_res_get(run, 0, 13));
	if (strcmp(db_res_get(run, 0, 9), "published") == 0) {
		tmpl_set(c->v, "published", "1");
		tmpl_set(c->v, "state_label", "已发布");
		tmpl_setf(c->v, "public_href", "/evaluation/public/%lld", id);
	} else {
		tmpl_set(c->v, "state_label", "待审阅发布");
		tmpl_setf(c->v, "publish_action", "/evaluation/%lld/publish", id);
	}
	if ((er = db_query(c->db, SQL_INDICATORS, p, 1, &ind)) != SME_OK ||
	    (er = db_query(c->db, SQL_RESULTS, p, 1, &res)) != SME_OK ||
	    (er = db_query(c->db, SQL_POINTS, p, 1, &pts)) != SME_OK)
		goto out;
	for (k = 0; k < ind->nrows; k++) {
		if ((it = tmpl_add(c->v, "columns")) == NULL) {
			er = SME_ENOMEM;
			goto out;
		}
		tmpl_set(it, "indicator", db_res_get(ind, k, 1));
		tmpl_set(it, "label", db_res_get(ind, k, 2));
		tmpl_set(it, "max", db_res_get(ind, k, 3));
	}
	for (i = 0; i < res->nrows; i++) {
		long long ent = db_res_int(res, i, 0, 0);

		if ((it = tmpl_add(c->v, "rows")) == NULL) {
			er = SME_ENOMEM;
			goto out;
		}
		tmpl_set(it, "enterprise_id", db_res_get(res, i, 0));
		tmpl_set(it, "name", db_res_get(res, i, 1));
		tmpl_set(it, "county", db_res_get(res, i, 2));
		tmpl_set(it, "place", db_res_get(res, i, 3));
		tmpl_set(it, "total", db_res_get(res, i, 4));
		tmpl_set(it, "verdict", db_res_get(res, i, 5));
		tmpl_set(it, "verdict_label", verdict_label(db_res_get(res, i, 5)));
		tmpl_set(it, "direct", strcmp(db_res_get(res, i, 6), "met") == 0 ?
		    "1" : NULL);
		tmpl_setf(it, "filing_href", "/review/%s", db_res_get(res, i, 7));
		tmpl_setf(it, "filing", "%s年%s", db_res_get(res, i, 8),
		    strcmp(db_res_get(res, i, 9), "accepted") == 0 ?
		    "（已通过）" : "（审核中）");
		/* Points come in the same order as the rows, indicator by indicator. */
		for (; row < pts->nrows && db_res_int(pts, row, 0, 0) == ent; row++) {
			int known = db_res_int(pts, row, 2, 0) != 0;
			long long up = db_res_int(pts, row, 4, 0);
			long long seq = db_res_int(pts, row, 1, 0);

			if ((pt = tmpl_add(it, "points")) == NULL) {
				er = SME_ENOMEM;
				goto out;
			}
			if (seq >= 1 && (size_t)seq <= ind->nrows)
				tmpl_set(pt, "indicator",
				    db_res_get(ind, (size_t)seq - 1, 1));
			tmpl_set(pt, "points", db_res_get(pts, row, 3));
			tmpl_set(pt, "text", known ? db_res_get(pts, row, 3) : "—");
			tmpl_set(pt, "known", known ? "1" : "0");
			if (!known)
				tmpl_set(pt, "title", "数据不全");
			else if (up > 0)
				tmpl_setf(pt, "title", "如能提供证明材料，最高可得 %lld 分", up);
			if (up > 0)
				tmpl_setf(pt, "upgrade", "%lld", up);
		}
	}
	tmpl_set(c->v, "has_rows", res->nrows > 0 ? "1" : NULL);
	er = app_render(c, status, "evaluation_run");
out:
	db_res_free(run);
	db_res_free(ind);
	db_res_free(res);
	db_res_free(pts);
	return er;
}

static enum sme_err
page_view(struct app_ctx *c)
{
	long long	 id = app_id(c->arg[0]);

	if (id == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	tmpl_set(c->v, "notice", notice_text(NOTICE_EVAL, req_query(c->r, "msg")));
	return view_render(c, 200, id);
}

enum publish_refusal { PUB_OK, PUB_MISSING, PUB_ALREADY, PUB_STALE };

struct publish_args {
	struct app_ctx		*c;
	long long		 id, version;
	enum publish_refusal	 refusal;	/* out */
};

/*
 * Publish run a->id of the caller's region if it is a draft at a->version;
 * a refusal is SME_ECONFLICT with refusal set.
 */
static enum sme_err
publish_tx(struct db *db, void *arg)
{
	struct publish_args	*a = arg;
	struct app_ctx		*c = a->c;
	struct db_res		*res;
	unsigned long long	 n = 0;
	char			 oid[24], before[96], after[96], v[24];
	enum sme_err		 er;

	a->refusal = PUB_OK;
	struct db_param p[] = { DB_INT(a->id) };
	if ((er = db_query(db, SQL_RUN_LOCK, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0 ||
	    strcmp(db_res_get(res, 0, 0), c->sess->region_code) != 0)
		a->refusal = PUB_MISSING;
	else if (strcmp(db_res_get(res, 0, 1), "draft") != 0)
		a->refusal = PUB_ALREADY;
	else if (a->version <= 0 || a->version != db_res_int(res, 0, 2, 0))
		a->refusal = PUB_STALE;
	db_res_free(res);
	if (a->refusal != PUB_OK)
		return SME_ECONFLICT;
	struct db_param u[] = { DB_INT(c->sess->account_id), DB_INT(a->id),
	    DB_INT(a->version) };
	if ((er = db_exec(db, SQL_RUN_PUBLISH, u, 3, &n, NULL)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%lld", a->id);
	snprintf(v, sizeof(v), "%lld", a->version);
	if (audit_json(before, sizeof(before), "state", "draft", "version", v,
	    NULL) != 0)
		before[0] = '\0';
	snprintf(v, sizeof(v), "%lld", a->version + 1);
	if (audit_json(after, sizeof(after), "state", "published", "version", v,
	    NULL) != 0)
		after[0] = '\0';
	return audit_log(db, c->sess->account_id, c->r->remote_addr,
	    "evaluation_publish", "evaluation_run", oid, before[0] ? before : NULL,
	    after[0] ? after : NULL);
}

/*
 * Publish run id: only its own region, only a draft, only at the version
 * the reviewer saw (hidden field version); audited. 303 back to the run;
 * 404 outside the region; 409 when stale or already published.
 */
static enum sme_err
page_publish(struct app_ctx *c)
{
	struct publish_args	 a;
	long long		 id = app_id(c->arg[0]), version;
	const char		*vstr = req_form(c->r, "version");
	char			 loc[64];
	enum sme_err		 er;

	if (id == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	version = vstr != NULL ? strtoll(vstr, NULL, 10) : 0;
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.id = id;
	a.version = version;
	er = db_tx_run(c->db, publish_tx, &a);
	if (er == SME_ECONFLICT && a.refusal == PUB_MISSING) {
		app_error(c, 404);
		return SME_OK;
	}
	if (er == SME_ECONFLICT && a.refusal != PUB_OK) {
		tmpl_set(c->v, "error", a.refusal == PUB_ALREADY ? "该名单已发布，不能重复发布。" :
		    "名单已被他人更新，请核对后再发布。");
		return view_render(c, 409, id);
	}
	if (er != SME_OK)
		return er;
	log_info("evaluation %lld published", id);
	snprintf(loc, sizeof(loc), "/evaluation/%lld?msg=published", id);
	req_redirect(c->r, loc);
	return SME_OK;
}

/* ---- published lists, no login ------------------------------------------ */

static enum sme_err
page_public_list(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	size_t			 i;
	enum sme_err		 er;

	if ((er = db_query(c->db, SQL_PUBLIC_RUNS, NULL, 0, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows && i < EVAL_PUBLIC_MAX; i++) {
		if ((it = tmpl_add(c->v, "lists")) == NULL) {
			db_res_free(res);
			return SME_ENOMEM;
		}
		tmpl_setf(it, "href", "/evaluation/public/%s", db_res_get(res, i, 0));
		tmpl_setf(it, "title", "%s%s年度创新型中小企业评价结果",
		    db_res_get(res, i, 3), db_res_get(res, i, 1));
		tmpl_set(it, "scheme", db_res_get(res, i, 2));
		tmpl_set(it, "enterprises", db_res_get(res, i, 4));
		tmpl_set(it, "qualified", db_res_get(res, i, 5));
		tmpl_set(it, "published_on", db_res_get(res, i, 6));
	}
	tmpl_set(c->v, "has_lists", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	return app_render(c, 200, "evaluation_public_list");
}

/* A published list: place, name, county, total and verdict; 404 for a draft. */
static enum sme_err
page_public(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	long long		 id = app_id(c->arg[0]);
	size_t			 i;
	enum sme_err		 er;

	if (id == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	struct db_param p[] = { DB_INT(id) };
	if ((er = db_query(c->db, SQL_PUBLIC_RUN, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		app_error(c, 404);
		return SME_OK;
	}
	tmpl_setf(c->v, "heading", "%s%s年度创新型中小企业评价结果",
	    db_res_get(res, 0, 2), db_res_get(res, 0, 0));
	tmpl_set(c->v, "scheme", db_res_get(res, 0, 1));
	tmpl_set(c->v, "enterprises", db_res_get(res, 0, 3));
	tmpl_set(c->v, "qualified", db_res_get(res, 0, 4));
	tmpl_set(c->v, "published_on", db_res_get(res, 0, 5));
	db_res_free(res);
	if ((er = db_query(c->db, SQL_PUBLIC_ROWS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "rows")) == NULL) {
			db_res_free(res);
			return SME_ENOMEM;
		}
		tmpl_set(it, "place", db_res_get(res, i, 0));
		tmpl_set(it, "name", db_res_get(res, i, 1));
		tmpl_set(it, "county", db_res_get(res, i, 2));
		tmpl_set(it, "total", db_res_get(res, i, 3));
		tmpl_set(it, "verdict", db_res_get(res, i, 4));
		tmpl_set(it, "verdict_label", verdict_label(db_res_get(res, i, 4)));
	}
	db_res_free(res);
	return app_render(c, 200, "evaluation_public");
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-eval", routes, ROUTE__MAX);
}
