/*
 * notice.h - 通知公告: the province, a city or a county publishes a notice
 * (title, body as sanitised HTML, attachments, publish and expiry dates, an
 * audience, optionally the filing window it announces). Current notices
 * (published, not expired) show on home pages; every published one stays
 * in the archive (/notices).
 */
#ifndef NOTICE_H
#define NOTICE_H

#include "sme.h"

struct db;
struct db_res;
struct session;

#define NOTICE_TITLE_MAX	150		/* characters */
#define NOTICE_BODY_MAX		(200 * 1024)	/* bytes as typed */

enum notice_audience { NOTICE_PUBLIC, NOTICE_ENTERPRISE, NOTICE_REVIEWER, NOTICE__MAX };
extern const char *const notice_audience_names[NOTICE__MAX];
extern const char *const notice_audience_labels[NOTICE__MAX];

/* Today in China, the day publish_on and expires_on are compared with. */
#define NOTICE_TODAY	"DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)"

/*
 * Who reads notice n, issued by region rg (rg.code = n.region_code); bind
 * the reader's kind ("public", "enterprise", "reviewer"), its region twice,
 * the kind again and the region three times (lib/notice.c's lists and the
 * enterprise's home, lib/home.c). Everyone reads the public notices; an
 * enterprise those for enterprises issued by its county, city or the
 * province; a reviewer those for enterprises or reviewers issued above it
 * or within its region.
 */
#define NOTICE_VISIBLE \
    " (n.audience = 'public'" \
    " OR (? = 'enterprise' AND n.audience = 'enterprise'" \
    "  AND n.region_code IN (?, (SELECT parent_code FROM region WHERE code = ?), '320000'))" \
    " OR (? = 'reviewer' AND (n.region_code IN (?, (SELECT parent_code FROM region WHERE code = ?), '320000')" \
    "  OR ? IN (rg.code, rg.parent_code, '320000'))))"

/* Current: published and not expired (what home pages show). */
#define NOTICE_CURRENT \
    " n.publish_on <= " NOTICE_TODAY \
    " AND (n.expires_on IS NULL OR n.expires_on >= " NOTICE_TODAY ")"

/* A notice to publish; strings borrowed, checked by the caller. */
struct notice_in {
	const char		*title;
	const char		*body;		/* HTML as typed; stored sanitised */
	enum notice_audience	 audience;
	const char		*publish_on;	/* YYYY-MM-DD */
	const char		*expires_on;	/* YYYY-MM-DD or NULL */
	long long		 window_id;	/* 0: none */
};

/* 1 if sess may publish notices (a county, city or province reviewer). */
int		 notice_may_publish(const struct session *sess);

/*
 * Store in for the region of sess, its body through sanitize_html(), with
 * the audit row; *id is the new notice. SME_EINPUT when sess may not
 * publish, the window does not exist, or nothing is left of the body.
 */
enum sme_err	 notice_create(struct db *db, const struct session *sess,
		    const struct notice_in *in, const char *ip, long long *id);

/* Attach a file already stored and sniffed to notice id (of sess's region). */
enum sme_err	 notice_file_add(struct db *db, const struct session *sess,
		    long long id, const char *sha, const char *name,
		    const char *type);

/* The columns of notice_list()'s and notice_get()'s rows. */
enum notice_col { NOTICE_ID, NOTICE_TITLE, NOTICE_PUBLISH_ON, NOTICE_EXPIRES_ON,
	NOTICE_AUDIENCE, NOTICE_ISSUER, NOTICE_EXPIRED, NOTICE_WINDOW_KIND,
	NOTICE_WINDOW_YEAR, NOTICE_BODY };

/*
 * The notices sess (NULL: anonymous) may read, newest first; current_only
 * keeps those not yet expired (home pages): id, title, publish_on,
 * expires_on, audience, issuer's region name, expired (0/1), window kind,
 * window year (enum notice_col).
 */
enum sme_err	 notice_list(struct db *db, const struct session *sess,
		    int current_only, struct db_res **out);

/*
 * Notice id if sess may read it: as notice_list's row plus body
 * (NOTICE_BODY); no row when it does not exist or is not theirs to read.
 */
enum sme_err	 notice_get(struct db *db, const struct session *sess,
		    long long id, struct db_res **out);

/* The files of notice id: id, filename, media type, sha256 (enum notice_file_col). */
enum notice_file_col { NOTICE_FILE_ID, NOTICE_FILE_NAME, NOTICE_FILE_TYPE,
	NOTICE_FILE_SHA };
enum sme_err	 notice_files(struct db *db, long long id, struct db_res **out);

#endif
