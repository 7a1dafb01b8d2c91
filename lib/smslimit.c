/*
 * smslimit.c - SMS request limits: lock the keys, count the requests in
 * each rule's window, record the request if every rule allows it. The
 * rules per mobile count only the messages of the kind that were sent;
 * the rules per address and subject count every request.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "smslimit.h"

/* What a rule counts by. The order is the order keys are locked in. */
enum smslimit_scope {
	SCOPE_MOBILE,
	SCOPE_IP,
	SCOPE_SUBJECT,
	SCOPE__MAX
};

/*
 * The newest request that, with max - 1 newer ones, fills the window;
 * the request may go on only if there is none. Parameters: the window,
 * the key (mobile and kind, address, or kind and subject), the window
 * again, max - 1.
 */
static const char *const smslimit_sql[SCOPE__MAX] = {
	"SELECT CEIL(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3),"
	" at + INTERVAL ? SECOND) / 1000000) FROM sms_request"
	" WHERE mobile = ? AND kind = ? AND sent = 1"
	" AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
	" ORDER BY at DESC LIMIT 1 OFFSET ?",
	"SELECT CEIL(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3),"
	" at + INTERVAL ? SECOND) / 1000000) FROM sms_request"
	" WHERE ip = ? AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
	" ORDER BY at DESC LIMIT 1 OFFSET ?",
	"SELECT CEIL(TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3),"
	" at + INTERVAL ? SECOND) / 1000000) FROM sms_request"
	" WHERE kind = ? AND subject = ?"
	" AND at > UTC_TIMESTAMP(3) - INTERVAL ? SECOND"
	" ORDER BY at DESC LIMIT 1 OFFSET ?",
};

/* A limit: at most max requests of one key in window_s seconds. */
struct smslimit_rule {
	enum smslimit_scope	 scope;
	const char		*window_key;	/* configuration of window_s */
	long			 window_s;
	const char		*max_key;	/* configuration of max; NULL: fixed */
	long			 max;
	const char		*message;
};

static const struct smslimit_rule smslimit_rules[] = {
	{ SCOPE_MOBILE, "sms_mobile_gap_s", 60, NULL, 1,
	  "该手机号获取短信过于频繁，每分钟最多获取一次，请稍后再试。" },
	{ SCOPE_MOBILE, NULL, 86400, "sms_mobile_day_max", 10,
	  "该手机号今日获取短信的次数已达上限，请明天再试。" },
	{ SCOPE_IP, NULL, 3600, "sms_ip_hour_max", 20,
	  "您所在的网络获取短信过于频繁，请一小时后再试。" },
	{ SCOPE_SUBJECT, NULL, 86400, "sms_subject_day_max", 10,
	  "该账号今日获取短信的次数已达上限，请明天再试。" },
};

static const char *const smslimit_kinds[SMSLIMIT__MAX] = {
	"register_code", "reset_code", "username", "login_code", "mobile_code"
};

/*
 * Kinds whose limits per mobile hold the message back without saying so:
 * they name an account, so an answer that differed when the mobile had
 * just been sent a message would tell which username goes with it.
 */
static const int smslimit_quiet[SMSLIMIT__MAX] = { 0, 1, 1, 1, 0 };

static const char SQL_LOCK[] =
    "INSERT INTO sms_limit (k, touched_at) VALUES (?, UTC_TIMESTAMP(3))"
    " ON DUPLICATE KEY UPDATE touched_at = UTC_TIMESTAMP(3)";
static const char SQL_RECORD[] =
    "INSERT INTO sms_request (kind, mobile, ip, subject, sent, at)"
    " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))";

long
smslimit_gap_s(const struct config *cfg)
{
	return (long)config_num(cfg, smslimit_rules[0].window_key);
}

/* Lock key (an insert or update holds the row's lock until the end). */
static enum sme_err
smslimit_lock(struct db *db, const char *key)
{
	struct db_param	 p[] = { DB_STR(key) };

	return db_exec(db, SQL_LOCK, p, 1, NULL, NULL);
}

