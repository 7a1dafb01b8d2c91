/*
 * sme-admin.c - the operator's command line: reviewer and enterprise
 * accounts scoped to a region, password resets, locks, filing windows,
 * review deadlines and the daily reminder of late bureaus, criteria
 * schemes (the innovative-SME ranking is sme-eval's).
 * Every change is written to the audit table with the operator's name.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account.h"
#include "audit.h"
#include "claim.h"
#include "config.h"
#include "db.h"
#include "deadline.h"
#include "ministry.h"
#include "purge.h"
#include "remind.h"
#include "window.h"
#include "enterprise.h"
#include "log.h"
#include "loginguard.h"
#include "once.h"
#include "outbox.h"
#include "password.h"
#include "scheme.h"
#include "scheme_db.h"
#include "store.h"
#include "criteria.h"
#include "session.h"
#include "title.h"
#include "token.h"
#include "validate.h"

struct opts {
	const char	*role, *region, *username, *name, *mobile;
	const char	*uscc, *kind, *opens, *closes, *reason, *level, *due, *on;
	long		 year;
	int		 in_library;
};

static const char SQL_REGION[] =
    "SELECT level, name FROM region WHERE code = ?";
enum { RG_LEVEL, RG_NAME };
static const char SQL_ACCOUNT_ID[] =
    "SELECT id, status FROM account WHERE username = ?";
enum { AI_ID, AI_STATUS };
static const char SQL_ACCOUNT_LIST[] =
    "SELECT a.username, a.role, a.region_code, r.name, a.status,"
    " a.display_name FROM account a JOIN region r ON r.code = a.region_code"
    " ORDER BY a.role, a.region_code, a.username";
enum {
	AL_USERNAME, AL_ROLE, AL_REGION, AL_REGION_NAME, AL_STATUS, AL_DISPLAY
};

static void
usage(void)
{
	fputs("usage: sme-admin [-c config] command [options]\n"
	    "  account-add --role county|city|province|support --region CODE --username U\n"
	    "              [--name 显示名] [--mobile M]      password on stdin\n"
	    "  enterprise-add --uscc CODE --name 企业名称 --region COUNTY\n"
	    "              --username U [--mobile M] [--in-library]  password on stdin\n"
	    "  password-reset --username U                  password on stdin\n"
	    "  lock --username U | unlock --username U\n"
	    "  uscc-release --username U [--reason 原因]   release the credit code\n"
	    "              U's registration holds (squatted): returned, U locked\n"
	    "  window-set --kind K --year Y --opens YYYY-MM-DD --closes YYYY-MM-DD\n"
	    "  deadline-set --kind K --year Y --level county|city|province --due YYYY-MM-DD\n"
	    "              the last day (Beijing) of that level's review; --due '' removes it\n"
	    "  remind-reviewers  an SMS to the reviewers of each bureau with filings\n"
	    "                 overdue or due within 3 days, once a day a bureau (daily)\n"
	    "  list\n"
	    "  scheme-import FILE  add or replace criteria schemes (format: schema/data/schemes.txt)\n"
	    "  scheme-list         the criteria schemes loaded, with their rule counts\n"
	    "  remind-ministry [--on YYYY-MM-DD]  on ministry_remind_open/close (MM-DD),\n"
	    "                 text national 小巨人 enterprises to update on the Ministry's\n"
	    "                 platform, each once a day and year (run daily; --on: that day)\n"
	    "  purge          delete sessions expired 30 days ago, login failures of\n"
	    "                 more than a day ago, and SMS codes and requests older\n"
	    "                 than the SMS limits look back, form tokens older than a\n"
	    "                 week, sealed SMS texts never sent and settled SMS older\n"
	    "                 than sms_outbox_keep_days, and spool and unfinished\n"
	    "                 store files untouched for an hour, registration attempts\n"
	    "                 of more than a day ago (run daily from cron or a timer)\n"
	    "A password read from stdin may be empty: one is generated and printed.\n",
	    stderr);
	exit(2);
}

/*
 * Read a password from stdin, or generate one; checks the policy against
 * username and uscc (either may be NULL).
 */
