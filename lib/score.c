/*
 * score.c - score schemes: bands, points, areas and the verdict of the
 * Ministry's 2022 innovative-SME evaluation (or a bureau's own).
 */
#include <string.h>

#include "score.h"

int
score_in_band(const struct scheme_band *b, double v)
{
	if (b->lo_set && (b->lo_incl ? v < b->lo : v <= b->lo))
		return 0;
	if (b->hi_set && (b->hi_incl ? v > b->hi : v >= b->hi))
		return 0;
	return 1;
}

/* The points of the indicator whose bands are s->bands[first..end). */
static void
indicator(const struct scheme *s, size_t first, size_t end,
    const struct fact_val facts[FACT__MAX], struct score_ind *o)
{
	size_t	 i;
	int	 upgrade = 0;

	o->indicator = s->bands[first].indicator;
	o->area = s->bands[first].area;
	o->band = -1;
	o->known = 0;
	for (i = first; i < end; i++)
		if (s->bands[i].points > o->max)
			o->max = s->bands[i].points;
	for (i = first; i < end; i++) {
		const struct scheme_band	*b = &s->bands[i];
		enum fact			 f;

		if (strcmp(b->fact, "-") == 0) {
			if (b->points > upgrade)
				upgrade = b->points;
			continue;
		}
		if (strcmp(b->fact, "*") != 0) {
			f = facts_find(b->fact);
			if (f == FACT__MAX || !facts[f].known)
				return;
			/* Compare as shown (two decimals), as criteria.c does. */
			{
				double x = facts[f].v * 100;

				x = x < 0 ? -(double)(long long)(-x + 0.5) :
				    (double)(long long)(x + 0.5);
				if (!score_in_band(b, x / 100))
					continue;
			}
		}
		o->known = 1;
		o->band = (long)i;
		o->points = b->points;
		o->upgrade = upgrade > b->points ? upgrade : 0;
		return;
	}
	/* No band held: the bands leave a gap; count it as known, 0 points. */
	o->known = 1;
	o->upgrade = upgrade;
}

enum sme_err
score_eval(const struct scheme *s, const struct fact_val facts[FACT__MAX],
    struct crit_rule_res *rules, struct score_res *out)
{
	int	 lo_ok, hi_ok, up_ok;
	int	 hi_total = 0, up_total = 0;
	int	 hi_area[SCORE_IND_MAX], up_area[SCORE_IND_MAX];
	size_t	 i, j, first;

	memset(out, 0, sizeof(*out));
	memset(hi_area, 0, sizeof(hi_area));
	memset(up_area, 0, sizeof(up_area));
	if (s->nareas > SCORE_IND_MAX)
		return SME_EINPUT;
	for (first = 0; first < s->nbands; first = i) {
		for (i = first; i < s->nbands &&
		    strcmp(s->bands[i].indicator, s->bands[first].indicator) == 0;
		    i++)
			;
		if (out->nind == SCORE_IND_MAX)
			return SME_EINPUT;
		indicator(s, first, i, facts, &out->ind[out->nind++]);
	}
	for (i = 0; i < out->nind; i++) {
		const struct score_ind *o = &out->ind[i];
		int hi = o->known ? (o->upgrade > o->points ? o->upgrade : o->points) : o->max;
		int up = o->known ? hi : o->points;

		out->total += o->points;
		hi_total += hi;
		up_total += up;
		for (j = 0; j < s->nareas; j++)
			if (strcmp(o->area, s->areas[j].key) == 0) {
				out->area_points[j] += o->points;
				hi_area[j] += hi;
				up_area[j] += up;
			}
	}
	lo_ok = out->total >= s->total_min;
	hi_ok = hi_total >= s->total_min;
	up_ok = up_total >= s->total_min;
	for (j = 0; j < s->nareas; j++) {
		lo_ok = lo_ok && out->area_points[j] >= s->areas[j].min;
		hi_ok = hi_ok && hi_area[j] >= s->areas[j].min;
		up_ok = up_ok && up_area[j] >= s->areas[j].min;
	}

	/* The rules of a score scheme qualify directly: any one of them. */
	out->direct = CRIT_UNMET;
	for (i = 0; i < s->nrules; i++) {
		static const int rank[CRIT__MAX] = { 3, 0, 2, 1 };

		criteria_rule(&s->rules[i], facts, &rules[i]);
		if (rank[rules[i].res] > rank[out->direct])
			out->direct = rules[i].res;
	}
	if (out->direct == CRIT_MET || lo_ok)
		out->verdict = CRIT_MET;
	else if (!hi_ok)
		out->verdict = out->direct;
	else
		out->verdict = up_ok ? CRIT_EVIDENCE : CRIT_UNKNOWN;
	return SME_OK;
}

/* The Ministry's 2022 score indicators (工信部企业〔2022〕63号 附件1). */
static const char *const score_labels[][2] = {
	{ "ip", "知识产权" },
	{ "rd_ratio", "研发费用占营业收入比重" },
	{ "growth", "主营业务收入增长率" },
	{ "debt", "资产负债率" },
	{ "field", "主导产品所属领域" },
	{ "main_share", "主营业务收入占营业收入比重" },
};

const char *
score_indicator_label(const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && i < sizeof(score_labels) / sizeof(score_labels[0]); i++)
		if (strcmp(score_labels[i][0], key) == 0)
			return score_labels[i][1];
	return key;
}
