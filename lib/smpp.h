/*
 * smpp.h - SMPP 3.4 PDUs: framing, encoding and decoding of the PDUs an
 * ESME exchanges with an SMSC, UCS-2 (UTF-16BE) text, splitting a long
 * message into concatenated parts, and the text of delivery receipts.
 * Pure functions over buffers: no sockets, no allocation.
 */
#ifndef SMPP_H
#define SMPP_H

#include <stddef.h>
#include <stdint.h>
#include "sme.h"

#define SMPP_HDR		16	/* command_length, id, status, sequence */
#define SMPP_PDU_MAX		4096	/* a longer command_length breaks the stream */
#define SMPP_SM_MAX		254	/* octets of short_message (§5.2.22) */
#define SMPP_SINGLE_OCTETS	140	/* UCS-2 octets of an unsplit message */
#define SMPP_PART_OCTETS	134	/* 67 UCS-2 units: 140 less a 6-byte UDH */
#define SMPP_UDH_LEN		6	/* 05 00 03 ref total seq */
#define SMPP_PARTS_MAX		255	/* one octet counts the parts */
#define SMPP_ID_MAX		65	/* message_id C-Octet String, NUL included */

/* command_id values (§5.1.2.1); a response is its request | SMPP_RESP. */
#define SMPP_RESP		0x80000000u
#define SMPP_GENERIC_NACK	0x80000000u
#define SMPP_BIND_RECEIVER	0x00000001u
#define SMPP_BIND_TRANSMITTER	0x00000002u
#define SMPP_SUBMIT_SM		0x00000004u
#define SMPP_DELIVER_SM		0x00000005u
#define SMPP_UNBIND		0x00000006u
#define SMPP_BIND_TRANSCEIVER	0x00000009u
#define SMPP_ENQUIRE_LINK	0x00000015u

/* command_status values we act on (§5.1.3). */
#define SMPP_ROK		0x00000000u
#define SMPP_RINVMSGLEN		0x00000001u
#define SMPP_RINVCMDLEN		0x00000002u
#define SMPP_RINVCMDID		0x00000003u
#define SMPP_RINVBNDSTS		0x00000004u
#define SMPP_RSYSERR		0x00000008u
#define SMPP_RINVSRCADR		0x0000000Au
#define SMPP_RINVDSTADR		0x0000000Bu
#define SMPP_RBINDFAIL		0x0000000Du
#define SMPP_RINVPASWD		0x0000000Eu
#define SMPP_RINVSYSID		0x0000000Fu
#define SMPP_RMSGQFUL		0x00000014u
#define SMPP_RTHROTTLED		0x00000058u
#define SMPP_RX_T_APPN		0x00000064u	/* ESME temporary error: resend later */

#define SMPP_ESM_RECEIPT	0x04	/* esm_class: SMSC delivery receipt */
#define SMPP_ESM_UDHI		0x40	/* esm_class: short_message starts with a UDH */
#define SMPP_DC_UCS2		0x08	/* data_coding: UCS-2 */
#define SMPP_VERSION		0x34	/* interface_version 3.4 */

/*
 * One PDU, decoded or to encode. Which members count depends on cmd:
 * binds use system_id, password, system_type, the address fields;
 * bind responses system_id; submit_sm and deliver_sm the message fields;
 * submit_sm_resp message_id. A response whose status is not SMPP_ROK has
 * no body. Strings are NUL-terminated; start from a zeroed struct.
 */
