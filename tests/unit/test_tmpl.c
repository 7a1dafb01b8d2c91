/*
 * test_tmpl.c - tmpl.[ch]: pages composed into a layout in a temporary
 * directory, then data-t, data-a-*, data-bool-*, data-if and data-each
 * filled; values are escaped, UTF-8 stays UTF-8, directives disappear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "tmpl.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char layout_html[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"zh-CN\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<title>布局标题</title>\n"
    "</head>\n"
    "<body>\n"
    "<header><span id=\"who\" data-t=\"me_name\">访客</span></header>\n"
    "<main id=\"main\" data-slot=\"main\"></main>\n"
    "<footer>江苏省中小企业发展中心</footer>\n"
    "</body>\n"
    "</html>\n";

/* Page files: name (without .html) and content. */
static const struct {
	const char	*name;
	const char	*html;
} pages[] = {
	{ "text",
	  "<!DOCTYPE html><html><head><title>文本页</title></head><body>\n"
	  "<p id=\"msg\" data-t=\"msg\">默认<b>粗体</b></p>\n"
	  "<p id=\"fixed\">企业名称：苏州工业园区</p>\n"
	  "</body></html>\n" },
	{ "attrs",
	  "<html><head><title>属性</title></head><body>\n"
	  "<form method=\"post\" action=\"/filing\">\n"
	  "<input id=\"name\" name=\"name\" value=\"原值\" "
	  "data-a-value=\"name\">\n"
	  "<input id=\"title\" name=\"title\" value=\"as written\" "
	  "data-a-value=\"unset_key\">\n"
	  "<input id=\"csrf\" type=\"hidden\" name=\"csrf\" "
	  "data-a-value=\"csrf\">\n"
	  "<span id=\"err\" class=\"err\" data-error-for=\"name\" "
	  "data-t=\"name_error\"></span>\n"
	  "<input id=\"agree\" type=\"checkbox\" name=\"agree\" "
	  "data-bool-checked=\"agree\">\n"
	  "<input id=\"pre\" type=\"checkbox\" name=\"pre\" checked "
	  "data-bool-checked=\"pre\">\n"
	  "<input id=\"after\" type=\"checkbox\" name=\"after\" "
	  "data-bool-checked=\"after\" checked>\n"
	  "<option id=\"opt\" value=\"320100\" data-bool-selected=\"sel\">"
	  "南京市</option>\n"
	  "</form>\n"
	  "</body></html>\n" },
	{ "cond",
	  "<html><body>\n"
	  "<p id=\"yes\" data-if=\"flag\">有标志</p>\n"
	  "<p id=\"no\" data-if=\"!flag\">无标志</p>\n"
	  "<div id=\"outer\" data-if=\"flag\"><span id=\"inner\" "
	  "data-t=\"msg\"></span></div>\n"
	  "<p id=\"list\" data-if=\"rows\">有行</p>\n"
	  "<p id=\"nolist\" data-if=\"!rows\">无行</p>\n"
	  "</body></html>\n" },
	{ "each",
	  "<html><head><title>列表</title></head><body>\n"
	  "<ul id=\"rows\">"
	  "<li class=\"row\" data-each=\"rows\" data-a-id=\"rid\">"
	  "<span class=\"n\" data-t=\"name\"></span>|"
	  "<span class=\"o\" data-t=\"owner\"></span>|"
	  "<em data-if=\"star\">★</em>"
	  "</li>"
	  "</ul>\n"
	  "<p id=\"after\">表尾</p>\n"
	  "</body></html>\n" },
	{ "notitle",
	  "<html><body><p id=\"p\">无标题页</p></body></html>\n" },
	{ "html",
	  "<html><body><div id=\"body\" data-html=\"body\">默认</div></body></html>\n" },
};

static char	 tdir[256];
static struct tmpl *tm;
static struct tmpl_vars *tv;

