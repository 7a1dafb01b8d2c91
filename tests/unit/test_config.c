/*
 * test_config.c - config.[ch]: "key = value" files with comments, blank
 * lines and spaces; malformed lines and missing files; config_int defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "config.h"

/*
 * Write text to a new temporary file and return its path in path
 * (at least 64 bytes); the caller unlinks it.
 */
static void
write_temp(const char *text, char *path, size_t pathsz)
{
	const char	*dir = getenv("TMPDIR");
	FILE		*f;
	int		 fd;

	snprintf(path, pathsz, "%s/test_config.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* Load text as a configuration file; returns the result, *out set. */
static enum sme_err
load_text(const char *text, struct config **out, char *errbuf,
    size_t errbufsz)
{
	char		 path[512];
	enum sme_err	 er;

	write_temp(text, path, sizeof(path));
	er = config_load(path, out, errbuf, errbufsz);
	unlink(path);
	return er;
}

static const char good_file[] =
    "# sme.conf - test configuration\n"
    "\n"
    "   \n"
    "db_host = localhost\n"
    "  db_port=3306  \n"
    "\tdb_name\t=\tsme\t\n"
    "    # an indented comment = not a key\n"
    "dsn = mysql://u:p@h/db?ssl=1&x=y=z\n"
    "secret==abc==\n"
    "empty =\n"
    "title = 江苏省中小企业公共服务平台\n"
    "crlf = value\r\n"
    "repeat = first\n"
    "repeat = second\n";

/* Keys and the values good_file must give them. */
static const struct {
	const char	*key;
	const char	*val;
} good_kv[] = {
	{ "db_host", "localhost" },
	{ "db_port", "3306" },
	{ "db_name", "sme" },
	{ "dsn", "mysql://u:p@h/db?ssl=1&x=y=z" },
	{ "secret", "=abc==" },
	{ "empty", "" },
	{ "title", "江苏省中小企业公共服务平台" },
	{ "crlf", "value" },
	{ "repeat", "second" },
};

START_TEST(config_load_reads_values_trimmed_past_comments_and_blank_lines)
{
	struct config	*cfg = NULL;
	char		 err[256] = "";

	ck_assert_int_eq(load_text(good_file, &cfg, err, sizeof(err)), SME_OK);
	ck_assert_ptr_nonnull(cfg);
	ck_assert_str_eq(config_str(cfg, good_kv[_i].key, "(unset)"),
	    good_kv[_i].val);
	config_free(cfg);
}
END_TEST

START_TEST(config_load_keeps_no_key_for_comments)
{
	struct config	*cfg = NULL;

	ck_assert_int_eq(load_text(good_file, &cfg, NULL, 0), SME_OK);
	ck_assert_ptr_null(config_str(cfg, "# an indented comment", NULL));
	ck_assert_ptr_null(config_str(cfg, "#", NULL));
	ck_assert_ptr_null(config_str(cfg, "", NULL));
	config_free(cfg);
}
END_TEST

START_TEST(config_load_accepts_empty_file)
{
	struct config	*cfg = NULL;

	ck_assert_int_eq(load_text("", &cfg, NULL, 0), SME_OK);
	ck_assert_ptr_nonnull(cfg);
	ck_assert_str_eq(config_str(cfg, "db_host", "dflt"), "dflt");
	config_free(cfg);
}
END_TEST

/* Files with a line lacking '=', and the line number the error must name. */
static const struct {
	const char	*text;
	const char	*where;
} bad_files[] = {
	{ "db_host\n", ":1:" },
	{ "a = 1\n\njunk line\nb = 2\n", ":3:" },
	{ "# comment\na = 1\n   \n  [section]  \n", ":4:" },
	{ "a = 1\nb = 2\nno equals sign", ":3:" },
};

START_TEST(config_load_rejects_line_without_equals_naming_the_line)
{
	struct config	*cfg = (struct config *)&cfg;
	char		 path[512], err[1024] = "";

	write_temp(bad_files[_i].text, path, sizeof(path));
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof(err)), SME_EINPUT);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, bad_files[_i].where));
	unlink(path);
}
END_TEST

START_TEST(config_load_rejects_malformed_line_without_errbuf)
{
	struct config	*cfg = NULL;

	ck_assert_int_eq(load_text("oops\n", &cfg, NULL, 0), SME_EINPUT);
	ck_assert_ptr_null(cfg);
}
END_TEST

