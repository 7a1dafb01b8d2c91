/*
 * pending.h - what waits for a reviewer: the filings at the reviewer's
 * level in the reviewer's region, by kind, and (for a county) the
 * registrations to confirm. The predicates are the queues' own: sme-review
 * builds its default queue and its registrations list from the same
 * macros, so a count on the home page is the number of rows its queue lists.
 */
#ifndef PENDING_H
#define PENDING_H

#include "flow.h"
#include "scope.h"
#include "sme.h"

struct db;

/*
 * The filings of the queue: join filing f, enterprise e and region r
 * (SCOPE_SQL's aliases). PENDING_FILING_WHERE then binds the reviewer's
 * region_code and the state the queue shows ("county", "city", ...).
 */
#define PENDING_FILING_FROM \
    " FROM filing f JOIN enterprise e ON e.id = f.enterprise_id" \
    " JOIN region r ON r.code = e.region_code"
#define PENDING_FILING_SCOPE	" WHERE " SCOPE_SQL
#define PENDING_FILING_STATE	" AND f.state = ?"

/*
 * The reviewer's own county or city again, on the filing's copy of it
 * (schema/062_filing_region.sql), as the queue's rows are read: a count
 * then reads the filings waiting at that desk through its index, not
 * every filing in that state in the province. Bind the county's code
 * twice (else '' twice), then the city's twice (else '' twice).
 */
#define PENDING_FILING_DESK \
    " AND (? = '' OR f.region_code = ?) AND (? = '' OR f.city_code = ?)"

/* The registrations a county confirms, of enterprise e: bind the county's code. */
#define PENDING_REGISTRATION_WHERE " WHERE e.status = 'pending' AND e.region_code = ?"

/* What waits at one reviewer's desk. */
struct pending {
	long long	 kinds[FLOW_KIND__MAX];	/* filings by flow_kind */
	long long	 filings;		/* their sum */
	long long	 registrations;		/* pending registrations of a county */
};

/*
 * Count what waits for the reviewer of region at level (FLOW_COUNTY,
 * FLOW_CITY, FLOW_PROVINCE: the state the filings are in) into *out, in
 * one query. registrations are counted for a county's code only (0 for a
 * city's or the province's: no enterprise is registered there).
 */
enum sme_err	 pending_count(struct db *db, const char *region,
		    enum flow_state level, struct pending *out);

#endif
