/*
 * csrf.h - CSRF tokens bound to the caller's session (or pre-session)
 * cookie: HMAC-SHA256 under the configured secret, so any worker on any
 * host can check them without storage.
 */
#ifndef CSRF_H
#define CSRF_H

#include <stddef.h>

#define CSRF_LEN	43	/* base64url of an HMAC-SHA256 */

/*
 * Write the token for binding (a session or pre-session cookie value)
 * into out (at least CSRF_LEN + 1 bytes). Returns 0 on success, -1 if the
 * secret is empty or out is too small.
 */
int	 csrf_issue(const unsigned char *secret, size_t secretsz,
	    const char *binding, char *out, size_t outsz);

/* 1 if given is the token for binding, else 0 (constant time). */
int	 csrf_check(const unsigned char *secret, size_t secretsz,
	    const char *binding, const char *given);

#endif
