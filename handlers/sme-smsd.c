/*
 * sme-smsd.c - the SMS dispatcher, a daemon (not a request handler): it
 * claims due messages from sms_outbox, sends them through the gateway
 * adapter of sms_gateway, several at once (sms_threads lanes, each with
 * its own database connection and gateway link), records each sent or
 * retries it with backoff until give_up_at, and records delivery reports
 * that arrive on the gateway's own link (SMPP). Any number may run on any
 * hosts against one database.
 *
 * Once at most: before a message goes to the gateway its row records
 * handed_at in a commit of its own. A dispatcher that dies mid-send leaves
 * the message in doubt; whoever takes it over resends it with the same
 * reference (the outbox id: Kannel's dlr-url token, the HTTP operator's
 * ref, SMPP's user_message_reference) at once where the gateway drops
 * repeats (sms_gateway_dedup = 1), else at most once, and not at all when
 * a delivery report shows the gateway has it: where reports name our id
 * (Kannel, an operator's per-message report URL) it waits
 * sms_doubt_wait_s for one first. Claims last sms_claim_s and are renewed
 * while they are worked, and claims of a dead dispatcher of this host
 * (same pid namespace) are ended at start, so its messages go out at once.
 *
 *	sme-smsd [-c CONFIG] [--once]
 */
#include <sys/eventfd.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
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
#include "monoclock.h"
#include "outbox.h"
#include "sms.h"

#define SMSD_RECORD_S	60	/* keep trying to record a sent message */
#define SMSD_DBWAIT_MS	10000	/* longest wait while the database is down */
#define SMSD_THREADS_MAX 64

struct smsd;

/* One lane: a thread sending one message at a time. */
struct lane {
	struct smsd	*d;
	struct db	*db;
	struct gw	*gw;
	pthread_t	 thread;
	int		 started;
	long long	 cur;		/* the message it works, 0: none (under mu) */
};

struct smsd {
	struct config	*cfg;
	struct db	*db;			/* the main thread's: claims */
	struct gw	*gw;			/* lane 0's, for its name */
	char		 host[41];
	char		 me[64];		/* claimed_by: host:pid:pidns */
	unsigned long	 ns;			/* pid namespace inode */
	unsigned char	 secret[DLR_SECRET_MAX];	/* report tokens, sealed texts */
	size_t		 secretsz;		/* 0: no tokens */
	long		 poll_ms;		/* sleep when nothing is due */
	long		 batch;			/* messages claimed at once, at most */
	long		 threads;		/* lanes: messages in flight */
	long		 claim_s;		/* a claim's lifetime, renewed */
	long		 retry_min_s;		/* first backoff */
	long		 retry_max_s;		/* longest backoff */
	long		 timeout_s;		/* of one gateway request */
	long		 report_s;		/* reports taken this long */
	int		 dedup;			/* the gateway drops repeats */
	int		 reports;		/* the gateway reports deliveries */
	long		 doubt_wait_s;		/* wait for its report this long */
	int		 db_down;		/* the last claim found it down */
	int		 evfd;			/* lanes signal a finished send */
	struct lane	*lanes;
	/* The messages claimed and not yet taken by a lane; under mu. */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct outbox_msg *q;
	size_t		 nq;
	long		 busy;			/* lanes sending now */
	int		 stop;
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
 * 1 once SIGTERM or SIGINT came. They are blocked in every thread except
 * in the main thread's wait, so a send under way always finishes.
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

/* Wait up to ms for a lane to finish a send, or a signal. */
static void
smsd_wait(struct smsd *d, long ms)
{
	struct pollfd	 pfd = { d->evfd, POLLIN, 0 };
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };
	uint64_t	 v;
	ssize_t		 r = 0;

	if (ppoll(&pfd, 1, &ts, &smsd_waitmask) == 1)
		r = read(d->evfd, &v, sizeof(v));	/* reset the count */
	(void)r;
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
	struct lane	*l = arg;
	enum dlr_result	 res;
	enum sme_err	 er;

