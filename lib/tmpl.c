/*
 * tmpl.c - HTML templates: libxml2 parses each page and the layout once a
 * worker; the composed tree is compiled to fixed markup and value slots.
 * A value can only reach the output through the escaping of its slot
 * (text or attribute): escaping by construction, without a tree per request.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "log.h"
#include "sanitize.h"
#include "tmpl.h"
#include "tmplinc.h"

#define TMPL_MAX	128
#define TMPL_OPTS	(HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | \
			 HTML_PARSE_NONET | HTML_PARSE_NOBLANKS)

/*
 * A page compiled to a list of operations: markup that never changes is
 * serialised once at load into OP_TEXT; values go through OP_VAR (text)
 * and OP_ATTR (attribute), which escape them.
 */
enum tmpl_optype {
	OP_TEXT,	/* s: markup, written as is */
	OP_VAR,		/* key: escaped as text */
	OP_HTML,	/* key: passed through lib/sanitize.c's allow-list */
	OP_ATTR,	/* s: attribute name; key; def: value if unset (may be NULL) */
	OP_BOOL,	/* s: attribute name written as name="name" if key true */
	OP_IF,		/* key, neg: run up to end only if (not) true */
	OP_EACH,	/* key: run up to end once per item of the list */
	OP_END		/* closes OP_IF and OP_EACH; does nothing */
};

struct tmpl_op {
	enum tmpl_optype type;
	char		*s;
	size_t		 sz;	/* length of s */
	char		*key;
	unsigned	 hash;	/* tmpl_hash(key) */
	char		*def;
	int		 neg;
	size_t		 end;	/* OP_IF, OP_EACH: index of the OP_END */
};

struct tmpl_page {
	char		*name;	/* file name without .html */
	struct tmpl_op	*ops;
	size_t		 n;
	size_t		 cap;
};

struct tmpl {
	struct tmpl_page pages[TMPL_MAX];
	size_t		 n;
};

/*
 * The values of one page live in an arena (lib/arena.c) that the top set
 * owns and frees at once: a page sets some hundreds of small values, and a
 * malloc and free each cost more than the rest of their handling. A name
 * carries its hash, so a lookup compares numbers and only the one name
 * that matches; a set of more than TMPL_LINEAR values is indexed by it.
 */
#define TMPL_LINEAR	8

struct tmpl_var {
	const char	  *key;
	unsigned	   hash;	/* tmpl_hash(key) */
	const char	  *val;		/* NULL for a list */
	struct tmpl_vars **items;	/* list items */
	size_t		   nitems;
	size_t		   itemcap;
};

struct tmpl_vars {
	struct tmpl_var		*v;
	size_t			 n;
	size_t			 cap;
	unsigned		*idx;		/* index + 1 in v by hash, or 0; NULL while small */
	size_t			 idxcap;	/* a power of 2, at least 2 * cap */
	const struct tmpl_vars	*parent;	/* NULL at the top */
	struct tmpl_vars	*root;		/* the top set; itself at the top */
	struct arena		*arena;		/* top only: holds every value of the page */
	int			 failed;	/* top only: a value could not be set */
};

