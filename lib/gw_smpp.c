/*
 * gw_smpp.c - the smpp adapter: one TCP connection to the SMSC, bound as
 * a transceiver (bind_transceiver) so that delivery receipts arrive as
 * deliver_sm on the same link; submit_sm in UCS-2, long text in parts
 * with a concatenation UDH, each carrying our reference (the outbox id's
 * low 16 bits) as user_message_reference; enquire_link when idle; unbind
 * on close.
 * One request is in flight at a time: the dispatcher sends in order.
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "gw_smpp.h"
#include "log.h"
#include "monoclock.h"
#include "smpp.h"
#include "sms.h"

#define GW_SMPP_DLR_MAX		64	/* receipts held between two polls */
#define GW_SMPP_RECONNECT_MS	5000	/* between connection attempts */
#define GW_SMPP_UNBIND_MS	2000	/* wait for unbind_resp this long */
#define GW_SMPP_UCS2_MAX	(SMS_TEXT_MAX * 2)

/* A receipt read while sending, kept for the next poll. */
struct gw_smpp_dlr {
	char	 id[SMPP_ID_MAX];
	char	 stat[16];
};

struct gw_smpp {
	const struct config *cfg;		/* borrowed */
	int		 fd;			/* -1 while not bound */
	uint32_t	 seq;			/* of the last request sent */
	uint8_t		 in[2 * SMPP_PDU_MAX];	/* bytes read, not yet a PDU */
	size_t		 insz;
	long long	 last_out_ms;		/* when we last sent a request */
	long long	 last_try_ms;		/* last connection attempt */
	uint32_t	 enquire_seq;		/* enquire_link awaiting its resp, or 0 */
	long long	 enquire_ms;		/* when it was sent */
	long		 timeout_ms;
	long		 enquire_s;
	uint8_t		 ref;			/* next concatenation reference */
	struct gw_smpp_dlr dlr[GW_SMPP_DLR_MAX];
	size_t		 ndlr;
	int		 closing;		/* receipts can't be kept any more */
	int		 down;			/* the last bind failed (logged once) */
};

/* message_state values (§5.3.2.35) as receipt stat words. */
static const char *const gw_smpp_states[] = {
	NULL, "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV",
	"ACCEPTD", "UNKNOWN", "REJECTD"
};

/* Drop the connection (after an error, or once unbound). */
static void
gw_smpp_drop(struct gw_smpp *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->insz = 0;
	s->enquire_seq = 0;
}

static uint32_t
gw_smpp_next_seq(struct gw_smpp *s)
{
	/* sequence_number runs 1 .. 0x7FFFFFFF (§5.1.4). */
	s->seq = s->seq >= 0x7FFFFFFF ? 1 : s->seq + 1;
	return s->seq;
}

/* Write all of buf before deadline_ms; -1 on error (connection dropped). */
static int
gw_smpp_write_all(struct gw_smpp *s, const uint8_t *buf, size_t n,
    long long deadline_ms)
{
	struct pollfd	 pfd;
	ssize_t		 w;
	long long	 left;
	int		 err = 0;

	while (n > 0 && s->fd >= 0) {
		w = send(s->fd, buf, n, MSG_NOSIGNAL);
		if (w > 0) {
			buf += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR) {
			err = errno;
			break;
		}
		if ((left = deadline_ms - monoclock_ms()) <= 0) {
			err = ETIMEDOUT;
			break;
		}
		pfd.fd = s->fd;
		pfd.events = POLLOUT;
		(void)poll(&pfd, 1, (int)left);
	}
	if (n == 0)
		return 0;
	log_warn("smpp: write failed: %s", err ? strerror(err) : "not connected");
	gw_smpp_drop(s);
	return -1;
}

/* Encode and send p; -1 if it can't be encoded or written. */
static int
gw_smpp_put(struct gw_smpp *s, const struct smpp_pdu *p)
{
	uint8_t	 buf[SMPP_PDU_MAX];
	size_t	 n;

	if ((n = smpp_encode(p, buf, sizeof(buf))) == 0) {
		log_err("smpp: cannot encode command 0x%08x", p->cmd);
		return -1;
	}
	return gw_smpp_write_all(s, buf, n, monoclock_ms() + s->timeout_ms);
}

