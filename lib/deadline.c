/*
 * deadline.c - review deadlines: Beijing calendar days, days waited and
 * left, the writes of review_deadline and the overdue counts of the
 * statistics page.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "deadline.h"

#define CST_OFFSET_S	(8 * 3600)	/* Beijing time is UTC+8, no summer time */
#define DAY_S		86400

static const char SQL_DEADLINE_SET[] =
    "INSERT INTO review_deadline (kind, year, level, due_on, updated_at)"
    " VALUES (?, ?, ?, ?, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE"
    " due_on = VALUES(due_on), updated_at = VALUES(updated_at)";
static const char SQL_DEADLINE_UNSET[] =
    "DELETE FROM review_deadline WHERE kind = ? AND year = ? AND level = ?";
static const char SQL_DEADLINE_YEAR[] =
    "SELECT kind, level, DATE_FORMAT(due_on, '%Y-%m-%d') FROM review_deadline"
    " WHERE year = ? ORDER BY kind, level";
/*
 * filing_stat.state is the level a filing waits at (schema/037); a county
 * in the caller's region: the province's all, a city's own, a county itself.
 */
static const char SQL_OVERDUE[] =
    "SELECT k.code, k.name, c.code, c.name,"
    " SUM(IF(s.state = 'county', s.n, 0)), SUM(IF(s.state = 'city', s.n, 0)),"
    " SUM(IF(s.state = 'province', s.n, 0)) FROM filing_stat s"
    " JOIN review_deadline d ON d.kind = s.kind AND d.year = s.year"
    " AND d.level = s.state JOIN region k ON k.code = s.region_code"
    " JOIN region c ON c.code = k.parent_code"
    " WHERE s.state IN ('county', 'city', 'province') AND s.n > 0 AND d.due_on < ?"
    " AND (? = '320000' OR k.code = ? OR k.parent_code = ?)"
    " GROUP BY k.code, k.name, c.code, c.name ORDER BY c.code, k.code";

/* Days since 1970-01-01 of the proleptic Gregorian y-m-d (H. Hinnant's days_from_civil). */
static long
deadline_civil(long y, long m, long d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long
deadline_day_of(time_t t)
{
	long long	 s = (long long)t + CST_OFFSET_S;

	/* Floor division: an instant before 1970 falls on a negative day. */
	return (long)(s >= 0 ? s / DAY_S : -((-s + DAY_S - 1) / DAY_S));
}

int
deadline_parse(const char *s, long *day)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long	 y, m, d;
	int	 leap;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789") != 4 || strspn(s + 5, "0123456789") != 2 ||
	    strspn(s + 8, "0123456789") != 2)
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !leap))
		return -1;
	*day = deadline_civil(y, m, d);
	return 0;
}

void
deadline_format(long day, char *out, size_t outsz)
{
	/* H. Hinnant's civil_from_days. */
	long	 z = day + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, outsz, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

void
deadline_judge(long today, long reached, long due, struct deadline_state *out)
{
	memset(out, 0, sizeof(*out));
	out->waited = reached >= 0 && reached <= today ? today - reached :
	    reached >= 0 ? 0 : -1;
	if (due < 0)
		return;
	out->has_due = 1;
	out->left = due - today;
	out->overdue = out->left < 0;
	out->soon = !out->overdue && out->left <= DEADLINE_SOON_DAYS;
}

void
deadline_words(const struct deadline_state *st, char *out, size_t outsz)
{
	if (!st->has_due)
		snprintf(out, outsz, "%s", "");
	else if (st->overdue)
		snprintf(out, outsz, "逾期%ld天", -st->left);
	else if (st->left == 0)
		snprintf(out, outsz, "%s", "今天截止");
	else
		snprintf(out, outsz, "剩余%ld天", st->left);
}

int
deadline_level_ok(const char *level)
{
	return level != NULL && (strcmp(level, "county") == 0 ||
	    strcmp(level, "city") == 0 || strcmp(level, "province") == 0);
}

enum sme_err
deadline_set(struct db *db, const char *kind, long year, const char *level,
    const char *due)
{
	long	 day;

	if (kind == NULL || !deadline_level_ok(level) || year < 2000 || year > 9999)
		return SME_EINPUT;
	struct db_param p[] = { DB_STR(kind), DB_INT(year), DB_STR(level),
	    DB_STR(due != NULL ? due : "") };
	if (due == NULL || *due == '\0')
		return db_exec(db, SQL_DEADLINE_UNSET, p, 3, NULL, NULL);
	if (deadline_parse(due, &day) != 0)
		return SME_EINPUT;
	return db_exec(db, SQL_DEADLINE_SET, p, 4, NULL, NULL);
}

enum sme_err
deadline_of_year(struct db *db, long year, struct db_res **out)
{
	struct db_param p[] = { DB_INT(year) };

	return db_query(db, SQL_DEADLINE_YEAR, p, 1, out);
}

enum sme_err
deadline_overdue_counts(struct db *db, long today, const char *region,
    struct db_res **out)
{
	char	 d[DEADLINE_DATE_SZ];

	deadline_format(today, d, sizeof(d));
	struct db_param p[] = { DB_STR(d), DB_STR(region), DB_STR(region),
	    DB_STR(region) };
	return db_query(db, SQL_OVERDUE, p, 4, out);
}
