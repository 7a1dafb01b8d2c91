/*
 * reglimit.c - registrations checked per address: the newest attempt that
 * with max - 1 newer ones fills the hour says how long to wait.
 */
#include "config.h"
#include "db.h"
#include "reglimit.h"

#define REGLIMIT_WINDOW_S	3600

static const char SQL_FULL[] =
    "SELECT CEIL(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3),"
    " at + INTERVAL ? SECOND) / 1000000) FROM register_attempt"
    " WHERE ip = ? AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
    " ORDER BY at DESC LIMIT 1 OFFSET ?";
static const char SQL_RECORD[] =
    "INSERT INTO register_attempt (ip, at) VALUES (?, UTC_TIMESTAMP(3))";

enum sme_err
reglimit_take(struct db *db, const struct config *cfg, const char *ip,
    long *retry)
{
	struct db_res	*res;
	long long	 max = config_num(cfg, "register_ip_hour_max");
	enum sme_err	 er;

	*retry = 0;
	if (max <= 0)
		return SME_OK;
	struct db_param p[] = { DB_INT(REGLIMIT_WINDOW_S), DB_STR(ip),
	    DB_INT(REGLIMIT_WINDOW_S), DB_INT(max - 1) };
	if ((er = db_query(db, SQL_FULL, p, 4, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		*retry = (long)db_res_int(res, 0, 0, 1);
		if (*retry < 1)
			*retry = 1;
	}
	db_res_free(res);
	if (*retry > 0)
		return SME_OK;
	struct db_param q[] = { DB_STR(ip) };
	return db_exec(db, SQL_RECORD, q, 1, NULL, NULL);
}
