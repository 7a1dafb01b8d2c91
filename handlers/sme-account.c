/*
 * sme-account.c - the account handler: login, logout, change password and
 * the home page of each role. Routes are in the table below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "session.h"
#include "tmpl.h"
#include "validate.h"

#define LOGIN_FAIL_MAX		5	/* wrong passwords in a row: lock */
#define LOGIN_LOCK_S		900	/* for this long */
#define LOGIN_IP_MAX		20	/* failures an address may have ... */
#define LOGIN_IP_WINDOW_S	900	/* ... in this window */

static enum sme_err	page_root(struct app_ctx *);
static enum sme_err	page_login(struct app_ctx *);
static enum sme_err	page_login_post(struct app_ctx *);
static enum sme_err	page_logout(struct app_ctx *);
static enum sme_err	page_home(struct app_ctx *);
static enum sme_err	page_password(struct app_ctx *);
static enum sme_err	page_password_post(struct app_ctx *);

enum route {
	ROUTE_ROOT,
	ROUTE_LOGIN,
	ROUTE_LOGIN_POST,
	ROUTE_LOGOUT,
	ROUTE_HOME,
	ROUTE_PASSWORD,
	ROUTE_PASSWORD_POST,
	ROUTE__MAX
};

static const struct app_route routes[ROUTE__MAX] = {
	[ROUTE_ROOT] = { REQ_GET, "/", page_root, APP_PUBLIC },
	[ROUTE_LOGIN] = { REQ_GET, "/login", page_login, APP_PUBLIC },
	[ROUTE_LOGIN_POST] = { REQ_POST, "/login", page_login_post, APP_PUBLIC },
	[ROUTE_LOGOUT] = { REQ_POST, "/logout", page_logout, APP_PUBLIC },
	[ROUTE_HOME] = { REQ_GET, "/home", page_home, APP_AUTH },
	[ROUTE_PASSWORD] = { REQ_GET, "/account/password", page_password, APP_AUTH },
	[ROUTE_PASSWORD_POST] = { REQ_POST, "/account/password", page_password_post, APP_AUTH },
};

static const char SQL_IP_FAILURES[] =
    "SELECT COUNT(*) FROM login_failure"
    " WHERE ip = ? AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND";
static const char SQL_ACCOUNT_BY_NAME[] =
    "SELECT id, pw_hash, status, failed_logins,"
    " COALESCE(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), locked_until), 0)"
    " FROM account WHERE username = ?";
static const char SQL_LOGIN_FAILURE[] =
    "INSERT INTO login_failure (ip, username, at)"
    " VALUES (?, LEFT(?, 64), UTC_TIMESTAMP(3))";
static const char SQL_ACCOUNT_FAILED[] =
    "UPDATE account SET"
    " locked_until = IF(failed_logins + 1 >= ?,"
    "  UTC_TIMESTAMP() + INTERVAL ? SECOND, locked_until),"
    " failed_logins = IF(failed_logins + 1 >= ?, 0, failed_logins + 1)"
    " WHERE id = ?";
static const char SQL_ACCOUNT_LOGGED_IN[] =
    "UPDATE account SET failed_logins = 0, locked_until = NULL,"
    " last_login_at = UTC_TIMESTAMP() WHERE id = ?";
static const char SQL_ACCOUNT_REHASH[] =
    "UPDATE account SET pw_hash = ? WHERE id = ?";
static const char SQL_ACCOUNT_HASH[] =
    "SELECT pw_hash FROM account WHERE id = ?";
static const char SQL_ACCOUNT_SET_PASSWORD[] =
    "UPDATE account SET pw_hash = ?, pw_changed_at = UTC_TIMESTAMP()"
    " WHERE id = ?";

static enum sme_err
page_root(struct app_ctx *c)
{
	req_redirect(c->r, "/home");
	return SME_OK;
}

/* Flash messages chosen by a fixed key, never by reflected text. */
static const char *
msg_text(const char *key)
{
	if (key == NULL)
		return NULL;
	if (strcmp(key, "logged_out") == 0)
		return "您已安全退出。";
	if (strcmp(key, "password_changed") == 0)
		return "密码已修改。";
	return NULL;
}

static enum sme_err
page_login(struct app_ctx *c)
{
	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	return app_render(c, 200, "login");
}

/* Show the login form again with status and a message. */
static enum sme_err
login_fail(struct app_ctx *c, int status, const char *msg)
{
	tmpl_set(c->v, "username", req_form(c->r, "username"));
	tmpl_set(c->v, "login_error", msg);
	return app_render(c, status, "login");
}

