/*
 * localtitle.c - who decides a city's 市县 titles (local_title_setting):
 * reading the setting for a region and changing it, audited.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "localtitle.h"

/* The region's level, and its city's setting (its own for a city). */
static const char SQL_ROLE[] =
    "SELECT g.level, COALESCE((SELECT s.county_decides FROM local_title_setting s"
    " WHERE s.city_code = IF(g.level = 'city', g.code, g.parent_code)), 0)"
    " FROM region g WHERE g.code = ?";
static const char SQL_IS_CITY[] =
    "SELECT 1 FROM region WHERE code = ? AND level = 'city'";
static const char SQL_SETTING_LOCK[] =
    "SELECT county_decides FROM local_title_setting WHERE city_code = ? FOR UPDATE";
static const char SQL_SET[] =
    "INSERT INTO local_title_setting (city_code, county_decides, updated_by, updated_at)"
    " VALUES (?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
    " county_decides = VALUES(county_decides), updated_by = VALUES(updated_by),"
    " updated_at = VALUES(updated_at)";

enum sme_err
localtitle_role(struct db *db, const char *region, enum localtitle_role *out,
    int *county_decides)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(region) };
	const char	*level;
	enum sme_err	 er;

	*out = LOCALTITLE_NONE;
	*county_decides = 0;
	if ((er = db_query(db, SQL_ROLE, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		level = db_res_get(res, 0, 0);
		*county_decides = db_res_int(res, 0, 1, 0) != 0;
		if ((strcmp(level, "city") == 0 && !*county_decides) ||
		    (strcmp(level, "county") == 0 && *county_decides))
			*out = LOCALTITLE_DECIDES;
	}
	db_res_free(res);
	return SME_OK;
}

struct set_args {
	const char	*city;
	int		 county_decides;
	long long	 actor;
	const char	*ip;
};

static enum sme_err
set_tx(struct db *db, void *arg)
{
	const struct set_args	*a = arg;
	struct db_res		*res;
	char			 before[64], after[64];
	int			 was;
	enum sme_err		 er;

	struct db_param p[] = { DB_STR(a->city) };
	if ((er = db_query(db, SQL_IS_CITY, p, 1, &res)) != SME_OK)
		return er;
	was = res->nrows > 0;
	db_res_free(res);
	if (!was)
		return SME_EINPUT;
	if ((er = db_query(db, SQL_SETTING_LOCK, p, 1, &res)) != SME_OK)
		return er;
	was = res->nrows > 0 && db_res_int(res, 0, 0, 0) != 0;
	db_res_free(res);
	struct db_param u[] = { DB_STR(a->city), DB_INT(a->county_decides ? 1 : 0),
	    DB_INT(a->actor) };
	if ((er = db_exec(db, SQL_SET, u, 3, NULL, NULL)) != SME_OK)
		return er;
	if (audit_json(before, sizeof(before), "county_decides", was ? "1" : "0",
	    NULL) != 0 || audit_json(after, sizeof(after), "county_decides",
	    a->county_decides ? "1" : "0", NULL) != 0)
		before[0] = after[0] = '\0';
	return audit_log(db, a->actor, a->ip, "local_title_setting",
	    "region", a->city, before[0] ? before : NULL, after[0] ? after : NULL);
}

enum sme_err
localtitle_set(struct db *db, const char *city, int county_decides,
    long long actor, const char *ip)
{
	struct set_args	 a = { city, county_decides, actor, ip };

	return db_tx_run(db, set_tx, &a);
}
