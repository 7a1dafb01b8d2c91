/*
 * indicator.c - the derived figures of a filing (see indicator.h for the
 * rules). Every expression is written in the same order as indicator.js, so
 * that both give the same doubles and the same two decimals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator.h"

#define IND_YEAR_MIN	1900
#define IND_YEAR_MAX	9999
#define IND_HISTORY	4	/* year-4 .. year-1 */
#define IND_LIMIT	1e12	/* larger results are unknown */
#define IND_NUM_MAX	64	/* longer values are not numbers we accept */

static const char *const indicator_names[IND__MAX] = {
	"debt_ratio", "rd_staff_ratio", "revenue_cagr", "profit_avg_growth",
	"avg_profit_margin", "rd_expense_ratio"
};
static const char *const indicator_rows[IND_ROW__MAX] = {
	"revenue", "main_revenue", "profit", "net_profit", "tax", "rd_invest",
	"rd_expense"
};

const char *
indicator_name(enum indicator i)
{
	return (unsigned)i < IND__MAX ? indicator_names[i] : "";
}

const char *
indicator_row_name(enum indicator_row i)
{
	return (unsigned)i < IND_ROW__MAX ? indicator_rows[i] : "";
}

static int
indicator_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Parse s as [ \t\r\n]* [+-]? (digits [. digits?] | . digits) [ \t\r\n]*
 * into *v. Returns 1, or 0 for NULL, anything else or a value too large to
 * be finite. The number itself goes through strtod, as JavaScript's
 * Number() does, so both round it to the same double; the handlers never
 * call setlocale, so strtod's decimal point is '.'.
 */
static int
indicator_parse(const char *s, double *v /* out */)
{
	char		 num[IND_NUM_MAX + 1];
	const char	*p, *end;
	size_t		 n, digits = 0;
	int		 point = 0;

	if (s == NULL)
		return 0;
	while (indicator_space(*s))
		s++;
	end = s + strlen(s);
	while (end > s && indicator_space(end[-1]))
		end--;
	p = s;
	if (p < end && (*p == '+' || *p == '-'))
		p++;
	for (; p < end; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !point)
			point = 1;
		else
			return 0;
	}
	if (digits == 0)
		return 0;
	n = (size_t)(end - s);
	if (n > IND_NUM_MAX)
		return 0;
	memcpy(num, s, n);
	num[n] = '\0';
	*v = strtod(num, NULL);
	return isfinite(*v);
}

/* Fetch field name (or stem_YYYY when year > 0) as a number; 0 if missing. */
static int
indicator_field(indicator_get_fn get, void *arg, const char *stem, int year,
    double *v /* out */)
{
	char	 name[64];

	if (year > 0)
		snprintf(name, sizeof(name), "%s_%d", stem, year);
	else
		snprintf(name, sizeof(name), "%s", stem);
	return indicator_parse(get(arg, name), v);
}

/*
 * Fetch row stem for year-4 .. year-1 into h[0..3]; ok[i] says whether
 * h[i] was there. Returns 1 if all four were.
 */
static int
indicator_history(indicator_get_fn get, void *arg, const char *stem, int year,
    double h[IND_HISTORY] /* out */, int ok[IND_HISTORY] /* out */)
{
	int	 i, all = 1;

	for (i = 0; i < IND_HISTORY; i++) {
		h[i] = 0;
		ok[i] = indicator_field(get, arg, stem,
		    year - IND_HISTORY + i, &h[i]);
		all &= ok[i];
	}
	return all;
}

/* Store v as known if it is finite and within IND_LIMIT. */
static void
indicator_set(struct indicator_val *out, double v)
{
	if (isfinite(v) && fabs(v) < IND_LIMIT) {
		out->known = 1;
		out->v = v;
	} else {
		out->known = 0;
		out->v = 0;
	}
}

/* a / b x 100, unknown unless b > 0. */
static void
indicator_ratio(struct indicator_val *out, double a, double b)
{
	if (b > 0)
		indicator_set(out, a / b * 100);
}

/* The mean of the three yearly growths of h[0..3], unknown on a base <= 0. */
static void
indicator_growth(struct indicator_val *out, const double h[IND_HISTORY])
{
	double	 g[IND_HISTORY - 1];
	int	 i;

	for (i = 1; i < IND_HISTORY; i++) {
		if (!(h[i - 1] > 0))
			return;
		g[i - 1] = (h[i] - h[i - 1]) / h[i - 1] * 100;
	}
	indicator_set(out, (g[0] + g[1] + g[2]) / 3);
}

