/*
 * filing.c - filings and their values in the database (see filing.h). A
 * section save and a submission are each one transaction that locks the
 * filing row and checks the version first (SELECT ... FOR UPDATE), so
 * nothing is ever half-saved. They run through db_tx_run (READ COMMITTED,
 * retried on deadlock): the filing row's lock orders every writer of one
 * filing, and no gap is locked, so the first saves of new filings, whose
 * section and value rows sit side by side at the end of their indexes, do
 * not deadlock on each other's gap locks. Creation locks the enterprise's
 * row the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "account.h"
#include "audit.h"
#include "combine.h"
#include "db.h"
#include "filing.h"
#include "flow.h"
#include "form.h"
#include "libyear.h"
#include "log.h"
#include "once.h"
#include "prefill.h"
#include "selfcheck.h"
#include "sms.h"
#include "vocab.h"

/*
 * A filing in one round trip: the row, its enterprise, its values as a
 * JSON object, the version of one section, its events as a JSON object of
 * arrays by id, the stored self-check and whether it is fresh (computed at the
 * current scheme generation, for the enterprise's region); whether a
 * reviewer opened it; for the page's frame, the save time of each section,
 * the slot of each attachment and the sections copied from the library
 * (lib/progress.c, lib/prefill.c), so a section page needs no other query.
 */
