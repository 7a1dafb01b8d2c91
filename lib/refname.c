/*
 * refname.c - names of coded filing values (see refname.h): clusters and
 * chains are a few dozen rows each, held in id order; industry classes
 * come from lib/industry.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "form.h"
#include "industry.h"
#include "refname.h"

struct refname_list {
	struct refname_item	*v;
	size_t			 n;
	int			 loaded;
};

static struct refname_list	refname_cl, refname_ch;	/* clusters, chains */
static struct refname_list	refname_co;		/* counties */

static const char SQL_CLUSTERS[] = "SELECT id, name, NULL FROM cluster ORDER BY id";
static const char SQL_CHAINS[] = "SELECT id, name, cluster_id FROM chain ORDER BY id";
static const char SQL_COUNTIES[] =
    "SELECT code, name, parent_code FROM region WHERE level = 'county' ORDER BY code";

static enum sme_err
refname_list_load(struct db *db, struct refname_list *l, const char *sql)
{
	struct db_res	*res;
	enum sme_err	 er;
	size_t		 i;

	if (l->loaded)
		return SME_OK;
	if ((er = db_query(db, sql, NULL, 0, &res)) != SME_OK)
		return er;
	if ((l->v = calloc(res->nrows + 1, sizeof(*l->v))) == NULL) {
		er = SME_ENOMEM;
		goto out;
	}
	for (i = 0; i < res->nrows; i++) {
		l->v[i].id = strdup(db_res_get(res, i, 0));
		l->v[i].name = strdup(db_res_get(res, i, 1));
		if (res->ncols > 2 && db_res_get(res, i, 2) != NULL &&
		    (l->v[i].parent = strdup(db_res_get(res, i, 2))) == NULL) {
			er = SME_ENOMEM;
			goto out;
		}
		if (l->v[i].id == NULL || l->v[i].name == NULL) {
			er = SME_ENOMEM;
			goto out;
		}
	}
	l->n = res->nrows;
	l->loaded = 1;
out:
	db_res_free(res);
	return er;
}

enum sme_err
refname_load(struct db *db)
{
	enum sme_err	 er;

	if ((er = industry_load(db)) != SME_OK ||
	    (er = refname_list_load(db, &refname_cl, SQL_CLUSTERS)) != SME_OK)
		return er;
	return refname_list_load(db, &refname_ch, SQL_CHAINS);
}

enum sme_err
refname_region_load(struct db *db)
{
	enum sme_err	 er;

	if ((er = refname_list_load(db, &refname_cl, SQL_CLUSTERS)) != SME_OK)
		return er;
	return refname_list_load(db, &refname_co, SQL_COUNTIES);
}

const struct refname_item *
refname_counties(size_t *n)
{
	*n = refname_co.n;
	return refname_co.v;
}

static const char *
refname_find(const struct refname_list *l, const char *id, size_t len)
{
	size_t	 i;

	for (i = 0; id != NULL && i < l->n; i++)
		if (strlen(l->v[i].id) == len && strncmp(l->v[i].id, id, len) == 0)
			return l->v[i].name;
	return NULL;
}

const char *
refname_cluster(const char *id)
{
	return id != NULL ? refname_find(&refname_cl, id, strlen(id)) : NULL;
}

const char *
refname_chain(const char *id)
{
	return id != NULL ? refname_find(&refname_ch, id, strlen(id)) : NULL;
}

const char *
refname_chain_n(const char *id, size_t len)
{
	return refname_find(&refname_ch, id, len);
}

int
refname_chain_in_cluster(const char *id, size_t len, const char *cluster)
{
	size_t	 i;

	for (i = 0; id != NULL && i < refname_ch.n; i++)
		if (strlen(refname_ch.v[i].id) == len && strncmp(refname_ch.v[i].id, id, len) == 0)
			return cluster == NULL || *cluster == '\0' || (refname_ch.v[i].parent != NULL &&
			    strcmp(refname_ch.v[i].parent, cluster) == 0);
	return 0;
}

const struct refname_item *
refname_clusters(size_t *n)
{
	*n = refname_cl.n;
	return refname_cl.v;
}

const struct refname_item *
refname_chains(size_t *n)
{
	*n = refname_ch.n;
	return refname_ch.v;
}

const char *
refname_value(const struct form_field *f, const char *value, char *buf, size_t bufsz)
{
	const struct industry	*ind;
	const char		*s, *e, *name;
	size_t			 len, n;

	if (bufsz == 0)
		return buf;
	*buf = '\0';
	if (value == NULL)
		return buf;
	switch (f != NULL ? f->type : FORM_TEXT) {
	case FORM_INDUSTRY:
		if ((ind = industry_find(value)) != NULL)
			snprintf(buf, bufsz, "%s（%s）", ind->name, value);
		else
			snprintf(buf, bufsz, "%s", value);
		break;
	case FORM_CLUSTER:
		name = refname_cluster(value);
		snprintf(buf, bufsz, "%s", name != NULL ? name : value);
		break;
	case FORM_MULTI:
		for (s = value, len = 0; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
			if ((e = strchr(s, ',')) == NULL)
				e = s + strlen(s);
			if (e == s)
				continue;
			name = refname_find(&refname_ch, s, (size_t)(e - s));
			n = (size_t)snprintf(buf + len, bufsz - len, "%s%.*s",
			    len > 0 ? "、" : "", name != NULL ? (int)strlen(name) : (int)(e - s),
			    name != NULL ? name : s);
			if (n >= bufsz - len)
				break;
			len += n;
		}
		break;
	default:
		snprintf(buf, bufsz, "%s", f != NULL ? form_choice_label(f, value) : value);
		break;
	}
	return buf;
}
