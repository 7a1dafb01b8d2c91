/*
 * assess.h - the assessment of a filing: the schemes that apply to it (by
 * kind, class, level, region and year), each evaluated over the filing's
 * facts, laid out for handlers/templates/assessment.html.
 */
#ifndef ASSESS_H
#define ASSESS_H

#include "sme.h"

struct db;
struct filing;
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
 * Fill v for page "assessment" with the assessment of filing f (loaded by
 * the caller, who checked its scope): filing_id, year, kind; the list
 * "schemes" (family, year, title, issuer, source, tier_label, verdict,
 * verdict_label, score) each with its list "rules" (rule_id "family/code",
 * code, text, result, result_label, words, any_of, slot, slot_label,
 * slot_href) and, for score schemes, "scores" (indicator, band, points,
 * max, area, upgrade) with total, total_min, areas, direct; and the counts
 * count_met, count_unmet, count_evidence, count_unknown (rules of pass
 * schemes) and has_schemes.
 */
enum sme_err	 assess_filing(struct db *db, const struct filing *f,
		    struct tmpl_vars *v);

/* The same evaluation, counted only: for a section page's self-check. */
enum sme_err	 assess_count_of(struct db *db, const struct filing *f,
		    struct assess_counts *out /* out */);

/* assess_count_of() of filing filing_id (all zero when there is none). */
enum sme_err	 assess_count(struct db *db, long long filing_id,
		    struct assess_counts *out /* out */);

#endif
