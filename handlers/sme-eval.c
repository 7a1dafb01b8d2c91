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
#include <time.h>

#include "app.h"
#include "audit.h"
#include "config.h"
#include "criteria.h"
#include "db.h"
#include "deadline.h"
#include "evaluation.h"
#include "facts.h"
#include "filing.h"
#include "flash.h"
#include "log.h"
#include "redirect.h"
#include "rowvars.h"
#include "scheme.h"
#include "scheme_db.h"
#include "scope.h"
#include "score.h"
#include "title.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

#define EVAL_RUNS_MAX	100		/* runs listed on /evaluation */
#define EVAL_PUBLIC_MAX	200		/* lists on /evaluation/public */
#define EVAL_NOTICE_DAYS	7		/* the notice's default length, in days */
#define EVAL_REASON_MAX	500		/* bytes of a return's reason */

/*
 * The region's own runs, and its counties' once proposed; bind the region
 * twice and EVAL_RUNS_MAX.
 */
static const char SQL_RUNS[] =
    "SELECT r.id, r.year, r.scheme_title, r.enterprises, r.qualified, r.state,"
    " DATE_FORMAT(r.run_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(r.published_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''),"
    " g.name FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    " WHERE r.region_code = ? OR (g.parent_code = ? AND g.level = 'county'"
    " AND r.state <> 'draft') ORDER BY r.id DESC LIMIT ?";
enum { RS_ID, RS_YEAR, RS_TITLE, RS_ENTERPRISES, RS_QUALIFIED, RS_STATE,
	RS_RUN_AT, RS_PUBLISHED_AT, RS_REGION_NAME };
static const struct rowvar runs_map[] = {
	{ "id", RS_ID }, { "year", RS_YEAR }, { "scheme", RS_TITLE },
	{ "enterprises", RS_ENTERPRISES }, { "qualified", RS_QUALIFIED },
	{ "state", RS_STATE }, { "region", RS_REGION_NAME }, { "run_at", RS_RUN_AT },
	{ "published_at", RS_PUBLISHED_AT },
};
static const char SQL_RUN[] =
    "SELECT r.region_code, g.name, r.year, r.scheme_title, r.scheme_family,"
    " r.scheme_year, r.total_min, r.enterprises, r.qualified, r.state, r.version,"
    " DATE_FORMAT(r.run_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(r.published_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''),"
    " a.display_name, g.level, COALESCE(g.parent_code, ''),"
    " COALESCE(DATE_FORMAT(r.notice_opens, '%Y-%m-%d'), ''),"
    " COALESCE(DATE_FORMAT(r.notice_closes, '%Y-%m-%d'), ''),"
    " COALESCE(r.return_reason, ''),"
    " COALESCE(DATE_FORMAT(r.proposed_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), '')"
    " FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    " JOIN account a ON a.id = r.run_by WHERE r.id = ?";
enum { RC_REGION, RC_REGION_NAME, RC_YEAR, RC_TITLE, RC_FAMILY,
	RC_SCHEME_YEAR, RC_TOTAL_MIN, RC_ENTERPRISES, RC_QUALIFIED, RC_STATE,
	RC_VERSION, RC_RUN_AT, RC_PUBLISHED_AT, RC_RUN_BY, RC_LEVEL, RC_PARENT,
	RC_OPENS, RC_CLOSES, RC_REASON, RC_PROPOSED_AT };
static const struct rowvar run_map[] = {
	{ "scope", RC_REGION_NAME }, { "year", RC_YEAR }, { "total_min", RC_TOTAL_MIN },
	{ "enterprises", RC_ENTERPRISES }, { "qualified", RC_QUALIFIED },
	{ "state", RC_STATE }, { "version", RC_VERSION }, { "run_at", RC_RUN_AT },
	{ "published_at", RC_PUBLISHED_AT }, { "run_by", RC_RUN_BY },
	{ "notice_opens", RC_OPENS }, { "notice_closes", RC_CLOSES },
	{ "proposed_at", RC_PROPOSED_AT },
};
static const char SQL_INDICATORS[] =
    "SELECT seq, indicator, label, max_points FROM evaluation_indicator"
    " WHERE run_id = ? ORDER BY seq";
enum { IND_SEQ, IND_KEY, IND_LABEL, IND_MAX };
static const struct rowvar ind_map[] = {
	{ "indicator", IND_KEY }, { "label", IND_LABEL }, { "max", IND_MAX },
};
/*
 * A run's ranked rows; the public page's take the first five columns
 * (RESULT_COLS) and only the enterprises that met the score.
 */
#define RESULT_COLS \
    "SELECT res.ent_name, g.name, res.place, res.total, res.verdict"
#define RESULT_FROM \
    " FROM evaluation_result res JOIN region g ON g.code = res.region_code"
static const char SQL_RESULTS[] =
    RESULT_COLS ", res.enterprise_id, res.direct, res.filing_id, res.filing_year,"
    " res.filing_state" RESULT_FROM
    " WHERE res.run_id = ? ORDER BY res.place, res.enterprise_id";
enum { RES_NAME, RES_COUNTY, RES_PLACE, RES_TOTAL, RES_VERDICT, RES_ENTERPRISE,
	RES_DIRECT, RES_FILING, RES_FILING_YEAR, RES_FILING_STATE };
static const struct rowvar result_map[] = {
	{ "name", RES_NAME }, { "county", RES_COUNTY }, { "place", RES_PLACE },
	{ "total", RES_TOTAL }, { "verdict", RES_VERDICT },
};
static const char SQL_POINTS[] =
    "SELECT p.enterprise_id, p.seq, p.known, p.points, p.upgrade"
    " FROM evaluation_point p JOIN evaluation_result res"
    " ON res.run_id = p.run_id AND res.enterprise_id = p.enterprise_id"
    " WHERE p.run_id = ? ORDER BY res.place, res.enterprise_id, p.seq";
enum { PT_ENTERPRISE, PT_SEQ, PT_KNOWN, PT_POINTS, PT_UPGRADE };
/* Public pages: names, places, totals and verdicts; never a figure or a point. */
static const char SQL_PUBLIC_ROWS[] =
    RESULT_COLS RESULT_FROM
    " WHERE res.run_id = ? AND res.verdict = 'met'"	/* the others are never named in public */
    " ORDER BY res.place, res.enterprise_id";
/* Lists on public notice (公示) or published, with the notice's dates. */
#define PUBLIC_RUN_COLS \
    "SELECT r.id, r.year, r.scheme_title, g.name, r.enterprises, r.qualified," \
    " COALESCE(DATE_FORMAT(r.published_at + INTERVAL 8 HOUR, '%Y-%m-%d'), '')," \
    " r.state, COALESCE(DATE_FORMAT(r.notice_opens, '%Y-%m-%d'), '')," \
    " COALESCE(DATE_FORMAT(r.notice_closes, '%Y-%m-%d'), '')" \
    " FROM evaluation_run r JOIN region g ON g.code = r.region_code"
/* Bind EVAL_PUBLIC_MAX. */
static const char SQL_PUBLIC_RUNS[] =
    PUBLIC_RUN_COLS " WHERE r.state IN ('notice', 'published')"
    " ORDER BY COALESCE(r.published_at, r.confirmed_at) DESC, r.id DESC LIMIT ?";
static const char SQL_PUBLIC_RUN[] =
    PUBLIC_RUN_COLS " WHERE r.id = ? AND r.state IN ('notice', 'published')";
enum { PR_ID, PR_YEAR, PR_TITLE, PR_REGION_NAME, PR_ENTERPRISES, PR_QUALIFIED,
	PR_PUBLISHED_ON, PR_STATE, PR_OPENS, PR_CLOSES };
static const struct rowvar public_map[] = {
	{ "scheme", PR_TITLE }, { "enterprises", PR_ENTERPRISES },
	{ "qualified", PR_QUALIFIED }, { "published_on", PR_PUBLISHED_ON },
	{ "state", PR_STATE },
};
/*
 * The province's view of a year: each city, its lists published (its own
 * and its counties') with the first date and the enterprises that met the
 * score, and those still proposed or on notice; bind the year four times.
 */
static const char SQL_REPORTS[] =
    "SELECT c.code, c.name,"
    " (SELECT COUNT(*) FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    "  WHERE r.year = ? AND r.state = 'published' AND c.code IN (g.code, g.parent_code)),"
    " (SELECT COALESCE(DATE_FORMAT(MIN(r.published_at) + INTERVAL 8 HOUR, '%Y-%m-%d'), '')"
    "  FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    "  WHERE r.year = ? AND r.state = 'published' AND c.code IN (g.code, g.parent_code)),"
    " (SELECT COALESCE(SUM(r.qualified), 0) FROM evaluation_run r JOIN region g"
    "  ON g.code = r.region_code WHERE r.year = ? AND r.state = 'published'"
    "  AND c.code IN (g.code, g.parent_code)),"
    " (SELECT COUNT(*) FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    "  WHERE r.year = ? AND r.state IN ('proposed', 'notice')"
    "  AND c.code IN (g.code, g.parent_code))"
    " FROM region c WHERE c.level = 'city' ORDER BY c.code";
