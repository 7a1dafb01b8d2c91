/*
 * criteria.c - a pass/fail scheme over a filing's facts. Boundaries are the
 * rules' operators (ge: 以上, 不低于, includes the threshold; gt: 超过; le:
 * 以下, 不高于; lt: 不满, 不足), so the data decides, not the code.
 */
#include <stdio.h>
#include <string.h>

#include "criteria.h"

static const char *const result_names[CRIT__MAX] = {
	"met", "unmet", "evidence", "unknown"
};
static const char *const result_labels[CRIT__MAX] = {
	"符合", "不符合", "需佐证", "数据不全"
};

const char *
criteria_result_name(enum crit_result r)
{
	return (unsigned)r < CRIT__MAX ? result_names[r] : "";
}

const char *
criteria_result_label(enum crit_result r)
{
	return (unsigned)r < CRIT__MAX ? result_labels[r] : "";
}

/* The requirement in words: "不低于3%", "前5名以内", "市级以上", "是". */
static void
require(const struct scheme_rule *r, char *buf, size_t bufsz)
{
	char	 n[64];

	facts_format_num(r->unit, r->threshold, n, sizeof(n));
	if (strcmp(r->unit, "是否") == 0) {
		snprintf(buf, bufsz, "要求为“%s”", n);
		return;
	}
	if (strcmp(r->unit, "级") == 0 || strcmp(r->unit, "年份") == 0) {
		snprintf(buf, bufsz, "要求%s%s", n, r->op == SCHEME_GE ?
		    "或以上" : r->op == SCHEME_GT ? "以上（不含）" :
		    r->op == SCHEME_LE ? "或以前" : r->op == SCHEME_LT ?
		    "以前（不含）" : "");
		return;
	}
	if (strcmp(r->unit, "名") == 0) {
		snprintf(buf, bufsz, "要求%s%s", n, r->op == SCHEME_LE ?
		    "以内" : r->op == SCHEME_LT ? "以内（不含）" :
		    r->op == SCHEME_GE ? "或以后" : "");
		return;
	}
	snprintf(buf, bufsz, "要求%s%s", r->op == SCHEME_GE ? "不低于" :
	    r->op == SCHEME_GT ? "超过" : r->op == SCHEME_LE ? "不高于" :
	    r->op == SCHEME_LT ? "低于" : "等于", n);
}

/* The gap's unit in words: percentage points for %, else the unit. */
static const char *
gap_unit(const char *unit)
{
	if (strcmp(unit, "%") == 0)
		return "个百分点";
	if (strcmp(unit, "名") == 0)
		return "名";
	if (strcmp(unit, "级") == 0)
		return "级";
	if (strcmp(unit, "年份") == 0)
		return "年";
	return unit;
}

static int
holds(enum scheme_op op, double v, double t)
{
	switch (op) {
	case SCHEME_GE:
		return v >= t;
	case SCHEME_GT:
		return v > t;
	case SCHEME_LE:
		return v <= t;
	case SCHEME_LT:
		return v < t;
	case SCHEME_EQ:
		return v == t;
	default:
		return 0;
	}
}

/*
 * Figures compare as shown: a percent or an amount is rounded to two
 * decimals first, so "3.00%" never fails "不低于3%" by a rounding error.
 */
static double
shown(const char *unit, double v)
{
	double	 x = v * 100;

	if (strcmp(unit, "%") != 0 && strcmp(unit, "万元") != 0)
		return v;
	x = x < 0 ? -(double)(long long)(-x + 0.5) : (double)(long long)(x + 0.5);
	return x / 100;
}

void
criteria_rule(const struct scheme_rule *r, const struct fact_val facts[FACT__MAX],
    struct crit_rule_res *out)
{
	enum fact	 f;
	char		 val[64], req[96], gap[64];
	double		 v, g;

