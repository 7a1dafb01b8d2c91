/*
 * config.c - read the "key = value" configuration file shared by every
 * program of the platform, and the table of its keys: type, default,
 * range and the programs that read each. A key not in the table, or a
 * value its type or range refuses, stops the program at start with the
 * file, the line and the reason.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

struct config_kv {
	char	*key;
	char	*val;
};

struct config {
	struct config_kv *v;
	size_t		  n;
};

#define K_ALL	"every program"
#define K_WEB	"the handlers (lib/app.c)"
#define K_SMSD	"sme-smsd"
#define K_LLIM	1LL << 40	/* a byte or second count with no natural bound */

/*
 * Every key. A name with '*' is a pattern (fnmatch). def is the value an
 * unset key has (NULL: none; the program says what that means); ints are
 * decimal, from min to max; CONFIG_OCT an octal mode; CONFIG_CHOICE one of
 * the '|'-separated words of choices. etc/sme.conf.example names each key
 * (tests/unit/test_config.c checks it against this table).
 */
static const struct config_key config_keys[] = {
	/* database */
	{ "db_socket", CONFIG_STR, NULL, 0, 0, NULL, K_ALL },
	{ "db_host", CONFIG_STR, NULL, 0, 0, NULL, K_ALL },
	{ "db_port", CONFIG_INT, "0", 0, 65535, NULL, K_ALL },
	{ "db_name", CONFIG_STR, "sme", 0, 0, NULL, K_ALL },
	{ "db_user", CONFIG_STR, "sme", 0, 0, NULL, K_ALL },
	{ "db_password", CONFIG_STR, NULL, 0, 0, NULL, K_ALL },
	{ "db_connect_timeout_s", CONFIG_INT, "2", 1, 3600, NULL, K_ALL },
	{ "db_rw_timeout_s", CONFIG_INT, "30", 1, 86400, NULL, K_ALL },
	/* a Galera cluster without a proxy: "h1:3306, h2:3306, h3" tried in order (lib/db.c) */
	{ "db_hosts", CONFIG_STR, NULL, 0, 0, NULL, K_ALL },
	{ "secret", CONFIG_STR, NULL, 0, 0, NULL, K_ALL },
	/* handlers: sockets, workers, requests */
	{ "socket_dir", CONFIG_STR, "/run/sme", 0, 0, NULL, K_WEB },
	{ "socket_mode", CONFIG_OCT, "0660", 0, 0777, NULL, K_WEB },
	{ "socket_group", CONFIG_STR, NULL, 0, 0, NULL, K_WEB },
	{ "sme-*_socket", CONFIG_STR, NULL, 0, 0, NULL, K_WEB },
	/* TCP instead of the unix socket, for a front nginx on another host: 10.0.0.5:9101 */
	{ "sme-*_listen", CONFIG_STR, NULL, 0, 0, NULL, K_WEB },
	{ "cookie_secure", CONFIG_CHOICE, "auto", 0, 0, "auto|always", K_WEB },
	{ "workers", CONFIG_INT, "8", 1, 1024, NULL, K_WEB },
	/* a second pool for a handler's slow requests (lib/worker.h); before sme-*_workers */
	{ "sme-*_slow_workers", CONFIG_INT, NULL, 0, 1024, NULL, K_WEB },
	{ "sme-*_workers", CONFIG_INT, NULL, 1, 1024, NULL, K_WEB },
	{ "request_timeout_s", CONFIG_INT, "60", 1, 86400, NULL, K_WEB },
	{ "templates_dir", CONFIG_STR, SME_DATADIR "/templates", 0, 0, NULL, K_WEB },
	{ "spool_dir", CONFIG_STR, "/tmp", 0, 0, NULL, K_WEB },
	{ "session_ttl_s", CONFIG_INT, "28800", 60, K_LLIM, NULL, K_WEB },
	{ "form_max_bytes", CONFIG_INT, "1048576", 1024, K_LLIM, NULL, K_WEB },
	{ "field_max_bytes", CONFIG_INT, "65536", 64, K_LLIM, NULL, K_WEB },
	/* development: X-SME-Queries for a request asking with X-SME-Query-Count: 1 */
	{ "debug_query_count", CONFIG_INT, "0", 0, 1, NULL, K_WEB },
	/* the platform's address, for links in SMS (在线咨询 answers): https://host */
	{ "site_url", CONFIG_STR, NULL, 0, 0, NULL, "sme-help" },
	/* filings: each kind's review chain (lib/flow.c), e.g. chain_entry = county,city */
	{ "chain_*", CONFIG_STR, NULL, 0, 0, NULL, "sme-filing, sme-review, sme-title, sme-eval" },
	/* the innovative-SME evaluation: the cities' report date MM-DD (sme-eval) */
	{ "eval_report_by", CONFIG_STR, "04-15", 0, 0, NULL, "sme-eval" },
	/* the Ministry's yearly update: the reminder days MM-DD (sme-admin remind-ministry) */
	{ "ministry_remind_open", CONFIG_STR, "03-01", 0, 0, NULL, "sme-admin" },
	{ "ministry_remind_close", CONFIG_STR, "04-15", 0, 0, NULL, "sme-admin" },
	/* attachments and licences */
	{ "upload_max_bytes", CONFIG_INT, "52428800", 1, K_LLIM, NULL, K_WEB },
	{ "upload_types", CONFIG_STR, "jpg,jpeg,png,pdf,doc,docx,xls,xlsx,rar", 0, 0, NULL, "sme-upload" },
	{ "upload_slot_max_files", CONFIG_INT, "20", 0, 1000000, NULL, "sme-upload" },
	{ "upload_filing_max_bytes", CONFIG_INT, "524288000", 0, K_LLIM, NULL, "sme-upload" },
	{ "upload_year_max_bytes", CONFIG_INT, "2147483648", 0, K_LLIM, NULL, "sme-upload" },
	{ "storage_dir", CONFIG_STR, "/var/lib/sme/files", 0, 0, NULL, "sme-account, sme-upload, sme-review, sme-admin" },
	{ "licence_max_bytes", CONFIG_INT, "10485760", 1, K_LLIM, NULL, "sme-account" },
	/* SMS codes and their limits; registration and login */
	{ "sms_code_ttl_s", CONFIG_INT, "300", 1, 86400, NULL, "sme-account, sme-recover" },
	{ "sms_code_tries", CONFIG_INT, "5", 1, 1000, NULL, "sme-account, sme-recover" },
	{ "sms_mobile_gap_s", CONFIG_INT, "60", 0, 86400, NULL, "sme-account, sme-recover" },
	{ "sms_mobile_day_max", CONFIG_INT, "10", 0, 1000000, NULL, "sme-account, sme-recover" },
	{ "sms_ip_hour_max", CONFIG_INT, "20", 0, 1000000, NULL, "sme-account, sme-recover" },
	{ "sms_subject_day_max", CONFIG_INT, "10", 0, 1000000, NULL, "sme-account, sme-recover" },
	{ "register_ip_hour_max", CONFIG_INT, "20", 0, 1000000, NULL, "sme-account" },
	{ "login_window_s", CONFIG_INT, "3600", 1, K_LLIM, NULL, "sme-account" },
	{ "login_user_free", CONFIG_INT, "5", 0, 1000000, NULL, "sme-account" },
	{ "login_user_delay_s", CONFIG_INT, "2", 0, 86400, NULL, "sme-account" },
	{ "login_ip_free", CONFIG_INT, "20", 0, 1000000, NULL, "sme-account" },
	{ "login_ip_delay_s", CONFIG_INT, "15", 0, 86400, NULL, "sme-account" },
	{ "login_delay_max_s", CONFIG_INT, "300", 0, 86400, NULL, "sme-account" },
	{ "login_alert_after", CONFIG_INT, "10", 0, 1000000, NULL, "sme-account" },
	/* SMS delivery */
	{ "sms_gateway", CONFIG_CHOICE, "file", 0, 0, "file|kannel|smpp|http", "sme-smsd, sme-sms" },
	{ "sms_poll_ms", CONFIG_INT, "1000", 1, 3600000, NULL, K_SMSD },
	{ "sms_batch", CONFIG_INT, "10", 1, 10000, NULL, K_SMSD },
	{ "sms_threads", CONFIG_INT, NULL, 1, 256, NULL, K_SMSD },
	{ "sms_claim_s", CONFIG_INT, "15", 1, 86400, NULL, K_SMSD },
	{ "sms_timeout_s", CONFIG_INT, "10", 1, 3600, NULL, K_SMSD },
	{ "sms_retry_min_s", CONFIG_INT, "30", 0, K_LLIM, NULL, K_SMSD },
	{ "sms_retry_max_s", CONFIG_INT, "600", 0, K_LLIM, NULL, K_SMSD },
	{ "sms_give_up_s", CONFIG_INT, "3600", 0, K_LLIM, NULL, "the handlers that queue SMS, sme-admin" },
	{ "sms_gateway_dedup", CONFIG_INT, "0", 0, 1, NULL, K_SMSD },
	{ "sms_doubt_wait_s", CONFIG_INT, "5", 0, 86400, NULL, K_SMSD },
	{ "sms_report_s", CONFIG_INT, "259200", 0, K_LLIM, NULL, "sme-smsd, sme-sms" },
	{ "sms_outbox_keep_days", CONFIG_INT, "180", 0, 100000, NULL, "sme-admin" },
	{ "sms_from", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_dlr_base", CONFIG_STR, NULL, 0, 0, NULL, "sme-smsd, sme-sms" },
	{ "sms_signature", CONFIG_STR, "【江苏省专精特新企业培育服务平台】", 0, 0, NULL, "the handlers that queue SMS" },
	{ "sms_tpl_*", CONFIG_STR, NULL, 0, 0, NULL, "the handlers that queue SMS (lib/sms.c)" },
	{ "sms_file", CONFIG_STR, "/var/log/sme/sms.log", 0, 0, NULL, K_SMSD },
	{ "sms_kannel_url", CONFIG_STR, "http://127.0.0.1:13013/cgi-bin/sendsms", 0, 0, NULL, K_SMSD },
	{ "sms_kannel_username", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_kannel_password", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_kannel_dlr_mask", CONFIG_INT, "31", 0, 31, NULL, K_SMSD },
	{ "sms_kannel_smsc", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_smpp_host", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_smpp_port", CONFIG_INT, "2775", 1, 65535, NULL, K_SMSD },
	{ "sms_smpp_system_id", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_smpp_password", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_smpp_system_type", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_smpp_enquire_s", CONFIG_INT, "30", 1, 86400, NULL, K_SMSD },
	{ "sms_smpp_src_ton", CONFIG_INT, "0", 0, 255, NULL, K_SMSD },
	{ "sms_smpp_src_npi", CONFIG_INT, "0", 0, 255, NULL, K_SMSD },
	{ "sms_smpp_dst_ton", CONFIG_INT, "0", 0, 255, NULL, K_SMSD },
	{ "sms_smpp_dst_npi", CONFIG_INT, "1", 0, 255, NULL, K_SMSD },
	{ "sms_http_url", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_http_method", CONFIG_CHOICE, "POST", 0, 0, "GET|POST", K_SMSD },
	{ "sms_http_account", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_http_key", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_http_param_*", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_http_sign_fields", CONFIG_STR, "account,mobile,text,timestamp", 0, 0, NULL, K_SMSD },
	{ "sms_http_sign_join", CONFIG_STR, "", 0, 0, NULL, K_SMSD },
	{ "sms_http_timestamp", CONFIG_CHOICE, "beijing", 0, 0, "beijing|unix|unix_ms", K_SMSD },
	{ "sms_http_reply", CONFIG_CHOICE, "json", 0, 0, "json|xml", K_SMSD },
	{ "sms_http_status_path", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_http_id_path", CONFIG_STR, NULL, 0, 0, NULL, K_SMSD },
	{ "sms_http_success", CONFIG_STR, "0", 0, 0, NULL, K_SMSD },
	{ "sms_http_report_id", CONFIG_STR, "msgid", 0, 0, NULL, "sme-sms" },
	{ "sms_http_report_status", CONFIG_STR, "status", 0, 0, NULL, "sme-sms" },
};

const struct config_key *
config_key_find(const char *key)
{
	size_t	 i;

	for (i = 0; i < sizeof(config_keys) / sizeof(config_keys[0]); i++)
		if (strchr(config_keys[i].name, '*') != NULL ?
		    fnmatch(config_keys[i].name, key, 0) == 0 :
		    strcmp(config_keys[i].name, key) == 0)
			return &config_keys[i];
	return NULL;
}

const struct config_key *
config_key_at(size_t i)
{
	return i < sizeof(config_keys) / sizeof(config_keys[0]) ?
	    &config_keys[i] : NULL;
}

/* 1 if word is one of the '|'-separated words of choices. */
static int
config_choice(const char *choices, const char *word)
{
	size_t	 n = strlen(word);
	const char *p = choices;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, word, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return n > 0;
		if ((p = strchr(p, '|')) != NULL)
			p++;
	}
	return 0;
}

int
config_key_check(const struct config_key *k, const char *val, char *why,
    size_t whysz)
{
	char		*end;
	long long	 v;

	if (k == NULL) {
		snprintf(why, whysz, "unknown key");
		return 0;
	}
	/* An empty value is an unset key (its default). */
	if (*val == '\0' || k->type == CONFIG_STR)
		return 1;
	if (k->type == CONFIG_CHOICE) {
		if (config_choice(k->choices, val))
			return 1;
		snprintf(why, whysz, "%s = %s: must be one of %s", k->name, val,
		    k->choices);
		return 0;
	}
	errno = 0;
	v = strtoll(val, &end, k->type == CONFIG_OCT ? 8 : 10);
	if (errno != 0 || *end != '\0' || !isdigit((unsigned char)*val)) {
		snprintf(why, whysz, "%s = %s: not %s", k->name, val,
		    k->type == CONFIG_OCT ? "an octal mode" : "a whole number");
		return 0;
	}
	if (v < k->min || v > k->max) {
		snprintf(why, whysz, "%s = %s: must be from %lld to %lld",
		    k->name, val, k->min, k->max);
		return 0;
	}
	return 1;
}

struct config *
config_new(void)
{
	return calloc(1, sizeof(struct config));
}

void
config_free(struct config *cfg)
{
	size_t	 i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n; i++) {
		free(cfg->v[i].key);
		free(cfg->v[i].val);
	}
	free(cfg->v);
	free(cfg);
}

enum sme_err
config_set(struct config *cfg, const char *key, const char *val)
{
	struct config_kv *nv;
	char		 *k, *v;
	size_t		  i;

	if ((v = strdup(val)) == NULL)
		return SME_ENOMEM;
	for (i = 0; i < cfg->n; i++)
		if (strcmp(cfg->v[i].key, key) == 0) {
			free(cfg->v[i].val);
			cfg->v[i].val = v;
			return SME_OK;
		}
	if ((k = strdup(key)) == NULL ||
	    (nv = realloc(cfg->v, (cfg->n + 1) * sizeof(*nv))) == NULL) {
		free(k);
		free(v);
		return SME_ENOMEM;
	}
	cfg->v = nv;
	cfg->v[cfg->n].key = k;
	cfg->v[cfg->n].val = v;
	cfg->n++;
	return SME_OK;
}

/* Trim spaces at both ends in place; returns a pointer into s. */
static char *
config_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

enum sme_err
config_load(const char *path, struct config **out, char *errbuf,
    size_t errbufsz)
{
	FILE		*f;
	struct config	*cfg;
	char		 line[4096], why[256], *p, *eq;
	unsigned	 lineno = 0;
	enum sme_err	 er = SME_OK;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		if (errbuf != NULL)
			snprintf(errbuf, errbufsz, "%s: %s", path, strerror(errno));
		return SME_ESYS;
	}
	if ((cfg = config_new()) == NULL) {
		fclose(f);
		return SME_ENOMEM;
	}
	while (er == SME_OK && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			if (errbuf != NULL)
				snprintf(errbuf, errbufsz, "%s:%u: line too long",
				    path, lineno);
			er = SME_EINPUT;
			break;
		}
		p = config_trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			if (errbuf != NULL)
				snprintf(errbuf, errbufsz,
				    "%s:%u: expected key = value", path, lineno);
			er = SME_EINPUT;
			break;
		}
		*eq = '\0';
		p = config_trim(p);
		eq = config_trim(eq + 1);
		if (!config_key_check(config_key_find(p), eq, why, sizeof(why))) {
			if (errbuf != NULL)
				snprintf(errbuf, errbufsz, "%s:%u: %s%s%s", path,
				    lineno, why, strcmp(why, "unknown key") == 0 ?
				    " " : "", strcmp(why, "unknown key") == 0 ? p : "");
			er = SME_EINPUT;
			break;
		}
		er = config_set(cfg, p, eq);
	}
	fclose(f);
	if (er != SME_OK) {
		config_free(cfg);
		return er;
	}
	*out = cfg;
	return SME_OK;
}

const char *
config_str(const struct config *cfg, const char *key, const char *def)
{
	size_t	 i;

	for (i = 0; cfg != NULL && i < cfg->n; i++)
		if (strcmp(cfg->v[i].key, key) == 0)
			return cfg->v[i].val;
	return def;
}

long long
config_int(const struct config *cfg, const char *key, long long def)
{
	const char	*s = config_str(cfg, key, NULL);
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return def;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return def;
	return v;
}

/* The table's entry for key; a key outside the table is a programming error. */
static const struct config_key *
config_key_must(const char *key)
{
	const struct config_key *k = config_key_find(key);

	assert(k != NULL);
	return k;
}

const char *
config_text(const struct config *cfg, const char *key)
{
	return config_str(cfg, key, config_key_must(key)->def);
}

long long
config_num(const struct config *cfg, const char *key)
{
	const struct config_key *k = config_key_must(key);

	return config_int(cfg, key, k->def != NULL ?
	    strtoll(k->def, NULL, k->type == CONFIG_OCT ? 8 : 10) : 0);
}