/* Write dir/name with text. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* Remove dir/name, ignoring a missing file. */
static void
remove_file(const char *dir, const char *name)
{
	char	 path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* A new empty temporary directory in out (at least 256 bytes). */
static void
make_dir(char *out, size_t outsz)
{
	const char	*base = getenv("TMPDIR");

	snprintf(out, outsz, "%s/test_tmpl.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(out));
}

static void
setup(void)
{
	char	 file[64];
	size_t	 i;

	make_dir(tdir, sizeof(tdir));
	write_file(tdir, "_layout.html", layout_html);
	for (i = 0; i < NELEM(pages); i++) {
		snprintf(file, sizeof(file), "%s.html", pages[i].name);
		write_file(tdir, file, pages[i].html);
	}
	/* Not a page: neither .html nor a page name. */
	write_file(tdir, "notes.txt", "<p>not a template</p>");
	ck_assert_int_eq(tmpl_load(tdir, &tm), SME_OK);
	ck_assert_ptr_nonnull(tm);
	tv = tmpl_vars_new();
	ck_assert_ptr_nonnull(tv);
}

static void
teardown(void)
{
	char	 file[64];
	size_t	 i;

	tmpl_vars_free(tv);
	tv = NULL;
	tmpl_free(tm);
	tm = NULL;
	for (i = 0; i < NELEM(pages); i++) {
		snprintf(file, sizeof(file), "%s.html", pages[i].name);
		remove_file(tdir, file);
	}
	remove_file(tdir, "_layout.html");
	remove_file(tdir, "notes.txt");
	rmdir(tdir);
}

/* Render page with tv; returns the output, freed by the caller. */
static char *
render(const char *page)
{
	char	*out = NULL;
	size_t	 sz = 0;

	ck_assert_int_eq(tmpl_render(tm, page, tv, &out, &sz), SME_OK);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), sz);
	return out;
}

/* Assert that hay contains needle, showing hay if not. */
#define HAS(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, \
	    "missing <<%s>> in:\n%s", (needle), (hay))
#define HASNT(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) == NULL, \
	    "unexpected <<%s>> in:\n%s", (needle), (hay))

/* The number of times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/*
 * 1 if the start tag of the element with id="id" in html has attribute
 * name, however it is written (name, name="", name="name").
 */
static int
has_attr(const char *html, const char *id, const char *name)
{
	char		 needle[64];
	const char	*at, *start, *end, *p;
	size_t		 n = strlen(name);

	snprintf(needle, sizeof(needle), " id=\"%s\"", id);
	at = strstr(html, needle);
	ck_assert_msg(at != NULL, "no element %s in:\n%s", id, html);
	for (start = at; start > html && *start != '<'; start--)
		continue;
	end = strchr(at, '>');
	ck_assert_ptr_nonnull(end);
	for (p = start; p < end && (p = strstr(p, name)) != NULL && p < end;
	    p += n)
		if (p[-1] == ' ' && strchr("= />", p[n]) != NULL)
			return 1;
	return 0;
}

/* Values for data-t, and the escaped text that must appear in the page. */
static const struct {
	const char	*val;
	const char	*want;
	const char	*never;
} text_cases[] = {
	{ "<script>alert(\"x\")</script>&amp;",
	  "&lt;script&gt;alert(\"x\")&lt;/script&gt;&amp;amp;", "<script" },
	{ "</p><p id=\"evil\">", "&lt;/p&gt;&lt;p id=\"evil\"&gt;",
	  "<p id=\"evil\"" },
	{ "<!-- c -->", "&lt;!-- c --&gt;", "<!--" },
	{ "a & b < c > d", "a &amp; b &lt; c &gt; d", "a & b" },
	{ "&lt;already&gt;", "&amp;lt;already&amp;gt;", "&lt;already" },
	{ "<img src=x onerror=alert(1)>",
	  "&lt;img src=x onerror=alert(1)&gt;", "<img" },
};