/* Answer request req with cmd (its _resp or generic_nack) and status. */
static int
gw_smpp_answer(struct gw_smpp *s, const struct smpp_pdu *req, uint32_t cmd,
    uint32_t status)
{
	struct smpp_pdu	 r;

	memset(&r, 0, sizeof(r));
	r.cmd = cmd;
	r.status = status;
	r.seq = req->seq;
	return gw_smpp_put(s, &r);
}

/*
 * Read the next PDU into *p, waiting until deadline_ms (now: don't wait).
 * Returns 1 with a PDU, 0 if none came in time, -1 if the link broke
 * (dropped). A PDU with a malformed body comes back with decoded = 0.
 */
static int
gw_smpp_read(struct gw_smpp *s, long long deadline_ms, struct smpp_pdu *p,
    int *decoded)
{
	struct pollfd	 pfd;
	long		 len;
	ssize_t		 r;
	long long	 left;

	while (s->fd >= 0) {
		if ((len = smpp_frame(s->in, s->insz)) < 0) {
			log_warn("smpp: bad command_length from the SMSC;"
			    " dropping the link");
			gw_smpp_drop(s);
			return -1;
		}
		if (len > 0) {
			*decoded = smpp_decode(s->in, (size_t)len, p) == SME_OK;
			memmove(s->in, s->in + len, s->insz - (size_t)len);
			s->insz -= (size_t)len;
			return 1;
		}
		r = recv(s->fd, s->in + s->insz, sizeof(s->in) - s->insz, 0);
		if (r > 0) {
			s->insz += (size_t)r;
			continue;
		}
		if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR)) {
			log_warn("smpp: the SMSC closed the link%s%s",
			    r < 0 ? ": " : "", r < 0 ? strerror(errno) : "");
			gw_smpp_drop(s);
			return -1;
		}
		if ((left = deadline_ms - monoclock_ms()) <= 0)
			return 0;
		pfd.fd = s->fd;
		pfd.events = POLLIN;
		(void)poll(&pfd, 1, (int)left);
	}
	return -1;
}

/* Keep the receipt in a deliver_sm; 0, or -1 if it can't be kept now. */
static int
gw_smpp_receipt(struct gw_smpp *s, const struct smpp_pdu *p)
{
	struct gw_smpp_dlr d;

	memset(&d, 0, sizeof(d));
	/* Prefer the TLVs (§5.3.2.12, §5.3.2.35) to the receipt's text. */
	if (smpp_receipt(p->sm, p->smsz, d.id, sizeof(d.id), d.stat,
	    sizeof(d.stat)) != SME_OK && p->message_id[0] == '\0') {
		log_warn("smpp: receipt without id: %.*s", (int)p->smsz,
		    (const char *)p->sm);
		return 0;
	}
	if (p->message_id[0] != '\0')
		snprintf(d.id, sizeof(d.id), "%s", p->message_id);
	if (p->message_state > 0 && p->message_state <
	    sizeof(gw_smpp_states) / sizeof(gw_smpp_states[0]))
		snprintf(d.stat, sizeof(d.stat), "%s",
		    gw_smpp_states[p->message_state]);
	if (d.stat[0] == '\0')
		snprintf(d.stat, sizeof(d.stat), "UNKNOWN");
	if (s->closing || s->ndlr == GW_SMPP_DLR_MAX)
		return -1;
	s->dlr[s->ndlr++] = d;
	return 0;
}

/*
 * Deal with a PDU that is not the response being waited for: answer the
 * SMSC's requests, take receipts, note enquire_link_resp.
 */
static void
gw_smpp_handle(struct gw_smpp *s, const struct smpp_pdu *p, int decoded)
{
	uint32_t	 st;

	switch (p->cmd) {
	case SMPP_ENQUIRE_LINK:
		gw_smpp_answer(s, p, SMPP_ENQUIRE_LINK | SMPP_RESP, SMPP_ROK);
		break;
	case SMPP_ENQUIRE_LINK | SMPP_RESP:
		if (p->seq == s->enquire_seq)
			s->enquire_seq = 0;
		break;
	case SMPP_DELIVER_SM:
		if (!decoded) {
			gw_smpp_answer(s, p, SMPP_GENERIC_NACK, SMPP_RINVCMDLEN);
			break;
		}
		st = SMPP_ROK;
		/* esm_class bits 2-5: 0001 is an SMSC delivery receipt. */
		if ((p->esm_class & 0x3C) == SMPP_ESM_RECEIPT) {
			if (gw_smpp_receipt(s, p) != 0)
				st = SMPP_RX_T_APPN;	/* the SMSC resends it */
		} else
			log_info("smpp: ignored a message from %s", p->src);
		gw_smpp_answer(s, p, SMPP_DELIVER_SM | SMPP_RESP, st);
		break;
	case SMPP_UNBIND:
		log_info("smpp: the SMSC unbinds");
		gw_smpp_answer(s, p, SMPP_UNBIND | SMPP_RESP, SMPP_ROK);
		gw_smpp_drop(s);
		break;
	case SMPP_GENERIC_NACK:
		log_warn("smpp: generic_nack 0x%08x for sequence %u", p->status,
		    p->seq);
		break;
	default:
		if (!(p->cmd & SMPP_RESP))
			gw_smpp_answer(s, p, SMPP_GENERIC_NACK, SMPP_RINVCMDID);
		else
			log_warn("smpp: unexpected response 0x%08x", p->cmd);
		break;
	}
}

