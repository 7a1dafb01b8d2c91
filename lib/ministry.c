/*
 * ministry.c - the Ministry's yearly update: reminders to national 小巨人
 * enterprises on the configured days (once per enterprise, day and year,
 * through the outbox). The workbook is ministry_export.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "ministry.h"
#include "sms.h"

/* Enterprises holding a national 小巨人 title valid on a day; bind the day. */
static const char SQL_HOLDERS[] =
    "SELECT DISTINCT e.id, e.name FROM title t JOIN enterprise e ON e.id = t.enterprise_id"
    " WHERE t.level = 'national' AND t.kind IN ('giant-mfg', 'giant-innov')"
    " AND CAST(? AS DATE) BETWEEN t.granted_on AND t.valid_until ORDER BY e.id";
static const char SQL_CLAIM[] =
    "INSERT IGNORE INTO ministry_reminder (enterprise_id, year, remind_on, sent_at)"
    " VALUES (?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_SMS_ID[] =
    "UPDATE ministry_reminder SET sms_id = LAST_INSERT_ID()"
    " WHERE enterprise_id = ? AND year = ? AND remind_on = ?";

/* ---- reminders ----------------------------------------------------------- */

struct remind_one {
	const struct config	*cfg;
	long long		 ent;
	const char		*name;
	int			 year;
	const char		*mmdd;
	int			 sent;	/* out */
};

/* Claim the enterprise's reminder of the day and year, then queue the SMS. */
static enum sme_err
remind_tx(struct db *db, void *arg)
{
	struct remind_one	*a = arg;
	unsigned long long	 n = 0;
	char			 mobile[16] = "", ybuf[8];
	enum sme_err		 er;

	a->sent = 0;
	struct db_param p[] = { DB_INT(a->ent), DB_INT(a->year), DB_STR(a->mmdd) };
	if ((er = db_exec(db, SQL_CLAIM, p, 3, &n, NULL)) != SME_OK || n == 0)
		return er;
	if ((er = account_enterprise_mobile(db, a->ent, mobile, sizeof(mobile))) != SME_OK)
		return er;
	if (mobile[0] == '\0')
		return SME_OK;	/* recorded: nobody to text this year */
	snprintf(ybuf, sizeof(ybuf), "%d", a->year);
	const char *vars[] = { "name", a->name, "year", ybuf, NULL };
	if ((er = sms_send(db, a->cfg, mobile, "ministry_update", vars)) != SME_OK ||
	    (er = db_exec(db, SQL_SMS_ID, p, 3, NULL, NULL)) != SME_OK)
		return er;
	a->sent = 1;
	return SME_OK;
}

enum sme_err
ministry_remind(struct db *db, const struct config *cfg, const char *day,
    struct ministry_remind_stats *out)
{
	const char	*open = config_str(cfg, "ministry_remind_open", "03-01");
	const char	*close = config_str(cfg, "ministry_remind_close", "04-15");
	struct db_res	*res;
	struct remind_one a;
	size_t		 i;
	enum sme_err	 er;

	memset(out, 0, sizeof(*out));
	if (day == NULL || strlen(day) != 10)
		return SME_EINPUT;
	if (strcmp(day + 5, open) != 0 && strcmp(day + 5, close) != 0)
		return SME_OK;
	out->due = 1;
	struct db_param p[] = { DB_STR(day) };
	if ((er = db_query(db, SQL_HOLDERS, p, 1, &res)) != SME_OK)
		return er;
	memset(&a, 0, sizeof(a));
	a.cfg = cfg;
	a.year = atoi(day);
	a.mmdd = day + 5;
	for (i = 0; i < res->nrows; i++) {
		a.ent = db_res_int(res, i, 0, 0);
		a.name = db_res_get(res, i, 1);
		if ((er = db_tx_run(db, remind_tx, &a)) != SME_OK)
			break;
		if (a.sent)
			out->sent++;
		else
			out->skipped++;
	}
	db_res_free(res);
	if (er == SME_OK)
		log_info("ministry reminders %s: %llu queued, %llu skipped", day,
		    out->sent, out->skipped);
	return er;
}

