/*
 * enterprise.c - the inserts of table enterprise: registrations and the
 * operator's enterprises.
 */
#include "db.h"
#include "enterprise.h"

static const char SQL_REGISTER[] =
    "INSERT INTO enterprise (uscc, name, region_code, status, licence,"
    " in_library, version, created_at, updated_at) VALUES (?, ?, ?,"
    " 'pending', ?, 0, 1, UTC_TIMESTAMP(), UTC_TIMESTAMP())";
static const char SQL_CREATE[] =
    "INSERT INTO enterprise (uscc, name, region_code, status, in_library,"
    " version, created_at, updated_at) VALUES (?, ?, ?, 'confirmed', ?, 1,"
    " UTC_TIMESTAMP(), UTC_TIMESTAMP())";

enum sme_err
enterprise_register(struct db *db, const char *uscc, const char *name,
    const char *county, const char *licence, long long *id)
{
	unsigned long long	 eid = 0;
	enum sme_err		 er;
	struct db_param e[] = { DB_STR(uscc), DB_STR(name), DB_STR(county),
	    DB_STR(licence) };

	er = db_exec(db, SQL_REGISTER, e, 4, NULL, &eid);
	*id = (long long)eid;
	return er;
}

enum sme_err
enterprise_create(struct db *db, const char *uscc, const char *name,
    const char *region, int in_library, long long *id)
{
	unsigned long long	 eid = 0;
	enum sme_err		 er;
	struct db_param p[] = { DB_STR(uscc), DB_STR(name), DB_STR(region),
	    DB_INT(in_library) };

	er = db_exec(db, SQL_CREATE, p, 4, NULL, &eid);
	*id = (long long)eid;
	return er;
}
