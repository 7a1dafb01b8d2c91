/*
 * test_export.c - export.[ch]: CSV with a BOM, CRLF and RFC 4180 quoting,
 * formula-looking text defused; numbers recognised as amounts are typed;
 * the .xlsx is a zip whose sheet holds numbers as numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "export.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct export_col cols[] = {
	{ "名称", EXPORT_TEXT, 0 }, { "金额（万元）", EXPORT_NUMBER, 12 },
};

START_TEST(export_csv_quotes_and_bom)
{
	const char *cells[] = {
		"南京\"甲\",有限公司", "12.50",
		"=HYPERLINK(\"x\")", "-3",
		NULL, "abc",
		"第一行\n第二行", "-x",
	};
	struct export_table t = { cols, 2, cells, 4, "s", NULL, NULL };
	char	*out;
	size_t	 n;

	ck_assert_int_eq(export_csv(&t, &out, &n), SME_OK);
	ck_assert_uint_eq(n, strlen(out));
	ck_assert_str_eq(out,
	    "\xEF\xBB\xBF名称,金额（万元）\r\n"
	    "\"南京\"\"甲\"\",有限公司\",12.50\r\n"
	    "\"'=HYPERLINK(\"\"x\"\")\",-3\r\n"
	    ",abc\r\n"
	    "\"第一行\n第二行\",\"'-x\"\r\n");
	free(out);
}
END_TEST

static const char *const numbers[] = { "0", "12", "12.5", "-3.25", "10003.50", "123456789012345" };
static const char *const not_numbers[] = { "", "-", ".5", "5.", "1,000", "1e3", "abc", " 1", "1.2.3",
	"1234567890123456", NULL };

START_TEST(export_is_number_accepts_amounts)
{
	ck_assert_msg(export_is_number(numbers[_i]), "%s", numbers[_i]);
}
END_TEST

START_TEST(export_is_number_rejects_others)
{
	ck_assert_msg(!export_is_number(not_numbers[_i]), "%s",
	    not_numbers[_i] ? not_numbers[_i] : "(null)");
}
END_TEST

START_TEST(export_xlsx_writes_a_zip_with_typed_cells)
{
	const char *cells[] = { "甲公司", "12.5", "乙公司", "n/a" };
	struct export_table t = { cols, 2, cells, 2, "推荐汇总表", NULL, NULL };
	char	*out, path[] = "/tmp/sme-test-xlsx-XXXXXX", cmd[256], buf[65536];
	size_t	 n;
	FILE	*f, *p;
	int	 fd;

	ck_assert_int_eq(export_xlsx(&t, "/tmp", &out, &n), SME_OK);
	ck_assert_uint_gt(n, 100);
	ck_assert_mem_eq(out, "PK\x03\x04", 4);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_uint_eq(fwrite(out, 1, n, f), n);
	fclose(f);
	free(out);
	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/worksheets/sheet1.xml", path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	unlink(path);
	/* B2 is the number 12.5; B3 stays text. */
	ck_assert_msg(strstr(buf, "<c r=\"B2\"><v>12.5</v></c>") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "<c r=\"B3\" t=\"") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "ySplit=\"1\"") != NULL, "header frozen: %s", buf);
	ck_assert_msg(strstr(buf, "orientation=\"landscape\"") != NULL, "%s", buf);
}
END_TEST

START_TEST(export_xlsx_title_row_above_the_header)
{
	const char *cells[] = { "甲公司", "12.5" };
	struct export_table t = { cols, 2, cells, 1, "推荐汇总表", "2026年度新增入库推荐汇总表", NULL };
	char	*out, path[] = "/tmp/sme-test-xlsx-XXXXXX", cmd[256], buf[65536];
	size_t	 n;
	FILE	*f, *p;
	int	 fd;

	ck_assert_int_eq(export_xlsx(&t, "/tmp", &out, &n), SME_OK);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "wb");
	ck_assert_uint_eq(fwrite(out, 1, n, f), n);
	fclose(f);
	free(out);
	snprintf(cmd, sizeof(cmd), "unzip -p %s xl/worksheets/sheet1.xml", path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(buf, 1, sizeof(buf) - 1, p);
	buf[n] = '\0';
	pclose(p);
	unlink(path);
	/* The title merged over A1:B1, the header in row 2, data from row 3. */
	ck_assert_msg(strstr(buf, "<mergeCell ref=\"A1:B1\"/>") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "<c r=\"B3\"><v>12.5</v></c>") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "ySplit=\"2\"") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "<pageSetUpPr fitToPage=\"1\"/>") != NULL, "%s", buf);
}
END_TEST

START_TEST(export_xlsx_fails_cleanly_without_tmpdir)
{
	const char *cells[] = { "a", "1" };
	struct export_table t = { cols, 2, cells, 1, "s", NULL, NULL };
	char	*out = (char *)1;
	size_t	 n = 1;

	ck_assert_int_ne(export_xlsx(&t, "/nonexistent-dir", &out, &n), SME_OK);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *
export_suite(void)
{
	Suite	*s = suite_create("export");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, export_csv_quotes_and_bom);
	tcase_add_loop_test(tc, export_is_number_accepts_amounts, 0, NELEM(numbers));
	tcase_add_loop_test(tc, export_is_number_rejects_others, 0, NELEM(not_numbers));
	tcase_add_test(tc, export_xlsx_writes_a_zip_with_typed_cells);
	tcase_add_test(tc, export_xlsx_title_row_above_the_header);
	tcase_add_test(tc, export_xlsx_fails_cleanly_without_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(export_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
