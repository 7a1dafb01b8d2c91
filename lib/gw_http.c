/*
 * gw_http.c - the http adapter: send through an operator's HTTP(S) API as
 * the configuration describes it, sign the request with HMAC-SHA256, and
 * read the status and message id from its XML or JSON reply (gwreply.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "config.h"
#include "gw_http.h"
#include "gwreply.h"
#include "httpc.h"
#include "log.h"

/* The fields a request may carry and a signature may cover. */
enum gw_http_field {
	GW_HTTP_ACCOUNT,
	GW_HTTP_MOBILE,
	GW_HTTP_TEXT,
	GW_HTTP_TIMESTAMP,
	GW_HTTP_REF,
	GW_HTTP_REPORT,
	GW_HTTP__MAX
};

static const char *const gw_http_fields[GW_HTTP__MAX] = {
	"account", "mobile", "text", "timestamp", "ref", "report"
};

/* Default parameter names; "" sends no such parameter. */
static const char *const gw_http_params[GW_HTTP__MAX] = {
	"account", "mobile", "content", "timestamp", "", ""
};

#define GW_HTTP_SIGNED_MAX	8

struct gw_http {
	const struct config *cfg;		/* borrowed */
	struct httpc	*http;
	enum httpc_method method;
	enum gwreply_fmt reply;
	const char	*param[GW_HTTP__MAX];	/* parameter names */
	enum gw_http_field signed_fields[GW_HTTP_SIGNED_MAX];
	size_t		 nsigned;
	long		 timeout_ms;
};

int
gw_http_sign(const unsigned char *key, size_t keysz, const char *const *vals,
    size_t n, const char *join, char *out, size_t outsz)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 macsz = 0;
	EVP_MAC		*hmac;
	EVP_MAC_CTX	*ctx = NULL;
	OSSL_PARAM	 params[2];
	size_t		 i, len = 0;
	int		 rc = -1;

	if (outsz < GW_HTTP_SIGN_LEN + 1)
		return -1;
	/* EVP_MAC: the values go in one by one, never joined in a buffer. */
	if ((hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return -1;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(hmac)) == NULL ||
	    !EVP_MAC_init(ctx, key, keysz, params))
		goto out;
	for (i = 0; i < n; i++)
		if ((i > 0 && !EVP_MAC_update(ctx, (const unsigned char *)join,
		    strlen(join))) || !EVP_MAC_update(ctx,
		    (const unsigned char *)vals[i], strlen(vals[i])))
			goto out;
	if (!EVP_MAC_final(ctx, mac, &len, sizeof(mac)) || len != 32)
		goto out;
	macsz = (unsigned int)len;
	for (i = 0; i < macsz; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	rc = 0;
out:
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(hmac);
	return rc;
}

/* Read sms_http_sign_fields ("account,mobile,text,timestamp"); -1 if bad. */
static int
gw_http_signed(struct gw_http *h, const char *list)
{
	char		 buf[256], *tok, *save = NULL;
	size_t		 i;

	h->nsigned = 0;
	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		return -1;
	for (tok = strtok_r(buf, ", ", &save); tok != NULL;
	    tok = strtok_r(NULL, ", ", &save)) {
		for (i = 0; i < GW_HTTP__MAX; i++)
			if (strcmp(tok, gw_http_fields[i]) == 0)
				break;
		if (i == GW_HTTP__MAX || h->nsigned == GW_HTTP_SIGNED_MAX) {
			log_err("config: sms_http_sign_fields: %s is not one of"
			    " account, mobile, text, timestamp, ref, report", tok);
			return -1;
		}
		h->signed_fields[h->nsigned++] = (enum gw_http_field)i;
	}
	return 0;
}

static enum sme_err
gw_http_open(const struct config *cfg, void **state)
{
	struct gw_http	*h;
	char		 key[64];
	enum sme_err	 er;
	size_t		 i;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return SME_ENOMEM;
	h->cfg = cfg;
	h->method = httpc_method(config_text(cfg, "sms_http_method"));
	h->reply = gwreply_fmt(config_text(cfg, "sms_http_reply"));
	h->timeout_ms = config_num(cfg, "sms_timeout_s") * 1000;
	for (i = 0; i < GW_HTTP__MAX; i++) {
		snprintf(key, sizeof(key), "sms_http_param_%s", gw_http_fields[i]);
		h->param[i] = config_str(cfg, key, gw_http_params[i]);
	}
	er = SME_EINPUT;
	if (config_str(cfg, "sms_http_url", NULL) == NULL)
		log_err("config: the http gateway needs sms_http_url");
	else if (h->method == HTTPC__MAX)
		log_err("config: sms_http_method must be GET or POST");
	else if (h->reply == GWREPLY__MAX)
		log_err("config: sms_http_reply must be xml or json");
	else if (config_str(cfg, "sms_http_status_path", NULL) == NULL)
		log_err("config: the http gateway needs sms_http_status_path");
	else if (!gwreply_path_valid(h->reply,
	    config_str(cfg, "sms_http_status_path", "")) ||
	    !gwreply_path_valid(h->reply, config_str(cfg, "sms_http_id_path", "")))
		log_err("config: sms_http_status_path or sms_http_id_path is not"
		    " a valid %s path", config_text(cfg, "sms_http_reply"));
	else if (strcmp(config_text(cfg, "sms_http_timestamp"),
	    "beijing") != 0 && strcmp(config_str(cfg, "sms_http_timestamp",
	    ""), "unix") != 0 && strcmp(config_str(cfg, "sms_http_timestamp",
	    ""), "unix_ms") != 0)
		log_err("config: sms_http_timestamp must be beijing, unix or"
		    " unix_ms");
	else if (gw_http_signed(h, config_text(cfg, "sms_http_sign_fields")) != 0)
		;
	else if (h->nsigned > 0 && config_str(cfg, "sms_http_key", NULL) == NULL)
		log_err("config: sms_http_sign_fields needs sms_http_key");
	else
		er = httpc_new(&h->http);
	if (er != SME_OK) {
		free(h);
		return er;
	}
	*state = h;
	return SME_OK;
}

