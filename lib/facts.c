/*
 * facts.c - the facts criteria rules name, computed from a filing's field
 * values (lib/form.c's names) for the filing's year. The derived figures
 * follow indicator.h's rules; they are computed here so that the criteria
 * engine does not depend on which figures the form shows.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

struct fact_def {
	const char	*name;
	const char	*label;
	const char	*unit;
	const char	*inputs;	/* facts_inputs() */
};

static const struct fact_def defs[FACT__MAX] = {
	{ "revenue", "上年度营业收入", "万元",
	    "revenue" },
	{ "main_revenue", "上年度主营业务收入", "万元",
	    "main_revenue" },
	{ "profit", "上年度利润总额", "万元",
	    "profit" },
	{ "profit_tax", "上年度利税总额", "万元",
	    "profit,tax" },
	{ "main_revenue_share", "主营业务收入占营业收入比重", "%",
	    "revenue,main_revenue" },
	{ "product1_share", "主导产品收入占营业收入比重", "%",
	    "product1_share" },
	{ "product1_main_share", "主导产品收入占主营业务收入比重", "%",
	    "product1_share,revenue,main_revenue" },
	{ "product1_market_rank", "主导产品国内市场占有率排名", "名",
	    "product1_market_rank" },
	{ "revenue_cagr_3y", "近3年营业收入平均增长率", "%",
	    "revenue" },
	{ "avg_profit_margin_3y", "近3年平均营业利润率", "%",
	    "revenue,profit" },
	{ "main_revenue_growth_1y", "上年度主营业务收入增长率", "%",
	    "main_revenue" },
	{ "main_revenue_avg_growth_2y", "近2年主营业务收入平均增长率", "%",
	    "main_revenue" },
	{ "net_profit_avg_growth_2y", "近2年净利润平均增长率", "%",
	    "net_profit" },
	{ "rd_expense_ratio_1y", "上年度研发费用占营业收入比重", "%",
	    "revenue,rd_expense" },
	{ "rd_expense_ratio_2y", "近2年研发费用占营业收入比重", "%",
	    "revenue,rd_expense" },
	{ "rd_expense_ratio_avg3", "近3年研发费用占营业收入比重均值", "%",
	    "revenue,rd_expense" },
	{ "rd_invest_2y", "近2年研发和技术改造投入", "万元",
	    "rd_invest" },
	{ "debt_ratio", "资产负债率", "%",
	    "assets_total,liabilities_total" },
	{ "rd_staff_ratio", "研发人员占职工总数比例", "%",
	    "employees,rd_staff" },
	{ "employees", "职工人数", "人",
	    "employees" },
	{ "patents_invention", "发明专利", "件",
	    "patents_invention" },
	{ "patents_iu", "发明和实用新型专利", "件",
	    "patents_invention,patents_utility" },
	{ "patents_ud", "实用新型和外观设计专利", "件",
	    "patents_utility,patents_design" },
	{ "patents_uds", "实用新型、外观设计专利和软件著作权", "件",
	    "patents_utility,patents_design,software_copyrights" },
	{ "ip_total", "专利和软件著作权", "件",
	    "patents_invention,patents_utility,patents_design,software_copyrights" },
	{ "ip_class1", "Ⅰ类知识产权", "件",
	    "ip_class1" },
	{ "ip_class2", "Ⅱ类知识产权", "件",
	    "ip_class2" },
	{ "standards", "主导或参与制定的国际、国家、行业标准", "件",
	    "standards_intl,standards_national,standards_industry" },
	{ "sci_award_3y", "近3年省级以上科技奖励", "件",
	    "sci_award_3y" },
	{ "equity_financing_3y", "近3年新增股权融资", "万元",
	    "equity_financing_3y" },
	{ "rd_institution_level", "企业研发机构级别", "级",
	    "rd_institution" },
	{ "high_tech", "国家高新技术企业", "是否",
	    "high_tech;high_tech_cert_date" },
	{ "quality_cert", "管理体系认证", "是否",
	    "quality_cert" },
	{ "giant_national", "有效期内的国家专精特新“小巨人”企业", "是否",
	    "giant_national_date" },
	{ "in_cluster", "属于先进制造业集群", "是否",
	    "cluster" },
	{ "years_operating", "经营年限", "年",
	    "founded" },
	{ "founded_year", "成立年份", "年份",
	    "founded" },
	{ "segment_years", "从事细分领域时间", "年",
	    "segment_years" },
	/*
	 * Seed 003 附件4 (省级专精特新产品): "产品的销售收入占企业主营业务收入的
	 * 60%以上", "产品的市场占有率位居国内前10位": the product of a 产品
	 * filing is its product section's; other kinds name product 1.
	 */
	{ "product_main_share", "产品销售收入占主营业务收入比重", "%",
	    "product_revenue,main_revenue;product1_share,revenue,main_revenue" },
	{ "product_market_rank", "产品国内市场占有率排名", "名",
	    "product_market_rank;product1_market_rank" },
	/* Seed 003 附件3 rule 9: "研发投入经费3000万元（含）以上" is 研发费用. */
	{ "rd_expense_2y", "近2年研发费用", "万元", "rd_expense" },
	/* Seed 003 附件3 rule 7: "自建或与高校、科研机构联合建立研发机构". */
	{ "has_rd_institution", "拥有研发机构（自建或联合建立）", "是否",
	    "rd_institution" },
	/* Seed 003 附件2 (金湖): "拥有申报或授权的发明专利": granted and applied for. */
	{ "patents_invention_any", "申报或授权的发明专利", "件",
	    "patents_invention,patents_invention_applied" },
	/*
	 * Seed 001 表1 rule 4: "主导产品营业收入占企业整体收入的40%以上（如有多个
	 * 主要产品的，产品之间应有直接关联性）": the main products together.
	 */
	{ "products_share", "主导产品（合计）收入占营业收入比重", "%",
	    "product1_share" },
};

