/*
 * namegram.h - the grams of a search text as schema/038_enterprise_gram.sql
 * indexes enterprise names: its trigrams (three consecutive characters),
 * or its bigram when it is two characters long. A name contains the text
 * only if it holds every gram of it, so the review queue finds candidates
 * through the index and checks them with LIKE.
 */
#ifndef NAMEGRAM_H
#define NAMEGRAM_H

#include <stddef.h>

#define NAMEGRAM_SZ	13	/* three UTF-8 characters of up to 4 bytes, NUL */
#define NAMEGRAM_MAX	4	/* grams a search uses */

/*
 * 1 if s is searched by grams: valid UTF-8 of at least two characters
 * with one outside ASCII at least (a part of a name; digits and letters
 * alone may be part of a credit code, which the index does not hold).
 */
int	 namegram_searchable(const char *s);

/*
 * The distinct grams of s (valid UTF-8) into out[0..max), in the order
 * first seen: its trigrams, or its one bigram when s has two characters;
 * all of them when there are at most max, else max spread evenly from the
 * first to the last. Returns how many were written (0 for fewer than two
 * characters or invalid UTF-8).
 */
size_t	 namegram_of(const char *s, char out[][NAMEGRAM_SZ], size_t max);

#endif
