/*
 * review_library.h - the library's year in the review handler
 * (handlers/review_library.c): bureaus' list of library enterprises that
 * have not updated, reminders, 清退出库 (propose, confirm, undo), the
 * province's publication of the year's library, and the public library
 * (GET /library/public[.csv]). Routed by sme-review.c's table.
 */
#ifndef REVIEW_LIBRARY_H
#define REVIEW_LIBRARY_H

#include "sme.h"

struct app_ctx;

/* GET /review/library (year): the region's non-updaters and removals. */
enum sme_err	 review_library_page(struct app_ctx *c);

/* POST /review/library/remind (year): SMS to every non-updater, once a day each. */
enum sme_err	 review_library_remind(struct app_ctx *c);

/* POST /review/library/propose (county: ent, year, reason). */
enum sme_err	 review_library_propose(struct app_ctx *c);

/* POST /review/library/confirm (city: removal, version). */
enum sme_err	 review_library_confirm(struct app_ctx *c);

/* POST /review/library/undo (city: removal, version, reason). */
enum sme_err	 review_library_undo(struct app_ctx *c);

/* POST /review/library/publish (province: year). */
enum sme_err	 review_library_publish(struct app_ctx *c);

/*
 * GET /library/public (year, city, county, industry, q, page; format=csv),
 * and GET /library/public.csv: the same list as a UTF-8 CSV.
 */
enum sme_err	 review_library_public(struct app_ctx *c);

#endif
