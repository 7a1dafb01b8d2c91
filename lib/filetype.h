/*
 * filetype.h - the file types the platform accepts, the extensions that
 * name them and their media types. Which type a file's bytes are is judged
 * by lib/sniff.c, never by the name or the Content-Type the client sent.
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

/*
 * The type a browser may show inline whose signature starts the n bytes
 * at head: FILETYPE_JPG (FF D8 FF), FILETYPE_PNG (its 8-byte signature)
 * or FILETYPE_PDF ("%PDF-"); FILETYPE_UNKNOWN for anything else. Only the
 * leading bytes are read: for files sniff.c judged already (a stored
 * licence), to choose between showing and downloading them.
 */
enum filetype	 filetype_of_signature(const void *head, size_t n);

/* 1 if a file of type t is shown in the browser (PDF, JPEG, PNG), else 0. */
int		 filetype_inline(enum filetype t);

#endif
