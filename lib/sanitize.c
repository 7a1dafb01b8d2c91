/*
 * sanitize.c - user HTML cut down to an allow-list (see sanitize.h): parsed
 * by libxml2's HTML parser, written back element by element.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "sanitize.h"

#define SAN_OPTS	(HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
			 HTML_PARSE_NONET | HTML_PARSE_NODEFDTD)

/* Elements written back as themselves. */
static const char *const san_keep[] = {
	"p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup",
	"ul", "ol", "li", "h2", "h3", "h4", "blockquote", "table", "caption",
	"thead", "tbody", "tr", "th", "td", "a", NULL
};

/* Elements dropped with everything inside them. */
static const char *const san_drop[] = {
	"script", "style", "iframe", "frame", "frameset", "object", "embed",
	"applet", "noscript", "noembed", "noframes", "template", "textarea",
	"select", "option", "button", "input", "form", "svg", "math", "head",
	"title", "meta", "link", "base", "xmp", "plaintext", "video", "audio",
	"img", "canvas", NULL
};

struct san_buf {
	char	*p;
	size_t	 n, cap;
	int	 oom;
};

static int
san_in(const char *const *list, const char *name)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

static void
san_cat(struct san_buf *b, const char *s, size_t sz)
{
	char	*np;
	size_t	 ncap;

	if (b->oom)
		return;
	if (b->n + sz + 1 > b->cap) {
		ncap = b->cap * 2 > b->n + sz + 1 ? b->cap * 2 : b->n + sz + 1024;
		if ((np = realloc(b->p, ncap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->n, s, sz);
	b->n += sz;
	b->p[b->n] = '\0';
}

static void
san_str(struct san_buf *b, const char *s)
{
	san_cat(b, s, strlen(s));
}

/* Escape s for text or a double-quoted attribute value. */
static void
san_esc(struct san_buf *b, const char *s)
{
	const char	*start = s;

	for (; *s != '\0'; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: break;
		}
		if (rep == NULL)
			continue;
		san_cat(b, start, (size_t)(s - start));
		san_str(b, rep);
		start = s + 1;
	}
	san_cat(b, start, (size_t)(s - start));
}

int
sanitize_href(const char *href)
{
	const unsigned char *s;

	if (href == NULL || *href == '\0' || strlen(href) > 2000)
		return 0;
	for (s = (const unsigned char *)href; *s != '\0'; s++)
		if (*s < 0x21 || *s == 0x7f || *s == '\\')
			return 0;	/* no spaces, controls or backslashes anywhere */
	if (href[0] == '/')
		return href[1] != '/';	/* "//host" is another site */
	if (href[0] == '#')
		return 1;
	return strncasecmp(href, "https://", 8) == 0 ||
	    strncasecmp(href, "http://", 7) == 0 ||
	    strncasecmp(href, "mailto:", 7) == 0;
}

/* 1 if v is a span of 1-99 (colspan, rowspan). */
static int
san_span(const char *v)
{
	size_t	 n = strlen(v);

	return n >= 1 && n <= 2 && strspn(v, "0123456789") == n &&
	    atoi(v) >= 1;
}

/* The allowed attributes of element name n. */
static void
san_attrs(struct san_buf *b, xmlNode *n, const char *name)
{
	xmlChar	*v;

	if (strcmp(name, "a") == 0) {
		v = xmlGetProp(n, (const xmlChar *)"href");
		if (v != NULL && sanitize_href((const char *)v)) {
			san_str(b, " href=\"");
			san_esc(b, (const char *)v);
			san_str(b, "\"");
			if (v[0] != '/' && v[0] != '#')
				san_str(b, " rel=\"noopener noreferrer\"");
		}
		xmlFree(v);
		return;
	}
	if (strcmp(name, "td") != 0 && strcmp(name, "th") != 0)
		return;
	v = xmlGetProp(n, (const xmlChar *)"colspan");
	if (v != NULL && san_span((const char *)v)) {
		san_str(b, " colspan=\"");
		san_str(b, (const char *)v);
		san_str(b, "\"");
	}
	xmlFree(v);
	v = xmlGetProp(n, (const xmlChar *)"rowspan");
	if (v != NULL && san_span((const char *)v)) {
		san_str(b, " rowspan=\"");
		san_str(b, (const char *)v);
		san_str(b, "\"");
	}
	xmlFree(v);
}

static void	 san_walk(struct san_buf *, xmlNode *, int);

/* Element n at depth: kept, unwrapped or dropped. */
static void
san_element(struct san_buf *b, xmlNode *n, int depth)
{
	const char	*name = (const char *)n->name;
	int		 isvoid;

	if (name == NULL || san_in(san_drop, name))
		return;
	if (!san_in(san_keep, name)) {
		san_walk(b, n->children, depth + 1);
		return;
	}
	isvoid = strcmp(name, "br") == 0 || strcmp(name, "hr") == 0;
	san_str(b, "<");
	san_str(b, name);
	san_attrs(b, n, name);
	san_str(b, ">");
	if (isvoid)
		return;
	san_walk(b, n->children, depth + 1);
	san_str(b, "</");
	san_str(b, name);
	san_str(b, ">");
}

/* The siblings from n on; comments, PIs and anything past the depth go. */
static void
san_walk(struct san_buf *b, xmlNode *n, int depth)
{
	if (depth > SANITIZE_DEPTH_MAX)
		return;
	for (; n != NULL && !b->oom; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content != NULL)
				san_esc(b, (const char *)n->content);
			break;
		case XML_ELEMENT_NODE:
			san_element(b, n, depth);
			break;
		default:
			break;
		}
	}
}

enum sme_err
sanitize_html(const char *in, size_t insz, char **out, size_t *outsz)
{
	struct san_buf	 b = { NULL, 0, 0, 0 };
	htmlDocPtr	 doc;
	xmlNode		*root;

	*out = NULL;
	*outsz = 0;
	if (insz > SANITIZE_IN_MAX)
		return SME_EINPUT;
	if ((b.p = malloc(insz + 64)) == NULL)
		return SME_ENOMEM;
	b.cap = insz + 64;
	b.p[0] = '\0';
	/*
	 * An empty or all-blank input gives no document; that is an empty
	 * fragment, not an error.
	 */
	doc = insz == 0 ? NULL :
	    htmlReadMemory(in, (int)insz, NULL, "UTF-8", SAN_OPTS);
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL)
		san_walk(&b, root, 0);
	xmlFreeDoc(doc);
	if (b.oom) {
		free(b.p);
		return SME_ENOMEM;
	}
	*out = b.p;
	*outsz = b.n;
	return SME_OK;
}
