/*
 * dlr.c - delivery reports: report tokens (HMAC-SHA256 under the shared
 * secret, so any host can check them without storage), report states,
 * and the outbox updates that record them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "config.h"
#include "db.h"
#include "dlr.h"
#include "token.h"

/*
 * A report counts for a message the gateway has (sent, or being handed
 * over or in doubt: handed_at set), within its life. A final one sets the
 * state once and drops the sealed text; a pending one is noted only while
 * no report came. A queued retry or a settled row is never changed. The row's gateway_id is
 * checked when the caller names one (? IS NULL OR ...).
 */
#define DLR_HANDED \
    " AND (status = 'sent' OR (status IN ('sending', 'queued')" \
    " AND handed_at IS NOT NULL))" \
    " AND created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
static const char SQL_DLR_FINAL_ID[] =
    "UPDATE sms_outbox SET dlr_status = LEFT(?, 32), dlr_at = UTC_TIMESTAMP(3),"
    " status = ?, text_sealed = NULL"
    " WHERE id = ? AND (? IS NULL OR gateway_id = ?)" DLR_HANDED;
static const char SQL_DLR_PENDING_ID[] =
    "UPDATE sms_outbox SET dlr_status = LEFT(?, 32), dlr_at = UTC_TIMESTAMP(3)"
    " WHERE id = ? AND (? IS NULL OR gateway_id = ?) AND dlr_status IS NULL"
    DLR_HANDED;
static const char SQL_DLR_FINAL_GW[] =
    "UPDATE sms_outbox SET dlr_status = LEFT(?, 32), dlr_at = UTC_TIMESTAMP(3),"
    " status = ?, text_sealed = NULL"
    " WHERE gateway = ? AND gateway_id = ?" DLR_HANDED;
static const char SQL_DLR_PENDING_GW[] =
    "UPDATE sms_outbox SET dlr_status = LEFT(?, 32), dlr_at = UTC_TIMESTAMP(3)"
    " WHERE gateway = ? AND gateway_id = ? AND dlr_status IS NULL" DLR_HANDED;
/* Why nothing changed: no row, too old, or the report does not apply. */
static const char SQL_DLR_WHY_ID[] =
    "SELECT created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND FROM sms_outbox"
    " WHERE id = ? AND (? IS NULL OR gateway_id = ?)";
static const char SQL_DLR_WHY_GW[] =
    "SELECT MAX(created_at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND)"
    " FROM sms_outbox WHERE gateway = ? AND gateway_id = ? HAVING COUNT(*) > 0";

/* Report states and what they mean (Kannel dlr-mask bits; SMPP Appendix B). */
static const struct {
	const char	*stat;
	enum dlr_state	 state;
} dlr_states[] = {
	{ "1", DLR_DELIVERED }, { "2", DLR_UNDELIVERED },
	{ "4", DLR_PENDING }, { "8", DLR_PENDING }, { "16", DLR_UNDELIVERED },
	{ "DELIVRD", DLR_DELIVERED }, { "DELIVERED", DLR_DELIVERED },
	{ "UNDELIV", DLR_UNDELIVERED }, { "UNDELIVERABLE", DLR_UNDELIVERED },
	{ "EXPIRED", DLR_UNDELIVERED }, { "DELETED", DLR_UNDELIVERED },
	{ "REJECTD", DLR_UNDELIVERED }, { "REJECTED", DLR_UNDELIVERED },
	{ "ENROUTE", DLR_PENDING }, { "ACCEPTD", DLR_PENDING },
	{ "UNKNOWN", DLR_PENDING },
};

static const char *const dlr_status_names[DLR__MAX] = {
	NULL, "delivered", "undelivered"
};

int
dlr_secret(const struct config *cfg, unsigned char *out, size_t *sz)
{
	const char	*hex = config_str(cfg, "secret", "");
	size_t		 i, n = strlen(hex);
	unsigned	 byte;

	*sz = 0;
	if (n < 32 || n % 2 != 0 || n / 2 > DLR_SECRET_MAX)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (strchr("0123456789abcdefABCDEF", hex[2 * i]) == NULL ||
		    strchr("0123456789abcdefABCDEF", hex[2 * i + 1]) == NULL ||
		    sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -1;
		out[i] = (unsigned char)byte;
	}
	*sz = n / 2;
	return 0;
}

/* base64url(HMAC-SHA256(secret, msg)) into out; -1 on failure. */
static int
dlr_mac(const unsigned char *secret, size_t secretsz, const char *msg,
    char *out, size_t outsz)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 macsz = 0;

	if (secretsz == 0 || outsz < DLR_MAC_LEN + 1)
		return -1;
	if (HMAC(EVP_sha256(), secret, (int)secretsz,
	    (const unsigned char *)msg, strlen(msg), mac, &macsz) == NULL)
		return -1;
	return token_b64url(mac, macsz, out, outsz) == DLR_MAC_LEN ? 0 : -1;
}

