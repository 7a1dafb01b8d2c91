/*
 * unitdb.c - the unit tests' database fixture (unitdb.h): tools/up's
 * MariaDB, fresh enterprises and accounts in 宿迁市 for each case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "account.h"
#include "config.h"
#include "db.h"
#include "enterprise.h"
#include "token.h"
#include "unitdb.h"

static const char SQL_COUNTY[] = "SELECT COUNT(*) FROM region WHERE code = ?";

/* The test's configuration and connection (unitdb_open's cfg and db). */
static struct config	**fix_cfg;
static struct db	**fix_db;

int
unitdb_open(const char *program, struct config **cfg, struct db **db)
{
	const char	*path = getenv("SME_CONFIG"), *top = getenv("top_srcdir");
	const char	*need = getenv("SME_UNIT_DB");
	char		 buf[4096], err[256] = "";
	struct db_param	 p[] = { DB_STR(UNITDB_COUNTY) };
	struct db_res	*res = NULL;
	int		 ok = 0;

	*cfg = NULL;
	*db = NULL;
	if (path == NULL) {
		snprintf(buf, sizeof(buf), "%s/var/sme.conf", top != NULL ? top : ".");
		path = buf;
	}
	if (config_load(path, cfg, err, sizeof(err)) != SME_OK)
		fprintf(stderr, "%s: no configuration of tools/up (%s): %s\n", program,
		    path, err);
	else if (db_open(*cfg, db) != SME_OK)
		fprintf(stderr, "%s: cannot make a database handle\n", program);
	else if (db_query(*db, SQL_COUNTY, p, 1, &res) != SME_OK)
		fprintf(stderr, "%s: the database of %s does not answer (tools/up not "
		    "running?)\n", program, path);
	else if (!(ok = db_res_int(res, 0, 0, 0) == 1))
		fprintf(stderr, "%s: the database has no region %s\n", program,
		    UNITDB_COUNTY);
	db_res_free(res);
	if (ok) {
		/*
		 * Each case connects in its own process (unitdb_tcase): one
		 * connection shared by forked cases would carry a transaction a
		 * failed case left open into the next.
		 */
		db_close(*db);
		*db = NULL;
		fix_cfg = cfg;
		fix_db = db;
		return 1;
	}
	if (need != NULL && strcmp(need, "required") == 0) {
		fprintf(stderr, "%s: SME_UNIT_DB=required: failing\n", program);
		exit(EXIT_FAILURE);
	}
	fprintf(stderr, "%s: the database cases are not run\n", program);
	db_close(*db);
	config_free(*cfg);
	*db = NULL;
	*cfg = NULL;
	return 0;
}

long long
unitdb_int(struct db *db, const char *sql, const struct db_param *p, size_t np)
{
	struct db_res	*res;
	long long	 v;

	ck_assert_int_eq(db_query(db, sql, p, np, &res), SME_OK);
	v = db_res_int(res, 0, 0, -1);
	db_res_free(res);
	return v;
}

void
unitdb_mobile(char *buf, size_t bufsz)
{
	char		 tok[48];
	unsigned	 n = 0;
	size_t		 i;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	for (i = 0; tok[i] != '\0'; i++)
		n = n * 31u + (unsigned char)tok[i];
	snprintf(buf, bufsz, "139%08u", n % 100000000u);
}

long long
unitdb_enterprise(struct db *db, const char *mobile, long long *acct)
{
	char			 tok[48], uscc[19], user[24];
	struct account_new	 an;
	long long		 ent;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(uscc, sizeof(uscc), "9T%.16s", tok);
	snprintf(user, sizeof(user), "ut_%.12s", tok);
	ck_assert_int_eq(enterprise_register(db, uscc, "单元测试企业", UNITDB_COUNTY,
	    "none", &ent), SME_OK);
	an = (struct account_new){ user, "x", "enterprise", UNITDB_COUNTY, ent,
	    "单元测试企业", mobile, "active" };
	ck_assert_int_eq(account_create(db, &an, acct), SME_OK);
	return ent;
}

int
unitdb_main(Suite *s, struct config *cfg, struct db *db)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	db_close(db);
	config_free(cfg);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void
unitdb_setup(void)
{
	ck_assert_int_eq(db_open(*fix_cfg, fix_db), SME_OK);
}

static void
unitdb_teardown(void)
{
	db_close(*fix_db);
	*fix_db = NULL;
}

TCase *
unitdb_tcase(void)
{
	TCase	*tc = tcase_create("database");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, unitdb_setup, unitdb_teardown);
	return tc;
}
