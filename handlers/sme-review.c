/*
 * sme-review.c - the review handler: county, city and province reviewers'
 * queues, a filing as submitted, approve or return (alone or in a batch),
 * registrations to confirm, the reports of review_report.c and the
 * corrections of county and mobile of review_change.c. Routes
 * are in the table below; every query is scoped to the caller's region.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "app.h"
#include "assess.h"
#include "account.h"
#include "audit.h"
#include "claim.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "filing.h"
#include "flow.h"
#include "form.h"
#include "indicator.h"
#include "localtitle.h"
#include "log.h"
#include "namegram.h"
#include "flash.h"
#include "once.h"
#include "pending.h"
#include "refname.h"
#include "review_deadline.h"
#include "review_library.h"
#include "review_progress.h"
#include "review_change.h"
#include "review_report.h"
#include "rowvars.h"
#include "scope.h"
#include "selfcheck.h"
#include "slot.h"
#include "store.h"
#include "sms.h"
#include "tmpl.h"
#include "vocab.h"
#include "validate.h"

#define QUEUE_PAGE	20	/* rows a queue page */
#define REASON_MIN	5	/* characters a return reason needs at least */
#define REASON_CHARS	300	/* characters a return reason may have */
#define REASON_MAX	1000	/* bytes of filing.return_reason */
#define REG_REASON_CHARS 150	/* characters of a registration's return reason */
#define REG_REASON_MAX	500	/* bytes of enterprise.return_reason */
#define HISTORY_MAX	50	/* submissions compared on the detail page */

/*
 * The queue. Keyset paging in waiting order (submitted_at, id): a page
 * starts after the last row of the one before, so the 500th page costs
 * what the first does. Optional filters are "? = '' OR ..." so one
 * prepared statement serves every combination of them. A text search is
 * driven from the enterprises instead (STRAIGHT_JOIN): the exact credit
 * code through its unique key, or a part of the name or code scanned once,
 * rather than walking every waiting filing for a rare match.
 */
#define QUEUE_COLS \
    "SELECT f.id, e.name, e.uscc, r.name, f.kind, f.class, f.year," \
    " DATE_FORMAT(f.submitted_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')," \
    " f.state, f.version," \
    " DATE_FORMAT(f.submitted_at, '%Y%m%d%H%i%s')," \
    " c.gen = (SELECT g.gen FROM scheme_generation g WHERE g.id = 1)" \
    " AND c.region_code = e.region_code, c.schemes, c.met, c.unmet, c.evidence, c.unknown," \
    " DATE_FORMAT(COALESCE((SELECT ev.at FROM filing_event ev WHERE ev.filing_id = f.id" \
    "  ORDER BY ev.id DESC LIMIT 1), f.submitted_at) + INTERVAL 8 HOUR, '%Y-%m-%d')," \
    " DATE_FORMAT(dl.due_on, '%Y-%m-%d')"
/*
 * The self-check stored with each filing (lib/selfcheck.c), by its key;
 * the deadline of the level it waits at (review_deadline, lib/deadline.c).
 * It reached that level at its last event (submit, approve).
 */
#define QUEUE_CHECK " LEFT JOIN filing_check c ON c.filing_id = f.id" \
    " LEFT JOIN review_deadline dl ON dl.kind = f.kind AND dl.year = f.year" \
    " AND dl.level = f.state"
/* The columns of QUEUE_COLS, in order. */
enum queue_col { QC_ID, QC_NAME, QC_USCC, QC_COUNTY, QC_KIND, QC_CLASS, QC_YEAR,
	QC_SUBMITTED, QC_STATE, QC_VERSION, QC_CURSOR, QC_CHECK_FRESH,
	QC_CHECK_SCHEMES, QC_CHECK_MET, QC_CHECK_UNMET, QC_CHECK_EVIDENCE, QC_CHECK_UNKNOWN,
	QC_REACHED, QC_DUE, QC__MAX };
/* The default queue's rows are what lib/pending.c counts for the home page. */
#define QUEUE_BY_FILING QUEUE_COLS PENDING_FILING_FROM QUEUE_CHECK PENDING_FILING_SCOPE
#define QUEUE_BY_ENTERPRISE QUEUE_COLS \
    " FROM enterprise e STRAIGHT_JOIN region r ON r.code = e.region_code" \
    " STRAIGHT_JOIN filing f ON f.enterprise_id = e.id" QUEUE_CHECK " WHERE " SCOPE_SQL
/*
 * A part of a name: the enterprises holding its grams (up to NAMEGRAM_MAX,
 * the first one last in the parameters), through the index of names that
 * schema/038 keeps, the optimizer starting from the rarest; then the name
 * itself checked.
 */
#define QUEUE_GRAM_JOIN(g) " JOIN enterprise_gram " g " ON " g ".enterprise_id = g1.enterprise_id" \
    " AND " g ".gram = ?"
#define QUEUE_BY_GRAM QUEUE_COLS \
    " FROM enterprise_gram g1" QUEUE_GRAM_JOIN("g2") QUEUE_GRAM_JOIN("g3") QUEUE_GRAM_JOIN("g4") \
    " JOIN enterprise e ON e.id = g1.enterprise_id JOIN region r ON r.code = e.region_code" \
    " JOIN filing f ON f.enterprise_id = e.id" QUEUE_CHECK " WHERE g1.gram = ? AND " SCOPE_SQL
#define QUEUE_GNAME	" AND e.name LIKE ?"
#define QUEUE_STATE	PENDING_FILING_STATE
#define QUEUE_ALL	" AND f.state <> 'draft'"
#define QUEUE_USCC	" AND e.uscc = ?"
#define QUEUE_NAME	" AND (e.name LIKE ? OR e.uscc LIKE ?)"
/*
 * The caller's own county or city again, on the filing's copy of it
 * (schema/062_filing_region.sql), so that a county's or a city's queue is
 * read in waiting order from its own index; and a city's county filter.
 * The cluster is a scalar subquery by the primary key of each row read:
 * as EXISTS, MariaDB turned it into IN and materialised every filing of
 * the cluster first (200 ms at 100,000 filings instead of 4).
 */
#define QUEUE_REST \
    " AND (? = '' OR f.region_code = ?) AND (? = '' OR f.city_code = ?)" \
    " AND (? = '' OR f.kind = ?) AND (? = '' OR f.class = ?)" \
    " AND (? = 0 OR f.year = ?) AND (? = '' OR f.region_code = ?)" \
    " AND (? = '' OR (SELECT cv.value FROM filing_value cv WHERE cv.filing_id = f.id" \
    "  AND cv.name = 'cluster') = ?)" \
    " AND (f.submitted_at > ? OR (f.submitted_at = ? AND f.id > ?))" \
    " ORDER BY f.submitted_at, f.id LIMIT ?"	/* QUEUE_PAGE + 1: is there a next page? */

enum queue_text { QT_NONE, QT_USCC, QT_NAME, QT_GRAM, QT__MAX };

/* [state filter?][text search] */
static const char *const queue_sql[2][QT__MAX] = {
	{ QUEUE_BY_FILING QUEUE_ALL QUEUE_REST,
	  QUEUE_BY_ENTERPRISE QUEUE_ALL QUEUE_USCC QUEUE_REST,
	  QUEUE_BY_ENTERPRISE QUEUE_ALL QUEUE_NAME QUEUE_REST,
	  QUEUE_BY_GRAM QUEUE_ALL QUEUE_GNAME QUEUE_REST },
	{ QUEUE_BY_FILING QUEUE_STATE QUEUE_REST,
	  QUEUE_BY_ENTERPRISE QUEUE_STATE QUEUE_USCC QUEUE_REST,
	  QUEUE_BY_ENTERPRISE QUEUE_STATE QUEUE_NAME QUEUE_REST,
	  QUEUE_BY_GRAM QUEUE_STATE QUEUE_GNAME QUEUE_REST },
};

/* One filing as its reviewer sees it, scoped. */
static const char SQL_FILING[] =
    "SELECT f.id, f.kind, f.class, f.year, f.state, f.version, f.return_reason,"
    " f.submissions, DATE_FORMAT(f.submitted_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " e.id, e.name, e.uscc, r.name, COALESCE(p.name, ''),"
    " TIMESTAMPDIFF(DAY, f.submitted_at, UTC_TIMESTAMP()), COALESCE(f.subject, ''),"
    " COALESCE(f.level, ''), " LOCALTITLE_COUNTY_DECIDES_SQL
    " FROM filing f JOIN enterprise e ON e.id = f.enterprise_id"
    " JOIN region r ON r.code = e.region_code LEFT JOIN region p ON p.code = r.parent_code"
    " WHERE f.id = ? AND f.submissions > 0 AND " SCOPE_SQL;