/*
 * Wait for the response to request seq (command cmd), handling whatever
 * else comes first. 0 with it in *resp (a generic_nack for seq counts);
 * -1 if the link broke or the SMSC did not answer within the timeout.
 */
static int
gw_smpp_await(struct gw_smpp *s, uint32_t seq, uint32_t cmd,
    struct smpp_pdu *resp, long timeout_ms)
{
	long long	 deadline = monoclock_ms() + timeout_ms;
	int		 decoded, rc;

	while ((rc = gw_smpp_read(s, deadline, resp, &decoded)) == 1) {
		if (resp->seq == seq && (resp->cmd == cmd ||
		    resp->cmd == SMPP_GENERIC_NACK))
			return 0;
		gw_smpp_handle(s, resp, decoded);
	}
	if (rc == 0) {
		log_warn("smpp: no answer to command 0x%08x in %ld ms;"
		    " dropping the link", cmd & ~SMPP_RESP, timeout_ms);
		gw_smpp_drop(s);
	}
	return -1;
}

/* Connect to the SMSC within the timeout; the socket, or -1 (err set). */
static int
gw_smpp_connect(struct gw_smpp *s, char *err, size_t errsz)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	struct pollfd	 pfd;
	const char	*host = config_str(s->cfg, "sms_smpp_host", "");
	const char	*port = config_text(s->cfg, "sms_smpp_port");
	socklen_t	 sl;
	int		 fd = -1, e, soerr;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errsz, "smpp: %s:%s: %s", host, port,
		    gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		soerr = errno;
		if (soerr == EINPROGRESS) {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			sl = sizeof(soerr);
			if (poll(&pfd, 1, (int)s->timeout_ms) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 &&
			    soerr == 0)
				break;
			if (soerr == EINPROGRESS)
				soerr = ETIMEDOUT;
		}
		snprintf(err, errsz, "smpp: connect to %s:%s: %s", host, port,
		    strerror(soerr));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* Connect and bind as a transceiver unless bound; 0, or -1 with err. */
static int
gw_smpp_bind(struct gw_smpp *s, char *err, size_t errsz)
{
	const struct config *c = s->cfg;
	struct smpp_pdu	 p, r;

	if (s->fd >= 0)
		return 0;
	s->last_try_ms = monoclock_ms();
	if ((s->fd = gw_smpp_connect(s, err, errsz)) < 0)
		return -1;
	memset(&p, 0, sizeof(p));
	p.cmd = SMPP_BIND_TRANSCEIVER;
	p.seq = gw_smpp_next_seq(s);
	snprintf(p.system_id, sizeof(p.system_id), "%s",
	    config_str(c, "sms_smpp_system_id", ""));
	snprintf(p.password, sizeof(p.password), "%s",
	    config_str(c, "sms_smpp_password", ""));
	snprintf(p.system_type, sizeof(p.system_type), "%s",
	    config_str(c, "sms_smpp_system_type", ""));
	p.version = SMPP_VERSION;
	if (gw_smpp_put(s, &p) != 0 ||
	    gw_smpp_await(s, p.seq, SMPP_BIND_TRANSCEIVER | SMPP_RESP, &r,
	    s->timeout_ms) != 0) {
		snprintf(err, errsz, "smpp: bind_transceiver: no answer");
		gw_smpp_drop(s);
		return -1;
	}
	if (r.cmd != (SMPP_BIND_TRANSCEIVER | SMPP_RESP) || r.status != SMPP_ROK) {
		snprintf(err, errsz, "smpp: bind_transceiver refused:"
		    " command_status 0x%08x", r.status);
		gw_smpp_drop(s);
		return -1;
	}
	log_info("smpp: bound as transceiver to %s (%s:%s)", r.system_id,
	    config_str(c, "sms_smpp_host", ""),
	    config_text(c, "sms_smpp_port"));
	s->last_out_ms = monoclock_ms();
	return 0;
}

