/*
 * disposition.h - the Content-Disposition of a file we send (RFC 6266):
 * inline or attachment, an ASCII fallback in filename="..." and the UTF-8
 * name percent-encoded in filename* (RFC 8187 attr-char).
 */
#ifndef DISPOSITION_H
#define DISPOSITION_H

#include <stddef.h>

/*
 * The header's value for name into out (outsz bytes, at least 32; cut
 * short of a whole escape when name does not fit): inline when inl, else
 * attachment.
 */
void		 disposition_format(const char *name, int inl, char *out,
		    size_t outsz);

#endif