/* SQL_FILING's columns, in its order. */
enum {
	FL_ID, FL_KIND, FL_CLASS, FL_YEAR, FL_STATE, FL_VERSION, FL_RETURN_REASON,
	FL_SUBMISSIONS, FL_SUBMITTED, FL_ENT_ID, FL_ENT_NAME, FL_USCC, FL_COUNTY,
	FL_CITY, FL_WAITING, FL_SUBJECT, FL_LEVEL, FL_COUNTY_DECIDES
};
/* The detail page's values as SQL_FILING has them. */
static const struct rowvar filing_vars[] = {
	{ "id", FL_ID }, { "year", FL_YEAR }, { "state_key", FL_STATE },
	{ "version", FL_VERSION }, { "return_reason", FL_RETURN_REASON },
	{ "submissions", FL_SUBMISSIONS }, { "submitted", FL_SUBMITTED },
	{ "ent_name", FL_ENT_NAME }, { "uscc", FL_USCC }, { "county", FL_COUNTY },
	{ "city", FL_CITY }, { "waiting", FL_WAITING },
};
static const char SQL_SUBMISSIONS[] =
    "SELECT seq, DATE_FORMAT(submitted_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), snapshot,"
    " attachments"
    " FROM filing_submission WHERE filing_id = ? ORDER BY seq DESC LIMIT ?";
/* The columns of SQL_SUBMISSIONS, SQL_EVENTS, ... each below its SQL. */
enum { SB_SEQ, SB_AT, SB_SNAPSHOT, SB_FILES };
static const char SQL_EVENTS[] =
    "SELECT DATE_FORMAT(ev.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(a.display_name, ''), ev.action, ev.from_state, ev.to_state, ev.reason"
    " FROM filing_event ev LEFT JOIN account a ON a.id = ev.actor_id"
    " WHERE ev.filing_id = ? ORDER BY ev.id";
enum { EV_AT, EV_WHO, EV_ACTION, EV_FROM, EV_TO, EV_REASON };
static const char SQL_HAVE_ATTACHMENT[] =
    "SELECT COUNT(*) FROM information_schema.tables"
    " WHERE table_schema = DATABASE() AND table_name = 'attachment'";
enum { HA_COUNT };
static const char SQL_ATTACHMENTS[] =
    "SELECT id, slot, name, size FROM attachment WHERE filing_id = ? ORDER BY slot, id";
enum { AT_ID, AT_SLOT, AT_NAME, AT_SIZE };

/* Registrations: county reviewers, their county only. */
static const char SQL_REGISTRATIONS[] =
    "SELECT e.id, e.name, e.uscc, r.name, DATE_FORMAT(e.created_at + INTERVAL 8 HOUR,"
    " '%Y-%m-%d %H:%i'), COALESCE(a.username, ''), COALESCE(a.mobile, ''), e.version,"
    " COALESCE(e.licence, '')"
    " FROM enterprise e JOIN region r ON r.code = e.region_code"
    " LEFT JOIN account a ON a.enterprise_id = e.id AND a.role = 'enterprise'"
    PENDING_REGISTRATION_WHERE " ORDER BY e.created_at, e.id LIMIT ?";	/* REGS_PAGE + 1 */
#define REGS_PAGE	500	/* registrations listed, oldest first */
enum {
	RG_ID, RG_NAME, RG_USCC, RG_COUNTY, RG_AT, RG_USERNAME, RG_MOBILE,
	RG_VERSION, RG_LICENCE
};
static const struct rowvar registration_vars[] = {
	{ "id", RG_ID }, { "name", RG_NAME }, { "uscc", RG_USCC },
	{ "county", RG_COUNTY }, { "at", RG_AT }, { "username", RG_USERNAME },
	{ "mobile", RG_MOBILE }, { "version", RG_VERSION },
};
static const char SQL_REGISTRATION[] =
    "SELECT e.name, e.version, e.status FROM enterprise e"
    " WHERE e.id = ? AND e.region_code = ?";
enum { RN_NAME, RN_VERSION, RN_STATUS };

/* ---- helpers ---------------------------------------------------------- */

/* The level a reviewer of role acts at. */
static enum flow_state
role_level(int role)
{
	return role == FLOW_RCOUNTY ? FLOW_COUNTY : role == FLOW_RCITY ?
	    FLOW_CITY : FLOW_PROVINCE;
}

/* A LIKE pattern "%q%" with q's wildcards escaped, into out. */
static void
like_pattern(const char *q, char *out, size_t outsz)
{
	size_t	 o = 0;

	out[o++] = '%';
	for (; *q != '\0' && o + 4 < outsz; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			out[o++] = '\\';
		out[o++] = *q;
	}
	out[o++] = '%';
	out[o] = '\0';
}

static const char *
kind_label(const char *kind)
{
	return vocab_kind_label(kind, VOCAB_SHORT);
}

static const char *
class_label(const char *cls)
{
	return vocab_class_label(cls);
}

static const char *
state_label(const char *state)
{
	int	 s = flow_state_parse(state);

	return s >= 0 ? flow_state_label(s) : "";
}

/* ---- the queue -------------------------------------------------------- */

/* The filters' values; "" and "all" read 全部, the others as lib/vocab words them. */
static const char *const status_opts[] = {
	"county", "city", "province", "returned", "accepted", "all", NULL
};
static const char *const kind_opts[] = {
	"", "entry", "update", "product", "giant-mfg", "giant-innov", "recheck", NULL
};
static const char *const class_opts[] = { "", "mfg", "innov", NULL };

/* The label of a filter's value v. */
static const char *
opt_label(const char *v)
{
	const char	*l;

	if (*v == '\0' || strcmp(v, "all") == 0)
		return "全部";
	if (*(l = vocab_state_label(v)) != '\0' || *(l = vocab_class_label(v)) != '\0')
		return l;
	return vocab_kind_label(v, VOCAB_SHORT);
}

/* Options of a fixed list of values ending in NULL, labelled by opt_label. */
static void
add_fixed_options(struct app_ctx *c, const char *list, const char *const *pairs,
    const char *chosen)
{
	struct tmpl_vars	*it;

	for (; pairs[0] != NULL; pairs++) {
		if ((it = tmpl_add(c->v, list)) == NULL)
			return;
		tmpl_set(it, "value", pairs[0]);
		tmpl_set(it, "label", opt_label(pairs[0]));
		if (chosen != NULL && strcmp(chosen, pairs[0]) == 0)
			tmpl_set(it, "sel", "1");
	}
}

/* A query value that must be one of opts' values, or "". */
static const char *
opt_value(struct app_ctx *c, const char *k, const char *const *opts)
{
	const char	*v = req_query(c->r, k);

	if (v == NULL)
		return "";
	for (; opts[0] != NULL; opts++)
		if (strcmp(v, opts[0]) == 0)
			return opts[0];
	return "";
}

/* One option of a <select> list, marked when chosen. */
static void
add_option(struct app_ctx *c, const char *list, const char *value,
    const char *label, const char *chosen)
{
	struct tmpl_vars	*it;

	if ((it = tmpl_add(c->v, list)) == NULL)
		return;
	tmpl_set(it, "value", value);
	tmpl_set(it, "label", label);
	if (chosen != NULL && strcmp(chosen, value) == 0)
		tmpl_set(it, "sel", "1");
}

/*
 * The queue's county and cluster choices, from the lists the worker holds
 * (lib/refname.c): no query a page. The counties in the caller's region:
 * the county itself, a city's counties, or every county for the province.
 */
static enum sme_err
queue_choices(struct app_ctx *c, const char *county, const char *cluster)
{
	const struct refname_item	*l;
	const char			*rc = c->sess->region_code;
	enum sme_err			 er;
	size_t				 i, n;

	if ((er = refname_region_load(c->db)) != SME_OK)
		return er;
	l = refname_counties(&n);
	for (i = 0; i < n; i++)
		if (strcmp(rc, "320000") == 0 || strcmp(rc, l[i].id) == 0 ||
		    (l[i].parent != NULL && strcmp(rc, l[i].parent) == 0))
			add_option(c, "county_opts", l[i].id, l[i].name, county);
	l = refname_clusters(&n);
	for (i = 0; i < n; i++)
		add_option(c, "cluster_opts", l[i].id, l[i].name, cluster);
	return SME_OK;
}

/*
 * Row i's days at its level and its deadline (lib/deadline.c) on Beijing
 * day today: "等待N天", then "剩余N天", "今天截止" or "逾期N天" with the
 * row marked (class and words). Rows no longer waiting show neither.
 */
