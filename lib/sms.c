/*
 * sms.c - message templates and the outbox insert. Templates are Chinese
 * text with {name} placeholders; the configuration may replace each.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "sms.h"

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
	{ "reg_returned", "您在江苏省专精特新企业培育服务平台的注册信息（{name}）已被退回，原因：{reason}。请联系所在县（市、区）工信部门。" },
};

static const char SQL_SMS_QUEUE[] =
    "INSERT INTO sms_outbox (to_mobile, kind, text, status, created_at,"
    " due_at, give_up_at) VALUES (?, ?, ?, 'queued', UTC_TIMESTAMP(3),"
    " UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL ? SECOND)";

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
	    config_str(cfg, "sms_signature", "【江苏省专精特新企业培育服务平台】"));
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
	    DB_INT(config_int(cfg, "sms_give_up_s", 3600)) };

	return db_exec(db, SQL_SMS_QUEUE, p, 4, NULL, NULL);
}

enum sme_err
sms_send(struct db *db, const struct config *cfg, const char *mobile,
    const char *kind, const char *const *vars)
{
	char		 text[SMS_TEXT_MAX + 1];
	enum sme_err	 er;

	if ((er = sms_render(cfg, kind, vars, text, sizeof(text))) != SME_OK)
		return er;
	return sms_enqueue(db, cfg, mobile, kind, text);
}
