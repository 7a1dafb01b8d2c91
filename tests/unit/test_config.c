/*
 * test_config.c - config.[ch]: "key = value" files with comments, blank
 * lines and spaces; malformed lines and missing files; config_int defaults;
 * the key table: unknown keys and bad values refused with file and line,
 * defaults from the table, etc/sme.conf.example against the table.
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
    "sms_http_url = http://u:p@h/db?ssl=1&x=y=z\n"
    "secret==abc==\n"
    "sms_kannel_smsc =\n"
    "sms_signature = 江苏省中小企业公共服务平台\n"
    "db_user = value\r\n"
    "templates_dir = first\n"
    "templates_dir = second\n";

/* Keys and the values good_file must give them. */
static const struct {
	const char	*key;
	const char	*val;
} good_kv[] = {
	{ "db_host", "localhost" },
	{ "db_port", "3306" },
	{ "db_name", "sme" },
	{ "sms_http_url", "http://u:p@h/db?ssl=1&x=y=z" },
	{ "secret", "=abc==" },
	{ "sms_kannel_smsc", "" },
	{ "sms_signature", "江苏省中小企业公共服务平台" },
	{ "db_user", "value" },
	{ "templates_dir", "second" },
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
	{ "db_name = 1\n\njunk line\ndb_user = 2\n", ":3:" },
	{ "# comment\ndb_name = 1\n   \n  [section]  \n", ":4:" },
	{ "db_name = 1\ndb_user = 2\nno equals sign", ":3:" },
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
	ck_assert_int_eq(config_int(cfg, "sms_kannel_smsc", 8), 8);
	config_free(cfg);
}
END_TEST

/* Files the table refuses: the line, and the words the reason must hold. */
static const struct {
	const char	*text;
	const char	*where;
	const char	*why;
} refused_files[] = {
	{ "db_name = sme\ncolour = blue\n", ":2:", "unknown key colour" },
	{ "workers = many\n", ":1:", "workers = many: not a whole number" },
	{ "# x\nworkers = 0\n", ":2:", "workers = 0: must be from 1 to" },
	{ "workers = -3\n", ":1:", "not a whole number" },
	{ "db_port = 70000\n", ":1:", "must be from 0 to 65535" },
	{ "socket_mode = 0999\n", ":1:", "not an octal mode" },
	{ "cookie_secure = never\n", ":1:", "must be one of auto|always" },
	{ "sms_gateway = pigeon\n", ":1:", "must be one of" },
	{ "sme-review_workers = lots\n", ":1:", "not a whole number" },
	{ "sms_http_param_foo = x\nsme-review_socket = /x\nsms_http_parm = x\n",
	    ":3:", "unknown key sms_http_parm" },
};

START_TEST(config_load_refuses_unknown_keys_and_bad_values_naming_file_and_line)
{
	struct config	*cfg = (struct config *)&cfg;
	char		 path[512], err[1024] = "";

	write_temp(refused_files[_i].text, path, sizeof(path));
	ck_assert_int_eq(config_load(path, &cfg, err, sizeof(err)), SME_EINPUT);
	unlink(path);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strstr(err, path) != NULL &&
	    strstr(err, refused_files[_i].where) != NULL &&
	    strstr(err, refused_files[_i].why) != NULL,
	    "error \"%s\" lacks %s or \"%s\"", err, refused_files[_i].where,
	    refused_files[_i].why);
}
END_TEST

START_TEST(config_defaults_come_from_the_table)
{
	struct config	*cfg = config_new();

	ck_assert_ptr_nonnull(cfg);
	ck_assert_int_eq(config_num(cfg, "sms_timeout_s"), 10);
	ck_assert_int_eq(config_num(cfg, "socket_mode"), 0660);
	ck_assert_str_eq(config_text(cfg, "sms_gateway"), "file");
	ck_assert_ptr_null(config_text(cfg, "sms_from"));
	ck_assert_int_eq(config_set(cfg, "sms_timeout_s", "3"), SME_OK);
	ck_assert_int_eq(config_num(cfg, "sms_timeout_s"), 3);
	ck_assert_int_eq(config_num(cfg, "sme-review_workers"), 0);
	config_free(cfg);
}
END_TEST

/*
 * etc/sme.conf.example against the table: it loads (every key known, every
 * value valid), its commented-out "# key = value" lines name known keys with
 * valid values, and it names every key of the table (patterns by an example).
 */
START_TEST(config_example_matches_the_table)
{
	const char	*top = getenv("top_srcdir");
	const struct config_key *k;
	char		 path[1024], line[4096], why[256], *eq, *p, *e;
	char		 named[8192] = " ";
	struct config	*cfg = NULL;
	char		 err[1024] = "";
	FILE		*f;
	size_t		 i;

	snprintf(path, sizeof(path), "%s/etc/sme.conf.example", top ? top : ".");
	ck_assert_msg(config_load(path, &cfg, err, sizeof(err)) == SME_OK, "%s", err);
	config_free(cfg);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		p = line;
		if (*p == '#')
			p += 1 + strspn(p + 1, " ");
		if ((eq = strstr(p, " =")) == NULL || strspn(p, "abcdefghijklmnopqrstuvwxyz_-") != (size_t)(eq - p))
			continue;	/* prose */
		*eq = '\0';
		e = eq + 2 + strspn(eq + 2, " ");
		if (p != line && strchr(e, ' ') != NULL)
			continue;	/* prose in a comment: "# key = 1 (for ...)" */
		k = config_key_find(p);
		ck_assert_msg(k != NULL, "%s names %s, which is not in lib/config.c", path, p);
		ck_assert_msg(config_key_check(k, e, why, sizeof(why)), "%s: %s", path, why);
		if (strlen(named) + strlen(k->name) + 2 < sizeof(named)) {
			strcat(named, k->name);
			strcat(named, " ");
		}
	}
	fclose(f);
	for (i = 0; (k = config_key_at(i)) != NULL; i++) {
		snprintf(line, sizeof(line), " %s ", k->name);
		ck_assert_msg(strstr(named, line) != NULL,
		    "%s does not name %s (lib/config.c)", path, k->name);
		ck_assert_msg(k->def == NULL || config_key_check(k, k->def, why, sizeof(why)),
		    "the default of %s: %s", k->name, why);
		ck_assert_ptr_nonnull(k->programs);
	}
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
	tcase_add_loop_test(tc,
	    config_load_refuses_unknown_keys_and_bad_values_naming_file_and_line,
	    0, sizeof(refused_files) / sizeof(refused_files[0]));
	tcase_add_test(tc, config_defaults_come_from_the_table);
	tcase_add_test(tc, config_example_matches_the_table);
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
