/*
 * rowvars.c - a result row's cells as template values, by a table of
 * names (lib/rowvars.h).
 */
#include "db.h"
#include "rowvars.h"
#include "tmpl.h"

void
rowvars_set(struct tmpl_vars *v, const struct db_res *res, size_t row,
    const struct rowvar *map, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		tmpl_set(v, map[i].name, db_res_get(res, row, map[i].col));
}
