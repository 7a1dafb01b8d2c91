/*
 * tmpl.h - HTML templates filled through libxml2's tree, so every dynamic
 * value is a text node or an attribute value and is escaped on output by
 * construction; nothing is ever pasted in as markup.
 *
 * A template is an HTML file under handlers/templates/. Directives (removed
 * from the output):
 *   data-t="k"        the element's content becomes the text of k
 *   data-html="k"     the content becomes k cut down by lib/sanitize.c
 *                     (notice bodies): markup only of its allow-list
 *   data-a-NAME="k"   attribute NAME is set to k (left as written if unset)
 *   data-bool-NAME="k" attribute NAME="NAME" if k is true, removed if not
 *   data-if="k" / data-if="!k"  the element stays only if k is (not) true
 *   data-each="k"     the element repeats for each item of the list k;
 *                     inside, names are looked up in the item, then outside
 *   data-include="_x.html"  the element is replaced at load by _x.html's
 *                     body (lib/tmplinc.h)
 * A value is true when set, non-empty and not "0". Pages are composed into
 * _layout.html at load: the page's <body> content replaces the layout's
 * element carrying data-slot="main", and the page's <title> text, if any,
 * the layout's title.
 */
#ifndef TMPL_H
#define TMPL_H

#include <stddef.h>
#include "sme.h"

struct tmpl;
struct tmpl_vars;

/*
 * Parse every *.html under dir (files starting with '_' are partials)
 * into *out. On SME_OK the caller frees with tmpl_free(); on failure *out
 * is NULL and the log says which file.
 */
enum sme_err	 tmpl_load(const char *dir, struct tmpl **out);
void		 tmpl_free(struct tmpl *t);

/* An empty set of values, or NULL; free with tmpl_vars_free(). */
struct tmpl_vars *tmpl_vars_new(void);
void		 tmpl_vars_free(struct tmpl_vars *v);

/*
 * Set k to a copy of val (NULL unsets it). SME_ENOMEM on failure, and the
 * failure sticks: the whole set (the top one, also through items) is marked
 * and tmpl_render refuses it, so callers need not check each call. v may be
 * NULL (a failed tmpl_add): nothing is set.
 */
enum sme_err	 tmpl_set(struct tmpl_vars *v, const char *k, const char *val);

/* Set k to a printf-formatted string. */
enum sme_err	 tmpl_setf(struct tmpl_vars *v, const char *k, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Append an item to the list k and return it (owned by v; fill it with
 * tmpl_set), or NULL on allocation failure.
 */
struct tmpl_vars *tmpl_add(struct tmpl_vars *v, const char *k);

/* 1 if a value of v's set could not be set (or v is NULL). */
int		 tmpl_failed(const struct tmpl_vars *v);

/* The value of k in v (not its parents), or NULL. Borrowed. */
const char	*tmpl_get(const struct tmpl_vars *v, const char *k);

/*
 * Render page (a file name without ".html") with v into a new buffer
 * *out of *outsz bytes, freed by the caller with free(). SME_EINPUT if
 * there is no such page, SME_ENOMEM if a set or add on v failed before.
 */
enum sme_err	 tmpl_render(const struct tmpl *t, const char *page,
		    const struct tmpl_vars *v, char **out, size_t *outsz);

#endif
