/*
 * libyear.c - the library's year: update status, reminders, 清退出库 and
 * the published library (see libyear.h; schema/048_library_year.sql).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "filing.h"
#include "libyear.h"
#include "log.h"
#include "scope.h"
#include "sms.h"

/* ---- the status, pure ---------------------------------------------------- */

enum libyear_status
libyear_status(int in_library, int entry_year, int year, enum libyear_filed filed,
    int window_closed)
{
	/* Seed 002: only enterprises already in the library update their data. */
	if (!in_library || (entry_year > 0 && entry_year >= year))
		return LIBYEAR_NONE;
	if (filed == LIBYEAR_F_ACCEPTED)
		return LIBYEAR_ACCEPTED;
	if (filed == LIBYEAR_F_REVIEW)
		return LIBYEAR_FILED;
	return window_closed ? LIBYEAR_OVERDUE : LIBYEAR_DUE;
}

const char *
libyear_status_name(enum libyear_status s)
{
	static const char *const names[LIBYEAR__MAX] = {
		[LIBYEAR_NONE] = "none", [LIBYEAR_DUE] = "due",
		[LIBYEAR_FILED] = "filed", [LIBYEAR_ACCEPTED] = "accepted",
		[LIBYEAR_OVERDUE] = "overdue",
	};

	return (unsigned)s < LIBYEAR__MAX ? names[s] : "";
}

/* ---- the bureaus' list ---------------------------------------------------- */

/* The year of an enterprise e's accepted 新增入库, NULL if none. */
#define SQL_ENTRY_YEAR \
    "(SELECT MAX(f.year) FROM filing f WHERE f.enterprise_id = e.id" \
    " AND f.kind = 'entry' AND f.state = 'accepted')"
/* How far e's 数据更新 filings of year (?) got: enum libyear_filed. */
#define SQL_FILED \
    "(SELECT COALESCE(MAX(CASE WHEN f.state = 'accepted' THEN 2" \
    " WHEN f.state IN ('county', 'city', 'province') THEN 1 ELSE 0 END), 0)" \
    " FROM filing f WHERE f.enterprise_id = e.id AND f.kind = 'update' AND f.year = ?)"
/* The mobile SMS go to: the enterprise's active account's. */
#define SQL_MOBILE \
    "(SELECT a.mobile FROM account a WHERE a.enterprise_id = e.id" \
    " AND a.mobile IS NOT NULL AND a.status = 'active' ORDER BY a.id LIMIT 1)"

/*
 * Columns in enum libyear_col order; parameters: year x5, region, county x2.
 * The enterprises come from the library's index and the year's removals
 * (schema/063_enterprise_library.sql), not from every enterprise in scope.
 */
static const char SQL_LIST[] =
    "SELECT e.id, e.name, e.uscc, r.name, e.in_library, " SQL_ENTRY_YEAR ", "
    SQL_FILED ","
    " (SELECT DATE_FORMAT(MAX(m.sent_at) + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')"
    "  FROM library_reminder m WHERE m.enterprise_id = e.id AND m.year = ?),"
    " (SELECT COUNT(*) FROM library_reminder m WHERE m.enterprise_id = e.id AND m.year = ?),"
    " " SQL_MOBILE ", lr.id, lr.state, lr.reason, lr.version, lr.undo_reason"
    " FROM (SELECT l.id FROM enterprise l WHERE l.in_library = 1"
    "  UNION SELECT x.enterprise_id FROM library_removal x WHERE x.year = ?) k"
    " JOIN enterprise e ON e.id = k.id JOIN region r ON r.code = e.region_code"
    " LEFT JOIN library_removal lr ON lr.id = (SELECT MAX(x.id) FROM library_removal x"
    "  WHERE x.enterprise_id = e.id AND x.year = ?)"
    " WHERE " SCOPE_SQL " AND (? = '' OR e.region_code = ?)"
    " ORDER BY r.code, e.name, e.id";
static const char SQL_WINDOW[] =
    "SELECT closes_at <= UTC_TIMESTAMP(),"
    " DATE_FORMAT(closes_at + INTERVAL 8 HOUR - INTERVAL 1 SECOND, '%Y-%m-%d')"
    " FROM filing_window WHERE kind = 'update' AND year = ?";