static void
queue_deadline(struct tmpl_vars *it, const struct db_res *res, size_t i, long today)
{
	struct deadline_state	 st;
	const char		*due = db_res_get(res, i, QC_DUE);
	char			 words[32];
	long			 reached = -1, dueday = -1;

	if (!deadline_level_ok(db_res_get(res, i, QC_STATE)))
		return;
	if (deadline_parse(db_res_get(res, i, QC_REACHED), &reached) != 0)
		reached = -1;
	if (due == NULL || deadline_parse(due, &dueday) != 0)
		dueday = -1;
	deadline_judge(today, reached, dueday, &st);
	if (st.waited >= 0)
		tmpl_setf(it, "waiting", "%ld", st.waited);
	if (!st.has_due)
		return;
	deadline_words(&st, words, sizeof(words));
	tmpl_set(it, "due_words", words);
	tmpl_set(it, "due_on", due);
	tmpl_set(it, "due_state", st.overdue ? "overdue" : st.soon ? "soon" : "ok");
	tmpl_set(it, "due_class", st.overdue ? "due-overdue" : st.soon ? "due-soon" : "due-ok");
}

static enum sme_err
page_queue(struct app_ctx *c)
{
	char			 pattern[200], cursor_t[16], next[64];
	char			 grams[NAMEGRAM_MAX][NAMEGRAM_SZ];
	size_t			 ng = 0;
	const char		*status, *kind, *cls, *county, *cluster, *q, *after;
	const char		*own_county, *own_city;
	struct tmpl_vars	*it;
	struct db_res		*res;
	struct db_param		 p[28];
	struct assess_counts	 ac;
	enum queue_text		 qt;
	enum sme_err		 er;
	long long		 year, cursor_id = 0;
	long			 today;
	size_t			 i, n, np;
	int			 role, by_state;

	role = flow_role_parse(c->sess->role);
	status = opt_value(c, "status", status_opts);
	if (*status == '\0')
		status = role == FLOW_RPROVINCE ? "all" : flow_state_name(role_level(role));
	kind = opt_value(c, "kind", kind_opts);
	cls = opt_value(c, "class", class_opts);
	year = app_id(req_query(c->r, "year"));
	if (year < 1900 || year > 9999)
		year = 0;
	county = req_query(c->r, "county");
	if (county == NULL || strlen(county) != 6 || strspn(county, "0123456789") != 6)
		county = "";
	cluster = req_query(c->r, "cluster");
	if (cluster == NULL || app_id(cluster) == 0 || app_id(cluster) > 99)
		cluster = "";
	q = req_query(c->r, "q");
	if (q == NULL || strlen(q) > 100)
		q = "";
	like_pattern(q, pattern, sizeof(pattern));
	/* after = yyyymmddhhmmss-id: the last row of the page before. */
	snprintf(cursor_t, sizeof(cursor_t), "%s", "19700101000000");
	after = req_query(c->r, "after");
	if (after != NULL && strlen(after) > 15 && after[14] == '-' &&
	    strspn(after, "0123456789") == 14 && (cursor_id = app_id(after + 15)) > 0)
		snprintf(cursor_t, sizeof(cursor_t), "%.14s", after);
	else
		cursor_id = 0;

	/* A credit code is 18 characters of digits and capitals (GB 32100). */
	qt = *q == '\0' ? QT_NONE : strlen(q) == 18 &&
	    strspn(q, "0123456789ABCDEFGHJKLMNPQRTUWXY") == 18 ? QT_USCC :
	    namegram_searchable(q) ? QT_GRAM : QT_NAME;
	by_state = strcmp(status, "all") != 0;
	np = 0;
	if (qt == QT_GRAM) {
		/* g2, g3, g4 in their joins, then g1; fewer grams repeat the last. */
		ng = namegram_of(q, grams, NAMEGRAM_MAX);
		for (i = 1; i <= NAMEGRAM_MAX; i++)
			p[np++] = DB_STR(grams[i < NAMEGRAM_MAX ? (i < ng ? i : ng - 1) : 0]);
	}
	p[np++] = DB_STR(c->sess->region_code);
	if (by_state)
		p[np++] = DB_STR(status);
	if (qt == QT_USCC)
		p[np++] = DB_STR(q);
	else if (qt == QT_NAME) {
		p[np++] = DB_STR(pattern);
		p[np++] = DB_STR(pattern);
	} else if (qt == QT_GRAM)
		p[np++] = DB_STR(pattern);
	own_county = role == FLOW_RCOUNTY ? c->sess->region_code : "";
	own_city = role == FLOW_RCITY ? c->sess->region_code : "";
	p[np++] = DB_STR(own_county);
	p[np++] = DB_STR(own_county);
	p[np++] = DB_STR(own_city);
	p[np++] = DB_STR(own_city);
	p[np++] = DB_STR(kind);
	p[np++] = DB_STR(kind);
	p[np++] = DB_STR(cls);
	p[np++] = DB_STR(cls);
	p[np++] = DB_INT(year);
	p[np++] = DB_INT(year);
	p[np++] = DB_STR(county);
	p[np++] = DB_STR(county);
	p[np++] = DB_STR(cluster);
	p[np++] = DB_STR(cluster);
	p[np++] = DB_STR(cursor_t);
	p[np++] = DB_STR(cursor_t);
	p[np++] = DB_INT(cursor_id);
	p[np++] = DB_INT(QUEUE_PAGE + 1);
	if ((er = db_query(c->db, queue_sql[by_state][qt], p, np, &res)) != SME_OK)
		return er;
	n = res->nrows > QUEUE_PAGE ? QUEUE_PAGE : res->nrows;
	today = deadline_day_of(time(NULL));
	for (i = 0; i < n; i++) {
		if ((it = tmpl_add(c->v, "rows")) == NULL)
			break;
		tmpl_set(it, "id", db_res_get(res, i, QC_ID));
		tmpl_set(it, "name", db_res_get(res, i, QC_NAME));
		tmpl_set(it, "uscc", db_res_get(res, i, QC_USCC));
		tmpl_set(it, "county", db_res_get(res, i, QC_COUNTY));
		tmpl_set(it, "kind", kind_label(db_res_get(res, i, QC_KIND)));
		tmpl_set(it, "class", class_label(db_res_get(res, i, QC_CLASS)));
		tmpl_set(it, "year", db_res_get(res, i, QC_YEAR));
		tmpl_set(it, "submitted", db_res_get(res, i, QC_SUBMITTED));
		queue_deadline(it, res, i, today);
		tmpl_set(it, "state", state_label(db_res_get(res, i, QC_STATE)));
		tmpl_setf(it, "pick", "%s:%s", db_res_get(res, i, QC_ID), db_res_get(res, i, QC_VERSION));
		tmpl_setf(it, "href", "/review/%s", db_res_get(res, i, QC_ID));
		if (flow_state_parse(db_res_get(res, i, QC_STATE)) == (int)role_level(role))
			tmpl_set(it, "can_pick", "1");
		/*
		 * The self-check summary stored with the filing; computed now
		 * only when stale (schemes imported since, region changed).
		 */
		if (db_res_int(res, i, QC_CHECK_FRESH, 0) == 1) {
			ac.schemes = (int)db_res_int(res, i, QC_CHECK_SCHEMES, 0);
			ac.met = (int)db_res_int(res, i, QC_CHECK_MET, 0);
			ac.unmet = (int)db_res_int(res, i, QC_CHECK_UNMET, 0);
			ac.evidence = (int)db_res_int(res, i, QC_CHECK_EVIDENCE, 0);
			ac.unknown = (int)db_res_int(res, i, QC_CHECK_UNKNOWN, 0);
		} else if ((er = selfcheck_refresh_counts(c->db, db_res_int(res, i, QC_ID, 0),
		    &ac)) != SME_OK) {
			db_res_free(res);
			return er;
		}
		if (ac.schemes > 0) {
			/* Shown with 0 met too ("0" is false to data-if). */
			tmpl_set(it, "has_check", "1");
			tmpl_setf(it, "check_met", "%d", ac.met);
			tmpl_setf(it, "check_unmet", "%d", ac.unmet);
			tmpl_setf(it, "check_evidence", "%d", ac.evidence + ac.unknown);
		}
	}
	if (res->nrows > QUEUE_PAGE) {
		/* The next page's form keeps every filter (hidden inputs). */
		tmpl_set(c->v, "has_next", "1");
		snprintf(next, sizeof(next), "%s-%s", db_res_get(res, n - 1, QC_CURSOR),
		    db_res_get(res, n - 1, QC_ID));
		tmpl_set(c->v, "next_after", next);
	}
	tmpl_set(c->v, "empty", n == 0 ? "1" : NULL);
	tmpl_set(c->v, "paged", cursor_id > 0 ? "1" : NULL);
	db_res_free(res);

	/* The exports follow the queue's year and kind (kind: entry unless chosen). */
	tmpl_setf(c->v, "export_csv", "/review/export.csv?year=%lld&kind=%s",
	    year > 0 ? year : (long long)filing_year_now(), *kind ? kind : "entry");
	tmpl_setf(c->v, "export_xlsx", "/review/export.xlsx?year=%lld&kind=%s",
	    year > 0 ? year : (long long)filing_year_now(), *kind ? kind : "entry");
	tmpl_set(c->v, "f_status", status);
	tmpl_set(c->v, "f_kind", kind);
	tmpl_set(c->v, "f_class", cls);
	if (year > 0)
		tmpl_setf(c->v, "f_year", "%lld", year);
	tmpl_set(c->v, "f_county", county);
	tmpl_set(c->v, "f_cluster", cluster);
	tmpl_set(c->v, "f_q", q);
	add_fixed_options(c, "status_opts", status_opts, status);
	add_fixed_options(c, "kind_opts", kind_opts, kind);
	add_fixed_options(c, "class_opts", class_opts, cls);
	if ((er = queue_choices(c, county, cluster)) != SME_OK)
		return er;
	tmpl_set(c->v, "is_county", role == FLOW_RCOUNTY ? "1" : NULL);
	tmpl_set(c->v, "is_province", role == FLOW_RPROVINCE ? "1" : NULL);
	tmpl_set(c->v, "level_label", flow_state_label(role_level(role)));
	tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW, req_query(c->r, "msg")));
	if (req_query(c->r, "msg") != NULL && strcmp(req_query(c->r, "msg"), "batch") == 0)
		tmpl_setf(c->v, "notice", "批量审核已完成：通过 %lld 件，未处理 %lld 件（已被他人处理或状态已变化）。",
		    app_id(req_query(c->r, "done")), app_id(req_query(c->r, "skipped")));
	tmpl_setf(c->v, "year_now", "%d", filing_year_now());
	return app_render(c, 200, "review_queue");
}

