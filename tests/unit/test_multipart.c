/*
 * test_multipart.c - multipart.c: boundary parsing and streaming bodies
 * read in chunks of many sizes, with limits, spool files and broken bodies.
 */
#include <sys/stat.h>
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "multipart.h"

#define NELEM(a)	(int)(sizeof(a) / sizeof((a)[0]))
#define CRLF		"\r\n"
#define B		"AaB03x"		/* boundary of the tables */
#define DASH		"--" B
#define CD		"Content-Disposition: form-data; "
#define BIG_SZ		(300 * 1024)		/* more than the buffer */
#define FORM		"multipart/form-data"
#define B10		"0123456789"
#define B70		B10 B10 B10 B10 B10 B10 B10	/* longest boundary */

/* A body in memory, handed out in chunk sizes that cycle through chunks. */
struct membody {
	const char	*buf;
	size_t		 sz;
	size_t		 off;
	const size_t	*chunks;	/* ended by 0 */
	size_t		 step;
	int		 fail;		/* return -1 once the body is read */
};

/* Chunk patterns: each row splits delimiters and headers differently. */
static const size_t chunk_rows[][7] = {
	{ SIZE_MAX, 0 },
	{ 1, 0 },
	{ 7, 0 },
	{ 4096, 0 },
	{ 1, 7, 4096, 3, 65536, 13, 0 },
	{ 2, 5, 11, 0 },
};

/* A body that must parse, and the fields and files it must give. */
struct valid_case {
	const char	*body;
	const char	*fields[4][2];	/* ended by a NULL name */
	const char	*files[3][4];	/* name, filename, ctype, data */
};

static const struct valid_case valids[] = {
	/* One field. */
	{ DASH CRLF CD "name=\"a\"" CRLF CRLF "1" CRLF DASH "--" CRLF,
	  { { "a", "1" } }, { { NULL } } },
	/* Chinese names and values, raw UTF-8 as browsers send them. */
	{ DASH CRLF CD "name=\"公司名称\"" CRLF CRLF
	  "江苏省南京市某科技有限公司" CRLF DASH CRLF CD "name=\"city\"" CRLF
	  CRLF "苏州" CRLF DASH "--",
	  { { "公司名称", "江苏省南京市某科技有限公司" }, { "city", "苏州" } },
	  { { NULL } } },
	/* Preamble and epilogue are ignored, even if they look like parts. */
	{ "preamble" CRLF "--AaB03 is not it" CRLF DASH CRLF CD "name=a" CRLF
	  CRLF "v" CRLF DASH "--" CRLF "epilogue" CRLF DASH CRLF "junk",
	  { { "a", "v" } }, { { NULL } } },
	/* Transport padding after the delimiter; no CRLF after the close. */
	{ DASH " \t" CRLF CD "name=a" CRLF CRLF "v" CRLF DASH "--",
	  { { "a", "v" } }, { { NULL } } },
	/* Empty value, multi-line value, near-delimiters inside a value. */
	{ DASH CRLF CD "name=e" CRLF CRLF CRLF DASH CRLF CD "name=m" CRLF CRLF
	  "line1" CRLF "line2\t" CRLF "--AaB03" CRLF "-" DASH CRLF "x" DASH
	  CRLF DASH "--" CRLF,
	  { { "e", "" }, { "m", "line1" CRLF "line2\t" CRLF "--AaB03" CRLF
	  "-" DASH CRLF "x" DASH } }, { { NULL } } },
	/* Header and parameter names in any case; unknown ones ignored. */
	{ DASH CRLF "content-disposition: FORM-DATA; NAME=\"a\"; size=3" CRLF
	  "Content-Transfer-Encoding: 8bit" CRLF "X-Y:" CRLF CRLF "v" CRLF
	  DASH "--", { { "a", "v" } }, { { NULL } } },
	/* Quoted-pairs \" and \\ are undone, other backslashes are kept. */
	{ DASH CRLF CD "name=\"a\\\"b\"; filename=\"C:\\dir\\f.txt\"" CRLF CRLF
	  "x" CRLF DASH "--", { { NULL } },
	  { { "a\"b", "C:\\dir\\f.txt", "", "x" } } },
	/* A file with a Chinese name and its type, then a field. */
	{ DASH CRLF CD "name=\"upload\"; filename=\"报告.txt\"" CRLF
	  "Content-Type: text/plain; charset=utf-8" CRLF CRLF
	  "hello" CRLF "world" CRLF DASH CRLF CD "name=\"note\"" CRLF CRLF
	  "备注" CRLF DASH "--" CRLF,
	  { { "note", "备注" } },
	  { { "upload", "报告.txt", "text/plain; charset=utf-8",
	  "hello" CRLF "world" } } },
	/* An empty file input: filename="" and no content. */
	{ DASH CRLF CD "name=\"f\"; filename=\"\"" CRLF
	  "Content-Type: application/octet-stream" CRLF CRLF CRLF DASH "--",
	  { { NULL } }, { { "f", "", "application/octet-stream", "" } } },
	/* RFC 5987 filename* wins over filename. */
	{ DASH CRLF CD "name=\"doc\"; filename=\"report.pdf\"; "
	  "filename*=UTF-8''%E6%8A%A5%E5%91%8A%20v2.pdf" CRLF CRLF "%PDF" CRLF
	  DASH "--", { { NULL } }, { { "doc", "报告 v2.pdf", "", "%PDF" } } },
	/* Two files of one name, a value that is almost the delimiter. */
	{ DASH CRLF CD "name=f; filename=a.txt" CRLF CRLF "A" CRLF DASH CRLF
	  CD "name=f; filename=b.txt" CRLF CRLF CRLF "--AaB03y" CRLF DASH "--",
	  { { NULL } }, { { "f", "a.txt", "", "A" },
	  { "f", "b.txt", "", CRLF "--AaB03y" } } },
	/* No parts at all. */
	{ DASH "--" CRLF, { { NULL } }, { { NULL } } },
};

