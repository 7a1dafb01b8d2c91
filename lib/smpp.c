/*
 * smpp.c - SMPP 3.4 PDU codec, UCS-2 text, concatenation and delivery
 * receipts. The decoder takes bytes from the network: every length is
 * checked against what is there before it is used.
 */
#include <string.h>
#include <strings.h>

#include "smpp.h"

/* The shape of a command's body. */
enum smpp_body {
	SMPP_BODY_NONE,		/* header only */
	SMPP_BODY_BIND,		/* bind_* (§4.1.1, 4.1.3, 4.1.5) */
	SMPP_BODY_BIND_RESP,	/* bind_*_resp: system_id, then TLVs */
	SMPP_BODY_SM,		/* submit_sm (§4.4.1), deliver_sm (§4.6.1) */
	SMPP_BODY_MSGID,	/* submit_sm_resp, deliver_sm_resp: message_id */
	SMPP_BODY__MAX
};

static const struct {
	uint32_t	 cmd;
	enum smpp_body	 body;
} smpp_cmds[] = {
	{ SMPP_GENERIC_NACK, SMPP_BODY_NONE },
	{ SMPP_BIND_RECEIVER, SMPP_BODY_BIND },
	{ SMPP_BIND_RECEIVER | SMPP_RESP, SMPP_BODY_BIND_RESP },
	{ SMPP_BIND_TRANSMITTER, SMPP_BODY_BIND },
	{ SMPP_BIND_TRANSMITTER | SMPP_RESP, SMPP_BODY_BIND_RESP },
	{ SMPP_BIND_TRANSCEIVER, SMPP_BODY_BIND },
	{ SMPP_BIND_TRANSCEIVER | SMPP_RESP, SMPP_BODY_BIND_RESP },
	{ SMPP_SUBMIT_SM, SMPP_BODY_SM },
	{ SMPP_SUBMIT_SM | SMPP_RESP, SMPP_BODY_MSGID },
	{ SMPP_DELIVER_SM, SMPP_BODY_SM },
	{ SMPP_DELIVER_SM | SMPP_RESP, SMPP_BODY_MSGID },
	{ SMPP_UNBIND, SMPP_BODY_NONE },
	{ SMPP_UNBIND | SMPP_RESP, SMPP_BODY_NONE },
	{ SMPP_ENQUIRE_LINK, SMPP_BODY_NONE },
	{ SMPP_ENQUIRE_LINK | SMPP_RESP, SMPP_BODY_NONE },
};

/* TLV tags we read or write (§5.3.2). */
#define SMPP_TLV_RECEIPTED_ID	0x001E
#define SMPP_TLV_USER_REF	0x0204	/* user_message_reference (§5.3.2.17) */
#define SMPP_TLV_PAYLOAD	0x0424
#define SMPP_TLV_STATE		0x0427

/* The body of cmd; SMPP_BODY__MAX for a command we don't know. */
static enum smpp_body
smpp_body_of(uint32_t cmd)
{
	size_t	 i;

	for (i = 0; i < sizeof(smpp_cmds) / sizeof(smpp_cmds[0]); i++)
		if (smpp_cmds[i].cmd == cmd)
			return smpp_cmds[i].body;
	return SMPP_BODY__MAX;
}

static uint32_t
smpp_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

long
smpp_frame(const uint8_t *buf, size_t bufsz)
{
	uint32_t	 len;

	if (bufsz < 4)
		return 0;
	len = smpp_be32(buf);
	if (len < SMPP_HDR || len > SMPP_PDU_MAX)
		return -1;
	return bufsz < len ? 0 : (long)len;
}

/* ---- decoding --------------------------------------------------------- */

/* A cursor over a received body; bad is set by the first overrun. */
struct smpp_rd {
	const uint8_t	*p;
	size_t		 n;
	size_t		 off;
	int		 bad;
};

static uint8_t
smpp_rd_u8(struct smpp_rd *r)
{
	if (r->bad || r->off >= r->n) {
		r->bad = 1;
		return 0;
	}
	return r->p[r->off++];
}

/*
 * Read a C-Octet String of at most max octets, NUL included (§3.1), into
 * out (outsz >= max). Without a NUL in reach the body is malformed.
 */