static int
read_password(char *pw, size_t pwsz, const char *username, const char *uscc)
{
	const char	*msg;
	size_t		 n;

	if (isatty(STDIN_FILENO))
		fputs("password (empty to generate): ", stderr);
	if (fgets(pw, (int)pwsz, stdin) == NULL)
		pw[0] = '\0';
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n == 0) {
		if (token_new(pw, pwsz) != SME_OK)
			return -1;
		pw[14] = '\0';
		memcpy(pw + 12, "a1", 2);	/* letters and digits, surely */
		printf("generated password: %s\n", pw);
	}
	if ((msg = validate_password(pw, username, uscc)) != NULL) {
		fprintf(stderr, "sme-admin: %s\n", msg);
		return -1;
	}
	return 0;
}

/* 0 if code is a region of the given level ("city"...), else -1 (said). */
static int
check_region(struct db *db, const char *code, const char *level,
    char *name, size_t namesz)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(code) };
	enum sme_err	 er;
	int		 ok;

	if (validate_region(code) != NULL)
		return fprintf(stderr, "sme-admin: bad region %s\n", code), -1;
	if ((er = db_query(db, SQL_REGION, p, 1, &res)) != SME_OK)
		return fprintf(stderr, "sme-admin: region %s not looked up: %s\n",
		    code, sme_strerror(er)), -1;
	ok = res->nrows == 1 && db_res_is(res, 0, RG_LEVEL, level);
	if (ok)
		snprintf(name, namesz, "%s", db_res_get(res, 0, RG_NAME));
	db_res_free(res);
	if (!ok)
		fprintf(stderr, "sme-admin: %s is not a %s of Jiangsu\n", code, level);
	return ok ? 0 : -1;
}

/* Insert the account and its audit row; the account id or 0. */
static long long
insert_account(struct db *db, const struct opts *o, const char *role,
    long long ent, const char *display, const char *pw)
{
	char			 hash[PASSWORD_HASH_MAX], oid[32], after[512];
	struct account_new	 an;
	long long		 id;

	if (password_hash(pw, hash, sizeof(hash)) != SME_OK)
		return 0;
	an = (struct account_new){ o->username, hash, role, o->region, ent,
	    display, o->mobile, "active" };
	if (account_create(db, &an, &id) != SME_OK) {
		fprintf(stderr, "sme-admin: cannot create %s (username taken?)\n",
		    o->username);
		return 0;
	}
	snprintf(oid, sizeof(oid), "%lld", id);
	audit_json(after, sizeof(after), "username", o->username, "role", role,
	    "region", o->region, NULL);
	if (audit_log(db, 0, NULL, "admin_account_create", "account", oid,
	    NULL, after) != SME_OK)
		return 0;
	return (long long)id;
}

static int
cmd_account_add(struct db *db, const struct opts *o)
{
	char	 pw[128], rname[64], display[128];

	if (o->role == NULL || o->region == NULL || o->username == NULL ||
	    (strcmp(o->role, "county") && strcmp(o->role, "city") &&
	    strcmp(o->role, "province") && strcmp(o->role, "support")))
		usage();
	if (validate_username(o->username) != NULL ||
	    (o->mobile && validate_mobile(o->mobile) != NULL))
		return fprintf(stderr, "sme-admin: bad username or mobile\n"), 1;
	/* Technical support answers every region: it sits at the province. */
	if (check_region(db, o->region, strcmp(o->role, "support") == 0 ?
	    "province" : o->role, rname, sizeof(rname)) != 0 ||
	    read_password(pw, sizeof(pw), o->username, NULL) != 0)
		return 1;
	snprintf(display, sizeof(display), "%s", o->name ? o->name : rname);
	if (db_begin(db) != SME_OK)
		return 1;
	if (insert_account(db, o, o->role, 0, display, pw) == 0 ||
	    db_commit(db) != SME_OK) {
		db_rollback(db);
		return 1;
	}
	printf("created %s reviewer %s for %s (%s)\n", o->role, o->username,
	    rname, o->region);
	return 0;
}

