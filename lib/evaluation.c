/*
 * evaluation.c - the innovative-SME evaluation (创新型中小企业评价) of a
 * region's library: the score scheme that applies, every enterprise
 * scored from its filing, ranked and placed, the run stored whole with its
 * audit row; and the publication of a run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "criteria.h"
#include "db.h"
#include "evaluation.h"
#include "facts.h"
#include "log.h"
#include "scheme.h"
#include "scheme_db.h"
#include "scope.h"
#include "score.h"

#define EVAL_FAMILY	"cn-innov-sme"	/* the Ministry's 2022 score, preferred */

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

/* The run with its region's level and city, and whether its notice is over. */
static const char SQL_RUN_LOCK[] =
    "SELECT r.region_code, g.level, COALESCE(g.parent_code, ''), r.state, r.version,"
    " COALESCE(DATE_FORMAT(r.notice_closes, '%Y-%m-%d'), ''),"
    " COALESCE(r.notice_closes <= DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), 0)"
    " FROM evaluation_run r JOIN region g ON g.code = r.region_code"
    " WHERE r.id = ? FOR UPDATE";
/* Each step's write; every one binds its own values, then id and version. */
static const char SQL_RUN_PROPOSE[] =
    "UPDATE evaluation_run SET state = 'proposed', version = version + 1,"
    " proposed_by = ?, proposed_at = UTC_TIMESTAMP()"
    " WHERE id = ? AND version = ?";
static const char SQL_RUN_CONFIRM[] =
    "UPDATE evaluation_run SET state = 'notice', version = version + 1,"
    " confirmed_by = ?, confirmed_at = UTC_TIMESTAMP(), notice_opens = ?,"
    " notice_closes = ? WHERE id = ? AND version = ?";
static const char SQL_RUN_RETURN[] =
    "UPDATE evaluation_run SET state = 'returned', version = version + 1,"
    " return_reason = ? WHERE id = ? AND version = ?";
static const char SQL_RUN_PUBLISH[] =
    "UPDATE evaluation_run SET state = 'published', version = version + 1,"
    " published_by = ?, published_at = UTC_TIMESTAMP()"
    " WHERE id = ? AND version = ?";
/* Published lists of a year naming enterprises of a region; bind year, region. */
static const char SQL_INNOVATIVE[] =
    "SELECT DISTINCT er.enterprise_id, e.name, e.region_code"
    " FROM evaluation_result er JOIN evaluation_run ev ON ev.id = er.run_id"
    " JOIN enterprise e ON e.id = er.enterprise_id"
    " JOIN region r ON r.code = e.region_code"
    " WHERE er.verdict = 'met' AND ev.state = 'published' AND ev.year = ?"
    " AND " SCOPE_SQL " ORDER BY er.enterprise_id";

static const char *const step_names[EVALUATION_STEP__MAX] = {
	"propose", "confirm", "return", "publish"
};

