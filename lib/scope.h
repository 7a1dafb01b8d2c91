/*
 * scope.h - who may see an enterprise's data: the enterprise itself, and
 * reviewers whose region covers the enterprise's county (county: its own;
 * city: its counties; province: all). Everything outside answers 404.
 */
#ifndef SCOPE_H
#define SCOPE_H

#include "sme.h"

struct db;
struct session;

/*
 * The SQL condition "the account region ? covers enterprise e", for
 * queries that join enterprise e and region r ON r.code = e.region_code;
 * bind the account's region_code once.
 */
#define SCOPE_SQL "? IN (e.region_code, r.parent_code, '320000')"

/*
 * Set *ok to 1 if sess may see enterprise_id's data, else 0 (also for an
 * enterprise that does not exist). Reviewers are checked in SQL.
 */
enum sme_err	 scope_enterprise(struct db *db, const struct session *sess,
		    long long enterprise_id, int *ok);

/* As scope_enterprise, for the enterprise that owns filing_id. */
enum sme_err	 scope_filing(struct db *db, const struct session *sess,
		    long long filing_id, int *ok);

/* 1 if sess is a reviewer (county, city, province). */
int		 scope_reviewer(const struct session *sess);

#endif
