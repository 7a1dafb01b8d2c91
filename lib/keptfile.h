/*
 * keptfile.h - a file kept between two posts of one form: a form that
 * comes back with errors need not ask for its file again. The file is in
 * the store (lib/store.h) by its hash; the page carries the hash sealed
 * to the form's CSRF token with the platform secret, so only the browser
 * that sent the file can name it again, and no one can name another file.
 */
#ifndef KEPTFILE_H
#define KEPTFILE_H

#include <stddef.h>
#include "sme.h"
#include "store.h"

/* "<64 hex>.<43 base64url>" and its NUL. */
#define KEPTFILE_LEN	(STORE_NAME_LEN + 1 + 43)

/*
 * Seal stored name (64 hex) to form token csrf (purpose: what the file is,
 * e.g. "licence") into out (KEPTFILE_LEN + 1 bytes). SME_EINPUT for a
 * name the store would not make or out too small.
 */
enum sme_err	 keptfile_seal(const unsigned char *secret, size_t secretsz,
		    const char *purpose, const char *csrf, const char *name,
		    char *out, size_t outsz);

/*
 * Open a sealed token tok of this csrf and purpose: 1 and the stored name
 * in name if it is one keptfile_seal made, else 0 (name "").
 */
int		 keptfile_open(const unsigned char *secret, size_t secretsz,
		    const char *purpose, const char *csrf, const char *tok,
		    char name[STORE_NAME_LEN + 1]);

#endif
