/*
 * token.c - random tokens for sessions and codes (OpenSSL's CSPRNG),
 * hashed with SHA-256 before they are stored.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "token.h"

static const char token_alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t
token_b64url(const unsigned char *in, size_t insz, char *out, size_t outsz)
{
	size_t		 i, o = 0;
	unsigned long	 v;
	int		 bits = 0;

	if (outsz < (insz * 4 + 2) / 3 + 1)
		return 0;
	for (i = 0, v = 0; i < insz; i++) {
		v = (v << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = token_alpha[(v >> bits) & 63];
		}
	}
	if (bits > 0)
		out[o++] = token_alpha[(v << (6 - bits)) & 63];
	out[o] = '\0';
	return o;
}

/* The 6-bit value of a base64url character, or -1. */
static int
token_val(unsigned char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(token_alpha, c)) == NULL)
		return -1;
	return (int)(p - token_alpha);
}

long
token_unb64url(const char *in, size_t insz, unsigned char *out, size_t outsz)
{
	size_t		 i, o = 0;
	unsigned long	 v = 0;
	int		 bits = 0, d;

	for (i = 0; i < insz; i++) {
		if ((d = token_val((unsigned char)in[i])) < 0)
			return -1;
		v = (v << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == outsz)
				return -1;
			out[o++] = (v >> bits) & 0xff;
		}
	}
	return (long)o;
}

enum sme_err
token_new(char *out, size_t outsz)
{
	unsigned char	 raw[TOKEN_BYTES];

	if (outsz < TOKEN_LEN + 1)
		return SME_EINPUT;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return SME_ESYS;
	token_b64url(raw, sizeof(raw), out, outsz);
	OPENSSL_cleanse(raw, sizeof(raw));
	return SME_OK;
}

void
token_hash(const char *s, size_t sz, unsigned char *out)
{
	unsigned int	 len = TOKEN_HASHSZ;

	EVP_Digest(s, sz, out, &len, EVP_sha256(), NULL);
}

int
token_valid(const char *tok)
{
	size_t	 i;

	if (tok == NULL || strlen(tok) != TOKEN_LEN)
		return 0;
	for (i = 0; i < TOKEN_LEN; i++)
		if (token_val((unsigned char)tok[i]) < 0)
			return 0;
	return 1;
}

void
token_hex(const unsigned char *in, size_t insz, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i;

	for (i = 0; i < insz; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * insz] = '\0';
}

int
token_equal(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}
