/*
 * filetype.h - what an uploaded file is, judged by its bytes (magic numbers
 * and, for Office files, the directory of their container), never by its
 * name or the Content-Type the client sent; and whether its name agrees.
 */
#ifndef FILETYPE_H
#define FILETYPE_H

#include <sys/types.h>
#include <stddef.h>
#include "sme.h"

/* The types the platform accepts (DOMAIN.md: attachments, licence images). */
enum filetype {
	FILETYPE_UNKNOWN,	/* none of the below */
	FILETYPE_JPG,		/* JPEG: FF D8 FF */
	FILETYPE_PNG,		/* PNG signature, RFC 2083 section 3.1 */
	FILETYPE_PDF,		/* "%PDF-", ISO 32000-1 section 7.5.2 */
	FILETYPE_DOC,		/* OLE2 compound file with a WordDocument stream */
	FILETYPE_DOCX,		/* OOXML zip: [Content_Types].xml and word/ */
	FILETYPE_XLS,		/* OLE2 compound file with a Workbook or Book stream */
	FILETYPE_XLSX,		/* OOXML zip: [Content_Types].xml and xl/ */
	FILETYPE_RAR,		/* RAR 1.5-4.x or 5.0 signature */
	FILETYPE__MAX
};

/*
 * Reads up to bufsz bytes at offset off of the file into buf: returns the
 * count (less than bufsz only at the end of the file), or -1 on error.
 */
typedef ssize_t	(*filetype_read_fn)(void *arg, void *buf, size_t bufsz, off_t off);

/*
 * The type of the size-byte file read through rd. Malformed or truncated
 * containers, read errors and anything unrecognised give FILETYPE_UNKNOWN.
 * Reads are bounded (a few hundred KiB at most, whatever the file claims),
 * and no memory outlives the call.
 */
enum filetype	 filetype_detect(filetype_read_fn rd, void *arg, off_t size);

/* filetype_detect() over the whole file held in buf[0..sz). */
enum filetype	 filetype_buf(const void *buf, size_t sz);

/*
 * filetype_detect() over the regular file at path into *out. SME_ESYS
 * (logged) if it cannot be opened or is not a regular file.
 */
enum sme_err	 filetype_path(const char *path, enum filetype *out);

/*
 * The type a file name's extension claims (case-insensitive: .jpg and
 * .jpeg are FILETYPE_JPG), or FILETYPE_UNKNOWN.
 */
enum filetype	 filetype_of_name(const char *filename);

/* 1 if t is a known type and filename's extension names it, else 0. */
int		 filetype_name_agrees(enum filetype t, const char *filename);

/* The usual extension of t without the dot ("jpg"...; "" if unknown). */
const char	*filetype_ext(enum filetype t);

/* The media type of t ("image/jpeg"...; application/octet-stream if unknown). */
const char	*filetype_mime(enum filetype t);

#endif
