/*
 * criteria.h - evaluate a pass/fail scheme over a filing's facts: each rule
 * met, unmet, evidence (a declaration the reviewer checks) or unknown
 * (missing data: never a pass or a fail), the figure used, the threshold
 * and the gap in words; any-of groups; the scheme's verdict.
 */
#ifndef CRITERIA_H
#define CRITERIA_H

#include <stddef.h>
#include "facts.h"
#include "scheme.h"

enum crit_result { CRIT_MET, CRIT_UNMET, CRIT_EVIDENCE, CRIT_UNKNOWN,
	CRIT__MAX };

#define CRIT_WORDS_SZ	512

/* What one rule gave. */
struct crit_rule_res {
	enum crit_result	 res;
	int			 known;		/* value holds the figure used */
	double			 value;
	char			 words[CRIT_WORDS_SZ];	/* zh-CN sentence */
};

/*
 * Evaluate rule r over facts into out. words reads like "研发费用占比
 * 2.10%，要求不低于3%，差 0.90 个百分点". Never fails.
 */
void		 criteria_rule(const struct scheme_rule *r,
		    const struct fact_val facts[FACT__MAX],
		    struct crit_rule_res *out);

/*
 * Evaluate every rule of s into res (s->nrules entries) and return the
 * verdict over the rules: unmet if a rule (or a whole any-of group) is
 * unmet, else unknown if one is unknown, else evidence if one needs
 * evidence, else met. Rules in groups only count through their group.
 */
enum crit_result criteria_eval(const struct scheme *s,
		    const struct fact_val facts[FACT__MAX],
		    struct crit_rule_res *res);

/*
 * The result of group g of s (rules whose group is g or starts "g."), from
 * the rule results res: the parts g.x each hold when all their rules do;
 * the group holds when one part or one rule does.
 */
enum crit_result criteria_group(const struct scheme *s, const char *g,
		    const struct crit_rule_res *res);

/* "met", "unmet", "evidence", "unknown" (the data-result values). */
const char	*criteria_result_name(enum crit_result r);
/* "符合", "不符合", "需佐证", "数据不全". */
const char	*criteria_result_label(enum crit_result r);

#endif
