/*
 * keptfile.c - a stored file named again by the form that sent it: its
 * hash with base64url(HMAC-SHA256(secret, purpose NUL csrf NUL hash)).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "keptfile.h"
#include "token.h"

/* 1 if name is 64 lowercase hex digits. */
static int
keptfile_name_ok(const char *name)
{
	size_t	 i;

	if (name == NULL || strlen(name) != STORE_NAME_LEN)
		return 0;
	for (i = 0; i < STORE_NAME_LEN; i++)
		if (strchr("0123456789abcdef", name[i]) == NULL)
			return 0;
	return 1;
}

/* The MAC of name into mac (TOKEN_LEN + 1 bytes): 0 on failure. */
static int
keptfile_mac(const unsigned char *secret, size_t secretsz,
    const char *purpose, const char *csrf, const char *name, char *mac)
{
	unsigned char	 msg[512], md[EVP_MAX_MD_SIZE];
	unsigned int	 mdsz = 0;
	size_t		 pl = strlen(purpose), cl = strlen(csrf), n;

	if (pl + cl + STORE_NAME_LEN + 2 > sizeof(msg))
		return 0;
	memcpy(msg, purpose, pl + 1);
	memcpy(msg + pl + 1, csrf, cl + 1);
	memcpy(msg + pl + cl + 2, name, STORE_NAME_LEN);
	n = pl + cl + 2 + STORE_NAME_LEN;
	if (HMAC(EVP_sha256(), secret, (int)secretsz, msg, n, md, &mdsz) == NULL)
		return 0;
	return token_b64url(md, mdsz, mac, TOKEN_LEN + 1) == TOKEN_LEN;
}

enum sme_err
keptfile_seal(const unsigned char *secret, size_t secretsz,
    const char *purpose, const char *csrf, const char *name, char *out,
    size_t outsz)
{
	char	 mac[TOKEN_LEN + 1];

	if (!keptfile_name_ok(name) || outsz < KEPTFILE_LEN + 1 ||
	    !keptfile_mac(secret, secretsz, purpose, csrf, name, mac))
		return SME_EINPUT;
	snprintf(out, outsz, "%s.%s", name, mac);
	return SME_OK;
}

int
keptfile_open(const unsigned char *secret, size_t secretsz,
    const char *purpose, const char *csrf, const char *tok,
    char name[STORE_NAME_LEN + 1])
{
	char	 mac[TOKEN_LEN + 1];

	name[0] = '\0';
	if (tok == NULL || strlen(tok) != KEPTFILE_LEN ||
	    tok[STORE_NAME_LEN] != '.')
		return 0;
	memcpy(name, tok, STORE_NAME_LEN);
	name[STORE_NAME_LEN] = '\0';
	if (!keptfile_name_ok(name) ||
	    !keptfile_mac(secret, secretsz, purpose, csrf, name, mac) ||
	    !token_equal(mac, tok + STORE_NAME_LEN + 1)) {
		name[0] = '\0';
		return 0;
	}
	return 1;
}
