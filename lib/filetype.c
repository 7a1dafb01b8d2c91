/*
 * filetype.c - file types by their bytes: signatures at the start, the
 * directory of an OLE2 compound file ([MS-CFB]) to tell doc from xls, and
 * the central directory of a zip (PKWARE APPNOTE.TXT 4.3) for docx, xlsx.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "filetype.h"
#include "log.h"

#define FT_HEAD			8		/* bytes the signatures need */
#define CFB_HDR			512		/* [MS-CFB] 2.2: the header */
#define CFB_SECTOR_MAX		4096		/* version 4 sectors */
#define CFB_DIR_ENTRY		128		/* [MS-CFB] 2.6: a directory entry */
#define CFB_MAXREGSECT		0xFFFFFFFAu	/* higher sector numbers are markers */
#define CFB_HDR_DIFAT		109		/* FAT sector numbers in the header */
#define CFB_DIFAT_HOPS_MAX	64		/* DIFAT sectors followed, at most */
#define CFB_DIR_SECTORS_MAX	256		/* directory sectors read, at most */
#define CFB_STREAM		2		/* object type of a stream */
#define ZIP_EOCD		22		/* APPNOTE 4.3.16: end of central directory */
#define ZIP_COMMENT_MAX		65535		/* the comment that may follow it */
#define ZIP_CDH			46		/* APPNOTE 4.3.12: central directory header */
#define ZIP_ENTRIES_MAX		4096		/* entries looked at, at most */
#define ZIP_NAME_MAX		32		/* bytes of a name the checks need */