START_TEST(tmpl_data_t_escapes_markup_in_values)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "msg", text_cases[_i].val), SME_OK);
	out = render("text");
	HAS(out, text_cases[_i].want);
	HASNT(out, text_cases[_i].never);
	free(out);
}
END_TEST

START_TEST(tmpl_data_html_keeps_allowed_markup_and_drops_script)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "body", "<p onclick=\"x()\"><strong>通知</strong></p>"
	    "<script>alert(1)</script><img src=x onerror=alert(2)>"), SME_OK);
	out = render("html");
	HAS(out, "<div id=\"body\"><p><strong>通知</strong></p></div>");
	HASNT(out, "script");
	HASNT(out, "onerror");
	HASNT(out, "onclick");
	HASNT(out, "默认");
	free(out);
}
END_TEST

START_TEST(tmpl_data_t_replaces_content_and_empties_it_when_unset)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "msg", "新内容"), SME_OK);
	out = render("text");
	HAS(out, ">新内容</p>");
	HASNT(out, "默认");
	HASNT(out, "粗体");
	free(out);
	ck_assert_int_eq(tmpl_set(tv, "msg", NULL), SME_OK);
	out = render("text");
	HASNT(out, "默认");
	HASNT(out, "粗体");
	free(out);
}
END_TEST

/* Values for data-a-value and how they must be written. */
static const struct {
	const char	*val;
	const char	*want;
} attr_cases[] = {
	{ "plain", "value=\"plain\"" },
	{ "say \"hi\"", "value=\"say &quot;hi&quot;\"" },
	{ "\"><script>alert(1)</script>",
	  "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"" },
	{ "a&b", "value=\"a&amp;b\"" },
	{ "张三", "value=\"张三\"" },
};

START_TEST(tmpl_data_a_sets_attribute_with_quotes_escaped)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "name", attr_cases[_i].val), SME_OK);
	out = render("attrs");
	HAS(out, attr_cases[_i].want);
	HASNT(out, "原值");
	HASNT(out, "<script");
	free(out);
}
END_TEST

START_TEST(tmpl_data_a_leaves_attribute_as_written_when_unset)
{
	char	*out;

	out = render("attrs");
	HAS(out, "value=\"原值\"");
	HAS(out, "value=\"as written\"");
	free(out);
}
END_TEST

START_TEST(tmpl_data_a_adds_missing_attribute)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "csrf", "tok-123_ABC"), SME_OK);
	out = render("attrs");
	HAS(out, "value=\"tok-123_ABC\"");
	free(out);
}
END_TEST

START_TEST(tmpl_data_bool_sets_attribute_when_true)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "agree", "1"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "pre", "yes"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "after", "on"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "sel", "1"), SME_OK);
	out = render("attrs");
	ck_assert_int_eq(has_attr(out, "agree", "checked"), 1);
	ck_assert_int_eq(has_attr(out, "pre", "checked"), 1);
	ck_assert_int_eq(has_attr(out, "after", "checked"), 1);
	ck_assert_int_eq(has_attr(out, "opt", "selected"), 1);
	free(out);
}
END_TEST

/* Values that are false for data-bool-* and data-if. */
static const char *const false_vals[] = { NULL, "", "0" };

START_TEST(tmpl_data_bool_removes_attribute_when_false)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "agree", false_vals[_i]), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "pre", false_vals[_i]), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "after", false_vals[_i]), SME_OK);
	out = render("attrs");
	ck_assert_int_eq(has_attr(out, "agree", "checked"), 0);
	ck_assert_int_eq(has_attr(out, "pre", "checked"), 0);
	ck_assert_int_eq(has_attr(out, "after", "checked"), 0);
	ck_assert_int_eq(has_attr(out, "opt", "selected"), 0);
	HASNT(out, "checked");
	free(out);
}
END_TEST

START_TEST(tmpl_data_if_keeps_element_only_when_true)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "flag", "1"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "msg", "内部"), SME_OK);
	out = render("cond");
	HAS(out, "有标志");
	HASNT(out, "无标志");
	HAS(out, ">内部</span>");
	free(out);
}
END_TEST

