/*
 * facts.h - the facts a criteria rule can name (revenue, debt_ratio,
 * patents_iu...), computed from a filing's field values for its year: the
 * latest complete year is year-1, the history year-4 .. year-1.
 */
#ifndef FACTS_H
#define FACTS_H

#include <stddef.h>
#include "indicator.h"

enum fact {
	FACT_REVENUE,			/* 营业收入 year-1, 万元 */
	FACT_MAIN_REVENUE,		/* 主营业务收入 year-1, 万元 */
	FACT_PROFIT,			/* 利润总额 year-1, 万元 */
	FACT_PROFIT_TAX,		/* 利税总额 = 利润总额 + 实缴税金, year-1 */
	FACT_MAIN_REVENUE_SHARE,	/* main_revenue / revenue x 100, year-1 */
	FACT_PRODUCT1_SHARE,		/* product1_share as declared, % of revenue */
	FACT_PRODUCT1_MAIN_SHARE,	/* product1_share x revenue / main_revenue */
	FACT_PRODUCT1_MARKET_RANK,	/* national rank, 1 is first */
	FACT_REVENUE_CAGR_3Y,		/* ((rev[y-1] / rev[y-4])^(1/3) - 1) x 100 */
	FACT_AVG_PROFIT_MARGIN_3Y,	/* mean profit / revenue x 100, y-3..y-1 */
	FACT_MAIN_REVENUE_GROWTH_1Y,	/* main revenue growth y-2 -> y-1, % */
	FACT_MAIN_REVENUE_AVG_GROWTH_2Y, /* mean of growths y-3->y-2, y-2->y-1 */
	FACT_NET_PROFIT_AVG_GROWTH_2Y,	/* the same of net_profit */
	FACT_RD_EXPENSE_RATIO_1Y,	/* rd_expense / revenue x 100, year-1 */
	FACT_RD_EXPENSE_RATIO_2Y,	/* sums over y-2..y-1 */
	FACT_RD_EXPENSE_RATIO_AVG3,	/* mean of the yearly ratios y-3..y-1 */
	FACT_RD_INVEST_2Y,		/* rd_invest y-2 + y-1, 万元 */
	FACT_DEBT_RATIO,		/* liabilities_total / assets_total x 100 */
	FACT_RD_STAFF_RATIO,		/* rd_staff / employees x 100 */
	FACT_EMPLOYEES,			/* 人 */
	FACT_PATENTS_INVENTION,		/* 件 */
	FACT_PATENTS_IU,		/* invention + utility */
	FACT_PATENTS_UD,		/* utility + design */
	FACT_PATENTS_UDS,		/* utility + design + software copyrights */
	FACT_IP_TOTAL,			/* all patents + software copyrights */
	FACT_IP_CLASS1,			/* Ⅰ类知识产权 */
	FACT_IP_CLASS2,			/* Ⅱ类知识产权 */
	FACT_STANDARDS,			/* international + national + industry */
	FACT_SCI_AWARD_3Y,		/* 省级以上科技奖励, 3 years */
	FACT_EQUITY_FINANCING_3Y,	/* 万元 */
	FACT_RD_INSTITUTION_LEVEL,	/* 0 none, 1 county, 2 city, 3 province, 4 national */
	FACT_HIGH_TECH,			/* 1 high_tech = 1 or a high_tech_cert_date */
	FACT_QUALITY_CERT,		/* 1/0 */
	FACT_GIANT_NATIONAL,		/* 1 if giant_national_date within 3 years */
	FACT_IN_CLUSTER,		/* 1 if a cluster is chosen */
	FACT_YEARS_OPERATING,		/* whole years from founded to 1 Jan of year */
	FACT_FOUNDED_YEAR,		/* the year of founded */
	FACT_SEGMENT_YEARS,		/* segment_years as declared */
	FACT_PRODUCT_MAIN_SHARE,	/* the product of a 产品 filing: product_revenue
					   / main_revenue year-1 x 100; else
					   product 1 of the products section */
	FACT_PRODUCT_MARKET_RANK,	/* its national rank: product_market_rank,
					   else product1_market_rank */
	FACT_RD_EXPENSE_2Y,		/* rd_expense y-2 + y-1, 万元 (研发费用) */
	FACT_HAS_RD_INSTITUTION,	/* 1 any rd_institution but none, accredited
					   or not ("own") */
	FACT_PATENTS_INVENTION_ANY,	/* patents_invention + patents_invention_applied
					   (申报或授权), the latter 0 when empty */
	FACT_PRODUCTS_SHARE,		/* the main products' productN_share summed
					   (多个主要产品), product 1 required */
	FACT__MAX
};

/* One fact: known 0 means its inputs are missing or unusable. */
struct fact_val {
	int	 known;		/* 1 if v holds a finite figure */
	double	 v;		/* in the fact's unit; percent as 8.37 */
};

/*
 * Compute every fact of a filing of year from its field values (get as in
 * indicator.h: the stored value of a field, or NULL when it has none) into
 * out. Numbers follow indicator.h's rules: a decimal ("1,000" is missing),
 * a denominator of zero or below makes a ratio unknown. Never fails.
 */
void		 facts_compute(int year, indicator_get_fn get, void *arg,
		    struct fact_val out[FACT__MAX]);

/*
 * The field values fact f reads, as alternatives separated by ";" each a
 * list of field names separated by ","; a yearly row (form_rows) is named
 * by its stem ("revenue"). f can be computed on a form that has every
 * field of one alternative. "" for none.
 */
const char	*facts_inputs(enum fact f);

/* The fact named name ("debt_ratio"), or FACT__MAX if there is none. */
enum fact	 facts_find(const char *name);

/* The name, the zh label and the unit (万元 % 人 年 件 名 级 是否 年份) of f. */
const char	*facts_name(enum fact f);
const char	*facts_label(enum fact f);
const char	*facts_unit(enum fact f);

/*
 * The fact as read in a sentence, into buf: "2.10%", "3000.00万元", "12件",
 * "第7名", "市级", "是", "2014年"; "无数据" when unknown. Returns buf.
 */
const char	*facts_format(enum fact f, const struct fact_val *val,
		    char *buf, size_t bufsz);

/* A number in unit u as in a requirement: "3%", "3000万元", "前5名", "市级". */
const char	*facts_format_num(const char *unit, double v, char *buf,
		    size_t bufsz);

#endif
