/*
 * test_filing.c - lib/filing.c against the MariaDB of tools/up (unitdb.h):
 * a section's save keeps its values and bumps the versions, a stale or
 * repeated save changes nothing, a value saved empty is removed, nothing
 * saves once the filing is submitted; a submission freezes the values
 * (snapshot), moves the state with its event and audit row, and a second
 * one from the same load is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "config.h"
#include "db.h"
#include "filing.h"
#include "flow.h"
#include "form.h"
#include "once.h"
#include "token.h"
#include "unitdb.h"

static struct config	*cfg;
static struct db	*db;
static struct form_item	 items[FORM_ITEMS_MAX];

static const char SQL_EVENTS[] =
    "SELECT COUNT(*) FROM filing_event WHERE filing_id = ? AND action = ?"
    " AND from_state = ? AND to_state = ?";
static const char SQL_AUDITS[] =
    "SELECT COUNT(*) FROM audit WHERE object_type = 'filing' AND object_id = ?"
    " AND action = ?";
static const char SQL_SNAPSHOT[] =
    "SELECT COUNT(*) FROM filing_submission WHERE filing_id = ? AND seq = 1"
    " AND JSON_VALUE(snapshot, '$.address') = ?";

/* A new draft entry filing of a new enterprise; *acct its account. */
static struct filing *
new_filing(long long *acct)
{
	struct filing	*f;
	char		 why[256];
	long long	 ent, id;

	ent = unitdb_enterprise(db, NULL, acct);
	ck_assert_int_eq(filing_create(db, ent, "entry", "mfg", NULL, filing_year_now(),
	    NULL, *acct, why, sizeof(why), &id), SME_OK);
	ck_assert_msg(id != 0, "refused: %s", why);
	ck_assert_int_eq(filing_load_section(db, id, "basic", &f), SME_OK);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->state, FLOW_DRAFT);
	return f;
}

/* The index of field name among items[0..n). */
static size_t
item(const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(items[i].name, name) == 0)
			return i;
	ck_abort_msg("no field %s", name);
	return 0;
}

/* Reload *f with section basic. */
static void
reload(struct filing **f)
{
	long long	 id = (*f)->id;

	filing_free(*f);
	ck_assert_int_eq(filing_load_section(db, id, "basic", f), SME_OK);
	ck_assert_ptr_nonnull(*f);
}

START_TEST(filing_save_keeps_values_and_refuses_a_stale_version)
{
	char			*vals[FORM_ITEMS_MAX];
	struct filing_save_at	 at;
	struct filing		*f;
	long long		 acct, v0;
	size_t			 n, a, r;

	f = new_filing(&acct);
	n = form_items(f->form_kind, f->year, "basic", items, FORM_ITEMS_MAX);
	ck_assert_int_gt(n, 3);
	memset(vals, 0, sizeof(vals));
	a = item("address", n);
	r = item("legal_rep", n);
	vals[a] = "江苏省宿迁市宿城区洪泽湖路88号";
	vals[r] = "张三";
	v0 = f->version;
	at = (struct filing_save_at){ "basic", f->section_version, f->version, NULL };
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_OK);
	reload(&f);
	ck_assert_str_eq(filing_get(f, "address"), vals[a]);
	ck_assert_str_eq(filing_get(f, "legal_rep"), "张三");
	ck_assert_int_eq(f->version, v0 + 1);
	ck_assert_int_eq(f->section_version, at.section_version + 1);

	/* Another tab saved at the version before: refused, nothing changes. */
	vals[r] = "李四";
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_ECONFLICT);
	at.section_version = -1;	/* a client without section versions */
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_ECONFLICT);
	reload(&f);
	ck_assert_str_eq(filing_get(f, "legal_rep"), "张三");
	ck_assert_int_eq(f->version, v0 + 1);

	/* At the current version: saved; a value saved empty is removed. */
	vals[a] = "";
	at = (struct filing_save_at){ "basic", f->section_version, f->version, NULL };
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_OK);
	reload(&f);
	ck_assert_ptr_null(filing_get(f, "address"));
	ck_assert_str_eq(filing_get(f, "legal_rep"), "李四");
	ck_assert_int_eq(f->version, v0 + 2);
	filing_free(f);
}
END_TEST

