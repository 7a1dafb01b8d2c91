/*
 * redirect.c - 303 See Other to a formatted location (see redirect.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"
#include "redirect.h"
#include "req.h"

enum sme_err
redirect_to(struct req *r, const char *fmt, ...)
{
	char	 loc[REDIRECT_MAX];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(loc, sizeof(loc), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(loc)) {
		log_err("redirect: a location of %d bytes, over %d", n, REDIRECT_MAX);
		req_redirect(r, "/");
	} else
		req_redirect(r, loc);
	return SME_OK;
}
