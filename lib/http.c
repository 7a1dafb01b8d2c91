/*
 * http.c - parse query strings, urlencoded bodies and Cookie headers into
 * lists of name=value pairs, rejecting anything that is not clean UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "http.h"

#define HTTP_PAIRS_CAP0	8	/* first allocation of a list */

/* The value of a hex digit, or -1. */
static int
http_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decoding as RFC 3986 section 2.1; contract in http.h. */
enum sme_err
http_pct_decode(const char *in, size_t insz, int plus, char *out,
    size_t *outsz /* out */)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < insz; i++) {
		if (in[i] == '+' && plus) {
			out[o++] = ' ';
			continue;
		}
		if (in[i] != '%') {
			out[o++] = in[i];
			continue;
		}
		if (insz - i < 3 ||
		    (hi = http_hex((unsigned char)in[i + 1])) < 0 ||
		    (lo = http_hex((unsigned char)in[i + 2])) < 0)
			return SME_EINPUT;
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	*outsz = o;
	return SME_OK;
}

/* The length of one UTF-8 sequence; contract in http.h. */
size_t
http_utf8_len(const char *str, size_t sz)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned char		 lo = 0x80, hi = 0xbf;
	size_t			 n, i;

	if (sz == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* The second byte's range rules out overlongs and surrogates. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (sz < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

int
http_utf8_valid(const char *buf, size_t sz)
{
	size_t			 i = 0, n;

	while (i < sz) {
		if ((n = http_utf8_len(buf + i, sz - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}

/* The text rule of every decoded key and value; contract in http.h. */
int
http_text_valid(const char *buf, size_t sz, int multiline)
{
	size_t		 i;
	unsigned char	 c;

	for (i = 0; i < sz; i++) {
		c = (unsigned char)buf[i];
		if (c >= 0x20)
			continue;
		if (!multiline || (c != '\t' && c != '\r' && c != '\n'))
			return 0;
	}
	return http_utf8_valid(buf, sz);
}

/*
 * Append key/val to ps, taking ownership of both on success only (the
 * caller frees them on failure). SME_ETOOBIG past HTTP_PAIRS_MAX.
 */
static enum sme_err
http_pairs_take(struct http_pairs *ps, char *key, char *val, size_t valsz)
{
	struct http_pair	*nv;
	size_t			 cap;

	if (ps->n >= HTTP_PAIRS_MAX)
		return SME_ETOOBIG;
	if (ps->n == ps->cap) {
		cap = ps->cap == 0 ? HTTP_PAIRS_CAP0 : ps->cap * 2;
		if (cap > HTTP_PAIRS_MAX)
			cap = HTTP_PAIRS_MAX;
		if ((nv = reallocarray(ps->v, cap, sizeof(*nv))) == NULL)
			return SME_ENOMEM;
		ps->v = nv;
		ps->cap = cap;
	}
	ps->v[ps->n].key = key;
	ps->v[ps->n].val = val;
	ps->v[ps->n].valsz = valsz;
	ps->n++;
	return SME_OK;
}

/* Free the pairs of ps from index n0 on, so it is as it was with n0. */
static void
http_pairs_truncate(struct http_pairs *ps, size_t n0)
{
	while (ps->n > n0) {
		ps->n--;
		free(ps->v[ps->n].key);
		free(ps->v[ps->n].val);
	}
}

/* 1 if a key of keysz bytes is usable as a pair name. */
static int
http_key_ok(size_t keysz)
{
	return keysz > 0 && keysz <= HTTP_KEY_MAX;
}

enum sme_err
http_pairs_add(struct http_pairs *ps, const char *key, const char *val,
    size_t valsz)
{
	char		*k, *v;
	size_t		 keysz = strlen(key);
	enum sme_err	 er;

	if (!http_key_ok(keysz) || (valsz > 0 && memchr(val, '\0', valsz)))
		return SME_EINPUT;
	if (ps->n >= HTTP_PAIRS_MAX)
		return SME_ETOOBIG;
	k = strndup(key, keysz);
	v = malloc(valsz + 1);
	if (k == NULL || v == NULL) {
		free(k);
		free(v);
		return SME_ENOMEM;
	}
	if (valsz > 0)
		memcpy(v, val, valsz);
	v[valsz] = '\0';
	if ((er = http_pairs_take(ps, k, v, valsz)) != SME_OK) {
		free(k);
		free(v);
	}
	return er;
}

const struct http_pair *
http_pairs_get(const struct http_pairs *ps, const char *key)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].key, key) == 0)
			return &ps->v[i];
	return NULL;
}

void
http_pairs_free(struct http_pairs *ps)
{
	http_pairs_truncate(ps, 0);
	free(ps->v);
	ps->v = NULL;
	ps->cap = 0;
}

/*
 * Decode one urlencoded key or value of sz bytes into a new NUL-terminated
 * string *out of *outsz bytes, which the caller frees. SME_EINPUT on a bad
 * escape or text http_text_valid() refuses (multiline for values).
 */
static enum sme_err
http_decode(const char *s, size_t sz, int isval, char **out,
    size_t *outsz /* out */)
{
	char		*d;
	enum sme_err	 er;

	if ((d = malloc(sz + 1)) == NULL)
		return SME_ENOMEM;
	if ((er = http_pct_decode(s, sz, 1, d, outsz)) == SME_OK &&
	    !http_text_valid(d, *outsz, isval))
		er = SME_EINPUT;
	if (er != SME_OK) {
		free(d);
		return er;
	}
	d[*outsz] = '\0';
	*out = d;
	return SME_OK;
}

/*
 * Decode the segment "key[=value]" of sz bytes and append it to out. The
 * key is decoded before its length is checked, as "%41" names "A".
 */
static enum sme_err
http_urlencoded_pair(const char *s, size_t sz, struct http_pairs *out)
{
	const char	*eq = memchr(s, '=', sz);
	size_t		 keyraw = eq != NULL ? (size_t)(eq - s) : sz;
	char		*key = NULL, *val = NULL;
	size_t		 keysz = 0, valsz = 0;
	enum sme_err	 er;

	/* Decoding can only shrink: a raw key this long cannot be valid. */
	if (keyraw > HTTP_KEY_MAX * 3)
		return SME_EINPUT;
	if ((er = http_decode(s, keyraw, 0, &key, &keysz)) != SME_OK)
		return er;
	if (!http_key_ok(keysz))
		er = SME_EINPUT;
	else if (eq != NULL)
		er = http_decode(eq + 1, sz - keyraw - 1, 1, &val, &valsz);
	else if ((val = strdup("")) == NULL)
		er = SME_ENOMEM;
	else
		valsz = 0;
	if (er == SME_OK)
		er = http_pairs_take(out, key, val, valsz);
	if (er != SME_OK) {
		free(key);
		free(val);
	}
	return er;
}

enum sme_err
http_parse_urlencoded(const char *buf, size_t bufsz, struct http_pairs *out)
{
	const char	*s = buf, *end, *amp;
	size_t		 n0 = out->n;
	enum sme_err	 er = SME_OK;

	/* buf may be NULL when empty, and NULL + 0 is undefined. */
	if (bufsz == 0)
		return SME_OK;
	end = buf + bufsz;
	while (s < end && er == SME_OK) {
		if ((amp = memchr(s, '&', (size_t)(end - s))) == NULL)
			amp = end;
		if (amp > s)
			er = http_urlencoded_pair(s, (size_t)(amp - s), out);
		s = amp + 1;
	}
	if (er != SME_OK)
		http_pairs_truncate(out, n0);
	return er;
}

/* 1 if c may appear in a token (RFC 7230 section 3.2.6 tchar). */
static int
http_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Trim spaces and tabs from both ends of s[0..*sz); returns the new start. */
static const char *
http_trim(const char *s, size_t *sz)
{
	while (*sz > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		(*sz)--;
	}
	while (*sz > 0 && (s[*sz - 1] == ' ' || s[*sz - 1] == '\t'))
		(*sz)--;
	return s;
}

/*
 * 1 if the cookie value v[0..sz), its quotes already removed, is printable
 * UTF-8 with no DQUOTE. RFC 6265 section 4.1.1 also bars spaces, commas
 * and backslashes, but browsers store and send them, so they are kept.
 */
static int
http_cookie_val_ok(const char *v, size_t sz)
{
	size_t	 i;

	for (i = 0; i < sz; i++)
		if (v[i] == '"' || v[i] == 0x7f)
			return 0;
	return http_text_valid(v, sz, 0);
}

/*
 * Append the cookie piece "name=value" of sz bytes to out, or skip it
 * (SME_OK, nothing added) if it is malformed.
 */
static enum sme_err
http_cookie_pair(const char *s, size_t sz, struct http_pairs *out)
{
	const char	*eq = memchr(s, '=', sz), *k, *v;
	size_t		 keysz, valsz, i;
	char		 key[HTTP_KEY_MAX + 1];

	if (eq == NULL)
		return SME_OK;
	keysz = (size_t)(eq - s);
	k = http_trim(s, &keysz);
	if (!http_key_ok(keysz))
		return SME_OK;
	for (i = 0; i < keysz; i++)
		if (!http_tchar((unsigned char)k[i]))
			return SME_OK;
	valsz = sz - (size_t)(eq + 1 - s);
	v = http_trim(eq + 1, &valsz);
	if (valsz >= 2 && v[0] == '"' && v[valsz - 1] == '"') {
		v++;
		valsz -= 2;
	}
	if (!http_cookie_val_ok(v, valsz))
		return SME_OK;
	memcpy(key, k, keysz);
	key[keysz] = '\0';
	return http_pairs_add(out, key, v, valsz);
}

enum sme_err
http_parse_cookies(const char *hdr, size_t hdrsz, struct http_pairs *out)
{
	const char	*s = hdr, *end, *semi;
	size_t		 n0 = out->n;
	enum sme_err	 er = SME_OK;

	if (hdrsz == 0)
		return SME_OK;
	end = hdr + hdrsz;
	while (s < end && er == SME_OK) {
		if ((semi = memchr(s, ';', (size_t)(end - s))) == NULL)
			semi = end;
		er = http_cookie_pair(s, (size_t)(semi - s), out);
		s = semi + 1;
	}
	if (er != SME_OK)
		http_pairs_truncate(out, n0);
	return er;
}
