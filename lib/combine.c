/*
 * combine.c - who may start a filing of which kind: library rules for entry
 * and update, and seed 004's FAQ 7-10 combination rules (combination_rule
 * rows) against the titles and open filings an enterprise holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "combine.h"
#include "db.h"
#include "libyear.h"
#include "log.h"

static const char *const combine_effects[COMBINE_EFFECT__MAX] = {
	"allow", "deny", "require"
};
static const char *const combine_sources[COMBINE_SOURCE__MAX] = {
	"title", "filing", "any"
};
static const char *const combine_matches[COMBINE_MATCH__MAX] = {
	"any", "same", "different"
};

/* Messages of the rules that are not combination rows. */
#define MSG_ENTRY_IN_LIBRARY	"企业已在培育库中，无需新增入库；请通过“数据更新”申报本年度数据"
#define MSG_ENTRY_TWICE		"本年度已有一份新增入库申报，请在该申报上继续填报或查看审核进度"
#define MSG_UPDATE_OUTSIDE	"仅培育库内的企业可以申报数据更新；请先申报新增入库"
#define MSG_CERT_LIBRARY	"仅已进入培育库并经县（市、区）工信部门审核确认的企业可以申报认定"
#define MSG_LEVEL		"请选择认定级别（省级或市县）"
#define MSG_ONE_A_YEAR		"本年度已有一份同类申报（草稿、退回修改或审核中），请在该申报上继续，不能重复新建"
#define MSG_ONE_PRODUCT		"本年度已有该产品的专精特新产品申报（草稿、退回修改或审核中），请在该申报上继续，不能重复新建"

/* Kind bits of a SET value "giant-mfg,giant-innov"; -1 on an unknown kind. */
static long
combine_kinds(const char *set)
{
	char		 buf[128], *p, *tok, *save = NULL;
	unsigned	 bits = 0;
	int		 k;

	if (set == NULL || (size_t)snprintf(buf, sizeof(buf), "%s", set) >= sizeof(buf))
		return -1;
	for (p = buf; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		if ((k = flow_kind_parse(tok)) < 0)
			return -1;
		bits |= 1u << k;
	}
	return bits == 0 ? -1 : (long)bits;
}

enum sme_err
combine_rule_parse(struct combine_rule *out, const char *code,
    const char *applying, const char *effect, const char *held,
    const char *source, const char *product, const char *years,
    const char *message)
{
	char		 buf[128], *p, *tok, *save = NULL, *end;
	long		 a, h, y;
	int		 e, s, m;

	memset(out, 0, sizeof(*out));
	if (code == NULL || message == NULL ||
	    strlen(code) >= sizeof(out->code) ||
	    strlen(message) >= sizeof(out->message) ||
	    (a = combine_kinds(applying)) < 0 || (h = combine_kinds(held)) < 0 ||
	    (e = sme_lookup(combine_effects, COMBINE_EFFECT__MAX, effect)) < 0 ||
	    (s = sme_lookup(combine_sources, COMBINE_SOURCE__MAX, source)) < 0 ||
	    (m = sme_lookup(combine_matches, COMBINE_MATCH__MAX, product)) < 0)
		return SME_EINPUT;
	snprintf(out->code, sizeof(out->code), "%s", code);
	snprintf(out->message, sizeof(out->message), "%s", message);
	out->applying = (unsigned)a;
	out->held = (unsigned)h;
	out->effect = (enum combine_effect)e;
	out->source = (enum combine_source)s;
	out->product = (enum combine_match)m;
	if (years == NULL || *years == '\0')
		return SME_OK;
	if ((size_t)snprintf(buf, sizeof(buf), "%s", years) >= sizeof(buf))
		return SME_EINPUT;
	for (p = buf; (tok = strtok_r(p, ", ", &save)) != NULL; p = NULL) {
		y = strtol(tok, &end, 10);
		if (*end != '\0' || y < 1900 || y > 2999 ||
		    out->nyears == COMBINE_YEARS_MAX)
			return SME_EINPUT;
		out->years[out->nyears++] = (int)y;
	}
	return SME_OK;
}

