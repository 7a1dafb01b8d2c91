/*
 * home.c - an enterprise's home page in one statement (home.h): a column a
 * part, each a JSON object or array, parsed and ordered here.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "db.h"
#include "home.h"
#include "libyear.h"
#include "notice.h"
#include "regionmove.h"
#include "session.h"

/*
 * Bind: the filing year (the window), the notice reader's kind and region
 * as NOTICE_VISIBLE wants them, the region of the contacts, the enterprise.
 * The contacts are those of the region, its city and the province (the
 * "near" ones of contact_list), ranked in that order.
 */
static const char SQL_HOME[] =
    "SELECT"
    " (SELECT JSON_OBJECTAGG(f.id, JSON_ARRAY(f.kind, f.year, f.state,"
    "  COALESCE(f.return_reason, ''),"
    "  DATE_FORMAT(f.updated_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    "  COALESCE(f.subject, ''))) FROM filing f WHERE f.enterprise_id = e.id),"
    /* The window of the library kind it may start (lib/combine.c). */
    " (SELECT JSON_ARRAY(w.kind, DATE_FORMAT(w.opens_at + INTERVAL 8 HOUR, '%Y-%m-%d'),"
    "  DATE_FORMAT(w.closes_at + INTERVAL 8 HOUR - INTERVAL 1 SECOND, '%Y-%m-%d'))"
    "  FROM filing_window w WHERE w.year = ?"
    "  AND w.kind = IF(e.in_library = 1, 'update', 'entry')"
    "  AND w.opens_at <= UTC_TIMESTAMP() AND w.closes_at > UTC_TIMESTAMP()),"
    " (SELECT JSON_OBJECTAGG(n.id, JSON_ARRAY(n.title, n.publish_on))"
    "  FROM notice n JOIN region rg ON rg.code = n.region_code"
    "  WHERE" NOTICE_CURRENT " AND" NOTICE_VISIBLE "),"
    " (SELECT JSON_OBJECTAGG(c.id, JSON_ARRAY(c.office, c.phone, c.hours,"
    "  CASE WHEN c.region_code = me.code THEN 0"
    "  WHEN c.region_code = me.parent_code THEN 1 ELSE 2 END, c.region_code, c.sort))"
    "  FROM region_contact c JOIN region me ON me.code = ?"
    "  WHERE c.region_code IN (me.code, COALESCE(me.parent_code, ''), '320000')),"
    " (SELECT JSON_ARRAY(" LIBYEAR_REMOVED_COLS ") FROM library_removal lr"
    "  WHERE lr.enterprise_id = e.id AND" LIBYEAR_REMOVED_WHERE LIBYEAR_REMOVED_LAST "),"
    " (SELECT JSON_ARRAY(" REGIONMOVE_LATEST_COLS ")" REGIONMOVE_LATEST_JOIN " = e.id"
    REGIONMOVE_LATEST_LAST ")"
    " FROM enterprise e WHERE e.id = ?";
enum { HM_FILINGS, HM_WINDOW, HM_NOTICES, HM_CONTACTS, HM_REMOVED, HM_MOVE, HM__MAX };
_Static_assert(HM__MAX == sizeof(((struct home *)0)->js) / sizeof(struct json_object *),
    "struct home has a JSON value for each column of SQL_HOME");

/* Item k of JSON array a as a string, "" when absent or null. */
static const char *
home_str(struct json_object *a, size_t k)
{
	const char	*s = json_object_get_string(json_object_array_get_idx(a, k));

	return s != NULL ? s : "";
}