/* FNV-1a of the name k. */
static unsigned
tmpl_hash(const char *k)
{
	unsigned	 h = 2166136261u;

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

struct tmpl_vars *
tmpl_vars_new(void)
{
	struct tmpl_vars *v;

	if ((v = calloc(1, sizeof(struct tmpl_vars))) == NULL)
		return NULL;
	if ((v->arena = arena_new()) == NULL) {
		free(v);
		return NULL;
	}
	v->root = v;
	return v;
}

/* Mark the page of v as failed (sticky: tmpl_render refuses it); returns SME_ENOMEM. */
static enum sme_err
tmpl_fail(struct tmpl_vars *v)
{
	if (v != NULL)
		v->root->failed = 1;
	return SME_ENOMEM;
}

int
tmpl_failed(const struct tmpl_vars *v)
{
	return v == NULL || v->root->failed;
}

void
tmpl_vars_free(struct tmpl_vars *v)
{
	if (v == NULL || v->root != v)
		return;		/* items go with their top set */
	arena_free(v->arena);
	free(v);
}

/* The entry named k (of hash h) in v itself, or NULL. */
static struct tmpl_var *
tmpl_own(const struct tmpl_vars *v, const char *k, unsigned h)
{
	size_t	 i, m;

	if (v->idx == NULL) {
		for (i = 0; i < v->n; i++)
			if (v->v[i].hash == h && strcmp(v->v[i].key, k) == 0)
				return &v->v[i];
		return NULL;
	}
	m = v->idxcap - 1;
	for (i = h & m; v->idx[i] != 0; i = (i + 1) & m)
		if (v->v[v->idx[i] - 1].hash == h && strcmp(v->v[v->idx[i] - 1].key, k) == 0)
			return &v->v[v->idx[i] - 1];
	return NULL;
}

/* Room for one more entry in v (and its index); 0, or -1 on ENOMEM. */
static int
tmpl_grow(struct tmpl_vars *v)
{
	struct arena	*a = v->root->arena;
	struct tmpl_var	*nv;
	unsigned	*ni;
	size_t		 cap, icap, i, m;

	if (v->n < v->cap)
		return 0;
	cap = v->cap ? v->cap * 2 : 8;
	if ((nv = arena_alloc(a, cap * sizeof(*nv))) == NULL)
		return -1;
	if (v->n > 0)
		memcpy(nv, v->v, v->n * sizeof(*nv));
	v->v = nv;
	v->cap = cap;
	if (cap <= TMPL_LINEAR)
		return 0;
	icap = cap * 2;
	if ((ni = arena_alloc(a, icap * sizeof(*ni))) == NULL)
		return -1;
	memset(ni, 0, icap * sizeof(*ni));
	m = icap - 1;
	for (i = 0; i < v->n; i++) {
		size_t j = v->v[i].hash & m;
		while (ni[j] != 0)
			j = (j + 1) & m;
		ni[j] = (unsigned)i + 1;
	}
	v->idx = ni;
	v->idxcap = icap;
	return 0;
}

/* The entry named k in v itself, created if absent; NULL on ENOMEM. */
static struct tmpl_var *
tmpl_slot(struct tmpl_vars *v, const char *k)
{
	struct tmpl_var	*s;
	unsigned	 h = tmpl_hash(k);
	size_t		 j;

	if ((s = tmpl_own(v, k, h)) != NULL)
		return s;
	if (tmpl_grow(v) != 0)
		return NULL;
	s = &v->v[v->n];
	memset(s, 0, sizeof(*s));
	if ((s->key = arena_strndup(v->root->arena, k, strlen(k))) == NULL)
		return NULL;
	s->hash = h;
	if (v->idx != NULL) {
		for (j = h & (v->idxcap - 1); v->idx[j] != 0; j = (j + 1) & (v->idxcap - 1))
			;
		v->idx[j] = (unsigned)v->n + 1;
	}
	v->n++;
	return s;
}

/* Set k in v to the sz bytes at val (NULL: unset). */
static enum sme_err
tmpl_setn(struct tmpl_vars *v, const char *k, const char *val, size_t sz)
{
	struct tmpl_var	*s;
	char		*copy = NULL;

	if (v == NULL)
		return SME_ENOMEM;
	if (val != NULL && (copy = arena_strndup(v->root->arena, val, sz)) == NULL)
		return tmpl_fail(v);
	if ((s = tmpl_slot(v, k)) == NULL)
		return tmpl_fail(v);
	s->val = copy;
	return SME_OK;
}

enum sme_err
tmpl_set(struct tmpl_vars *v, const char *k, const char *val)
{
	return tmpl_setn(v, k, val, val != NULL ? strlen(val) : 0);
}

enum sme_err
tmpl_setf(struct tmpl_vars *v, const char *k, const char *fmt, ...)
{
	va_list		 ap;
	char		 buf[256], *s;
	int		 n;

	if (v == NULL)
		return SME_ENOMEM;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return tmpl_fail(v);
	if ((size_t)n < sizeof(buf))
		return tmpl_setn(v, k, buf, (size_t)n);
	/* Longer than buf: formatted again straight into the arena. */
	if ((s = arena_alloc(v->root->arena, (size_t)n + 1)) == NULL)
		return tmpl_fail(v);
	va_start(ap, fmt);
	n = vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return tmpl_fail(v);
	return tmpl_setn(v, k, s, (size_t)n);
}

struct tmpl_vars *
tmpl_add(struct tmpl_vars *v, const char *k)
{
	struct tmpl_var	 *s;
	struct tmpl_vars **ni, *item;
	size_t		   cap;

	if (v == NULL)
		return NULL;
	if ((s = tmpl_slot(v, k)) == NULL) {
		tmpl_fail(v);
		return NULL;
	}
	if (s->nitems == s->itemcap) {
		cap = s->itemcap ? s->itemcap * 2 : 4;
		if ((ni = arena_alloc(v->root->arena, cap * sizeof(*ni))) == NULL) {
			tmpl_fail(v);
			return NULL;
		}
		if (s->nitems > 0)
			memcpy(ni, s->items, s->nitems * sizeof(*ni));
		s->items = ni;
		s->itemcap = cap;
	}
	if ((item = arena_alloc(v->root->arena, sizeof(*item))) == NULL) {
		tmpl_fail(v);
		return NULL;
	}
	memset(item, 0, sizeof(*item));
	item->parent = v;
	item->root = v->root;
	s->items[s->nitems++] = item;
	return item;
}

const char *
tmpl_get(const struct tmpl_vars *v, const char *k)
{
	const struct tmpl_var *s;

	if (v == NULL || (s = tmpl_own(v, k, tmpl_hash(k))) == NULL)
		return NULL;
	return s->val;
}

/* The entry named k (of hash h) in v or the nearest parent that has it, or NULL. */
static const struct tmpl_var *
tmpl_find(const struct tmpl_vars *v, const char *k, unsigned h)
{
	const struct tmpl_var *s;

	for (; v != NULL; v = v->parent)
		if ((s = tmpl_own(v, k, h)) != NULL)
			return s;
	return NULL;
}

/* 1 if k is true in v: set, not empty, not "0", or a non-empty list. */
static int
tmpl_true(const struct tmpl_vars *v, const char *k, unsigned h)
{
	const struct tmpl_var *s = tmpl_find(v, k, h);

	if (s == NULL)
		return 0;
	if (s->val == NULL)
		return s->nitems > 0;
	return s->val[0] != '\0' && strcmp(s->val, "0") != 0;
}

/* A growable output buffer of one render. */
struct tmpl_buf {
	char	*p;
	size_t	 n;
	size_t	 cap;
	int	 oom;	/* an append failed */
};

static void
tmpl_cat(struct tmpl_buf *b, const char *s, size_t sz)
{
	char	*np;
	size_t	 cap;

	if (b->oom)
		return;
	if (b->n + sz + 1 > b->cap) {
		cap = (b->n + sz + 1) * 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, sz);
	b->n += sz;
	b->p[b->n] = '\0';
}

/*
 * Append s escaped for HTML text, or with attr also for a double-quoted
 * attribute value (HTML, section 13.3 "Serialising HTML fragments").
 */
static void
tmpl_esc(struct tmpl_buf *b, const char *s, int attr)
{
	const char	*run = s;

	for (; *s != '\0'; s++) {
		const char *e = NULL;
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = attr ? "&quot;" : NULL; break;
		case '\'': e = attr ? "&#39;" : NULL; break;
		}
		if (e == NULL)
			continue;
		tmpl_cat(b, run, (size_t)(s - run));
		tmpl_cat(b, e, strlen(e));
		run = s + 1;
	}
	tmpl_cat(b, run, (size_t)(s - run));
}

