/*
 * rowfill.c - result rows into template values by a table of names (see
 * rowfill.h).
 */
#include "db.h"
#include "rowfill.h"
#include "tmpl.h"

void
rowfill_set(struct tmpl_vars *v, const struct db_res *res, size_t i,
    const struct rowfill *map, size_t n)
{
	size_t	 j;

	for (j = 0; j < n; j++)
		tmpl_set(v, map[j].key, db_res_get(res, i, map[j].col));
}

enum sme_err
rowfill_list(struct tmpl_vars *v, const char *k, const struct db_res *res,
    const struct rowfill *map, size_t n)
{
	struct tmpl_vars	*it;
	size_t			 i;

	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(v, k)) == NULL)
			return SME_ENOMEM;
		rowfill_set(it, res, i, map, n);
	}
	return SME_OK;
}
