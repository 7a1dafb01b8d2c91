/*
 * outbox.c - claim and settle sms_outbox rows for sme-smsd. Every update
 * after the claim names the claimer (claimed_by = ?), so a dispatcher
 * whose claim ran out and was taken over changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "outbox.h"

/*
 * READ COMMITTED for the claim: SKIP LOCKED then passes over rows other
 * dispatchers hold, and no gap locks hold up the handlers' inserts.
 */
/* handed_at set after the claim ran out: in doubt (see outbox.h). */
static const char SQL_CLAIM_SELECT[] =
    "SELECT id, to_mobile, text, attempts + 1, give_up_at < UTC_TIMESTAMP(3),"
    " handed_at IS NOT NULL, resends, dlr_status IS NOT NULL, text_sealed,"
    " TIMESTAMPDIFF(MICROSECOND, handed_at, UTC_TIMESTAMP(3)) DIV 1000"
    " FROM sms_outbox"
    " WHERE (status = 'queued' AND due_at <= UTC_TIMESTAMP(3))"
    " OR (status = 'sending' AND claimed_until < UTC_TIMESTAMP(3))"
    " ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
/* Its columns. */
enum { CL_ID, CL_TO, CL_TEXT, CL_ATTEMPTS, CL_EXPIRED, CL_IN_DOUBT, CL_RESENDS,
	CL_REPORTED, CL_SEALED, CL_HANDED_AGO_MS };
static const char SQL_CLAIM_MARK[] =
    "UPDATE sms_outbox SET status = 'sending', claimed_by = ?,"
    " claimed_until = UTC_TIMESTAMP(3) + INTERVAL ? SECOND,"
    " attempts = attempts + 1 WHERE id = ?";
/* By primary key, one row at a time: no lock order to deadlock on. */
static const char SQL_RENEW[] =
    "UPDATE sms_outbox SET claimed_until = GREATEST(claimed_until,"
    " UTC_TIMESTAMP(3) + INTERVAL ? SECOND)"
    " WHERE id = ? AND claimed_by = ? AND status = 'sending'"
    " AND claimed_until > UTC_TIMESTAMP(3)";
static const char SQL_HAND[] =
    "UPDATE sms_outbox SET handed_at = UTC_TIMESTAMP(3), resends = resends + ?"
    " WHERE id = ? AND claimed_by = ? AND status = 'sending'"
    " AND claimed_until > UTC_TIMESTAMP(3)";
/* A delivery report may have come first: keep its state then. */
static const char SQL_SENT[] =
    "UPDATE sms_outbox SET"
    " status = IF(status = 'sending', 'sent', status),"
    " gateway = ?, gateway_id = ?, sent_at = UTC_TIMESTAMP(3),"
    " last_error = NULL, claimed_by = NULL, claimed_until = NULL,"
    " handed_at = NULL, text_sealed = NULL"
    " WHERE id = ? AND claimed_by = ?"
    " AND status IN ('sending', 'delivered', 'undelivered')";
static const char SQL_SETTLE[] =
    "UPDATE sms_outbox SET"
    " status = IF(status = 'sending', 'sent', status),"
    " sent_at = COALESCE(sent_at, handed_at),"
    " last_error = 'in doubt after a dispatcher stopped mid-send; its"
    " delivery report shows the gateway has it: not sent again',"
    " claimed_by = NULL, claimed_until = NULL, handed_at = NULL,"
    " text_sealed = NULL"
    " WHERE id = ? AND claimed_by = ?"
    " AND status IN ('sending', 'delivered', 'undelivered')";
/* MySQL assigns left to right: last_error reads give_up_at, not status. */
static const char SQL_RETRY[] =
    "UPDATE sms_outbox SET"
    " last_error = IF(UTC_TIMESTAMP(3) + INTERVAL ? SECOND > give_up_at,"
    "  LEFT(CONCAT('gave up after ', attempts, ' attempts: ', ?), 500),"
    "  LEFT(?, 500)),"
    " status = IF(UTC_TIMESTAMP(3) + INTERVAL ? SECOND > give_up_at,"
    "  'failed', 'queued'),"
    " text_sealed = IF(status = 'failed', NULL, text_sealed),"
    " due_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND,"
    " claimed_by = NULL, claimed_until = NULL, handed_at = NULL"
    " WHERE id = ? AND claimed_by = ? AND status = 'sending'";
