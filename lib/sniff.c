/*
 * sniff.c - attachment types by structure: each format is walked from its
 * signature to its end marker (JPEG ITU T.81 B.1, PNG RFC 2083 3.2, PDF ISO
 * 32000-1 7.5, OLE2 [MS-CFB] with [MS-DOC] FIB and [MS-XLS] BOF, OOXML zip
 * APPNOTE 4.3 with ECMA-376 part 2 content types, RAR 4 and RAR 5 headers).
 */
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zlib.h>

#include "log.h"
#include "sandbox.h"
#include "sniff.h"

#define SN_CHUNK	65536		/* bytes read at a time while scanning */
#define SN_HEAD		1024		/* bytes looked at for foreign markers */
#define SN_READ_COST	256		/* work charged a read, beyond its bytes */
#define SN_WORK_PER_BYTE 12		/* work allowed a byte of the file */
#define SN_WORK_BASE	(16u << 20)	/* and for any file */
#define PDF_TAIL	1024		/* startxref and %%EOF: the last KiB before padding */
#define PDF_XREF_SLACK	64		/* bytes a startxref may be off by */
#define PDF_LEAD	16		/* bytes of BOM and blank lines before %PDF- */
#define CFB_FREESECT	0xFFFFFFFFu
#define CFB_ENDOFCHAIN	0xFFFFFFFEu
#define CFB_MAXREGSECT	0xFFFFFFFAu
#define CFB_FAT_MAX	(8u << 20)	/* bytes of FAT held, at most */
#define CFB_MINI_CUTOFF	4096
#define CFB_NOSTREAM	0xFFFFFFFFu
#define CFB_DIR_MAX	(4u << 20)	/* bytes of directory held, at most */
#define ZIP_EOCD	22
#define ZIP_COMMENT_MAX	65535
#define ZIP_CDH		46
#define ZIP_LFH		30
#define ZIP_ENTRIES_MAX	20000
#define ZIP_XML_MAX	(1u << 20)	/* [Content_Types].xml bytes, at most */
#define ZIP_EXPANDED_MAX (200ull << 20)	/* declared bytes of all entries, at most */
#define ZIP_RATIO_MAX	100		/* expanded : compressed, at most */
#define ZIP_RATIO_FLOOR	(1u << 20)	/* entries smaller than this may exceed it */
#define RAR_BLOCKS_MAX	200000
#define RAR5_HDR_MAX	(64u << 10)

static const unsigned char sig_png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
static const unsigned char sig_cfb[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
static const unsigned char sig_rar4[7] = { 'R', 'a', 'r', '!', 0x1a, 0x07, 0x00 };
static const unsigned char sig_rar5[8] = { 'R', 'a', 'r', '!', 0x1a, 0x07, 0x01, 0x00 };

static const char *const sniff_names[FILETYPE__MAX] = {
	"未知类型", "JPEG图片", "PNG图片", "PDF文档", "Word文档（doc）",
	"Word文档（docx）", "Excel工作簿（xls）", "Excel工作簿（xlsx）", "RAR压缩包"
};

static const char CT_DOCX[] =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
static const char CT_XLSX[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

/* A file being judged, with a window of it for byte-wise scans. */
struct sn {
	filetype_read_fn rd;
	void		*arg;
	off_t		 size;
	unsigned char	*win;		/* SN_CHUNK bytes, or NULL until needed */
	off_t		 winoff;	/* file offset of win[0] */
	size_t		 winsz;		/* valid bytes in win */
	uint64_t	 work;		/* bytes read so far, and a charge a read */
	uint64_t	 budget;	/* work allowed: proportional to size */
	int		 over;		/* the budget ran out: SNIFF_COSTLY */
};

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Read exactly n bytes at off; 0, or -1 if they are not all there. */
static int
sn_read(struct sn *s, off_t off, void *buf, size_t n)
{
	if (n == 0)
		return 0;
	if (off < 0 || off > s->size || (off_t)n > s->size - off)
		return -1;
	/* Every walk reads: the budget bounds them all, whatever a file claims. */
	s->work += n + SN_READ_COST;
	if (s->work > s->budget) {
		s->over = 1;
		return -1;
	}
	return s->rd(s->arg, buf, n, off) == (ssize_t)n ? 0 : -1;
}

/* The byte at off through the window; -1 past the end or on error. */
static int
sn_byte(struct sn *s, off_t off)
{
	size_t	 n;

	if (off < 0 || off >= s->size)
		return -1;
	if (s->win == NULL && (s->win = malloc(SN_CHUNK)) == NULL)
		return -1;
	if (s->winsz == 0 || off < s->winoff || off >= s->winoff + (off_t)s->winsz) {
		n = s->size - off < SN_CHUNK ? (size_t)(s->size - off) : SN_CHUNK;
		if (sn_read(s, off, s->win, n) != 0) {
			s->winsz = 0;
			return -1;
		}
		s->winoff = off;
		s->winsz = n;
	}
	return s->win[off - s->winoff];
}

/* CRC-32 of n bytes at off, read in chunks; 0, or -1 on a short read. */
static int
sn_crc(struct sn *s, off_t off, off_t n, uLong *crc)
{
	size_t	 k;

	if (s->win == NULL && (s->win = malloc(SN_CHUNK)) == NULL)
		return -1;
	s->winsz = 0;	/* the window is reused as a buffer */
	while (n > 0) {
		k = n < SN_CHUNK ? (size_t)n : SN_CHUNK;
		if (sn_read(s, off, s->win, k) != 0)
			return -1;
		*crc = crc32(*crc, s->win, (uInt)k);
		off += (off_t)k;
		n -= (off_t)k;
	}
	return 0;
}

/* 1 if the file ends at end, or only NUL padding follows. */
static int
sn_clean_tail(struct sn *s, off_t end)
{
	for (; end < s->size; end++)
		if (sn_byte(s, end) != 0)
			return 0;
	return 1;
}

/*
 * 1 if the bytes from off to the end hold no other file or markup: what
 * phones append after a JPEG's EOI (Samsung's SEFT trailer, a motion
 * photo's MP4) is kept, an appended archive, document, image or page is
 * a polyglot. Markup is matched without regard to case.
 */
static int
sn_harmless_tail(struct sn *s, off_t off)
{
	static const char *const sig[] = { "PK\x03\x04", "PK\x05\x06", "%PDF", "\x89PNG",
	    "Rar!", "7z\xbc\xaf\x27\x1c", "\xd0\xcf\x11\xe0", "<html", "<script", "<?php", "<svg", "<!doctype",
	    "<iframe", "<body", "<?xml" };
	unsigned char	 buf[65536 + 16];
	size_t		 n, keep = 0, i, j, k, len, total;

	while (off < s->size) {
		n = s->size - off > 65536 ? 65536 : (size_t)(s->size - off);
		if (sn_read(s, off, buf + keep, n) != 0)
			return 0;
		for (i = 0; i < keep + n; i++)
			for (j = 0; j < sizeof(sig) / sizeof(sig[0]); j++) {
				len = strlen(sig[j]);
				for (k = 0; k < len && i + k < keep + n; k++)
					if (tolower(buf[i + k]) != tolower((unsigned char)sig[j][k]))
						break;
				if (k == len)
					return 0;
			}
		/* Keep the last bytes: a signature may straddle two reads. */
		total = keep + n;
		keep = total < 15 ? total : 15;
		memmove(buf, buf + total - keep, keep);
		off += (off_t)n;
	}
	return 1;
}

static int	sn_markup(struct sn *, off_t, off_t);

/*
 * JPEG (ITU T.81 B.1.1): markers and segments from SOI; after each SOS the
 * entropy-coded data up to the next marker (FF 00 is a stuffed byte, FF
 * D0-D7 a restart, FF FF fill). A frame header must precede the first scan
 * and EOI must end the file.
 */
static enum sniff_verdict
sn_jpeg(struct sn *s)
{
	off_t	 off = 2, len;
	int	 m, c, sof = 0, sos = 0;

	for (;;) {
		if (sn_byte(s, off) != 0xff)
			return SNIFF_CORRUPT;
		while ((m = sn_byte(s, off + 1)) == 0xff)
			off++;
		if (m < 0)
			return SNIFF_CORRUPT;
		if (m == 0xd9) {
			if (!sos)
				return SNIFF_CORRUPT;
			return sn_harmless_tail(s, off + 2) ? SNIFF_OK : SNIFF_POLYGLOT;
		}
		if (m == 0x00 || m == 0xd8)
			return SNIFF_CORRUPT;
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
			off += 2;
			continue;
		}
		if ((c = sn_byte(s, off + 2)) < 0 || (len = sn_byte(s, off + 3)) < 0)
			return SNIFF_CORRUPT;
		len |= (off_t)c << 8;
		if (len < 2 || off + 2 + len > s->size)
			return SNIFF_CORRUPT;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc)
			sof = 1;
		/* A comment a browser could take for a page. */
		if (m == 0xfe && sn_markup(s, off + 4, len - 2))
			return SNIFF_POLYGLOT;
		off += 2 + len;
		if (m != 0xda)
			continue;
		if (!sof)
			return SNIFF_CORRUPT;
		sos = 1;
		/* Entropy-coded data: stop at a marker that is not RST. */
		for (;; off++) {
			if ((c = sn_byte(s, off)) < 0)
				return SNIFF_CORRUPT;
			if (c != 0xff)
				continue;
			if ((c = sn_byte(s, off + 1)) < 0)
				return SNIFF_CORRUPT;
			if (c == 0x00 || (c >= 0xd0 && c <= 0xd7)) {
				off++;
				continue;
			}
			break;
		}
	}
}

