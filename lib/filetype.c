/*
 * filetype.c - the file types the platform accepts: their extensions and
 * media types. What a file's bytes are is lib/sniff.c's to judge.
 */
#include <string.h>
#include <strings.h>

#include "filetype.h"

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

enum filetype
filetype_of_signature(const void *head, size_t n)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const unsigned char jpg[3] = { 0xff, 0xd8, 0xff };
	const unsigned char *b = head;

	if (b == NULL)
		return FILETYPE_UNKNOWN;
	if (n >= sizeof(png) && memcmp(b, png, sizeof(png)) == 0)
		return FILETYPE_PNG;
	if (n >= sizeof(jpg) && memcmp(b, jpg, sizeof(jpg)) == 0)
		return FILETYPE_JPG;
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return FILETYPE_PDF;
	return FILETYPE_UNKNOWN;
}

int
filetype_inline(enum filetype t)
{
	return t == FILETYPE_PDF || t == FILETYPE_JPG || t == FILETYPE_PNG;
}
