/*
 * pending.c - what waits for a reviewer, counted with the queues' own
 * predicates (pending.h), in one query: filings by kind, then registrations.
 */
#include <string.h>

#include "db.h"
#include "pending.h"

/*
 * STRAIGHT_JOIN: from the filings at the desk (f first, by its region's
 * index); a city's counts otherwise started from the enterprises of its
 * counties and read every filing of each (12 ms instead of 2 with 20,000
 * filings).
 */
static const char SQL_PENDING[] =
    "SELECT STRAIGHT_JOIN f.kind, COUNT(*)" PENDING_FILING_FROM PENDING_FILING_SCOPE
    PENDING_FILING_STATE PENDING_FILING_DESK " GROUP BY f.kind"
    " UNION ALL SELECT 'registration', COUNT(*) FROM enterprise e"
    PENDING_REGISTRATION_WHERE;

enum sme_err
pending_count(struct db *db, const char *region, enum flow_state level,
    struct pending *out)
{
	const char	*county = level == FLOW_COUNTY ? region : "";
	const char	*city = level == FLOW_CITY ? region : "";
	struct db_param	 p[] = { DB_STR(region), DB_STR(flow_state_name(level)),
			    DB_STR(county), DB_STR(county), DB_STR(city), DB_STR(city),
			    DB_STR(region) };
	struct db_res	*res;
	enum sme_err	 er;
	const char	*k;
	size_t		 i;
	int		 kind;

	memset(out, 0, sizeof(*out));
	if ((er = db_query(db, SQL_PENDING, p, sizeof(p) / sizeof(p[0]), &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		k = db_res_get(res, i, 0);
		if (strcmp(k, "registration") == 0)
			out->registrations = db_res_int(res, i, 1, 0);
		else if ((kind = flow_kind_parse(k)) >= 0) {
			out->kinds[kind] = db_res_int(res, i, 1, 0);
			out->filings += out->kinds[kind];
		}
	}
	db_res_free(res);
	return SME_OK;
}
