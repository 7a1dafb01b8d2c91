/*
 * unitdb.h - the database of the unit tests that need one: the MariaDB of
 * tools/up (var/sme.conf, or $SME_CONFIG). Their rows live in 宿迁市
 * (3213), which the HTTP tests leave alone. Without a database the cases
 * that need it are not run, with a message; with SME_UNIT_DB=required
 * (tools/test sets it) a missing database fails the test instead.
 */
#ifndef UNITDB_H
#define UNITDB_H

#include <stddef.h>

#include <check.h>

struct config;
struct db;
struct db_param;

#define UNITDB_COUNTY	"321302"	/* 宿城区 of 宿迁市 */

/*
 * Load the configuration (*cfg) and see that the database answers: 1 if
 * so. Else 0, having said why on stderr as program's; exits with a
 * failure when SME_UNIT_DB is "required". *db is NULL: each case has a
 * connection of its own there (unitdb_tcase).
 */
int		 unitdb_open(const char *program, struct config **cfg, struct db **db);

/* The first cell of the rows sql answers, as an integer (-1 if none). */
long long	 unitdb_int(struct db *db, const char *sql,
		    const struct db_param *p, size_t np);

/* A mobile number no other test uses (139 and eight random digits). */
void		 unitdb_mobile(char *buf, size_t bufsz);

/*
 * A fresh enterprise of UNITDB_COUNTY with an active account whose mobile
 * is mobile (NULL: none); *acct the account. Returns the enterprise.
 */
long long	 unitdb_enterprise(struct db *db, const char *mobile, long long *acct);

/*
 * The test case "database" (30 s): each of its cases connects *db (of
 * unitdb_open) in its own process and closes it after.
 */
TCase		*unitdb_tcase(void);

/*
 * Run suite s, then close db and free cfg (either may be NULL): the exit
 * status of the test program.
 */
int		 unitdb_main(Suite *s, struct config *cfg, struct db *db);

#endif
