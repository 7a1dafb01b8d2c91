/*
 * rollup.h - the province's numbers: four counts of a year by region
 * (新增入库 and 数据更新 accepted, titles granted, innovative SMEs) against
 * the entry targets of three levels, rolled up county -> city -> province.
 * Not the filing tabs' progress (progress.c).
 */
#ifndef ROLLUP_H
#define ROLLUP_H

#include <stddef.h>
#include "sme.h"

struct db;

/* What is counted; labels by rollup_count_label(). */
enum rollup_count {
	ROLLUP_ENTRY,	/* 新增入库 filings accepted (entered the library) */
	ROLLUP_UPDATE,	/* 数据更新 filings accepted */
	ROLLUP_TITLE,	/* titles granted that year (小巨人, 专精特新产品...) */
	ROLLUP_INNOV,	/* enterprises a published evaluation of the year qualifies (创新型中小企业) */
	ROLLUP__MAX
};

enum rollup_level {
	ROLLUP_PROVINCE,
	ROLLUP_CITY,
	ROLLUP_COUNTY,
	ROLLUP_LEVEL__MAX
};

#define ROLLUP_NONE	(-1LL)	/* no target */

struct rollup_region {
	char			 code[7];	/* GB/T 2260 */
	char			 parent[7];	/* "" for the province */
	char			 name[100];
	enum rollup_level	 level;
	long long		 n[ROLLUP__MAX];	/* counts; a county's from the database, above: sums */
	long long		 waiting;	/* entries in review (county, city, province) */
	long long		 base;		/* a city: the province's figure (city_target); else ROLLUP_NONE */
	long long		 own;		/* region_target: the province total, a city's raised figure, a county's; ROLLUP_NONE */
	long long		 local;		/* the region's own library target (region_target.local_target); ROLLUP_NONE */
	long long		 target;	/* set by rollup_compute: the target that counts; ROLLUP_NONE */
	long long		 sub_target;	/* set by rollup_compute: sum of the children's targets; ROLLUP_NONE if none has one */
};

/* The regions of a scope: the province (if in scope), cities, counties, each by code. */
struct rollup {
	struct rollup_region	*r;	/* owned; rollup_free */
	size_t			 n;
};

/* zh-CN label of a count, e.g. "新增入库". */
const char	*rollup_count_label(enum rollup_count k);

/*
 * Compute targets and sums over r[0..n) (counties' counts as loaded): a
 * county's target is its own; a city's is its raised figure when at least
 * the province's, else the province's, else (neither set) the sum of its
 * counties' targets; the province's is its total. Counts of a city are
 * the sums of its counties', the province's the sums of its cities'.
 * sub_target: the sum of the children's targets (the province total is
 * shown beside the sum of the cities'). Idempotent.
 */
void		 rollup_compute(struct rollup_region *r, size_t n);

/* Completion of n against target in percent into buf ("50.00"); 0 if no target (> 0). */
int		 rollup_rate(long long n, long long target, char *buf, size_t bufsz);

/* The region of code in ro, or NULL. Borrowed. */
struct rollup_region *rollup_find(const struct rollup *ro, const char *code);

/*
 * Load year's regions of scope (320000, a city or a county) with their
 * targets and counts (two queries: regions with targets, counts grouped by
 * county), then rollup_compute. On SME_OK the caller frees ro with
 * rollup_free.
 */
enum sme_err	 rollup_load(struct db *db, int year, const char *scope, struct rollup *ro);

/* Free what rollup_load allocated; accepts a zeroed struct. */
void		 rollup_free(struct rollup *ro);

#endif
