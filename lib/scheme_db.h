/*
 * scheme_db.h - criteria schemes (scheme.h) in the database: save and load.
 */
#ifndef SCHEME_DB_H
#define SCHEME_DB_H

#include "sme.h"

struct db;
struct scheme;

/*
 * Store s, replacing the scheme of the same family and year with its rules
 * (one transaction). Sets s->id. *replaced is 1 if one was replaced.
 */
enum sme_err	 scheme_save(struct db *db, struct scheme *s, int *replaced);

/*
 * Load every scheme whose kinds include kind, whose class is "" or klass
 * (klass may be NULL), whose region is "" or a prefix-match of region (a
 * county is within its city), and, per family, the latest year not after
 * year. On SME_OK the caller frees *out with scheme_free_all().
 */
enum sme_err	 scheme_load_applicable(struct db *db, const char *kind,
		    const char *klass, const char *region, int year,
		    struct scheme **out, size_t *nout);

#endif
