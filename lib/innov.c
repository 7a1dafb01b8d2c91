/*
 * innov.c - the innovative-SME evaluation of a region's library
 * enterprises for a year: each scored by lib/assess.c, then ranked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "criteria.h"
#include "db.h"
#include "innov.h"

static const char SQL_LIBRARY[] =
    "SELECT e.id, e.name, e.region_code, f.id, f.year FROM enterprise e"
    " JOIN filing f ON f.id = (SELECT f2.id FROM filing f2"
    " WHERE f2.enterprise_id = e.id AND f2.kind IN ('entry', 'update')"
    " AND f2.year <= ? AND f2.state <> 'draft'"
    " ORDER BY f2.year DESC, f2.id DESC LIMIT 1)"
    " WHERE e.in_library = 1 AND e.region_code LIKE ? ORDER BY e.id";

static int
verdict_rank(int v)
{
	switch (v) {
	case CRIT_MET:
		return 0;
	case CRIT_EVIDENCE:
		return 1;
	case CRIT_UNKNOWN:
		return 2;
	default:
		return 3;
	}
}

static int
row_cmp(const void *a, const void *b)
{
	const struct innov_row	*x = a, *y = b;
	int			 d;

	if ((d = verdict_rank(x->verdict) - verdict_rank(y->verdict)) != 0)
		return d;
	if (x->total != y->total)
		return y->total - x->total;
	return x->enterprise_id < y->enterprise_id ? -1 :
	    x->enterprise_id > y->enterprise_id;
}

enum sme_err
innov_rank(struct db *db, const char *region, int year, struct innov_row **out,
    size_t *nout)
{
	struct db_res		*res = NULL;
	struct innov_row	*v = NULL;
	struct assess_score	 sc;
	enum sme_err		 er;
	char			 like[8];
	size_t			 i, n = 0;

	*out = NULL;
	*nout = 0;
	if (region == NULL || strlen(region) != 6 ||
	    strspn(region, "0123456789") != 6)
		return SME_EINPUT;
	/* A province or a city covers the counties whose codes it prefixes. */
	if (strcmp(region + 2, "0000") == 0)
		snprintf(like, sizeof(like), "%.2s%%", region);
	else if (strcmp(region + 4, "00") == 0)
		snprintf(like, sizeof(like), "%.4s%%", region);
	else
		snprintf(like, sizeof(like), "%s", region);
	{
		struct db_param p[] = { DB_INT(year), DB_STR(like) };

		if ((er = db_query(db, SQL_LIBRARY, p, 2, &res)) != SME_OK)
			return er;
	}
	if (res->nrows > 0 && (v = calloc(res->nrows, sizeof(*v))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	for (i = 0; i < res->nrows; i++) {
		struct innov_row	*r = &v[n];
		const char		*s;

		if ((er = assess_score(db, db_res_int(res, i, 3, 0), &sc)) != SME_OK) {
			db_res_free(res);
			free(v);
			return er;
		}
		if (!sc.found)
			continue;
		r->enterprise_id = db_res_int(res, i, 0, 0);
		snprintf(r->name, sizeof(r->name), "%s",
		    (s = db_res_get(res, i, 1)) != NULL ? s : "");
		snprintf(r->region, sizeof(r->region), "%s",
		    (s = db_res_get(res, i, 2)) != NULL ? s : "");
		r->filing_id = db_res_int(res, i, 3, 0);
		r->filing_year = (int)db_res_int(res, i, 4, 0);
		snprintf(r->family, sizeof(r->family), "%s", sc.family);
		r->total = sc.total;
		r->verdict = sc.verdict;
		n++;
	}
	db_res_free(res);
	if (n > 1)
		qsort(v, n, sizeof(*v), row_cmp);
	if (n == 0) {
		free(v);
		v = NULL;
	}
	*out = v;
	*nout = n;
	return SME_OK;
}
