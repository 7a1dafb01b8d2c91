/*
 * tmplinc.c - partials in templates: data-include elements replaced by
 * the <body> content of the partial they name, at load (tmplinc.h).
 */
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "log.h"
#include "tmplinc.h"

#define TMPLINC_ATTR	"data-include"
#define TMPLINC_DEPTH	4	/* partials within partials */

static enum sme_err	tmplinc_walk(xmlNode *, const char *, int, int);

/* The first <body> element at or under n, or NULL. */
static xmlNode *
tmplinc_body(xmlNode *n)
{
	xmlNode	*hit;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "body") == 0)
			return n;
		if ((hit = tmplinc_body(n->children)) != NULL)
			return hit;
	}
	return NULL;
}

/* 1 if name is a partial's: "_x.html", no directory. */
static int
tmplinc_name_ok(const char *name)
{
	size_t	 len = strlen(name);

	return name[0] == '_' && strchr(name, '/') == NULL && len > 6 &&
	    strcmp(name + len - 5, ".html") == 0;
}

/* Put copies of the children of from, not comments, before el (of another document). */
static enum sme_err
tmplinc_copy(xmlNode *el, xmlNode *from)
{
	xmlNode	*c, *copy;

	for (c = from->children; c != NULL; c = c->next) {
		if (c->type == XML_COMMENT_NODE)
			continue;	/* what the partial is for */
		if ((copy = xmlDocCopyNode(c, el->doc, 1)) == NULL)
			return SME_ENOMEM;
		if (xmlAddPrevSibling(el, copy) == NULL) {
			xmlFreeNode(copy);
			return SME_ENOMEM;
		}
	}
	return SME_OK;
}

/* Replace el by the content of the partial its data-include names. */
static enum sme_err
tmplinc_one(xmlNode *el, const char *dir, int opts, int depth)
{
	xmlChar		*name = xmlGetProp(el, (const xmlChar *)TMPLINC_ATTR);
	char		 path[1024];
	xmlDoc		*part = NULL;
	xmlNode		*body = NULL;
	enum sme_err	 er = SME_EINPUT;

	if (name == NULL || !tmplinc_name_ok((const char *)name))
		log_err("tmpl: data-include=\"%s\" is not a partial (_x.html)",
		    name != NULL ? (const char *)name : "");
	else if (depth >= TMPLINC_DEPTH)
		log_err("tmpl: %s: partials nested too deep", name);
	else if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path) ||
	    (part = htmlReadFile(path, "UTF-8", opts)) == NULL ||
	    (body = tmplinc_body(xmlDocGetRootElement(part))) == NULL)
		log_err("tmpl: cannot read the partial %s", path);
	else if ((er = tmplinc_walk(body->children, dir, opts,
	    depth + 1)) == SME_OK)
		er = tmplinc_copy(el, body);
	xmlFree(name);
	xmlFreeDoc(part);
	if (er == SME_OK) {
		xmlUnlinkNode(el);
		xmlFreeNode(el);
	}
	return er;
}

/* Expand the data-include elements among n and its siblings, and under them. */
static enum sme_err
tmplinc_walk(xmlNode *n, const char *dir, int opts, int depth)
{
	xmlNode		*next;
	enum sme_err	 er;

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlHasProp(n, (const xmlChar *)TMPLINC_ATTR))
			er = tmplinc_one(n, dir, opts, depth);
		else
			er = tmplinc_walk(n->children, dir, opts, depth);
		if (er != SME_OK)
			return er;
	}
	return SME_OK;
}

enum sme_err
tmplinc_expand(xmlDoc *doc, const char *dir, int opts)
{
	return tmplinc_walk(xmlDocGetRootElement(doc), dir, opts, 0);
}
