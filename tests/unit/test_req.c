/*
 * test_req.c - req.[ch] over an in-memory req_io: CGI variables, query,
 * cookies and bodies in, and the status, headers, cookies and body out,
 * with header injection and oversized bodies refused; redirect.[ch]'s
 * formatted 303 on top of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "redirect.h"
#include "req.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* The transport of one test request: CGI variables, body in, bytes out. */
struct mem {
	const char *const *env;		/* name, value, ..., NULL */
	const char	*body;		/* may be NULL */
	size_t		 bodysz;
	size_t		 off;		/* bytes of body read so far */
	size_t		 chunk;		/* most bytes one read returns */
	int		 fail;		/* read returns -1 */
	size_t		 reads;		/* calls of read */
	char		*out;		/* written bytes, NUL-terminated */
	size_t		 outsz;
};

static const char *
mem_getenv(void *arg, const char *name)
{
	const struct mem	*m = arg;
	size_t			 i;

	for (i = 0; m->env != NULL && m->env[i] != NULL; i += 2)
		if (strcmp(m->env[i], name) == 0)
			return m->env[i + 1];
	return NULL;
}

static ssize_t
mem_read(void *arg, char *buf, size_t bufsz)
{
	struct mem	*m = arg;
	size_t		 n = m->bodysz - m->off;

	m->reads++;
	if (m->fail)
		return -1;
	if (n > bufsz)
		n = bufsz;
	if (n > m->chunk)
		n = m->chunk;
	memcpy(buf, m->body + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

static int
mem_write(void *arg, const char *buf, size_t bufsz)
{
	struct mem	*m = arg;
	char		*p;

	p = realloc(m->out, m->outsz + bufsz + 1);
	ck_assert_ptr_nonnull(p);
	memcpy(p + m->outsz, buf, bufsz);
	m->outsz += bufsz;
	p[m->outsz] = '\0';
	m->out = p;
	return (int)bufsz;
}

/* Set m up with env and body, read in chunks of 3 bytes. */
static void
mem_init(struct mem *m, const char *const *env, const char *body)
{
	memset(m, 0, sizeof(*m));
	m->env = env;
	m->body = body;
	m->bodysz = body != NULL ? strlen(body) : 0;
	m->chunk = 3;
}

/* req_start(r) over m; returns its result. */
static enum sme_err
start(struct req *r, struct mem *m)
{
	struct req_io	 io = { mem_getenv, mem_read, mem_write, m };

	return req_start(r, &io);
}

static void
mem_free(struct mem *m)
{
	free(m->out);
	m->out = NULL;
}

/* The body of the response in m: what follows the first blank line. */
static const char *
resp_body(const struct mem *m)
{
	const char	*p;

	ck_assert_ptr_nonnull(m->out);
	p = strstr(m->out, "\r\n\r\n");
	ck_assert_msg(p != NULL, "no end of headers in:\n%s", m->out);
	return p + 4;
}

/* 1 if the header block of m has the line exactly (without CRLF). */
static int
resp_has_line(const struct mem *m, const char *line)
{
	const char	*end = resp_body(m), *p = m->out;
	size_t		 n = strlen(line);

	while ((p = strstr(p, line)) != NULL && p < end) {
		if ((p == m->out || p[-1] == '\n') && p[n] == '\r' &&
		    p[n + 1] == '\n')
			return 1;
		p += n;
	}
	return 0;
}

#define HAS_LINE(m, line) \
	ck_assert_msg(resp_has_line((m), (line)), "no line <<%s>> in:\n%s", \
	    (line), (m)->out)

static const char *const env_get[] = {
	"REQUEST_METHOD", "GET",
	"DOCUMENT_URI", "/filing/12/basic",
	"SCRIPT_NAME", "/ignored",
	"QUERY_STRING", "page=2&q=%E6%B1%9F%E8%8B%8F+%E5%8D%97%E4%BA%AC"
	    "&empty=&flag&page=3&raw=\xe4\xb8\xad",
	"REMOTE_ADDR", "192.0.2.7",
	"HTTP_USER_AGENT", "Mozilla/5.0 (测试)",
	"HTTP_ACCEPT", "text/html",
	"HTTP_COOKIE", "sid=AbC-123_x; csrf_pre=\"quoted\"; junk; =novalue; "
	    "bad name=1; theme=dark",
	NULL,
};

START_TEST(req_start_reads_method_path_and_client)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(r.method, REQ_GET);
	ck_assert_str_eq(r.path, "/filing/12/basic");
	ck_assert_str_eq(r.remote_addr, "192.0.2.7");
	ck_assert_str_eq(r.user_agent, "Mozilla/5.0 (测试)");
	ck_assert_str_eq(r.accept, "text/html");
	ck_assert_str_eq(r.ctype, "");
	ck_assert_int_eq(r.https, 0);
	ck_assert_uint_eq(r.clen, 0);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_start_gives_each_request_its_own_id)
{
	struct req	 r;
	struct mem	 m;
	char		 first[sizeof(r.id)];

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_uint_gt(strlen(r.id), 0);
	memcpy(first, r.id, sizeof(first));
	req_end(&r);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_str_ne(r.id, first);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_start_decodes_query_with_chinese)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_str_eq(req_query(&r, "q"), "江苏 南京");
	ck_assert_str_eq(req_query(&r, "page"), "2");	/* the first one */
	ck_assert_str_eq(req_query(&r, "empty"), "");
	ck_assert_str_eq(req_query(&r, "flag"), "");
	ck_assert_str_eq(req_query(&r, "raw"), "中");
	ck_assert_ptr_null(req_query(&r, "missing"));
	ck_assert_ptr_null(req_form(&r, "q"));
	ck_assert_ptr_null(req_cookie(&r, "q"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_start_parses_cookies_skipping_malformed_ones)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_str_eq(req_cookie(&r, "sid"), "AbC-123_x");
	ck_assert_str_eq(req_cookie(&r, "csrf_pre"), "quoted");
	ck_assert_str_eq(req_cookie(&r, "theme"), "dark");
	ck_assert_ptr_null(req_cookie(&r, "junk"));
	ck_assert_ptr_null(req_cookie(&r, "bad name"));
	ck_assert_ptr_null(req_cookie(&r, ""));
	ck_assert_ptr_null(req_query(&r, "sid"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* REQUEST_METHOD values and the method they give. */
static const struct {
	const char	*val;
	enum req_method	 want;
} methods[] = {
	{ "GET", REQ_GET },
	{ "HEAD", REQ_HEAD },
	{ "POST", REQ_POST },
	{ "PUT", REQ_OTHER },
	{ "DELETE", REQ_OTHER },
	{ "OPTIONS", REQ_OTHER },
	{ "get", REQ_OTHER },
	{ "POSTX", REQ_OTHER },
	{ "", REQ_OTHER },
	{ NULL, REQ_OTHER },
};

START_TEST(req_start_maps_request_method)
{
	const char	*env[] = { "REQUEST_METHOD", methods[_i].val, NULL };
	struct req	 r;
	struct mem	 m;

	mem_init(&m, methods[_i].val != NULL ? env : NULL, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(r.method, methods[_i].want);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_start_gives_defaults_without_variables)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, NULL, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_str_eq(r.path, "/");
	ck_assert_ptr_nonnull(r.remote_addr);
	ck_assert_ptr_nonnull(r.user_agent);
	ck_assert_str_eq(r.ctype, "");
	ck_assert_str_eq(r.accept, "");
	ck_assert_int_eq(r.https, 0);
	ck_assert_uint_eq(r.clen, 0);
	ck_assert_ptr_null(req_query(&r, "a"));
	ck_assert_ptr_null(req_cookie(&r, "sid"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_start_takes_path_from_script_name_without_document_uri)
{
	static const char *const env[] = { "SCRIPT_NAME", "/account", NULL };
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_str_eq(r.path, "/account");
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* HTTPS values (as nginx's fastcgi_params pass $https) and r->https. */
static const struct {
	const char	*val;
	int		 want;
} https_vals[] = {
	{ "on", 1 },
	{ "", 0 },
	{ "off", 0 },
	{ "1", 0 },
	{ NULL, 0 },
};

START_TEST(req_start_sets_https_only_when_on)
{
	const char	*env[] = { "HTTPS", https_vals[_i].val, NULL };
	struct req	 r;
	struct mem	 m;

	mem_init(&m, https_vals[_i].val != NULL ? env : NULL, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(r.https, https_vals[_i].want);
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Query strings that must be refused with SME_EINPUT. */
static const char *const bad_queries[] = {
	"a=%zz",
	"a=%4",
	"a=%",
	"a=1&b=%E6%B1",			/* truncated UTF-8 */
	"a=%C0%AF",			/* overlong */
	"a=%ED%A0%80",			/* surrogate */
	"a=%00",			/* NUL */
	"a=%01",			/* control byte */
	"%00=1",
	"=1",				/* empty name */
	"a=\xff",
	"q=\xe4\xb8",
};

START_TEST(req_start_rejects_malformed_query)
{
	const char	*env[] = {
		"REQUEST_METHOD", "GET", "QUERY_STRING", bad_queries[_i], NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, NULL);
	ck_assert_int_eq(start(&r, &m), SME_EINPUT);
	ck_assert_ptr_null(req_query(&r, "a"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

static const char form_body[] =
    "company=%E6%B1%9F%E8%8B%8F%E6%B5%8B%E8%AF%95%E6%9C%89%E9%99%90%E5%85"
    "%AC%E5%8F%B8&note=a+b%26c%3Dd&raw=\xe5\x8d\x97\xe4\xba\xac"
    "&multi=%E7%AC%AC%E4%B8%80%E8%A1%8C%0D%0A%E7%AC%AC%E4%BA%8C%E8%A1%8C";

/* Sizes of the reads the transport returns. */
static const size_t chunks[] = { 1, 2, 3, 7, 64, 65536 };

START_TEST(req_body_parses_urlencoded_form_with_chinese)
{
	char		 clen[32];
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", clen,
		NULL
	};
	struct req	 r;
	struct mem	 m;

	snprintf(clen, sizeof(clen), "%zu", strlen(form_body));
	mem_init(&m, env, form_body);
	m.chunk = chunks[_i];
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_uint_eq(r.clen, strlen(form_body));
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_OK);
	ck_assert_str_eq(req_form(&r, "company"), "江苏测试有限公司");
	ck_assert_str_eq(req_form(&r, "note"), "a b&c=d");
	ck_assert_str_eq(req_form(&r, "raw"), "南京");
	ck_assert_str_eq(req_form(&r, "multi"), "第一行\r\n第二行");
	ck_assert_ptr_null(req_query(&r, "company"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Content-Type values that are urlencoded forms. */
static const char *const form_types[] = {
	"application/x-www-form-urlencoded",
	"application/x-www-form-urlencoded; charset=UTF-8",
	"application/x-www-form-urlencoded;charset=utf-8",
	"Application/X-WWW-Form-Urlencoded",
};

START_TEST(req_body_reads_urlencoded_whatever_its_parameters)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", form_types[_i],
		"CONTENT_LENGTH", "7",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "name=xy");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_OK);
	ck_assert_str_eq(req_form(&r, "name"), "xy");
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_body_accepts_form_of_exactly_form_max)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "7",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "name=xy");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 7, NULL), SME_OK);
	ck_assert_str_eq(req_form(&r, "name"), "xy");
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Content-Length values over a form_max of 16, or not numbers at all. */
static const char *const too_big[] = {
	"17", "100000000", "18446744073709551615", "-1",
};

START_TEST(req_body_longer_than_form_max_is_etoobig_unread)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", too_big[_i],
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "name=0123456789ab");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 16, NULL), SME_ETOOBIG);
	ck_assert_uint_eq(m.reads, 0);
	ck_assert_ptr_null(req_form(&r, "name"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_body_shorter_than_content_length_is_einput)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "20",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "name=xy");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_EINPUT);
	ck_assert_ptr_null(req_form(&r, "name"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_body_read_error_is_einput)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "7",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "name=xy");
	m.fail = 1;
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_EINPUT);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_body_reads_no_more_than_content_length)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", "4",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "a=12&b=3");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_OK);
	ck_assert_uint_eq(m.off, 4);
	ck_assert_str_eq(req_form(&r, "a"), "12");
	ck_assert_ptr_null(req_form(&r, "b"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* urlencoded bodies that must be refused. */
static const char *const bad_bodies[] = {
	"a=%zz",
	"a=%E6%B1",
	"a=%00",
	"=x",
	"a=\xc0\xaf",
};

START_TEST(req_body_rejects_malformed_urlencoded)
{
	char		 clen[32];
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "application/x-www-form-urlencoded",
		"CONTENT_LENGTH", clen,
		NULL
	};
	struct req	 r;
	struct mem	 m;

	snprintf(clen, sizeof(clen), "%zu", strlen(bad_bodies[_i]));
	mem_init(&m, env, bad_bodies[_i]);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_EINPUT);
	ck_assert_ptr_null(req_form(&r, "a"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Content-Types req_body leaves unread. */
static const char *const other_types[] = {
	"",
	"text/plain",
	"application/json",
	"application/x-www-form-urlencodedX",
	"application/x-www-form",
};

START_TEST(req_body_leaves_other_types_unread)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", other_types[_i],
		"CONTENT_LENGTH", "7",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "name=xy");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_OK);
	ck_assert_uint_eq(m.reads, 0);
	ck_assert_ptr_null(req_form(&r, "name"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_body_refuses_multipart_without_limits)
{
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "multipart/form-data; boundary=XyZ",
		"CONTENT_LENGTH", "7",
		NULL
	};
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, "--XyZ--");
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, NULL), SME_EINPUT);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_body_puts_multipart_fields_in_the_form)
{
	static const char body[] =
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"company\"\r\n"
	    "\r\n"
	    "江苏测试有限公司\r\n"
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"note\"\r\n"
	    "\r\n"
	    "a&b=c\r\n"
	    "--XyZ--\r\n";
	char		 clen[32];
	const char	*env[] = {
		"REQUEST_METHOD", "POST",
		"CONTENT_TYPE", "multipart/form-data; boundary=XyZ",
		"CONTENT_LENGTH", clen,
		NULL
	};
	struct multipart_limits lim = { 1024, 4096, 1024, 8, NULL };
	struct req	 r;
	struct mem	 m;

	snprintf(clen, sizeof(clen), "%zu", strlen(body));
	mem_init(&m, env, body);
	m.chunk = 5;
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_body(&r, 4096, &lim), SME_OK);
	ck_assert_str_eq(req_form(&r, "company"), "江苏测试有限公司");
	ck_assert_str_eq(req_form(&r, "note"), "a&b=c");
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_header_adds_line_before_the_blank_line)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_header(&r, "X-Request-Id", "abc"), SME_OK);
	ck_assert_int_eq(req_header(&r, "Vary", "Cookie"), SME_OK);
	req_send(&r, 200, "text/plain; charset=utf-8", "ok", 2);
	HAS_LINE(&m, "X-Request-Id: abc");
	HAS_LINE(&m, "Vary: Cookie");
	ck_assert_str_eq(resp_body(&m), "ok");
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Header names and values that would split the response. */
static const struct {
	const char	*name;
	const char	*val;
} bad_headers[] = {
	{ "X-A", "v\r\nSet-Cookie: sid=evil" },
	{ "X-A", "v\nSet-Cookie: sid=evil" },
	{ "X-A", "v\rSet-Cookie: sid=evil" },
	{ "X-A", "\r\n\r\n<html>evil" },
	{ "X-A\r\nSet-Cookie: sid=evil", "v" },
	{ "X-A\nSet-Cookie", "sid=evil" },
	{ "Set-Cookie: sid=evil\r\nX-A", "v" },
	{ "X-A: sid=evil", "v" },
};

