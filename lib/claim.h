/*
 * claim.h - who holds a credit code (统一社会信用代码). Only a registration
 * the county confirmed holds one (enterprise.uscc_confirmed is unique); a
 * pending one does not block another registration of the same code, and
 * two live (pending or confirmed) registrations of a code are a dispute
 * the county decides with both licences before it. A registration that
 * squats another company's code is released: returned with the reason, its
 * account locked and its sessions ended, the code free again.
 */
#ifndef CLAIM_H
#define CLAIM_H

#include <stddef.h>

#include "sme.h"

struct config;
struct db;
struct db_res;

/* *n = the live (pending or confirmed) registrations of uscc. */
enum sme_err	 claim_live(struct db *db, const char *uscc, long *n);

/*
 * The disputes the county region sees: every live registration of a code
 * that has a pending registration in the county and another live one, as
 * *res ordered by code (the caller frees it with db_res_free): uscc, id,
 * name, status, region name, username, mobile, licence (file name or ""),
 * registered at (CST text), and the username recoveries withheld for the
 * code (lib/claim.h: they went to neither).
 */
enum sme_err	 claim_disputes(struct db *db, const char *region,
		    struct db_res **res);
/* claim_disputes' columns, in their order. */
enum {
	CLAIM_DISPUTE_USCC, CLAIM_DISPUTE_ID, CLAIM_DISPUTE_NAME,
	CLAIM_DISPUTE_STATUS, CLAIM_DISPUTE_REGION, CLAIM_DISPUTE_USERNAME,
	CLAIM_DISPUTE_MOBILE, CLAIM_DISPUTE_LICENCE, CLAIM_DISPUTE_AT,
	CLAIM_DISPUTE_WITHHELD
};

/* *id = the confirmed registration of uscc in county region, or 0. */
enum sme_err	 claim_confirmed_in(struct db *db, const char *uscc,
		    const char *region, long long *id);

/* *id = the enterprise of the enterprise account username, or 0. */
enum sme_err	 claim_of_account(struct db *db, const char *username,
		    long long *id);

/*
 * The licence file of registration id (name into buf, bufsz bytes, "" when
 * none or not visible) as the county reviewer of region may see it: a
 * registration of its county, or one disputing a code with a pending
 * registration of its county.
 */
enum sme_err	 claim_licence(struct db *db, long long id, const char *region,
		    char *buf, size_t bufsz);

/*
 * Release the code held by enterprise id, in a transaction of its own:
 * the registration is returned with reason, its accounts locked and their
 * sessions ended, audited as uscc_release by actor (0: the operator's
 * command line) from ip (NULL there). *done is 0 if it held no code (not
 * pending nor confirmed).
 */
enum sme_err	 claim_release(struct db *db, long long id, const char *reason,
		    long long actor, const char *ip, int *done);

/* A county's decision on a pending registration, as claim_decide() takes it. */
struct claim_decision {
	const struct config *cfg;	/* the SMS templates */
	long long	 actor;		/* the reviewer's account */
	const char	*ip;
	const char	*region;	/* the reviewer's county: only its registrations */
	long long	 id, version;	/* the enterprise, the version the reviewer saw */
	int		 approve;	/* 1: confirm, 0: return with reason */
	const char	*reason, *name, *oid, *after, *mobile;
	int		 stale;		/* out: someone decided it first */
	int		 held;		/* out: another registration holds the code */
};

/*
 * Confirm or return registration d->id in one transaction (db_tx_run): the
 * enterprise's status (SME_ECONFLICT with d->stale when it moved on, with
 * d->held when another confirmed registration holds the code), the
 * account made active, the audit row and the SMS to d->mobile (if any).
 */
enum sme_err	 claim_decide(struct db *db, struct claim_decision *d);

#endif
