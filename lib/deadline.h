/*
 * deadline.h - review deadlines (table review_deadline): the last day a
 * level may take to review a kind of filing of a year, and the arithmetic
 * of Beijing calendar days behind "等待N天", "剩余N天" and "逾期N天".
 *
 * A day is a Beijing (UTC+8) calendar day, numbered as days since
 * 1970-01-01. A deadline is inclusive: a filing due on 3月31日 is in time
 * until 3月31日 24:00 Beijing time and overdue from 4月1日 00:00.
 */
#ifndef DEADLINE_H
#define DEADLINE_H

#include <stddef.h>
#include <time.h>
#include "sme.h"

struct db;
struct db_res;

#define DEADLINE_SOON_DAYS	3	/* days left at which a bureau is reminded */
#define DEADLINE_DATE_SZ	11	/* "YYYY-MM-DD" and its NUL */

/* The Beijing day (days since 1970-01-01) that instant t falls on. */
long		 deadline_day_of(time_t t);

/*
 * The day of a "YYYY-MM-DD" date (a real calendar date, years 2000 to
 * 9999) into *day: 0, or -1 when s is not one.
 */
int		 deadline_parse(const char *s, long *day);

/* The "YYYY-MM-DD" of day into out (at least DEADLINE_DATE_SZ bytes). */
void		 deadline_format(long day, char *out, size_t outsz);

/* Where a waiting filing stands against its level's deadline. */
struct deadline_state {
	long	 waited;	/* days since it reached its level; -1 unknown */
	int	 has_due;	/* its level has a deadline */
	long	 left;		/* days from today to the due day (0: due today) */
	int	 overdue;	/* today is after the due day */
	int	 soon;		/* not overdue, left <= DEADLINE_SOON_DAYS */
};

/*
 * Judge on day today a filing that reached its level on day reached (-1
 * unknown) against the due day due (-1: no deadline).
 */
void		 deadline_judge(long today, long reached, long due,
		    struct deadline_state *out);

/*
 * The words of st's deadline into out: "剩余N天", "今天截止" or "逾期N天";
 * "" without a deadline.
 */
void		 deadline_words(const struct deadline_state *st, char *out,
		    size_t outsz);

/* Whether level is a review level with deadlines: county, city, province. */
int		 deadline_level_ok(const char *level);

/*
 * Set the deadline of kind's filings of year at level to due
 * ("YYYY-MM-DD"), or remove it (due NULL or ""). SME_EINPUT for a level
 * or date that is not one.
 */
enum sme_err	 deadline_set(struct db *db, const char *kind, long year,
		    const char *level, const char *due);

/*
 * The deadlines of year: rows of kind, level, due_on ("YYYY-MM-DD").
 * The caller frees *out with db_res_free on SME_OK.
 */
enum sme_err	 deadline_of_year(struct db *db, long year,
		    struct db_res **out);
/* deadline_of_year's columns, in their order. */
enum { DEADLINE_YEAR_KIND, DEADLINE_YEAR_LEVEL, DEADLINE_YEAR_DUE };

/*
 * Filings waiting past their level's deadline on day today, from the
 * trigger-kept counts (filing_stat), per county of region (320000: every
 * county; a city: its counties; a county: itself) with any: rows of the
 * county's code and name, its city's code and name, and how many wait
 * overdue at the county, at the city and at the province. The caller
 * frees *out with db_res_free on SME_OK.
 */
enum sme_err	 deadline_overdue_counts(struct db *db, long today,
		    const char *region, struct db_res **out);
/* deadline_overdue_counts' columns, in their order (the three levels last). */
enum {
	DEADLINE_OVERDUE_CODE, DEADLINE_OVERDUE_NAME, DEADLINE_OVERDUE_CITY_CODE,
	DEADLINE_OVERDUE_CITY_NAME, DEADLINE_OVERDUE_AT_COUNTY,
	DEADLINE_OVERDUE_AT_CITY, DEADLINE_OVERDUE_AT_PROVINCE
};

#endif
