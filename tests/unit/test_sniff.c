/*
 * test_sniff.c - sniff.[ch] over the corpus in tests/fuzz/corpus/sniff
 * (built by tests/harness/files.mjs, and a few small files of real writers
 * copied from tests/corpus/make.sh's): ok_<type>_* files are accepted as
 * that type, no_<verdict>_* refused with that verdict and a message; every
 * accepted file cut short, or with a zip or a page appended, is refused;
 * the extension list is configuration; store_begin/commit move a file in.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <signal.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <stdint.h>
#include <time.h>
#include <zlib.h>

#include "sandbox.h"
#include "sniff.h"
#include "store.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define CORPUS_MAX	128

static const char *const verdicts[SNIFF__MAX] = {
	"ok", "ext", "empty", "unknown", "mismatch", "corrupt", "polyglot",
	"encrypted", "bomb", "costly"
};

static char	 corpus[CORPUS_MAX][800];
static size_t	 ncorpus;

/* The corpus directory, from top_srcdir (make check sets it). */
static void
corpus_load(void)
{
	const char	*top = getenv("top_srcdir");
	char		 dir[400];
	struct dirent	*e;
	DIR		*d;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/sniff", top ? top : ".");
	ck_assert_msg((d = opendir(dir)) != NULL, "no corpus at %s", dir);
	while ((e = readdir(d)) != NULL && ncorpus < CORPUS_MAX)
		if (strncmp(e->d_name, "ok_", 3) == 0 ||
		    strncmp(e->d_name, "no_", 3) == 0)
			snprintf(corpus[ncorpus++], sizeof(corpus[0]), "%s/%s",
			    dir, e->d_name);
	closedir(d);
	ck_assert_uint_ge(ncorpus, 20);
}

