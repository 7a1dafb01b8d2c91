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
#include "rowvars.h"
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

/* A request's values as regionmove_list has them. */
static const struct rowvar move_vars[] = {
	{ "id", REGIONMOVE_LIST_ID }, { "name", REGIONMOVE_LIST_NAME },
	{ "uscc", REGIONMOVE_LIST_USCC }, { "from", REGIONMOVE_LIST_FROM },
	{ "to", REGIONMOVE_LIST_TO_FULL }, { "reason", REGIONMOVE_LIST_REASON },
	{ "at", REGIONMOVE_LIST_AT }, { "decided", REGIONMOVE_LIST_DECIDED },
	{ "refused", REGIONMOVE_LIST_REFUSED }, { "open", REGIONMOVE_LIST_OPEN },
};

/* What row i of regionmove_list in state st adds to its item it. */
static void
change_move_row(struct tmpl_vars *it, const struct db_res *res, size_t i,
    const char *st)
{
	if (strcmp(st, "confirmed") == 0) {
		tmpl_set(it, "moved", db_res_get(res, i, REGIONMOVE_LIST_MOVED));
		tmpl_set(it, "returned",
		    db_res_get(res, i, REGIONMOVE_LIST_RETURNED));
	}
	if (db_res_int(res, i, REGIONMOVE_LIST_DECIDES, 0) != 1)
		tmpl_set(it, "incoming", "1");
	else if (strcmp(st, "pending") == 0)
		tmpl_setf(it, "action", "/review/moves/%s",
		    db_res_get(res, i, REGIONMOVE_LIST_ID));
}

/* ---- the mobile ---------------------------------------------------------- */

/* A request's values as mobilechange_list has them. */
static const struct rowvar mobile_vars[] = {
	{ "id", MOBILECHANGE_LIST_ID }, { "name", MOBILECHANGE_LIST_NAME },
	{ "uscc", MOBILECHANGE_LIST_USCC }, { "username", MOBILECHANGE_LIST_USERNAME },
	{ "mobile_now", MOBILECHANGE_LIST_MOBILE_NOW },
	{ "mobile_new", MOBILECHANGE_LIST_MOBILE_NEW },
	{ "contact", MOBILECHANGE_LIST_CONTACT }, { "reason", MOBILECHANGE_LIST_REASON },
	{ "at", MOBILECHANGE_LIST_AT }, { "decided", MOBILECHANGE_LIST_DECIDED },
	{ "refused", MOBILECHANGE_LIST_REFUSED },
};

/* What row i of mobilechange_list in state st adds to its item it. */
static void
change_mobile_row(struct tmpl_vars *it, const struct db_res *res, size_t i,
    const char *st)
{
	/* The registration's licence (GET /review/registrations/{id}/licence). */
	if (db_res_int(res, i, MOBILECHANGE_LIST_LICENCE, 0) == 1)
		tmpl_setf(it, "licence", "/review/registrations/%s/licence",
		    db_res_get(res, i, MOBILECHANGE_LIST_ENTERPRISE));
	if (strcmp(st, "pending") == 0)
		tmpl_setf(it, "action", "/review/mobiles/%s",
		    db_res_get(res, i, MOBILECHANGE_LIST_ID));
}

/* ---- both kinds of request ----------------------------------------------- */

/* What lib said of a decision: 0 no such request in the region; 1 already decided. */
struct change_outcome {
	int	 found;
	int	 stale;
};

/*
 * Define function name(c, confirm, out): the decision of c's form on
 * request {id}, in a struct type (regionmove_decision, mobilechange_decision:
 * the same names for what the form gives), made by decide.
 */
#define CHANGE_DECIDER(name, type, decide)				\
static enum sme_err							\
name(struct app_ctx *c, int confirm, struct change_outcome *out)	\
{									\
	type		 d;						\
	enum sme_err	 er;						\
									\
	memset(&d, 0, sizeof(d));					\
	d.cfg = c->app->cfg;						\
	d.id = app_id(c->arg[0]);					\
	d.actor = c->sess->account_id;					\
	d.ip = c->r->remote_addr;					\
	d.region = c->sess->region_code;				\
	d.confirm = confirm;						\
	d.reason = confirm ? NULL : req_form(c->r, "reason");		\
	er = decide(c->db, &d);						\
	out->found = d.found;						\
	out->stale = d.stale;						\
	return er;							\
}

