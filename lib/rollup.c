/*
 * rollup.c - four counts of a year by region against the entry targets of
 * three levels, summed county -> city -> province (see rollup.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "rollup.h"
#include "vocab.h"

static const char *const count_labels[ROLLUP__MAX] = {
	[ROLLUP_ENTRY] = VOCAB_ENTRY,
	[ROLLUP_UPDATE] = VOCAB_UPDATE,
	[ROLLUP_TITLE] = "认定称号",
	[ROLLUP_INNOV] = "创新型中小企业",
};

/* Names of the counts in SQL_COUNTS' second column, by enum rollup_count. */
static const char *const count_keys[ROLLUP__MAX] = {
	[ROLLUP_ENTRY] = "entry",
	[ROLLUP_UPDATE] = "update",
	[ROLLUP_TITLE] = "title",
	[ROLLUP_INNOV] = "innov",
};

/*
 * The regions of the scope (? thrice: year, year, scope) with the
 * province's figure for each city and each region's own target; the
 * province first, then cities, then counties (the ENUM's order).
 */
static const char SQL_REGIONS[] =
    "SELECT r.code, COALESCE(r.parent_code, ''), r.name, r.level, ct.target, rt.target,"
    " rt.local_target FROM region r"
    " LEFT JOIN city_target ct ON ct.city_code = r.code AND ct.year = ?"
    " LEFT JOIN region_target rt ON rt.region_code = r.code AND rt.year = ?"
    " WHERE ? IN (r.code, r.parent_code, '320000') ORDER BY r.level, r.code";

/*
 * Counts by county in one grouped query: accepted (and waiting) entries
 * and updates from the triggers' filing_stat (037), titles by their grant
 * day (045's index), enterprises a published evaluation of the year
 * qualifies (one enterprise counted once however many runs name it).
 */
static const char SQL_COUNTS[] =
    "SELECT u.rc, u.k, u.n, u.w FROM ("
    " SELECT s.region_code AS rc, s.kind AS k,"
    "  SUM(CASE WHEN s.state = 'accepted' THEN s.n ELSE 0 END) AS n,"
    "  SUM(CASE WHEN s.state IN ('county', 'city', 'province') THEN s.n ELSE 0 END) AS w"
    "  FROM filing_stat s WHERE s.year = ? AND s.kind IN ('entry', 'update')"
    "  GROUP BY s.region_code, s.kind"
    " UNION ALL"
    " SELECT e.region_code, 'title', COUNT(*), 0 FROM title t"
    "  JOIN enterprise e ON e.id = t.enterprise_id"
    "  WHERE t.granted_on >= MAKEDATE(?, 1) AND t.granted_on < MAKEDATE(? + 1, 1)"
    "  GROUP BY e.region_code"
    " UNION ALL"
    " SELECT e.region_code, 'innov', COUNT(DISTINCT x.enterprise_id), 0 FROM evaluation_run er"
    "  JOIN evaluation_result x ON x.run_id = er.id JOIN enterprise e ON e.id = x.enterprise_id"
    "  WHERE er.year = ? AND er.state = 'published' AND x.verdict = 'met'"
    "  GROUP BY e.region_code"
    ") u JOIN region r ON r.code = u.rc WHERE ? IN (u.rc, r.parent_code, '320000')";

const char *
rollup_count_label(enum rollup_count k)
{
	return k < ROLLUP__MAX ? count_labels[k] : "";
}

/* Add a target to a sum that may be ROLLUP_NONE. */
static long long
sum_add(long long sum, long long t)
{
	if (t == ROLLUP_NONE)
		return sum;
	return sum == ROLLUP_NONE ? t : sum + t;
}

/* Set the counts and sub_target of parents of level from their children. */
static void
sum_children(struct rollup_region *r, size_t n, enum rollup_level level)
{
	size_t	 i, j;
	int	 k;

	for (i = 0; i < n; i++) {
		if (r[i].level != level)
			continue;
		r[i].sub_target = ROLLUP_NONE;
		if (level != ROLLUP_COUNTY) {
			for (k = 0; k < ROLLUP__MAX; k++)
				r[i].n[k] = 0;
			r[i].waiting = 0;
		}
		for (j = 0; j < n; j++) {
			if (r[j].level != level + 1 || strcmp(r[j].parent, r[i].code) != 0)
				continue;
			for (k = 0; k < ROLLUP__MAX; k++)
				r[i].n[k] += r[j].n[k];
			r[i].waiting += r[j].waiting;
			r[i].sub_target = sum_add(r[i].sub_target, r[j].target);
		}
	}
}