/* Append an operation to p; its index, or (size_t)-1 on ENOMEM. */
static size_t
tmpl_op_add(struct tmpl_page *p, enum tmpl_optype type, const char *s,
    const char *key)
{
	struct tmpl_op	*no;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		if ((no = realloc(p->ops, cap * sizeof(*no))) == NULL)
			return (size_t)-1;
		p->ops = no;
		p->cap = cap;
	}
	memset(&p->ops[p->n], 0, sizeof(p->ops[0]));
	p->ops[p->n].type = type;
	if (s != NULL) {
		p->ops[p->n].s = strdup(s);
		p->ops[p->n].sz = strlen(s);
	}
	if (key != NULL) {
		p->ops[p->n].key = strdup(key);
		p->ops[p->n].hash = tmpl_hash(key);
	}
	return p->n++;
}

/* Append fixed markup, merged into the previous OP_TEXT when there is one. */
static void
tmpl_markup(struct tmpl_page *p, struct tmpl_buf *pending, const char *s,
    int escape, int attr)
{
	(void)p;
	if (escape)
		tmpl_esc(pending, s, attr);
	else
		tmpl_cat(pending, s, strlen(s));
}

/* Turn the pending markup into an OP_TEXT. */
static void
tmpl_flush(struct tmpl_page *p, struct tmpl_buf *pending)
{
	if (pending->n == 0)
		return;
	tmpl_op_add(p, OP_TEXT, pending->p, NULL);
	pending->n = 0;
	pending->p[0] = '\0';
}