static const char *const state_labels[][2] = {
	{ "draft", "待审阅" }, { "proposed", "待设区市确认" },
	{ "returned", "已退回县（市、区）" }, { "notice", "公示中" },
	{ "published", "已发布" }, { NULL, NULL }
};

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
		if (db_res_is(ev->res, i, 1, name)) {
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
store_run(struct db *db, const char *region, long long actor,
    const struct scheme *s, int year,
    const struct score_res *cols, const struct eval_ent *ents, size_t n,
    long long *run_id)
{
	unsigned long long	 id = 0;
	size_t			 i, k, qualified = 0;
	enum sme_err		 er;

	for (i = 0; i < n; i++)
		if (ents[i].sr.verdict == CRIT_MET)
			qualified++;
	struct db_param rp[] = { DB_STR(region), DB_INT(year),
	    DB_INT(s->id), DB_STR(s->family), DB_INT(s->year), DB_STR(s->title),
	    DB_INT(s->total_min), DB_INT(n), DB_INT(qualified),
	    DB_INT(actor) };
	if ((er = db_exec(db, SQL_RUN_INSERT, rp, 10, NULL, &id)) != SME_OK)
		return er;
	*run_id = (long long)id;
	for (k = 0; k < cols->nind; k++) {
		struct db_param ip[] = { DB_INT(id), DB_INT(k + 1),
		    DB_STR(cols->ind[k].indicator), DB_STR(cols->ind[k].area),
		    DB_STR(indicator_label(cols->ind[k].indicator)),
		    DB_INT(cols->ind[k].max) };
		if ((er = db_exec(db, SQL_INDICATOR_INSERT, ip, 6, NULL,
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
		if ((er = db_exec(db, SQL_RESULT_INSERT, xp, 11, NULL,
		    NULL)) != SME_OK)
			return er;
		for (k = 0; k < e->sr.nind && k < cols->nind; k++) {
			const struct score_ind *o = &e->sr.ind[k];
			struct db_param pp[] = { DB_INT(id), DB_INT(e->id),
			    DB_INT(k + 1), DB_INT(o->known ? 1 : 0),
			    DB_INT(o->known ? o->points : 0), DB_INT(o->upgrade) };
			if ((er = db_exec(db, SQL_POINT_INSERT, pp, 6, NULL,
			    NULL)) != SME_OK)
				return er;
		}
	}
	return SME_OK;
}


enum sme_err
evaluation_run(struct db *db, const char *region, int year, long long actor,
    const char *ip, long long *out, enum evaluation_refusal *why)
{
	struct scheme		*all = NULL;
	const struct scheme	*s = NULL;
	struct db_res		*lib = NULL, *vals = NULL;
	struct eval_ent		*ents = NULL;
	struct crit_rule_res	*rules = NULL;
	struct score_res	 cols;
	struct fact_val		 none[FACT__MAX];
	size_t			 nall = 0, n = 0, i;
	long long		 run_id = 0;
	char			 oid[24], after[256], ybuf[8], cnt[24];
	enum sme_err		 er;

	*out = 0;
	*why = EVALUATION_OK;
	if ((er = eval_scheme(db, region, year, &all, &nall,
	    &s)) != SME_OK)
		return er;
	if (s == NULL) {
		scheme_free_all(all, nall);
		*why = EVALUATION_NO_SCHEME;
		return SME_OK;
	}
	if ((rules = calloc(s->nrules + 1, sizeof(*rules))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	/* The columns: the scheme's indicators, from a score of no facts. */
	memset(none, 0, sizeof(none));
	if ((er = score_eval(s, none, rules, &cols)) != SME_OK)
		goto out;

	struct db_param p[] = { DB_INT(year), DB_STR(region) };
	if ((er = db_begin(db)) != SME_OK)
		goto out;
	if ((er = db_query(db, SQL_LIBRARY, p, 2, &lib)) != SME_OK ||
	    (er = db_query(db, SQL_LIBRARY_VALUES, p, 2, &vals)) != SME_OK)
		goto fail;
	if (lib->nrows == 0) {
		db_rollback(db);
		*why = EVALUATION_NOBODY;
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
	if (n > 1)
		qsort(ents, n, sizeof(*ents), ent_cmp);
	place_all(ents, n);
	if ((er = store_run(db, region, actor, s, year, &cols, ents, n, &run_id)) != SME_OK)
		goto fail;
	snprintf(oid, sizeof(oid), "%lld", run_id);
	snprintf(ybuf, sizeof(ybuf), "%d", year);
	snprintf(cnt, sizeof(cnt), "%zu", n);
	if (audit_json(after, sizeof(after), "region", region,
	    "year", ybuf, "scheme", s->family, "enterprises", cnt,
	    "state", "draft", NULL) != 0)
		after[0] = '\0';
	if ((er = audit_log(db, actor, ip,
	    "evaluation_run", "evaluation_run", oid, NULL,
	    after[0] ? after : NULL)) != SME_OK ||
	    (er = db_commit(db)) != SME_OK)
		goto fail;
	log_info("evaluation %lld: %s %d, %zu enterprises", run_id,
	    region, year, n);
	*out = run_id;
	goto out;
fail:
	db_rollback(db);
out:
	free(ents);
	free(rules);
	db_res_free(lib);
	db_res_free(vals);
	scheme_free_all(all, nall);
	return er;
}

const char *
evaluation_step_name(enum evaluation_step st)
{
	return (unsigned)st < EVALUATION_STEP__MAX ? step_names[st] : "";
}

int
evaluation_step_parse(const char *name)
{
	return sme_lookup(step_names, EVALUATION_STEP__MAX, name);
}

const char *
evaluation_state_label(const char *state)
{
	size_t	 i;

	for (i = 0; state != NULL && state_labels[i][0] != NULL; i++)
		if (strcmp(state_labels[i][0], state) == 0)
			return state_labels[i][1];
	return "";
}

const char *
evaluation_next(const char *state, const char *run_level,
    enum evaluation_step step, enum evaluation_rel rel)
{
	int	 county = strcmp(run_level, "county") == 0;
	/* Who confirms and publishes: a county's city, else the region itself. */
	enum evaluation_rel decider = county ? EVALUATION_PARENT : EVALUATION_OWN;

	switch (step) {
	case EVALUATION_PROPOSE:
		return county && rel == EVALUATION_OWN &&
		    (strcmp(state, "draft") == 0 || strcmp(state, "returned") == 0) ?
		    "proposed" : NULL;
	case EVALUATION_CONFIRM:
		return rel == decider && strcmp(state, county ? "proposed" : "draft") == 0 ?
		    "notice" : NULL;
	case EVALUATION_RETURN:
		return county && rel == EVALUATION_PARENT &&
		    strcmp(state, "proposed") == 0 ? "returned" : NULL;
	case EVALUATION_PUBLISH:
		return rel == decider && strcmp(state, "notice") == 0 ?
		    "published" : NULL;
	default:
		return NULL;
	}
}

/* The write of a->step, checked against version. */
static enum sme_err
move_write(struct db *db, const struct evaluation_move *a, unsigned long long *n)
{
	switch (a->step) {
	case EVALUATION_PROPOSE: {
		struct db_param p[] = { DB_INT(a->actor), DB_INT(a->id), DB_INT(a->version) };
		return db_exec(db, SQL_RUN_PROPOSE, p, 3, n, NULL);
	}
	case EVALUATION_CONFIRM: {
		struct db_param p[] = { DB_INT(a->actor), DB_STR(a->opens),
		    DB_STR(a->closes), DB_INT(a->id), DB_INT(a->version) };
		return db_exec(db, SQL_RUN_CONFIRM, p, 5, n, NULL);
	}
	case EVALUATION_RETURN: {
		struct db_param p[] = { DB_STR(a->reason), DB_INT(a->id), DB_INT(a->version) };
		return db_exec(db, SQL_RUN_RETURN, p, 3, n, NULL);
	}
	default: {
		struct db_param p[] = { DB_INT(a->actor), DB_INT(a->id), DB_INT(a->version) };
		return db_exec(db, SQL_RUN_PUBLISH, p, 3, n, NULL);
	}
	}
}

/* The caller's relation to a run of region run (whose city is parent). */
static enum evaluation_rel
move_rel(const char *mine, const char *run, const char *level, const char *parent)
{
	if (strcmp(mine, run) == 0)
		return EVALUATION_OWN;
	if (strcmp(level, "county") == 0 && strcmp(mine, parent) == 0)
		return EVALUATION_PARENT;
	return EVALUATION_OTHER;
}

/* The audit row of a move from state/version to next. */
static enum sme_err
move_audit(struct db *db, const struct evaluation_move *a, const char *state,
    const char *next)
{
	char	 oid[24], before[96], after[800], v[24], action[40];

	snprintf(oid, sizeof(oid), "%lld", a->id);
	snprintf(action, sizeof(action), "evaluation_%s", step_names[a->step]);
	snprintf(v, sizeof(v), "%lld", a->version);
	if (audit_json(before, sizeof(before), "state", state, "version", v,
	    NULL) != 0)
		before[0] = '\0';
	snprintf(v, sizeof(v), "%lld", a->version + 1);
	if (audit_json(after, sizeof(after), "state", next, "version", v,
	    "notice_opens", a->step == EVALUATION_CONFIRM ? a->opens : NULL,
	    "notice_closes", a->step == EVALUATION_CONFIRM ? a->closes : NULL,
	    "reason", a->step == EVALUATION_RETURN ? a->reason : NULL, NULL) != 0)
		after[0] = '\0';
	return audit_log(db, a->actor, a->ip, action, "evaluation_run", oid,
	    before[0] ? before : NULL, after[0] ? after : NULL);
}

/*
 * Move run a->id one step if the caller may and it is at a->version; a
 * refusal is SME_ECONFLICT with refusal set.
 */
static enum sme_err
move_tx(struct db *db, void *arg)
{
	struct evaluation_move	*a = arg;
	struct db_res		*res;
	unsigned long long	 n = 0;
	enum evaluation_rel	 rel;
	const char		*state, *next = NULL;
	char			 st[16];
	int			 over = 0;
	enum sme_err		 er;

	a->refusal = EVALUATION_PUB_OK;
	a->closes_on[0] = '\0';
	struct db_param p[] = { DB_INT(a->id) };
	if ((er = db_query(db, SQL_RUN_LOCK, p, 1, &res)) != SME_OK)
		return er;
	rel = res->nrows == 0 ? EVALUATION_OTHER : move_rel(a->region,
	    db_res_get(res, 0, 0), db_res_get(res, 0, 1), db_res_get(res, 0, 2));
	state = res->nrows > 0 ? db_res_get(res, 0, 3) : "";
	snprintf(st, sizeof(st), "%s", state);
	/* A county's draft is its own until proposed. */
	if (rel == EVALUATION_OTHER || (rel == EVALUATION_PARENT &&
	    strcmp(state, "draft") == 0))
		a->refusal = EVALUATION_PUB_MISSING;
	else if (a->version <= 0 || a->version != db_res_int(res, 0, 4, 0))
		a->refusal = EVALUATION_PUB_STALE;
	else if ((next = evaluation_next(state, db_res_get(res, 0, 1), a->step,
	    rel)) == NULL)
		a->refusal = strcmp(state, "published") == 0 ?
		    EVALUATION_PUB_ALREADY : EVALUATION_PUB_STATE;
	else if (a->step == EVALUATION_PUBLISH &&
	    !(over = db_res_int(res, 0, 6, 0) != 0)) {
		a->refusal = EVALUATION_PUB_EARLY;
		snprintf(a->closes_on, sizeof(a->closes_on), "%s", db_res_get(res, 0, 5));
	}
	db_res_free(res);
	if (a->refusal != EVALUATION_PUB_OK)
		return SME_ECONFLICT;
	if ((er = move_write(db, a, &n)) != SME_OK)
		return er;
	return move_audit(db, a, st, next);
}

enum sme_err
evaluation_move(struct db *db, struct evaluation_move *a)
{
	if ((unsigned)a->step >= EVALUATION_STEP__MAX)
		return SME_EINPUT;
	return db_tx_run(db, move_tx, a);
}

enum sme_err
evaluation_innovative(struct db *db, const char *region, int year,
    struct db_res **out)
{
	struct db_param	 p[] = { DB_INT(year), DB_STR(region) };

	return db_query(db, SQL_INNOVATIVE, p, 2, out);
}
