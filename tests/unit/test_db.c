/*
 * test_db.c - db.[ch]'s transaction runner: which server errors rerun a
 * whole transaction, the pauses between runs, and, when the MariaDB of
 * tools/up is running (var/sme.conf, or $SME_CONFIG), a real rerun: a lock
 * wait timeout (1205) in the first run rolls everything of it back and the
 * second run commits once; a connection lost before COMMIT is SME_EDBDOWN
 * (503), not rerun, nothing kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <mysqld_error.h>

#include "config.h"
#include "db.h"
#include "token.h"

START_TEST(db_retryable_errors)
{
	ck_assert_int_eq(db_retryable(ER_LOCK_DEADLOCK), 1);	/* 1213 */
	ck_assert_int_eq(db_retryable(ER_LOCK_WAIT_TIMEOUT), 1);	/* 1205 */
	ck_assert_int_eq(db_retryable(1047), 1);	/* WSREP has not yet prepared node */
	ck_assert_int_eq(db_retryable(0), 0);
	ck_assert_int_eq(db_retryable(ER_DUP_ENTRY), 0);	/* 1062: a conflict, not luck */
	ck_assert_int_eq(db_retryable(ER_NO_SUCH_TABLE), 0);
	ck_assert_int_eq(db_retryable(2006), 0);	/* server gone: 503, not a rerun */
	ck_assert_int_eq(db_retryable(2013), 0);	/* lost during the query */
}
END_TEST

START_TEST(db_backoff_grows_with_jitter_and_is_bounded)
{
	static const unsigned	 lo[] = { 5, 5, 10, 20, 40, 40, 40 };
	int			 a;
	unsigned		 r, ms, min, max;

	for (a = 0; a <= 6; a++) {
		min = ~0u;
		max = 0;
		for (r = 0; r < 1000; r++) {
			ms = db_tx_backoff_ms(a, r * 2654435761u);
			min = ms < min ? ms : min;
			max = ms > max ? ms : max;
		}
		ck_assert_uint_eq(min, lo[a]);
		ck_assert_uint_eq(max, 2 * lo[a]);
	}
}
END_TEST

/* ---- against the database of tools/up -------------------------------- */

static struct config	*cfg;

struct rerun {
	struct db	*holder;	/* holds the row lock during the first run */
	unsigned char	 locked[TOKEN_HASHSZ], marker[TOKEN_HASHSZ];
	int		 runs;
	enum sme_err	 fail_with;	/* returned by fn after its insert, if set */
	int		 kill_self;	/* the holder kills fn's connection before COMMIT */
};

static const char SQL_INS[] =
    "INSERT INTO request_once (token_hash, account_id, body_hash, target, created_at)"
    " VALUES (?, 0, ?, '/unit/test_db', UTC_TIMESTAMP())";
static const char SQL_LOCK[] =
    "SELECT target FROM request_once WHERE token_hash = ? FOR UPDATE";
static const char SQL_COUNT[] =
    "SELECT COUNT(*) FROM request_once WHERE token_hash = ?";
static const char SQL_DEL[] =
    "DELETE FROM request_once WHERE target = '/unit/test_db'";

static enum sme_err
rerun_fn(struct db *db, void *arg)
{
	struct rerun	*t = arg;
	struct db_param	 p[2] = { DB_BIN(t->marker, TOKEN_HASHSZ), DB_BIN(t->marker, TOKEN_HASHSZ) };
	struct db_param	 l[1] = { DB_BIN(t->locked, TOKEN_HASHSZ) };
	struct db_res	*res;
	enum sme_err	 er;

	if (++t->runs == 2)
		db_rollback(t->holder);		/* the other transaction ends */
	if ((er = db_exec(db, "SET SESSION innodb_lock_wait_timeout = 1", NULL, 0,
	    NULL, NULL)) != SME_OK)
		return er;
	if ((er = db_exec(db, SQL_INS, p, 2, NULL, NULL)) != SME_OK)
		return er;
	if (t->fail_with != SME_OK)
		return t->fail_with;
	if (t->kill_self) {
		struct db_param	 k[1];

		if ((er = db_query(db, "SELECT CONNECTION_ID()", NULL, 0, &res)) != SME_OK)
			return er;
		k[0] = DB_INT(db_res_int(res, 0, 0, 0));
		db_res_free(res);
		/* Gone between the last statement and COMMIT. */
		return db_exec(t->holder, "KILL CONNECTION ?", k, 1, NULL, NULL);
	}
	if ((er = db_query(db, SQL_LOCK, l, 1, &res)) != SME_OK)
		return er;
	db_res_free(res);
	return SME_OK;
}