static const char SQL_RETRY_STATUS[] =
    "SELECT status = 'failed' FROM sms_outbox WHERE id = ?";
static const char SQL_FAIL[] =
    "UPDATE sms_outbox SET status = 'failed', last_error = LEFT(?, 500),"
    " claimed_by = NULL, claimed_until = NULL, handed_at = NULL,"
    " text_sealed = NULL"
    " WHERE id = ? AND claimed_by = ? AND status = 'sending'";
/*
 * A message never handed over goes back as if untouched; one in doubt
 * stays in doubt, its claim run out, for the next dispatcher to decide.
 */
static const char SQL_RELEASE[] =
    "UPDATE sms_outbox SET status = IF(handed_at IS NULL, 'queued', status),"
    " attempts = attempts - 1,"
    " claimed_until = IF(handed_at IS NULL, NULL,"
    "  UTC_TIMESTAMP(3) - INTERVAL 1 SECOND),"
    " claimed_by = IF(handed_at IS NULL, NULL, claimed_by)"
    " WHERE id = ? AND claimed_by = ? AND status = 'sending'"
    " AND attempts > 0";
static const char SQL_WAIT[] =
    "UPDATE sms_outbox SET status = 'queued', attempts = attempts - 1,"
    " due_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND,"
    " claimed_by = NULL, claimed_until = NULL"
    " WHERE id = ? AND claimed_by = ? AND status = 'sending'"
    " AND attempts > 0 AND handed_at IS NOT NULL";
static const char SQL_CLAIMERS[] =
    "SELECT DISTINCT claimed_by FROM sms_outbox WHERE status = 'sending'"
    " AND claimed_by LIKE CONCAT(?, ':%') AND claimed_until > UTC_TIMESTAMP(3)";
static const char SQL_EXPIRE[] =
    "UPDATE sms_outbox SET claimed_until = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND"
    " WHERE claimed_by = ? AND status = 'sending'";
static const char SQL_PURGE_SEALED[] =
    "UPDATE sms_outbox SET text_sealed = NULL WHERE text_sealed IS NOT NULL"
    " AND status <> 'sending' AND give_up_at < UTC_TIMESTAMP() - INTERVAL 1 DAY";
static const char SQL_PURGE_OLD[] =
    "DELETE FROM sms_outbox WHERE created_at < UTC_TIMESTAMP() - INTERVAL ? DAY"
    " AND status IN ('sent', 'delivered', 'undelivered', 'failed')";

#define OUTBOX_TRIES	5	/* a statement that lost a deadlock, again */

/*
 * db_exec, tried again when the database refused it: an update of one
 * row by its key that lost a deadlock (1213) or a lock wait (1205) to a
 * claim is rolled back alone and may simply run again.
 */
static enum sme_err
outbox_exec(struct db *db, const char *sql, const struct db_param *p,
    size_t np, unsigned long long *n)
{
	enum sme_err	 er;
	int		 i;

	for (i = 0; i < OUTBOX_TRIES; i++) {
		if ((er = db_exec(db, sql, p, np, n, NULL)) != SME_EDB)
			break;
		usleep(20000 * (i + 1));
	}
	return er;
}

void
outbox_msg_clear(struct outbox_msg *m)
{
	free(m->text);
	m->text = NULL;
	if (m->sealed != NULL)
		free(m->sealed);
	m->sealed = NULL;
	m->sealedsz = 0;
}

