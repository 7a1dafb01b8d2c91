/*
 * assess.h - the assessment of a filing: the schemes that apply to it (by
 * kind, class, level, region and year), each evaluated over the filing's
 * facts, laid out for handlers/templates/assessment.html.
 */
#ifndef ASSESS_H
#define ASSESS_H

#include "sme.h"

struct db;
struct tmpl_vars;

/* How many rules of the applicable schemes gave each result. */
struct assess_counts {
	int	 schemes;
	int	 met;
	int	 unmet;
	int	 evidence;
	int	 unknown;
};

/*
 * Fill v for page "assessment" with the assessment of filing filing_id:
 * filing_id, year, kind; the list "schemes" (family, year, title, issuer,
 * source, tier_label, verdict, verdict_label, score) each with its list
 * "rules" (rule_id "family/code", code, text, result, result_label, words,
 * any_of, slot) and, for score schemes, "scores" (indicator, band, points,
 * max, area, upgrade) with total, total_min, areas, direct; and the counts
 * count_met, count_unmet, count_evidence, count_unknown (rules of pass
 * schemes) and has_schemes. Scope is the caller's: check it before. SME_OK
 * without filing_id set in v if there is no such filing (answer 404).
 */
enum sme_err	 assess_filing(struct db *db, long long filing_id,
		    struct tmpl_vars *v);

/* The score of a filing under the first score scheme that applies to it. */
struct assess_score {
	int	 found;		/* 0: no such filing or no score scheme applies */
	char	 family[48];	/* the scheme, e.g. cn-innov-sme */
	int	 year;		/* its year */
	int	 total;		/* points proven by the figures */
	int	 verdict;	/* enum crit_result of the score */
};

/* Score filing_id into out (out->found 0 if nothing applies). */
enum sme_err	 assess_score(struct db *db, long long filing_id,
		    struct assess_score *out /* out */);

/* The same evaluation, counted only: for a section page's self-check. */
enum sme_err	 assess_count(struct db *db, long long filing_id,
		    struct assess_counts *out /* out */);

#endif
