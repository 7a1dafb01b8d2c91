/*
 * prefill.c - a new filing filled from the enterprise's latest accepted
 * library filing (see prefill.h). The copy is chosen field by field with
 * lib/form.c's catalogue, so a kind receives only what its form shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "filing.h"
#include "form.h"
#include "prefill.h"
#include "vocab.h"

static const char SQL_SOURCE[] =
    "SELECT id, year FROM filing WHERE enterprise_id = ? AND kind IN ('entry', 'update')"
    " AND state = 'accepted' ORDER BY year DESC, id DESC LIMIT 1";
static const char SQL_VALUES[] =
    "SELECT name, value FROM filing_value WHERE filing_id = ?";
static const char SQL_PUT[] =
    "INSERT INTO filing_value (filing_id, name, value) VALUES (?, ?, ?)"
    " ON DUPLICATE KEY UPDATE value = VALUES(value)";
static const char SQL_MARK[] =
    "INSERT IGNORE INTO filing_prefill (filing_id, section, source_id) VALUES (?, ?, ?)";
static const char SQL_NOTICE[] =
    "SELECT s.year, s.kind FROM filing_prefill p JOIN filing s ON s.id = p.source_id"
    " WHERE p.filing_id = ? AND p.section = ?";
static const char SQL_CLEAR[] =
    "DELETE FROM filing_prefill WHERE filing_id = ? AND section = ?";

/* The sections a certification takes from the library (seed 004's 申请表). */
static const char *const cert_sections[] = { "basic", "operations", "rnd", "titles", NULL };

static int
prefill_section_wanted(const char *kind, const char *sec)
{
	size_t	 i;

	if (form_section_find(kind, sec) == NULL)
		return 0;
	if (strcmp(kind, "update") == 0)
		return 1;
	for (i = 0; cert_sections[i] != NULL; i++)
		if (strcmp(cert_sections[i], sec) == 0)
			return 1;
	return 0;
}

/*
 * Whether value name of a source of year srcyear goes to a filing of kind
 * and year; *sec gets its section.
 */
static int
prefill_wanted(const char *kind, int year, int srcyear, const char *name, const char **sec)
{
	const struct form_field	*f = form_field_find(name, sec);
	const char		*us;
	int			 y;

	if (f == NULL || *sec == NULL || !prefill_section_wanted(kind, *sec) ||
	    f->type == FORM_ROWS || (f->flags & FORM_READONLY))
		return 0;
	if (!f->yearly)
		return form_kind_has_field(kind, f->name);
	/* The years of the new table, none the source only forecast. */
	us = strrchr(name, '_');
	y = us != NULL ? atoi(us + 1) : 0;
	return y >= FORM_YEAR_FIRST(year) && y <= FORM_YEAR_LAST(year) && y < srcyear &&
	    form_kind_has_field(kind, f->name);
}

enum sme_err
prefill_copy(struct db *db, long long id, long long ent, const char *kind, int year)
{
	struct db_param	 p[3];
	struct db_res	*res;
	enum sme_err	 er;
	long long	 src;
	int		 srcyear;
	size_t		 i;
	const char	*sec;

	if (strcmp(kind, "entry") == 0)
		return SME_OK;
	p[0] = DB_INT(ent);
	if ((er = db_query(db, SQL_SOURCE, p, 1, &res)) != SME_OK)
		return er;
	src = res->nrows > 0 ? db_res_int(res, 0, 0, 0) : 0;
	srcyear = res->nrows > 0 ? (int)db_res_int(res, 0, 1, 0) : 0;
	db_res_free(res);
	if (src == 0)
		return SME_OK;
	p[0] = DB_INT(src);
	if ((er = db_query(db, SQL_VALUES, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows && er == SME_OK; i++) {
		if (!prefill_wanted(kind, year, srcyear, db_res_get(res, i, 0), &sec))
			continue;
		p[0] = DB_INT(id);
		p[1] = DB_STR(db_res_get(res, i, 0));
		p[2] = DB_STR(db_res_get(res, i, 1));
		if ((er = db_exec(db, SQL_PUT, p, 3, NULL, NULL)) != SME_OK)
			break;
		p[1] = DB_STR(sec);
		p[2] = DB_INT(src);
		er = db_exec(db, SQL_MARK, p, 3, NULL, NULL);
	}
	db_res_free(res);
	return er;
}

/* The words of a copy from the library filing of year and kind into buf. */
static void
prefill_words(const char *year, const char *kind, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "本部分已从%s年%s申报（审核通过）带入，请核对后保存。", year,
	    vocab_kind_label(strcmp(kind, "entry") == 0 ? "entry" : "update", VOCAB_FILING));
}

enum sme_err
prefill_notice(struct db *db, const struct filing *f, const char *section, char *buf,
    size_t bufsz)
{
	struct db_param	 p[2] = { DB_INT(f->id), DB_STR(section) };
	struct db_res	*res;
	enum sme_err	 er;
	const char	*v, *sp;
	char		 year[8];
	size_t		 i;

	if (bufsz > 0)
		buf[0] = '\0';
	if (f->framed) {
		for (i = 0; i < f->nprefill; i++) {
			if (strcmp(f->prefill[i].name, section) != 0)
				continue;
			v = f->prefill[i].value;	/* "2026 entry" */
			if ((sp = strchr(v, ' ')) == NULL || (size_t)(sp - v) >= sizeof(year))
				return SME_OK;
			snprintf(year, sizeof(year), "%.*s", (int)(sp - v), v);
			prefill_words(year, sp + 1, buf, bufsz);
		}
		return SME_OK;
	}
	if ((er = db_query(db, SQL_NOTICE, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows > 0)
		prefill_words(db_res_get(res, 0, 0), db_res_get(res, 0, 1), buf, bufsz);
	db_res_free(res);
	return SME_OK;
}

enum sme_err
prefill_clear(struct db *db, long long id, const char *section)
{
	struct db_param	 p[2] = { DB_INT(id), DB_STR(section) };

	return db_exec(db, SQL_CLEAR, p, 2, NULL, NULL);
}
