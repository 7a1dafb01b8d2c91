/*
 * gw_http.h - the http adapter: an operator's HTTP(S) API described in
 * the configuration (URL, method, parameter names, an HMAC-SHA256
 * signature over chosen fields, an XML or JSON reply).
 */
#ifndef GW_HTTP_H
#define GW_HTTP_H

#include <stddef.h>
#include "gw.h"

#define GW_HTTP_SIGN_LEN	64	/* hex of an HMAC-SHA256 */

extern const struct gw_ops gw_http_ops;

/*
 * The signature of a request: lowercase hex of HMAC-SHA256 under key
 * (keysz bytes) over the n values joined by join (may be ""), in order,
 * into out (at least GW_HTTP_SIGN_LEN + 1 bytes). -1 if out is too small
 * or the HMAC fails.
 */
int		 gw_http_sign(const unsigned char *key, size_t keysz,
		    const char *const *vals, size_t n, const char *join,
		    char *out, size_t outsz);

#endif
