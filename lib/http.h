/*
 * http.h - parsers of the untrusted text parts of a request: query strings,
 * application/x-www-form-urlencoded bodies and Cookie headers.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include "sme.h"

#define HTTP_PAIRS_MAX	512	/* more pairs than this: SME_ETOOBIG */
#define HTTP_KEY_MAX	128	/* longest key in bytes: longer is SME_EINPUT */

/*
 * One name=value pair. key and val are NUL-terminated copies owned by the
 * list; valsz is the decoded length of val (== strlen(val): values holding a
 * NUL byte are rejected as SME_EINPUT).
 */
struct http_pair {
	char	*key;
	char	*val;
	size_t	 valsz;
};

/* A growable list of pairs, in input order. Zero-initialise before use. */
struct http_pairs {
	struct http_pair *v;
	size_t		  n;
	size_t		  cap;
};

/*
 * Parse "a=1&b=%E4%B8%AD" (RFC 3986 percent-encoding, '+' as space, as
 * HTML's urlencoded serialisation) and append the pairs to out. A pair
 * without '=' has an empty value; empty segments are skipped. Decoded keys
 * and values must be valid UTF-8 without NUL or other C0 control bytes
 * (except tab, CR and LF in values); a decoded key must have 1 to
 * HTTP_KEY_MAX bytes. On error nothing is appended and SME_EINPUT,
 * SME_ETOOBIG (the list would pass HTTP_PAIRS_MAX) or SME_ENOMEM is
 * returned. The caller frees out with http_pairs_free() in any case.
 */
enum sme_err	 http_parse_urlencoded(const char *buf, size_t bufsz,
		    struct http_pairs *out);

/*
 * Parse a Cookie header ("a=1; b=2", RFC 6265 section 5.4; values are not
 * percent-decoded, optional double quotes around a value are removed).
 * Malformed pieces are skipped, as browsers send what they stored: no '=',
 * a name that is not a token or longer than HTTP_KEY_MAX, a value with a
 * control byte, a stray DQUOTE or invalid UTF-8. Only SME_ETOOBIG or
 * SME_ENOMEM can fail; nothing is appended then.
 */
enum sme_err	 http_parse_cookies(const char *hdr, size_t hdrsz,
		    struct http_pairs *out);

/* The first pair named key, or NULL. The pointer is borrowed from ps. */
const struct http_pair *http_pairs_get(const struct http_pairs *ps,
		    const char *key);

/*
 * Append a copy of key/val (val may be NULL if valsz is 0). SME_EINPUT if
 * key is empty or longer than HTTP_KEY_MAX or val holds a NUL byte,
 * SME_ETOOBIG past HTTP_PAIRS_MAX, SME_ENOMEM; ps is unchanged on failure.
 */
enum sme_err	 http_pairs_add(struct http_pairs *ps, const char *key,
		    const char *val, size_t valsz);

/* Free every pair and reset ps to empty; accepts an empty list. */
void		 http_pairs_free(struct http_pairs *ps);

/*
 * The length of the UTF-8 sequence starting at s[0..sz) (RFC 3629 section
 * 4: no overlong forms, no surrogates, nothing above U+10FFFF), or 0 if it
 * is invalid or truncated, or sz is 0.
 */
size_t		 http_utf8_len(const char *s, size_t sz);

/* 1 if buf[0..sz) is valid UTF-8 (no overlongs, no surrogates), else 0. */
int		 http_utf8_valid(const char *buf, size_t sz);

/*
 * 1 if buf[0..sz) is valid UTF-8 without NUL or other C0 control bytes
 * (tab, CR and LF allowed if multiline), the rule for every decoded key
 * and value; else 0. Shared with multipart.c.
 */
int		 http_text_valid(const char *buf, size_t sz, int multiline);

/*
 * Decode the percent-escapes of in[0..insz) into out, which has room for
 * insz bytes ('+' becomes a space if plus); *outsz is the decoded length,
 * not NUL-terminated. SME_EINPUT if a '%' lacks two hex digits.
 */
enum sme_err	 http_pct_decode(const char *in, size_t insz, int plus,
		    char *out, size_t *outsz);

#endif