static const char *const tmpl_void[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "source", "track", "wbr", NULL
};

static int
tmpl_is_void(const char *name)
{
	size_t	 i;

	for (i = 0; tmpl_void[i] != NULL; i++)
		if (strcmp(name, tmpl_void[i]) == 0)
			return 1;
	return 0;
}

/* 1 if attribute name is a directive, dropped from the output. */
static int
tmpl_is_directive(const char *name)
{
	return strcmp(name, "data-t") == 0 || strcmp(name, "data-if") == 0 ||
	    strcmp(name, "data-html") == 0 ||
	    strcmp(name, "data-each") == 0 || strcmp(name, "data-slot") == 0 ||
	    strncmp(name, "data-a-", 7) == 0 || strncmp(name, "data-bool-", 10) == 0;
}

/* 1 if element n has a data-a-NAME or data-bool-NAME for attribute name. */
static int
tmpl_is_computed(xmlNode *n, const char *name)
{
	char	 d[128];

	snprintf(d, sizeof(d), "data-a-%s", name);
	if (xmlHasProp(n, (const xmlChar *)d))
		return 1;
	snprintf(d, sizeof(d), "data-bool-%s", name);
	return xmlHasProp(n, (const xmlChar *)d) != NULL;
}

/* Compile the attributes of element n: fixed ones as markup, then ops. */
static void
tmpl_compile_attrs(struct tmpl_page *p, struct tmpl_buf *pend, xmlNode *n)
{
	xmlAttr		*a;
	xmlChar		*k, *def;
	const char	*name;
	size_t		 i;

	for (a = n->properties; a != NULL; a = a->next) {
		name = (const char *)a->name;
		if (tmpl_is_directive(name) || tmpl_is_computed(n, name))
			continue;
		k = xmlNodeGetContent((xmlNode *)a);
		tmpl_markup(p, pend, " ", 0, 0);
		tmpl_markup(p, pend, name, 0, 0);
		tmpl_markup(p, pend, "=\"", 0, 0);
		tmpl_markup(p, pend, k ? (const char *)k : "", 1, 1);
		tmpl_markup(p, pend, "\"", 0, 0);
		xmlFree(k);
	}
	for (a = n->properties; a != NULL; a = a->next) {
		name = (const char *)a->name;
		if (strncmp(name, "data-a-", 7) != 0 &&
		    strncmp(name, "data-bool-", 10) != 0)
			continue;
		tmpl_flush(p, pend);
		k = xmlNodeGetContent((xmlNode *)a);
		if (name[5] == 'a') {
			i = tmpl_op_add(p, OP_ATTR, name + 7, (const char *)k);
			def = xmlGetProp(n, (const xmlChar *)name + 7);
			if (i != (size_t)-1 && def != NULL)
				p->ops[i].def = strdup((const char *)def);
			xmlFree(def);
		} else
			tmpl_op_add(p, OP_BOOL, name + 10, (const char *)k);
		xmlFree(k);
	}
}

static void	 tmpl_compile(struct tmpl_page *, struct tmpl_buf *, xmlNode *);

