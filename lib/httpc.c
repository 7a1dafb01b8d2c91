/*
 * httpc.c - HTTP requests of the gateway adapters through libcurl: one
 * easy handle reused (keep-alive), bounded reply, no redirects, http and
 * https only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "httpc.h"

struct httpc {
	CURL	*curl;
	char	 errbuf[CURL_ERROR_SIZE];
};

/* A reply body being received: grows up to HTTPC_REPLY_MAX. */
struct httpc_sink {
	char	*buf;
	size_t	 sz;
	size_t	 cap;
	int	 toobig;
};

enum sme_err
httpc_new(struct httpc **out)
{
	static int	 inited;

	*out = NULL;
	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return SME_ESYS;
		inited = 1;
	}
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return SME_ENOMEM;
	if (((*out)->curl = curl_easy_init()) == NULL) {
		free(*out);
		*out = NULL;
		return SME_ESYS;
	}
	return SME_OK;
}

void
httpc_free(struct httpc *h)
{
	if (h == NULL)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

enum httpc_method
httpc_method(const char *name)
{
	if (name != NULL && strcasecmp(name, "GET") == 0)
		return HTTPC_GET;
	if (name != NULL && strcasecmp(name, "POST") == 0)
		return HTTPC_POST;
	return HTTPC__MAX;
}

enum sme_err
httpc_form_add(struct httpc_form *f, const char *k, const char *v)
{
	char	*ek, *ev, *nb;
	size_t	 need, cap;
	enum sme_err er = SME_ENOMEM;

	/* curl_easy_escape needs no handle and keeps only [A-Za-z0-9-._~]. */
	ek = curl_easy_escape(NULL, k, 0);
	ev = curl_easy_escape(NULL, v, 0);
	if (ek == NULL || ev == NULL)
		goto out;
	need = f->sz + (f->sz > 0) + strlen(ek) + 1 + strlen(ev) + 1;
	if (need > f->cap) {
		cap = need < 256 ? 256 : need * 2;
		if ((nb = realloc(f->buf, cap)) == NULL)
			goto out;
		f->buf = nb;
		f->cap = cap;
	}
	f->sz += (size_t)snprintf(f->buf + f->sz, f->cap - f->sz, "%s%s=%s",
	    f->sz > 0 ? "&" : "", ek, ev);
	er = SME_OK;
out:
	curl_free(ek);
	curl_free(ev);
	return er;
}

void
httpc_form_free(struct httpc_form *f)
{
	if (f == NULL)
		return;
	free(f->buf);
	memset(f, 0, sizeof(*f));
}

void
httpc_reply_free(struct httpc_reply *r)
{
	if (r == NULL)
		return;
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* libcurl's write callback: keep at most HTTPC_REPLY_MAX bytes. */
static size_t
httpc_sink_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct httpc_sink *s = arg;
	size_t		 n = size * nmemb, cap;
	char		*nb;

	if (n > HTTPC_REPLY_MAX - s->sz) {
		s->toobig = 1;
		return 0;	/* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (s->sz + n + 1 > s->cap) {
		cap = s->cap == 0 ? 4096 : s->cap;
		while (cap < s->sz + n + 1)
			cap *= 2;
		if ((nb = realloc(s->buf, cap)) == NULL)
			return 0;
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + s->sz, ptr, n);
	s->sz += n;
	s->buf[s->sz] = '\0';
	return n;
}

enum sme_err
httpc_request(struct httpc *h, enum httpc_method m, const char *url,
    const struct httpc_form *form, long timeout_ms, struct httpc_reply *out,
    char *err, size_t errsz)
{
	struct httpc_sink sink = { NULL, 0, 0, 0 };
	const char	*fb = form != NULL && form->buf != NULL ? form->buf : "";
	char		*full = NULL;
	CURL		*c = h->curl;
	CURLcode	 cc;
	size_t		 n;

	memset(out, 0, sizeof(*out));
	if (errsz > 0)
		err[0] = '\0';
	if (m == HTTPC_GET && *fb != '\0') {
		n = strlen(url) + 1 + strlen(fb) + 1;
		if ((full = malloc(n)) == NULL)
			return SME_ENOMEM;
		snprintf(full, n, "%s%c%s", url, strchr(url, '?') ? '&' : '?', fb);
	}
	curl_easy_reset(c);
	h->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, full != NULL ? full : url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sme-smsd");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, httpc_sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	if (m == HTTPC_POST) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, fb);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(fb));
	} else
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	cc = curl_easy_perform(c);
	free(full);
	if (cc != CURLE_OK) {
		free(sink.buf);
		if (errsz > 0)
			snprintf(err, errsz, "%s", sink.toobig ?
			    "reply larger than the limit" : h->errbuf[0] != '\0' ?
			    h->errbuf : curl_easy_strerror(cc));
		return sink.toobig ? SME_ETOOBIG : SME_ESYS;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = sink.buf != NULL ? sink.buf : strdup("");
	out->bodysz = sink.sz;
	if (out->body == NULL)
		return SME_ENOMEM;
	return SME_OK;
}
