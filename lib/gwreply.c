/*
 * gwreply.c - find the status and message id in an operator's reply:
 * XML through libxml2's parser and XPath, JSON through json-c. A real
 * parser each, never a search in the text.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "gwreply.h"

static const char *const gwreply_names[GWREPLY__MAX] = { "xml", "json" };

enum gwreply_fmt
gwreply_fmt(const char *name)
{
	int	 i;

	for (i = 0; name != NULL && i < GWREPLY__MAX; i++)
		if (strcmp(name, gwreply_names[i]) == 0)
			return (enum gwreply_fmt)i;
	return GWREPLY__MAX;
}

int
gwreply_path_valid(enum gwreply_fmt fmt, const char *path)
{
	xmlXPathCompExprPtr	 comp;
	size_t			 n;

	if (path == NULL || *path == '\0')
		return 1;
	switch (fmt) {
	case GWREPLY_XML:
		if ((comp = xmlXPathCompile((const xmlChar *)path)) == NULL)
			return 0;
		xmlXPathFreeCompExpr(comp);
		return 1;
	case GWREPLY_JSON:
		n = strlen(path);
		return path[0] != '.' && path[n - 1] != '.' &&
		    strstr(path, "..") == NULL;
	default:
		return 0;
	}
}

/* Copy s (sz bytes) into out; -1 if it holds a NUL or does not fit. */
static int
gwreply_copy(const char *s, size_t sz, char *out, size_t outsz)
{
	if (sz >= outsz || memchr(s, '\0', sz) != NULL)
		return -1;
	memcpy(out, s, sz);
	out[sz] = '\0';
	return 0;
}

/*
 * The string value of XPath expression path in doc into out; "" when
 * path is empty. -1 if the expression fails or the value does not fit.
 */
static int
gwreply_xpath(xmlDocPtr doc, const char *path, char *out, size_t outsz)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj = NULL;
	xmlChar			*val = NULL;
	int			 rc = -1;

	out[0] = '\0';
	if (path == NULL || *path == '\0')
		return 0;
	if ((ctx = xmlXPathNewContext(doc)) == NULL)
		return -1;
	if ((obj = xmlXPathEvalExpression((const xmlChar *)path, ctx)) != NULL &&
	    (val = xmlXPathCastToString(obj)) != NULL)
		rc = gwreply_copy((const char *)val, strlen((const char *)val),
		    out, outsz);
	xmlFree(val);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return rc;
}

/* libxml2's error handler while reading a reply: say nothing. */
static void
gwreply_quiet(void *arg, xmlErrorPtr err)
{
	(void)arg;
	(void)err;
}

static enum sme_err
gwreply_xml(const char *body, size_t bodysz, const char *status_path,
    const char *id_path, char *status, size_t statussz, char *id, size_t idsz)
{
	xmlStructuredErrorFunc	 olderr = xmlStructuredError;
	void			*oldctx = xmlStructuredErrorContext;
	xmlDocPtr		 doc;
	enum sme_err		 er = SME_EINPUT;

	/*
	 * A reply's mistakes (bad encodings...) are the sender's: the caller
	 * reports the failure once, libxml2 prints nothing meanwhile.
	 */
	xmlSetStructuredErrorFunc(NULL, gwreply_quiet);
	/*
	 * No network, no external DTD, entities left unexpanded in the tree;
	 * libxml2's own limits bound entity amplification.
	 */
	doc = xmlReadMemory(body, (int)bodysz, "reply.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc != NULL) {
		if (gwreply_xpath(doc, status_path, status, statussz) == 0 &&
		    status[0] != '\0' &&
		    gwreply_xpath(doc, id_path, id, idsz) == 0)
			er = SME_OK;
		xmlFreeDoc(doc);
	}
	xmlSetStructuredErrorFunc(oldctx, olderr);
	return er;
}

/*
 * Follow path (members and indexes separated by dots) from o and copy the
 * scalar found there into out ("" when path is empty). -1 if a step is
 * missing, the value is not a string, number or boolean, or won't fit.
 */
