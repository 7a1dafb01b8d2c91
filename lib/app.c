/*
 * app.c - the pipeline of every request: parse, route, CSRF, session,
 * roles, page; and the rendering of pages and error pages.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "once.h"
#include "store.h"
#include "tmpl.h"
#include "vocab.h"
#include "worker.h"

#define PRE_COOKIE	"sme_pre"

static const struct {
	const char	*role;
	const char	*name;
	unsigned	 bit;
} app_roles[] = {
	{ "enterprise", "企业用户", APP_ENTERPRISE },
	{ "county", "县（市、区）工信部门", APP_COUNTY },
	{ "city", "设区市工信部门", APP_CITY },
	{ "province", "省工信厅", APP_PROVINCE },
	{ "support", "技术支持", APP_SUPPORT },
};

const char *
app_role_name(const char *role)
{
	size_t	 i;

	for (i = 0; i < sizeof(app_roles) / sizeof(app_roles[0]); i++)
		if (strcmp(role, app_roles[i].role) == 0)
			return app_roles[i].name;
	return role;
}

unsigned
app_role_bit(const char *role)
{
	size_t	 i;

	for (i = 0; i < sizeof(app_roles) / sizeof(app_roles[0]); i++)
		if (strcmp(role, app_roles[i].role) == 0)
			return app_roles[i].bit;
	return 0;
}

/*
 * Match path against pattern, copying {x} segments into c->argbuf and
 * pointing c->arg at them. Returns 1 on a match.
 */
static int
app_match(struct app_ctx *c, const char *pattern, const char *path)
{
	size_t	 o = 0, nargs = 0, n;
	const char *e;

	while (*pattern != '\0') {
		if (*pattern == '{') {
			if ((e = strchr(pattern, '}')) == NULL)
				return 0;
			pattern = e + 1;
			n = strcspn(path, "/");
			if (n == 0 || nargs == APP_ARGS_MAX ||
			    o + n + 1 > sizeof(c->argbuf))
				return 0;
			memcpy(c->argbuf + o, path, n);
			c->argbuf[o + n] = '\0';
			c->arg[nargs++] = c->argbuf + o;
			o += n + 1;
			path += n;
		} else if (*pattern++ != *path++)
			return 0;
	}
	return *path == '\0';
}

static const char *const app_methods[REQ__MAX] = {
	"GET, HEAD", "GET, HEAD", "POST", ""
};

/*
 * The route for the request, or NULL with *status 404, or 405 and the
 * Allow header naming the methods the path takes.
 */
static const struct app_route *
app_route(struct app_ctx *c, int *status)
{
	const struct app *a = c->app;
	enum req_method	 m = c->r->method == REQ_HEAD ? REQ_GET : c->r->method;
	char		 allow[32] = "";
	size_t		 i;

	*status = 404;
	for (i = 0; i < a->nroutes; i++) {
		if (!app_match(c, a->routes[i].path, c->r->path))
			continue;
		if (a->routes[i].method == m)
			return &a->routes[i];
		*status = 405;
		snprintf(allow + strlen(allow), sizeof(allow) - strlen(allow),
		    "%s%s", allow[0] ? ", " : "", app_methods[a->routes[i].method]);
	}
	if (*status == 405)
		req_header(c->r, "Allow", allow);
	return NULL;
}

long long
app_id(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 18)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' ? v : 0;
}

enum sme_err
app_rows_or_404(struct app_ctx *c, const char *s, const char *sql,
    struct db_res **out)
{
	struct db_param	 p[] = { DB_INT(app_id(s)) };
	enum sme_err	 er;

	*out = NULL;
	if (p[0].i == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((er = db_query(c->db, sql, p, 1, out)) != SME_OK)
		return er;
	if ((*out)->nrows == 0) {
		db_res_free(*out);
		*out = NULL;
		app_error(c, 404);
	}
	return SME_OK;
}

const char *
app_safe_next(const char *next)
{
	const char	*p;

	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strlen(next) >= 200 || strcmp(next, "/") == 0 || strcmp(next, "/home") == 0)
		return NULL;
	for (p = next; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("/-_.~?=&%", *p) == NULL)
			return NULL;
	return next;
}

