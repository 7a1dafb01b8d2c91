/*
 * test_rowfill.c - rowfill.[ch]: each key takes the cell of the column its
 * entry names, whatever the order of the table; a SQL NULL unsets the key;
 * a list gets an item a row, rendered by data-each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "db.h"
#include "rowfill.h"
#include "tmpl.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Two rows of three columns (id, name, note), as db_query leaves them. */
static char *cells[] = { "7", "苏州工业园区", NULL, "8", "宿城区", "备注" };
static size_t lens[] = { 1, 18, 0, 1, 9, 6 };
static const struct db_res res = { 2, 3, cells, lens };

enum { C_ID, C_NAME, C_NOTE };
/* Not in the columns' order, and a column twice. */
static const struct rowfill map[] = {
	{ "note", C_NOTE }, { "name", C_NAME }, { "id", C_ID }, { "href_id", C_ID },
};

START_TEST(rowfill_set_takes_each_key_from_its_column)
{
	struct tmpl_vars	*v = tmpl_vars_new();

	ck_assert_ptr_nonnull(v);
	tmpl_set(v, "note", "前一行的备注");
	rowfill_set(v, &res, 0, map, NELEM(map));
	ck_assert_str_eq(tmpl_get(v, "id"), "7");
	ck_assert_str_eq(tmpl_get(v, "href_id"), "7");
	ck_assert_str_eq(tmpl_get(v, "name"), "苏州工业园区");
	ck_assert_ptr_null(tmpl_get(v, "note"));
	rowfill_set(v, &res, 1, map, NELEM(map));
	ck_assert_str_eq(tmpl_get(v, "id"), "8");
	ck_assert_str_eq(tmpl_get(v, "name"), "宿城区");
	ck_assert_str_eq(tmpl_get(v, "note"), "备注");
	ck_assert_int_eq(tmpl_failed(v), 0);
	tmpl_vars_free(v);
}
END_TEST

/* Write name into dir with text. */
static void
put(const char *dir, const char *name, const char *text)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

START_TEST(rowfill_list_adds_an_item_a_row)
{
	static const struct db_res none = { 0, 3, NULL, NULL };
	struct tmpl_vars	*v = tmpl_vars_new();
	struct tmpl		*tm;
	char			 dir[] = "/tmp/test_rowfill.XXXXXX", path[256], *out;
	size_t			 sz;

	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put(dir, "_layout.html", "<!DOCTYPE html><html><head><title>t</title></head>"
	    "<body><main data-slot=\"main\"></main></body></html>\n");
	put(dir, "rows.html", "<!DOCTYPE html><html><head><title>t</title></head><body>"
	    "<p data-each=\"rows\">[<b data-t=\"id\">x</b>|<b data-t=\"name\">x</b>|"
	    "<b data-t=\"note\">x</b>]</p><i data-each=\"none\">?</i></body></html>\n");
	ck_assert_int_eq(tmpl_load(dir, &tm), SME_OK);
	ck_assert_int_eq(rowfill_list(v, "rows", &res, map, NELEM(map)), SME_OK);
	ck_assert_int_eq(rowfill_list(v, "none", &none, map, NELEM(map)), SME_OK);
	/* The items are the list's, not the page's values. */
	ck_assert_ptr_null(tmpl_get(v, "id"));
	ck_assert_int_eq(tmpl_render(tm, "rows", v, &out, &sz), SME_OK);
	ck_assert_msg(strstr(out, "[<b>7</b>|<b>苏州工业园区</b>|<b></b>]") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "[<b>8</b>|<b>宿城区</b>|<b>备注</b>]") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "?") == NULL, "%s", out);
	free(out);
	tmpl_free(tm);
	tmpl_vars_free(v);
	snprintf(path, sizeof(path), "%s/_layout.html", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/rows.html", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

static Suite *
rowfill_suite(void)
{
	Suite	*s = suite_create("rowfill");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, rowfill_set_takes_each_key_from_its_column);
	tcase_add_test(tc, rowfill_list_adds_an_item_a_row);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(rowfill_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