static int
home_filing_cmp(const void *a, const void *b)
{
	const struct home_filing *x = a, *y = b;

	if (x->year != y->year)
		return x->year > y->year ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

static int
home_notice_cmp(const void *a, const void *b)
{
	const struct home_notice *x = a, *y = b;
	int			  d = strcmp(y->date, x->date);

	if (d != 0)
		return d;
	return x->id > y->id ? -1 : x->id < y->id;
}

static int
home_contact_cmp(const void *a, const void *b)
{
	const struct home_contact *x = a, *y = b;
	int			   d;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if ((d = strcmp(x->region, y->region)) != 0)
		return d;
	if (x->sort != y->sort)
		return x->sort < y->sort ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* One list of the page: its item's size, filling, order and length. */
typedef void	(*home_fill_fn)(void *, long long, struct json_object *);
struct home_list {
	size_t		 sz;
	home_fill_fn	 fill;
	int		(*cmp)(const void *, const void *);
	size_t		 max;
};

/*
 * The members of JSON object o ({"id": [...]}, or NULL: none) into a new
 * array *out of *n items of l, each filled by l->fill(item, id, array),
 * sorted by l->cmp and cut to l->max.
 */
static enum sme_err
home_items(struct json_object *o, const struct home_list *l, void **out,
    size_t *n)
{
	size_t	 cap;
	char	*items;

	*out = NULL;
	*n = 0;
	if (o == NULL)
		return SME_OK;
	if (!json_object_is_type(o, json_type_object))
		return SME_EINPUT;
	cap = (size_t)json_object_object_length(o);
	if ((items = calloc(cap + 1, l->sz)) == NULL)
		return SME_ENOMEM;
	json_object_object_foreach(o, key, val) {
		if (*n < cap && json_object_is_type(val, json_type_array))
			l->fill(items + l->sz * (*n)++, strtoll(key, NULL, 10), val);
	}
	qsort(items, *n, l->sz, l->cmp);
	if (*n > l->max)
		*n = l->max;
	*out = items;
	return SME_OK;
}

static void
home_fill_filing(void *p, long long id, struct json_object *a)
{
	struct home_filing *f = p;

	f->id = id;
	f->kind = home_str(a, 0);
	f->year = json_object_get_int(json_object_array_get_idx(a, 1));
	f->state = home_str(a, 2);
	f->reason = home_str(a, 3);
	f->updated = home_str(a, 4);
	f->subject = home_str(a, 5);
}

static void
home_fill_notice(void *p, long long id, struct json_object *a)
{
	struct home_notice *nt = p;

	nt->id = id;
	nt->title = home_str(a, 0);
	nt->date = home_str(a, 1);
}

static void
home_fill_contact(void *p, long long id, struct json_object *a)
{
	struct home_contact *ct = p;

	ct->id = id;
	ct->office = home_str(a, 0);
	ct->phone = home_str(a, 1);
	ct->hours = home_str(a, 2);
	ct->rank = json_object_get_int(json_object_array_get_idx(a, 3));
	ct->region = home_str(a, 4);
	ct->sort = json_object_get_int(json_object_array_get_idx(a, 5));
}

/* The lists of h->js into h, each ordered and cut to its length. */
static enum sme_err
home_lists(struct home *h)
{
	static const struct home_list filings = { sizeof(*h->filings),
	    home_fill_filing, home_filing_cmp, HOME_FILINGS_MAX };
	static const struct home_list notices = { sizeof(*h->notices),
	    home_fill_notice, home_notice_cmp, HOME_NOTICES_MAX };
	static const struct home_list contacts = { sizeof(*h->contacts),
	    home_fill_contact, home_contact_cmp, HOME_CONTACTS_MAX };
	void		*v;
	enum sme_err	 er;

	if ((er = home_items(h->js[HM_FILINGS], &filings, &v,
	    &h->nfilings)) != SME_OK)
		return er;
	h->filings = v;
	if ((er = home_items(h->js[HM_NOTICES], &notices, &v,
	    &h->nnotices)) != SME_OK)
		return er;
	h->notices = v;
	if ((er = home_items(h->js[HM_CONTACTS], &contacts, &v,
	    &h->ncontacts)) != SME_OK)
		return er;
	h->contacts = v;
	return SME_OK;
}

/* The one-row parts (arrays) of h->js into h. */
static enum sme_err
home_rows(struct home *h)
{
	struct json_object	*a;
	size_t			 k;

	if ((a = h->js[HM_WINDOW]) != NULL) {
		if (!json_object_is_type(a, json_type_array))
			return SME_EINPUT;
		h->window = 1;
		h->window_kind = home_str(a, 0);
		h->window_opens = home_str(a, 1);
		h->window_closes = home_str(a, 2);
	}
	if ((a = h->js[HM_REMOVED]) != NULL) {
		if (!json_object_is_type(a, json_type_array))
			return SME_EINPUT;
		h->removed = 1;
		h->removed_reason = home_str(a, 0);
		h->removed_year = json_object_get_int(json_object_array_get_idx(a, 1));
		h->removed_on = home_str(a, 2);
	}
	if ((a = h->js[HM_MOVE]) != NULL) {
		if (!json_object_is_type(a, json_type_array))
			return SME_EINPUT;
		h->move = 1;
		for (k = 0; k < sizeof(h->move_col) / sizeof(h->move_col[0]); k++)
			h->move_col[k] = home_str(a, k);
	}
	return SME_OK;
}

enum sme_err
home_load(struct db *db, const struct session *sess, int year,
    struct home *out)
{
	const char	*rc = sess->region_code;
	struct db_param	 p[] = { DB_INT(year), DB_STR("enterprise"), DB_STR(rc),
			    DB_STR(rc), DB_STR("enterprise"), DB_STR(rc), DB_STR(rc),
			    DB_STR(rc), DB_STR(rc), DB_INT(sess->enterprise_id) };
	struct db_res	*res;
	const char	*s;
	enum sme_err	 er;
	size_t		 k;

	memset(out, 0, sizeof(*out));
	if ((er = db_query(db, SQL_HOME, p, sizeof(p) / sizeof(p[0]), &res)) != SME_OK)
		return er;
	for (k = 0; k < HM__MAX && res->nrows == 1; k++)
		if ((s = db_res_get(res, 0, k)) != NULL &&
		    (out->js[k] = json_tokener_parse(s)) == NULL)
			er = SME_EINPUT;
	db_res_free(res);
	if (er == SME_OK && (er = home_lists(out)) == SME_OK)
		er = home_rows(out);
	if (er != SME_OK)
		home_free(out);
	return er;
}

void
home_free(struct home *h)
{
	size_t	 k;

	if (h == NULL)
		return;
	for (k = 0; k < HM__MAX; k++)
		json_object_put(h->js[k]);
	free(h->filings);
	free(h->notices);
	free(h->contacts);
	memset(h, 0, sizeof(*h));
}
