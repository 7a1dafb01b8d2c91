/*
 * review_deadline.h - the province's page of review deadlines
 * (handlers/review_deadline.c): beside each kind's filing window of a
 * year, the last day of each review level. Routed by sme-review.c's table.
 */
#ifndef REVIEW_DEADLINE_H
#define REVIEW_DEADLINE_H

#include "sme.h"

struct app_ctx;

/* GET /review/deadlines (year): the windows and deadlines of the year. */
enum sme_err	 review_deadline_page(struct app_ctx *c);

/* POST /review/deadlines (year, due_<kind>_<level>): the province sets them. */
enum sme_err	 review_deadline_post(struct app_ctx *c);

/*
 * The statistics page's summary of filings waiting past their deadline
 * now, per city and per county under it with any, in the caller's region
 * (fills overdue_rows and overdue_total of the page being built).
 */
enum sme_err	 review_deadline_overdue(struct app_ctx *c);

#endif