/*
 * PNG (RFC 2083 3.2): IHDR first, every chunk's CRC right, at least one
 * IDAT, and IEND the last bytes of the file.
 */
static enum sniff_verdict
sn_png(struct sn *s)
{
	unsigned char	 h[8], c[4];
	off_t		 off = 8;
	uint32_t	 len;
	uLong		 crc;
	int		 first = 1, idat = 0, i;

	for (;;) {
		if (sn_read(s, off, h, 8) != 0)
			return SNIFF_CORRUPT;
		len = be32(h);
		if (len > 0x7fffffffu || off + 12 + (off_t)len > s->size)
			return SNIFF_CORRUPT;
		for (i = 4; i < 8; i++)
			if (!isalpha(h[i]))
				return SNIFF_CORRUPT;
		if (first && (memcmp(h + 4, "IHDR", 4) != 0 || len != 13))
			return SNIFF_CORRUPT;
		first = 0;
		crc = crc32(0L, h + 4, 4);
		if (sn_crc(s, off + 8, len, &crc) != 0 ||
		    sn_read(s, off + 8 + len, c, 4) != 0 || be32(c) != (uint32_t)crc)
			return SNIFF_CORRUPT;
		if (memcmp(h + 4, "IDAT", 4) == 0)
			idat = 1;
		if ((memcmp(h + 4, "tEXt", 4) == 0 || memcmp(h + 4, "iTXt", 4) == 0) &&
		    sn_markup(s, off + 8, len))
			return SNIFF_POLYGLOT;
		off += 12 + (off_t)len;
		if (memcmp(h + 4, "IEND", 4) == 0)
			break;
	}
	if (!idat)
		return SNIFF_CORRUPT;
	return off == s->size ? SNIFF_OK : SNIFF_POLYGLOT;
}

