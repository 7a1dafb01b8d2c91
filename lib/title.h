/*
 * title.h - titles: public notice, grant, import of earlier titles.
 */
#ifndef TITLE_H
#define TITLE_H

#include <stddef.h>
#include "sme.h"

struct db;

#define TITLE_VALID_YEARS	3	/* FAQ 8: 有效期一般为3年 */

/* s without the white space around it (in place; s is modified). */
char		*title_trim(char *s);

/* One line of an import. */
struct title_import_row {
	char		 uscc[19];
	const char	*kind;		/* product, giant-mfg, giant-innov */
	const char	*level;		/* province, local, national (国家级 小巨人) */
	char		 granted[11];	/* YYYY-MM-DD */
	char		 product[404];	/* "" unless kind is product */
};

/*
 * Parse one line "统一社会信用代码,称号,级别,认定日期[,产品名称]" (commas
 * ASCII or full width, or tabs; line is modified) into *row. NULL, or the
 * zh-CN message.
 */
const char	*title_import_parse(char *line, struct title_import_row *row);

/* A public notice to open, as title_publish() takes it. */
struct title_publish {
	long long	 actor;
	const char	*ip;
	int		 year;
	const char	*kind;		/* product giant-mfg giant-innov recheck */
	const char	*level;		/* province local */
	const char	*opened, *closes;	/* YYYY-MM-DD */
	const char	*region;	/* the publisher: 320000, or the city/county deciding 市县 titles */
	int		 none;		/* out: nothing to publish */
};

/*
 * The publication by a->region of every accepted filing of a->year, kind
 * and level on no list yet whose enterprise is in a->region, and the audit row, in one transaction; SME_ECONFLICT with
 * a->none when no filing waits for it (nothing is kept).
 */
enum sme_err	 title_publish(struct db *db, struct title_publish *a);

enum title_grant_refusal { TITLE_GRANT_OK, TITLE_GRANT_MISSING,
	TITLE_GRANT_ALREADY, TITLE_GRANT_EARLY };

/* A grant, as title_grant() takes it. */
struct title_grant {
	long long		 actor;
	const char		*ip;
	long long		 id;		/* the publication */
	const char		*region;	/* the caller's: only the publisher grants */
	enum title_grant_refusal refusal;	/* out */
	char			 msg[160];	/* out: TITLE_GRANT_EARLY's message */
	unsigned long long	 n;		/* out: titles granted */
};

/*
 * Grant the titles of publication a->id once its notice period is over,
 * mark it granted, audit, in one transaction; a refusal is SME_ECONFLICT
 * with a->refusal set.
 */
enum sme_err	 title_grant(struct db *db, struct title_grant *a);

/* An import, as title_import() takes it. */
struct title_import {
	long long			 actor;
	const char			*ip;
	const struct title_import_row	*rows;
	const long long			*ids;	/* the enterprise of each row */
	size_t				 nrows;
	unsigned long long		 written;	/* out */
};

/* Write every row (the same title twice is written once) and the audit row. */
enum sme_err	 title_import(struct db *db, struct title_import *a);

#endif
