/*
 * score.h - evaluate a score scheme (the Ministry's 2022 innovative-SME
 * score): each indicator's band and points, each area's points, the total,
 * the direct qualifications (its rules) and the verdict.
 */
#ifndef SCORE_H
#define SCORE_H

#include <stddef.h>
#include "criteria.h"

#define SCORE_IND_MAX	16

/* One indicator's outcome. */
struct score_ind {
	const char	*indicator;	/* borrowed from the scheme */
	const char	*area;		/* borrowed from the scheme */
	int		 known;		/* 0: a fact it needs is missing */
	long		 band;		/* index into s->bands, -1 if none */
	int		 points;	/* of band; 0 when unknown */
	int		 max;		/* the indicator's highest points */
	int		 upgrade;	/* highest evidence-only band above band, or 0 */
};

struct score_res {
	struct score_ind	 ind[SCORE_IND_MAX];
	size_t			 nind;
	int			 total;		/* sum of known points */
	int			 area_points[SCORE_IND_MAX]; /* by s->areas index */
	enum crit_result	 direct;	/* any of the rules (any-of) */
	enum crit_result	 verdict;	/* qualifies: met; cannot: unmet */
};

/*
 * Score s over facts into out, and its rules (direct qualification) into
 * rules (s->nrules entries). Bands of an indicator are tried in order: a
 * band whose fact is unknown stops the indicator as unknown, a "-" band is
 * only noted as an upgrade evidence could prove, "*" always holds. The
 * verdict: met if a direct rule is met or the points (without upgrades)
 * reach the total and every area minimum; unmet if even every upgrade and
 * every unknown indicator at its highest band cannot; evidence if only
 * upgrades can; unknown otherwise. SME_EINPUT if s has too many indicators.
 */
enum sme_err	 score_eval(const struct scheme *s,
		    const struct fact_val facts[FACT__MAX],
		    struct crit_rule_res *rules, struct score_res *out);

/* Whether v lies in band b's interval. */
int		 score_in_band(const struct scheme_band *b, double v);

/*
 * The zh-CN name of a score indicator key of schemes.txt (ip, rd_ratio,
 * growth, debt, field, main_share), or key itself if it has none. Static.
 */
const char	*score_indicator_label(const char *key);

#endif
