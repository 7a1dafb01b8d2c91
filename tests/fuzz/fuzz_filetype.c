/*
 * fuzz_filetype.c - libFuzzer target: filetype_buf() on the input as a
 * whole file. The answer must be a known enum value, agree with the
 * signature at the start, be the same when asked twice, and agree with a
 * reader that fails past a point whenever the type needs only the head.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filetype.h"

#define FUZZ_FT_HEAD	8	/* bytes the signature-only types need */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file in memory whose reads fail at or past limit. */
struct fuzz_ft_src {
	const uint8_t	*p;
	size_t		 sz;
	size_t		 limit;
};

/* filetype_read_fn over struct fuzz_ft_src. */
static ssize_t
fuzz_ft_read(void *arg, void *buf, size_t bufsz, off_t off)
{
	const struct fuzz_ft_src *s = arg;
	size_t			 n;

	if (off < 0 || (size_t)off > s->sz)
		abort();	/* filetype.c checks bounds before reading */
	n = s->sz - (size_t)off < bufsz ? s->sz - (size_t)off : bufsz;
	if ((size_t)off + n > s->limit)
		return -1;
	memcpy(buf, s->p + off, n);
	return (ssize_t)n;
}

/* 1 if data starts with the n bytes of sig. */
static int
fuzz_ft_starts(const uint8_t *data, size_t size, const char *sig, size_t n)
{
	return size >= n && memcmp(data, sig, n) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ft_src	 head = { data, size, FUZZ_FT_HEAD };
	enum filetype		 t = filetype_buf(data, size), h;
	int			 ok;

	if ((unsigned)t >= FILETYPE__MAX || filetype_buf(data, size) != t)
		abort();
	switch (t) {
	case FILETYPE_JPG:
		ok = fuzz_ft_starts(data, size, "\xff\xd8\xff", 3);
		break;
	case FILETYPE_PNG:
		ok = fuzz_ft_starts(data, size, "\x89PNG\r\n\x1a\n", 8);
		break;
	case FILETYPE_PDF:
		ok = fuzz_ft_starts(data, size, "%PDF-", 5);
		break;
	case FILETYPE_RAR:
		ok = fuzz_ft_starts(data, size, "Rar!\x1a\x07", 6);
		break;
	case FILETYPE_DOC:
	case FILETYPE_XLS:
		ok = fuzz_ft_starts(data, size,
		    "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
		break;
	case FILETYPE_DOCX:
	case FILETYPE_XLSX:
		ok = fuzz_ft_starts(data, size, "PK\x03\x04", 4);
		break;
	default:
		ok = 1;
		break;
	}
	if (!ok)
		abort();
	/*
	 * With reads failing past the signature, a container cannot be
	 * judged (unknown), and a signature type is judged the same.
	 */
	h = filetype_detect(fuzz_ft_read, &head, (off_t)size);
	if (t == FILETYPE_DOC || t == FILETYPE_XLS || t == FILETYPE_DOCX ||
	    t == FILETYPE_XLSX) {
		if (h != FILETYPE_UNKNOWN && size > FUZZ_FT_HEAD)
			abort();
	} else if (h != t && size >= FUZZ_FT_HEAD)
		abort();
	return 0;
}
