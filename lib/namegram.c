/*
 * namegram.c - the grams of a search text (see namegram.h). Characters
 * are UTF-8 sequences, as SUBSTRING() in the database counts them; the
 * index compares them case-insensitively, so no folding is done here.
 */
#include <string.h>

#include "http.h"
#include "namegram.h"

/* Length of the UTF-8 character at s (1-4), or 0 if invalid or at the end. */
static size_t
namegram_charlen(const unsigned char *s)
{
	return s[0] == 0 ? 0 : http_utf8_len((const char *)s, strnlen((const char *)s, 4));
}

/* The number of characters of s, or -1 if it is not valid UTF-8. */
static long
namegram_chars(const char *s, int *ascii)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n;
	long			 count = 0;

	*ascii = 1;
	for (; *p != 0; p += n, count++) {
		if ((n = namegram_charlen(p)) == 0)
			return -1;
		if (n > 1)
			*ascii = 0;
	}
	return count;
}

int
namegram_searchable(const char *s)
{
	int	 ascii;

	return s != NULL && namegram_chars(s, &ascii) >= 2 && !ascii;
}

/* Bytes of the next k characters at p (all valid), or 0 if fewer remain. */
static size_t
namegram_span(const char *p, int k)
{
	size_t	 len = 0, n;

	for (; k > 0; k--, len += n)
		if ((n = namegram_charlen((const unsigned char *)p + len)) == 0)
			return 0;
	return len;
}

size_t
namegram_of(const char *s, char out[][NAMEGRAM_SZ], size_t max)
{
	char		 all[128][NAMEGRAM_SZ];
	const char	*p = s;
	size_t		 n = 0, len, i, k;
	long		 chars;
	int		 ascii, g;

	if (s == NULL || max == 0 || (chars = namegram_chars(s, &ascii)) < 2)
		return 0;
	g = chars == 2 ? 2 : 3;
	while ((len = namegram_span(p, g)) > 0 && n < sizeof(all) / sizeof(all[0])) {
		memcpy(all[n], p, len);
		all[n][len] = '\0';
		for (k = 0; k < n; k++)
			if (strcmp(all[k], all[n]) == 0)
				break;
		if (k == n)
			n++;
		p += namegram_charlen((const unsigned char *)p);
	}
	if (n <= max) {
		memcpy(out, all, n * sizeof(all[0]));
		return n;
	}
	for (i = 0; i < max; i++)
		memcpy(out[i], all[max == 1 ? 0 : i * (n - 1) / (max - 1)], sizeof(all[0]));
	return max;
}
