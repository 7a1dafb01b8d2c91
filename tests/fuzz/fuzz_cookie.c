/*
 * fuzz_cookie.c - libFuzzer target: http_parse_cookies() on any bytes.
 * Only limits may fail, and every pair kept must be a clean name=value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless pair p is a cookie http.c may return. */
static void
fuzz_cookie_check(const struct http_pair *p)
{
	size_t	 keysz = strlen(p->key);

	if (keysz == 0 || keysz > HTTP_KEY_MAX || strlen(p->val) != p->valsz)
		abort();
	if (!http_text_valid(p->key, keysz, 0) ||
	    !http_text_valid(p->val, p->valsz, 0) ||
	    memchr(p->val, '"', p->valsz) != NULL ||
	    strpbrk(p->key, " \t;=\"") != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_pairs	 ps = { 0 };
	enum sme_err		 er;
	size_t			 i;

	/* A pair already in the list must survive whatever happens. */
	if (http_pairs_add(&ps, "sentinel", "1", 1) != SME_OK)
		abort();
	er = http_parse_cookies((const char *)data, size, &ps);
	if (er != SME_OK && er != SME_ETOOBIG)
		abort();
	if (ps.n > HTTP_PAIRS_MAX || (er != SME_OK && ps.n != 1) ||
	    strcmp(ps.v[0].key, "sentinel") != 0)
		abort();
	for (i = 1; i < ps.n; i++)
		fuzz_cookie_check(&ps.v[i]);
	http_pairs_free(&ps);
	return 0;
}
