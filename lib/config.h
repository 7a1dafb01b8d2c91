/*
 * config.h - the configuration file: "key = value" lines, '#' comments.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include "sme.h"

struct config;

/* The kinds of value a key takes. */
enum config_type {
	CONFIG_STR,	/* any text */
	CONFIG_INT,	/* a decimal whole number from min to max */
	CONFIG_OCT,	/* an octal number (a file mode) from min to max */
	CONFIG_CHOICE,	/* one of the words of choices */
	CONFIG__MAX
};

/* One key of the table in config.c. */
struct config_key {
	const char	*name;		/* the key, or a pattern with '*' */
	enum config_type type;
	const char	*def;		/* the value when unset; NULL: none */
	long long	 min, max;	/* CONFIG_INT, CONFIG_OCT */
	const char	*choices;	/* CONFIG_CHOICE: "a|b|c" */
	const char	*programs;	/* who reads it, in words */
};

/* The table's entry for key (patterns included), or NULL. Borrowed. */
const struct config_key *config_key_find(const char *key);

/* Entry i of the table, or NULL past its end (to walk it). */
const struct config_key *config_key_at(size_t i);

/*
 * 1 if val is a valid value of k (an empty value is: it means the
 * default); else 0 with the reason in why (k NULL: "unknown key").
 */
int		 config_key_check(const struct config_key *k, const char *val,
		    char *why, size_t whysz);

/*
 * Read path into *out. Every key must be in the table of config.c and its
 * value valid for it: otherwise, as for a line without '=', the load fails
 * with "path:line: reason" in errbuf. On SME_OK the caller
 * frees *out with config_free(); on failure *out is NULL and, if errbuf is
 * not NULL, it holds a message.
 */
enum sme_err	 config_load(const char *path, struct config **out,
		    char *errbuf, size_t errbufsz);

/* An empty configuration (every lookup gives its default), or NULL. */
struct config	*config_new(void);

/* Set key to value, replacing an earlier value; SME_ENOMEM on failure. */
enum sme_err	 config_set(struct config *cfg, const char *key, const char *val);

/* The value of key, or def if unset. Borrowed from cfg. */
const char	*config_str(const struct config *cfg, const char *key,
		    const char *def);

/* The value of key as a non-negative integer, or def if unset or not one. */
long long	 config_int(const struct config *cfg, const char *key, long long def);

/* The value of key, or the table's default (key must be in the table). */
const char	*config_text(const struct config *cfg, const char *key);

/* The value of key as an integer, or the table's default (0 if none). */
long long	 config_num(const struct config *cfg, const char *key);

/* Frees cfg; accepts NULL. */
void		 config_free(struct config *cfg);

#endif
