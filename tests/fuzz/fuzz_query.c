/*
 * fuzz_query.c - libFuzzer target: http_parse_urlencoded() on a query
 * string as req.c passes it (a C string from QUERY_STRING); every pair
 * must be clean and http_pairs_get() must find the first of each name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless pair p is one http.c may return. */
static void
fuzz_query_check(const struct http_pair *p)
{
	size_t	 keysz = strlen(p->key);

	if (keysz == 0 || keysz > HTTP_KEY_MAX || strlen(p->val) != p->valsz)
		abort();
	if (!http_text_valid(p->key, keysz, 0) ||
	    !http_text_valid(p->val, p->valsz, 1))
		abort();
}

/* Abort unless http_pairs_get() returns the first pair of each name. */
static void
fuzz_query_lookups(const struct http_pairs *ps)
{
	const struct http_pair	*p;
	size_t			 i;

	for (i = 0; i < ps->n; i++) {
		if ((p = http_pairs_get(ps, ps->v[i].key)) == NULL ||
		    p > &ps->v[i] || strcmp(p->key, ps->v[i].key) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_pairs	 ps = { 0 };
	enum sme_err		 er;
	char			*q;
	size_t			 i;

	if ((q = malloc(size + 1)) == NULL)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	er = http_parse_urlencoded(q, strlen(q), &ps);
	if (er != SME_OK && er != SME_EINPUT && er != SME_ETOOBIG)
		abort();
	if (ps.n > HTTP_PAIRS_MAX || (er != SME_OK && ps.n != 0))
		abort();
	for (i = 0; i < ps.n; i++)
		fuzz_query_check(&ps.v[i]);
	fuzz_query_lookups(&ps);
	http_pairs_free(&ps);
	free(q);
	return 0;
}
