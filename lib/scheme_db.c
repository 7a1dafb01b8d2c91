/*
 * scheme_db.c - storing and loading criteria schemes (lib/scheme.c parses
 * their text) in tables scheme, scheme_rule, scheme_band and scheme_area
 * (schema/010_schemes.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "scheme.h"
#include "scheme_db.h"

static const char SQL_SCHEME_FIND[] =
    "SELECT id FROM scheme WHERE family = ? AND year = ? FOR UPDATE";
static const char SQL_SCHEME_DELETE[] =
    "DELETE FROM scheme WHERE id = ?";
static const char SQL_SCHEME_INSERT[] =
    "INSERT INTO scheme (family, year, tier, class, kinds, region_code, mode,"
    " issuer, title, source, total_min, created_at) VALUES (?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_RULE_INSERT[] =
    "INSERT INTO scheme_rule (scheme_id, seq, code, grp, fact, op, threshold,"
    " unit, slot, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_BAND_INSERT[] =
    "INSERT INTO scheme_band (scheme_id, seq, indicator, area, fact, lo,"
    " lo_incl, hi, hi_incl, points, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?)";
static const char SQL_AREA_INSERT[] =
    "INSERT INTO scheme_area (scheme_id, akey, min_points, name)"
    " VALUES (?, ?, ?, ?)";
static const char SQL_SCHEMES_OF_KIND[] =
    "SELECT id, family, year, tier, class, kinds, region_code, mode, issuer,"
    " title, source, total_min FROM scheme WHERE FIND_IN_SET(?, kinds) > 0"
    " AND year <= ? AND (class IS NULL OR class = ?)"
    " ORDER BY family, year DESC";
enum { SK_ID, SK_FAMILY, SK_YEAR, SK_TIER, SK_CLASS, SK_KINDS, SK_REGION, SK_MODE,
	SK_ISSUER, SK_TITLE, SK_SOURCE, SK_TOTAL_MIN };
static const char SQL_RULES_OF[] =
    "SELECT code, grp, fact, op, threshold, unit, slot, text"
    " FROM scheme_rule WHERE scheme_id = ? ORDER BY seq";
enum { RU_CODE, RU_GROUP, RU_FACT, RU_OP, RU_THRESHOLD, RU_UNIT, RU_SLOT, RU_TEXT };
static const char SQL_BANDS_OF[] =
    "SELECT indicator, area, fact, lo, lo_incl, hi, hi_incl, points, text"
    " FROM scheme_band WHERE scheme_id = ? ORDER BY seq";
enum { BA_INDICATOR, BA_AREA, BA_FACT, BA_LO, BA_LO_INCL, BA_HI, BA_HI_INCL, BA_POINTS,
	BA_TEXT };
static const char SQL_AREAS_OF[] =
    "SELECT akey, min_points, name FROM scheme_area WHERE scheme_id = ?"
    " ORDER BY akey";
enum { AR_KEY, AR_MIN, AR_NAME };

/* A double as exact decimal text for a DECIMAL column, into buf. */
static const char *
dec(double v, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "%.4f", v);
	return buf;
}