/* ---- one filing ------------------------------------------------------- */

/* The filing id of the path, loaded with the caller's scope into *out (NULL if none). */
static enum sme_err
review_filing_load(struct app_ctx *c, long long id, struct db_res **out)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id), DB_STR(c->sess->region_code) };
	enum sme_err	 er;

	*out = NULL;
	if (id <= 0)
		return SME_OK;
	if ((er = db_query(c->db, SQL_FILING, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 0)
		db_res_free(res);
	else
		*out = res;
	return SME_OK;
}

/* A JSON value as display text ("" for null). Borrowed from v. */
static const char *
json_text(struct json_object *v)
{
	if (v == NULL || json_object_is_type(v, json_type_null))
		return "";
	return json_object_get_string(v);
}

/* indicator_get_fn over a snapshot object. */
static const char *
snapshot_get(void *arg, const char *name)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(arg, name, &v) ||
	    json_object_is_type(v, json_type_null))
		return NULL;
	return json_object_get_string(v);
}

static const char *const indicator_labels[IND__MAX] = {
	[IND_DEBT_RATIO] = "资产负债率（%）",
	[IND_RD_STAFF_RATIO] = "研发人员占比（%）",
	[IND_REVENUE_CAGR] = "营业收入复合增长率（%）",
	[IND_PROFIT_AVG_GROWTH] = "利润总额平均增长率（%）",
	[IND_AVG_PROFIT_MARGIN] = "平均营业利润率（%）",
	[IND_RD_EXPENSE_RATIO] = "研发费用占营业收入比重（%）",
};

/* The label of a table row's scan slot ("patent-3": 授权专利证书影印件（专利3）), else 其他材料. */
static const char *
row_slot_label(const char *kind, const char *slot, char *buf, size_t bufsz)
{
	const struct form_rowset	*rs;
	int				 row;

	if (!form_row_slot(kind, slot, &rs, &row))
		return "其他材料";
	snprintf(buf, bufsz, "%s（%s%d）", rs->scan_label, rs->row_label, row);
	return buf;
}

/*
 * The fields of snap (the latest submission) by section of kind's form, in
 * form order with their labels; fields the form does not know (an older
 * form) under 其他; then the derived figures.
 */
static void
filing_fields(struct app_ctx *c, const char *kind, int year, struct json_object *snap)
{
	static struct form_item		 items[FORM_ITEMS_MAX];
	const struct form_section	*secs;
	struct tmpl_vars		*sv, *it, *row, *first, *other = NULL;
	struct indicator_val		 ind[IND__MAX];
	char				 buf[IND_FMT_SZ];
	const char			*v;
	char				 vbuf[1024];
	size_t				 ns, i, j, ni;
	int				 e;

	ns = form_sections(kind, &secs);
	for (i = 0; i < ns; i++) {
		if (strcmp(secs[i].key, "attachments") == 0)
			continue;
		if ((sv = tmpl_add(c->v, "sections")) == NULL)
			return;
		tmpl_set(sv, "title", secs[i].label);
		tmpl_set(sv, "key", secs[i].key);
		/* With the rows of its tables (产品附证) as the snapshot lists them. */
		ni = form_items_of(kind, year, secs[i].key, snapshot_get, snap, items, FORM_ITEMS_MAX);
		row = first = NULL;
		for (j = 0; j < ni; j++) {
			if (items[j].f->type == FORM_ROWS)
				continue;	/* a table's row keys: its cells follow */
			v = snapshot_get(snap, items[j].name);
			if (items[j].year > 0) {
				/* Yearly rows (经营情况) as a table: a row a figure, a column a year. */
				if (row == NULL || items[j].f != items[j - 1].f) {
					if ((row = tmpl_add(sv, "grid_rows")) == NULL)
						return;
					tmpl_set(row, "label", items[j].f->label);
					tmpl_set(sv, "grid", "1");
					if (first == NULL)
						first = row;
				}
				if (row == first && (it = tmpl_add(sv, "years")) != NULL)
					tmpl_setf(it, "y", "%d年%s", items[j].year,
					    items[j].forecast ? "（预计）" : "");
				if ((it = tmpl_add(row, "cells")) == NULL)
					return;
			} else if ((it = tmpl_add(sv, "fields")) == NULL)
				return;
			tmpl_set(it, "name", items[j].name);
			tmpl_set(it, "label", items[j].label);
			if (v == NULL || *v == '\0')
				tmpl_set(it, "empty", "1");
			else
				tmpl_set(it, "value", refname_value(items[j].f, v, vbuf, sizeof(vbuf)));
		}
	}
	json_object_object_foreach(snap, k, val) {
		const char *sec;

		if (form_field_find(k, &sec) != NULL && form_section_find(kind, sec) != NULL)
			continue;
		if (other == NULL && ((other = tmpl_add(c->v, "sections")) == NULL ||
		    tmpl_set(other, "title", "其他") != SME_OK))
			return;
		if ((it = tmpl_add(other, "fields")) == NULL)
			return;
		tmpl_set(it, "name", k);
		tmpl_set(it, "label", k);
		tmpl_set(it, "value", json_text(val));
	}
	indicator_compute(year, snapshot_get, snap, ind);
	for (e = 0; e < IND__MAX; e++) {
		if ((it = tmpl_add(c->v, "indicators")) == NULL)
			return;
		tmpl_set(it, "name", indicator_name(e));
		tmpl_set(it, "label", indicator_labels[e]);
		tmpl_set(it, "value", indicator_format(&ind[e], buf, sizeof(buf)));
	}
}

/* Member k of a submission's attachment object as a string ("" if none). Borrowed. */
static const char *
file_str(struct json_object *o, const char *k)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, k, &v) ? json_text(v) : "";
}

/*
 * The files of slot in arr (one submission's attachments) whose bytes are
 * not among other's files of that slot, their names joined by "、" into
 * buf; returns how many.
 */
static size_t
files_not_in(struct json_object *arr, struct json_object *other, const char *slot,
    char *buf, size_t bufsz)
{
	struct json_object	*o, *p;
	size_t			 i, j, n = 0, len = 0, na, no;
	int			 m;

	*buf = '\0';
	na = json_object_array_length(arr);
	no = json_object_array_length(other);
	for (i = 0; i < na; i++) {
		o = json_object_array_get_idx(arr, i);
		if (strcmp(file_str(o, "slot"), slot) != 0)
			continue;
		for (j = 0; j < no; j++) {
			p = json_object_array_get_idx(other, j);
			if (strcmp(file_str(p, "slot"), slot) == 0 &&
			    strcmp(file_str(p, "sha256"), file_str(o, "sha256")) == 0)
				break;
		}
		if (j < no)
			continue;
		n++;
		if (len < bufsz && (m = snprintf(buf + len, bufsz - len, "%s%s",
		    len > 0 ? "、" : "", file_str(o, "name"))) > 0)
			len += (size_t)m;
	}
	return n;
}