	er = dlr_record_gateway(l->db, gw_name(l->gw), gwid, stat,
	    l->d->report_s, &res);
	if (er != SME_OK)
		log_err("report %s %s: %s", gwid, stat, sme_strerror(er));
	else if (res == DLR_RECORDED)
		log_info("report %s %s recorded", gwid, stat);
	else
		log_info("report %s %s: %s", gwid, stat, res == DLR_IGNORED ?
		    "changes nothing" : res == DLR_EXPIRED ? "too late" :
		    "no such message (or a later part)");
}

/*
 * Record message m as sent. A sent message that is not recorded would
 * be in doubt once its claim runs out, so a database that is down is
 * waited for, up to SMSD_RECORD_S.
 */
static void
smsd_record_sent(struct lane *l, const struct outbox_msg *m,
    const char *gwid)
{
	enum sme_err	 er;
	int		 i, recorded = 0;

	for (i = 0; i < SMSD_RECORD_S; i++) {
		er = outbox_sent(l->db, l->d->me, m->id, gw_name(l->gw), gwid,
		    &recorded);
		if (er != SME_EDBDOWN)
			break;
		sleep(1);
	}
	if (er != SME_OK)
		log_err("message %lld was sent but not recorded (%s):"
		    " it is in doubt", m->id, sme_strerror(er));
	else if (!recorded)
		log_warn("message %lld: sent, but the claim was lost", m->id);
}

/*
 * What to do with a message in doubt (its dispatcher died while handing
 * it over): 1 to resend it, 0 if it was settled here.
 */
static int
smsd_doubt(struct lane *l, const struct outbox_msg *m, const char *masked)
{
	struct smsd	*d = l->d;

	if (m->reported) {
		log_info("message %lld to %s: in doubt, but reported by the"
		    " gateway: not sent again", m->id, masked);
		if (outbox_settle(l->db, d->me, m->id) != SME_OK)
			log_err("message %lld: cannot record it sent", m->id);
		return 0;
	}
	/* Ask the gateway: a report that it has the message may be coming. */
	if (!d->dedup && d->reports && m->handed_ago_ms < d->doubt_wait_s * 1000) {
		log_info("message %lld to %s: in doubt; waiting for the"
		    " gateway's report until %lds after it was handed over",
		    m->id, masked, d->doubt_wait_s);
		if (outbox_wait(l->db, d->me, m->id, (d->doubt_wait_s * 1000 -
		    m->handed_ago_ms + 999) / 1000) != SME_OK)
			log_err("message %lld: cannot put it back", m->id);
		return 0;
	}
	if (!d->dedup && m->resends >= 1) {
		log_warn("message %lld to %s: in doubt again after its one"
		    " resend: not sent a third time", m->id, masked);
		outbox_fail(l->db, d->me, m->id, "in doubt again after its one"
		    " resend (a dispatcher stopped mid-send twice): not sent"
		    " again");
		return 0;
	}
	log_info("message %lld to %s: in doubt (a dispatcher stopped"
	    " mid-send); resending with the same reference%s", m->id, masked,
	    d->dedup ? ", which the gateway drops if it has it" : ", once");
	return 1;
}

