/*
 * config.c - read the "key = value" configuration file shared by every
 * program of the platform.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct config_kv {
	char	*key;
	char	*val;
};

struct config {
	struct config_kv *v;
	size_t		  n;
};

struct config *
config_new(void)
{
	return calloc(1, sizeof(struct config));
}

void
config_free(struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n; i++) {
		free(cfg->v[i].key);
		free(cfg->v[i].val);
	}
	free(cfg->v);
	free(cfg);
}

enum sme_err
config_set(struct config *cfg, const char *key, const char *val)
{
	struct config_kv *nv;
	char		 *k, *v;
	size_t		  i;

	if ((v = strdup(val)) == NULL)
		return SME_ENOMEM;
	for (i = 0; i < cfg->n; i++)
		if (strcmp(cfg->v[i].key, key) == 0) {
			free(cfg->v[i].val);
			cfg->v[i].val = v;
			return SME_OK;
		}
	if ((k = strdup(key)) == NULL ||
	    (nv = realloc(cfg->v, (cfg->n + 1) * sizeof(*nv))) == NULL) {
		free(k);
		free(v);
		return SME_ENOMEM;
	}
	cfg->v = nv;
	cfg->v[cfg->n].key = k;
	cfg->v[cfg->n].val = v;
	cfg->n++;
	return SME_OK;
}

/* Trim spaces at both ends in place; returns a pointer into s. */
static char *
config_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

enum sme_err
config_load(const char *path, struct config **out, char *errbuf,
    size_t errbufsz)
{
	FILE		*f;
	struct config	*cfg;
	char		 line[4096], *p, *eq;
	unsigned	 lineno = 0;
	enum sme_err	 er = SME_OK;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		if (errbuf != NULL)
			snprintf(errbuf, errbufsz, "%s: %s", path, strerror(errno));
		return SME_ESYS;
	}
	if ((cfg = config_new()) == NULL) {
		fclose(f);
		return SME_ENOMEM;
	}
	while (er == SME_OK && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			if (errbuf != NULL)
				snprintf(errbuf, errbufsz, "%s:%u: line too long",
				    path, lineno);
			er = SME_EINPUT;
			break;
		}
		p = config_trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			if (errbuf != NULL)
				snprintf(errbuf, errbufsz,
				    "%s:%u: expected key = value", path, lineno);
			er = SME_EINPUT;
			break;
		}
		*eq = '\0';
		er = config_set(cfg, config_trim(p), config_trim(eq + 1));
	}
	fclose(f);
	if (er != SME_OK) {
		config_free(cfg);
		return er;
	}
	*out = cfg;
	return SME_OK;
}

const char *
config_str(const struct config *cfg, const char *key, const char *def)
{
	size_t	 i;

	for (i = 0; cfg != NULL && i < cfg->n; i++)
		if (strcmp(cfg->v[i].key, key) == 0)
			return cfg->v[i].val;
	return def;
}

long long
config_int(const struct config *cfg, const char *key, long long def)
{
	const char	*s = config_str(cfg, key, NULL);
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return def;
	return v;
}
