/*
 * sms.c - message templates and the outbox insert. Templates are Chinese
 * text with {name} placeholders; the configuration may replace each. A
 * verification code ({code}) never reaches the outbox readable: the row
 * holds the text with the code masked and the whole text sealed.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "config.h"
#include "db.h"
#include "dlr.h"
#include "sms.h"

#define SMS_NONCE	12	/* AES-GCM nonce bytes */
#define SMS_TAG		16	/* AES-GCM tag bytes */
#define SMS_CODE_MAX	16	/* characters of a code that can be masked */

static const char *const sms_defaults[][2] = {
	{ "register_code", "您的注册验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。" },
	{ "reset_code", "您正在找回密码，验证码为{code}，{minutes}分钟内有效。请勿向任何人泄露。" },
	{ "username", "您在江苏省专精特新企业培育服务平台的用户名为{username}。" },
	{ "login_code", "您正在登录平台，验证码为{code}，{minutes}分钟内有效。请勿向任何人泄露。" },
	{ "login_alert", "您的平台账号{username}于{time}前后多次输错密码。如非本人操作，请及时修改密码；本人登录可使用短信验证码。" },
	{ "reset_notice", "您的平台账号{username}的密码已于{time}重置。如非本人操作，请立即联系所在地工信部门。" },
	/* Review decisions (handlers/sme-review.c). */
	{ "filing_returned", "您的{year}年{kind}申报已被{level}退回，原因：{reason}。请登录平台修改后重新提交。" },
	{ "filing_approved", "您的{year}年{kind}申报已通过{level}审核，{next}。" },
	{ "reg_approved", "您在江苏省专精特新企业培育服务平台的注册信息（{name}）已审核通过，可以登录平台申报。" },
	/* 在线咨询 (lib/consult.c): the link opens the thread after login. */
	{ "consult_answered", "您在平台的咨询“{subject}”已有回复，请登录查看：{url}" },
	/* Review deadlines (lib/remind.c): to a late bureau's reviewers, once a day. */
	{ "review_due", "{region}：您有{overdue}件申报已超过审核截止日期，{soon}件将在{days}天内到期，请尽快登录平台审核。" },
	/* The library's year (lib/libyear.c). */
	{ "library_update_due", "贵企业尚未完成{year}年度培育库数据更新，{deadline}。请登录平台填报“数据更新”；未及时更新数据的在库企业将按规则清退出库。" },
	{ "library_removed", "贵企业因未完成{year}年度数据更新已被清退出培育库，原因：{reason}。重新入库前不能申报专精特新认定，如有疑问请联系所在地工信部门。" },
	{ "library_restored", "贵企业的清退出库已由设区市工信部门撤销，已恢复培育库企业资格。说明：{reason}。" },
	/* A change of registered county (lib/regionmove.c). */
	{ "region_move_confirmed", "您在江苏省专精特新企业培育服务平台的注册地区变更申请已确认，注册地区现为{region}。审核中的申报已转至新的县（市、区）工信部门；被退回的申报请登录平台核对后重新提交。" },
	{ "region_move_refused", "您在江苏省专精特新企业培育服务平台的注册地区变更申请未获同意，原因：{reason}。" },
	/* A change of mobile (lib/mobilechange.c); {code} goes to the new number. */
	{ "mobile_code", "您正在变更平台账号的手机号，验证码为{code}，{minutes}分钟内有效。请勿向任何人泄露。" },
	{ "mobile_changed", "您的平台账号{username}的手机号已于{time}变更为{mobile}，本号码不再接收平台短信。如非本人操作，请立即联系所在地工信部门。" },
	{ "mobile_request_confirmed", "{name}的平台账号手机号已由县（市、区）工信部门变更为本号码，现在可以用本号码找回用户名和密码。" },
	{ "mobile_request_refused", "{name}变更平台账号手机号的申请未获同意，原因：{reason}。请联系所在县（市、区）工信部门。" },
	{ "reg_returned", "您在江苏省专精特新企业培育服务平台的注册信息（{name}）已被退回，原因：{reason}。请联系所在县（市、区）工信部门。" },
	{ "ministry_update", "{name}：国家专精特新“小巨人”企业需于3月1日至4月30日在工信部优质中小企业梯度培育平台完成{year}年度信息更新，请及时填报。" },
};

