/*
 * redirect.h - the answer of a page that changed something: 303 See Other
 * to a location of ours built with printf ("/consult/%lld?msg=asked"), in
 * one call that is also the page's return value.
 */
#ifndef REDIRECT_H
#define REDIRECT_H

#include "sme.h"

struct req;

#define REDIRECT_MAX	512	/* bytes of a location, its NUL included */

/*
 * 303 to the location fmt formats (req_redirect); to "/" when it does not
 * fit in REDIRECT_MAX. Always SME_OK.
 */
enum sme_err	 redirect_to(struct req *r, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