/* Copy msg into why; a message too long is cut at a UTF-8 character. */
static void
combine_why(char *why, size_t whysz, const char *msg)
{
	size_t	 n = strlen(msg);

	if (whysz == 0)
		return;
	if (n >= whysz) {
		n = whysz - 1;
		while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(why, msg, n);
	why[n] = '\0';
}

static int
combine_is_cert(enum flow_kind k)
{
	return k == FLOW_KPRODUCT || k == FLOW_KGIANT_MFG ||
	    k == FLOW_KGIANT_INNOV || k == FLOW_KRECHECK;
}

/*
 * Whether rule r speaks of holding h for application a (kinds, source and
 * product; level and liveness are the caller's). An application without a
 * product has no "same" product, and every product is "different" from it.
 */
static int
combine_matches_held(const struct combine_rule *r, const struct combine_case *a,
    const struct combine_held *h)
{
	int	 same;

	if (!(r->held & (1u << h->kind)))
		return 0;
	if (r->source != COMBINE_ANY && r->source != h->source)
		return 0;
	same = a->product != NULL && *a->product != '\0' &&
	    strcmp(a->product, h->product) == 0;
	if (r->product == COMBINE_MATCH_SAME && !same)
		return 0;
	if (r->product == COMBINE_MATCH_DIFFERENT && same)
		return 0;
	return 1;
}

static int
combine_same_level(const struct combine_case *a, const struct combine_held *h)
{
	return a->level != NULL && strcmp(a->level, h->level) == 0;
}

/* 1 if the library rules let a start; else 0 with why. */
static int
combine_library(const struct combine_case *a, const struct combine_held *held,
    size_t nheld, char *why, size_t whysz)
{
	size_t	 i;

	switch (a->kind) {
	case FLOW_KENTRY:
		if (a->in_library) {
			combine_why(why, whysz, MSG_ENTRY_IN_LIBRARY);
			return 0;
		}
		/*
		 * Any entry of the year counts, returned or accepted too: a
		 * returned one is edited and submitted again, not replaced.
		 */
		for (i = 0; i < nheld; i++)
			if (held[i].source == COMBINE_FILING &&
			    held[i].kind == FLOW_KENTRY && held[i].year == a->year) {
				combine_why(why, whysz, MSG_ENTRY_TWICE);
				return 0;
			}
		return 1;
	case FLOW_KUPDATE:
		if (!a->in_library) {
			combine_why(why, whysz, MSG_UPDATE_OUTSIDE);
			return 0;
		}
		return 1;
	default:
		if (!a->in_library || !a->confirmed) {
			combine_why(why, whysz, MSG_CERT_LIBRARY);
			return 0;
		}
		if (a->level == NULL || (strcmp(a->level, "province") != 0 &&
		    strcmp(a->level, "local") != 0)) {
			combine_why(why, whysz, MSG_LEVEL);
			return 0;
		}
		return 1;
	}
}

/* 1 if no allow/deny rule stops a; else 0 with the rule's message. */
static int
combine_holdings(const struct combine_case *a, const struct combine_held *held,
    size_t nheld, const struct combine_rule *rules, size_t nrules,
    char *why, size_t whysz)
{
	size_t	 i, j;

	for (i = 0; i < nheld; i++) {
		if (!held[i].live || !combine_same_level(a, &held[i]))
			continue;
		for (j = 0; j < nrules; j++) {
			if (rules[j].effect == COMBINE_REQUIRE ||
			    !(rules[j].applying & (1u << a->kind)) ||
			    !combine_matches_held(&rules[j], a, &held[i]))
				continue;
			if (rules[j].effect == COMBINE_DENY) {
				combine_why(why, whysz, rules[j].message);
				return 0;
			}
			break;	/* allowed: later rules do not see this one */
		}
	}
	return 1;
}

/* 1 if title h was granted in one of r's years (any, if none listed). */
static int
combine_year_ok(const struct combine_rule *r, const struct combine_held *h)
{
	size_t	 i;

	if (r->nyears == 0)
		return 1;
	for (i = 0; i < r->nyears; i++)
		if (r->years[i] == h->year)
			return 1;
	return 0;
}

/* 1 if every require rule of a finds its title; else 0 with its message. */
static int
combine_requires(const struct combine_case *a, const struct combine_held *held,
    size_t nheld, const struct combine_rule *rules, size_t nrules,
    char *why, size_t whysz)
{
	size_t	 i, j;
	int	 found;

	for (j = 0; j < nrules; j++) {
		if (rules[j].effect != COMBINE_REQUIRE ||
		    !(rules[j].applying & (1u << a->kind)))
			continue;
		/* A "same product" requirement concerns product rechecks only. */
		if (rules[j].product == COMBINE_MATCH_SAME &&
		    (a->product == NULL || *a->product == '\0'))
			continue;
		found = 0;
		for (i = 0; i < nheld && !found; i++)
			found = held[i].source == COMBINE_TITLE &&
			    combine_same_level(a, &held[i]) &&
			    combine_matches_held(&rules[j], a, &held[i]) &&
			    combine_year_ok(&rules[j], &held[i]);
		if (!found) {
			combine_why(why, whysz, rules[j].message);
			return 0;
		}
	}
	return 1;
}

/* 1 unless an open filing of the same kind and year (and product) exists. */
static int
combine_one_a_year(const struct combine_case *a,
    const struct combine_held *held, size_t nheld, char *why, size_t whysz)
{
	size_t		 i;
	const char	*p = a->product != NULL ? a->product : "";

	for (i = 0; i < nheld; i++) {
		if (held[i].source != COMBINE_FILING || !held[i].live ||
		    held[i].kind != a->kind || held[i].year != a->year)
			continue;
		/*
		 * A product's filings are one a product; a recheck's one a title
		 * (FAQ 7: the product title's recheck names its product, the
		 * 小巨人 title's none), so both expired titles may be rechecked.
		 */
		if ((a->kind == FLOW_KPRODUCT || a->kind == FLOW_KRECHECK) &&
		    strcmp(held[i].product, p) != 0)
			continue;
		combine_why(why, whysz, a->kind == FLOW_KPRODUCT ?
		    MSG_ONE_PRODUCT : MSG_ONE_A_YEAR);
		return 0;
	}
	return 1;
}

int
combine_decide(const struct combine_case *a, const struct combine_held *held,
    size_t nheld, const struct combine_rule *rules, size_t nrules,
    char *why, size_t whysz)
{
	if (whysz > 0)
		why[0] = '\0';
	if (!combine_library(a, held, nheld, why, whysz))
		return 0;
	if (combine_is_cert(a->kind) &&
	    (!combine_holdings(a, held, nheld, rules, nrules, why, whysz) ||
	    !combine_requires(a, held, nheld, rules, nrules, why, whysz)))
		return 0;
	return combine_one_a_year(a, held, nheld, why, whysz);
}

/* ---- the database side ----------------------------------------------- */

static const char SQL_ENTERPRISE[] =
    "SELECT in_library, status = 'confirmed' FROM enterprise WHERE id = ?";
static const char SQL_RULES[] =
    "SELECT code, applying_kind, effect, held_kind, held_source,"
    " product_match, granted_years, message FROM combination_rule"
    " WHERE active = 1 ORDER BY position, id";
/* Validity in China Standard Time: titles change on the local day. */
static const char SQL_TITLES[] =
    "SELECT kind, level, COALESCE(product, ''), YEAR(granted_on),"
    " DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) BETWEEN granted_on AND valid_until"
    " FROM title WHERE enterprise_id = ?";
/*
 * Open filings: not yet decided, or accepted as a certification and not yet
 * granted (a title row names the filing once granted). Every entry is
 * listed, for the once-a-year entry rule.
 */
static const char SQL_FILINGS[] =
    "SELECT f.kind, COALESCE(f.level, ''), COALESCE(f.subject, ''), f.year,"
    " f.state IN ('draft', 'returned', 'county', 'city', 'province')"
    "  OR (f.state = 'accepted' AND f.kind NOT IN ('entry', 'update')"
    "   AND t.id IS NULL AND (p.id IS NULL OR p.state = 'notice'))"
    " FROM filing f LEFT JOIN title t ON t.filing_id = f.id"
    " LEFT JOIN publication_filing pf ON pf.filing_id = f.id"
    " LEFT JOIN publication p ON p.id = pf.publication_id"
    " WHERE f.enterprise_id = ?";

static void
combine_copy(char *dst, size_t dstsz, const char *src)
{
	snprintf(dst, dstsz, "%s", src != NULL ? src : "");
}

/* Append the rows of res (titles or filings) to *held. */
static enum sme_err
combine_load_held(const struct db_res *res, enum combine_source src,
    struct combine_held **held, size_t *nheld)
{
	struct combine_held	*h, *n;
	size_t			 i;
	int			 k;

	if (res->nrows == 0)
		return SME_OK;
	n = reallocarray(*held, *nheld + res->nrows, sizeof(*n));
	if (n == NULL)
		return SME_ENOMEM;
	*held = n;
	for (i = 0; i < res->nrows; i++) {
		if ((k = flow_kind_parse(db_res_get(res, i, 0))) < 0)
			continue;
		h = &n[(*nheld)++];
		memset(h, 0, sizeof(*h));
		h->source = src;
		h->kind = (enum flow_kind)k;
		combine_copy(h->level, sizeof(h->level), db_res_get(res, i, 1));
		combine_copy(h->product, sizeof(h->product), db_res_get(res, i, 2));
		h->year = (int)db_res_int(res, i, 3, 0);
		h->live = db_res_int(res, i, 4, 0) != 0;
	}
	return SME_OK;
}

/*
 * An enterprise out of the library because a bureau removed it (清退出库,
 * lib/libyear.c) is told so, with the reason, instead of the general rule.
 */
static enum sme_err
combine_removed_why(struct db *db, long long ent, char *why, size_t whysz)
{
	char		 reason[1024], on[16], msg[1400];
	enum sme_err	 er;
	int		 removed, year;

	if ((er = libyear_removed(db, ent, &removed, reason, sizeof(reason), &year,
	    on, sizeof(on))) != SME_OK || !removed)
		return er;
	snprintf(msg, sizeof(msg), "贵企业因未完成%d年度数据更新，已于%s被清退出培育库"
	    "（原因：%s），重新入库前不能申报认定。请先申报“新增入库”，审核通过后再申报。",
	    year, on, reason);
	combine_why(why, whysz, msg);
	return SME_OK;
}

enum sme_err
combine_check_product(struct db *db, long long enterprise_id, const char *kind,
    const char *level, int year, const char *product, char *why, size_t whysz,
    int *ok)
{
	struct db_res		*res = NULL;
	struct combine_rule	*rules = NULL;
	struct combine_held	*held = NULL;
	struct combine_case	 a;
	size_t			 nrules = 0, nheld = 0, i;
	struct db_param		 p[] = { DB_INT(enterprise_id) };
	enum sme_err		 er;
	int			 k;

	*ok = 0;
	if (whysz > 0)
		why[0] = '\0';
	memset(&a, 0, sizeof(a));
	if ((k = flow_kind_parse(kind)) < 0) {
		combine_why(why, whysz, "申报类别无效");
		return SME_OK;
	}
	a.kind = (enum flow_kind)k;
	a.level = level;
	a.year = year;
	a.product = product;
	if ((er = db_query(db, SQL_ENTERPRISE, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		combine_why(why, whysz, MSG_CERT_LIBRARY);
		return SME_OK;
	}
	a.in_library = db_res_int(res, 0, 0, 0) != 0;
	a.confirmed = db_res_int(res, 0, 1, 0) != 0;
	db_res_free(res);
	res = NULL;

	if ((er = db_query(db, SQL_RULES, NULL, 0, &res)) != SME_OK)
		goto out;
	if (res->nrows > 0 &&
	    (rules = calloc(res->nrows, sizeof(*rules))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	for (i = 0; i < res->nrows; i++) {
		/* A malformed row is logged and skipped, never half-applied. */
		if (combine_rule_parse(&rules[nrules], db_res_get(res, i, 0),
		    db_res_get(res, i, 1), db_res_get(res, i, 2),
		    db_res_get(res, i, 3), db_res_get(res, i, 4),
		    db_res_get(res, i, 5), db_res_get(res, i, 6),
		    db_res_get(res, i, 7)) != SME_OK) {
			log_warn("combine: combination_rule %s is malformed; skipped",
			    db_res_get(res, i, 0) ? db_res_get(res, i, 0) : "?");
			continue;
		}
		nrules++;
	}
	db_res_free(res);
	res = NULL;

	if ((er = db_query(db, SQL_TITLES, p, 1, &res)) != SME_OK ||
	    (er = combine_load_held(res, COMBINE_TITLE, &held, &nheld)) != SME_OK)
		goto out;
	db_res_free(res);
	res = NULL;
	if ((er = db_query(db, SQL_FILINGS, p, 1, &res)) != SME_OK ||
	    (er = combine_load_held(res, COMBINE_FILING, &held, &nheld)) != SME_OK)
		goto out;
	*ok = combine_decide(&a, held, nheld, rules, nrules, why, whysz);
	if (!*ok && !a.in_library && combine_is_cert(a.kind))
		er = combine_removed_why(db, enterprise_id, why, whysz);
out:
	db_res_free(res);
	free(rules);
	free(held);
	return er;
}

enum sme_err
combine_check(struct db *db, long long enterprise_id, const char *kind,
    const char *level, int year, char *why, size_t whysz, int *ok)
{
	return combine_check_product(db, enterprise_id, kind, level, year,
	    NULL, why, whysz, ok);
}
