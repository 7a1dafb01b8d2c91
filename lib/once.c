/*
 * once.c - one-time form tokens (see once.h): stored as SHA-256 hashes in
 * request_once, written in the transaction of the change they guard.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "db.h"
#include "http.h"
#include "once.h"
#include "token.h"

static const char SQL_FIND[] =
    "SELECT target FROM request_once WHERE token_hash = ? AND account_id = ? AND body_hash = ?";
static const char SQL_RECORD[] =
    "INSERT INTO request_once (token_hash, account_id, body_hash, target, created_at)"
    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_PURGE[] =
    "DELETE FROM request_once WHERE created_at < UTC_TIMESTAMP() - INTERVAL ? DAY";

enum sme_err
once_new(char *out, size_t outsz)
{
	return token_new(out, outsz);
}

void
once_digest(const struct http_pairs *form, unsigned char out[ONCE_DIGESTSZ])
{
	EVP_MD_CTX	*ctx;
	uint64_t	 n;
	size_t		 i;
	unsigned	 len = ONCE_DIGESTSZ;

	memset(out, 0, ONCE_DIGESTSZ);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return;
	}
	for (i = 0; i < form->n; i++) {
		if (strcmp(form->v[i].key, "csrf") == 0)
			continue;
		/* name NUL length value: no two forms give the same bytes. */
		n = form->v[i].valsz;
		EVP_DigestUpdate(ctx, form->v[i].key, strlen(form->v[i].key) + 1);
		EVP_DigestUpdate(ctx, &n, sizeof(n));
		EVP_DigestUpdate(ctx, form->v[i].val, form->v[i].valsz);
	}
	EVP_DigestFinal_ex(ctx, out, &len);
	EVP_MD_CTX_free(ctx);
}

enum sme_err
once_find(struct db *db, long long account, const char *token,
    const unsigned char digest[ONCE_DIGESTSZ], char *out, size_t outsz)
{
	unsigned char	 h[TOKEN_HASHSZ];
	struct db_param	 p[3];
	struct db_res	*res;
	enum sme_err	 er;

	if (outsz > 0)
		out[0] = '\0';
	if (!token_valid(token) || outsz < ONCE_TARGET_MAX + 1)
		return SME_OK;
	token_hash(token, strlen(token), h);
	p[0] = DB_BIN(h, sizeof(h));
	p[1] = DB_INT(account);
	p[2] = DB_BIN(digest, ONCE_DIGESTSZ);
	if ((er = db_query(db, SQL_FIND, p, 3, &res)) != SME_OK)
		return er;
	if (res->nrows > 0)
		snprintf(out, outsz, "%s", db_res_get(res, 0, 0));
	db_res_free(res);
	return SME_OK;
}

enum sme_err
once_record(struct db *db, const struct once_use *u)
{
	unsigned char	 h[TOKEN_HASHSZ];
	struct db_param	 p[4];

	if (u == NULL || u->token == NULL)
		return SME_OK;
	if (!token_valid(u->token) || u->target == NULL ||
	    strlen(u->target) > ONCE_TARGET_MAX)
		return SME_EINPUT;
	token_hash(u->token, strlen(u->token), h);
	p[0] = DB_BIN(h, sizeof(h));
	p[1] = DB_INT(u->account);
	p[2] = DB_BIN(u->digest, ONCE_DIGESTSZ);
	p[3] = DB_STR(u->target);
	/* A duplicate key is SME_ECONFLICT (db_exec). */
	return db_exec(db, SQL_RECORD, p, 4, NULL, NULL);
}

enum sme_err
once_purge(struct db *db, int days, unsigned long long *n)
{
	struct db_param	 p[1] = { DB_INT(days) };

	return db_exec(db, SQL_PURGE, p, 1, n, NULL);
}