static long long
count_of(struct db *db, const unsigned char *h)
{
	struct db_param	 p[1] = { DB_BIN(h, TOKEN_HASHSZ) };
	struct db_res	*res;
	long long	 n;

	ck_assert_int_eq(db_query(db, SQL_COUNT, p, 1, &res), SME_OK);
	n = db_res_int(res, 0, 0, -1);
	db_res_free(res);
	return n;
}

static void
rerun_setup(struct rerun *t, struct db **db)
{
	char		 tok[TOKEN_LEN + 1];
	struct db_param	 p[2];

	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(db_open(cfg, db), SME_OK);
	ck_assert_int_eq(db_open(cfg, &t->holder), SME_OK);
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	token_hash(tok, strlen(tok), t->locked);
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	token_hash(tok, strlen(tok), t->marker);
	p[0] = DB_BIN(t->locked, TOKEN_HASHSZ);
	p[1] = DB_BIN(t->locked, TOKEN_HASHSZ);
	ck_assert_int_eq(db_exec(t->holder, SQL_INS, p, 2, NULL, NULL), SME_OK);
}

static void
rerun_teardown(struct rerun *t, struct db *db)
{
	db_rollback(t->holder);
	ck_assert_int_eq(db_exec(db, SQL_DEL, NULL, 0, NULL, NULL), SME_OK);
	db_close(t->holder);
	db_close(db);
}

START_TEST(db_tx_run_reruns_the_whole_transaction_after_a_lock_wait_timeout)
{
	struct rerun	 t;
	struct db	*db;
	struct db_param	 l[1];
	struct db_res	*res;

	rerun_setup(&t, &db);
	/* Another transaction holds the row the first run needs. */
	l[0] = DB_BIN(t.locked, TOKEN_HASHSZ);
	ck_assert_int_eq(db_begin(t.holder), SME_OK);
	ck_assert_int_eq(db_query(t.holder, SQL_LOCK, l, 1, &res), SME_OK);
	db_res_free(res);
	ck_assert_int_eq(db_tx_run(db, rerun_fn, &t), SME_OK);
	ck_assert_int_eq(t.runs, 2);
	/* The first run's insert was rolled back with it: one marker. */
	ck_assert_int_eq(count_of(db, t.marker), 1);
	rerun_teardown(&t, db);
}
END_TEST

START_TEST(db_tx_run_does_not_rerun_other_errors_and_keeps_nothing)
{
	struct rerun	 t;
	struct db	*db;

	rerun_setup(&t, &db);
	t.fail_with = SME_ECONFLICT;
	ck_assert_int_eq(db_tx_run(db, rerun_fn, &t), SME_ECONFLICT);
	ck_assert_int_eq(t.runs, 1);
	ck_assert_int_eq(count_of(db, t.marker), 0);
	/* A duplicate key inside is SME_ECONFLICT too, and not rerun. */
	t.fail_with = SME_OK;
	t.runs = 2;	/* past the run that ends the holder's transaction */
	memcpy(t.marker, t.locked, sizeof(t.marker));
	ck_assert_int_eq(db_tx_run(db, rerun_fn, &t), SME_ECONFLICT);
	ck_assert_int_eq(t.runs, 3);
	rerun_teardown(&t, db);
}
END_TEST

START_TEST(db_tx_run_connection_lost_at_commit_is_edbdown_and_not_rerun)
{
	struct rerun	 t;
	struct db	*db;

	rerun_setup(&t, &db);
	t.runs = 2;	/* past the run that ends the holder's transaction */
	t.kill_self = 1;
	ck_assert_int_eq(db_tx_run(db, rerun_fn, &t), SME_EDBDOWN);
	ck_assert_int_eq(t.runs, 3);
	/* Nothing was committed, and the handle reconnects for the next call. */
	ck_assert_int_eq(count_of(db, t.marker), 0);
	rerun_teardown(&t, db);
}
END_TEST

/* ---- against two nodes of tools/cluster's Galera cluster ---------------- */

static struct config	*gcfg[2];	/* SME_GALERA_CONFIG_A, _B: two nodes */

static const char SQL_TOUCH[] =
    "UPDATE request_once SET target = ? WHERE token_hash = ?";
static const char SQL_TARGET[] =
    "SELECT target FROM request_once WHERE token_hash = ?";

