/*
 * review_deadline.c - GET|POST /review/deadlines: the province sets the
 * last day of each level's review (review_deadline, lib/deadline.c) for
 * each kind of a year, shown beside that kind's filing window (seed 002:
 * 企业填报 2月20日开始, 审核截止时间为3月底). Every field is checked before
 * anything is written; what was typed comes back with the messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "deadline.h"
#include "filing.h"
#include "flow.h"
#include "req.h"
#include "review_deadline.h"
#include "tmpl.h"
#include "vocab.h"

/* The levels a deadline can bound, in chain order, and their template prefixes. */
static const char *const dl_levels[] = { "county", "city", "province" };
static const char *const dl_prefix[] = { "c", "t", "p" };
#define DL_LEVELS	3

/* The cities of the statistics page's summary: all for the province, a city its own. */
static const char SQL_CITIES[] =
    "SELECT code, name FROM region WHERE level = 'city' AND (? = '320000' OR code = ?)"
    " ORDER BY code";
enum { CT_CODE, CT_NAME };

static const char SQL_WINDOWS[] =
    "SELECT kind, DATE_FORMAT(opens_at + INTERVAL 8 HOUR, '%Y-%m-%d'),"
    " DATE_FORMAT(closes_at + INTERVAL 8 HOUR - INTERVAL 1 SECOND, '%Y-%m-%d')"
    " FROM filing_window WHERE year = ?";
enum { WN_KIND, WN_OPENS, WN_CLOSES };

/* The year of the page: ?year= or the form's, else this year. */
static long
dl_year(const char *y)
{
	if (y != NULL && strlen(y) == 4 && strspn(y, "0123456789") == 4 &&
	    atoi(y) >= 2000)
		return atol(y);
	return filing_year_now();
}

/*
 * The value of column col of res's row whose first column is key (and
 * second key2, unless NULL); or NULL. res: SQL_WINDOWS (WN_KIND first) or
 * deadline_of_year (DEADLINE_YEAR_KIND, DEADLINE_YEAR_LEVEL first).
 */
enum { DL_FIND_KEY, DL_FIND_KEY2 };
static const char *
dl_find(const struct db_res *res, const char *key, const char *key2, size_t col)
{
	size_t	 i;

	for (i = 0; res != NULL && i < res->nrows; i++)
		if (db_res_is(res, i, DL_FIND_KEY, key) && (key2 == NULL ||
		    db_res_is(res, i, DL_FIND_KEY2, key2)))
			return db_res_get(res, i, col);
	return NULL;
}

/* Whether kind k's review chain passes level l (FLOW_COUNTY + l). */
static int
dl_in_chain(struct app_ctx *c, int k, int l)
{
	struct flow_chain	 ch;
	int			 i;

	flow_chain(c->app->cfg, (enum flow_kind)k, &ch);
	for (i = 0; i < ch.n; i++)
		if (ch.level[i] == (enum flow_state)(FLOW_COUNTY + l))
			return 1;
	return 0;
}

/* The page of year with status; form: show what was posted (a 422). */
static enum sme_err
dl_render(struct app_ctx *c, long year, int status, int form)
{
	struct db_res		*dl = NULL, *win = NULL;
	struct tmpl_vars	*it;
	enum sme_err		 er;
	const char		*kind, *v;
	char			 key[64], ek[80], tk[8];
	int			 k, l;

	struct db_param p[] = { DB_INT(year) };
	if ((er = deadline_of_year(c->db, year, &dl)) != SME_OK ||
	    (er = db_query(c->db, SQL_WINDOWS, p, 1, &win)) != SME_OK)
		goto out;
	for (k = 0; k < FLOW_KIND__MAX; k++) {
		if ((it = tmpl_add(c->v, "kinds")) == NULL)
			break;
		kind = flow_kind_name((enum flow_kind)k);
		tmpl_set(it, "kind", kind);
		tmpl_set(it, "label", vocab_kind_label(kind, VOCAB_SHORT));
		if ((v = dl_find(win, kind, NULL, WN_OPENS)) != NULL)
			tmpl_setf(it, "window", "%s 至 %s", v,
			    dl_find(win, kind, NULL, WN_CLOSES));
		else
			tmpl_set(it, "window", "未设定");
		for (l = 0; l < DL_LEVELS; l++) {
			snprintf(key, sizeof(key), "due_%s_%s", kind, dl_levels[l]);
			snprintf(tk, sizeof(tk), "%s_name", dl_prefix[l]);
			tmpl_set(it, tk, key);
			snprintf(tk, sizeof(tk), "%s_on", dl_prefix[l]);
			if (!dl_in_chain(c, k, l))
				continue;
			tmpl_set(it, tk, "1");
			snprintf(tk, sizeof(tk), "%s_val", dl_prefix[l]);
			tmpl_set(it, tk, form ? req_form(c->r, key) :
			    dl_find(dl, kind, dl_levels[l], DEADLINE_YEAR_DUE));
			snprintf(ek, sizeof(ek), "err_%s", key);
			snprintf(tk, sizeof(tk), "%s_err", dl_prefix[l]);
			tmpl_set(it, tk, tmpl_get(c->v, ek));
			snprintf(tk, sizeof(tk), "%s_lbl", dl_prefix[l]);
			tmpl_setf(it, tk, "%s%s审核截止日期", vocab_kind_label(kind,
			    VOCAB_SHORT), vocab_level_label(dl_levels[l]));
		}
	}
	tmpl_setf(c->v, "year", "%ld", year);
	if (req_query(c->r, "msg") != NULL && strcmp(req_query(c->r, "msg"), "saved") == 0)
		tmpl_set(c->v, "notice", "审核期限已保存。");
	er = app_render(c, status, "review_deadlines");
out:
	db_res_free(dl);
	db_res_free(win);
	return er;
}