static int
cmd_enterprise_add(struct db *db, const struct opts *o)
{
	char			 pw[128], rname[64], oid[32];
	const char		*msg;
	long long		 ent;

	if (o->uscc == NULL || o->name == NULL || o->region == NULL ||
	    o->username == NULL)
		usage();
	if ((msg = validate_uscc(o->uscc)) != NULL ||
	    (msg = validate_username(o->username)) != NULL ||
	    (o->mobile && (msg = validate_mobile(o->mobile)) != NULL))
		return fprintf(stderr, "sme-admin: %s\n", msg), 1;
	if (check_region(db, o->region, "county", rname, sizeof(rname)) != 0 ||
	    read_password(pw, sizeof(pw), o->username, o->uscc) != 0)
		return 1;
	if (db_begin(db) != SME_OK)
		return 1;
	if (enterprise_create(db, o->uscc, o->name, o->region, o->in_library,
	    &ent) != SME_OK) {
		fprintf(stderr, "sme-admin: 该企业已存在 (%s)\n", o->uscc);
		db_rollback(db);
		return 1;
	}
	snprintf(oid, sizeof(oid), "%lld", ent);
	if (audit_log(db, 0, NULL, "admin_enterprise_create", "enterprise",
	    oid, NULL, NULL) != SME_OK ||
	    insert_account(db, o, "enterprise", ent, o->name, pw) == 0 ||
	    db_commit(db) != SME_OK) {
		db_rollback(db);
		return 1;
	}
	printf("created enterprise %s (%s) in %s with account %s\n", o->name,
	    o->uscc, rname, o->username);
	return 0;
}

/* The id of the account named username, or 0 (said). */
static long long
account_id(struct db *db, const char *username)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_STR(username) };
	long long	 id = 0;

	if (db_query(db, SQL_ACCOUNT_ID, p, 1, &res) == SME_OK) {
		id = db_res_int(res, 0, AI_ID, 0);
		db_res_free(res);
	}
	if (id == 0)
		fprintf(stderr, "sme-admin: no account %s\n", username);
	return id;
}

static int
cmd_password_reset(struct db *db, const struct opts *o)
{
	char		 pw[128], hash[PASSWORD_HASH_MAX], oid[32];
	long long	 id;

	if (o->username == NULL)
		usage();
	if ((id = account_id(db, o->username)) == 0 ||
	    read_password(pw, sizeof(pw), o->username, NULL) != 0 ||
	    password_hash(pw, hash, sizeof(hash)) != SME_OK)
		return 1;
	snprintf(oid, sizeof(oid), "%lld", id);
	if (db_begin(db) != SME_OK)
		return 1;
	if (account_password_reset(db, id, o->username, hash) != SME_OK ||
	    audit_log(db, 0, NULL, "admin_password_reset", "account", oid,
	    NULL, NULL) != SME_OK || db_commit(db) != SME_OK) {
		db_rollback(db);
		return 1;
	}
	printf("password of %s reset; its sessions ended\n", o->username);
	return 0;
}

/*
 * uscc-release: the registration of enterprise account username squats
 * another company's credit code: returned with the reason, its account
 * locked and its sessions ended, the code free for the real company.
 */
static int
cmd_uscc_release(struct db *db, const struct opts *o)
{
	const char	*reason = o->reason != NULL ? o->reason :
			    "统一社会信用代码被他人冒用，经核实已释放";
	long long	 id;
	int		 done;

	if (o->username == NULL)
		usage();
	if (claim_of_account(db, o->username, &id) != SME_OK)
		return 1;
	if (id == 0)
		return fprintf(stderr, "sme-admin: no enterprise account %s\n",
		    o->username), 1;
	if (claim_release(db, id, reason, 0, NULL, &done) != SME_OK)
		return 1;
	if (!done)
		return fprintf(stderr, "sme-admin: the registration of %s holds "
		    "no credit code (already returned)\n", o->username), 1;
	printf("credit code of %s released; %s locked, its sessions ended\n",
	    o->username, o->username);
	return 0;
}

static int
cmd_lock(struct db *db, const struct opts *o, int lock)
{
	char		 oid[32], after[64];
	long long	 id;

	if (o->username == NULL)
		usage();
	if ((id = account_id(db, o->username)) == 0)
		return 1;
	snprintf(oid, sizeof(oid), "%lld", id);
	audit_json(after, sizeof(after), "status", lock ? "locked" : "active",
	    NULL);
	if (db_begin(db) != SME_OK)
		return 1;
	if (account_lock(db, id, lock) != SME_OK ||
	    audit_log(db, 0, NULL, lock ? "admin_lock" : "admin_unlock",
	    "account", oid, NULL, after) != SME_OK || db_commit(db) != SME_OK) {
		db_rollback(db);
		return 1;
	}
	printf("%s %s\n", o->username, lock ? "locked" : "unlocked");
	return 0;
}

