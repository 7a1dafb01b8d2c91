/*
 * session.h - login sessions: a random token in an HttpOnly cookie, only
 * its SHA-256 stored, with an expiry and revocation. Loading one is a
 * single primary-key query joined with the account and its region.
 */
#ifndef SESSION_H
#define SESSION_H

#include "sme.h"
#include "token.h"

struct db;

#define SESSION_COOKIE	"sme_s"

/* The caller as the session names them. Strings are owned by the struct. */
struct session {
	char		 token[TOKEN_LEN + 1];
	long long	 account_id;
	char		*username;
	char		*display_name;
	char		*role;		/* enterprise, county, city, province */
	char		*region_code;	/* 6 digits */
	char		*region_name;
	long long	 enterprise_id;	/* 0 unless role is enterprise */
};

/*
 * Load the live session of token (not expired, not revoked, its account
 * active) into *out, extending its expiry when less than half of ttl_s is
 * left. Not found is SME_OK with *out NULL. The caller frees *out with
 * session_free().
 */
enum sme_err	 session_load(struct db *db, const char *token, long ttl_s,
		    struct session **out);

/* Create a session for account, writing its new token into token_out. */
enum sme_err	 session_create(struct db *db, long long account_id,
		    const char *ip, const char *ua, long ttl_s,
		    char token_out[TOKEN_LEN + 1]);

/* Revoke the session of token (logout). */
enum sme_err	 session_revoke(struct db *db, const char *token);

/* Revoke every session of account except keep (may be NULL). */
enum sme_err	 session_revoke_all(struct db *db, long long account_id,
		    const char *keep);

void		 session_free(struct session *s);

#endif
