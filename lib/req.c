/*
 * req.c - read a request's CGI variables (RFC 3875, as nginx's
 * fastcgi_params pass them), parse query and cookies, read the body with
 * hard limits, and write the response with its security headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "log.h"
#include "req.h"
#include "token.h"

static const char *
req_env(const struct req *r, const char *name, const char *def)
{
	const char	*v = r->io.getenv(r->io.arg, name);

	return v != NULL ? v : def;
}

enum sme_err
req_start(struct req *r, const struct req_io *io)
{
	static unsigned	 seq;
	const char	*m, *q, *c;

	memset(r, 0, sizeof(*r));
	r->io = *io;
	/* Unique across the workers of a host: pid and a counter. */
	snprintf(r->id, sizeof(r->id), "%x-%x", (unsigned)getpid(), ++seq);
	log_reqid(r->id);
	m = req_env(r, "REQUEST_METHOD", "");
	r->method = strcmp(m, "GET") == 0 ? REQ_GET :
	    strcmp(m, "HEAD") == 0 ? REQ_HEAD :
	    strcmp(m, "POST") == 0 ? REQ_POST : REQ_OTHER;
	r->path = req_env(r, "DOCUMENT_URI", req_env(r, "SCRIPT_NAME", "/"));
	r->remote_addr = req_env(r, "REMOTE_ADDR", "");
	r->user_agent = req_env(r, "HTTP_USER_AGENT", "");
	r->ctype = req_env(r, "CONTENT_TYPE", "");
	r->accept = req_env(r, "HTTP_ACCEPT", "");
	r->https = strcmp(req_env(r, "HTTPS", ""), "on") == 0;
	r->cookie_secure = r->https;
	r->clen = strtoul(req_env(r, "CONTENT_LENGTH", "0"), NULL, 10);
	c = req_env(r, "HTTP_COOKIE", "");
	if (http_parse_cookies(c, strlen(c), &r->cookies) != SME_OK)
		http_pairs_free(&r->cookies);
	q = req_env(r, "QUERY_STRING", "");
	return http_parse_urlencoded(q, strlen(q), &r->query);
}

/* multipart_read_fn over the request body. */
static ssize_t
req_read(void *arg, char *buf, size_t bufsz)
{
	struct req	*r = arg;

	return r->io.read(r->io.arg, buf, bufsz);
}

