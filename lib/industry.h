/*
 * industry.h - the GB/T 4754-2017 tree (table industry) held by a worker:
 * the children of a class, the path of a 小类, and the whole tree as JSON
 * for the filing page's four cascading selects (static/industry.js).
 */
#ifndef INDUSTRY_H
#define INDUSTRY_H

#include <stddef.h>
#include "sme.h"

struct db;

struct industry {
	char	*code;		/* A, 01, 011, 0111 */
	char	*name;
	int	 level;		/* 1-4 */
	char	*parent;	/* "" for a 门类 */
};

/* Load the tree once per process (later calls return at once). */
enum sme_err	 industry_load(struct db *db);

/* The class of code, or NULL. Borrowed from the loaded tree. */
const struct industry *industry_find(const char *code);

/*
 * The children of parent ("" for the 门类) into out (at most max, in code
 * order); returns how many. Borrowed pointers.
 */
size_t		 industry_children(const char *parent, const struct industry **out, size_t max);

/* The tree as JSON [[code, name, parent], ...]; borrowed, NULL if not loaded. */
const char	*industry_json(size_t *len);

#endif
