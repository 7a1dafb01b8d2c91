/*
 * export.h - tables written as files people open in Excel: .xlsx through
 * libxlsxwriter (a real workbook, numbers as numbers) and .csv (RFC 4180,
 * UTF-8 with a BOM so Excel reads Chinese correctly).
 */
#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>
#include "sme.h"

enum export_type {
	EXPORT_TEXT,	/* written as a string */
	EXPORT_NUMBER,	/* a decimal number when the cell parses as one, else text */
	EXPORT_TYPE__MAX
};

struct export_col {
	const char	 *title;	/* header cell */
	enum export_type  type;
	double		  width;	/* column width in characters (xlsx); 0 = default */
};

/*
 * A table: ncols columns, nrows rows of cells (row-major, nrows * ncols;
 * a NULL cell is empty). Everything is borrowed from the caller.
 */
struct export_table {
	const struct export_col	 *cols;
	size_t			  ncols;
	const char *const	 *cells;
	size_t			  nrows;
	const char		 *sheet;	/* worksheet name (xlsx) */
	const char		 *title;	/* title row above the header (xlsx), or NULL */
	const char *const	 *groups;	/* xlsx: each column's group heading, a row
						   above the header with equal neighbours
						   merged (e.g. 基本信息), or NULL */
};

/*
 * Write t as CSV into a new buffer: BOM, header row, rows, CRLF line ends,
 * fields quoted when needed. A text cell starting with = + - @ is
 * prefixed with ' so spreadsheets do not run it as a formula. On SME_OK
 * the caller frees *out with free().
 */
enum sme_err	 export_csv(const struct export_table *t, char **out, size_t *outsz);

/*
 * Write t as an .xlsx workbook into a new buffer, through a temporary file
 * in tmpdir (removed before returning): the title (if any) merged across
 * the columns, the header frozen and repeated on every printed page, the
 * columns' widths, landscape A4 fitted to the page width. On SME_OK the caller frees *out
 * with free(); SME_ESYS if the workbook could not be written.
 */
enum sme_err	 export_xlsx(const struct export_table *t, const char *tmpdir,
		    char **out, size_t *outsz);

/* 1 if s is a plain decimal number ("-12", "3.50"), as amounts are typed. */
int		 export_is_number(const char *s);

#endif
