/*
 * test_filetype.c - filetype.[ch]: signatures of jpg, png, pdf and rar;
 * doc and xls told apart by the directory of OLE2 compound files built
 * here ([MS-CFB]: one- and multi-sector directories, 512- and 4096-byte
 * sectors, a FAT sector found through a DIFAT sector); docx and xlsx by the
 * central directory of zips built here; broken containers give unknown;
 * extensions and their agreement with the bytes.
 */
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "filetype.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define ENDOFCHAIN	0xfffffffeu
#define FATSECT		0xfffffffdu
#define DIFSECT		0xfffffffcu
#define FREESECT	0xffffffffu

static void
put16(unsigned char *p, uint16_t v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* ---- signatures --------------------------------------------------------- */

struct sig_case {
	const char	*what;
	const char	*bytes;
	size_t		 len;
	enum filetype	 want;
};

#define SIG(w, b, t)	{ w, b, sizeof(b) - 1, t }

static const struct sig_case sig_cases[] = {
	SIG("jpeg jfif", "\xff\xd8\xff\xe0\0\x10JFIF\0", FILETYPE_JPG),
	SIG("jpeg exif", "\xff\xd8\xff\xe1\x12\x34" "Exif", FILETYPE_JPG),
	SIG("jpeg, three bytes", "\xff\xd8\xff", FILETYPE_JPG),
	SIG("png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", FILETYPE_PNG),
	SIG("pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", FILETYPE_PDF),
	SIG("rar 4", "Rar!\x1a\x07\x00\xcf\x90\x73", FILETYPE_RAR),
	SIG("rar 5", "Rar!\x1a\x07\x01\x00\x33\x92", FILETYPE_RAR),
	SIG("text", "营业执照 scan.png\n", FILETYPE_UNKNOWN),
	SIG("empty", "", FILETYPE_UNKNOWN),
	SIG("jpeg cut short", "\xff\xd8", FILETYPE_UNKNOWN),
	SIG("png cut short", "\x89PNG\r\n\x1a", FILETYPE_UNKNOWN),
	SIG("png with a wrong byte", "\x89PNG\r\n\x1a\r", FILETYPE_UNKNOWN),
	SIG("pdf without the dash", "%PDF1.4", FILETYPE_UNKNOWN),
	SIG("pdf not at the start", " %PDF-1.4", FILETYPE_UNKNOWN),
	SIG("gif", "GIF89a\x01\0\x01\0", FILETYPE_UNKNOWN),
	SIG("bmp", "BM\x36\0\0\0", FILETYPE_UNKNOWN),
	SIG("rar of another version", "Rar!\x1a\x07\x02\x00", FILETYPE_UNKNOWN),
	SIG("zip without a directory", "PK\x03\x04\x14\0\0\0", FILETYPE_UNKNOWN),
	SIG("ole2 cut after the signature", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
	    FILETYPE_UNKNOWN),
	SIG("html", "<!DOCTYPE html><html>", FILETYPE_UNKNOWN),
};

START_TEST(filetype_buf_judges_by_signature)
{
	const struct sig_case *k = &sig_cases[_i];

	ck_assert_msg(filetype_buf(k->bytes, k->len) == k->want,
	    "%s: got %d, want %d", k->what, filetype_buf(k->bytes, k->len),
	    k->want);
}
END_TEST

/* ---- zips (APPNOTE.TXT 4.3: local headers, central directory, end) ------- */

struct zip_case {
	const char	*what;
	const char	*names[4];
	const char	*comment;
	enum filetype	 want;
};

static const struct zip_case zip_cases[] = {
	{ "docx", { "[Content_Types].xml", "_rels/.rels", "word/document.xml" },
	  "", FILETYPE_DOCX },
	{ "xlsx", { "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml" },
	  "", FILETYPE_XLSX },
	{ "docx, word/ first", { "word/document.xml", "[Content_Types].xml" },
	  "", FILETYPE_DOCX },
	{ "xlsx with an archive comment", { "[Content_Types].xml",
	  "xl/worksheets/sheet1.xml" }, "made by a spreadsheet", FILETYPE_XLSX },
	{ "zip of word/ without [Content_Types].xml", { "word/document.xml" },
	  "", FILETYPE_UNKNOWN },
	{ "both word/ and xl/", { "[Content_Types].xml", "word/document.xml",
	  "xl/workbook.xml" }, "", FILETYPE_UNKNOWN },
	{ "pptx", { "[Content_Types].xml", "ppt/presentation.xml" }, "",
	  FILETYPE_UNKNOWN },
	{ "plain zip", { "营业执照.png", "readme.txt" }, "", FILETYPE_UNKNOWN },
	{ "word as a file name", { "[Content_Types].xml", "word" }, "",
	  FILETYPE_UNKNOWN },
};

/*
 * Build a zip of empty stored entries named names (NULL-ended) with comment
 * into out; its size. cd_off_delta moves the directory offset recorded in
 * the end record; cut drops that many bytes of the directory's last entry.
 */
static size_t
zip_build(const char *const *names, size_t n, const char *comment,
    long cd_off_delta, size_t cut, unsigned char *out)
{
	size_t		 o = 0, i, cd, nl, loc[8];

	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		loc[i] = o;
		memcpy(out + o, "PK\x03\x04", 4);
		memset(out + o + 4, 0, 26);
		put16(out + o + 4, 20);
		put16(out + o + 26, (uint16_t)nl);
		memcpy(out + o + 30, names[i], nl);
		o += 30 + nl;
	}
	cd = o;
	for (i = 0; i < n; i++) {
		nl = strlen(names[i]);
		memcpy(out + o, "PK\x01\x02", 4);
		memset(out + o + 4, 0, 42);
		put16(out + o + 4, 20);
		put16(out + o + 6, 20);
		put16(out + o + 28, (uint16_t)nl);
		put32(out + o + 42, (uint32_t)loc[i]);
		memcpy(out + o + 46, names[i], nl);
		o += 46 + nl;
	}
	o -= cut;
	memcpy(out + o, "PK\x05\x06", 4);
	memset(out + o + 4, 0, 18);
	put16(out + o + 8, (uint16_t)n);
	put16(out + o + 10, (uint16_t)n);
	put32(out + o + 12, (uint32_t)(o - cd));
	put32(out + o + 16, (uint32_t)((long)cd + cd_off_delta));
	put16(out + o + 20, (uint16_t)strlen(comment));
	memcpy(out + o + 22, comment, strlen(comment));
	return o + 22 + strlen(comment);
}

