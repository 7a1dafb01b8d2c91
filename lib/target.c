/*
 * target.c - writes of the yearly entry targets per city (table city_target).
 */
#include "db.h"
#include "target.h"

static const char SQL_TARGET_SET[] =
    "INSERT INTO city_target (year, city_code, target, updated_at)"
    " VALUES (?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
    " target = VALUES(target), updated_at = VALUES(updated_at)";
static const char SQL_TARGET_UNSET[] =
    "DELETE FROM city_target WHERE year = ? AND city_code = ?";

enum sme_err
target_set(struct db *db, int year, const char *city, long target)
{
	struct db_param q[] = { DB_INT(year), DB_STR(city), DB_INT(target) };

	return target < 0 ? db_exec(db, SQL_TARGET_UNSET, q, 2, NULL, NULL) :
	    db_exec(db, SQL_TARGET_SET, q, 3, NULL, NULL);
}
