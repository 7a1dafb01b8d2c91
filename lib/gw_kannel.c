/*
 * gw_kannel.c - the kannel adapter: one GET of smsbox's sendsms interface
 * a message, text in UTF-8 sent as UCS-2 (charset=UTF-8&coding=2), and a
 * dlr-url on /sms/dlr/{token} so that sme-sms records delivery reports.
 * Kannel answers 202 when it takes a message; it returns no message id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "gw_kannel.h"
#include "httpc.h"
#include "log.h"

struct gw_kannel {
	const struct config *cfg;	/* borrowed: outlives the adapter */
	struct httpc	*http;
	const char	*url;		/* the sendsms URL */
	const char	*dlr_base;	/* the site as Kannel reaches it, or NULL */
	long		 timeout_ms;
};

static enum sme_err
gw_kannel_open(const struct config *cfg, void **state)
{
	struct gw_kannel *k;
	enum sme_err	 er;

	if (config_str(cfg, "sms_kannel_username", NULL) == NULL ||
	    config_str(cfg, "sms_kannel_password", NULL) == NULL) {
		log_err("config: the kannel gateway needs sms_kannel_username"
		    " and sms_kannel_password (a sendsms-user of smsbox)");
		return SME_EINPUT;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return SME_ENOMEM;
	if ((er = httpc_new(&k->http)) != SME_OK) {
		free(k);
		return er;
	}
	k->cfg = cfg;
	k->url = config_text(cfg, "sms_kannel_url");
	k->dlr_base = config_str(cfg, "sms_dlr_base", NULL);
	k->timeout_ms = config_num(cfg, "sms_timeout_s") * 1000;
	if (k->dlr_base == NULL)
		log_warn("kannel: sms_dlr_base is not set: no delivery reports");
	*state = k;
	return SME_OK;
}

/* The form of one message (Kannel user guide, "SMS Push (send-sms) CGI"). */
static enum sme_err
gw_kannel_form(struct gw_kannel *k, const struct gw_msg *m,
    struct httpc_form *f)
{
	const struct config *c = k->cfg;
	const char	*from = config_str(c, "sms_from", NULL);
	const char	*smsc = config_str(c, "sms_kannel_smsc", NULL);
	char		 dlr[512], mask[24];
	enum sme_err	 er;

	if ((er = httpc_form_add(f, "username",
	    config_str(c, "sms_kannel_username", ""))) != SME_OK ||
	    (er = httpc_form_add(f, "password",
	    config_str(c, "sms_kannel_password", ""))) != SME_OK ||
	    (er = httpc_form_add(f, "to", m->to)) != SME_OK ||
	    (er = httpc_form_add(f, "text", m->text)) != SME_OK ||
	    (er = httpc_form_add(f, "charset", "UTF-8")) != SME_OK ||
	    (er = httpc_form_add(f, "coding", "2")) != SME_OK)
		return er;
	if (from != NULL && (er = httpc_form_add(f, "from", from)) != SME_OK)
		return er;
	if (smsc != NULL && (er = httpc_form_add(f, "smsc", smsc)) != SME_OK)
		return er;
	if (k->dlr_base == NULL || m->dlr_token == NULL)
		return SME_OK;
	/* Kannel puts the report's type (1 delivered, 2 failed...) for %d. */
	if (snprintf(dlr, sizeof(dlr), "%s/sms/dlr/%s?status=%%d", k->dlr_base,
	    m->dlr_token) >= (int)sizeof(dlr))
		return SME_EINPUT;
	snprintf(mask, sizeof(mask), "%lld",
	    config_num(c, "sms_kannel_dlr_mask"));
	if ((er = httpc_form_add(f, "dlr-mask", mask)) != SME_OK ||
	    (er = httpc_form_add(f, "dlr-url", dlr)) != SME_OK)
		return er;
	return SME_OK;
}

static enum sme_err
gw_kannel_send(void *state, const struct gw_msg *m, struct gw_result *res)
{
	struct gw_kannel *k = state;
	struct httpc_form f = { NULL, 0, 0 };
	struct httpc_reply r;
	enum sme_err	 er;
	size_t		 n;

	if ((er = gw_kannel_form(k, m, &f)) != SME_OK) {
		snprintf(res->error, sizeof(res->error), "kannel: %s",
		    sme_strerror(er));
		httpc_form_free(&f);
		return er;
	}
	er = httpc_request(k->http, HTTPC_GET, k->url, &f, k->timeout_ms, &r,
	    res->error, sizeof(res->error));
	httpc_form_free(&f);
	if (er != SME_OK)
		return er;
	if (r.status != 202) {
		/* "4: Authorization failed", "Number(s) blocked"... one line. */
		n = strcspn(r.body, "\r\n");
		snprintf(res->error, sizeof(res->error), "kannel: HTTP %ld: %.*s",
		    r.status, (int)(n > 200 ? 200 : n), r.body);
		er = SME_ESYS;
	}
	httpc_reply_free(&r);
	return er;
}

static void
gw_kannel_close(void *state)
{
	struct gw_kannel *k = state;

	if (k == NULL)
		return;
	httpc_free(k->http);
	free(k);
}

const struct gw_ops gw_kannel_ops = {
	"kannel", gw_kannel_open, gw_kannel_send, NULL, NULL, gw_kannel_close
};
