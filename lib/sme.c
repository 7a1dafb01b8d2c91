/*
 * sme.c - messages of the library-wide error enum.
 */
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
