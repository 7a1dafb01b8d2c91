/*
 * csrf.c - issue and check CSRF tokens: base64url(HMAC-SHA256(secret,
 * "csrf:" binding)). The binding is a random cookie only this browser has.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "csrf.h"
#include "token.h"

int
csrf_issue(const unsigned char *secret, size_t secretsz, const char *binding,
    char *out, size_t outsz)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 macsz = 0;
	char		 msg[256];
	int		 n;

	if (secretsz == 0 || outsz < CSRF_LEN + 1 || binding == NULL)
		return -1;
	n = snprintf(msg, sizeof(msg), "csrf:%s", binding);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return -1;
	if (HMAC(EVP_sha256(), secret, (int)secretsz, (unsigned char *)msg,
	    (size_t)n, mac, &macsz) == NULL)
		return -1;
	return token_b64url(mac, macsz, out, outsz) == CSRF_LEN ? 0 : -1;
}

int
csrf_check(const unsigned char *secret, size_t secretsz, const char *binding,
    const char *given)
{
	char	 want[CSRF_LEN + 1];

	if (given == NULL || binding == NULL || *binding == '\0')
		return 0;
	if (csrf_issue(secret, secretsz, binding, want, sizeof(want)) != 0)
		return 0;
	return token_equal(want, given);
}