static size_t
zip_count(const char *const *names)
{
	size_t	 n = 0;

	while (n < 4 && names[n] != NULL)
		n++;
	return n;
}

START_TEST(filetype_buf_reads_the_zip_central_directory)
{
	const struct zip_case *k = &zip_cases[_i];
	unsigned char	 buf[4096];
	size_t		 sz;

	sz = zip_build(k->names, zip_count(k->names), k->comment, 0, 0, buf);
	ck_assert_msg(filetype_buf(buf, sz) == k->want, "%s: got %d, want %d",
	    k->what, filetype_buf(buf, sz), k->want);
}
END_TEST

START_TEST(filetype_buf_rejects_a_broken_zip_directory)
{
	static const char *const docx[] = { "[Content_Types].xml",
	    "word/document.xml" };
	unsigned char	 buf[4096];
	size_t		 sz;

	sz = zip_build(docx, 2, "", 0, 0, buf);
	ck_assert_int_eq(filetype_buf(buf, sz), FILETYPE_DOCX);
	/* The directory said to start past the end record. */
	sz = zip_build(docx, 2, "", 4000, 0, buf);
	ck_assert_int_eq(filetype_buf(buf, sz), FILETYPE_UNKNOWN);
	/* The last entry's name cut short. */
	sz = zip_build(docx, 2, "", 0, 6, buf);
	ck_assert_int_eq(filetype_buf(buf, sz), FILETYPE_UNKNOWN);
	/* The file cut before the end record. */
	sz = zip_build(docx, 2, "", 0, 0, buf);
	ck_assert_int_eq(filetype_buf(buf, sz - 10), FILETYPE_UNKNOWN);
	/* A comment longer than what follows the end record. */
	sz = zip_build(docx, 2, "", 0, 0, buf);
	put16(buf + sz - 2, 40);
	ck_assert_int_eq(filetype_buf(buf, sz), FILETYPE_UNKNOWN);
	/* A zip64 marker instead of the offset. */
	sz = zip_build(docx, 2, "", 0, 0, buf);
	put32(buf + sz - 6, 0xffffffffu);
	ck_assert_int_eq(filetype_buf(buf, sz), FILETYPE_UNKNOWN);
}
END_TEST

/* ---- OLE2 compound files ([MS-CFB]) --------------------------------------- */