/* The last occurrence of needle in hay[0..n), or NULL. */
static const unsigned char *
sn_memrmem(const unsigned char *hay, size_t n, const char *needle)
{
	size_t	 k = strlen(needle), i;

	if (n < k)
		return NULL;
	for (i = n - k + 1; i-- > 0;)
		if (memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* 1 if c is what may pad a PDF after %%EOF: white space or NUL. */
static int
pdf_pad(int c)
{
	return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\f' ||
	    c == 0;
}

/* The offset one past the last byte of the file that is not padding. */
static off_t
pdf_end(struct sn *s)
{
	unsigned char	 buf[4096];
	off_t		 end = s->size, at;
	size_t		 n, i;

	while (end > 0) {
		n = end < (off_t)sizeof(buf) ? (size_t)end : sizeof(buf);
		at = end - (off_t)n;
		if (sn_read(s, at, buf, n) != 0)
			return -1;
		for (i = n; i > 0; i--)
			if (!pdf_pad(buf[i - 1]))
				return at + (off_t)i;
		end = at;
	}
	return 0;
}

/* 1 if the bytes at p (n of them) begin "xref" or "<digits> <digits> obj". */
static int
pdf_xref_at(const unsigned char *p, size_t n)
{
	size_t	 i = 0, k;

	if (n >= 4 && memcmp(p, "xref", 4) == 0)
		return 1;
	for (k = 0; k < 2; k++) {
		size_t from = i;

		while (i < n && isdigit(p[i]))
			i++;
		if (i == from || i >= n || p[i] != ' ')
			return 0;
		while (i < n && p[i] == ' ')
			i++;
	}
	return i + 3 <= n && memcmp(p + i, "obj", 3) == 0;
}

/*
 * Archive signatures a reader of the bytes would find: a zip local
 * header (a version and method that make sense after it) or end record
 * (single disk), a RAR or a 7z signature. b holds at least 12 bytes from
 * the candidate (zero-filled past the file's end).
 */
static int
sn_archive_sig(const unsigned char *b)
{
	static const unsigned char rar[6] = { 'R', 'a', 'r', '!', 0x1a, 0x07 };
	static const unsigned char sz[6] = { '7', 'z', 0xbc, 0xaf, 0x27, 0x1c };
	uint16_t	 m;

	if (memcmp(b, "PK\x03\x04", 4) == 0) {
		m = le16(b + 8);
		return b[4] <= 63 && b[5] == 0 && (m == 0 || m == 8 || m == 9 ||
		    m == 12 || m == 14 || m == 93 || m == 95 || m == 99);
	}
	if (memcmp(b, "PK\x05\x06", 4) == 0)
		return le16(b + 4) == 0 && le16(b + 6) == 0 &&
		    le16(b + 8) == le16(b + 10);
	return memcmp(b, rar, 6) == 0 || memcmp(b, sz, 6) == 0;
}

/* 1 if the last k bytes seen (ring r of 16, next write at w) are word. */
static int
pdf_ends_with(const unsigned char *r, unsigned w, const char *word)
{
	size_t	 k = strlen(word), i;

	for (i = 0; i < k; i++)
		if (r[(w - 1 - i) & 15] != (unsigned char)word[k - 1 - i])
			return 0;
	return 1;
}

/*
 * 1 if an archive hides in the PDF's bytes from..end that a reader takes
 * as they are: everything but the data of streams with a /Filter (a zip
 * stored raw in a content stream, or between objects, opens in unzip).
 * A stream's dictionary is what follows the last "obj" keyword.
 */
static int
pdf_archive_inside(struct sn *s, off_t from, off_t end)
{
	unsigned char	 buf[SN_CHUNK], r[16], la[12];
	off_t		 at;
	size_t		 n, i;
	unsigned	 w = 0;
	int		 filter = 0, skip = 0, c, nl;

	memset(r, 0, sizeof(r));
	for (at = from; at < end; at += (off_t)n) {
		n = end - at < SN_CHUNK ? (size_t)(end - at) : SN_CHUNK;
		if (sn_read(s, at, buf, n) != 0)
			return 0;
		for (i = 0; i < n; i++) {
			c = buf[i];
			r[w++ & 15] = (unsigned char)c;
			w &= 0xffff;
			if (skip) {
				if (c == 'm' && pdf_ends_with(r, w, "endstream"))
					skip = filter = 0;
				continue;
			}
			if (c == 'j' && pdf_ends_with(r, w, "obj"))
				filter = 0;
			else if (c == 'r' && pdf_ends_with(r, w, "/Filter"))
				filter = 1;
			else if (c == 'm' && pdf_ends_with(r, w, "stream") &&
			    !pdf_ends_with(r, w, "endstream")) {
				nl = i + 1 < n ? buf[i + 1] : sn_byte(s, at + (off_t)i + 1);
				if ((nl == '\r' || nl == '\n') && filter)
					skip = 1;
			} else if (c == 'P' || c == 'R' || c == '7') {
				memset(la, 0, sizeof(la));
				if (i + sizeof(la) <= n)
					memcpy(la, buf + i, sizeof(la));
				else if (sn_read(s, at + (off_t)i, la, end - at -
				    (off_t)i < (off_t)sizeof(la) ? (size_t)(end - at -
				    (off_t)i) : sizeof(la)) != 0)
					return 0;
				if (sn_archive_sig(la))
					return 1;
			}
		}
	}
	return 0;
}

/*
 * The offset of "%PDF-" when the file starts with it, or with a BOM and
 * blank lines before it (PDF_LEAD bytes at most); else -1.
 */
static off_t
pdf_lead(struct sn *s)
{
	unsigned char	 h[PDF_LEAD + 5];
	size_t		 n, i = 0;

	n = s->size < (off_t)sizeof(h) ? (size_t)s->size : sizeof(h);
	if (sn_read(s, 0, h, n) != 0)
		return -1;
	if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf)
		i = 3;
	while (i < n && i < PDF_LEAD && (h[i] == '\r' || h[i] == '\n' ||
	    h[i] == ' ' || h[i] == '\t'))
		i++;
	if (i + 5 > n || memcmp(h + i, "%PDF-", 5) != 0 || s->size < (off_t)i + 8)
		return -1;
	return (off_t)i;
}

/*
 * PDF (ISO 32000-1 7.5.2, 7.5.5) as readers take it: "%PDF-d.d" at start
 * (after at most a BOM and blank lines); the last KiB before the padding
 * (white space or NULs, any amount, as scanners pad to a block) holds
 * "startxref" with an offset near a cross-reference table or stream
 * (readers repair an offset a few bytes off), and ends in "%%EOF". No
 * archive in the bytes a reader takes as they are.
 */
static enum sniff_verdict
sn_pdf(struct sn *s, off_t start)
{
	unsigned char	 h[8], tail[PDF_TAIL + 1], x[2 * PDF_XREF_SLACK + 16];
	const unsigned char *eof, *sx, *p;
	size_t		 n, i;
	off_t		 xref = 0, end, lo;

	if (sn_read(s, start, h, 8) != 0 || !isdigit(h[5]) || h[6] != '.' ||
	    !isdigit(h[7]))
		return SNIFF_CORRUPT;
	if ((end = pdf_end(s)) < 0)
		return SNIFF_CORRUPT;
	n = end < PDF_TAIL ? (size_t)end : PDF_TAIL;
	if (sn_read(s, end - (off_t)n, tail, n) != 0)
		return SNIFF_CORRUPT;
	tail[n] = '\0';
	if ((eof = sn_memrmem(tail, n, "%%EOF")) == NULL ||
	    (sx = sn_memrmem(tail, (size_t)(eof - tail), "startxref")) == NULL)
		return SNIFF_CORRUPT;
	if (eof + 5 != tail + n)
		return SNIFF_POLYGLOT;	/* something after %%EOF */
	for (p = sx + 9; p < eof && isspace(*p); p++)
		continue;
	if (p >= eof || !isdigit(*p))
		return SNIFF_CORRUPT;
	for (; p < eof && isdigit(*p); p++) {
		xref = xref * 10 + (*p - '0');
		if (xref >= s->size)
			return SNIFF_CORRUPT;
	}
	/* The table ("xref") or stream ("12 0 obj") near the offset. */
	lo = xref - PDF_XREF_SLACK < 0 ? 0 : xref - PDF_XREF_SLACK;
	memset(x, 0, sizeof(x));
	n = s->size - lo < (off_t)sizeof(x) ? (size_t)(s->size - lo) : sizeof(x);
	if (sn_read(s, lo, x, n) != 0)
		return SNIFF_CORRUPT;
	for (i = 0; i < n; i++)
		if ((i == 0 || !isalnum(x[i - 1])) && pdf_xref_at(x + i, n - i))
			break;
	if (i == n)
		return SNIFF_CORRUPT;
	if (pdf_archive_inside(s, start, end))
		return SNIFF_POLYGLOT;
	return SNIFF_OK;
}

/* 1 if the n bytes at off hold HTML or script (without regard to case). */
static int
sn_markup(struct sn *s, off_t off, off_t n)
{
	static const char *const marks[] = { "<script", "<html", "<?php",
	    "<!doctype", "<svg", "<body", "<iframe", "<img", "<object",
	    "<embed", "<meta", "<a href", "javascript:" };
	unsigned char	 buf[SN_CHUNK + 16];
	size_t		 k, keep = 0, got, i, j, len;

	while (n > 0) {
		got = n < SN_CHUNK ? (size_t)n : SN_CHUNK;
		if (sn_read(s, off, buf + keep, got) != 0)
			return 0;
		for (i = 0; i < keep + got; i++) {
			if (buf[i] != '<' && buf[i] != 'j' && buf[i] != 'J')
				continue;
			for (j = 0; j < sizeof(marks) / sizeof(marks[0]); j++) {
				len = strlen(marks[j]);
				for (k = 0; k < len && i + k < keep + got; k++)
					if (tolower(buf[i + k]) != marks[j][k])
						break;
				if (k == len)
					return 1;
			}
		}
		k = keep + got;
		keep = k < 15 ? k : 15;
		memmove(buf, buf + k - keep, keep);
		off += (off_t)got;
		n -= (off_t)got;
	}
	return 0;
}

/* An OLE2 compound file being walked. */
struct cfb {
	struct sn	*s;
	uint32_t	 ss;		/* sector size */
	uint32_t	*fat;		/* the whole FAT */
	uint32_t	 nfat;		/* entries in fat */
	uint32_t	 nsect;		/* whole sectors in the file after the header */
	unsigned char	*seen;		/* a bit a sector: some chain holds it */
	uint32_t	 used;		/* one past the highest sector held */
	uint32_t	*mfat;		/* the mini FAT */
	uint32_t	 nmfat;
	unsigned char	*mseen;		/* a bit a mini sector */
	uint32_t	*ministream;	/* the root's chain: sectors of the mini stream */
	uint32_t	 nministream;
	unsigned char	*dir;		/* every directory entry, 128 bytes each */
	uint32_t	 ndir;
};

/* The file offset of regular sector sect. */
static off_t
cfb_off(const struct cfb *f, uint32_t sect)
{
	return ((off_t)sect + 1) * f->ss;
}

/* Claim sector sect for one chain: it must exist and be in no other. 0, or -1. */
static int
cfb_claim(struct cfb *f, uint32_t sect)
{
	if (sect >= f->nsect || (f->seen[sect / 8] & (1u << (sect % 8))))
		return -1;
	f->seen[sect / 8] |= (unsigned char)(1u << (sect % 8));
	if (sect + 1 > f->used)
		f->used = sect + 1;
	return 0;
}

/*
 * Walk the regular chain from start to ENDOFCHAIN, claiming each sector
 * (so no chain loops, none is longer than the sectors that exist and no
 * two share one); its sectors into *out (malloc'd, may be NULL when out
 * is) and their number into *n. 0, or -1.
 */
static int
cfb_chain(struct cfb *f, uint32_t start, uint32_t **out, uint32_t *n)
{
	uint32_t	*v = NULL, cap = 0, sect;

	*n = 0;
	if (out != NULL)
		*out = NULL;
	for (sect = start; sect != CFB_ENDOFCHAIN; sect = f->fat[sect]) {
		if (sect >= f->nfat || cfb_claim(f, sect) != 0) {
			free(v);
			return -1;
		}
		if (out != NULL && *n == cap) {
			uint32_t *nv;

			cap = cap ? cap * 2 : 16;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL) {
				free(v);
				return -1;
			}
			v = nv;
		}
		if (out != NULL)
			v[*n] = sect;
		(*n)++;
	}
	if (out != NULL)
		*out = v;
	return 0;
}