/* Send one claimed message and record what became of it. */
static void
smsd_send(struct lane *l, const struct outbox_msg *m)
{
	struct smsd	*d = l->d;
	struct gw_msg	 gm;
	struct gw_result res;
	char		 tok[DLR_TOKEN_MAX], masked[24];
	char		 text[SMS_TEXT_MAX + 1];
	long		 delay;
	enum sme_err	 er;
	int		 held, failed, resend = 0;

	smsd_mask(m->to, masked, sizeof(masked));
	if (m->expired) {
		log_warn("message %lld to %s: given up before it could be sent",
		    m->id, masked);
		outbox_fail(l->db, d->me, m->id,
		    "give_up_at passed before it could be sent");
		return;
	}
	if (m->in_doubt && !(resend = smsd_doubt(l, m, masked)))
		return;
	memset(&gm, 0, sizeof(gm));
	gm.id = m->id;
	gm.to = m->to;
	gm.text = m->text;
	if (m->sealed != NULL) {
		if (sms_unseal(d->secret, d->secretsz, m->to, m->sealed,
		    m->sealedsz, text, sizeof(text)) != 0) {
			log_err("message %lld to %s: its sealed text does not"
			    " open (another secret?); failed", m->id, masked);
			outbox_fail(l->db, d->me, m->id, "the sealed text does"
			    " not open under this secret");
			return;
		}
		gm.text = text;
	}
	if (d->secretsz > 0 &&
	    dlr_token(d->secret, d->secretsz, m->id, tok, sizeof(tok)) == 0)
		gm.dlr_token = tok;
	/*
	 * Its own commit: from here on a crash leaves the message in doubt.
	 * (A lane's connection closed since its last message, by a restart or
	 * a failover, is replaced before this statement: lib/db.c.)
	 */
	if ((er = outbox_hand(l->db, d->me, m->id, resend, &held)) != SME_OK ||
	    !held) {
		log_warn("message %lld: claim lost%s%s; not sent", m->id,
		    er != SME_OK ? ": " : "", er != SME_OK ? sme_strerror(er) : "");
		goto out;
	}
	if ((er = gw_send(l->gw, &gm, &res)) == SME_OK) {
		log_info("message %lld to %s sent via %s%s%s (attempt %lld)",
		    m->id, masked, gw_name(l->gw), res.gateway_id[0] ? ", id " :
		    "", res.gateway_id, m->attempts);
		smsd_record_sent(l, m, res.gateway_id);
		goto out;
	}
	if (res.permanent) {
		log_warn("message %lld to %s refused: %s", m->id, masked,
		    res.error);
		outbox_fail(l->db, d->me, m->id, res.error);
		goto out;
	}
	delay = outbox_backoff(d->retry_min_s, d->retry_max_s, m->attempts);
	if (outbox_retry(l->db, d->me, m->id, delay, res.error, &failed) !=
	    SME_OK)
		log_err("message %lld: cannot record the failure", m->id);
	else if (failed)
		log_warn("message %lld to %s: given up after %lld attempts: %s",
		    m->id, masked, m->attempts, res.error);
	else
		log_warn("message %lld to %s: attempt %lld failed, next in %lds:"
		    " %s", m->id, masked, m->attempts, delay, res.error);
out:
	memset(text, 0, sizeof(text));
}

/* A lane: take claimed messages one at a time until told to stop. */
static void *
smsd_lane(void *arg)
{
	struct lane	*l = arg;
	struct smsd	*d = l->d;
	struct outbox_msg m;
	struct timespec	 until;
	uint64_t	 one = 1;
	ssize_t		 w;

	for (;;) {
		pthread_mutex_lock(&d->mu);
		while (d->nq == 0 && !d->stop) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += d->poll_ms / 1000;
			until.tv_nsec += (d->poll_ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			if (pthread_cond_timedwait(&d->cv, &d->mu, &until) != 0) {
				/* Idle: keep the link up, take its reports. */
				pthread_mutex_unlock(&d->mu);
				gw_poll(l->gw, smsd_dlr, l);
				pthread_mutex_lock(&d->mu);
			}
		}
		if (d->nq == 0) {
			pthread_mutex_unlock(&d->mu);
			break;
		}
		m = d->q[--d->nq];
		d->busy++;
		l->cur = m.id;
		pthread_mutex_unlock(&d->mu);
		smsd_send(l, &m);
		outbox_msg_clear(&m);
		pthread_mutex_lock(&d->mu);
		d->busy--;
		l->cur = 0;
		pthread_mutex_unlock(&d->mu);
		/* Wake the main thread to claim for this lane (it polls anyway). */
		w = write(d->evfd, &one, sizeof(one));
		(void)w;
		/* Reports that came in meanwhile, before the next send. */
		gw_poll(l->gw, smsd_dlr, l);
	}
	return NULL;
}