static int
gwreply_json_path(json_object *o, const char *path, char *out, size_t outsz)
{
	char		 step[256], *end;
	const char	*p = path, *dot, *s;
	size_t		 n;
	unsigned long	 idx;

	out[0] = '\0';
	if (path == NULL || *path == '\0')
		return 0;
	while (o != NULL) {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n >= sizeof(step))
			return -1;
		memcpy(step, p, n);
		step[n] = '\0';
		if (json_object_is_type(o, json_type_object)) {
			if (!json_object_object_get_ex(o, step, &o))
				return -1;
		} else if (json_object_is_type(o, json_type_array)) {
			idx = strtoul(step, &end, 10);
			if (*end != '\0' || step[0] < '0' || step[0] > '9' ||
			    idx >= json_object_array_length(o))
				return -1;
			o = json_object_array_get_idx(o, idx);
		} else
			return -1;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	if (o == NULL)
		return -1;
	switch (json_object_get_type(o)) {
	case json_type_string:
		return gwreply_copy(json_object_get_string(o),
		    (size_t)json_object_get_string_len(o), out, outsz);
	case json_type_int:
	case json_type_double:
	case json_type_boolean:
		s = json_object_get_string(o);
		return gwreply_copy(s, strlen(s), out, outsz);
	default:
		return -1;
	}
}

static enum sme_err
gwreply_json(const char *body, size_t bodysz, const char *status_path,
    const char *id_path, char *status, size_t statussz, char *id, size_t idsz)
{
	struct json_tokener *tok;
	json_object	*o = NULL;
	char		*buf;
	size_t		 end;
	enum sme_err	 er = SME_EINPUT;

	/* JSON text has no raw NUL (RFC 8259 §7); json-c wants one at the end. */
	if (memchr(body, '\0', bodysz) != NULL)
		return SME_EINPUT;
	if ((buf = malloc(bodysz + 1)) == NULL)
		return SME_ENOMEM;
	memcpy(buf, body, bodysz);
	buf[bodysz] = '\0';
	if ((tok = json_tokener_new_ex(GWREPLY_DEPTH_MAX)) == NULL) {
		free(buf);
		return SME_ENOMEM;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	/* bodysz + 1: the NUL ends a number or literal at the very end. */
	o = json_tokener_parse_ex(tok, buf, (int)bodysz + 1);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success)
		goto out;
	/* Only white space may follow the value (RFC 8259 §2). */
	for (end = json_tokener_get_parse_end(tok); end < bodysz; end++)
		if (strchr(" \t\r\n", buf[end]) == NULL)
			goto out;
	if (gwreply_json_path(o, status_path, status, statussz) == 0 &&
	    status[0] != '\0' &&
	    gwreply_json_path(o, id_path, id, idsz) == 0)
		er = SME_OK;
out:
	json_object_put(o);
	json_tokener_free(tok);
	free(buf);
	return er;
}

enum sme_err
gwreply_parse(enum gwreply_fmt fmt, const char *body, size_t bodysz,
    const char *status_path, const char *id_path, char *status,
    size_t statussz, char *id, size_t idsz)
{
	enum sme_err	 er;

	if (statussz == 0 || idsz == 0)
		return SME_EINPUT;
	status[0] = id[0] = '\0';
	if (bodysz > GWREPLY_BODY_MAX)
		return SME_ETOOBIG;
	if (status_path == NULL || *status_path == '\0' || bodysz == 0)
		return SME_EINPUT;
	switch (fmt) {
	case GWREPLY_XML:
		er = gwreply_xml(body, bodysz, status_path, id_path, status,
		    statussz, id, idsz);
		break;
	case GWREPLY_JSON:
		er = gwreply_json(body, bodysz, status_path, id_path, status,
		    statussz, id, idsz);
		break;
	default:
		er = SME_EINPUT;
		break;
	}
	if (er != SME_OK)
		status[0] = id[0] = '\0';
	return er;
}
