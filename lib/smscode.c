/*
 * smscode.c - SMS verification codes: issue (limits, hash, outbox) and
 * check (locked row, counted tries, single use).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "sms.h"
#include "smscode.h"
#include "smslimit.h"

#define SMSCODE_RAND_LIMIT	4294000000u	/* largest multiple of 10^6 < 2^32 */

static const char *const smscode_purposes[SMSCODE__MAX] = {
	"register", "reset", "login", "mobile", "mobile_county"
};

/* The SMS template (lib/sms.c) of each purpose. */
static const char *const smscode_templates[SMSCODE__MAX] = {
	"register_code", "reset_code", "login_code", "mobile_code", "mobile_code"
};

static const enum smslimit_kind smscode_limits[SMSCODE__MAX] = {
	SMSLIMIT_REGISTER_CODE, SMSLIMIT_RESET_CODE, SMSLIMIT_LOGIN_CODE,
	SMSLIMIT_MOBILE_CODE, SMSLIMIT_MOBILE_CODE
};

static const char *const smscode_messages[SMSCODE_RESULT__MAX] = {
	NULL,
	"验证码不正确，请核对短信中的验证码",
	"验证码已失效，请重新获取验证码",
	"验证码错误次数过多，请重新获取验证码",
	"请先获取验证码",
};

static const char SQL_CODE_NEW[] =
    "INSERT INTO sms_code (purpose, mobile, subject, code_hash, tries,"
    " created_at, expires_at) VALUES (?, ?, ?, ?, 0, UTC_TIMESTAMP(3),"
    " UTC_TIMESTAMP(3) + INTERVAL ? SECOND)";
static const char SQL_CODE_LATEST[] =
    "SELECT id, code_hash, tries,"
    " used_at IS NULL AND expires_at > UTC_TIMESTAMP(3)"
    " FROM sms_code WHERE purpose = ? AND mobile = ? AND subject = ?"
    " ORDER BY id DESC LIMIT 1 FOR UPDATE";
static const char SQL_CODE_TRY[] =
    "UPDATE sms_code SET tries = tries + 1 WHERE id = ?";
static const char SQL_CODE_USE[] =
    "UPDATE sms_code SET used_at = UTC_TIMESTAMP(3)"
    " WHERE id = ? AND used_at IS NULL AND expires_at > UTC_TIMESTAMP(3)";

enum sme_err
smscode_new(char out[SMSCODE_LEN + 1])
{
	uint32_t	 v;

	/* Draws at or past the limit would favour low codes: draw again. */
	do {
		if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
			return SME_ESYS;
	} while (v >= SMSCODE_RAND_LIMIT);
	snprintf(out, SMSCODE_LEN + 1, "%06u", (unsigned)(v % 1000000u));
	return SME_OK;
}

int
smscode_valid(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != SMSCODE_LEN)
		return 0;
	for (i = 0; i < SMSCODE_LEN; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

void
smscode_hash(const struct smscode_secret *sec, const struct smscode_key *k,
    const char *code, unsigned char out[SMSCODE_HASHSZ])
{
	char		 msg[256];
	unsigned int	 len = SMSCODE_HASHSZ;
	int		 n;

	n = snprintf(msg, sizeof(msg), "smscode:%s:%s:%s:%s",
	    smscode_purposes[k->purpose], k->mobile,
	    k->subject != NULL ? k->subject : "", code);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = sizeof(msg) - 1;
	HMAC(EVP_sha256(), sec->key, (int)sec->keysz, (unsigned char *)msg,
	    (size_t)n, out, &len);
	OPENSSL_cleanse(msg, sizeof(msg));
}

/* The subject of k as stored: "" when there is none. */
static const char *
smscode_subject(const struct smscode_key *k)
{
	return k->subject != NULL ? k->subject : "";
}

enum sme_err
smscode_request(struct db *db, const struct config *cfg,
    const struct smscode_secret *sec, const struct smscode_key *k,
    const char *ip, int deliver, struct smslimit_verdict *v)
{
	char		 code[SMSCODE_LEN + 1], minutes[24];
	unsigned char	 h[SMSCODE_HASHSZ];
	long		 ttl = smscode_ttl_s(cfg);
	enum sme_err	 er;

	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = smslimit_take(db, cfg, smscode_limits[k->purpose], k->mobile,
	    ip, k->purpose != SMSCODE_REGISTER ? smscode_subject(k) : NULL,
	    deliver, v)) != SME_OK)
		goto fail;
	if (v->retry_after > 0) {
		db_rollback(db);
		return SME_OK;
	}
	/*
	 * Held back by a limit of the mobile: the code sent before stays the
	 * latest, so it still works; the request is recorded, not sent.
	 */
	if (v->held)
		return db_commit(db);
	if ((er = smscode_new(code)) != SME_OK)
		goto fail;
	smscode_hash(sec, k, code, h);
	snprintf(minutes, sizeof(minutes), "%ld", (ttl + 59) / 60);
	const char *vars[] = { "code", code, "minutes", minutes, NULL };
	struct db_param p[] = { DB_STR(smscode_purposes[k->purpose]),
	    DB_STR(k->mobile), DB_STR(smscode_subject(k)),
	    DB_BIN(h, sizeof(h)), DB_INT(ttl) };
	if ((er = db_exec(db, SQL_CODE_NEW, p, 5, NULL, NULL)) != SME_OK)
		goto fail;
	if (deliver && (er = sms_send(db, cfg, k->mobile,
	    smscode_templates[k->purpose], vars)) != SME_OK)
		goto fail;
	OPENSSL_cleanse(code, sizeof(code));
	return db_commit(db);
