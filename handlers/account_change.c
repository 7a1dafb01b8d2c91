/*
 * account_change.c - an enterprise corrects what registration fixed: its
 * county (a request its county or city decides, lib/regionmove.c) and its
 * mobile (a code to the new number plus the password,
 * lib/mobilechange.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account_change.h"
#include "app.h"
#include "codeform.h"
#include "db.h"
#include "mobilechange.h"
#include "loginguard.h"
#include "password.h"
#include "regionmove.h"
#include "session.h"
#include "smscode.h"
#include "smslimit.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

static const char SQL_ACCOUNT[] =
    "SELECT pw_hash, COALESCE(mobile, '') FROM account WHERE id = ?";
enum { CA_HASH, CA_MOBILE };

/* ---- the registered county --------------------------------------------- */

/*
 * The latest request of the enterprise into the page: "move_*" values
 * ("move_pending" while it waits).
 */
static enum sme_err
change_latest(struct app_ctx *c)
{
	static const struct {
		const char	*key;
		int		 col;
	} cols[] = {
		{ "move_state_key", REGIONMOVE_LATEST_STATE },
		{ "move_from", REGIONMOVE_LATEST_FROM },
		{ "move_to", REGIONMOVE_LATEST_TO },
		{ "move_reason", REGIONMOVE_LATEST_REASON },
		{ "move_refused", REGIONMOVE_LATEST_REFUSED },
		{ "move_at", REGIONMOVE_LATEST_ASKED },
		{ "move_decided", REGIONMOVE_LATEST_DECIDED },
	};
	struct db_res	*res;
	enum sme_err	 er;
	const char	*st;
	size_t		 i;

	if ((er = regionmove_latest(c->db, c->sess->enterprise_id,
	    &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		st = db_res_get(res, 0, REGIONMOVE_LATEST_STATE);
		tmpl_set(c->v, "move", "1");
		tmpl_set(c->v, "move_state", vocab_request_state_label(st));
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			tmpl_set(c->v, cols[i].key, db_res_get(res, 0, cols[i].col));
		if (strcmp(st, "pending") == 0)
			tmpl_set(c->v, "move_pending", "1");
	}
	db_res_free(res);
	return SME_OK;
}

/*
 * Jiangsu's cities with their counties ("cities", each with "counties"),
 * chosen marking sel; *known is 1 when chosen is one of the counties.
 */
static enum sme_err
change_counties(struct app_ctx *c, const char *chosen, int *known)
{
	struct db_res		*res;
	struct tmpl_vars	*city = NULL, *it;
	const char		*code;
	char			 cur[8] = "";
	enum sme_err		 er;
	size_t			 i;

	*known = 0;
	if ((er = regionmove_counties(c->db, &res)) != SME_OK)
		return er;
	/* In code order each city comes before its counties. */
	for (i = 0; i < res->nrows; i++) {
		code = db_res_get(res, i, REGIONMOVE_COUNTY_CODE);
		if (db_res_is(res, i, REGIONMOVE_COUNTY_LEVEL, "city")) {
			if ((city = tmpl_add(c->v, "cities")) == NULL)
				break;
			tmpl_set(city, "name", db_res_get(res, i,
			    REGIONMOVE_COUNTY_NAME));
			snprintf(cur, sizeof(cur), "%s", code);
			continue;
		}
		if (city == NULL ||
		    !db_res_is(res, i, REGIONMOVE_COUNTY_PARENT, cur) ||
		    (it = tmpl_add(city, "counties")) == NULL)
			continue;
		tmpl_set(it, "code", code);
		tmpl_set(it, "name", db_res_get(res, i, REGIONMOVE_COUNTY_NAME));
		tmpl_set(it, "sel", chosen != NULL && strcmp(chosen, code) == 0 ?
		    "1" : "0");
		if (chosen != NULL && strcmp(chosen, code) == 0)
			*known = 1;
	}
	db_res_free(res);
	return SME_OK;
}

/* The region page with status; county and reason as typed (may be NULL). */
static enum sme_err
change_region_render(struct app_ctx *c, const char *county,
    const char *reason, int status, int *known)
{
	int		 k;
	enum sme_err	 er;

	if ((er = change_latest(c)) != SME_OK ||
	    (er = change_counties(c, county, known != NULL ? known : &k)) != SME_OK)
		return er;
	tmpl_set(c->v, "region_now", c->sess->region_name);
	tmpl_set(c->v, "reason", reason);
	tmpl_setf(c->v, "reason_max", "%d", REGIONMOVE_REASON_MAX);
	return status == 0 ? SME_OK : app_render(c, status, "account_region");
}

enum sme_err
account_change_region(struct app_ctx *c)
{
	return change_region_render(c, NULL, NULL, 200, NULL);
}

enum sme_err
account_change_region_post(struct app_ctx *c)
{
	const char	*county = req_form(c->r, "county");
	const char	*reason = req_form(c->r, "reason");
	size_t		 n = validate_chars(reason);
	long long	 id;
	enum sme_err	 er;
	int		 known;

	if ((er = change_region_render(c, county, reason, 0, &known)) != SME_OK)
		return er;
	if (tmpl_get(c->v, "move_pending") != NULL) {
		tmpl_set(c->v, "alert", "已有一项待审核的注册地区变更申请，请等待审核结果。");
		return app_render(c, 409, "account_region");
	}
	if (county == NULL || *county == '\0')
		app_field_error(c, "county", "请选择新的注册地区（县、市、区）");
	else if (!known)
		app_field_error(c, "county", "请从列表中选择江苏省的县（市、区）");
	else if (strcmp(county, c->sess->region_code) == 0)
		app_field_error(c, "county", "新的注册地区与当前注册地区相同");
	if (n < REGIONMOVE_REASON_MIN)
		app_field_error(c, "reason", "请填写变更原因（至少5个字），如营业执照上的住所");
	else if (n > REGIONMOVE_REASON_MAX)
		app_field_error(c, "reason", "变更原因不能超过200个字");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return app_render(c, 422, "account_region");
	er = regionmove_request(c->db, c->sess->enterprise_id,
	    c->sess->account_id, c->r->remote_addr, county, reason, &id);
	if (er == SME_ECONFLICT) {
		tmpl_set(c->v, "alert", "已有一项待审核的注册地区变更申请，请等待审核结果。");
		return app_render(c, 409, "account_region");
	}
	if (er == SME_EINPUT) {
		app_field_error(c, "county", "新的注册地区与当前注册地区相同");
		return app_render(c, 422, "account_region");
	}
	if (er != SME_OK)
		return er;
	req_redirect(c->r, "/home?msg=region_requested");
	return SME_OK;
}

/* ---- the mobile ---------------------------------------------------------- */

/* The account's password hash into hash and its mobile into mobile. */
static enum sme_err
change_account(struct app_ctx *c, char *hash, size_t hashsz, char *mobile)
{
	struct db_param	 p[] = { DB_INT(c->sess->account_id) };
	struct db_res	*res;
	enum sme_err	 er;

	hash[0] = mobile[0] = '\0';
	if ((er = db_query(c->db, SQL_ACCOUNT, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 1) {
		snprintf(hash, hashsz, "%s", db_res_get(res, 0, CA_HASH));
		snprintf(mobile, 12, "%s", db_res_get(res, 0, CA_MOBILE));
	}
	db_res_free(res);
	return SME_OK;
}

/* The mobile page with status; the new mobile and code as typed. */
static enum sme_err
change_mobile_render(struct app_ctx *c, const char *now, const char *mobile,
    const char *code, int status)
{
	char	 masked[12];

	if (now[0] != '\0') {
		mobilechange_mask(now, masked);
		tmpl_set(c->v, "mobile_now", masked);
	}
	tmpl_set(c->v, "mobile", mobile);
	tmpl_set(c->v, "sms_code", code);
	tmpl_set(c->v, "sms_action", "/account/mobile/sms");
	tmpl_set(c->v, "sms_fields", "mobile");
	tmpl_setf(c->v, "code_minutes", "%ld", codeform_minutes(c));
	return app_render(c, status, "account_mobile");
}

/* The code's key: the new mobile and the username, lower case (subject). */
static char *
change_subject(struct app_ctx *c)
{
	return validate_trimmed(c->sess->username, -1);
}

enum sme_err
account_change_mobile(struct app_ctx *c)
{
	char		 hash[PASSWORD_HASH_MAX], now[12];
	enum sme_err	 er;

	if ((er = change_account(c, hash, sizeof(hash), now)) != SME_OK)
		return er;
	return change_mobile_render(c, now, NULL, NULL, 200);
}

/* The new mobile's message, or NULL: well formed and not the one now. */
static const char *
change_mobile_bad(const char *mobile, const char *now)
{
	const char	*msg;

	if ((msg = validate_mobile(mobile)) != NULL)
		return msg;
	if (strcmp(mobile, now) == 0)
		return "新手机号与当前手机号相同";
	return NULL;
}

enum sme_err
account_change_mobile_sms(struct app_ctx *c)
{
	struct smscode_key	 k;
	struct smslimit_verdict	 v;
	char			 hash[PASSWORD_HASH_MAX], now[12];
	char			*mobile, *subject = NULL;
	const char		*msg;
	int			 json = app_wants_json(c);
	enum sme_err		 er;

	if ((mobile = validate_trimmed(req_form(c->r, "mobile"), 0)) == NULL)
		return SME_ENOMEM;
	if ((er = change_account(c, hash, sizeof(hash), now)) != SME_OK)
		goto out;
	if ((msg = change_mobile_bad(mobile, now)) != NULL) {
		if (json)
			app_json_answer(c, 422, "mobile", msg, 0);
		else {
			app_field_error(c, "mobile", msg);
			er = change_mobile_render(c, now, mobile, NULL, 422);
		}
		goto out;
	}
	if ((subject = change_subject(c)) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	k.purpose = SMSCODE_MOBILE;
	k.mobile = mobile;
	k.subject = subject;
	if ((er = codeform_ask(c, &k, 1, &v)) != SME_OK)
		goto out;
	if (v.retry_after > 0) {
		if (!codeform_json_refused(c, &v, "sms_code")) {
			tmpl_set(c->v, "alert", v.message);
			er = change_mobile_render(c, now, mobile, NULL, 429);
		}
		goto out;
	}
	if (json)
		codeform_json_sent(c, "验证码已发送至新手机号，");
	else {
		tmpl_set(c->v, "sent", "1");
		er = change_mobile_render(c, now, mobile, NULL, 200);
	}
out:
	free(subject);
	free(mobile);
	return er;
}

/*
 * Check the mobile form: the new mobile, the password, then the code
 * (only when the mobile is well formed: it is the code's key). *code_id
 * is the code's row when right.
 */
static enum sme_err
change_mobile_check(struct app_ctx *c, const char *mobile, const char *now,
    const char *hash, long long *code_id)
{
	struct smscode_key	 k = { SMSCODE_MOBILE, mobile, NULL };
	const char		*cur = req_form(c->r, "current");
	const char		*msg;
	char			*subject, wrong[128];
	enum sme_err		 er;

	if ((msg = change_mobile_bad(mobile, now)) != NULL)
		app_field_error(c, "mobile", msg);
	/* Under the login's limits: a stolen session guesses no faster. */
	if ((er = loginguard_current(c->db, c->app->cfg, c->sess->username,
	    c->r->remote_addr, cur, hash, wrong, sizeof(wrong))) != SME_OK)
		return er;
	if (*wrong != '\0')
		app_field_error(c, "current", wrong);
	if ((subject = change_subject(c)) == NULL)
		return SME_ENOMEM;
	k.subject = subject;
	er = codeform_check(c, &k, req_form(c->r, "sms_code"), msg == NULL,
	    code_id);
	free(subject);
	return er;
}

enum sme_err
account_change_mobile_post(struct app_ctx *c)
{
	char		 hash[PASSWORD_HASH_MAX], now[12], *mobile;
	long long	 code_id;
	enum sme_err	 er;
	int		 gone = 0;

	if ((mobile = validate_trimmed(req_form(c->r, "mobile"), 0)) == NULL)
		return SME_ENOMEM;
	if ((er = change_account(c, hash, sizeof(hash), now)) != SME_OK ||
	    (er = change_mobile_check(c, mobile, now, hash, &code_id)) != SME_OK)
		goto out;
	if (tmpl_get(c->v, "has_errors") == NULL &&
	    (er = mobilechange_self(c->db, c->app->cfg, c->sess->account_id,
	    mobile, code_id, c->r->remote_addr, &gone)) != SME_OK)
		goto out;
	if (gone)
		app_field_error(c, "sms_code", smscode_message(SMSCODE_EXPIRED));
	if (tmpl_get(c->v, "has_errors") != NULL) {
		er = change_mobile_render(c, now, mobile, req_form(c->r,
		    "sms_code"), 422);
		goto out;
	}
	req_redirect(c->r, "/home?msg=mobile_changed");
out:
	free(mobile);
	return er;
}