void
outbox_batch_free(struct outbox_batch *b)
{
	size_t	 i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		outbox_msg_clear(&b->v[i]);
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

/* Copy the rows of res into b; SME_ENOMEM leaves b empty. */
static enum sme_err
outbox_batch_fill(const struct db_res *res, struct outbox_batch *b)
{
	size_t	 i;

	if (res->nrows == 0)
		return SME_OK;
	if ((b->v = calloc(res->nrows, sizeof(*b->v))) == NULL)
		return SME_ENOMEM;
	for (i = 0; i < res->nrows; i++) {
		b->v[i].id = db_res_int(res, i, CL_ID, 0);
		snprintf(b->v[i].to, sizeof(b->v[i].to), "%s",
		    db_res_get(res, i, CL_TO) ? db_res_get(res, i, CL_TO) : "");
		b->v[i].attempts = db_res_int(res, i, CL_ATTEMPTS, 1);
		b->v[i].expired = db_res_int(res, i, CL_EXPIRED, 0) != 0;
		b->v[i].in_doubt = db_res_int(res, i, CL_IN_DOUBT, 0) != 0;
		b->v[i].resends = (int)db_res_int(res, i, CL_RESENDS, 0);
		b->v[i].reported = db_res_int(res, i, CL_REPORTED, 0) != 0;
		b->v[i].handed_ago_ms = db_res_int(res, i, CL_HANDED_AGO_MS, 0);
		b->n = i + 1;
		if ((b->v[i].text = strdup(db_res_get(res, i, CL_TEXT) ?
		    db_res_get(res, i, CL_TEXT) : "")) == NULL) {
			outbox_batch_free(b);
			return SME_ENOMEM;
		}
		if (db_res_get(res, i, CL_SEALED) == NULL)
			continue;
		b->v[i].sealedsz = res->lens[i * res->ncols + CL_SEALED];
		if ((b->v[i].sealed = malloc(b->v[i].sealedsz + 1)) == NULL) {
			outbox_batch_free(b);
			return SME_ENOMEM;
		}
		memcpy(b->v[i].sealed, db_res_get(res, i, CL_SEALED), b->v[i].sealedsz);
	}
	return SME_OK;
}

struct outbox_claim_args {
	const char		*me;
	size_t			 max;
	long			 claim_s;
	struct outbox_batch	*out;
};

static enum sme_err
outbox_claim_tx(struct db *db, void *arg)
{
	struct outbox_claim_args *a = arg;
	struct db_res	*res = NULL;
	struct db_param	 lim[] = { DB_INT(a->max) };
	enum sme_err	 er;
	size_t		 i;

	outbox_batch_free(a->out);	/* a run before this one's */
	if ((er = db_query(db, SQL_CLAIM_SELECT, lim, 1, &res)) != SME_OK)
		return er;
	er = outbox_batch_fill(res, a->out);
	db_res_free(res);
	for (i = 0; er == SME_OK && i < a->out->n; i++) {
		struct db_param p[] = { DB_STR(a->me), DB_INT(a->claim_s),
		    DB_INT(a->out->v[i].id) };

		er = db_exec(db, SQL_CLAIM_MARK, p, 3, NULL, NULL);
	}
	return er;
}

/*
 * One transaction at READ COMMITTED (db_tx_run), run again after a
 * deadlock: dispatchers claiming at once can deadlock on the status
 * index even though SKIP LOCKED keeps them off each other's rows.
 */
enum sme_err
outbox_claim(struct db *db, const char *me, size_t max, long claim_s,
    struct outbox_batch *out)
{
	struct outbox_claim_args a = { me, max, claim_s, out };
	enum sme_err	 er;

	out->v = NULL;
	out->n = 0;
	if ((er = db_tx_run(db, outbox_claim_tx, &a)) != SME_OK)
		outbox_batch_free(out);
	return er;
}

enum sme_err
outbox_renew(struct db *db, const char *me, long long id, long claim_s,
    int *held)
{
	struct db_param	 p[] = { DB_INT(claim_s), DB_INT(id), DB_STR(me) };
	unsigned long long n = 0;
	enum sme_err	 er;

	er = outbox_exec(db, SQL_RENEW, p, 3, &n);
	if (held != NULL)
		*held = er == SME_OK && n == 1;
	return er;
}

enum sme_err
outbox_hand(struct db *db, const char *me, long long id, int resend,
    int *held)
{
	struct db_param	 p[] = { DB_INT(resend ? 1 : 0), DB_INT(id),
	    DB_STR(me) };
	unsigned long long n = 0;
	enum sme_err	 er;

	er = outbox_exec(db, SQL_HAND, p, 3, &n);
	*held = er == SME_OK && n == 1;
	return er;
}

enum sme_err
outbox_settle(struct db *db, const char *me, long long id)
{
	struct db_param	 p[] = { DB_INT(id), DB_STR(me) };

	return outbox_exec(db, SQL_SETTLE, p, 2, NULL);
}

enum sme_err
outbox_wait(struct db *db, const char *me, long long id, long wait_s)
{
	struct db_param	 p[] = { DB_INT(wait_s), DB_INT(id), DB_STR(me) };

	return outbox_exec(db, SQL_WAIT, p, 3, NULL);
}

enum sme_err
outbox_claimers(struct db *db, const char *host, char ***out)
{
	struct db_param	 p[] = { DB_STR(host) };
	struct db_res	*res;
	enum sme_err	 er;
	size_t		 i;

	*out = NULL;
	if ((er = db_query(db, SQL_CLAIMERS, p, 1, &res)) != SME_OK)
		return er;
	if ((*out = calloc(res->nrows + 1, sizeof(**out))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	for (i = 0; i < res->nrows; i++)
		if (((*out)[i] = strdup(db_res_get(res, i, 0) ?
		    db_res_get(res, i, 0) : "")) == NULL) {
			while (i-- > 0)
				free((*out)[i]);
			free(*out);
			*out = NULL;
			db_res_free(res);
			return SME_ENOMEM;
		}
	db_res_free(res);
	return SME_OK;
}

enum sme_err
outbox_expire(struct db *db, const char *who, unsigned long long *n)
{
	struct db_param	 p[] = { DB_STR(who) };

	return db_exec(db, SQL_EXPIRE, p, 1, n, NULL);
}

enum sme_err
outbox_purge(struct db *db, long keep_days, unsigned long long *sealed,
    unsigned long long *deleted)
{
	struct db_param	 p[] = { DB_INT(keep_days) };
	enum sme_err	 er;

	*sealed = *deleted = 0;
	if ((er = db_exec(db, SQL_PURGE_SEALED, NULL, 0, sealed, NULL)) !=
	    SME_OK)
		return er;
	return db_exec(db, SQL_PURGE_OLD, p, 1, deleted, NULL);
}

enum sme_err
outbox_sent(struct db *db, const char *me, long long id, const char *gateway,
    const char *gwid, int *recorded)
{
	struct db_param	 p[] = { DB_STR(gateway), DB_OPT(gwid), DB_INT(id),
	    DB_STR(me) };
	unsigned long long n = 0;
	enum sme_err	 er;

	er = outbox_exec(db, SQL_SENT, p, 4, &n);
	if (recorded != NULL)
		*recorded = er == SME_OK && n > 0;
	return er;
}

enum sme_err
outbox_retry(struct db *db, const char *me, long long id, long delay_s,
    const char *error, int *failed)
{
	struct db_param	 p[] = { DB_INT(delay_s), DB_STR(error), DB_STR(error),
	    DB_INT(delay_s), DB_INT(delay_s), DB_INT(id), DB_STR(me) };
	struct db_param	 q[] = { DB_INT(id) };
	struct db_res	*res;
	enum sme_err	 er;

	if (failed != NULL)
		*failed = 0;
	if ((er = outbox_exec(db, SQL_RETRY, p, 7, NULL)) != SME_OK)
		return er;
	if (failed == NULL)
		return SME_OK;
	if ((er = db_query(db, SQL_RETRY_STATUS, q, 1, &res)) != SME_OK)
		return er;
	*failed = db_res_int(res, 0, 0, 0) == 1;
	db_res_free(res);
	return SME_OK;
}

enum sme_err
outbox_fail(struct db *db, const char *me, long long id, const char *reason)
{
	struct db_param	 p[] = { DB_STR(reason), DB_INT(id), DB_STR(me) };

	return outbox_exec(db, SQL_FAIL, p, 3, NULL);
}

enum sme_err
outbox_release(struct db *db, const char *me, long long id)
{
	struct db_param	 p[] = { DB_INT(id), DB_STR(me) };

	return outbox_exec(db, SQL_RELEASE, p, 2, NULL);
}

long
outbox_backoff(long min_s, long max_s, long long attempts)
{
	long	 d = min_s > 0 ? min_s : 1;
	long long i;

	for (i = 1; i < attempts && d < max_s; i++)
		d *= 2;
	return d < max_s ? d : max_s;
}