static const char SQL_SMS_QUEUE[] =
    "INSERT INTO sms_outbox (to_mobile, kind, text, status, created_at,"
    " due_at, give_up_at) VALUES (?, ?, ?, 'queued', UTC_TIMESTAMP(3),"
    " UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL ? SECOND)";
static const char SQL_SMS_QUEUE_SEALED[] =
    "INSERT INTO sms_outbox (to_mobile, kind, text, text_sealed, status,"
    " created_at, due_at, give_up_at) VALUES (?, ?, ?, ?, 'queued',"
    " UTC_TIMESTAMP(3), UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL ? SECOND)";

/* The template of kind, from the configuration or the defaults; or NULL. */
static const char *
sms_template(const struct config *cfg, const char *kind)
{
	char	 key[64];
	size_t	 i;

	snprintf(key, sizeof(key), "sms_tpl_%s", kind);
	if (config_str(cfg, key, NULL) != NULL)
		return config_str(cfg, key, NULL);
	for (i = 0; i < sizeof(sms_defaults) / sizeof(sms_defaults[0]); i++)
		if (strcmp(sms_defaults[i][0], kind) == 0)
			return sms_defaults[i][1];
	return NULL;
}

/* The value of {name} (name is namesz bytes) in vars, or NULL. */
static const char *
sms_var(const char *const *vars, const char *name, size_t namesz)
{
	for (; vars != NULL && vars[0] != NULL; vars += 2)
		if (strlen(vars[0]) == namesz && memcmp(vars[0], name, namesz) == 0)
			return vars[1];
	return NULL;
}

enum sme_err
sms_render(const struct config *cfg, const char *kind,
    const char *const *vars, char *out, size_t outsz)
{
	const char	*t = sms_template(cfg, kind), *e, *v;
	size_t		 o, n;

	if (t == NULL || outsz == 0)
		return SME_EINPUT;
	o = (size_t)snprintf(out, outsz, "%s",
	    config_text(cfg, "sms_signature"));
	for (; o < outsz && *t != '\0'; t++) {
		if (*t == '{' && (e = strchr(t, '}')) != NULL &&
		    (v = sms_var(vars, t + 1, (size_t)(e - t - 1))) != NULL) {
			n = strlen(v);
			if (o + n >= outsz)
				return SME_EINPUT;
			memcpy(out + o, v, n);
			o += n;
			t = e;
		} else
			out[o++] = *t;
	}
	if (o >= outsz)
		return SME_EINPUT;
	out[o] = '\0';
	return SME_OK;
}

enum sme_err
sms_enqueue(struct db *db, const struct config *cfg, const char *mobile,
    const char *kind, const char *text)
{
	struct db_param	 p[] = { DB_STR(mobile), DB_STR(kind), DB_STR(text),
	    DB_INT(config_num(cfg, "sms_give_up_s")) };

	return db_exec(db, SQL_SMS_QUEUE, p, 4, NULL, NULL);
}

/* The key that seals outbox texts: HMAC-SHA256(secret, "sms-outbox-seal"). */
static int
sms_key(const unsigned char *secret, size_t secretsz, unsigned char key[32])
{
	static const char label[] = "sms-outbox-seal";
	unsigned int	 n = 0;

	if (secretsz == 0 || HMAC(EVP_sha256(), secret, (int)secretsz,
	    (const unsigned char *)label, sizeof(label) - 1, key, &n) == NULL ||
	    n != 32)
		return -1;
	return 0;
}

int
sms_seal(const struct config *cfg, const char *mobile, const char *text,
    unsigned char *out, size_t outmax, size_t *outsz)
{
	unsigned char	 secret[DLR_SECRET_MAX], key[32];
	size_t		 secretsz, n = strlen(text);
	EVP_CIPHER_CTX	*ctx = NULL;
	int		 len, rc = -1;

	*outsz = 0;
	if (n > SMS_TEXT_MAX || outmax < n + SMS_SEAL_OVER ||
	    dlr_secret(cfg, secret, &secretsz) != 0 ||
	    sms_key(secret, secretsz, key) != 0 ||
	    RAND_bytes(out, SMS_NONCE) != 1 ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    !EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, out) ||
	    !EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)mobile,
	    (int)strlen(mobile)) ||
	    !EVP_EncryptUpdate(ctx, out + SMS_NONCE, &len,
	    (const unsigned char *)text, (int)n) || (size_t)len != n ||
	    !EVP_EncryptFinal_ex(ctx, out + SMS_NONCE + n, &len) ||
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SMS_TAG,
	    out + SMS_NONCE + n))
		goto out;
	*outsz = n + SMS_SEAL_OVER;
	rc = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(secret, sizeof(secret));
	return rc;
}

