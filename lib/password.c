/*
 * password.c - scrypt password hashes in a self-describing string:
 * "$scrypt$ln=15,r=8,p=1$salt$hash" (base64url), checked in constant time.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "password.h"
#include "token.h"

#define PW_SALTSZ	16
#define PW_KEYSZ	32
#define PW_MAXMEM	(1024ULL * 1024 * 1024)	/* refuse absurd stored costs */

static unsigned pw_log2n = 15, pw_r = 8, pw_p = 1;

void
password_params(unsigned log2n, unsigned r, unsigned p)
{
	pw_log2n = log2n;
	pw_r = r;
	pw_p = p;
}

/* scrypt of pw under salt into key[PW_KEYSZ]; 0 on success. */
static int
pw_derive(const char *pw, const unsigned char *salt, size_t saltsz,
    unsigned log2n, unsigned r, unsigned p, unsigned char *key)
{
	uint64_t	 n;

	/* Check log2n before shifting: a stored ln=64 would be undefined. */
	if (log2n < 1 || log2n > 24 || r < 1 || r > 32 || p < 1 || p > 16)
		return -1;
	n = 1ULL << log2n;
	if (128ULL * n * r * p > PW_MAXMEM)
		return -1;
	return EVP_PBE_scrypt(pw, strlen(pw), salt, saltsz, n, r, p,
	    PW_MAXMEM + 4096, key, PW_KEYSZ) == 1 ? 0 : -1;
}

enum sme_err
password_hash(const char *pw, char *out, size_t outsz)
{
	unsigned char	 salt[PW_SALTSZ], key[PW_KEYSZ];
	char		 s64[32], k64[48];
	int		 n;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return SME_ESYS;
	if (pw_derive(pw, salt, sizeof(salt), pw_log2n, pw_r, pw_p, key) != 0)
		return SME_ESYS;
	token_b64url(salt, sizeof(salt), s64, sizeof(s64));
	token_b64url(key, sizeof(key), k64, sizeof(k64));
	OPENSSL_cleanse(key, sizeof(key));
	n = snprintf(out, outsz, "$scrypt$ln=%u,r=%u,p=%u$%s$%s",
	    pw_log2n, pw_r, pw_p, s64, k64);
	if (n < 0 || (size_t)n >= outsz)
		return SME_EINPUT;
	return SME_OK;
}

/*
 * Split stored into parameters, salt and key. Returns 0 on success,
 * -1 if stored is not one of our hashes.
 */
static int
pw_parse(const char *stored, unsigned *log2n, unsigned *r, unsigned *p,
    unsigned char *salt, long *saltsz, unsigned char *key)
{
	char	 s64[64], k64[64];
	int	 used = 0;

	if (sscanf(stored, "$scrypt$ln=%u,r=%u,p=%u$%63[A-Za-z0-9_-]$"
	    "%63[A-Za-z0-9_-]%n", log2n, r, p, s64, k64, &used) != 5 ||
	    stored[used] != '\0')
		return -1;
	*saltsz = token_unb64url(s64, strlen(s64), salt, PW_SALTSZ * 2);
	if (*saltsz < 8 ||
	    token_unb64url(k64, strlen(k64), key, PW_KEYSZ) != PW_KEYSZ)
		return -1;
	return 0;
}

int
password_verify(const char *pw, const char *stored)
{
	unsigned char	 salt[PW_SALTSZ * 2], want[PW_KEYSZ], got[PW_KEYSZ];
	unsigned	 log2n, r, p;
	long		 saltsz;
	int		 ok;

	if (stored == NULL) {
		/* Same work as a real check, for an unknown account. */
		memset(salt, 0x5a, PW_SALTSZ);
		pw_derive(pw, salt, PW_SALTSZ, pw_log2n, pw_r, pw_p, got);
		return 0;
	}
	if (pw_parse(stored, &log2n, &r, &p, salt, &saltsz, want) != 0)
		return 0;
	if (pw_derive(pw, salt, (size_t)saltsz, log2n, r, p, got) != 0)
		return 0;
	ok = CRYPTO_memcmp(want, got, PW_KEYSZ) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return ok;
}

int
password_needs_rehash(const char *stored)
{
	unsigned char	 salt[PW_SALTSZ * 2], key[PW_KEYSZ];
	unsigned	 log2n, r, p;
	long		 saltsz;

	if (pw_parse(stored, &log2n, &r, &p, salt, &saltsz, key) != 0)
		return 1;
	return log2n < pw_log2n || r < pw_r || p < pw_p;
}
