/*
 * store.h - files kept by their content: an accepted upload is copied into
 * the storage directory (outside any web root) under the hex SHA-256 of its
 * bytes, so no name a client chose ever reaches the disk and the same file
 * is kept once.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include "filetype.h"
#include "sme.h"

#define STORE_NAME_LEN	64	/* hex SHA-256 */

/*
 * Copy the file at src into dir as dir/<first two hex digits>/<name>,
 * writing the hex SHA-256 of its bytes into name. The copy goes to a
 * temporary file in the same directory, is flushed to disk and renamed
 * into place, so a reader never sees a partial file; if the name exists
 * already, the existing file is kept. Directories are made as needed
 * (mode 0750, files 0640). SME_ESYS (logged) on any I/O failure, with
 * nothing left behind. src is left as it is.
 */
enum sme_err	 store_put(const char *dir, const char *src,
		    char name[STORE_NAME_LEN + 1]);

/* A file on its way into the store (store_begin to commit or abort). */
struct store_tmp {
	char	 tmp[4096];			/* temporary file in dir; "" if none */
	char	 name[STORE_NAME_LEN + 1];	/* hex SHA-256 of its bytes */
	long long size;				/* bytes */
};

/*
 * First half of store_put for callers that must lock something by the
 * hash before the file appears under its name: src is moved (rename, when
 * dir is on the same file system; else copied) to a temporary file in dir,
 * hashed, given mode 0640 and flushed to disk; t->name is its hash. On
 * SME_OK the caller ends with store_commit() or store_abort(); on failure
 * (SME_ESYS, logged) nothing is left in dir. src may be gone afterwards.
 */
enum sme_err	 store_begin(const char *dir, const char *src,
		    struct store_tmp *t);

/*
 * Second half: rename t's file to its name, or drop it if that name
 * exists already (same bytes). *created is 1 if this call made the file.
 * SME_ESYS (logged) on failure, with the temporary file removed.
 */
enum sme_err	 store_commit(const char *dir, struct store_tmp *t,
		    int *created);

/* Remove t's temporary file, if any; accepts a store_tmp already done. */
void		 store_abort(struct store_tmp *t);

/*
 * Remove stored file name from dir. SME_OK also when it is not there;
 * SME_EINPUT for a name store_put would not make; SME_ESYS (logged).
 */
enum sme_err	 store_remove(const char *dir, const char *name);

/*
 * The path of stored file name under dir into out. SME_EINPUT if name is
 * not 64 lowercase hex digits or out is too small.
 */
enum sme_err	 store_path(const char *dir, const char *name, char *out,
		    size_t outsz);

/*
 * The type whose signature starts stored file name under dir
 * (filetype_of_signature: PDF, JPEG, PNG or FILETYPE_UNKNOWN); also
 * FILETYPE_UNKNOWN when it cannot be read.
 */
enum filetype	 store_signature(const char *dir, const char *name);

/*
 * Debris of requests that died midway (a worker killed, a power cut):
 * spool files (multipart.c, "sme-") and temporary files of the store
 * (".put-") untouched for this long are nobody's any more.
 */
#define STORE_DEBRIS_AGE_S	3600

/*
 * Remove the regular files of dir (not below it) whose name starts with
 * prefix and that were last modified more than age_s seconds ago. The
 * number removed (logged when any), or -1 if dir can't be read.
 */
int		 store_sweep(const char *dir, const char *prefix, long age_s);

#endif
