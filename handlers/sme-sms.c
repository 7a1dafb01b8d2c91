/*
 * sme-sms.c - the delivery-report handler: gateways call it, not people.
 * Kannel's dlr-url (GET /sms/dlr/{token}) and an HTTP operator's report
 * push (POST /sms/report/{token}); each token names one message and is
 * an HMAC under the shared secret (dlr.c), so only URLs we handed out are
 * accepted. A report changes a message once per state and never after a
 * final one (a replay is answered 200 "ignored"); a message older than
 * sms_report_s takes none (410). No session and no CSRF token: the
 * answers are plain text.
 */
#include <string.h>

#include "app.h"
#include "config.h"
#include "db.h"
#include "dlr.h"
#include "log.h"

#define SMS_STATUS_MAX	32	/* a report state's characters */
#define SMS_REPORT_S	259200	/* default sms_report_s: three days */

/* Answer a gateway in plain text. */
static enum sme_err
sms_answer(struct app_ctx *c, int status, const char *text)
{
	req_send(c->r, status, "text/plain; charset=utf-8", text, strlen(text));
	return SME_OK;
}

/* Answer what recording a report did; log what was not taken. */
static enum sme_err
sms_result(struct app_ctx *c, long long id, const char *status,
    enum dlr_result res)
{
	switch (res) {
	case DLR_RECORDED:
		return sms_answer(c, 200, "ok\n");
	case DLR_IGNORED:
		log_info("report %s for message %lld: changes nothing", status,
		    id);
		return sms_answer(c, 200, "ignored\n");
	case DLR_EXPIRED:
		log_info("report %s for message %lld: too late", status, id);
		return sms_answer(c, 410, "report too late\n");
	default:
		return sms_answer(c, 404, "unknown report URL\n");
	}
}

/* The life of a message for reports (sms_report_s). */
static long
sms_report_life(struct app_ctx *c)
{
	long long	 v = config_num(c->app->cfg, "sms_report_s");

	return v > 0 ? (long)v : SMS_REPORT_S;
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
	enum dlr_result	 res;
	long long	 id;
	enum sme_err	 er;

	if (!dlr_check(c->app->secret, c->app->secretsz, c->arg[0], &id))
		return sms_answer(c, 404, "unknown report URL\n");
	if (!sms_status_valid(status))
		return sms_answer(c, 400, "status missing or malformed\n");
	if ((er = dlr_record(c->db, id, NULL, status, sms_report_life(c),
	    &res)) != SME_OK)
		return er;
	return sms_result(c, id, status, res);
}

/*
 * POST /sms/report/{token}: an HTTP operator's report on the message of
 * the token (the per-message URL the http adapter hands over in
 * sms_http_param_report), urlencoded: its state in the field
 * sms_http_report_status and, if the operator sends it, its own message
 * id in sms_http_report_id, which must then be the one it gave us.
 */
static enum sme_err
page_report(struct app_ctx *c)
{
	const struct config *cfg = c->app->cfg;
	const char	*msgid, *status;
	enum dlr_result	 res;
	long long	 id;
	enum sme_err	 er;

	if (!dlr_check(c->app->secret, c->app->secretsz, c->arg[0], &id))
		return sms_answer(c, 404, "unknown report URL\n");
	msgid = req_form(c->r, config_text(cfg, "sms_http_report_id"));
	status = req_form(c->r, config_text(cfg, "sms_http_report_status"));
	if (msgid != NULL && *msgid == '\0')
		msgid = NULL;
	if ((msgid != NULL && strlen(msgid) >= 65) || !sms_status_valid(status))
		return sms_answer(c, 400, "status missing or malformed\n");
	if ((er = dlr_record(c->db, id, msgid, status, sms_report_life(c),
	    &res)) != SME_OK)
		return er;
	return sms_result(c, id, status, res);
}

static const struct app_route routes[] = {
	{ REQ_GET, "/sms/dlr/{token}", page_dlr, APP_PUBLIC },
	{ REQ_POST, "/sms/report/{token}", page_report,
	    APP_PUBLIC | APP_NOCSRF },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "sme-sms", routes, NELEM(routes));
}
