/*
 * sme.c - library-wide items: messages of the error enum, and the lookup
 * of a name in a table of names (enums spelled in the database or a form).
 */
#include <string.h>

#include "sme.h"

static const char *const sme_errs[SME_ERR__MAX] = {
	"success",
	"out of memory",
	"malformed input",
	"input too large",
	"database error",
	"database unavailable",
	"conflict",
	"system error",
};

const char *
sme_strerror(enum sme_err er)
{
	if ((unsigned)er >= SME_ERR__MAX)
		return "unknown error";
	return sme_errs[er];
}

int
sme_lookup(const char *const *names, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}
