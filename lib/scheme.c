/*
 * scheme.c - criteria schemes: the text format of schema/data/schemes.txt
 * (parsed strictly, so a bureau's file with a typo is refused whole), and
 * storing and loading schemes in tables scheme, scheme_rule, scheme_band
 * and scheme_area (schema/010_schemes.sh).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "facts.h"
#include "form.h"
#include "log.h"
#include "scheme.h"

#define FIELDS_MAX	12

static const char *const op_names[SCHEME_OP__MAX] = {
	"ge", "gt", "le", "lt", "eq", "-"
};
static const char *const mode_names[SCHEME_MODE__MAX] = { "pass", "score" };
static const char *const tiers[] = { "county", "city", "province", "national", NULL };
static const char *const kinds[] = { "entry", "update", "product", "giant-mfg",
	"giant-innov", "recheck", NULL };

const char *
scheme_op_name(enum scheme_op op)
{
	return (unsigned)op < SCHEME_OP__MAX ? op_names[op] : "";
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
		if (!in_list(k, kinds))
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

/* ---- database ------------------------------------------------------------ */

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
static const char SQL_RULES_OF[] =
    "SELECT code, grp, fact, op, threshold, unit, slot, text"
    " FROM scheme_rule WHERE scheme_id = ? ORDER BY seq";
static const char SQL_BANDS_OF[] =
    "SELECT indicator, area, fact, lo, lo_incl, hi, hi_incl, points, text"
    " FROM scheme_band WHERE scheme_id = ? ORDER BY seq";
static const char SQL_AREAS_OF[] =
    "SELECT akey, min_points, name FROM scheme_area WHERE scheme_id = ?"
    " ORDER BY akey";

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
		    DB_STR(op_names[r->op]),
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
		    DB_OPT(s->region), DB_STR(mode_names[s->mode]),
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
		const char *op = db_res_get(res, i, 3);

		cell(res, i, 0, r->code, sizeof(r->code));
		cell(res, i, 1, r->group, sizeof(r->group));
		cell(res, i, 2, r->fact, sizeof(r->fact));
		r->op = SCHEME_DECLARE;
		for (k = 0; op != NULL && k < SCHEME_OP__MAX; k++)
			if (strcmp(op, op_names[k]) == 0)
				r->op = (enum scheme_op)k;
		r->threshold = cell_num(res, i, 4, &set);
		cell(res, i, 5, r->unit, sizeof(r->unit));
		cell(res, i, 6, r->slot, sizeof(r->slot));
		cell(res, i, 7, r->text, sizeof(r->text));
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

		cell(res, i, 0, b->indicator, sizeof(b->indicator));
		cell(res, i, 1, b->area, sizeof(b->area));
		cell(res, i, 2, b->fact, sizeof(b->fact));
		b->lo = cell_num(res, i, 3, &b->lo_set);
		b->lo_incl = (int)db_res_int(res, i, 4, 0);
		b->hi = cell_num(res, i, 5, &b->hi_set);
		b->hi_incl = (int)db_res_int(res, i, 6, 0);
		b->points = (int)db_res_int(res, i, 7, 0);
		cell(res, i, 8, b->text, sizeof(b->text));
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

		cell(res, i, 0, a->key, sizeof(a->key));
		a->min = (int)db_res_int(res, i, 1, 0);
		cell(res, i, 2, a->name, sizeof(a->name));
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
		const char	*fam = db_res_get(res, i, 1);
		const char	*reg = db_res_get(res, i, 6);

		/* Rows come latest year first within a family: keep the first. */
		if (fam == NULL || strcmp(fam, last) == 0)
			continue;
		snprintf(last, sizeof(last), "%s", fam);
		if (!covers(reg, region))
			continue;
		s->id = db_res_int(res, i, 0, 0);
		cell(res, i, 1, s->family, sizeof(s->family));
		s->year = (int)db_res_int(res, i, 2, 0);
		cell(res, i, 3, s->tier, sizeof(s->tier));
		cell(res, i, 4, s->klass, sizeof(s->klass));
		cell(res, i, 5, s->kinds, sizeof(s->kinds));
		cell(res, i, 6, s->region, sizeof(s->region));
		s->mode = db_res_get(res, i, 7) != NULL &&
		    strcmp(db_res_get(res, i, 7), "score") == 0 ?
		    SCHEME_SCORE : SCHEME_PASS;
		cell(res, i, 8, s->issuer, sizeof(s->issuer));
		cell(res, i, 9, s->title, sizeof(s->title));
		cell(res, i, 10, s->source, sizeof(s->source));
		s->total_min = (int)db_res_int(res, i, 11, 0);
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
