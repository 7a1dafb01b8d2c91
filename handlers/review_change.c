/*
 * review_change.c - reviewers decide the corrections enterprises ask for:
 * a change of county (lib/regionmove.c; the county left or its city) and
 * a change of mobile without password (lib/mobilechange.c; the county,
 * with the registration's licence in view).
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "flash.h"
#include "flow.h"
#include "mobilechange.h"
#include "regionmove.h"
#include "review_change.h"
#include "session.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

#define CHANGE_REASON_MIN	5	/* characters of a refusal, at least */
#define CHANGE_REASON_MAX	200	/* characters of a refusal, at most */

/*
 * The decision form's fields: *confirm from action (confirm, refuse), a
 * refusal's reason. 1 if acceptable, else the errors are on the page.
 */
static int
change_decision(struct app_ctx *c, int *confirm)
{
	const char	*action = req_form(c->r, "action");
	size_t		 n = validate_chars(req_form(c->r, "reason"));

	*confirm = action != NULL && strcmp(action, "confirm") == 0;
	if (action == NULL || (!*confirm && strcmp(action, "refuse") != 0))
		app_field_error(c, "action", "请选择处理结果：确认或不同意");
	else if (!*confirm && n < CHANGE_REASON_MIN)
		app_field_error(c, "reason", "请填写不同意的原因（至少5个字）");
	else if (!*confirm && n > CHANGE_REASON_MAX)
		app_field_error(c, "reason", "不同意的原因不能超过200个字");
	if (tmpl_get(c->v, "has_errors") != NULL) {
		tmpl_set(c->v, "f_id", c->arg[0]);
		tmpl_set(c->v, "f_reason", req_form(c->r, "reason"));
		return 0;
	}
	return 1;
}

/* ---- the registered county ---------------------------------------------- */

/* The requests the caller sees, rendered with status. */
static enum sme_err
change_moves_render(struct app_ctx *c, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	const char		*st;

	if ((er = regionmove_list(c->db, c->sess->region_code, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "moves")) == NULL)
			break;
		st = db_res_get(res, i, 7);
		tmpl_set(it, "id", db_res_get(res, i, 0));
		tmpl_set(it, "name", db_res_get(res, i, 1));
		tmpl_set(it, "uscc", db_res_get(res, i, 2));
		tmpl_set(it, "from", db_res_get(res, i, 3));
		tmpl_set(it, "to", db_res_get(res, i, 5));
		tmpl_set(it, "reason", db_res_get(res, i, 6));
		tmpl_set(it, "state", vocab_request_state_label(st));
		tmpl_set(it, "state_key", st);
		tmpl_set(it, "at", db_res_get(res, i, 8));
		tmpl_set(it, "decided", db_res_get(res, i, 9));
		tmpl_set(it, "refused", db_res_get(res, i, 10));
		tmpl_set(it, "open", db_res_get(res, i, 13));
		if (strcmp(st, "confirmed") == 0) {
			tmpl_set(it, "moved", db_res_get(res, i, 11));
			tmpl_set(it, "returned", db_res_get(res, i, 12));
		}
		if (db_res_int(res, i, 14, 0) != 1)
			tmpl_set(it, "incoming", "1");
		else if (strcmp(st, "pending") == 0)
			tmpl_setf(it, "action", "/review/moves/%s",
			    db_res_get(res, i, 0));
	}
	tmpl_set(c->v, "empty", res->nrows == 0 ? "1" : NULL);
	db_res_free(res);
	if (tmpl_get(c->v, "notice") == NULL)
		tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW,
		    req_query(c->r, "msg")));
	return app_render(c, status, "review_moves");
}

enum sme_err
review_change_moves(struct app_ctx *c)
{
	return change_moves_render(c, 200);
}

/*
 * The answer to a decision lib has made (found, stale): 404 for a request
 * outside the region, 409 with the list again (render) when it was already
 * decided, else back to list with the flash of confirm or refuse.
 */
static enum sme_err
change_answer(struct app_ctx *c, int found, int stale,
    enum sme_err (*render)(struct app_ctx *, int), const char *to_confirmed,
    const char *to_refused, int confirm)
{
	if (!found) {
		app_error(c, 404);
		return SME_OK;
	}
	if (stale) {
		tmpl_set(c->v, "notice", "该申请已被处理，请查看最新列表。");
		return render(c, 409);
	}
	req_redirect(c->r, confirm ? to_confirmed : to_refused);
	return SME_OK;
}

