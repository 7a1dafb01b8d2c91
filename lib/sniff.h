/*
 * sniff.h - judge an uploaded attachment by its structure, not its magic
 * number alone: the extension must be on the configured list, the bytes
 * must be a whole, well-formed file of the type the extension names, and
 * nothing of another format may ride along (polyglots).
 */
#ifndef SNIFF_H
#define SNIFF_H

#include <sys/types.h>
#include <stddef.h>
#include "filetype.h"
#include "sme.h"

/* The seed's list (seed 004: "上传附件类型为 jpg,jpeg,png,pdf,doc,docx,xls,xlsx,rar"). */
#define SNIFF_TYPES_DEFAULT	"jpg,jpeg,png,pdf,doc,docx,xls,xlsx,rar"

enum sniff_verdict {
	SNIFF_OK,		/* accepted */
	SNIFF_EXT,		/* extension missing or not on the list */
	SNIFF_EMPTY,		/* no bytes */
	SNIFF_UNKNOWN,		/* bytes of no accepted type (script, HTML...) */
	SNIFF_MISMATCH,		/* bytes of another type than the extension's */
	SNIFF_CORRUPT,		/* truncated or broken structure */
	SNIFF_POLYGLOT,		/* another format inside or appended */
	SNIFF_ENCRYPTED,	/* password-protected (OLE2 EncryptedPackage...) */
	SNIFF_BOMB,		/* a zip that expands too far or too much */
	SNIFF_COSTLY,		/* judging it took more than its budget */
	SNIFF__MAX
};

/*
 * The type of the size-byte file read through rd, by walking its
 * structure: JPEG segments to EOI, PNG chunks with their CRCs to IEND,
 * PDF header and trailer, OLE2 FAT and directory with the Word FIB or
 * Excel BOF, OOXML zip whose [Content_Types].xml (inflated, parsed with
 * libxml2) names a Word document or a workbook, RAR 4 and RAR 5 headers
 * with their CRCs to the end block. Sets *type (FILETYPE_UNKNOWN unless
 * SNIFF_OK) and returns SNIFF_OK, SNIFF_EMPTY, SNIFF_UNKNOWN,
 * SNIFF_CORRUPT or SNIFF_POLYGLOT. Memory is bounded (a few MiB at most,
 * whatever the file claims) and nothing outlives the call.
 */
enum sniff_verdict	 sniff_detect(filetype_read_fn rd, void *arg, off_t size,
			    enum filetype *type);

/* sniff_detect() over buf[0..sz). */
enum sniff_verdict	 sniff_buf(const void *buf, size_t sz, enum filetype *type);

/*
 * The lower-case extension of filename (after the last dot, at most 15
 * bytes) into ext, and 1 if it is on the comma-separated list types;
 * 0 otherwise (ext is "" when there is none).
 */
int			 sniff_ext_allowed(const char *types, const char *filename,
			    char ext[16]);

/*
 * Judge the regular file at path uploaded as filename against the list
 * types: *v is the verdict, *type the type found (SNIFF_OK, and for
 * SNIFF_MISMATCH the type the bytes are), and msg a
 * zh-CN sentence naming the problem ("" when accepted). SME_ESYS (logged)
 * when path cannot be read.
 */
enum sme_err		 sniff_file(const char *path, const char *filename,
			    const char *types, enum sniff_verdict *v,
			    enum filetype *type, char *msg, size_t msgsz);

/* The zh-CN name of a type ("PDF文档"...); "未知类型" if unknown. */
const char		*sniff_type_name(enum filetype t);

#endif
