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
	char		*text;		/* UTF-8, owned by the batch (a code masked) */
	unsigned char	*sealed;	/* the whole text sealed (sms_seal), or NULL */
	size_t		 sealedsz;
	long long	 attempts;	/* this one included */
	int		 expired;	/* give_up_at has passed */
	int		 in_doubt;	/* a dispatcher was handing it over and died */
	int		 resends;	/* in-doubt resends so far */
	int		 reported;	/* a delivery report came for it */
	long long	 handed_ago_ms;	/* in doubt: since it was handed over */
};

struct outbox_batch {
	struct outbox_msg *v;
	size_t		   n;
};

/*
 * In one transaction (run again after a deadlock), take up to max rows
 * that are queued and due, or whose claim has run out (a dispatcher
 * died), skipping rows another dispatcher has locked; mark them sending,
 * claimed by me until claim_s from now, and count the attempt. On SME_OK the caller frees out with
 * outbox_batch_free() (it may hold no message); on failure out is empty
 * and nothing changed.
 */
enum sme_err	 outbox_claim(struct db *db, const char *me, size_t max,
		    long claim_s, struct outbox_batch *out);

void		 outbox_batch_free(struct outbox_batch *b);

/* Free one message's strings (what outbox_batch_free does for each). */
void		 outbox_msg_clear(struct outbox_msg *m);

/*
 * Extend my claim on message id, if it has not run out, to claim_s from
 * now (the dispatcher's heartbeat for each message it works); *held (may
 * be NULL) is 0 if the claim was lost.
 */
enum sme_err	 outbox_renew(struct db *db, const char *me, long long id,
		    long claim_s, int *held);

/*
 * Before handing message id to the gateway, in a commit of its own: set
 * handed_at (the message is in doubt until the outcome is recorded) and,
 * for a resend of a message in doubt, count it. *held is 0 if my claim
 * ran out or was taken: the message must not be sent then.
 */
enum sme_err	 outbox_hand(struct db *db, const char *me, long long id,
		    int resend, int *held);

/*
 * A message in doubt whose delivery report shows the gateway has it:
 * record it sent without sending it again.
 */
enum sme_err	 outbox_settle(struct db *db, const char *me, long long id);

/*
 * A message in doubt whose gateway may still report it: give it back
 * (queued, still in doubt, attempt uncounted) until wait_s from now.
 */
enum sme_err	 outbox_wait(struct db *db, const char *me, long long id,
		    long wait_s);

/*
 * The claimers (claimed_by values) on host that hold live claims, for
 * the caller to end those of dead processes with outbox_expire(). On
 * SME_OK *out is a NULL-ended array the caller frees with free().
 */
enum sme_err	 outbox_claimers(struct db *db, const char *host, char ***out);

/* End the claims of claimer who (a dead process): due to others now. */
enum sme_err	 outbox_expire(struct db *db, const char *who,
		    unsigned long long *n);

/*
 * The daily purge: drop the sealed text of messages past their
 * give_up_at by a day (never sent), and delete rows older than keep_days
 * that are settled (sent, delivered, undelivered, failed).
 */
enum sme_err	 outbox_purge(struct db *db, long keep_days,
		    unsigned long long *sealed, unsigned long long *deleted);

/*
 * Record that gateway took message id (gwid may be "" or NULL): status
 * sent (unless a delivery report already came), sent_at, the claim and
 * the sealed text cleared. *recorded (may be NULL) is 0 if the row was
 * not mine.
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

/*
 * Give a claimed, unsent message back (queued, due now, attempt
 * uncounted); one in doubt stays in doubt with its claim run out.
 */
enum sme_err	 outbox_release(struct db *db, const char *me, long long id);

/*
 * The delay before attempt attempts + 1: min_s doubled for each attempt
 * after the first, at most max_s.
 */
long		 outbox_backoff(long min_s, long max_s, long long attempts);

#endif
