/*
 * fuzz_scheme.c - libFuzzer target: scheme_parse() on the input as a
 * scheme file (the format of schema/data/schemes.txt, which a bureau hands
 * to sme-admin scheme-import). It must accept or refuse with a message,
 * never crash; an accepted file must parse the same way twice, and a
 * refusal must leave nothing allocated behind.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scheme.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scheme	*s = NULL, *t = NULL;
	size_t		 n = 0, m = 0, i;
	char		 err[256], err2[256];
	enum sme_err	 a, b;

	err[0] = err2[0] = '\0';
	a = scheme_parse((const char *)data, size, &s, &n, err, sizeof(err));
	b = scheme_parse((const char *)data, size, &t, &m, err2, sizeof(err2));
	if (a != b || n != m)
		abort();
	if (a != SME_OK) {
		if (s != NULL || t != NULL || err[0] == '\0' || strcmp(err, err2) != 0)
			abort();
		return 0;
	}
	for (i = 0; i < n; i++)
		if (s[i].nrules != t[i].nrules || s[i].nbands != t[i].nbands ||
		    strcmp(s[i].family, t[i].family) != 0)
			abort();
	scheme_free_all(s, n);
	scheme_free_all(t, m);
	return 0;
}
