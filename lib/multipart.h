/*
 * multipart.h - streaming multipart/form-data parser (RFC 7578, RFC 2046
 * section 5.1.1). Fields are kept in memory up to a limit; file parts are
 * written to a spool directory as they arrive, so memory stays bounded
 * whatever the upload size.
 */
#ifndef MULTIPART_H
#define MULTIPART_H

#include <sys/types.h>
#include <stddef.h>
#include "sme.h"
#include "http.h"

#define MULTIPART_BOUNDARY_MAX	70	/* RFC 2046: 1 to 70 characters */

struct multipart_limits {
	size_t		 field_max;	/* bytes of one non-file field */
	size_t		 fields_total;	/* bytes of all non-file fields */
	size_t		 file_max;	/* bytes of one file part */
	size_t		 parts_max;	/* number of parts */
	const char	*spool_dir;	/* where file parts are written; NULL:
					   any file part is SME_ETOOBIG */
};

/* A file part, spooled to path (mode 0600, unlinked by multipart_free). */
struct multipart_file {
	char	*name;		/* form field name */
	char	*filename;	/* client's file name, UTF-8; may be "" */
	char	*ctype;		/* client's Content-Type; may be "" */
	char	*path;		/* spool file */
	size_t	 size;		/* bytes written */
};

struct multipart {
	struct http_pairs	 fields;	/* non-file parts, in order */
	struct multipart_file	*files;
	size_t			 filen;
};

/*
 * Reads up to bufsz bytes of the body into buf: returns the count, 0 at the
 * end of the body, -1 on error.
 */
typedef ssize_t	(*multipart_read_fn)(void *arg, char *buf, size_t bufsz);

/*
 * Copy the boundary parameter of a Content-Type header value
 * ("multipart/form-data; boundary=xyz", possibly quoted) into out.
 * SME_EINPUT if the type is not multipart/form-data or the boundary is
 * missing, empty, longer than MULTIPART_BOUNDARY_MAX or has characters
 * RFC 2046 forbids.
 */
enum sme_err	 multipart_boundary(const char *ctype, char *out, size_t outsz);

/*
 * Parse a whole body read through rd into out (zero-initialised by the
 * caller). On SME_OK the caller calls multipart_free(out). On any error
 * (SME_EINPUT broken body, SME_ETOOBIG a limit, SME_ESYS spool I/O,
 * SME_ENOMEM) out is already freed, spool files unlinked, and it is empty.
 * Field values follow http.h's rules (UTF-8, no NUL) or give SME_EINPUT.
 * A part is a file if its Content-Disposition has filename or filename*
 * (RFC 5987, UTF-8 only; preferred). Names must have 1 to HTTP_KEY_MAX
 * bytes. SME_EINPUT also covers: the body ending (or rd failing) before
 * the close delimiter, part headers over 8 KiB, a part without
 * Content-Disposition: form-data; name=. The preamble is skipped and the
 * epilogue is not read.
 */
enum sme_err	 multipart_parse(const char *boundary, multipart_read_fn rd,
		    void *arg, const struct multipart_limits *lim,
		    struct multipart *out);

/* The first file part named name, or NULL (borrowed from mp). */
const struct multipart_file *multipart_file_get(const struct multipart *mp,
		    const char *name);

/* Free everything and unlink the spool files; accepts a zeroed struct. */
void		 multipart_free(struct multipart *mp);

#endif