/* The levels of rd_institution, by FACT_RD_INSTITUTION_LEVEL. */
static const char *const inst_keys[] = {
	"none", "county", "city", "province", "national"
};
static const char *const inst_labels[] = {
	"无", "县级", "市级", "省级", "国家级"
};
#define INST_LEVELS	5

/*
 * A decimal as indicator.h defines it: optional sign, digits, optional
 * point and digits, blanks around. Returns 1 and sets *v, or 0.
 */
static int
num(const char *s, double *v)
{
	const char	*p;
	int		 digits = 0;
	char		*end;

	if (s == NULL)
		return 0;
	p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p)) {
		p++;
		digits++;
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0')
		return 0;
	*v = strtod(s, &end);
	return *v > -1e12 && *v < 1e12;
}

struct src {
	indicator_get_fn	 get;
	void			*arg;
	int			 year;
};

static int
field(const struct src *s, const char *name, double *v)
{
	return num(s->get(s->arg, name), v);
}

/* The value of stem_YYYY for year y. */
static int
yearly(const struct src *s, const char *stem, int y, double *v)
{
	char	 name[48];

	snprintf(name, sizeof(name), "%s_%d", stem, y);
	return field(s, name, v);
}

static void
set(struct fact_val *f, double v)
{
	if (v > -1e12 && v < 1e12) {
		f->known = 1;
		f->v = v;
	}
}

/* Growth in percent from a to b; 0 when a is zero or below. */
static int
growth(double a, double b, double *out)
{
	if (a <= 0)
		return 0;
	*out = (b / a - 1) * 100;
	return 1;
}

/* The cube root of a > 0, by Newton's method (no libm needed). */
static double
cbrt_pos(double a)
{
	double	 x = a > 1 ? a / 3 : 1;
	int	 i;

	for (i = 0; i < 200; i++) {
		double nx = x - (x * x * x - a) / (3 * x * x);

		if (nx == x)
			break;
		x = nx;
	}
	return x;
}

/* A date YYYY-MM-DD: its year, month and day; 0 if malformed. */
static int
date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", y, m, d) != 3)
		return 0;
	return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

/* Sum of the named counts; 0 unless every one is known. */
static int
sum(const struct src *s, const char *const *names, double *out)
{
	double	 v;

	*out = 0;
	for (; *names != NULL; names++) {
		if (!field(s, *names, &v))
			return 0;
		*out += v;
	}
	return 1;
}