void
app_field_error(struct app_ctx *c, const char *k, const char *msg)
{
	char	 key[96];

	snprintf(key, sizeof(key), "err_%s", k);
	tmpl_set(c->v, key, msg);
	tmpl_set(c->v, "has_errors", "1");
	/* For aria-invalid and aria-describedby (the error's id "err-k"). */
	snprintf(key, sizeof(key), "invalid_%s", k);
	tmpl_set(c->v, key, "true");
	snprintf(key, sizeof(key), "errid_%s", k);
	tmpl_setf(c->v, key, "err-%s", k);
}

/* The 500 page on a fresh set of values (the page's own set failed). */
static void
app_render_500(struct app_ctx *c)
{
	struct tmpl_vars *v;
	char		*html = NULL;
	size_t		 sz;

	if ((v = tmpl_vars_new()) != NULL) {
		tmpl_set(v, "title", "系统错误");
		tmpl_set(v, "message", "系统发生错误，请稍后再试。");
		tmpl_set(v, "csrf", c->csrf);
	}
	if (v != NULL && tmpl_render(c->app->tmpl, "error", v, &html, &sz) == SME_OK)
		req_send(c->r, 500, "text/html; charset=utf-8", html, sz);
	else
		req_send(c->r, 500, "text/plain; charset=utf-8", "500\n", 4);
	free(html);
	tmpl_vars_free(v);
}

enum sme_err
app_render(struct app_ctx *c, int status, const char *page)
{
	char		*html;
	size_t		 sz;
	enum sme_err	 er;

	tmpl_set(c->v, "csrf", c->csrf);
	if (c->sess != NULL) {
		tmpl_set(c->v, "logged_in", "1");
		tmpl_set(c->v, "me_name", c->sess->display_name);
		tmpl_set(c->v, "me_username", c->sess->username);
		tmpl_set(c->v, "me_role", app_role_name(c->sess->role));
		tmpl_set(c->v, "me_region", c->sess->region_name);
	}
	if ((er = tmpl_render(c->app->tmpl, page, c->v, &html, &sz)) != SME_OK) {
		log_err("render %s %s: %s%s", page, c->r->path, sme_strerror(er),
		    tmpl_failed(c->v) ? " (a value of the page could not be set)" : "");
		app_render_500(c);
		return er;
	}
	req_send(c->r, status, "text/html; charset=utf-8", html, sz);
	free(html);
	return SME_OK;
}

enum sme_err
app_once_replayed(struct app_ctx *c, int *done)
{
	char		 target[ONCE_TARGET_MAX + 1];
	unsigned char	 digest[ONCE_DIGESTSZ];
	enum sme_err	 er;

	*done = 0;
	if (req_form(c->r, ONCE_FIELD) == NULL)
		return SME_OK;
	once_digest(&c->r->form, digest);
	if ((er = once_find(c->db, c->sess->account_id, req_form(c->r, ONCE_FIELD),
	    digest, target, sizeof(target))) != SME_OK || target[0] == '\0')
		return er;
	req_redirect(c->r, target);
	*done = 1;
	return SME_OK;
}

int
app_wants_json(const struct app_ctx *c)
{
	return strstr(c->r->accept, "application/json") != NULL;
}

void
app_json_answer(struct app_ctx *c, int status, const char *field,
    const char *msg, long wait)
{
	char	 js[512], w[24];

	snprintf(w, sizeof(w), "%ld", wait);
	if (audit_json(js, sizeof(js), "field", field, "message", msg,
	    "wait", w, NULL) != 0)
		snprintf(js, sizeof(js), "{}");
	req_send(c->r, status, "application/json; charset=utf-8", js,
	    strlen(js));
}

/* The title and message of an error page. */
static void
app_error_text(int status, const char **title, const char **msg)
{
	switch (status) {
	case 400: *title = "请求无效"; *msg = "请求格式不正确，请返回重试。"; break;
	case 401: *title = "请先登录"; *msg = "登录已过期或尚未登录，请重新登录。"; break;
	case 403: *title = "无权操作"; *msg = "页面已过期或无权进行此操作，请刷新页面后重试。"; break;
	case 404: *title = "页面不存在"; *msg = "您访问的页面不存在，或您无权查看。"; break;
	case 405: *title = "请求方式不支持"; *msg = "请通过页面上的按钮操作。"; break;
	case 413: *title = "文件过大"; *msg = "提交的内容过大，文件最大为50M。"; break;
	case 429: *title = "操作过于频繁"; *msg = "操作过于频繁，请稍后再试。"; break;
	case 503: *title = "服务暂不可用"; *msg = "数据库暂时无法连接，请稍后再试，您已填写的内容未丢失。"; break;
	default: *title = "系统错误"; *msg = "系统发生错误，请稍后再试。"; break;
	}
}