/* The request of m, signed, into f. */
static enum sme_err
gw_http_form(struct gw_http *h, const struct gw_msg *m, struct httpc_form *f)
{
	const struct config *c = h->cfg;
	const char	*vals[GW_HTTP__MAX], *sv[GW_HTTP_SIGNED_MAX];
	const char	*key = config_str(c, "sms_http_key", "");
	char		 ts[64], ref[24], sig[GW_HTTP_SIGN_LEN + 1], report[512];
	const char	*base = config_str(c, "sms_dlr_base", NULL);
	const char	*tsfmt = config_text(c, "sms_http_timestamp");
	struct timespec	 now;
	struct tm	 tm;
	time_t		 t;
	enum sme_err	 er;
	size_t		 i;

	clock_gettime(CLOCK_REALTIME, &now);
	if (strcmp(tsfmt, "unix") == 0)
		snprintf(ts, sizeof(ts), "%lld", (long long)now.tv_sec);
	else if (strcmp(tsfmt, "unix_ms") == 0)
		snprintf(ts, sizeof(ts), "%lld", (long long)now.tv_sec * 1000 +
		    now.tv_nsec / 1000000);
	else {
		/* yyyyMMddHHmmss in Beijing time (UTC+8), the usual form. */
		t = now.tv_sec + 8 * 3600;
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y%m%d%H%M%S", &tm);
	}
	snprintf(ref, sizeof(ref), "%lld", m->id);
	vals[GW_HTTP_ACCOUNT] = config_str(c, "sms_http_account", "");
	vals[GW_HTTP_MOBILE] = m->to;
	vals[GW_HTTP_TEXT] = m->text;
	vals[GW_HTTP_TIMESTAMP] = ts;
	vals[GW_HTTP_REF] = ref;
	/* The message's own report URL: its token names it (dlr.h). */
	report[0] = '\0';
	if (base != NULL && m->dlr_token != NULL &&
	    snprintf(report, sizeof(report), "%s/sms/report/%s", base,
	    m->dlr_token) >= (int)sizeof(report))
		return SME_EINPUT;
	vals[GW_HTTP_REPORT] = report;
	for (i = 0; i < GW_HTTP__MAX; i++)
		if (*h->param[i] != '\0' &&
		    (i != GW_HTTP_REPORT || *report != '\0') &&
		    (er = httpc_form_add(f, h->param[i], vals[i])) != SME_OK)
			return er;
	if (h->nsigned == 0)
		return SME_OK;
	for (i = 0; i < h->nsigned; i++)
		sv[i] = vals[h->signed_fields[i]];
	if (gw_http_sign((const unsigned char *)key, strlen(key), sv,
	    h->nsigned, config_text(c, "sms_http_sign_join"), sig,
	    sizeof(sig)) != 0)
		return SME_ESYS;
	return httpc_form_add(f, config_str(c, "sms_http_param_signature",
	    "sign"), sig);
}

static enum sme_err
gw_http_send(void *state, const struct gw_msg *m, struct gw_result *res)
{
	struct gw_http	*h = state;
	const struct config *c = h->cfg;
	struct httpc_form f = { NULL, 0, 0 };
	struct httpc_reply r;
	char		 status[64];
	enum sme_err	 er;

	if ((er = gw_http_form(h, m, &f)) != SME_OK) {
		snprintf(res->error, sizeof(res->error), "http: request: %s",
		    sme_strerror(er));
		httpc_form_free(&f);
		return er;
	}
	er = httpc_request(h->http, h->method, config_str(c, "sms_http_url", ""),
	    &f, h->timeout_ms, &r, res->error, sizeof(res->error));
	httpc_form_free(&f);
	if (er != SME_OK)
		return er;
	if (r.status < 200 || r.status > 299) {
		snprintf(res->error, sizeof(res->error), "http: HTTP %ld: %.100s",
		    r.status, r.body);
		httpc_reply_free(&r);
		return SME_ESYS;
	}
	er = gwreply_parse(h->reply, r.body, r.bodysz,
	    config_str(c, "sms_http_status_path", ""),
	    config_str(c, "sms_http_id_path", ""), status, sizeof(status),
	    res->gateway_id, sizeof(res->gateway_id));
	if (er != SME_OK)
		snprintf(res->error, sizeof(res->error),
		    "http: reply without a status at %s: %.100s",
		    config_str(c, "sms_http_status_path", ""), r.body);
	else if (strcmp(status, config_text(c, "sms_http_success")) != 0) {
		snprintf(res->error, sizeof(res->error),
		    "http: the operator answered status %s", status);
		res->gateway_id[0] = '\0';
		er = SME_ESYS;
	}
	httpc_reply_free(&r);
	return er == SME_OK ? SME_OK : SME_ESYS;
}

static void
gw_http_close(void *state)
{
	struct gw_http	*h = state;

	if (h == NULL)
		return;
	httpc_free(h->http);
	free(h);
}

const struct gw_ops gw_http_ops = {
	"http", gw_http_open, gw_http_send, NULL, NULL, gw_http_close
};
