/*
 * sme-account.c - the account handler: registration of an enterprise (with
 * an SMS code and its business licence), login, logout, change password and
 * the home page of each role; the county and mobile corrections are
 * account_change.c's. Routes are in the table above main().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "account.h"
#include "account_change.h"
#include "audit.h"
#include "codeform.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "flow.h"
#include "enterprise.h"
#include "filetype.h"
#include "home.h"
#include "keptfile.h"
#include "sniff.h"
#include "log.h"
#include "flash.h"
#include "loginguard.h"
#include "password.h"
#include "pending.h"
#include "regionmove.h"
#include "reglimit.h"
#include "session.h"
#include "sms.h"
#include "smscode.h"
#include "smslimit.h"
#include "store.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

#define REG_NAME_MAX		100	/* characters of an enterprise name */
#define REG_LICENCE_TYPES	"jpg,jpeg,png,pdf"	/* an image or an e-licence */
#define REG_KEPT_PURPOSE	"licence"	/* lib/keptfile.h purpose */
/* Seed 002 FAQ 1.4's words, and the electronic licence. */
#define REG_LICENCE_RULE	"请上传图片格式的营业执照（jpg、jpeg、png）" \
				"或电子营业执照（PDF）"

static const char SQL_ACCOUNT_BY_NAME[] =
    "SELECT id, pw_hash, status, COALESCE(mobile, '') FROM account"
    " WHERE username = ?";
enum { AN_ID, AN_HASH, AN_STATUS, AN_MOBILE };
static const char SQL_ACCOUNT_HASH[] =
    "SELECT pw_hash FROM account WHERE id = ?";
enum { AH_HASH };

static enum sme_err
page_root(struct app_ctx *c)
{
	req_redirect(c->r, "/home");
	return SME_OK;
}

static enum sme_err
page_login(struct app_ctx *c)
{
	tmpl_set(c->v, "notice", flash_text(FLASH_ACCOUNT, req_query(c->r, "msg")));
	tmpl_set(c->v, "next", app_safe_next(req_query(c->r, "next")));
	return app_render(c, 200, "login");
}

/* Show the login form again with status and a message. */
static enum sme_err
login_fail(struct app_ctx *c, int status, const char *msg)
{
	tmpl_set(c->v, "username", req_form(c->r, "username"));
	tmpl_set(c->v, "next", app_safe_next(req_form(c->r, "next")));
	tmpl_set(c->v, "login_error", msg);
	return app_render(c, status, "login");
}

/* The account a login names: id 0 when none. */
struct login_acct {
	long long	 id;
	char		 hash[PASSWORD_HASH_MAX];
	char		 status[16];
	char		 mobile[16];	/* "" when none */
};

