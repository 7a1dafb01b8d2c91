/*
 * test_sanitize.c - sanitize.[ch]: notice bodies keep their allowed
 * formatting and lose script, event attributes, styles and unsafe URLs;
 * text is escaped; the tag allow-list and depth limit hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

#include "sanitize.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Inputs and the exact fragment that must come out. */
static const struct {
	const char	*in;
	const char	*out;
} exact[] = {
	{ "<p>申报时间：2月20日起</p>", "<p>申报时间：2月20日起</p>" },
	{ "<p>正文</p><script>alert(1)</script>", "<p>正文</p>" },
	{ "<img src=x onerror=alert(1)>附件", "附件" },
	{ "<p onclick=\"x()\" style=\"color:red\" class=\"k\">文字</p>", "<p>文字</p>" },
	{ "<a href=\"javascript:alert(1)\">点我</a>", "<a>点我</a>" },
	{ "<a href=\"java&#x09;script:alert(1)\">点我</a>", "<a>点我</a>" },
	{ "<a href=\"//evil.example/\">x</a>", "<a>x</a>" },
	{ "<a href=\"/help\" target=\"_blank\">帮助</a>", "<a href=\"/help\">帮助</a>" },
	{ "<a href=\"https://www.smejs.cn/qqapply.aspx\">平台</a>",
	  "<a href=\"https://www.smejs.cn/qqapply.aspx\" rel=\"noopener noreferrer\">平台</a>" },
	{ "<div><span>技术支持：025-52686656</span></div>", "技术支持：025-52686656" },
	{ "<p>a &lt;b&gt; &amp; \"c\"</p>", "<p>a &lt;b&gt; &amp; &quot;c&quot;</p>" },
	{ "<table><tr><td colspan=\"2\" rowspan=\"x\">一</td></tr></table>",
	  "<table><tr><td colspan=\"2\">一</td></tr></table>" },
	{ "<p>一<!-- 注释 -->二</p>", "<p>一二</p>" },
	{ "<style>p{}</style><iframe src=\"/\"></iframe><p>留下</p>", "<p>留下</p>" },
	{ "<ul><li>入库</li><li>更新</li></ul>", "<ul><li>入库</li><li>更新</li></ul>" },
	{ "", "" },
};

/* Hostile inputs: nothing of these may survive, case-insensitively. */
static const struct {
	const char	*in;
	const char	*banned;
} hostile[] = {
	{ "<SCRIPT>alert(1)</SCRIPT>", "alert" },
	{ "<scr<script>ipt>alert(1)</script>", "<script" },
	{ "<svg onload=alert(1)><circle/></svg>", "onload" },
	{ "<math><mi xlink:href=\"javascript:x\">m</mi></math>", "javascript" },
	{ "<p><a href=\" javascript:alert(1)\">x</a></p>", "javascript" },
	{ "<body onload=alert(1)>x</body>", "onload" },
	{ "<p style=\"background:url(javascript:x)\">x</p>", "style" },
	{ "<form action=\"/logout\"><button>go</button></form>", "form" },
	{ "<a href=\"data:text/html,<script>x</script>\">d</a>", "data:" },
	{ "<object data=\"x.swf\"></object>", "object" },
};

START_TEST(sanitize_keeps_allowed_and_drops_the_rest)
{
	char	*out;
	size_t	 outsz;

	ck_assert_int_eq(sanitize_html(exact[_i].in, strlen(exact[_i].in),
	    &out, &outsz), SME_OK);
	ck_assert_str_eq(out, exact[_i].out);
	ck_assert_uint_eq(outsz, strlen(exact[_i].out));
	free(out);
}
END_TEST

START_TEST(sanitize_leaves_nothing_of_hostile_markup)
{
	char	*out;
	size_t	 outsz;

	ck_assert_int_eq(sanitize_html(hostile[_i].in, strlen(hostile[_i].in),
	    &out, &outsz), SME_OK);
	ck_assert_msg(strcasestr(out, hostile[_i].banned) == NULL,
	    "%s survived in %s", hostile[_i].banned, out);
	free(out);
}
END_TEST

START_TEST(sanitize_refuses_input_over_the_limit)
{
	size_t	 n = SANITIZE_IN_MAX + 1, outsz = 7;
	char	*big = malloc(n), *out = (char *)1;

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', n);
	ck_assert_int_eq(sanitize_html(big, n, &out, &outsz), SME_EINPUT);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(outsz, 0);
	free(big);
}
END_TEST

START_TEST(sanitize_drops_what_nests_past_the_depth_limit)
{
	char	 in[4096], *out;
	size_t	 o = 0, i, outsz;

	for (i = 0; i < 60; i++)
		o += (size_t)snprintf(in + o, sizeof(in) - o, "<blockquote>");
	snprintf(in + o, sizeof(in) - o, "深处");
	ck_assert_int_eq(sanitize_html(in, strlen(in), &out, &outsz), SME_OK);
	ck_assert_ptr_null(strstr(out, "深处"));
	ck_assert_ptr_nonnull(strstr(out, "<blockquote>"));
	free(out);
}
END_TEST

static const char *const href_good[] = {
	"https://www.smejs.cn/", "http://zjtx.miit.gov.cn", "mailto:a@b.cn",
	"/notices/1", "#top", "HTTPS://X.CN",
};
static const char *const href_bad[] = {
	"javascript:alert(1)", "//evil.example", "data:text/html,x", "",
	"vbscript:x", "/\\evil", "https://a b", "ftp://x", "jav\tascript:x",
};

START_TEST(sanitize_href_accepts_web_links_and_own_paths)
{
	ck_assert_int_eq(sanitize_href(href_good[_i]), 1);
}
END_TEST

START_TEST(sanitize_href_rejects_scripts_and_other_sites)
{
	ck_assert_int_eq(sanitize_href(href_bad[_i]), 0);
}
END_TEST

static Suite *
sanitize_suite(void)
{
	Suite	*s = suite_create("sanitize");
	TCase	*tc = tcase_create("core");

	tcase_add_loop_test(tc, sanitize_keeps_allowed_and_drops_the_rest, 0,
	    NELEM(exact));
	tcase_add_loop_test(tc, sanitize_leaves_nothing_of_hostile_markup, 0,
	    NELEM(hostile));
	tcase_add_test(tc, sanitize_refuses_input_over_the_limit);
	tcase_add_test(tc, sanitize_drops_what_nests_past_the_depth_limit);
	tcase_add_loop_test(tc, sanitize_href_accepts_web_links_and_own_paths, 0,
	    NELEM(href_good));
	tcase_add_loop_test(tc, sanitize_href_rejects_scripts_and_other_sites, 0,
	    NELEM(href_bad));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(sanitize_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
