/*
 * app.h - the request pipeline every handler runs: parse, route by the
 * handler's table, CSRF, session and role checks, then the page function;
 * plus rendering of pages and error pages with the shared layout.
 */
#ifndef APP_H
#define APP_H

#include "csrf.h"
#include "multipart.h"
#include "req.h"
#include "session.h"
#include "sme.h"
#include "token.h"

struct app_ctx;
struct config;
struct db;
struct db_res;
struct tmpl;
struct tmpl_vars;

/* A page: answers through c->r; an error return with nothing sent gives 503/500. */
typedef enum sme_err (*app_page_fn)(struct app_ctx *c);

/* The number of elements of array a (a route table, a column map). */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define APP_PUBLIC	0x01	/* no session lookup (no database) */
#define APP_AUTH	0x02	/* a session is required */
#define APP_NOCSRF	0x04	/* no CSRF check: gateways, with a MAC in the path */
#define APP_ENTERPRISE	0x10	/* roles allowed; none set means any */
#define APP_COUNTY	0x20
#define APP_CITY	0x40
#define APP_PROVINCE	0x80
#define APP_REVIEWER	(APP_COUNTY | APP_CITY | APP_PROVINCE)
#define APP_HIDDEN	0x100	/* a role not allowed gets 404, not 403: the route is not theirs to know */
#define APP_SUPPORT	0x200	/* technical support (技术支持): 在线咨询 only */

#define APP_ARGS_MAX	4

struct app_route {
	enum req_method	 method;
	const char	*path;	/* "/filing/{id}/{section}": {x} is one segment */
	app_page_fn	 fn;
	unsigned	 flags;
};

struct app {
	const char		*name;		/* program name, e.g. sme-account */
	struct config		*cfg;
	struct db		*db;		/* per worker */
	struct tmpl		*tmpl;		/* per worker */
	unsigned char		 secret[64];	/* HMAC key of CSRF tokens */
	size_t			 secretsz;
	long			 session_ttl_s;
	int			 cookie_secure;	/* 1: cookie_secure = always */
	size_t			 form_max;	/* urlencoded body bytes */
	struct multipart_limits	 lim;
	const struct app_route	*routes;
	size_t			 nroutes;
	int			 debug_queries;	/* debug_query_count = 1 */
};

struct app_ctx {
	struct app	 *app;
	struct req	 *r;
	struct db	 *db;		/* = app->db */
	struct session	 *sess;		/* NULL when anonymous or not loaded */
	const char	 *binding;	/* the cookie the CSRF token is bound to */
	char		  csrf[CSRF_LEN + 1];
	char		  pre[TOKEN_LEN + 1];	/* a new pre-session cookie */
	const char	 *arg[APP_ARGS_MAX];	/* path parameters, in order */
	char		  argbuf[256];
	struct tmpl_vars *v;		/* values of the page being built */
	long long	  questions;	/* the connection's Questions at the
					   start, when counting (-1 if not) */
};

/*
 * Run a handler program: read -c CONFIG (or $SME_CONFIG), then serve the
 * routes on the socket the configuration names for name. Returns the exit
 * status.
 */
int		 app_main(int argc, char *argv[], const char *name,
		    const struct app_route *routes, size_t nroutes);
/*
 * The same with a second pool of slow_workers workers (NAME_slow_workers
 * overrides it) on socket_dir/NAME-slow.sock (NAME_slow_socket; over TCP
 * NAME_slow_listen), for the requests nginx sends there: those that hash
 * a password, so that the handler's other pages never wait behind them.
 */
int		 app_main_pools(int argc, char *argv[], const char *name,
		    const struct app_route *routes, size_t nroutes,
		    unsigned slow_workers);

/* Serve one request through io (the worker's handle function). */
void		 app_handle(void *arg, const struct req_io *io);

/*
 * Render page with c->v plus the common values (csrf, the caller) and
 * send it with status. On a template failure a plain 500 is sent.
 */
enum sme_err	 app_render(struct app_ctx *c, int status, const char *page);

/* Send the error page of status (400, 403, 404, 413, 429, 500, 503...). */
void		 app_error(struct app_ctx *c, int status);

/*
 * Mark field k as invalid with msg (shown by data-error-for="k"): sets
 * err_k (the message), has_errors, invalid_k ("true", for
 * data-a-aria-invalid) and errid_k ("err-k", for data-a-aria-describedby
 * pointing at the message's id="err-k").
 */
void		 app_field_error(struct app_ctx *c, const char *k, const char *msg);

/*
 * A repeat of a change that committed already (the form's one-time token,
 * field once, is recorded for the caller's account): answer the redirect
 * the first copy answered, *done = 1. A form without a token is never a
 * repeat. Needs a session.
 */
enum sme_err	 app_once_replayed(struct app_ctx *c, int *done);

/* 1 if the client asked for JSON (Accept: application/json), as sms.js does. */
int		 app_wants_json(const struct app_ctx *c);

/*
 * Answer a script with status and {"field":..,"message":..,"wait":..}:
 * the field a message is for (may be NULL), the message, and the seconds
 * to wait before asking again.
 */
void		 app_json_answer(struct app_ctx *c, int status, const char *field,
		    const char *msg, long wait);

/*
 * next if it is a safe place to return to after login: a path of ours
 * ("/x..." but not "//" or "/\\"), made of URL path and query characters,
 * under 200 bytes; else NULL. Borrowed from next.
 */
const char	*app_safe_next(const char *next);

/* A positive decimal id ("1".."999999999999999999") of s, or 0 for anything else. */
long long	 app_id(const char *s);

/*
 * The rows sql answers for the id s names (app_id; sql takes it as its one
 * parameter) into *out, which the caller frees; *out NULL, and the 404
 * page made, when s is no id or sql answers no row.
 */
enum sme_err	 app_rows_or_404(struct app_ctx *c, const char *s, const char *sql,
		    struct db_res **out);

/* The zh-CN name of a role ("县（市、区）工信部门"...). */
const char	*app_role_name(const char *role);

/* The APP_ role bit of a role name, 0 if unknown. */
unsigned	 app_role_bit(const char *role);

#endif