START_TEST(req_header_refuses_cr_lf_and_colon_in_name)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_header(&r, bad_headers[_i].name,
	    bad_headers[_i].val), SME_EINPUT);
	req_send(&r, 200, "text/plain; charset=utf-8", "ok", 2);
	ck_assert_ptr_null(strstr(m.out, "evil"));
	ck_assert_ptr_null(strstr(m.out, "X-A"));
	ck_assert_str_eq(resp_body(&m), "ok");
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Set-Cookie calls and the exact line each must give. */
static const struct {
	const char	*https;
	const char	*name;
	const char	*val;
	long		 max_age;
	int		 flags;
	const char	*line;
} cookie_cases[] = {
	{ NULL, "sid", "AbC-123_x", -1, REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX,
	  "Set-Cookie: sid=AbC-123_x; Path=/; HttpOnly; SameSite=Lax" },
	{ "off", "sid", "AbC-123_x", 3600, REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX,
	  "Set-Cookie: sid=AbC-123_x; Path=/; Max-Age=3600; HttpOnly; "
	  "SameSite=Lax" },
	{ "on", "sid", "AbC-123_x", 3600, REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX,
	  "Set-Cookie: sid=AbC-123_x; Path=/; Max-Age=3600; HttpOnly; "
	  "SameSite=Lax; Secure" },
	{ "on", "sid", "", 0, REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX,
	  "Set-Cookie: sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; "
	  "Secure" },
	{ NULL, "sid", "", 0, REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX,
	  "Set-Cookie: sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" },
	{ "on", "pre", "x", -1, REQ_COOKIE_LAX,
	  "Set-Cookie: pre=x; Path=/; SameSite=Lax; Secure" },
	{ NULL, "pre", "x", -1, REQ_COOKIE_HTTPONLY,
	  "Set-Cookie: pre=x; Path=/; HttpOnly" },
	{ NULL, "pre", "x", -1, 0,
	  "Set-Cookie: pre=x; Path=/" },
};

