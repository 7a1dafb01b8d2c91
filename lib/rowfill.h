/*
 * rowfill.h - result rows into template values by a table of names: each
 * entry names a template key and the column (the query's enum) it takes,
 * so a page lists its plain columns once instead of a tmpl_set a column.
 */
#ifndef ROWFILL_H
#define ROWFILL_H

#include <stddef.h>

#include "sme.h"

struct db_res;
struct tmpl_vars;

struct rowfill {
	const char	*key;	/* the template's name */
	size_t		 col;	/* the result's column */
};

/*
 * Set each key of map (n entries) in v to row i's cell of its column; a
 * SQL NULL leaves the key unset. A failed set sticks in v (tmpl_set).
 */
void		 rowfill_set(struct tmpl_vars *v, const struct db_res *res,
		    size_t i, const struct rowfill *map, size_t n);

/*
 * Add to v's list k an item a row of res, each filled by rowfill_set.
 * SME_ENOMEM when an item cannot be added (the items before it stay).
 */
enum sme_err	 rowfill_list(struct tmpl_vars *v, const char *k,
		    const struct db_res *res, const struct rowfill *map, size_t n);

#endif
