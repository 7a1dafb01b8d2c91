/*
 * target.c - writes of the yearly entry targets: the province's figure per
 * city (city_target) and each region's own (region_target, schema/045).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "target.h"

static const char SQL_TARGET_SET[] =
    "INSERT INTO city_target (year, city_code, target, updated_at)"
    " VALUES (?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
    " target = VALUES(target), updated_at = VALUES(updated_at)";
static const char SQL_TARGET_UNSET[] =
    "DELETE FROM city_target WHERE year = ? AND city_code = ?";
/* The province's figure of a city (none for other regions), and the own, locked. */
static const char SQL_OWN_GET[] =
    "SELECT ct.target, rt.target FROM region r"
    " LEFT JOIN city_target ct ON ct.year = ? AND ct.city_code = r.code"
    " LEFT JOIN region_target rt ON rt.year = ? AND rt.region_code = r.code"
    " WHERE r.code = ? FOR UPDATE";
static const char SQL_OWN_SET[] =
    "INSERT INTO region_target (year, region_code, target, updated_by, updated_at)"
    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
    " target = VALUES(target), updated_by = VALUES(updated_by),"
    " updated_at = VALUES(updated_at)";
/* A row left with neither figure goes. */
static const char SQL_OWN_PRUNE[] =
    "DELETE FROM region_target WHERE year = ? AND region_code = ?"
    " AND target IS NULL AND local_target IS NULL";

enum sme_err
target_set(struct db *db, int year, const char *city, long target)
{
	struct db_param q[] = { DB_INT(year), DB_STR(city), DB_INT(target) };

	return target < 0 ? db_exec(db, SQL_TARGET_UNSET, q, 2, NULL, NULL) :
	    db_exec(db, SQL_TARGET_SET, q, 3, NULL, NULL);
}

const char *
target_parse(const char *text, long *out)
{
	size_t	 len = text == NULL ? 0 : strlen(text);

	*out = -1;
	if (len == 0)
		return NULL;
	if (len > 7 || strspn(text, "0123456789") != len || atol(text) > TARGET_MAX)
		return "请填写0至1000000之间的整数，不设目标请留空";
	*out = atol(text);
	return NULL;
}

const char *
target_own_check(long base, long own, char *buf, size_t bufsz)
{
	if (own < 0 || base < 0 || own >= base)
		return NULL;
	snprintf(buf, bufsz, "各市只可在省下达的目标上增加，不得低于省下达的目标数（%ld家）", base);
	return buf;
}

enum sme_err
target_own_set(struct db *db, int year, const char *region, long target,
    long long actor, const char *ip, char *msg, size_t msgsz)
{
	struct db_res	*res;
	char		 oid[32], before[64], after[64], cur[24], mbuf[160];
	const char	*m;
	long		 base, old;
	enum sme_err	 er;

	struct db_param pg[] = { DB_INT(year), DB_INT(year), DB_STR(region) };
	if ((er = db_query(db, SQL_OWN_GET, pg, 3, &res)) != SME_OK)
		return er;
	base = res->nrows > 0 ? (long)db_res_int(res, 0, 0, -1) : -1;
	old = res->nrows > 0 ? (long)db_res_int(res, 0, 1, -1) : -1;
	db_res_free(res);
	if ((m = target_own_check(base, target, mbuf, sizeof(mbuf))) != NULL) {
		if (msg != NULL)
			snprintf(msg, msgsz, "%s", m);
		return SME_EINPUT;
	}
	if (old == target)
		return SME_OK;
	struct db_param ps[] = { DB_INT(year), DB_STR(region),
	    target < 0 ? DB_NULL : DB_INT(target), DB_INT(actor) };
	struct db_param pp[] = { DB_INT(year), DB_STR(region) };
	if ((er = db_exec(db, SQL_OWN_SET, ps, 4, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_OWN_PRUNE, pp, 2, NULL, NULL)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%d:%s", year, region);
	snprintf(cur, sizeof(cur), "%ld", old);
	audit_json(before, sizeof(before), "target", old < 0 ? NULL : cur, NULL);
	snprintf(cur, sizeof(cur), "%ld", target);
	audit_json(after, sizeof(after), "target", target < 0 ? NULL : cur, NULL);
	return audit_log(db, actor, ip, "target_set", "region_target", oid, before, after);
}
