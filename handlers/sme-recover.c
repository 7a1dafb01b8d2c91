/*
 * sme-recover.c - forgotten username and password (seed 002 FAQ 1.1): the
 * enterprise gives its credit code or username and its contact mobile, and
 * the platform sends the result by SMS to that mobile. Every answer is the
 * same, in bytes and in the work behind it, whether or not an account
 * matches. An enterprise that lost both its password and its mobile asks
 * its county to change the mobile (/recover/mobile, lib/mobilechange.c),
 * answered the same way. Routes are in the table above main().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "account.h"
#include "audit.h"
#include "claim.h"
#include "codeform.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mobilechange.h"
#include "loginguard.h"
#include "password.h"
#include "session.h"
#include "sms.h"
#include "smscode.h"
#include "smslimit.h"
#include "tmpl.h"
#include "validate.h"

/*
 * Only enterprise accounts recover by SMS; reviewers are reset by the
 * operator (sme-admin password-reset), who knows who they are.
 */
static const char SQL_BY_USCC[] =
    "SELECT a.id, a.username FROM account a"
    " JOIN enterprise e ON e.id = a.enterprise_id"
    " WHERE e.uscc = ? AND a.mobile = ? AND a.role = 'enterprise'"
    " AND e.status IN ('pending', 'confirmed')";
static const char SQL_BY_USERNAME[] =
    "SELECT id, username FROM account"
    " WHERE username = ? AND mobile = ? AND role = 'enterprise'";
/* The columns of SQL_BY_USCC and SQL_BY_USERNAME. */
enum { RM_ID, RM_USERNAME };

/* A recovery form as typed. Strings are borrowed unless said. */
struct rec {
	char		*uscc;		/* trimmed, upper case; owned */
	char		*username;	/* trimmed; owned */
	char		*subject;	/* username in lower case; owned */
	char		*mobile;	/* trimmed; owned */
	const char	*code;		/* the SMS code */
	const char	*password;
	const char	*password2;
};

static void
rec_free(struct rec *f)
{
	free(f->uscc);
	free(f->username);
	free(f->subject);
	free(f->mobile);
}

/* Read the recovery fields of the request into f (zeroed by the caller). */
static enum sme_err
rec_read(struct app_ctx *c, struct rec *f)
{
	if ((f->uscc = validate_trimmed(req_form(c->r, "uscc"), 1)) == NULL ||
	    (f->username = validate_trimmed(req_form(c->r, "username"), 0)) == NULL ||
	    (f->subject = validate_trimmed(req_form(c->r, "username"), -1)) == NULL ||
	    (f->mobile = validate_trimmed(req_form(c->r, "mobile"), 0)) == NULL)
		return SME_ENOMEM;
	f->code = req_form(c->r, "sms_code");
	f->password = req_form(c->r, "password");
	f->password2 = req_form(c->r, "password2");
	return SME_OK;
}

/* Show page with status and what was typed (never a password). */
static enum sme_err
rec_render(struct app_ctx *c, const struct rec *f, int status,
    const char *page)
{
	if (f != NULL) {
		tmpl_set(c->v, "uscc", f->uscc);
		tmpl_set(c->v, "username", f->username);
		tmpl_set(c->v, "mobile", f->mobile);
		tmpl_set(c->v, "sms_code", f->code);
	}
	tmpl_setf(c->v, "code_minutes", "%ld", codeform_minutes(c));
	return app_render(c, status, page);
}

/* Refused by an SMS limit (Retry-After set): 429 as JSON or as page. */
static enum sme_err
rec_limited(struct app_ctx *c, const struct rec *f,
    const struct smslimit_verdict *v, const char *page)
{
	if (codeform_json_refused(c, v, NULL))
		return SME_OK;
	tmpl_set(c->v, "alert", v->message);
	return rec_render(c, f, 429, page);
}

/*
 * The account of (sql, key, mobile), if one: *id and its username into
 * name (namesz bytes), else *id 0.
 */