/* Record a failed attempt of username from this address. */
static enum sme_err
login_record_failure(struct app_ctx *c, const char *username, long long id)
{
	char		 oid[32];
	struct db_param	 p[] = { DB_STR(c->r->remote_addr), DB_STR(username) };
	enum sme_err	 er;

	if ((er = db_exec(c->db, SQL_LOGIN_FAILURE, p, 2, NULL, NULL)) != SME_OK)
		return er;
	if (id == 0)
		return SME_OK;
	snprintf(oid, sizeof(oid), "%lld", id);
	struct db_param q[] = { DB_INT(LOGIN_FAIL_MAX), DB_INT(LOGIN_LOCK_S),
	    DB_INT(LOGIN_FAIL_MAX), DB_INT(id) };
	if ((er = db_exec(c->db, SQL_ACCOUNT_FAILED, q, 4, NULL, NULL)) != SME_OK)
		return er;
	return audit_log(c->db, id, c->r->remote_addr, "login_failed",
	    "account", oid, NULL, NULL);
}

/* Start the session of account id and send the browser home. */
static enum sme_err
login_succeed(struct app_ctx *c, long long id, const char *pw,
    const char *stored)
{
	char		 tok[TOKEN_LEN + 1], oid[32], hash[PASSWORD_HASH_MAX];
	enum sme_err	 er;

	snprintf(oid, sizeof(oid), "%lld", id);
	if ((er = db_begin(c->db)) != SME_OK)
		return er;
	struct db_param p[] = { DB_INT(id) };
	if ((er = db_exec(c->db, SQL_ACCOUNT_LOGGED_IN, p, 1, NULL, NULL)) != SME_OK)
		goto fail;
	if (password_needs_rehash(stored) &&
	    password_hash(pw, hash, sizeof(hash)) == SME_OK) {
		struct db_param h[] = { DB_STR(hash), DB_INT(id) };
		if ((er = db_exec(c->db, SQL_ACCOUNT_REHASH, h, 2, NULL, NULL)) != SME_OK)
			goto fail;
	}
	if ((er = session_create(c->db, id, c->r->remote_addr,
	    c->r->user_agent, c->app->session_ttl_s, tok)) != SME_OK ||
	    (er = audit_log(c->db, id, c->r->remote_addr, "login", "account",
	    oid, NULL, NULL)) != SME_OK ||
	    (er = db_commit(c->db)) != SME_OK)
		goto fail;
	req_cookie_set(c->r, SESSION_COOKIE, tok, -1,
	    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX);
	req_redirect(c->r, "/home");
	return SME_OK;
fail:
	db_rollback(c->db);
	return er;
}

/* 429 if this address failed too often lately; 0 to go on, or an error. */
static enum sme_err
login_ip_limited(struct app_ctx *c, int *limited)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(c->r->remote_addr),
	    DB_INT(LOGIN_IP_WINDOW_S) };
	enum sme_err	 er;

	*limited = 0;
	if ((er = db_query(c->db, SQL_IP_FAILURES, p, 2, &res)) != SME_OK)
		return er;
	*limited = db_res_int(res, 0, 0, 0) >= LOGIN_IP_MAX;
	db_res_free(res);
	return SME_OK;
}

/* The message for a temporarily locked account, minutes rounded up. */
static enum sme_err
login_locked(struct app_ctx *c, long long secs)
{
	char	 msg[256];

	snprintf(msg, sizeof(msg), "密码连续输错%d次，账号已锁定，请%lld分钟后再试，"
	    "或联系所在地工信部门重置密码。", LOGIN_FAIL_MAX, (secs + 59) / 60);
	return login_fail(c, 401, msg);
}