START_TEST(tmpl_data_if_not_keeps_element_only_when_false)
{
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "flag", false_vals[_i]), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "msg", "内部"), SME_OK);
	out = render("cond");
	HASNT(out, "有标志");
	HAS(out, "无标志");
	HASNT(out, "内部");
	HASNT(out, "id=\"outer\"");
	free(out);
}
END_TEST

START_TEST(tmpl_data_if_is_true_for_non_empty_list)
{
	char	*out;

	out = render("cond");
	HAS(out, "无行");
	HASNT(out, "有行");
	free(out);
	ck_assert_ptr_nonnull(tmpl_add(tv, "rows"));
	out = render("cond");
	HAS(out, "有行");
	HASNT(out, "无行");
	free(out);
}
END_TEST

START_TEST(tmpl_data_each_repeats_with_item_then_outer_values)
{
	static const char *const names[] = {
		"苏州<精密>制造", "无锡\"新材料\"", "南京&软件"
	};
	struct tmpl_vars *it;
	char		 *out, *a, *b, *c;
	size_t		  i;

	ck_assert_int_eq(tmpl_set(tv, "owner", "江苏省工信厅"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "name", "外层名"), SME_OK);
	for (i = 0; i < NELEM(names); i++) {
		it = tmpl_add(tv, "rows");
		ck_assert_ptr_nonnull(it);
		ck_assert_int_eq(tmpl_set(it, "name", names[i]), SME_OK);
		ck_assert_int_eq(tmpl_setf(it, "rid", "row-%zu", i), SME_OK);
		if (i == 1)
			ck_assert_int_eq(tmpl_set(it, "star", "1"), SME_OK);
	}
	out = render("each");
	ck_assert_uint_eq(count(out, "class=\"row\""), NELEM(names));
	/* Outer values are found from inside each item. */
	ck_assert_uint_eq(count(out, ">江苏省工信厅</span>"), NELEM(names));
	/* The item's own value hides the outer one. */
	HASNT(out, "外层名");
	a = strstr(out, "苏州&lt;精密&gt;制造");
	b = strstr(out, "无锡\"新材料\"");
	c = strstr(out, "南京&amp;软件");
	ck_assert_msg(a != NULL && b != NULL && c != NULL, "%s", out);
	ck_assert_msg(a < b && b < c, "items out of order:\n%s", out);
	HAS(out, "id=\"row-0\"");
	HAS(out, "id=\"row-2\"");
	ck_assert_uint_eq(count(out, "★"), 1);
	ck_assert_ptr_nonnull(strstr(c, "表尾"));
	free(out);
}
END_TEST

START_TEST(tmpl_data_each_of_empty_or_unset_list_removes_element)
{
	char	*out;

	out = render("each");
	HASNT(out, "class=\"row\"");
	HAS(out, "id=\"rows\"");
	HAS(out, "表尾");
	free(out);
}
END_TEST

START_TEST(tmpl_page_title_replaces_layout_title)
{
	char	*out;

	out = render("text");
	HAS(out, "<title>文本页</title>");
	HASNT(out, "布局标题");
	free(out);
	out = render("notitle");
	HAS(out, "<title>布局标题</title>");
	free(out);
}
END_TEST

START_TEST(tmpl_page_body_goes_into_the_layout_slot)
{
	char	*out, *main_el, *footer;

	ck_assert_int_eq(tmpl_set(tv, "me_name", "李四"), SME_OK);
	out = render("notitle");
	main_el = strstr(out, "<main id=\"main\">");
	footer = strstr(out, "<footer>");
	ck_assert_msg(main_el != NULL && footer != NULL, "%s", out);
	ck_assert_ptr_nonnull(strstr(main_el, "无标题页"));
	ck_assert_msg(strstr(main_el, "无标题页") < footer, "%s", out);
	/* Directives of the layout apply too. */
	HAS(out, ">李四</span>");
	HASNT(out, "访客");
	ck_assert_uint_eq(count(out, "<body"), 1);
	ck_assert_uint_eq(count(out, "<html"), 1);
	free(out);
}
END_TEST

