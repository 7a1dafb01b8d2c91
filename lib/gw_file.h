/*
 * gw_file.h - the file adapter, the local default: each message appended
 * to sms_file as one JSON object a line {"to":...,"text":...,"at":...}
 * (HTTP.md, Local runs).
 */
#ifndef GW_FILE_H
#define GW_FILE_H

#include <stddef.h>
#include "gw.h"

extern const struct gw_ops gw_file_ops;

/*
 * Write the line of one message, newline included, into out: the three
 * strings as JSON strings (RFC 8259 §7: '"', '\\' and control characters
 * escaped; U+2028 and U+2029 too, so the line is also a JavaScript
 * literal; invalid UTF-8 becomes U+FFFD). Returns the length written, or
 * 0 if out is too small.
 */
size_t		 gw_file_line(const char *to, const char *text, const char *at,
		    char *out, size_t outsz);

#endif
