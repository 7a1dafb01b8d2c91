/*
 * remind.h - the daily reminder to bureaus whose filings are overdue or
 * about to be (sme-admin remind-reviewers): an SMS to each reviewer of
 * the bureau through the outbox, at most once a Beijing day a bureau
 * (table review_reminder), audited.
 */
#ifndef REMIND_H
#define REMIND_H

#include <time.h>
#include "sme.h"

struct config;
struct db;

/* What one run did. */
struct remind_result {
	int	 bureaus;	/* bureaus with filings overdue or due within DEADLINE_SOON_DAYS */
	int	 reminded;	/* of them, reminded now (not yet today) */
	int	 sms;		/* messages queued */
	int	 unreachable;	/* bureaus with no reviewer's mobile: not recorded */
};

/*
 * Remind, as of instant now, every bureau (county, city, province) with
 * filings waiting at its level that are overdue or have at most
 * DEADLINE_SOON_DAYS days left, unless it was reminded on now's Beijing
 * day already. Each bureau's record, messages and audit row are one
 * transaction. A bureau none of whose active reviewers has a mobile is
 * logged and counted as unreachable, and its day not recorded.
 */
enum sme_err	 remind_reviewers(struct db *db, const struct config *cfg,
		    time_t now, struct remind_result *out);

#endif
