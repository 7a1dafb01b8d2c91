/*
 * form.h - the catalogue of filing forms: which sections each kind has,
 * the fields of each section (name, zh label, type, limits, required), and
 * the validation of one field's value. Field names are HTTP.md's; yearly
 * rows (revenue_YYYY ...) are expanded for the filing's year here.
 */
#ifndef FORM_H
#define FORM_H

#include <stddef.h>

enum form_type {
	FORM_TEXT,	/* one line of text, maxlen characters */
	FORM_AREA,	/* several lines, maxlen characters */
	FORM_AMOUNT,	/* 万元: digits, at most two decimals, no separators */
	FORM_INT,	/* a whole number (people, patents, ranks, years) */
	FORM_PERCENT,	/* 0-100 with at most two decimals */
	FORM_DATE,	/* YYYY-MM-DD, a real date */
	FORM_POSTCODE,	/* six digits */
	FORM_PHONE,	/* landline or mobile: digits, '-', at most 20 */
	FORM_MOBILE,	/* mainland mobile */
	FORM_EMAIL,
	FORM_CHOICE,	/* one of choices (value|label pairs) */
	FORM_YESNO,	/* "1" 是 or "0" 否 */
	FORM_MULTI,	/* chain ids, comma separated (checkboxes) */
	FORM_INDUSTRY,	/* a GB/T 4754 小类 code (checked against the table) */
	FORM_CLUSTER,	/* a cluster id (checked against the table) */
	FORM_ROWS,	/* the row keys of a repeatable table: "1,2,5" */
	FORM_TYPE__MAX
};

#define FORM_REQUIRED	0x01	/* submission needs it (a draft may lack it) */
#define FORM_NEGATIVE	0x02	/* an amount that may be below zero (profits) */
#define FORM_READONLY	0x04	/* shown, never taken from a POST (fixed at creation) */
#define FORM_ONEOF	0x08	/* submission needs one FORM_ONEOF field of its section */

/* A field definition; yearly fields have name "revenue" and yearly = 1. */
struct form_field {
	const char		*name;
	const char		*label;
	enum form_type		 type;
	unsigned		 flags;
	double			 max;		/* numbers: upper bound */
	unsigned		 maxlen;	/* text: characters */
	const char *const	*choices;	/* FORM_CHOICE: "value", "label", ..., NULL */
	int			 yearly;	/* one per year of the operations table */
	const char		*hint;
};

/*
 * A repeatable table of a section (seed 004 产品附证: "增加" adds a row,
 * "删除" removes one). Row k's cell of column col is the value
 * "<key><k>_<col>" (patent3_name); the value "<key>_rows" lists the row
 * keys in order ("1,2,5"). A key is never reused while its row exists;
 * a row may hold one scan, the attachment of slot "<key>-<k>".
 */
struct form_rowset {
	const char		*key;		/* patent, report, cert */
	const char		*label;		/* the table's title, as seed 004 */
	const char		*row_label;	/* a row in messages: 专利 */
	const char		*scan_label;	/* the scan column: 授权专利证书影印件 */
	const struct form_field	*cols;		/* name = the column: "name" */
};

#define FORM_ROWS_MAX		20	/* rows of one table */
#define FORM_ROW_KEY_MAX	99	/* row keys are 1..99 */

/* A field of a filing: its definition and its concrete name. */
struct form_item {
	const struct form_field	*f;
	char			 name[48];	/* e.g. revenue_2022 */
	char			 label[128];	/* e.g. 2022年 营业收入（万元） */
	int			 year;		/* yearly fields: the year, else 0 */
	int			 forecast;	/* 1 for the filing year's forecast */
	const struct form_rowset *rs;		/* a table's cell or row list, else NULL */
	int			 row;		/* a cell: its row key, else 0 */
};

struct form_section {
	const char	*key;		/* basic, products, operations, ... */
	const char	*label;		/* 基本情况 ... */
};

#define FORM_SECTIONS_MAX	8
#define FORM_ITEMS_MAX		400

/* The first and last history year of a filing of year (year-4 .. year-1). */
#define FORM_YEAR_FIRST(y)	((y) - 4)
#define FORM_YEAR_LAST(y)	((y) - 1)

/*
 * The form sections of kind (flow kind name: entry, update, product, ...)
 * in page order into out; returns how many (0 for an unknown kind). The
 * attachments section (served by sme-upload) is last.
 */