/* The error page of status with this title and message. */
static void
app_error_page(struct app_ctx *c, int status, const char *title,
    const char *msg)
{
	if (c->r->sent)
		return;
	tmpl_set(c->v, "title", title);
	tmpl_set(c->v, "message", msg);
	/* A lost session: log in again and come back to the page (its form is kept in the browser). */
	if (status == 401)
		tmpl_setf(c->v, "login_href", "/login%s%s", app_safe_next(c->r->path) ? "?next=" : "",
		    app_safe_next(c->r->path) ? c->r->path : "");
	if (status == 503)
		req_header(c->r, "Retry-After", "10");
	app_render(c, status, "error");
}

void
app_error(struct app_ctx *c, int status)
{
	const char	*title, *msg;

	app_error_text(status, &title, &msg);
	app_error_page(c, status, title, msg);
}

/*
 * Choose the cookie the CSRF token is bound to: the session cookie when
 * there is one, else a pre-session cookie, made now if missing.
 */
static void
app_binding(struct app_ctx *c)
{
	const char	*s = req_cookie(c->r, SESSION_COOKIE);

	if (token_valid(s)) {
		c->binding = s;
	} else if (token_valid(s = req_cookie(c->r, PRE_COOKIE))) {
		c->binding = s;
	} else if (token_new(c->pre, sizeof(c->pre)) == SME_OK) {
		req_cookie_set(c->r, PRE_COOKIE, c->pre, -1,
		    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX);
		c->binding = c->pre;
	}
	if (c->binding == NULL || csrf_issue(c->app->secret, c->app->secretsz,
	    c->binding, c->csrf, sizeof(c->csrf)) != 0)
		c->csrf[0] = '\0';
}

/* Everything before the page: returns 0 to go on, else the error status. */
/* To /login, with ?next= the page asked for when it is one to come back to. */
static void
app_login_redirect(struct app_ctx *c)
{
	char	 loc[256];

	if (app_safe_next(c->r->path) != NULL && strchr(c->r->path, '?') == NULL) {
		snprintf(loc, sizeof(loc), "/login?next=%s", c->r->path);
		req_redirect(c->r, loc);
	} else
		req_redirect(c->r, "/login");
}

static int
app_gate(struct app_ctx *c, const struct app_route *rt)
{
	enum sme_err	 er;
	unsigned	 roles = rt->flags & (APP_ENTERPRISE | APP_REVIEWER | APP_SUPPORT);

	if (c->r->method == REQ_POST) {
		er = req_body(c->r, c->app->form_max, &c->app->lim);
		if (er == SME_ETOOBIG)
			return 413;
		/* The spool could not take the body (multipart.c logged why). */
		if (er == SME_ESYS) {
			log_err("%s: request body not spooled to %s: 503",
			    c->r->path, c->app->lim.spool_dir);
			app_error_page(c, 503, "存储空间不足",
			    "服务器存储空间不足，文件未能接收，请稍后再试。");
			return -1;
		}
		if (er != SME_OK)
			return 400;
		if (!(rt->flags & APP_NOCSRF) &&
		    !csrf_check(c->app->secret, c->app->secretsz, c->binding,
		    req_form(c->r, "csrf")))
			return 403;
	}
	if (!(rt->flags & APP_PUBLIC)) {
		er = session_load(c->db, req_cookie(c->r, SESSION_COOKIE),
		    c->app->session_ttl_s, &c->sess);
		if (er != SME_OK)
			return er == SME_EDBDOWN ? 503 : 500;
	}
	if ((rt->flags & APP_AUTH) && c->sess == NULL) {
		if (c->r->method == REQ_GET || c->r->method == REQ_HEAD) {
			app_login_redirect(c);
			return -1;
		}
		return 401;
	}
	if (roles != 0 && (c->sess == NULL ||
	    (app_role_bit(c->sess->role) & roles) == 0))
		return rt->flags & APP_HIDDEN ? 404 : 403;
	return 0;
}

/*
 * Debugging the number of queries a page costs: with debug_query_count = 1
 * in the configuration, a request carrying "X-SME-Query-Count: 1" gets the
 * header X-SME-Queries with the statements its worker's connection sent
 * to the server while it was handled, counted by the server itself (the
 * session status Questions before and after, less the counting query), so
 * neither other connections nor a query around lib/db.c can hide one.
 * X-SME-Worker-Requests tells how many requests the worker has handled,
 * this one included: a worker's first requests load the lists it keeps.
 */
