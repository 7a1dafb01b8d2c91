/*
 * regionmove.h - correcting an enterprise's registered county (注册地区,
 * seed 002 FAQ 1.7): the enterprise asks with a reason, the county it
 * leaves or that county's city confirms or refuses, and on confirmation
 * the enterprise, its accounts and its open filings move in one
 * transaction (table region_move, schema/052_region_move.sql).
 */
#ifndef REGIONMOVE_H
#define REGIONMOVE_H

#include "sme.h"

struct config;
struct db;
struct db_res;

#define REGIONMOVE_REASON_MIN	5	/* characters a reason needs at least */
#define REGIONMOVE_REASON_MAX	200	/* characters a reason may have */

/*
 * Enterprise ent (its account actor, from ip) asks to move to county to
 * with reason; *id the request. SME_EINPUT when to is not a county of
 * Jiangsu or is where the enterprise is already; SME_ECONFLICT when a
 * request of ent is pending. Nothing is written on failure.
 */
enum sme_err	 regionmove_request(struct db *db, long long ent,
		    long long actor, const char *ip, const char *to,
		    const char *reason, long long *id);

/* A decision on a request, as regionmove_decide() takes it. Strings borrowed. */
struct regionmove_decision {
	const struct config	*cfg;		/* SMS templates */
	long long		 id;		/* the request */
	long long		 actor;		/* the reviewer's account */
	const char		*ip;
	const char		*region;	/* the reviewer's region: the
						   leaving county or its city */
	int			 confirm;	/* 1 confirm, 0 refuse */
	const char		*reason;	/* why refused; NULL to confirm */
	/* out, set by regionmove_decide(): */
	int			 found;		/* 0: no such request in region */
	int			 stale;		/* 1: already decided */
	long long		 moved;		/* filings waiting at the county,
						   now in the new county's queue */
	long long		 returned;	/* filings past the county, returned */
};

/*
 * Decide request d->id in one transaction, if it is pending and the
 * leaving county is d->region or lies in it. Confirm: the enterprise and
 * its accounts get the new county; its filings waiting at the county stay
 * there, now in the new county's queue, unopened; those waiting at the
 * city or the province are returned with a reason to be submitted again
 * to the new county (an event each); the request records the counts. Both
 * ways: audited, and the enterprise told by SMS. Not found or stale:
 * nothing written, SME_OK.
 */
enum sme_err	 regionmove_decide(struct db *db, struct regionmove_decision *d);

/*
 * The requests a reviewer of region sees, pending first, then the latest
 * decided (at most 50): those leaving its area (REGIONMOVE_LIST_DECIDES
 * is 1: it decides) and those coming into it (0: to know). Columns: id,
 * enterprise name, credit code, from county, to county, to "city county",
 * reason, state, asked at, decided at, refuse reason, filings moved,
 * filings returned, open filings now, decides. The caller frees *out.
 */
enum sme_err	 regionmove_list(struct db *db, const char *region,
		    struct db_res **out);
/* regionmove_list's columns, in their order. */
enum {
	REGIONMOVE_LIST_ID, REGIONMOVE_LIST_NAME, REGIONMOVE_LIST_USCC,
	REGIONMOVE_LIST_FROM, REGIONMOVE_LIST_TO, REGIONMOVE_LIST_TO_FULL,
	REGIONMOVE_LIST_REASON, REGIONMOVE_LIST_STATE, REGIONMOVE_LIST_AT,
	REGIONMOVE_LIST_DECIDED, REGIONMOVE_LIST_REFUSED, REGIONMOVE_LIST_MOVED,
	REGIONMOVE_LIST_RETURNED, REGIONMOVE_LIST_OPEN, REGIONMOVE_LIST_DECIDES
};

/*
 * The latest request of an enterprise, as SQL: "SELECT" COLS FROM, the
 * enterprise's id (a parameter or a column), LAST. Columns: state, from
 * county, to county, reason, refuse reason, asked at, decided at.
 */
#define REGIONMOVE_LATEST_COLS \
    " m.state, rf.name, rt.name, m.reason, COALESCE(m.refuse_reason, '')," \
    " DATE_FORMAT(m.requested_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')," \
    " COALESCE(DATE_FORMAT(m.decided_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), '')"
#define REGIONMOVE_LATEST_JOIN \
    " FROM region_move m JOIN region rf ON rf.code = m.from_region" \
    " JOIN region rt ON rt.code = m.to_region WHERE m.enterprise_id"
#define REGIONMOVE_LATEST_LAST	" ORDER BY m.id DESC LIMIT 1"

/*
 * The latest request of enterprise ent (no row: none), with the columns
 * of REGIONMOVE_LATEST_COLS. The caller frees *out.
 */
enum sme_err	 regionmove_latest(struct db *db, long long ent,
		    struct db_res **out);
/* The columns of regionmove_latest()'s row. */
enum regionmove_latest_col { REGIONMOVE_LATEST_STATE, REGIONMOVE_LATEST_FROM,
	REGIONMOVE_LATEST_TO, REGIONMOVE_LATEST_REASON, REGIONMOVE_LATEST_REFUSED,
	REGIONMOVE_LATEST_ASKED, REGIONMOVE_LATEST_DECIDED };

/*
 * The counties of Jiangsu with their cities, for a choice of county:
 * code, name, level ('city' or 'county'), parent code; in code order.
 * The caller frees *out.
 */
enum sme_err	 regionmove_counties(struct db *db, struct db_res **out);
/* The columns of regionmove_counties()'s rows. */
enum regionmove_county_col { REGIONMOVE_COUNTY_CODE, REGIONMOVE_COUNTY_NAME,
	REGIONMOVE_COUNTY_LEVEL, REGIONMOVE_COUNTY_PARENT };

#endif