static enum sme_err
save_parts(struct db *db, const struct scheme *s)
{
	enum sme_err	 er;
	char		 t[48], lo[48], hi[48];
	size_t		 i;

	for (i = 0; i < s->nrules; i++) {
		const struct scheme_rule *r = &s->rules[i];
		struct db_param p[] = { DB_INT(s->id), DB_INT(i + 1),
		    DB_STR(r->code), DB_OPT(r->group), DB_OPT(r->fact),
		    DB_STR(scheme_op_name(r->op)),
		    r->op == SCHEME_DECLARE ? DB_NULL :
		    DB_STR(dec(r->threshold, t, sizeof(t))),
		    DB_OPT(r->unit), DB_OPT(r->slot), DB_STR(r->text) };

		if ((er = db_exec(db, SQL_RULE_INSERT, p, 10, NULL, NULL)) != SME_OK)
			return er;
	}
	for (i = 0; i < s->nbands; i++) {
		const struct scheme_band *b = &s->bands[i];
		struct db_param p[] = { DB_INT(s->id), DB_INT(i + 1),
		    DB_STR(b->indicator), DB_STR(b->area), DB_STR(b->fact),
		    b->lo_set ? DB_STR(dec(b->lo, lo, sizeof(lo))) : DB_NULL,
		    DB_INT(b->lo_incl),
		    b->hi_set ? DB_STR(dec(b->hi, hi, sizeof(hi))) : DB_NULL,
		    DB_INT(b->hi_incl), DB_INT(b->points), DB_STR(b->text) };

		if ((er = db_exec(db, SQL_BAND_INSERT, p, 11, NULL, NULL)) != SME_OK)
			return er;
	}
	for (i = 0; i < s->nareas; i++) {
		const struct scheme_area *a = &s->areas[i];
		struct db_param p[] = { DB_INT(s->id), DB_STR(a->key),
		    DB_INT(a->min), DB_STR(a->name) };

		if ((er = db_exec(db, SQL_AREA_INSERT, p, 4, NULL, NULL)) != SME_OK)
			return er;
	}
	return SME_OK;
}

enum sme_err
scheme_save(struct db *db, struct scheme *s, int *replaced)
{
	struct db_param		 find[] = { DB_STR(s->family), DB_INT(s->year) };
	struct db_res		*res = NULL;
	unsigned long long	 id;
	enum sme_err		 er;

	*replaced = 0;
	if ((er = db_begin(db)) != SME_OK)
		return er;
	if ((er = db_query(db, SQL_SCHEME_FIND, find, 2, &res)) != SME_OK)
		goto fail;
	if (res->nrows > 0) {
		struct db_param del[] = { DB_INT(db_res_int(res, 0, 0, 0)) };

		/* Rules, bands and areas go with it (ON DELETE CASCADE). */
		if ((er = db_exec(db, SQL_SCHEME_DELETE, del, 1, NULL, NULL)) != SME_OK)
			goto fail;
		*replaced = 1;
	}
	{
		struct db_param p[] = { DB_STR(s->family), DB_INT(s->year),
		    DB_STR(s->tier), DB_OPT(s->klass), DB_STR(s->kinds),
		    DB_OPT(s->region), DB_STR(scheme_mode_name(s->mode)),
		    DB_STR(s->issuer), DB_STR(s->title), DB_STR(s->source),
		    DB_INT(s->total_min) };

		if ((er = db_exec(db, SQL_SCHEME_INSERT, p, 11, NULL, &id)) != SME_OK)
			goto fail;
	}
	s->id = (long long)id;
	if ((er = save_parts(db, s)) != SME_OK)
		goto fail;
	db_res_free(res);
	return db_commit(db);
fail:
	db_res_free(res);
	db_rollback(db);
	return er;
}

static void
cell(const struct db_res *res, size_t row, size_t col, char *dst, size_t dstsz)
{
	const char	*v = db_res_get(res, row, col);

	snprintf(dst, dstsz, "%s", v != NULL ? v : "");
}

static double
cell_num(const struct db_res *res, size_t row, size_t col, int *set)
{
	const char	*v = db_res_get(res, row, col);

	*set = v != NULL;
	return v != NULL ? strtod(v, NULL) : 0;
}

