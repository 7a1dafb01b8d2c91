/*
 * loginguard.c - failed logins per username and per address, and the
 * delay they impose: base << (failures - free), capped, counted from the
 * latest failure. Attempts refused for the delay are not counted, so the
 * delay grows only as fast as guesses are actually checked. An attempt
 * that goes on is counted first, under a named lock of the username, and
 * taken back if its password was right.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "loginguard.h"
#include "password.h"


/* Failures in the window and milliseconds since the latest. */
static const char SQL_USER[] =
    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MAX(at),"
    " UTC_TIMESTAMP(3)) DIV 1000, 0) FROM login_failure"
    " WHERE username = LEFT(?, 64) AND cleared = 0"
    " AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND";
static const char SQL_IP[] =
    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, MAX(at),"
    " UTC_TIMESTAMP(3)) DIV 1000, 0) FROM login_failure"
    " WHERE ip = ? AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND";
static const char SQL_FAIL[] =
    "INSERT INTO login_failure (ip, username, at)"
    " VALUES (?, LEFT(?, 64), UTC_TIMESTAMP(3))";
/* Named locks: 64 characters at most, so the username goes in as a hash. */
static const char SQL_LOCK[] =
    "SELECT GET_LOCK(CONCAT('sme-login:', LEFT(SHA2(LOWER(?), 256), 40)), 10)";
static const char SQL_UNLOCK[] =
    "SELECT RELEASE_LOCK(CONCAT('sme-login:', LEFT(SHA2(LOWER(?), 256), 40)))";
static const char SQL_FORGET[] =
    "DELETE FROM login_failure WHERE id = ?";
static const char SQL_CLEAR[] =
    "UPDATE login_failure SET cleared = 1"
    " WHERE username = LEFT(?, 64) AND cleared = 0";

/* The delay after fails failures, free of them without one. */
static long
loginguard_delay(long fails, long free, long base, long max)
{
	long	 d = base;

	if (fails < free || base <= 0)
		return 0;
	for (fails -= free; fails > 0 && d < max; fails--)
		d *= 2;
	return d < max ? d : max;
}

/* *n failures of sql's key in the window, the latest *ago_ms ago. */
static enum sme_err
loginguard_count(struct db *db, const char *sql, const char *key,
    long window, long *n, long long *ago_ms)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(key), DB_INT(window) };
	enum sme_err	 er;

	if ((er = db_query(db, sql, p, 2, &res)) != SME_OK)
		return er;
	*n = (long)db_res_int(res, 0, 0, 0);
	*ago_ms = db_res_int(res, 0, 1, 0);
	db_res_free(res);
	return SME_OK;
}

/* The seconds still to wait of delay_s after ago_ms, rounded up. */
static long
loginguard_left(long delay_s, long long ago_ms)
{
	long long	 left = (long long)delay_s * 1000 - ago_ms;

	return left > 0 ? (long)((left + 999) / 1000) : 0;
}

/* Fill g for username from ip (see loginguard_take). */
static enum sme_err
loginguard_check(struct db *db, const struct config *cfg,
    const char *username, const char *ip, struct loginguard *g)
{
	long		 window, max, d, w;
	long long	 ago;
	enum sme_err	 er;

	memset(g, 0, sizeof(*g));
	window = (long)config_num(cfg, "login_window_s");
	max = (long)config_num(cfg, "login_delay_max_s");
	if ((er = loginguard_count(db, SQL_USER, username, window,
	    &g->user_fails, &ago)) != SME_OK)
		return er;
	d = loginguard_delay(g->user_fails,
	    (long)config_num(cfg, "login_user_free"),
	    (long)config_num(cfg, "login_user_delay_s"), max);
	g->wait_s = loginguard_left(d, ago);
	if ((er = loginguard_count(db, SQL_IP, ip, window, &g->ip_fails,
	    &ago)) != SME_OK)
		return er;
	d = loginguard_delay(g->ip_fails,
	    (long)config_num(cfg, "login_ip_free"),
	    (long)config_num(cfg, "login_ip_delay_s"),
	    max);
	if ((w = loginguard_left(d, ago)) > g->wait_s)
		g->wait_s = w;
	return SME_OK;
}

enum sme_err
loginguard_take(struct db *db, const struct config *cfg,
    const char *username, const char *ip, struct loginguard *g,
    long long *attempt)
{
	struct db_res		*res;
	struct db_param		 u[] = { DB_STR(username) };
	struct db_param		 p[] = { DB_STR(ip), DB_STR(username) };
	unsigned long long	 row = 0;
	enum sme_err		 er, er2;
	int			 locked;

	*attempt = 0;
	memset(g, 0, sizeof(*g));
	if ((er = db_query(db, SQL_LOCK, u, 1, &res)) != SME_OK)
		return er;
	locked = res->nrows > 0 && db_res_int(res, 0, 0, 0) == 1;
	db_res_free(res);
	if (!locked) {
		g->wait_s = 1;	/* ten seconds of others' attempts: come back */
		return SME_OK;
	}
	if ((er = loginguard_check(db, cfg, username, ip, g)) == SME_OK &&
	    g->wait_s == 0 &&
	    (er = db_exec(db, SQL_FAIL, p, 2, NULL, &row)) == SME_OK)
		*attempt = (long long)row;
	if ((er2 = db_query(db, SQL_UNLOCK, u, 1, &res)) == SME_OK)
		db_res_free(res);
	return er != SME_OK ? er : er2;
}

enum sme_err
loginguard_fail(struct db *db, const struct config *cfg,
    const char *username, const char *ip, long long attempt, int *alert)
{
	struct db_param	 p[] = { DB_STR(ip), DB_STR(username) };
	long		 n;
	long long	 ago;
	enum sme_err	 er;

	*alert = 0;
	if (attempt == 0 &&
	    (er = db_exec(db, SQL_FAIL, p, 2, NULL, NULL)) != SME_OK)
		return er;
	if ((er = loginguard_count(db, SQL_USER, username,
	    (long)config_num(cfg, "login_window_s"), &n,
	    &ago)) != SME_OK)
		return er;
	*alert = n == config_num(cfg, "login_alert_after");
	return SME_OK;
}

enum sme_err
loginguard_clear(struct db *db, const char *username, long long attempt)
{
	struct db_param	 p[] = { DB_STR(username) };
	struct db_param	 q[] = { DB_INT(attempt) };
	enum sme_err	 er;

	if (attempt != 0 &&
	    (er = db_exec(db, SQL_FORGET, q, 1, NULL, NULL)) != SME_OK)
		return er;
	return db_exec(db, SQL_CLEAR, p, 1, NULL, NULL);
}

enum sme_err
loginguard_current(struct db *db, const struct config *cfg,
    const char *username, const char *ip, const char *pw, const char *stored,
    char *msg, size_t msgsz)
{
	struct loginguard	 g;
	long long		 attempt;
	enum sme_err		 er;
	int			 alert;

	*msg = '\0';
	if (pw == NULL || *pw == '\0') {
		snprintf(msg, msgsz, "请填写当前密码");	/* no guess */
		return SME_OK;
	}
	if ((er = loginguard_take(db, cfg, username, ip, &g, &attempt)) !=
	    SME_OK)
		return er;
	if (g.wait_s > 0) {
		snprintf(msg, msgsz, "密码错误次数较多，请%ld秒后再试。",
		    g.wait_s);
		return SME_OK;
	}
	if (password_verify(pw, stored))
		return loginguard_clear(db, username, attempt);
	snprintf(msg, msgsz, "当前密码不正确");
	return loginguard_fail(db, cfg, username, ip, attempt, &alert);
}
