/*
 * purge.h - the daily purge (sme-admin purge) of rows past their use:
 * expired sessions, old login failures, SMS requests, codes and limit
 * keys, registration attempts.
 */
#ifndef PURGE_H
#define PURGE_H

#include "sme.h"

struct db;

enum purge_what {
	PURGE_SESSIONS,			/* expired 30 days ago */
	PURGE_LOGIN_FAILURES,		/* older than a day */
	PURGE_SMS_REQUESTS,		/* older than two days */
	PURGE_SMS_CODES,		/* expired a day ago */
	PURGE_SMS_LIMITS,		/* untouched for two days */
	PURGE_REGISTER_ATTEMPTS,	/* older than a day */
	PURGE__MAX
};

/* Delete the rows of what past their use; *n gets how many. */
enum sme_err	 purge_expired(struct db *db, enum purge_what what,
		    unsigned long long *n);

#endif