static void
money(const struct src *s, struct fact_val out[FACT__MAX])
{
	int	 y1 = s->year - 1;
	double	 rev[4], main[4], a, b, c, d;
	int	 krev[4], kmain[4], i;

	/* Index 0 is year-4, 3 is year-1. */
	for (i = 0; i < 4; i++) {
		krev[i] = yearly(s, "revenue", s->year - 4 + i, &rev[i]);
		kmain[i] = yearly(s, "main_revenue", s->year - 4 + i, &main[i]);
	}
	if (krev[3])
		set(&out[FACT_REVENUE], rev[3]);
	if (kmain[3])
		set(&out[FACT_MAIN_REVENUE], main[3]);
	if (yearly(s, "profit", y1, &a)) {
		set(&out[FACT_PROFIT], a);
		if (yearly(s, "tax", y1, &b))
			set(&out[FACT_PROFIT_TAX], a + b);
	}
	if (krev[3] && kmain[3] && rev[3] > 0)
		set(&out[FACT_MAIN_REVENUE_SHARE], main[3] / rev[3] * 100);
	if (field(s, "product1_share", &a)) {
		set(&out[FACT_PRODUCT1_SHARE], a);
		if (krev[3] && kmain[3] && main[3] > 0)
			set(&out[FACT_PRODUCT1_MAIN_SHARE], a * rev[3] / main[3]);
	}
	if (field(s, "product_revenue", &a)) {
		if (kmain[3] && main[3] > 0)
			set(&out[FACT_PRODUCT_MAIN_SHARE], a / main[3] * 100);
	} else if (out[FACT_PRODUCT1_MAIN_SHARE].known)
		out[FACT_PRODUCT_MAIN_SHARE] = out[FACT_PRODUCT1_MAIN_SHARE];
	if (krev[0] && krev[3] && rev[0] > 0 && rev[3] >= 0)
		set(&out[FACT_REVENUE_CAGR_3Y],
		    (cbrt_pos(rev[3] / rev[0]) - 1) * 100);
	if (krev[1] && krev[2] && krev[3] && rev[1] > 0 && rev[2] > 0 &&
	    rev[3] > 0) {
		double	 m = 0, p;
		int	 ok = 1;

		for (i = 1; i < 4 && ok; i++) {
			if (!yearly(s, "profit", s->year - 4 + i, &p))
				ok = 0;
			else
				m += p / rev[i] * 100;
		}
		if (ok)
			set(&out[FACT_AVG_PROFIT_MARGIN_3Y], m / 3);
	}
	if (kmain[2] && kmain[3] && growth(main[2], main[3], &a))
		set(&out[FACT_MAIN_REVENUE_GROWTH_1Y], a);
	if (kmain[1] && kmain[2] && kmain[3] && growth(main[1], main[2], &a) &&
	    growth(main[2], main[3], &b))
		set(&out[FACT_MAIN_REVENUE_AVG_GROWTH_2Y], (a + b) / 2);
	if (yearly(s, "net_profit", y1 - 2, &a) &&
	    yearly(s, "net_profit", y1 - 1, &b) &&
	    yearly(s, "net_profit", y1, &c) && growth(a, b, &d) &&
	    growth(b, c, &a))
		set(&out[FACT_NET_PROFIT_AVG_GROWTH_2Y], (d + a) / 2);
	if (krev[3] && rev[3] > 0 && yearly(s, "rd_expense", y1, &a))
		set(&out[FACT_RD_EXPENSE_RATIO_1Y], a / rev[3] * 100);
	if (krev[2] && krev[3] && rev[2] + rev[3] > 0 &&
	    yearly(s, "rd_expense", y1 - 1, &a) && yearly(s, "rd_expense", y1, &b))
		set(&out[FACT_RD_EXPENSE_RATIO_2Y], (a + b) / (rev[2] + rev[3]) * 100);
	if (krev[1] && krev[2] && krev[3] && rev[1] > 0 && rev[2] > 0 &&
	    rev[3] > 0 && yearly(s, "rd_expense", y1 - 2, &a) &&
	    yearly(s, "rd_expense", y1 - 1, &b) && yearly(s, "rd_expense", y1, &c))
		set(&out[FACT_RD_EXPENSE_RATIO_AVG3],
		    (a / rev[1] + b / rev[2] + c / rev[3]) * 100 / 3);
	if (yearly(s, "rd_invest", y1 - 1, &a) && yearly(s, "rd_invest", y1, &b))
		set(&out[FACT_RD_INVEST_2Y], a + b);
	if (yearly(s, "rd_expense", y1 - 1, &a) && yearly(s, "rd_expense", y1, &b))
		set(&out[FACT_RD_EXPENSE_2Y], a + b);
}

