/*
 * sme-sms.c - the delivery-report handler: gateways call it, not people.
 * Kannel's dlr-url (GET /sms/dlr/{token}) and an HTTP operator's report
 * push (POST /sms/report/{token}); each token is an HMAC under the shared
 * secret (dlr.c), so only URLs we handed out are accepted. No session and
 * no CSRF token: the answers are plain text.
 */
#include <string.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "dlr.h"
#include "log.h"
#include "token.h"

#define SMS_STATUS_MAX	32	/* a report state's characters */

static enum sme_err	page_dlr(struct app_ctx *);
static enum sme_err	page_report(struct app_ctx *);

enum route {
	ROUTE_DLR,
	ROUTE_REPORT,
	ROUTE__MAX
};

static const struct app_route routes[ROUTE__MAX] = {
	[ROUTE_DLR] = { REQ_GET, "/sms/dlr/{token}", page_dlr, APP_PUBLIC },
	[ROUTE_REPORT] = { REQ_POST, "/sms/report/{token}", page_report,
	    APP_PUBLIC | APP_NOCSRF },
};

/* Answer a gateway in plain text. */
static enum sme_err
sms_answer(struct app_ctx *c, int status, const char *text)
{
	req_send(c->r, status, "text/plain; charset=utf-8", text, strlen(text));
	return SME_OK;
}

/* 1 if s is a report state we keep: 1..32 of [A-Za-z0-9_-]. */
static int
sms_status_valid(const char *s)
{
	size_t	 n;

	if (s == NULL)
		return 0;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_-");
	return n > 0 && n <= SMS_STATUS_MAX && s[n] == '\0';
}

/*
 * GET /sms/dlr/{token}?status=N: Kannel's report on outbox row id of the
 * token, N its dlr type (1 delivered, 2 undelivered, 4 buffered, 8 taken
 * by the SMSC, 16 rejected by the SMSC).
 */
static enum sme_err
page_dlr(struct app_ctx *c)
{
	const char	*status = req_query(c->r, "status");
	long long	 id;
	enum sme_err	 er;
	int		 found;

	if (!dlr_check(c->app->secret, c->app->secretsz, c->arg[0], &id))
		return sms_answer(c, 404, "unknown report URL\n");
	if (!sms_status_valid(status))
		return sms_answer(c, 400, "status missing or malformed\n");
	if ((er = dlr_record(c->db, id, status, &found)) != SME_OK)
		return er;
	if (!found)
		log_info("report %s for message %lld: nothing to update",
		    status, id);
	return sms_answer(c, 200, "ok\n");
}

/*
 * POST /sms/report/{token}: an HTTP operator's report, urlencoded, with
 * the message id and state in the fields the configuration names
 * (sms_http_report_id, sms_http_report_status).
 */
static enum sme_err
page_report(struct app_ctx *c)
{
	const struct config *cfg = c->app->cfg;
	const char	*msgid, *status;
	char		 want[DLR_MAC_LEN + 1];
	enum sme_err	 er;
	int		 found;

	if (dlr_report_token(c->app->secret, c->app->secretsz, want,
	    sizeof(want)) != 0 || !token_equal(want, c->arg[0]))
		return sms_answer(c, 404, "unknown report URL\n");
	msgid = req_form(c->r, config_str(cfg, "sms_http_report_id", "msgid"));
	status = req_form(c->r, config_str(cfg, "sms_http_report_status",
	    "status"));
	if (msgid == NULL || *msgid == '\0' || strlen(msgid) >= 65 ||
	    !sms_status_valid(status))
		return sms_answer(c, 400, "message id or status missing\n");
	if ((er = dlr_record_gateway(c->db, "http", msgid, status, &found)) !=
	    SME_OK)
		return er;
	if (!found)
		log_info("report %s for %s: nothing to update", status, msgid);
	return sms_answer(c, 200, "ok\n");
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-sms", routes, ROUTE__MAX);
}
