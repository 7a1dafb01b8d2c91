/*
 * innov.h - the innovative-SME evaluation (创新型中小企业评价, seed 002): a
 * county, city or the province scores the library enterprises of its scope
 * for a year with the score scheme that applies (the Ministry's 2022
 * scheme unless a newer one is loaded) and ranks them.
 */
#ifndef INNOV_H
#define INNOV_H

#include <stddef.h>
#include "sme.h"

struct db;

struct innov_row {
	long long	 enterprise_id;
	char		 name[256];	/* enterprise name */
	char		 region[8];	/* its county */
	long long	 filing_id;	/* the entry or update filing scored */
	int		 filing_year;
	char		 family[48];	/* the score scheme used */
	int		 total;		/* points the figures prove */
	int		 verdict;	/* enum crit_result: met qualifies */
};

/*
 * Rank the enterprises in the library within region (a county, a city
 * whose code ends 00, or the province 320000), each by its latest submitted
 * entry or update filing of year or before: qualifying first (met, then
 * evidence, unknown, unmet), then by total, highest first. Enterprises
 * without such a filing are left out. On SME_OK the caller frees *out with
 * free(); SME_EINPUT for a malformed region.
 */
enum sme_err	 innov_rank(struct db *db, const char *region, int year,
		    struct innov_row **out, size_t *nout);

#endif
