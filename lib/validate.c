/*
 * validate.c - field validators with their zh-CN messages. They judge the
 * shape of a value; what needs the database (existence, uniqueness) is
 * the handler's.
 */
#include <ctype.h>
#include <stddef.h>	/* crack.h needs size_t */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <crack.h>

#include "validate.h"

/* GB 32100-2015 table: the 31 characters, I, O, S, V and Z excluded. */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/* Weights 3^(i-1) mod 31 of positions 1..17 (GB 32100-2015, 5.3). */
static const int uscc_weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* The value of c in the code's character set, or -1. */
static int
uscc_val(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(uscc_chars, c)) == NULL)
		return -1;
	return (int)(p - uscc_chars);
}

char
validate_uscc_check(const char *s)
{
	int	 i, sum = 0, v;

	for (i = 0; i < 17; i++) {
		if ((v = uscc_val(s[i])) < 0)
			return '\0';
		sum += v * uscc_weights[i];
	}
	return uscc_chars[(31 - sum % 31) % 31];
}

const char *
validate_uscc(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return "请填写统一社会信用代码";
	if (strlen(s) != 18)
		return "统一社会信用代码应为18位";
	for (i = 0; i < 18; i++)
		if (uscc_val(s[i]) < 0)
			return "统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）";
	for (i = 2; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return "统一社会信用代码第3至8位应为行政区划代码（数字）";
	if (validate_uscc_check(s) != s[17])
		return "统一社会信用代码校验位不正确，请核对营业执照";
	return NULL;
}

/*
 * s without its leading and trailing white space: the start returned,
 * the end in *end. ASCII white space only: UTF-8 bytes of CJK text are
 * left alone.
 */
static const char *
validate_span(const char *s, const char **end)
{
	const char	*e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	*end = e;
	return s;
}

size_t
validate_chars(const char *s)
{
	const char	*e;
	size_t		 n = 0;

	if (s == NULL)
		return 0;
	for (s = validate_span(s, &e); s < e; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

char *
validate_trimmed(const char *s, int fold)
{
	const char	*e;
	char		*out;
	size_t		 i;

	if (s == NULL)
		s = "";
	s = validate_span(s, &e);
	if ((out = strndup(s, (size_t)(e - s))) == NULL)
		return NULL;
	for (i = 0; out[i] != '\0'; i++) {
		if (fold > 0 && out[i] >= 'a' && out[i] <= 'z')
			out[i] = (char)(out[i] - 'a' + 'A');
		else if (fold < 0 && out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	}
	return out;
}

const char *
validate_mobile(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return "请填写手机号码";
	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return "请填写11位手机号码";
	for (i = 0; i < 11; i++)
		if (!isdigit((unsigned char)s[i]))
			return "请填写11位手机号码";
	return NULL;
}

const char *
validate_username(const char *s)
{
	size_t	 i, n;

	if (s == NULL || *s == '\0')
		return "请填写用户名";
	n = strlen(s);
	if (n < 4 || n > 32)
		return "用户名长度为4至32个字符";
	if (!isalpha((unsigned char)s[0]))
		return "用户名须以字母开头";
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return "用户名只能包含字母、数字和下划线";
	return NULL;
}

/* 1 if s contains part (at least 3 bytes), ASCII case ignored. */
static int
validate_contains(const char *s, const char *part)
{
	size_t	 n, i;

	if (part == NULL || (n = strlen(part)) < 3)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (strncasecmp(s + i, part, n) == 0)
			return 1;
	return 0;
}

/*
 * 1 if cracklib judges s weak: in its dictionary (mangled as crackers do),
 * too systematic, or too few different characters. 0 when its dictionary
 * is missing (the other rules still hold).
 */
static int
validate_weak(const char *s)
{
	const char	*dict = GetDefaultCracklibDict();
	char		 pwd[512];

	if (dict == NULL)
		return 0;
	snprintf(pwd, sizeof(pwd), "%s.pwd", dict);
	if (access(pwd, R_OK) != 0)
		return 0;
	return FascistCheckUser(s, dict, "sme", NULL) != NULL;
}

const char *
validate_password(const char *s, const char *username, const char *uscc)
{
	size_t	 i, n, chars = 0;
	int	 alpha = 0, digit = 0;

	if (s == NULL || *s == '\0')
		return "请填写密码";
	n = strlen(s);
	/* The limits are in characters, as the message says, not bytes. */
	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			chars++;
	if (chars < 10 || chars > 64)
		return "密码长度为10至64个字符";
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20)
			return "密码不能包含控制字符";
		alpha |= isalpha((unsigned char)s[i]) != 0;
		digit |= isdigit((unsigned char)s[i]) != 0;
	}
	if (!alpha || !digit)
		return "密码须同时包含字母和数字";
	if (validate_contains(s, username))
		return "密码不能包含用户名";
	if (validate_contains(s, uscc))
		return "密码不能包含统一社会信用代码";
	if (validate_weak(s))
		return "密码过于常见或容易被猜到，请换一个更复杂的密码";
	return NULL;
}

const char *
validate_region(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 6)
		return "请选择所在地区";
	for (i = 0; i < 6; i++)
		if (!isdigit((unsigned char)s[i]))
			return "请选择所在地区";
	return NULL;
}

static int
validate_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

const char *
validate_date(const char *s, int first, int last)
{
	static const int	 mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int			 y, m, d, i;

	for (i = 0; i < 10; i++)
		if (s == NULL || s[i] == '\0' ||
		    ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i])))
			return "日期格式应为 年-月-日，如 2020-09-04";
	if (s[10] != '\0')
		return "日期格式应为 年-月-日，如 2020-09-04";
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < first || y > last || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && validate_leap(y)))
		return "不是有效的日期";
	return NULL;
}

const char *
validate_text(const char *s, unsigned maxchars)
{
	unsigned	 chars = 0;
	int		 blank = 1;

	if (s == NULL)
		return "此项为必填项";
	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80)
			chars++;
		if (!isspace((unsigned char)*s))
			blank = 0;
	}
	if (blank)
		return "此项为必填项";
	if (chars > maxchars)
		return "内容过长";
	return NULL;
}

char *
validate_ascii_number(const char *s)
{
	const unsigned char	*p = (const unsigned char *)(s != NULL ? s : "");
	char			*out, *o;

	if ((out = malloc(strlen((const char *)p) + 1)) == NULL)
		return NULL;
	for (o = out; *p != '\0'; p++) {
		/* U+FF01..U+FF5E are EF BC 81..BF and EF BD 80..9E: ASCII + 0xFEE0. */
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF &&
		    strchr("0123456789.,-+%", 0x21 + (p[2] - 0x81)) != NULL) {
			*o++ = (char)(0x21 + (p[2] - 0x81));
			p += 2;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			p += 2;
		else if (*p != ' ' && *p != '\t')
			*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}
