/*
 * outbox.h - the dispatcher's side of sms_outbox (the handlers' side is
 * sms.h): claim due messages, keep or give up a claim, record each send
 * as sent, retried with backoff, or failed. A claim is the row's
 * claimed_by (host:pid) until claimed_until, so several dispatchers on
 * several hosts never send one message twice.
 */
#ifndef OUTBOX_H
#define OUTBOX_H

#include <stddef.h>
#include "sme.h"

struct db;

/* One claimed message. */
struct outbox_msg {
	long long	 id;
	char		 to[16];	/* mobile number */
	char		*text;		/* UTF-8, owned by the batch */
	long long	 attempts;	/* this one included */
	int		 expired;	/* give_up_at has passed */
};

struct outbox_batch {
	struct outbox_msg *v;
	size_t		   n;
};

/*
 * In one transaction, take up to max rows that are queued and due, or
 * whose claim has run out (a dispatcher died), skipping rows another
 * dispatcher has locked; mark them sending, claimed by me until claim_s
 * from now, and count the attempt. On SME_OK the caller frees out with
 * outbox_batch_free() (it may hold no message); on failure out is empty
 * and nothing changed.
 */
enum sme_err	 outbox_claim(struct db *db, const char *me, size_t max,
		    long claim_s, struct outbox_batch *out);

void		 outbox_batch_free(struct outbox_batch *b);

/*
 * Before sending message id: if my claim on it has not run out, extend
 * it to hold_s from now (enough for the send to end) and set *held;
 * otherwise *held is 0 and the message must not be sent.
 */
enum sme_err	 outbox_hold(struct db *db, const char *me, long long id,
		    long hold_s, int *held);

/*
 * Record that gateway took message id (gwid may be "" or NULL): status
 * sent (unless a delivery report already came), sent_at, the claim
 * cleared. *recorded (may be NULL) is 0 if the row was not mine.
 */
enum sme_err	 outbox_sent(struct db *db, const char *me, long long id,
		    const char *gateway, const char *gwid, int *recorded);

/*
 * Record a failed attempt: queue the message again delay_s from now with
 * error as last_error, or, if that is past its give_up_at, mark it failed
 * ("gave up after N attempts: error"). *failed (may be NULL) is 1 if it
 * was given up.
 */
enum sme_err	 outbox_retry(struct db *db, const char *me, long long id,
		    long delay_s, const char *error, int *failed);

/* Mark message id failed for good, with reason as last_error. */
enum sme_err	 outbox_fail(struct db *db, const char *me, long long id,
		    const char *reason);

/* Give a claimed, unsent message back (queued, due now, attempt uncounted). */
enum sme_err	 outbox_release(struct db *db, const char *me, long long id);

/*
 * The delay before attempt attempts + 1: min_s doubled for each attempt
 * after the first, at most max_s.
 */
long		 outbox_backoff(long min_s, long max_s, long long attempts);

#endif
