/*
 * assess.c - assess a filing against the schemes that apply to it and lay
 * the result out for the assessment page: per scheme, per rule, per score.
 * Meeting the criteria is not being certified (seed 004 FAQ 1): this only
 * reports, people decide.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "criteria.h"
#include "db.h"
#include "facts.h"
#include "filing.h"
#include "log.h"
#include "scheme.h"
#include "scheme_db.h"
#include "score.h"
#include "slot.h"
#include "tmpl.h"
#include "vocab.h"

/*
 * A certification at 省级 is assessed against the province's and the
 * nation's schemes (the next step up); at 市县 against the city's and the
 * county's. Library filings (no level) against every tier.
 */
static int
tier_fits(const char *level, const char *tier)
{
	if (strcmp(level, "province") == 0)
		return strcmp(tier, "province") == 0 || strcmp(tier, "national") == 0;
	if (strcmp(level, "local") == 0)
		return strcmp(tier, "city") == 0 || strcmp(tier, "county") == 0;
	return 1;
}

/* Province first (the title applied for), then city, county, nation. */
static int
tier_rank(const char *tier)
{
	if (strcmp(tier, "province") == 0)
		return 0;
	if (strcmp(tier, "city") == 0)
		return 1;
	if (strcmp(tier, "county") == 0)
		return 2;
	return 3;
}

static int
scheme_cmp(const void *a, const void *b)
{
	const struct scheme	*x = a, *y = b;
	int			 d = tier_rank(x->tier) - tier_rank(y->tier);

	return d != 0 ? d : strcmp(x->family, y->family);
}

/* The schemes for f, filtered by level. Caller frees with scheme_free_all. */
static enum sme_err
schemes_of(struct db *db, const struct filing *f, struct scheme **out,
    size_t *nout)
{
	enum sme_err	 er;
	size_t		 i, n = 0;

	if ((er = scheme_load_applicable(db, f->form_kind, f->class, f->ent_region,
	    f->year, out, nout)) != SME_OK)
		return er;
	for (i = 0; i < *nout; i++) {
		if (tier_fits(f->level, (*out)[i].tier)) {
			if (n != i)
				(*out)[n] = (*out)[i];
			n++;
		} else
			scheme_clear(&(*out)[i]);
	}
	*nout = n;
	if (n > 1)
		qsort(*out, n, sizeof(**out), scheme_cmp);
	return SME_OK;
}

static void
count(struct assess_counts *c, enum crit_result r)
{
	switch (r) {
	case CRIT_MET:
		c->met++;
		break;
	case CRIT_UNMET:
		c->unmet++;
		break;
	case CRIT_EVIDENCE:
		c->evidence++;
		break;
	default:
		c->unknown++;
		break;
	}
}

#define SET(v, k, val)	do { if (tmpl_set((v), (k), (val)) != SME_OK) return SME_ENOMEM; } while (0)
#define SETF(v, k, ...)	do { if (tmpl_setf((v), (k), __VA_ARGS__) != SME_OK) return SME_ENOMEM; } while (0)

static enum sme_err
fill_rules(struct tmpl_vars *sv, const struct scheme *s,
    const struct crit_rule_res *res, struct assess_counts *c,
    const struct filing *f)
{
	struct tmpl_vars	*rv;
	const struct slot	*sl;
	size_t			 i;

	for (i = 0; i < s->nrules; i++) {
		const struct scheme_rule *r = &s->rules[i];

		if (c != NULL && strcmp(r->group, SCHEME_FOCUS) != 0)
			count(c, res[i].res);
		if (sv == NULL)
			continue;
		if ((rv = tmpl_add(sv, "rules")) == NULL)
			return SME_ENOMEM;
		SETF(rv, "rule_id", "%s/%s", s->family, r->code);
		SET(rv, "code", r->code);
		SET(rv, "text", r->text);
		SET(rv, "result", criteria_result_name(res[i].res));
		SET(rv, "result_label", criteria_result_label(res[i].res));
		SET(rv, "words", res[i].words);
		SET(rv, "slot", r->slot);
		/* Evidence goes into the filing's slot for it, when its kind has one. */
		if (res[i].res == CRIT_EVIDENCE && (sl = slot_find(f->form_kind, r->slot)) != NULL) {
			SET(rv, "slot_label", sl->label);
			SETF(rv, "slot_href", "/filing/%lld/attachments#slot-%s", f->id, sl->key);
		}
		if (strcmp(r->group, SCHEME_FOCUS) == 0)
			SET(rv, "any_of", "重点方向，供参考，不影响是否符合");
		else if (*r->group != '\0')
			SET(rv, "any_of", strchr(r->group, '.') != NULL ?
			    "与同组条件之一并列满足即可" : "与同组条件任一满足即可");
	}
	return SME_OK;
}