static const char *
base(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The whole of path into *buf; its size. */
static size_t
slurp(const char *path, unsigned char **buf)
{
	FILE	*f = fopen(path, "rb");
	long	 n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(*buf);
	ck_assert_uint_eq(fread(*buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return (size_t)n;
}

START_TEST(sniff_file_judges_the_corpus_as_its_names_say)
{
	enum sniff_verdict v;
	enum filetype	 t;
	char		 msg[512], want[32];
	size_t		 i;

	corpus_load();
	for (i = 0; i < ncorpus; i++) {
		const char *b = base(corpus[i]);

		ck_assert_int_eq(sniff_file(corpus[i], b, SNIFF_TYPES_DEFAULT,
		    &v, &t, msg, sizeof(msg)), SME_OK);
		snprintf(want, sizeof(want), "%.*s", (int)strcspn(b + 3, "_"), b + 3);
		if (b[0] == 'o') {
			ck_assert_msg(v == SNIFF_OK, "%s: %s (%s)", b, verdicts[v], msg);
			ck_assert_str_eq(filetype_ext(t), want);
			ck_assert_str_eq(msg, "");
		} else {
			ck_assert_msg(strcmp(verdicts[v], want) == 0, "%s: got %s (%s)",
			    b, verdicts[v], msg);
			ck_assert_uint_gt(strlen(msg), 10);
		}
	}
}
END_TEST

/* What phones append after a photo's EOI is not another file: kept. */
START_TEST(sniff_buf_keeps_phone_trailers_after_a_jpeg)
{
	static const unsigned char samsung[] = "\0\0\0\0SEFH\x6a\0\0\0\x01\x08\0\0Image_UTC_Data1700000000000SEFT";
	static const unsigned char motion[] = "\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom\0\0\0\x08" "free";
	const unsigned char	*tails[] = { samsung, motion };
	size_t			 sizes[] = { sizeof(samsung) - 1, sizeof(motion) - 1 };
	unsigned char		*b, *x;
	enum filetype		 t;
	size_t			 n, j;
	char			 path[512];

	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/sniff/ok_jpg_jpg.jpg",
	    getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	n = slurp(path, &b);
	for (j = 0; j < 2; j++) {
		x = malloc(n + sizes[j]);
		memcpy(x, b, n);
		memcpy(x + n, tails[j], sizes[j]);
		ck_assert_msg(sniff_buf(x, n + sizes[j], &t) == SNIFF_OK, "trailer %zu refused", j);
		ck_assert_int_eq(t, FILETYPE_JPG);
		free(x);
	}
	free(b);
}
END_TEST

START_TEST(sniff_buf_refuses_every_accepted_file_cut_short_or_with_a_tail)
{
	static const char *const tails[] = {
		"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",	/* an empty zip */
		"<html><script>alert(1)</script></html>",
		"\x89PNG junk after the end",
	};
	unsigned char	*b, *x;
	enum filetype	 t;
	size_t		 i, j, n, cut, pdf;

	corpus_load();
	for (i = 0; i < ncorpus; i++) {
		if (strncmp(base(corpus[i]), "ok_", 3) != 0)
			continue;
		n = slurp(corpus[i], &b);
		ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
		/* A PDF may lose what follows %%EOF (newline, padding) and stay whole. */
		pdf = n;
		if (strstr(base(corpus[i]), "ok_pdf_") != NULL)
			for (pdf = n - 5; pdf > 0 && memcmp(b + pdf, "%%EOF", 5) != 0; pdf--)
				continue;
		if (pdf < n)
			pdf += 5;
		for (cut = 1; cut < pdf; cut += cut < 64 ? 1 : n / 97 + 1)
			ck_assert_msg(sniff_buf(b, cut, &t) != SNIFF_OK,
			    "%s cut to %zu bytes is accepted", base(corpus[i]), cut);
		ck_assert_int_ne(sniff_buf(b, pdf - 1, &t), SNIFF_OK);
		for (j = 0; j < NELEM(tails); j++) {
			size_t k = j == 0 ? 22 : strlen(tails[j]);

			x = malloc(n + k);
			memcpy(x, b, n);
			memcpy(x + n, tails[j], k);
			ck_assert_msg(sniff_buf(x, n + k, &t) != SNIFF_OK,
			    "%s with tail %zu is accepted", base(corpus[i]), j);
			free(x);
		}
		free(b);
	}
}
END_TEST

/* ---- built files: OLE2, PDF, images and zips each case needs ---------- */

#define SS	512
#define ENDC	0xfffffffeu
#define FREES	0xffffffffu
#define FATS	0xfffffffdu
#define NOS	0xffffffffu

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void
put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* A version 3 compound file of nsect sectors: FAT in sector 0, directory in 1. */
static unsigned char *
cfb_new(size_t nsect, size_t *n)
{
	unsigned char	*b;
	size_t		 i;

	*n = (nsect + 1) * SS;
	b = calloc(1, *n);
	ck_assert_ptr_nonnull(b);
	memcpy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	put16(b + 0x18, 0x3e);
	put16(b + 0x1a, 3);
	put16(b + 0x1c, 0xfffe);
	put16(b + 0x1e, 9);
	put16(b + 0x20, 6);
	put32(b + 0x2c, 1);
	put32(b + 0x30, 1);
	put32(b + 0x38, 4096);
	put32(b + 0x3c, ENDC);
	put32(b + 0x44, ENDC);
	for (i = 0; i < 109; i++)
		put32(b + 0x4c + 4 * i, i == 0 ? 0 : FREES);
	for (i = 0; i < SS / 4; i++)
		put32(b + SS + 4 * i, FREES);
	put32(b + SS, FATS);
	put32(b + SS + 4, ENDC);
	return b;
}

static void
cfb_fat(unsigned char *b, uint32_t sect, uint32_t next)
{
	put32(b + SS + 4 * sect, next);
}

/* name as UTF-16LE with its length at 0x40 of entry e. */
static void
cfb_name_put(unsigned char *e, const char *name)
{
	size_t	 k;

	for (k = 0; name[k] != '\0'; k++)
		e[2 * k] = (unsigned char)name[k];
	put16(e + 0x40, (unsigned)(2 * (k + 1)));
}

/* Directory entry i (in sector 1) as name, type, links, start and size. */
static void
cfb_entry(unsigned char *b, unsigned i, const char *name, int type,
    uint32_t left, uint32_t right, uint32_t child, uint32_t start,
    uint32_t size)
{
	unsigned char	*e = b + 2 * SS + 128 * i;
	size_t		 k;

	for (k = 0; name[k] != '\0'; k++)
		e[2 * k] = (unsigned char)name[k];
	put16(e + 0x40, (unsigned)(2 * (k + 1)));
	e[0x42] = (unsigned char)type;
	e[0x43] = 1;
	put32(e + 0x44, left);
	put32(e + 0x48, right);
	put32(e + 0x4c, child);
	put32(e + 0x74, start);
	put32(e + 0x78, size);
}

/* A stream of 4096 bytes at sectors first..first+7 starting with head. */
static void
cfb_stream(unsigned char *b, uint32_t first, const void *head, size_t n)
{
	uint32_t	 s;

	for (s = first; s < first + 8; s++)
		cfb_fat(b, s, s + 1 < first + 8 ? s + 1 : ENDC);
	memcpy(b + (first + 1) * SS, head, n);
}

static const unsigned char fib97[] = { 0xec, 0xa5, 0xc1, 0x00 };
static const unsigned char fib95[] = { 0xdc, 0xa5, 0x65, 0x00 };
static const unsigned char bof8[] = { 0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00 };

/* A Word document: root, WordDocument at sectors 2-9. */
static unsigned char *
cfb_doc(const unsigned char *fib, size_t *n)
{
	unsigned char	*b = cfb_new(10, n);

	cfb_entry(b, 0, "Root Entry", 5, NOS, NOS, 1, ENDC, 0);
	cfb_entry(b, 1, "WordDocument", 2, NOS, NOS, NOS, 2, 4096);
	cfb_stream(b, 2, fib, 4);
	return b;
}

START_TEST(sniff_cfb_accepts_word_95_and_97)
{
	enum filetype	 t;
	unsigned char	*b;
	size_t		 n;

	b = cfb_doc(fib97, &n);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	ck_assert_int_eq(t, FILETYPE_DOC);
	free(b);
	b = cfb_doc(fib95, &n);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	ck_assert_int_eq(t, FILETYPE_DOC);
	/* The FIB must still be Word's. */
	b[3 * SS] = 0x12;
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	free(b);
}
END_TEST

/* SheetJS pads the FAT with ENDOFCHAIN past the last sector: accepted. */
START_TEST(sniff_cfb_accepts_a_fat_padded_with_endofchain)
{
	enum filetype	 t;
	unsigned char	*b;
	size_t		 n, i;

	b = cfb_new(10, &n);
	cfb_entry(b, 0, "Root Entry", 5, NOS, NOS, 1, ENDC, 0);
	cfb_entry(b, 1, "Workbook", 2, NOS, NOS, NOS, 2, 4096);
	cfb_stream(b, 2, bof8, sizeof(bof8));
	for (i = 10; i < SS / 4; i++)
		cfb_fat(b, (uint32_t)i, ENDC);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	ck_assert_int_eq(t, FILETYPE_XLS);
	/* A chain that does reach past the end is still refused. */
	cfb_fat(b, 9, 40);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	free(b);
}
END_TEST

/* A table pasted into a Word document: a Workbook inside ObjectPool. */
START_TEST(sniff_cfb_embedded_objects_do_not_decide_the_type)
{
	enum filetype	 t;
	unsigned char	*b;
	size_t		 n;

	b = cfb_new(18, &n);
	cfb_entry(b, 0, "Root Entry", 5, NOS, NOS, 1, ENDC, 0);
	cfb_entry(b, 1, "WordDocument", 2, NOS, 2, NOS, 2, 4096);
	cfb_entry(b, 2, "ObjectPool", 1, NOS, NOS, 3, 0, 0);
	cfb_entry(b, 3, "Workbook", 2, NOS, NOS, NOS, 10, 4096);
	cfb_stream(b, 2, fib97, sizeof(fib97));
	cfb_stream(b, 10, bof8, sizeof(bof8));
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	ck_assert_int_eq(t, FILETYPE_DOC);
	/* Both at the root: corrupt, as before. */
	cfb_entry(b, 2, "Workbook", 2, NOS, NOS, NOS, 10, 4096);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	/* A stream of the storage whose chain is not there: corrupt. */
	cfb_entry(b, 2, "ObjectPool", 1, NOS, NOS, 3, 0, 0);
	cfb_entry(b, 3, "Workbook", 2, NOS, NOS, NOS, 10, 8192);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	/* Two streams sharing sectors: corrupt. */
	cfb_entry(b, 3, "Workbook", 2, NOS, NOS, NOS, 2, 4096);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	/* A sibling link back to itself: corrupt. */
	cfb_entry(b, 3, "Workbook", 2, 3, NOS, NOS, 10, 4096);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	/* Storages whose every link names the others: corrupt, in bounds. */
	cfb_entry(b, 1, "A", 1, 2, 3, 2, 0, 0);
	cfb_entry(b, 2, "B", 1, 3, 3, 3, 0, 0);
	cfb_entry(b, 3, "C", 1, 1, 1, 1, 0, 0);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	free(b);
}
END_TEST

START_TEST(sniff_cfb_names_an_encrypted_package)
{
	enum sniff_verdict v;
	enum filetype	 t;
	unsigned char	*b;
	size_t		 n;
	char		 dir[] = "/tmp/test_sniff.XXXXXX", path[600], msg[512];
	FILE		*f;

	b = cfb_new(10, &n);
	cfb_entry(b, 0, "Root Entry", 5, NOS, NOS, 1, ENDC, 0);
	cfb_entry(b, 1, "EncryptedPackage", 2, NOS, NOS, NOS, 2, 4096);
	cfb_stream(b, 2, "\x10\0\0\0", 4);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_ENCRYPTED);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(b, 1, n, f), n);
	fclose(f);
	ck_assert_int_eq(sniff_file(path, "申报书.docx", SNIFF_TYPES_DEFAULT, &v,
	    &t, msg, sizeof(msg)), SME_OK);
	ck_assert_int_eq(v, SNIFF_ENCRYPTED);
	ck_assert_str_eq(msg, "文件已加密，请去除密码后上传。");
	unlink(path);
	rmdir(dir);
	free(b);
	/* A Word 97 file with FibBase.fEncrypted. */
	b = cfb_doc((const unsigned char *)"\xec\xa5\xc1\x00", &n);
	b[3 * SS + 0x0b] = 0x01;
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_ENCRYPTED);
	free(b);
}
END_TEST

