/*
 * sme-title.c - the title handler: the province publishes accepted
 * certification filings for public notice (公示), grants the titles when the
 * notice period is over (valid three years, seed 004 FAQ 8), anyone reads a
 * published list, and an enterprise sees its titles. The province also
 * imports titles granted before the platform (2012-2016 and 2018 小巨人 are
 * eligible for 复核). Routes in the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "filing.h"
#include "flash.h"
#include "flow.h"
#include "locallib.h"
#include "localtitle.h"
#include "log.h"
#include "ministry.h"
#include "redirect.h"
#include "rowvars.h"
#include "scope.h"
#include "title.h"
#include "tmpl.h"
#include "validate.h"
#include "vocab.h"

#define TITLE_NOTICE_DAYS	5	/* default length of the notice, in days */
#define IMPORT_LINES_MAX	500	/* lines of one import */
#define IMPORT_LINE_MAX		600	/* bytes of one line */
#define IMPORT_ERRORS_MAX	20	/* line errors shown */

/* The certification kinds a list can hold, as filing.kind spells them. */
enum tkind { TK_PRODUCT, TK_GIANT_MFG, TK_GIANT_INNOV, TK_RECHECK, TK__MAX };
static const char *const tkind_names[TK__MAX] = {
	"product", "giant-mfg", "giant-innov", "recheck"
};

enum tlevel { TL_PROVINCE, TL_LOCAL, TL__MAX };
static const char *const tlevel_names[TL__MAX] = { "province", "local" };

/* Candidates: accepted filings of a year, kind and level on no list yet. */
static const char SQL_CANDIDATES[] =
    "SELECT f.id, e.name, COALESCE(f.subject, ''), r.name"
    " FROM filing f JOIN enterprise e ON e.id = f.enterprise_id"
    " JOIN region r ON r.code = e.region_code"
    " LEFT JOIN publication_filing pf ON pf.filing_id = f.id"
    " WHERE f.state = 'accepted' AND f.year = ? AND f.kind = ?"
    " AND COALESCE(f.level, 'province') = ? AND pf.filing_id IS NULL"
    " AND " SCOPE_SQL " ORDER BY e.region_code, e.name, f.id";
enum { CD_FILING, CD_NAME, CD_PRODUCT, CD_REGION_NAME };
static const struct rowvar candidates_map[] = {
	{ "filing_id", CD_FILING }, { "name", CD_NAME }, { "product", CD_PRODUCT },
	{ "region", CD_REGION_NAME },
};
/*
 * Lists (publication) with their filings counted and whether the notice
 * is over: every list, the caller's region's, one list, or those on
 * notice with a filing of the enterprise (bind it).
 */
#define SQL_PUBLICATIONS_COLS \
    "SELECT p.id, p.year, p.kind, p.level, p.opened, p.closes, p.state," \
    " (SELECT COUNT(*) FROM publication_filing pf WHERE pf.publication_id = p.id)," \
    " p.closes < DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), g.name" \
    " FROM publication p JOIN region g ON g.code = p.region_code"
static const char SQL_PUBLICATIONS[] =
    SQL_PUBLICATIONS_COLS " ORDER BY p.id DESC LIMIT 200";
static const char SQL_PUBLICATIONS_MINE[] =
    SQL_PUBLICATIONS_COLS " WHERE p.region_code = ? ORDER BY p.id DESC LIMIT 200";
static const char SQL_PUBLICATION[] =
    SQL_PUBLICATIONS_COLS " WHERE p.id = ?";
static const char SQL_MY_NOTICES[] =
    SQL_PUBLICATIONS_COLS " JOIN publication_filing mine ON mine.publication_id = p.id"
    " JOIN filing f ON f.id = mine.filing_id"
    " WHERE f.enterprise_id = ? AND p.state = 'notice' ORDER BY p.id DESC";
enum { PB_ID, PB_YEAR, PB_KIND, PB_LEVEL, PB_OPENED, PB_CLOSES, PB_STATE,
	PB_COUNT, PB_OVER, PB_REGION_NAME };