enum { RP_CODE, RP_NAME, RP_LISTS, RP_FIRST, RP_QUALIFIED, RP_PENDING };
static const struct rowvar reports_map[] = {
	{ "code", RP_CODE }, { "name", RP_NAME }, { "lists", RP_LISTS },
	{ "first", RP_FIRST }, { "qualified", RP_QUALIFIED }, { "pending", RP_PENDING },
};

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

/* s without leading white space (for the emptiness check of a field). */
static const char *
skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

static enum sme_err
list_render(struct app_ctx *c, int status, const char *year)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	struct db_param		 p[] = { DB_STR(c->sess->region_code),
	    DB_STR(c->sess->region_code), DB_INT(EVAL_RUNS_MAX) };
	size_t			 i;
	enum sme_err		 er;

	if (year != NULL)
		tmpl_set(c->v, "year", year);
	else
		tmpl_setf(c->v, "year", "%d", filing_year_now());
	tmpl_set(c->v, "scope", c->sess->region_name);
	tmpl_set(c->v, "is_province", strcmp(c->sess->role, "province") == 0 ?
	    "1" : NULL);
	if ((er = db_query(c->db, SQL_RUNS, p, NELEM(p), &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		const char *id = db_res_get(res, i, RS_ID);
		const char *state = db_res_get(res, i, RS_STATE);

		if ((it = tmpl_add(c->v, "runs")) == NULL) {
			db_res_free(res);
			return SME_ENOMEM;
		}
		rowvars_set(it, res, i, runs_map, NELEM(runs_map));
		tmpl_setf(it, "href", "/evaluation/%s", id);
		tmpl_set(it, "state_label", evaluation_state_label(state));
		if (strcmp(state, "published") == 0)
			tmpl_setf(it, "public_href", "/evaluation/public/%s", id);
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
	return redirect_to(c->r, "/evaluation/%lld?msg=run", run_id);
}

/* ---- one run: the ranked list, publishing ------------------------------- */

/*
 * The caller's relation to run (a SQL_RUN row): its own region, the city
 * over a county's run once proposed, or other (404).
 */
static enum evaluation_rel
run_rel(struct app_ctx *c, const struct db_res *run)
{
	const char	*mine = c->sess->region_code;

	if (strcmp(db_res_get(run, 0, RC_REGION), mine) == 0)
		return EVALUATION_OWN;
	if (strcmp(db_res_get(run, 0, RC_LEVEL), "county") == 0 &&
	    strcmp(db_res_get(run, 0, RC_PARENT), mine) == 0 &&
	    strcmp(db_res_get(run, 0, RC_STATE), "draft") != 0)
		return EVALUATION_PARENT;
	return EVALUATION_OTHER;
}

/* The run's state, dates and the forms of the steps the caller may take. */
static void
view_process(struct app_ctx *c, const struct db_res *run,
    enum evaluation_rel rel, long long id)
{
	const char	*state = db_res_get(run, 0, RC_STATE);
	const char	*level = db_res_get(run, 0, RC_LEVEL);
	const char	*opens = req_form(c->r, "notice_opens");
	const char	*closes = req_form(c->r, "notice_closes");
	char		 d0[DEADLINE_DATE_SZ], d1[DEADLINE_DATE_SZ];
	long		 today = deadline_day_of(time(NULL));
	int		 st;

	tmpl_set(c->v, "state_label", evaluation_state_label(state));
	tmpl_set(c->v, "on_notice", *db_res_get(run, 0, RC_OPENS) ? "1" : NULL);
	if (strcmp(state, "returned") == 0)
		tmpl_set(c->v, "return_reason", db_res_get(run, 0, RC_REASON));
	if (strcmp(state, "published") == 0)
		tmpl_set(c->v, "published", "1");
	if (strcmp(state, "notice") == 0 || strcmp(state, "published") == 0)
		tmpl_setf(c->v, "public_href", "/evaluation/public/%lld", id);
	for (st = 0; st < EVALUATION_STEP__MAX; st++) {
		char key[24];

		if (evaluation_next(state, level, st, rel) == NULL)
			continue;
		snprintf(key, sizeof(key), "%s_action", evaluation_step_name(st));
		tmpl_setf(c->v, key, "/evaluation/%lld/%s", id, evaluation_step_name(st));
	}
	deadline_format(today, d0, sizeof(d0));
	deadline_format(today + EVAL_NOTICE_DAYS - 1, d1, sizeof(d1));
	tmpl_set(c->v, "opens_value", opens != NULL ? opens : d0);
	tmpl_set(c->v, "closes_value", closes != NULL ? closes : d1);
	tmpl_set(c->v, "reason_value", req_form(c->r, "reason"));
}

/* Name, county, place, total and verdict of row i (RESULT_COLS) into it. */
static void
result_fill(struct tmpl_vars *it, const struct db_res *res, size_t i)
{
	rowvars_set(it, res, i, result_map, NELEM(result_map));
	tmpl_set(it, "verdict_label", verdict_label(db_res_get(res, i, RES_VERDICT)));
}

/*
 * The points of enterprise ent into its row it: those of pts from *row on
 * (they come in the rows' order, indicator by indicator, ind's seq), and
 * *row past them.
 */
static enum sme_err
points_fill(struct tmpl_vars *it, const struct db_res *pts, size_t *row,
    long long ent, const struct db_res *ind)
{
	struct tmpl_vars	*pt;
	size_t			 r;

	for (r = *row; r < pts->nrows && db_res_int(pts, r, PT_ENTERPRISE, 0) == ent; r++) {
		int known = db_res_int(pts, r, PT_KNOWN, 0) != 0;
		long long up = db_res_int(pts, r, PT_UPGRADE, 0);
		long long seq = db_res_int(pts, r, PT_SEQ, 0);

		if ((pt = tmpl_add(it, "points")) == NULL)
			return SME_ENOMEM;
		if (seq >= 1 && (size_t)seq <= ind->nrows)
			tmpl_set(pt, "indicator", db_res_get(ind, (size_t)seq - 1, IND_KEY));
		tmpl_set(pt, "points", db_res_get(pts, r, PT_POINTS));
		tmpl_set(pt, "text", known ? db_res_get(pts, r, PT_POINTS) : "—");
		tmpl_set(pt, "known", known ? "1" : "0");
		if (!known)
			tmpl_set(pt, "title", "数据不全");
		else if (up > 0)
			tmpl_setf(pt, "title", "如能提供证明材料，最高可得 %lld 分", up);
		if (up > 0)
			tmpl_setf(pt, "upgrade", "%lld", up);
	}
	*row = r;
	return SME_OK;
}

/* The indicators' columns and the ranked rows with their points of run p. */
static enum sme_err
view_rows(struct app_ctx *c, const struct db_param *p)
{
	struct db_res		*ind = NULL, *res = NULL, *pts = NULL;
	struct tmpl_vars	*it;
	size_t			 i, row = 0;
	enum sme_err		 er;

	if ((er = db_query(c->db, SQL_INDICATORS, p, 1, &ind)) != SME_OK ||
	    (er = db_query(c->db, SQL_RESULTS, p, 1, &res)) != SME_OK ||
	    (er = db_query(c->db, SQL_POINTS, p, 1, &pts)) != SME_OK)
		goto out;
	for (i = 0; i < ind->nrows; i++)
		rowvars_set(tmpl_add(c->v, "columns"), ind, i, ind_map, NELEM(ind_map));
	for (i = 0; i < res->nrows && er == SME_OK; i++) {
		if ((it = tmpl_add(c->v, "rows")) == NULL) {
			er = SME_ENOMEM;
			goto out;
		}
		result_fill(it, res, i);
		tmpl_set(it, "enterprise_id", db_res_get(res, i, RES_ENTERPRISE));
		tmpl_set(it, "direct", db_res_is(res, i, RES_DIRECT, "met") ? "1" : NULL);
		tmpl_setf(it, "filing_href", "/review/%s", db_res_get(res, i, RES_FILING));
		tmpl_setf(it, "filing", "%s年%s", db_res_get(res, i, RES_FILING_YEAR),
		    db_res_is(res, i, RES_FILING_STATE, "accepted") ?
		    "（已通过）" : "（审核中）");
		er = points_fill(it, pts, &row, db_res_int(res, i, RES_ENTERPRISE, 0), ind);
	}
	tmpl_set(c->v, "has_rows", res->nrows > 0 ? "1" : NULL);
out:
	db_res_free(ind);
	db_res_free(res);
	db_res_free(pts);
	return er;
}

/*
 * Fill and send run id's ranked list with status, or 404 when there is no
 * such run or it is not of the caller's region.
 */
static enum sme_err
view_render(struct app_ctx *c, int status, long long id)
{
	struct db_res		*run;
	struct db_param		 p[] = { DB_INT(id) };
	enum evaluation_rel	 rel;
	enum sme_err		 er;

	if ((er = db_query(c->db, SQL_RUN, p, 1, &run)) != SME_OK)
		return er;
	if (run->nrows == 0 || (rel = run_rel(c, run)) == EVALUATION_OTHER) {
		db_res_free(run);
		app_error(c, 404);
		return SME_OK;
	}
	tmpl_setf(c->v, "id", "%lld", id);
	tmpl_setf(c->v, "heading", "%s%s年度创新型中小企业评价",
	    db_res_get(run, 0, RC_REGION_NAME), db_res_get(run, 0, RC_YEAR));
	rowvars_set(c->v, run, 0, run_map, NELEM(run_map));
	tmpl_setf(c->v, "scheme", "%s（%s，%s年）", db_res_get(run, 0, RC_TITLE),
	    db_res_get(run, 0, RC_FAMILY), db_res_get(run, 0, RC_SCHEME_YEAR));
	view_process(c, run, rel, id);
	db_res_free(run);
	if ((er = view_rows(c, p)) != SME_OK)
		return er;
	return app_render(c, status, "evaluation_run");
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

/* The fields of a step: a return's reason, a confirmation's notice dates. */
static int
move_fields_ok(struct app_ctx *c, enum evaluation_step st)
{
	const char	*reason = req_form(c->r, "reason");
	const char	*opens = req_form(c->r, "notice_opens");
	const char	*closes = req_form(c->r, "notice_closes");

	if (st == EVALUATION_RETURN && (reason == NULL || *skip_space(reason) == '\0'))
		app_field_error(c, "reason", "请填写退回原因");
	else if (st == EVALUATION_RETURN && strlen(reason) > EVAL_REASON_MAX)
		app_field_error(c, "reason", "退回原因不能超过500字节（约160个汉字）");
	if (st != EVALUATION_CONFIRM)
		return tmpl_get(c->v, "has_errors") == NULL;
	if (validate_date(opens, 2000, 2099) != NULL)
		app_field_error(c, "notice_opens", "请填写公示开始日期，格式为YYYY-MM-DD");
	if (validate_date(closes, 2000, 2099) != NULL)
		app_field_error(c, "notice_closes", "请填写公示截止日期，格式为YYYY-MM-DD");
	else if (validate_date(opens, 2000, 2099) == NULL && strcmp(closes, opens) < 0)
		app_field_error(c, "notice_closes", "公示截止日期不能早于开始日期");
	return tmpl_get(c->v, "has_errors") == NULL;
}

/*
 * One step of the process on run id (the route's last segment): propose
 * (county), confirm with the notice dates or return with a reason (city),
 * publish once the notice is over (the confirming region); only at the
 * version the reviewer saw; audited. 303 back to the run; 404 outside the
 * region; 422 on a field; 409 when stale, too early or not this step's turn.
 */
static enum sme_err
page_move(struct app_ctx *c)
{
	struct evaluation_move	 a;
	long long		 id = app_id(c->arg[0]);
	const char		*vstr = req_form(c->r, "version");
	const char		*slash = strrchr(c->r->path, '/');
	int			 st = slash != NULL ? evaluation_step_parse(slash + 1) : -1;
	enum sme_err		 er;

	if (id == 0 || st < 0) {
		app_error(c, 404);
		return SME_OK;
	}
	memset(&a, 0, sizeof(a));
	a.region = c->sess->region_code;
	a.actor = c->sess->account_id;
	a.ip = c->r->remote_addr;
	a.id = id;
	a.version = vstr != NULL ? strtoll(vstr, NULL, 10) : 0;
	a.step = st;
	a.reason = req_form(c->r, "reason");
	a.opens = req_form(c->r, "notice_opens");
	a.closes = req_form(c->r, "notice_closes");
	if (!move_fields_ok(c, st))
		return view_render(c, 422, id);
	er = evaluation_move(c->db, &a);
	if (er == SME_ECONFLICT && a.refusal == EVALUATION_PUB_MISSING) {
		app_error(c, 404);
		return SME_OK;
	}
	if (er == SME_ECONFLICT && a.refusal != EVALUATION_PUB_OK) {
		if (a.refusal == EVALUATION_PUB_EARLY)
			tmpl_setf(c->v, "error", "公示期至%s结束，期满后方可发布。",
			    a.closes_on);
		else
			tmpl_set(c->v, "error", a.refusal == EVALUATION_PUB_ALREADY ?
			    "该名单已发布，不能重复操作。" :
			    a.refusal == EVALUATION_PUB_STALE ?
			    "名单已被他人更新，请核对后再操作。" :
			    "名单当前状态下不能进行此操作。");
		return view_render(c, 409, id);
	}
	if (er != SME_OK)
		return er;
	log_info("evaluation %lld: %s", id, evaluation_step_name(st));
	return redirect_to(c->r, "/evaluation/%lld?msg=%s", id,
	    st == EVALUATION_PUBLISH ? "published" : evaluation_step_name(st));
}

/* ---- the province: which cities reported ------------------------------- */

/*
 * GET /evaluation/reports?year=: each city with its published lists of the
 * year (its own and its counties'), the first date, whether that was by
 * the deadline (eval_report_by, seed 002: 4月15日前报省工信厅), and the
 * lists still in the process.
 */
static enum sme_err
page_reports(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	int			 year = vocab_year(req_query(c->r, "year"), filing_year_now());
	const char		*by = config_str(c->app->cfg, "eval_report_by", "04-15");
	char			 deadline[16];
	size_t			 i, reported = 0;
	enum sme_err		 er;

	snprintf(deadline, sizeof(deadline), "%d-%.5s", year, by);
	tmpl_setf(c->v, "year", "%d", year);
	tmpl_set(c->v, "deadline", deadline);
	struct db_param p[] = { DB_INT(year), DB_INT(year), DB_INT(year), DB_INT(year) };
	if ((er = db_query(c->db, SQL_REPORTS, p, 4, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		const char *first = db_res_get(res, i, RP_FIRST);
		int has = db_res_int(res, i, RP_LISTS, 0) > 0;

		if ((it = tmpl_add(c->v, "cities")) == NULL)
			break;
		reported += has;
		rowvars_set(it, res, i, reports_map, NELEM(reports_map));
		tmpl_set(it, "status", !has ? "missing" : strcmp(first, deadline) <= 0 ?
		    "on_time" : "late");
		tmpl_set(it, "status_label", !has ? "未报送" :
		    strcmp(first, deadline) <= 0 ? "按时报送" : "逾期报送");
	}
	tmpl_setf(c->v, "reported", "%zu", reported);
	tmpl_setf(c->v, "ncities", "%zu", res->nrows);
	db_res_free(res);
	return app_render(c, 200, "evaluation_reports");
}

/* ---- published lists, no login ------------------------------------------ */

/*
 * A list on notice or published (row i of PUBLIC_RUN_COLS) into v: its
 * heading as k, its scheme, counts, date and state.
 */
static void
public_fill(struct tmpl_vars *v, const char *k, const struct db_res *res, size_t i)
{
	tmpl_setf(v, k, "%s%s年度创新型中小企业评价结果",
	    db_res_get(res, i, PR_REGION_NAME), db_res_get(res, i, PR_YEAR));
	rowvars_set(v, res, i, public_map, NELEM(public_map));
	tmpl_set(v, "state_label", evaluation_state_label(db_res_get(res, i, PR_STATE)));
}

static enum sme_err
page_public_list(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	struct db_param		 p[] = { DB_INT(EVAL_PUBLIC_MAX) };
	size_t			 i;
	enum sme_err		 er;

	if ((er = db_query(c->db, SQL_PUBLIC_RUNS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "lists")) == NULL) {
			db_res_free(res);
			return SME_ENOMEM;
		}
		public_fill(it, "title", res, i);
		tmpl_setf(it, "href", "/evaluation/public/%s", db_res_get(res, i, PR_ID));
		tmpl_setf(it, "period", "%s 至 %s", db_res_get(res, i, PR_OPENS),
		    db_res_get(res, i, PR_CLOSES));
	}
	tmpl_set(c->v, "has_lists", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	return app_render(c, 200, "evaluation_public_list");
}

/* A published list: place, name, county, total and verdict; 404 for a draft. */
static enum sme_err
page_public(struct app_ctx *c)
{
	struct db_res		*run, *res;
	struct tmpl_vars	*it;
	size_t			 i;
	enum sme_err		 er;

	if ((er = app_rows_or_404(c, c->arg[0], SQL_PUBLIC_RUN, &run)) != SME_OK ||
	    run == NULL)
		return er;
	struct db_param p[] = { DB_INT(db_res_int(run, 0, PR_ID, 0)) };
	public_fill(c->v, "heading", run, 0);
	tmpl_set(c->v, "notice_opens", db_res_get(run, 0, PR_OPENS));
	tmpl_set(c->v, "notice_closes", db_res_get(run, 0, PR_CLOSES));
	tmpl_set(c->v, "is_published", db_res_is(run, 0, PR_STATE, "published") ?
	    "1" : NULL);
	db_res_free(run);
	if ((er = db_query(c->db, SQL_PUBLIC_ROWS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "rows")) == NULL) {
			db_res_free(res);
			return SME_ENOMEM;
		}
		result_fill(it, res, i);
	}
	db_res_free(res);
	return app_render(c, 200, "evaluation_public");
}

/* /evaluation/public comes before /evaluation/{id}, which would match it too. */
static const struct app_route routes[] = {
	{ REQ_GET, "/evaluation", page_list, APP_AUTH | APP_REVIEWER },
	{ REQ_POST, "/evaluation", page_run, APP_AUTH | APP_REVIEWER },
	{ REQ_GET, "/evaluation/public", page_public_list, 0 },
	{ REQ_GET, "/evaluation/public/{id}", page_public, 0 },
	{ REQ_GET, "/evaluation/reports", page_reports, APP_AUTH | APP_PROVINCE },
	{ REQ_GET, "/evaluation/{id}", page_view, APP_AUTH | APP_REVIEWER },
	{ REQ_POST, "/evaluation/{id}/propose", page_move, APP_AUTH | APP_REVIEWER },
	{ REQ_POST, "/evaluation/{id}/confirm", page_move, APP_AUTH | APP_REVIEWER },
	{ REQ_POST, "/evaluation/{id}/return", page_move, APP_AUTH | APP_REVIEWER },
	{ REQ_POST, "/evaluation/{id}/publish", page_move, APP_AUTH | APP_REVIEWER },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-eval", routes, NELEM(routes));
}
