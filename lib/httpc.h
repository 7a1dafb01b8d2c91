/*
 * httpc.h - the HTTP client of the gateway adapters (Kannel's sendsms, an
 * operator's API): libcurl with one handle a process, so connections are
 * kept alive between messages; urlencoded forms built with its escaping.
 */
#ifndef HTTPC_H
#define HTTPC_H

#include <stddef.h>
#include "sme.h"

#define HTTPC_REPLY_MAX	65536	/* a longer reply body is an error */

struct httpc;

enum httpc_method {
	HTTPC_GET,	/* the form goes in the query string */
	HTTPC_POST,	/* the form is the application/x-www-form-urlencoded body */
	HTTPC__MAX
};

/* An urlencoded form "k=v&k=v" being built; start from a zeroed one. */
struct httpc_form {
	char	*buf;	/* NUL-terminated; NULL while empty */
	size_t	 sz;
	size_t	 cap;
};

/* A reply: its status and body (NUL-terminated, owned: httpc_reply_free). */
struct httpc_reply {
	long	 status;
	char	*body;
	size_t	 bodysz;
};

/*
 * A client. Call once per process before any other thread exists (it
 * runs curl_global_init the first time). The caller frees it with
 * httpc_free(). SME_ENOMEM or SME_ESYS if libcurl can't start.
 */
enum sme_err	 httpc_new(struct httpc **out);
void		 httpc_free(struct httpc *h);

/* The method named name ("GET", "POST"), or HTTPC__MAX. */
enum httpc_method httpc_method(const char *name);

/*
 * Append k=v to f, each percent-encoded (RFC 3986 unreserved characters
 * kept). SME_ENOMEM leaves f as it was.
 */
enum sme_err	 httpc_form_add(struct httpc_form *f, const char *k,
		    const char *v);
void		 httpc_form_free(struct httpc_form *f);

/*
 * Send form (may be NULL) to url (http or https only, no redirects) and
 * wait at most timeout_ms for the whole reply. On SME_OK out holds the
 * reply, whatever its status, and the caller frees it with
 * httpc_reply_free(). Otherwise out is empty and err says why: SME_ESYS
 * for a transport failure (refused, timeout, TLS), SME_ETOOBIG for a body
 * over HTTPC_REPLY_MAX.
 */
enum sme_err	 httpc_request(struct httpc *h, enum httpc_method m,
		    const char *url, const struct httpc_form *form,
		    long timeout_ms, struct httpc_reply *out, char *err,
		    size_t errsz);
void		 httpc_reply_free(struct httpc_reply *r);

#endif
