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
 * Fill g for username from address ip under the limits of cfg (defaults:
 * window login_window_s 3600; per username login_user_free 5 failures
 * free, then login_user_delay_s 2 doubling up to login_delay_max_s 300;
 * per address login_ip_free 20, then login_ip_delay_s 15 doubling up to
 * the same maximum). Failures cleared by a later login do not count
 * against the username. The delay is never a lock: once it has passed,
 * the right password gets in, and a login SMS code gets in at once.
 */
enum sme_err	 loginguard_check(struct db *db, const struct config *cfg,
		    const char *username, const char *ip, struct loginguard *g);

/*
 * Record a failed attempt on username from ip. *alert is 1 when this
 * failure brings the username's failures to login_alert_after (default
 * 10): the caller tells the owner by SMS.
 */
enum sme_err	 loginguard_fail(struct db *db, const struct config *cfg,
		    const char *username, const char *ip, int *alert);

/* A login of username succeeded: its failures no longer count against it. */
enum sme_err	 loginguard_clear(struct db *db, const char *username);

#endif