/* Open an OP_IF or OP_EACH for directive attr of n; its index or -1. */
static size_t
tmpl_open_block(struct tmpl_page *p, struct tmpl_buf *pend, xmlNode *n,
    const char *attr, enum tmpl_optype type)
{
	xmlChar	*k = xmlGetProp(n, (const xmlChar *)attr);
	size_t	 i;
	int	 neg;

	if (k == NULL)
		return (size_t)-1;
	tmpl_flush(p, pend);
	neg = k[0] == '!';
	i = tmpl_op_add(p, type, NULL, (const char *)k + neg);
	if (i != (size_t)-1)
		p->ops[i].neg = neg;
	xmlFree(k);
	return i;
}

/* Close the block opened at index i (if any) with an OP_END. */
static void
tmpl_close_block(struct tmpl_page *p, struct tmpl_buf *pend, size_t i)
{
	size_t	 end;

	if (i == (size_t)-1)
		return;
	tmpl_flush(p, pend);
	/* Two statements: tmpl_op_add may move p->ops. */
	end = tmpl_op_add(p, OP_END, NULL, NULL);
	p->ops[i].end = end;
}

/* Compile element n: its blocks, start tag, content and end tag. */
static void
tmpl_compile_element(struct tmpl_page *p, struct tmpl_buf *pend, xmlNode *n)
{
	const char	*name = (const char *)n->name;
	xmlNode		*c;
	xmlChar		*k;
	size_t		 each, cond;

	each = tmpl_open_block(p, pend, n, "data-each", OP_EACH);
	cond = tmpl_open_block(p, pend, n, "data-if", OP_IF);
	tmpl_markup(p, pend, "<", 0, 0);
	tmpl_markup(p, pend, name, 0, 0);
	tmpl_compile_attrs(p, pend, n);
	tmpl_markup(p, pend, ">", 0, 0);
	if (!tmpl_is_void(name)) {
		if ((k = xmlGetProp(n, (const xmlChar *)"data-t")) != NULL) {
			tmpl_flush(p, pend);
			tmpl_op_add(p, OP_VAR, NULL, (const char *)k);
			xmlFree(k);
		} else if ((k = xmlGetProp(n, (const xmlChar *)"data-html")) != NULL) {
			tmpl_flush(p, pend);
			tmpl_op_add(p, OP_HTML, NULL, (const char *)k);
			xmlFree(k);
		} else
			for (c = n->children; c != NULL; c = c->next)
				tmpl_compile(p, pend, c);
		tmpl_markup(p, pend, "</", 0, 0);
		tmpl_markup(p, pend, name, 0, 0);
		tmpl_markup(p, pend, ">", 0, 0);
	}
	tmpl_close_block(p, pend, cond);
	tmpl_close_block(p, pend, each);
}

/* Compile node n of a composed page into p's operations. */
static void
tmpl_compile(struct tmpl_page *p, struct tmpl_buf *pend, xmlNode *n)
{
	int	 raw;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		tmpl_compile_element(p, pend, n);
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		/* script and style hold raw text (our own, from the template). */
		raw = n->parent != NULL && n->parent->name != NULL &&
		    (strcmp((const char *)n->parent->name, "script") == 0 ||
		    strcmp((const char *)n->parent->name, "style") == 0);
		if (n->content != NULL)
			tmpl_markup(p, pend, (const char *)n->content, !raw, 0);
		break;
	case XML_DTD_NODE:
		tmpl_markup(p, pend, "<!DOCTYPE html>\n", 0, 0);
		break;
	default:
		break;	/* comments and processing instructions are dropped */
	}
}

/* Compile a whole composed document into p; SME_ENOMEM on failure. */
static enum sme_err
tmpl_compile_doc(struct tmpl_page *p, xmlDoc *doc)
{
	struct tmpl_buf	 pend = { NULL, 0, 0, 0 };
	xmlNode		*n;
	size_t		 i;

	for (n = doc->children; n != NULL; n = n->next)
		tmpl_compile(p, &pend, n);
	tmpl_flush(p, &pend);
	free(pend.p);
	for (i = 0; i < p->n; i++)
		if ((p->ops[i].type != OP_TEXT && p->ops[i].type != OP_END &&
		    p->ops[i].key == NULL) || pend.oom)
			return SME_ENOMEM;
	return SME_OK;
}