START_TEST(config_load_missing_file_gives_esys_naming_the_path)
{
	struct config	*cfg = (struct config *)&cfg;
	char		 err[1024] = "";
	const char	*path = "/nonexistent/sme-test/sme.conf";

	ck_assert_int_eq(config_load(path, &cfg, err, sizeof(err)), SME_ESYS);
	ck_assert_ptr_null(cfg);
	ck_assert_ptr_nonnull(strstr(err, path));
	cfg = (struct config *)&cfg;
	ck_assert_int_eq(config_load(path, &cfg, NULL, 0), SME_ESYS);
	ck_assert_ptr_null(cfg);
}
END_TEST

START_TEST(config_set_replaces_an_earlier_value)
{
	struct config	*cfg = config_new();

	ck_assert_ptr_nonnull(cfg);
	ck_assert_str_eq(config_str(cfg, "k", "dflt"), "dflt");
	ck_assert_int_eq(config_set(cfg, "k", "1"), SME_OK);
	ck_assert_int_eq(config_set(cfg, "other", "x"), SME_OK);
	ck_assert_int_eq(config_set(cfg, "k", "2"), SME_OK);
	ck_assert_str_eq(config_str(cfg, "k", NULL), "2");
	ck_assert_str_eq(config_str(cfg, "other", NULL), "x");
	config_free(cfg);
}
END_TEST

START_TEST(config_free_accepts_null)
{
	config_free(NULL);
}
END_TEST

/* Values and what config_int(cfg, "n", 77) must give for them. */
static const struct {
	const char	*val;
	long long	 want;
} int_cases[] = {
	{ "0", 0 },
	{ "42", 42 },
	{ "3306", 3306 },
	{ "9223372036854775807", 9223372036854775807LL },
	{ "", 77 },
	{ "abc", 77 },
	{ "12abc", 77 },
	{ "12 ", 77 },
	{ "1.5", 77 },
	{ "0x10", 77 },
	{ "-1", 77 },
	{ "-42", 77 },
	{ "99999999999999999999", 77 },
	{ "-99999999999999999999", 77 },
};

START_TEST(config_int_parses_non_negative_integers_else_gives_default)
{
	struct config	*cfg = config_new();

	ck_assert_ptr_nonnull(cfg);
	ck_assert_int_eq(config_set(cfg, "n", int_cases[_i].val), SME_OK);
	ck_assert_msg(config_int(cfg, "n", 77) == int_cases[_i].want,
	    "config_int(\"%s\") = %lld, want %lld", int_cases[_i].val,
	    config_int(cfg, "n", 77), int_cases[_i].want);
	config_free(cfg);
}
END_TEST

START_TEST(config_int_gives_default_when_unset)
{
	struct config	*cfg = config_new();

	ck_assert_ptr_nonnull(cfg);
	ck_assert_int_eq(config_int(cfg, "missing", 5), 5);
	ck_assert_int_eq(config_int(cfg, "missing", -1), -1);
	config_free(cfg);
}
END_TEST

START_TEST(config_int_reads_loaded_file)
{
	struct config	*cfg = NULL;

	ck_assert_int_eq(load_text(good_file, &cfg, NULL, 0), SME_OK);
	ck_assert_int_eq(config_int(cfg, "db_port", 0), 3306);
	ck_assert_int_eq(config_int(cfg, "db_host", 9), 9);
	ck_assert_int_eq(config_int(cfg, "empty", 8), 8);
	config_free(cfg);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc = tcase_create("config");

	tcase_add_loop_test(tc,
	    config_load_reads_values_trimmed_past_comments_and_blank_lines, 0,
	    sizeof(good_kv) / sizeof(good_kv[0]));
	tcase_add_test(tc, config_load_keeps_no_key_for_comments);
	tcase_add_test(tc, config_load_accepts_empty_file);
	tcase_add_loop_test(tc,
	    config_load_rejects_line_without_equals_naming_the_line, 0,
	    sizeof(bad_files) / sizeof(bad_files[0]));
	tcase_add_test(tc, config_load_rejects_malformed_line_without_errbuf);
	tcase_add_test(tc, config_load_missing_file_gives_esys_naming_the_path);
	tcase_add_test(tc, config_set_replaces_an_earlier_value);
	tcase_add_test(tc, config_free_accepts_null);
	tcase_add_loop_test(tc,
	    config_int_parses_non_negative_integers_else_gives_default, 0,
	    sizeof(int_cases) / sizeof(int_cases[0]));
	tcase_add_test(tc, config_int_gives_default_when_unset);
	tcase_add_test(tc, config_int_reads_loaded_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(config_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