/* A region's own library (local_library); bind the region. */
static const char SQL_LOCAL_LIBRARY[] =
    "SELECT e.id, e.name, e.uscc, r.name, l.year, COALESCE(l.note, ''),"
    " DATE_FORMAT(l.added_at + INTERVAL 8 HOUR, '%Y-%m-%d'), e.in_library"
    " FROM local_library l JOIN enterprise e ON e.id = l.enterprise_id"
    " JOIN region r ON r.code = e.region_code WHERE l.region_code = ?"
    " ORDER BY l.year DESC, e.region_code, e.name LIMIT 2000";
enum { LL_ID, LL_NAME, LL_USCC, LL_COUNTY, LL_YEAR, LL_NOTE, LL_ADDED,
	LL_IN_LIBRARY };
static const struct rowvar library_map[] = {
	{ "id", LL_ID }, { "name", LL_NAME }, { "uscc", LL_USCC },
	{ "county", LL_COUNTY }, { "year", LL_YEAR }, { "note", LL_NOTE },
	{ "added", LL_ADDED },
};
/* Names and products only: a public page never shows a filing's figures. */
static const char SQL_PUBLIC_ROWS[] =
    "SELECT e.name, COALESCE(f.subject, '')"
    " FROM publication_filing pf JOIN filing f ON f.id = pf.filing_id"
    " JOIN enterprise e ON e.id = f.enterprise_id"
    " WHERE pf.publication_id = ? ORDER BY e.region_code, e.name, f.id";
enum { PUB_NAME, PUB_PRODUCT };
static const struct rowvar public_map[] = {
	{ "name", PUB_NAME }, { "product", PUB_PRODUCT },
};
/* The enterprise's titles, the latest first, with whether each is valid today. */
static const char SQL_MY_TITLES[] =
    "SELECT kind, level, COALESCE(product, ''), granted_on, valid_until,"
    " DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) BETWEEN granted_on AND valid_until,"
    " source FROM title WHERE enterprise_id = ?"
    " ORDER BY valid_until DESC, id DESC";
enum { MT_KIND, MT_LEVEL, MT_PRODUCT, MT_GRANTED_ON, MT_VALID_UNTIL, MT_VALID,
	MT_SOURCE };
static const struct rowvar titles_map[] = {
	{ "kind", MT_KIND }, { "product", MT_PRODUCT }, { "granted_on", MT_GRANTED_ON },
	{ "valid_until", MT_VALID_UNTIL },
};
/*
 * A code may have several registrations (lib/claim.h): the confirmed one,
 * else the oldest pending; never a returned one.
 */
static const char SQL_ENTERPRISE_BY_USCC[] =
    "SELECT id FROM enterprise WHERE uscc = ? AND status <> 'returned'"
    " ORDER BY status = 'confirmed' DESC, id LIMIT 1";
enum { EBU_ID };

/*
 * The heading of a list: "2026年度省级专精特新小巨人企业（制造类）认定名单公示";
 * a 市县 list names its region: "南京市2026年度市县专精特新产品认定名单公示".
 */
static void
list_heading(struct tmpl_vars *v, const char *k, const char *year,
    const char *kind, const char *level, const char *region)
{
	tmpl_setf(v, k, "%s%s年度%s%s%s名单公示",
	    strcmp(level, "local") == 0 && region != NULL ? region : "", year,
	    vocab_title_level_label(level), vocab_kind_label(kind, VOCAB_TITLE),
	    strcmp(kind, "recheck") == 0 ? "" : "认定");
}

/*
 * Add row i of res (SQL_PUBLICATIONS_COLS) to the list k as a published
 * list: its link, heading and notice period. The item,
 * or NULL when memory runs out.
 */
static struct tmpl_vars *
list_item(struct tmpl_vars *v, const char *k, const struct db_res *res, size_t i)
{
	struct tmpl_vars	*it;

	if ((it = tmpl_add(v, k)) == NULL)
		return NULL;
	tmpl_setf(it, "href", "/titles/public/%s", db_res_get(res, i, PB_ID));
	list_heading(it, "title", db_res_get(res, i, PB_YEAR),
	    db_res_get(res, i, PB_KIND), db_res_get(res, i, PB_LEVEL),
	    db_res_get(res, i, PB_REGION_NAME));
	tmpl_setf(it, "period", "%s 至 %s", db_res_get(res, i, PB_OPENED),
	    db_res_get(res, i, PB_CLOSES));
	return it;
}