CHANGE_DECIDER(change_move_decide, struct regionmove_decision,
    regionmove_decide)
CHANGE_DECIDER(change_mobile_decide, struct mobilechange_decision,
    mobilechange_decide)

/* A kind of request a reviewer decides: its list, its page, its decision. */
struct change_kind {
	int		 county_only;	/* 1: a city reviewer gets 404 */
	enum sme_err	(*list)(struct db *, const char *, struct db_res **);
	const struct rowvar *vars;	/* an item's values from list's row */
	size_t		 nvars;
	size_t		 state_col;	/* list's column of the state */
	void		(*row)(struct tmpl_vars *, const struct db_res *,
			    size_t, const char *);	/* the rest of an item */
	const char	*items;		/* the page's list */
	const char	*page;
	enum sme_err	(*decide)(struct app_ctx *, int, struct change_outcome *);
	const char	*to_confirmed;	/* where to after a confirmation */
	const char	*to_refused;	/* where to after a refusal */
};

static const struct change_kind change_move = {
	0, regionmove_list, move_vars, NELEM(move_vars), REGIONMOVE_LIST_STATE,
	change_move_row, "moves", "review_moves", change_move_decide,
	"/review/moves?msg=move_confirmed", "/review/moves?msg=move_refused",
};
static const struct change_kind change_mobile = {
	1, mobilechange_list, mobile_vars, NELEM(mobile_vars),
	MOBILECHANGE_LIST_STATE, change_mobile_row, "reqs", "review_mobiles",
	change_mobile_decide, "/review/mobiles?msg=mobile_confirmed",
	"/review/mobiles?msg=mobile_refused",
};

/*
 * The requests of kind k the caller sees, rendered with status: "empty"
 * when there is none, the flash of ?msg= unless a notice is set already.
 */
static enum sme_err
change_render(struct app_ctx *c, const struct change_kind *k, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i;
	const char		*st;

	if ((er = k->list(c->db, c->sess->region_code, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, k->items)) == NULL)
			break;
		st = db_res_get(res, i, k->state_col);
		rowvars_set(it, res, i, k->vars, k->nvars);
		tmpl_set(it, "state", vocab_request_state_label(st));
		tmpl_set(it, "state_key", st);
		k->row(it, res, i, st);
	}
	tmpl_set(c->v, "empty", res->nrows == 0 ? "1" : NULL);
	db_res_free(res);
	if (tmpl_get(c->v, "notice") == NULL)
		tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW,
		    req_query(c->r, "msg")));
	return app_render(c, status, k->page);
}

/* 1 if the caller may see requests of kind k, else a 404 is answered. */
static int
change_allowed(struct app_ctx *c, const struct change_kind *k)
{
	/* The county confirmed the registration, and checks its licence again. */
	if (!k->county_only || flow_role_parse(c->sess->role) == FLOW_RCOUNTY)
		return 1;
	app_error(c, 404);
	return 0;
}

/*
 * POST of a decision on a request of kind k: the form checked (422 with
 * the list again), lib decides; 404 for a request outside the region, 409
 * with the list again when it was already decided, else back to the list
 * with the flash of confirm or refuse.
 */
static enum sme_err
change_post(struct app_ctx *c, const struct change_kind *k)
{
	struct change_outcome	 o;
	enum sme_err		 er;
	int			 confirm;

	if (!change_allowed(c, k))
		return SME_OK;
	if (!change_decision(c, &confirm))
		return change_render(c, k, 422);
	if ((er = k->decide(c, confirm, &o)) != SME_OK)
		return er;
	if (!o.found) {
		app_error(c, 404);
		return SME_OK;
	}
	if (o.stale) {
		tmpl_set(c->v, "notice", "该申请已被处理，请查看最新列表。");
		return change_render(c, k, 409);
	}
	req_redirect(c->r, confirm ? k->to_confirmed : k->to_refused);
	return SME_OK;
}

enum sme_err
review_change_moves(struct app_ctx *c)
{
	return change_render(c, &change_move, 200);
}

enum sme_err
review_change_move_post(struct app_ctx *c)
{
	return change_post(c, &change_move);
}

enum sme_err
review_change_mobiles(struct app_ctx *c)
{
	if (!change_allowed(c, &change_mobile))
		return SME_OK;
	return change_render(c, &change_mobile, 200);
}

enum sme_err
review_change_mobile_post(struct app_ctx *c)
{
	return change_post(c, &change_mobile);
}