/*
 * Claim as many messages as lanes are free (at most sms_batch) and hand
 * them to the lanes. Returns the number claimed, or -1 if the database
 * could not be reached; *want gets how many were asked for.
 */
static long
smsd_claim(struct smsd *d, long *want)
{
	struct outbox_batch b;
	enum sme_err	 er;
	size_t		 i;
	long		 free_lanes;

	pthread_mutex_lock(&d->mu);
	free_lanes = d->threads - d->busy - (long)d->nq;
	pthread_mutex_unlock(&d->mu);
	*want = free_lanes < d->batch ? free_lanes : d->batch;
	if (*want <= 0)
		return 0;
	if ((er = outbox_claim(d->db, d->me, (size_t)*want, d->claim_s,
	    &b)) == SME_EDB) {
		log_warn("claim: %s; trying again", sme_strerror(er));
		return 0;
	}
	if (er != SME_OK) {
		if (!d->db_down)
			log_err("claim: %s; waiting for the database",
			    sme_strerror(er));
		d->db_down = 1;
		return -1;
	}
	if (d->db_down)
		log_info("the database is back");
	d->db_down = 0;
	pthread_mutex_lock(&d->mu);
	/* The lanes take from the end: put the oldest last. */
	for (i = b.n; i > 0; i--)
		d->q[d->nq++] = b.v[i - 1];
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
	free(b.v);	/* the messages' strings now belong to the queue */
	return (long)b.n;
}

/*
 * The heartbeat: renew the claims of the messages queued for the lanes
 * and being sent, and only those (one a lane gave up is not held).
 */
static void
smsd_renew(struct smsd *d)
{
	long long	 ids[2 * SMSD_THREADS_MAX];
	size_t		 n = 0, i;
	long		 k;

	pthread_mutex_lock(&d->mu);
	for (i = 0; i < d->nq; i++)
		ids[n++] = d->q[i].id;
	for (k = 0; k < d->threads; k++)
		if (d->lanes[k].cur != 0)
			ids[n++] = d->lanes[k].cur;
	pthread_mutex_unlock(&d->mu);
	for (i = 0; i < n; i++)
		if (outbox_renew(d->db, d->me, ids[i], d->claim_s, NULL) ==
		    SME_EDBDOWN)
			break;
}

/* Stop the lanes: the queued rest goes back, sends under way finish. */
static void
smsd_stop_lanes(struct smsd *d)
{
	struct outbox_msg *rest;
	size_t		 n, i;
	long		 k;

	pthread_mutex_lock(&d->mu);
	d->stop = 1;
	rest = d->q;
	n = d->nq;
	d->q = NULL;
	d->nq = 0;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
	for (i = 0; i < n; i++) {
		outbox_release(d->db, d->me, rest[i].id);
		outbox_msg_clear(&rest[i]);
	}
	free(rest);
	for (k = 0; k < d->threads; k++)
		if (d->lanes[k].started)
			pthread_join(d->lanes[k].thread, NULL);
}

/*
 * End the claims of dispatchers of this host and pid namespace that are
 * no longer running (killed, crashed), so their messages go out now
 * instead of when the claims run out.
 */