static void
smpp_rd_cstr(struct smpp_rd *r, size_t max, char *out, size_t outsz)
{
	const uint8_t	*nul;
	size_t		 avail, len;

	out[0] = '\0';
	if (r->bad)
		return;
	avail = r->n - r->off < max ? r->n - r->off : max;
	if ((nul = memchr(r->p + r->off, '\0', avail)) == NULL) {
		r->bad = 1;
		return;
	}
	len = (size_t)(nul - (r->p + r->off));
	if (len >= outsz) {
		r->bad = 1;
		return;
	}
	memcpy(out, r->p + r->off, len);
	out[len] = '\0';
	r->off += len + 1;
}

/*
 * Read the TLVs up to the end of the body, keeping those of messages.
 * A TLV that runs past the end, or a partial tag, is malformed.
 */
static void
smpp_rd_tlvs(struct smpp_rd *r, struct smpp_pdu *out)
{
	unsigned	 tag, len;
	const uint8_t	*v, *nul;
	size_t		 n;

	while (!r->bad && r->off < r->n) {
		if (r->n - r->off < 4) {
			r->bad = 1;
			return;
		}
		tag = (unsigned)r->p[r->off] << 8 | r->p[r->off + 1];
		len = (unsigned)r->p[r->off + 2] << 8 | r->p[r->off + 3];
		r->off += 4;
		if (len > r->n - r->off) {
			r->bad = 1;
			return;
		}
		v = r->p + r->off;
		r->off += len;
		switch (tag) {
		case SMPP_TLV_RECEIPTED_ID:
			/* Up to the NUL, or all of it if a sender left it out. */
			nul = memchr(v, '\0', len);
			n = nul != NULL ? (size_t)(nul - v) : len;
			if (n >= sizeof(out->message_id)) {
				r->bad = 1;
				return;
			}
			/* A repeated TLV replaces the whole field, tail too. */
			memset(out->message_id, 0, sizeof(out->message_id));
			memcpy(out->message_id, v, n);
			break;
		case SMPP_TLV_USER_REF:
			if (len != 2) {
				r->bad = 1;
				return;
			}
			out->user_ref = (uint16_t)(v[0] << 8 | v[1]);
			out->has_user_ref = 1;
			break;
		case SMPP_TLV_STATE:
			if (len != 1) {
				r->bad = 1;
				return;
			}
			out->message_state = v[0];
			break;
		case SMPP_TLV_PAYLOAD:
			/* Only receipts matter here; a long payload is skipped. */
			if (out->smsz == 0 && len <= SMPP_SM_MAX) {
				memcpy(out->sm, v, len);
				out->smsz = len;
			}
			break;
		default:
			break;
		}
	}
}

/* submit_sm and deliver_sm (§4.4.1, §4.6.1). */
static void
smpp_rd_sm(struct smpp_rd *r, struct smpp_pdu *out)
{
	char	 skip[17];
	size_t	 len;

	smpp_rd_cstr(r, 6, out->service_type, sizeof(out->service_type));
	out->src_ton = smpp_rd_u8(r);
	out->src_npi = smpp_rd_u8(r);
	smpp_rd_cstr(r, 21, out->src, sizeof(out->src));
	out->dst_ton = smpp_rd_u8(r);
	out->dst_npi = smpp_rd_u8(r);
	smpp_rd_cstr(r, 21, out->dst, sizeof(out->dst));
	out->esm_class = smpp_rd_u8(r);
	out->protocol_id = smpp_rd_u8(r);
	out->priority = smpp_rd_u8(r);
	smpp_rd_cstr(r, 17, skip, sizeof(skip));	/* schedule_delivery_time */
	smpp_rd_cstr(r, 17, skip, sizeof(skip));	/* validity_period */
	out->registered_delivery = smpp_rd_u8(r);
	(void)smpp_rd_u8(r);				/* replace_if_present_flag */
	out->data_coding = smpp_rd_u8(r);
	(void)smpp_rd_u8(r);				/* sm_default_msg_id */
	len = smpp_rd_u8(r);
	if (r->bad || len > SMPP_SM_MAX || len > r->n - r->off) {
		r->bad = 1;
		return;
	}
	memcpy(out->sm, r->p + r->off, len);
	out->smsz = len;
	r->off += len;
	smpp_rd_tlvs(r, out);
}

