/*
 * combine.h - who may start a filing of which kind: the library rules of
 * entry and update, and for certification kinds the combination rules of
 * seed 004's FAQ 7-10 (rows of combination_rule) against the titles an
 * enterprise holds and its open filings. A pure decision over in-memory
 * lists (combine_decide) and a thin database loader (combine_check).
 */
#ifndef COMBINE_H
#define COMBINE_H

#include <stddef.h>
#include "flow.h"
#include "sme.h"

struct db;

#define COMBINE_CODE_MAX	24	/* bytes of a rule code with its NUL */
#define COMBINE_MSG_MAX		512	/* bytes of a rule's message */
#define COMBINE_TEXT_MAX	404	/* bytes of a product name (200 characters) */
#define COMBINE_YEARS_MAX	16	/* granted years a require rule may list */

enum combine_effect {
	COMBINE_ALLOW,		/* a matching holding does not stop the application */
	COMBINE_DENY,		/* a matching holding stops it */
	COMBINE_REQUIRE,	/* the application needs a matching title */
	COMBINE_EFFECT__MAX
};

enum combine_source {
	COMBINE_TITLE,		/* a title (title row) */
	COMBINE_FILING,		/* a filing not yet decided */
	COMBINE_ANY,		/* rules only: either */
	COMBINE_SOURCE__MAX
};

enum combine_match {
	COMBINE_MATCH_ANY,
	COMBINE_MATCH_SAME,	/* the holding's product is the application's */
	COMBINE_MATCH_DIFFERENT,
	COMBINE_MATCH__MAX
};

/* One combination_rule row. */
struct combine_rule {
	char			 code[COMBINE_CODE_MAX];
	unsigned		 applying;	/* bits 1u << enum flow_kind */
	enum combine_effect	 effect;
	unsigned		 held;		/* bits 1u << enum flow_kind */
	enum combine_source	 source;
	enum combine_match	 product;
	int			 years[COMBINE_YEARS_MAX]; /* require: granted in one of */
	size_t			 nyears;	/* 0: any year */
	char			 message[COMBINE_MSG_MAX];
};

/* A title the enterprise holds or a filing it has. */
struct combine_held {
	enum combine_source	 source;	/* COMBINE_TITLE or COMBINE_FILING */
	enum flow_kind		 kind;
	char			 level[12];	/* province, local; "" for entry/update */
	char			 product[COMBINE_TEXT_MAX]; /* "" when none */
	int			 year;		/* title: year granted; filing: its year */
	int			 live;		/* title: in validity today; filing: open
						 * (draft, returned, in review, or accepted
						 * and not yet granted) */
};

/* What is applied for, and by whom. */
struct combine_case {
	enum flow_kind		 kind;
	const char		*level;		/* province, local; NULL for entry/update */
	int			 year;
	const char		*product;	/* product named by the application, or NULL */
	int			 in_library;	/* enterprise.in_library */
	int			 confirmed;	/* enterprise.status = 'confirmed' */
};

/*
 * Decide whether case a may start, given what the enterprise holds and the
 * rules in evaluation order. Returns 1 if it may; 0 if not, with the zh-CN
 * reason (naming the rule) in why. In order: entry only outside the library
 * and once a year, update only inside it; certification kinds only for a
 * confirmed enterprise in the library; then, for each live holding of the
 * application's level, the first allow or deny rule that matches it decides;
 * then every require rule must find a title (valid or not); last, one open
 * filing a kind and year (for product, a product and year).
 */
int		 combine_decide(const struct combine_case *a,
		    const struct combine_held *held, size_t nheld,
		    const struct combine_rule *rules, size_t nrules,
		    char *why, size_t whysz);

/*
 * Fill *out from the text of a combination_rule row (SET values comma
 * separated, as the database returns them). years may be NULL. SME_EINPUT
 * if a value is not one the schema allows.
 */
enum sme_err	 combine_rule_parse(struct combine_rule *out, const char *code,
		    const char *applying, const char *effect, const char *held,
		    const char *source, const char *product, const char *years,
		    const char *message);

/*
 * Load enterprise_id's standing, titles, filings and the active rules, and
 * decide whether it may start a filing of kind (flow_kind_name spelling) at
 * level (NULL for entry and update) for year, naming product (NULL when
 * none). *ok is 1, or 0 with why set. An unknown enterprise or kind is
 * *ok = 0, not an error. Database failures return their error.
 */
enum sme_err	 combine_check_product(struct db *db, long long enterprise_id,
		    const char *kind, const char *level, int year,
		    const char *product, char *why, size_t whysz, int *ok);

/* combine_check_product without a product name. */
enum sme_err	 combine_check(struct db *db, long long enterprise_id,
		    const char *kind, const char *level, int year,
		    char *why, size_t whysz, int *ok);

#endif
