/*
 * remind.c - the daily reminder SMS to late bureaus: which bureaus have
 * filings overdue or nearly (from filing_stat and review_deadline), the
 * once-a-day record (review_reminder), the messages and the audit row.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "deadline.h"
#include "log.h"
#include "remind.h"
#include "sms.h"

#define REMIND_SMS_MAX	50	/* reviewers of one bureau messaged at most */

/*
 * The bureau a filing waits at: its county, the county's city, or the
 * province, by the level (filing_stat.state) it waits at; with the counts
 * of its filings overdue (due before today) and due soon (today to the
 * limit).
 */
static const char SQL_LATE_BUREAUS[] =
    "SELECT b.code, b.name, t.level, t.overdue, t.soon FROM ("
    " SELECT CASE s.state WHEN 'county' THEN s.region_code"
    "  WHEN 'city' THEN r.parent_code ELSE '320000' END AS code,"
    "  s.state AS level, SUM(IF(d.due_on < ?, s.n, 0)) AS overdue,"
    "  SUM(IF(d.due_on >= ?, s.n, 0)) AS soon"
    " FROM filing_stat s JOIN review_deadline d ON d.kind = s.kind"
    "  AND d.year = s.year AND d.level = s.state"
    " JOIN region r ON r.code = s.region_code"
    " WHERE s.state IN ('county', 'city', 'province') AND s.n > 0 AND d.due_on <= ?"
    " GROUP BY 1, 2) t JOIN region b ON b.code = t.code"
    " WHERE t.overdue + t.soon > 0 ORDER BY b.code";
static const char SQL_REMINDER_CLAIM[] =
    "INSERT IGNORE INTO review_reminder (region_code, day, overdue, due_soon, sms, sent_at)"
    " VALUES (?, ?, ?, ?, 0, UTC_TIMESTAMP())";
static const char SQL_REMINDER_SMS[] =
    "UPDATE review_reminder SET sms = ? WHERE region_code = ? AND day = ?";
/* The bureau's reviewers: its region and its level's role, active, with a mobile. */
static const char SQL_REVIEWERS[] =
    "SELECT mobile FROM account WHERE region_code = ? AND role = ?"
    " AND status = 'active' AND mobile IS NOT NULL AND mobile <> ''"
    " ORDER BY id LIMIT 50";	/* REMIND_SMS_MAX */

/* One bureau to remind, read from SQL_LATE_BUREAUS. */
struct remind_bureau {
	const struct config	*cfg;
	const char		*code, *name, *level, *overdue, *soon;
	const char		*day;		/* "YYYY-MM-DD", Beijing */
	int			 claimed;	/* out: not reminded today before */
	int			 sms;		/* out: messages queued */
	int			 unreachable;	/* out: no reviewer with a mobile */
};

/* Record the bureau's reminder of the day, then message its reviewers. */
static enum sme_err
remind_tx(struct db *db, void *arg)
{
	struct remind_bureau	*b = arg;
	struct db_res		*res;
	unsigned long long	 n = 0;
	enum sme_err		 er;
	char			 days[8], oid[32], after[160], cnt[16];
	size_t			 i;

	b->claimed = 0;
	b->sms = 0;
	b->unreachable = 0;
	/*
	 * Nobody to message: the day is not recorded, so a run after a
	 * reviewer's mobile is set still reminds the bureau.
	 */
	struct db_param pr[] = { DB_STR(b->code), DB_STR(b->level) };
	if ((er = db_query(db, SQL_REVIEWERS, pr, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		b->unreachable = 1;
		return SME_OK;
	}
	struct db_param pc[] = { DB_STR(b->code), DB_STR(b->day),
	    DB_STR(b->overdue), DB_STR(b->soon) };
	if ((er = db_exec(db, SQL_REMINDER_CLAIM, pc, 4, &n, NULL)) != SME_OK) {
		db_res_free(res);
		return er;
	}
	if (n == 0) {
		db_res_free(res);
		return SME_OK;	/* reminded today already */
	}
	b->claimed = 1;
	snprintf(days, sizeof(days), "%d", DEADLINE_SOON_DAYS);
	const char *vars[] = { "region", b->name, "overdue", b->overdue,
	    "soon", b->soon, "days", days, NULL };
	for (i = 0; i < res->nrows && i < REMIND_SMS_MAX; i++) {
		if ((er = sms_send(db, b->cfg, db_res_get(res, i, 0), "review_due",
		    vars)) != SME_OK) {
			db_res_free(res);
			return er;
		}
		b->sms++;
	}
	db_res_free(res);
	snprintf(cnt, sizeof(cnt), "%d", b->sms);
	struct db_param ps[] = { DB_INT(b->sms), DB_STR(b->code), DB_STR(b->day) };
	if ((er = db_exec(db, SQL_REMINDER_SMS, ps, 3, NULL, NULL)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%s/%s", b->code, b->day);
	audit_json(after, sizeof(after), "overdue", b->overdue, "due_soon",
	    b->soon, "sms", cnt, NULL);
	return audit_log(db, 0, NULL, "remind_reviewers", "review_reminder", oid,
	    NULL, after);
}

enum sme_err
remind_reviewers(struct db *db, const struct config *cfg, time_t now,
    struct remind_result *out)
{
	struct remind_bureau	 b;
	struct db_res		*res;
	enum sme_err		 er;
	char			 today[DEADLINE_DATE_SZ], limit[DEADLINE_DATE_SZ];
	long			 day = deadline_day_of(now);
	size_t			 i;

	memset(out, 0, sizeof(*out));
	deadline_format(day, today, sizeof(today));
	deadline_format(day + DEADLINE_SOON_DAYS, limit, sizeof(limit));
	struct db_param p[] = { DB_STR(today), DB_STR(today), DB_STR(limit) };
	if ((er = db_query(db, SQL_LATE_BUREAUS, p, 3, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		memset(&b, 0, sizeof(b));
		b.cfg = cfg;
		b.code = db_res_get(res, i, 0);
		b.name = db_res_get(res, i, 1);
		b.level = db_res_get(res, i, 2);
		b.overdue = db_res_get(res, i, 3);
		b.soon = db_res_get(res, i, 4);
		b.day = today;
		out->bureaus++;
		if ((er = db_tx_run(db, remind_tx, &b)) != SME_OK) {
			log_err("remind: bureau %s: %s", b.code, sme_strerror(er));
			break;
		}
		if (b.unreachable) {
			out->unreachable++;
			log_warn("remind: bureau %s (%s) has %s filings overdue and"
			    " %s due soon, but no active %s reviewer with a mobile:"
			    " nobody reminded", b.code, b.name, b.overdue, b.soon,
			    b.level);
		}
		if (!b.claimed)
			continue;
		out->reminded++;
		out->sms += b.sms;
		log_info("remind: bureau %s (%s) on %s: %s overdue, %s due within"
		    " %d days, %d SMS queued", b.code, b.name, today, b.overdue,
		    b.soon, DEADLINE_SOON_DAYS, b.sms);
	}
	db_res_free(res);
	return er;
}
