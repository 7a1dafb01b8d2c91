/*
 * ministry_export.c - the province's workbook of the Ministry's yearly
 * update: one row per national 小巨人 enterprise with its year's data
 * under the annual form's column groups. Linked with lib/export.c into
 * sme-title (libxlsxwriter), like the 推荐汇总表 into sme-review.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "export.h"
#include "ministry.h"

/*
 * The export's enterprises: a national 小巨人 title valid some day of the
 * year (the latest such title), and the filing whose figures are given.
 * Binds: the year's first and last day (title), the year (filing).
 */
#define SQL_EXPORT_FROM \
    " FROM enterprise e JOIN region r ON r.code = e.region_code" \
    " LEFT JOIN region c ON c.code = r.parent_code" \
    " JOIN title t ON t.id = (SELECT t2.id FROM title t2 WHERE t2.enterprise_id = e.id" \
    " AND t2.level = 'national' AND t2.kind IN ('giant-mfg', 'giant-innov')" \
    " AND t2.valid_until >= CAST(? AS DATE) AND t2.granted_on <= CAST(? AS DATE)" \
    " ORDER BY t2.valid_until DESC, t2.id DESC LIMIT 1)" \
    " LEFT JOIN filing f ON f.id = (SELECT f2.id FROM filing f2" \
    " WHERE f2.enterprise_id = e.id AND f2.kind IN ('entry', 'update')" \
    " AND f2.year <= ? AND f2.state IN ('county', 'city', 'province', 'accepted')" \
    " ORDER BY f2.state = 'accepted' DESC, f2.year DESC, f2.id DESC LIMIT 1)"
static const char SQL_EXPORT_ROWS[] =
    "SELECT e.id, e.name, e.uscc, COALESCE(c.name, ''), r.name, t.kind,"
    " DATE_FORMAT(t.granted_on, '%Y-%m-%d'), DATE_FORMAT(t.valid_until, '%Y-%m-%d'),"
    " COALESCE(f.year, ''), COALESCE(f.state, ''), e.region_code"
    SQL_EXPORT_FROM " ORDER BY e.region_code, e.id";
static const char SQL_EXPORT_VALUES[] =
    "SELECT e.id, v.name, v.value, e.region_code" SQL_EXPORT_FROM
    " JOIN filing_value v ON v.filing_id = f.id ORDER BY e.region_code, e.id";

/* The form's columns: group, heading, type, width, and the filing value
 * (a trailing '_' takes the year of the figures) or a row column (-n). */
struct ministry_col {
	const char	*group;
	const char	*title;
	enum export_type type;
	double		 width;
	const char	*value;		/* filing value name, or NULL */
	int		 rowcol;	/* SQL_EXPORT_ROWS column when value is NULL; -1: the number */
};

#define G_BASIC	"基本信息"
#define G_OPS	"经营情况（上年度）"
#define G_INNOV	"创新能力"

static const struct ministry_col ministry_cols[] = {
	{ G_BASIC, "序号", EXPORT_NUMBER, 6, NULL, -1 },
	{ G_BASIC, "企业名称", EXPORT_TEXT, 34, NULL, 1 },
	{ G_BASIC, "统一社会信用代码", EXPORT_TEXT, 22, NULL, 2 },
	{ G_BASIC, "设区市", EXPORT_TEXT, 10, NULL, 3 },
	{ G_BASIC, "县（市、区）", EXPORT_TEXT, 12, NULL, 4 },
	{ G_BASIC, "小巨人类别", EXPORT_TEXT, 12, NULL, 5 },
	{ G_BASIC, "认定日期", EXPORT_TEXT, 12, NULL, 6 },
	{ G_BASIC, "有效期至", EXPORT_TEXT, 12, NULL, 7 },
	{ G_BASIC, "法定代表人", EXPORT_TEXT, 10, "legal_rep", 0 },
	{ G_BASIC, "联系人", EXPORT_TEXT, 10, "contact", 0 },
	{ G_BASIC, "联系电话", EXPORT_TEXT, 14, "contact_mobile", 0 },
	{ G_BASIC, "注册地址", EXPORT_TEXT, 30, "address", 0 },
	{ G_OPS, "营业收入（万元）", EXPORT_NUMBER, 14, "revenue_", 0 },
	{ G_OPS, "主营业务收入（万元）", EXPORT_NUMBER, 14, "main_revenue_", 0 },
	{ G_OPS, "利润总额（万元）", EXPORT_NUMBER, 12, "profit_", 0 },
	{ G_OPS, "净利润（万元）", EXPORT_NUMBER, 12, "net_profit_", 0 },
	{ G_OPS, "上缴税金（万元）", EXPORT_NUMBER, 12, "tax_", 0 },
	{ G_OPS, "资产总额（万元）", EXPORT_NUMBER, 12, "assets_total", 0 },
	{ G_OPS, "负债总额（万元）", EXPORT_NUMBER, 12, "liabilities_total", 0 },
	{ G_OPS, "从业人员（人）", EXPORT_NUMBER, 10, "employees", 0 },
	{ G_INNOV, "研发投入（万元）", EXPORT_NUMBER, 12, "rd_invest_", 0 },
	{ G_INNOV, "研发费用（万元）", EXPORT_NUMBER, 12, "rd_expense_", 0 },
	{ G_INNOV, "研发人员（人）", EXPORT_NUMBER, 10, "rd_staff", 0 },
	{ G_INNOV, "Ⅰ类知识产权（件）", EXPORT_NUMBER, 10, "ip_class1", 0 },
	{ G_INNOV, "Ⅱ类知识产权（件）", EXPORT_NUMBER, 10, "ip_class2", 0 },
	{ G_INNOV, "数据来源", EXPORT_TEXT, 16, NULL, 8 },
};
#define MINISTRY_NCOLS	(sizeof(ministry_cols) / sizeof(ministry_cols[0]))

