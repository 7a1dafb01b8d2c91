/*
 * libyear.h - the library's year (seed 001/002): each library enterprise's
 * 数据更新 status of a year, reminders to the ones that have not updated,
 * removal from the library (清退出库: county proposes, city confirms or
 * undoes), and the province's published library of each year (tables of
 * schema/048_library_year.sql).
 */
#ifndef LIBYEAR_H
#define LIBYEAR_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;
struct db_res;

/* An enterprise's 数据更新 of a year. */
enum libyear_status {
	LIBYEAR_NONE,		/* not owed: outside the library, or entered that year */
	LIBYEAR_DUE,		/* owed, not submitted, the window not closed */
	LIBYEAR_FILED,		/* submitted, in review */
	LIBYEAR_ACCEPTED,	/* accepted */
	LIBYEAR_OVERDUE,	/* owed, not submitted, the window closed */
	LIBYEAR__MAX
};

/* The furthest a year's 数据更新 filings of one enterprise got. */
enum libyear_filed {
	LIBYEAR_F_NONE,		/* none, or only drafts and returned ones */
	LIBYEAR_F_REVIEW,	/* one waits at a level */
	LIBYEAR_F_ACCEPTED,	/* one was accepted */
};

#define LIBYEAR_REASON_MIN	5	/* characters a removal or undo reason needs */
#define LIBYEAR_REASON_CHARS	200	/* characters it may have */
#define LIBYEAR_LIST_MAX	2000	/* rows a bureau's page shows; counted all */
#define LIBYEAR_PUBLIC_PAGE	50	/* rows a page of the public library */

/*
 * The status of year's update for an enterprise: in_library now, entered
 * by an accepted 新增入库 of entry_year (0 when it entered outside the
 * platform: it owes every year), its filings got as far as filed, and the
 * update window of year closed (1) or not (0, also when there is none).
 */
enum libyear_status libyear_status(int in_library, int entry_year, int year,
		    enum libyear_filed filed, int window_closed);

/* "none", "due", "filed", "accepted", "overdue" (vocab.c has the labels). */
const char	*libyear_status_name(enum libyear_status s);

/* The columns of libyear_list's rows, in order. */
enum libyear_col {
	LY_ID, LY_NAME, LY_USCC, LY_COUNTY, LY_IN_LIBRARY, LY_ENTRY_YEAR,
	LY_FILED, LY_REMINDED, LY_REMINDERS, LY_MOBILE, LY_REMOVAL_ID,
	LY_REMOVAL_STATE, LY_REMOVAL_REASON, LY_REMOVAL_VERSION, LY_UNDO_REASON,
	LY__MAX
};

/*
 * The library enterprises of the region region_code covers (a county, a
 * city, the province), of county only unless it is NULL or "", for year,
 * with what libyear_row_status needs, and those with a removal of that
 * year; all of them (the reminders and the counts need every one), by
 * county and name. *closed is 1 when year's update window has closed, and closes
 * (closessz bytes) gets its last day (YYYY-MM-DD, "" without a window).
 * The caller frees *out with db_res_free().
 */
enum sme_err	 libyear_list(struct db *db, const char *region_code,
		    const char *county, int year, struct db_res **out, int *closed,
		    char *closes, size_t closessz);

/* The status of row i of libyear_list's result. */
enum libyear_status libyear_row_status(const struct db_res *res, size_t i,
		    int year, int closed);

/* Who acts, from where, in which region (the session's). */
struct libyear_actor {
	long long	 id;		/* account.id */
	const char	*ip;		/* may be NULL */
	const char	*region;	/* the account's region_code */
	const char	*county;	/* a county of it to act on only, or NULL */
};

/*
 * Remind, by SMS through the outbox, every library enterprise of the
 * actor's region (of who->county only, when set) that owes year's update and has not submitted it, at
 * most once a day each (library_reminder's unique key); each reminder is
 * audited, in one transaction. *sent gets how many were queued, *skipped
 * how many had one today already or have no mobile.
 */
enum sme_err	 libyear_remind(struct db *db, const struct config *cfg,
		    const struct libyear_actor *who, int year, int *sent, int *skipped);

