/*
 * smslimit.h - how often SMS may be asked for (codes, usernames): per
 * mobile, per client address and per account named, in sliding windows
 * counted in the database, so the limits hold across workers and hosts.
 */
#ifndef SMSLIMIT_H
#define SMSLIMIT_H

#include "sme.h"

struct config;
struct db;

/* What was asked for: the kinds of sms_request. */
enum smslimit_kind {
	SMSLIMIT_REGISTER_CODE,	/* POST /register/sms */
	SMSLIMIT_RESET_CODE,	/* POST /recover/password/sms */
	SMSLIMIT_USERNAME,	/* POST /recover/username */
	SMSLIMIT_LOGIN_CODE,	/* POST /login/sms */
	SMSLIMIT_MOBILE_CODE,	/* POST /account/mobile/sms, /recover/mobile/sms */
	SMSLIMIT__MAX
};

/* The answer of smslimit_take(). */
struct smslimit_verdict {
	long		 retry_after;	/* seconds; 0 when the request may go on */
	const char	*message;	/* zh-CN, static; NULL when allowed */
	int		 held;		/* 1: allowed, but the message must not
					   be sent (a limit per mobile of a
					   kind that names an account) */
};

/*
 * Count one request of kind for mobile from address ip, naming subject (the
 * username or credit code asked about, or NULL), against the limits of cfg
 * (defaults: per mobile and kind one sent a minute and ten sent a day, per
 * address twenty requests an hour, per kind and subject ten a day).
 * deliver is 1 when a message would go to mobile (the request matches an
 * account, or is a registration code), 0 when it matches none: such a
 * request is counted against the address and the subject but never
 * against the mobile, so that strangers cannot use up its owner's quota.
 * The limits per mobile count only messages that were sent. For the kinds
 * that name an account (reset_code, username) they never refuse: v->held
 * is 1 and the caller answers as if it had sent, but sends nothing, so
 * that a repeat within the gap answers the same for a real pair as for a
 * made-up one. Call it inside the transaction that then queues the
 * message: it locks the keys it counts (rows of sms_limit), so concurrent
 * requests for one mobile, address or subject, on any host, are counted
 * one after another until that transaction ends. Allowed: the request is
 * recorded (as sent when deliver and not held) and v->retry_after is 0.
 * Refused: nothing is recorded, v says when to come back and why.
 */
enum sme_err	 smslimit_take(struct db *db, const struct config *cfg,
		    enum smslimit_kind kind, const char *mobile, const char *ip,
		    const char *subject, int deliver, struct smslimit_verdict *v);

/* The gap per mobile between two requests, in seconds (sms_mobile_gap_s). */
long		 smslimit_gap_s(const struct config *cfg);

#endif
