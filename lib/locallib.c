/*
 * locallib.c - a region's own library (local_library): add an enterprise
 * of the region by its credit code, take one off; each with its audit row.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "locallib.h"
#include "scope.h"

/* The region's confirmed enterprise of a credit code; bind uscc, region. */
static const char SQL_FIND[] =
    "SELECT e.id, e.name FROM enterprise e JOIN region r ON r.code = e.region_code"
    " WHERE e.uscc = ? AND e.status = 'confirmed' AND " SCOPE_SQL " LIMIT 1";
static const char SQL_ADD[] =
    "INSERT IGNORE INTO local_library (region_code, enterprise_id, year, note,"
    " added_by, added_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_REMOVE[] =
    "DELETE FROM local_library WHERE region_code = ? AND enterprise_id = ?";

static enum sme_err
add_tx(struct db *db, void *arg)
{
	struct locallib_add	*a = arg;
	struct db_res		*res;
	unsigned long long	 n = 0;
	long long		 id;
	char			 oid[24], after[600], ystr[8];
	enum sme_err		 er;

	a->refusal = LOCALLIB_OK;
	struct db_param p[] = { DB_STR(a->uscc), DB_STR(a->region) };
	if ((er = db_query(db, SQL_FIND, p, 2, &res)) != SME_OK)
		return er;
	id = res->nrows > 0 ? db_res_int(res, 0, 0, 0) : 0;
	if (id > 0)
		snprintf(a->name, sizeof(a->name), "%s", db_res_get(res, 0, 1));
	db_res_free(res);
	if (id == 0) {
		a->refusal = LOCALLIB_NOENT;
		return SME_ECONFLICT;
	}
	struct db_param q[] = { DB_STR(a->region), DB_INT(id), DB_INT(a->year),
	    DB_OPT(a->note), DB_INT(a->actor) };
	if ((er = db_exec(db, SQL_ADD, q, 5, &n, NULL)) != SME_OK)
		return er;
	if (n == 0) {
		a->refusal = LOCALLIB_ALREADY;
		return SME_ECONFLICT;
	}
	snprintf(oid, sizeof(oid), "%lld", id);
	snprintf(ystr, sizeof(ystr), "%d", a->year);
	if (audit_json(after, sizeof(after), "region", a->region, "year", ystr,
	    "note", a->note, NULL) != 0)
		after[0] = '\0';
	return audit_log(db, a->actor, a->ip, "local_library_add", "enterprise",
	    oid, NULL, after[0] ? after : NULL);
}

enum sme_err
locallib_add(struct db *db, struct locallib_add *a)
{
	return db_tx_run(db, add_tx, a);
}

struct remove_args {
	const char	*region;
	long long	 id, actor;
	const char	*ip;
	int		*found;
};

static enum sme_err
remove_tx(struct db *db, void *arg)
{
	const struct remove_args *a = arg;
	unsigned long long	 n = 0;
	char			 oid[24], before[64];
	enum sme_err		 er;

	struct db_param p[] = { DB_STR(a->region), DB_INT(a->id) };
	if ((er = db_exec(db, SQL_REMOVE, p, 2, &n, NULL)) != SME_OK)
		return er;
	*a->found = n > 0;
	if (n == 0)
		return SME_OK;
	snprintf(oid, sizeof(oid), "%lld", a->id);
	if (audit_json(before, sizeof(before), "region", a->region, NULL) != 0)
		before[0] = '\0';
	return audit_log(db, a->actor, a->ip, "local_library_remove", "enterprise",
	    oid, before[0] ? before : NULL, NULL);
}

enum sme_err
locallib_remove(struct db *db, const char *region, long long id,
    long long actor, const char *ip, int *found)
{
	struct remove_args a = { region, id, actor, ip, found };

	*found = 0;
	return db_tx_run(db, remove_tx, &a);
}
