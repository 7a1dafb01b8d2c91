/*
 * export.c - .xlsx (libxlsxwriter) and .csv writers of a table (see
 * export.h); the review handler's recommendation summary uses both.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "export.h"
#include "log.h"

int
export_is_number(const char *s)
{
	int	 digits = 0, dot = 0;

	if (s == NULL)
		return 0;
	if (*s == '-')
		s++;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !dot && digits > 0)
			dot = 1;
		else
			return 0;
	}
	return digits > 0 && digits <= 15 && s[-1] != '.';
}

/* A growable byte buffer. */
struct ebuf {
	char	*p;
	size_t	 n;
	size_t	 cap;
	int	 oom;
};

static void
ebuf_add(struct ebuf *b, const char *s, size_t n)
{
	char	*np;
	size_t	 cap;

	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* One CSV field (RFC 4180 section 2: quoted when it holds , " CR or LF). */
static void
csv_field(struct ebuf *b, const char *s, enum export_type type)
{
	const char	*q;

	if (s == NULL)
		return;
	if (type == EXPORT_TEXT || !export_is_number(s)) {
		if (*s == '=' || *s == '+' || *s == '-' || *s == '@') {
			ebuf_add(b, "\"'", 2);
			goto quoted;
		}
	}
	if (strpbrk(s, ",\"\r\n") == NULL) {
		ebuf_add(b, s, strlen(s));
		return;
	}
	ebuf_add(b, "\"", 1);
quoted:
	for (q = s; *q != '\0'; q++) {
		if (*q == '"')
			ebuf_add(b, "\"\"", 2);
		else
			ebuf_add(b, q, 1);
	}
	ebuf_add(b, "\"", 1);
}

enum sme_err
export_csv(const struct export_table *t, char **out, size_t *outsz)
{
	struct ebuf	 b = { NULL, 0, 0, 0 };
	size_t		 i, j;

	*out = NULL;
	*outsz = 0;
	ebuf_add(&b, "\xEF\xBB\xBF", 3);
	for (j = 0; j < t->ncols; j++) {
		if (j > 0)
			ebuf_add(&b, ",", 1);
		csv_field(&b, t->cols[j].title, EXPORT_TEXT);
	}
	ebuf_add(&b, "\r\n", 2);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			if (j > 0)
				ebuf_add(&b, ",", 1);
			csv_field(&b, t->cells[i * t->ncols + j], t->cols[j].type);
		}
		ebuf_add(&b, "\r\n", 2);
	}
	if (b.oom) {
		free(b.p);
		return SME_ENOMEM;
	}
	*out = b.p;
	*outsz = b.n;
	return SME_OK;
}

/* Read the whole file at path into a new buffer. */
static enum sme_err
export_slurp(const char *path, char **out, size_t *outsz)
{
	FILE	*f;
	long	 n;
	char	*p;

	if ((f = fopen(path, "rb")) == NULL)
		return SME_ESYS;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return SME_ESYS;
	}
	if ((p = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return SME_ENOMEM;
	}
	if (fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return SME_ESYS;
	}
	fclose(f);
	*out = p;
	*outsz = (size_t)n;
	return SME_OK;
}

/* The group row of t at row: runs of equal group headings merged. */
static void
export_groups(lxw_worksheet *ws, const struct export_table *t, size_t row,
    lxw_format *fmt)
{
	size_t		 j, k;
	const char	*g;

	for (j = 0; j < t->ncols; j = k) {
		g = t->groups[j] != NULL ? t->groups[j] : "";
		for (k = j + 1; k < t->ncols && strcmp(t->groups[k] != NULL ?
		    t->groups[k] : "", g) == 0; k++)
			;
		if (k - j > 1)
			worksheet_merge_range(ws, (lxw_row_t)row, (lxw_col_t)j,
			    (lxw_row_t)row, (lxw_col_t)(k - 1), g, fmt);
		else
			worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)j, g, fmt);
	}
}

enum sme_err
export_xlsx(const struct export_table *t, const char *tmpdir, char **out,
    size_t *outsz)
{
	char			 path[512];
	lxw_workbook_options	 opt = { 0 };
	lxw_workbook		*wb;
	lxw_worksheet		*ws;
	lxw_format		*bold, *big;
	size_t			 head;
	const char		*s;
	enum sme_err		 er = SME_ESYS;
	lxw_error		 le;
	size_t			 i, j;
	int			 fd;

	*out = NULL;
	*outsz = 0;
	if (snprintf(path, sizeof(path), "%s/sme-xlsx-XXXXXX", tmpdir) >= (int)sizeof(path))
		return SME_EINPUT;
	/* libxlsxwriter writes to a path: reserve a unique one first. */
	if ((fd = mkstemp(path)) < 0) {
		log_err("export: mkstemp %s: %s", path, strerror(errno));
		return SME_ESYS;
	}
	close(fd);
	opt.tmpdir = (char *)tmpdir;
	opt.constant_memory = LXW_TRUE;
	if ((wb = workbook_new_opt(path, &opt)) == NULL) {
		unlink(path);
		return SME_ESYS;
	}
	ws = workbook_add_worksheet(wb, t->sheet);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(bold);
	format_set_align(bold, LXW_ALIGN_CENTER);
	format_set_align(bold, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(bold, LXW_BORDER_THIN);
	big = workbook_add_format(wb);
	format_set_bold(big);
	format_set_font_size(big, 16);
	format_set_align(big, LXW_ALIGN_CENTER);
	format_set_align(big, LXW_ALIGN_VERTICAL_CENTER);
	head = (t->title != NULL ? 1 : 0) + (t->groups != NULL ? 1 : 0);
	if (ws != NULL) {
		/* Print: landscape A4, as wide as one page, the header on every page. */
		worksheet_set_landscape(ws);
		worksheet_set_paper(ws, 9);
		worksheet_fit_to_pages(ws, 1, 0);
		worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
		worksheet_repeat_rows(ws, 0, (lxw_row_t)head);
		worksheet_freeze_panes(ws, (lxw_row_t)(head + 1), 0);
	}
	for (j = 0; ws != NULL && j < t->ncols; j++)
		if (t->cols[j].width > 0)
			worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
			    t->cols[j].width, NULL);
	if (ws != NULL && head) {
		worksheet_set_row(ws, 0, 30, NULL);
		if (t->ncols > 1)
			worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1),
			    t->title, big);
		else
			worksheet_write_string(ws, 0, 0, t->title, big);
	}
	if (ws != NULL && t->groups != NULL)
		export_groups(ws, t, head - 1, bold);
	for (j = 0; ws != NULL && j < t->ncols; j++)
		worksheet_write_string(ws, (lxw_row_t)head, (lxw_col_t)j,
		    t->cols[j].title, bold);
	for (i = 0; ws != NULL && i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			s = t->cells[i * t->ncols + j];
			if (s == NULL || *s == '\0')
				continue;
			if (t->cols[j].type == EXPORT_NUMBER && export_is_number(s))
				worksheet_write_number(ws, (lxw_row_t)(i + 1 + head),
				    (lxw_col_t)j, strtod(s, NULL), NULL);
			else
				worksheet_write_string(ws, (lxw_row_t)(i + 1 + head),
				    (lxw_col_t)j, s, NULL);
		}
	if ((le = workbook_close(wb)) != LXW_NO_ERROR || ws == NULL)
		log_err("export: workbook %s: %s", path, lxw_strerror(le));
	else
		er = export_slurp(path, out, outsz);
	unlink(path);
	return er;
}
