/*
 * config.h - the configuration file: "key = value" lines, '#' comments.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include "sme.h"

struct config;

/*
 * Read path into *out. Unknown keys are kept (each program reads its own).
 * A line without '=' is an error naming the line. On SME_OK the caller
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

/* Frees cfg; accepts NULL. */
void		 config_free(struct config *cfg);

#endif