static enum sme_err
login_lookup(struct app_ctx *c, const char *user, struct login_acct *a)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(user) };
	enum sme_err	 er;

	memset(a, 0, sizeof(*a));
	if ((er = db_query(c->db, SQL_ACCOUNT_BY_NAME, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 1) {
		a->id = db_res_int(res, 0, AN_ID, 0);
		snprintf(a->hash, sizeof(a->hash), "%s", db_res_get(res, 0, AN_HASH));
		snprintf(a->status, sizeof(a->status), "%s", db_res_get(res, 0, AN_STATUS));
		snprintf(a->mobile, sizeof(a->mobile), "%s", db_res_get(res, 0, AN_MOBILE));
	}
	db_res_free(res);
	return SME_OK;
}

/*
 * The mobile a login code of a is keyed to: its own, or for a name without
 * an account (or a mobile) one no phone has, so that the code is made and
 * checked the same way and simply never arrives.
 */
static const char *
login_code_mobile(const struct login_acct *a)
{
	return a->id != 0 && a->mobile[0] != '\0' ? a->mobile : "00000000000";
}

/* The time now in China Standard Time, "YYYY-MM-DD HH:MM". */
static void
login_now(char *buf, size_t bufsz)
{
	struct tm	 tm;
	time_t		 now = time(NULL) + 8 * 3600;

	gmtime_r(&now, &tm);
	strftime(buf, bufsz, "%Y-%m-%d %H:%M", &tm);
}

/*
 * A failed attempt of user from this address (attempt: its row, if
 * loginguard_take recorded it); tell the owner by SMS when the failures of
 * the name reach login_alert_after.
 */
static enum sme_err
login_record_failure(struct app_ctx *c, const char *user,
    const struct login_acct *a, long long attempt)
{
	char		 oid[32], when[32];
	enum sme_err	 er;
	int		 alert;

	if ((er = loginguard_fail(c->db, c->app->cfg, user,
	    c->r->remote_addr, attempt, &alert)) != SME_OK)
		return er;
	if (a->id == 0)
		return SME_OK;
	snprintf(oid, sizeof(oid), "%lld", a->id);
	if ((er = audit_log(c->db, a->id, c->r->remote_addr, "login_failed",
	    "account", oid, NULL, NULL)) != SME_OK)
		return er;
	if (!alert || a->mobile[0] == '\0')
		return SME_OK;
	login_now(when, sizeof(when));
	const char *vars[] = { "username", user, "time", when, NULL };
	log_info("login: failures of %s reached the alert, owner told", user);
	return sms_send(c->db, c->app->cfg, a->mobile, "login_alert", vars);
}

/*
 * Start the session of account id and send the browser home; code_id, if
 * not 0, is the login SMS code that let it past the delays, used up here.
 */
static enum sme_err
login_succeed(struct app_ctx *c, long long id, const char *pw,
    const char *stored, long long code_id)
{
	char		 tok[TOKEN_LEN + 1], oid[32], hash[PASSWORD_HASH_MAX];
	const char	*next;
	enum sme_err	 er;
	int		 ok;

	snprintf(oid, sizeof(oid), "%lld", id);
	if ((er = db_begin(c->db)) != SME_OK)
		return er;
	if (code_id != 0) {
		if ((er = smscode_use(c->db, code_id, &ok)) != SME_OK)
			goto fail;
		if (!ok) {
			db_rollback(c->db);
			app_field_error(c, "sms_code",
			    smscode_message(SMSCODE_EXPIRED));
			tmpl_set(c->v, "sms_login", "1");
			return login_fail(c, 401, NULL);
		}
	}
	if ((er = account_logged_in(c->db, id, password_needs_rehash(stored) &&
	    password_hash(pw, hash, sizeof(hash)) == SME_OK ? hash : NULL)) != SME_OK)
		goto fail;
	if ((er = session_create(c->db, id, c->r->remote_addr,
	    c->r->user_agent, c->app->session_ttl_s, tok)) != SME_OK ||
	    (er = audit_log(c->db, id, c->r->remote_addr, "login", "account",
	    oid, NULL, NULL)) != SME_OK ||
	    (er = db_commit(c->db)) != SME_OK)
		goto fail;
	req_cookie_set(c->r, SESSION_COOKIE, tok, -1,
	    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX);
	next = app_safe_next(req_form(c->r, "next"));
	req_redirect(c->r, next != NULL ? next : "/home");
	return SME_OK;
fail:
	db_rollback(c->db);
	return er;
}

/*
 * The SMS code typed with a login, if any: *code_id its row when right
 * (the delays are then waived), else a field error (*bad 1). Unknown
 * names are checked against a mobile no code was sent to: the same
 * "expired" answer as a known name that asked for none.
 */
static enum sme_err
login_check_code(struct app_ctx *c, const char *subject,
    const struct login_acct *a, long long *code_id, int *bad)
{
	struct smscode_key	 k = { SMSCODE_LOGIN, login_code_mobile(a),
				    subject };
	const char		*code = req_form(c->r, "sms_code");
	enum sme_err		 er;

	*code_id = 0;
	*bad = 0;
	if (code == NULL || *code == '\0')
		return SME_OK;
	if ((er = codeform_check(c, &k, code, 1, code_id)) != SME_OK)
		return er;
	*bad = tmpl_get(c->v, "err_sms_code") != NULL;
	return SME_OK;
}

/*
 * POST /login. Failures of a username and of an address impose a delay
 * before the next attempt is looked at (lib/loginguard.h); an attempt
 * within it is answered 429 without checking the password, the same for
 * every username, and is not counted. A login SMS code (POST /login/sms)
 * waives the delays: the owner always gets in, never locked out by
 * strangers.
 */
static enum sme_err
page_login_post(struct app_ctx *c)
{
	const char		*user = req_form(c->r, "username");
	const char		*pw = req_form(c->r, "password");
	struct login_acct	 a;
	struct loginguard	 g;
	char			 msg[256], *subject = NULL;
	long long		 code_id = 0, attempt = 0;
	enum sme_err		 er;
	int			 ok, bad;

	if (user == NULL || *user == '\0')
		app_field_error(c, "username", "请填写用户名");
	if (pw == NULL || *pw == '\0')
		app_field_error(c, "password", "请填写密码");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return login_fail(c, 422, NULL);
	if ((subject = validate_trimmed(user, -1)) == NULL)
		return SME_ENOMEM;
	if ((er = login_lookup(c, user, &a)) != SME_OK ||
	    (er = login_check_code(c, subject, &a, &code_id, &bad)) != SME_OK)
		goto out;
	if (bad) {
		tmpl_set(c->v, "sms_login", "1");
		er = login_fail(c, 401, NULL);
		goto out;
	}
	if (code_id == 0) {
		if ((er = loginguard_take(c->db, c->app->cfg, user,
		    c->r->remote_addr, &g, &attempt)) != SME_OK)
			goto out;
		if (g.wait_s > 0) {
			codeform_retry_after(c, g.wait_s);
			snprintf(msg, sizeof(msg), "登录失败次数较多，请%ld秒后再试，"
			    "或获取短信验证码后登录。", g.wait_s);
			tmpl_set(c->v, "sms_login", "1");
			er = login_fail(c, 429, msg);
			goto out;
		}
	}
	/*
	 * The password is checked on every path, so neither the answer nor
	 * its time tells a stranger whether an account exists.
	 */
	ok = password_verify(pw, a.id != 0 ? a.hash : NULL) && a.id != 0;
	if (!ok) {
		if ((er = login_record_failure(c, user, &a, attempt)) != SME_OK)
			goto out;
		if (code_id != 0)
			tmpl_set(c->v, "sms_login", "1");
		er = login_fail(c, 401, "用户名或密码错误。");
		goto out;
	}
	/* The right password: no failure, and the name's failures forgiven. */
	if ((er = loginguard_clear(c->db, user, attempt)) != SME_OK)
		goto out;
	if (strcmp(a.status, "locked") == 0)
		er = login_fail(c, 401, "账号已被锁定，请联系所在地工信部门。");
	else if (strcmp(a.status, "pending") == 0)
		er = login_fail(c, 401, "注册信息待所在县（市、区）工信部门审核确认，"
		    "审核通过后即可登录。");
	else
		er = login_succeed(c, a.id, pw, a.hash, code_id);
out:
	free(subject);
	return er;
}

/*
 * POST /login/sms: a login code for username, sent to the account's
 * mobile. The same answer for every well-formed name, whether or not it
 * has an account or a mobile; limited as recovery codes are.
 */
static enum sme_err
page_login_sms(struct app_ctx *c)
{
	const char		*user = req_form(c->r, "username");
	struct smscode_key	 k;
	struct smslimit_verdict	 v;
	struct login_acct	 a;
	char			*subject = NULL;
	enum sme_err		 er;

	tmpl_set(c->v, "sms_login", "1");
	if (user == NULL || *user == '\0' || strlen(user) > 64) {
		app_field_error(c, "username", "请填写用户名");
		return login_fail(c, 422, NULL);
	}
	if ((subject = validate_trimmed(user, -1)) == NULL)
		return SME_ENOMEM;
	if ((er = login_lookup(c, user, &a)) != SME_OK)
		goto out;
	k.purpose = SMSCODE_LOGIN;
	k.mobile = login_code_mobile(&a);
	k.subject = subject;
	if ((er = codeform_ask(c, &k, a.id != 0 && a.mobile[0] != '\0' &&
	    strcmp(a.status, "active") == 0, &v)) != SME_OK)
		goto out;
	if (v.retry_after > 0) {
		er = login_fail(c, 429, v.message);
		goto out;
	}
	tmpl_setf(c->v, "notice", "如该账号登记了手机号，登录验证码已发送至该手机，"
	    "%ld分钟内有效。", codeform_minutes(c));
	er = login_fail(c, 200, NULL);
out:
	free(subject);
	return er;
}

static enum sme_err
page_logout(struct app_ctx *c)
{
	const char	*tok = req_cookie(c->r, SESSION_COOKIE);
	enum sme_err	 er;

	if (tok != NULL && (er = session_revoke(c->db, tok)) != SME_OK)
		return er;
	req_cookie_set(c->r, SESSION_COOKIE, "", 0,
	    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX);
	req_redirect(c->r, "/login?msg=logged_out");
	return SME_OK;
}

/* What each role may do, shown on its home page. */
static const char *const home_can[][6] = {
	{ "enterprise", "填报入库申请（新增入库）", "每年更新企业数据（数据更新）",
	  "申报专精特新产品、专精特新小巨人企业认定", "查看申报状态和退回原因", NULL },
	{ "county", "审核本县（市、区）企业的注册信息",
	  "审核本县（市、区）企业的入库申报和数据更新：审核通过或退回并说明原因",
	  "查看本县（市、区）企业的申报情况", NULL, NULL },
	{ "city", "审核本市各县（市、区）审核通过的申报",
	  "汇总并导出推荐汇总表", "查看本市各县（市、区）入库目标完成情况", NULL, NULL },
	{ "province", "管理申报时间、认定标准和入库目标",
	  "管理各级工信部门审核账号", "查看全省申报情况和名单", NULL, NULL },
	{ "support", "回复企业在线咨询中的技术问题（登录、上传、短信）",
	  "将答复保存为常用回复", NULL, NULL, NULL },
};

/* The next step of a filing in state st: the button's words. */
static const char *
home_next_step(enum flow_state st)
{
	switch (st) {
	case FLOW_DRAFT:
		return "继续填写";
	case FLOW_RETURNED:
		return "按退回原因修改";
	default:
		return "查看";
	}
}

/* The enterprise's filings with state, reason and next step (item "filings"). */
static enum sme_err
home_filings(struct app_ctx *c, const struct home *h)
{
	const struct home_filing *f;
	struct tmpl_vars	*it;
	size_t			 i;
	int			 st, kind;

	for (i = 0; i < h->nfilings; i++) {
		f = &h->filings[i];
		if ((it = tmpl_add(c->v, "filings")) == NULL)
			return SME_ENOMEM;
		kind = flow_kind_parse(f->kind);
		st = flow_state_parse(f->state);
		tmpl_setf(it, "id", "%lld", f->id);
		tmpl_setf(it, "year", "%d", f->year);
		tmpl_set(it, "kind", kind >= 0 ? flow_kind_label(kind) : f->kind);
		tmpl_set(it, "subject", f->subject);
		tmpl_set(it, "state", flow_state_label(st));
		tmpl_set(it, "state_key", f->state);
		if (st == FLOW_RETURNED)
			tmpl_set(it, "reason", f->reason);
		tmpl_set(it, "updated", f->updated);
		tmpl_setf(it, "href", "/filing/%lld/basic", f->id);
		tmpl_set(it, "next", home_next_step(st));
		if (st == FLOW_DRAFT || st == FLOW_RETURNED)
			tmpl_set(it, "todo", "1");
	}
	return SME_OK;
}

/*
 * The open window of 新增入库 or 数据更新 (item "windows"), the current
 * notices and the contacts of its county first (sme-help's data).
 */
static void
home_help(struct app_ctx *c, const struct home *h)
{
	struct tmpl_vars	*it;
	size_t			 i;

	if (h->window && (it = tmpl_add(c->v, "windows")) != NULL) {
		tmpl_set(it, "label", flow_kind_label(flow_kind_parse(h->window_kind)));
		tmpl_setf(it, "href", "/filing?new=%s#new-%s", h->window_kind,
		    h->window_kind);
		tmpl_set(it, "opens", h->window_opens);
		tmpl_set(it, "closes", h->window_closes);
	}
	for (i = 0; i < h->nnotices; i++)
		if ((it = tmpl_add(c->v, "home_notices")) != NULL) {
			tmpl_setf(it, "href", "/notices/%lld", h->notices[i].id);
			tmpl_set(it, "title", h->notices[i].title);
			tmpl_set(it, "date", h->notices[i].date);
		}
	for (i = 0; i < h->ncontacts; i++)
		if ((it = tmpl_add(c->v, "home_contacts")) != NULL) {
			tmpl_set(it, "office", h->contacts[i].office);
			tmpl_set(it, "phone", h->contacts[i].phone);
			tmpl_set(it, "hours", h->contacts[i].hours);
		}
}

/*
 * Why the enterprise is out of the library, when a bureau removed it
 * (清退出库), and its latest request to change county ("move_*",
 * "move_pending" while it waits).
 */
static void
home_notes(struct app_ctx *c, const struct home *h)
{
	/* REGIONMOVE_LATEST_COLS's after the state. */
	static const char *const move_keys[] = { NULL, "move_from", "move_to",
	    "move_reason", "move_refused", "move_at", "move_decided" };
	const char	*st = h->move_col[0];
	size_t		 k;

	if (h->removed) {
		tmpl_set(c->v, "removed_reason", h->removed_reason);
		tmpl_set(c->v, "removed_on", h->removed_on);
		tmpl_setf(c->v, "removed_year", "%d", h->removed_year);
	}
	if (!h->move)
		return;
	tmpl_set(c->v, "move", "1");
	tmpl_set(c->v, "move_state", vocab_request_state_label(st));
	tmpl_set(c->v, "move_state_key", st);
	for (k = 1; k < sizeof(move_keys) / sizeof(move_keys[0]); k++)
		tmpl_set(c->v, move_keys[k], h->move_col[k]);
	if (strcmp(st, "pending") == 0)
		tmpl_set(c->v, "move_pending", "1");
}

/* An enterprise's home: all of it from one statement (lib/home.c). */
static enum sme_err
home_enterprise(struct app_ctx *c)
{
	struct home	 h;
	enum sme_err	 er;

	if ((er = home_load(c->db, c->sess, filing_year_now(), &h)) != SME_OK)
		return er;
	if ((er = home_filings(c, &h)) == SME_OK) {
		home_help(c, &h);
		home_notes(c, &h);
		tmpl_setf(c->v, "year", "%d", filing_year_now());
	}
	home_free(&h);
	return er;
}

/*
 * A reviewer's desk: what waits at the reviewer's level in its region, a
 * count per queue (each kind, and a county's registrations) linking to the
 * queue that lists those rows (lib/pending.c shares its predicate).
 */
static enum sme_err
home_pending(struct app_ctx *c, int role)
{
	static const enum flow_state level[FLOW_ROLE__MAX] = {
		[FLOW_RCOUNTY] = FLOW_COUNTY, [FLOW_RCITY] = FLOW_CITY,
		[FLOW_RPROVINCE] = FLOW_PROVINCE,
	};
	struct tmpl_vars	*it;
	struct pending		 pd;
	enum sme_err		 er;
	const char		*st = flow_state_name(level[role]);
	int			 k;

	if ((er = pending_count(c->db, c->sess->region_code, level[role],
	    &pd)) != SME_OK)
		return er;
	for (k = 0; k < FLOW_KIND__MAX; k++) {
		if ((it = tmpl_add(c->v, "pending")) == NULL)
			return SME_ENOMEM;
		tmpl_set(it, "kind", flow_kind_name(k));
		tmpl_set(it, "label", vocab_kind_label(flow_kind_name(k), VOCAB_SHORT));
		tmpl_setf(it, "count", "%lld", pd.kinds[k]);
		tmpl_setf(it, "href", "/review?status=%s&kind=%s", st, flow_kind_name(k));
		if (pd.kinds[k] > 0)
			tmpl_set(it, "waiting", "1");
	}
	tmpl_setf(c->v, "pending_total", "%lld", pd.filings);
	tmpl_setf(c->v, "pending_href", "/review?status=%s", st);
	tmpl_set(c->v, "pending_level", vocab_state_label(st));
	if (role == FLOW_RCOUNTY)
		tmpl_setf(c->v, "pending_regs", "%lld", pd.registrations);
	if (role == FLOW_RCOUNTY && pd.registrations > 0)
		tmpl_set(c->v, "regs_waiting", "1");
	return SME_OK;
}

static enum sme_err
page_home(struct app_ctx *c)
{
	struct tmpl_vars *it;
	enum sme_err	 er;
	size_t		 i, j;
	int		 role;

	tmpl_set(c->v, "notice", flash_text(FLASH_ACCOUNT, req_query(c->r, "msg")));
	tmpl_set(c->v, "role_key", c->sess->role);
	tmpl_set(c->v, c->sess->role, "1");
	for (i = 0; i < sizeof(home_can) / sizeof(home_can[0]); i++) {
		if (strcmp(home_can[i][0], c->sess->role) != 0)
			continue;
		for (j = 1; j < 6 && home_can[i][j] != NULL; j++)
			if ((it = tmpl_add(c->v, "can")) != NULL)
				tmpl_set(it, "text", home_can[i][j]);
	}
	if (c->sess->enterprise_id > 0 && (er = home_enterprise(c)) != SME_OK)
		return er;
	role = flow_role_parse(c->sess->role);
	if (role == FLOW_RCOUNTY || role == FLOW_RCITY || role == FLOW_RPROVINCE) {
		if ((er = home_pending(c, role)) != SME_OK)
			return er;
	}
	return app_render(c, 200, "home");
}

static enum sme_err
page_password(struct app_ctx *c)
{
	return app_render(c, 200, "password");
}

/*
 * Check the change-password form; *ok 1 if every field is acceptable.
 * The current password is checked under the login's limits.
 */
static enum sme_err
password_form_check(struct app_ctx *c, const char *stored, int *ok)
{
	const char	*cur = req_form(c->r, "current");
	const char	*pw = req_form(c->r, "password");
	const char	*pw2 = req_form(c->r, "password2");
	const char	*msg;
	char		 wrong[128];
	enum sme_err	 er;

	*ok = 0;
	if ((er = loginguard_current(c->db, c->app->cfg, c->sess->username,
	    c->r->remote_addr, cur, stored, wrong, sizeof(wrong))) != SME_OK)
		return er;
	if (*wrong != '\0')
		app_field_error(c, "current", wrong);
	if ((msg = validate_password(pw, c->sess->username, NULL)) != NULL)
		app_field_error(c, "password", msg);
	else if (cur != NULL && strcmp(cur, pw) == 0)
		app_field_error(c, "password", "新密码不能与当前密码相同");
	if (pw2 == NULL || pw == NULL || strcmp(pw, pw2) != 0)
		app_field_error(c, "password2", "两次输入的新密码不一致");
	*ok = tmpl_get(c->v, "has_errors") == NULL;
	return SME_OK;
}

static enum sme_err
page_password_post(struct app_ctx *c)
{
	char		 hash[PASSWORD_HASH_MAX], oid[32];
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(c->sess->account_id) };
	enum sme_err	 er;
	int		 ok = 0;

	if ((er = db_query(c->db, SQL_ACCOUNT_HASH, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 1)
		er = password_form_check(c, db_res_get(res, 0, AH_HASH), &ok);
	db_res_free(res);
	if (er != SME_OK)
		return er;
	if (!ok)
		return app_render(c, 422, "password");
	if ((er = password_hash(req_form(c->r, "password"), hash,
	    sizeof(hash))) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%lld", c->sess->account_id);
	if ((er = db_begin(c->db)) != SME_OK)
		return er;
	if ((er = account_password_set(c->db, c->sess->account_id, hash,
	    c->sess->token)) != SME_OK ||
	    (er = audit_log(c->db, c->sess->account_id, c->r->remote_addr,
	    "password_change", "account", oid, NULL, NULL)) != SME_OK ||
	    (er = db_commit(c->db)) != SME_OK) {
		db_rollback(c->db);
		return er;
	}
	req_redirect(c->r, "/home?msg=password_changed");
	return SME_OK;
}

/* ---- registration ----------------------------------------------------- */

/* The columns of the region list (lib regionmove_counties()), short. */
enum {
	RG_CODE = REGIONMOVE_COUNTY_CODE, RG_NAME = REGIONMOVE_COUNTY_NAME,
	RG_LEVEL = REGIONMOVE_COUNTY_LEVEL, RG_PARENT = REGIONMOVE_COUNTY_PARENT
};
/* Only a confirmed registration holds a code (lib/claim.h). */
static const char SQL_USCC_TAKEN[] =
    "SELECT 1 FROM enterprise WHERE uscc = ? AND status = 'confirmed'";
static const char SQL_USERNAME_TAKEN[] =
    "SELECT 1 FROM account WHERE username = ?";

/* A registration as typed. Strings are borrowed from the request unless said. */
struct reg {
	char		*name;		/* trimmed; owned */
	char		*uscc;		/* trimmed, upper case; owned */
	const char	*city;		/* 6 digits, or anything typed */
	const char	*county;
	const char	*username;
	const char	*password;
	const char	*password2;
	const char	*mobile;
	const char	*code;		/* the SMS code */
	const struct multipart_file *licence;	/* may be NULL */
	char		 kept[STORE_NAME_LEN + 1];	/* a licence judged and
						 * stored at an earlier post
						 * of this form; "" if none */
	long long	 code_id;	/* the SMS code's row once checked right */
	struct db_res	*regions;	/* cities and counties; owned, may be NULL */
};

static void
reg_free(struct reg *g)
{
	free(g->name);
	free(g->uscc);
	db_res_free(g->regions);
}

/* Read the registration fields of the request into g (zeroed by the caller). */
static enum sme_err
reg_read(struct app_ctx *c, struct reg *g)
{
	if ((g->name = validate_trimmed(req_form(c->r, "name"), 0)) == NULL ||
	    (g->uscc = validate_trimmed(req_form(c->r, "uscc"), 1)) == NULL)
		return SME_ENOMEM;
	g->city = req_form(c->r, "city");
	g->county = req_form(c->r, "county");
	g->username = req_form(c->r, "username");
	g->password = req_form(c->r, "password");
	g->password2 = req_form(c->r, "password2");
	g->mobile = req_form(c->r, "mobile");
	g->code = req_form(c->r, "sms_code");
	g->licence = multipart_file_get(&c->r->mp, "licence");
	if (g->licence != NULL && g->licence->size == 0)
		g->licence = NULL;	/* no file chosen */
	/* A file chosen now replaces the kept one. */
	if (g->licence == NULL)
		keptfile_open(c->app->secret, c->app->secretsz,
		    REG_KEPT_PURPOSE, c->csrf, req_form(c->r, "licence_kept"),
		    g->kept);
	return SME_OK;
}

/* The regions of g, loaded once a request. */
static enum sme_err
reg_regions(struct app_ctx *c, struct reg *g)
{
	if (g->regions != NULL)
		return SME_OK;
	return regionmove_counties(c->db, &g->regions);
}

/* The row of region code of level in g's regions, or -1. */
static long
reg_region(const struct reg *g, const char *code, const char *level)
{
	size_t	 i;

	for (i = 0; code != NULL && i < g->regions->nrows; i++)
		if (db_res_is(g->regions, i, RG_CODE, code))
			return db_res_is(g->regions, i, RG_LEVEL, level) ?
			    (long)i : -1;
	return -1;
}

/*
 * The city and county lists of the form: cities, and in each its counties
 * (the page shows them grouped; register.js filters by the city).
 */
static enum sme_err
reg_region_lists(struct app_ctx *c, const struct reg *g)
{
	struct tmpl_vars	*city[32], *it;
	const char		*code[32], *k;
	size_t			 i, j, n = 0;

	for (i = 0; i < g->regions->nrows && n < 32; i++) {
		if (!db_res_is(g->regions, i, RG_LEVEL, "city"))
			continue;
		k = db_res_get(g->regions, i, RG_CODE);
		if ((it = tmpl_add(c->v, "cities")) == NULL)
			return SME_ENOMEM;
		tmpl_set(it, "code", k);
		tmpl_set(it, "name", db_res_get(g->regions, i, RG_NAME));
		tmpl_set(it, "sel", g->city && strcmp(g->city, k) == 0 ? "1" : "0");
		city[n] = it;
		code[n++] = k;
	}
	for (i = 0; i < g->regions->nrows; i++) {
		if (!db_res_is(g->regions, i, RG_LEVEL, "county"))
			continue;
		k = db_res_get(g->regions, i, RG_CODE);
		for (j = 0; j < n; j++) {
			if (!db_res_is(g->regions, i, RG_PARENT, code[j]))
				continue;
			/* "sel" is set on each: unset, the city's would show. */
			if ((it = tmpl_add(city[j], "counties")) == NULL)
				return SME_ENOMEM;
			tmpl_set(it, "code", k);
			tmpl_set(it, "name", db_res_get(g->regions, i, RG_NAME));
			tmpl_set(it, "sel", g->county &&
			    strcmp(g->county, k) == 0 ? "1" : "0");
		}
	}
	return SME_OK;
}

/*
 * Show the registration form with status: what was typed comes back,
 * never the passwords; the licence as a sealed name when it is kept
 * (reg_keep_licence), else the page says it must be chosen again.
 */
static enum sme_err
reg_render_kept(struct app_ctx *c, const struct reg *g, int status)
{
	char	 tok[KEPTFILE_LEN + 1];

	if (g->kept[0] != '\0') {
		if (keptfile_seal(c->app->secret, c->app->secretsz,
		    REG_KEPT_PURPOSE, c->csrf, g->kept, tok, sizeof(tok)) != SME_OK)
			return SME_EINPUT;
		tmpl_set(c->v, "licence_kept", tok);
	} else if (status != 200 && (g->licence != NULL ||
	    tmpl_get(c->v, "err_licence") != NULL))
		tmpl_set(c->v, "licence_again", "1");
	return SME_OK;
}

static enum sme_err
reg_render(struct app_ctx *c, struct reg *g, int status)
{
	long long	 max = config_num(c->app->cfg, "licence_max_bytes");
	enum sme_err	 er;

	if ((er = reg_regions(c, g)) != SME_OK ||
	    (er = reg_region_lists(c, g)) != SME_OK)
		return er;
	tmpl_set(c->v, "name", g->name);
	tmpl_set(c->v, "uscc", g->uscc);
	tmpl_set(c->v, "username", g->username);
	tmpl_set(c->v, "mobile", g->mobile);
	tmpl_set(c->v, "sms_code", g->code);
	if ((er = reg_render_kept(c, g, status)) != SME_OK)
		return er;
	tmpl_setf(c->v, "licence_max", "%lldM", (max + (1 << 20) - 1) >> 20);
	tmpl_setf(c->v, "licence_max_bytes", "%lld", max);
	return app_render(c, status, "register");
}

static enum sme_err
page_register(struct app_ctx *c)
{
	struct reg	 g;
	enum sme_err	 er;

	memset(&g, 0, sizeof(g));
	er = reg_render(c, &g, 200);
	reg_free(&g);
	return er;
}

/* Check the fields that need no database; errors go beside each field. */
static void
reg_check_fields(struct app_ctx *c, const struct reg *g)
{
	const char	*msg;

	if ((msg = validate_text(g->name, REG_NAME_MAX)) != NULL)
		app_field_error(c, "name", *g->name == '\0' ? "请填写企业名称" :
		    "企业名称不能超过100个字");
	if ((msg = validate_uscc(g->uscc)) != NULL)
		app_field_error(c, "uscc", msg);
	if ((msg = validate_username(g->username)) != NULL)
		app_field_error(c, "username", msg);
	if ((msg = validate_password(g->password, g->username, g->uscc)) != NULL)
		app_field_error(c, "password", msg);
	if (g->password2 == NULL || g->password == NULL ||
	    strcmp(g->password, g->password2) != 0)
		app_field_error(c, "password2", "两次输入的密码不一致");
	if ((msg = validate_mobile(g->mobile)) != NULL)
		app_field_error(c, "mobile", msg);
}

/* *yes = 1 if sql (one parameter, val) finds a row. */
static enum sme_err
reg_exists(struct app_ctx *c, const char *sql, const char *val, int *yes)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(val) };
	enum sme_err	 er;

	if ((er = db_query(c->db, sql, p, 1, &res)) != SME_OK)
		return er;
	*yes = res->nrows > 0;
	db_res_free(res);
	return SME_OK;
}

/* Check that the credit code and the username are free (seed 002 FAQ 1.2, 1.3). */
static enum sme_err
reg_check_unique(struct app_ctx *c, const struct reg *g)
{
	enum sme_err	 er;
	int		 yes;

	if (validate_uscc(g->uscc) == NULL) {
		if ((er = reg_exists(c, SQL_USCC_TAKEN, g->uscc, &yes)) != SME_OK)
			return er;
		if (yes) {
			app_field_error(c, "uscc", "该企业已存在");
			tmpl_set(c->v, "uscc_exists", "1");
		}
	}
	if (validate_username(g->username) == NULL) {
		if ((er = reg_exists(c, SQL_USERNAME_TAKEN, g->username,
		    &yes)) != SME_OK)
			return er;
		if (yes)
			app_field_error(c, "username", "用户名已存在");
	}
	return SME_OK;
}

/* Check that the city is a city of Jiangsu and the county one of its own. */
static enum sme_err
reg_check_region(struct app_ctx *c, struct reg *g)
{
	enum sme_err	 er;
	long		 county;

	if ((er = reg_regions(c, g)) != SME_OK)
		return er;
	if (reg_region(g, g->city, "city") < 0)
		app_field_error(c, "city", "请选择所在设区市");
	if ((county = reg_region(g, g->county, "county")) < 0)
		app_field_error(c, "county", "请选择所在县（市、区）");
	else if (!db_res_is(g->regions, (size_t)county, RG_PARENT, g->city))
		app_field_error(c, "county", "所选县（市、区）不属于所选设区市");
	return SME_OK;
}

/* Check that a licence was sent, within licence_max_bytes: no reading. */
static void
reg_check_licence_size(struct app_ctx *c, struct reg *g)
{
	char		 path[4096];
	const struct multipart_file *f = g->licence;
	long long	 max = config_num(c->app->cfg, "licence_max_bytes");
	char		 msg[128];

	if (f == NULL && g->kept[0] != '\0' && store_path(config_str(
	    c->app->cfg, "storage_dir", "/var/lib/sme/files"), g->kept, path,
	    sizeof(path)) == SME_OK && access(path, R_OK) == 0)
		return;		/* judged at an earlier post */
	g->kept[0] = '\0';
	if (f == NULL)
		app_field_error(c, "licence", "请上传营业执照图片或PDF文件");
	else if ((long long)f->size > max) {
		snprintf(msg, sizeof(msg), "营业执照文件不能超过%lldM",
		    (max + (1 << 20) - 1) >> 20);
		app_field_error(c, "licence", msg);
	}
}

/* Too many registrations checked from this address: 429 with Retry-After. */
static enum sme_err
reg_limited(struct app_ctx *c, struct reg *g, long retry)
{
	codeform_retry_after(c, retry);
	tmpl_set(c->v, "alert", "您所在的网络提交注册过于频繁，请稍后再试。");
	return reg_render(c, g, 429);
}

/*
 * Judge the business licence by its bytes: an image (jpg or png) or a PDF
 * (an electronic licence), its extension agreeing (seed 002 FAQ 1.4). The
 * message of a refusal into msg ("" when accepted).
 */
static enum sme_err
reg_judge_licence(const struct reg *g, char *msg, size_t msgsz)
{
	const struct multipart_file *f = g->licence;
	enum filetype	 t;
	enum sniff_verdict v;
	enum sme_err	 er;
	char		 why[512];

	msg[0] = '\0';
	/* The same structure check as every attachment (lib/sniff.c). */
	if ((er = sniff_file(f->path, f->filename, REG_LICENCE_TYPES, &v, &t,
	    why, sizeof(why))) != SME_OK)
		return er;
	if (v == SNIFF_OK)
		return SME_OK;
	if (v == SNIFF_MISMATCH && (t == FILETYPE_JPG || t == FILETYPE_PNG ||
	    t == FILETYPE_PDF))
		snprintf(msg, msgsz, "%s：文件扩展名与%s的实际格式不符",
		    REG_LICENCE_RULE, t == FILETYPE_PDF ? "文件" : "图片");
	else if (v == SNIFF_CORRUPT)
		snprintf(msg, msgsz, "%s：文件已损坏或不完整", REG_LICENCE_RULE);
	else if (v == SNIFF_POLYGLOT)
		snprintf(msg, msgsz, "%s：文件中夹带了其他内容，不予接收",
		    REG_LICENCE_RULE);
	else if (v == SNIFF_ENCRYPTED)
		snprintf(msg, msgsz, "%s：PDF文件设有密码，无法查看",
		    REG_LICENCE_RULE);
	else
		snprintf(msg, msgsz, "%s", REG_LICENCE_RULE);
	return SME_OK;
}

/*
 * Check the licence: called only when every other field, the SMS code
 * included, is right, and after reg_check_licence_size. A licence kept
 * from an earlier post was judged then.
 */
static enum sme_err
reg_check_licence(struct app_ctx *c, const struct reg *g)
{
	char		 msg[512];
	enum sme_err	 er;

	if (g->licence == NULL)
		return SME_OK;
	if ((er = reg_judge_licence(g, msg, sizeof(msg))) != SME_OK)
		return er;
	if (msg[0] != '\0')
		app_field_error(c, "licence", msg);
	return SME_OK;
}

/*
 * The form comes back with errors: keep the licence sent with it, so that
 * it need not be chosen again. Only with a right SMS code (no stranger
 * fills the store) and only a licence that passes the check, which is
 * not told here: the licence is still judged last (reg_check_licence).
 */
static enum sme_err
reg_keep_licence(struct app_ctx *c, struct reg *g)
{
	char		 msg[512];
	enum sme_err	 er;

	if (g->code_id == 0 || g->licence == NULL ||
	    tmpl_get(c->v, "err_licence") != NULL)
		return SME_OK;
	if ((er = reg_judge_licence(g, msg, sizeof(msg))) != SME_OK ||
	    msg[0] != '\0')
		return er;
	if (store_put(config_str(c->app->cfg, "storage_dir",
	    "/var/lib/sme/files"), g->licence->path, g->kept) != SME_OK)
		g->kept[0] = '\0';	/* storage down: chosen again */
	return SME_OK;
}

/*
 * Check the SMS code against the mobile. A wrong code counts a try even
 * when other fields are wrong too; a right one stays usable until the
 * registration succeeds.
 */
static enum sme_err
reg_check_code(struct app_ctx *c, struct reg *g)
{
	struct smscode_key	 k = { SMSCODE_REGISTER, g->mobile, "" };

	/* A malformed mobile: its own message says why. */
	return codeform_check(c, &k, g->code, validate_mobile(g->mobile) == NULL,
	    &g->code_id);
}

/* Register g (lib account_register); *gone as there. */
static enum sme_err
reg_save(struct app_ctx *c, const struct reg *g, const char *hash,
    const char *licence, int *gone)
{
	struct account_registration r = { g->uscc, g->name, g->county, licence,
	    g->username, hash, g->mobile, g->code_id, c->r->remote_addr };

	return account_register(c->db, &r, gone);
}

/* Answer 503 when the licence cannot be stored (HTTP.md: storage unavailable). */
static enum sme_err
reg_storage_down(struct app_ctx *c)
{
	tmpl_set(c->v, "title", "服务暂不可用");
	tmpl_set(c->v, "message", "文件存储暂时不可用，请稍后再试。");
	req_header(c->r, "Retry-After", "10");
	return app_render(c, 503, "error");
}

static enum sme_err
page_register_post(struct app_ctx *c)
{
	struct reg	 g;
	char		 hash[PASSWORD_HASH_MAX], name[STORE_NAME_LEN + 1];
	long		 retry;
	enum sme_err	 er;
	int		 gone;

	memset(&g, 0, sizeof(g));
	if ((er = reg_read(c, &g)) != SME_OK)
		goto out;
	/*
	 * Cheapest first. The fields and the SMS code; whether the username
	 * and the credit code are free only once the code is right (and
	 * within the limit per address), so that they cannot be probed; the
	 * licence's bytes last, when everything else is right, so that no
	 * stranger can make a worker judge a crafted file.
	 */
	reg_check_fields(c, &g);
	reg_check_licence_size(c, &g);
	if ((er = reg_check_region(c, &g)) != SME_OK ||
	    (er = reg_check_code(c, &g)) != SME_OK)
		goto out;
	if (g.code_id != 0) {
		if ((er = reglimit_take(c->db, c->app->cfg, c->r->remote_addr,
		    &retry)) != SME_OK)
			goto out;
		if (retry > 0) {
			er = reg_limited(c, &g, retry);
			goto out;
		}
		if ((er = reg_check_unique(c, &g)) != SME_OK)
			goto out;
	}
	if (tmpl_get(c->v, "has_errors") == NULL &&
	    (er = reg_check_licence(c, &g)) != SME_OK)
		goto out;
	if (tmpl_get(c->v, "has_errors") != NULL) {
		if ((er = reg_keep_licence(c, &g)) == SME_OK)
			er = reg_render(c, &g, 422);
		goto out;
	}
	if ((er = password_hash(g.password, hash, sizeof(hash))) != SME_OK)
		goto out;
	/*
	 * The file goes first: if the transaction then fails, an unreferenced
	 * file remains, which is harmless; the other order could leave an
	 * enterprise whose licence is missing.
	 */
	if (g.licence == NULL)
		snprintf(name, sizeof(name), "%s", g.kept);
	else if (store_put(config_text(c->app->cfg, "storage_dir"), g.licence->path, name) != SME_OK) {
		er = reg_storage_down(c);
		goto out;
	}
	er = reg_save(c, &g, hash, name, &gone);
	snprintf(g.kept, sizeof(g.kept), "%s", name);	/* kept if refused */
	if (er == SME_ECONFLICT) {
		if ((er = reg_check_unique(c, &g)) != SME_OK)
			goto out;
		if (tmpl_get(c->v, "has_errors") == NULL)
			app_field_error(c, "username", "用户名已存在");
		er = reg_render(c, &g, 422);
		goto out;
	}
	if (er != SME_OK)
		goto out;
	if (gone) {
		app_field_error(c, "sms_code", smscode_message(SMSCODE_EXPIRED));
		er = reg_render(c, &g, 422);
		goto out;
	}
	log_info("registered %s (%s) in %s", g.username, g.uscc, g.county);
	req_redirect(c->r, "/register/done");
out:
	reg_free(&g);
	return er;
}

/*
 * POST /register/sms: send a registration code to mobile. sms.js asks for
 * JSON; without JavaScript the whole form was posted here and comes back
 * with the answer beside the code field.
 */
static enum sme_err
page_register_sms(struct app_ctx *c)
{
	struct reg		 g;
	struct smscode_key	 k;
	struct smslimit_verdict	 v;
	const char		*msg;
	int			 json = app_wants_json(c);
	enum sme_err		 er;

	memset(&g, 0, sizeof(g));
	if ((er = reg_read(c, &g)) != SME_OK)
		goto out;
	if ((msg = validate_mobile(g.mobile)) != NULL) {
		if (json)
			app_json_answer(c, 422, "mobile", msg, 0);
		else {
			app_field_error(c, "mobile", msg);
			er = reg_render(c, &g, 422);
		}
		goto out;
	}
	k.purpose = SMSCODE_REGISTER;
	k.mobile = g.mobile;
	k.subject = "";
	if ((er = codeform_ask(c, &k, 1, &v)) != SME_OK)
		goto out;
	if (v.retry_after > 0) {
		if (!codeform_json_refused(c, &v, "sms_code")) {
			app_field_error(c, "sms_code", v.message);
			tmpl_set(c->v, "alert", v.message);
			er = reg_render(c, &g, 429);
		}
		goto out;
	}
	if (json)
		codeform_json_sent(c, "验证码已发送，");
	else {
		tmpl_setf(c->v, "sms_notice", "验证码已发送至手机%.3s****%s，"
		    "%ld分钟内有效。", g.mobile, g.mobile + 7, codeform_minutes(c));
		er = reg_render(c, &g, 200);
	}
out:
	reg_free(&g);
	return er;
}

static enum sme_err
page_register_done(struct app_ctx *c)
{
	return app_render(c, 200, "register_done");
}

static const struct app_route routes[] = {
	{ REQ_GET, "/", page_root, APP_PUBLIC },
	{ REQ_GET, "/login", page_login, APP_PUBLIC },
	{ REQ_POST, "/login", page_login_post, APP_PUBLIC },
	{ REQ_POST, "/login/sms", page_login_sms, APP_PUBLIC },
	{ REQ_POST, "/logout", page_logout, APP_PUBLIC },
	{ REQ_GET, "/home", page_home, APP_AUTH },
	{ REQ_GET, "/account/password", page_password, APP_AUTH },
	{ REQ_POST, "/account/password", page_password_post, APP_AUTH },
	{ REQ_GET, "/account/region", account_change_region, APP_AUTH | APP_ENTERPRISE | APP_HIDDEN },
	{ REQ_POST, "/account/region", account_change_region_post, APP_AUTH | APP_ENTERPRISE | APP_HIDDEN },
	{ REQ_GET, "/account/mobile", account_change_mobile, APP_AUTH | APP_ENTERPRISE | APP_HIDDEN },
	{ REQ_POST, "/account/mobile/sms", account_change_mobile_sms, APP_AUTH | APP_ENTERPRISE | APP_HIDDEN },
	{ REQ_POST, "/account/mobile", account_change_mobile_post, APP_AUTH | APP_ENTERPRISE | APP_HIDDEN },
	{ REQ_GET, "/register", page_register, APP_PUBLIC },
	{ REQ_POST, "/register", page_register_post, APP_PUBLIC },
	{ REQ_POST, "/register/sms", page_register_sms, APP_PUBLIC },
	{ REQ_GET, "/register/done", page_register_done, APP_PUBLIC },
};

int
main(int argc, char *argv[])
{
	/*
	 * POST /login, /register, /account/password and /account/mobile hash
	 * a password (scrypt, lib/password.c): nginx sends them to the slow
	 * pool's socket, so that /login, /home and the rest never wait behind
	 * a burst of logins (bench/season: GET /login's p50 was 465 ms).
	 */
	return app_main_pools(argc, argv, "sme-account", routes, NELEM(routes), 4);
}
