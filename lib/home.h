/*
 * home.h - what an enterprise's home page shows, read in one statement:
 * its filings, the window it may start now, the current notices and the
 * contacts of its county, city and province (sme-help's data), why it was
 * put out of the library, and its latest request to change county. Each
 * list comes as a JSON object keyed by id (JSON_OBJECTAGG needs no
 * temporary table, as lib/filing.c's SQL_LOAD) and is ordered here.
 */
#ifndef HOME_H
#define HOME_H

#include "sme.h"

struct db;
struct json_object;
struct session;

#define HOME_FILINGS_MAX	20	/* filings listed, newest first */
#define HOME_NOTICES_MAX	10	/* current notices, newest first */
#define HOME_CONTACTS_MAX	8	/* contacts: county, city, province */

/* A filing of the enterprise. Strings are owned by struct home. */
struct home_filing {
	long long	 id;
	int		 year;
	const char	*kind;		/* flow kind name */
	const char	*state;		/* flow state name */
	const char	*reason;	/* return reason, "" if none */
	const char	*updated;	/* YYYY-MM-DD HH:MM, China time */
	const char	*subject;	/* "" if none */
};

/* A notice: id, title, publish date (YYYY-MM-DD). */
struct home_notice {
	long long	 id;
	const char	*title;
	const char	*date;
};

/* A contact; rank, region and sort order the list (own county first). */
struct home_contact {
	long long	 id;
	const char	*office;
	const char	*phone;
	const char	*hours;
	int		 rank;		/* 0 county, 1 city, 2 province */
	const char	*region;
	int		 sort;
};

/* What the home page shows (strings valid until home_free). */
struct home {
	struct home_filing	*filings;	/* newest first (year, id) */
	size_t			 nfilings;	/* at most HOME_FILINGS_MAX */
	int			 window;	/* 1: a window is open now */
	const char		*window_kind;	/* entry or update */
	const char		*window_opens;	/* YYYY-MM-DD */
	const char		*window_closes;	/* YYYY-MM-DD, its last day */
	struct home_notice	*notices;	/* newest first */
	size_t			 nnotices;	/* at most HOME_NOTICES_MAX */
	struct home_contact	*contacts;	/* county, city, province */
	size_t			 ncontacts;	/* at most HOME_CONTACTS_MAX */
	int			 removed;	/* 1: out of the library by a removal */
	const char		*removed_reason;
	int			 removed_year;	/* the update year it missed */
	const char		*removed_on;	/* YYYY-MM-DD confirmed */
	int			 move;		/* 1: it asked to change county */
	const char		*move_col[7];	/* REGIONMOVE_LATEST_COLS's */
	struct json_object	*js[6];		/* the statement's columns, parsed */
};

/*
 * Load the home of the enterprise of sess (an enterprise's session) for
 * filing year into *out, in one query. On success the caller calls
 * home_free(out); on error *out holds nothing to free.
 */
enum sme_err	 home_load(struct db *db, const struct session *sess, int year,
		    struct home *out);

/* Free what home_load put in h; h may be NULL or zeroed. */
void		 home_free(struct home *h);

#endif
