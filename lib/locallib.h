/*
 * locallib.h - a city's or county's own cultivation library (seed 003:
 * 金湖县's 培育库 of 150), kept beside the province's (enterprise.in_library):
 * listing an enterprise of the region and taking it off, audited.
 */
#ifndef LOCALLIB_H
#define LOCALLIB_H

#include "sme.h"

struct db;

/* Why locallib_add() listed nobody. */
enum locallib_refusal {
	LOCALLIB_OK,
	LOCALLIB_NOENT,		/* no enterprise of that credit code in the region */
	LOCALLIB_ALREADY	/* listed already */
};

/* An entry to add, as locallib_add() takes it. */
struct locallib_add {
	const char	*region;	/* the reviewer's city or county */
	const char	*uscc;		/* 统一社会信用代码, checked by the caller */
	int		 year;		/* year of entry */
	const char	*note;		/* or NULL */
	long long	 actor;
	const char	*ip;
	enum locallib_refusal refusal;	/* out */
	char		 name[404];	/* out: the enterprise listed */
};

/*
 * List the region's enterprise of a->uscc in a->region's own library, with
 * the audit row, in one transaction; a refusal is SME_ECONFLICT with
 * a->refusal set.
 */
enum sme_err	 locallib_add(struct db *db, struct locallib_add *a);

/*
 * Take enterprise id off region's own library, audited; *found is 0 when it
 * was not listed there (nothing changes).
 */
enum sme_err	 locallib_remove(struct db *db, const char *region, long long id,
		    long long actor, const char *ip, int *found);

#endif
