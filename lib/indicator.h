/*
 * indicator.h - the derived figures of a filing (资产负债比, 研发人员占比,
 * 营业收入复合增长率, 平均增长率, 平均营业利润率, 研发费用占比), computed from
 * field values in one place. handlers/static/indicator.js computes the same
 * in the browser; tests/vectors/indicators.json holds what both must give.
 */
#ifndef INDICATOR_H
#define INDICATOR_H

#include <stddef.h>

/* The figures, named as HTTP.md's data-indicator values (indicator_name). */
enum indicator {
	IND_DEBT_RATIO,		/* liabilities_total / assets_total x 100 */
	IND_RD_STAFF_RATIO,	/* rd_staff / employees x 100 */
	IND_REVENUE_CAGR,	/* ((rev[y-1] / rev[y-4])^(1/3) - 1) x 100 */
	IND_PROFIT_AVG_GROWTH,	/* mean of profit's growths y-3..y-1 */
	IND_AVG_PROFIT_MARGIN,	/* mean of profit / revenue x 100, y-3..y-1 */
	IND_RD_EXPENSE_RATIO,	/* sum rd_expense / sum revenue x 100, y-3..y-1 */
	IND__MAX
};

/* The rows of seed 004's 经营指标 table (field stems, indicator_row_name). */
enum indicator_row {
	IND_ROW_REVENUE,	/* 营业收入 */
	IND_ROW_MAIN_REVENUE,	/* 主营业务收入 */
	IND_ROW_PROFIT,		/* 利润总额 */
	IND_ROW_NET_PROFIT,	/* 净利润 */
	IND_ROW_TAX,		/* 实缴税金 */
	IND_ROW_RD_INVEST,	/* 研发和技术改造投入总额 */
	IND_ROW_RD_EXPENSE,	/* 其中：研发费用 */
	IND_ROW__MAX
};

/* One figure: known 0 means it cannot be computed and shows as "—". */
struct indicator_val {
	int	 known;		/* 1 if v holds a finite figure */
	double	 v;		/* percent, e.g. 8.37 (unrounded) */
};

/*
 * Where the inputs come from: the value of field name as the user typed it
 * or as stored (e.g. "202012.00"), or NULL when there is none. The string
 * is borrowed for the duration of the call only.
 */
typedef const char *(*indicator_get_fn)(void *arg, const char *name);

/*
 * Compute every figure of a filing for year (the forecast year; the history
 * is year-4 .. year-1, whose fields are named like revenue_2022) into out.
 * Inputs: assets_total, liabilities_total, employees, rd_staff and, per
 * history year, revenue_YYYY and profit_YYYY and rd_expense_YYYY.
 *
 * The rules, the same in indicator.js:
 * - A value is a decimal number: optional sign, digits, optional point and
 *   digits, white space around allowed; anything else ("", "1,000", "1e3",
 *   "abc") counts as missing. Any missing input makes the figure unknown.
 * - A denominator of zero or below makes the figure unknown: assets,
 *   employees; for the CAGR the revenue of year-4 (negative starting
 *   revenue), and a negative revenue of year-1; for a growth rate the
 *   previous year's value (a growth from a loss has no meaning); for the
 *   margin each year's revenue; for the R&D ratio the sum of revenue.
 * - rd_expense_ratio is over the last three years (2021 criteria: 近三年
 *   研发费用总额占营业收入总额比重), sums not a mean of yearly ratios.
 * - A result that is not finite or whose magnitude reaches 1e12 is unknown.
 * A year outside 1900..9999 makes every figure unknown. Never fails.
 */
void		 indicator_compute(int year, indicator_get_fn get, void *arg,
		    struct indicator_val out[IND__MAX]);

/*
 * The 平均增长率 of one row of the 经营指标 table (row is a field stem:
 * "revenue", "main_revenue", "profit", "net_profit", "tax", "rd_invest",
 * "rd_expense"): the mean of the three yearly growth rates over the history
 * year-4 .. year-1, in percent, with the rules above. An unknown row name
 * gives unknown. For "profit" it equals IND_PROFIT_AVG_GROWTH. Pages show
 * it in an element carrying data-indicator="ROW_avg_growth" (tax_avg_growth),
 * which indicator.js recomputes too.
 */
void		 indicator_row_growth(int year, const char *row,
		    indicator_get_fn get, void *arg,
		    struct indicator_val *out /* out */);

/* The HTTP.md name of a figure ("debt_ratio", ...); "" when out of range. */
const char	*indicator_name(enum indicator);

/* The field stem of a row ("revenue", ...); "" when out of range. */
const char	*indicator_row_name(enum indicator_row);

/*
 * The figure as shown: two decimals without a % sign ("8.37", "-3.50"),
 * rounded half away from zero from v x 100, never "-0.00"; "—" (U+2014)
 * when unknown. Writes into buf (IND_FMT_SZ bytes are always enough) and
 * returns it; a buffer too small gets "" (or nothing if bufsz is 0).
 */
#define IND_FMT_SZ	32
const char	*indicator_format(const struct indicator_val *val, char *buf,
		    size_t bufsz);

#endif