/* A body that must fail with er. */
struct fail_case {
	const char	*body;
	size_t		 bodysz;	/* 0: strlen(body) */
	enum sme_err	 er;
};

static const struct fail_case invalids[] = {
	{ "", 0, SME_EINPUT },
	{ "no delimiter at all", 0, SME_EINPUT },
	{ DASH, 0, SME_EINPUT },
	{ DASH "-", 0, SME_EINPUT },
	{ DASH CRLF, 0, SME_EINPUT },
	{ DASH " ", 0, SME_EINPUT },
	/* No close delimiter. */
	{ DASH CRLF CD "name=a" CRLF CRLF "v", 0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CRLF "v" CRLF DASH, 0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CRLF "v" CRLF DASH CRLF, 0, SME_EINPUT },
	/* Headers never end. */
	{ DASH CRLF CD "name=a" CRLF, 0, SME_EINPUT },
	/* No Content-Disposition, or a wrong one. */
	{ DASH CRLF CRLF "v" CRLF DASH "--", 0, SME_EINPUT },
	{ DASH CRLF "Content-Type: text/plain" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF "Content-Disposition: attachment; name=a" CRLF CRLF "v"
	  CRLF DASH "--", 0, SME_EINPUT },
	{ DASH CRLF "Content-Disposition: form-data" CRLF CRLF "v" CRLF DASH
	  "--", 0, SME_EINPUT },
	{ DASH CRLF CD "filename=\"a.txt\"" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=\"\"" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CD "name=b" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a; name=b" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=\"a" CRLF CRLF "v" CRLF DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=a b" CRLF CRLF "v" CRLF DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=" CRLF CRLF "v" CRLF DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=\"a\x01\"" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=\"\xff\"" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	/* Broken header lines: no colon, folding, a bare LF, a bad name. */
	{ DASH CRLF CD "name=a" CRLF "junk" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD CRLF " name=a" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a\nX: y" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF "Content Disposition: form-data; name=a" CRLF CRLF "v"
	  CRLF DASH "--", 0, SME_EINPUT },
	{ DASH CRLF ": x" CRLF CD "name=a" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF "Content-Type: a" CRLF "Content-Type: b"
	  CRLF CRLF "v" CRLF DASH "--", 0, SME_EINPUT },
	/* Something other than padding after a delimiter. */
	{ DASH "xyz" CRLF CD "name=a" CRLF CRLF "v" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CRLF "v" CRLF DASH "x" CRLF,
	  0, SME_EINPUT },
	/* Field values must be clean UTF-8. */
	{ DASH CRLF CD "name=a" CRLF CRLF "\xff" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CRLF "\xe6\xb1" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CRLF "\x1b[0m" CRLF DASH "--",
	  0, SME_EINPUT },
	{ DASH CRLF CD "name=a" CRLF CRLF "a\0b" CRLF DASH "--",
	  sizeof(DASH CRLF CD "name=a" CRLF CRLF "a\0b" CRLF DASH "--") - 1,
	  SME_EINPUT },
	{ DASH CRLF CD "name=f; filename=\"\xff.txt\"" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=f; filename=\"a\tb\"" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	/* filename* must be UTF-8 and well escaped. */
	{ DASH CRLF CD "name=f; filename*=ISO-8859-1''%E9" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=f; filename*=UTF-8''%E6%8A" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=f; filename*=UTF-8''a%2" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=f; filename*=UTF-8''%00" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=f; filename*=\"UTF-8''a\"" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	{ DASH CRLF CD "name=f; filename*=a.txt" CRLF CRLF "v" CRLF
	  DASH "--", 0, SME_EINPUT },
	/* A broken part after a good file: the file must go too. */
	{ DASH CRLF CD "name=f; filename=a" CRLF CRLF "data" CRLF DASH CRLF
	  "bad" CRLF CRLF "v" CRLF DASH "--", 0, SME_EINPUT },
};

/* A Content-Type and the boundary it must give. */
struct boundary_case {
	const char	*ctype;
	const char	*want;
};

static const struct boundary_case boundary_valids[] = {
	{ "multipart/form-data; boundary=AaB03x", "AaB03x" },
	{ "multipart/form-data;boundary=AaB03x", "AaB03x" },
	{ "Multipart/Form-Data; BOUNDARY=AaB03x", "AaB03x" },
	{ " multipart/form-data ; boundary=x ", "x" },
	{ "multipart/form-data; boundary=\"a b:c\"", "a b:c" },
	{ "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
	  "----WebKitFormBoundary7MA4YWxkTrZu0gW" },
	{ "multipart/form-data; charset=utf-8; boundary=abc", "abc" },
	{ "multipart/form-data; boundary=abc; charset=\"utf-8\"", "abc" },
	{ "multipart/form-data; boundary=abc;", "abc" },
	{ "multipart/form-data; boundary==_Part_0_1.2", "=_Part_0_1.2" },
	{ "multipart/form-data; boundary=\"'()+_,-./:=?\"", "'()+_,-./:=?" },
	{ FORM "; boundary=" B70, B70 },
};

static const char *const boundary_invalids[] = {
	"",
	"text/plain; boundary=x",
	"multipart/mixed; boundary=x",
	"multipart/form-datax; boundary=x",
	"multipart/form-data garbage; boundary=x",
	"multipart/form-data",
	"multipart/form-data;",
	"multipart/form-data; charset=utf-8",
	"multipart/form-data; boundary=",
	"multipart/form-data; boundary=\"\"",
	"multipart/form-data; boundary",
	"multipart/form-data; =x; boundary=a",
	"multipart/form-data; boundary=a; boundary=b",
	"multipart/form-data; boundary=\"unterminated",
	"multipart/form-data; boundary=\"a \"",
	"multipart/form-data; boundary=a@b",
	"multipart/form-data; boundary=\"a\\\"b\"",
	"multipart/form-data; boundary=\"a;b\"",
	"multipart/form-data; boundary=江苏",
	"multipart/form-data; boundary=a b",
	FORM "; boundary=" B70 "0",
};

static char	 spool[] = "/tmp/test_multipart.XXXXXX";
static char	 spool_dir[sizeof(spool)];

static void
spool_setup(void)
{
	strcpy(spool_dir, spool);
	ck_assert_ptr_nonnull(mkdtemp(spool_dir));
}

/* Remove what is left in the spool dir, and the dir. */
static void
spool_teardown(void)
{
	DIR		*d = opendir(spool_dir);
	struct dirent	*e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(spool_dir);
}

/* The number of files in the spool dir. */
static int
spool_count(void)
{
	DIR		*d = opendir(spool_dir);
	struct dirent	*e;
	int		 n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* multipart_read_fn over a struct membody. */
static ssize_t
mem_read(void *arg, char *buf, size_t bufsz)
{
	struct membody	*mb = arg;
	size_t		 n = mb->chunks[mb->step++];

	if (mb->chunks[mb->step] == 0)
		mb->step = 0;
	if (mb->off == mb->sz && mb->fail)
		return -1;
	if (n > bufsz)
		n = bufsz;
	if (n > mb->sz - mb->off)
		n = mb->sz - mb->off;
	memcpy(buf, mb->buf + mb->off, n);
	mb->off += n;
	return (ssize_t)n;
}

/* Generous limits, with the spool dir of the running test. */
static struct multipart_limits
limits(void)
{
	struct multipart_limits	 lim = {
		.field_max = 64 * 1024,
		.fields_total = 1024 * 1024,
		.file_max = 1024 * 1024,
		.parts_max = 1000,
		.spool_dir = spool_dir,
	};

	return lim;
}

/* Parse body of sz bytes read in the chunk sizes of row chunks. */
static enum sme_err
parse(const char *body, size_t sz, const size_t *chunks,
    const struct multipart_limits *lim, struct multipart *mp)
{
	struct membody	 mb = { body, sz, 0, chunks, 0, 0 };

	memset(mp, 0, sizeof(*mp));
	return multipart_parse(B, mem_read, &mb, lim, mp);
}

/* Check that the spool file f holds exactly data[0..sz), mode 0600. */
static void
file_expect(const struct multipart_file *f, const char *data, size_t sz)
{
	struct stat	 st;
	char		*got;
	int		 fd;

	ck_assert_uint_eq(f->size, sz);
	ck_assert_int_eq(strncmp(f->path, spool_dir, strlen(spool_dir)), 0);
	ck_assert_int_eq(stat(f->path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_uint_eq((size_t)st.st_size, sz);
	ck_assert_ptr_nonnull(got = malloc(sz + 1));
	ck_assert_int_ge(fd = open(f->path, O_RDONLY), 0);
	ck_assert_int_eq(read(fd, got, sz + 1), (ssize_t)sz);
	close(fd);
	ck_assert_int_eq(memcmp(got, data, sz), 0);
	free(got);
}

/* Check that a failed parse left out empty and no spool file behind. */
static void
failure_expect(const struct multipart *mp)
{
	ck_assert_uint_eq(mp->fields.n, 0);
	ck_assert_ptr_null(mp->fields.v);
	ck_assert_uint_eq(mp->filen, 0);
	ck_assert_ptr_null(mp->files);
	ck_assert_int_eq(spool_count(), 0);
}

/* Check the fields and files of a valid table row. */
static void
valid_expect(const struct valid_case *c, const struct multipart *mp)
{
	size_t	 n;

	for (n = 0; c->fields[n][0] != NULL; n++) {
		ck_assert_uint_gt(mp->fields.n, n);
		ck_assert_str_eq(mp->fields.v[n].key, c->fields[n][0]);
		ck_assert_str_eq(mp->fields.v[n].val, c->fields[n][1]);
	}
	ck_assert_uint_eq(mp->fields.n, n);
	for (n = 0; c->files[n][0] != NULL; n++) {
		ck_assert_uint_gt(mp->filen, n);
		ck_assert_str_eq(mp->files[n].name, c->files[n][0]);
		ck_assert_str_eq(mp->files[n].filename, c->files[n][1]);
		ck_assert_str_eq(mp->files[n].ctype, c->files[n][2]);
		file_expect(&mp->files[n], c->files[n][3],
		    strlen(c->files[n][3]));
	}
	ck_assert_uint_eq(mp->filen, n);
	ck_assert_int_eq(spool_count(), (int)n);
}

START_TEST(parse_accepts_valid_table_in_any_chunks)
{
	const struct valid_case		*c = &valids[_i];
	struct multipart_limits		 lim = limits();
	struct multipart		 mp;
	int				 row;

	for (row = 0; row < NELEM(chunk_rows); row++) {
		ck_assert_msg(parse(c->body, strlen(c->body), chunk_rows[row],
		    &lim, &mp) == SME_OK, "case %d chunks %d", _i, row);
		valid_expect(c, &mp);
		multipart_free(&mp);
		ck_assert_int_eq(spool_count(), 0);
	}
}
END_TEST

START_TEST(parse_rejects_invalid_table_and_cleans_up)
{
	const struct fail_case		*c = &invalids[_i];
	struct multipart_limits		 lim = limits();
	struct multipart		 mp;
	size_t				 sz;
	int				 row;

	sz = c->bodysz != 0 ? c->bodysz : strlen(c->body);
	for (row = 0; row < NELEM(chunk_rows); row++) {
		ck_assert_msg(parse(c->body, sz, chunk_rows[row], &lim, &mp) ==
		    c->er, "case %d chunks %d", _i, row);
		failure_expect(&mp);
	}
}
END_TEST

/* A file part of BIG_SZ bytes that keep almost matching the delimiter. */
static char *
big_body(size_t *bodysz, char **data)
{
	static const char	 head[] = DASH CRLF CD
	    "name=\"big\"; filename=\"大文件.bin\"" CRLF
	    "Content-Type: application/octet-stream" CRLF CRLF;
	static const char	 tail[] = CRLF DASH "--" CRLF;
	char			*body, *d;
	uint32_t		 x = 2463534242u;
	size_t			 i;

	ck_assert_ptr_nonnull(body = malloc(sizeof(head) + BIG_SZ +
	    sizeof(tail)));
	d = body + sizeof(head) - 1;
	for (i = 0; i < BIG_SZ; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		d[i] = (char)(x & 0xff);
		if (i % 1000 == 0 && i + 10 < BIG_SZ) {
			memcpy(d + i, CRLF "--AaB03", 9);
			i += 8;
		}
	}
	memcpy(body, head, sizeof(head) - 1);
	memcpy(d + BIG_SZ, tail, sizeof(tail));
	*bodysz = sizeof(head) - 1 + BIG_SZ + sizeof(tail) - 1;
	*data = d;
	return body;
}

START_TEST(parse_spools_file_larger_than_buffer_exactly)
{
	struct multipart_limits		 lim = limits();
	struct multipart		 mp;
	const struct multipart_file	*f;
	char				*body, *data, path[256];
	size_t				 sz;

	body = big_body(&sz, &data);
	ck_assert_int_eq(parse(body, sz, chunk_rows[_i], &lim, &mp), SME_OK);
	ck_assert_ptr_nonnull(f = multipart_file_get(&mp, "big"));
	ck_assert_str_eq(f->filename, "大文件.bin");
	file_expect(f, data, BIG_SZ);
	snprintf(path, sizeof(path), "%s", f->path);
	multipart_free(&mp);
	ck_assert_int_eq(access(path, F_OK), -1);
	free(body);
}
END_TEST

START_TEST(parse_file_over_file_max_is_toobig_and_leaves_no_file)
{
	struct multipart_limits		 lim = limits();
	struct multipart		 mp;
	char				*body, *data;
	size_t				 sz;

	body = big_body(&sz, &data);
	lim.file_max = BIG_SZ - 1;
	ck_assert_int_eq(parse(body, sz, chunk_rows[_i], &lim, &mp),
	    SME_ETOOBIG);
	failure_expect(&mp);
	/* Refused in the middle of the stream, not only at its end. */
	lim.file_max = 1000;
	ck_assert_int_eq(parse(body, sz, chunk_rows[_i], &lim, &mp),
	    SME_ETOOBIG);
	failure_expect(&mp);
	lim.file_max = BIG_SZ;
	ck_assert_int_eq(parse(body, sz, chunk_rows[_i], &lim, &mp), SME_OK);
	multipart_free(&mp);
	free(body);
}
END_TEST

START_TEST(parse_keeps_binary_file_bytes)
{
	static const char	 body[] = DASH CRLF CD "name=f; filename=b" CRLF
	    CRLF "\0\xff\r\n\r\n-\0" CRLF DASH "--";
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;

	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[_i], &lim,
	    &mp), SME_OK);
	file_expect(&mp.files[0], "\0\xff\r\n\r\n-\0", 8);
	multipart_free(&mp);
}
END_TEST

START_TEST(parse_field_limits_are_exact)
{
	static const char	 body[] = DASH CRLF CD "name=a" CRLF CRLF
	    "12345" CRLF DASH CRLF CD "name=b" CRLF CRLF "678" CRLF DASH "--";
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;

	lim.field_max = 5;
	lim.fields_total = 8;
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[_i], &lim,
	    &mp), SME_OK);
	ck_assert_uint_eq(mp.fields.n, 2);
	multipart_free(&mp);
	lim.field_max = 4;
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[_i], &lim,
	    &mp), SME_ETOOBIG);
	failure_expect(&mp);
	lim.field_max = 5;
	lim.fields_total = 7;
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[_i], &lim,
	    &mp), SME_ETOOBIG);
	failure_expect(&mp);
}
END_TEST