static void	app_count_send(struct req *, void *);

static long long	app_served;	/* requests this worker has handled */

static void
app_count_start(struct app_ctx *c)
{
	const char	*h = c->r->io.getenv(c->r->io.arg, "HTTP_X_SME_QUERY_COUNT");

	c->questions = -1;
	if (!c->app->debug_queries || h == NULL || strcmp(h, "1") != 0)
		return;
	if (db_questions(c->db, &c->questions) != SME_OK)
		c->questions = -1;
	else {
		c->r->before_send = app_count_send;
		c->r->before_send_arg = c;
	}
}

static void
app_count_send(struct req *r, void *arg)
{
	struct app_ctx	*c = arg;
	long long	 now;
	char		 n[24];

	if (c->questions < 0 || db_questions(c->db, &now) != SME_OK || now < 0)
		return;
	/* Less the counting query itself (the first one counted itself). */
	snprintf(n, sizeof(n), "%lld", now - c->questions - 1);
	req_header(r, "X-SME-Queries", n);
	/* The worker's requests so far: its first ones load per-worker lists. */
	snprintf(n, sizeof(n), "%lld", app_served);
	req_header(r, "X-SME-Worker-Requests", n);
}

void
app_handle(void *arg, const struct req_io *io)
{
	struct app		*a = arg;
	struct req		 r;
	struct app_ctx		 c;
	const struct app_route	*rt;
	enum sme_err		 er;
	int			 status = 0;

	memset(&c, 0, sizeof(c));
	c.app = a;
	c.r = &r;
	c.db = a->db;
	c.v = tmpl_vars_new();
	er = req_start(&r, io);
	if (a->cookie_secure)
		r.cookie_secure = 1;	/* TLS ends at a proxy before nginx */
	app_binding(&c);
	app_served++;
	if (er == SME_OK)
		app_count_start(&c);
	if (c.v == NULL)
		status = 500;
	else if (er != SME_OK)
		status = 400;
	else if ((rt = app_route(&c, &status)) != NULL &&
	    (status = app_gate(&c, rt)) == 0) {
		if ((er = rt->fn(&c)) != SME_OK && !r.sent)
			status = er == SME_EDBDOWN ? 503 : 500;
	}
	if (status > 0 && c.v != NULL)
		app_error(&c, status);
	else if (status > 0)
		req_send(&r, status, "text/plain; charset=utf-8", "error\n", 6);
	/* A page that returned inside db_begin: nothing of it is kept. */
	if (db_in_tx(c.db)) {
		log_err("%s: the page left a transaction open; rolled back", r.path);
		db_rollback(c.db);
	}
	session_free(c.sess);
	tmpl_vars_free(c.v);
	req_end(&r);
}

/* Per worker: connect (lazily) and load the templates. */
static int
app_worker_init(void *arg)
{
	struct app	*a = arg;
	const char	*dir = config_text(a->cfg, "templates_dir");

	if (db_open(a->cfg, &a->db) != SME_OK)
		return 1;
	if (tmpl_load(dir, &a->tmpl) != SME_OK) {
		log_err("cannot load templates from %s", dir);
		return 1;
	}
	return 0;
}

static void
app_worker_fini(void *arg)
{
	struct app	*a = arg;

	db_close(a->db);
	tmpl_free(a->tmpl);
}

/* Decode the hex secret of the configuration; 0 on success. */
static int
app_secret(struct app *a)
{
	const char	*hex = config_str(a->cfg, "secret", "");
	size_t		 i, n = strlen(hex);
	unsigned	 byte;

	if (n < 32 || n % 2 != 0 || n / 2 > sizeof(a->secret))
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return -1;
		a->secret[i] = (unsigned char)byte;
	}
	a->secretsz = n / 2;
	return 0;
}

/* The configuration path from -c or $SME_CONFIG. */
static const char *
app_config_path(int argc, char *argv[])
{
	int	 ch;
	const char *path = getenv("SME_CONFIG");

	while ((ch = getopt(argc, argv, "c:")) != -1)
		if (ch == 'c')
			path = optarg;
	return path != NULL ? path : SME_SYSCONFDIR "/sme.conf";
}

