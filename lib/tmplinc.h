/*
 * tmplinc.h - partials in templates (handlers/templates/_*.html): an
 * element carrying data-include="_name.html" is replaced, when the
 * templates load, by the content of that file's <body> (less the comments
 * that say what it is for). A partial reads the page's values like the
 * rest of the page, so what differs between the pages that include it (a
 * button's formaction...) is a value they set.
 */
#ifndef TMPLINC_H
#define TMPLINC_H

#include <libxml/tree.h>

#include "sme.h"

/*
 * Replace every data-include element of doc by its partial, read from
 * dir with the parser options opts; partials may include partials, four
 * deep. SME_EINPUT (logged) when a partial is missing, unparsable, or its
 * name is not "_x.html" of dir; doc is then partly expanded.
 */
enum sme_err	 tmplinc_expand(xmlDoc *doc, const char *dir, int opts);

#endif