START_TEST(parse_parts_over_parts_max_is_toobig)
{
	static const char	 body[] = DASH CRLF CD "name=f; filename=x" CRLF
	    CRLF "1" CRLF DASH CRLF CD "name=b" CRLF CRLF "2" CRLF DASH "--";
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;

	lim.parts_max = 2;
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[_i], &lim,
	    &mp), SME_OK);
	multipart_free(&mp);
	lim.parts_max = 1;
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[_i], &lim,
	    &mp), SME_ETOOBIG);
	failure_expect(&mp);
}
END_TEST

START_TEST(parse_fields_over_pairs_max_is_toobig)
{
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;
	char			*body;
	size_t			 i, o = 0, n = HTTP_PAIRS_MAX + 1;

	ck_assert_ptr_nonnull(body = malloc(n * 64 + 16));
	for (i = 0; i < n; i++)
		o += (size_t)sprintf(body + o, DASH CRLF CD "name=k%zu" CRLF
		    CRLF "v" CRLF, i);
	o += (size_t)sprintf(body + o, DASH "--");
	ck_assert_int_eq(parse(body, o, chunk_rows[0], &lim, &mp), SME_ETOOBIG);
	failure_expect(&mp);
	free(body);
}
END_TEST

START_TEST(parse_headers_over_limit_are_einput)
{
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;
	char			*body;
	size_t			 o, i;

	/* One header line of 9000 bytes. */
	ck_assert_ptr_nonnull(body = malloc(20000));
	o = (size_t)sprintf(body, DASH CRLF CD "name=a; x=\"");
	memset(body + o, 'x', 9000);
	o += 9000;
	o += (size_t)sprintf(body + o, "\"" CRLF CRLF "v" CRLF DASH "--");
	ck_assert_int_eq(parse(body, o, chunk_rows[_i], &lim, &mp), SME_EINPUT);
	failure_expect(&mp);

	/* Many short lines adding up to more than 8 KiB. */
	o = (size_t)sprintf(body, DASH CRLF CD "name=a" CRLF);
	for (i = 0; i < 1000; i++)
		o += (size_t)sprintf(body + o, "X-Pad: 12345" CRLF);
	o += (size_t)sprintf(body + o, CRLF "v" CRLF DASH "--");
	ck_assert_int_eq(parse(body, o, chunk_rows[_i], &lim, &mp), SME_EINPUT);
	failure_expect(&mp);
	free(body);
}
END_TEST

