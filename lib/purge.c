/*
 * purge.c - deleting the rows of short-lived tables once past their use.
 */
#include "db.h"
#include "purge.h"

static const char SQL_PURGE_SESSIONS[] =
    "DELETE FROM session WHERE expires_at < UTC_TIMESTAMP() - INTERVAL 30 DAY";
static const char SQL_PURGE_FAILURES[] =
    "DELETE FROM login_failure WHERE at < UTC_TIMESTAMP() - INTERVAL 1 DAY";
/* SMS limits count a day back at most (lib/smslimit.c); codes live minutes. */
static const char SQL_PURGE_SMS_REQUESTS[] =
    "DELETE FROM sms_request WHERE at < UTC_TIMESTAMP() - INTERVAL 2 DAY";
static const char SQL_PURGE_SMS_CODES[] =
    "DELETE FROM sms_code WHERE expires_at < UTC_TIMESTAMP() - INTERVAL 1 DAY";
static const char SQL_PURGE_SMS_LIMITS[] =
    "DELETE FROM sms_limit WHERE touched_at < UTC_TIMESTAMP() - INTERVAL 2 DAY";
/* Registrations checked per address count an hour back (lib/reglimit.c). */
static const char SQL_PURGE_REGISTER_ATTEMPTS[] =
    "DELETE FROM register_attempt WHERE at < UTC_TIMESTAMP() - INTERVAL 1 DAY";

static const char *const purge_sql[PURGE__MAX] = {
	SQL_PURGE_SESSIONS, SQL_PURGE_FAILURES, SQL_PURGE_SMS_REQUESTS,
	SQL_PURGE_SMS_CODES, SQL_PURGE_SMS_LIMITS, SQL_PURGE_REGISTER_ATTEMPTS
};

enum sme_err
purge_expired(struct db *db, enum purge_what what, unsigned long long *n)
{
	*n = 0;
	if ((unsigned)what >= PURGE__MAX)
		return SME_EINPUT;
	return db_exec(db, purge_sql[what], NULL, 0, n, NULL);
}
