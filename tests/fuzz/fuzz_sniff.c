/*
 * fuzz_sniff.c - libFuzzer target: sniff_buf() on the input as a whole
 * file. The verdict must be a known value, the same when asked twice, carry
 * a type only when accepted, and an accepted file must start with its
 * type's signature; a reader that fails past a point must never turn a
 * refusal into acceptance.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sniff.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file in memory whose reads fail past limit. */
struct fuzz_sn_src {
	const uint8_t	*p;
	size_t		 sz;
	size_t		 limit;
};

static ssize_t
fuzz_sn_read(void *arg, void *buf, size_t bufsz, off_t off)
{
	const struct fuzz_sn_src *s = arg;
	size_t			 n;

	if (off < 0 || (size_t)off > s->sz)
		abort();	/* sniff.c checks bounds before reading */
	n = s->sz - (size_t)off < bufsz ? s->sz - (size_t)off : bufsz;
	if ((size_t)off + n > s->limit)
		return -1;
	memcpy(buf, s->p + off, n);
	return (ssize_t)n;
}

static int
fuzz_sn_starts(const uint8_t *data, size_t size, const char *sig, size_t n)
{
	return size >= n && memcmp(data, sig, n) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_sn_src	 half = { data, size, size / 2 };
	enum filetype		 t, t2;
	enum sniff_verdict	 v = sniff_buf(data, size, &t), v2;
	int			 ok = 1;

	if ((unsigned)v >= SNIFF__MAX || (unsigned)t >= FILETYPE__MAX ||
	    sniff_buf(data, size, &t2) != v || t2 != t)
		abort();
	if (v != SNIFF_OK && t != FILETYPE_UNKNOWN)
		abort();
	switch (v == SNIFF_OK ? t : FILETYPE_UNKNOWN) {
	case FILETYPE_JPG:
		ok = fuzz_sn_starts(data, size, "\xff\xd8\xff", 3);
		break;
	case FILETYPE_PNG:
		ok = fuzz_sn_starts(data, size, "\x89PNG\r\n\x1a\n", 8);
		break;
	case FILETYPE_PDF:
		/* After at most a BOM and blank lines (16 bytes). */
		ok = size >= 5 && memmem(data, size < 21 ? size : 21, "%PDF-", 5) != NULL;
		break;
	case FILETYPE_RAR:
		ok = fuzz_sn_starts(data, size, "Rar!\x1a\x07", 6);
		break;
	case FILETYPE_DOC:
	case FILETYPE_XLS:
		ok = fuzz_sn_starts(data, size, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
		break;
	case FILETYPE_DOCX:
	case FILETYPE_XLSX:
		ok = fuzz_sn_starts(data, size, "PK\x03\x04", 4);
		break;
	default:
		break;
	}
	if (!ok)
		abort();
	/* Reads failing halfway: never accepted when the whole was refused. */
	v2 = sniff_detect(fuzz_sn_read, &half, (off_t)size, &t2);
	if ((unsigned)v2 >= SNIFF__MAX || (v != SNIFF_OK && v2 == SNIFF_OK))
		abort();
	return 0;
}