static int
indicator_year_ok(int year)
{
	return year >= IND_YEAR_MIN && year <= IND_YEAR_MAX;
}

void
indicator_compute(int year, indicator_get_fn get, void *arg,
    struct indicator_val out[IND__MAX])
{
	double	 a, b, rev[IND_HISTORY], profit[IND_HISTORY], rd[IND_HISTORY];
	int	 rok[IND_HISTORY], pok[IND_HISTORY], dok[IND_HISTORY];
	int	 have_profit;

	memset(out, 0, sizeof(*out) * IND__MAX);
	if (!indicator_year_ok(year) || get == NULL)
		return;

	if (indicator_field(get, arg, "liabilities_total", 0, &a) &&
	    indicator_field(get, arg, "assets_total", 0, &b))
		indicator_ratio(&out[IND_DEBT_RATIO], a, b);
	if (indicator_field(get, arg, "rd_staff", 0, &a) &&
	    indicator_field(get, arg, "employees", 0, &b))
		indicator_ratio(&out[IND_RD_STAFF_RATIO], a, b);

	indicator_history(get, arg, "revenue", year, rev, rok);
	have_profit = indicator_history(get, arg, "profit", year, profit, pok);
	indicator_history(get, arg, "rd_expense", year, rd, dok);

	/*
	 * FAQ 12 of seed 004: ((rev[y-1] / rev[y-4])^(1/3) - 1) x 100. A
	 * negative ratio has no real cube root here, so a negative revenue of
	 * year-1 is unknown too; zero gives -100.
	 */
	if (rok[0] && rok[3] && rev[0] > 0 && rev[3] >= 0)
		indicator_set(&out[IND_REVENUE_CAGR],
		    (pow(rev[3] / rev[0], 1.0 / 3) - 1) * 100);

	if (have_profit)
		indicator_growth(&out[IND_PROFIT_AVG_GROWTH], profit);

	/*
	 * Only year-3 .. year-1 from here on: FAQ 12's margin is the mean of
	 * each year's profit / revenue, the R&D ratio the ratio of the sums.
	 */
	if (!(rok[1] && rok[2] && rok[3]))
		return;
	if (pok[1] && pok[2] && pok[3] && rev[1] > 0 && rev[2] > 0 &&
	    rev[3] > 0)
		indicator_set(&out[IND_AVG_PROFIT_MARGIN],
		    (profit[1] / rev[1] * 100 + profit[2] / rev[2] * 100 +
		    profit[3] / rev[3] * 100) / 3);
	if (dok[1] && dok[2] && dok[3])
		indicator_ratio(&out[IND_RD_EXPENSE_RATIO],
		    rd[1] + rd[2] + rd[3], rev[1] + rev[2] + rev[3]);
}

void
indicator_row_growth(int year, const char *row, indicator_get_fn get,
    void *arg, struct indicator_val *out)
{
	double	 h[IND_HISTORY];
	int	 ok[IND_HISTORY], i;

	out->known = 0;
	out->v = 0;
	if (!indicator_year_ok(year) || get == NULL || row == NULL)
		return;
	for (i = 0; i < IND_ROW__MAX; i++)
		if (strcmp(row, indicator_rows[i]) == 0)
			break;
	if (i == IND_ROW__MAX)
		return;
	if (indicator_history(get, arg, row, year, h, ok))
		indicator_growth(out, h);
}

const char *
indicator_format(const struct indicator_val *val, char *buf, size_t bufsz)
{
	long long	 n;
	int		 len;

	if (bufsz == 0)
		return buf;
	if (val == NULL || !val->known || !isfinite(val->v) ||
	    fabs(val->v) >= IND_LIMIT)
		len = snprintf(buf, bufsz, "\xe2\x80\x94");
	else {
		/*
		 * round() is half away from zero on the double v x 100, as
		 * indicator.js does with Math.round on the magnitude; printf's
		 * %.2f would round the binary value half to even instead.
		 */
		n = (long long)round(fabs(val->v) * 100);
		len = snprintf(buf, bufsz, "%s%lld.%02lld",
		    val->v < 0 && n != 0 ? "-" : "", n / 100, n % 100);
	}
	if (len < 0 || (size_t)len >= bufsz)
		buf[0] = '\0';
	return buf;
}