/* The same through the mini FAT, for a stream in the mini stream. 0, or -1. */
static int
cfb_minichain(struct cfb *f, uint32_t start, uint32_t *n)
{
	uint32_t	 sect, nmini = f->nministream * (f->ss / 64);

	*n = 0;
	for (sect = start; sect != CFB_ENDOFCHAIN; sect = f->mfat[sect]) {
		if (sect >= f->nmfat || sect >= nmini ||
		    (f->mseen[sect / 8] & (1u << (sect % 8))))
			return -1;
		f->mseen[sect / 8] |= (unsigned char)(1u << (sect % 8));
		(*n)++;
	}
	return 0;
}

/*
 * Load the FAT ([MS-CFB] 2.3, 2.5): the sector numbers of the FAT come
 * from the header's 109 DIFAT entries and the DIFAT chain. FAT and DIFAT
 * sectors are claimed like any chain's. 0, or -1.
 */
static int
cfb_load(struct cfb *f, const unsigned char *hdr)
{
	uint32_t	 nsect = le32(hdr + 0x2c), per = f->ss / 4, i, d, sect;
	uint32_t	 ndif = le32(hdr + 0x48), hops = 0;
	unsigned char	*buf;
	int		 rc = -1;

	if (nsect == 0 || nsect > f->nsect || (size_t)nsect * f->ss > CFB_FAT_MAX)
		return -1;
	if ((f->fat = calloc(nsect, f->ss)) == NULL ||
	    (buf = malloc(f->ss)) == NULL)
		return -1;
	f->nfat = nsect * per;
	d = le32(hdr + 0x44);
	for (i = 0; i < nsect; i++) {
		if (i < 109) {
			sect = le32(hdr + 0x4c + 4 * i);
		} else {
			if ((i - 109) % (per - 1) == 0) {
				if (hops++ >= ndif || cfb_claim(f, d) != 0 ||
				    sn_read(f->s, cfb_off(f, d), buf, f->ss) != 0)
					goto out;
			}
			sect = le32(buf + 4 * ((i - 109) % (per - 1)));
			if ((i - 109) % (per - 1) == per - 2)
				d = le32(buf + 4 * (per - 1));
		}
		if (cfb_claim(f, sect) != 0 ||
		    sn_read(f->s, cfb_off(f, sect), (unsigned char *)f->fat +
		    (size_t)i * f->ss, f->ss) != 0)
			goto out;
	}
	for (i = 0; i < f->nfat; i++)
		f->fat[i] = le32((unsigned char *)&f->fat[i]);
	rc = 0;
out:
	free(buf);
	return rc;
}

/* The directory chain's entries into f->dir. 0, or -1. */
static int
cfb_load_dir(struct cfb *f, uint32_t start)
{
	uint32_t	*v, n, i;
	int		 rc = -1;

	if (cfb_chain(f, start, &v, &n) != 0)
		return -1;
	if (n == 0 || (uint64_t)n * f->ss > CFB_DIR_MAX ||
	    (f->dir = malloc((size_t)n * f->ss)) == NULL)
		goto out;
	for (i = 0; i < n; i++)
		if (sn_read(f->s, cfb_off(f, v[i]), f->dir + (size_t)i * f->ss,
		    f->ss) != 0)
			goto out;
	f->ndir = n * (f->ss / 128);
	rc = 0;
out:
	free(v);
	return rc;
}

/* The mini FAT (header 0x3c, 0x40 sectors) into f->mfat. 0, or -1. */
static int
cfb_load_minifat(struct cfb *f, const unsigned char *hdr)
{
	uint32_t	*v, n, i;
	int		 rc = -1;

	if (cfb_chain(f, le32(hdr + 0x3c), &v, &n) != 0)
		return -1;
	if ((uint64_t)n * f->ss > CFB_FAT_MAX)
		goto out;
	f->nmfat = n * (f->ss / 4);
	if (n > 0 && (f->mfat = malloc((size_t)n * f->ss)) == NULL)
		goto out;
	for (i = 0; i < n; i++)
		if (sn_read(f->s, cfb_off(f, v[i]), (unsigned char *)f->mfat +
		    (size_t)i * f->ss, f->ss) != 0)
			goto out;
	for (i = 0; i < f->nmfat; i++)
		f->mfat[i] = le32((unsigned char *)&f->mfat[i]);
	if ((f->mseen = calloc(1, f->nmfat / 8 + 1)) == NULL)
		goto out;
	rc = 0;
out:
	free(v);
	return rc;
}

/* The stream size of directory entry e (version 3 files use 32 bits). */
static uint64_t
cfb_size(const struct cfb *f, const unsigned char *e)
{
	return f->ss == 512 ? le32(e + 0x78) :
	    le32(e + 0x78) | (uint64_t)le32(e + 0x7c) << 32;
}

/*
 * Read n bytes at the start of the stream of directory entry e: regular
 * sectors if its size is at least the cutoff, else mini sectors of 64
 * bytes inside the mini stream. 0, or -1.
 */
static int
cfb_stream_head(struct cfb *f, const unsigned char *e, unsigned char *buf,
    size_t n)
{
	uint32_t	 sect = le32(e + 0x74);
	uint64_t	 at;

	if (cfb_size(f, e) < n)
		return -1;
	if (cfb_size(f, e) >= CFB_MINI_CUTOFF)
		return sect < f->nsect ? sn_read(f->s, cfb_off(f, sect), buf, n) : -1;
	at = (uint64_t)sect * 64;
	if (at / f->ss >= f->nministream)
		return -1;
	return sn_read(f->s, cfb_off(f, f->ministream[at / f->ss]) +
	    (off_t)(at % f->ss), buf, n);
}

/* The name of directory entry e in ASCII ('?' for others) into name[32]. */
static void
cfb_name(const unsigned char *e, char name[32])
{
	uint16_t	 nl = le16(e + 0x40);
	size_t		 k;

	name[0] = '\0';
	if (nl < 2 || nl > 64 || nl % 2 != 0)
		return;
	for (k = 0; k < (size_t)nl / 2 - 1; k++)
		name[k] = e[2 * k + 1] == 0 ? (char)e[2 * k] : '?';
	name[k] = '\0';
}

/*
 * Walk the directory tree from the root ([MS-CFB] 2.6: each storage's
 * children a red-black tree of sibling links): every stream's chain is
 * walked and claimed, and the streams that are direct children of the
 * root (depth 1; embedded objects live deeper, in ObjectPool or MBD
 * storages) are returned through word, xls and enc. 0, or -1.
 */