/* The selects of the publish page, with the chosen values marked. */
static void
publish_choices(struct app_ctx *c, int year, int kind, int level)
{
	struct tmpl_vars	*it;
	size_t			 i;

	tmpl_setf(c->v, "year", "%d", year);
	for (i = 0; i < TK__MAX; i++)
		if ((it = tmpl_add(c->v, "kinds")) != NULL) {
			tmpl_set(it, "value", tkind_names[i]);
			tmpl_set(it, "label", vocab_kind_label(tkind_names[i], VOCAB_TITLE));
			tmpl_set(it, "sel", (int)i == kind ? "1" : NULL);
		}
	for (i = 0; i < TL__MAX; i++)
		if ((int)i == level && (it = tmpl_add(c->v, "levels")) != NULL) {
			tmpl_set(it, "value", tlevel_names[i]);
			tmpl_set(it, "label", vocab_title_level_label(tlevel_names[i]));
			tmpl_set(it, "sel", (int)i == level ? "1" : NULL);
		}
	tmpl_set(c->v, "kind", tkind_names[kind]);
	tmpl_set(c->v, "level", tlevel_names[level]);
	tmpl_set(c->v, "kind_label", vocab_kind_label(tkind_names[kind], VOCAB_TITLE));
	tmpl_set(c->v, "level_label", vocab_title_level_label(tlevel_names[level]));
}

/*
 * Fill and send the publish page for year, kind and level with status:
 * the candidates, the publish form (opened/closes kept from the request
 * when given) and every published list.
 */
