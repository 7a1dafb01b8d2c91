/*
 * target.h - the yearly entry targets at three levels: the province's
 * figure for each city (city_target, seed 000 附件2), and a region's own
 * (region_target): the province total, a city's raised figure (never
 * below the province's), a county's (set by its city).
 */
#ifndef TARGET_H
#define TARGET_H

#include <stddef.h>
#include "sme.h"

struct db;

#define TARGET_MAX	1000000	/* entries a region could be asked for */

/* Set the target of city for year (target >= 0), or remove it (target < 0). */
enum sme_err	 target_set(struct db *db, int year, const char *city, long target);

/*
 * Parse a target as typed: "" is none (*out = -1), else digits up to
 * TARGET_MAX. Returns NULL, or the zh-CN message of a bad value.
 */
const char	*target_parse(const char *text, long *out);

/*
 * Whether a city's own figure own may stand beside the province's base
 * (-1: none): own >= base, or own none. NULL if so, else the zh-CN
 * message in buf ("不得低于省下达的目标数（1000家）").
 */
const char	*target_own_check(long base, long own, char *buf, size_t bufsz);

/*
 * Set (target >= 0) or clear (target < 0) the own target of region for
 * year (region_target.target), audited as actor from ip when it changed.
 * A city's figure is checked against the province's within the
 * transaction the caller runs this in: SME_EINPUT, nothing written, if
 * lower (msg gets target_own_check's message). msg may be NULL.
 */
enum sme_err	 target_own_set(struct db *db, int year, const char *region, long target,
		    long long actor, const char *ip, char *msg, size_t msgsz);

#endif
