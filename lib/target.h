/*
 * target.h - the province's yearly targets of entries per city (city_target).
 */
#ifndef TARGET_H
#define TARGET_H

#include "sme.h"

struct db;

/* Set the target of city for year (target >= 0), or remove it (target < 0). */
enum sme_err	 target_set(struct db *db, int year, const char *city, long target);

#endif