static enum sme_err
load_parts_db(struct db *db, struct scheme *s)
{
	struct db_param	 p[] = { DB_INT(s->id) };
	struct db_res	*res = NULL;
	enum sme_err	 er;
	size_t		 i, k;
	int		 set;

	if ((er = db_query(db, SQL_RULES_OF, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0 &&
	    (s->rules = calloc(res->nrows, sizeof(*s->rules))) == NULL)
		goto nomem;
	for (i = 0; i < res->nrows; i++) {
		struct scheme_rule *r = &s->rules[i];
		const char *op = db_res_get(res, i, RU_OP);

		cell(res, i, RU_CODE, r->code, sizeof(r->code));
		cell(res, i, RU_GROUP, r->group, sizeof(r->group));
		cell(res, i, RU_FACT, r->fact, sizeof(r->fact));
		r->op = SCHEME_DECLARE;
		for (k = 0; op != NULL && k < SCHEME_OP__MAX; k++)
			if (strcmp(op, scheme_op_name((enum scheme_op)k)) == 0)
				r->op = (enum scheme_op)k;
		r->threshold = cell_num(res, i, RU_THRESHOLD, &set);
		cell(res, i, RU_UNIT, r->unit, sizeof(r->unit));
		cell(res, i, RU_SLOT, r->slot, sizeof(r->slot));
		cell(res, i, RU_TEXT, r->text, sizeof(r->text));
	}
	s->nrules = res->nrows;
	db_res_free(res);
	res = NULL;
	if ((er = db_query(db, SQL_BANDS_OF, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0 &&
	    (s->bands = calloc(res->nrows, sizeof(*s->bands))) == NULL)
		goto nomem;
	for (i = 0; i < res->nrows; i++) {
		struct scheme_band *b = &s->bands[i];

		cell(res, i, BA_INDICATOR, b->indicator, sizeof(b->indicator));
		cell(res, i, BA_AREA, b->area, sizeof(b->area));
		cell(res, i, BA_FACT, b->fact, sizeof(b->fact));
		b->lo = cell_num(res, i, BA_LO, &b->lo_set);
		b->lo_incl = (int)db_res_int(res, i, BA_LO_INCL, 0);
		b->hi = cell_num(res, i, BA_HI, &b->hi_set);
		b->hi_incl = (int)db_res_int(res, i, BA_HI_INCL, 0);
		b->points = (int)db_res_int(res, i, BA_POINTS, 0);
		cell(res, i, BA_TEXT, b->text, sizeof(b->text));
	}
	s->nbands = res->nrows;
	db_res_free(res);
	res = NULL;
	if ((er = db_query(db, SQL_AREAS_OF, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows > 0 &&
	    (s->areas = calloc(res->nrows, sizeof(*s->areas))) == NULL)
		goto nomem;
	for (i = 0; i < res->nrows; i++) {
		struct scheme_area *a = &s->areas[i];

		cell(res, i, AR_KEY, a->key, sizeof(a->key));
		a->min = (int)db_res_int(res, i, AR_MIN, 0);
		cell(res, i, AR_NAME, a->name, sizeof(a->name));
	}
	s->nareas = res->nrows;
	db_res_free(res);
	return SME_OK;
nomem:
	db_res_free(res);
	return SME_ENOMEM;
}

/*
 * A worker keeps the parts of the schemes it has loaded, by id: a saved
 * scheme never changes (scheme-import replaces one by deleting it and
 * inserting it again under a new id), so the copies never go stale. Saves
 * three queries a scheme on every page that shows a self-check.
 */
#define PARTS_CACHE_MAX	64

struct parts_cached {
	long long		 id;
	struct scheme		 parts;	/* only rules, bands, areas and counts */
};

static struct parts_cached	 parts_cache[PARTS_CACHE_MAX];
static size_t			 parts_ncache;

/* Copy n elements of size sz (NULL stays NULL); 0 on allocation failure. */
static int
parts_dup(void **dst, const void *src, size_t n, size_t sz)
{
	*dst = NULL;
	if (n == 0 || src == NULL)
		return 1;
	if ((*dst = malloc(n * sz)) == NULL)
		return 0;
	memcpy(*dst, src, n * sz);
	return 1;
}

/* Copy the parts of from into to (which holds none). */
static enum sme_err
parts_copy(struct scheme *to, const struct scheme *from)
{
	if (!parts_dup((void **)&to->rules, from->rules, from->nrules, sizeof(*to->rules)) ||
	    !parts_dup((void **)&to->bands, from->bands, from->nbands, sizeof(*to->bands)) ||
	    !parts_dup((void **)&to->areas, from->areas, from->nareas, sizeof(*to->areas))) {
		scheme_clear(to);
		return SME_ENOMEM;
	}
	to->nrules = from->nrules;
	to->nbands = from->nbands;
	to->nareas = from->nareas;
	return SME_OK;
}

static enum sme_err
load_parts(struct db *db, struct scheme *s)
{
	struct parts_cached	*c;
	enum sme_err		 er;
	size_t			 i;

	for (i = 0; i < parts_ncache; i++)
		if (parts_cache[i].id == s->id)
			return parts_copy(s, &parts_cache[i].parts);
	if ((er = load_parts_db(db, s)) != SME_OK || parts_ncache == PARTS_CACHE_MAX)
		return er;
	c = &parts_cache[parts_ncache];
	memset(c, 0, sizeof(*c));
	if (parts_copy(&c->parts, s) == SME_OK) {
		c->id = s->id;
		parts_ncache++;
	}
	return SME_OK;
}

/* Scheme region sr covers enterprise region er (county within city...). */
static int
covers(const char *sr, const char *er)
{
	if (sr == NULL || *sr == '\0')
		return 1;
	if (er == NULL || strlen(er) != 6 || strlen(sr) != 6)
		return 0;
	if (strcmp(sr + 2, "0000") == 0)
		return strncmp(sr, er, 2) == 0;
	if (strcmp(sr + 4, "00") == 0)
		return strncmp(sr, er, 4) == 0;
	return strcmp(sr, er) == 0;
}

enum sme_err
scheme_load_applicable(struct db *db, const char *kind, const char *klass,
    const char *region, int year, struct scheme **out, size_t *nout)
{
	struct db_param	 p[] = { DB_STR(kind), DB_INT(year),
	    DB_STR(klass != NULL ? klass : "") };
	struct db_res	*res = NULL;
	struct scheme	*v = NULL;
	enum sme_err	 er;
	size_t		 i, n = 0;
	char		 last[48] = "";

	*out = NULL;
	*nout = 0;
	if ((er = db_query(db, SQL_SCHEMES_OF_KIND, p, 3, &res)) != SME_OK)
		return er;
	if (res->nrows > 0 && (v = calloc(res->nrows, sizeof(*v))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	for (i = 0; i < res->nrows; i++) {
		struct scheme	*s = &v[n];
		const char	*fam = db_res_get(res, i, SK_FAMILY);
		const char	*reg = db_res_get(res, i, SK_REGION);

		/* Rows come latest year first within a family: keep the first. */
		if (fam == NULL || strcmp(fam, last) == 0)
			continue;
		snprintf(last, sizeof(last), "%s", fam);
		if (!covers(reg, region))
			continue;
		s->id = db_res_int(res, i, SK_ID, 0);
		cell(res, i, SK_FAMILY, s->family, sizeof(s->family));
		s->year = (int)db_res_int(res, i, SK_YEAR, 0);
		cell(res, i, SK_TIER, s->tier, sizeof(s->tier));
		cell(res, i, SK_CLASS, s->klass, sizeof(s->klass));
		cell(res, i, SK_KINDS, s->kinds, sizeof(s->kinds));
		cell(res, i, SK_REGION, s->region, sizeof(s->region));
		s->mode = db_res_get(res, i, SK_MODE) != NULL &&
		    db_res_is(res, i, SK_MODE, "score") ?
		    SCHEME_SCORE : SCHEME_PASS;
		cell(res, i, SK_ISSUER, s->issuer, sizeof(s->issuer));
		cell(res, i, SK_TITLE, s->title, sizeof(s->title));
		cell(res, i, SK_SOURCE, s->source, sizeof(s->source));
		s->total_min = (int)db_res_int(res, i, SK_TOTAL_MIN, 0);
		n++;
		if ((er = load_parts(db, s)) != SME_OK) {
			db_res_free(res);
			scheme_free_all(v, n);
			return er;
		}
	}
	db_res_free(res);
	*out = v;
	*nout = n;
	return SME_OK;
}
