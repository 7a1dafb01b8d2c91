/*
 * fuzz_number.c - libFuzzer target: form_normalise() on what a user types
 * into an amount, a whole number or a percentage (issue 14: separators,
 * full-width digits, %), then form_check(). The copy never grows by more
 * than the ".00" it may add, an amount it rewrote and form_check accepts is
 * digits with exactly two decimals, and nothing is read past the input.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless s is [-]digits.dd. */
static void
fuzz_number_two_decimals(const char *s)
{
	const char	*dot = strchr(s, '.');

	if (*s == '-')
		s++;
	if (dot == NULL || dot == s || strlen(dot) != 3 ||
	    !isdigit((unsigned char)dot[1]) || !isdigit((unsigned char)dot[2]))
		abort();
	for (; s < dot; s++)
		if (!isdigit((unsigned char)*s))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "assets_total", "profit_2022", "employees", "product1_share" };
	const struct form_field	*f;
	char			*in, *out;
	size_t			 i;

	if ((in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((f = form_field_find(names[i], NULL)) == NULL)
			abort();
		if ((out = form_normalise(f, in)) == NULL)
			continue;
		if (strlen(out) > strlen(in) + 3)
			abort();
		if (form_check(f, out) == NULL && f->type == FORM_AMOUNT && *out != '\0' &&
		    strcmp(out, in) != 0)
			fuzz_number_two_decimals(out);
		free(out);
	}
	free(in);
	return 0;
}
