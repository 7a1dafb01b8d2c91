/*
 * test_rowvars.c - rowvars.[ch]: the cells of one row of a result set
 * under their template names; SQL NULL and a column past the row unset.
 */
#include <stdlib.h>

#include <check.h>

#include "db.h"
#include "rowvars.h"
#include "tmpl.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Two rows of (id, name, return reason), as sme-review's SQL_FILING reads them. */
enum { T_ID, T_NAME, T_REASON };
static char	*cells[] = {
	"17", "苏州工业园区某科技有限公司", NULL,
	"18", "南京某精密制造有限公司", "财务数据与审计报告不一致",
};
static size_t	 lens[NELEM(cells)];
static const struct db_res res = { 2, 3, cells, lens };

START_TEST(rowvars_set_fills_the_row_asked_for)
{
	static const struct rowvar map[] = {
		{ "id", T_ID }, { "ent_name", T_NAME }, { "reason", T_REASON },
	};
	struct tmpl_vars	*v = tmpl_vars_new();

	ck_assert_ptr_nonnull(v);
	rowvars_set(v, &res, 1, map, NELEM(map));
	ck_assert_str_eq(tmpl_get(v, "id"), "18");
	ck_assert_str_eq(tmpl_get(v, "ent_name"), "南京某精密制造有限公司");
	ck_assert_str_eq(tmpl_get(v, "reason"), "财务数据与审计报告不一致");
	/* Row 0's NULL reason unsets what row 1 had put there. */
	rowvars_set(v, &res, 0, map, NELEM(map));
	ck_assert_str_eq(tmpl_get(v, "id"), "17");
	ck_assert_ptr_null(tmpl_get(v, "reason"));
	ck_assert_int_eq(tmpl_failed(v), 0);
	tmpl_vars_free(v);
}
END_TEST

START_TEST(rowvars_set_leaves_unset_past_the_result)
{
	static const struct rowvar map[] = { { "id", T_ID }, { "extra", 3 } };
	struct tmpl_vars	*v = tmpl_vars_new();

	ck_assert_ptr_nonnull(v);
	rowvars_set(v, &res, 0, map, NELEM(map));
	ck_assert_str_eq(tmpl_get(v, "id"), "17");
	ck_assert_ptr_null(tmpl_get(v, "extra"));
	rowvars_set(v, &res, 2, map, NELEM(map));
	ck_assert_ptr_null(tmpl_get(v, "id"));
	tmpl_vars_free(v);
}
END_TEST

static Suite *
rowvars_suite(void)
{
	Suite	*s = suite_create("rowvars");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, rowvars_set_fills_the_row_asked_for);
	tcase_add_test(tc, rowvars_set_leaves_unset_past_the_result);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(rowvars_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