enum sme_err
smpp_decode(const uint8_t *buf, size_t bufsz, struct smpp_pdu *out)
{
	struct smpp_rd	 r;
	enum smpp_body	 body;

	memset(out, 0, sizeof(*out));
	if (bufsz < SMPP_HDR)
		return SME_EINPUT;
	out->cmd = smpp_be32(buf + 4);
	out->status = smpp_be32(buf + 8);
	out->seq = smpp_be32(buf + 12);
	if (smpp_be32(buf) != bufsz)
		return SME_EINPUT;
	r.p = buf;
	r.n = bufsz;
	r.off = SMPP_HDR;
	r.bad = 0;
	body = smpp_body_of(out->cmd);
	/* A negative response carries no body (§3.2, command_status). */
	if ((out->cmd & SMPP_RESP) && out->status != SMPP_ROK)
		return SME_OK;
	switch (body) {
	case SMPP_BODY_BIND:
		smpp_rd_cstr(&r, 16, out->system_id, sizeof(out->system_id));
		smpp_rd_cstr(&r, 9, out->password, sizeof(out->password));
		smpp_rd_cstr(&r, 13, out->system_type, sizeof(out->system_type));
		out->version = smpp_rd_u8(&r);
		out->src_ton = smpp_rd_u8(&r);
		out->src_npi = smpp_rd_u8(&r);
		smpp_rd_cstr(&r, 41, out->src, sizeof(out->src));
		break;
	case SMPP_BODY_BIND_RESP:
		smpp_rd_cstr(&r, 16, out->system_id, sizeof(out->system_id));
		/* Its TLVs (sc_interface_version) are checked, not kept. */
		smpp_rd_tlvs(&r, &(struct smpp_pdu){ 0 });
		break;
	case SMPP_BODY_SM:
		smpp_rd_sm(&r, out);
		break;
	case SMPP_BODY_MSGID:
		/* deliver_sm_resp's message_id is unused and may be absent. */
		if (out->cmd == (SMPP_DELIVER_SM | SMPP_RESP) && r.off == r.n)
			break;
		smpp_rd_cstr(&r, SMPP_ID_MAX, out->message_id,
		    sizeof(out->message_id));
		break;
	default:
		break;
	}
	return r.bad ? SME_EINPUT : SME_OK;
}

/* ---- encoding --------------------------------------------------------- */

/* A cursor over an output buffer; bad is set by the first overflow. */
struct smpp_wr {
	uint8_t	*p;
	size_t	 cap;
	size_t	 off;
	int	 bad;
};

static void
smpp_wr_bytes(struct smpp_wr *w, const void *v, size_t n)
{
	if (w->bad || n > w->cap - w->off) {
		w->bad = 1;
		return;
	}
	memcpy(w->p + w->off, v, n);
	w->off += n;
}

static void
smpp_wr_u8(struct smpp_wr *w, uint8_t v)
{
	smpp_wr_bytes(w, &v, 1);
}

static void
smpp_wr_u16(struct smpp_wr *w, unsigned v)
{
	uint8_t	 b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	smpp_wr_bytes(w, b, 2);
}

static void
smpp_wr_u32(struct smpp_wr *w, uint32_t v)
{
	uint8_t	 b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
	    (uint8_t)(v >> 8), (uint8_t)v };

	smpp_wr_bytes(w, b, 4);
}

/* A C-Octet String of at most max octets with its NUL. */
static void
smpp_wr_cstr(struct smpp_wr *w, const char *s, size_t max)
{
	size_t	 len = strnlen(s, max);

	if (len + 1 > max) {
		w->bad = 1;
		return;
	}
	smpp_wr_bytes(w, s, len + 1);
}

