/*
 * window.h - the filing windows (filing_window): when a kind of a year may be filed.
 */
#ifndef WINDOW_H
#define WINDOW_H

#include "sme.h"

struct db;

/*
 * Open kind's window of year from opens to closes (YYYY-MM-DD, Beijing
 * days: from 00:00 to 24:00, UTC+8), replacing an earlier one.
 */
enum sme_err	 window_set(struct db *db, const char *kind, long year,
		    const char *opens, const char *closes);

#endif
