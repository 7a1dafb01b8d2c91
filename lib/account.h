/*
 * account.h - accounts (table account): the mobile an enterprise is told
 * on, and the writes of accounts the handlers and sme-admin share.
 */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;

/*
 * The mobile of enterprise ent's account into buf (bufsz bytes; "" when
 * it has none), for the SMS it is sent.
 */
enum sme_err	 account_enterprise_mobile(struct db *db, long long ent,
		    char *buf, size_t bufsz);

/* A new account, as account_create() takes it. Strings borrowed. */
struct account_new {
	const char	*username;
	const char	*pw_hash;	/* password_hash() */
	const char	*role;		/* enterprise county city province */
	const char	*region;	/* GB/T 2260 code */
	long long	 enterprise_id;	/* 0: none (a reviewer) */
	const char	*display_name;
	const char	*mobile;	/* NULL or "": none */
	const char	*status;	/* pending (registration) or active */
};

/* Insert a, *id its id. SME_ECONFLICT when the username is taken. */
enum sme_err	 account_create(struct db *db, const struct account_new *a,
		    long long *id);

/*
 * A login of account id succeeded: its failures and lock cleared, the time
 * kept; its stored hash replaced by rehash when not NULL (stronger cost).
 */
enum sme_err	 account_logged_in(struct db *db, long long id, const char *rehash);

/*
 * The owner changed the password of id to hash: every session of it ends
 * but the one whose token is keep_token (NULL: all).
 */
enum sme_err	 account_password_set(struct db *db, long long id,
		    const char *hash, const char *keep_token);

/*
 * Reset the password of id (username) to hash: failures and lock cleared,
 * the login delays of username forgotten, every session ended. The
 * caller writes the audit row in the same transaction.
 */
enum sme_err	 account_password_reset(struct db *db, long long id,
		    const char *username, const char *hash);

/*
 * Set the mobile of account id to mobile, inside the caller's
 * transaction (the row locked first). The mobile it had goes into old
 * (oldsz bytes; "" when none) and its username into name (namesz bytes),
 * for the notice to the old number. *found is 0 when id does not exist.
 */
enum sme_err	 account_mobile_set(struct db *db, long long id,
		    const char *mobile, char *old, size_t oldsz, char *name,
		    size_t namesz, int *found);

/* A registration, as account_register() takes it. Strings borrowed. */
struct account_registration {
	const char	*uscc;
	const char	*name;
	const char	*county;
	const char	*licence;	/* the stored file's name */
	const char	*username;
	const char	*pw_hash;
	const char	*mobile;
	long long	 code_id;	/* the SMS code checked (smscode_check) */
	const char	*ip;
};

/*
 * In one transaction: use the SMS code, create the enterprise (pending
 * the county's confirmation) and its account (pending too), and audit it.
 * *gone is 1 if the code was used meanwhile (nothing is written);
 * SME_ECONFLICT if the credit code or username was taken meanwhile.
 */
enum sme_err	 account_register(struct db *db, const struct account_registration *r,
		    int *gone);

/*
 * In one transaction: use SMS code code_id, reset the password of id
 * (username) to hash (account_password_reset), audit it
 * (password_reset_sms, from ip) and tell mobile by SMS (reset_notice).
 * *gone is 1 if the code was used meanwhile (nothing is written).
 */
enum sme_err	 account_reset_by_code(struct db *db, const struct config *cfg,
		    long long code_id, long long id, const char *username,
		    const char *hash, const char *mobile, const char *ip, int *gone);

/* Lock (1) or unlock (0) id; a lock ends its sessions. */
enum sme_err	 account_lock(struct db *db, long long id, int lock);

#endif