static void
counts(const struct src *s, struct fact_val out[FACT__MAX])
{
	static const char *const iu[] = { "patents_invention", "patents_utility", NULL };
	static const char *const ud[] = { "patents_utility", "patents_design", NULL };
	static const char *const uds[] = { "patents_utility", "patents_design",
	    "software_copyrights", NULL };
	static const char *const all[] = { "patents_invention", "patents_utility",
	    "patents_design", "software_copyrights", NULL };
	static const char *const stds[] = { "standards_intl", "standards_national",
	    "standards_industry", NULL };
	static const struct { enum fact f; const char *name; } plain[] = {
		{ FACT_EMPLOYEES, "employees" },
		{ FACT_PATENTS_INVENTION, "patents_invention" },
		{ FACT_IP_CLASS1, "ip_class1" },
		{ FACT_IP_CLASS2, "ip_class2" },
		{ FACT_SCI_AWARD_3Y, "sci_award_3y" },
		{ FACT_EQUITY_FINANCING_3Y, "equity_financing_3y" },
		{ FACT_PRODUCT1_MARKET_RANK, "product1_market_rank" },
		{ FACT_SEGMENT_YEARS, "segment_years" },
		{ FACT_QUALITY_CERT, "quality_cert" },
	};
	double	 a, b;
	size_t	 i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (field(s, plain[i].name, &a))
			set(&out[plain[i].f], a);
	if (field(s, "patents_invention", &a))
		set(&out[FACT_PATENTS_INVENTION_ANY], a +
		    (field(s, "patents_invention_applied", &b) ? b : 0));
	if (field(s, "product1_share", &a)) {
		for (i = 2; i <= 3; i++) {
			char	 name[32];

			snprintf(name, sizeof(name), "product%zu_share", i);
			if (field(s, name, &b))
				a += b;
		}
		set(&out[FACT_PRODUCTS_SHARE], a > 100 ? 100 : a);
	}
	if (field(s, "product_market_rank", &a))
		set(&out[FACT_PRODUCT_MARKET_RANK], a);
	else if (out[FACT_PRODUCT1_MARKET_RANK].known)
		out[FACT_PRODUCT_MARKET_RANK] = out[FACT_PRODUCT1_MARKET_RANK];
	if (sum(s, iu, &a))
		set(&out[FACT_PATENTS_IU], a);
	if (sum(s, ud, &a))
		set(&out[FACT_PATENTS_UD], a);
	if (sum(s, uds, &a))
		set(&out[FACT_PATENTS_UDS], a);
	if (sum(s, all, &a))
		set(&out[FACT_IP_TOTAL], a);
	if (sum(s, stds, &a))
		set(&out[FACT_STANDARDS], a);
	if (field(s, "assets_total", &a) && a > 0 &&
	    field(s, "liabilities_total", &b))
		set(&out[FACT_DEBT_RATIO], b / a * 100);
	if (field(s, "employees", &a) && a > 0 && field(s, "rd_staff", &b))
		set(&out[FACT_RD_STAFF_RATIO], b / a * 100);
}

