/*
 * fuzz_urlencoded.c - libFuzzer target: http_parse_urlencoded() on any
 * body bytes. A failed call must append nothing, and the pairs must come
 * back unchanged after being encoded again and parsed once more.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless pair p is one http.c may return. */
static void
fuzz_urlencoded_check(const struct http_pair *p)
{
	size_t	 keysz = strlen(p->key);

	if (keysz == 0 || keysz > HTTP_KEY_MAX || strlen(p->val) != p->valsz)
		abort();
	if (!http_text_valid(p->key, keysz, 0) ||
	    !http_text_valid(p->val, p->valsz, 1))
		abort();
}

/* Append s[0..sz) to out at *o, urlencoded as a browser would. */
static void
fuzz_urlencoded_enc(const char *s, size_t sz, char *out, size_t *o)
{
	unsigned char	 c;
	size_t		 i;

	for (i = 0; i < sz; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			out[(*o)++] = (char)c;
		else if (c == ' ')
			out[(*o)++] = '+';
		else
			*o += (size_t)sprintf(out + *o, "%%%02X", c);
	}
}

/* Abort unless encoding the pairs of ps and parsing them gives ps again. */
static void
fuzz_urlencoded_roundtrip(const struct http_pairs *ps, size_t size)
{
	struct http_pairs	 again = { 0 };
	char			*buf;
	size_t			 i, o = 0;

	/* Each input byte yields at most one decoded byte, three encoded. */
	if ((buf = malloc(3 * size + 2 * ps->n + 1)) == NULL)
		return;
	for (i = 1; i < ps->n; i++) {
		fuzz_urlencoded_enc(ps->v[i].key, strlen(ps->v[i].key), buf,
		    &o);
		buf[o++] = '=';
		fuzz_urlencoded_enc(ps->v[i].val, ps->v[i].valsz, buf, &o);
		buf[o++] = '&';
	}
	if (http_parse_urlencoded(buf, o, &again) != SME_OK ||
	    again.n != ps->n - 1)
		abort();
	for (i = 0; i < again.n; i++)
		if (strcmp(again.v[i].key, ps->v[i + 1].key) != 0 ||
		    again.v[i].valsz != ps->v[i + 1].valsz ||
		    memcmp(again.v[i].val, ps->v[i + 1].val, again.v[i].valsz))
			abort();
	http_pairs_free(&again);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_pairs	 ps = { 0 };
	enum sme_err		 er;
	size_t			 i;

	if (http_pairs_add(&ps, "sentinel", "1", 1) != SME_OK)
		abort();
	er = http_parse_urlencoded((const char *)data, size, &ps);
	if (er != SME_OK && er != SME_EINPUT && er != SME_ETOOBIG)
		abort();
	if (ps.n > HTTP_PAIRS_MAX || (er != SME_OK && ps.n != 1) ||
	    strcmp(ps.v[0].key, "sentinel") != 0)
		abort();
	for (i = 1; i < ps.n; i++)
		fuzz_urlencoded_check(&ps.v[i]);
	if (er == SME_OK)
		fuzz_urlencoded_roundtrip(&ps, size);
	http_pairs_free(&ps);
	return 0;
}
