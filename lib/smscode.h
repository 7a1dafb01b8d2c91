/*
 * smscode.h - one-time SMS verification codes: six digits from the CSPRNG,
 * kept only as an HMAC under the server secret, valid for a few minutes
 * (sms_code_ttl_s), used once, and refused after too many wrong tries
 * (sms_code_tries) until a new one is asked for. Registration and password
 * recovery, and a change of mobile, all go through here.
 */
#ifndef SMSCODE_H
#define SMSCODE_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;
struct smslimit_verdict;

#define SMSCODE_LEN	6	/* digits */
#define SMSCODE_HASHSZ	32	/* HMAC-SHA256 */

enum smscode_purpose {
	SMSCODE_REGISTER,	/* the contact mobile of a registration */
	SMSCODE_RESET,		/* a password reset */
	SMSCODE_LOGIN,		/* a login after failed ones (lib/loginguard.h) */
	SMSCODE_MOBILE,		/* a new mobile of a logged-in account
				   (lib/mobilechange.h); subject the username */
	SMSCODE_MOBILE_COUNTY,	/* the new mobile of a request to the county;
				   subject the credit code */
	SMSCODE__MAX
};

/* What a code is for: a code only works for the key it was issued to. */
struct smscode_key {
	enum smscode_purpose	 purpose;
	const char		*mobile;	/* 11 digits */
	const char		*subject;	/* reset, login, mobile: the
						   username, lower case;
						   mobile_county: the credit
						   code; register: "" */
};

/* The result of checking a code a user typed. */
enum smscode_result {
	SMSCODE_OK,		/* right: use it with smscode_use() */
	SMSCODE_WRONG,		/* wrong; the try was counted */
	SMSCODE_EXPIRED,	/* expired or already used */
	SMSCODE_SPENT,		/* too many wrong tries: ask for a new one */
	SMSCODE_NONE,		/* none was ever issued to k: ask for one first */
	SMSCODE_RESULT__MAX
};

/* The secret the codes are hashed under (the configuration's secret). */
struct smscode_secret {
	const unsigned char	*key;
	size_t			 keysz;
};

/* Fill out with SMSCODE_LEN random digits, uniformly; SME_ESYS if the CSPRNG fails. */
enum sme_err	 smscode_new(char out[SMSCODE_LEN + 1]);

/* 1 if s is exactly SMSCODE_LEN ASCII digits, else 0. */
int		 smscode_valid(const char *s);

/*
 * out = HMAC-SHA256(secret, "smscode:" purpose ":" mobile ":" subject ":"
 * code): what is stored, so that a copy of the table reveals no code and
 * a code is bound to its key.
 */
void		 smscode_hash(const struct smscode_secret *sec,
		    const struct smscode_key *k, const char *code,
		    unsigned char out[SMSCODE_HASHSZ]);

/*
 * One request for a code, in a transaction of its own: take it under the
 * SMS limits (smslimit_take, counted against ip and, for a reset, the
 * subject), make a code, store its hash and, when deliver is 1, queue the
 * SMS (register_code or reset_code). A request that must not reach the
 * phone (deliver 0: the username and mobile match no account) does the
 * same work but the queueing, so neither the answer nor its time differs,
 * and is not counted against the mobile. Held back by a limit of the
 * mobile (v->held): no new code, nothing sent, the same answer as sent.
 * Refused by a limit: nothing is stored and v says why.
 */
enum sme_err	 smscode_request(struct db *db, const struct config *cfg,
		    const struct smscode_secret *sec, const struct smscode_key *k,
		    const char *ip, int deliver, struct smslimit_verdict *v);

/*
 * Check code against the latest code issued to k, in a transaction of its
 * own (call it outside any): the row is locked while it is compared, so
 * concurrent guesses are counted one by one. A wrong code counts a try;
 * once sms_code_tries wrong ones are counted, even the right code gives
 * SMSCODE_SPENT. A right code is not used up here: on SMSCODE_OK *id is
 * its row, for smscode_use() in the transaction that acts on it.
 */
enum sme_err	 smscode_check(struct db *db, const struct config *cfg,
		    const struct smscode_secret *sec, const struct smscode_key *k,
		    const char *code, enum smscode_result *res, long long *id);

/*
 * Mark code id used, inside the caller's transaction. *ok is 0 if it was
 * used or expired meanwhile (a concurrent request got it first).
 */
enum sme_err	 smscode_use(struct db *db, long long id, int *ok);

/* How long a code is valid, in seconds (sms_code_ttl_s, default 300). */
long		 smscode_ttl_s(const struct config *cfg);

/* The zh-CN message for a failed check (NULL for SMSCODE_OK). */
const char	*smscode_message(enum smscode_result r);

#endif