/*
 * The file of issue 12 (tests/harness/files.mjs looping() is the same):
 * 4096-byte sectors, as many FAT sectors as fit (109 at most) with the
 * entries past the file free, a directory chain and a mini stream chain
 * that loop on themselves, 31 WordDocument streams of 100 bytes whose
 * mini sector lies nfat sectors down the mini stream. A walk bounded only
 * by the FAT's size takes 32 * nfat^2 steps (9 s at 64 KiB before).
 */
static unsigned char *
cfb_looping(size_t size)
{
	const size_t	 ss = 4096, per = ss / 4;
	size_t		 nsect = size / ss - 1, nfat, i, e;
	uint32_t	 f, dir, mini;
	unsigned char	*b = calloc(1, size);

	ck_assert_ptr_nonnull(b);
	f = (uint32_t)(nsect < 3 ? 1 : nsect - 2 > 109 ? 109 : nsect - 2);
	nfat = f * per;
	dir = f;
	mini = f + 1;
	memcpy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	put16(b + 0x18, 0x3e);
	put16(b + 0x1a, 4);
	put16(b + 0x1c, 0xfffe);
	put16(b + 0x1e, 12);
	put16(b + 0x20, 6);
	put32(b + 0x2c, f);
	put32(b + 0x30, dir);
	put32(b + 0x38, 4096);
	put32(b + 0x3c, ENDC);
	put32(b + 0x44, ENDC);
	for (i = 0; i < 109; i++)
		put32(b + 0x4c + 4 * i, i < f ? (uint32_t)i : FREES);
	for (i = 0; i < nfat; i++)
		put32(b + ss + 4 * i, i < f ? FATS : FREES);
	put32(b + ss + 4 * dir, dir);
	put32(b + ss + 4 * mini, mini);
	for (i = 0; i < ss / 128; i++) {
		e = (dir + 1) * ss + 128 * i;
		cfb_name_put(b + e, i == 0 ? "Root Entry" : "WordDocument");
		b[e + 0x42] = i == 0 ? 5 : 2;
		put32(b + e + 0x44, NOS);
		put32(b + e + 0x48, i > 0 && i + 1 < ss / 128 ? (uint32_t)i + 1 : NOS);
		put32(b + e + 0x4c, i == 0 ? 1 : NOS);
		put32(b + e + 0x74, i == 0 ? mini : (uint32_t)((nfat - 1) * (ss / 64)));
		put32(b + e + 0x78, i == 0 ? 64 * 64 : 100);
	}
	put16(b + (mini + 1) * ss, 0xa5ec);
	return b;
}

