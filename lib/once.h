/*
 * once.h - one-time tokens of state-changing forms. A page that posts a
 * change (a section save, a submit, a review decision) carries a fresh
 * token in the hidden field "once"; the transaction that commits the
 * change records the token's hash with the account and the redirect it
 * answers (table request_once). A repeat of the request, because the
 * answer was lost after the commit, finds the token and answers the same
 * redirect; nothing is changed twice.
 */
#ifndef ONCE_H
#define ONCE_H

#include <stddef.h>
#include "sme.h"

struct db;
struct http_pairs;

#define ONCE_FIELD	"once"		/* the form field's name */
#define ONCE_TARGET_MAX	255		/* bytes of a stored redirect */
#define ONCE_KEEP_DAYS	7		/* sme-admin purge drops older tokens */
#define ONCE_DIGESTSZ	32		/* SHA-256 */

/* A token to be used, by whom, for what request, and the redirect it answers. */
struct once_use {
	long long	 account;
	const char	*token;		/* borrowed; NULL: the request has none */
	unsigned char	 digest[ONCE_DIGESTSZ];	/* once_digest of the form */
	const char	*target;	/* borrowed; the Location of the 303 */
};

/*
 * The digest of a posted form: every field but csrf (a new session's
 * token does not make another request), names and values, in order. Only
 * a request with the same digest repeats the one that used the token.
 */
void		 once_digest(const struct http_pairs *form,
		    unsigned char out[ONCE_DIGESTSZ]);

/* Write a fresh token (TOKEN_LEN characters and a NUL) into out. */
enum sme_err	 once_new(char *out, size_t outsz);

/*
 * The redirect that the committed request of token by account with this
 * digest answered, into out (outsz >= ONCE_TARGET_MAX + 1); out[0] = '\0'
 * when the token is unused, not the account's, was used by a request with
 * other values, or is malformed.
 */
enum sme_err	 once_find(struct db *db, long long account, const char *token,
		    const unsigned char digest[ONCE_DIGESTSZ], char *out, size_t outsz);

/*
 * Inside the caller's transaction: record u as used. SME_OK also when
 * u or u->token is NULL (nothing to record); SME_ECONFLICT when the token
 * was used already (then once_find tells the answer); SME_EINPUT when the
 * token is malformed or the target too long.
 */
enum sme_err	 once_record(struct db *db, const struct once_use *u);

/* Delete tokens older than days; *n gets how many (n may be NULL). */
enum sme_err	 once_purge(struct db *db, int days, unsigned long long *n);

#endif