fail:
	OPENSSL_cleanse(code, sizeof(code));
	log_err("smscode: request of a %s code: %s",
	    smscode_purposes[k->purpose], sme_strerror(er));
	db_rollback(db);
	return er;
}

enum sme_err
smscode_check(struct db *db, const struct config *cfg,
    const struct smscode_secret *sec, const struct smscode_key *k,
    const char *code, enum smscode_result *res, long long *id)
{
	unsigned char	 want[SMSCODE_HASHSZ];
	struct db_res	*r = NULL;
	long long	 tries, max;
	enum sme_err	 er;

	*res = SMSCODE_EXPIRED;
	*id = 0;
	max = config_num(cfg, "sms_code_tries");
	smscode_hash(sec, k, code, want);
	struct db_param p[] = { DB_STR(smscode_purposes[k->purpose]),
	    DB_STR(k->mobile), DB_STR(smscode_subject(k)) };
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = db_query(db, SQL_CODE_LATEST, p, 3, &r)) != SME_OK)
		goto fail;
	if (r->nrows == 0 || db_res_int(r, 0, 3, 0) != 1) {
		if (r->nrows == 0)
			*res = SMSCODE_NONE;
		db_res_free(r);
		db_rollback(db);
		return SME_OK;
	}
	tries = db_res_int(r, 0, 2, 0);
	if (tries >= max)
		*res = SMSCODE_SPENT;
	else if (r->lens[1] == SMSCODE_HASHSZ &&
	    CRYPTO_memcmp(r->cells[1], want, SMSCODE_HASHSZ) == 0) {
		*res = SMSCODE_OK;
		*id = db_res_int(r, 0, 0, 0);
	} else {
		*res = SMSCODE_WRONG;
		struct db_param t[] = { DB_INT(db_res_int(r, 0, 0, 0)) };
		if ((er = db_exec(db, SQL_CODE_TRY, t, 1, NULL, NULL)) != SME_OK)
			goto fail;
	}
	db_res_free(r);
	return db_commit(db);
fail:
	db_res_free(r);
	db_rollback(db);
	return er;
}

enum sme_err
smscode_use(struct db *db, long long id, int *ok)
{
	unsigned long long	 n = 0;
	struct db_param		 p[] = { DB_INT(id) };
	enum sme_err		 er;

	*ok = 0;
	if ((er = db_exec(db, SQL_CODE_USE, p, 1, &n, NULL)) != SME_OK)
		return er;
	*ok = n == 1;
	return SME_OK;
}

long
smscode_ttl_s(const struct config *cfg)
{
	return (long)config_num(cfg, "sms_code_ttl_s");
}

const char *
smscode_message(enum smscode_result r)
{
	return (unsigned)r < SMSCODE_RESULT__MAX ? smscode_messages[r] : NULL;
}