int
sms_unseal(const unsigned char *secret, size_t secretsz, const char *mobile,
    const unsigned char *in, size_t insz, char *out, size_t outsz)
{
	unsigned char	 key[32];
	EVP_CIPHER_CTX	*ctx = NULL;
	size_t		 n;
	int		 len, rc = -1;

	if (insz < SMS_SEAL_OVER || (n = insz - SMS_SEAL_OVER) >= outsz ||
	    sms_key(secret, secretsz, key) != 0)
		return -1;
	if ((ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    !EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, in) ||
	    !EVP_DecryptUpdate(ctx, NULL, &len, (const unsigned char *)mobile,
	    (int)strlen(mobile)) ||
	    !EVP_DecryptUpdate(ctx, (unsigned char *)out, &len, in + SMS_NONCE,
	    (int)n) || (size_t)len != n ||
	    !EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SMS_TAG,
	    (void *)(in + SMS_NONCE + n)) ||
	    EVP_DecryptFinal_ex(ctx, (unsigned char *)out + n, &len) != 1)
		goto out;
	out[n] = '\0';
	if (strlen(out) != n)	/* a NUL inside: not a text we sealed */
		goto out;
	rc = 0;
out:
	if (rc != 0 && outsz > 0)
		memset(out, 0, n < outsz ? n + 1 : outsz);
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}

/* The value of {code} in vars, or NULL: the one secret a template holds. */
static const char *
sms_code_var(const char *const *vars)
{
	return sms_var(vars, "code", 4);
}

enum sme_err
sms_send(struct db *db, const struct config *cfg, const char *mobile,
    const char *kind, const char *const *vars)
{
	char		 text[SMS_TEXT_MAX + 1], masked[SMS_TEXT_MAX + 1];
	char		 stars[SMS_CODE_MAX + 1];
	const char	*mvars[32], *code = sms_code_var(vars);
	unsigned char	 sealed[SMS_SEALED_MAX];
	size_t		 i, n, sealedsz;
	enum sme_err	 er;

	if ((er = sms_render(cfg, kind, vars, text, sizeof(text))) != SME_OK)
		return er;
	if (code == NULL)
		return sms_enqueue(db, cfg, mobile, kind, text);
	/* The same text with every character of the code a star. */
	n = strlen(code) < SMS_CODE_MAX ? strlen(code) : SMS_CODE_MAX;
	memset(stars, '*', n);
	stars[n] = '\0';
	for (i = 0; vars[i] != NULL && i + 2 < sizeof(mvars) / sizeof(mvars[0]);
	    i += 2) {
		mvars[i] = vars[i];
		mvars[i + 1] = strcmp(vars[i], "code") == 0 ? stars : vars[i + 1];
	}
	mvars[i] = NULL;
	if ((er = sms_render(cfg, kind, mvars, masked, sizeof(masked))) !=
	    SME_OK)
		goto out;
	if (sms_seal(cfg, mobile, text, sealed, sizeof(sealed), &sealedsz) != 0) {
		er = SME_ESYS;
		goto out;
	}
	{
		struct db_param p[] = { DB_STR(mobile), DB_STR(kind),
		    DB_STR(masked), DB_BIN(sealed, sealedsz),
		    DB_INT(config_num(cfg, "sms_give_up_s")) };
		er = db_exec(db, SQL_SMS_QUEUE_SEALED, p, 5, NULL, NULL);
	}
out:
	OPENSSL_cleanse(text, sizeof(text));
	return er;
}

void
sms_cut(const char *s, size_t max, char *out, size_t outsz)
{
	size_t	 o = 0, n = 0, len;

	while (*s != '\0') {
		len = ((unsigned char)*s & 0x80) == 0 ? 1 :
		    ((unsigned char)*s & 0xE0) == 0xC0 ? 2 :
		    ((unsigned char)*s & 0xF0) == 0xE0 ? 3 : 4;
		if (n == max || o + len + 4 > outsz)
			break;
		memcpy(out + o, s, len);
		o += len;
		s += len;
		n++;
	}
	if (*s != '\0' && o + 4 <= outsz) {
		memcpy(out + o, "\xE2\x80\xA6", 3);	/* … */
		o += 3;
	}
	out[o] = '\0';
}
