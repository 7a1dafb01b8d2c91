/*
 * sme-smsd.c - the SMS dispatcher, a daemon (not a request handler): it
 * claims due messages from sms_outbox, sends each through the gateway
 * adapter of sms_gateway, records it sent or retries it with backoff until
 * give_up_at, and records delivery reports that arrive on the gateway's
 * own link (SMPP). Any number may run on any hosts against one database.
 *
 *	sme-smsd [-c CONFIG] [--once]
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "dlr.h"
#include "gw.h"
#include "log.h"
#include "outbox.h"

#define SMSD_RECORD_S	60	/* keep trying to record a sent message */
#define SMSD_DBWAIT_MS	10000	/* longest wait while the database is down */

struct smsd {
	struct config	*cfg;
	struct db	*db;
	struct gw	*gw;
	char		 me[64];		/* claimed_by: host:pid */
	unsigned char	 secret[DLR_SECRET_MAX];	/* for report tokens */
	size_t		 secretsz;		/* 0: no tokens */
	long		 poll_ms;		/* sleep when nothing is due */
	long		 batch;			/* messages claimed at once */
	long		 claim_s;		/* a claim's first lifetime */
	long		 retry_min_s;		/* first backoff */
	long		 retry_max_s;		/* longest backoff */
	long		 timeout_s;		/* of one gateway request */
	int		 db_down;		/* the last claim found it down */
};

static volatile sig_atomic_t smsd_stop;
static sigset_t	 smsd_waitmask;	/* the mask while waiting: TERM, INT open */

static void
smsd_on_stop(int sig)
{
	(void)sig;
	smsd_stop = 1;
}

/*
 * 1 once SIGTERM or SIGINT came. They are blocked outside the wait, so a
 * send under way always finishes; a pending one is taken here.
 */
static int
smsd_stopping(void)
{
	sigset_t	 set;
	struct timespec	 zero = { 0, 0 };

	if (smsd_stop)
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigtimedwait(&set, NULL, &zero) > 0)
		smsd_stop = 1;
	return smsd_stop;
}

/* Wait up to ms for gateway traffic or a signal. */
static void
smsd_wait(struct smsd *d, long ms)
{
	struct pollfd	 pfd = { gw_fd(d->gw), POLLIN, 0 };
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	(void)ppoll(&pfd, pfd.fd >= 0 ? 1 : 0, &ts, &smsd_waitmask);
}

/* A mobile number for the log: 138****5678. */
static const char *
smsd_mask(const char *to, char *buf, size_t bufsz)
{
	size_t	 n = strlen(to);

	if (n < 8)
		snprintf(buf, bufsz, "****");
	else
		snprintf(buf, bufsz, "%.3s****%s", to, to + n - 4);
	return buf;
}

/* A report from the gateway's link: record it by the gateway's id. */
static void
smsd_dlr(void *arg, const char *gwid, const char *stat)
{
	struct smsd	*d = arg;
	enum sme_err	 er;
	int		 found = 0;

	er = dlr_record_gateway(d->db, gw_name(d->gw), gwid, stat, &found);
	if (er != SME_OK)
		log_err("report %s %s: %s", gwid, stat, sme_strerror(er));
	else if (!found)
		log_info("report %s %s: no such message (or a later part)",
		    gwid, stat);
	else
		log_info("report %s %s recorded", gwid, stat);
}

/*
 * Record message m as sent. A sent message that is not recorded would
 * be sent again once its claim runs out, so a database that is down is
 * waited for, up to SMSD_RECORD_S.
 */
static void
smsd_record_sent(struct smsd *d, const struct outbox_msg *m,
    const char *gwid)
{
	enum sme_err	 er;
	int		 i, recorded = 0;

	for (i = 0; i < SMSD_RECORD_S; i++) {
		er = outbox_sent(d->db, d->me, m->id, gw_name(d->gw), gwid,
		    &recorded);
		if (er != SME_EDBDOWN)
			break;
		sleep(1);
	}
	if (er != SME_OK)
		log_err("message %lld was sent but not recorded (%s):"
		    " it may be sent again", m->id, sme_strerror(er));
	else if (!recorded)
		log_warn("message %lld: sent, but the claim was lost", m->id);
}