START_TEST(req_cookie_set_writes_attributes_and_secure_only_over_https)
{
	const char	*env[] = { "HTTPS", cookie_cases[_i].https, NULL };
	struct req	 r;
	struct mem	 m;

	mem_init(&m, cookie_cases[_i].https != NULL ? env : NULL, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_cookie_set(&r, cookie_cases[_i].name,
	    cookie_cases[_i].val, cookie_cases[_i].max_age,
	    cookie_cases[_i].flags), SME_OK);
	req_send(&r, 200, "text/plain; charset=utf-8", "", 0);
	HAS_LINE(&m, cookie_cases[_i].line);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_cookie_set_secure_when_the_app_says_so_over_plain_http)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, NULL, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(r.cookie_secure, 0);
	r.cookie_secure = 1;	/* what app_handle does for cookie_secure = always */
	ck_assert_int_eq(req_cookie_set(&r, "sid", "x", -1,
	    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX), SME_OK);
	req_send(&r, 200, "text/plain; charset=utf-8", "", 0);
	HAS_LINE(&m, "Set-Cookie: sid=x; Path=/; HttpOnly; SameSite=Lax; Secure");
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Cookie values that would add attributes or split the header. */
static const char *const bad_cookie_vals[] = {
	"a;b",
	"a; Domain=evil.example",
	"a,b",
	"a b",
	"a\tb",
	"a\rb",
	"a\nb",
	"a\r\nSet-Cookie: evil=1",
	"\"a\"",
};