enum sme_err
review_change_move_post(struct app_ctx *c)
{
	struct regionmove_decision	 d;
	enum sme_err			 er;
	int				 confirm;

	memset(&d, 0, sizeof(d));
	if (!change_decision(c, &confirm))
		return change_moves_render(c, 422);
	d.cfg = c->app->cfg;
	d.id = app_id(c->arg[0]);
	d.actor = c->sess->account_id;
	d.ip = c->r->remote_addr;
	d.region = c->sess->region_code;
	d.confirm = confirm;
	d.reason = confirm ? NULL : req_form(c->r, "reason");
	if ((er = regionmove_decide(c->db, &d)) != SME_OK)
		return er;
	return change_answer(c, d.found, d.stale, change_moves_render,
	    "/review/moves?msg=move_confirmed", "/review/moves?msg=move_refused",
	    confirm);
}

/* ---- the mobile ---------------------------------------------------------- */

/* The county's requests, rendered with status. */
static enum sme_err
change_mobiles_render(struct app_ctx *c, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	const char		*st;

	if ((er = mobilechange_list(c->db, c->sess->region_code,
	    &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "reqs")) == NULL)
			break;
		st = db_res_get(res, i, 11);
		tmpl_set(it, "id", db_res_get(res, i, 0));
		tmpl_set(it, "name", db_res_get(res, i, 2));
		tmpl_set(it, "uscc", db_res_get(res, i, 3));
		tmpl_set(it, "username", db_res_get(res, i, 4));
		tmpl_set(it, "mobile_now", db_res_get(res, i, 5));
		tmpl_set(it, "mobile_new", db_res_get(res, i, 6));
		tmpl_set(it, "contact", db_res_get(res, i, 7));
		tmpl_set(it, "reason", db_res_get(res, i, 8));
		tmpl_set(it, "at", db_res_get(res, i, 9));
		/* The registration's licence (GET /review/registrations/{id}/licence). */
		if (db_res_int(res, i, 10, 0) == 1)
			tmpl_setf(it, "licence", "/review/registrations/%s/licence",
			    db_res_get(res, i, 1));
		tmpl_set(it, "state", vocab_request_state_label(st));
		tmpl_set(it, "state_key", st);
		tmpl_set(it, "decided", db_res_get(res, i, 12));
		tmpl_set(it, "refused", db_res_get(res, i, 13));
		if (strcmp(st, "pending") == 0)
			tmpl_setf(it, "action", "/review/mobiles/%s",
			    db_res_get(res, i, 0));
	}
	tmpl_set(c->v, "empty", res->nrows == 0 ? "1" : NULL);
	db_res_free(res);
	if (tmpl_get(c->v, "notice") == NULL)
		tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW,
		    req_query(c->r, "msg")));
	return app_render(c, status, "review_mobiles");
}

/* 1 if the caller is a county reviewer, else a 404 is answered. */
static int
change_county_only(struct app_ctx *c)
{
	/* The county confirmed the registration, and checks its licence again. */
	if (flow_role_parse(c->sess->role) == FLOW_RCOUNTY)
		return 1;
	app_error(c, 404);
	return 0;
}

enum sme_err
review_change_mobiles(struct app_ctx *c)
{
	if (!change_county_only(c))
		return SME_OK;
	return change_mobiles_render(c, 200);
}

enum sme_err
review_change_mobile_post(struct app_ctx *c)
{
	struct mobilechange_decision	 d;
	enum sme_err			 er;
	int				 confirm;

	if (!change_county_only(c))
		return SME_OK;
	memset(&d, 0, sizeof(d));
	if (!change_decision(c, &confirm))
		return change_mobiles_render(c, 422);
	d.cfg = c->app->cfg;
	d.id = app_id(c->arg[0]);
	d.actor = c->sess->account_id;
	d.ip = c->r->remote_addr;
	d.region = c->sess->region_code;
	d.confirm = confirm;
	d.reason = confirm ? NULL : req_form(c->r, "reason");
	if ((er = mobilechange_decide(c->db, &d)) != SME_OK)
		return er;
	return change_answer(c, d.found, d.stale, change_mobiles_render,
	    "/review/mobiles?msg=mobile_confirmed",
	    "/review/mobiles?msg=mobile_refused", confirm);
}
