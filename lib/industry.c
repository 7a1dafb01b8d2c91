/*
 * industry.c - the GB/T 4754-2017 classes in memory (see industry.h),
 * loaded from the reference table once per worker: 1,971 rows, sorted by
 * code so lookups are binary searches.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "industry.h"

static struct industry	*ind_v;
static size_t		 ind_n;
static char		*ind_json;
static size_t		 ind_jsonsz;

static int
industry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct industry *)a)->code, ((const struct industry *)b)->code);
}

static char *
industry_dup(const char *s)
{
	return strdup(s != NULL ? s : "");
}

static enum sme_err
industry_make_json(void)
{
	struct json_object	*all, *row;
	size_t			 i;

	if ((all = json_object_new_array()) == NULL)
		return SME_ENOMEM;
	for (i = 0; i < ind_n; i++) {
		row = json_object_new_array();
		json_object_array_add(row, json_object_new_string(ind_v[i].code));
		json_object_array_add(row, json_object_new_string(ind_v[i].name));
		json_object_array_add(row, json_object_new_string(ind_v[i].parent));
		json_object_array_add(all, row);
	}
	ind_json = industry_dup(json_object_to_json_string_ext(all, JSON_C_TO_STRING_PLAIN));
	json_object_put(all);
	ind_jsonsz = ind_json != NULL ? strlen(ind_json) : 0;
	return ind_json != NULL ? SME_OK : SME_ENOMEM;
}

enum sme_err
industry_load(struct db *db)
{
	struct db_res	*res;
	enum sme_err	 er;
	size_t		 i;

	if (ind_v != NULL)
		return SME_OK;
	if ((er = db_query(db, "SELECT code, name, level, COALESCE(parent_code, '') FROM industry",
	    NULL, 0, &res)) != SME_OK)
		return er;
	if ((ind_v = calloc(res->nrows + 1, sizeof(*ind_v))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	for (i = 0; i < res->nrows; i++) {
		ind_v[i].code = industry_dup(db_res_get(res, i, 0));
		ind_v[i].name = industry_dup(db_res_get(res, i, 1));
		ind_v[i].level = (int)db_res_int(res, i, 2, 0);
		ind_v[i].parent = industry_dup(db_res_get(res, i, 3));
	}
	ind_n = res->nrows;
	db_res_free(res);
	if (ind_n > 1)
		qsort(ind_v, ind_n, sizeof(*ind_v), industry_cmp);
	return industry_make_json();
}

const struct industry *
industry_find(const char *code)
{
	struct industry	 key;

	if (code == NULL || ind_v == NULL || ind_n == 0)
		return NULL;
	key.code = (char *)code;
	return bsearch(&key, ind_v, ind_n, sizeof(*ind_v), industry_cmp);
}

size_t
industry_children(const char *parent, const struct industry **out, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; i < ind_n && n < max; i++)
		if (strcmp(ind_v[i].parent, parent) == 0)
			out[n++] = &ind_v[i];
	return n;
}

const char *
industry_json(size_t *len)
{
	*len = ind_jsonsz;
	return ind_json;
}
