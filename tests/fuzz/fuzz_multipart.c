/*
 * fuzz_multipart.c - libFuzzer target: multipart_boundary() on the first
 * line of the input and multipart_parse() on the rest, read whole and in
 * small chunks. Both reads must agree, fields and spool files must keep
 * the limits, and a failure must leave nothing behind.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "multipart.h"

#define FUZZ_MP_BOUNDARY	"AaB03x"	/* if the first line has none */
#define FUZZ_MP_RUN		512		/* bytes a run count means */
#define FUZZ_MP_BODY_MAX	(1024 * 1024)	/* longest expanded body */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A body in memory handed out in chunk sizes cycling through chunks. */
struct fuzz_mp_body {
	const char	*buf;
	size_t		 sz;
	size_t		 off;
	const size_t	*chunks;	/* ended by 0 */
	size_t		 step;
};

static const size_t	 fuzz_mp_whole[] = { SIZE_MAX, 0 };
static const size_t	 fuzz_mp_bits[] = { 1, 13, 4096, 3, 70000, 7, 0 };
static char		 fuzz_mp_dir[] = "/tmp/fuzz_multipart.XXXXXX";
static struct multipart_limits fuzz_mp_lim = {
	.field_max = 100 * 1024,
	.fields_total = 150 * 1024,
	.file_max = 150 * 1024,
	.parts_max = 64,
	.spool_dir = fuzz_mp_dir,
};

/* Remove the (empty) spool dir when the process ends. */
static void
fuzz_mp_rmdir(void)
{
	rmdir(fuzz_mp_dir);
}

/* multipart_read_fn over a struct fuzz_mp_body. */
static ssize_t
fuzz_mp_read(void *arg, char *buf, size_t bufsz)
{
	struct fuzz_mp_body	*b = arg;
	size_t			 n = b->chunks[b->step++];

	if (b->chunks[b->step] == 0)
		b->step = 0;
	if (n > bufsz)
		n = bufsz;
	if (n > b->sz - b->off)
		n = b->sz - b->off;
	memcpy(buf, b->buf + b->off, n);
	b->off += n;
	return (ssize_t)n;
}

/*
 * Expand the body: "\xff\xfe" N C stands for N * FUZZ_MP_RUN bytes C, so
 * that small inputs reach past the 64 KiB parse buffer. With out NULL,
 * only count. Returns the expanded size, or SIZE_MAX past FUZZ_MP_BODY_MAX.
 */
static size_t
fuzz_mp_expand(const uint8_t *in, size_t sz, char *out)
{
	size_t	 i, o = 0, n;

	for (i = 0; i < sz; i++) {
		n = 1;
		if (in[i] == 0xff && i + 3 < sz && in[i + 1] == 0xfe) {
			n = (size_t)in[i + 2] * FUZZ_MP_RUN;
			i += 3;
		}
		if (n > FUZZ_MP_BODY_MAX - o)
			return SIZE_MAX;
		if (out != NULL)
			memset(out + o, in[i], n);
		o += n;
	}
	return o;
}