START_TEST(req_cookie_set_refuses_separator_in_value)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, NULL, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_cookie_set(&r, "sid", bad_cookie_vals[_i], -1,
	    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX), SME_EINPUT);
	req_send(&r, 200, "text/plain; charset=utf-8", "", 0);
	ck_assert_ptr_null(strstr(m.out, "Set-Cookie"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Statuses and the line req_send starts with. */
static const struct {
	int		 status;
	const char	*line;
} statuses[] = {
	{ 200, "Status: 200 OK\r\n" },
	{ 303, "Status: 303 See Other\r\n" },
	{ 400, "Status: 400 Bad Request\r\n" },
	{ 403, "Status: 403 Forbidden\r\n" },
	{ 404, "Status: 404 Not Found\r\n" },
	{ 405, "Status: 405 Method Not Allowed\r\n" },
	{ 409, "Status: 409 Conflict\r\n" },
	{ 413, "Status: 413 Payload Too Large\r\n" },
	{ 422, "Status: 422 Unprocessable Content\r\n" },
	{ 429, "Status: 429 Too Many Requests\r\n" },
	{ 500, "Status: 500 Internal Server Error\r\n" },
	{ 503, "Status: 503 Service Unavailable\r\n" },
};

START_TEST(req_send_starts_with_status_and_reason)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	req_send(&r, statuses[_i].status, "text/html; charset=utf-8", "x", 1);
	ck_assert_ptr_nonnull(m.out);
	ck_assert_msg(strncmp(m.out, statuses[_i].line,
	    strlen(statuses[_i].line)) == 0, "got:\n%s", m.out);
	req_end(&r);
	mem_free(&m);
}
END_TEST

/* Header lines every response carries. */
static const char *const always[] = {
	"Content-Type: text/html; charset=utf-8",
	"Content-Length: 17",
	"Cache-Control: no-store",
	"X-Content-Type-Options: nosniff",
	"X-Frame-Options: DENY",
	"Referrer-Policy: same-origin",
};

START_TEST(req_send_writes_security_headers_and_body)
{
	static const char body[] = "<p>江苏省</p>\n";	/* 17 bytes */
	struct req	 r;
	struct mem	 m;
	size_t		 i;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	req_send(&r, 200, "text/html; charset=utf-8", body, strlen(body));
	for (i = 0; i < NELEM(always); i++)
		HAS_LINE(&m, always[i]);
	ck_assert_ptr_nonnull(strstr(m.out, "\r\nContent-Security-Policy: "
	    "default-src 'self'"));
	ck_assert_ptr_nonnull(strstr(m.out, "frame-ancestors 'none'"));
	ck_assert_str_eq(resp_body(&m), body);
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_send_for_head_omits_body_but_keeps_its_length)
{
	static const char *const env[] = { "REQUEST_METHOD", "HEAD", NULL };
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	req_send(&r, 200, "text/html; charset=utf-8", "<p>hello</p>", 12);
	HAS_LINE(&m, "Content-Length: 12");
	ck_assert_str_eq(resp_body(&m), "");
	ck_assert_ptr_null(strstr(m.out, "hello"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_send_writes_only_once)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	req_send(&r, 200, "text/plain; charset=utf-8", "first", 5);
	req_send(&r, 500, "text/plain; charset=utf-8", "second", 6);
	req_redirect(&r, "/home");
	ck_assert_ptr_null(strstr(m.out, "second"));
	ck_assert_ptr_null(strstr(m.out, "Status: 500"));
	ck_assert_ptr_null(strstr(m.out, "Location"));
	ck_assert_str_eq(resp_body(&m), "first");
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_redirect_sends_303_with_location)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(req_cookie_set(&r, "sid", "abc", -1,
	    REQ_COOKIE_HTTPONLY | REQ_COOKIE_LAX), SME_OK);
	req_redirect(&r, "/filing/12?msg=saved");
	ck_assert_int_eq(strncmp(m.out, "Status: 303 See Other\r\n", 23), 0);
	HAS_LINE(&m, "Location: /filing/12?msg=saved");
	HAS_LINE(&m, "Set-Cookie: sid=abc; Path=/; HttpOnly; SameSite=Lax");
	HAS_LINE(&m, "Content-Length: 0");
	HAS_LINE(&m, "X-Frame-Options: DENY");
	ck_assert_str_eq(resp_body(&m), "");
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(req_redirect_to_location_with_crlf_goes_home)
{
	struct req	 r;
	struct mem	 m;

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	req_redirect(&r, "/x\r\nSet-Cookie: sid=evil");
	ck_assert_int_eq(strncmp(m.out, "Status: 303 See Other\r\n", 23), 0);
	HAS_LINE(&m, "Location: /");
	ck_assert_ptr_null(strstr(m.out, "evil"));
	req_end(&r);
	mem_free(&m);
}
END_TEST

START_TEST(redirect_to_formats_the_location_or_goes_home)
{
	struct req	 r;
	struct mem	 m;
	char		 longpath[REDIRECT_MAX + 1];

	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(redirect_to(&r, "/consult/%lld?msg=%s", 42LL, "asked"), SME_OK);
	ck_assert_int_eq(strncmp(m.out, "Status: 303 See Other\r\n", 23), 0);
	HAS_LINE(&m, "Location: /consult/42?msg=asked");
	req_end(&r);
	mem_free(&m);

	/* A location that does not fit is never sent cut short. */
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	mem_init(&m, env_get, NULL);
	ck_assert_int_eq(start(&r, &m), SME_OK);
	ck_assert_int_eq(redirect_to(&r, "%s", longpath), SME_OK);
	HAS_LINE(&m, "Location: /");
	req_end(&r);
	mem_free(&m);
}
END_TEST

static Suite *
req_suite(void)
{
	Suite	*s = suite_create("req");
	TCase	*ti = tcase_create("input");
	TCase	*tb = tcase_create("body");
	TCase	*to = tcase_create("output");

	tcase_add_test(ti, req_start_reads_method_path_and_client);
	tcase_add_test(ti, req_start_gives_each_request_its_own_id);
	tcase_add_test(ti, req_start_decodes_query_with_chinese);
	tcase_add_test(ti, req_start_parses_cookies_skipping_malformed_ones);
	tcase_add_loop_test(ti, req_start_maps_request_method, 0,
	    NELEM(methods));
	tcase_add_test(ti, req_start_gives_defaults_without_variables);
	tcase_add_test(ti,
	    req_start_takes_path_from_script_name_without_document_uri);
	tcase_add_loop_test(ti, req_start_sets_https_only_when_on, 0,
	    NELEM(https_vals));
	tcase_add_loop_test(ti, req_start_rejects_malformed_query, 0,
	    NELEM(bad_queries));
	suite_add_tcase(s, ti);

	tcase_add_loop_test(tb, req_body_parses_urlencoded_form_with_chinese, 0,
	    NELEM(chunks));
	tcase_add_loop_test(tb,
	    req_body_reads_urlencoded_whatever_its_parameters, 0,
	    NELEM(form_types));
	tcase_add_test(tb, req_body_accepts_form_of_exactly_form_max);
	tcase_add_loop_test(tb, req_body_longer_than_form_max_is_etoobig_unread,
	    0, NELEM(too_big));
	tcase_add_test(tb, req_body_shorter_than_content_length_is_einput);
	tcase_add_test(tb, req_body_read_error_is_einput);
	tcase_add_test(tb, req_body_reads_no_more_than_content_length);
	tcase_add_loop_test(tb, req_body_rejects_malformed_urlencoded, 0,
	    NELEM(bad_bodies));
	tcase_add_loop_test(tb, req_body_leaves_other_types_unread, 0,
	    NELEM(other_types));
	tcase_add_test(tb, req_body_refuses_multipart_without_limits);
	tcase_add_test(tb, req_body_puts_multipart_fields_in_the_form);
	suite_add_tcase(s, tb);

	tcase_add_test(to, req_header_adds_line_before_the_blank_line);
	tcase_add_loop_test(to, req_header_refuses_cr_lf_and_colon_in_name, 0,
	    NELEM(bad_headers));
	tcase_add_loop_test(to,
	    req_cookie_set_writes_attributes_and_secure_only_over_https, 0,
	    NELEM(cookie_cases));
	tcase_add_test(to, req_cookie_set_secure_when_the_app_says_so_over_plain_http);
	tcase_add_loop_test(to, req_cookie_set_refuses_separator_in_value, 0,
	    NELEM(bad_cookie_vals));
	tcase_add_loop_test(to, req_send_starts_with_status_and_reason, 0,
	    NELEM(statuses));
	tcase_add_test(to, req_send_writes_security_headers_and_body);
	tcase_add_test(to, req_send_for_head_omits_body_but_keeps_its_length);
	tcase_add_test(to, req_send_writes_only_once);
	tcase_add_test(to, req_redirect_sends_303_with_location);
	tcase_add_test(to, req_redirect_to_location_with_crlf_goes_home);
	tcase_add_test(to, redirect_to_formats_the_location_or_goes_home);
	suite_add_tcase(s, to);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(req_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