enum sme_err
review_deadline_page(struct app_ctx *c)
{
	/* Deadlines are the province's to set (DOMAIN.md, roles). */
	if (strcmp(c->sess->role, "province") != 0) {
		app_error(c, 404);
		return SME_OK;
	}
	return dl_render(c, dl_year(req_query(c->r, "year")), 200, 0);
}

/* What dl_tx writes: each posted deadline of year that changed. */
struct dl_args {
	struct app_ctx		*c;
	long			 year;
	const struct db_res	*old;	/* deadline_of_year */
};

static enum sme_err
dl_tx(struct db *db, void *arg)
{
	const struct dl_args	*a = arg;
	struct app_ctx		*c = a->c;
	const char		*kind, *v, *old;
	char			 key[64], oid[64], before[64], after[64];
	enum sme_err		 er;
	int			 k, l;

	for (k = 0; k < FLOW_KIND__MAX; k++)
		for (l = 0; l < DL_LEVELS; l++) {
			kind = flow_kind_name((enum flow_kind)k);
			snprintf(key, sizeof(key), "due_%s_%s", kind, dl_levels[l]);
			if ((v = req_form(c->r, key)) == NULL)
				continue;	/* not on the form: left as it is */
			old = dl_find(a->old, kind, dl_levels[l],
			    DEADLINE_YEAR_DUE);
			if ((old == NULL && *v == '\0') || (old != NULL && strcmp(old, v) == 0))
				continue;
			if ((er = deadline_set(db, kind, a->year, dl_levels[l], v)) != SME_OK)
				return er;
			snprintf(oid, sizeof(oid), "%s/%ld/%s", kind, a->year, dl_levels[l]);
			audit_json(before, sizeof(before), "due_on", old, NULL);
			audit_json(after, sizeof(after), "due_on", *v != '\0' ? v : NULL, NULL);
			if ((er = audit_log(db, c->sess->account_id, c->r->remote_addr,
			    "deadline_set", "review_deadline", oid, before, after)) != SME_OK)
				return er;
		}
	return SME_OK;
}

/*
 * Check kind k's posted dates: each a real date or empty; a later level's
 * not before an earlier one's (the county reviews first); none before
 * the kind's window opens (opens, "YYYY-MM-DD", may be NULL).
 */
static void
dl_check_kind(struct app_ctx *c, int k, const char *opens)
{
	const char	*kind = flow_kind_name((enum flow_kind)k), *v;
	char		 key[64], msg[160];
	long		 day, prev = -1, open = -1;
	int		 l;

	if (opens != NULL && deadline_parse(opens, &open) != 0)
		open = -1;
	for (l = 0; l < DL_LEVELS; l++) {
		snprintf(key, sizeof(key), "due_%s_%s", kind, dl_levels[l]);
		if ((v = req_form(c->r, key)) == NULL || *v == '\0')
			continue;
		if (deadline_parse(v, &day) != 0) {
			app_field_error(c, key, "请填写有效日期，格式如2023-03-31；不设期限请留空");
			continue;
		}
		if (open >= 0 && day < open) {
			snprintf(msg, sizeof(msg), "审核截止日期不能早于申报开始日期（%s）", opens);
			app_field_error(c, key, msg);
		} else if (prev >= 0 && day < prev)
			app_field_error(c, key, "上级审核截止日期不能早于下级审核截止日期");
		prev = day;
	}
}