static int
cfb_tree(struct cfb *f, const unsigned char **word, const unsigned char **xls,
    int *enc)
{
	uint32_t	*stack, *depth, top = 0, did, n, need;
	unsigned char	*seen, *e;
	char		 name[32];
	int		 rc = -1;

	/* Each entry is visited once and pushes at most three: 3 * ndir + 1. */
	stack = calloc(3 * (size_t)f->ndir + 1, sizeof(*stack));
	depth = calloc(3 * (size_t)f->ndir + 1, sizeof(*depth));
	seen = calloc(f->ndir / 8 + 1, 1);
	if (stack == NULL || depth == NULL || seen == NULL)
		goto out;
	seen[0] = 1;
	if ((did = le32(f->dir + 0x4c)) != CFB_NOSTREAM) {
		stack[top] = did;
		depth[top++] = 1;
	}
	while (top > 0) {
		uint32_t d;

		top--;
		did = stack[top];
		d = depth[top];
		if (did >= f->ndir || (seen[did / 8] & (1u << (did % 8))))
			goto out;	/* out of the directory, or a loop */
		seen[did / 8] |= (unsigned char)(1u << (did % 8));
		e = f->dir + (size_t)did * 128;
		if (e[0x42] != 1 && e[0x42] != 2)
			goto out;
		for (n = 0; n < 3; n++) {
			uint32_t next = le32(e + 0x44 + 4 * n);

			if (next == CFB_NOSTREAM || (n == 2 && e[0x42] != 1))
				continue;
			stack[top] = next;
			depth[top++] = n == 2 ? d + 1 : d;
		}
		if (e[0x42] != 2)
			continue;
		/* A stream: its chain is there, long enough for its size. */
		if (cfb_size(f, e) > (uint64_t)f->s->size)
			goto out;
		if (cfb_size(f, e) >= CFB_MINI_CUTOFF) {
			need = (uint32_t)((cfb_size(f, e) + f->ss - 1) / f->ss);
			if (cfb_chain(f, le32(e + 0x74), NULL, &n) != 0 || n < need)
				goto out;
		} else if (cfb_size(f, e) > 0) {
			need = (uint32_t)((cfb_size(f, e) + 63) / 64);
			if (cfb_minichain(f, le32(e + 0x74), &n) != 0 || n < need)
				goto out;
		}
		if (d != 1)
			continue;
		cfb_name(e, name);
		if (strcmp(name, "WordDocument") == 0)
			*word = e;
		else if (strcmp(name, "Workbook") == 0 || strcmp(name, "Book") == 0)
			*xls = e;
		else if (strcmp(name, "EncryptedPackage") == 0)
			*enc = 1;
	}
	rc = 0;
out:
	free(stack);
	free(depth);
	free(seen);
	return rc;
}

/*
 * OLE2 compound file ([MS-CFB] 2.2): the FAT, the directory, the mini FAT,
 * the mini stream and every stream reachable from the root are chains of
 * sectors that exist, none looping or shared (the FAT may mark sectors past
 * the end, as SheetJS pads it with ENDOFCHAIN: only walked chains count).
 * The root's own streams decide the type: a WordDocument starting with
 * the FIB's wIdent 0xA5EC (Word 97-2003) or 0xA5DC (Word 6/95) ([MS-DOC]
 * 2.5.2), or a Workbook/Book starting with a BOF record ([MS-XLS] 2.4.21),
 * not both; an EncryptedPackage is a password-protected OOXML file
 * ([MS-OFFCRYPTO] 2.3.4.4), as is a Word file with fEncrypted.
 */
static enum sniff_verdict
sn_cfb(struct sn *s, enum filetype *type)
{
	unsigned char	 hdr[512], b[12];
	const unsigned char *word = NULL, *xls = NULL;
	struct cfb	 f;
	enum sniff_verdict v = SNIFF_CORRUPT;
	uint16_t	 shift, bof;
	uint32_t	 i;
	int		 enc = 0;

	memset(&f, 0, sizeof(f));
	f.s = s;
	if (sn_read(s, 0, hdr, sizeof(hdr)) != 0 || le16(hdr + 0x1c) != 0xfffe)
		return SNIFF_CORRUPT;
	shift = le16(hdr + 0x1e);
	if ((shift != 9 && shift != 12) || le16(hdr + 0x20) != 6)
		return SNIFF_CORRUPT;
	f.ss = 1u << shift;
	if (s->size < (off_t)f.ss * 2)
		return SNIFF_CORRUPT;
	f.nsect = (uint32_t)((s->size / f.ss - 1) > 0xfffffff0 ? 0xfffffff0 :
	    s->size / f.ss - 1);
	if ((f.seen = calloc(1, f.nsect / 8 + 1)) == NULL)
		goto out;
	if (cfb_load(&f, hdr) != 0 || cfb_load_dir(&f, le32(hdr + 0x30)) != 0 ||
	    cfb_load_minifat(&f, hdr) != 0)
		goto out;
	/* The root entry first; its chain is the mini stream. */
	if (f.dir[0x42] != 5 || cfb_chain(&f, le32(f.dir + 0x74), &f.ministream,
	    &f.nministream) != 0)
		goto out;
	if (cfb_tree(&f, &word, &xls, &enc) != 0)
		goto out;
	if (word != NULL) {
		if (cfb_stream_head(&f, word, b, 12) != 0 ||
		    (le16(b) != 0xa5ec && le16(b) != 0xa5dc))
			goto out;
		if (le16(b + 0x0a) & 0x0100)	/* FibBase.fEncrypted */
			enc = 1;
	}
	if (xls != NULL) {
		if (cfb_stream_head(&f, xls, b, 4) != 0)
			goto out;
		bof = le16(b);
		if (bof != 0x0809 && bof != 0x0409 && bof != 0x0209 &&
		    bof != 0x0009)
			goto out;
	}
	if (word != NULL && xls != NULL)
		goto out;
	/*
	 * Bytes beyond the sectors the chains hold and the FAT uses, other
	 * than padding, are not Office's.
	 */
	for (i = f.nfat < f.nsect ? f.nfat : f.nsect; i > f.used; i--)
		if (f.fat[i - 1] != CFB_FREESECT) {
			f.used = i;
			break;
		}
	if (!sn_clean_tail(s, cfb_off(&f, f.used))) {
		v = SNIFF_POLYGLOT;
		goto out;
	}
	if (enc) {
		v = SNIFF_ENCRYPTED;
		goto out;
	}
	if (word == NULL && xls == NULL) {
		v = SNIFF_UNKNOWN;
		goto out;
	}
	*type = word != NULL ? FILETYPE_DOC : FILETYPE_XLS;
	v = SNIFF_OK;
out:
	free(f.fat);
	free(f.seen);
	free(f.mfat);
	free(f.mseen);
	free(f.ministream);
	free(f.dir);
	return v;
}

/* A central directory entry of a zip. */
struct zip_ent {
	uint16_t	 method;
	uint32_t	 crc;
	uint32_t	 csize;
	uint32_t	 usize;
	uint32_t	 lho;		/* local header offset */
	uint16_t	 nl;
	char		 name[128];	/* first bytes of the name, NUL-ended */
};

/* The content of entry z ([Content_Types].xml), inflated, into *out. */
static enum sniff_verdict
zip_extract(struct sn *s, const struct zip_ent *z, off_t cdoff,
    unsigned char **out)
{
	unsigned char	 l[ZIP_LFH], *in = NULL, *buf = NULL;
	off_t		 data;
	z_stream	 zs;
	enum sniff_verdict v = SNIFF_CORRUPT;
	int		 zr;

	*out = NULL;
	if (z->usize > ZIP_XML_MAX || z->csize > ZIP_XML_MAX ||
	    (z->method != 0 && z->method != 8) ||
	    sn_read(s, z->lho, l, ZIP_LFH) != 0)
		return SNIFF_CORRUPT;
	data = (off_t)z->lho + ZIP_LFH + le16(l + 26) + le16(l + 28);
	if (data + (off_t)z->csize > cdoff)
		return SNIFF_CORRUPT;
	if ((in = malloc(z->csize + 1)) == NULL ||
	    (buf = malloc(z->usize + 1)) == NULL ||
	    sn_read(s, data, in, z->csize) != 0)
		goto out;
	if (z->method == 0) {
		if (z->csize != z->usize)
			goto out;
		memcpy(buf, in, z->usize);
	} else {
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
			goto out;
		zs.next_in = in;
		zs.avail_in = z->csize;
		zs.next_out = buf;
		zs.avail_out = z->usize + 1;
		zr = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
		if (zr != Z_STREAM_END || zs.total_out != z->usize)
			goto out;
	}
	if (crc32(crc32(0L, NULL, 0), buf, z->usize) != z->crc)
		goto out;
	buf[z->usize] = '\0';
	*out = buf;
	buf = NULL;
	v = SNIFF_OK;
out:
	free(in);
	free(buf);
	return v;
}