int
dlr_token(const unsigned char *secret, size_t secretsz, long long id,
    char *out, size_t outsz)
{
	char	 msg[48], mac[DLR_MAC_LEN + 1];
	int	 n;

	if (id <= 0)
		return -1;
	snprintf(msg, sizeof(msg), "sms-dlr:%lld", id);
	if (dlr_mac(secret, secretsz, msg, mac, sizeof(mac)) != 0)
		return -1;
	n = snprintf(out, outsz, "%lld.%s", id, mac);
	return n > 0 && (size_t)n < outsz ? 0 : -1;
}

int
dlr_check(const unsigned char *secret, size_t secretsz, const char *tok,
    long long *id)
{
	char		 want[DLR_TOKEN_MAX];
	const char	*p;
	long long	 v = 0;

	*id = 0;
	if (tok == NULL)
		return 0;
	/* A canonical decimal id: digits, no leading zero, then the dot. */
	if (tok[0] < '1' || tok[0] > '9')
		return 0;
	for (p = tok; *p >= '0' && *p <= '9'; p++) {
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	if (*p != '.' ||
	    dlr_token(secret, secretsz, v, want, sizeof(want)) != 0 ||
	    !token_equal(want, tok))
		return 0;
	*id = v;
	return 1;
}

enum dlr_state
dlr_state(const char *stat)
{
	size_t	 i;

	for (i = 0; stat != NULL && i < sizeof(dlr_states) /
	    sizeof(dlr_states[0]); i++)
		if (strcasecmp(stat, dlr_states[i].stat) == 0)
			return dlr_states[i].state;
	return DLR_PENDING;
}

/* Classify a report that changed nothing from the SELECT in res. */
static enum dlr_result
dlr_why(const struct db_res *res)
{
	if (res->nrows == 0)
		return DLR_UNKNOWN;
	return db_res_int(res, 0, 0, 0) == 1 ? DLR_IGNORED : DLR_EXPIRED;
}

enum sme_err
dlr_record(struct db *db, long long id, const char *gwid, const char *stat,
    long life_s, enum dlr_result *out)
{
	enum dlr_state	 s = dlr_state(stat);
	struct db_param	 g = gwid != NULL ? DB_STR(gwid) : DB_NULL;
	struct db_res	*res;
	unsigned long long n = 0;
	enum sme_err	 er;

	*out = DLR_UNKNOWN;
	if (s == DLR_PENDING) {
		struct db_param p[] = { DB_STR(stat), DB_INT(id), g, g,
		    DB_INT(life_s) };
		er = db_exec(db, SQL_DLR_PENDING_ID, p, 5, &n, NULL);
	} else {
		struct db_param p[] = { DB_STR(stat),
		    DB_STR(dlr_status_names[s]), DB_INT(id), g, g,
		    DB_INT(life_s) };
		er = db_exec(db, SQL_DLR_FINAL_ID, p, 6, &n, NULL);
	}
	if (er != SME_OK)
		return er;
	if (n > 0) {
		*out = DLR_RECORDED;
		return SME_OK;
	}
	{
		struct db_param p[] = { DB_INT(life_s), DB_INT(id), g, g };
		if ((er = db_query(db, SQL_DLR_WHY_ID, p, 4, &res)) != SME_OK)
			return er;
	}
	*out = dlr_why(res);
	db_res_free(res);
	return SME_OK;
}

enum sme_err
dlr_record_gateway(struct db *db, const char *gateway, const char *gwid,
    const char *stat, long life_s, enum dlr_result *out)
{
	enum dlr_state	 s = dlr_state(stat);
	struct db_res	*res;
	unsigned long long n = 0;
	enum sme_err	 er;

	*out = DLR_UNKNOWN;
	if (s == DLR_PENDING) {
		struct db_param p[] = { DB_STR(stat), DB_STR(gateway),
		    DB_STR(gwid), DB_INT(life_s) };
		er = db_exec(db, SQL_DLR_PENDING_GW, p, 4, &n, NULL);
	} else {
		struct db_param p[] = { DB_STR(stat),
		    DB_STR(dlr_status_names[s]), DB_STR(gateway), DB_STR(gwid),
		    DB_INT(life_s) };
		er = db_exec(db, SQL_DLR_FINAL_GW, p, 5, &n, NULL);
	}
	if (er != SME_OK)
		return er;
	if (n > 0) {
		*out = DLR_RECORDED;
		return SME_OK;
	}
	{
		struct db_param p[] = { DB_INT(life_s), DB_STR(gateway),
		    DB_STR(gwid) };
		if ((er = db_query(db, SQL_DLR_WHY_GW, p, 3, &res)) != SME_OK)
			return er;
	}
	*out = dlr_why(res);
	db_res_free(res);
	return SME_OK;
}