START_TEST(parse_name_over_key_max_is_einput)
{
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;
	char			 body[512], name[HTTP_KEY_MAX + 2];
	int			 n;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	n = snprintf(body, sizeof(body), DASH CRLF CD "name=%s; filename=f"
	    CRLF CRLF "v" CRLF DASH "--", name);
	ck_assert_int_eq(parse(body, (size_t)n, chunk_rows[0], &lim, &mp),
	    SME_EINPUT);
	failure_expect(&mp);
	name[HTTP_KEY_MAX] = '\0';
	n = snprintf(body, sizeof(body), DASH CRLF CD "name=%s; filename=f"
	    CRLF CRLF "v" CRLF DASH "--", name);
	ck_assert_int_eq(parse(body, (size_t)n, chunk_rows[0], &lim, &mp),
	    SME_OK);
	multipart_free(&mp);
}
END_TEST

START_TEST(parse_file_without_spool_dir_is_toobig)
{
	static const char	 body[] = DASH CRLF CD "name=f; filename=x" CRLF
	    CRLF "1" CRLF DASH "--";
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;

	lim.spool_dir = NULL;
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[0], &lim,
	    &mp), SME_ETOOBIG);
	failure_expect(&mp);
}
END_TEST

START_TEST(parse_unwritable_spool_dir_is_esys)
{
	static const char	 body[] = DASH CRLF CD "name=f; filename=x" CRLF
	    CRLF "1" CRLF DASH "--";
	struct multipart_limits	 lim = limits();
	struct multipart	 mp;

	lim.spool_dir = "/nonexistent/spool";
	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[0], &lim,
	    &mp), SME_ESYS);
	failure_expect(&mp);
}
END_TEST

