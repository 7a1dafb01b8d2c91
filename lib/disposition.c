/*
 * disposition.c - Content-Disposition values (see disposition.h).
 */
#include <stdio.h>
#include <string.h>

#include "disposition.h"

/* 1 if c is an RFC 8187 attr-char, sent as itself in filename*. */
static int
disposition_attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

void
disposition_format(const char *name, int inl, char *out, size_t outsz)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	size_t		 o;

	o = (size_t)snprintf(out, outsz, "%s; filename=\"", inl ? "inline" : "attachment");
	/* The fallback: printable ASCII but for the quote, backslash and %. */
	for (p = (const unsigned char *)name; *p != '\0' && o + 2 < outsz; p++)
		out[o++] = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' &&
		    *p != '%' ? (char)*p : '_';
	if (o + 24 >= outsz)
		o = outsz - 24;
	o += (size_t)snprintf(out + o, outsz - o, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p != '\0' && o + 4 < outsz; p++) {
		if (disposition_attr_char(*p))
			out[o++] = (char)*p;
		else {
			out[o++] = '%';
			out[o++] = hex[*p >> 4];
			out[o++] = hex[*p & 15];
		}
	}
	out[o] = '\0';
}