static const char SQL_LOAD[] =
    "SELECT f.id, f.enterprise_id, f.kind, COALESCE(f.class, ''), COALESCE(f.level, ''),"
    " f.year, f.subject, f.state, f.return_reason, f.version, f.submissions,"
    " DATE_FORMAT(f.updated_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " COALESCE(DATE_FORMAT(f.submitted_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''),"
    " e.name, e.uscc, e.region_code,"
    " (SELECT JSON_OBJECTAGG(v.name, v.value) FROM filing_value v WHERE v.filing_id = f.id),"
    " COALESCE((SELECT s.version FROM filing_section s WHERE s.filing_id = f.id"
    "  AND s.section = ?), 0),"
    " (SELECT JSON_OBJECTAGG(ev.id, JSON_ARRAY(DATE_FORMAT(ev.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    "  ev.action, ev.from_state, ev.to_state, COALESCE(ev.reason, ''),"
    "  COALESCE(a.display_name, '')))"
    "  FROM filing_event ev LEFT JOIN account a ON a.id = ev.actor_id WHERE ev.filing_id = f.id),"
    " g.gen, c.gen = g.gen AND c.region_code = e.region_code,"
    " c.schemes, c.met, c.unmet, c.evidence, c.unknown, f.opened_at IS NOT NULL,"
    " (SELECT JSON_OBJECTAGG(s.section,"
    "  COALESCE(DATE_FORMAT(s.saved_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), ''))"
    "  FROM filing_section s WHERE s.filing_id = f.id),"
    " (SELECT JSON_OBJECTAGG(at.id, at.slot) FROM attachment at WHERE at.filing_id = f.id),"
    " (SELECT JSON_OBJECTAGG(p.section, CONCAT(src.year, ' ', src.kind))"
    "  FROM filing_prefill p JOIN filing src ON src.id = p.source_id WHERE p.filing_id = f.id),"
    " (SELECT CONCAT_WS(' ', p2.name, p1.name, r.name) FROM region r"
    "  LEFT JOIN region p1 ON p1.code = r.parent_code"
    "  LEFT JOIN region p2 ON p2.code = p1.parent_code WHERE r.code = e.region_code)"
    " FROM filing f JOIN enterprise e ON e.id = f.enterprise_id"
    " JOIN scheme_generation g ON g.id = 1"
    " LEFT JOIN filing_check c ON c.filing_id = f.id WHERE f.id = ?";
/* SQL_LOAD's columns, in its order. */
enum {
	LD_ID, LD_ENTERPRISE, LD_KIND, LD_CLASS, LD_LEVEL, LD_YEAR, LD_SUBJECT,
	LD_STATE, LD_RETURN_REASON, LD_VERSION, LD_SUBMISSIONS, LD_UPDATED_AT,
	LD_SUBMITTED_AT, LD_ENT_NAME, LD_ENT_USCC, LD_ENT_REGION, LD_VALUES,
	LD_SECTION_VERSION, LD_EVENTS, LD_SCHEME_GEN, LD_CHECK_FRESH,
	LD_CHECK_SCHEMES, LD_CHECK_MET, LD_CHECK_UNMET, LD_CHECK_EVIDENCE,
	LD_CHECK_UNKNOWN, LD_OPENED, LD_SAVED, LD_SLOTS, LD_PREFILL,
	LD_REGION_NAME
};
static const char SQL_LOCK[] =
    "SELECT version, state FROM filing WHERE id = ? FOR UPDATE";
static const char SQL_DEL_VALUE[] =
    "DELETE FROM filing_value WHERE filing_id = ? AND name = ?";
static const char SQL_PUT_VALUE[] =
    "INSERT INTO filing_value (filing_id, name, value) VALUES (?, ?, ?)"
    " ON DUPLICATE KEY UPDATE value = VALUES(value)";
static const char SQL_SECTION_LOCK[] =
    "SELECT version FROM filing_section WHERE filing_id = ? AND section = ? FOR UPDATE";
static const char SQL_SECTION_VERSION[] =
    "SELECT version FROM filing_section WHERE filing_id = ? AND section = ?";
static const char SQL_SECTION_BUMP[] =
    "INSERT INTO filing_section (filing_id, section, version, saved_at) VALUES (?, ?, 1, UTC_TIMESTAMP())"
    " ON DUPLICATE KEY UPDATE version = version + 1, saved_at = UTC_TIMESTAMP()";
static const char SQL_SECTIONS_SAVED[] =
    "SELECT section, COALESCE(DATE_FORMAT(saved_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), '')"
    " FROM filing_section WHERE filing_id = ?";
static const char SQL_BUMP[] =
    "UPDATE filing SET version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ?";
static const char SQL_SUBMIT[] =
    "UPDATE filing SET state = ?, version = version + 1, submissions = submissions + 1,"
    " return_reason = NULL, updated_at = UTC_TIMESTAMP(), submitted_at = UTC_TIMESTAMP(),"
    " opened_at = NULL WHERE id = ? AND version = ?";
static const char SQL_WITHDRAW_LOCK[] =
    "SELECT version, state, opened_at IS NULL FROM filing WHERE id = ? FOR UPDATE";
static const char SQL_WITHDRAW[] =
    "UPDATE filing SET state = 'draft', version = version + 1, updated_at = UTC_TIMESTAMP()"
    " WHERE id = ? AND version = ? AND opened_at IS NULL";
static const char SQL_WITHDRAW_EVENT[] =
    "INSERT INTO filing_event (filing_id, at, actor_id, action, from_state, to_state, reason)"
    " VALUES (?, UTC_TIMESTAMP(), ?, 'withdraw', ?, 'draft', NULL)";
static const char SQL_MARK_OPENED[] =
    "UPDATE filing SET opened_at = UTC_TIMESTAMP() WHERE id = ? AND state = ? AND opened_at IS NULL";
static const char SQL_SUBMISSION[] =
    "INSERT INTO filing_submission (filing_id, seq, submitted_at, submitted_by, snapshot, attachments)"
    " SELECT ?, ?, UTC_TIMESTAMP(), ?, ?, COALESCE((SELECT JSON_ARRAYAGG(JSON_OBJECT("
    "'slot', a.slot, 'name', a.name, 'sha256', a.sha256) ORDER BY a.slot, a.id)"
    " FROM attachment a WHERE a.filing_id = ?), '[]')";
static const char SQL_EVENT[] =
    "INSERT INTO filing_event (filing_id, at, actor_id, action, from_state, to_state, reason)"
    " VALUES (?, UTC_TIMESTAMP(), ?, 'submit', ?, ?, NULL)";
static const char SQL_CREATE[] =
    "INSERT INTO filing (enterprise_id, kind, class, level, year, subject, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP())";
/* The 小巨人 title a recheck naming no product is of: the latest granted. */
static const char SQL_GIANT_TITLE[] =
    "SELECT kind FROM title WHERE enterprise_id = ? AND kind IN ('giant-mfg', 'giant-innov')"
    " ORDER BY granted_on DESC, id DESC LIMIT 1";
static const char SQL_LOCK_ENTERPRISE[] =
    "SELECT id FROM enterprise WHERE id = ? FOR UPDATE";

int
filing_year_now(void)
{
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

static char *
filing_dup(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void
filing_copy(char *dst, size_t dstsz, const char *s)
{
	snprintf(dst, dstsz, "%s", s != NULL ? s : "");
}

static void
filing_pairs_free(struct filing_val *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

void
filing_free(struct filing *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nvals; i++) {
		free(f->vals[i].name);
		free(f->vals[i].value);
	}
	free(f->vals);
	for (i = 0; i < f->nevents; i++) {
		free(f->events[i].at);
		free(f->events[i].action);
		free(f->events[i].from_state);
		free(f->events[i].to_state);
		free(f->events[i].reason);
		free(f->events[i].who);
	}
	free(f->events);
	filing_pairs_free(f->saved, f->nsaved);
	filing_pairs_free(f->slots, f->nslots);
	filing_pairs_free(f->prefill, f->nprefill);
	free(f->subject);
	free(f->return_reason);
	free(f->ent_name);
	free(f->ent_uscc);
	free(f->ent_region);
	free(f->ent_region_name);
	free(f);
}

static int
filing_sort_cmp(const void *a, const void *b)
{
	return strcmp(((const struct filing_val *)a)->name, ((const struct filing_val *)b)->name);
}

/* The pairs of JSON object js (NULL: none) into *out, sorted by name. */
static enum sme_err
filing_load_pairs(const char *js, struct filing_val **out, size_t *nout)
{
	struct json_object	*o;
	struct filing_val	*v;
	size_t			 n;

	if (js == NULL)
		return SME_OK;
	if ((o = json_tokener_parse(js)) == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return SME_EINPUT;
	}
	n = (size_t)json_object_object_length(o);
	if ((*out = v = calloc(n + 1, sizeof(*v))) == NULL) {
		json_object_put(o);
		return SME_ENOMEM;
	}
	json_object_object_foreach(o, k, jv) {
		if (*nout == n)
			break;
		v[*nout].name = filing_dup(k);
		v[*nout].value = filing_dup(json_object_get_string(jv));
		(*nout)++;
		if (v[*nout - 1].name == NULL || v[*nout - 1].value == NULL) {
			json_object_put(o);
			return SME_ENOMEM;
		}
	}
	json_object_put(o);
	/* By strcmp, for filing_get's bsearch. */
	if (*nout > 1)
		qsort(v, *nout, sizeof(*v), filing_sort_cmp);
	return SME_OK;
}

/* An event of the JSON object of SQL_LOAD: its id (the key) and its array. */
struct filing_event_js {
	long long		 id;
	struct json_object	*a;
};

static int
filing_event_cmp(const void *a, const void *b)
{
	const struct filing_event_js *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The events of JSON object js ({"id": [at, action, from, to, reason, who],
 * ...}) into f, in the order of their ids. An object rather than
 * JSON_ARRAYAGG(... ORDER BY id): MariaDB's JSON_ARRAYAGG, like
 * GROUP_CONCAT, collects into a temporary table, created on disk (Aria)
 * when an item may exceed 512 characters, as a reason may: a file created
 * and removed on every section page, more than half the statement's cost.
 */
static enum sme_err
filing_load_events(struct filing *f, const char *js)
{
	struct json_object	*o, *e;
	struct filing_event_js	*by;
	size_t			 n, i;

	if (js == NULL)
		return SME_OK;
	if ((o = json_tokener_parse(js)) == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return SME_EINPUT;
	}
	n = (size_t)json_object_object_length(o);
	if ((f->events = calloc(n + 1, sizeof(*f->events))) == NULL ||
	    (by = calloc(n + 1, sizeof(*by))) == NULL) {
		json_object_put(o);
		return SME_ENOMEM;
	}
	i = 0;
	json_object_object_foreach(o, key, val) {
		if (i < n) {
			by[i].id = strtoll(key, NULL, 10);
			by[i++].a = val;
		}
	}
	n = i;
	qsort(by, n, sizeof(*by), filing_event_cmp);
	for (i = 0; i < n; i++) {
		struct filing_event	*ev = &f->events[f->nevents++];
		char			**col[6] = { &ev->at, &ev->action, &ev->from_state,
		    &ev->to_state, &ev->reason, &ev->who };
		size_t			 k;

		e = by[i].a;
		for (k = 0; k < 6; k++) {
			const char *v = json_object_get_string(json_object_array_get_idx(e, k));

			if ((*col[k] = filing_dup(v != NULL ? v : "")) == NULL) {
				free(by);
				json_object_put(o);
				return SME_ENOMEM;
			}
		}
	}
	free(by);
	json_object_put(o);
	return SME_OK;
}

enum sme_err
filing_load(struct db *db, long long id, struct filing **out)
{
	return filing_load_section(db, id, "", out);
}

/* The cells of SQL_LOAD's row into f (its values and events left). */
static void
filing_from_row(struct filing *f, const struct db_res *res)
{
	f->id = db_res_int(res, 0, LD_ID, 0);
	f->enterprise_id = db_res_int(res, 0, LD_ENTERPRISE, 0);
	filing_copy(f->kind, sizeof(f->kind), db_res_get(res, 0, LD_KIND));
	filing_copy(f->class, sizeof(f->class), db_res_get(res, 0, LD_CLASS));
	filing_copy(f->level, sizeof(f->level), db_res_get(res, 0, LD_LEVEL));
	f->year = (int)db_res_int(res, 0, LD_YEAR, 0);
	f->subject = filing_dup(db_res_get(res, 0, LD_SUBJECT));
	f->state = flow_state_parse(db_res_get(res, 0, LD_STATE));
	f->return_reason = filing_dup(db_res_get(res, 0, LD_RETURN_REASON));
	f->version = db_res_int(res, 0, LD_VERSION, 0);
	f->submissions = db_res_int(res, 0, LD_SUBMISSIONS, 0);
	filing_copy(f->updated_at, sizeof(f->updated_at), db_res_get(res, 0, LD_UPDATED_AT));
	filing_copy(f->submitted_at, sizeof(f->submitted_at), db_res_get(res, 0, LD_SUBMITTED_AT));
	f->ent_name = filing_dup(db_res_get(res, 0, LD_ENT_NAME));
	f->ent_uscc = filing_dup(db_res_get(res, 0, LD_ENT_USCC));
	f->ent_region = filing_dup(db_res_get(res, 0, LD_ENT_REGION));
	f->section_version = db_res_int(res, 0, LD_SECTION_VERSION, 0);
	f->scheme_gen = db_res_int(res, 0, LD_SCHEME_GEN, 0);
	f->check.fresh = db_res_int(res, 0, LD_CHECK_FRESH, 0) == 1;
	f->check.schemes = (int)db_res_int(res, 0, LD_CHECK_SCHEMES, 0);
	f->check.met = (int)db_res_int(res, 0, LD_CHECK_MET, 0);
	f->check.unmet = (int)db_res_int(res, 0, LD_CHECK_UNMET, 0);
	f->check.evidence = (int)db_res_int(res, 0, LD_CHECK_EVIDENCE, 0);
	f->check.unknown = (int)db_res_int(res, 0, LD_CHECK_UNKNOWN, 0);
	f->opened = db_res_int(res, 0, LD_OPENED, 0) == 1;
	f->ent_region_name = filing_dup(db_res_get(res, 0, LD_REGION_NAME) != NULL ?
	    db_res_get(res, 0, LD_REGION_NAME) : "");
	f->form_kind = form_kind_of(f->kind, f->class, f->subject);
}

enum sme_err
filing_load_section(struct db *db, long long id, const char *section,
    struct filing **out)
{
	struct db_param	 p[2] = { DB_STR(section), DB_INT(id) };
	struct db_res	*res;
	struct filing	*f;
	enum sme_err	 er;

	*out = NULL;
	if ((er = db_query(db, SQL_LOAD, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_OK;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	filing_from_row(f, res);
	filing_copy(f->section, sizeof(f->section), section);
	if (f->ent_name == NULL || f->ent_uscc == NULL || f->ent_region == NULL)
		er = SME_ENOMEM;
	else if ((er = filing_load_pairs(db_res_get(res, 0, LD_VALUES), &f->vals, &f->nvals)) ==
	    SME_OK && (er = filing_load_events(f, db_res_get(res, 0, LD_EVENTS))) == SME_OK &&
	    (er = filing_load_pairs(db_res_get(res, 0, LD_SAVED), &f->saved, &f->nsaved)) == SME_OK &&
	    (er = filing_load_pairs(db_res_get(res, 0, LD_SLOTS), &f->slots, &f->nslots)) == SME_OK &&
	    (er = filing_load_pairs(db_res_get(res, 0, LD_PREFILL), &f->prefill, &f->nprefill)) == SME_OK)
		f->framed = 1;
	db_res_free(res);
	if (er != SME_OK) {
		log_err("filing %lld: load: %s", id, sme_strerror(er));
		filing_free(f);
		return er;
	}
	*out = f;
	return SME_OK;
}

static int
filing_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct filing_val *)e)->name);
}

const char *
filing_get(const struct filing *f, const char *name)
{
	const struct filing_val	*v;

	/* bsearch must not be given NULL: a filing without values has none. */
	if (f->nvals == 0)
		return NULL;
	v = bsearch(name, f->vals, f->nvals, sizeof(*f->vals), filing_cmp);
	return v != NULL ? v->value : NULL;
}

const char *
filing_getter(void *arg, const char *name)
{
	return filing_get(arg, name);
}

/* Lock row id; SME_ECONFLICT unless at version (any when < 0) and editable. */
static enum sme_err
filing_lock(struct db *db, long long id, long long version, int need_editable)
{
	struct db_param	 p[1] = { DB_INT(id) };
	struct db_res	*res;
	enum sme_err	 er;
	int		 ok;

	if ((er = db_query(db, SQL_LOCK, p, 1, &res)) != SME_OK)
		return er;
	ok = res->nrows == 1 && (version < 0 || db_res_int(res, 0, 0, -1) == version) &&
	    (!need_editable || flow_editable(flow_state_parse(db_res_get(res, 0, 1))));
	db_res_free(res);
	return ok ? SME_OK : SME_ECONFLICT;
}

/* Lock the row of section of filing id; SME_ECONFLICT unless at version (0: never saved). */
static enum sme_err
filing_section_lock(struct db *db, long long id, const char *section, long long version)
{
	struct db_param	 p[2] = { DB_INT(id), DB_STR(section) };
	struct db_res	*res;
	enum sme_err	 er;
	long long	 cur;

	if ((er = db_query(db, SQL_SECTION_LOCK, p, 2, &res)) != SME_OK)
		return er;
	cur = res->nrows > 0 ? db_res_int(res, 0, 0, 0) : 0;
	db_res_free(res);
	return cur == version ? SME_OK : SME_ECONFLICT;
}

struct filing_save_args {
	long long			 id;
	const struct filing_save_at	*at;
	const struct form_item		*items;
	char *const			*vals;
	size_t				 n;
};

static enum sme_err
filing_save_tx(struct db *db, void *arg)
{
	const struct filing_save_args	*a = arg;
	const struct filing_save_at	*at = a->at;
	const struct form_item		*items = a->items;
	char *const			*vals = a->vals;
	struct db_param	 p[3];
	enum sme_err	 er;
	size_t		 i, n = a->n;
	long long	 id = a->id;

	/* The token first: a repeat waits here for the first copy's outcome. */
	if ((er = once_record(db, at->once)) != SME_OK)
		return er;
	if ((er = filing_lock(db, id, at->section_version >= 0 ? -1 : at->version, 1)) != SME_OK)
		return er;
	if (at->section_version >= 0 &&
	    (er = filing_section_lock(db, id, at->section, at->section_version)) != SME_OK)
		return er;
	for (i = 0; i < n; i++) {
		if (items[i].f->flags & FORM_READONLY)
			continue;
		p[0] = DB_INT(id);
		p[1] = DB_STR(items[i].name);
		if (vals[i] == NULL || vals[i][0] == '\0')
			er = db_exec(db, SQL_DEL_VALUE, p, 2, NULL, NULL);
		else {
			p[2] = DB_STR(vals[i]);
			er = db_exec(db, SQL_PUT_VALUE, p, 3, NULL, NULL);
		}
		if (er != SME_OK)
			return er;
	}
	p[0] = DB_INT(id);
	p[1] = DB_STR(at->section);
	if ((er = db_exec(db, SQL_SECTION_BUMP, p, 2, NULL, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_BUMP, p, 1, NULL, NULL)) != SME_OK ||
	    (er = prefill_clear(db, id, at->section)) != SME_OK)
		return er;
	/* The self-check of the values just saved, in the same transaction. */
	return selfcheck_refresh(db, id);
}

enum sme_err
filing_save(struct db *db, long long id, const struct filing_save_at *at,
    const struct form_item *items, char *const *vals, size_t n)
{
	struct filing_save_args	 a = { id, at, items, vals, n };

	return db_tx_run(db, filing_save_tx, &a);
}

enum sme_err
filing_section_version(struct db *db, long long id, const char *section, long long *out)
{
	struct db_param	 p[2] = { DB_INT(id), DB_STR(section) };
	struct db_res	*res;
	enum sme_err	 er;

	*out = 0;
	if ((er = db_query(db, SQL_SECTION_VERSION, p, 2, &res)) != SME_OK)
		return er;
	if (res->nrows > 0)
		*out = db_res_int(res, 0, 0, 0);
	db_res_free(res);
	return SME_OK;
}

char *
filing_snapshot(const struct filing *f)
{
	struct json_object	*o;
	char			*s;
	size_t			 i;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	for (i = 0; i < f->nvals; i++)
		json_object_object_add(o, f->vals[i].name,
		    json_object_new_string(f->vals[i].value));
	s = filing_dup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

struct filing_submit_args {
	const struct filing	*f;
	long long		 actor;
	const char		*ip;
	int			 to_state;
	const char		*snap;
	const struct once_use	*once;
};

static enum sme_err
filing_submit_tx(struct db *db, void *arg)
{
	const struct filing_submit_args	*a = arg;
	const struct filing		*f = a->f;
	const char	*ip = a->ip, *snap = a->snap;
	long long	 actor = a->actor;
	int		 to_state = a->to_state;
	struct db_param	 p[5];
	enum sme_err	 er;
	unsigned long long aff;
	char		 idbuf[24], before[96], after[96];

	if ((er = once_record(db, a->once)) != SME_OK)
		return er;
	if ((er = filing_lock(db, f->id, f->version, 1)) != SME_OK)
		return er;
	p[0] = DB_STR(flow_state_name(to_state));
	p[1] = DB_INT(f->id);
	p[2] = DB_INT(f->version);
	if ((er = db_exec(db, SQL_SUBMIT, p, 3, &aff, NULL)) != SME_OK)
		return er;
	if (aff != 1)
		return SME_ECONFLICT;
	p[0] = DB_INT(f->id);
	p[1] = DB_INT(f->submissions + 1);
	p[2] = DB_INT(actor);
	p[3] = DB_STR(snap);
	p[4] = DB_INT(f->id);
	if ((er = db_exec(db, SQL_SUBMISSION, p, 5, NULL, NULL)) != SME_OK)
		return er;
	p[0] = DB_INT(f->id);
	p[1] = DB_INT(actor);
	p[2] = DB_STR(flow_state_name(f->state));
	p[3] = DB_STR(flow_state_name(to_state));
	if ((er = db_exec(db, SQL_EVENT, p, 4, NULL, NULL)) != SME_OK)
		return er;
	snprintf(idbuf, sizeof(idbuf), "%lld", f->id);
	audit_json(before, sizeof(before), "state", flow_state_name(f->state), NULL);
	audit_json(after, sizeof(after), "state", flow_state_name(to_state), NULL);
	if ((er = audit_log(db, actor, ip, "filing_submit", "filing", idbuf, before, after)) != SME_OK)
		return er;
	/* As submitted: the queue shows it without evaluating anything. */
	return selfcheck_refresh(db, f->id);
}

enum sme_err
filing_submit(struct db *db, const struct filing *f, long long actor,
    const char *ip, int to_state, const struct once_use *once)
{
	struct filing_submit_args	 a = { f, actor, ip, to_state, NULL, once };
	enum sme_err			 er;
	char				*snap;

	if ((snap = filing_snapshot(f)) == NULL)
		return SME_ENOMEM;
	a.snap = snap;
	er = db_tx_run(db, filing_submit_tx, &a);
	free(snap);
	return er;
}

struct filing_withdraw_args {
	const struct filing	*f;
	long long		 actor;
	const char		*ip;
	int			 from;
};

static enum sme_err
filing_withdraw_tx(struct db *db, void *arg)
{
	const struct filing_withdraw_args	*a = arg;
	struct db_param		 p[3];
	struct db_res		*res;
	enum sme_err		 er;
	unsigned long long	 aff;
	int			 ok;
	char			 idbuf[24], before[96], after[96];

	p[0] = DB_INT(a->f->id);
	if ((er = db_query(db, SQL_WITHDRAW_LOCK, p, 1, &res)) != SME_OK)
		return er;
	ok = res->nrows == 1 && db_res_int(res, 0, 0, -1) == a->f->version &&
	    flow_state_parse(db_res_get(res, 0, 1)) == a->from && db_res_int(res, 0, 2, 0) == 1;
	db_res_free(res);
	if (!ok)
		return SME_ECONFLICT;
	p[1] = DB_INT(a->f->version);
	if ((er = db_exec(db, SQL_WITHDRAW, p, 2, &aff, NULL)) != SME_OK)
		return er;
	if (aff != 1)
		return SME_ECONFLICT;
	p[1] = DB_INT(a->actor);
	p[2] = DB_STR(flow_state_name(a->from));
	if ((er = db_exec(db, SQL_WITHDRAW_EVENT, p, 3, NULL, NULL)) != SME_OK)
		return er;
	snprintf(idbuf, sizeof(idbuf), "%lld", a->f->id);
	audit_json(before, sizeof(before), "state", flow_state_name(a->from), NULL);
	audit_json(after, sizeof(after), "state", "draft", NULL);
	return audit_log(db, a->actor, a->ip, "filing_withdraw", "filing", idbuf, before, after);
}

enum sme_err
filing_withdraw(struct db *db, const struct filing *f, long long actor, const char *ip,
    int from_state)
{
	struct filing_withdraw_args	 a = { f, actor, ip, from_state };

	return db_tx_run(db, filing_withdraw_tx, &a);
}

enum sme_err
filing_mark_opened(struct db *db, long long id, int state)
{
	struct db_param	 p[2] = { DB_INT(id), DB_STR(flow_state_name(state)) };

	return db_exec(db, SQL_MARK_OPENED, p, 2, NULL, NULL);
}

enum sme_err
filing_sections_saved(struct db *db, long long id, struct filing_saved *out, size_t max,
    size_t *n)
{
	struct db_param	 p[1] = { DB_INT(id) };
	struct db_res	*res;
	enum sme_err	 er;
	size_t		 i;

	*n = 0;
	if ((er = db_query(db, SQL_SECTIONS_SAVED, p, 1, &res)) != SME_OK)
		return er;
	for (i = 0; i < res->nrows && *n < max; i++, (*n)++) {
		filing_copy(out[*n].section, sizeof(out[*n].section), db_res_get(res, i, 0));
		filing_copy(out[*n].at, sizeof(out[*n].at), db_res_get(res, i, 1));
	}
	db_res_free(res);
	return SME_OK;
}

struct filing_create_args {
	long long	 ent;
	const char	*kind, *class, *level;
	int		 year;
	const char	*subject;
	long long	 actor;
	char		*why;
	size_t		 whysz;
	long long	*id;
};

static enum sme_err
filing_create_tx(struct db *db, void *arg)
{
	const struct filing_create_args	*a = arg;
	const char		*kind = a->kind, *class = a->class, *level = a->level;
	long long		 ent = a->ent, actor = a->actor, *id = a->id;
	int			 year = a->year, ok;
	struct db_param		 p[6];
	struct db_res		*res;
	enum sme_err		 er;
	unsigned long long	 nid;
	char			 idbuf[24], after[160];

	*id = 0;
	/*
	 * Decide and insert under the enterprise's lock: a parallel request
	 * waits here, then sees this one's filing and is refused by the rules.
	 */
	p[0] = DB_INT(ent);
	if ((er = db_query(db, SQL_LOCK_ENTERPRISE, p, 1, &res)) != SME_OK)
		return er;
	ok = res->nrows == 1;
	db_res_free(res);
	if (!ok) {
		snprintf(a->why, a->whysz, "%s", "企业信息不存在");
		return SME_OK;
	}
	if ((er = combine_check_product(db, ent, kind, level, year, a->subject,
	    a->why, a->whysz, &ok)) != SME_OK || !ok)
		return er;
	/* A 小巨人 recheck fills the form of its title's class (seed 004 §3). */
	if (strcmp(kind, "recheck") == 0 && (a->subject == NULL || *a->subject == '\0')) {
		p[0] = DB_INT(ent);
		if ((er = db_query(db, SQL_GIANT_TITLE, p, 1, &res)) != SME_OK)
			return er;
		class = res->nrows > 0 && db_res_is(res, 0, 0, "giant-innov") ?
		    "innov" : "mfg";
		db_res_free(res);
	}
	p[0] = DB_INT(ent);
	p[1] = DB_STR(kind);
	p[2] = DB_OPT(class);
	p[3] = DB_OPT(level);
	p[4] = DB_INT(year);
	p[5] = DB_OPT(a->subject);
	if ((er = db_exec(db, SQL_CREATE, p, 6, NULL, &nid)) != SME_OK)
		return er;
	*id = (long long)nid;
	/* Seed 002: "系统自动获取当前企业的已有信息" (lib/prefill.c). */
	if ((er = prefill_copy(db, *id, ent, form_kind_of(kind, class, a->subject), year)) != SME_OK)
		return er;
	snprintf(idbuf, sizeof(idbuf), "%lld", *id);
	audit_json(after, sizeof(after), "kind", kind, "class", class, "level", level, NULL);
	if ((er = audit_log(db, actor, NULL, "filing_create", "filing", idbuf, NULL, after)) != SME_OK)
		return er;
	return selfcheck_refresh(db, *id);
}

enum sme_err
filing_create(struct db *db, long long ent, const char *kind, const char *class,
    const char *level, int year, const char *subject, long long actor,
    char *why, size_t whysz, long long *id)
{
	struct filing_create_args	 a = { ent, kind, class, level, year, subject,
	    actor, why, whysz, id };

	if (whysz > 0)
		why[0] = '\0';
	return db_tx_run(db, filing_create_tx, &a);
}

/* ---- review decisions ----------------------------------------------------- */

static const char SQL_FILING_UPDATE[] =
    "UPDATE filing SET state = ?, version = version + 1, return_reason = ?,"
    " updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ? AND state = ?";
static const char SQL_EVENT_INSERT[] =
    "INSERT INTO filing_event (filing_id, at, actor_id, action, from_state,"
    " to_state, reason) VALUES (?, UTC_TIMESTAMP(), ?, ?, ?, ?, ?)";
static const char SQL_IN_LIBRARY[] =
    "UPDATE enterprise SET in_library = 1, version = version + 1,"
    " updated_at = UTC_TIMESTAMP() WHERE id = ?";

/* What filing_decide_tx does, worked out before the transaction. */
struct filing_decide_args {
	const struct config	*cfg;
	long long		 id, ent, version, actor;
	const char		*ip;
	int			 k, from, to;
	enum flow_action	 action;
	const char		*reason;
	const char		*from_s, *to_s;
	const char		*before, *after, *oid, *year, *mobile;
	const struct once_use	*once;
};

/*
 * The transaction of a decision: the token, the filing (SME_ECONFLICT when
 * its state or version moved on: nothing is kept), its event, the audit
 * row, the enterprise's SMS and, when an entry completes its chain, the
 * enterprise's place in the library.
 */
static enum sme_err
filing_decide_tx(struct db *db, void *arg)
{
	const struct filing_decide_args *a = arg;
	char			 cut[256];
	const char		*next;
	unsigned long long	 affected = 0;
	enum sme_err		 er;

	if ((er = once_record(db, a->once)) != SME_OK)
		return er;
	struct db_param up[] = { DB_STR(a->to_s),
	    a->action == FLOW_RETURN ? DB_STR(a->reason) : DB_NULL,
	    DB_INT(a->id), DB_INT(a->version), DB_STR(a->from_s) };
	if ((er = db_exec(db, SQL_FILING_UPDATE, up, 5, &affected, NULL)) != SME_OK)
		return er;
	if (affected == 0)
		return SME_ECONFLICT;
	struct db_param ev[] = { DB_INT(a->id), DB_INT(a->actor),
	    DB_STR(flow_action_name(a->action)), DB_STR(a->from_s), DB_STR(a->to_s),
	    a->action == FLOW_RETURN ? DB_STR(a->reason) : DB_NULL };
	if ((er = db_exec(db, SQL_EVENT_INSERT, ev, 6, NULL, NULL)) != SME_OK ||
	    (er = audit_log(db, a->actor, a->ip,
	    a->action == FLOW_RETURN ? "review_return" : "review_approve", "filing",
	    a->oid, a->before, a->after)) != SME_OK)
		return er;
	struct db_param mp[] = { DB_INT(a->ent) };
	/* An accepted entry puts it in the library and on this year's published roll. */
	if (a->to == FLOW_ACCEPTED && a->k == FLOW_KENTRY &&
	    ((er = db_exec(db, SQL_IN_LIBRARY, mp, 1, NULL, NULL)) != SME_OK ||
	    (er = libyear_roll_sync(db, a->ent)) != SME_OK))
		return er;
	if (*a->mobile == '\0')
		return SME_OK;
	if (a->action == FLOW_RETURN) {
		sms_cut(a->reason, SMS_REASON_MAX, cut, sizeof(cut));
		const char *vars[] = { "year", a->year, "kind", flow_kind_label(a->k),
		    "level", vocab_level_label(flow_state_name(a->from)), "reason", cut, NULL };
		return sms_send(db, a->cfg, a->mobile, "filing_returned", vars);
	}
	next = a->to == FLOW_ACCEPTED ? (a->k == FLOW_KENTRY ?
	    "已进入培育库" : "审核流程已完成") : "已报送上一级工信部门审核";
	const char *vars[] = { "year", a->year, "kind", flow_kind_label(a->k),
	    "level", vocab_level_label(flow_state_name(a->from)), "next", next, NULL };
	return sms_send(db, a->cfg, a->mobile, "filing_approved", vars);
}

enum sme_err
filing_decide(struct db *db, const struct config *cfg,
    const struct filing_decision *d, int *done)
{
	struct flow_chain	 chain;
	struct filing_decide_args a;
	char			 oid[32], before[256], after[1400], ver[24], ver2[24];
	char			 year[8], mobile[16] = "";
	enum sme_err		 er;

	*done = 0;
	memset(&a, 0, sizeof(a));
	a.cfg = cfg;
	a.id = d->id;
	a.ent = d->enterprise_id;
	a.version = d->version;
	a.actor = d->actor;
	a.ip = d->ip;
	a.action = d->action;
	a.reason = d->reason;
	a.once = d->once;
	a.k = flow_kind_parse(d->kind);
	a.from = flow_state_parse(d->state);
	if (a.k < 0 || a.from < 0 || d->loaded_version != d->version)
		return SME_OK;
	flow_chain(cfg, a.k, &chain);
	/* A filing already with its city when the city delegated stays the city's. */
	if (d->level != NULL && strcmp(d->level, "local") == 0)
		flow_chain_local(&chain, d->county_decides && a.from != FLOW_CITY);
	if ((a.to = flow_next(&chain, a.from, d->action, d->role)) < 0)
		return SME_OK;
	a.from_s = flow_state_name(a.from);
	a.to_s = flow_state_name(a.to);
	snprintf(oid, sizeof(oid), "%lld", a.id);
	snprintf(ver, sizeof(ver), "%lld", d->version);
	snprintf(ver2, sizeof(ver2), "%lld", d->version + 1);
	snprintf(year, sizeof(year), "%s", d->year != NULL ? d->year : "");
	audit_json(before, sizeof(before), "state", a.from_s, "version", ver, NULL);
	if (audit_json(after, sizeof(after), "state", a.to_s, "version", ver2,
	    "reason", d->action == FLOW_RETURN ? d->reason : NULL, NULL) != 0)
		audit_json(after, sizeof(after), "state", a.to_s, "version", ver2, NULL);
	if ((er = account_enterprise_mobile(db, a.ent, mobile, sizeof(mobile))) != SME_OK)
		return er;
	a.oid = oid;
	a.before = before;
	a.after = after;
	a.year = year;
	a.mobile = mobile;
	er = db_tx_run(db, filing_decide_tx, &a);
	if (er == SME_ECONFLICT && (d->once == NULL || d->once->token == NULL))
		return SME_OK;	/* stale */
	if (er == SME_OK)
		*done = 1;
	return er;
}