START_TEST(parse_read_error_is_einput_and_cleans_up)
{
	static const char	 body[] = DASH CRLF CD "name=f; filename=x" CRLF
	    CRLF "partial";
	struct multipart_limits	 lim = limits();
	struct multipart	 mp = { 0 };
	struct membody		 mb = { body, sizeof(body) - 1, 0,
	    chunk_rows[2], 0, 1 };

	ck_assert_int_eq(multipart_parse(B, mem_read, &mb, &lim, &mp),
	    SME_EINPUT);
	failure_expect(&mp);
}
END_TEST

START_TEST(parse_rejects_bad_boundary_argument)
{
	static const char *const bad[] = { "", "a@b", "a ", B70 "0" };
	struct multipart_limits	 lim = limits();
	struct multipart	 mp = { 0 };
	struct membody		 mb = { "--a--", 5, 0, chunk_rows[0], 0, 0 };
	int			 i;

	for (i = 0; i < NELEM(bad); i++) {
		ck_assert_int_eq(multipart_parse(bad[i], mem_read, &mb, &lim,
		    &mp), SME_EINPUT);
		failure_expect(&mp);
	}
}
END_TEST

START_TEST(file_get_returns_first_match_or_null)
{
	static const char		 body[] = DASH CRLF CD
	    "name=f; filename=a.txt" CRLF CRLF "A" CRLF DASH CRLF CD
	    "name=f; filename=b.txt" CRLF CRLF "B" CRLF DASH "--";
	struct multipart_limits		 lim = limits();
	struct multipart		 mp;
	const struct multipart_file	*f;

	ck_assert_int_eq(parse(body, sizeof(body) - 1, chunk_rows[0], &lim,
	    &mp), SME_OK);
	ck_assert_ptr_nonnull(f = multipart_file_get(&mp, "f"));
	ck_assert_str_eq(f->filename, "a.txt");
	ck_assert_ptr_null(multipart_file_get(&mp, "g"));
	multipart_free(&mp);
	ck_assert_ptr_null(multipart_file_get(&mp, "f"));
}
END_TEST

