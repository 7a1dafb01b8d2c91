/*
 * enterprise.h - enterprises (table enterprise): a registration waiting
 * for its county, or one the operator adds confirmed.
 */
#ifndef ENTERPRISE_H
#define ENTERPRISE_H

#include "sme.h"

struct db;

/*
 * Insert a registration (status pending) of credit code uscc, name, in
 * county, with its business licence (the stored file's name); *id its id.
 */
enum sme_err	 enterprise_register(struct db *db, const char *uscc,
		    const char *name, const char *county, const char *licence,
		    long long *id);

/*
 * Insert a confirmed enterprise (the operator's), in the cultivation
 * library or not; *id its id. SME_ECONFLICT when the code exists.
 */
enum sme_err	 enterprise_create(struct db *db, const char *uscc,
		    const char *name, const char *region, int in_library,
		    long long *id);

#endif