/* Write directory entry e: name (ASCII, as UTF-16LE) of object type. */
static void
cfb_entry(unsigned char *e, const char *name, unsigned char type)
{
	size_t	 i, n = strlen(name);

	memset(e, 0, 128);
	for (i = 0; i < n; i++)
		e[2 * i] = (unsigned char)name[i];
	put16(e + 0x40, (uint16_t)(2 * n + 2));
	e[0x42] = type;
	put32(e + 0x44, FREESECT);
	put32(e + 0x48, FREESECT);
	put32(e + 0x4c, FREESECT);
}

/* The header of a compound file with sector shift shift. */
static void
cfb_header(unsigned char *h, unsigned shift, uint32_t nfat, uint32_t dir)
{
	size_t	 i;

	memset(h, 0, 512);
	memcpy(h, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	put16(h + 0x18, 0x3e);
	put16(h + 0x1a, shift == 9 ? 3 : 4);
	put16(h + 0x1c, 0xfffe);
	put16(h + 0x1e, (uint16_t)shift);
	put16(h + 0x20, 6);
	put32(h + 0x2c, nfat);
	put32(h + 0x30, dir);
	put32(h + 0x38, 4096);
	put32(h + 0x3c, ENDOFCHAIN);
	put32(h + 0x44, ENDOFCHAIN);
	for (i = 0; i < 109; i++)
		put32(h + 0x4c + 4 * i, FREESECT);
}

struct cfb_case {
	const char	*what;
	unsigned	 shift;		/* 9: 512-byte sectors, 12: 4096 */
	const char	*streams[6];	/* after the root entry, in order */
	enum filetype	 want;
};

static const struct cfb_case cfb_cases[] = {
	{ "doc", 9, { "WordDocument", "1Table", "\x05SummaryInformation" },
	  FILETYPE_DOC },
	{ "xls biff8", 9, { "Workbook", "\x05SummaryInformation" },
	  FILETYPE_XLS },
	{ "xls biff5", 9, { "Book" }, FILETYPE_XLS },
	{ "doc, WordDocument in the second directory sector", 9,
	  { "1Table", "Data", "CompObj", "ObjectPool", "WordDocument" },
	  FILETYPE_DOC },
	{ "xls of version 4 (4096-byte sectors)", 12,
	  { "\x05SummaryInformation", "Workbook" }, FILETYPE_XLS },
	{ "ppt", 9, { "PowerPoint Document", "Current User" },
	  FILETYPE_UNKNOWN },
	{ "msi-like, no known stream", 9, { "SummaryInfo", "Tables" },
	  FILETYPE_UNKNOWN },
	{ "WordDocument as a prefix only", 9, { "WordDocuments" },
	  FILETYPE_UNKNOWN },
};

/*
 * Build a compound file: sector 0 the FAT, then the directory sectors
 * chained in the FAT (root entry, then streams). Its size in *sz; the
 * caller frees the result.
 */
static unsigned char *
cfb_build(const struct cfb_case *k, size_t *sz)
{
	size_t		 ss = (size_t)1 << k->shift, per = ss / 128, n = 1, i;
	size_t		 nsect;
	unsigned char	*f;

	while (n < 6 && k->streams[n - 1] != NULL)
		n++;
	nsect = (n + per - 1) / per;
	*sz = (1 + 1 + nsect) * ss;
	ck_assert_ptr_nonnull(f = calloc(1, *sz));
	cfb_header(f, k->shift, 1, 1);
	put32(f + 0x4c, 0);
	for (i = 0; i < ss / 4; i++)
		put32(f + ss + 4 * i, FREESECT);
	put32(f + ss, FATSECT);
	for (i = 1; i <= nsect; i++)
		put32(f + ss + 4 * i, i < nsect ? (uint32_t)i + 1 : ENDOFCHAIN);
	cfb_entry(f + 2 * ss, "Root Entry", 5);
	for (i = 1; i < n; i++)
		cfb_entry(f + 2 * ss + 128 * i, k->streams[i - 1], 2);
	return f;
}

START_TEST(filetype_buf_reads_the_compound_file_directory)
{
	const struct cfb_case *k = &cfb_cases[_i];
	unsigned char	*f;
	size_t		 sz;

	f = cfb_build(k, &sz);
	ck_assert_msg(filetype_buf(f, sz) == k->want, "%s: got %d, want %d",
	    k->what, filetype_buf(f, sz), k->want);
	free(f);
}
END_TEST

START_TEST(filetype_buf_rejects_a_broken_compound_file)
{
	static const struct cfb_case second = { "doc", 9, { "1Table", "Data",
	    "CompObj", "ObjectPool", "WordDocument" }, FILETYPE_DOC };
	unsigned char	*f;
	size_t		 sz;

	f = cfb_build(&second, &sz);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_DOC);
	/* The second directory sector cut off. */
	ck_assert_int_eq(filetype_buf(f, sz - 1), FILETYPE_UNKNOWN);
	/* The first directory sector chained to itself: ends, unknown. */
	put32(f + 512 + 4, 1);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_UNKNOWN);
	put32(f + 512 + 4, 2);
	/* A sector shift that is neither 9 nor 12. */
	put16(f + 0x1e, 10);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_UNKNOWN);
	put16(f + 0x1e, 9);
	/* Big-endian byte order mark. */
	put16(f + 0x1c, 0xfeff);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_UNKNOWN);
	put16(f + 0x1c, 0xfffe);
	/* The directory said to start past the end. */
	put32(f + 0x30, 4000);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_UNKNOWN);
	put32(f + 0x30, 1);
	/* A name length that is odd or too long. */
	put16(f + 2 * 512 + 128 * 1 + 0x40, 13);
	put16(f + 3 * 512 + 128 * 1 + 0x40, 66);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_UNKNOWN);
	/* The header alone. */
	ck_assert_int_eq(filetype_buf(f, 512), FILETYPE_UNKNOWN);
	free(f);
}
END_TEST