START_TEST(tmpl_keeps_chinese_as_utf8_bytes)
{
	/* "江苏" in UTF-8, and the start of its numeric character reference. */
	static const char jiangsu[] = "\xe6\xb1\x9f\xe8\x8b\x8f";
	char	*out;

	ck_assert_int_eq(tmpl_set(tv, "msg", "江苏省南京市"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "name", "江苏企业"), SME_OK);
	out = render("text");
	HAS(out, "\xe6\xb1\x9f\xe8\x8b\x8f\xe7\x9c\x81\xe5\x8d\x97"
	    "\xe4\xba\xac\xe5\xb8\x82");			/* the value */
	/* The page's own text. */
	HAS(out, "\xe4\xbc\x81\xe4\xb8\x9a\xe5\x90\x8d\xe7\xa7\xb0");
	HAS(out, "\xe6\x96\x87\xe6\x9c\xac\xe9\xa1\xb5");	/* title */
	HAS(out, jiangsu);
	HASNT(out, "&#");
	free(out);
	out = render("attrs");
	HAS(out, "value=\"\xe6\xb1\x9f\xe8\x8b\x8f\xe4\xbc\x81\xe4\xb8\x9a\"");
	HASNT(out, "&#");
	free(out);
}
END_TEST

/* Directive attributes that must not reach the browser. */
static const char *const directives[] = {
	"data-t=", "data-a-", "data-bool-", "data-if", "data-each",
	"data-slot",
};

START_TEST(tmpl_removes_directive_attributes_but_keeps_data_error_for)
{
	struct tmpl_vars *it;
	char		 *out;
	size_t		  p, d;

	ck_assert_int_eq(tmpl_set(tv, "flag", "1"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "name", "x"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "name_error", "请填写名称"), SME_OK);
	ck_assert_int_eq(tmpl_set(tv, "agree", "1"), SME_OK);
	it = tmpl_add(tv, "rows");
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(tmpl_set(it, "star", "1"), SME_OK);
	for (p = 0; p < NELEM(pages); p++) {
		out = render(pages[p].name);
		for (d = 0; d < NELEM(directives); d++)
			HASNT(out, directives[d]);
		if (strcmp(pages[p].name, "attrs") == 0) {
			HAS(out, "data-error-for=\"name\"");
			HAS(out, ">请填写名称</span>");
		}
		free(out);
	}
}
END_TEST

START_TEST(tmpl_render_of_unknown_page_is_einput)
{
	char	*out = (char *)&out;
	size_t	 sz = 0;

	ck_assert_int_eq(tmpl_render(tm, "nosuch", tv, &out, &sz), SME_EINPUT);
	ck_assert_ptr_null(out);
	out = (char *)&out;
	ck_assert_int_eq(tmpl_render(tm, "_layout", tv, &out, &sz),
	    SME_EINPUT);
	ck_assert_ptr_null(out);
	out = (char *)&out;
	ck_assert_int_eq(tmpl_render(tm, "notes", tv, &out, &sz), SME_EINPUT);
	ck_assert_ptr_null(out);
	out = (char *)&out;
	ck_assert_int_eq(tmpl_render(tm, "", tv, &out, &sz), SME_EINPUT);
	ck_assert_ptr_null(out);
}
END_TEST

