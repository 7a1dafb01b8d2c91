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
#include "evaluation.h"
#include "facts.h"
#include "filing.h"
#include "log.h"
#include "flash.h"
#include "scheme.h"
#include "scheme_db.h"
#include "scope.h"
#include "score.h"
#include "tmpl.h"
#include "vocab.h"

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

static const char SQL_RUNS[] =
    "SELECT id, year, scheme_title, enterprises, qualified, state,"
    " DATE_FORMAT(run_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(published_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), '')"
    " FROM evaluation_run WHERE region_code = ? ORDER BY id DESC LIMIT 100";
/* The columns of SQL_RUN, in order. */
enum run_col { RC_REGION, RC_REGION_NAME, RC_YEAR, RC_TITLE, RC_FAMILY,
	RC_SCHEME_YEAR, RC_TOTAL_MIN, RC_ENTERPRISES, RC_QUALIFIED, RC_STATE,
	RC_VERSION, RC_RUN_AT, RC_PUBLISHED_AT, RC_RUN_BY, RC__MAX };
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
	tmpl_set(c->v, "notice", flash_text(FLASH_EVAL, req_query(c->r, "msg")));
	return list_render(c, 200, NULL);
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
	enum evaluation_refusal	 why;
	long long		 run_id = 0;
	char			 loc[64];
	enum sme_err		 er;

	if (year == 0) {
		app_field_error(c, "year", "请填写评价年度（2000—2099年）");
		return list_render(c, 422, ystr);
	}
	if ((er = evaluation_run(c->db, c->sess->region_code, year,
	    c->sess->account_id, c->r->remote_addr, &run_id, &why)) != SME_OK)
		return er;
	if (why == EVALUATION_NO_SCHEME) {
		app_field_error(c, "year", "该年度没有适用的创新型中小企业评价标准");
		return list_render(c, 422, ystr);
	}
	if (why == EVALUATION_NOBODY) {
		app_field_error(c, "year", "本地区没有可评价的入库企业：需有该年度或以前"
		    "已提交的入库申报或数据更新");
		return list_render(c, 422, ystr);
	}
	snprintf(loc, sizeof(loc), "/evaluation/%lld?msg=run", run_id);
	req_redirect(c->r, loc);
	return SME_OK;
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
	    !db_res_is(run, 0, RC_REGION, c->sess->region_code)) {
		db_res_free(run);
		app_error(c, 404);
		return SME_OK;
	}
	tmpl_setf(c->v, "id", "%lld", id);
	tmpl_setf(c->v, "heading", "%s%s年度创新型中小企业评价", db_res_get(run, 0, RC_REGION_NAME),
	    db_res_get(run, 0, RC_YEAR));
	tmpl_set(c->v, "scope", db_res_get(run, 0, RC_REGION_NAME));
	tmpl_set(c->v, "year", db_res_get(run, 0, RC_YEAR));
	tmpl_setf(c->v, "scheme", "%s（%s，%s年）", db_res_get(run, 0, RC_TITLE),
	    db_res_get(run, 0, RC_FAMILY), db_res_get(run, 0, RC_SCHEME_YEAR));
	tmpl_set(c->v, "total_min", db_res_get(run, 0, RC_TOTAL_MIN));
	tmpl_set(c->v, "enterprises", db_res_get(run, 0, RC_ENTERPRISES));
	tmpl_set(c->v, "qualified", db_res_get(run, 0, RC_QUALIFIED));
	tmpl_set(c->v, "state", db_res_get(run, 0, RC_STATE));
	tmpl_set(c->v, "version", db_res_get(run, 0, RC_VERSION));
	tmpl_set(c->v, "run_at", db_res_get(run, 0, RC_RUN_AT));
	tmpl_set(c->v, "published_at", db_res_get(run, 0, RC_PUBLISHED_AT));
	tmpl_set(c->v, "run_by", db_res_get(run, 0, RC_RUN_BY));
	if (db_res_is(run, 0, RC_STATE, "published")) {
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
		tmpl_set(it, "direct", db_res_is(res, i, 6, "met") ?
		    "1" : NULL);
		tmpl_setf(it, "filing_href", "/review/%s", db_res_get(res, i, 7));
		tmpl_setf(it, "filing", "%s年%s", db_res_get(res, i, 8),
		    db_res_is(res, i, 9, "accepted") ?
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
	tmpl_set(c->v, "notice", flash_text(FLASH_EVAL, req_query(c->r, "msg")));
	return view_render(c, 200, id);
}

/*
 * Publish run id: only its own region, only a draft, only at the version
 * the reviewer saw (hidden field version); audited. 303 back to the run;
 * 404 outside the region; 409 when stale or already published.
 */
static enum sme_err
page_publish(struct app_ctx *c)
{
	struct evaluation_publish a;
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
	a.region = c->sess->region_code;
	a.actor = c->sess->account_id;
	a.ip = c->r->remote_addr;
	a.id = id;
	a.version = version;
	er = evaluation_publish(c->db, &a);
	if (er == SME_ECONFLICT && a.refusal == EVALUATION_PUB_MISSING) {
		app_error(c, 404);
		return SME_OK;
	}
	if (er == SME_ECONFLICT && a.refusal != EVALUATION_PUB_OK) {
		tmpl_set(c->v, "error", a.refusal == EVALUATION_PUB_ALREADY ? "该名单已发布，不能重复发布。" :
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

	if ((er = app_rows_or_404(c, c->arg[0], SQL_PUBLIC_RUN, &res)) != SME_OK || res == NULL)
		return er;
	struct db_param p[] = { DB_INT(id) };
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
