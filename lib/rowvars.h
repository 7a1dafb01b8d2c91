/*
 * rowvars.h - a result row's cells as template values, by a table of
 * names: what a page fills from a query's row, declared once beside it.
 */
#ifndef ROWVARS_H
#define ROWVARS_H

#include <stddef.h>

struct db_res;
struct tmpl_vars;

/* Template value name takes the cell of column col (a query's enum). */
struct rowvar {
	const char	*name;
	size_t		 col;
};

/*
 * Set each of the n names of map in v to its cell of row of res (SQL
 * NULL or out of range: unset). A failed set marks v (tmpl_set).
 */
void	 rowvars_set(struct tmpl_vars *v, const struct db_res *res,
	    size_t row, const struct rowvar *map, size_t n);

#endif