static enum sme_err
rec_match(struct app_ctx *c, const char *sql, const char *key,
    const char *mobile, long long *id, char *name, size_t namesz)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(key), DB_STR(mobile) };
	enum sme_err	 er;

	*id = 0;
	name[0] = '\0';
	if ((er = db_query(c->db, sql, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 1) {
		*id = db_res_int(res, 0, RM_ID, 0);
		snprintf(name, namesz, "%s", db_res_get(res, 0, RM_USERNAME));
	}
	db_res_free(res);
	return SME_OK;
}

/*
 * GET /recover/username and /recover/password: the empty form, whose
 * template the path names ("/recover/x" is recover_x.html).
 */
static enum sme_err
page_form(struct app_ctx *c)
{
	char	 page[32];

	snprintf(page, sizeof(page), "recover_%s",
	    c->r->path + strlen("/recover/"));
	return rec_render(c, NULL, 200, page);
}

/*
 * POST /recover/username: when the credit code and mobile match an
 * enterprise's account, its username goes by SMS to that mobile. The
 * request is counted against the address and the credit code either way,
 * against the mobile only when its message is sent (lib/smslimit.h).
 */
static enum sme_err
page_username_post(struct app_ctx *c)
{
	struct rec		 f;
	struct smslimit_verdict	 v;
	char			 name[80], oid[32];
	const char		*msg;
	long long		 id;
	long			 live;
	enum sme_err		 er;

	memset(&f, 0, sizeof(f));
	if ((er = rec_read(c, &f)) != SME_OK)
		goto out;
	if ((msg = validate_uscc(f.uscc)) != NULL)
		app_field_error(c, "uscc", msg);
	if ((msg = validate_mobile(f.mobile)) != NULL)
		app_field_error(c, "mobile", msg);
	if (tmpl_get(c->v, "has_errors") != NULL) {
		er = rec_render(c, &f, 422, "recover_username");
		goto out;
	}
	if ((er = db_begin(c->db)) != SME_OK)
		goto out;
	if ((er = rec_match(c, SQL_BY_USCC, f.uscc, f.mobile, &id, name,
	    sizeof(name))) != SME_OK ||
	    (er = claim_live(c->db, f.uscc, &live)) != SME_OK)
		goto fail;
	/*
	 * Two live registrations of the code: one may be a squatter's, so the
	 * username goes to neither; the county sees the dispute (and this) on
	 * its registrations page.
	 */
	if (id != 0 && live > 1) {
		if ((er = audit_log(c->db, 0, c->r->remote_addr,
		    "recover_username_withheld", "uscc", f.uscc, NULL,
		    NULL)) != SME_OK)
			goto fail;
		id = 0;
	}
	if ((er = smslimit_take(c->db, c->app->cfg, SMSLIMIT_USERNAME,
	    f.mobile, c->r->remote_addr, f.uscc, id != 0, &v)) != SME_OK)
		goto fail;
	if (v.retry_after > 0) {
		db_rollback(c->db);
		codeform_retry_after(c, v.retry_after);
		er = rec_limited(c, &f, &v, "recover_username");
		goto out;
	}
	if (id != 0 && !v.held) {
		const char *vars[] = { "username", name, NULL };
		snprintf(oid, sizeof(oid), "%lld", id);
		if ((er = sms_send(c->db, c->app->cfg, f.mobile, "username",
		    vars)) != SME_OK ||
		    (er = audit_log(c->db, 0, c->r->remote_addr,
		    "recover_username", "account", oid, NULL, NULL)) != SME_OK)
			goto fail;
	}
	if ((er = db_commit(c->db)) != SME_OK)
		goto fail;
	tmpl_set(c->v, "sent", "1");
	er = rec_render(c, &f, 200, "recover_username");
	goto out;
fail:
	db_rollback(c->db);
out:
	rec_free(&f);
	return er;
}

/*
 * POST /recover/password/sms: a reset code for (username, mobile). A code
 * is made and stored for any well-formed pair; it goes out by SMS only
 * when the pair matches an enterprise account.
 */
static enum sme_err
page_password_sms(struct app_ctx *c)
{
	struct rec		 f;
	struct smscode_key	 k;
	struct smslimit_verdict	 v;
	char			 name[80];
	const char		*umsg, *mmsg;
	long long		 id;
	enum sme_err		 er;

	memset(&f, 0, sizeof(f));
	if ((er = rec_read(c, &f)) != SME_OK)
		goto out;
	if ((umsg = validate_username(f.username)) != NULL)
		app_field_error(c, "username", umsg);
	if ((mmsg = validate_mobile(f.mobile)) != NULL)
		app_field_error(c, "mobile", mmsg);
	if (umsg != NULL || mmsg != NULL) {
		if (app_wants_json(c))
			app_json_answer(c, 422, umsg != NULL ? "username" : "mobile",
			    umsg != NULL ? umsg : mmsg, 0);
		else
			er = rec_render(c, &f, 422, "recover_password");
		goto out;
	}
	if ((er = rec_match(c, SQL_BY_USERNAME, f.username, f.mobile, &id,
	    name, sizeof(name))) != SME_OK)
		goto out;
	k.purpose = SMSCODE_RESET;
	k.mobile = f.mobile;
	k.subject = f.subject;
	if ((er = codeform_ask(c, &k, id != 0, &v)) != SME_OK)
		goto out;
	if (v.retry_after > 0) {
		er = rec_limited(c, &f, &v, "recover_password");
		goto out;
	}
	if (app_wants_json(c)) {
		codeform_json_sent(c, "如用户名和手机号与平台记录一致，验证码已"
		    "发送至该手机，");
		goto out;
	}
	tmpl_set(c->v, "sent", "1");
	er = rec_render(c, &f, 200, "recover_password");
out:
	rec_free(&f);
	return er;
}

/* Check the reset form; the code only when the rest of its key is well formed. */
static enum sme_err
rec_check(struct app_ctx *c, const struct rec *f, long long *code_id)
{
	struct smscode_key	 k = { SMSCODE_RESET, f->mobile, f->subject };
	const char		*msg;

	if ((msg = validate_username(f->username)) != NULL)
		app_field_error(c, "username", msg);
	if ((msg = validate_mobile(f->mobile)) != NULL)
		app_field_error(c, "mobile", msg);
	if ((msg = validate_password(f->password, f->username, NULL)) != NULL)
		app_field_error(c, "password", msg);
	if (f->password2 == NULL || f->password == NULL ||
	    strcmp(f->password, f->password2) != 0)
		app_field_error(c, "password2", "两次输入的新密码不一致");
	return codeform_check(c, &k, f->code, tmpl_get(c->v, "err_username") ==
	    NULL && tmpl_get(c->v, "err_mobile") == NULL, code_id);
}

/* Reset the password of id (lib account_reset_by_code); *gone as there. */
static enum sme_err
rec_reset(struct app_ctx *c, const struct rec *f, long long code_id,
    long long id, const char *name, const char *hash, int *gone)
{
	return account_reset_by_code(c->db, c->app->cfg, code_id, id, name, hash,
	    f->mobile, c->r->remote_addr, gone);
}

/*
 * POST /recover/password: a new password with the code sent to the
 * mobile. A wrong or expired code, and an unknown user, are the same 422
 * on sms_code.
 */
static enum sme_err
page_password_post(struct app_ctx *c)
{
	struct rec	 f;
	char		 name[80], hash[PASSWORD_HASH_MAX];
	long long	 code_id, id;
	enum sme_err	 er;
	int		 gone = 0;

	memset(&f, 0, sizeof(f));
	if ((er = rec_read(c, &f)) != SME_OK ||
	    (er = rec_check(c, &f, &code_id)) != SME_OK)
		goto out;
	if (tmpl_get(c->v, "has_errors") != NULL) {
		er = rec_render(c, &f, 422, "recover_password");
		goto out;
	}
	if ((er = rec_match(c, SQL_BY_USERNAME, f.username, f.mobile, &id,
	    name, sizeof(name))) != SME_OK)
		goto out;
	/*
	 * A right code with no account behind it was never sent to anyone,
	 * so it was guessed: the answer of a wrong code.
	 */
	if (id == 0) {
		app_field_error(c, "sms_code", smscode_message(SMSCODE_WRONG));
		er = rec_render(c, &f, 422, "recover_password");
		goto out;
	}
	if ((er = password_hash(f.password, hash, sizeof(hash))) != SME_OK ||
	    (er = rec_reset(c, &f, code_id, id, name, hash, &gone)) != SME_OK)
		goto out;
	if (gone) {
		app_field_error(c, "sms_code", smscode_message(SMSCODE_EXPIRED));
		er = rec_render(c, &f, 422, "recover_password");
		goto out;
	}
	log_info("password of %s reset by SMS", name);
	req_redirect(c->r, "/login?msg=password_reset");
out:
	rec_free(&f);
	return er;
}

/* ---- a new mobile through the county ----------------------------------- */

/* The county request page with status and what was typed (f may be NULL). */
static enum sme_err
rec_mobile_render(struct app_ctx *c, const struct rec *f, int status)
{
	if (f != NULL) {
		tmpl_set(c->v, "contact", req_form(c->r, "contact"));
		tmpl_set(c->v, "reason", req_form(c->r, "reason"));
	}
	/* The code's key is the credit code and the new mobile. */
	tmpl_set(c->v, "sms_action", "/recover/mobile/sms");
	tmpl_set(c->v, "sms_fields", "uscc mobile");
	return rec_render(c, f, status, "recover_mobile");
}

static enum sme_err
page_mobile(struct app_ctx *c)
{
	return rec_mobile_render(c, NULL, 200);
}

/* The fields of a code's key (credit code, new mobile) checked; 1 if both are well formed. */
static int
rec_mobile_key_ok(struct app_ctx *c, const struct rec *f, const char **msg,
    const char **field)
{
	const char	*m;

	*msg = *field = NULL;
	if ((m = validate_mobile(f->mobile)) != NULL) {
		app_field_error(c, "mobile", m);
		*msg = m;
		*field = "mobile";
	}
	if ((m = validate_uscc(f->uscc)) != NULL) {
		app_field_error(c, "uscc", m);
		*msg = m;
		*field = "uscc";
	}
	return *msg == NULL;
}

/*
 * POST /recover/mobile/sms: a code to the new mobile, keyed by it and the
 * credit code. It goes out whether or not the credit code is on the
 * platform (the number is the asker's own), so nothing is learnt here.
 */
static enum sme_err
page_mobile_sms(struct app_ctx *c)
{
	struct rec		 f;
	struct smscode_key	 k;
	struct smslimit_verdict	 v;
	const char		*msg, *field;
	enum sme_err		 er;

	memset(&f, 0, sizeof(f));
	if ((er = rec_read(c, &f)) != SME_OK)
		goto out;
	if (!rec_mobile_key_ok(c, &f, &msg, &field)) {
		if (app_wants_json(c))
			app_json_answer(c, 422, field, msg, 0);
		else
			er = rec_mobile_render(c, &f, 422);
		goto out;
	}
	k.purpose = SMSCODE_MOBILE_COUNTY;
	k.mobile = f.mobile;
	k.subject = f.uscc;
	if ((er = codeform_ask(c, &k, 1, &v)) != SME_OK)
		goto out;
	if (v.retry_after > 0) {
		er = rec_limited(c, &f, &v, "recover_mobile");
		goto out;
	}
	if (app_wants_json(c)) {
		codeform_json_sent(c, "验证码已发送至新手机号，");
		goto out;
	}
	tmpl_set(c->v, "sent", "1");
	er = rec_mobile_render(c, &f, 200);
out:
	rec_free(&f);
	return er;
}

/* Check the county request form; *code_id the code's row when right. */
static enum sme_err
rec_mobile_check(struct app_ctx *c, const struct rec *f, long long *code_id)
{
	struct smscode_key	 k = { SMSCODE_MOBILE_COUNTY, f->mobile, f->uscc };
	const char		*contact = req_form(c->r, "contact");
	const char		*msg, *field;
	size_t			 n = validate_chars(req_form(c->r, "reason"));
	int			 key_ok;

	key_ok = rec_mobile_key_ok(c, f, &msg, &field);
	if ((msg = validate_text(contact, MOBILECHANGE_CONTACT_MAX)) != NULL)
		app_field_error(c, "contact", strcmp(msg, "内容过长") == 0 ?
		    "经办人姓名不能超过30个字" : "请填写经办人姓名");
	if (n < MOBILECHANGE_REASON_MIN)
		app_field_error(c, "reason", "请填写申请原因（至少5个字），如原手机号已停用");
	else if (n > MOBILECHANGE_REASON_MAX)
		app_field_error(c, "reason", "申请原因不能超过200个字");
	return codeform_check(c, &k, f->code, key_ok, code_id);
}

/*
 * POST /recover/mobile: the request to the county. Stored only when the
 * credit code names a confirmed enterprise, but the answer is the same
 * page either way (lib/mobilechange.h).
 */
static enum sme_err
page_mobile_post(struct app_ctx *c)
{
	struct rec		 f;
	struct mobilechange_ask	 a;
	long long		 code_id;
	char			*contact = NULL, *reason = NULL;
	enum sme_err		 er;

	memset(&f, 0, sizeof(f));
	memset(&a, 0, sizeof(a));
	if ((er = rec_read(c, &f)) != SME_OK ||
	    (er = rec_mobile_check(c, &f, &code_id)) != SME_OK)
		goto out;
	if (tmpl_get(c->v, "has_errors") != NULL) {
		er = rec_mobile_render(c, &f, 422);
		goto out;
	}
	if ((contact = validate_trimmed(req_form(c->r, "contact"), 0)) == NULL ||
	    (reason = validate_trimmed(req_form(c->r, "reason"), 0)) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	a.uscc = f.uscc;
	a.mobile = f.mobile;
	a.contact = contact;
	a.reason = reason;
	a.ip = c->r->remote_addr;
	a.code_id = code_id;
	if ((er = mobilechange_request(c->db, &a)) != SME_OK)
		goto out;
	if (a.gone) {
		app_field_error(c, "sms_code", smscode_message(SMSCODE_EXPIRED));
		er = rec_mobile_render(c, &f, 422);
		goto out;
	}
	tmpl_set(c->v, "asked", "1");
	er = rec_mobile_render(c, NULL, 200);
out:
	free(contact);
	free(reason);
	rec_free(&f);
	return er;
}

static const struct app_route routes[] = {
	{ REQ_GET, "/recover/username", page_form, APP_PUBLIC },
	{ REQ_POST, "/recover/username", page_username_post, APP_PUBLIC },
	{ REQ_GET, "/recover/password", page_form, APP_PUBLIC },
	{ REQ_POST, "/recover/password/sms", page_password_sms, APP_PUBLIC },
	{ REQ_POST, "/recover/password", page_password_post, APP_PUBLIC },
	{ REQ_GET, "/recover/mobile", page_mobile, APP_PUBLIC },
	{ REQ_POST, "/recover/mobile/sms", page_mobile_sms, APP_PUBLIC },
	{ REQ_POST, "/recover/mobile", page_mobile_post, APP_PUBLIC },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-recover", routes, NELEM(routes));
}
