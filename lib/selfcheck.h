/*
 * selfcheck.h - the self-check (对标自查) stored with each filing (table
 * filing_check): the counts of lib/assess.c computed when the filing's
 * facts may change (a section save, a submission, the filing's creation)
 * and read back with the filing's row by the section pages and the review
 * queue, instead of evaluating every scheme on every page.
 */
#ifndef SELFCHECK_H
#define SELFCHECK_H

#include "sme.h"

struct assess_counts;
struct db;
struct filing;

/*
 * Compute the self-check of filing id from what the database holds now
 * (inside the caller's transaction, its own writes included) and store
 * it. The one call lib/filing.c makes after each change of a filing's
 * values or state. Nothing when there is no such filing.
 */
enum sme_err	 selfcheck_refresh(struct db *db, long long filing_id);

/* selfcheck_refresh(), giving the counts in *out too. */
enum sme_err	 selfcheck_refresh_counts(struct db *db, long long filing_id,
		    struct assess_counts *out);

/*
 * The self-check of f (loaded by filing_load) into *out: the stored one
 * when fresh (no query), else computed now and stored.
 */
enum sme_err	 selfcheck_of(struct db *db, const struct filing *f,
		    struct assess_counts *out);

#endif