/*
 * The county proposes to remove enterprise ent for missing year's update,
 * with reason. *found is 0 when ent is not in the actor's region (nothing
 * done). SME_ECONFLICT with the zh-CN why when the update is not overdue,
 * the enterprise is not in the library or a proposal is open already.
 */
enum sme_err	 libyear_propose(struct db *db, const struct libyear_actor *who,
		    long long ent, int year, const char *reason, int *found,
		    char *why, size_t whysz);

/*
 * The city confirms removal id (at version): the enterprise leaves the
 * library (in_library = 0, off the current published roll), is told by
 * SMS with the reason, audited; all in one transaction. *found 0 outside
 * the actor's region; SME_ECONFLICT when not proposed or stale.
 */
enum sme_err	 libyear_confirm(struct db *db, const struct config *cfg,
		    const struct libyear_actor *who, long long id, long long version,
		    int *found);

/*
 * The city undoes removal id (at version) with reason: a proposal is
 * dropped; a confirmed removal puts the enterprise back in the library
 * (and on the current published roll) and tells it by SMS. Audited.
 * *found and errors as libyear_confirm.
 */
enum sme_err	 libyear_undo(struct db *db, const struct config *cfg,
		    const struct libyear_actor *who, long long id, long long version,
		    const char *reason, int *found);

/*
 * The removal that put enterprise e out of the library, as SQL over
 * library_removal lr of e: the reason, the year missed, the day confirmed;
 * WHERE (with lr.enterprise_id = e.id) and LAST pick the latest confirmed
 * one while e is out.
 */
#define LIBYEAR_REMOVED_COLS \
    " lr.reason, lr.year, DATE_FORMAT(lr.confirmed_at + INTERVAL 8 HOUR, '%Y-%m-%d')"
#define LIBYEAR_REMOVED_WHERE	" lr.state = 'confirmed' AND e.in_library = 0"
#define LIBYEAR_REMOVED_LAST	" ORDER BY lr.id DESC LIMIT 1"

/*
 * Why enterprise ent is out of the library, when a confirmed removal put
 * it out: *removed 1 with reason (reasonsz bytes), the year missed and the
 * day confirmed (on, YYYY-MM-DD); else *removed 0.
 */
enum sme_err	 libyear_removed(struct db *db, long long ent, int *removed,
		    char *reason, size_t reasonsz, int *year, char *on, size_t onsz);

/*
 * The province publishes year's library: the roll of year is the library
 * as it is now (enterprises in it that entered that year or before), and
 * stays in step with removals and entries until the year ends. Audited.
 * *count gets the number of enterprises on it.
 */
enum sme_err	 libyear_publish(struct db *db, const struct libyear_actor *who,
		    int year, long long *count);

/*
 * Put enterprise ent on the roll of the current year if that year is
 * published and ent is in the library, else take it off. Call inside the
 * transaction that changed enterprise.in_library.
 */
enum sme_err	 libyear_roll_sync(struct db *db, long long ent);

/* Filters of the public library: each "" for none. */
struct libyear_filter {
	int		 year;
	const char	*city;		/* region code of a city */
	const char	*county;	/* region code of a county */
	const char	*industry;	/* a 门类 letter or a 大类 code */
	const char	*q;		/* part of the name */
};

/* The columns of libyear_public's rows. */
enum libyear_pcol {
	LP_NAME, LP_CITY, LP_COUNTY, LP_INDUSTRY_CODE, LP_INDUSTRY, LP_ENTRY_YEAR,
	LP__MAX
};

/*
 * The published library of f->year matching f: rows offset.. (limit, 0
 * for all) by city, county and name, and *total of them all. Only names,
 * places, industries and entry years: no figures. An unpublished year has
 * no rows. The caller frees *out with db_res_free().
 */
enum sme_err	 libyear_public(struct db *db, const struct libyear_filter *f,
		    long long offset, long long limit, struct db_res **out,
		    long long *total);

/* The published years, newest first. The caller frees *out. */
enum sme_err	 libyear_years(struct db *db, struct db_res **out);
/* libyear_years' column. */
enum { LY_YEARS_YEAR };

#endif