static void
smsd_takeover(struct smsd *d)
{
	char		**who = NULL, host[64];
	unsigned long	 ns;
	unsigned long long n;
	int		 pid;
	size_t		 i;

	if (outbox_claimers(d->db, d->host, &who) != SME_OK)
		return;
	for (i = 0; who[i] != NULL; i++) {
		if (sscanf(who[i], "%63[^:]:%d:%lu", host, &pid, &ns) != 3 ||
		    strcmp(host, d->host) != 0 || ns != d->ns ||
		    pid <= 0 || pid == (int)getpid() ||
		    kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		if (outbox_expire(d->db, who[i], &n) == SME_OK && n > 0)
			log_info("took over %llu messages of %s, which is not"
			    " running", n, who[i]);
	}
	for (i = 0; who[i] != NULL; i++)
		free(who[i]);
	free(who);
}

/* Read the settings; -1 (logged) if the configuration can't be used. */
static int
smsd_setup(struct smsd *d)
{
	const char	*gwname = config_text(d->cfg, "sms_gateway");
	struct stat	 st;

	d->poll_ms = config_num(d->cfg, "sms_poll_ms");
	d->batch = config_num(d->cfg, "sms_batch");
	d->timeout_s = config_num(d->cfg, "sms_timeout_s");
	d->claim_s = config_num(d->cfg, "sms_claim_s");
	d->retry_min_s = config_num(d->cfg, "sms_retry_min_s");
	d->retry_max_s = config_num(d->cfg, "sms_retry_max_s");
	d->report_s = config_num(d->cfg, "sms_report_s");
	/* One SMPP bind unless the SMSC allows more. */
	d->threads = config_int(d->cfg, "sms_threads",
	    strcmp(gwname, "smpp") == 0 ? 1 : 4);
	d->dedup = config_num(d->cfg, "sms_gateway_dedup") != 0;
	d->doubt_wait_s = config_num(d->cfg, "sms_doubt_wait_s");
	if (d->poll_ms < 10 || d->batch < 1 || d->batch > 1000 ||
	    d->timeout_s < 1 || d->claim_s < 3 || d->threads < 1 ||
	    d->threads > SMSD_THREADS_MAX || d->report_s < 1 ||
	    d->doubt_wait_s < 0) {
		log_err("config: sms_poll_ms >= 10, 1 <= sms_batch <= 1000,"
		    " sms_timeout_s >= 1, sms_claim_s >= 3, 1 <= sms_threads"
		    " <= %d, sms_report_s >= 1 and sms_doubt_wait_s >= 0"
		    " please", SMSD_THREADS_MAX);
		return -1;
	}
	if (d->dedup && strcmp(gwname, "smpp") != 0 &&
	    (strcmp(gwname, "http") != 0 ||
	    *config_str(d->cfg, "sms_http_param_ref", "") == '\0')) {
		log_err("config: sms_gateway_dedup = 1 needs an SMSC that drops"
		    " a repeated user_message_reference (smpp) or the http"
		    " gateway with sms_http_param_ref (the reference it drops"
		    " repeats of); Kannel and the file do not");
		return -1;
	}
	if (gethostname(d->host, sizeof(d->host)) != 0)
		snprintf(d->host, sizeof(d->host), "localhost");
	d->host[sizeof(d->host) - 1] = '\0';
	d->host[strcspn(d->host, ":")] = '\0';
	d->ns = stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long)st.st_ino :
	    0;
	snprintf(d->me, sizeof(d->me), "%s:%d:%lu", d->host, (int)getpid(),
	    d->ns);
	if (dlr_secret(d->cfg, d->secret, &d->secretsz) != 0)
		log_warn("config: no usable secret: delivery report URLs"
		    " can't be signed and are left out, sealed texts can't be"
		    " opened");
	/*
	 * Whether the gateway can tell us it has a message whose send we
	 * never recorded: reports on a URL naming our id (Kannel's dlr-url,
	 * the operator's per-message URL). SMPP receipts name the SMSC's id,
	 * which such a message never got recorded.
	 */
	d->reports = d->secretsz > 0 &&
	    config_str(d->cfg, "sms_dlr_base", NULL) != NULL &&
	    (strcmp(gwname, "kannel") == 0 || (strcmp(gwname, "http") == 0 &&
	    *config_str(d->cfg, "sms_http_param_report", "") != '\0'));
	return 0;
}