START_TEST(sniff_cfb_looping_chains_end_within_a_second)
{
	static const size_t sizes[] = { 16 << 10, 64 << 10, 8 << 20 };
	enum filetype	 t;
	unsigned char	*b;
	clock_t		 c;
	size_t		 i;

	for (i = 0; i < NELEM(sizes); i++) {
		b = cfb_looping(sizes[i]);
		c = clock();
		ck_assert_int_ne(sniff_buf(b, sizes[i], &t), SNIFF_OK);
		c = clock() - c;
		ck_assert_msg(c < CLOCKS_PER_SEC, "%zu bytes took %.2f s of CPU",
		    sizes[i], (double)c / CLOCKS_PER_SEC);
		free(b);
	}
}
END_TEST

/* pdf with text inserted before "trailer"'s xref and pad after %%EOF. */
static char *
pdf_make_n(const char *lead, const char *body, size_t bodylen, int xref_off,
    size_t pad, size_t *n)
{
	char	*b = malloc(bodylen + 4096 + pad);
	size_t	 o, x;

	ck_assert_ptr_nonnull(b);
	o = (size_t)sprintf(b, "%s%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
	    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n", lead);
	memcpy(b + o, body, bodylen);
	o += bodylen;
	x = o;
	o += (size_t)sprintf(b + o, "xref\n0 3\n0000000000 65535 f \n"
	    "0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\n"
	    "startxref\n%zu\n%%%%EOF\n", (size_t)((long)x + xref_off));
	memset(b + o, 0, pad);
	*n = o + pad;
	return b;
}

static char *
pdf_make(const char *lead, const char *body, int xref_off, size_t pad,
    size_t *n)
{
	return pdf_make_n(lead, body, strlen(body), xref_off, pad, n);
}

START_TEST(sniff_pdf_tolerates_what_readers_do)
{
	enum filetype	 t;
	size_t		 n;
	char		*b;

	b = pdf_make("", "", 0, 0, &n);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	free(b);
	b = pdf_make("", "", 0, 8192, &n);	/* a scanner's padding */
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	memset(b + n - 100, '\n', 50);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	b[n - 3000] = 'x';	/* not padding: something after %%EOF */
	ck_assert_int_ne(sniff_buf(b, n, &t), SNIFF_OK);
	b[n - 3000] = 0;
	memcpy(b + n - 8192 + 10, "x", 1);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_POLYGLOT);
	free(b);
	b = pdf_make("\xef\xbb\xbf", "", 0, 0, &n);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	ck_assert_int_eq(t, FILETYPE_PDF);
	free(b);
	b = pdf_make("\r\n", "", 0, 0, &n);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	free(b);
	b = pdf_make("<html>", "", 0, 0, &n);
	ck_assert_int_ne(sniff_buf(b, n, &t), SNIFF_OK);
	free(b);
	b = pdf_make("", "", 7, 0, &n);	/* startxref a few bytes off */
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	free(b);
	b = pdf_make("", "", -5, 0, &n);
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	free(b);
	{
		char	 far[600];

		memset(far, '.', sizeof(far));
		far[0] = '%';
		far[sizeof(far) - 2] = '\n';
		far[sizeof(far) - 1] = '\0';
		b = pdf_make("", far, -300, 0, &n);	/* nowhere near */
	}
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_CORRUPT);
	free(b);
}
END_TEST

