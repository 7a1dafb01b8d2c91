/*
 * review_change.h - the review handler's corrections of enterprises
 * (handlers/review_change.c): requests to change the registered county,
 * decided by the county left or its city, and requests to change an
 * account's mobile, decided by the county with the licence on file.
 * Routed by sme-review.c's table.
 */
#ifndef REVIEW_CHANGE_H
#define REVIEW_CHANGE_H

#include "sme.h"

struct app_ctx;

/* GET /review/moves: leaving the caller's area (to decide) and coming in. */
enum sme_err	 review_change_moves(struct app_ctx *c);

/* POST /review/moves/{id} (action confirm|refuse, reason): 404 outside. */
enum sme_err	 review_change_move_post(struct app_ctx *c);

/* GET /review/mobiles (county): the requests with the licence. */
enum sme_err	 review_change_mobiles(struct app_ctx *c);

/* POST /review/mobiles/{id} (action confirm|refuse, reason): 404 outside. */
enum sme_err	 review_change_mobile_post(struct app_ctx *c);

#endif
