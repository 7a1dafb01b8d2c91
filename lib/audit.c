/*
 * audit.c - write rows of the append-only audit table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"

static const char SQL_AUDIT[] =
    "INSERT INTO audit (at, actor_id, actor_ip, action, object_type,"
    " object_id, before_json, after_json)"
    " VALUES (UTC_TIMESTAMP(3), ?, ?, ?, ?, ?, ?, ?)";

enum sme_err
audit_log(struct db *db, long long actor_id, const char *ip,
    const char *action, const char *object_type, const char *object_id,
    const char *before, const char *after)
{
	struct db_param p[] = {
		actor_id > 0 ? DB_INT(actor_id) : DB_NULL, DB_OPT(ip),
		DB_STR(action), DB_STR(object_type), DB_STR(object_id),
		DB_OPT(before), DB_OPT(after),
	};

	return db_exec(db, SQL_AUDIT, p, 7, NULL, NULL);
}

/* Append s to out as a JSON string (RFC 8259 section 7); -1 if no room. */
static int
audit_jstr(char *out, size_t outsz, size_t *o, const char *s)
{
	char	 esc[8];
	size_t	 n;

	for (out[(*o)++] = '"'; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c < 0x20)
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		else {
			esc[0] = (char)c;
			esc[1] = '\0';
		}
		n = strlen(esc);
		if (*o + n + 3 >= outsz)
			return -1;
		memcpy(out + *o, esc, n);
		*o += n;
	}
	out[(*o)++] = '"';
	return 0;
}

int
audit_json(char *out, size_t outsz, ...)
{
	va_list		 ap;
	const char	*k, *v;
	size_t		 o = 0;
	int		 rc = 0;

	if (outsz < 3)
		return -1;
	out[o++] = '{';
	va_start(ap, outsz);
	while (rc == 0 && (k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (o > 1)
			out[o++] = ',';
		if (o + strlen(k) + 8 >= outsz ||
		    audit_jstr(out, outsz, &o, k) != 0)
			rc = -1;
		else if (v == NULL) {
			if (o + 6 >= outsz)
				rc = -1;
			else {
				memcpy(out + o, ":null", 5);
				o += 5;
			}
		} else {
			out[o++] = ':';
			rc = audit_jstr(out, outsz, &o, v);
		}
	}
	va_end(ap);
	if (rc != 0 || o + 2 > outsz)
		return -1;
	out[o++] = '}';
	out[o] = '\0';
	return 0;
}