	memset(out, 0, sizeof(*out));
	if (r->op == SCHEME_DECLARE || (f = facts_find(r->fact)) == FACT__MAX) {
		out->res = CRIT_EVIDENCE;
		snprintf(out->words, sizeof(out->words), "需佐证：由审核部门依据%s核实",
		    *r->slot != '\0' ? "所附证明材料" : "申报材料");
		return;
	}
	require(r, req, sizeof(req));
	if (!facts[f].known) {
		out->res = CRIT_UNKNOWN;
		snprintf(out->words, sizeof(out->words), "%s 无数据，%s；请补全相关数据",
		    facts_label(f), req);
		return;
	}
	out->known = 1;
	out->value = facts[f].v;
	v = shown(r->unit, facts[f].v);
	facts_format(f, &facts[f], val, sizeof(val));
	if (holds(r->op, v, r->threshold)) {
		out->res = CRIT_MET;
		snprintf(out->words, sizeof(out->words), "%s %s，%s，已满足",
		    facts_label(f), val, req);
		return;
	}
	out->res = CRIT_UNMET;
	g = v > r->threshold ? v - r->threshold : r->threshold - v;
	if (strcmp(r->unit, "是否") == 0)
		snprintf(out->words, sizeof(out->words), "%s：%s，%s",
		    facts_label(f), val, req);
	else if (g == 0)
		snprintf(out->words, sizeof(out->words),
		    "%s %s，%s，恰在界限上，未满足", facts_label(f), val, req);
	else {
		if (strcmp(r->unit, "%") == 0 || strcmp(r->unit, "万元") == 0)
			snprintf(gap, sizeof(gap), "%.2f", g);
		else
			snprintf(gap, sizeof(gap), "%g", g);
		snprintf(out->words, sizeof(out->words), "%s %s，%s，差 %s %s",
		    facts_label(f), val, req, gap, gap_unit(r->unit));
	}
}

/* Combine with "and": unmet beats unknown beats evidence beats met. */
static enum crit_result
and2(enum crit_result a, enum crit_result b)
{
	static const int rank[CRIT__MAX] = { 0, 3, 1, 2 };

	return rank[a] >= rank[b] ? a : b;
}

/* Combine with "or": met beats evidence beats unknown beats unmet. */
static enum crit_result
or2(enum crit_result a, enum crit_result b)
{
	static const int rank[CRIT__MAX] = { 3, 0, 2, 1 };

	return rank[a] >= rank[b] ? a : b;
}

enum crit_result
criteria_group(const struct scheme *s, const char *g, const struct crit_rule_res *res)
{
	enum crit_result	 any = CRIT_UNMET, part;
	size_t			 i, j, glen = strlen(g);
	int			 seen = 0;

	for (i = 0; i < s->nrules; i++) {
		const char *rg = s->rules[i].group;

		if (strcmp(rg, g) == 0) {
			any = seen++ ? or2(any, res[i].res) : res[i].res;
			continue;
		}
		if (strncmp(rg, g, glen) != 0 || rg[glen] != '.')
			continue;
		/* The first rule of a part: combine the whole part here. */
		for (j = 0; j < i; j++)
			if (strcmp(s->rules[j].group, rg) == 0)
				break;
		if (j < i)
			continue;
		part = res[i].res;
		for (j = i + 1; j < s->nrules; j++)
			if (strcmp(s->rules[j].group, rg) == 0)
				part = and2(part, res[j].res);
		any = seen++ ? or2(any, part) : part;
	}
	return any;
}

enum crit_result
criteria_eval(const struct scheme *s, const struct fact_val facts[FACT__MAX],
    struct crit_rule_res *res)
{
	enum crit_result	 all = CRIT_MET;
	size_t			 i, j;
	char			 g[16];

	for (i = 0; i < s->nrules; i++)
		criteria_rule(&s->rules[i], facts, &res[i]);
	for (i = 0; i < s->nrules; i++) {
		const char *rg = s->rules[i].group, *dot;

		if (strcmp(rg, SCHEME_FOCUS) == 0)
			continue;	/* a focus: shown, never counted */
		if (*rg == '\0') {
			all = and2(all, res[i].res);
			continue;
		}
		snprintf(g, sizeof(g), "%s", rg);
		if ((dot = strchr(g, '.')) != NULL)
			g[dot - g] = '\0';
		/* Count each group once, at its first rule. */
		for (j = 0; j < i; j++) {
			const char *pg = s->rules[j].group;

			if (strncmp(pg, g, strlen(g)) == 0 &&
			    (pg[strlen(g)] == '\0' || pg[strlen(g)] == '.'))
				break;
		}
		if (j == i)
			all = and2(all, criteria_group(s, g, res));
	}
	return all;
}