struct cert {
	struct db	*other;		/* on the other node */
	unsigned char	 row[TOKEN_HASHSZ], marker[TOKEN_HASHSZ];
	int		 runs;
};

/*
 * Change the row on this node; on the first run the other node commits a
 * change of the same row first, so this one fails certification.
 */
static enum sme_err
cert_fn(struct db *db, void *arg)
{
	struct cert	*t = arg;
	struct db_param	 mine[2] = { DB_STR("/unit/test_db-this"), DB_BIN(t->row, TOKEN_HASHSZ) };
	struct db_param	 theirs[2] = { DB_STR("/unit/test_db-other"), DB_BIN(t->row, TOKEN_HASHSZ) };
	struct db_param	 ins[2] = { DB_BIN(t->marker, TOKEN_HASHSZ), DB_BIN(t->marker, TOKEN_HASHSZ) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_TOUCH, mine, 2, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_INS, ins, 2, NULL, NULL)) != SME_OK)
		return er;
	if (++t->runs == 1)
		ck_assert_int_eq(db_exec(t->other, SQL_TOUCH, theirs, 2, NULL, NULL), SME_OK);
	return SME_OK;
}

START_TEST(db_tx_run_reruns_a_transaction_that_failed_galera_certification)
{
	struct cert	 t;
	struct db	*db;
	char		 tok[TOKEN_LEN + 1];
	struct db_param	 p[2];
	struct db_res	*res;

	memset(&t, 0, sizeof(t));
	ck_assert_int_eq(db_open(gcfg[0], &db), SME_OK);
	ck_assert_int_eq(db_open(gcfg[1], &t.other), SME_OK);
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	token_hash(tok, strlen(tok), t.row);
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	token_hash(tok, strlen(tok), t.marker);
	p[0] = DB_BIN(t.row, TOKEN_HASHSZ);
	p[1] = DB_BIN(t.row, TOKEN_HASHSZ);
	ck_assert_int_eq(db_exec(db, SQL_INS, p, 2, NULL, NULL), SME_OK);
	/* The other node has the row before either changes it. */
	ck_assert_int_eq(db_exec(t.other, "SET SESSION wsrep_sync_wait = 1", NULL, 0, NULL, NULL), SME_OK);
	ck_assert_int_eq(count_of(t.other, t.row), 1);

	ck_assert_int_eq(db_tx_run(db, cert_fn, &t), SME_OK);
	/* Run 1 lost to the other node's commit (1213) and left nothing. */
	ck_assert_int_eq(t.runs, 2);
	ck_assert_int_eq(db_exec(db, "SET SESSION wsrep_sync_wait = 1", NULL, 0, NULL, NULL), SME_OK);
	ck_assert_int_eq(count_of(db, t.marker), 1);
	ck_assert_int_eq(count_of(t.other, t.marker), 1);
	ck_assert_int_eq(db_query(t.other, SQL_TARGET, p, 1, &res), SME_OK);
	ck_assert_str_eq(db_res_get(res, 0, 0), "/unit/test_db-this");
	db_res_free(res);
	ck_assert_int_eq(db_exec(db, SQL_DEL, NULL, 0, NULL, NULL), SME_OK);
	db_close(t.other);
	db_close(db);
}
END_TEST

/*
 * Over TCP (node-1.conf: no socket file), a connection the server closed
 * while it was idle (KILL here; a node killed or HAProxy failing over in
 * life) is replaced before the next statement, which runs once: sent on
 * the closed one it would be lost (2013) with no way to tell it never ran.
 */