START_TEST(filing_save_with_a_used_token_changes_nothing)
{
	char			*vals[FORM_ITEMS_MAX], tok[48];
	struct filing_save_at	 at;
	struct once_use		 once;
	struct filing		*f;
	long long		 acct;
	size_t			 n;

	f = new_filing(&acct);
	n = form_items(f->form_kind, f->year, "basic", items, FORM_ITEMS_MAX);
	memset(vals, 0, sizeof(vals));
	vals[item("contact", n)] = "王五";
	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	memset(&once, 0, sizeof(once));
	once.account = acct;
	once.token = tok;
	once.target = "/filing";
	at = (struct filing_save_at){ "basic", f->section_version, f->version, &once };
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_OK);
	reload(&f);
	vals[item("contact", n)] = "赵六";
	at = (struct filing_save_at){ "basic", f->section_version, f->version, &once };
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_ECONFLICT);
	reload(&f);
	ck_assert_str_eq(filing_get(f, "contact"), "王五");
	filing_free(f);
}
END_TEST

START_TEST(filing_submit_freezes_moves_and_refuses_a_second_time)
{
	char			*vals[FORM_ITEMS_MAX], oid[24];
	struct filing_save_at	 at;
	struct flow_chain	 chain;
	struct filing		*f;
	long long		 acct, v;
	size_t			 n;
	int			 to;

	f = new_filing(&acct);
	n = form_items(f->form_kind, f->year, "basic", items, FORM_ITEMS_MAX);
	memset(vals, 0, sizeof(vals));
	vals[item("address", n)] = "江苏省宿迁市宿城区发展大道1号";
	at = (struct filing_save_at){ "basic", f->section_version, f->version, NULL };
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_OK);
	reload(&f);
	flow_chain(cfg, flow_kind_parse(f->kind), &chain);
	to = flow_next(&chain, f->state, FLOW_SUBMIT, FLOW_ENTERPRISE);
	ck_assert_int_eq(to, FLOW_COUNTY);
	v = f->version;
	ck_assert_int_eq(filing_submit(db, f, acct, "127.0.0.1", to, NULL), SME_OK);
	/* The same load again (a second tab): refused, nothing twice. */
	ck_assert_int_eq(filing_submit(db, f, acct, "127.0.0.1", to, NULL), SME_ECONFLICT);
	reload(&f);
	ck_assert_int_eq(f->state, FLOW_COUNTY);
	ck_assert_int_eq(f->version, v + 1);
	ck_assert_int_eq(f->submissions, 1);
	ck_assert_str_ne(f->submitted_at, "");

	snprintf(oid, sizeof(oid), "%lld", f->id);
	struct db_param ev[] = { DB_INT(f->id), DB_STR("submit"), DB_STR("draft"),
	    DB_STR("county") };
	struct db_param au[] = { DB_STR(oid), DB_STR("filing_submit") };
	struct db_param sn[] = { DB_INT(f->id), DB_STR(vals[item("address", n)]) };
	ck_assert_int_eq(unitdb_int(db, SQL_EVENTS, ev, 4), 1);
	ck_assert_int_eq(unitdb_int(db, SQL_AUDITS, au, 2), 1);
	ck_assert_int_eq(unitdb_int(db, SQL_SNAPSHOT, sn, 2), 1);

	/* Submitted: a save is refused. */
	vals[item("address", n)] = "改过的地址";
	at = (struct filing_save_at){ "basic", f->section_version, f->version, NULL };
	ck_assert_int_eq(filing_save(db, f->id, &at, items, vals, n), SME_ECONFLICT);
	reload(&f);
	ck_assert_str_eq(filing_get(f, "address"), "江苏省宿迁市宿城区发展大道1号");
	filing_free(f);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("filing");
	TCase	*tc;

	if (unitdb_open("test_filing", &cfg, &db)) {
		tc = unitdb_tcase();
		tcase_add_test(tc, filing_save_keeps_values_and_refuses_a_stale_version);
		tcase_add_test(tc, filing_save_with_a_used_token_changes_nothing);
		tcase_add_test(tc, filing_submit_freezes_moves_and_refuses_a_second_time);
		suite_add_tcase(s, tc);
	}
	return unitdb_main(s, cfg, db);
}
