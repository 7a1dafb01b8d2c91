/*
 * review_report.h - the review handler's reports (handlers/review_report.c):
 * the recommendation summary (推荐汇总表) as .xlsx and .csv, and entries
 * against the cities' targets. Routed by sme-review.c's table.
 */
#ifndef REVIEW_REPORT_H
#define REVIEW_REPORT_H

#include "sme.h"

struct app_ctx;

/* GET /review/export.xlsx and /review/export.csv (year, kind): by the extension. */
enum sme_err	 review_report_export(struct app_ctx *c);

/* GET /review/stats (year): table and SVG bar chart. */
enum sme_err	 review_report_stats(struct app_ctx *c);

/*
 * POST /review/stats/targets (year, target_<city code>, target_total): the
 * province sets its figure for each city and the province total.
 */
enum sme_err	 review_report_targets(struct app_ctx *c);

/* The stats page of year answered with status; form: the inputs as posted (a 422). */
enum sme_err	 review_report_stats_page(struct app_ctx *c, int year, int status, int form);


#endif