/* A value that could not be set marks the whole page: no partial page is rendered. */
START_TEST(tmpl_failed_set_sticks_to_the_page)
{
	static const wchar_t bad[] = { (wchar_t)0x110000, 0 };	/* no character: vasprintf fails */
	struct tmpl_vars *it;
	char	*out = (char *)&out;
	size_t	 sz = 0;

	ck_assert_int_eq(tmpl_failed(tv), 0);
	ck_assert_int_eq(tmpl_set(NULL, "k", "v"), SME_ENOMEM);
	ck_assert_ptr_null(tmpl_add(NULL, "list"));
	ck_assert_ptr_nonnull(it = tmpl_add(tv, "list"));
	ck_assert_int_eq(tmpl_setf(it, "k", "%ls", bad), SME_ENOMEM);
	ck_assert_int_eq(tmpl_failed(tv), 1);
	ck_assert_int_eq(tmpl_set(tv, "msg", "later"), SME_OK);
	ck_assert_int_eq(tmpl_render(tm, "text", tv, &out, &sz), SME_ENOMEM);
	ck_assert_ptr_null(out);
}
END_TEST

START_TEST(tmpl_render_does_not_change_the_loaded_page)
{
	char	*a, *b;

	ck_assert_int_eq(tmpl_set(tv, "msg", "第一次"), SME_OK);
	a = render("text");
	ck_assert_int_eq(tmpl_set(tv, "msg", "第二次"), SME_OK);
	b = render("text");
	HAS(a, "第一次");
	HAS(b, "第二次");
	HASNT(b, "第一次");
	free(a);
	free(b);
}
END_TEST

START_TEST(tmpl_get_reads_own_values_only)
{
	struct tmpl_vars *it;

	ck_assert_int_eq(tmpl_set(tv, "k", "v1"), SME_OK);
	ck_assert_str_eq(tmpl_get(tv, "k"), "v1");
	ck_assert_int_eq(tmpl_setf(tv, "k", "%d-%s", 42, "号"), SME_OK);
	ck_assert_str_eq(tmpl_get(tv, "k"), "42-号");
	ck_assert_ptr_null(tmpl_get(tv, "missing"));
	it = tmpl_add(tv, "list");
	ck_assert_ptr_nonnull(it);
	ck_assert_ptr_null(tmpl_get(it, "k"));
	ck_assert_int_eq(tmpl_set(tv, "k", NULL), SME_OK);
	ck_assert_ptr_null(tmpl_get(tv, "k"));
}
END_TEST

/*
 * A page sets hundreds of values (the sets above TMPL_LINEAR are indexed by
 * the names' hash): each name keeps its last value, lists and items alike,
 * and a long formatted value is kept whole.
 */
START_TEST(tmpl_many_values_keep_their_last_value)
{
	struct tmpl_vars *it;
	char		  k[32], want[32], big[1000];
	int		  i;

	for (i = 0; i < 500; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		ck_assert_int_eq(tmpl_setf(tv, k, "first %d", i), SME_OK);
	}
	for (i = 0; i < 500; i += 3) {
		snprintf(k, sizeof(k), "k%d", i);
		ck_assert_int_eq(tmpl_setf(tv, k, "again %d", i), SME_OK);
	}
	for (i = 0; i < 500; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		snprintf(want, sizeof(want), "%s %d", i % 3 ? "first" : "again", i);
		ck_assert_str_eq(tmpl_get(tv, k), want);
	}
	for (i = 0; i < 200; i++) {
		it = tmpl_add(tv, "list");
		ck_assert_ptr_nonnull(it);
		ck_assert_int_eq(tmpl_setf(it, "n", "%d", i), SME_OK);
	}
	ck_assert_str_eq(tmpl_get(it, "n"), "199");
	ck_assert_ptr_null(tmpl_get(tv, "n"));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(tmpl_setf(tv, "big", "<%s>", big), SME_OK);
	ck_assert_uint_eq(strlen(tmpl_get(tv, "big")), sizeof(big) + 1);
	ck_assert_int_eq(tmpl_failed(tv), 0);
}
END_TEST

START_TEST(tmpl_load_without_layout_fails)
{
	char		 dir[256];
	struct tmpl	*t = (struct tmpl *)&t;

	make_dir(dir, sizeof(dir));
	write_file(dir, "page.html", "<html><body><p>x</p></body></html>");
	ck_assert_int_ne(tmpl_load(dir, &t), SME_OK);
	ck_assert_ptr_null(t);
	remove_file(dir, "page.html");
	rmdir(dir);
}
END_TEST