enum sme_err
review_deadline_post(struct app_ctx *c)
{
	struct db_res	*old = NULL, *win = NULL;
	const char	*y = req_form(c->r, "year");
	struct dl_args	 a;
	enum sme_err	 er;
	char		 loc[64];
	long		 year;
	int		 k;

	if (strcmp(c->sess->role, "province") != 0) {
		app_error(c, 404);
		return SME_OK;
	}
	if (y == NULL || strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < 2000) {
		app_field_error(c, "year", "请填写四位数的年度");
		return dl_render(c, filing_year_now(), 422, 1);
	}
	year = atol(y);
	struct db_param p[] = { DB_INT(year) };
	if ((er = db_query(c->db, SQL_WINDOWS, p, 1, &win)) != SME_OK)
		return er;
	for (k = 0; k < FLOW_KIND__MAX; k++)
		dl_check_kind(c, k, dl_find(win, flow_kind_name((enum flow_kind)k),
		    NULL, WN_OPENS));
	db_res_free(win);
	if (tmpl_get(c->v, "has_errors") != NULL)
		return dl_render(c, year, 422, 1);
	if ((er = deadline_of_year(c->db, year, &old)) != SME_OK)
		return er;
	a.c = c;
	a.year = year;
	a.old = old;
	if ((er = db_tx_run(c->db, dl_tx, &a)) == SME_OK) {
		snprintf(loc, sizeof(loc), "/review/deadlines?year=%ld&msg=saved", year);
		req_redirect(c->r, loc);
	}
	db_res_free(old);
	return er;
}

/* One row of the overdue summary: a city (its counties' sums) or a county. */
static void
dl_overdue_row(struct app_ctx *c, const char *code, const char *name, int city,
    const long long n[3])
{
	struct tmpl_vars	*it;

	if ((it = tmpl_add(c->v, "overdue_rows")) == NULL)
		return;
	tmpl_set(it, "code", code);
	tmpl_set(it, "name", name);
	tmpl_set(it, "kind", city ? "city" : "county");
	tmpl_set(it, "is_city", city ? "1" : NULL);
	tmpl_setf(it, "at_county", "%lld", n[0]);
	tmpl_setf(it, "at_city", "%lld", n[1]);
	tmpl_setf(it, "at_province", "%lld", n[2]);
	tmpl_setf(it, "total", "%lld", n[0] + n[1] + n[2]);
	if (n[0] + n[1] + n[2] > 0)
		tmpl_set(it, "late", "1");
}

/* Filings of row j of deadline_overdue_counts overdue at level l (0 county). */
static long long
dl_overdue_at(const struct db_res *res, size_t j, int l)
{
	return db_res_int(res, j, DEADLINE_OVERDUE_AT_COUNTY + l, 0);
}

/* The row of the county of row j of deadline_overdue_counts; its total. */
static long long
dl_overdue_county(struct app_ctx *c, const struct db_res *res, size_t j)
{
	long long	 n[3];
	int		 l;

	for (l = 0; l < 3; l++)
		n[l] = dl_overdue_at(res, j, l);
	dl_overdue_row(c, db_res_get(res, j, DEADLINE_OVERDUE_CODE),
	    db_res_get(res, j, DEADLINE_OVERDUE_NAME), 0, n);
	return n[0] + n[1] + n[2];
}

enum sme_err
review_deadline_overdue(struct app_ctx *c)
{
	struct db_res	*res = NULL, *cities = NULL;
	const char	*rc = c->sess->region_code;
	enum sme_err	 er;
	const char	*city;
	long long	 sum[3], total = 0;
	size_t		 i, j;
	int		 l;

	if ((er = deadline_overdue_counts(c->db, deadline_day_of(time(NULL)), rc,
	    &res)) != SME_OK)
		return er;
	struct db_param p[] = { DB_STR(rc), DB_STR(rc) };
	if ((er = db_query(c->db, SQL_CITIES, p, 2, &cities)) != SME_OK)
		goto out;
	/* Each city (none for a county reviewer), then its counties with any. */
	for (i = 0; i < cities->nrows; i++) {
		city = db_res_get(cities, i, CT_CODE);
		memset(sum, 0, sizeof(sum));
		for (j = 0; j < res->nrows; j++)
			if (db_res_is(res, j, DEADLINE_OVERDUE_CITY_CODE, city))
				for (l = 0; l < 3; l++)
					sum[l] += dl_overdue_at(res, j, l);
		dl_overdue_row(c, city, db_res_get(cities, i, CT_NAME), 1, sum);
		for (j = 0; j < res->nrows; j++)
			if (db_res_is(res, j, DEADLINE_OVERDUE_CITY_CODE, city))
				dl_overdue_county(c, res, j);
		total += sum[0] + sum[1] + sum[2];
	}
	if (cities->nrows == 0)
		for (j = 0; j < res->nrows; j++)
			total += dl_overdue_county(c, res, j);
	tmpl_setf(c->v, "overdue_total", "%lld", total);
	tmpl_set(c->v, "has_overdue_summary", "1");
out:
	db_res_free(res);
	db_res_free(cities);
	return er;
}