static void
smpp_wr_sm(struct smpp_wr *w, const struct smpp_pdu *p)
{
	size_t	 idlen;

	smpp_wr_cstr(w, p->service_type, 6);
	smpp_wr_u8(w, p->src_ton);
	smpp_wr_u8(w, p->src_npi);
	smpp_wr_cstr(w, p->src, 21);
	smpp_wr_u8(w, p->dst_ton);
	smpp_wr_u8(w, p->dst_npi);
	smpp_wr_cstr(w, p->dst, 21);
	smpp_wr_u8(w, p->esm_class);
	smpp_wr_u8(w, p->protocol_id);
	smpp_wr_u8(w, p->priority);
	smpp_wr_u8(w, 0);		/* schedule_delivery_time: now */
	smpp_wr_u8(w, 0);		/* validity_period: the SMSC's default */
	smpp_wr_u8(w, p->registered_delivery);
	smpp_wr_u8(w, 0);		/* replace_if_present_flag */
	smpp_wr_u8(w, p->data_coding);
	smpp_wr_u8(w, 0);		/* sm_default_msg_id */
	if (p->smsz > SMPP_SM_MAX) {
		w->bad = 1;
		return;
	}
	smpp_wr_u8(w, (uint8_t)p->smsz);
	smpp_wr_bytes(w, p->sm, p->smsz);
	if (p->message_id[0] != '\0') {
		idlen = strnlen(p->message_id, sizeof(p->message_id));
		if (idlen + 1 > sizeof(p->message_id)) {
			w->bad = 1;
			return;
		}
		smpp_wr_u16(w, SMPP_TLV_RECEIPTED_ID);
		smpp_wr_u16(w, (unsigned)idlen + 1);
		smpp_wr_bytes(w, p->message_id, idlen + 1);
	}
	if (p->message_state != 0) {
		smpp_wr_u16(w, SMPP_TLV_STATE);
		smpp_wr_u16(w, 1);
		smpp_wr_u8(w, p->message_state);
	}
	if (p->has_user_ref) {
		smpp_wr_u16(w, SMPP_TLV_USER_REF);
		smpp_wr_u16(w, 2);
		smpp_wr_u16(w, p->user_ref);
	}
}

size_t
smpp_encode(const struct smpp_pdu *p, uint8_t *buf, size_t bufsz)
{
	struct smpp_wr	 w = { buf, bufsz, 0, 0 };

	smpp_wr_u32(&w, 0);	/* command_length, filled in below */
	smpp_wr_u32(&w, p->cmd);
	smpp_wr_u32(&w, p->status);
	smpp_wr_u32(&w, p->seq);
	if (!((p->cmd & SMPP_RESP) && p->status != SMPP_ROK)) {
		switch (smpp_body_of(p->cmd)) {
		case SMPP_BODY_BIND:
			smpp_wr_cstr(&w, p->system_id, 16);
			smpp_wr_cstr(&w, p->password, 9);
			smpp_wr_cstr(&w, p->system_type, 13);
			smpp_wr_u8(&w, p->version);
			smpp_wr_u8(&w, p->src_ton);
			smpp_wr_u8(&w, p->src_npi);
			smpp_wr_cstr(&w, p->src, 41);
			break;
		case SMPP_BODY_BIND_RESP:
			smpp_wr_cstr(&w, p->system_id, 16);
			break;
		case SMPP_BODY_SM:
			smpp_wr_sm(&w, p);
			break;
		case SMPP_BODY_MSGID:
			smpp_wr_cstr(&w, p->message_id, SMPP_ID_MAX);
			break;
		default:
			break;
		}
	}
	if (w.bad || w.off > SMPP_PDU_MAX)
		return 0;
	buf[0] = (uint8_t)(w.off >> 24);
	buf[1] = (uint8_t)(w.off >> 16);
	buf[2] = (uint8_t)(w.off >> 8);
	buf[3] = (uint8_t)w.off;
	return w.off;
}

/* ---- text ------------------------------------------------------------- */

/*
 * Decode one UTF-8 character at s[0..sz) (RFC 3629 §4: shortest form, no
 * surrogates, at most U+10FFFF). Returns its length and sets *cp, or 0 if
 * the bytes are not valid UTF-8.
 */