size_t		 form_sections(const char *kind, const struct form_section **out);

/*
 * The form a filing of kind fills: its kind's own, except a 复核 (seed 004
 * §3 "复核认定操作流程，参照新认定申报"), which fills the form of the title
 * it rechecks: the product form when it names its product (subject), else
 * the 小巨人 form of its class (innov: 创新类, otherwise 制造类). Static.
 */
const char	*form_kind_of(const char *kind, const char *class, const char *subject);

/* The section key of kind, or NULL if kind has no such section. */
const struct form_section *form_section_find(const char *kind, const char *key);

/*
 * The fields of section key of a filing of kind and year, expanded, into
 * items (at most max); returns how many.
 */
size_t		 form_items(const char *kind, int year, const char *key,
		    struct form_item *items, size_t max);

/* How a filing's values are read: the value of name, or NULL. */
typedef const char *(*form_get_fn)(void *arg, const char *name);

/*
 * form_items() with the rows of the section's tables: for each table its
 * row list item ("patent_rows") and, for each row key the list read
 * through get(arg, "patent_rows") holds, a cell item per column. A filing
 * without a row list (saved before tables had one) has rows 1-3 where
 * any cell of the row has a value. get NULL: no rows.
 */
size_t		 form_items_of(const char *kind, int year, const char *key,
		    form_get_fn get, void *arg, struct form_item *items, size_t max);

/* The tables of section key of kind into *out; returns how many (0 if none). */
size_t		 form_rowsets(const char *kind, const char *key,
		    const struct form_rowset *const **out);

/* The table of kind whose key is key, or NULL. */
const struct form_rowset *form_rowset_find(const char *kind, const char *key);

/*
 * The row keys of table rs read through get into keys (at most
 * FORM_ROWS_MAX); returns how many.
 */
size_t		 form_row_keys(const struct form_rowset *rs, form_get_fn get, void *arg,
		    int *keys);

/*
 * Parse a row list "1,2,5" into keys (at most FORM_ROWS_MAX, each
 * 1..FORM_ROW_KEY_MAX, no repeats); returns how many, or -1 if invalid.
 */
int		 form_rows_parse(const char *s, int *keys);

/* keys[0..n) as "1,2,5" into buf. */
void		 form_rows_format(const int *keys, size_t n, char *buf, size_t bufsz);

/*
 * The table and row key of a row's scan slot "patent-3" of kind into *rs
 * and *row; 0 if slot names no table of kind (the row's existence is the
 * caller's to check).
 */
int		 form_row_slot(const char *kind, const char *slot,
		    const struct form_rowset **rs, int *row);

/*
 * Check value (already trimmed) against f. Returns NULL when acceptable,
 * else a static zh-CN message. An empty value is acceptable here (drafts);
 * required fields are checked at submission.
 */
const char	*form_check(const struct form_field *f, const char *value);

/*
 * What the server makes of a number as typed, before form_check: for
 * amounts, whole numbers and percentages, full-width digits and signs
 * become ASCII, spaces go, thousands separators ("," or "，") every three
 * digits are dropped, and a percentage loses a trailing "%" or "％"; an
 * amount so rewritten is given two decimals ("３,０００" -> "3000.00").
 * Anything else, and a number with separators in the wrong places, is
 * returned as typed, for form_check to refuse with its message. A copy the
 * caller frees; NULL only when memory runs out.
 */
char		*form_normalise(const struct form_field *f, const char *value);

/* The zh label of a concrete field name ("revenue_2022" too) into buf; 0 if unknown. */
int		 form_label(const char *name, char *buf, size_t bufsz);

/*
 * The definition of a concrete field name ("revenue_2022" too), or NULL;
 * *section (if not NULL) gets the key of the section that holds it.
 */
const struct form_field *form_field_find(const char *name, const char **section);

/* The label of choice value of f, or value itself. Borrowed. */
const char	*form_choice_label(const struct form_field *f, const char *value);

/* The operations rows (revenue, main_revenue, ...) in table order, NULL-ended. */
extern const char *const form_rows[];

/*
 * 1 if a section of kind has the field name (a yearly row by its stem,
 * "revenue"), else 0: what the facts of a kind's filings can be made of.
 */
int		 form_kind_has_field(const char *kind, const char *name);

#endif