/*
 * A directory that starts past the reach of the header's 109 FAT sectors
 * (at sector 109 * 128): the FAT sector that says where it goes on is
 * named by a DIFAT sector, not by the header.
 */
START_TEST(filetype_buf_follows_the_difat)
{
	const uint32_t	 far = 109 * 128;
	size_t		 sz = ((size_t)far + 2) * 512, i;
	unsigned char	*f;

	ck_assert_ptr_nonnull(f = calloc(1, sz));
	cfb_header(f, 9, 110, far);
	put32(f + 0x44, 1);		/* first DIFAT sector */
	put32(f + 0x48, 1);		/* one of them */
	put32(f + 0x4c, 0);		/* FAT sector 0 is sector 0 */
	for (i = 0; i < 128; i++) {
		put32(f + 512 + 4 * i, FREESECT);	/* sector 0: FAT #0 */
		put32(f + 2 * 512 + 4 * i, FREESECT);	/* sector 1: DIFAT */
		put32(f + 3 * 512 + 4 * i, FREESECT);	/* sector 2: FAT #109 */
	}
	put32(f + 512, FATSECT);
	put32(f + 512 + 4, DIFSECT);
	put32(f + 512 + 8, FATSECT);
	put32(f + 512 + 12, ENDOFCHAIN);	/* sector 3 ends the chain */
	put32(f + 2 * 512, 2);			/* FAT #109 is sector 2 */
	put32(f + 2 * 512 + 127 * 4, ENDOFCHAIN);
	put32(f + 3 * 512, 3);			/* far goes on to 3 */
	cfb_entry(f + ((size_t)far + 1) * 512, "Root Entry", 5);
	cfb_entry(f + ((size_t)far + 1) * 512 + 128, "1Table", 2);
	cfb_entry(f + 4 * 512, "WordDocument", 2);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_DOC);
	/* Without the DIFAT sector, the chain cannot go on from far. */
	put32(f + 0x48, 0);
	ck_assert_int_eq(filetype_buf(f, sz), FILETYPE_UNKNOWN);
	free(f);
}
END_TEST

/* ---- files and names ------------------------------------------------------ */

START_TEST(filetype_path_reads_a_file_and_refuses_a_directory)
{
	char		 path[] = "/tmp/test_filetype.XXXXXX";
	enum filetype	 t;
	int		 fd;

	ck_assert_int_ge(fd = mkstemp(path), 0);
	ck_assert_int_eq(write(fd, "\x89PNG\r\n\x1a\n....", 12), 12);
	close(fd);
	ck_assert_int_eq(filetype_path(path, &t), SME_OK);
	ck_assert_int_eq(t, FILETYPE_PNG);
	unlink(path);
	ck_assert_int_eq(filetype_path(path, &t), SME_ESYS);
	ck_assert_int_eq(t, FILETYPE_UNKNOWN);
	ck_assert_int_eq(filetype_path("/tmp", &t), SME_ESYS);
}
END_TEST