/* Open the lanes' connections and start them; -1 (logged) on failure. */
static int
smsd_start_lanes(struct smsd *d)
{
	long	 k;

	if ((d->lanes = calloc((size_t)d->threads, sizeof(*d->lanes))) ==
	    NULL || (d->q = calloc((size_t)d->threads, sizeof(*d->q))) ==
	    NULL)
		return -1;
	/* The connections are made here, before any thread runs. */
	for (k = 0; k < d->threads; k++) {
		d->lanes[k].d = d;
		if (db_open(d->cfg, &d->lanes[k].db) != SME_OK ||
		    gw_open(d->cfg, &d->lanes[k].gw) != SME_OK)
			return -1;
	}
	d->gw = d->lanes[0].gw;
	for (k = 0; k < d->threads; k++) {
		if (pthread_create(&d->lanes[k].thread, NULL, smsd_lane,
		    &d->lanes[k]) != 0) {
			log_err("cannot start lane %ld", k);
			return -1;
		}
		d->lanes[k].started = 1;
	}
	return 0;
}

static void
smsd_free(struct smsd *d)
{
	long	 k;

	for (k = 0; d->lanes != NULL && k < d->threads; k++) {
		gw_close(d->lanes[k].gw);
		db_close(d->lanes[k].db);
	}
	free(d->lanes);
	free(d->q);
	db_close(d->db);
	if (d->evfd >= 0)
		close(d->evfd);
	config_free(d->cfg);
}

/*
 * SIGTERM and SIGINT set smsd_stop; they stay blocked (in every thread)
 * except inside the main thread's ppoll(), so no send is interrupted.
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
	char		 err[512];
	long		 n, want, wait_ms = 0, busy;
	long long	 renewed = 0, now;
	int		 ch, once = 0, rc = 0;

	memset(&d, 0, sizeof(d));
	d.evfd = -1;
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
	pthread_mutex_init(&d.mu, NULL);
	pthread_cond_init(&d.cv, NULL);
	if (smsd_setup(&d) != 0 || db_open(d.cfg, &d.db) != SME_OK ||
	    (d.evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		smsd_free(&d);
		return 1;
	}
	/* The first query initialises the client library, before threads. */
	smsd_takeover(&d);
	if (smsd_start_lanes(&d) != 0) {
		smsd_stop_lanes(&d);
		smsd_free(&d);
		return 1;
	}
	log_info("dispatching as %s through %s, %ld at once, polling every"
	    " %ld ms", d.me, gw_name(d.gw), d.threads, d.poll_ms);
	while (!smsd_stopping()) {
		now = monoclock_ms();
		/* The heartbeat: claims being worked stay mine. */
		if (now - renewed >= d.claim_s * 1000 / 3) {
			smsd_renew(&d);
			renewed = now;
		}
		n = smsd_claim(&d, &want);
		pthread_mutex_lock(&d.mu);
		busy = d.busy + (long)d.nq;
		pthread_mutex_unlock(&d.mu);
		if (once && n <= 0 && busy == 0) {
			rc = n < 0;
			break;
		}
		if (n > 0 && n == want)
			continue;	/* more may be due: claim for free lanes */
		/* While the database is down, wait longer each time. */
		wait_ms = n >= 0 ? d.poll_ms : wait_ms < d.poll_ms ? d.poll_ms :
		    wait_ms * 2 > SMSD_DBWAIT_MS ? SMSD_DBWAIT_MS : wait_ms * 2;
		if (wait_ms > d.claim_s * 1000 / 3)
			wait_ms = d.claim_s * 1000 / 3;
		smsd_wait(&d, wait_ms);
	}
	log_info("stopping");
	smsd_stop_lanes(&d);
	smsd_free(&d);
	return rc;
}