START_TEST(sniff_pdf_refuses_an_archive_in_its_plain_bytes)
{
	static const char bodies[][128] = {
		"3 0 obj\n<< /Length 30 >>\nstream\nPK\x03\x04\x14\0\0\0\x08\0xxxxxxxxxxxxxxxxxxxx\nendstream\nendobj\n",
		"%PK\x05\x06\0\0\0\0\x01\0\x01\0 end record in a comment\n",
		"3 0 obj\n<< /Length 20 >>\nstream\nRar!\x1a\x07\x01\0 rar five\nendstream\nendobj\n",
		"3 0 obj\n<< /Length 20 >>\nstream\n7z\xbc\xaf\x27\x1c\0\x04 7-zip\nendstream\nendobj\n",
	};
	enum filetype	 t;
	size_t		 n, i;
	char		*b;

	for (i = 0; i < NELEM(bodies); i++) {
		b = pdf_make_n("", bodies[i], sizeof(bodies[i]), 0, 0, &n);
		ck_assert_msg(sniff_buf(b, n, &t) == SNIFF_POLYGLOT, "body %zu", i);
		free(b);
	}
	/* Inside a filtered stream the same bytes are compressed data. */
	{
		static const char f[] = "3 0 obj\n<< /Length 30 /Filter /FlateDecode >>\nstream\n"
		    "PK\x03\x04\x14\0\0\0\x08\0xxxxxxxxxxxxxxxxxxxx\nendstream\nendobj\n";

		b = pdf_make_n("", f, sizeof(f) - 1, 0, 0, &n);
	}
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	free(b);
}
END_TEST

/* The corpus file named; its bytes and size. */
static size_t
corpus_file(const char *name, unsigned char **b)
{
	char	 path[512];

	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/sniff/%s",
	    getenv("top_srcdir") ? getenv("top_srcdir") : ".", name);
	return slurp(path, b);
}

