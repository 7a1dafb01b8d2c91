/*
 * localtitle.h - 市县 titles (seed 004 认定级别 "市县"): who decides them in a
 * city, the city itself or its counties (a per-city setting), so that a
 * local filing's chain ends there (flow_chain_local) and that region
 * publishes and grants it; never the province.
 */
#ifndef LOCALTITLE_H
#define LOCALTITLE_H

#include "sme.h"

struct db;

/*
 * SQL: 1 if the city of the enterprise's county (region r, joined ON
 * r.code = e.region_code) delegates its local titles to its counties, else 0.
 */
#define LOCALTITLE_COUNTY_DECIDES_SQL \
    "COALESCE((SELECT lts.county_decides FROM local_title_setting lts" \
    " WHERE lts.city_code = r.parent_code), 0)"

/* Who decides region's 市县 titles. */
enum localtitle_role {
	LOCALTITLE_NONE,	/* the province, or a city that delegates, or a county that does not decide */
	LOCALTITLE_DECIDES	/* region publishes and grants its (or its counties') local titles */
};

/*
 * Whether region (a city or a county) decides 市县 titles: a city unless it
 * delegates, a county when its city does. *county_decides gets the city's
 * setting (of region, or of a county's city).
 */
enum sme_err	 localtitle_role(struct db *db, const char *region,
		    enum localtitle_role *out, int *county_decides);

/*
 * Set whether city's counties decide its local titles, by account actor
 * from ip, with the audit row, in one transaction. SME_EINPUT when city is
 * not a city.
 */
enum sme_err	 localtitle_set(struct db *db, const char *city, int county_decides,
		    long long actor, const char *ip);

#endif
