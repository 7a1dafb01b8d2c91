/*
 * validate.h - validators of form fields. Each returns NULL when the value
 * is acceptable, or a static zh-CN message saying which rule it breaks.
 */
#ifndef VALIDATE_H
#define VALIDATE_H

/* 统一社会信用代码, GB 32100-2015: 18 characters and its check character. */
const char	*validate_uscc(const char *s);

/* Mainland mobile number: 11 digits starting 13-19. */
const char	*validate_mobile(const char *s);

/* Username: 4-32 letters, digits or '_', starting with a letter. */
const char	*validate_username(const char *s);

/*
 * Password policy: 10-64 characters with letters and digits, not a common
 * or easily guessed password (cracklib's dictionary and rules, when its
 * dictionary is installed: Debian's cracklib-runtime), not containing the
 * username nor the credit code (either may be NULL), any case.
 */
const char	*validate_password(const char *s, const char *username,
		    const char *uscc);

/* A six-digit GB/T 2260 division code (existence is the database's). */
const char	*validate_region(const char *s);

/* Required text of at most maxchars UTF-8 characters, not blank. */
const char	*validate_text(const char *s, unsigned maxchars);

/*
 * A real calendar date written YYYY-MM-DD with the year between first and
 * last (2026-02-30 is none): "日期格式应为 年-月-日，如 2020-09-04" when
 * not so written, "不是有效的日期" when no such day.
 */
const char	*validate_date(const char *s, int first, int last);

/* The check character GB 32100-2015 gives the first 17 characters of s. */
char		 validate_uscc_check(const char *s);

/*
 * A copy of what a user typed without the white space around it, its ASCII
 * letters turned upper case (fold > 0: credit codes) or lower case (fold
 * < 0), or left (fold 0); "" for NULL. The caller frees it; NULL only when
 * memory runs out.
 */
char		*validate_trimmed(const char *s, int fold);

/*
 * Characters (UTF-8 code points) of s without the white space (space, tab,
 * CR, LF) at either end; 0 for NULL. A reason's length as a person counts it.
 */
size_t		 validate_chars(const char *s);

/*
 * A copy of a number as people type it with ASCII characters only: the
 * full-width digits ０-９ and the full-width "．", "－", "，", "％" and "＋"
 * turned into their ASCII forms, spaces (ASCII, U+3000) dropped; other
 * bytes kept. The caller frees it; NULL only when memory runs out.
 */
char		*validate_ascii_number(const char *s);

#endif
