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

/*
 * The token of the report URL of HTTP operators, which names no message:
 * base64url(HMAC-SHA256(secret, "sms-report")) into out (DLR_MAC_LEN + 1
 * bytes). -1 if the secret is empty or out too small.
 */
int		 dlr_report_token(const unsigned char *secret,
		    size_t secretsz, char *out, size_t outsz);

/* What a gateway's report state means; unknown states are pending. */
enum dlr_state	 dlr_state(const char *stat);

/*
 * Record report stat (at most 32 characters kept) for outbox row id: its
 * dlr_status and dlr_at, and a final state moves the row to delivered or
 * undelivered. A pending report never overwrites a final one. A report
 * may come before sme-smsd has recorded the send. *found (may be NULL)
 * is 1 if the row was there to update.
 */
enum sme_err	 dlr_record(struct db *db, long long id, const char *stat,
		    int *found);

/* The same for the row that gateway sent with message id gwid. */
enum sme_err	 dlr_record_gateway(struct db *db, const char *gateway,
		    const char *gwid, const char *stat, int *found);

#endif