void
rollup_compute(struct rollup_region *r, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (r[i].level == ROLLUP_COUNTY) {
			r[i].target = r[i].own;
			r[i].sub_target = ROLLUP_NONE;
		}
	/* Counties first: a city without targets falls back on their sum. */
	sum_children(r, n, ROLLUP_CITY);
	for (i = 0; i < n; i++) {
		if (r[i].level != ROLLUP_CITY)
			continue;
		if (r[i].own != ROLLUP_NONE && (r[i].base == ROLLUP_NONE || r[i].own >= r[i].base))
			r[i].target = r[i].own;
		else if (r[i].base != ROLLUP_NONE)
			r[i].target = r[i].base;
		else
			r[i].target = r[i].sub_target;
	}
	sum_children(r, n, ROLLUP_PROVINCE);
	for (i = 0; i < n; i++)
		if (r[i].level == ROLLUP_PROVINCE)
			r[i].target = r[i].own;
}

int
rollup_rate(long long n, long long target, char *buf, size_t bufsz)
{
	if (target <= 0)
		return 0;
	snprintf(buf, bufsz, "%.2f", 100.0 * (double)n / (double)target);
	return 1;
}

struct rollup_region *
rollup_find(const struct rollup *ro, const char *code)
{
	size_t	 i;

	for (i = 0; i < ro->n; i++)
		if (strcmp(ro->r[i].code, code) == 0)
			return &ro->r[i];
	return NULL;
}

/* A nullable integer column, or ROLLUP_NONE. */
static long long
opt_int(const struct db_res *res, size_t row, size_t col)
{
	return db_res_get(res, row, col) == NULL ? ROLLUP_NONE : db_res_int(res, row, col, 0);
}

/* Fill ro from SQL_REGIONS' rows. */
static enum sme_err
regions_fill(const struct db_res *res, struct rollup *ro)
{
	const char	*lv;
	size_t		 i;

	if (res->nrows > 0 && (ro->r = calloc(res->nrows, sizeof(*ro->r))) == NULL)
		return SME_ENOMEM;
	ro->n = res->nrows;
	for (i = 0; i < res->nrows; i++) {
		struct rollup_region *g = &ro->r[i];

		snprintf(g->code, sizeof(g->code), "%s", db_res_get(res, i, 0));
		snprintf(g->parent, sizeof(g->parent), "%s", db_res_get(res, i, 1));
		snprintf(g->name, sizeof(g->name), "%s", db_res_get(res, i, 2));
		lv = db_res_get(res, i, 3);
		g->level = strcmp(lv, "province") == 0 ? ROLLUP_PROVINCE :
		    strcmp(lv, "city") == 0 ? ROLLUP_CITY : ROLLUP_COUNTY;
		g->base = opt_int(res, i, 4);
		g->own = opt_int(res, i, 5);
		g->local = opt_int(res, i, 6);
		g->target = g->sub_target = ROLLUP_NONE;
	}
	return SME_OK;
}

/* Add SQL_COUNTS' rows to the counties of ro. */
static void
counts_fill(const struct db_res *res, struct rollup *ro)
{
	struct rollup_region	*g;
	const char		*k;
	size_t			 i;
	int			 j;

	for (i = 0; i < res->nrows; i++) {
		if ((g = rollup_find(ro, db_res_get(res, i, 0))) == NULL ||
		    g->level != ROLLUP_COUNTY)
			continue;
		k = db_res_get(res, i, 1);
		for (j = 0; j < ROLLUP__MAX; j++)
			if (strcmp(k, count_keys[j]) == 0)
				g->n[j] += db_res_int(res, i, 2, 0);
		if (strcmp(k, "entry") == 0)
			g->waiting += db_res_int(res, i, 3, 0);
	}
}

enum sme_err
rollup_load(struct db *db, int year, const char *scope, struct rollup *ro)
{
	struct db_res	*rr = NULL, *rc = NULL;
	enum sme_err	 er;

	memset(ro, 0, sizeof(*ro));
	struct db_param pr[] = { DB_INT(year), DB_INT(year), DB_STR(scope) };
	struct db_param pc[] = { DB_INT(year), DB_INT(year), DB_INT(year), DB_INT(year),
	    DB_STR(scope) };
	if ((er = db_query(db, SQL_REGIONS, pr, 3, &rr)) != SME_OK ||
	    (er = db_query(db, SQL_COUNTS, pc, 5, &rc)) != SME_OK ||
	    (er = regions_fill(rr, ro)) != SME_OK)
		goto out;
	counts_fill(rc, ro);
	rollup_compute(ro->r, ro->n);
out:
	db_res_free(rr);
	db_res_free(rc);
	if (er != SME_OK)
		rollup_free(ro);
	return er;
}

void
rollup_free(struct rollup *ro)
{
	free(ro->r);
	ro->r = NULL;
	ro->n = 0;
}