static int
cmd_window_set(struct db *db, const struct opts *o)
{
	char	 wid[64];

	if (o->kind == NULL || o->year < 2000 || o->opens == NULL ||
	    o->closes == NULL)
		usage();
	/* Dates are Beijing days: open at 00:00, close at 24:00 (UTC+8). */
	snprintf(wid, sizeof(wid), "%s/%ld", o->kind, o->year);
	if (window_set(db, o->kind, o->year, o->opens, o->closes) != SME_OK ||
	    audit_log(db, 0, NULL, "admin_window_set", "filing_window", wid,
	    NULL, NULL) != SME_OK)
		return fprintf(stderr, "sme-admin: bad window\n"), 1;
	printf("window %s: %s to %s (Beijing time)\n", wid, o->opens, o->closes);
	return 0;
}

static int
cmd_deadline_set(struct db *db, const struct opts *o)
{
	char	 oid[64], after[64];

	if (o->kind == NULL || o->year < 2000 || o->level == NULL ||
	    o->due == NULL)
		usage();
	snprintf(oid, sizeof(oid), "%s/%ld/%s", o->kind, o->year, o->level);
	audit_json(after, sizeof(after), "due_on", *o->due ? o->due : NULL,
	    NULL);
	if (db_begin(db) != SME_OK)
		return 1;
	if (deadline_set(db, o->kind, o->year, o->level, o->due) != SME_OK ||
	    audit_log(db, 0, NULL, "admin_deadline_set", "review_deadline", oid,
	    NULL, after) != SME_OK || db_commit(db) != SME_OK) {
		db_rollback(db);
		return fprintf(stderr, "sme-admin: bad deadline\n"), 1;
	}
	printf("deadline %s: %s\n", oid, *o->due ? o->due : "removed");
	return 0;
}

static int
cmd_remind_reviewers(struct db *db, const struct config *cfg)
{
	struct remind_result	 rr;

	if (remind_reviewers(db, cfg, time(NULL), &rr) != SME_OK)
		return 1;
	printf("%d bureaus with late filings, %d reminded now, %d SMS queued,"
	    " %d with no reviewer's mobile\n", rr.bureaus, rr.reminded, rr.sms,
	    rr.unreachable);
	return 0;
}

static int
cmd_list(struct db *db)
{
	struct db_res	*res;
	size_t		 i;

	if (db_query(db, SQL_ACCOUNT_LIST, NULL, 0, &res) != SME_OK)
		return 1;
	for (i = 0; i < res->nrows; i++)
		printf("%-20s %-10s %s %-8s %-7s %s\n",
		    db_res_get(res, i, AL_USERNAME),
		    db_res_get(res, i, AL_ROLE), db_res_get(res, i, AL_REGION),
		    db_res_get(res, i, AL_REGION_NAME), db_res_get(res, i, AL_STATUS),
		    db_res_get(res, i, AL_DISPLAY));
	db_res_free(res);
	return 0;
}

static int
cmd_purge(struct db *db, const struct config *cfg)
{
	unsigned long long	 s, f, r, c, k, o, os, od;
	long long		 keep = config_num(cfg, "sms_outbox_keep_days");
	int			 sp, pu;

	if (purge_expired(db, PURGE_SESSIONS, &s) != SME_OK ||
	    purge_expired(db, PURGE_LOGIN_FAILURES, &f) != SME_OK ||
	    purge_expired(db, PURGE_SMS_REQUESTS, &r) != SME_OK ||
	    purge_expired(db, PURGE_SMS_CODES, &c) != SME_OK ||
	    purge_expired(db, PURGE_SMS_LIMITS, &k) != SME_OK ||
	    once_purge(db, ONCE_KEEP_DAYS, &o) != SME_OK ||
	    outbox_purge(db, keep < 7 ? 7 : (long)keep, &os, &od) != SME_OK)
		return 1;
	printf("purged %llu sessions, %llu login failures, %llu SMS requests,"
	    " %llu SMS codes, %llu SMS limit keys, %llu form tokens,"
	    " %llu sealed SMS texts, %llu SMS\n", s, f, r, c, k, o, os, od);
	/* Files of uploads that died midway (a worker killed, a power cut). */
	sp = store_sweep(config_text(cfg, "spool_dir"), "sme-",
	    STORE_DEBRIS_AGE_S);
	pu = store_sweep(config_text(cfg, "storage_dir"),
	    ".put-", STORE_DEBRIS_AGE_S);
	if (sp < 0 || pu < 0)
		return 1;
	printf("removed %d spool files and %d unfinished store files of more"
	    " than an hour\n", sp, pu);
	if (purge_expired(db, PURGE_REGISTER_ATTEMPTS, &r) != SME_OK)
		return 1;
	printf("purged %llu registration attempts\n", r);
	return 0;
}