static enum sme_err
gw_smpp_open(const struct config *cfg, void **state)
{
	struct gw_smpp	*s;

	if (config_str(cfg, "sms_smpp_host", NULL) == NULL ||
	    config_str(cfg, "sms_smpp_system_id", NULL) == NULL) {
		log_err("config: the smpp gateway needs sms_smpp_host and"
		    " sms_smpp_system_id");
		return SME_EINPUT;
	}
	if (strlen(config_str(cfg, "sms_smpp_system_id", "")) > 15 ||
	    strlen(config_str(cfg, "sms_smpp_password", "")) > 8 ||
	    strlen(config_str(cfg, "sms_smpp_system_type", "")) > 12 ||
	    strlen(config_str(cfg, "sms_from", "")) > 20) {
		log_err("config: sms_smpp_system_id (15), sms_smpp_password (8),"
		    " sms_smpp_system_type (12) or sms_from (20) too long");
		return SME_EINPUT;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return SME_ENOMEM;
	s->cfg = cfg;
	s->fd = -1;
	s->timeout_ms = config_num(cfg, "sms_timeout_s") * 1000;
	s->enquire_s = config_num(cfg, "sms_smpp_enquire_s");
	s->ref = (uint8_t)(time(NULL) ^ getpid());
	s->last_try_ms = -GW_SMPP_RECONNECT_MS;
	*state = s;
	return SME_OK;
}

/* Whether a submit_sm_resp status means the message itself is refused. */
static int
gw_smpp_permanent(uint32_t status)
{
	return status == SMPP_RINVDSTADR || status == SMPP_RINVSRCADR ||
	    status == SMPP_RINVMSGLEN;
}

static enum sme_err
gw_smpp_send(void *state, const struct gw_msg *m, struct gw_result *res)
{
	struct gw_smpp	*s = state;
	const struct config *c = s->cfg;
	uint8_t		 ucs2[GW_SMPP_UCS2_MAX];
	struct smpp_part parts[SMPP_PARTS_MAX];
	struct smpp_pdu	 p, r;
	long		 n;
	size_t		 np, i, o;
	uint8_t		 ref;

	if ((n = smpp_ucs2(m->text, strlen(m->text), ucs2, sizeof(ucs2))) < 0 ||
	    (np = smpp_split((size_t)n, ucs2, parts, SMPP_PARTS_MAX)) == 0) {
		snprintf(res->error, sizeof(res->error),
		    "smpp: text is not valid UTF-8 or too long");
		res->permanent = 1;
		return SME_EINPUT;
	}
	if (strlen(m->to) > 20) {
		snprintf(res->error, sizeof(res->error), "smpp: number too long");
		res->permanent = 1;
		return SME_EINPUT;
	}
	if (gw_smpp_bind(s, res->error, sizeof(res->error)) != 0)
		return SME_ESYS;
	ref = s->ref++;
	for (i = 0; i < np; i++) {
		memset(&p, 0, sizeof(p));
		p.cmd = SMPP_SUBMIT_SM;
		p.seq = gw_smpp_next_seq(s);
		p.src_ton = (uint8_t)config_num(c, "sms_smpp_src_ton");
		p.src_npi = (uint8_t)config_num(c, "sms_smpp_src_npi");
		snprintf(p.src, 21, "%s", config_str(c, "sms_from", ""));
		p.dst_ton = (uint8_t)config_num(c, "sms_smpp_dst_ton");
		p.dst_npi = (uint8_t)config_num(c, "sms_smpp_dst_npi");
		snprintf(p.dst, sizeof(p.dst), "%s", m->to);
		p.registered_delivery = 1;	/* a receipt on success or failure */
		/* Our reference, the same on a resend (its low 16 bits). */
		p.user_ref = (uint16_t)(m->id & 0xFFFF);
		p.has_user_ref = 1;
		p.data_coding = SMPP_DC_UCS2;
		o = 0;
		if (np > 1) {
			p.esm_class = SMPP_ESM_UDHI;
			smpp_udh(ref, (uint8_t)np, (uint8_t)(i + 1), p.sm);
			o = SMPP_UDH_LEN;
		}
		memcpy(p.sm + o, ucs2 + parts[i].off, parts[i].len);
		p.smsz = o + parts[i].len;
		if (gw_smpp_put(s, &p) != 0 ||
		    gw_smpp_await(s, p.seq, SMPP_SUBMIT_SM | SMPP_RESP, &r,
		    s->timeout_ms) != 0) {
			snprintf(res->error, sizeof(res->error),
			    "smpp: submit_sm %zu/%zu: link lost", i + 1, np);
			return SME_ESYS;
		}
		s->last_out_ms = monoclock_ms();
		if (r.cmd == SMPP_GENERIC_NACK || r.status != SMPP_ROK) {
			snprintf(res->error, sizeof(res->error),
			    "smpp: submit_sm %zu/%zu refused: %scommand_status"
			    " 0x%08x", i + 1, np, r.cmd == SMPP_GENERIC_NACK ?
			    "generic_nack, " : "", r.status);
			res->permanent = r.cmd != SMPP_GENERIC_NACK &&
			    gw_smpp_permanent(r.status);
			return SME_ESYS;
		}
		/* The first part's id stands for the message. */
		if (i == 0)
			snprintf(res->gateway_id, sizeof(res->gateway_id), "%s",
			    r.message_id);
	}
	return SME_OK;
}

static int
gw_smpp_fd(void *state)
{
	struct gw_smpp	*s = state;

	return s->fd;
}

static enum sme_err
gw_smpp_poll(void *state, gw_dlr_fn fn, void *arg)
{
	struct gw_smpp	*s = state;
	struct smpp_pdu	 p;
	char		 err[GW_ERR_MAX];
	long long	 now = monoclock_ms();
	int		 decoded;
	size_t		 i;

	/* Stay bound while idle, or receipts of earlier messages are lost. */
	if (s->fd < 0 && now - s->last_try_ms >= GW_SMPP_RECONNECT_MS) {
		if (gw_smpp_bind(s, err, sizeof(err)) != 0) {
			if (!s->down)
				log_warn("%s; trying again every %d s", err,
				    GW_SMPP_RECONNECT_MS / 1000);
			s->down = 1;
		} else
			s->down = 0;
	}
	while (s->fd >= 0 && gw_smpp_read(s, 0, &p, &decoded) == 1)
		gw_smpp_handle(s, &p, decoded);
	now = monoclock_ms();
	if (s->fd >= 0 && s->enquire_seq != 0 &&
	    now - s->enquire_ms > s->timeout_ms) {
		log_warn("smpp: no enquire_link_resp; dropping the link");
		gw_smpp_drop(s);
	} else if (s->fd >= 0 && s->enquire_seq == 0 && s->enquire_s > 0 &&
	    now - s->last_out_ms >= s->enquire_s * 1000) {
		memset(&p, 0, sizeof(p));
		p.cmd = SMPP_ENQUIRE_LINK;
		p.seq = gw_smpp_next_seq(s);
		if (gw_smpp_put(s, &p) == 0) {
			s->enquire_seq = p.seq;
			s->enquire_ms = s->last_out_ms = now;
		}
	}
	for (i = 0; i < s->ndlr; i++)
		if (fn != NULL)
			fn(arg, s->dlr[i].id, s->dlr[i].stat);
	s->ndlr = 0;
	return s->fd >= 0 ? SME_OK : SME_ESYS;
}

static void
gw_smpp_close(void *state)
{
	struct gw_smpp	*s = state;
	struct smpp_pdu	 p, r;

	if (s == NULL)
		return;
	/* Receipts that come now are refused, so the SMSC sends them again. */
	s->closing = 1;
	if (s->fd >= 0) {
		memset(&p, 0, sizeof(p));
		p.cmd = SMPP_UNBIND;
		p.seq = gw_smpp_next_seq(s);
		if (gw_smpp_put(s, &p) == 0 &&
		    gw_smpp_await(s, p.seq, SMPP_UNBIND | SMPP_RESP, &r,
		    GW_SMPP_UNBIND_MS) == 0)
			log_info("smpp: unbound");
		gw_smpp_drop(s);
	}
	if (s->ndlr > 0)
		log_warn("smpp: %zu receipts not recorded at exit", s->ndlr);
	free(s);
}

const struct gw_ops gw_smpp_ops = {
	"smpp", gw_smpp_open, gw_smpp_send, gw_smpp_fd, gw_smpp_poll,
	gw_smpp_close
};
