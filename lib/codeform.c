/*
 * codeform.c - the SMS code step of the handlers' forms: ask, check, and
 * the words and headers of their answers (codeform.h).
 */
#include <stdio.h>

#include "app.h"
#include "codeform.h"
#include "req.h"
#include "smscode.h"
#include "smslimit.h"

/* The secret codes are hashed under: the application's. */
static struct smscode_secret
codeform_secret(const struct app_ctx *c)
{
	struct smscode_secret	 s = { c->app->secret, c->app->secretsz };

	return s;
}

long
codeform_minutes(const struct app_ctx *c)
{
	return (smscode_ttl_s(c->app->cfg) + 59) / 60;
}

void
codeform_retry_after(struct app_ctx *c, long secs)
{
	char	 s[24];

	snprintf(s, sizeof(s), "%ld", secs);
	req_header(c->r, "Retry-After", s);
}

enum sme_err
codeform_ask(struct app_ctx *c, const struct smscode_key *k, int deliver,
    struct smslimit_verdict *v)
{
	struct smscode_secret	 sec = codeform_secret(c);
	enum sme_err		 er;

	if ((er = smscode_request(c->db, c->app->cfg, &sec, k,
	    c->r->remote_addr, deliver, v)) != SME_OK)
		return er;
	if (v->retry_after > 0)
		codeform_retry_after(c, v->retry_after);
	return SME_OK;
}

int
codeform_json_refused(struct app_ctx *c, const struct smslimit_verdict *v,
    const char *field)
{
	if (!app_wants_json(c))
		return 0;
	app_json_answer(c, 429, field, v->message, v->retry_after);
	return 1;
}

enum sme_err
codeform_check(struct app_ctx *c, const struct smscode_key *k,
    const char *code, int key_ok, long long *code_id)
{
	struct smscode_secret	 sec = codeform_secret(c);
	enum smscode_result	 res;
	enum sme_err		 er;

	*code_id = 0;
	if (code == NULL || *code == '\0')
		app_field_error(c, "sms_code", "请填写短信验证码");
	else if (!smscode_valid(code))
		app_field_error(c, "sms_code", "短信验证码为6位数字");
	else if (key_ok) {
		if ((er = smscode_check(c->db, c->app->cfg, &sec, k, code,
		    &res, code_id)) != SME_OK)
			return er;
		if (res != SMSCODE_OK)
			app_field_error(c, "sms_code", smscode_message(res));
	}
	return SME_OK;
}

void
codeform_json_sent(struct app_ctx *c, const char *sent)
{
	char	 m[256];

	snprintf(m, sizeof(m), "%s%ld分钟内有效。", sent, codeform_minutes(c));
	app_json_answer(c, 200, NULL, m, smslimit_gap_s(c->app->cfg));
}