/* Schemes as data: a bureau adds its scheme or a new year, no rebuild. */
static const char SQL_SCHEME_LIST[] =
    "SELECT s.family, s.year, s.tier, IFNULL(s.class, '-'), s.kinds,"
    " IFNULL(s.region_code, '-'), s.mode, (SELECT COUNT(*) FROM scheme_rule r"
    " WHERE r.scheme_id = s.id), (SELECT COUNT(*) FROM scheme_band b"
    " WHERE b.scheme_id = s.id), s.title FROM scheme s ORDER BY s.family, s.year";
enum {
	SL_FAMILY, SL_YEAR, SL_TIER, SL_CLASS, SL_KINDS, SL_REGION, SL_MODE,
	SL_RULES, SL_BANDS, SL_TITLE
};

static int
cmd_scheme_import(struct db *db, const char *file)
{
	struct scheme	*s = NULL;
	size_t		 n = 0, i, sz;
	char		*buf, err[512], wid[64];
	FILE		*fp;
	int		 replaced, rc = 0;

	if (file == NULL)
		usage();
	if ((fp = fopen(file, "rb")) == NULL)
		return fprintf(stderr, "sme-admin: %s: cannot open\n", file), 1;
	/* A scheme file is a few kilobytes; a megabyte is plenty. */
	if ((buf = malloc(1 << 20)) == NULL) {
		fclose(fp);
		return 1;
	}
	sz = fread(buf, 1, 1 << 20, fp);
	if (!feof(fp)) {
		fclose(fp);
		free(buf);
		return fprintf(stderr, "sme-admin: %s: too big or unreadable\n",
		    file), 1;
	}
	fclose(fp);
	if (scheme_parse(buf, sz, &s, &n, err, sizeof(err)) != SME_OK) {
		free(buf);
		return fprintf(stderr, "sme-admin: %s: %s\n", file, err), 1;
	}
	free(buf);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(wid, sizeof(wid), "%s/%d", s[i].family, s[i].year);
		if (scheme_save(db, &s[i], &replaced) != SME_OK ||
		    audit_log(db, 0, NULL, "admin_scheme_import", "scheme", wid,
		    NULL, NULL) != SME_OK) {
			fprintf(stderr, "sme-admin: scheme %s not saved\n", wid);
			rc = 1;
			break;
		}
		printf("scheme %s: %zu rules, %zu bands%s\n", wid, s[i].nrules,
		    s[i].nbands, replaced ? " (replaced)" : "");
	}
	scheme_free_all(s, n);
	return rc;
}

static int
cmd_scheme_list(struct db *db)
{
	struct db_res	*res;
	size_t		 i;

	if (db_query(db, SQL_SCHEME_LIST, NULL, 0, &res) != SME_OK)
		return 1;
	for (i = 0; i < res->nrows; i++)
		printf("%-18s %s %-8s %-5s %-30s %-6s %-5s %2s rules %2s bands  %s\n",
		    db_res_get(res, i, SL_FAMILY), db_res_get(res, i, SL_YEAR),
		    db_res_get(res, i, SL_TIER), db_res_get(res, i, SL_CLASS),
		    db_res_get(res, i, SL_KINDS), db_res_get(res, i, SL_REGION),
		    db_res_get(res, i, SL_MODE), db_res_get(res, i, SL_RULES),
		    db_res_get(res, i, SL_BANDS), db_res_get(res, i, SL_TITLE));
	db_res_free(res);
	return 0;
}

/*
 * remind-ministry: on a reminder day (today in China Standard Time, or
 * --on), queue the Ministry-update SMS to national 小巨人 enterprises.
 */