/*
 * The attachments added, replaced (bytes changed in a slot) and removed
 * between the submissions before (old) and after (cur), as rows
 * "file_changes" of it; returns how many rows.
 */
static size_t
file_changes(struct tmpl_vars *it, const char *kind, struct json_object *old,
    struct json_object *cur)
{
	struct json_object	*arrs[2] = { cur, old };
	struct tmpl_vars	*ch;
	const struct slot	*sl;
	const char		*slots[64], *k;
	char			 added[1024], removed[1024], lbuf[160];
	size_t			 ns = 0, i, j, a, r, rows = 0;

	for (i = 0; i < 2; i++)
		for (j = 0; j < json_object_array_length(arrs[i]); j++) {
			k = file_str(json_object_array_get_idx(arrs[i], j), "slot");
			for (a = 0; a < ns && strcmp(slots[a], k) != 0; a++)
				continue;
			if (a == ns && ns < sizeof(slots) / sizeof(slots[0]))
				slots[ns++] = k;
		}
	for (i = 0; i < ns; i++) {
		a = files_not_in(cur, old, slots[i], added, sizeof(added));
		r = files_not_in(old, cur, slots[i], removed, sizeof(removed));
		if ((a == 0 && r == 0) || (ch = tmpl_add(it, "file_changes")) == NULL)
			continue;
		rows++;
		sl = slot_find(kind, slots[i]);
		tmpl_set(ch, "slot", sl != NULL ? sl->label : row_slot_label(kind, slots[i], lbuf, sizeof(lbuf)));
		tmpl_set(ch, "slot_key", slots[i]);
		tmpl_set(ch, "change_key", a > 0 && r > 0 ? "replaced" : a > 0 ? "added" : "removed");
		tmpl_set(ch, "change", a > 0 && r > 0 ? "更换" : a > 0 ? "新增" : "删除");
		tmpl_set(ch, "old", removed);
		tmpl_set(ch, "new", added);
	}
	return rows;
}

/*
 * Field k changed from a to b (NULL: emptied), as a row of "changes" in it,
 * with the values as the form shows them. 1 if the row was added.
 */
static int
snapshot_change(struct tmpl_vars *it, const char *k, const char *a,
    const char *b)
{
	const struct form_field	*f = form_field_find(k, NULL);
	struct tmpl_vars	*ch;
	char			 label[160], va[1024], vb[1024];

	if ((ch = tmpl_add(it, "changes")) == NULL)
		return 0;
	form_label(k, label, sizeof(label));
	tmpl_set(ch, "label", label);
	tmpl_set(ch, "name", k);
	tmpl_set(ch, "old", refname_value(f, a, va, sizeof(va)));
	tmpl_set(ch, "new", b == NULL ? "" : refname_value(f, b, vb, sizeof(vb)));
	return 1;
}

/*
 * The latest snapshot's fields, and each submission with what changed
 * since the one before it. res holds seq, time, snapshot, newest first.
 */
static void
filing_snapshots(struct app_ctx *c, const char *kind, int year,
    const struct db_res *res)
{
	struct json_object	*snap[HISTORY_MAX + 1] = { NULL };
	struct json_object	*files[HISTORY_MAX + 1] = { NULL };
	size_t			 nch;
	struct tmpl_vars	*it;
	struct json_object	*old;
	const char		*a, *b;
	size_t			 i, n = res->nrows;

	for (i = 0; i < n && i <= HISTORY_MAX; i++) {
		snap[i] = json_tokener_parse(db_res_get(res, i, SB_SNAPSHOT));
		if (snap[i] != NULL && !json_object_is_type(snap[i], json_type_object)) {
			json_object_put(snap[i]);
			snap[i] = NULL;
		}
		/* NULL: a submission from before files were recorded with it. */
		files[i] = db_res_get(res, i, SB_FILES) != NULL ?
		    json_tokener_parse(db_res_get(res, i, SB_FILES)) : NULL;
		if (files[i] != NULL && !json_object_is_type(files[i], json_type_array)) {
			json_object_put(files[i]);
			files[i] = NULL;
		}
	}
	if (n > 0 && snap[0] != NULL)
		filing_fields(c, kind, year, snap[0]);
	for (i = 0; i < n; i++) {
		if ((it = tmpl_add(c->v, "history")) == NULL)
			break;
		tmpl_set(it, "seq", db_res_get(res, i, SB_SEQ));
		tmpl_set(it, "at", db_res_get(res, i, SB_AT));
		if (i + 1 >= n || snap[i] == NULL || snap[i + 1] == NULL) {
			tmpl_set(it, "first", i + 1 >= n ? "1" : NULL);
			continue;
		}
		nch = 0;
		json_object_object_foreach(snap[i], k, v) {
			a = json_object_object_get_ex(snap[i + 1], k, &old) ? json_text(old) : "";
			b = json_text(v);
			if (strcmp(a, b) != 0)
				nch += snapshot_change(it, k, a, b);
		}
		json_object_object_foreach(snap[i + 1], k2, v2) {
			if (!json_object_object_get_ex(snap[i], k2, NULL) &&
			    *json_text(v2) != '\0')
				nch += snapshot_change(it, k2, json_text(v2), NULL);
		}
		if (files[i] != NULL && files[i + 1] != NULL)
			nch += file_changes(it, kind, files[i + 1], files[i]);
		else
			tmpl_set(it, "files_unknown", "1");
		/* "无变化" only when fields and attachments are known to be the same. */
		if (nch == 0 && files[i] != NULL && files[i + 1] != NULL)
			tmpl_set(it, "unchanged", "1");
		else if (nch == 0)
			tmpl_set(it, "fields_unchanged", "1");
	}
	for (i = 0; i <= HISTORY_MAX; i++) {
		json_object_put(snap[i]);
		json_object_put(files[i]);
	}
}

static const char *
action_label(const char *a)
{
	return strcmp(a, "submit") == 0 ? "提交" : strcmp(a, "approve") == 0 ?
	    "审核通过" : strcmp(a, "return") == 0 ? "退回" :
	    strcmp(a, "withdraw") == 0 ? "企业撤回" : a;
}

/* Fill the detail page of filing f (a SQL_FILING row) and render it with status. */
static enum sme_err
filing_render(struct app_ctx *c, const struct db_res *f, int role, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	struct flow_chain	 chain;
	const struct slot	*sl;
	long long		 id = db_res_int(f, 0, FL_ID, 0);
	size_t			 i;
	int			 k, st;
	char			 tok[64], lbuf[160];
	const char		*fk;

	rowvars_set(c->v, f, 0, filing_vars, NELEM(filing_vars));
	tmpl_setf(c->v, "action_href", "/review/%s", db_res_get(f, 0, FL_ID));
	tmpl_setf(c->v, "assessment_href", "/filing/%s/assessment", db_res_get(f, 0, FL_ID));
	tmpl_set(c->v, "kind", kind_label(db_res_get(f, 0, FL_KIND)));
	tmpl_set(c->v, "class", class_label(db_res_get(f, 0, FL_CLASS)));
	tmpl_set(c->v, "state", state_label(db_res_get(f, 0, FL_STATE)));
	k = flow_kind_parse(db_res_get(f, 0, FL_KIND));
	st = flow_state_parse(db_res_get(f, 0, FL_STATE));
	if (k >= 0 && st >= 0) {
		flow_chain(c->app->cfg, k, &chain);
		if (strcmp(db_res_get(f, 0, FL_LEVEL), "local") == 0)
			flow_chain_local(&chain,
			    db_res_int(f, 0, FL_COUNTY_DECIDES, 0) != 0 &&
			    st != FLOW_CITY);
		if (flow_next(&chain, st, FLOW_APPROVE, role) >= 0)
			tmpl_set(c->v, "can_act", "1");
	}

	if ((er = refname_load(c->db)) != SME_OK)
		return er;
	struct db_param p[] = { DB_INT(id), DB_INT(HISTORY_MAX) };
	if ((er = db_query(c->db, SQL_SUBMISSIONS, p, 2, &res)) != SME_OK)
		return er;
	/* A 复核 shows the form of the title it rechecks (form_kind_of). */
	filing_snapshots(c, form_kind_of(db_res_get(f, 0, FL_KIND),
	    db_res_get(f, 0, FL_CLASS), db_res_get(f, 0, FL_SUBJECT)),
	    (int)db_res_int(f, 0, FL_YEAR, 0), res);
	db_res_free(res);

	if ((er = db_query(c->db, SQL_EVENTS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "events")) == NULL)
			break;
		tmpl_set(it, "at", db_res_get(res, i, EV_AT));
		tmpl_set(it, "who", db_res_get(res, i, EV_WHO));
		tmpl_set(it, "action", action_label(db_res_get(res, i, EV_ACTION)));
		tmpl_set(it, "action_key", db_res_get(res, i, EV_ACTION));
		tmpl_set(it, "from", state_label(db_res_get(res, i, EV_FROM)));
		tmpl_set(it, "to", state_label(db_res_get(res, i, EV_TO)));
		tmpl_set(it, "reason", db_res_get(res, i, EV_REASON));
	}
	db_res_free(res);

	/* Attachments come with the upload handler's table (schema 007). */
	if ((er = db_query(c->db, SQL_HAVE_ATTACHMENT, NULL, 0, &res)) != SME_OK)
		return er;
	k = db_res_int(res, 0, HA_COUNT, 0) > 0;
	db_res_free(res);
	if (k) {
		if ((er = db_query(c->db, SQL_ATTACHMENTS, p, 1, &res)) != SME_OK)
			return er;
		for (i = 0; i < res->nrows; i++) {
			if ((it = tmpl_add(c->v, "attachments")) == NULL)
				break;
			tmpl_setf(it, "href", "/files/%s", db_res_get(res, i, AT_ID));
			fk = form_kind_of(db_res_get(f, 0, FL_KIND),
			    db_res_get(f, 0, FL_CLASS), db_res_get(f, 0, FL_SUBJECT));
			sl = slot_find(fk, db_res_get(res, i, AT_SLOT));
			tmpl_set(it, "slot", sl != NULL ? sl->label : row_slot_label(fk,
			    db_res_get(res, i, AT_SLOT), lbuf, sizeof(lbuf)));
			tmpl_set(it, "slot_key", db_res_get(res, i, AT_SLOT));
			tmpl_set(it, "name", db_res_get(res, i, AT_NAME));
			tmpl_setf(it, "size", "%.1f KB",
			    (double)db_res_int(res, i, AT_SIZE, 0) / 1024.0);
		}
		db_res_free(res);
	}
	tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW, req_query(c->r, "msg")));
	if ((er = once_new(tok, sizeof(tok))) != SME_OK)
		return er;
	tmpl_set(c->v, "once", tok);
	return app_render(c, status, "review_filing");
}