struct name_case {
	const char	*name;
	enum filetype	 want;
};

static const struct name_case name_cases[] = {
	{ "营业执照.jpg", FILETYPE_JPG },
	{ "licence.JPEG", FILETYPE_JPG },
	{ "scan.Png", FILETYPE_PNG },
	{ "report.pdf", FILETYPE_PDF },
	{ "a.b.doc", FILETYPE_DOC },
	{ "table.DOCX", FILETYPE_DOCX },
	{ "t.xls", FILETYPE_XLS },
	{ "t.xlsx", FILETYPE_XLSX },
	{ "all.rar", FILETYPE_RAR },
	{ "noext", FILETYPE_UNKNOWN },
	{ "", FILETYPE_UNKNOWN },
	{ "trailing.", FILETYPE_UNKNOWN },
	{ "image.gif", FILETYPE_UNKNOWN },
	{ "png", FILETYPE_UNKNOWN },
	{ "dir.png/file", FILETYPE_UNKNOWN },
	{ "C:\\scans.jpg\\licence", FILETYPE_UNKNOWN },
	{ "double.png.exe", FILETYPE_UNKNOWN },
	{ "x.jpg ", FILETYPE_UNKNOWN },
};

START_TEST(filetype_of_name_reads_the_last_extension)
{
	ck_assert_msg(filetype_of_name(name_cases[_i].name) ==
	    name_cases[_i].want, "%s", name_cases[_i].name);
}
END_TEST

START_TEST(filetype_name_agrees_only_with_its_own_type)
{
	ck_assert(filetype_name_agrees(FILETYPE_JPG, "a.jpg"));
	ck_assert(filetype_name_agrees(FILETYPE_JPG, "a.jpeg"));
	ck_assert(filetype_name_agrees(FILETYPE_PNG, "A.PNG"));
	ck_assert(!filetype_name_agrees(FILETYPE_PNG, "a.jpg"));
	ck_assert(!filetype_name_agrees(FILETYPE_PDF, "licence.png"));
	ck_assert(!filetype_name_agrees(FILETYPE_UNKNOWN, "a.txt"));
	ck_assert(!filetype_name_agrees(FILETYPE_UNKNOWN, "noext"));
	ck_assert(!filetype_name_agrees(FILETYPE_JPG, NULL));
}
END_TEST

START_TEST(filetype_ext_and_mime_cover_every_type)
{
	int	 t;

	for (t = 1; t < FILETYPE__MAX; t++) {
		ck_assert_str_ne(filetype_ext((enum filetype)t), "");
		ck_assert_int_eq(filetype_of_name(filetype_ext((enum filetype)t)),
		    FILETYPE_UNKNOWN);	/* no dot: no extension */
		ck_assert_ptr_nonnull(strchr(filetype_mime((enum filetype)t), '/'));
	}
	ck_assert_str_eq(filetype_mime(FILETYPE_PNG), "image/png");
	ck_assert_str_eq(filetype_mime(FILETYPE__MAX), "application/octet-stream");
	ck_assert_str_eq(filetype_ext(FILETYPE_UNKNOWN), "");
}
END_TEST

static Suite *
filetype_suite(void)
{
	Suite	*s = suite_create("filetype");
	TCase	*tc = tcase_create("bytes");
	TCase	*tn = tcase_create("names");

	tcase_add_loop_test(tc, filetype_buf_judges_by_signature, 0,
	    NELEM(sig_cases));
	tcase_add_loop_test(tc, filetype_buf_reads_the_zip_central_directory,
	    0, NELEM(zip_cases));
	tcase_add_test(tc, filetype_buf_rejects_a_broken_zip_directory);
	tcase_add_loop_test(tc,
	    filetype_buf_reads_the_compound_file_directory, 0,
	    NELEM(cfb_cases));
	tcase_add_test(tc, filetype_buf_rejects_a_broken_compound_file);
	tcase_add_test(tc, filetype_buf_follows_the_difat);
	tcase_add_test(tc, filetype_path_reads_a_file_and_refuses_a_directory);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tn, filetype_of_name_reads_the_last_extension, 0,
	    NELEM(name_cases));
	tcase_add_test(tn, filetype_name_agrees_only_with_its_own_type);
	tcase_add_test(tn, filetype_ext_and_mime_cover_every_type);
	suite_add_tcase(s, tn);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(filetype_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