/* ---- the workbook --------------------------------------------------------- */

/* The value name of col for figures of year fy ("revenue_2025"), in buf. */
static const char *
col_value_name(const struct ministry_col *col, int fy, char *buf, size_t bufsz)
{
	size_t	 n = strlen(col->value);

	if (n > 0 && col->value[n - 1] == '_') {
		snprintf(buf, bufsz, "%s%d", col->value, fy);
		return buf;
	}
	return col->value;
}

/* Fill row i's cells from the row and its values (vres rows lo..hi-1). */
static enum sme_err
fill_row(char **cells, size_t i, const struct db_res *rows,
    const struct db_res *vres, size_t lo, size_t hi, int fy)
{
	char		 name[64];
	const char	*want, *v;
	size_t		 j, k;

	for (j = 0; j < MINISTRY_NCOLS; j++) {
		const struct ministry_col *col = &ministry_cols[j];
		char **cell = &cells[i * MINISTRY_NCOLS + j];

		v = NULL;
		if (col->value == NULL && col->rowcol < 0) {
			snprintf(name, sizeof(name), "%zu", i + 1);
			v = name;
		} else if (col->value == NULL && col->rowcol == 5)
			v = strcmp(db_res_get(rows, i, 5), "giant-innov") == 0 ? "创新类" : "制造类";
		else if (col->value == NULL && col->rowcol == 8)
			v = *db_res_get(rows, i, 8) == '\0' ? "无申报数据" :
			    strcmp(db_res_get(rows, i, 9), "accepted") == 0 ?
			    "申报（已通过）" : "申报（审核中）";
		else if (col->value == NULL)
			v = db_res_get(rows, i, (size_t)col->rowcol);
		else {
			want = col_value_name(col, fy, name, sizeof(name));
			for (k = lo; k < hi && v == NULL; k++)
				if (strcmp(db_res_get(vres, k, 1), want) == 0)
					v = db_res_get(vres, k, 2);
		}
		if (v != NULL && (*cell = strdup(v)) == NULL)
			return SME_ENOMEM;
	}
	return SME_OK;
}

/* 1 if values row vr sorts before export row er (county, then id). */
static int
vals_before(const struct db_res *vals, size_t vr, const struct db_res *rows,
    size_t er)
{
	int	 d = strcmp(db_res_get(vals, vr, 3), db_res_get(rows, er, 10));

	return d < 0 || (d == 0 && db_res_int(vals, vr, 0, 0) < db_res_int(rows, er, 0, 0));
}

enum sme_err
ministry_export(struct db *db, int year, const char *tmpdir, char **out,
    size_t *outsz, size_t *nrows)
{
	struct export_col	 cols[MINISTRY_NCOLS];
	const char		*groups[MINISTRY_NCOLS];
	struct export_table	 t;
	struct db_res		*rows = NULL, *vals = NULL;
	char			**cells = NULL, title[96], y0[16], y1[16];
	size_t			 i, j, row = 0, lo;
	enum sme_err		 er;

	*out = NULL;
	*nrows = 0;
	snprintf(y0, sizeof(y0), "%d-01-01", year);
	snprintf(y1, sizeof(y1), "%d-12-31", year);
	struct db_param p[] = { DB_STR(y0), DB_STR(y1), DB_INT(year) };
	if ((er = db_query(db, SQL_EXPORT_ROWS, p, 3, &rows)) != SME_OK ||
	    (er = db_query(db, SQL_EXPORT_VALUES, p, 3, &vals)) != SME_OK)
		goto out;
	if (rows->nrows > 0 && (cells = calloc(rows->nrows * MINISTRY_NCOLS,
	    sizeof(*cells))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	for (i = 0; i < rows->nrows; i++) {
		long long ent = db_res_int(rows, i, 0, 0);

		/* Both queries are in (county, id) order: skip what sorts before. */
		while (row < vals->nrows && vals_before(vals, row, rows, i))
			row++;
		lo = row;
		while (row < vals->nrows && db_res_int(vals, row, 0, 0) == ent)
			row++;
		if ((er = fill_row(cells, i, rows, vals, lo, row, year - 1)) != SME_OK)
			goto out;
	}
	for (j = 0; j < MINISTRY_NCOLS; j++) {
		cols[j].title = ministry_cols[j].title;
		cols[j].type = ministry_cols[j].type;
		cols[j].width = ministry_cols[j].width;
		groups[j] = ministry_cols[j].group;
	}
	snprintf(title, sizeof(title), "%d年度国家专精特新“小巨人”企业年度信息更新表", year);
	memset(&t, 0, sizeof(t));
	t.cols = cols;
	t.ncols = MINISTRY_NCOLS;
	t.cells = (const char *const *)cells;
	t.nrows = rows->nrows;
	t.sheet = "小巨人年度更新";
	t.title = title;
	t.groups = groups;
	er = export_xlsx(&t, tmpdir, out, outsz);
	*nrows = rows->nrows;
out:
	if (cells != NULL)
		for (i = 0; i < rows->nrows * MINISTRY_NCOLS; i++)
			free(cells[i]);
	free(cells);
	db_res_free(rows);
	db_res_free(vals);
	return er;
}
