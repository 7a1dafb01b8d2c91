/*
 * fuzz_sanitize.c - libFuzzer target: sanitize_html() on any bytes. What
 * comes out, parsed again, holds only allow-listed elements and
 * attributes (an href only as sanitize_href() allows), no comment and no
 * raw '<' outside a tag of the list.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "sanitize.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_san_keep[] = {
	"html", "body",	/* the parser's own wrappers around the fragment */
	"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup",
	"ul", "ol", "li", "h2", "h3", "h4", "blockquote", "table", "caption",
	"thead", "tbody", "tr", "th", "td", "a", NULL
};

static int
fuzz_san_allowed(const char *name)
{
	size_t	 i;

	for (i = 0; fuzz_san_keep[i] != NULL; i++)
		if (strcmp(fuzz_san_keep[i], name) == 0)
			return 1;
	return 0;
}

/* Abort on anything under n the allow-list does not name. */
static void
fuzz_san_check(xmlNode *n, int depth)
{
	xmlAttr	*a;
	xmlChar	*v;

	if (depth > 300)
		return;
	for (; n != NULL; n = n->next) {
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)
			abort();
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!fuzz_san_allowed((const char *)n->name))
			abort();
		for (a = n->properties; a != NULL; a = a->next) {
			const char *an = (const char *)a->name;

			if (strcmp(an, "href") == 0) {
				v = xmlNodeGetContent((xmlNode *)a);
				if (v == NULL || !sanitize_href((const char *)v))
					abort();
				xmlFree(v);
			} else if (strcmp(an, "rel") != 0 && strcmp(an, "colspan") != 0 &&
			    strcmp(an, "rowspan") != 0)
				abort();
		}
		fuzz_san_check(n->children, depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*out;
	size_t		 outsz;
	htmlDocPtr	 doc;
	enum sme_err	 er;

	er = sanitize_html((const char *)data, size, &out, &outsz);
	if (er != SME_OK) {
		if (er != SME_EINPUT || size <= SANITIZE_IN_MAX || out != NULL)
			abort();
		return 0;
	}
	if (strlen(out) != outsz || strcasestr(out, "<script") != NULL ||
	    strcasestr(out, "<!--") != NULL)
		abort();
	if (outsz > 0) {
		doc = htmlReadMemory(out, (int)outsz, NULL, "UTF-8",
		    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
		if (doc != NULL)
			fuzz_san_check(xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
	}
	free(out);
	return 0;
}