START_TEST(free_accepts_zeroed_struct_twice)
{
	struct multipart	 mp = { 0 };

	multipart_free(&mp);
	multipart_free(&mp);
	ck_assert_uint_eq(mp.filen, 0);
}
END_TEST

START_TEST(boundary_accepts_valid_table)
{
	const struct boundary_case	*c = &boundary_valids[_i];
	char				 out[MULTIPART_BOUNDARY_MAX + 1];

	ck_assert_msg(multipart_boundary(c->ctype, out, sizeof(out)) == SME_OK,
	    "row %d", _i);
	ck_assert_str_eq(out, c->want);
}
END_TEST

START_TEST(boundary_rejects_invalid_table)
{
	char	 out[MULTIPART_BOUNDARY_MAX + 1];

	ck_assert_msg(multipart_boundary(boundary_invalids[_i], out,
	    sizeof(out)) == SME_EINPUT, "row %d", _i);
}
END_TEST

START_TEST(boundary_refuses_too_small_output)
{
	char	 out[4];

	ck_assert_int_eq(multipart_boundary(FORM "; boundary=abc", out,
	    sizeof(out)), SME_OK);
	ck_assert_int_eq(multipart_boundary(FORM "; boundary=abcd", out,
	    sizeof(out)), SME_EINPUT);
}
END_TEST