/* Send one claimed message and record what became of it. */
static void
smsd_send(struct smsd *d, const struct outbox_msg *m)
{
	struct gw_msg	 gm;
	struct gw_result res;
	char		 tok[DLR_TOKEN_MAX], masked[24];
	long		 hold_s, delay;
	enum sme_err	 er;
	int		 held, failed;

	smsd_mask(m->to, masked, sizeof(masked));
	if (m->expired) {
		log_warn("message %lld to %s: given up before it could be sent",
		    m->id, masked);
		outbox_fail(d->db, d->me, m->id,
		    "give_up_at passed before it could be sent");
		return;
	}
	/* Long enough for every part of an SMPP message and a new bind. */
	hold_s = d->timeout_s * (long)(3 + strlen(m->text) / 67) + 30;
	if ((er = outbox_hold(d->db, d->me, m->id, hold_s, &held)) != SME_OK ||
	    !held) {
		log_warn("message %lld: claim lost%s%s; not sent", m->id,
		    er != SME_OK ? ": " : "", er != SME_OK ? sme_strerror(er) : "");
		return;
	}
	memset(&gm, 0, sizeof(gm));
	gm.id = m->id;
	gm.to = m->to;
	gm.text = m->text;
	if (d->secretsz > 0 &&
	    dlr_token(d->secret, d->secretsz, m->id, tok, sizeof(tok)) == 0)
		gm.dlr_token = tok;
	if ((er = gw_send(d->gw, &gm, &res)) == SME_OK) {
		log_info("message %lld to %s sent via %s%s%s (attempt %lld)",
		    m->id, masked, gw_name(d->gw), res.gateway_id[0] ? ", id " :
		    "", res.gateway_id, m->attempts);
		smsd_record_sent(d, m, res.gateway_id);
		return;
	}
	if (res.permanent) {
		log_warn("message %lld to %s refused: %s", m->id, masked,
		    res.error);
		outbox_fail(d->db, d->me, m->id, res.error);
		return;
	}
	delay = outbox_backoff(d->retry_min_s, d->retry_max_s, m->attempts);
	if (outbox_retry(d->db, d->me, m->id, delay, res.error, &failed) !=
	    SME_OK)
		log_err("message %lld: cannot record the failure", m->id);
	else if (failed)
		log_warn("message %lld to %s: given up after %lld attempts: %s",
		    m->id, masked, m->attempts, res.error);
	else
		log_warn("message %lld to %s: attempt %lld failed, next in %lds:"
		    " %s", m->id, masked, m->attempts, delay, res.error);
}

/*
 * Claim a batch and send it. Returns the number claimed, or -1 if the
 * database could not be reached. On a stop the unsent rest goes back.
 */
static long
smsd_batch(struct smsd *d)
{
	struct outbox_batch b;
	enum sme_err	 er;
	size_t		 i;

	if ((er = outbox_claim(d->db, d->me, (size_t)d->batch, d->claim_s,
	    &b)) != SME_OK) {
		if (!d->db_down)
			log_err("claim: %s; waiting for the database",
			    sme_strerror(er));
		d->db_down = 1;
		return -1;
	}
	if (d->db_down)
		log_info("the database is back");
	d->db_down = 0;
	for (i = 0; i < b.n; i++) {
		if (smsd_stopping()) {
			outbox_release(d->db, d->me, b.v[i].id);
			continue;
		}
		smsd_send(d, &b.v[i]);
		/* Reports that came in meanwhile, before the next send. */
		gw_poll(d->gw, smsd_dlr, d);
	}
	outbox_batch_free(&b);
	return (long)i;
}