/*
 * The main part of [Content_Types].xml (ECMA-376 part 2, 10.1.2): the
 * PartName of the Override whose ContentType is a Word document's or a
 * workbook's, into part; the type it names, or FILETYPE_UNKNOWN. A DTD or
 * both main types make it FILETYPE__MAX (corrupt).
 */
static enum filetype
zip_content_types(const unsigned char *xml, size_t sz, char *part, size_t partsz)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*pn, *ct;
	enum filetype	 t = FILETYPE_UNKNOWN, found;

	part[0] = '\0';
	doc = xmlReadMemory((const char *)xml, (int)sz, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return FILETYPE__MAX;
	if (doc->intSubset != NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    !xmlStrEqual(root->name, (const xmlChar *)"Types")) {
		xmlFreeDoc(doc);
		return FILETYPE__MAX;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, (const xmlChar *)"Override"))
			continue;
		ct = xmlGetProp(n, (const xmlChar *)"ContentType");
		pn = xmlGetProp(n, (const xmlChar *)"PartName");
		found = FILETYPE_UNKNOWN;
		if (ct != NULL && xmlStrEqual(ct, (const xmlChar *)CT_DOCX))
			found = FILETYPE_DOCX;
		else if (ct != NULL && xmlStrEqual(ct, (const xmlChar *)CT_XLSX))
			found = FILETYPE_XLSX;
		if (found != FILETYPE_UNKNOWN) {
			if ((t != FILETYPE_UNKNOWN && t != found) || pn == NULL ||
			    pn[0] != '/')
				t = FILETYPE__MAX;
			else if (t == FILETYPE_UNKNOWN) {
				t = found;
				snprintf(part, partsz, "%s", (const char *)pn + 1);
			}
		}
		xmlFree(ct);
		xmlFree(pn);
	}
	xmlFreeDoc(doc);
	return t;
}

/* Read central directory entry at *off into z and advance *off. 0, or -1. */
static int
zip_entry(struct sn *s, off_t *off, off_t end, struct zip_ent *z)
{
	unsigned char	 h[ZIP_CDH], l[4];
	size_t		 k;

	if (*off + ZIP_CDH > end || sn_read(s, *off, h, ZIP_CDH) != 0 ||
	    memcmp(h, "PK\x01\x02", 4) != 0)
		return -1;
	z->method = le16(h + 10);
	z->crc = le32(h + 16);
	z->csize = le32(h + 20);
	z->usize = le32(h + 24);
	z->nl = le16(h + 28);
	z->lho = le32(h + 42);
	if (*off + ZIP_CDH + z->nl > end)
		return -1;
	k = z->nl < sizeof(z->name) - 1 ? z->nl : sizeof(z->name) - 1;
	if (sn_read(s, *off + ZIP_CDH, z->name, k) != 0)
		return -1;
	z->name[k] = '\0';
	if (memchr(z->name, '\0', k) != NULL)
		return -1;
	/* Its local header must be there, and its data before the directory. */
	if ((off_t)z->lho + ZIP_LFH + z->csize > s->size ||
	    sn_read(s, z->lho, l, 4) != 0 || memcmp(l, "PK\x03\x04", 4) != 0)
		return -1;
	*off += ZIP_CDH + (off_t)z->nl + le16(h + 30) + le16(h + 32);
	return 0;
}

/*
 * The end of central directory record (APPNOTE 4.3.16) in the tail: the
 * last signature whose comment fits. Its offset, or -1. *exact is 1 when
 * the comment ends the file.
 */
static off_t
zip_eocd(struct sn *s, unsigned char rec[ZIP_EOCD], int *exact)
{
	unsigned char	*tail;
	size_t		 n, p;
	off_t		 at = -1;

	*exact = 0;
	n = s->size < ZIP_EOCD + ZIP_COMMENT_MAX ? (size_t)s->size :
	    ZIP_EOCD + ZIP_COMMENT_MAX;
	if (n < ZIP_EOCD || (tail = malloc(n)) == NULL)
		return -1;
	if (sn_read(s, s->size - (off_t)n, tail, n) == 0) {
		for (p = n - ZIP_EOCD + 1; p-- > 0;) {
			if (memcmp(tail + p, "PK\x05\x06", 4) != 0 ||
			    p + ZIP_EOCD + le16(tail + p + 20) > n)
				continue;
			memcpy(rec, tail + p, ZIP_EOCD);
			at = s->size - (off_t)n + (off_t)p;
			*exact = p + ZIP_EOCD + le16(tail + p + 20) == n;
			break;
		}
	}
	free(tail);
	return at;
}

/*
 * OOXML package: a single-disk zip whose directory sits right before its
 * end record, each entry's local header in place; [Content_Types].xml
 * names the main part of a Word document or a workbook, and that part is
 * in the archive.
 */
static enum sniff_verdict
sn_zip(struct sn *s, enum filetype *type)
{
	unsigned char	 eocd[ZIP_EOCD], *xml = NULL;
	struct zip_ent	 z, ct;
	off_t		 at, cdoff, off;
	uint32_t	 entries, k;
	enum sniff_verdict v;
	enum filetype	 t;
	char		 part[128];
	int		 exact, have = 0, found = 0, bomb = 0;
	uint64_t	 total = 0;

	memset(&ct, 0, sizeof(ct));
	if ((at = zip_eocd(s, eocd, &exact)) < 0)
		return SNIFF_CORRUPT;
	if (!exact)
		return SNIFF_POLYGLOT;
	entries = le16(eocd + 10);
	cdoff = le32(eocd + 16);
	if (le16(eocd + 4) != 0 || le16(eocd + 6) != 0 ||
	    entries != le16(eocd + 8) || entries == 0 ||
	    cdoff + (off_t)le32(eocd + 12) != at)
		return SNIFF_CORRUPT;
	off = cdoff;
	for (k = 0; k < entries && k < ZIP_ENTRIES_MAX; k++) {
		if (zip_entry(s, &off, at, &z) != 0)
			return SNIFF_CORRUPT;
		/*
		 * What each entry and all of them expand to, as declared:
		 * refused beyond the limits without inflating anything.
		 */
		total += z.usize;
		if (z.usize == 0xffffffffu || z.csize == 0xffffffffu ||
		    total > ZIP_EXPANDED_MAX || (z.usize > ZIP_RATIO_FLOOR &&
		    z.usize > (uint64_t)z.csize * ZIP_RATIO_MAX))
			bomb = 1;
		if (z.nl == 19 && strcmp(z.name, "[Content_Types].xml") == 0) {
			if (have)
				return SNIFF_CORRUPT;
			ct = z;
			have = 1;
		}
	}
	if (off != at)
		return SNIFF_CORRUPT;
	if (bomb)
		return SNIFF_BOMB;
	if (!have)
		return SNIFF_UNKNOWN;
	if ((v = zip_extract(s, &ct, cdoff, &xml)) != SNIFF_OK)
		return v;
	t = zip_content_types(xml, ct.usize, part, sizeof(part));
	free(xml);
	if (t == FILETYPE__MAX)
		return SNIFF_CORRUPT;
	if (t == FILETYPE_UNKNOWN)
		return SNIFF_UNKNOWN;
	off = cdoff;
	for (k = 0; k < entries && k < ZIP_ENTRIES_MAX; k++)
		if (zip_entry(s, &off, at, &z) == 0 && strcmp(z.name, part) == 0)
			found = 1;
	if (!found)
		return SNIFF_CORRUPT;
	*type = t;
	return SNIFF_OK;
}