START_TEST(db_a_connection_closed_while_idle_is_replaced_before_the_next_statement)
{
	struct db	*db, *killer;
	struct db_res	*res;
	struct db_param	 k[1], p[2];
	unsigned char	 marker[TOKEN_HASHSZ];
	char		 tok[TOKEN_LEN + 1];
	long long	 id, id2;
	int		 i;

	ck_assert_int_eq(db_open(gcfg[0], &db), SME_OK);
	ck_assert_int_eq(db_open(gcfg[0], &killer), SME_OK);
	/* The insert prepared on this connection already, as in a worker. */
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	token_hash(tok, strlen(tok), marker);
	p[0] = DB_BIN(marker, TOKEN_HASHSZ);
	p[1] = DB_BIN(marker, TOKEN_HASHSZ);
	ck_assert_int_eq(db_exec(db, SQL_INS, p, 2, NULL, NULL), SME_OK);
	ck_assert_int_eq(db_query(db, "SELECT CONNECTION_ID()", NULL, 0, &res), SME_OK);
	id = db_res_int(res, 0, 0, 0);
	db_res_free(res);
	k[0] = DB_INT(id);
	ck_assert_int_eq(db_exec(killer, "KILL CONNECTION ?", k, 1, NULL, NULL), SME_OK);
	/* Until the server has let the connection go. */
	for (i = 0; i < 50; i++) {
		ck_assert_int_eq(db_query(killer, "SELECT COUNT(*) FROM"
		    " information_schema.PROCESSLIST WHERE ID = ?", k, 1, &res), SME_OK);
		id2 = db_res_int(res, 0, 0, -1);
		db_res_free(res);
		if (id2 == 0)
			break;
		usleep(20 * 1000);
	}
	usleep(50 * 1000);
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	token_hash(tok, strlen(tok), marker);
	p[0] = DB_BIN(marker, TOKEN_HASHSZ);
	p[1] = DB_BIN(marker, TOKEN_HASHSZ);
	ck_assert_int_eq(db_exec(db, SQL_INS, p, 2, NULL, NULL), SME_OK);
	ck_assert_int_eq(count_of(killer, marker), 1);
	/* On a new connection. */
	ck_assert_int_eq(db_query(db, "SELECT CONNECTION_ID()", NULL, 0, &res), SME_OK);
	ck_assert_int_ne(db_res_int(res, 0, 0, 0), id);
	db_res_free(res);
	ck_assert_int_eq(db_exec(db, SQL_DEL, NULL, 0, NULL, NULL), SME_OK);
	db_close(killer);
	db_close(db);
}
END_TEST

/* The configurations of two Galera nodes (tools/cluster), if both answer. */
static int
galera_available(void)
{
	const char	*path[2] = { getenv("SME_GALERA_CONFIG_A"), getenv("SME_GALERA_CONFIG_B") };
	struct db	*db;
	struct db_res	*res;
	int		 i, ok = 1;

	for (i = 0; i < 2 && ok; i++) {
		if (path[i] == NULL || config_load(path[i], &gcfg[i], NULL, 0) != SME_OK ||
		    db_open(gcfg[i], &db) != SME_OK)
			return 0;
		ok = db_query(db, "SELECT COUNT(*) FROM request_once", NULL, 0, &res) == SME_OK;
		db_res_free(res);
		db_close(db);
	}
	return ok;
}

/* The configuration of tools/up's stack, if its database answers. */
static int
db_available(void)
{
	const char	*path = getenv("SME_CONFIG"), *top = getenv("top_srcdir");
	char		 buf[4096];
	struct db	*db;
	struct db_res	*res;
	int		 ok;

	if (path == NULL) {
		snprintf(buf, sizeof(buf), "%s/var/sme.conf", top != NULL ? top : ".");
		path = buf;
	}
	if (config_load(path, &cfg, NULL, 0) != SME_OK)
		return 0;
	if (db_open(cfg, &db) != SME_OK)
		return 0;
	ok = db_query(db, "SELECT COUNT(*) FROM request_once", NULL, 0, &res) == SME_OK;
	db_res_free(res);
	db_close(db);
	return ok;
}

static Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("retry");

	tcase_add_test(tc, db_retryable_errors);
	tcase_add_test(tc, db_backoff_grows_with_jitter_and_is_bounded);
	suite_add_tcase(s, tc);
	if (db_available()) {
		tc = tcase_create("database");
		tcase_set_timeout(tc, 30);
		tcase_add_test(tc, db_tx_run_reruns_the_whole_transaction_after_a_lock_wait_timeout);
		tcase_add_test(tc, db_tx_run_does_not_rerun_other_errors_and_keeps_nothing);
		tcase_add_test(tc, db_tx_run_connection_lost_at_commit_is_edbdown_and_not_rerun);
		suite_add_tcase(s, tc);
	} else
		fprintf(stderr, "test_db: no database of tools/up (var/sme.conf); "
		    "the database cases are not run\n");
	if (galera_available()) {
		tc = tcase_create("galera");
		tcase_set_timeout(tc, 30);
		tcase_add_test(tc, db_tx_run_reruns_a_transaction_that_failed_galera_certification);
		tcase_add_test(tc, db_a_connection_closed_while_idle_is_replaced_before_the_next_statement);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(db_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	config_free(cfg);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
