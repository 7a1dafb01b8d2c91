/*
 * store.h - files kept by their content: an accepted upload is copied into
 * the storage directory (outside any web root) under the hex SHA-256 of its
 * bytes, so no name a client chose ever reaches the disk and the same file
 * is kept once.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
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

/*
 * The path of stored file name under dir into out. SME_EINPUT if name is
 * not 64 lowercase hex digits or out is too small.
 */
enum sme_err	 store_path(const char *dir, const char *name, char *out,
		    size_t outsz);

#endif