static const unsigned char sig_png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
static const unsigned char sig_cfb[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
static const unsigned char sig_rar4[7] = { 'R', 'a', 'r', '!', 0x1a, 0x07, 0x00 };
static const unsigned char sig_rar5[8] = { 'R', 'a', 'r', '!', 0x1a, 0x07, 0x01, 0x00 };

static const char *const filetype_exts[FILETYPE__MAX] = {
	"", "jpg", "png", "pdf", "doc", "docx", "xls", "xlsx", "rar"
};

static const char *const filetype_mimes[FILETYPE__MAX] = {
	"application/octet-stream",
	"image/jpeg",
	"image/png",
	"application/pdf",
	"application/msword",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.rar",
};

/* Extensions that name a type besides filetype_exts (case-insensitive). */
static const struct {
	const char	*ext;
	enum filetype	 t;
} filetype_aliases[] = {
	{ "jpeg", FILETYPE_JPG },
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

/* A file being judged: its reader and size. */
struct ft_src {
	filetype_read_fn	 rd;
	void			*arg;
	off_t			 size;
};

/* Read exactly n bytes at off into buf; 0, or -1 if they are not all there. */
static int
ft_read(const struct ft_src *s, off_t off, void *buf, size_t n)
{
	if (off < 0 || off > s->size || (off_t)n > s->size - off)
		return -1;
	return s->rd(s->arg, buf, n, off) == (ssize_t)n ? 0 : -1;
}

/* An OLE2 compound file: its header and sector size. */
struct cfb {
	const struct ft_src	*src;
	unsigned char		 hdr[CFB_HDR];
	uint32_t		 ss;	/* sector size, 512 or 4096 */
};

/*
 * Read the little-endian 32-bit word idx of sector sect into *out ([MS-CFB]
 * 2.1: sector s starts at (s + 1) * sector size). 0, or -1 on error.
 */
static int
cfb_word(const struct cfb *f, uint32_t sect, uint32_t idx, uint32_t *out)
{
	unsigned char	 b[4];

	if (sect >= CFB_MAXREGSECT || idx >= f->ss / 4)
		return -1;
	if (ft_read(f->src, ((off_t)sect + 1) * f->ss + (off_t)idx * 4, b, 4) != 0)
		return -1;
	*out = le32(b);
	return 0;
}

/*
 * The sector number of FAT sector i: the header holds the first 109, each
 * DIFAT sector the next ss/4 - 1 and, last, the number of the next DIFAT
 * sector ([MS-CFB] 2.5). CFB_MAXREGSECT on error.
 */
static uint32_t
cfb_fat_sector(const struct cfb *f, uint32_t i)
{
	uint32_t	 per = f->ss / 4 - 1, d, hops;

	if (i < CFB_HDR_DIFAT)
		return le32(f->hdr + 0x4c + 4 * i);
	i -= CFB_HDR_DIFAT;
	d = le32(f->hdr + 0x44);
	hops = i / per;
	if (hops >= CFB_DIFAT_HOPS_MAX || hops >= le32(f->hdr + 0x48))
		return CFB_MAXREGSECT;
	for (; hops > 0; hops--)
		if (cfb_word(f, d, per, &d) != 0)
			return CFB_MAXREGSECT;
	if (cfb_word(f, d, i % per, &d) != 0)
		return CFB_MAXREGSECT;
	return d;
}

/* The sector after sect in its chain (the FAT entry of sect), or a marker. */
static uint32_t
cfb_next(const struct cfb *f, uint32_t sect)
{
	uint32_t	 per = f->ss / 4, next;

	if (cfb_word(f, cfb_fat_sector(f, sect / per), sect % per, &next) != 0)
		return CFB_MAXREGSECT;
	return next;
}

/*
 * The type a directory entry tells ([MS-CFB] 2.6.1: UTF-16LE name of
 * name-length bytes with its NUL, object type at 0x42): a stream named
 * WordDocument is Word's, Workbook (BIFF8) or Book (BIFF5) Excel's.
 */
static enum filetype
cfb_entry_kind(const unsigned char *e)
{
	char		 name[32];
	uint16_t	 len = le16(e + 0x40);
	size_t		 i, n;

	if (e[0x42] != CFB_STREAM || len < 2 || len > 64 || len % 2 != 0)
		return FILETYPE_UNKNOWN;
	n = len / 2 - 1;
	for (i = 0; i < n; i++) {
		if (e[2 * i + 1] != 0 || e[2 * i] == 0 || e[2 * i] > 0x7e)
			return FILETYPE_UNKNOWN;
		name[i] = (char)e[2 * i];
	}
	name[n] = '\0';
	if (strcmp(name, "WordDocument") == 0)
		return FILETYPE_DOC;
	if (strcmp(name, "Workbook") == 0 || strcmp(name, "Book") == 0)
		return FILETYPE_XLS;
	return FILETYPE_UNKNOWN;
}

/* Word or Excel by the streams in the directory chain of a compound file. */
static enum filetype
cfb_kind(const struct ft_src *s)
{
	struct cfb	 f;
	unsigned char	 sec[CFB_SECTOR_MAX];
	enum filetype	 t;
	uint32_t	 sect, i;
	uint16_t	 shift;
	int		 n;

	memset(&f, 0, sizeof(f));
	f.src = s;
	if (ft_read(s, 0, f.hdr, sizeof(f.hdr)) != 0 ||
	    le16(f.hdr + 0x1c) != 0xfffe)
		return FILETYPE_UNKNOWN;
	shift = le16(f.hdr + 0x1e);
	if (shift != 9 && shift != 12)
		return FILETYPE_UNKNOWN;
	f.ss = 1u << shift;
	sect = le32(f.hdr + 0x30);
	/* A chain that loops is cut off by the count. */
	for (n = 0; n < CFB_DIR_SECTORS_MAX && sect < CFB_MAXREGSECT; n++) {
		if (ft_read(s, ((off_t)sect + 1) * f.ss, sec, f.ss) != 0)
			break;
		for (i = 0; i < f.ss; i += CFB_DIR_ENTRY)
			if ((t = cfb_entry_kind(sec + i)) != FILETYPE_UNKNOWN)
				return t;
		sect = cfb_next(&f, sect);
	}
	return FILETYPE_UNKNOWN;
}

/*
 * Find the end of central directory record in the last 64 KiB + 22 bytes:
 * the last signature whose comment fits the file. Its file offset, or -1.
 */
static off_t
zip_eocd(const struct ft_src *s, unsigned char rec[ZIP_EOCD])
{
	unsigned char	*tail;
	size_t		 n, p;
	off_t		 at = -1;

	n = s->size < ZIP_EOCD + ZIP_COMMENT_MAX ? (size_t)s->size :
	    ZIP_EOCD + ZIP_COMMENT_MAX;
	if (n < ZIP_EOCD || (tail = malloc(n)) == NULL)
		return -1;
	if (ft_read(s, s->size - (off_t)n, tail, n) == 0) {
		for (p = n - ZIP_EOCD + 1; p-- > 0;) {
			if (memcmp(tail + p, "PK\x05\x06", 4) != 0 ||
			    p + ZIP_EOCD + le16(tail + p + 20) > n)
				continue;
			memcpy(rec, tail + p, ZIP_EOCD);
			at = s->size - (off_t)n + (off_t)p;
			break;
		}
	}
	free(tail);
	return at;
}

/*
 * docx or xlsx by the names in a zip's central directory (ECMA-376 part 2:
 * a package has [Content_Types].xml; Word's parts are under word/, Excel's
 * under xl/). Zip64 archives are not Office files of our sizes.
 */
static enum filetype
zip_kind(const struct ft_src *s)
{
	unsigned char	 eocd[ZIP_EOCD], h[ZIP_CDH], name[ZIP_NAME_MAX];
	off_t		 at, off, end;
	uint32_t	 entries, k;
	uint16_t	 nl;
	int		 types = 0, word = 0, xl = 0;

	if ((at = zip_eocd(s, eocd)) < 0)
		return FILETYPE_UNKNOWN;
	entries = le16(eocd + 10);
	off = le32(eocd + 16);
	end = off + (off_t)le32(eocd + 12);
	if (le32(eocd + 16) == 0xffffffffu || end > at)
		return FILETYPE_UNKNOWN;
	for (k = 0; k < entries && k < ZIP_ENTRIES_MAX && off + ZIP_CDH <= end;
	    k++) {
		if (ft_read(s, off, h, ZIP_CDH) != 0 ||
		    memcmp(h, "PK\x01\x02", 4) != 0)
			return FILETYPE_UNKNOWN;
		nl = le16(h + 28);
		if (off + ZIP_CDH + nl > end)
			return FILETYPE_UNKNOWN;
		memset(name, 0, sizeof(name));
		if (ft_read(s, off + ZIP_CDH, name,
		    nl < sizeof(name) ? nl : sizeof(name)) != 0)
			return FILETYPE_UNKNOWN;
		if (nl == 19 && memcmp(name, "[Content_Types].xml", 19) == 0)
			types = 1;
		else if (nl > 5 && memcmp(name, "word/", 5) == 0)
			word = 1;
		else if (nl > 3 && memcmp(name, "xl/", 3) == 0)
			xl = 1;
		off += ZIP_CDH + (off_t)nl + le16(h + 30) + le16(h + 32);
	}
	if (types && word && !xl)
		return FILETYPE_DOCX;
	if (types && xl && !word)
		return FILETYPE_XLSX;
	return FILETYPE_UNKNOWN;
}

enum filetype
filetype_detect(filetype_read_fn rd, void *arg, off_t size)
{
	struct ft_src	 s = { rd, arg, size };
	unsigned char	 h[FT_HEAD];
	size_t		 n;

	memset(h, 0, sizeof(h));
	n = size < FT_HEAD ? (size_t)(size > 0 ? size : 0) : FT_HEAD;
	if (n == 0 || ft_read(&s, 0, h, n) != 0)
		return FILETYPE_UNKNOWN;
	if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
		return FILETYPE_JPG;
	if (n >= 8 && memcmp(h, sig_png, 8) == 0)
		return FILETYPE_PNG;
	if (n >= 5 && memcmp(h, "%PDF-", 5) == 0)
		return FILETYPE_PDF;
	if ((n >= 7 && memcmp(h, sig_rar4, 7) == 0) ||
	    (n >= 8 && memcmp(h, sig_rar5, 8) == 0))
		return FILETYPE_RAR;
	if (n >= 8 && memcmp(h, sig_cfb, 8) == 0)
		return cfb_kind(&s);
	if (n >= 4 && memcmp(h, "PK\x03\x04", 4) == 0)
		return zip_kind(&s);
	return FILETYPE_UNKNOWN;
}

/* A file held in memory. */
struct ft_mem {
	const unsigned char	*p;
	size_t			 sz;
};

/* filetype_read_fn over a struct ft_mem. */
static ssize_t
ft_mem_read(void *arg, void *buf, size_t bufsz, off_t off)
{
	const struct ft_mem	*m = arg;
	size_t			 n;

	if (off < 0 || (size_t)off > m->sz)
		return -1;
	n = m->sz - (size_t)off < bufsz ? m->sz - (size_t)off : bufsz;
	memcpy(buf, m->p + off, n);
	return (ssize_t)n;
}

enum filetype
filetype_buf(const void *buf, size_t sz)
{
	struct ft_mem	 m = { buf, sz };

	return filetype_detect(ft_mem_read, &m, (off_t)sz);
}

/* filetype_read_fn over a file descriptor (pread, until bufsz or the end). */
static ssize_t
ft_fd_read(void *arg, void *buf, size_t bufsz, off_t off)
{
	int	 fd = *(int *)arg;
	size_t	 got = 0;
	ssize_t	 n;

	while (got < bufsz) {
		n = pread(fd, (char *)buf + got, bufsz - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

enum sme_err
filetype_path(const char *path, enum filetype *out)
{
	struct stat	 st;
	int		 fd;

	*out = FILETYPE_UNKNOWN;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		log_err("filetype: open %s: %s", path, strerror(errno));
		return SME_ESYS;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		log_err("filetype: %s is not a regular file", path);
		close(fd);
		return SME_ESYS;
	}
	*out = filetype_detect(ft_fd_read, &fd, st.st_size);
	close(fd);
	return SME_OK;
}

enum filetype
filetype_of_name(const char *filename)
{
	const char	*dot;
	size_t		 i;

	if (filename == NULL || (dot = strrchr(filename, '.')) == NULL ||
	    strpbrk(dot, "/\\") != NULL)
		return FILETYPE_UNKNOWN;
	dot++;
	for (i = 1; i < FILETYPE__MAX; i++)
		if (strcasecmp(dot, filetype_exts[i]) == 0)
			return (enum filetype)i;
	for (i = 0; i < sizeof(filetype_aliases) / sizeof(filetype_aliases[0]); i++)
		if (strcasecmp(dot, filetype_aliases[i].ext) == 0)
			return filetype_aliases[i].t;
	return FILETYPE_UNKNOWN;
}

int
filetype_name_agrees(enum filetype t, const char *filename)
{
	return t != FILETYPE_UNKNOWN && filetype_of_name(filename) == t;
}

const char *
filetype_ext(enum filetype t)
{
	return (unsigned)t < FILETYPE__MAX ? filetype_exts[t] : "";
}

const char *
filetype_mime(enum filetype t)
{
	return (unsigned)t < FILETYPE__MAX ? filetype_mimes[t] :
	    filetype_mimes[FILETYPE_UNKNOWN];
}