struct smpp_pdu {
	uint32_t	 cmd;
	uint32_t	 status;
	uint32_t	 seq;
	char		 system_id[16];
	char		 password[9];
	char		 system_type[13];
	uint8_t		 version;		/* interface_version */
	char		 service_type[6];
	uint8_t		 src_ton;		/* also addr_ton of binds */
	uint8_t		 src_npi;		/* also addr_npi of binds */
	char		 src[41];		/* source_addr (21), or address_range (41) */
	uint8_t		 dst_ton;
	uint8_t		 dst_npi;
	char		 dst[21];
	uint8_t		 esm_class;
	uint8_t		 protocol_id;
	uint8_t		 priority;
	uint8_t		 registered_delivery;
	uint8_t		 data_coding;
	uint8_t		 sm[SMPP_SM_MAX];	/* short_message, or message_payload */
	size_t		 smsz;
	char		 message_id[SMPP_ID_MAX];	/* *_sm_resp; deliver_sm: TLV receipted_message_id */
	uint8_t		 message_state;		/* deliver_sm TLV message_state (1..8), 0 if absent */
	uint16_t	 user_ref;		/* TLV user_message_reference, if has_user_ref */
	int		 has_user_ref;
};

/*
 * The length of the PDU at the start of buf if all of it is there; 0 if
 * more bytes are needed; -1 if its command_length is impossible (below
 * SMPP_HDR or above SMPP_PDU_MAX): the stream can't be framed any more.
 */
long		 smpp_frame(const uint8_t *buf, size_t bufsz);

/*
 * Decode the PDU buf[0..bufsz) (bufsz its command_length) into *out,
 * which is zeroed first. SME_EINPUT if the body is malformed; cmd,
 * status and seq are still set whenever the header was whole, so the
 * PDU can be answered. An unknown command decodes with its header only.
 */
enum sme_err	 smpp_decode(const uint8_t *buf, size_t bufsz,
		    struct smpp_pdu *out);

/*
 * Encode p into buf. Returns the length written, or 0 if buf is too
 * small, a string is too long for its field, or smsz > SMPP_SM_MAX.
 */
size_t		 smpp_encode(const struct smpp_pdu *p, uint8_t *buf,
		    size_t bufsz);

/*
 * UTF-8 text[0..sz) as UCS-2 big-endian into out; characters outside the
 * BMP become UTF-16 surrogate pairs. Returns octets written, or -1 for
 * invalid UTF-8 (overlong forms, encoded surrogates, beyond U+10FFFF) or
 * an out too small.
 */
long		 smpp_ucs2(const char *text, size_t sz, uint8_t *out,
		    size_t outsz);

/*
 * UCS-2/UTF-16BE in[0..sz) as NUL-terminated UTF-8 into out. A lone
 * surrogate becomes U+FFFD; U+0000 is written as a NUL byte, so the text
 * is the returned length, not strlen(out). Returns the bytes written (the
 * final NUL excluded), or -1 if sz is odd or out is too small.
 */
long		 smpp_utf8(const uint8_t *in, size_t sz, char *out,
		    size_t outsz);

/* A part of a split message: octets [off, off + len) of the UCS-2 text. */
struct smpp_part {
	size_t	 off;
	size_t	 len;
};

/*
 * Split UCS-2 text of sz octets into parts: one part if it fits in
 * SMPP_SINGLE_OCTETS, else parts of SMPP_PART_OCTETS, or two octets fewer
 * where a surrogate pair would be cut. Returns the number of parts, or 0
 * if sz is odd or more than max parts (or SMPP_PARTS_MAX) are needed.
 */
size_t		 smpp_split(size_t sz, const uint8_t *text,
		    struct smpp_part *parts, size_t max);

/*
 * Write the concatenation UDH of part seq (1-based) of total, reference
 * ref, into out[SMPP_UDH_LEN]: 05 00 03 ref total seq (3GPP TS 23.040
 * §9.2.3.24.1, IEI 0x00).
 */
void		 smpp_udh(uint8_t ref, uint8_t total, uint8_t seq,
		    uint8_t *out);

/*
 * Read the message id and final state from a delivery receipt's text
 * (SMPP 3.4 Appendix B: "id:IIII sub:SSS dlvrd:DDD submit date:... done
 * date:... stat:DDDDDDD err:E text:..."). id gets at most idsz - 1 bytes
 * and stat statsz - 1; longer, missing or non-printable values give
 * SME_EINPUT.
 */
enum sme_err	 smpp_receipt(const uint8_t *text, size_t sz, char *id,
		    size_t idsz, char *stat, size_t statsz);

#endif
