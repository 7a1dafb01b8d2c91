/*
 * reglimit.h - how often one client address may have a registration
 * checked against the accounts and enterprises that exist ("用户名已存在",
 * "该企业已存在"), counted in the database (register_attempt) so that the
 * limit holds across workers and hosts. Only registrations whose SMS code
 * was right are counted: the answers are not given before that.
 */
#ifndef REGLIMIT_H
#define REGLIMIT_H

#include "sme.h"

struct config;
struct db;

/*
 * Count one checked registration from ip against register_ip_hour_max
 * (default 20 an hour; 0 turns it off). Allowed: recorded, *retry 0.
 * Refused: nothing recorded, *retry the seconds until one is allowed.
 */
enum sme_err	 reglimit_take(struct db *db, const struct config *cfg,
		    const char *ip, long *retry);

#endif
