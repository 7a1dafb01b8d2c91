/*
 * token.h - random tokens, their SHA-256 hashes, base64url and hex
 * encodings, and constant-time comparison.
 */
#ifndef TOKEN_H
#define TOKEN_H

#include <stddef.h>
#include "sme.h"

#define TOKEN_BYTES	32			/* entropy of a token */
#define TOKEN_LEN	43			/* base64url of 32 bytes, no padding */
#define TOKEN_HASHSZ	32			/* SHA-256 */

/* Fill out (at least TOKEN_LEN + 1 bytes) with a fresh CSPRNG token. */
enum sme_err	 token_new(char *out, size_t outsz);

/* SHA-256 of s[0..sz) into out[TOKEN_HASHSZ]. */
void		 token_hash(const char *s, size_t sz, unsigned char *out);

/* 1 if tok looks like a token of ours (TOKEN_LEN base64url chars), else 0. */
int		 token_valid(const char *tok);

/*
 * Encode in[0..insz) as base64url without padding into out; returns the
 * length written (NUL-terminated) or 0 if outsz is too small.
 */
size_t		 token_b64url(const unsigned char *in, size_t insz, char *out,
		    size_t outsz);

/* Decode base64url (no padding); returns bytes written or -1 on bad input. */
long		 token_unb64url(const char *in, size_t insz, unsigned char *out,
		    size_t outsz);

/* Lowercase hex of in[0..insz) into out (2 * insz + 1 bytes). */
void		 token_hex(const unsigned char *in, size_t insz, char *out);

/* 1 if a and b are equal strings, in time that depends only on lengths. */
int		 token_equal(const char *a, const char *b);

#endif