START_TEST(sniff_images_refuse_markup_and_archives_anywhere)
{
	static const char page[] = "<HTML><body onload=x()>hi</body></HTML>";
	unsigned char	*b, *x;
	enum filetype	 t;
	size_t		 n, m, pad = 3000;
	uLong		 crc;

	/* A JPEG comment past the first KiB holding a page. */
	n = corpus_file("ok_jpg_jpg.jpg", &b);
	x = malloc(n + pad + 4);
	memcpy(x, b, 2);
	m = 2;
	x[m++] = 0xff;
	x[m++] = 0xfe;
	put16(x + m, 0);
	x[m] = (unsigned char)((pad + 2) >> 8);
	x[m + 1] = (unsigned char)((pad + 2) & 0xff);
	m += 2;
	memset(x + m, ' ', pad);
	memcpy(x + m + pad - sizeof(page), page, sizeof(page) - 1);
	memcpy(x + m + pad, b + 2, n - 2);
	ck_assert_int_eq(sniff_buf(x, n + pad + 4, &t), SNIFF_POLYGLOT);
	/* The same comment in plain words is fine. */
	memset(x + m, ' ', pad);
	ck_assert_int_eq(sniff_buf(x, n + pad + 4, &t), SNIFF_OK);
	/* A zip end record inside it, not flush with the end. */
	memcpy(x + m + pad - 40, "PK\x05\x06\0\0\0\0\x01\0\x01\0", 12);
	ck_assert_int_eq(sniff_buf(x, n + pad + 4, &t), SNIFF_POLYGLOT);
	free(x);
	/* 7-Zip after the EOI. */
	x = malloc(n + 32);
	memcpy(x, b, n);
	memcpy(x + n, "7z\xbc\xaf\x27\x1c\0\x04", 8);
	memset(x + n + 8, 0, 24);
	ck_assert_int_eq(sniff_buf(x, n + 32, &t), SNIFF_POLYGLOT);
	free(x);
	free(b);
	/* A PNG tEXt chunk after IHDR holding a script, past the first KiB. */
	n = corpus_file("ok_png_png.png", &b);
	x = malloc(n + pad + 12);
	memcpy(x, b, 33);
	m = 33;
	x[m++] = (unsigned char)(pad >> 24);
	x[m++] = (unsigned char)(pad >> 16);
	x[m++] = (unsigned char)(pad >> 8);
	x[m++] = (unsigned char)pad;
	memcpy(x + m, "tEXt", 4);
	memset(x + m + 4, 'a', pad);
	memcpy(x + m + 4, "Comment", 8);
	memcpy(x + m + 4 + pad - 30, "<script>alert(1)</script>", 25);
	crc = crc32(0L, x + m, (uInt)pad + 4);
	m += 4 + pad;
	x[m++] = (unsigned char)(crc >> 24);
	x[m++] = (unsigned char)(crc >> 16);
	x[m++] = (unsigned char)(crc >> 8);
	x[m++] = (unsigned char)crc;
	memcpy(x + m, b + 33, n - 33);
	ck_assert_int_eq(sniff_buf(x, n + pad + 12, &t), SNIFF_POLYGLOT);
	free(x);
	free(b);
}
END_TEST

/* A zip of one stored [Content_Types].xml and an entry declaring usize. */
static unsigned char *
zip_bomb(uint32_t csize, uint32_t usize, size_t *n)
{
	static const char ct[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	const char	*names[2] = { "[Content_Types].xml", "word/document.xml" };
	uint32_t	 cs[2] = { sizeof(ct) - 1, csize }, us[2] = { sizeof(ct) - 1, usize };
	uint32_t	 lho[2], crcs[2];
	unsigned char	*b = calloc(1, 4096 + csize), *p = b;
	size_t		 i, nl, cd;

	ck_assert_ptr_nonnull(b);
	crcs[0] = (uint32_t)crc32(0L, (const Bytef *)ct, sizeof(ct) - 1);
	crcs[1] = 0;
	for (i = 0; i < 2; i++) {
		nl = strlen(names[i]);
		lho[i] = (uint32_t)(p - b);
		memcpy(p, "PK\x03\x04", 4);
		put16(p + 4, 20);
		put16(p + 8, i == 0 ? 0 : 8);
		put32(p + 14, crcs[i]);
		put32(p + 18, cs[i]);
		put32(p + 22, us[i]);
		put16(p + 26, (unsigned)nl);
		memcpy(p + 30, names[i], nl);
		p += 30 + nl;
		if (i == 0)
			memcpy(p, ct, sizeof(ct) - 1);
		p += cs[i];
	}
	cd = (size_t)(p - b);
	for (i = 0; i < 2; i++) {
		nl = strlen(names[i]);
		memcpy(p, "PK\x01\x02", 4);
		put16(p + 4, 20);
		put16(p + 6, 20);
		put16(p + 10, i == 0 ? 0 : 8);
		put32(p + 16, crcs[i]);
		put32(p + 20, cs[i]);
		put32(p + 24, us[i]);
		put16(p + 28, (unsigned)nl);
		put32(p + 42, lho[i]);
		memcpy(p + 46, names[i], nl);
		p += 46 + nl;
	}
	memcpy(p, "PK\x05\x06", 4);
	put16(p + 8, 2);
	put16(p + 10, 2);
	put32(p + 12, (uint32_t)((size_t)(p - b) - cd));
	put32(p + 16, (uint32_t)cd);
	p += 22;
	*n = (size_t)(p - b);
	return b;
}

START_TEST(sniff_zip_refuses_what_declares_too_much)
{
	enum filetype	 t;
	unsigned char	*b;
	size_t		 n;

	b = zip_bomb(2000, 60000, &n);	/* 30:1 */
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
	ck_assert_int_eq(t, FILETYPE_DOCX);
	free(b);
	b = zip_bomb(1u << 20, 1u << 30, &n);	/* 1,000:1 to 1 GiB */
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_BOMB);
	free(b);
	b = zip_bomb(20000, 2u << 20, &n);	/* 104:1, 2 MiB */
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_BOMB);
	free(b);
	b = zip_bomb(4u << 20, 201u << 20, &n);	/* 50:1 but 201 MiB */
	ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_BOMB);
	free(b);
}
END_TEST

/* ---- the sandbox: a helper that runs away or crashes is a refused file -- */

