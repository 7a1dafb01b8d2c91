/*
 * password.h - salted, slow password hashes (scrypt, OpenSSL), stored with
 * their parameters so that the cost can be raised later.
 */
#ifndef PASSWORD_H
#define PASSWORD_H

#include <stddef.h>
#include "sme.h"

#define PASSWORD_HASH_MAX	160	/* longest stored form, with NUL */

/*
 * Cost of new hashes: scrypt with N = 2^log2n, r, p. The defaults (15, 8,
 * 1) take 32 MiB and some tens of milliseconds a hash.
 */
void		 password_params(unsigned log2n, unsigned r, unsigned p);

/*
 * Hash pw with a fresh 16-byte salt into out, as
 * "$scrypt$ln=15,r=8,p=1$<salt b64url>$<hash b64url>".
 */
enum sme_err	 password_hash(const char *pw, char *out, size_t outsz);

/*
 * 1 if pw matches stored, 0 if not or if stored is malformed. With
 * stored == NULL it hashes against a fixed dummy, taking the same time, so
 * that an unknown user costs what a known one does; then it returns 0.
 */
int		 password_verify(const char *pw, const char *stored);

/* 1 if stored was made with weaker parameters than the current ones. */
int		 password_needs_rehash(const char *stored);

#endif
