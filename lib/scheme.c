/*
 * scheme.c - criteria schemes: the text format of schema/data/schemes.txt
 * (parsed strictly, so a bureau's file with a typo is refused whole). No
 * database here (scheme_db.c stores and loads them), so the fuzz target
 * links the parser alone.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "flow.h"
#include "form.h"
#include "log.h"
#include "scheme.h"

#define FIELDS_MAX	12

static const char *const op_names[SCHEME_OP__MAX] = {
	"ge", "gt", "le", "lt", "eq", "-"
};
static const char *const mode_names[SCHEME_MODE__MAX] = { "pass", "score" };
static const char *const tiers[] = { "county", "city", "province", "national", NULL };

const char *
scheme_op_name(enum scheme_op op)
{
	return (unsigned)op < SCHEME_OP__MAX ? op_names[op] : "";
}

const char *
scheme_mode_name(enum scheme_mode mode)
{
	return (unsigned)mode < SCHEME_MODE__MAX ? mode_names[mode] : "";
}

void
scheme_clear(struct scheme *s)
{
	if (s == NULL)
		return;
	free(s->rules);
	free(s->bands);
	free(s->areas);
	s->rules = NULL;
	s->bands = NULL;
	s->areas = NULL;
	s->nrules = s->nbands = s->nareas = 0;
}

void
scheme_free_all(struct scheme *s, size_t n)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		scheme_clear(&s[i]);
	free(s);
}

struct parse {
	struct scheme	*v;
	size_t		 n;
	size_t		 cap;
	char		*err;
	size_t		 errsz;
	size_t		 line;
};

static int
fail(struct parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct parse *p, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	n = snprintf(p->err, p->errsz, "第%zu行：", p->line);
	if (n < 0 || (size_t)n >= p->errsz)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errsz - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int
in_list(const char *v, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(v, *list) == 0)
			return 1;
	return 0;
}

/* Copy field f ("-" is empty) into dst of dstsz bytes; -1 if too long. */
static int
copy(struct parse *p, char *dst, size_t dstsz, const char *f, const char *what)
{
	if (strcmp(f, "-") == 0)
		f = "";
	if (strlen(f) >= dstsz)
		return fail(p, "%s过长（至多%zu字节）", what, dstsz - 1);
	memcpy(dst, f, strlen(f) + 1);
	return 0;
}

static int
integer(struct parse *p, const char *f, long lo, long hi, int *out,
    const char *what)
{
	char	*end;
	long	 v;

	v = strtol(f, &end, 10);
	if (*f == '\0' || *end != '\0' || v < lo || v > hi)
		return fail(p, "%s应为%ld到%ld之间的整数：%s", what, lo, hi, f);
	*out = (int)v;
	return 0;
}

static int
number(struct parse *p, const char *f, double *out, const char *what)
{
	char	*end;

	*out = strtod(f, &end);
	if (*f == '\0' || *end != '\0' || !(*out > -1e12 && *out < 1e12))
		return fail(p, "%s应为数字：%s", what, f);
	return 0;
}

