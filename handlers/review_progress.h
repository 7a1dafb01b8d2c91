/*
 * review_progress.h - the province's numbers on the stats page
 * (handlers/review_progress.c): four counts against the targets of three
 * levels by region (lib/rollup.c), the city's form for its own and its
 * counties' targets, and the 通报 workbook. Routed by sme-review.c.
 */
#ifndef REVIEW_PROGRESS_H
#define REVIEW_PROGRESS_H

#include "sme.h"

struct app_ctx;

/*
 * Fill the progress section of the stats page of year: the caller's
 * region (the province, or with ?city= one city's counties; a city and
 * its counties; a county). With form set, the target inputs show what was
 * posted (a 422). *found is 0 when ?city= names no city (the caller
 * answers 404).
 */
enum sme_err	 review_progress_fill(struct app_ctx *c, int year, int form, int *found);

/* POST /review/stats/local (year, own, target_<county>): a city's targets. */
enum sme_err	 review_progress_local(struct app_ctx *c);

/* GET /review/stats/report.xlsx (year): the province's 通报 of the cities. */
enum sme_err	 review_progress_xlsx(struct app_ctx *c);

#endif
