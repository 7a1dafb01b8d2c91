/*
 * selfcheck.c - the stored self-check of a filing (see selfcheck.h and
 * schema/036_selfcheck.sql). A stored row names the scheme generation and
 * the region it was computed for; filing_load() reads it with the filing
 * and says whether it is still fresh.
 */
#include <string.h>

#include "assess.h"
#include "db.h"
#include "filing.h"
#include "log.h"
#include "selfcheck.h"

/*
 * The generation stored is the one read with the filing, before the
 * schemes were: a scheme imported in between leaves the row stale, so it
 * is computed again, never kept as fresh with older rules.
 */
static const char SQL_STORE[] =
    "INSERT INTO filing_check (filing_id, gen, region_code, schemes, met, unmet,"
    " evidence, unknown, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())"
    " ON DUPLICATE KEY UPDATE gen = VALUES(gen), region_code = VALUES(region_code),"
    " schemes = VALUES(schemes), met = VALUES(met), unmet = VALUES(unmet),"
    " evidence = VALUES(evidence), unknown = VALUES(unknown),"
    " computed_at = VALUES(computed_at)";

/* Evaluate f and store the counts into filing_check and *out. */
static enum sme_err
selfcheck_store(struct db *db, const struct filing *f, struct assess_counts *out)
{
	enum sme_err	 er;

	if ((er = assess_count_of(db, f, out)) != SME_OK)
		return er;
	struct db_param p[] = { DB_INT(f->id), DB_INT(f->scheme_gen),
	    DB_STR(f->ent_region), DB_INT(out->schemes), DB_INT(out->met),
	    DB_INT(out->unmet), DB_INT(out->evidence), DB_INT(out->unknown) };
	return db_exec(db, SQL_STORE, p, 8, NULL, NULL);
}

enum sme_err
selfcheck_refresh_counts(struct db *db, long long filing_id,
    struct assess_counts *out)
{
	struct filing	*f;
	enum sme_err	 er;

	memset(out, 0, sizeof(*out));
	if ((er = filing_load(db, filing_id, &f)) != SME_OK || f == NULL)
		return er;
	er = selfcheck_store(db, f, out);
	filing_free(f);
	if (er != SME_OK)
		log_err("selfcheck: filing %lld: %s", filing_id, sme_strerror(er));
	return er;
}

enum sme_err
selfcheck_refresh(struct db *db, long long filing_id)
{
	struct assess_counts	 c;

	return selfcheck_refresh_counts(db, filing_id, &c);
}

enum sme_err
selfcheck_of(struct db *db, const struct filing *f, struct assess_counts *out)
{
	memset(out, 0, sizeof(*out));
	if (!f->check.fresh)
		return selfcheck_store(db, f, out);
	out->schemes = f->check.schemes;
	out->met = f->check.met;
	out->unmet = f->check.unmet;
	out->evidence = f->check.evidence;
	out->unknown = f->check.unknown;
	return SME_OK;
}
