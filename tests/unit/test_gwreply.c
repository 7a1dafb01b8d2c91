/*
 * test_gwreply.c - gwreply.[ch]: the status and message id come out of
 * XML replies by XPath and out of JSON replies by dotted paths; broken
 * documents, missing or empty statuses, values that don't fit, entities
 * that reach outside and replies over the limit are refused.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "gwreply.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*name;
	const char	*fmt;
	const char	*body;
	const char	*status_path;
	const char	*id_path;
	enum sme_err	 er;
	const char	*status;
	const char	*id;
} replies[] = {
	{ "xml ok", "xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<response><code>0</code><msgid>MX-123</msgid></response>",
	    "/response/code", "/response/msgid", SME_OK, "0", "MX-123" },
	{ "xml chinese message, failure code", "xml",
	    "<response><code>103</code><msg>余额不足</msg></response>",
	    "/response/code", "/response/msg", SME_OK, "103", "余额不足" },
	{ "xml GBK", "xml", "<?xml version=\"1.0\" encoding=\"GBK\"?>"
	    "<r><c>0</c><m>\xbd\xad\xcb\xd5</m></r>", "/r/c", "/r/m", SME_OK,
	    "0", "江苏" },
	{ "xml attributes", "xml", "<r code=\"0\" id=\"a1\"/>", "/r/@code",
	    "/r/@id", SME_OK, "0", "a1" },
	{ "xml namespaces by local-name", "xml",
	    "<s:E xmlns:s=\"urn:s\"><r xmlns=\"urn:r\"><status>0</status>"
	    "<msgid>7</msgid></r></s:E>", "//*[local-name()='status']",
	    "//*[local-name()='msgid']", SME_OK, "0", "7" },
	{ "xml without an id path", "xml", "<r><c>0</c></r>", "/r/c", "",
	    SME_OK, "0", "" },
	{ "xml missing status", "xml", "<r><x>0</x></r>", "/r/c", "", SME_EINPUT,
	    "", "" },
	{ "xml empty status", "xml", "<r><c></c></r>", "/r/c", "", SME_EINPUT,
	    "", "" },
	{ "xml not closed", "xml", "<r><c>0</c>", "/r/c", "", SME_EINPUT, "", "" },
	{ "xml not xml", "xml", "OK:12345", "/r/c", "", SME_EINPUT, "", "" },
	{ "xml external entity stays out", "xml",
	    "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
	    "<r><c>0</c><m>&x;</m></r>", "/r/c", "/r/m", SME_OK, "0", "" },
	{ "xml bad xpath", "xml", "<r><c>0</c></r>", "/r/[", "", SME_EINPUT,
	    "", "" },
	{ "json ok", "json", "{\"code\":0,\"msgid\":\"J-1\"}", "code", "msgid",
	    SME_OK, "0", "J-1" },
	{ "json nested and arrays", "json",
	    "{\"result\":{\"code\":\"0\"},\"data\":[{\"msgid\":\"N1\"},{\"msgid\":\"N2\"}]}",
	    "result.code", "data.1.msgid", SME_OK, "0", "N2" },
	{ "json chinese", "json", "{\"status\":\"成功\",\"id\":12345678901}",
	    "status", "id", SME_OK, "成功", "12345678901" },
	{ "json boolean", "json", "{\"ok\":true}", "ok", "", SME_OK, "true", "" },
	{ "json white space around", "json", " \r\n{\"code\":0}\n ", "code", "",
	    SME_OK, "0", "" },
	{ "json top-level array", "json", "[{\"code\":1}]", "0.code", "",
	    SME_OK, "1", "" },
	{ "json null status", "json", "{\"code\":null}", "code", "", SME_EINPUT,
	    "", "" },
	{ "json object as status", "json", "{\"code\":{}}", "code", "",
	    SME_EINPUT, "", "" },
	{ "json missing id", "json", "{\"code\":0}", "code", "msgid",
	    SME_EINPUT, "", "" },
	{ "json index out of range", "json", "{\"d\":[1]}", "d.1", "",
	    SME_EINPUT, "", "" },
	{ "json index not a number", "json", "{\"d\":[1]}", "d.x", "",
	    SME_EINPUT, "", "" },
	{ "json trailing garbage", "json", "{\"code\":0} x", "code", "",
	    SME_EINPUT, "", "" },
	{ "json two documents", "json", "{\"code\":0}{}", "code", "",
	    SME_EINPUT, "", "" },
	{ "json trailing comma", "json", "{\"code\":0,}", "code", "",
	    SME_EINPUT, "", "" },
	{ "json cut short", "json", "{\"code\":0", "code", "", SME_EINPUT,
	    "", "" },
	{ "json NUL in a value", "json", "{\"code\":\"0\\u0000x\"}", "code", "",
	    SME_EINPUT, "", "" },
	{ "json invalid UTF-8", "json", "{\"code\":\"\xff\"}", "code", "",
	    SME_EINPUT, "", "" },
	{ "json empty path step", "json", "{\"a\":{\"b\":0}}", "a..b", "",
	    SME_EINPUT, "", "" },
	{ "json too deep", "json",
	    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
	    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
	    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
	    "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":0}}}}}}}}}}}}}}}}}}}}"
	    "}}}}}}}}}}}}}", "a", "", SME_EINPUT, "", "" },
	{ "unknown format", "yaml", "code: 0", "code", "", SME_EINPUT, "", "" },
	{ "empty body", "json", "", "code", "", SME_EINPUT, "", "" },
};

START_TEST(gwreply_parse_finds_status_and_id)
{
	char		 status[16], id[65];
	enum sme_err	 er;

	er = gwreply_parse(gwreply_fmt(replies[_i].fmt), replies[_i].body,
	    strlen(replies[_i].body), replies[_i].status_path,
	    replies[_i].id_path, status, sizeof(status), id, sizeof(id));
	ck_assert_msg(er == replies[_i].er, "%s: got %s", replies[_i].name,
	    sme_strerror(er));
	ck_assert_str_eq(status, replies[_i].status);
	ck_assert_str_eq(id, replies[_i].id);
}
END_TEST

START_TEST(gwreply_parse_refuses_values_that_do_not_fit)
{
	static const char body[] = "{\"code\":\"0123456789abcdef\",\"id\":\"x\"}";
	char	 status[32], id[65];

	ck_assert_int_eq(gwreply_parse(GWREPLY_JSON, body, strlen(body), "code",
	    "id", status, 16, id, sizeof(id)), SME_EINPUT);
	ck_assert_str_eq(status, "");
	ck_assert_int_eq(gwreply_parse(GWREPLY_JSON, body, strlen(body), "code",
	    "id", status, 17, id, sizeof(id)), SME_OK);
	ck_assert_str_eq(status, "0123456789abcdef");
}
END_TEST

START_TEST(gwreply_parse_refuses_replies_over_the_limit)
{
	char	*body = malloc(GWREPLY_BODY_MAX + 2), status[8], id[8];

	ck_assert_ptr_nonnull(body);
	memset(body, ' ', GWREPLY_BODY_MAX + 1);
	memcpy(body, "{\"c\":0}", 7);
	ck_assert_int_eq(gwreply_parse(GWREPLY_JSON, body, GWREPLY_BODY_MAX + 1,
	    "c", "", status, sizeof(status), id, sizeof(id)), SME_ETOOBIG);
	ck_assert_int_eq(gwreply_parse(GWREPLY_JSON, body, GWREPLY_BODY_MAX,
	    "c", "", status, sizeof(status), id, sizeof(id)), SME_OK);
	free(body);
}
END_TEST

START_TEST(gwreply_fmt_names_xml_and_json_only)
{
	ck_assert_int_eq(gwreply_fmt("xml"), GWREPLY_XML);
	ck_assert_int_eq(gwreply_fmt("json"), GWREPLY_JSON);
	ck_assert_int_eq(gwreply_fmt("XML"), GWREPLY__MAX);
	ck_assert_int_eq(gwreply_fmt(""), GWREPLY__MAX);
	ck_assert_int_eq(gwreply_fmt(NULL), GWREPLY__MAX);
}
END_TEST

static Suite *
gwreply_suite(void)
{
	Suite	*s = suite_create("gwreply");
	TCase	*tc = tcase_create("parse");

	tcase_add_loop_test(tc, gwreply_parse_finds_status_and_id, 0,
	    NELEM(replies));
	tcase_add_test(tc, gwreply_parse_refuses_values_that_do_not_fit);
	tcase_add_test(tc, gwreply_parse_refuses_replies_over_the_limit);
	tcase_add_test(tc, gwreply_fmt_names_xml_and_json_only);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(gwreply_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
