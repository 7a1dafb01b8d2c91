/*
 * sme.h - library-wide items of libsme: the error enum and its messages.
 */
#ifndef SME_H
#define SME_H

#include <stddef.h>

enum sme_err {
	SME_OK = 0,	/* success ("not found" is SME_OK with a NULL out) */
	SME_ENOMEM,	/* allocation failed */
	SME_EINPUT,	/* malformed input from the client (400) */
	SME_ETOOBIG,	/* input beyond a hard limit (413) */
	SME_EDB,	/* the database refused a statement */
	SME_EDBDOWN,	/* the database is unreachable (503) */
	SME_ECONFLICT,	/* duplicate key or stale version (409) */
	SME_ESYS,	/* a system call failed (errno kept in the log) */
	SME_ERR__MAX
};

/* The index of s in names[0..n), or -1 (also for NULL): enum names from text. */
int		 sme_lookup(const char *const *names, size_t n, const char *s);

/* A static English description of er; never NULL. */
const char	*sme_strerror(enum sme_err er);

#endif
