/*
 * gwreply.h - read an SMS operator's reply: XML (libxml2 and an XPath
 * expression) or JSON (json-c and a dotted path), as configured for the
 * http gateway adapter. The reply is untrusted bytes from the network.
 */
#ifndef GWREPLY_H
#define GWREPLY_H

#include <stddef.h>
#include "sme.h"

enum gwreply_fmt {
	GWREPLY_XML,
	GWREPLY_JSON,
	GWREPLY__MAX
};

#define GWREPLY_BODY_MAX	65536	/* a longer reply is refused */
#define GWREPLY_DEPTH_MAX	32	/* JSON nesting */

/* The format named name ("xml", "json"), or GWREPLY__MAX if unknown. */
enum gwreply_fmt gwreply_fmt(const char *name);

/*
 * 1 if path is usable for fmt: an XPath expression that compiles, or a
 * dotted JSON path without empty steps; "" is valid (no value wanted).
 */
int		 gwreply_path_valid(enum gwreply_fmt fmt, const char *path);

/*
 * Parse body[0..bodysz) as fmt and copy into status the value at
 * status_path, and into id the value at id_path (id_path NULL or "": id
 * is set to ""). An XML path is an XPath expression whose string value is
 * taken ("/reply/code", "/r/@status"; local-name() ignores namespaces); a
 * JSON path names object members and array indexes separated by dots
 * ("result.code", "data.0.msgid"), and the value must be a string, number
 * or boolean. SME_EINPUT if the body does not parse, the status is
 * missing or empty, or a value does not fit (statussz, idsz) or holds a
 * NUL; SME_ETOOBIG over GWREPLY_BODY_MAX. On failure status and id are "".
 */
enum sme_err	 gwreply_parse(enum gwreply_fmt fmt, const char *body,
		    size_t bodysz, const char *status_path, const char *id_path,
		    char *status, size_t statussz, char *id, size_t idsz);

#endif