static int
cmd_remind_ministry(struct db *db, const struct config *cfg, const struct opts *o)
{
	struct ministry_remind_stats st;
	char		 day[11];
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;

	if (o->on != NULL) {
		if (validate_date(o->on, 2000, 2099) != NULL) {
			fprintf(stderr, "sme-admin: --on wants YYYY-MM-DD\n");
			return 2;
		}
		snprintf(day, sizeof(day), "%s", o->on);
	} else {
		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	}
	if (ministry_remind(db, cfg, day, &st) != SME_OK)
		return 1;
	if (!st.due)
		printf("%s is no reminder day of the Ministry's update\n", day);
	else
		printf("%s: %llu reminders queued, %llu skipped\n", day, st.sent,
		    st.skipped);
	return 0;
}

static void
parse_opts(int argc, char *argv[], struct opts *o)
{
	static const struct option lo[] = {
		{ "role", 1, NULL, 'r' }, { "region", 1, NULL, 'g' },
		{ "username", 1, NULL, 'u' }, { "name", 1, NULL, 'n' },
		{ "mobile", 1, NULL, 'm' }, { "uscc", 1, NULL, 's' },
		{ "kind", 1, NULL, 'k' }, { "year", 1, NULL, 'y' },
		{ "opens", 1, NULL, 'o' }, { "closes", 1, NULL, 'e' },
		{ "in-library", 0, NULL, 'l' }, { "reason", 1, NULL, 'x' },
		{ "level", 1, NULL, 'v' }, { "due", 1, NULL, 'd' },
		{ "on", 1, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int	 ch;

	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': o->role = optarg; break;
		case 'g': o->region = optarg; break;
		case 'u': o->username = optarg; break;
		case 'n': o->name = optarg; break;
		case 'm': o->mobile = optarg; break;
		case 's': o->uscc = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'y': o->year = strtol(optarg, NULL, 10); break;
		case 'o': o->opens = optarg; break;
		case 'e': o->closes = optarg; break;
		case 'l': o->in_library = 1; break;
		case 'x': o->reason = optarg; break;
		case 'v': o->level = optarg; break;
		case 'd': o->due = optarg; break;
		case 't': o->on = optarg; break;
		default: usage();
		}
	}
}

int
main(int argc, char *argv[])
{
	struct config	*cfg;
	struct db	*db;
	struct opts	 o;
	const char	*path = getenv("SME_CONFIG"), *cmd;
	char		 err[512];
	int		 rc;

	log_init("sme-admin");
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		usage();
	cmd = argv[1];
	memset(&o, 0, sizeof(o));
	parse_opts(argc - 1, argv + 1, &o);
	if (config_load(path ? path : SME_SYSCONFDIR "/sme.conf", &cfg, err,
	    sizeof(err)) != SME_OK)
		return fprintf(stderr, "sme-admin: %s\n", err), 1;
	if (db_open(cfg, &db) != SME_OK)
		return 1;
	if (strcmp(cmd, "account-add") == 0)
		rc = cmd_account_add(db, &o);
	else if (strcmp(cmd, "enterprise-add") == 0)
		rc = cmd_enterprise_add(db, &o);
	else if (strcmp(cmd, "password-reset") == 0)
		rc = cmd_password_reset(db, &o);
	else if (strcmp(cmd, "lock") == 0 || strcmp(cmd, "unlock") == 0)
		rc = cmd_lock(db, &o, strcmp(cmd, "lock") == 0);
	else if (strcmp(cmd, "uscc-release") == 0)
		rc = cmd_uscc_release(db, &o);
	else if (strcmp(cmd, "window-set") == 0)
		rc = cmd_window_set(db, &o);
	else if (strcmp(cmd, "deadline-set") == 0)
		rc = cmd_deadline_set(db, &o);
	else if (strcmp(cmd, "remind-reviewers") == 0)
		rc = cmd_remind_reviewers(db, cfg);
	else if (strcmp(cmd, "list") == 0)
		rc = cmd_list(db);
	else if (strcmp(cmd, "scheme-import") == 0)
		rc = cmd_scheme_import(db, argc > 2 ? argv[2] : NULL);
	else if (strcmp(cmd, "scheme-list") == 0)
		rc = cmd_scheme_list(db);
	else if (strcmp(cmd, "purge") == 0)
		rc = cmd_purge(db, cfg);
	else if (strcmp(cmd, "remind-ministry") == 0)
		rc = cmd_remind_ministry(db, cfg, &o);
	else
		usage();
	db_close(db);
	config_free(cfg);
	return rc;
}