static enum sme_err
publish_render(struct app_ctx *c, int status, int year, int kind, int level)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	char			 ystr[8], d0[DEADLINE_DATE_SZ], d1[DEADLINE_DATE_SZ];
	long			 today = deadline_day_of(time(NULL));
	const char		*opened = req_form(c->r, "opened");
	const char		*closes = req_form(c->r, "closes");
	size_t			 i;
	enum sme_err		 er;

	publish_choices(c, year, kind, level);
	deadline_format(today, d0, sizeof(d0));
	deadline_format(today + TITLE_NOTICE_DAYS - 1, d1, sizeof(d1));
	tmpl_set(c->v, "opened", opened != NULL ? opened : d0);
	tmpl_set(c->v, "closes", closes != NULL ? closes : d1);
	snprintf(ystr, sizeof(ystr), "%d", year);
	struct db_param p[] = { DB_INT(year), DB_STR(tkind_names[kind]),
	    DB_STR(tlevel_names[level]), DB_STR(c->sess->region_code) };
	if ((er = db_query(c->db, SQL_CANDIDATES, p, NELEM(p), &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++)
		rowvars_set(tmpl_add(c->v, "candidates"), res, i, candidates_map,
		    NELEM(candidates_map));
	tmpl_setf(c->v, "ncandidates", "%zu", res->nrows);
	tmpl_set(c->v, "has_candidates", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	list_heading(c->v, "heading", ystr, tkind_names[kind], tlevel_names[level],
	    c->sess->region_name);

	struct db_param mine[] = { DB_STR(c->sess->region_code) };
	if ((er = db_query(c->db, SQL_PUBLICATIONS_MINE, mine, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		const char *state = db_res_get(res, i, PB_STATE);
		int over = db_res_int(res, i, PB_OVER, 0) != 0;

		if ((it = list_item(c->v, "lists", res, i)) == NULL)
			break;
		tmpl_set(it, "id", db_res_get(res, i, PB_ID));
		tmpl_setf(it, "grant_action", "/titles/grant/%s", db_res_get(res, i, PB_ID));
		tmpl_set(it, "count", db_res_get(res, i, PB_COUNT));
		tmpl_set(it, "state", state);
		if (strcmp(state, "granted") == 0)
			tmpl_set(it, "state_label", "已认定");
		else
			tmpl_set(it, "state_label", over ? "公示期满，待认定" : "公示中");
		tmpl_set(it, "can_grant", strcmp(state, "notice") == 0 ? "1" : NULL);
	}
	tmpl_set(c->v, "has_lists", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	return app_render(c, status, "title_publish");
}

/*
 * The level of lists the caller publishes: the province 省级, a city or
 * county 市县; *decides is 0 for a city that delegates or a county whose
 * city does not (the page says who decides). Sets the page's choices.
 */
static enum sme_err
caller_level(struct app_ctx *c, int *level, int *decides)
{
	enum localtitle_role	 role;
	int			 county_decides;
	enum sme_err		 er;

	if (strcmp(c->sess->role, "province") == 0) {
		*level = TL_PROVINCE;
		*decides = 1;
		tmpl_set(c->v, "can_publish", "1");
		return SME_OK;
	}
	*level = TL_LOCAL;
	if ((er = localtitle_role(c->db, c->sess->region_code, &role,
	    &county_decides)) != SME_OK)
		return er;
	*decides = role == LOCALTITLE_DECIDES;
	if (strcmp(c->sess->role, "city") == 0) {
		tmpl_set(c->v, "is_city", "1");
		tmpl_set(c->v, "county_decides", county_decides ? "1" : NULL);
		tmpl_set(c->v, "city_decides", county_decides ? NULL : "1");
	}
	tmpl_set(c->v, "is_local", "1");
	tmpl_set(c->v, "can_publish", *decides ? "1" : NULL);
	if (!*decides)
		tmpl_set(c->v, "decider_hint", county_decides ?
		    "本市的市县级认定已委托各县（市、区）工信部门负责公示和认定。" :
		    "本市的市县级认定由设区市工信部门负责公示和认定。");
	return SME_OK;
}

static enum sme_err
page_publish(struct app_ctx *c)
{
	int		 kind, level, decides;
	enum sme_err	 er;

	if ((kind = sme_lookup(tkind_names, TK__MAX, req_query(c->r, "kind"))) < 0)
		kind = TK_GIANT_MFG;
	if ((er = caller_level(c, &level, &decides)) != SME_OK)
		return er;
	tmpl_set(c->v, "notice", flash_text(FLASH_TITLE, req_query(c->r, "msg")));
	tmpl_setf(c->v, "ministry_href", "/titles/ministry.xlsx?year=%d", filing_year_now());
	return publish_render(c, 200,
	    vocab_year(req_query(c->r, "year"), filing_year_now()), kind, level);
}

static enum sme_err
page_publish_post(struct app_ctx *c)
{
	const char		*opened = req_form(c->r, "opened");
	const char		*closes = req_form(c->r, "closes");
	struct title_publish	 pa;
	int			 year, kind, level, want, decides;
	enum sme_err		 er;

	year = vocab_year(req_form(c->r, "year"), 0);
	kind = sme_lookup(tkind_names, TK__MAX, req_form(c->r, "kind"));
	want = sme_lookup(tlevel_names, TL__MAX, req_form(c->r, "level"));
	if ((er = caller_level(c, &level, &decides)) != SME_OK)
		return er;
	/* The province never publishes 市县 lists, a city or county never 省级 ones. */
	if (!decides || (want >= 0 && want != level)) {
		app_error(c, 403);
		return SME_OK;
	}
	if (year == 0 || kind < 0)
		return publish_render(c, 400, year != 0 ? year : filing_year_now(),
		    kind < 0 ? TK_GIANT_MFG : kind, level);
	if (validate_date(opened, 2000, 2099) != NULL)
		app_field_error(c, "opened", "请填写公示开始日期，格式为YYYY-MM-DD");
	if (validate_date(closes, 2000, 2099) != NULL)
		app_field_error(c, "closes", "请填写公示截止日期，格式为YYYY-MM-DD");
	else if (validate_date(opened, 2000, 2099) == NULL && strcmp(closes, opened) < 0)
		app_field_error(c, "closes", "公示截止日期不能早于开始日期");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return publish_render(c, 422, year, kind, level);

	pa.actor = c->sess->account_id;
	pa.ip = c->r->remote_addr;
	pa.year = year;
	pa.kind = tkind_names[kind];
	pa.level = tlevel_names[level];
	pa.opened = opened;
	pa.closes = closes;
	pa.region = c->sess->region_code;
	er = title_publish(c->db, &pa);
	if (er == SME_ECONFLICT && pa.none) {
		app_field_error(c, "filings", "没有可公示的申报：该年度、类别和级别下"
		    "没有已通过审核且未公示的申报");
		return publish_render(c, 422, year, kind, level);
	}
	if (er == SME_ECONFLICT) {
		/* Another province account published the same filings meanwhile. */
		tmpl_set(c->v, "error", "这些申报刚刚已被发布公示，请刷新后查看。");
		return publish_render(c, 409, year, kind, level);
	}
	if (er != SME_OK)
		return er;
	return redirect_to(c->r, "/titles/publish?msg=published&year=%d&kind=%s"
	    "&level=%s", year, tkind_names[kind], tlevel_names[level]);
}

/*
 * The lists sql answers (SQL_PUBLICATIONS_COLS; bind p) as published lists
 * of k (list_item), and has_k set when there is one.
 */
static enum sme_err
lists_fill(struct app_ctx *c, const char *k, const char *sql,
    const struct db_param *p, size_t np)
{
	struct db_res	*res;
	char		 has[32];
	size_t		 i;
	enum sme_err	 er;

	if ((er = db_query(c->db, sql, p, np, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows && list_item(c->v, k, res, i) != NULL; i++)
		continue;
	snprintf(has, sizeof(has), "has_%s", k);
	tmpl_set(c->v, has, res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	return SME_OK;
}

static enum sme_err
page_public_list(struct app_ctx *c)
{
	enum sme_err	 er;

	if ((er = lists_fill(c, "lists", SQL_PUBLICATIONS, NULL, 0)) != SME_OK)
		return er;
	return app_render(c, 200, "title_public_list");
}

static enum sme_err
page_public(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	long long		 id = app_id(c->arg[0]);
	size_t			 i;
	int			 product;
	enum sme_err		 er;

	if ((er = app_rows_or_404(c, c->arg[0], SQL_PUBLICATION, &res)) != SME_OK || res == NULL)
		return er;
	struct db_param p[] = { DB_INT(id) };
	list_heading(c->v, "heading", db_res_get(res, 0, PB_YEAR),
	    db_res_get(res, 0, PB_KIND), db_res_get(res, 0, PB_LEVEL),
	    db_res_get(res, 0, PB_REGION_NAME));
	tmpl_set(c->v, "opened", db_res_get(res, 0, PB_OPENED));
	tmpl_set(c->v, "closes", db_res_get(res, 0, PB_CLOSES));
	if (db_res_is(res, 0, PB_STATE, "granted"))
		tmpl_set(c->v, "state_label", "公示期满，已完成认定");
	else
		tmpl_set(c->v, "state_label", db_res_int(res, 0, PB_OVER, 0) ?
		    "公示期满" : "公示中");
	product = db_res_is(res, 0, PB_KIND, "product") ||
	    db_res_is(res, 0, PB_KIND, "recheck");
	tmpl_set(c->v, "with_product", product ? "1" : NULL);
	db_res_free(res);
	if ((er = db_query(c->db, SQL_PUBLIC_ROWS, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "rows")) == NULL)
			break;
		tmpl_setf(it, "n", "%zu", i + 1);
		rowvars_set(it, res, i, public_map, NELEM(public_map));
	}
	tmpl_setf(c->v, "count", "%zu", res->nrows);
	db_res_free(res);
	return app_render(c, 200, "title_public");
}

/* The publish page again with status and an error line. */
static enum sme_err
grant_refuse(struct app_ctx *c, int status, const char *msg)
{
	int		 level, decides;
	enum sme_err	 er;

	if ((er = caller_level(c, &level, &decides)) != SME_OK)
		return er;
	tmpl_set(c->v, "error", msg);
	return publish_render(c, status, filing_year_now(), TK_GIANT_MFG, level);
}

static enum sme_err
page_grant(struct app_ctx *c)
{
	struct title_grant	 a;
	enum sme_err		 er;

	memset(&a, 0, sizeof(a));
	a.actor = c->sess->account_id;
	a.ip = c->r->remote_addr;
	a.id = app_id(c->arg[0]);
	a.region = c->sess->region_code;
	if (a.id == 0) {
		app_error(c, 404);
		return SME_OK;
	}
	er = title_grant(c->db, &a);
	if (er == SME_ECONFLICT) {
		switch (a.refusal) {
		case TITLE_GRANT_MISSING:
			app_error(c, 404);
			return SME_OK;
		case TITLE_GRANT_ALREADY:
			return grant_refuse(c, 409, "该名单已完成认定，不能重复认定。");
		case TITLE_GRANT_EARLY:
			return grant_refuse(c, 409, a.msg);
		default:
			return grant_refuse(c, 409, "名单中已有申报被认定过，请刷新后查看。");
		}
	}
	if (er != SME_OK)
		return er;
	log_info("publication %lld granted: %llu titles", a.id, a.n);
	return redirect_to(c->r, "/titles/publish?msg=granted");
}

static enum sme_err
page_mine(struct app_ctx *c)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	size_t			 i;
	int			 valid;
	enum sme_err		 er;
	struct db_param		 p[] = { DB_INT(c->sess->enterprise_id) };

	if ((er = db_query(c->db, SQL_MY_TITLES, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "titles")) == NULL)
			break;
		valid = db_res_int(res, i, MT_VALID, 0) != 0;
		rowvars_set(it, res, i, titles_map, NELEM(titles_map));
		tmpl_set(it, "kind_label", vocab_kind_label(db_res_get(res, i, MT_KIND),
		    VOCAB_TITLE));
		tmpl_set(it, "level_label",
		    vocab_title_level_label(db_res_get(res, i, MT_LEVEL)));
		tmpl_set(it, "validity", valid ? "valid" : "expired");
		tmpl_set(it, "validity_label", valid ? "有效" : "已过期");
		tmpl_set(it, "source_label",
		    db_res_is(res, i, MT_SOURCE, "imported") ?
		    "历史认定（导入）" : "本平台认定");
	}
	tmpl_set(c->v, "has_titles", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	if ((er = lists_fill(c, "notices", SQL_MY_NOTICES, p, NELEM(p))) != SME_OK)
		return er;
	return app_render(c, 200, "title_mine");
}

/* ---- import of earlier titles ------------------------------------------- */

/* Show a line's error: "第N行：msg". */
static void
import_error(struct app_ctx *c, size_t line, const char *msg, size_t *nerr)
{
	struct tmpl_vars	*it;

	if (++*nerr <= IMPORT_ERRORS_MAX && (it = tmpl_add(c->v, "row_errors")) != NULL)
		tmpl_setf(it, "text", "第%zu行：%s", line, msg);
	tmpl_set(c->v, "has_errors", "1");
}

static enum sme_err
page_import(struct app_ctx *c)
{
	if (req_query(c->r, "msg") != NULL &&
	    strcmp(req_query(c->r, "msg"), "imported") == 0)
		tmpl_set(c->v, "notice", "历史认定称号已导入。");
	return app_render(c, 200, "title_import");
}

/*
 * Check every line and find its enterprise; then write all rows in one
 * transaction, or none when any line is wrong.
 */
static enum sme_err
page_import_post(struct app_ctx *c)
{
	const char		*text = req_form(c->r, "rows");
	struct title_import_row	*rows = NULL;
	long long		*ids = NULL;
	char			*copy = NULL, *p, *line;
	size_t			 nrows = 0, nline = 0, nerr = 0;
	unsigned long long	 written = 0;
	struct title_import	 ia;
	struct db_res		*res;
	const char		*msg;
	enum sme_err		 er = SME_OK;

	tmpl_set(c->v, "rows", text);
	if (text == NULL || *text == '\0') {
		app_field_error(c, "rows", "请填写要导入的称号，每行一条");
		return app_render(c, 422, "title_import");
	}
	if ((copy = strdup(text)) == NULL ||
	    (rows = calloc(IMPORT_LINES_MAX, sizeof(*rows))) == NULL ||
	    (ids = calloc(IMPORT_LINES_MAX, sizeof(*ids))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	for (p = copy; (line = strsep(&p, "\n")) != NULL; ) {
		nline++;
		line = title_trim(line);
		if (*line == '\0')
			continue;
		if (nrows == IMPORT_LINES_MAX) {
			import_error(c, nline, "一次最多导入500条，请分批导入", &nerr);
			break;
		}
		if (strlen(line) > IMPORT_LINE_MAX)
			msg = "该行过长";
		else
			msg = title_import_parse(line, &rows[nrows]);
		if (msg != NULL) {
			import_error(c, nline, msg, &nerr);
			continue;
		}
		struct db_param q[] = { DB_STR(rows[nrows].uscc) };
		if ((er = db_query(c->db, SQL_ENTERPRISE_BY_USCC, q, 1, &res)) != SME_OK)
			goto out;
		ids[nrows] = db_res_int(res, 0, EBU_ID, 0);
		db_res_free(res);
		if (ids[nrows] == 0) {
			import_error(c, nline, "平台上没有该统一社会信用代码的企业", &nerr);
			continue;
		}
		nrows++;
	}
	if (nerr == 0 && nrows == 0)
		app_field_error(c, "rows", "请填写要导入的称号，每行一条");
	if (tmpl_get(c->v, "has_errors") != NULL) {
		er = app_render(c, 422, "title_import");
		goto out;
	}
	ia.actor = c->sess->account_id;
	ia.ip = c->r->remote_addr;
	ia.rows = rows;
	ia.ids = ids;
	ia.nrows = nrows;
	if ((er = title_import(c->db, &ia)) != SME_OK)
		goto out;
	written = ia.written;
	log_info("titles imported: %llu of %zu lines", written, nrows);
	redirect_to(c->r, "/titles/import?msg=imported");
out:
	free(copy);
	free(rows);
	free(ids);
	return er;
}

/* ---- the Ministry's update ----------------------------------------------- */

/*
 * GET /titles/ministry.xlsx?year= (province): the national 小巨人 enterprises'
 * year's data laid out as the Ministry's annual form, to hand over.
 */
static enum sme_err
page_ministry(struct app_ctx *c)
{
	char		 disp[160], *out = NULL;
	size_t		 outsz = 0, n = 0;
	int		 year;
	enum sme_err	 er;

	year = vocab_year(req_query(c->r, "year"), filing_year_now());
	er = ministry_export(c->db, year, config_text(c->app->cfg, "spool_dir"),
	    &out, &outsz, &n);
	if (er == SME_OK) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"ministry-%d.xlsx\"",
		    year);
		req_header(c->r, "Content-Disposition", disp);
		req_send(c->r, 200,
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		    out, outsz);
		log_info("ministry export %d: %zu enterprises", year, n);
	}
	free(out);
	return er;
}

/* ---- 市县 titles: who decides; a region's own library ------------------ */

/* POST /titles/delegate (city): county_decides=1 hands its 市县 titles to its counties. */
static enum sme_err
page_delegate(struct app_ctx *c)
{
	const char	*v = req_form(c->r, "county_decides");
	enum sme_err	 er;

	if (v == NULL || (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)) {
		app_error(c, 400);
		return SME_OK;
	}
	er = localtitle_set(c->db, c->sess->region_code, strcmp(v, "1") == 0,
	    c->sess->account_id, c->r->remote_addr);
	if (er == SME_EINPUT) {
		app_error(c, 404);
		return SME_OK;
	}
	if (er != SME_OK)
		return er;
	return redirect_to(c->r, "/titles/publish?msg=delegated");
}

/* Fill and send the region's own library with status. */
static enum sme_err
library_render(struct app_ctx *c, int status)
{
	struct db_res		*res;
	struct tmpl_vars	*it;
	struct db_param		 p[] = { DB_STR(c->sess->region_code) };
	const char		*year = req_form(c->r, "year");
	size_t			 i;
	enum sme_err		 er;

	tmpl_set(c->v, "scope", c->sess->region_name);
	tmpl_set(c->v, "uscc", req_form(c->r, "uscc"));
	tmpl_set(c->v, "note", req_form(c->r, "note"));
	if (year != NULL)
		tmpl_set(c->v, "year", year);
	else
		tmpl_setf(c->v, "year", "%d", filing_year_now());
	if ((er = db_query(c->db, SQL_LOCAL_LIBRARY, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows; i++) {
		if ((it = tmpl_add(c->v, "entries")) == NULL)
			break;
		rowvars_set(it, res, i, library_map, NELEM(library_map));
		tmpl_set(it, "province_label", db_res_int(res, i, LL_IN_LIBRARY, 0) ?
		    "已入省库" : "未入省库");
	}
	tmpl_setf(c->v, "count", "%zu", res->nrows);
	tmpl_set(c->v, "has_entries", res->nrows > 0 ? "1" : NULL);
	db_res_free(res);
	return app_render(c, status, "title_library");
}

/* GET /titles/library: the city's or county's own 培育库. */
static enum sme_err
page_library(struct app_ctx *c)
{
	const char	*msg = req_query(c->r, "msg");

	if (msg != NULL && strcmp(msg, "added") == 0)
		tmpl_set(c->v, "notice", "企业已列入本地培育库。");
	else if (msg != NULL && strcmp(msg, "removed") == 0)
		tmpl_set(c->v, "notice", "企业已移出本地培育库。");
	return library_render(c, 200);
}

/* POST /titles/library: list an enterprise of the region by its credit code. */
static enum sme_err
page_library_add(struct app_ctx *c)
{
	struct locallib_add	 a;
	const char		*uscc = req_form(c->r, "uscc");
	const char		*note = req_form(c->r, "note");
	const char		*msg;
	int			 year = vocab_year(req_form(c->r, "year"), 0);
	enum sme_err		 er;

	if ((msg = validate_uscc(uscc)) != NULL)
		app_field_error(c, "uscc", msg);
	if (year == 0)
		app_field_error(c, "year", "请填写入库年度（2000—2099年）");
	if (note != NULL && *note != '\0' && validate_text(note, 200) != NULL)
		app_field_error(c, "note", "备注不超过200字");
	if (tmpl_get(c->v, "has_errors") != NULL)
		return library_render(c, 422);
	memset(&a, 0, sizeof(a));
	a.region = c->sess->region_code;
	a.uscc = uscc;
	a.year = year;
	a.note = note;
	a.actor = c->sess->account_id;
	a.ip = c->r->remote_addr;
	er = locallib_add(c->db, &a);
	if (er == SME_ECONFLICT) {
		app_field_error(c, "uscc", a.refusal == LOCALLIB_ALREADY ?
		    "该企业已在本地培育库中" : "本地区没有该统一社会信用代码的已注册企业");
		return library_render(c, 422);
	}
	if (er != SME_OK)
		return er;
	return redirect_to(c->r, "/titles/library?msg=added");
}

/* POST /titles/library/remove: take enterprise id off the region's list. */
static enum sme_err
page_library_remove(struct app_ctx *c)
{
	long long	 id = app_id(req_form(c->r, "id"));
	int		 found = 0;
	enum sme_err	 er;

	if (id > 0 && (er = locallib_remove(c->db, c->sess->region_code, id,
	    c->sess->account_id, c->r->remote_addr, &found)) != SME_OK)
		return er;
	if (!found) {
		app_error(c, 404);
		return SME_OK;
	}
	return redirect_to(c->r, "/titles/library?msg=removed");
}

static const struct app_route routes[] = {
	/* The province publishes 省级 lists; a city or county the 市县 ones it decides. */
	{ REQ_GET, "/titles/publish", page_publish, APP_AUTH | APP_REVIEWER },
	{ REQ_POST, "/titles/publish", page_publish_post, APP_AUTH | APP_REVIEWER },
	{ REQ_GET, "/titles/public", page_public_list, 0 },
	{ REQ_GET, "/titles/public/{id}", page_public, 0 },
	{ REQ_POST, "/titles/grant/{id}", page_grant, APP_AUTH | APP_REVIEWER },
	{ REQ_GET, "/titles/mine", page_mine, APP_AUTH | APP_ENTERPRISE },
	{ REQ_GET, "/titles/import", page_import, APP_AUTH | APP_PROVINCE },
	{ REQ_POST, "/titles/import", page_import_post, APP_AUTH | APP_PROVINCE },
	{ REQ_POST, "/titles/delegate", page_delegate, APP_AUTH | APP_CITY },
	{ REQ_GET, "/titles/ministry.xlsx", page_ministry, APP_AUTH | APP_PROVINCE },
	{ REQ_GET, "/titles/library", page_library, APP_AUTH | APP_COUNTY | APP_CITY },
	{ REQ_POST, "/titles/library", page_library_add, APP_AUTH | APP_COUNTY | APP_CITY },
	{ REQ_POST, "/titles/library/remove", page_library_remove, APP_AUTH | APP_COUNTY | APP_CITY },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-title", routes, NELEM(routes));
}