/* 1 if the Content-Type's media type is type (case-insensitive). */
static int
req_is_type(const char *ctype, const char *type)
{
	size_t	 n = strlen(type);

	return strncasecmp(ctype, type, n) == 0 &&
	    (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* Read exactly r->clen bytes of an urlencoded body and parse them. */
static enum sme_err
req_urlencoded(struct req *r, size_t form_max)
{
	char		*buf;
	size_t		 got = 0;
	ssize_t		 n;
	enum sme_err	 er;

	if (r->clen > form_max)
		return SME_ETOOBIG;
	if ((buf = malloc(r->clen + 1)) == NULL)
		return SME_ENOMEM;
	while (got < r->clen) {
		if ((n = r->io.read(r->io.arg, buf + got, r->clen - got)) <= 0)
			break;
		got += (size_t)n;
	}
	er = got == r->clen ? http_parse_urlencoded(buf, got, &r->form) :
	    SME_EINPUT;
	free(buf);
	return er;
}

enum sme_err
req_body(struct req *r, size_t form_max, const struct multipart_limits *lim)
{
	char		 boundary[MULTIPART_BOUNDARY_MAX + 1];
	enum sme_err	 er;
	size_t		 i;

	if (req_is_type(r->ctype, "application/x-www-form-urlencoded"))
		return req_urlencoded(r, form_max);
	if (!req_is_type(r->ctype, "multipart/form-data"))
		return SME_OK;
	if (lim == NULL)
		return SME_EINPUT;
	if ((er = multipart_boundary(r->ctype, boundary, sizeof(boundary))) != SME_OK)
		return er;
	if ((er = multipart_parse(boundary, req_read, r, lim, &r->mp)) != SME_OK)
		return er;
	/* Fields are looked up in one place whatever the encoding. */
	for (i = 0; i < r->mp.fields.n; i++)
		if ((er = http_pairs_add(&r->form, r->mp.fields.v[i].key,
		    r->mp.fields.v[i].val, r->mp.fields.v[i].valsz)) != SME_OK)
			return er;
	return SME_OK;
}

const char *
req_query(const struct req *r, const char *k)
{
	const struct http_pair *p = http_pairs_get(&r->query, k);

	return p ? p->val : NULL;
}

const char *
req_form(const struct req *r, const char *k)
{
	const struct http_pair *p = http_pairs_get(&r->form, k);

	return p ? p->val : NULL;
}

const char *
req_cookie(const struct req *r, const char *k)
{
	const struct http_pair *p = http_pairs_get(&r->cookies, k);

	return p ? p->val : NULL;
}

/* Append s to the header buffer. */
static enum sme_err
req_hdr_cat(struct req *r, const char *s)
{
	size_t	 n = strlen(s);
	char	*nb;

	if (r->hdrsz + n + 1 > r->hdrcap) {
		size_t cap = (r->hdrsz + n + 1) * 2;
		if ((nb = realloc(r->hdrs, cap)) == NULL)
			return SME_ENOMEM;
		r->hdrs = nb;
		r->hdrcap = cap;
	}
	memcpy(r->hdrs + r->hdrsz, s, n + 1);
	r->hdrsz += n;
	return SME_OK;
}

enum sme_err
req_header(struct req *r, const char *name, const char *val)
{
	enum sme_err	 er;

	/* No header splitting, whatever a caller passes. */
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(val, "\r\n") != NULL)
		return SME_EINPUT;
	if ((er = req_hdr_cat(r, name)) != SME_OK ||
	    (er = req_hdr_cat(r, ": ")) != SME_OK ||
	    (er = req_hdr_cat(r, val)) != SME_OK)
		return er;
	return req_hdr_cat(r, "\r\n");
}

enum sme_err
req_cookie_set(struct req *r, const char *name, const char *val,
    long max_age, int flags)
{
	char	 buf[512];
	char	 age[48] = "";
	int	 n;

	if (strpbrk(val, ";, \t\r\n\"") != NULL)
		return SME_EINPUT;
	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	n = snprintf(buf, sizeof(buf), "%s=%s; Path=/%s%s%s%s", name, val, age,
	    (flags & REQ_COOKIE_HTTPONLY) ? "; HttpOnly" : "",
	    (flags & REQ_COOKIE_LAX) ? "; SameSite=Lax" : "",
	    r->cookie_secure ? "; Secure" : "");
	if (n < 0 || (size_t)n >= sizeof(buf))
		return SME_EINPUT;
	return req_header(r, "Set-Cookie", buf);
}

/* The reason phrase of the statuses we use. */
static const char *
req_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void
req_send(struct req *r, int status, const char *ctype, const char *body,
    size_t bodysz)
{
	char	 head[512];
	int	 n;

	if (r->sent)
		return;
	r->sent = 1;
	if (r->before_send != NULL)
		r->before_send(r, r->before_send_arg);
	n = snprintf(head, sizeof(head),
	    "Status: %d %s\r\n"
	    "Content-Type: %s\r\n"
	    "Content-Length: %zu\r\n"
	    "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n"
	    "X-Frame-Options: DENY\r\n"
	    "Referrer-Policy: same-origin\r\n"
	    "Content-Security-Policy: default-src 'self'; "
	    "img-src 'self' blob:; "	/* register.js previews the licence */
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'\r\n",
	    status, req_reason(status), ctype, bodysz);
	if (n < 0 || (size_t)n >= sizeof(head)) {
		log_err("response head too long (content type %.40s)", ctype);
		return;
	}
	r->io.write(r->io.arg, head, (size_t)n);
	if (r->hdrsz > 0)
		r->io.write(r->io.arg, r->hdrs, r->hdrsz);
	r->io.write(r->io.arg, "\r\n", 2);
	if (body != NULL && bodysz > 0 && r->method != REQ_HEAD)
		r->io.write(r->io.arg, body, bodysz);
}

void
req_redirect(struct req *r, const char *location)
{
	if (req_header(r, "Location", location) != SME_OK)
		req_header(r, "Location", "/");
	req_send(r, 303, "text/plain; charset=utf-8", NULL, 0);
}

void
req_end(struct req *r)
{
	http_pairs_free(&r->query);
	http_pairs_free(&r->form);
	http_pairs_free(&r->cookies);
	multipart_free(&r->mp);
	free(r->hdrs);
	r->hdrs = NULL;
	log_reqid(NULL);
}
