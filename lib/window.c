/*
 * window.c - writes of the filing windows (table filing_window).
 */
#include "db.h"
#include "window.h"

static const char SQL_WINDOW_SET[] =
    "INSERT INTO filing_window (kind, year, opens_at, closes_at)"
    " VALUES (?, ?, ? - INTERVAL 8 HOUR, ? + INTERVAL 16 HOUR)"
    " ON DUPLICATE KEY UPDATE opens_at = VALUES(opens_at),"
    " closes_at = VALUES(closes_at)";

enum sme_err
window_set(struct db *db, const char *kind, long year, const char *opens,
    const char *closes)
{
	struct db_param p[] = { DB_STR(kind), DB_INT(year), DB_STR(opens),
	    DB_STR(closes) };

	return db_exec(db, SQL_WINDOW_SET, p, 4, NULL, NULL);
}