static void
titles(const struct src *s, struct fact_val out[FACT__MAX])
{
	const char	*v;
	int		 y, m, d;
	size_t		 i;

	if ((v = s->get(s->arg, "rd_institution")) != NULL) {
		for (i = 0; i < INST_LEVELS; i++)
			if (strcmp(v, inst_keys[i]) == 0) {
				set(&out[FACT_RD_INSTITUTION_LEVEL], (double)i);
				set(&out[FACT_HAS_RD_INSTITUTION], i > 0);
			}
		/* One of its own, not accredited: an institution of no level. */
		if (strcmp(v, "own") == 0) {
			set(&out[FACT_RD_INSTITUTION_LEVEL], 0);
			set(&out[FACT_HAS_RD_INSTITUTION], 1);
		}
	}

	/*
	 * A title held shows as its date in the titles section, where an empty
	 * date means none; the basic section's yes/no says the same for 高新.
	 */
	v = s->get(s->arg, "high_tech");
	if (v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "0") == 0))
		set(&out[FACT_HIGH_TECH], v[0] == '1');
	if (date(s->get(s->arg, "high_tech_cert_date"), &y, &m, &d))
		set(&out[FACT_HIGH_TECH], 1);
	if (date(s->get(s->arg, "giant_national_date"), &y, &m, &d))
		set(&out[FACT_GIANT_NATIONAL], y >= s->year - 3);
	else
		set(&out[FACT_GIANT_NATIONAL], 0);
	if ((v = s->get(s->arg, "cluster")) != NULL && *v != '\0')
		set(&out[FACT_IN_CLUSTER], 1);
	if (date(s->get(s->arg, "founded"), &y, &m, &d) && y <= s->year) {
		set(&out[FACT_FOUNDED_YEAR], y);
		set(&out[FACT_YEARS_OPERATING],
		    s->year - y - (m == 1 && d == 1 ? 0 : 1));
	}
}

void
facts_compute(int year, indicator_get_fn get, void *arg,
    struct fact_val out[FACT__MAX])
{
	struct src	 s = { get, arg, year };

	memset(out, 0, sizeof(struct fact_val) * FACT__MAX);
	if (year < 1905 || year > 9999)
		return;
	money(&s, out);
	counts(&s, out);
	titles(&s, out);
}

enum fact
facts_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < FACT__MAX; i++)
		if (strcmp(defs[i].name, name) == 0)
			return (enum fact)i;
	return FACT__MAX;
}

const char *
facts_name(enum fact f)
{
	return (unsigned)f < FACT__MAX ? defs[f].name : "";
}

const char *
facts_label(enum fact f)
{
	return (unsigned)f < FACT__MAX ? defs[f].label : "";
}

const char *
facts_inputs(enum fact f)
{
	return (unsigned)f < FACT__MAX ? defs[f].inputs : "";
}

const char *
facts_unit(enum fact f)
{
	return (unsigned)f < FACT__MAX ? defs[f].unit : "";
}

/* v with two decimals, or none when it is whole ("3", "2.10"). */
static void
fmt(double v, int whole, char *buf, size_t bufsz)
{
	double	 r = v < 0 ? -v : v;

	if (whole || r - (double)(long long)r == 0)
		snprintf(buf, bufsz, "%.0f", v);
	else
		snprintf(buf, bufsz, "%.2f", v);
	if (strcmp(buf, "-0") == 0 || strcmp(buf, "-0.00") == 0)
		memmove(buf, buf + 1, strlen(buf));
}

const char *
facts_format_num(const char *unit, double v, char *buf, size_t bufsz)
{
	char	 n[48];

	fmt(v, 0, n, sizeof(n));
	if (strcmp(unit, "级") == 0) {
		int	 i = (int)v;

		snprintf(buf, bufsz, "%s", i >= 0 && i < INST_LEVELS ?
		    inst_labels[i] : n);
	} else if (strcmp(unit, "是否") == 0)
		snprintf(buf, bufsz, "%s", v != 0 ? "是" : "否");
	else if (strcmp(unit, "年份") == 0)
		snprintf(buf, bufsz, "%s年", n);
	else if (strcmp(unit, "名") == 0)
		snprintf(buf, bufsz, "前%s名", n);
	else
		snprintf(buf, bufsz, "%s%s", n, unit);
	return buf;
}

const char *
facts_format(enum fact f, const struct fact_val *val, char *buf, size_t bufsz)
{
	const char	*u = facts_unit(f);
	char		 n[48];

	if (!val->known) {
		snprintf(buf, bufsz, "无数据");
		return buf;
	}
	if (strcmp(u, "%") == 0 || strcmp(u, "万元") == 0) {
		snprintf(n, sizeof(n), "%.2f", val->v);
		if (strcmp(n, "-0.00") == 0)
			snprintf(n, sizeof(n), "0.00");
		snprintf(buf, bufsz, "%s%s", n, u);
	} else if (strcmp(u, "名") == 0) {
		fmt(val->v, 1, n, sizeof(n));
		snprintf(buf, bufsz, "第%s名", n);
	} else
		facts_format_num(u, val->v, buf, bufsz);
	return buf;
}