static enum sme_err
page_filing(struct app_ctx *c)
{
	struct db_res	*f;
	enum sme_err	 er;
	int		 role;

	role = flow_role_parse(c->sess->role);
	if ((er = review_filing_load(c, app_id(c->arg[0]), &f)) != SME_OK)
		return er;
	if (f == NULL) {
		app_error(c, 404);
		return SME_OK;
	}
	/* The reviewer it waits for has opened it: the enterprise can no longer withdraw it. */
	if (flow_state_parse(db_res_get(f, 0, FL_STATE)) ==
	    flow_state_parse(c->sess->role) &&
	    (er = filing_mark_opened(c->db, db_res_int(f, 0, FL_ID, 0),
	    flow_state_parse(db_res_get(f, 0, FL_STATE)))) != SME_OK) {
		db_res_free(f);
		return er;
	}
	er = filing_render(c, f, role, 200);
	db_res_free(f);
	return er;
}

enum act_result { ACT_DONE, ACT_STALE, ACT__MAX };

/*
 * Do action on filing f (a SQL_FILING row) as the caller, if its state and
 * version still are what the reviewer saw, in one transaction (db_tx_run:
 * run again after a deadlock), recording the form's token once (NULL:
 * none). *out is ACT_STALE when someone got there first (nothing changed);
 * SME_ECONFLICT when the token was used already.
 */
static enum sme_err
filing_act(struct app_ctx *c, const struct db_res *f, int role,
    enum flow_action action, long long version, const char *reason,
    const struct once_use *once, enum act_result *out)
{
	struct filing_decision	 d;
	enum sme_err		 er;
	int			 done;

	memset(&d, 0, sizeof(d));
	d.id = db_res_int(f, 0, FL_ID, 0);
	d.enterprise_id = db_res_int(f, 0, FL_ENT_ID, 0);
	d.kind = db_res_get(f, 0, FL_KIND);
	d.state = db_res_get(f, 0, FL_STATE);
	d.year = db_res_get(f, 0, FL_YEAR);
	d.loaded_version = db_res_int(f, 0, FL_VERSION, 0);
	d.version = version;
	d.role = role;
	d.action = action;
	d.reason = reason;
	d.actor = c->sess->account_id;
	d.ip = c->r->remote_addr;
	d.once = once;
	d.level = db_res_get(f, 0, FL_LEVEL);
	d.county_decides = db_res_int(f, 0, FL_COUNTY_DECIDES, 0) != 0;
	er = filing_decide(c->db, c->app->cfg, &d, &done);
	*out = done ? ACT_DONE : ACT_STALE;
	return er;
}

static enum sme_err
page_filing_post(struct app_ctx *c)
{
	struct db_res	*f, *now;
	const char	*action = req_form(c->r, "action");
	const char	*reason = req_form(c->r, "reason");
	const char	*target;
	struct once_use	 once;
	enum act_result	 done;
	enum sme_err	 er;
	long long	 id = app_id(c->arg[0]);
	int		 role, a, replayed;

	role = flow_role_parse(c->sess->role);
	if ((er = review_filing_load(c, id, &f)) != SME_OK)
		return er;
	if (f == NULL) {
		app_error(c, 404);
		return SME_OK;
	}
	/* Before the checks: the first copy moved the filing on. */
	if ((er = app_once_replayed(c, &replayed)) != SME_OK || replayed) {
		db_res_free(f);
		return er;
	}
	a = flow_action_parse(action);
	if (a != FLOW_APPROVE && a != FLOW_RETURN)
		app_field_error(c, "action", "请选择审核结果：审核通过或退回");
	if (a == FLOW_RETURN && validate_chars(reason) < REASON_MIN)
		app_field_error(c, "reason", "请填写退回原因（至少5个字），说明需要企业修改的内容");
	else if (a == FLOW_RETURN && (validate_chars(reason) > REASON_CHARS ||
	    strlen(reason) > REASON_MAX))
		app_field_error(c, "reason", "退回原因不能超过300个字");
	if (tmpl_get(c->v, "has_errors") != NULL) {
		tmpl_set(c->v, "f_reason", reason);
		tmpl_set(c->v, a == FLOW_RETURN ? "sel_return" : "sel_approve", "1");
		er = filing_render(c, f, role, 422);
		db_res_free(f);
		return er;
	}
	target = a == FLOW_RETURN ? "/review?msg=returned" : "/review?msg=approved";
	once.account = c->sess->account_id;
	once.token = req_form(c->r, ONCE_FIELD);
	once_digest(&c->r->form, once.digest);
	once.target = target;
	if (once.token != NULL && *once.token == '\0')
		once.token = NULL;
	er = filing_act(c, f, role, a, app_id(req_form(c->r, "version")),
	    reason, once.token != NULL ? &once : NULL, &done);
	db_res_free(f);
	if (er == SME_ECONFLICT) {
		/* The token was used meanwhile, or the filing moved on. */
		if ((er = app_once_replayed(c, &replayed)) != SME_OK || replayed)
			return er;
		done = ACT_STALE;
	}
	if (er == SME_EINPUT) {
		app_error(c, 400);
		return SME_OK;
	}
	if (er != SME_OK)
		return er;
	if (done == ACT_STALE) {
		/* Show what happened instead: the filing as it is now. */
		if ((er = review_filing_load(c, id, &now)) != SME_OK)
			return er;
		if (now == NULL) {
			app_error(c, 404);
			return SME_OK;
		}
		tmpl_set(c->v, "conflict", "1");
		tmpl_set(c->v, "f_reason", reason);
		er = filing_render(c, now, role, 409);
		db_res_free(now);
		return er;
	}
	req_redirect(c->r, target);
	return SME_OK;
}