/*
 * RAR 1.5-4.x (technote.txt): blocks of HEAD_CRC, HEAD_TYPE, HEAD_FLAGS,
 * HEAD_SIZE (+ ADD_SIZE when flag 0x8000), each header's CRC the low 16
 * bits of CRC-32 from HEAD_TYPE on; the main header first and the end
 * block (0x7b, written by RAR 3 and later) last, so a cut archive shows.
 */
static enum sniff_verdict
sn_rar4(struct sn *s)
{
	unsigned char	 h[11];
	off_t		 off = 7, add;
	uLong		 crc;
	uint16_t	 size, flags;
	unsigned	 n;

	for (n = 0; n < RAR_BLOCKS_MAX; n++) {
		if (sn_read(s, off, h, 7) != 0)
			return SNIFF_CORRUPT;
		flags = le16(h + 3);
		size = le16(h + 5);
		if (size < 7 || (n == 0 && h[2] != 0x73))
			return SNIFF_CORRUPT;
		add = 0;
		if (flags & 0x8000) {
			if (size < 11 || sn_read(s, off + 7, h + 7, 4) != 0)
				return SNIFF_CORRUPT;
			add = le32(h + 7);
		}
		crc = crc32(0L, NULL, 0);
		if (sn_crc(s, off + 2, size - 2, &crc) != 0 ||
		    (crc & 0xffff) != le16(h))
			return SNIFF_CORRUPT;
		if (off + size + add > s->size)
			return SNIFF_CORRUPT;
		off += size + add;
		if (h[2] == 0x7b)
			return sn_clean_tail(s, off) ? SNIFF_OK : SNIFF_POLYGLOT;
	}
	return SNIFF_CORRUPT;
}

/* A RAR 5 vint at *p (7 bits a byte, high bit: more); 0, or -1. */
static int
rar5_vint(const unsigned char **p, const unsigned char *e, uint64_t *out)
{
	unsigned	 sh;

	*out = 0;
	for (sh = 0; *p < e && sh < 64; sh += 7) {
		*out |= (uint64_t)(**p & 0x7f) << sh;
		if (!(*(*p)++ & 0x80))
			return 0;
	}
	return -1;
}

/*
 * RAR 5.0 (rarlab.com/technote.htm): headers of CRC32, size, type, flags,
 * extra and data sizes; CRC over size and header; main (1) or encryption
 * (4) first, the end of archive (5) last. Encrypted headers cannot be
 * walked: the archive is taken as it is after the encryption header.
 */
static enum sniff_verdict
sn_rar5(struct sn *s)
{
	unsigned char	 b[4 + 3], *hd = NULL;
	const unsigned char *p, *e;
	uint64_t	 hsize, htype, hflags, x, dsize;
	off_t		 off = 8, start;
	enum sniff_verdict v = SNIFF_CORRUPT;
	unsigned	 n;
	size_t		 k;

	if ((hd = malloc(RAR5_HDR_MAX + 8)) == NULL)
		return SNIFF_CORRUPT;
	for (n = 0; n < RAR_BLOCKS_MAX; n++) {
		k = s->size - off < (off_t)sizeof(b) ? (size_t)(s->size - off) :
		    sizeof(b);
		if (k < 5 || sn_read(s, off, b, k) != 0)
			goto out;
		p = b + 4;
		if (rar5_vint(&p, b + k, &hsize) != 0 || hsize == 0 ||
		    hsize > RAR5_HDR_MAX)
			goto out;
		start = off + (p - b);
		if (start + (off_t)hsize > s->size ||
		    sn_read(s, off + 4, hd, (size_t)(start - off - 4) + hsize) != 0)
			goto out;
		if (crc32(crc32(0L, NULL, 0), hd, (uInt)((start - off - 4) + hsize)) !=
		    le32(b))
			goto out;
		p = hd + (start - off - 4);
		e = p + hsize;
		if (rar5_vint(&p, e, &htype) != 0 || rar5_vint(&p, e, &hflags) != 0)
			goto out;
		if (htype < 1 || htype > 5 || (n == 0 && htype != 1 && htype != 4))
			goto out;
		if ((hflags & 1) && rar5_vint(&p, e, &x) != 0)
			goto out;
		dsize = 0;
		if ((hflags & 2) && rar5_vint(&p, e, &dsize) != 0)
			goto out;
		if (dsize > (uint64_t)s->size ||
		    start + (off_t)hsize + (off_t)dsize > s->size)
			goto out;
		off = start + (off_t)hsize + (off_t)dsize;
		if (htype == 4) {
			v = SNIFF_OK;
			goto out;
		}
		if (htype == 5) {
			v = sn_clean_tail(s, off) ? SNIFF_OK : SNIFF_POLYGLOT;
			goto out;
		}
	}
out:
	free(hd);
	return v;
}

/*
 * Markers of another format where a reader would find them: a PDF header
 * or HTML/script in the first KiB (PDF readers look there; browsers sniff
 * there), or, unless zip is the type, a zip end record closing the file.
 */
static int	sn_eocd_anywhere(struct sn *);

static int
sn_foreign(struct sn *s, enum filetype t)
{
	static const char *const marks[] = { "<script", "<html", "<?php",
	    "<!doctype", "<svg", "<body", "<iframe" };
	unsigned char	 h[SN_HEAD + 1], rec[ZIP_EOCD];
	size_t		 n, i, j, k;
	int		 exact;

	n = s->size < SN_HEAD ? (size_t)s->size : SN_HEAD;
	if (sn_read(s, 0, h, n) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (t != FILETYPE_PDF && i > 0 && i + 5 <= n &&
		    memcmp(h + i, "%PDF-", 5) == 0)
			return 1;
		for (j = 0; j < sizeof(marks) / sizeof(marks[0]); j++) {
			k = strlen(marks[j]);
			if (i + k <= n && strncasecmp((char *)h + i, marks[j], k) == 0)
				return 1;
		}
	}
	if (t == FILETYPE_DOCX || t == FILETYPE_XLSX)
		return 0;
	if (zip_eocd(s, rec, &exact) >= 0 && exact)
		return 1;
	/*
	 * unzip looks for the end record in the last 64 KiB, flush with the
	 * end or not. Office files may hold an embedded package (a zip) in a
	 * stream, so only the exact case counts for them.
	 */
	if (t == FILETYPE_DOC || t == FILETYPE_XLS)
		return 0;
	return sn_eocd_anywhere(s);
}

/* 1 if a plausible zip end record lies in the last 64 KiB of the file. */
static int
sn_eocd_anywhere(struct sn *s)
{
	unsigned char	*tail;
	size_t		 n, p;
	int		 found = 0;

	n = s->size < ZIP_EOCD + ZIP_COMMENT_MAX ? (size_t)s->size :
	    ZIP_EOCD + ZIP_COMMENT_MAX;
	if (n < 12 || (tail = malloc(n)) == NULL)
		return 0;
	if (sn_read(s, s->size - (off_t)n, tail, n) == 0)
		for (p = 0; p + 12 <= n && !found; p++)
			found = tail[p] == 'P' && tail[p + 1] == 'K' &&
			    tail[p + 2] == 5 && tail[p + 3] == 6 &&
			    sn_archive_sig(tail + p);
	free(tail);
	return found;
}