/* The number of files in the spool dir. */
static size_t
fuzz_mp_spooled(void)
{
	DIR		*d;
	struct dirent	*e;
	size_t		 n = 0;

	if ((d = opendir(fuzz_mp_dir)) == NULL)
		abort();
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Read spool file f whole; the caller frees the result. */
static char *
fuzz_mp_slurp(const struct multipart_file *f)
{
	struct stat	 st;
	char		*buf;
	int		 fd;

	if ((fd = open(f->path, O_RDONLY)) < 0 || fstat(fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (st.st_mode & 0777) != 0600 ||
	    (size_t)st.st_size != f->size || f->size > fuzz_mp_lim.file_max ||
	    (buf = malloc(f->size + 1)) == NULL ||
	    read(fd, buf, f->size + 1) != (ssize_t)f->size)
		abort();
	close(fd);
	return buf;
}

/* Abort unless the fields of mp are pairs http.c could hold. */
static void
fuzz_mp_fields_check(const struct multipart *mp)
{
	const struct http_pair	*p;
	size_t			 i, total = 0;

	for (i = 0; i < mp->fields.n; i++) {
		p = &mp->fields.v[i];
		if (strlen(p->key) == 0 || strlen(p->key) > HTTP_KEY_MAX ||
		    strlen(p->val) != p->valsz ||
		    p->valsz > fuzz_mp_lim.field_max ||
		    !http_text_valid(p->key, strlen(p->key), 0) ||
		    !http_text_valid(p->val, p->valsz, 1))
			abort();
		total += p->valsz;
	}
	if (total > fuzz_mp_lim.fields_total)
		abort();
}

/* Abort unless the file entries of mp are well formed and in the dir. */
static void
fuzz_mp_files_check(const struct multipart *mp)
{
	const struct multipart_file	*f;
	size_t				 i;

	for (i = 0; i < mp->filen; i++) {
		f = &mp->files[i];
		if (f->name == NULL || f->filename == NULL ||
		    f->ctype == NULL || strlen(f->name) == 0 ||
		    strlen(f->name) > HTTP_KEY_MAX ||
		    !http_text_valid(f->name, strlen(f->name), 0) ||
		    !http_text_valid(f->filename, strlen(f->filename), 0) ||
		    strncmp(f->path, fuzz_mp_dir, strlen(fuzz_mp_dir)) != 0)
			abort();
	}
	if (mp->fields.n + mp->filen > fuzz_mp_lim.parts_max)
		abort();
}

/* Abort unless the two parses a and b of one body agree in every byte. */
static void
fuzz_mp_same(const struct multipart *a, const struct multipart *b)
{
	char	*fa, *fb;
	size_t	 i;

	if (a->fields.n != b->fields.n || a->filen != b->filen)
		abort();
	for (i = 0; i < a->fields.n; i++)
		if (strcmp(a->fields.v[i].key, b->fields.v[i].key) != 0 ||
		    strcmp(a->fields.v[i].val, b->fields.v[i].val) != 0)
			abort();
	for (i = 0; i < a->filen; i++) {
		if (strcmp(a->files[i].name, b->files[i].name) != 0 ||
		    strcmp(a->files[i].filename, b->files[i].filename) != 0 ||
		    strcmp(a->files[i].ctype, b->files[i].ctype) != 0 ||
		    strcmp(a->files[i].path, b->files[i].path) == 0)
			abort();
		fa = fuzz_mp_slurp(&a->files[i]);
		fb = fuzz_mp_slurp(&b->files[i]);
		if (a->files[i].size != b->files[i].size ||
		    memcmp(fa, fb, a->files[i].size) != 0)
			abort();
		free(fa);
		free(fb);
	}
}

/* Parse body with the chunk sizes chunks into mp; abort on a bad result. */
static enum sme_err
fuzz_mp_parse(const char *boundary, const char *body, size_t sz,
    const size_t *chunks, struct multipart *mp)
{
	struct fuzz_mp_body	 b = { body, sz, 0, chunks, 0 };
	enum sme_err		 er;

	memset(mp, 0, sizeof(*mp));
	er = multipart_parse(boundary, fuzz_mp_read, &b, &fuzz_mp_lim, mp);
	if (er != SME_OK && er != SME_EINPUT && er != SME_ETOOBIG)
		abort();
	if (er != SME_OK && (mp->fields.n != 0 || mp->fields.v != NULL ||
	    mp->filen != 0 || mp->files != NULL))
		abort();
	fuzz_mp_fields_check(mp);
	fuzz_mp_files_check(mp);
	return er;
}

/*
 * Copy the boundary of the Content-Type on the first line of data into b,
 * or FUZZ_MP_BOUNDARY if it has none; *skip is that line's length with
 * its LF (0 without a LF: the whole input is then the body).
 */
static void
fuzz_mp_boundary(const uint8_t *data, size_t size, char *b, size_t bsz,
    size_t *skip)
{
	const uint8_t	*lf = memchr(data, '\n', size);
	char		 ctype[256];
	size_t		 n = lf != NULL ? (size_t)(lf - data) : size;

	*skip = lf != NULL ? n + 1 : 0;
	if (n >= sizeof(ctype) || memchr(data, '\0', n) != NULL) {
		snprintf(b, bsz, "%s", FUZZ_MP_BOUNDARY);
		return;
	}
	memcpy(ctype, data, n);
	ctype[n] = '\0';
	if (multipart_boundary(ctype, b, bsz) != SME_OK)
		snprintf(b, bsz, "%s", FUZZ_MP_BOUNDARY);
	else if (strlen(b) == 0 || strlen(b) > MULTIPART_BOUNDARY_MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 ready;
	char			 boundary[MULTIPART_BOUNDARY_MAX + 1], *body;
	struct multipart	 whole, bits;
	enum sme_err		 er1, er2;
	size_t			 skip, sz;

	if (!ready) {
		if (mkdtemp(fuzz_mp_dir) == NULL)
			abort();
		atexit(fuzz_mp_rmdir);
		ready = 1;
	}
	fuzz_mp_boundary(data, size, boundary, sizeof(boundary), &skip);
	sz = fuzz_mp_expand(data + skip, size - skip, NULL);
	if (sz == SIZE_MAX || (body = malloc(sz + 1)) == NULL)
		return 0;
	fuzz_mp_expand(data + skip, size - skip, body);
	er1 = fuzz_mp_parse(boundary, body, sz, fuzz_mp_whole, &whole);
	er2 = fuzz_mp_parse(boundary, body, sz, fuzz_mp_bits, &bits);
	if (er1 != er2 || fuzz_mp_spooled() != whole.filen + bits.filen)
		abort();
	if (er1 == SME_OK)
		fuzz_mp_same(&whole, &bits);
	multipart_free(&whole);
	multipart_free(&bits);
	if (fuzz_mp_spooled() != 0)
		abort();
	free(body);
	return 0;
}
