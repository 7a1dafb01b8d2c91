/*
 * namegram.c - the bigrams of a search text (see namegram.h). Characters
 * are UTF-8 sequences, as SUBSTRING() in the database counts them; the
 * index compares them case-insensitively, so no folding is done here.
 */
#include <string.h>

#include "namegram.h"

/* Length of the UTF-8 character at s (1-4), or 0 if invalid or at the end. */
static size_t
namegram_charlen(const unsigned char *s)
{
	size_t	 n, i;

	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
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

size_t
namegram_of(const char *s, char out[][NAMEGRAM_SZ], size_t max)
{
	char		 all[256][NAMEGRAM_SZ];
	const char	*p = s;
	size_t		 n = 0, a, b, i, k;
	int		 ascii;

	if (s == NULL || max == 0 || namegram_chars(s, &ascii) < 2)
		return 0;
	while ((a = namegram_charlen((const unsigned char *)p)) > 0 &&
	    (b = namegram_charlen((const unsigned char *)p + a)) > 0 &&
	    n < sizeof(all) / sizeof(all[0])) {
		memcpy(all[n], p, a + b);
		all[n][a + b] = '\0';
		for (k = 0; k < n; k++)
			if (strcmp(all[k], all[n]) == 0)
				break;
		if (k == n)
			n++;
		p += a;
	}
	if (n <= max) {
		memcpy(out, all, n * sizeof(all[0]));
		return n;
	}
	for (i = 0; i < max; i++)
		memcpy(out[i], all[max == 1 ? 0 : i * (n - 1) / (max - 1)], sizeof(all[0]));
	return max;
}