/* POST /review/batch: approve each picked "id:version"; the stale are skipped. */
static enum sme_err
page_batch(struct app_ctx *c)
{
	const struct http_pair	*pp;
	struct db_res		*f;
	enum act_result		 done;
	enum sme_err		 er;
	char			 loc[96];
	const char		*colon;
	long long		 ok = 0, skipped = 0, id;
	size_t			 i;
	int			 role;

	role = flow_role_parse(c->sess->role);
	for (i = 0; i < c->r->form.n; i++) {
		pp = &c->r->form.v[i];
		if (strcmp(pp->key, "pick") != 0)
			continue;
		if ((colon = strchr(pp->val, ':')) == NULL || colon - pp->val > 18) {
			skipped++;
			continue;
		}
		char idbuf[20];
		snprintf(idbuf, sizeof(idbuf), "%.*s", (int)(colon - pp->val), pp->val);
		id = app_id(idbuf);
		if ((er = review_filing_load(c, id, &f)) != SME_OK)
			return er;
		if (f == NULL) {
			skipped++;
			continue;
		}
		er = filing_act(c, f, role, FLOW_APPROVE, app_id(colon + 1), NULL, NULL, &done);
		db_res_free(f);
		if (er != SME_OK)
			return er;
		if (done == ACT_DONE)
			ok++;
		else
			skipped++;
	}
	snprintf(loc, sizeof(loc), "/review?msg=batch&done=%lld&skipped=%lld", ok, skipped);
	req_redirect(c->r, loc);
	return SME_OK;
}

/* ---- registrations ---------------------------------------------------- */

/*
 * The licence of registration id, stored as name ("" if none), into it:
 * "licence" (its URL) and how the page shows it: "licence_img" (JPEG,
 * PNG), "licence_pdf" (PDF, embedded) or "licence_file" (a download).
 */
static void
registration_licence(struct app_ctx *c, struct tmpl_vars *it, const char *id,
    const char *name)
{
	enum filetype	 t;

	if (*name == '\0')
		return;
	tmpl_setf(it, "licence", "/review/registrations/%s/licence", id);
	t = store_signature(config_text(c->app->cfg, "storage_dir"), name);
	tmpl_set(it, t == FILETYPE_PDF ? "licence_pdf" : filetype_inline(t) ?
	    "licence_img" : "licence_file", "1");
}

/*
 * A decision on registration id that came back with errors: its messages
 * and what was typed go to its own row ("row_" names: a row's vars fall
 * back to the page's), and the page says they are there ("err_in_row").
 */
static void
registration_row_errors(struct app_ctx *c, struct tmpl_vars *it, const char *id)
{
	const char	*fid = tmpl_get(c->v, "f_id");
	const char	*a = tmpl_get(c->v, "f_action");

	if (fid == NULL || strcmp(fid, id) != 0)
		return;
	tmpl_set(it, "row_err_action", tmpl_get(c->v, "err_action"));
	tmpl_set(it, "row_err_reason", tmpl_get(c->v, "err_reason"));
	tmpl_set(it, "row_reason", tmpl_get(c->v, "f_reason"));
	if (a != NULL)
		tmpl_set(it, strcmp(a, "return") == 0 ? "row_sel_return" :
		    strcmp(a, "approve") == 0 ? "row_sel_approve" : "row_sel_none", "1");
	tmpl_set(c->v, "err_in_row", "1");
}

/* A disputing registration's values as claim_disputes has them. */
static const struct rowvar dispute_vars[] = {
	{ "name", CLAIM_DISPUTE_NAME }, { "county", CLAIM_DISPUTE_REGION },
	{ "username", CLAIM_DISPUTE_USERNAME }, { "mobile", CLAIM_DISPUTE_MOBILE },
	{ "at", CLAIM_DISPUTE_AT },
};

/*
 * The other live registrations of registration id's code, from disputes
 * (claim_disputes), into it as "others": a dispute the county decides
 * with both licences before it (lib/claim.h).
 */
static void
registrations_dispute(struct app_ctx *c, struct tmpl_vars *it,
    const struct db_res *disputes, const char *uscc, const char *id)
{
	struct tmpl_vars	*o;
	size_t			 i;

	for (i = 0; i < disputes->nrows; i++) {
		if (!db_res_is(disputes, i, CLAIM_DISPUTE_USCC, uscc) ||
		    db_res_is(disputes, i, CLAIM_DISPUTE_ID, id))
			continue;
		tmpl_set(it, "disputed", "1");
		if (db_res_int(disputes, i, CLAIM_DISPUTE_WITHHELD, 0) > 0)
			tmpl_set(it, "withheld",
			    db_res_get(disputes, i, CLAIM_DISPUTE_WITHHELD));
		if ((o = tmpl_add(it, "others")) == NULL)
			break;
		rowvars_set(o, disputes, i, dispute_vars, NELEM(dispute_vars));
		tmpl_set(o, "status",
		    db_res_is(disputes, i, CLAIM_DISPUTE_STATUS, "confirmed") ?
		    "已审核通过" : "待审核");
		registration_licence(c, o, db_res_get(disputes, i, CLAIM_DISPUTE_ID),
		    db_res_get(disputes, i, CLAIM_DISPUTE_LICENCE));
	}
}

/* The pending registrations of the county reviewer's county, rendered with status. */
static enum sme_err
registrations_render(struct app_ctx *c, int status)
{
	struct db_res		*res, *disputes;
	struct tmpl_vars	*it;
	struct db_param		 p[] = { DB_STR(c->sess->region_code), DB_INT(REGS_PAGE + 1) };
	enum sme_err		 er;
	size_t			 i;

	if ((er = claim_disputes(c->db, c->sess->region_code,
	    &disputes)) != SME_OK)
		return er;
	if ((er = db_query(c->db, SQL_REGISTRATIONS, p, 2, &res)) != SME_OK) {
		db_res_free(disputes);
		return er;
	}
	/* More than a page: the oldest first, and the page says others wait. */
	if (res->nrows > REGS_PAGE)
		tmpl_setf(c->v, "more", "本页列出最早提交的%d家，还有其他企业的注册信息待审核：审核完本页后刷新即可看到。",
		    REGS_PAGE);
	for (i = 0; i < res->nrows && i < REGS_PAGE; i++) {
		if ((it = tmpl_add(c->v, "regs")) == NULL)
			break;
		rowvars_set(it, res, i, registration_vars,
		    NELEM(registration_vars));
		tmpl_setf(it, "action", "/review/registrations/%s",
		    db_res_get(res, i, RG_ID));
		/* Ids of the decision's radios, each beside its <label for>. */
		tmpl_setf(it, "id_approve", "reg-%s-approve", db_res_get(res, i, RG_ID));
		tmpl_setf(it, "id_return", "reg-%s-return", db_res_get(res, i, RG_ID));
		tmpl_setf(it, "id_reason", "reg-%s-reason", db_res_get(res, i, RG_ID));
		registration_licence(c, it, db_res_get(res, i, RG_ID),
		    db_res_get(res, i, RG_LICENCE));
		registration_row_errors(c, it, db_res_get(res, i, RG_ID));
		registrations_dispute(c, it, disputes, db_res_get(res, i, RG_USCC),
		    db_res_get(res, i, RG_ID));
	}
	tmpl_set(c->v, "empty", res->nrows == 0 ? "1" : NULL);
	db_res_free(disputes);
	db_res_free(res);
	if (tmpl_get(c->v, "notice") == NULL)
		tmpl_set(c->v, "notice", flash_text(FLASH_REVIEW, req_query(c->r, "msg")));
	return app_render(c, status, "review_registrations");
}

static enum sme_err
page_registrations(struct app_ctx *c)
{
	int	 role;

	role = flow_role_parse(c->sess->role);
	/* Registrations are the county's to confirm (DOMAIN.md, journey 1). */
	if (role != FLOW_RCOUNTY) {
		app_error(c, 404);
		return SME_OK;
	}
	return registrations_render(c, 200);
}

