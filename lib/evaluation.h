/*
 * evaluation.h - the innovative-SME evaluation of a region: run (score,
 * rank, store) and publish.
 */
#ifndef EVALUATION_H
#define EVALUATION_H

#include "sme.h"

struct db;

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

/* Why evaluation_publish() refused. */
enum evaluation_pub_refusal {
	EVALUATION_PUB_OK,
	EVALUATION_PUB_MISSING,	/* no such run in region */
	EVALUATION_PUB_ALREADY,	/* published already */
	EVALUATION_PUB_STALE	/* not at version */
};

/* What evaluation_publish() takes; refusal is set by it. */
struct evaluation_publish {
	const char	*region;	/* the reviewer's */
	long long	 actor;
	const char	*ip;
	long long	 id, version;
	enum evaluation_pub_refusal refusal;	/* out */
};

/*
 * Publish run a->id of a->region if it is a draft at a->version, audited,
 * in one transaction; a refusal is SME_ECONFLICT with a->refusal set.
 */
enum sme_err	 evaluation_publish(struct db *db, struct evaluation_publish *a);

#endif
