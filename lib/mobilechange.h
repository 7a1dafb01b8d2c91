/*
 * mobilechange.h - changing an enterprise account's mobile (seed 002 FAQ
 * 1.1): by the owner, logged in, with an SMS code sent to the new number
 * and its password; or, when both password and mobile are lost, by a
 * request to its county (table mobile_request) that the county confirms
 * with the licence on file. Either way the old number is told by SMS.
 */
#ifndef MOBILECHANGE_H
#define MOBILECHANGE_H

#include "sme.h"

struct config;
struct db;
struct db_res;

#define MOBILECHANGE_REASON_MIN		5	/* characters of a reason, at least */
#define MOBILECHANGE_REASON_MAX		200	/* characters of a reason, at most */
#define MOBILECHANGE_CONTACT_MAX	30	/* characters of a contact name */

/*
 * Inside the caller's transaction: account's mobile becomes mobile, the
 * change is audited as action by actor from ip, and the old number (when
 * there was one and it differs) gets an SMS notice with the new number
 * masked. *found is 0 when the account does not exist (nothing written).
 */
enum sme_err	 mobilechange_apply(struct db *db, const struct config *cfg,
		    long long account, const char *mobile, long long actor,
		    const char *ip, const char *action, int *found);

/*
 * The owner's change, in a transaction of its own: use SMS code code_id
 * (checked right by smscode_check for the new mobile), then
 * mobilechange_apply. *gone is 1 when the code was used or expired
 * meanwhile: nothing is written.
 */
enum sme_err	 mobilechange_self(struct db *db, const struct config *cfg,
		    long long account, const char *mobile, long long code_id,
		    const char *ip, int *gone);

/* A request to the county, as typed (strings borrowed). */
struct mobilechange_ask {
	const char	*uscc;		/* valid credit code, upper case */
	const char	*mobile;	/* the new mobile, proved by code_id */
	const char	*contact;	/* who asks */
	const char	*reason;
	const char	*ip;
	long long	 code_id;	/* the right code (smscode_check) */
	int		 gone;		/* out: 1 if the code was used meanwhile */
	long long	 id;		/* out: the request; 0 when the credit
					   code names no confirmed enterprise */
};

/*
 * In one transaction: use the code; when uscc names a confirmed
 * enterprise with an account, store the request for its county; audit
 * either way. The caller answers the same whether a request was stored
 * or not (a stranger learns nothing of the credit code).
 */
enum sme_err	 mobilechange_request(struct db *db, struct mobilechange_ask *a);

/* The county's decision, as mobilechange_decide() takes it. */
struct mobilechange_decision {
	const struct config	*cfg;
	long long		 id;		/* the request */
	long long		 actor;		/* the county reviewer */
	const char		*ip;
	const char		*region;	/* the reviewer's county */
	int			 confirm;	/* 1 confirm, 0 refuse */
	const char		*reason;	/* why refused; NULL to confirm */
	int			 found;		/* out: 0 no such request in region */
	int			 stale;		/* out: 1 already decided */
};

/*
 * Decide request d->id, if the enterprise is in d->region, in one
 * transaction: confirm sets the account's mobile (mobilechange_apply: the
 * old number told); both ways the new number is told the outcome by SMS
 * and the decision audited. Not found or stale: nothing written, SME_OK.
 */
enum sme_err	 mobilechange_decide(struct db *db,
		    struct mobilechange_decision *d);

/*
 * The requests of the enterprises of county region, pending first, then
 * the latest decided (at most 50). Columns: id, enterprise id, name,
 * credit code, username, mobile now, new mobile, contact, reason, asked
 * at, has a licence (1/0), state, decided at, refuse reason. The caller
 * frees *out.
 */
enum sme_err	 mobilechange_list(struct db *db, const char *region,
		    struct db_res **out);
/* mobilechange_list's columns, in their order. */
enum {
	MOBILECHANGE_LIST_ID, MOBILECHANGE_LIST_ENTERPRISE, MOBILECHANGE_LIST_NAME,
	MOBILECHANGE_LIST_USCC, MOBILECHANGE_LIST_USERNAME,
	MOBILECHANGE_LIST_MOBILE_NOW, MOBILECHANGE_LIST_MOBILE_NEW,
	MOBILECHANGE_LIST_CONTACT, MOBILECHANGE_LIST_REASON, MOBILECHANGE_LIST_AT,
	MOBILECHANGE_LIST_LICENCE, MOBILECHANGE_LIST_STATE,
	MOBILECHANGE_LIST_DECIDED, MOBILECHANGE_LIST_REFUSED
};

/* mobile with its middle four digits hidden ("138****5678") into out. */
void		 mobilechange_mask(const char *mobile, char out[12]);

#endif