static enum sme_err
page_login_post(struct app_ctx *c)
{
	const char	*user = req_form(c->r, "username");
	const char	*pw = req_form(c->r, "password");
	struct db_res	*res = NULL;
	long long	 id, fails, lock_s;
	char		 hash[PASSWORD_HASH_MAX], status[16];
	enum sme_err	 er;
	int		 limited, ok, locked;

	if (user == NULL || *user == '\0')
		app_field_error(c, "username", "请填写用户名");
	if (pw == NULL || *pw == '\0')
		app_field_error(c, "password", "请填写密码");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return login_fail(c, 422, NULL);
	if ((er = login_ip_limited(c, &limited)) != SME_OK)
		return er;
	if (limited) {
		req_header(c->r, "Retry-After", "900");
		return login_fail(c, 429, "登录失败次数过多，请15分钟后再试。");
	}
	struct db_param p[] = { DB_STR(user) };
	if ((er = db_query(c->db, SQL_ACCOUNT_BY_NAME, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		password_verify(pw, NULL);	/* same time as a real account */
		db_res_free(res);
		if ((er = login_record_failure(c, user, 0)) != SME_OK)
			return er;
		return login_fail(c, 401, "用户名或密码错误。");
	}
	id = db_res_int(res, 0, 0, 0);
	/* Copies: the result is freed before the session is made. */
	snprintf(hash, sizeof(hash), "%s", db_res_get(res, 0, 1));
	snprintf(status, sizeof(status), "%s", db_res_get(res, 0, 2));
	fails = db_res_int(res, 0, 3, 0);
	lock_s = db_res_int(res, 0, 4, 0);
	/*
	 * The password is checked on every path, so neither the answer nor
	 * its time tells a stranger whether an account exists or is locked;
	 * a lock is explained to whoever knows the password, and at once
	 * on the attempt that causes it.
	 */
	ok = password_verify(pw, hash);
	locked = strcmp(status, "locked") == 0 || lock_s > 0;
	db_res_free(res);
	if (!ok || locked) {
		if ((er = login_record_failure(c, user, locked ? 0 : id)) != SME_OK)
			return er;
		if (!locked && fails + 1 >= LOGIN_FAIL_MAX)
			return login_locked(c, LOGIN_LOCK_S);
		if (!ok)
			return login_fail(c, 401, "用户名或密码错误。");
		if (lock_s <= 0)
			return login_fail(c, 401,
			    "账号已被锁定，请联系所在地工信部门。");
		return login_locked(c, lock_s);
	}
	if (strcmp(status, "pending") == 0)
		return login_fail(c, 401, "注册信息待所在县（市、区）工信部门审核确认，"
		    "审核通过后即可登录。");
	return login_succeed(c, id, pw, hash);
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
};

static enum sme_err
page_home(struct app_ctx *c)
{
	struct tmpl_vars *it;
	size_t		 i, j;

	tmpl_set(c->v, "notice", msg_text(req_query(c->r, "msg")));
	tmpl_set(c->v, "role_key", c->sess->role);
	tmpl_set(c->v, c->sess->role, "1");
	for (i = 0; i < sizeof(home_can) / sizeof(home_can[0]); i++) {
		if (strcmp(home_can[i][0], c->sess->role) != 0)
			continue;
		for (j = 1; j < 6 && home_can[i][j] != NULL; j++)
			if ((it = tmpl_add(c->v, "can")) != NULL)
				tmpl_set(it, "text", home_can[i][j]);
	}
	return app_render(c, 200, "home");
}

static enum sme_err
page_password(struct app_ctx *c)
{
	return app_render(c, 200, "password");
}

/* Check the change-password form; 1 if every field is acceptable. */
static int
password_form_ok(struct app_ctx *c, const char *stored)
{
	const char	*cur = req_form(c->r, "current");
	const char	*pw = req_form(c->r, "password");
	const char	*pw2 = req_form(c->r, "password2");
	const char	*msg;

	if (cur == NULL || !password_verify(cur, stored))
		app_field_error(c, "current", "当前密码不正确");
	if ((msg = validate_password(pw)) != NULL)
		app_field_error(c, "password", msg);
	else if (cur != NULL && strcmp(cur, pw) == 0)
		app_field_error(c, "password", "新密码不能与当前密码相同");
	if (pw2 == NULL || pw == NULL || strcmp(pw, pw2) != 0)
		app_field_error(c, "password2", "两次输入的新密码不一致");
	return tmpl_get(c->v, "has_errors") == NULL;
}

static enum sme_err
page_password_post(struct app_ctx *c)
{
	char		 hash[PASSWORD_HASH_MAX], oid[32];
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(c->sess->account_id) };
	enum sme_err	 er;
	int		 ok;

	if ((er = db_query(c->db, SQL_ACCOUNT_HASH, p, 1, &res)) != SME_OK)
		return er;
	ok = res->nrows == 1 && password_form_ok(c, db_res_get(res, 0, 0));
	db_res_free(res);
	if (!ok)
		return app_render(c, 422, "password");
	if ((er = password_hash(req_form(c->r, "password"), hash,
	    sizeof(hash))) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%lld", c->sess->account_id);
	struct db_param u[] = { DB_STR(hash), DB_INT(c->sess->account_id) };
	if ((er = db_begin(c->db)) != SME_OK)
		return er;
	if ((er = db_exec(c->db, SQL_ACCOUNT_SET_PASSWORD, u, 2, NULL, NULL)) != SME_OK ||
	    (er = session_revoke_all(c->db, c->sess->account_id,
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

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-account", routes, ROUTE__MAX);
}
