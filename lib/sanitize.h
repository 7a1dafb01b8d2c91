/*
 * sanitize.h - HTML from users (notice bodies) cut down to an allow-list of
 * elements and attributes: libxml2's HTML parser reads it, a walk writes
 * back only what the list names, every text escaped. No script, no event
 * attribute, no style, no URL but http(s), mailto and our own paths.
 */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stddef.h>
#include "sme.h"

#define SANITIZE_IN_MAX		(256 * 1024)	/* bytes of input accepted */
#define SANITIZE_DEPTH_MAX	32		/* nesting kept; deeper subtrees dropped */

/*
 * Write the allowed subset of the HTML fragment in (insz bytes, UTF-8;
 * need not be NUL-terminated) to *out, NUL-terminated, *outsz bytes
 * without the NUL. Allowed: p br hr strong b em i u s sub sup ul ol li h2
 * h3 h4 blockquote table caption thead tbody tr th td a; attributes href
 * on a (http:, https:, mailto:, /path, #frag; rel="noopener noreferrer" is
 * added), colspan and rowspan (1-99) on th and td. script, style, iframe,
 * object, embed, form controls, svg and math go with their content; any
 * other element is replaced by its content. On SME_OK the caller frees
 * *out; SME_EINPUT when insz exceeds SANITIZE_IN_MAX, SME_ENOMEM; on error
 * *out is NULL.
 */
enum sme_err	 sanitize_html(const char *in, size_t insz, char **out,
		    size_t *outsz);

/* 1 if href is an allowed link target (see above), else 0. */
int		 sanitize_href(const char *href);

#endif