/*
 * Apply rule r to the request: *retry is 0 if it allows it, else the
 * seconds until it would.
 */
static enum sme_err
smslimit_rule_check(struct db *db, const struct config *cfg,
    const struct smslimit_rule *r, const char *kind, const char *const
    key[SCOPE__MAX], long *retry)
{
	struct db_res	*res;
	struct db_param	 p[6];
	long		 window, max;
	size_t		 n = 0;
	enum sme_err	 er;

	window = r->window_key != NULL ?
	    (long)config_num(cfg, r->window_key) : r->window_s;
	max = r->max_key != NULL ?
	    (long)config_num(cfg, r->max_key) : r->max;
	*retry = 0;
	if (max <= 0 || window <= 0)
		return SME_OK;	/* a rule configured off */
	p[n++] = DB_INT(window);
	if (r->scope == SCOPE_SUBJECT)
		p[n++] = DB_STR(kind);
	p[n++] = DB_STR(key[r->scope]);
	if (r->scope == SCOPE_MOBILE)
		p[n++] = DB_STR(kind);
	p[n++] = DB_INT(window);
	p[n++] = DB_INT(max - 1);
	if ((er = db_query(db, smslimit_sql[r->scope], p, n, &res)) != SME_OK)
		return er;
	if (res->nrows > 0) {
		*retry = (long)db_res_int(res, 0, 0, 1);
		if (*retry < 1)
			*retry = 1;
	}
	db_res_free(res);
	return SME_OK;
}

enum sme_err
smslimit_take(struct db *db, const struct config *cfg,
    enum smslimit_kind kind, const char *mobile, const char *ip,
    const char *subject, int deliver, struct smslimit_verdict *v)
{
	char		 keys[SCOPE__MAX][128];
	const char	*key[SCOPE__MAX];
	const char	*k = smslimit_kinds[kind];
	size_t		 i;
	long		 retry;
	enum sme_err	 er;
	int		 scopes = subject != NULL ? SCOPE__MAX : SCOPE_SUBJECT;

	v->retry_after = 0;
	v->message = NULL;
	v->held = 0;
	if (subject == NULL)
		subject = "";
	key[SCOPE_MOBILE] = mobile;
	key[SCOPE_IP] = ip;
	key[SCOPE_SUBJECT] = subject;
	snprintf(keys[SCOPE_MOBILE], sizeof(keys[0]), "m:%s", mobile);
	snprintf(keys[SCOPE_IP], sizeof(keys[0]), "i:%s", ip);
	snprintf(keys[SCOPE_SUBJECT], sizeof(keys[0]), "s:%s:%s", k, subject);
	/*
	 * Every request locks its keys in the same order (mobile, address,
	 * subject), so two requests never wait for each other in a circle.
	 */
	for (i = 0; i < (size_t)scopes; i++)
		if ((er = smslimit_lock(db, keys[i])) != SME_OK)
			return er;
	for (i = 0; i < sizeof(smslimit_rules) / sizeof(smslimit_rules[0]); i++) {
		const struct smslimit_rule *r = &smslimit_rules[i];

		if ((int)r->scope >= scopes)
			continue;
		/* Nothing goes to the mobile: nothing to limit there. */
		if (r->scope == SCOPE_MOBILE && !deliver)
			continue;
		if ((er = smslimit_rule_check(db, cfg, r, k, key,
		    &retry)) != SME_OK)
			return er;
		if (retry == 0)
			continue;
		if (r->scope == SCOPE_MOBILE && smslimit_quiet[kind]) {
			v->held = 1;
			continue;
		}
		if (retry > v->retry_after) {
			v->retry_after = retry;
			v->message = r->message;
		}
	}
	if (v->retry_after > 0) {
		v->held = 0;
		return SME_OK;
	}
	struct db_param p[] = { DB_STR(k), DB_STR(mobile), DB_STR(ip),
	    DB_STR(subject), DB_INT(deliver && !v->held) };
	return db_exec(db, SQL_RECORD, p, 5, NULL, NULL);
}