static size_t
smpp_utf8_char(const unsigned char *s, size_t sz, uint32_t *cp)
{
	size_t		 n, i;
	unsigned char	 lo = 0x80, hi = 0xBF;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		*cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		*cp = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;
		else if (s[0] == 0xED)
			hi = 0x9F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		*cp = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;
		else if (s[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (sz < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	return n;
}

long
smpp_ucs2(const char *text, size_t sz, uint8_t *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t		 i = 0, o = 0, n;
	uint32_t	 cp;
	unsigned	 u[2];
	int		 k, nu;

	while (i < sz) {
		if ((n = smpp_utf8_char(s + i, sz - i, &cp)) == 0)
			return -1;
		i += n;
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			u[0] = 0xD800 | (cp >> 10);
			u[1] = 0xDC00 | (cp & 0x3FF);
			nu = 2;
		} else {
			u[0] = cp;
			nu = 1;
		}
		if (outsz - o < (size_t)nu * 2)
			return -1;
		for (k = 0; k < nu; k++) {
			out[o++] = (uint8_t)(u[k] >> 8);
			out[o++] = (uint8_t)u[k];
		}
	}
	return (long)o;
}

long
smpp_utf8(const uint8_t *in, size_t sz, char *out, size_t outsz)
{
	size_t		 i, o = 0, n;
	uint32_t	 cp, lo;
	unsigned char	 b[4];

	if (sz % 2 != 0 || outsz == 0)
		return -1;
	for (i = 0; i < sz; i += 2) {
		cp = (uint32_t)in[i] << 8 | in[i + 1];
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < sz &&
		    (lo = (uint32_t)in[i + 2] << 8 | in[i + 3]) >= 0xDC00 &&
		    lo <= 0xDFFF) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (cp >= 0xD800 && cp <= 0xDFFF)
			cp = 0xFFFD;
		if (cp < 0x80) {
			b[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xC0 | cp >> 6);
			b[1] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xE0 | cp >> 12);
			b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xF0 | cp >> 18);
			b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
			b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
			b[3] = (unsigned char)(0x80 | (cp & 0x3F));
			n = 4;
		}
		if (outsz - o <= n)
			return -1;
		memcpy(out + o, b, n);
		o += n;
	}
	out[o] = '\0';
	return (long)o;
}

size_t
smpp_split(size_t sz, const uint8_t *text, struct smpp_part *parts,
    size_t max)
{
	size_t	 off = 0, len, n = 0;

	if (sz % 2 != 0 || max == 0)
		return 0;
	if (sz <= SMPP_SINGLE_OCTETS) {
		parts[0].off = 0;
		parts[0].len = sz;
		return 1;
	}
	while (off < sz) {
		if (n == max || n == SMPP_PARTS_MAX)
			return 0;
		len = sz - off < SMPP_PART_OCTETS ? sz - off : SMPP_PART_OCTETS;
		/* Never end a part on the high half of a surrogate pair. */
		if (off + len < sz && text[off + len - 2] >= 0xD8 &&
		    text[off + len - 2] <= 0xDB)
			len -= 2;
		parts[n].off = off;
		parts[n].len = len;
		n++;
		off += len;
	}
	return n;
}

void
smpp_udh(uint8_t ref, uint8_t total, uint8_t seq, uint8_t *out)
{
	out[0] = 0x05;	/* UDHL: the 5 octets that follow */
	out[1] = 0x00;	/* IEI: concatenated short messages, 8-bit reference */
	out[2] = 0x03;	/* IEDL */
	out[3] = ref;
	out[4] = total;
	out[5] = seq;
}

/*
 * Copy the value of key (e.g. "id:") in text into out: the printable
 * characters after it up to a space. Keys count only at the start of a
 * word, and not inside the trailing "text:" (the message's own words).
 * 0 on success, -1 if absent, empty, too long or not printable.
 */
static int
smpp_receipt_field(const uint8_t *text, size_t sz, const char *key,
    char *out, size_t outsz)
{
	size_t	 klen = strlen(key), i, j;

	for (i = 0; i + klen <= sz; i++) {
		if (i > 0 && text[i - 1] != ' ')
			continue;
		if (i + 5 <= sz && strncasecmp((const char *)text + i,
		    "text:", 5) == 0)
			return -1;
		if (strncasecmp((const char *)text + i, key, klen) != 0)
			continue;
		for (j = i + klen; j < sz && text[j] != ' '; j++)
			if (text[j] < 0x21 || text[j] > 0x7E)
				return -1;
		if (j == i + klen || j - i - klen >= outsz)
			return -1;
		memcpy(out, text + i + klen, j - i - klen);
		out[j - i - klen] = '\0';
		return 0;
	}
	return -1;
}

enum sme_err
smpp_receipt(const uint8_t *text, size_t sz, char *id, size_t idsz,
    char *stat, size_t statsz)
{
	if (idsz == 0 || statsz == 0)
		return SME_EINPUT;
	if (smpp_receipt_field(text, sz, "id:", id, idsz) != 0 ||
	    smpp_receipt_field(text, sz, "stat:", stat, statsz) != 0) {
		id[0] = stat[0] = '\0';
		return SME_EINPUT;
	}
	return SME_OK;
}
