/*
 * contact.h - each region's contact phones and hours (region_contact):
 * seeded for the province (seeds 002, 004), edited by the region's
 * reviewers, shown on /help and the enterprise's home (its county first).
 */
#ifndef CONTACT_H
#define CONTACT_H

#include "sme.h"

struct db;
struct db_res;
struct session;

#define CONTACT_FIELD_MAX	60	/* characters of office, purpose, hours */
#define CONTACT_PHONE_MAX	80	/* characters of phone */

/* The columns of contact_list()'s rows. */
enum contact_col { CONTACT_ID, CONTACT_REGION, CONTACT_REGION_NAME, CONTACT_OFFICE,
	CONTACT_PURPOSE, CONTACT_PHONE, CONTACT_HOURS, CONTACT_NEAR };

/*
 * Every contact, those of region first (its county, then city, then the
 * province), then by region code: id, region code, region name, office,
 * purpose, phone, hours, near (1 for region, its city and the province;
 * enum contact_col). region may be NULL (province first).
 */
enum sme_err	 contact_list(struct db *db, const char *region, struct db_res **out);

/*
 * Add (id 0) or change contact id of sess's own region: office, purpose,
 * phone, hours as checked by the caller. SME_EINPUT when sess is not a
 * reviewer or id is not of its region.
 */
enum sme_err	 contact_save(struct db *db, const struct session *sess,
		    long long id, const char *office, const char *purpose,
		    const char *phone, const char *hours, const char *ip);

/* Delete contact id of sess's region; SME_EINPUT as contact_save. */
enum sme_err	 contact_delete(struct db *db, const struct session *sess,
		    long long id, const char *ip);

#endif