enum sniff_verdict
sniff_detect(filetype_read_fn rd, void *arg, off_t size, enum filetype *type)
{
	struct sn	 s;
	unsigned char	 h[8];
	enum filetype	 t = FILETYPE_UNKNOWN;
	enum sniff_verdict v;
	off_t		 lead;

	*type = FILETYPE_UNKNOWN;
	if (size <= 0)
		return SNIFF_EMPTY;
	memset(&s, 0, sizeof(s));
	s.rd = rd;
	s.arg = arg;
	s.size = size;
	s.budget = SN_WORK_BASE + (uint64_t)size * SN_WORK_PER_BYTE;
	memset(h, 0, sizeof(h));
	if (sn_read(&s, 0, h, size < 8 ? (size_t)size : 8) != 0)
		return SNIFF_CORRUPT;
	if (size >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff) {
		t = FILETYPE_JPG;
		v = sn_jpeg(&s);
	} else if (size >= 8 && memcmp(h, sig_png, 8) == 0) {
		t = FILETYPE_PNG;
		v = sn_png(&s);
	} else if ((lead = pdf_lead(&s)) >= 0) {
		t = FILETYPE_PDF;
		v = sn_pdf(&s, lead);
	} else if (size >= 8 && memcmp(h, sig_cfb, 8) == 0) {
		v = sn_cfb(&s, &t);
	} else if (size >= 4 && memcmp(h, "PK\x03\x04", 4) == 0) {
		v = sn_zip(&s, &t);
	} else if (size >= 8 && memcmp(h, sig_rar5, 8) == 0) {
		t = FILETYPE_RAR;
		v = sn_rar5(&s);
	} else if (size >= 7 && memcmp(h, sig_rar4, 7) == 0) {
		t = FILETYPE_RAR;
		v = sn_rar4(&s);
	} else {
		v = SNIFF_UNKNOWN;
	}
	if (v == SNIFF_OK && sn_foreign(&s, t))
		v = SNIFF_POLYGLOT;
	if (s.over)
		v = SNIFF_COSTLY;
	if (v == SNIFF_OK)
		*type = t;
	free(s.win);
	return v;
}

/* A file held in memory. */
struct sn_mem {
	const unsigned char	*p;
	size_t			 sz;
};

static ssize_t
sn_mem_read(void *arg, void *buf, size_t bufsz, off_t off)
{
	const struct sn_mem	*m = arg;
	size_t			 n;

	if (off < 0 || (size_t)off > m->sz)
		return -1;
	n = m->sz - (size_t)off < bufsz ? m->sz - (size_t)off : bufsz;
	memcpy(buf, m->p + off, n);
	return (ssize_t)n;
}

enum sniff_verdict
sniff_buf(const void *buf, size_t sz, enum filetype *type)
{
	struct sn_mem	 m = { buf, sz };

	return sniff_detect(sn_mem_read, &m, (off_t)sz, type);
}

int
sniff_ext_allowed(const char *types, const char *filename, char ext[16])
{
	const char	*dot, *p, *q;
	size_t		 i, n;

	ext[0] = '\0';
	if (filename == NULL || (dot = strrchr(filename, '.')) == NULL ||
	    strpbrk(dot, "/\\") != NULL || (n = strlen(dot + 1)) == 0 || n > 15)
		return 0;
	for (i = 0; i < n; i++)
		ext[i] = (char)tolower((unsigned char)dot[1 + i]);
	ext[n] = '\0';
	for (p = types; *p != '\0'; p = *q ? q + 1 : q) {
		while (*p == ' ')
			p++;
		q = p + strcspn(p, ",");
		while (q > p && q[-1] == ' ')
			q--;
		if ((size_t)(q - p) == n && strncasecmp(p, ext, n) == 0)
			return 1;
		q = p + strcspn(p, ",");
	}
	return 0;
}

/* The list as the user reads it: "jpg、png、pdf". */
static void
sniff_list_text(const char *types, char *out, size_t outsz)
{
	size_t	 o = 0;
	const char *p;

	out[0] = '\0';
	for (p = types; *p != '\0' && o + 4 < outsz; p++) {
		if (*p == ' ')
			continue;
		if (*p == ',') {
			o += (size_t)snprintf(out + o, outsz - o, "、");
			continue;
		}
		out[o++] = *p;
		out[o] = '\0';
	}
}

enum sme_err
sniff_file(const char *path, const char *filename, const char *types,
    enum sniff_verdict *v, enum filetype *type, char *msg, size_t msgsz)
{
	struct stat	 st;
	enum filetype	 claimed, t;
	char		 ext[16], list[256];
	enum sme_err	 er;
	int		 fd;

	*v = SNIFF_EXT;
	*type = FILETYPE_UNKNOWN;
	msg[0] = '\0';
	sniff_list_text(types, list, sizeof(list));
	if (!sniff_ext_allowed(types, filename, ext)) {
		if (ext[0] == '\0')
			snprintf(msg, msgsz, "文件名没有扩展名，无法判断类型。"
			    "请上传%s格式的文件。", list);
		else
			snprintf(msg, msgsz, "不支持“.%s”格式的文件，请上传%s"
			    "格式的文件。", ext, list);
		return SME_OK;
	}
	claimed = filetype_of_name(filename);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		log_err("sniff: open %s: %s", path, strerror(errno));
		return SME_ESYS;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_err("sniff: %s is not a regular file", path);
		close(fd);
		return SME_ESYS;
	}
	/* Judged in a child that holds nothing but these bytes (sandbox.h). */
	er = sandbox_sniff(fd, st.st_size, v, &t);
	close(fd);
	if (er != SME_OK)
		return er;
	if (*v == SNIFF_OK && t != claimed)
		*v = SNIFF_MISMATCH;
	switch (*v) {
	case SNIFF_OK:
		*type = t;
		break;
	case SNIFF_EMPTY:
		snprintf(msg, msgsz, "文件是空的（0字节），请重新选择文件。");
		break;
	case SNIFF_MISMATCH:
		*type = t;
		snprintf(msg, msgsz, "文件内容是%s，与扩展名“.%s”不符。"
		    "请上传真正的%s，不要修改文件的扩展名。", sniff_type_name(t),
		    ext, sniff_type_name(claimed));
		break;
	case SNIFF_CORRUPT:
		snprintf(msg, msgsz, "文件已损坏或不完整，不是有效的%s。"
		    "请重新保存或导出后再上传。", sniff_type_name(claimed));
		break;
	case SNIFF_POLYGLOT:
		snprintf(msg, msgsz, "文件中夹带了其他格式的内容，不是单纯的%s，"
		    "出于安全原因不予接收。请重新保存或导出后再上传。",
		    sniff_type_name(claimed));
		break;
	case SNIFF_ENCRYPTED:
		snprintf(msg, msgsz, "文件已加密，请去除密码后上传。");
		break;
	case SNIFF_BOMB:
		snprintf(msg, msgsz, "文件解压后的体积过大或压缩比异常（可能是“压缩炸弹”），"
		    "出于安全原因不予接收。请重新保存或导出后再上传。");
		break;
	case SNIFF_COSTLY:
		snprintf(msg, msgsz, "文件结构异常，无法在限定时间内完成检查，不予接收。"
		    "请重新保存或导出后再上传。");
		break;
	default:
		*v = SNIFF_UNKNOWN;
		snprintf(msg, msgsz, "文件内容不是%s，与扩展名“.%s”不符"
		    "（可能是网页、脚本或其他文件改了扩展名）。",
		    sniff_type_name(claimed), ext);
		break;
	}
	return SME_OK;
}

const char *
sniff_type_name(enum filetype t)
{
	return (unsigned)t < FILETYPE__MAX ? sniff_names[t] : sniff_names[0];
}
