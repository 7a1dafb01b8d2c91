/*
 * audit.h - the append-only audit trail: who did what to which object,
 * when, from where, with the state before and after.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include <stddef.h>
#include "sme.h"

struct db;

/*
 * Append one row. actor_id 0 means the operator's command line or an
 * anonymous caller; ip, before and after (JSON text) may be NULL. Call it
 * inside the transaction of the change it records.
 */
enum sme_err	 audit_log(struct db *db, long long actor_id, const char *ip,
		    const char *action, const char *object_type,
		    const char *object_id, const char *before, const char *after);



/*
 * Write a JSON object of string members into out: the arguments are key,
 * value pairs ended by NULL (a NULL value writes null). Returns 0, or -1
 * if out is too small.
 */
int		 audit_json(char *out, size_t outsz, ...);
#endif
