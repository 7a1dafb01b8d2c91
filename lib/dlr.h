/*
 * dlr.h - SMS delivery reports: the unforgeable token of the report URL
 * handed to a gateway, the meaning of a gateway's report state, and
 * recording a report against its outbox row.
 */
#ifndef DLR_H
#define DLR_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;

#define DLR_SECRET_MAX	64	/* bytes of the decoded secret */
#define DLR_TOKEN_MAX	72	/* "<id>.<43 base64url characters>" and NUL */
#define DLR_MAC_LEN	43	/* base64url of an HMAC-SHA256 */

enum dlr_state {
	DLR_PENDING,		/* on its way: Kannel 4, 8; ENROUTE, ACCEPTD */
	DLR_DELIVERED,		/* Kannel 1; DELIVRD */
	DLR_UNDELIVERED,	/* Kannel 2, 16; UNDELIV, EXPIRED, REJECTD... */
	DLR__MAX
};

/*
 * Decode the hex key "secret" of cfg (the one CSRF tokens use; at least
 * 32 hex digits) into out[DLR_SECRET_MAX]; *sz gets its length. -1 if it
 * is missing, short or not hex.
 */
int		 dlr_secret(const struct config *cfg, unsigned char *out,
		    size_t *sz);

/*
 * Write the report token of outbox id into out (DLR_TOKEN_MAX bytes):
 * the id, a dot and base64url(HMAC-SHA256(secret, "sms-dlr:" id)). -1 if
 * the secret is empty or out too small.
 */
int		 dlr_token(const unsigned char *secret, size_t secretsz,
		    long long id, char *out, size_t outsz);

/*
 * 1 and the id in *id if tok is a token dlr_token made under secret,
 * else 0 (the MAC compared in constant time).
 */
int		 dlr_check(const unsigned char *secret, size_t secretsz,
		    const char *tok, long long *id);

/* What a gateway's report state means; unknown states are pending. */
enum dlr_state	 dlr_state(const char *stat);

/* What recording a report did. */
enum dlr_result {
	DLR_RECORDED,	/* the row took it */
	DLR_IGNORED,	/* no change: the same state again, a final state
			 * already, a pending one after another report, or a
			 * message not (or no longer) with the gateway */
	DLR_EXPIRED,	/* the message is older than life_s, or purged */
	DLR_UNKNOWN	/* no such message (for this gateway id) */
};

/*
 * Record report stat (at most 32 characters kept) for outbox row id; gwid
 * (NULL: not checked) must then be the row's gateway id. A report counts
 * only for a message handed to the gateway (sent, or with handed_at: a
 * report may come before sme-smsd has recorded the send, or answer for
 * a message in doubt),
 * created less than life_s ago. A final state moves the row to delivered
 * or undelivered, once: it is never overwritten, and a queued retry is
 * left alone. A pending state is noted only as the first report. Every
 * other report changes nothing (DLR_IGNORED), so a replay is harmless.
 */
enum sme_err	 dlr_record(struct db *db, long long id, const char *gwid,
		    const char *stat, long life_s, enum dlr_result *out);

/* The same for the row that gateway sent with message id gwid. */
enum sme_err	 dlr_record_gateway(struct db *db, const char *gateway,
		    const char *gwid, const char *stat, long life_s,
		    enum dlr_result *out);

#endif