/* Read the settings; -1 (logged) if the configuration can't be used. */
static int
smsd_setup(struct smsd *d)
{
	char	 host[48];

	d->poll_ms = config_int(d->cfg, "sms_poll_ms", 1000);
	d->batch = config_int(d->cfg, "sms_batch", 10);
	d->timeout_s = config_int(d->cfg, "sms_timeout_s", 10);
	d->claim_s = config_int(d->cfg, "sms_claim_s", 120);
	d->retry_min_s = config_int(d->cfg, "sms_retry_min_s", 30);
	d->retry_max_s = config_int(d->cfg, "sms_retry_max_s", 600);
	if (d->poll_ms < 10 || d->batch < 1 || d->batch > 1000 ||
	    d->timeout_s < 1 || d->claim_s < 10) {
		log_err("config: sms_poll_ms >= 10, 1 <= sms_batch <= 1000,"
		    " sms_timeout_s >= 1 and sms_claim_s >= 10 please");
		return -1;
	}
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(d->me, sizeof(d->me), "%s:%d", host, (int)getpid());
	if (dlr_secret(d->cfg, d->secret, &d->secretsz) != 0)
		log_warn("config: no usable secret: delivery report URLs"
		    " can't be signed and are left out");
	return 0;
}

/*
 * SIGTERM and SIGINT set smsd_stop; they stay blocked except inside
 * smsd_wait's ppoll(), so no system call of a send is interrupted.
 */
static void
smsd_signals(void)
{
	struct sigaction sa;
	sigset_t	 block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = smsd_on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &smsd_waitmask);
	sigdelset(&smsd_waitmask, SIGTERM);
	sigdelset(&smsd_waitmask, SIGINT);
}

static void
usage(void)
{
	fputs("usage: sme-smsd [-c config] [--once]\n"
	    "  --once  send what is due now, then exit\n", stderr);
	exit(2);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "once", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct smsd	 d;
	const char	*path = getenv("SME_CONFIG");
	char		 err[512], tok[DLR_MAC_LEN + 1];
	long		 n, wait_ms = 0;
	int		 ch, once = 0, rc = 0;

	memset(&d, 0, sizeof(d));
	log_init("sme-smsd");
	while ((ch = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'o':
			once = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (path == NULL)
		path = SME_SYSCONFDIR "/sme.conf";
	if (config_load(path, &d.cfg, err, sizeof(err)) != SME_OK) {
		log_err("config: %s", err);
		return 1;
	}
	smsd_signals();
	if (smsd_setup(&d) != 0 || db_open(d.cfg, &d.db) != SME_OK ||
	    gw_open(d.cfg, &d.gw) != SME_OK) {
		db_close(d.db);
		config_free(d.cfg);
		return 1;
	}
	log_info("dispatching as %s through %s, polling every %ld ms", d.me,
	    gw_name(d.gw), d.poll_ms);
	if (strcmp(gw_name(d.gw), "http") == 0 && d.secretsz > 0 &&
	    dlr_report_token(d.secret, d.secretsz, tok, sizeof(tok)) == 0)
		log_info("the operator's delivery reports: POST %s/sms/report/%s",
		    config_str(d.cfg, "sms_dlr_base", "(sms_dlr_base)"), tok);
	while (!smsd_stopping()) {
		n = smsd_batch(&d);
		gw_poll(d.gw, smsd_dlr, &d);
		if (once && n <= 0) {
			rc = n < 0;
			break;
		}
		if (n == d.batch || (once && n > 0))
			continue;	/* more may be due now */
		/* While the database is down, wait longer each time. */
		wait_ms = n >= 0 ? d.poll_ms : wait_ms < d.poll_ms ? d.poll_ms :
		    wait_ms * 2 > SMSD_DBWAIT_MS ? SMSD_DBWAIT_MS : wait_ms * 2;
		smsd_wait(&d, wait_ms);
		gw_poll(d.gw, smsd_dlr, &d);
	}
	log_info("stopping");
	gw_close(d.gw);
	db_close(d.db);
	config_free(d.cfg);
	return rc;
}