START_TEST(tmpl_load_with_layout_lacking_slot_fails)
{
	char		 dir[256];
	struct tmpl	*t = (struct tmpl *)&t;

	make_dir(dir, sizeof(dir));
	write_file(dir, "_layout.html",
	    "<html><head><title>t</title></head><body><main></main></body>"
	    "</html>");
	write_file(dir, "page.html", "<html><body><p>x</p></body></html>");
	ck_assert_int_ne(tmpl_load(dir, &t), SME_OK);
	ck_assert_ptr_null(t);
	remove_file(dir, "page.html");
	remove_file(dir, "_layout.html");
	rmdir(dir);
}
END_TEST

START_TEST(tmpl_load_of_missing_dir_fails)
{
	struct tmpl	*t = (struct tmpl *)&t;

	ck_assert_int_ne(tmpl_load("/nonexistent/sme-test/templates", &t),
	    SME_OK);
	ck_assert_ptr_null(t);
}
END_TEST

START_TEST(tmpl_free_and_vars_free_accept_null)
{
	tmpl_free(NULL);
	tmpl_vars_free(NULL);
}
END_TEST

static Suite *
tmpl_suite(void)
{
	Suite	*s = suite_create("tmpl");
	TCase	*tc = tcase_create("render");
	TCase	*tl = tcase_create("load");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, tmpl_data_t_escapes_markup_in_values, 0,
	    NELEM(text_cases));
	tcase_add_test(tc,
	    tmpl_data_t_replaces_content_and_empties_it_when_unset);
	tcase_add_loop_test(tc, tmpl_data_a_sets_attribute_with_quotes_escaped,
	    0, NELEM(attr_cases));
	tcase_add_test(tc, tmpl_data_a_leaves_attribute_as_written_when_unset);
	tcase_add_test(tc, tmpl_data_html_keeps_allowed_markup_and_drops_script);
	tcase_add_test(tc, tmpl_data_a_adds_missing_attribute);
	tcase_add_test(tc, tmpl_data_bool_sets_attribute_when_true);
	tcase_add_loop_test(tc, tmpl_data_bool_removes_attribute_when_false, 0,
	    NELEM(false_vals));
	tcase_add_test(tc, tmpl_data_if_keeps_element_only_when_true);
	tcase_add_loop_test(tc, tmpl_data_if_not_keeps_element_only_when_false,
	    0, NELEM(false_vals));
	tcase_add_test(tc, tmpl_data_if_is_true_for_non_empty_list);
	tcase_add_test(tc, tmpl_data_each_repeats_with_item_then_outer_values);
	tcase_add_test(tc,
	    tmpl_data_each_of_empty_or_unset_list_removes_element);
	tcase_add_test(tc, tmpl_page_title_replaces_layout_title);
	tcase_add_test(tc, tmpl_page_body_goes_into_the_layout_slot);
	tcase_add_test(tc, tmpl_keeps_chinese_as_utf8_bytes);
	tcase_add_test(tc,
	    tmpl_removes_directive_attributes_but_keeps_data_error_for);
	tcase_add_test(tc, tmpl_render_of_unknown_page_is_einput);
	tcase_add_test(tc, tmpl_render_does_not_change_the_loaded_page);
	tcase_add_test(tc, tmpl_failed_set_sticks_to_the_page);
	tcase_add_test(tc, tmpl_get_reads_own_values_only);
	tcase_add_test(tc, tmpl_many_values_keep_their_last_value);
	suite_add_tcase(s, tc);

	tcase_add_test(tl, tmpl_load_without_layout_fails);
	tcase_add_test(tl, tmpl_load_with_layout_lacking_slot_fails);
	tcase_add_test(tl, tmpl_load_of_missing_dir_fails);
	tcase_add_test(tl, tmpl_free_and_vars_free_accept_null);
	suite_add_tcase(s, tl);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(tmpl_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
