/*
 * evaluation.h - the innovative-SME evaluation of a region: run (score,
 * rank, store) and publish.
 */
#ifndef EVALUATION_H
#define EVALUATION_H

#include "sme.h"

struct db;
struct db_res;

/* Why evaluation_run() stored no run. */
enum evaluation_refusal {
	EVALUATION_OK,
	EVALUATION_NO_SCHEME,	/* no score scheme applies to the region and year */
	EVALUATION_NOBODY,	/* no library enterprise with a filing to score */
	EVALUATION_REFUSAL__MAX
};

/*
 * Run the evaluation of year over region by account actor (from ip): read
 * the library and the filings' values, score, rank and store, with the
 * audit row, in one transaction (one consistent read; a run is stored
 * whole or not at all). *out gets the new run, or 0 with *why.
 */
enum sme_err	 evaluation_run(struct db *db, const char *region, int year,
		    long long actor, const char *ip, long long *out,
		    enum evaluation_refusal *why);

/*
 * The process of a list (seed 002): a county proposes its run to its city;
 * the city confirms it, opening the public notice (公示) with its dates, or
 * returns it to the county; when the notice is over the city publishes it,
 * which is its report to the province. A city's or the province's own run
 * is confirmed and published by itself.
 */
enum evaluation_step {
	EVALUATION_PROPOSE,	/* county: draft/returned -> proposed */
	EVALUATION_CONFIRM,	/* city over a proposed county run, or own draft -> notice */
	EVALUATION_RETURN,	/* city: proposed -> returned, with a reason */
	EVALUATION_PUBLISH,	/* the confirming region: notice -> published, once closed */
	EVALUATION_STEP__MAX
};

/* The caller's region relative to a run's. */
enum evaluation_rel {
	EVALUATION_OWN,		/* the run's own region */
	EVALUATION_PARENT,	/* the city over a county's run */
	EVALUATION_OTHER	/* anyone else: the run does not exist for them */
};

/* A step's name in routes and audit rows ("propose"...) and back (-1). */
const char	*evaluation_step_name(enum evaluation_step s);
int		 evaluation_step_parse(const char *name);

/* A state's zh-CN label ("待审阅", "待设区市确认", "公示中"...); "" if unknown. */
const char	*evaluation_state_label(const char *state);

/*
 * The state after step by a caller of relation rel on a run in state
 * (draft, proposed, returned, notice, published) whose region is at level
 * run_level (county, city, province); NULL when the process does not allow
 * it. Pure: the table of transitions.
 */
const char	*evaluation_next(const char *state, const char *run_level,
		    enum evaluation_step step, enum evaluation_rel rel);

/* Why evaluation_move() refused. */
enum evaluation_pub_refusal {
	EVALUATION_PUB_OK,
	EVALUATION_PUB_MISSING,	/* no such run the caller may see */
	EVALUATION_PUB_ALREADY,	/* published already */
	EVALUATION_PUB_STALE,	/* not at version */
	EVALUATION_PUB_STATE,	/* the step does not apply to its state or the caller */
	EVALUATION_PUB_EARLY	/* publish before the notice's last day */
};

/* What evaluation_move() takes; refusal is set by it. */
struct evaluation_move {
	const char	*region;	/* the reviewer's */
	long long	 actor;
	const char	*ip;
	long long	 id, version;
	enum evaluation_step step;
	const char	*reason;	/* EVALUATION_RETURN: why (required) */
	const char	*opens, *closes;	/* EVALUATION_CONFIRM: YYYY-MM-DD */
	enum evaluation_pub_refusal refusal;	/* out */
	char		 closes_on[11];	/* out, EARLY: the notice's last day */
};

/*
 * Do a->step on run a->id at a->version as a->region's reviewer: the
 * state, its dates and people, version+1 and the audit row in one
 * transaction; a refusal is SME_ECONFLICT with a->refusal set (nothing
 * changes). The caller has checked reason and dates.
 */
enum sme_err	 evaluation_move(struct db *db, struct evaluation_move *a);

/*
 * The published innovative SMEs of year in region (a county, a city or
 * 320000): the enterprises a published list of that year qualifies
 * (verdict met) whose county is in region, each once, whichever list
 * (county's, city's, province's) named it. *out gets rows (enterprise_id,
 * name, county code), by enterprise id; targets count them (lib/target.c).
 */
enum sme_err	 evaluation_innovative(struct db *db, const char *region, int year,
		    struct db_res **out);

/* The condition behind evaluation_innovative(), for counting in a larger
 * query: "enterprise e is a published innovative SME of year ?"; bind the year. */
#define EVALUATION_INNOVATIVE_SQL \
    "EXISTS (SELECT 1 FROM evaluation_result er_ JOIN evaluation_run ev_" \
    " ON ev_.id = er_.run_id WHERE er_.enterprise_id = e.id" \
    " AND er_.verdict = 'met' AND ev_.state = 'published' AND ev_.year = ?)"

#endif