int
app_main(int argc, char *argv[], const char *name,
    const struct app_route *routes, size_t nroutes)
{
	return app_main_pools(argc, argv, name, routes, nroutes, 0);
}

/* The slow pool of o for name (app_main_pools); slow_sock holds its default path. */
static void
app_slow_pool(const struct app *a, const char *name, unsigned slow_workers,
    struct worker_opts *o, char *slow_sock, size_t slow_socksz)
{
	char	 key[96];

	snprintf(key, sizeof(key), "%s_slow_workers", name);
	o->slow_workers = (unsigned)config_int(a->cfg, key, slow_workers);
	snprintf(slow_sock, slow_socksz, "%s/%s-slow.sock",
	    config_text(a->cfg, "socket_dir"), name);
	snprintf(key, sizeof(key), "%s_slow_socket", name);
	o->slow_socket = config_str(a->cfg, key, slow_sock);
	snprintf(key, sizeof(key), "%s_slow_listen", name);
	o->slow_listen = config_str(a->cfg, key, NULL);
}

int
app_main_pools(int argc, char *argv[], const char *name,
    const struct app_route *routes, size_t nroutes, unsigned slow_workers)
{
	static struct app	 a;
	struct worker_opts	 o;
	char			 err[512], key[96], sock[512], slow_sock[512];
	const char		*path = app_config_path(argc, argv);
	int			 rc;

	log_init(name);
	if (config_load(path, &a.cfg, err, sizeof(err)) != SME_OK) {
		log_err("config: %s", err);
		return 1;
	}
	if (app_secret(&a) != 0) {
		log_err("config: secret must be at least 32 hex digits");
		return 1;
	}
	a.name = name;
	a.routes = routes;
	a.nroutes = nroutes;
	a.session_ttl_s = config_num(a.cfg, "session_ttl_s");
	/*
	 * cookie_secure: auto marks cookies Secure when nginx says the request
	 * came over TLS (HTTPS=on); always does so whatever it says, for a
	 * deployment whose TLS ends at a proxy in front of nginx.
	 */
	if (strcmp(config_text(a.cfg, "cookie_secure"), "always") == 0)
		a.cookie_secure = 1;
	else if (strcmp(config_text(a.cfg, "cookie_secure"), "auto") != 0) {
		log_err("config: cookie_secure must be auto or always");
		return 1;
	}
	a.form_max = (size_t)config_num(a.cfg, "form_max_bytes");
	a.debug_queries = config_num(a.cfg, "debug_query_count") == 1;
	a.lim.field_max = (size_t)config_num(a.cfg, "field_max_bytes");
	a.lim.fields_total = a.form_max;
	a.lim.file_max = (size_t)config_num(a.cfg, "upload_max_bytes");
	a.lim.parts_max = 64;
	a.lim.spool_dir = config_text(a.cfg, "spool_dir");
	snprintf(key, sizeof(key), "%s_socket", name);
	snprintf(sock, sizeof(sock), "%s/%s.sock",
	    config_text(a.cfg, "socket_dir"), name);
	memset(&o, 0, sizeof(o));
	o.socket = config_str(a.cfg, key, sock);
	/* sme-account_listen = 10.0.0.5:9101: TCP for a front nginx elsewhere. */
	snprintf(key, sizeof(key), "%s_listen", name);
	o.listen = config_str(a.cfg, key, NULL);
	snprintf(key, sizeof(key), "%s_workers", name);
	o.workers = (unsigned)config_int(a.cfg, key,
	    config_num(a.cfg, "workers"));
	o.mode = (unsigned)strtoul(config_text(a.cfg, "socket_mode"),
	    NULL, 8);
	o.timeout_s = (unsigned)config_num(a.cfg, "request_timeout_s");
	o.group = config_str(a.cfg, "socket_group", NULL);
	app_slow_pool(&a, name, slow_workers, &o, slow_sock, sizeof(slow_sock));
	o.init = app_worker_init;
	o.handle = app_handle;
	o.fini = app_worker_fini;
	o.arg = &a;
	/* What requests that died midway left (the daily purge does it too). */
	store_sweep(a.lim.spool_dir, "sme-", STORE_DEBRIS_AGE_S);
	store_sweep(config_text(a.cfg, "storage_dir"),
	    ".put-", STORE_DEBRIS_AGE_S);
	rc = worker_run(&o);
	config_free(a.cfg);
	return rc;
}