/* The first element under n named name, or carrying attr (if name NULL). */
static xmlNode *
tmpl_lookup(xmlNode *n, const char *name, const char *attr)
{
	xmlNode	*c, *hit;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name != NULL && strcmp((const char *)n->name, name) == 0)
			return n;
		if (attr != NULL && xmlHasProp(n, (const xmlChar *)attr))
			return n;
		if ((c = n->children) != NULL &&
		    (hit = tmpl_lookup(c, name, attr)) != NULL)
			return hit;
	}
	return NULL;
}

/* Put page's body content into the layout's slot; the result, or NULL. */
static xmlDoc *
tmpl_compose(xmlDoc *layout, xmlDoc *page)
{
	xmlDoc	*doc;
	xmlNode	*slot, *body, *c, *ptitle, *ltitle;

	if ((doc = xmlCopyDoc(layout, 1)) == NULL)
		return NULL;
	slot = tmpl_lookup(xmlDocGetRootElement(doc), NULL, "data-slot");
	body = tmpl_lookup(xmlDocGetRootElement(page), "body", NULL);
	if (slot == NULL || body == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlUnsetProp(slot, (const xmlChar *)"data-slot");
	while ((c = body->children) != NULL) {
		xmlUnlinkNode(c);
		xmlAddChild(slot, xmlDocCopyNode(c, doc, 1));
		xmlFreeNode(c);
	}
	ptitle = tmpl_lookup(xmlDocGetRootElement(page), "title", NULL);
	ltitle = tmpl_lookup(xmlDocGetRootElement(doc), "title", NULL);
	if (ptitle != NULL && ltitle != NULL) {
		xmlChar *s = xmlNodeGetContent(ptitle);
		xmlNodeSetContent(ltitle, NULL);
		xmlAddChild(ltitle, xmlNewDocText(doc, s));
		xmlFree(s);
	}
	return doc;
}

/* Parse dir/file as HTML, its partials put in; NULL (logged) on failure. */
static xmlDoc *
tmpl_parse(const char *dir, const char *file)
{
	char	 path[1024];
	xmlDoc	*doc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((doc = htmlReadFile(path, "UTF-8", TMPL_OPTS)) == NULL)
		log_err("tmpl: cannot parse %s", path);
	else if (tmplinc_expand(doc, dir, TMPL_OPTS) != SME_OK) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

/* Add dir/file composed with layout as a page of t. */
static enum sme_err
tmpl_add_page(struct tmpl *t, xmlDoc *layout, const char *dir,
    const char *file)
{
	struct tmpl_page *pg;
	xmlDoc		*page, *doc;
	enum sme_err	 er;

	if (t->n == TMPL_MAX)
		return SME_ETOOBIG;
	if ((page = tmpl_parse(dir, file)) == NULL)
		return SME_EINPUT;
	doc = tmpl_compose(layout, page);
	xmlFreeDoc(page);
	if (doc == NULL) {
		log_err("tmpl: %s has no <body> or the layout no data-slot", file);
		return SME_EINPUT;
	}
	pg = &t->pages[t->n++];
	er = tmpl_compile_doc(pg, doc);
	xmlFreeDoc(doc);
	if (er == SME_OK &&
	    (pg->name = strndup(file, strlen(file) - 5)) == NULL)
		er = SME_ENOMEM;
	return er;
}

enum sme_err
tmpl_load(const char *dir, struct tmpl **out)
{
	struct tmpl	*t;
	struct dirent	*e;
	DIR		*d;
	xmlDoc		*layout;
	size_t		 len;
	enum sme_err	 er = SME_OK;

	*out = NULL;
	if ((layout = tmpl_parse(dir, "_layout.html")) == NULL)
		return SME_EINPUT;
	if ((d = opendir(dir)) == NULL || (t = calloc(1, sizeof(*t))) == NULL) {
		if (d != NULL)
			closedir(d);
		xmlFreeDoc(layout);
		return SME_ESYS;
	}
	while (er == SME_OK && (e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '_' || e->d_name[0] == '.' || len < 6 ||
		    strcmp(e->d_name + len - 5, ".html") != 0)
			continue;
		er = tmpl_add_page(t, layout, dir, e->d_name);
	}
	closedir(d);
	xmlFreeDoc(layout);
	if (er != SME_OK) {
		tmpl_free(t);
		return er;
	}
	*out = t;
	return SME_OK;
}

void
tmpl_free(struct tmpl *t)
{
	size_t	 i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->pages[i].n; j++) {
			free(t->pages[i].ops[j].s);
			free(t->pages[i].ops[j].key);
			free(t->pages[i].ops[j].def);
		}
		free(t->pages[i].ops);
		free(t->pages[i].name);
	}
	free(t);
}