static enum sme_err
page_registration_post(struct app_ctx *c)
{
	struct db_res		*res;
	const char		*action = req_form(c->r, "action");
	const char		*reason = req_form(c->r, "reason");
	char			 name[256], oid[32], after[900], mobile[16] = "";
	struct claim_decision	 ra;
	long long		 id = app_id(c->arg[0]), version;
	enum sme_err		 er;
	int			 role, a, approve;

	memset(&ra, 0, sizeof(ra));
	role = flow_role_parse(c->sess->role);
	struct db_param p[] = { DB_INT(id), DB_STR(c->sess->region_code) };
	if (role != FLOW_RCOUNTY ||
	    (er = db_query(c->db, SQL_REGISTRATION, p, 2, &res)) != SME_OK) {
		if (role != FLOW_RCOUNTY) {
			app_error(c, 404);
			return SME_OK;
		}
		return er;
	}
	if (res->nrows == 0) {
		db_res_free(res);
		app_error(c, 404);
		return SME_OK;
	}
	snprintf(name, sizeof(name), "%s", db_res_get(res, 0, RN_NAME));
	db_res_free(res);
	a = flow_action_parse(action);
	approve = a == FLOW_APPROVE;
	if (a != FLOW_APPROVE && a != FLOW_RETURN)
		app_field_error(c, "action", "请选择审核结果：审核通过或退回");
	else if (!approve && validate_chars(reason) < REASON_MIN)
		app_field_error(c, "reason", "请填写退回原因（至少5个字）");
	else if (!approve && (validate_chars(reason) > REG_REASON_CHARS ||
	    strlen(reason) > REG_REASON_MAX))
		app_field_error(c, "reason", "退回原因不能超过150个字");
	if (tmpl_get(c->v, "has_errors") != NULL) {
		tmpl_set(c->v, "f_reason", reason);
		tmpl_set(c->v, "f_action", action);
		tmpl_setf(c->v, "f_id", "%lld", id);
		return registrations_render(c, 422);
	}
	version = app_id(req_form(c->r, "version"));
	snprintf(oid, sizeof(oid), "%lld", id);
	audit_json(after, sizeof(after), "status", approve ? "confirmed" : "returned",
	    "reason", approve ? NULL : reason, NULL);
	if ((er = account_enterprise_mobile(c->db, id, mobile, sizeof(mobile))) != SME_OK)
		return er;
	ra.cfg = c->app->cfg;
	ra.actor = c->sess->account_id;
	ra.ip = c->r->remote_addr;
	ra.region = c->sess->region_code;
	ra.id = id;
	ra.version = version;
	ra.approve = approve;
	ra.reason = reason;
	ra.name = name;
	ra.oid = oid;
	ra.after = after;
	ra.mobile = mobile;
	er = claim_decide(c->db, &ra);
	if (er == SME_ECONFLICT && ra.held) {
		tmpl_set(c->v, "notice", "该统一社会信用代码已有审核通过的注册。如其系冒用，"
		    "请先在下方释放该统一社会信用代码，再审核通过本注册。");
		tmpl_set(c->v, "conflict", "1");
		return registrations_render(c, 409);
	}
	if (er == SME_ECONFLICT && ra.stale) {
		tmpl_set(c->v, "notice", "该注册信息已被他人处理或已变化，请查看最新列表。");
		tmpl_set(c->v, "conflict", "1");
		return registrations_render(c, 409);
	}
	if (er != SME_OK)
		return er;
	req_redirect(c->r, approve ? "/review/registrations?msg=reg_approved" :
	    "/review/registrations?msg=reg_returned");
	return SME_OK;
}

/*
 * POST /review/registrations/release: the county releases a credit code
 * that a confirmed registration of its county squats (the real company
 * found "该企业已存在"): that registration is returned with the reason, its
 * account locked and its sessions ended (lib/claim.h).
 */
static enum sme_err
page_registration_release(struct app_ctx *c)
{
	const char	*reason = req_form(c->r, "reason");
	char		*uscc;
	long long	 id = 0;
	enum sme_err	 er;
	int		 done = 0;

	if (flow_role_parse(c->sess->role) != FLOW_RCOUNTY) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((uscc = validate_trimmed(req_form(c->r, "uscc"), 1)) == NULL)
		return SME_ENOMEM;
	if (validate_uscc(uscc) != NULL)
		app_field_error(c, "uscc", validate_uscc(uscc));
	if (validate_chars(reason) < REASON_MIN)
		app_field_error(c, "release_reason", "请填写释放原因（至少5个字）");
	else if (validate_chars(reason) > REG_REASON_CHARS ||
	    strlen(reason) > REG_REASON_MAX)
		app_field_error(c, "release_reason", "释放原因不能超过150个字");
	if (tmpl_get(c->v, "has_errors") == NULL &&
	    (er = claim_confirmed_in(c->db, uscc, c->sess->region_code,
	    &id)) != SME_OK)
		goto out;
	if (tmpl_get(c->v, "has_errors") == NULL && id == 0)
		app_field_error(c, "uscc", "本县（市、区）没有该统一社会信用代码审核通过的注册");
	if (tmpl_get(c->v, "has_errors") == NULL &&
	    (er = claim_release(c->db, id, reason, c->sess->account_id,
	    c->r->remote_addr, &done)) != SME_OK)
		goto out;
	if (!done) {
		if (tmpl_get(c->v, "has_errors") == NULL)
			app_field_error(c, "uscc", "该注册已被他人处理，请查看最新列表");
		tmpl_set(c->v, "f_uscc", uscc);
		tmpl_set(c->v, "f_release_reason", reason);
		er = registrations_render(c, 422);
		goto out;
	}
	log_info("county %s released credit code %s (enterprise %lld)",
	    c->sess->username, uscc, id);
	req_redirect(c->r, "/review/registrations?msg=released");
	er = SME_OK;
out:
	free(uscc);
	return er;
}

/*
 * GET /review/registrations/{id}/licence: the licence of a registration of
 * the county, or of one disputing a code with it, handed to nginx
 * (X-Accel-Redirect) from the store, whose internal location adds nosniff
 * and a sandboxing CSP. A PDF, JPEG or PNG (by its stored bytes) is shown
 * in the page; anything else is downloaded.
 */
static enum sme_err
page_registration_licence(struct app_ctx *c)
{
	char		 name[80], path[160], disp[64];
	enum filetype	 t;
	enum sme_err	 er;

	if (flow_role_parse(c->sess->role) != FLOW_RCOUNTY) {
		app_error(c, 404);
		return SME_OK;
	}
	if ((er = claim_licence(c->db, app_id(c->arg[0]), c->sess->region_code,
	    name, sizeof(name))) != SME_OK)
		return er;
	if (strlen(name) != STORE_NAME_LEN) {
		app_error(c, 404);
		return SME_OK;
	}
	t = store_signature(config_text(c->app->cfg, "storage_dir"), name);
	snprintf(disp, sizeof(disp), "%s; filename=\"licence%s%s\"",
	    filetype_inline(t) ? "inline" : "attachment", *filetype_ext(t) ? "." : "",
	    filetype_ext(t));
	snprintf(path, sizeof(path), "/__sme/files/%.2s/%s", name, name);
	req_header(c->r, "X-Accel-Redirect", path);
	req_header(c->r, "Content-Disposition", disp);
	req_send(c->r, 200, filetype_mime(t), NULL, 0);
	return SME_OK;
}

/*
 * The fixed paths come before /review/{id}, which would match them too.
 * Anyone but a reviewer gets 404 (APP_HIDDEN; HTTP.md: never reveal
 * what is not yours), not 403.
 */
static const struct app_route routes[] = {
	{ REQ_GET, "/review", page_queue, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/review/batch", page_batch, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/registrations", page_registrations, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	/* Before {id}, which would take "release" for an id. */
	{ REQ_POST, "/review/registrations/release", page_registration_release, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/review/registrations/{id}", page_registration_post, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/registrations/{id}/licence", page_registration_licence, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/export.xlsx", review_report_export, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/export.csv", review_report_export, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/stats", review_report_stats, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/review/stats/targets", review_report_targets, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/deadlines", review_deadline_page, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/review/deadlines", review_deadline_post, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	/* The library's year (review_library.c); the public list needs no login. */
	{ REQ_GET, "/review/library", review_library_page, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/review/library/remind", review_library_remind, APP_AUTH | APP_COUNTY | APP_CITY | APP_HIDDEN },
	{ REQ_POST, "/review/library/propose", review_library_propose, APP_AUTH | APP_COUNTY | APP_HIDDEN },
	{ REQ_POST, "/review/library/confirm", review_library_confirm, APP_AUTH | APP_CITY | APP_HIDDEN },
	{ REQ_POST, "/review/library/undo", review_library_undo, APP_AUTH | APP_CITY | APP_HIDDEN },
	{ REQ_POST, "/review/library/publish", review_library_publish, APP_AUTH | APP_PROVINCE | APP_HIDDEN },
	{ REQ_GET, "/library/public", review_library_public, 0 },
	{ REQ_GET, "/library/public.csv", review_library_public, 0 },
	{ REQ_POST, "/review/stats/local", review_progress_local, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/stats/report.xlsx", review_progress_xlsx, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_GET, "/review/moves", review_change_moves, APP_AUTH | APP_COUNTY | APP_CITY | APP_HIDDEN },
	{ REQ_POST, "/review/moves/{id}", review_change_move_post, APP_AUTH | APP_COUNTY | APP_CITY | APP_HIDDEN },
	{ REQ_GET, "/review/mobiles", review_change_mobiles, APP_AUTH | APP_COUNTY | APP_HIDDEN },
	{ REQ_POST, "/review/mobiles/{id}", review_change_mobile_post, APP_AUTH | APP_COUNTY | APP_HIDDEN },
	{ REQ_GET, "/review/{id}", page_filing, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
	{ REQ_POST, "/review/{id}", page_filing_post, APP_AUTH | APP_REVIEWER | APP_HIDDEN },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-review", routes, NELEM(routes));
}
