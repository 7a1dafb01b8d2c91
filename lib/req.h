/*
 * req.h - one request and its response: the CGI variables, the parsed
 * query, form and cookies, and the headers and body written back. The
 * transport (FastCGI in production, memory in tests) sits behind req_io.
 */
#ifndef REQ_H
#define REQ_H

#include <sys/types.h>
#include <stddef.h>
#include "sme.h"
#include "http.h"
#include "multipart.h"

struct req_io {
	const char	*(*getenv)(void *arg, const char *name);
	ssize_t		 (*read)(void *arg, char *buf, size_t bufsz);
	int		 (*write)(void *arg, const char *buf, size_t bufsz);
	void		*arg;
};

enum req_method { REQ_GET, REQ_HEAD, REQ_POST, REQ_OTHER, REQ__MAX };

#define REQ_COOKIE_HTTPONLY	0x1
#define REQ_COOKIE_LAX		0x2

struct req {
	struct req_io	 io;
	enum req_method	 method;
	const char	*path;		/* DOCUMENT_URI; borrowed from io */
	const char	*remote_addr;	/* never NULL */
	const char	*user_agent;	/* never NULL */
	const char	*ctype;		/* Content-Type or "" */
	const char	*accept;	/* Accept or "" */
	int		 https;		/* served over TLS */
	int		 cookie_secure;	/* cookies get Secure: https, or the
					   app's cookie_secure = always */
	size_t		 clen;		/* Content-Length, 0 if none */
	struct http_pairs query;
	struct http_pairs form;		/* urlencoded or multipart fields */
	struct http_pairs cookies;
	struct multipart mp;		/* files of a multipart body */
	char		 id[17];	/* request id for logs */
	char		*hdrs;		/* response headers being built */
	size_t		 hdrsz;
	size_t		 hdrcap;
	int		 sent;		/* a response was written */
	/* Called by req_send before the head is written (may add headers). */
	void		(*before_send)(struct req *, void *);
	void		*before_send_arg;
};

/*
 * Fill r from io: method, path, headers, query and cookies. The body is
 * not read. On SME_EINPUT (a malformed query) the caller answers 400;
 * req_end() must be called whatever the result.
 */
enum sme_err	 req_start(struct req *r, const struct req_io *io);

/*
 * Read the body: urlencoded up to form_max bytes, or multipart within lim.
 * Other types are left unread. SME_EINPUT (400), SME_ETOOBIG (413).
 */
enum sme_err	 req_body(struct req *r, size_t form_max,
		    const struct multipart_limits *lim);

/* Values of query, form and cookie by name, or NULL. Borrowed from r. */
const char	*req_query(const struct req *r, const char *k);
const char	*req_form(const struct req *r, const char *k);
const char	*req_cookie(const struct req *r, const char *k);

/* Add a response header; values with CR or LF are refused (SME_EINPUT). */
enum sme_err	 req_header(struct req *r, const char *name, const char *val);

/*
 * Add a Set-Cookie for name=val on path "/". max_age < 0 is a session
 * cookie, 0 deletes it. Secure is added when r->cookie_secure.
 */
enum sme_err	 req_cookie_set(struct req *r, const char *name,
		    const char *val, long max_age, int flags);

/* Write the status, headers and body; only the first call writes. */
void		 req_send(struct req *r, int status, const char *ctype,
		    const char *body, size_t bodysz);

/* 303 See Other to location (a path of ours). */
void		 req_redirect(struct req *r, const char *location);

/* Free everything r holds (and unlink spooled uploads). */
void		 req_end(struct req *r);

#endif
