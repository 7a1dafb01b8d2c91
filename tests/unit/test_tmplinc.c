/*
 * test_tmplinc.c - tmplinc.[ch] through tmpl_load(): a data-include
 * element becomes its partial's content, which reads the page's values;
 * partials nest; a missing, badly named or endlessly nested partial stops
 * the load.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tmpl.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char layout_html[] =
    "<html><head><title>t</title></head>"
    "<body><main data-slot=\"main\"></main></body></html>";

/* A template directory: dir, files written (name, text), NULL-ended. */
static void
make_dir(char *dir, size_t dirsz, const char *const *files)
{
	const char	*base = getenv("TMPDIR");
	char		 path[512];
	FILE		*f;

	snprintf(dir, dirsz, "%s/test_tmplinc.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (; files[0] != NULL; files += 2) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[0]);
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		ck_assert_int_ge(fputs(files[1], f), 0);
		ck_assert_int_eq(fclose(f), 0);
	}
}

/* Remove dir and the files of make_dir. */
static void
remove_dir(const char *dir, const char *const *files)
{
	char	 path[512];

	for (; files[0] != NULL; files += 2) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[0]);
		unlink(path);
	}
	rmdir(dir);
}

START_TEST(tmplinc_partial_takes_the_place_of_its_element_with_the_page_s_values)
{
	static const char *const files[] = {
		"_layout.html", layout_html,
		"_form.html", "<html><body><form data-a-action=\"action\">"
		    "<span data-include=\"_button.html\"></span></form>"
		    "</body></html>",
		"_button.html", "<html><body><!-- the button -->"
		    "<button data-t=\"label\">x</button>"
		    "</body></html>",
		"page.html", "<html><body><p>before</p>"
		    "<div data-include=\"_form.html\">gone</div><p>after</p>"
		    "</body></html>",
		NULL
	};
	char			 dir[256];
	struct tmpl		*t;
	struct tmpl_vars	*v;
	char			*out = NULL;
	size_t			 sz;

	make_dir(dir, sizeof(dir), files);
	ck_assert_int_eq(tmpl_load(dir, &t), SME_OK);
	ck_assert_ptr_nonnull(v = tmpl_vars_new());
	tmpl_set(v, "action", "/account/mobile/sms");
	tmpl_set(v, "label", "获取验证码");
	ck_assert_int_eq(tmpl_render(t, "page", v, &out, &sz), SME_OK);
	ck_assert_msg(strstr(out, "<p>before</p><form action=\"/account/mobile/sms\">"
	    "<button>获取验证码</button></form><p>after</p>") != NULL, "%s", out);
	ck_assert_ptr_null(strstr(out, "data-include"));
	ck_assert_ptr_null(strstr(out, "gone"));
	ck_assert_ptr_null(strstr(out, "the button"));
	/* A partial is no page of its own. */
	free(out);
	out = NULL;
	ck_assert_int_ne(tmpl_render(t, "_form", v, &out, &sz), SME_OK);
	free(out);
	tmpl_vars_free(v);
	tmpl_free(t);
	remove_dir(dir, files);
}
END_TEST

static const char *const bad_pages[] = {
	"<html><body><div data-include=\"_missing.html\"></div></body></html>",
	"<html><body><div data-include=\"page.html\"></div></body></html>",
	"<html><body><div data-include=\"../_x.html\"></div></body></html>",
	"<html><body><div data-include=\"_loop.html\"></div></body></html>",
};

START_TEST(tmplinc_missing_misnamed_or_looping_partial_stops_the_load)
{
	const char *const files[] = {
		"_layout.html", layout_html,
		"_loop.html", "<html><body><p data-include=\"_loop.html\"></p>"
		    "</body></html>",
		"page.html", bad_pages[_i],
		NULL
	};
	char		 dir[256];
	struct tmpl	*t = (struct tmpl *)&t;

	make_dir(dir, sizeof(dir), files);
	ck_assert_int_ne(tmpl_load(dir, &t), SME_OK);
	ck_assert_ptr_null(t);
	remove_dir(dir, files);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("tmplinc");
	TCase	*tc = tcase_create("load");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc,
	    tmplinc_partial_takes_the_place_of_its_element_with_the_page_s_values);
	tcase_add_loop_test(tc,
	    tmplinc_missing_misnamed_or_looping_partial_stops_the_load, 0,
	    NELEM(bad_pages));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