/*
 * Append val cut down by the sanitiser (never as written: the value may be
 * anything a handler set); nothing when it cannot be sanitised.
 */
static void
tmpl_safe_html(struct tmpl_buf *b, const char *val)
{
	char	*safe;
	size_t	 sz;

	switch (sanitize_html(val, strlen(val), &safe, &sz)) {
	case SME_OK:
		break;
	case SME_ENOMEM:
		b->oom = 1;
		return;
	default:
		return;
	}
	tmpl_cat(b, safe, sz);
	free(safe);
}

/* Run operations [from, to) of ops with values v into b. */
static void
tmpl_run(const struct tmpl_op *ops, size_t from, size_t to,
    const struct tmpl_vars *v, struct tmpl_buf *b)
{
	const struct tmpl_op	*op;
	const struct tmpl_var	*s;
	size_t			 i = from, j;

	while (i < to) {
		op = &ops[i];
		switch (op->type) {
		case OP_TEXT:
			tmpl_cat(b, op->s, op->sz);
			break;
		case OP_VAR:
			if ((s = tmpl_find(v, op->key, op->hash)) != NULL && s->val != NULL)
				tmpl_esc(b, s->val, 0);
			break;
		case OP_HTML:
			if ((s = tmpl_find(v, op->key, op->hash)) != NULL && s->val != NULL)
				tmpl_safe_html(b, s->val);
			break;
		case OP_ATTR:
			s = tmpl_find(v, op->key, op->hash);
			if ((s == NULL || s->val == NULL) && op->def == NULL)
				break;
			tmpl_cat(b, " ", 1);
			tmpl_cat(b, op->s, op->sz);
			tmpl_cat(b, "=\"", 2);
			tmpl_esc(b, s != NULL && s->val != NULL ? s->val : op->def, 1);
			tmpl_cat(b, "\"", 1);
			break;
		case OP_BOOL:
			if (!tmpl_true(v, op->key, op->hash))
				break;
			tmpl_cat(b, " ", 1);
			tmpl_cat(b, op->s, op->sz);
			tmpl_cat(b, "=\"", 2);
			tmpl_cat(b, op->s, op->sz);
			tmpl_cat(b, "\"", 1);
			break;
		case OP_IF:
			if (tmpl_true(v, op->key, op->hash) == op->neg) {
				i = op->end + 1;
				continue;
			}
			break;
		case OP_EACH:
			s = tmpl_find(v, op->key, op->hash);
			for (j = 0; s != NULL && j < s->nitems; j++)
				tmpl_run(ops, i + 1, op->end, s->items[j], b);
			i = op->end + 1;
			continue;
		case OP_END:
			break;
		}
		i++;
	}
}

enum sme_err
tmpl_render(const struct tmpl *t, const char *page,
    const struct tmpl_vars *v, char **out, size_t *outsz)
{
	struct tmpl_buf	 b = { NULL, 0, 0, 0 };
	size_t		 i;

	*out = NULL;
	if (tmpl_failed(v))
		return SME_ENOMEM;	/* a value of the page was lost: no partial page */
	for (i = 0; i < t->n; i++)
		if (strcmp(t->pages[i].name, page) == 0)
			break;
	if (i == t->n)
		return SME_EINPUT;
	if ((b.p = malloc(8192)) == NULL)
		return SME_ENOMEM;
	b.cap = 8192;
	b.p[0] = '\0';
	tmpl_run(t->pages[i].ops, 0, t->pages[i].n, v, &b);
	if (b.oom) {
		free(b.p);
		return SME_ENOMEM;
	}
	*out = b.p;
	*outsz = b.n;
	return SME_OK;
}
