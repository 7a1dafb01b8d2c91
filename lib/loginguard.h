/*
 * loginguard.h - what slows password guessing without locking anyone out:
 * failed logins counted per username and per client address in a window
 * (login_failure), a delay before the next attempt that grows with each
 * failure, an SMS code that proves the owner (and lets them past every
 * delay), and a notice to the owner's mobile when failures pile up.
 * Everything is keyed by the username as typed, whether or not such an
 * account exists, so no answer tells a known username from an unknown one.
 */
#ifndef LOGINGUARD_H
#define LOGINGUARD_H

#include "sme.h"

struct config;
struct db;

/* The state of one login attempt before its password is checked. */
struct loginguard {
	long	 user_fails;	/* failures of the username in the window */
	long	 ip_fails;	/* failures from the address in the window */
	long	 wait_s;	/* seconds before an attempt is looked at; 0: now */
};

/*
 * Fill g for an attempt on username from address ip under the limits of
 * cfg (defaults: window login_window_s 3600; per username login_user_free
 * 5 failures free, then login_user_delay_s 2 doubling up to
 * login_delay_max_s 300; per address login_ip_free 20, then
 * login_ip_delay_s 15 doubling up to the same maximum). Failures cleared
 * by a later login do not count against the username. The delay is never
 * a lock: once it has passed, the right password gets in, and a login
 * SMS code gets in at once. When the attempt may go on (g->wait_s 0) it
 * is recorded as a failure at once, *attempt its row, under a lock of the
 * username (the database's GET_LOCK), so that attempts in parallel each
 * see the others and cannot share one delay; else *attempt is 0.
 */
enum sme_err	 loginguard_take(struct db *db, const struct config *cfg,
		    const char *username, const char *ip, struct loginguard *g,
		    long long *attempt);

/*
 * A failed attempt on username from ip: recorded unless attempt (from
 * loginguard_take) already is. *alert is 1 when it brings the username's
 * failures to login_alert_after (default 10): the caller tells the owner
 * by SMS.
 */
enum sme_err	 loginguard_fail(struct db *db, const struct config *cfg,
		    const char *username, const char *ip, long long attempt,
		    int *alert);

/*
 * The right password of username (a login, or a reset): attempt (if not 0)
 * was no failure, and the name's failures no longer count against it.
 */
enum sme_err	 loginguard_clear(struct db *db, const char *username,
		    long long attempt);

/*
 * The current password pw of a signed-in username, asked again before a
 * change of password or mobile, under the limits of a login: it counts
 * as one, so a stolen session cannot guess it faster than the login page
 * could. msg gets "" when pw matches stored, else what to say beside
 * the field (empty, wrong, or the wait before another try).
 */
enum sme_err	 loginguard_current(struct db *db, const struct config *cfg,
		    const char *username, const char *ip, const char *pw,
		    const char *stored, char *msg, size_t msgsz);

#endif