static enum sme_err
fill_scores(struct tmpl_vars *sv, const struct scheme *s,
    const struct score_res *sr)
{
	struct tmpl_vars	*iv;
	size_t			 i, j;
	char			 areas[512] = "";

	for (i = 0; i < sr->nind; i++) {
		const struct score_ind	*o = &sr->ind[i];
		const char		*area = o->area;

		if ((iv = tmpl_add(sv, "scores")) == NULL)
			return SME_ENOMEM;
		for (j = 0; j < s->nareas; j++)
			if (strcmp(s->areas[j].key, o->area) == 0)
				area = s->areas[j].name;
		SET(iv, "indicator", score_indicator_label(o->indicator));
		SET(iv, "indicator_key", o->indicator);
		SET(iv, "area", area);
		SETF(iv, "max", "%d", o->max);
		if (!o->known) {
			SET(iv, "points", "");
			SET(iv, "band", "数据不全，暂不能评分");
		} else {
			SETF(iv, "points", "%d", o->points);
			SET(iv, "band", o->band >= 0 ?
			    s->bands[o->band].text : "未落入任何档位");
		}
		if (o->upgrade > 0)
			SETF(iv, "upgrade", "如能提供证明材料，最高可得 %d 分",
			    o->upgrade);
	}
	/* Areas in the order their bands come in the scheme. */
	for (i = 0; i < s->nbands; i++) {
		size_t len = strlen(areas), k;

		for (k = 0; k < i; k++)
			if (strcmp(s->bands[k].area, s->bands[i].area) == 0)
				break;
		if (k < i)
			continue;
		for (j = 0; j < s->nareas; j++)
			if (strcmp(s->areas[j].key, s->bands[i].area) == 0)
				snprintf(areas + len, sizeof(areas) - len,
				    "%s%s %d 分（至少 %d 分）", len ? "，" : "",
				    s->areas[j].name, sr->area_points[j],
				    s->areas[j].min);
	}
	SETF(sv, "total", "%d", sr->total);
	SETF(sv, "total_min", "%d", s->total_min);
	SET(sv, "areas", areas);
	SET(sv, "direct", criteria_result_label(sr->direct));
	return SME_OK;
}

/* Evaluate every scheme into v (may be NULL) and c (may be NULL). */
static enum sme_err
run(struct db *db, const struct filing *f, struct tmpl_vars *v, struct assess_counts *c)
{
	struct fact_val		 facts[FACT__MAX];
	struct scheme		*s = NULL;
	size_t			 n = 0, i;
	enum sme_err		 er;

	facts_compute(f->year, filing_getter, (void *)f, facts);
	if ((er = schemes_of(db, f, &s, &n)) != SME_OK)
		goto out;
	if (c != NULL)
		c->schemes = (int)n;
	for (i = 0; i < n && er == SME_OK; i++) {
		struct crit_rule_res	*res;
		struct score_res	 sr;
		struct tmpl_vars	*sv = NULL;
		enum crit_result	 verdict;

		if ((res = calloc(s[i].nrules + 1, sizeof(*res))) == NULL) {
			er = SME_ENOMEM;
			break;
		}
		if (s[i].mode == SCHEME_SCORE) {
			er = score_eval(&s[i], facts, res, &sr);
			verdict = sr.verdict;
		} else
			verdict = criteria_eval(&s[i], facts, res);
		if (er == SME_OK && v != NULL &&
		    (sv = tmpl_add(v, "schemes")) == NULL)
			er = SME_ENOMEM;
		if (er == SME_OK && sv != NULL) {
			if (tmpl_set(sv, "family", s[i].family) != SME_OK ||
			    tmpl_setf(sv, "year", "%d", s[i].year) != SME_OK ||
			    tmpl_set(sv, "title", s[i].title) != SME_OK ||
			    tmpl_set(sv, "issuer", s[i].issuer) != SME_OK ||
			    tmpl_set(sv, "source", s[i].source) != SME_OK ||
			    tmpl_set(sv, "tier_label", vocab_tier_label(s[i].tier)) != SME_OK ||
			    tmpl_set(sv, "verdict", criteria_result_name(verdict)) != SME_OK ||
			    tmpl_set(sv, "verdict_label", criteria_result_label(verdict)) != SME_OK ||
			    tmpl_set(sv, "score", s[i].mode == SCHEME_SCORE ? "1" : "0") != SME_OK)
				er = SME_ENOMEM;
		}
		if (er == SME_OK)
			er = fill_rules(sv, &s[i], res,
			    s[i].mode == SCHEME_PASS ? c : NULL, f);
		if (er == SME_OK && sv != NULL && s[i].mode == SCHEME_SCORE)
			er = fill_scores(sv, &s[i], &sr);
		free(res);
	}
out:
	if (er != SME_OK)
		log_err("assess: filing %lld: %s", f->id, sme_strerror(er));
	scheme_free_all(s, n);
	return er;
}

enum sme_err
assess_filing(struct db *db, const struct filing *f, struct tmpl_vars *v)
{
	struct assess_counts	 c;
	enum sme_err		 er;

	memset(&c, 0, sizeof(c));
	if ((er = run(db, f, v, &c)) != SME_OK)
		return er;
	if (tmpl_setf(v, "filing_id", "%lld", f->id) != SME_OK ||
	    tmpl_setf(v, "count_met", "%d", c.met) != SME_OK ||
	    tmpl_setf(v, "count_unmet", "%d", c.unmet) != SME_OK ||
	    tmpl_setf(v, "count_evidence", "%d", c.evidence) != SME_OK ||
	    tmpl_setf(v, "count_unknown", "%d", c.unknown) != SME_OK ||
	    tmpl_set(v, "has_schemes", c.schemes > 0 ? "1" : "0") != SME_OK)
		return SME_ENOMEM;
	return SME_OK;
}

enum sme_err
assess_count_of(struct db *db, const struct filing *f, struct assess_counts *out)
{
	memset(out, 0, sizeof(*out));
	return run(db, f, NULL, out);
}

enum sme_err
assess_count(struct db *db, long long filing_id, struct assess_counts *out)
{
	struct filing	*f;
	enum sme_err	 er;

	memset(out, 0, sizeof(*out));
	if ((er = filing_load(db, filing_id, &f)) != SME_OK || f == NULL)
		return er;
	er = run(db, f, NULL, out);
	filing_free(f);
	return er;
}