static Suite *
multipart_suite(void)
{
	Suite	*s = suite_create("multipart");
	TCase	*tc;

	tc = tcase_create("boundary");
	tcase_add_loop_test(tc, boundary_accepts_valid_table, 0,
	    NELEM(boundary_valids));
	tcase_add_loop_test(tc, boundary_rejects_invalid_table, 0,
	    NELEM(boundary_invalids));
	tcase_add_test(tc, boundary_refuses_too_small_output);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, spool_setup, spool_teardown);
	tcase_add_loop_test(tc, parse_accepts_valid_table_in_any_chunks, 0,
	    NELEM(valids));
	tcase_add_loop_test(tc, parse_rejects_invalid_table_and_cleans_up, 0,
	    NELEM(invalids));
	tcase_add_loop_test(tc, parse_keeps_binary_file_bytes, 0,
	    NELEM(chunk_rows));
	tcase_add_loop_test(tc, parse_headers_over_limit_are_einput, 0,
	    NELEM(chunk_rows));
	tcase_add_test(tc, parse_name_over_key_max_is_einput);
	tcase_add_test(tc, parse_read_error_is_einput_and_cleans_up);
	tcase_add_test(tc, parse_rejects_bad_boundary_argument);
	tcase_add_test(tc, file_get_returns_first_match_or_null);
	tcase_add_test(tc, free_accepts_zeroed_struct_twice);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, spool_setup, spool_teardown);
	tcase_add_loop_test(tc, parse_spools_file_larger_than_buffer_exactly, 0,
	    NELEM(chunk_rows));
	tcase_add_loop_test(tc,
	    parse_file_over_file_max_is_toobig_and_leaves_no_file, 0,
	    NELEM(chunk_rows));
	tcase_add_loop_test(tc, parse_field_limits_are_exact, 0,
	    NELEM(chunk_rows));
	tcase_add_loop_test(tc, parse_parts_over_parts_max_is_toobig, 0,
	    NELEM(chunk_rows));
	tcase_add_test(tc, parse_fields_over_pairs_max_is_toobig);
	tcase_add_test(tc, parse_file_without_spool_dir_is_toobig);
	tcase_add_test(tc, parse_unwritable_spool_dir_is_esys);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(multipart_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