static void
helper_script(const char *dir, const char *body, char *path, size_t pathsz)
{
	FILE	*f;

	snprintf(path, pathsz, "%s/helper", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0700), 0);
}

START_TEST(sniff_file_refuses_what_kills_or_stalls_the_sandbox)
{
	char		 dir[] = "/tmp/test_sniff.XXXXXX", helper[600], msg[512];
	const char	*real = getenv("SME_SNIFF_HELPER");
	char		*saved = real ? strdup(real) : NULL;
	enum sniff_verdict v;
	enum filetype	 t;
	const char	*path = NULL;
	struct timespec	 t0, t1;
	size_t		 i;

	corpus_load();
	for (i = 0; i < ncorpus; i++)
		if (strstr(corpus[i], "ok_pdf_") != NULL)
			path = corpus[i];
	ck_assert_ptr_nonnull(path);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* Burning CPU: RLIMIT_CPU (or the wall-clock deadline) ends it. */
	helper_script(dir, "while :; do :; done", helper, sizeof(helper));
	setenv("SME_SNIFF_HELPER", helper, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(sniff_file(path, "a.pdf", SNIFF_TYPES_DEFAULT, &v, &t,
	    msg, sizeof(msg)), SME_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_int_eq(v, SNIFF_COSTLY);
	ck_assert_ptr_nonnull(strstr(msg, "限定时间"));
	ck_assert_int_le(t1.tv_sec - t0.tv_sec, SANDBOX_WALL_MS / 1000 + 1);
	/* A crash: refused, and the caller lives on. */
	helper_script(dir, "kill -SEGV $$", helper, sizeof(helper));
	ck_assert_int_eq(sniff_file(path, "a.pdf", SNIFF_TYPES_DEFAULT, &v, &t,
	    msg, sizeof(msg)), SME_OK);
	ck_assert_int_eq(v, SNIFF_CORRUPT);
	/* Garbage for an answer: refused. */
	helper_script(dir, "echo 0 3; echo more", helper, sizeof(helper));
	ck_assert_int_eq(sniff_file(path, "a.pdf", SNIFF_TYPES_DEFAULT, &v, &t,
	    msg, sizeof(msg)), SME_OK);
	ck_assert_int_eq(v, SNIFF_OK);	/* the first line is the answer */
	helper_script(dir, "echo 99 99", helper, sizeof(helper));
	ck_assert_int_eq(sniff_file(path, "a.pdf", SNIFF_TYPES_DEFAULT, &v, &t,
	    msg, sizeof(msg)), SME_OK);
	ck_assert_int_eq(v, SNIFF_CORRUPT);
	/* No helper at all: an error, never an accepted file. */
	unlink(helper);
	ck_assert_int_eq(sniff_file(path, "a.pdf", SNIFF_TYPES_DEFAULT, &v, &t,
	    msg, sizeof(msg)), SME_ESYS);
	rmdir(dir);
	if (saved != NULL)
		setenv("SME_SNIFF_HELPER", saved, 1);
	else
		unsetenv("SME_SNIFF_HELPER");
	free(saved);
}
END_TEST

/* Inside the filter, opening a file kills the process (SIGSYS). */
START_TEST(sandbox_enter_allows_reading_and_writing_only)
{
	pid_t	 pid;
	int	 st, p[2];
	char	 c = 0;

	ck_assert_int_eq(pipe(p), 0);
	if ((pid = fork()) == 0) {
		if (sandbox_enter() != 0)
			_exit(3);
		if (write(p[1], "w", 1) != 1)	/* allowed */
			_exit(4);
		open("/etc/hostname", O_RDONLY);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	ck_assert_int_eq(c, 'w');
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
#if defined(__SANITIZE_ADDRESS__)
	ck_assert(WIFEXITED(st));	/* the filter only logs under ASan */
#else
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
	    "open() inside the filter: status %d", st);
#endif
}
END_TEST

static const struct {
	const char	*types;
	const char	*name;
	int		 ok;
	const char	*ext;
} ext_cases[] = {
	{ SNIFF_TYPES_DEFAULT, "a.PDF", 1, "pdf" },
	{ SNIFF_TYPES_DEFAULT, "营业执照.jpeg", 1, "jpeg" },
	{ SNIFF_TYPES_DEFAULT, "a.tar.gz", 0, "gz" },
	{ SNIFF_TYPES_DEFAULT, "noext", 0, "" },
	{ SNIFF_TYPES_DEFAULT, "dir.pdf/x", 0, "" },
	{ SNIFF_TYPES_DEFAULT, "a.", 0, "" },
	{ "pdf, png", "a.png", 1, "png" },
	{ "pdf, png", "a.jpg", 0, "jpg" },
	{ "pdf", "a.pd", 0, "pd" },
};

START_TEST(sniff_ext_allowed_follows_the_configured_list)
{
	char	 ext[16];

	ck_assert_int_eq(sniff_ext_allowed(ext_cases[_i].types,
	    ext_cases[_i].name, ext), ext_cases[_i].ok);
	ck_assert_str_eq(ext, ext_cases[_i].ext);
}
END_TEST

START_TEST(sniff_file_names_a_type_off_the_list_even_with_good_bytes)
{
	enum sniff_verdict v;
	enum filetype	 t;
	char		 msg[512];
	const char	*path = NULL;
	size_t		 i;

	corpus_load();
	for (i = 0; i < ncorpus; i++)
		if (strstr(corpus[i], "ok_pdf_") != NULL)
			path = corpus[i];
	ck_assert_ptr_nonnull(path);
	ck_assert_int_eq(sniff_file(path, "a.pdf", "jpg,png", &v, &t, msg,
	    sizeof(msg)), SME_OK);
	ck_assert_int_eq(v, SNIFF_EXT);
	ck_assert_ptr_nonnull(strstr(msg, "jpg、png"));
}
END_TEST

START_TEST(store_begin_moves_the_file_in_and_commit_names_it_once)
{
	char		 dir[] = "/tmp/test_sniff.XXXXXX", src[600], path[700];
	struct store_tmp t;
	FILE		*f;
	int		 created;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/upload", dir);
	ck_assert_ptr_nonnull(f = fopen(src, "w"));
	fputs("abc", f);
	fclose(f);
	ck_assert_int_eq(store_begin(dir, src, &t), SME_OK);
	ck_assert_str_eq(t.name,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(t.size, 3);
	ck_assert_int_eq(access(src, F_OK), -1);	/* moved, not copied */
	ck_assert_int_eq(store_commit(dir, &t, &created), SME_OK);
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(store_path(dir, t.name, path, sizeof(path)), SME_OK);
	ck_assert_int_eq(access(path, R_OK), 0);
	ck_assert_ptr_nonnull(f = fopen(src, "w"));
	fputs("abc", f);
	fclose(f);
	ck_assert_int_eq(store_begin(dir, src, &t), SME_OK);
	ck_assert_int_eq(store_commit(dir, &t, &created), SME_OK);
	ck_assert_int_eq(created, 0);
	ck_assert_str_eq(t.tmp, "");
	ck_assert_int_eq(store_remove(dir, t.name), SME_OK);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(store_begin(dir, src, &t), SME_ESYS);	/* src gone */
	snprintf(path, sizeof(path), "%s/%.2s", dir, t.name[0] ? t.name : "ba");
	rmdir(path);
	ck_assert_int_eq(rmdir(dir), 0);	/* nothing left behind */
}
END_TEST

static Suite *
sniff_suite(void)
{
	Suite	*s = suite_create("sniff");
	TCase	*tc = tcase_create("corpus");
	TCase	*tb = tcase_create("built");
	TCase	*te = tcase_create("ext");
	TCase	*ts = tcase_create("store");

	tcase_add_test(tc, sniff_file_judges_the_corpus_as_its_names_say);
	tcase_add_test(tc, sniff_buf_refuses_every_accepted_file_cut_short_or_with_a_tail);
	tcase_add_test(tc, sniff_buf_keeps_phone_trailers_after_a_jpeg);
	tcase_add_test(tc, sniff_file_names_a_type_off_the_list_even_with_good_bytes);
	suite_add_tcase(s, tc);
	tcase_add_test(tb, sniff_cfb_accepts_word_95_and_97);
	tcase_add_test(tb, sniff_cfb_accepts_a_fat_padded_with_endofchain);
	tcase_add_test(tb, sniff_cfb_embedded_objects_do_not_decide_the_type);
	tcase_add_test(tb, sniff_cfb_names_an_encrypted_package);
	tcase_add_test(tb, sniff_cfb_looping_chains_end_within_a_second);
	tcase_add_test(tb, sniff_pdf_tolerates_what_readers_do);
	tcase_add_test(tb, sniff_pdf_refuses_an_archive_in_its_plain_bytes);
	tcase_add_test(tb, sniff_images_refuse_markup_and_archives_anywhere);
	tcase_add_test(tb, sniff_zip_refuses_what_declares_too_much);
	tcase_add_test(tb, sniff_file_refuses_what_kills_or_stalls_the_sandbox);
	tcase_add_test(tb, sandbox_enter_allows_reading_and_writing_only);
	tcase_set_timeout(tb, 60);
	suite_add_tcase(s, tb);
	tcase_add_loop_test(te, sniff_ext_allowed_follows_the_configured_list, 0,
	    NELEM(ext_cases));
	suite_add_tcase(s, te);
	tcase_add_test(ts, store_begin_moves_the_file_in_and_commit_names_it_once);
	suite_add_tcase(s, ts);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(sniff_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