/* Every kind of a comma-separated list is known. */
static int
kind_list(struct parse *p, const char *f)
{
	char	 buf[96], *k, *save = NULL;

	if (strcmp(f, "-") == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%s", f);
	for (k = strtok_r(buf, ",", &save); k != NULL; k = strtok_r(NULL, ",", &save))
		if (flow_kind_parse(k) < 0)
			return fail(p, "未知的申报类型 %s", k);
	return 0;
}

int
scheme_fact_provided(const char *fact, const char *kind, char *lack,
    size_t lacksz)
{
	enum fact	 f = facts_find(fact);
	char		 buf[256], *alt, *name, *s1 = NULL, *s2 = NULL;
	int		 first = 1, all;

	if (lacksz > 0)
		*lack = '\0';
	if (f == FACT__MAX)
		return 0;
	/*
	 * A recheck fills the form of the title it rechecks (form_kind_of,
	 * seed 004 §3 "参照新认定申报"): a fact one of those forms provides.
	 */
	if (kind != NULL && strcmp(kind, "recheck") == 0)
		return scheme_fact_provided(fact, "product", lack, lacksz) ||
		    scheme_fact_provided(fact, "giant-mfg", lack, lacksz) ||
		    scheme_fact_provided(fact, "giant-innov", lack, lacksz);
	snprintf(buf, sizeof(buf), "%s", facts_inputs(f));
	for (alt = strtok_r(buf, ";", &s1); alt != NULL; alt = strtok_r(NULL, ";", &s1)) {
		all = 1;
		for (name = strtok_r(alt, ",", &s2); name != NULL; name = strtok_r(NULL, ",", &s2))
			if (!form_kind_has_field(kind, name)) {
				all = 0;
				if (first && lacksz > 0)
					snprintf(lack + strlen(lack), lacksz - strlen(lack),
					    "%s%s", *lack != '\0' ? "," : "", name);
			}
		if (all) {
			if (lacksz > 0)
				*lack = '\0';
			return 1;
		}
		first = 0;
	}
	return 0;
}

/* Every kind of s provides fact (scheme_fact_provided), or the parse fails. */
static int
kinds_provide(struct parse *p, const struct scheme *s, const char *fact)
{
	char	 buf[96], lack[128], *k, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", s->kinds);
	for (k = strtok_r(buf, ",", &save); k != NULL; k = strtok_r(NULL, ",", &save))
		if (strcmp(k, "-") != 0 && !scheme_fact_provided(fact, k, lack, sizeof(lack)))
			return fail(p, "指标 %s 在申报类型 %s 的表单中无从计算（缺少 %s）",
			    fact, k, lack);
	return 0;
}

static struct scheme *
cur(struct parse *p)
{
	return p->n == 0 ? NULL : &p->v[p->n - 1];
}

static int
add_scheme(struct parse *p, char **f, size_t nf)
{
	struct scheme	*s;
	const char	*c;
	size_t		 i;

	if (nf != 11)
		return fail(p, "scheme 行应有11个字段，实有%zu个", nf);
	if (p->n == p->cap) {
		size_t		 cap = p->cap ? p->cap * 2 : 16;
		struct scheme	*v = realloc(p->v, cap * sizeof(*v));

		if (v == NULL)
			return fail(p, "内存不足");
		p->v = v;
		p->cap = cap;
	}
	s = &p->v[p->n++];
	memset(s, 0, sizeof(*s));
	for (c = f[1]; *c != '\0'; c++)
		if (!islower((unsigned char)*c) && !isdigit((unsigned char)*c) &&
		    *c != '-')
			return fail(p, "方案代号只能含小写字母、数字和-：%s", f[1]);
	if (*f[1] == '\0' || strcmp(f[1], "-") == 0)
		return fail(p, "缺少方案代号");
	if (copy(p, s->family, sizeof(s->family), f[1], "方案代号") < 0 ||
	    integer(p, f[2], 1990, 2999, &s->year, "年度") < 0)
		return -1;
	if (!in_list(f[3], tiers))
		return fail(p, "层级应为 county、city、province 或 national：%s", f[3]);
	snprintf(s->tier, sizeof(s->tier), "%s", f[3]);
	if (strcmp(f[4], "mfg") != 0 && strcmp(f[4], "innov") != 0 &&
	    strcmp(f[4], "-") != 0)
		return fail(p, "类别应为 mfg、innov 或 -：%s", f[4]);
	if (kind_list(p, f[5]) < 0 ||
	    copy(p, s->klass, sizeof(s->klass), f[4], "类别") < 0 ||
	    copy(p, s->kinds, sizeof(s->kinds), f[5], "申报类型") < 0 ||
	    copy(p, s->region, sizeof(s->region), f[6], "地区") < 0)
		return -1;
	for (c = s->region; *c != '\0'; c++)
		if (!isdigit((unsigned char)*c))
			break;
	if (*c != '\0' || (*s->region != '\0' && strlen(s->region) != 6))
		return fail(p, "地区应为6位行政区划代码：%s", f[6]);
	for (i = 0; i < SCHEME_MODE__MAX; i++)
		if (strcmp(f[7], mode_names[i]) == 0)
			break;
	if (i == SCHEME_MODE__MAX)
		return fail(p, "方式应为 pass 或 score：%s", f[7]);
	s->mode = (enum scheme_mode)i;
	if (copy(p, s->issuer, sizeof(s->issuer), f[8], "发布单位") < 0 ||
	    copy(p, s->title, sizeof(s->title), f[9], "名称") < 0 ||
	    copy(p, s->source, sizeof(s->source), f[10], "出处") < 0)
		return -1;
	if (*s->title == '\0')
		return fail(p, "缺少方案名称");
	for (i = 0; i + 1 < p->n; i++)
		if (strcmp(p->v[i].family, s->family) == 0 &&
		    p->v[i].year == s->year)
			return fail(p, "方案 %s %d 重复", s->family, s->year);
	return 0;
}

static int
add_rule(struct parse *p, char **f, size_t nf)
{
	struct scheme		*s = cur(p);
	struct scheme_rule	*r, *v;
	enum fact		 fa;
	size_t			 i;

	if (s == NULL)
		return fail(p, "rule 行之前缺少 scheme 行");
	if (nf != 9)
		return fail(p, "rule 行应有9个字段，实有%zu个", nf);
	if ((v = realloc(s->rules, (s->nrules + 1) * sizeof(*v))) == NULL)
		return fail(p, "内存不足");
	s->rules = v;
	r = &s->rules[s->nrules];
	memset(r, 0, sizeof(*r));
	if (*f[1] == '\0' || strcmp(f[1], "-") == 0)
		return fail(p, "缺少条件编号");
	if (copy(p, r->code, sizeof(r->code), f[1], "条件编号") < 0 ||
	    copy(p, r->group, sizeof(r->group), f[2], "组") < 0 ||
	    copy(p, r->slot, sizeof(r->slot), f[7], "附件") < 0 ||
	    copy(p, r->text, sizeof(r->text), f[8], "条件文字") < 0)
		return -1;
	for (i = 0; i < s->nrules; i++)
		if (strcmp(s->rules[i].code, r->code) == 0)
			return fail(p, "条件编号 %s 重复", r->code);
	if (*r->text == '\0')
		return fail(p, "缺少条件文字");
	if (strcmp(f[3], "-") == 0) {
		if (strcmp(f[4], "-") != 0 || strcmp(f[5], "-") != 0 ||
		    strcmp(f[6], "-") != 0)
			return fail(p, "声明类条件（指标为-）的比较、阈值和单位应为-");
		r->op = SCHEME_DECLARE;
		s->nrules++;
		return 0;
	}
	if ((fa = facts_find(f[3])) == FACT__MAX)
		return fail(p, "未知的指标 %s", f[3]);
	if (kinds_provide(p, s, f[3]) < 0)
		return -1;
	snprintf(r->fact, sizeof(r->fact), "%s", f[3]);
	for (i = 0; i < SCHEME_DECLARE; i++)
		if (strcmp(f[4], op_names[i]) == 0)
			break;
	if (i == SCHEME_DECLARE)
		return fail(p, "比较应为 ge、gt、le、lt 或 eq：%s", f[4]);
	r->op = (enum scheme_op)i;
	if (number(p, f[5], &r->threshold, "阈值") < 0)
		return -1;
	if (strcmp(f[6], facts_unit(fa)) != 0)
		return fail(p, "指标 %s 的单位是 %s，不是 %s", f[3],
		    facts_unit(fa), f[6]);
	snprintf(r->unit, sizeof(r->unit), "%s", f[6]);
	s->nrules++;
	return 0;
}

/* "[5,-)", "(55,75)", "(-,1]" into b; "-" (no interval) only with FACT - or *. */
static int
interval(struct parse *p, const char *f, struct scheme_band *b)
{
	char	 lo[32], hi[32];
	size_t	 n = strlen(f);
	const char *comma;

	if (n < 5 || (f[0] != '[' && f[0] != '(') ||
	    (f[n - 1] != ']' && f[n - 1] != ')') ||
	    (comma = strchr(f, ',')) == NULL ||
	    (size_t)(comma - f - 1) >= sizeof(lo) ||
	    (size_t)(f + n - 1 - comma - 1) >= sizeof(hi))
		return fail(p, "区间应写作 [下限,上限)，- 表示无界：%s", f);
	memcpy(lo, f + 1, comma - f - 1);
	lo[comma - f - 1] = '\0';
	memcpy(hi, comma + 1, f + n - 1 - comma - 1);
	hi[f + n - 1 - comma - 1] = '\0';
	b->lo_incl = f[0] == '[';
	b->hi_incl = f[n - 1] == ']';
	if ((b->lo_set = strcmp(lo, "-") != 0) &&
	    number(p, lo, &b->lo, "区间下限") < 0)
		return -1;
	if ((b->hi_set = strcmp(hi, "-") != 0) &&
	    number(p, hi, &b->hi, "区间上限") < 0)
		return -1;
	if (b->lo_set && b->hi_set && b->lo > b->hi)
		return fail(p, "区间下限大于上限：%s", f);
	return 0;
}

static int
add_band(struct parse *p, char **f, size_t nf)
{
	struct scheme		*s = cur(p);
	struct scheme_band	*b, *v;
	size_t			 i;

	if (s == NULL || s->mode != SCHEME_SCORE)
		return fail(p, "band 行只能属于 score 方案");
	if (nf != 7)
		return fail(p, "band 行应有7个字段，实有%zu个", nf);
	if ((v = realloc(s->bands, (s->nbands + 1) * sizeof(*v))) == NULL)
		return fail(p, "内存不足");
	s->bands = v;
	b = &s->bands[s->nbands];
	memset(b, 0, sizeof(*b));
	if (copy(p, b->indicator, sizeof(b->indicator), f[1], "评分项") < 0 ||
	    copy(p, b->area, sizeof(b->area), f[2], "评分类") < 0 ||
	    copy(p, b->text, sizeof(b->text), f[6], "档位文字") < 0 ||
	    integer(p, f[5], 0, 1000, &b->points, "分值") < 0)
		return -1;
	if (*b->indicator == '\0')
		return fail(p, "缺少评分项");
	/* The bands of one indicator are consecutive: no indicator comes back. */
	for (i = 0; s->nbands > 0 && i < s->nbands - 1; i++)
		if (strcmp(s->bands[i].indicator, b->indicator) == 0 &&
		    strcmp(s->bands[s->nbands - 1].indicator, b->indicator) != 0)
			return fail(p, "评分项 %s 的档位应连续书写", b->indicator);
	snprintf(b->fact, sizeof(b->fact), "%s", f[3]);
	if (strcmp(f[3], "-") == 0 || strcmp(f[3], "*") == 0) {
		if (strcmp(f[4], "-") != 0)
			return fail(p, "指标为 - 或 * 的档位，区间应为 -");
	} else if (facts_find(f[3]) == FACT__MAX)
		return fail(p, "未知的指标 %s", f[3]);
	else if (kinds_provide(p, s, f[3]) < 0 || interval(p, f[4], b) < 0)
		return -1;
	s->nbands++;
	return 0;
}

static int
add_area(struct parse *p, char **f, size_t nf)
{
	struct scheme		*s = cur(p);
	struct scheme_area	*a, *v;

	if (s == NULL || s->mode != SCHEME_SCORE)
		return fail(p, "area 行只能属于 score 方案");
	if (nf != 4)
		return fail(p, "area 行应有4个字段，实有%zu个", nf);
	if ((v = realloc(s->areas, (s->nareas + 1) * sizeof(*v))) == NULL)
		return fail(p, "内存不足");
	s->areas = v;
	a = &s->areas[s->nareas];
	memset(a, 0, sizeof(*a));
	if (copy(p, a->key, sizeof(a->key), f[1], "评分类") < 0 ||
	    integer(p, f[2], 0, 1000, &a->min, "最低分") < 0 ||
	    copy(p, a->name, sizeof(a->name), f[3], "评分类名称") < 0)
		return -1;
	if (*a->key == '\0')
		return fail(p, "缺少评分类");
	s->nareas++;
	return 0;
}

/* A finished scheme is consistent: bands name declared areas, and so on. */
static int
check_scheme(struct parse *p, const struct scheme *s)
{
	size_t	 i, j;

	if (s->mode == SCHEME_PASS && s->nrules == 0)
		return fail(p, "方案 %s %d 没有条件", s->family, s->year);
	if (s->mode == SCHEME_SCORE && s->nbands == 0)
		return fail(p, "评分方案 %s %d 没有档位", s->family, s->year);
	for (i = 0; i < s->nbands; i++) {
		for (j = 0; j < s->nareas; j++)
			if (strcmp(s->bands[i].area, s->areas[j].key) == 0)
				break;
		if (j == s->nareas && s->nareas > 0)
			return fail(p, "评分项 %s 的评分类 %s 未用 area 行声明",
			    s->bands[i].indicator, s->bands[i].area);
	}
	return 0;
}

/* Split line (modified) on '|' into f, trimming blanks; returns the count. */
static size_t
split(char *line, char **f)
{
	size_t	 n = 0;
	char	*s = line, *e;

	for (;;) {
		char *bar = strchr(s, '|');

		if (bar != NULL)
			*bar = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		if (n < FIELDS_MAX)
			f[n] = s;
		n++;
		if (bar == NULL)
			break;
		s = bar + 1;
	}
	return n;
}

enum sme_err
scheme_parse(const char *buf, size_t bufsz, struct scheme **out, size_t *nout,
    char *err, size_t errsz)
{
	struct parse	 p;
	char		 line[2048], *f[FIELDS_MAX];
	size_t		 off = 0, n, nf, i;
	int		 rc = 0;

	memset(&p, 0, sizeof(p));
	p.err = err;
	p.errsz = errsz;
	*out = NULL;
	*nout = 0;
	if (errsz > 0)
		*err = '\0';
	while (off < bufsz && rc == 0) {
		const char *nl = memchr(buf + off, '\n', bufsz - off);

		n = nl != NULL ? (size_t)(nl - buf - off) : bufsz - off;
		p.line++;
		if (n >= sizeof(line)) {
			rc = fail(&p, "行过长");
			break;
		}
		memcpy(line, buf + off, n);
		line[n] = '\0';
		off += n + 1;
		if (strlen(line) != n) {
			rc = fail(&p, "含有空字符");
			break;
		}
		nf = split(line, f);
		if (nf == 1 && (*f[0] == '\0' || *f[0] == '#'))
			continue;
		if (*f[0] == '#')
			continue;
		if (nf > FIELDS_MAX) {
			rc = fail(&p, "字段过多");
			break;
		}
		if (strcmp(f[0], "scheme") == 0) {
			if (cur(&p) != NULL && check_scheme(&p, cur(&p)) < 0) {
				rc = -1;
				break;
			}
			rc = add_scheme(&p, f, nf);
		} else if (strcmp(f[0], "rule") == 0)
			rc = add_rule(&p, f, nf);
		else if (strcmp(f[0], "band") == 0)
			rc = add_band(&p, f, nf);
		else if (strcmp(f[0], "area") == 0)
			rc = add_area(&p, f, nf);
		else if (strcmp(f[0], "total") == 0) {
			if (cur(&p) == NULL || cur(&p)->mode != SCHEME_SCORE)
				rc = fail(&p, "total 行只能属于 score 方案");
			else if (nf != 2)
				rc = fail(&p, "total 行应有2个字段");
			else
				rc = integer(&p, f[1], 0, 1000,
				    &cur(&p)->total_min, "总分线");
		} else
			rc = fail(&p, "未知的行类型 %s（应为 scheme、rule、band、area 或 total）", f[0]);
	}
	if (rc == 0 && p.n == 0)
		rc = fail(&p, "文件中没有方案");
	if (rc == 0 && check_scheme(&p, cur(&p)) < 0)
		rc = -1;
	if (rc != 0) {
		for (i = 0; i < p.n; i++)
			scheme_clear(&p.v[i]);
		free(p.v);
		return strstr(err, "内存不足") != NULL ? SME_ENOMEM : SME_EINPUT;
	}
	*out = p.v;
	*nout = p.n;
	return SME_OK;
}