/* Whether year's update window closed (*closed), and its last day. */
static enum sme_err
libyear_window(struct db *db, int year, int *closed, char *closes, size_t closessz)
{
	struct db_param	 p[] = { DB_INT(year) };
	struct db_res	*res;
	enum sme_err	 er;

	*closed = 0;
	if (closessz > 0)
		closes[0] = '\0';
	if ((er = db_query(db, SQL_WINDOW, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		*closed = db_res_int(res, 0, 0, 0) != 0;
		snprintf(closes, closessz, "%s", db_res_get(res, 0, 1) ?
		    db_res_get(res, 0, 1) : "");
	}
	db_res_free(res);
	return SME_OK;
}

enum sme_err
libyear_list(struct db *db, const char *region_code, const char *county, int year,
    struct db_res **out, int *closed, char *closes, size_t closessz)
{
	const char	*cty = county != NULL ? county : "";
	struct db_param	 p[] = { DB_INT(year), DB_INT(year), DB_INT(year),
	    DB_INT(year), DB_INT(year), DB_STR(region_code), DB_STR(cty), DB_STR(cty) };
	enum sme_err	 er;

	*out = NULL;
	if ((er = libyear_window(db, year, closed, closes, closessz)) != SME_OK)
		return er;
	return db_query(db, SQL_LIST, p, 8, out);
}

enum libyear_status
libyear_row_status(const struct db_res *res, size_t i, int year, int closed)
{
	long long	 f = db_res_int(res, i, LY_FILED, 0);

	return libyear_status(db_res_int(res, i, LY_IN_LIBRARY, 0) != 0,
	    (int)db_res_int(res, i, LY_ENTRY_YEAR, 0), year,
	    f == 2 ? LIBYEAR_F_ACCEPTED : f == 1 ? LIBYEAR_F_REVIEW : LIBYEAR_F_NONE,
	    closed);
}

/* ---- reminders ------------------------------------------------------------ */

/* One a day an enterprise: the unique key (enterprise_id, sent_on) decides. */
static const char SQL_REMIND[] =
    "INSERT IGNORE INTO library_reminder (enterprise_id, year, sent_on, sent_at, actor_id)"
    " VALUES (?, ?, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), UTC_TIMESTAMP(), ?)";

struct libyear_remind_args {
	const struct config		*cfg;
	const struct libyear_actor	*who;
	int				 year, *sent, *skipped;
};

/* Remind row i of res (a non-updater); counts it in a. */
static enum sme_err
libyear_remind_one(struct db *db, const struct libyear_remind_args *a,
    const struct db_res *res, size_t i, const char *deadline)
{
	const char		*mobile = db_res_get(res, i, LY_MOBILE);
	char			 ys[8];
	unsigned long long	 affected = 0;
	enum sme_err		 er;
	struct db_param		 p[] = { DB_INT(db_res_int(res, i, LY_ID, 0)),
	    DB_INT(a->year), DB_INT(a->who->id) };

	if (mobile == NULL || *mobile == '\0') {
		(*a->skipped)++;
		return SME_OK;
	}
	if ((er = db_exec(db, SQL_REMIND, p, 3, &affected, NULL)) != SME_OK)
		return er;
	if (affected == 0) {
		(*a->skipped)++;
		return SME_OK;
	}
	snprintf(ys, sizeof(ys), "%d", a->year);
	const char *vars[] = { "year", ys, "deadline", deadline, NULL };
	if ((er = sms_send(db, a->cfg, mobile, "library_update_due", vars)) != SME_OK ||
	    (er = audit_log(db, a->who->id, a->who->ip, "library_remind", "enterprise",
	    db_res_get(res, i, LY_ID), NULL, NULL)) != SME_OK)
		return er;
	(*a->sent)++;
	return SME_OK;
}

static enum sme_err
libyear_remind_tx(struct db *db, void *arg)
{
	const struct libyear_remind_args *a = arg;
	struct db_res		*res;
	char			 closes[16], deadline[64];
	enum libyear_status	 s;
	enum sme_err		 er = SME_OK;
	size_t			 i;
	int			 closed;

	*a->sent = *a->skipped = 0;
	if ((er = libyear_list(db, a->who->region, a->who->county, a->year, &res,
	    &closed, closes, sizeof(closes))) != SME_OK)
		return er;
	if (*closes == '\0')
		snprintf(deadline, sizeof(deadline), "请尽快填报");
	else
		snprintf(deadline, sizeof(deadline), closed ? "更新截止日期（%s）已过" :
		    "截止日期为%s", closes);
	for (i = 0; i < res->nrows && er == SME_OK; i++) {
		s = libyear_row_status(res, i, a->year, closed);
		if (s == LIBYEAR_DUE || s == LIBYEAR_OVERDUE)
			er = libyear_remind_one(db, a, res, i, deadline);
	}
	db_res_free(res);
	return er;
}

enum sme_err
libyear_remind(struct db *db, const struct config *cfg, const struct libyear_actor *who,
    int year, int *sent, int *skipped)
{
	struct libyear_remind_args a = { cfg, who, year, sent, skipped };

	return db_tx_run(db, libyear_remind_tx, &a);
}

/* ---- removal: propose, confirm, undo ------------------------------------ */

/* The enterprise in the actor's region, locked; parameters: year, id, region. */
static const char SQL_PROPOSE_LOCK[] =
    "SELECT e.in_library, " SQL_ENTRY_YEAR ", " SQL_FILED ","
    " (SELECT COUNT(*) FROM library_removal x WHERE x.enterprise_id = e.id"
    "  AND x.state = 'proposed')"
    " FROM enterprise e JOIN region r ON r.code = e.region_code"
    " WHERE e.id = ? AND " SCOPE_SQL " FOR UPDATE";
static const char SQL_PROPOSE[] =
    "INSERT INTO library_removal (enterprise_id, year, state, reason, proposed_by,"
    " proposed_at) VALUES (?, ?, 'proposed', ?, ?, UTC_TIMESTAMP())";

struct libyear_propose_args {
	const struct libyear_actor	*who;
	long long			 ent;
	int				 year;
	const char			*reason;
	int				*found;
	char				*why;
	size_t				 whysz;
};

static enum sme_err
libyear_propose_tx(struct db *db, void *arg)
{
	const struct libyear_propose_args *a = arg;
	struct db_param		 p[] = { DB_INT(a->year), DB_INT(a->ent),
	    DB_STR(a->who->region) };
	struct db_res		*res;
	enum libyear_status	 s;
	enum sme_err		 er;
	char			 oid[24], after[1200], closes[16];
	long long		 f, open;
	int			 closed, inlib, entry;
	unsigned long long	 id;

	*a->found = 0;
	if ((er = db_query(db, SQL_PROPOSE_LOCK, p, 3, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_OK;
	}
	*a->found = 1;
	inlib = db_res_int(res, 0, 0, 0) != 0;
	entry = (int)db_res_int(res, 0, 1, 0);
	f = db_res_int(res, 0, 2, 0);
	open = db_res_int(res, 0, 3, 0);
	db_res_free(res);
	if ((er = libyear_window(db, a->year, &closed, closes, sizeof(closes))) != SME_OK)
		return er;
	s = libyear_status(inlib, entry, a->year, f == 2 ? LIBYEAR_F_ACCEPTED :
	    f == 1 ? LIBYEAR_F_REVIEW : LIBYEAR_F_NONE, closed);
	if (open > 0) {
		snprintf(a->why, a->whysz, "该企业已有待设区市确认的清退申请");
		return SME_ECONFLICT;
	}
	if (s != LIBYEAR_OVERDUE) {
		snprintf(a->why, a->whysz, "该企业%d年度数据更新未逾期（%s），不能提出清退出库",
		    a->year, s == LIBYEAR_NONE ? "不在培育库或无需更新" :
		    s == LIBYEAR_DUE ? "更新期限未到" : "已提交数据更新");
		return SME_ECONFLICT;
	}
	struct db_param ins[] = { DB_INT(a->ent), DB_INT(a->year), DB_STR(a->reason),
	    DB_INT(a->who->id) };
	if ((er = db_exec(db, SQL_PROPOSE, ins, 4, NULL, &id)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%llu", id);
	audit_json(after, sizeof(after), "state", "proposed", "reason", a->reason, NULL);
	return audit_log(db, a->who->id, a->who->ip, "library_remove_propose",
	    "library_removal", oid, NULL, after);
}

enum sme_err
libyear_propose(struct db *db, const struct libyear_actor *who, long long ent,
    int year, const char *reason, int *found, char *why, size_t whysz)
{
	struct libyear_propose_args a = { who, ent, year, reason, found, why, whysz };

	if (whysz > 0)
		why[0] = '\0';
	return db_tx_run(db, libyear_propose_tx, &a);
}

/* A removal in the actor's region with its enterprise, both locked. */
static const char SQL_REMOVAL_LOCK[] =
    "SELECT lr.enterprise_id, lr.state, lr.version, lr.reason, lr.year, " SQL_MOBILE
    " FROM library_removal lr JOIN enterprise e ON e.id = lr.enterprise_id"
    " JOIN region r ON r.code = e.region_code"
    " WHERE lr.id = ? AND " SCOPE_SQL " FOR UPDATE";
static const char SQL_CONFIRM[] =
    "UPDATE library_removal SET state = 'confirmed', confirmed_by = ?,"
    " confirmed_at = UTC_TIMESTAMP(), version = version + 1"
    " WHERE id = ? AND version = ? AND state = 'proposed'";
static const char SQL_UNDO[] =
    "UPDATE library_removal SET state = 'undone', undone_by = ?,"
    " undone_at = UTC_TIMESTAMP(), undo_reason = ?, version = version + 1"
    " WHERE id = ? AND version = ? AND state = ?";
static const char SQL_IN_LIBRARY[] =
    "UPDATE enterprise SET in_library = ?, version = version + 1,"
    " updated_at = UTC_TIMESTAMP() WHERE id = ?";

struct libyear_decide_args {
	const struct config		*cfg;
	const struct libyear_actor	*who;
	long long			 id, version;
	const char			*reason;	/* NULL: confirm; else undo */
	int				*found;
};

/* Set ent's place in the library, the roll with it. */
static enum sme_err
libyear_set_in(struct db *db, long long ent, int in)
{
	struct db_param	 p[] = { DB_INT(in), DB_INT(ent) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_IN_LIBRARY, p, 2, NULL, NULL)) != SME_OK)
		return er;
	return libyear_roll_sync(db, ent);
}

static enum sme_err
libyear_decide_tx(struct db *db, void *arg)
{
	const struct libyear_decide_args *a = arg;
	struct db_param		 p[] = { DB_INT(a->id), DB_STR(a->who->region) };
	struct db_res		*res;
	enum sme_err		 er;
	unsigned long long	 affected = 0;
	char			 oid[24], state[16], mobile[16], cut[256], ys[8];
	char			 before[64], after[1200];
	long long		 ent;
	int			 undo = a->reason != NULL;

	*a->found = 0;
	if ((er = db_query(db, SQL_REMOVAL_LOCK, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_OK;
	}
	*a->found = 1;
	ent = db_res_int(res, 0, 0, 0);
	snprintf(state, sizeof(state), "%s", db_res_get(res, 0, 1));
	snprintf(mobile, sizeof(mobile), "%s", db_res_get(res, 0, 5) ?
	    db_res_get(res, 0, 5) : "");
	sms_cut(undo ? a->reason : db_res_get(res, 0, 3), SMS_REASON_MAX, cut, sizeof(cut));
	snprintf(ys, sizeof(ys), "%s", db_res_get(res, 0, 4));
	if (db_res_int(res, 0, 2, 0) != a->version ||
	    (strcmp(state, "proposed") != 0 && !(undo && strcmp(state, "confirmed") == 0))) {
		db_res_free(res);
		return SME_ECONFLICT;
	}
	db_res_free(res);
	if (undo) {
		struct db_param u[] = { DB_INT(a->who->id), DB_STR(a->reason),
		    DB_INT(a->id), DB_INT(a->version), DB_STR(state) };
		er = db_exec(db, SQL_UNDO, u, 5, &affected, NULL);
	} else {
		struct db_param u[] = { DB_INT(a->who->id), DB_INT(a->id), DB_INT(a->version) };
		er = db_exec(db, SQL_CONFIRM, u, 3, &affected, NULL);
	}
	if (er != SME_OK)
		return er;
	if (affected == 0)
		return SME_ECONFLICT;
	snprintf(oid, sizeof(oid), "%lld", a->id);
	audit_json(before, sizeof(before), "state", state, NULL);
	audit_json(after, sizeof(after), "state", undo ? "undone" : "confirmed",
	    "reason", undo ? a->reason : NULL, NULL);
	if ((er = audit_log(db, a->who->id, a->who->ip, undo ? "library_remove_undo" :
	    "library_remove_confirm", "library_removal", oid, before, after)) != SME_OK)
		return er;
	/* Dropping a mere proposal changes nothing the enterprise had. */
	if (undo && strcmp(state, "proposed") == 0)
		return SME_OK;
	if ((er = libyear_set_in(db, ent, undo)) != SME_OK || *mobile == '\0')
		return er;
	const char *vars[] = { "year", ys, "reason", cut, NULL };
	return sms_send(db, a->cfg, mobile, undo ? "library_restored" : "library_removed",
	    vars);
}

enum sme_err
libyear_confirm(struct db *db, const struct config *cfg, const struct libyear_actor *who,
    long long id, long long version, int *found)
{
	struct libyear_decide_args a = { cfg, who, id, version, NULL, found };

	return db_tx_run(db, libyear_decide_tx, &a);
}

enum sme_err
libyear_undo(struct db *db, const struct config *cfg, const struct libyear_actor *who,
    long long id, long long version, const char *reason, int *found)
{
	struct libyear_decide_args a = { cfg, who, id, version, reason, found };

	return db_tx_run(db, libyear_decide_tx, &a);
}

static const char SQL_REMOVED[] =
    "SELECT" LIBYEAR_REMOVED_COLS
    " FROM library_removal lr JOIN enterprise e ON e.id = lr.enterprise_id"
    " WHERE lr.enterprise_id = ? AND" LIBYEAR_REMOVED_WHERE LIBYEAR_REMOVED_LAST;

enum sme_err
libyear_removed(struct db *db, long long ent, int *removed, char *reason,
    size_t reasonsz, int *year, char *on, size_t onsz)
{
	struct db_param	 p[] = { DB_INT(ent) };
	struct db_res	*res;
	enum sme_err	 er;

	*removed = 0;
	if ((er = db_query(db, SQL_REMOVED, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		*removed = 1;
		snprintf(reason, reasonsz, "%s", db_res_get(res, 0, 0));
		*year = (int)db_res_int(res, 0, 1, 0);
		snprintf(on, onsz, "%s", db_res_get(res, 0, 2) ? db_res_get(res, 0, 2) : "");
	}
	db_res_free(res);
	return SME_OK;
}

/* ---- the published library ------------------------------------------------ */

/* The 大类 (two digits) of e's latest accepted library filing, NULL if unknown. */
#define SQL_INDUSTRY \
    "(SELECT LEFT(v.value, 2) FROM filing f JOIN filing_value v ON v.filing_id = f.id" \
    " AND v.name = 'industry' WHERE f.enterprise_id = e.id" \
    " AND f.kind IN ('entry', 'update') AND f.state = 'accepted'" \
    " ORDER BY f.year DESC, f.id DESC LIMIT 1)"

static const char SQL_PUBLISH[] =
    "INSERT INTO library_publication (year, published_at, published_by)"
    " VALUES (?, UTC_TIMESTAMP(), ?) ON DUPLICATE KEY UPDATE"
    " published_at = VALUES(published_at), published_by = VALUES(published_by)";
static const char SQL_ROLL_CLEAR[] = "DELETE FROM library_roll WHERE year = ?";
/* Parameters: year, year. */
static const char SQL_ROLL_FILL[] =
    "INSERT INTO library_roll (year, enterprise_id, entry_year, industry_code)"
    " SELECT ?, t.id, t.entry_year, t.industry FROM (SELECT e.id, "
    SQL_ENTRY_YEAR " AS entry_year, " SQL_INDUSTRY " AS industry"
    " FROM enterprise e WHERE e.in_library = 1) t"
    " WHERE t.entry_year IS NULL OR t.entry_year <= ?";
static const char SQL_ROLL_DROP[] =
    "DELETE FROM library_roll WHERE year = ? AND enterprise_id = ?";
/* Parameters: year, enterprise, year. */
static const char SQL_ROLL_PUT[] =
    "INSERT INTO library_roll (year, enterprise_id, entry_year, industry_code)"
    " SELECT p.year, e.id, " SQL_ENTRY_YEAR ", " SQL_INDUSTRY
    " FROM library_publication p JOIN enterprise e ON e.id = ?"
    " WHERE p.year = ? AND e.in_library = 1";

struct libyear_publish_args {
	const struct libyear_actor	*who;
	int				 year;
	long long			*count;
};

static enum sme_err
libyear_publish_tx(struct db *db, void *arg)
{
	const struct libyear_publish_args *a = arg;
	struct db_param		 p[] = { DB_INT(a->year), DB_INT(a->who->id) };
	struct db_param		 y2[] = { DB_INT(a->year), DB_INT(a->year) };
	unsigned long long	 n = 0;
	char			 oid[8], after[64], cnt[24];
	enum sme_err		 er;

	if ((er = db_exec(db, SQL_PUBLISH, p, 2, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_ROLL_CLEAR, p, 1, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_ROLL_FILL, y2, 2, &n, NULL)) != SME_OK)
		return er;
	*a->count = (long long)n;
	snprintf(oid, sizeof(oid), "%d", a->year);
	snprintf(cnt, sizeof(cnt), "%llu", n);
	audit_json(after, sizeof(after), "enterprises", cnt, NULL);
	return audit_log(db, a->who->id, a->who->ip, "library_publish", "library_year",
	    oid, NULL, after);
}

enum sme_err
libyear_publish(struct db *db, const struct libyear_actor *who, int year,
    long long *count)
{
	struct libyear_publish_args a = { who, year, count };

	*count = 0;
	return db_tx_run(db, libyear_publish_tx, &a);
}

enum sme_err
libyear_roll_sync(struct db *db, long long ent)
{
	int		 y = filing_year_now();
	struct db_param	 d[] = { DB_INT(y), DB_INT(ent) };
	struct db_param	 p[] = { DB_INT(ent), DB_INT(y) };
	enum sme_err	 er;

	if ((er = db_exec(db, SQL_ROLL_DROP, d, 2, NULL, NULL)) != SME_OK)
		return er;
	return db_exec(db, SQL_ROLL_PUT, p, 2, NULL, NULL);
}

#define SQL_PUBLIC_FROM \
    " FROM library_roll l JOIN enterprise e ON e.id = l.enterprise_id" \
    " JOIN region r ON r.code = e.region_code JOIN region c ON c.code = r.parent_code" \
    " LEFT JOIN industry i ON i.code = l.industry_code" \
    " WHERE l.year = ? AND (? = '' OR c.code = ?) AND (? = '' OR r.code = ?)" \
    " AND (? = '' OR l.industry_code = ? OR i.parent_code = ?)" \
    " AND (? = '' OR e.name LIKE ?)"
static const char SQL_PUBLIC[] =
    "SELECT e.name, c.name, r.name, l.industry_code, i.name, l.entry_year"
    SQL_PUBLIC_FROM " ORDER BY c.code, r.code, e.name, e.id LIMIT ? OFFSET ?";
static const char SQL_PUBLIC_COUNT[] = "SELECT COUNT(*)" SQL_PUBLIC_FROM;
static const char SQL_YEARS[] =
    "SELECT year FROM library_publication ORDER BY year DESC";

/* q as a LIKE pattern "%q%", its wildcards escaped; the caller frees. */
static char *
libyear_like(const char *q)
{
	char	*out, *o;

	if ((out = malloc(strlen(q) * 2 + 3)) == NULL)
		return NULL;
	o = out;
	*o++ = '%';
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*o++ = '\\';
		*o++ = *q;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

enum sme_err
libyear_public(struct db *db, const struct libyear_filter *f, long long offset,
    long long limit, struct db_res **out, long long *total)
{
	struct db_res	*res;
	enum sme_err	 er;
	char		*like;
	const char	*q = f->q != NULL ? f->q : "";

	*out = NULL;
	*total = 0;
	if ((like = libyear_like(q)) == NULL)
		return SME_ENOMEM;
	struct db_param p[] = { DB_INT(f->year), DB_STR(f->city), DB_STR(f->city),
	    DB_STR(f->county), DB_STR(f->county), DB_STR(f->industry),
	    DB_STR(f->industry), DB_STR(f->industry), DB_STR(q), DB_STR(like),
	    DB_INT(limit > 0 ? limit : 1000000), DB_INT(offset) };
	if ((er = db_query(db, SQL_PUBLIC_COUNT, p, 10, &res)) != SME_OK)
		goto out;
	*total = db_res_int(res, 0, 0, 0);
	db_res_free(res);
	er = db_query(db, SQL_PUBLIC, p, 12, out);
out:
	free(like);
	return er;
}

enum sme_err
libyear_years(struct db *db, struct db_res **out)
{
	return db_query(db, SQL_YEARS, NULL, 0, out);
}
