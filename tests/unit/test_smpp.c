/*
 * test_smpp.c - smpp.[ch]: PDUs encode and decode back to themselves and
 * to the bytes of SMPP 3.4; malformed PDUs are refused; Chinese and
 * characters outside the BMP become UCS-2 (surrogate pairs) and back;
 * long text splits at 67 units without cutting a pair; receipts parse.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "smpp.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- PDUs that must survive encode then decode ------------------------- */

static struct smpp_pdu
pdu_bind(void)
{
	struct smpp_pdu	 p = { .cmd = SMPP_BIND_TRANSCEIVER, .seq = 1,
	    .version = SMPP_VERSION, .src_ton = 1, .src_npi = 1 };

	strcpy(p.system_id, "sme-platform");
	strcpy(p.password, "secret12");
	strcpy(p.system_type, "OTA");
	strcpy(p.src, "1069*");
	return p;
}

static struct smpp_pdu
pdu_bind_resp(void)
{
	struct smpp_pdu	 p = { .cmd = SMPP_BIND_TRANSCEIVER | SMPP_RESP,
	    .seq = 1 };

	strcpy(p.system_id, "SMSC");
	return p;
}

static struct smpp_pdu
pdu_submit(void)
{
	/* 江苏 in UCS-2 after a concatenation UDH. */
	static const uint8_t sm[] = { 5, 0, 3, 9, 2, 1, 0x6c, 0x5f, 0x82, 0xcf };
	struct smpp_pdu	 p = { .cmd = SMPP_SUBMIT_SM, .seq = 0x7fffffff,
	    .dst_npi = 1, .esm_class = SMPP_ESM_UDHI, .registered_delivery = 1,
	    .data_coding = SMPP_DC_UCS2, .smsz = sizeof(sm),
	    .user_ref = 0xBEEF, .has_user_ref = 1 };

	strcpy(p.src, "10690000");
	strcpy(p.dst, "13800138000");
	memcpy(p.sm, sm, sizeof(sm));
	return p;
}

static struct smpp_pdu
pdu_submit_resp(void)
{
	struct smpp_pdu	 p = { .cmd = SMPP_SUBMIT_SM | SMPP_RESP, .seq = 2 };

	strcpy(p.message_id, "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcde");	/* 63 + 1 = 64 chars */
	strcat(p.message_id, "f");
	return p;
}

static struct smpp_pdu
pdu_receipt(void)
{
	static const char text[] = "id:7f sub:001 dlvrd:001 submit date:"
	    "2611220442 done date:2611220443 stat:DELIVRD err:000 text:x";
	struct smpp_pdu	 p = { .cmd = SMPP_DELIVER_SM, .seq = 9,
	    .esm_class = SMPP_ESM_RECEIPT, .message_state = 2,
	    .smsz = sizeof(text) - 1 };

	strcpy(p.src, "13800138000");
	strcpy(p.dst, "10690000");
	memcpy(p.sm, text, sizeof(text) - 1);
	strcpy(p.message_id, "7f");
	return p;
}

static struct smpp_pdu
pdu_plain(uint32_t cmd, uint32_t status)
{
	struct smpp_pdu	 p = { .cmd = cmd, .status = status, .seq = 77 };

	return p;
}

static struct smpp_pdu
pdu_long_sm(void)
{
	struct smpp_pdu	 p = { .cmd = SMPP_SUBMIT_SM, .seq = 3,
	    .data_coding = SMPP_DC_UCS2, .smsz = SMPP_SM_MAX };

	memset(p.sm, 0x4e, sizeof(p.sm));
	strcpy(p.dst, "12345678901234567890");	/* 20: the longest */
	return p;
}

typedef struct smpp_pdu (*pdu_fn)(void);

static const pdu_fn round_trips[] = {
	pdu_bind, pdu_bind_resp, pdu_submit, pdu_submit_resp, pdu_receipt,
	pdu_long_sm,
};

/* PDUs of a header only: requests, responses, errors, unknown commands. */
static const struct {
	uint32_t	 cmd;
	uint32_t	 status;
} plains[] = {
	{ SMPP_ENQUIRE_LINK, SMPP_ROK },
	{ SMPP_ENQUIRE_LINK | SMPP_RESP, SMPP_ROK },
	{ SMPP_UNBIND, SMPP_ROK },
	{ SMPP_UNBIND | SMPP_RESP, SMPP_ROK },
	{ SMPP_GENERIC_NACK, SMPP_RINVCMDID },
	{ SMPP_SUBMIT_SM | SMPP_RESP, SMPP_RTHROTTLED },
	{ SMPP_BIND_TRANSCEIVER | SMPP_RESP, SMPP_RINVPASWD },
	{ 0x00000103, SMPP_ROK },
};

START_TEST(smpp_encode_then_decode_round_trips)
{
	struct smpp_pdu	 p, q;
	uint8_t		 buf[SMPP_PDU_MAX];
	size_t		 n, k = (size_t)_i;

	if (k < NELEM(round_trips))
		p = round_trips[k]();
	else
		p = pdu_plain(plains[k - NELEM(round_trips)].cmd,
		    plains[k - NELEM(round_trips)].status);
	n = smpp_encode(&p, buf, sizeof(buf));
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(smpp_frame(buf, n), (long)n);
	ck_assert_int_eq(smpp_decode(buf, n, &q), SME_OK);
	ck_assert_uint_eq(q.cmd, p.cmd);
	ck_assert_uint_eq(q.status, p.status);
	ck_assert_uint_eq(q.seq, p.seq);
	ck_assert_str_eq(q.system_id, p.system_id);
	ck_assert_str_eq(q.password, p.password);
	ck_assert_str_eq(q.system_type, p.system_type);
	ck_assert_str_eq(q.src, p.src);
	ck_assert_str_eq(q.dst, p.dst);
	ck_assert_str_eq(q.message_id, p.message_id);
	ck_assert_uint_eq(q.esm_class, p.esm_class);
	ck_assert_uint_eq(q.data_coding, p.data_coding);
	ck_assert_uint_eq(q.registered_delivery, p.registered_delivery);
	ck_assert_uint_eq(q.message_state, p.message_state);
	ck_assert_int_eq(q.has_user_ref, p.has_user_ref);
	ck_assert_uint_eq(q.user_ref, p.user_ref);
	ck_assert_uint_eq(q.smsz, p.smsz);
	ck_assert_mem_eq(q.sm, p.sm, p.smsz);
	/* Nothing the encoder wrote is left over or missing. */
	ck_assert_uint_eq(smpp_encode(&q, buf, sizeof(buf)), n);
}
END_TEST

/* Known bytes: what the SMSC sees (SMPP 3.4 §4.1.5, §4.11.1). */
START_TEST(smpp_encode_writes_the_bytes_of_the_spec)
{
	static const uint8_t enquire[] = {
		0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 77 };
	static const uint8_t bind[] = {
		0, 0, 0, 0x1b, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1,
		'a', 'b', 0, 'p', 'w', 0, 0, 0x34, 0, 0, 0 };
	struct smpp_pdu	 p = pdu_plain(SMPP_ENQUIRE_LINK, 0);
	struct smpp_pdu	 b = { .cmd = SMPP_BIND_TRANSCEIVER, .seq = 1,
	    .version = SMPP_VERSION };
	uint8_t		 buf[64];

	ck_assert_uint_eq(smpp_encode(&p, buf, sizeof(buf)), sizeof(enquire));
	ck_assert_mem_eq(buf, enquire, sizeof(enquire));
	strcpy(b.system_id, "ab");
	strcpy(b.password, "pw");
	ck_assert_uint_eq(smpp_encode(&b, buf, sizeof(buf)), sizeof(bind));
	ck_assert_mem_eq(buf, bind, sizeof(bind));
}
END_TEST

START_TEST(smpp_encode_refuses_what_does_not_fit)
{
	struct smpp_pdu	 p = pdu_bind();
	uint8_t		 buf[SMPP_PDU_MAX];

	ck_assert_uint_eq(smpp_encode(&p, buf, 20), 0);
	strcpy(p.system_id, "0123456789abcdef");	/* 16: no room for NUL */
	ck_assert_uint_eq(smpp_encode(&p, buf, sizeof(buf)), 0);
	p = pdu_submit();
	p.smsz = SMPP_SM_MAX + 1;
	ck_assert_uint_eq(smpp_encode(&p, buf, sizeof(buf)), 0);
	p = pdu_submit();
	strcpy(p.src, "123456789012345678901");	/* 21: source_addr is 21 with NUL */
	ck_assert_uint_eq(smpp_encode(&p, buf, sizeof(buf)), 0);
}
END_TEST

/* Framing: need more, broken, or a whole PDU. */
static const struct {
	uint8_t	 bytes[20];
	size_t	 sz;
	long	 want;
} frames[] = {
	{ { 0 }, 0, 0 },
	{ { 0, 0, 0 }, 3, 0 },
	{ { 0, 0, 0, 16, 0, 0, 0, 0x15 }, 8, 0 },
	{ { 0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1 }, 16, 16 },
	{ { 0, 0, 0, 16, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1, 9, 9 }, 18, 16 },
	{ { 0, 0, 0, 15 }, 4, -1 },
	{ { 0, 0, 0, 0 }, 4, -1 },
	{ { 0, 0, 0x10, 1 }, 4, -1 },
	{ { 0xff, 0xff, 0xff, 0xff }, 4, -1 },
	{ { 0, 0, 0x10, 0 }, 4, 0 },
};

START_TEST(smpp_frame_finds_whole_pdus_and_impossible_lengths)
{
	ck_assert_int_eq(smpp_frame(frames[_i].bytes, frames[_i].sz),
	    frames[_i].want);
}
END_TEST

/* Bodies that must not decode (the header still does). */
static const struct {
	const char	*name;
	uint8_t		 bytes[48];
	size_t		 sz;
} malformed[] = {
	{ "length disagrees", { 0, 0, 0, 17, 0, 0, 0, 0x15, 0, 0, 0, 0, 0, 0, 0, 1 }, 16 },
	{ "message_id without NUL", { 0, 0, 0, 20, 0x80, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1,
	    'a', 'b', 'c', 'd' }, 20 },
	{ "system_id without NUL", { 0, 0, 0, 18, 0x80, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 1,
	    'a', 'b' }, 18 },
	{ "deliver_sm cut short", { 0, 0, 0, 20, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1,
	    0, 1, 1, '1' }, 20 },
	{ "sm_length past the end", { 0, 0, 0, 36, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1,
	    0, 0, 0, '1', 0, 0, 0, '2', 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 200, 'x' }, 36 },
	{ "TLV past the end", { 0, 0, 0, 40, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1,
	    0, 0, 0, '1', 0, 0, 0, '2', 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0x04, 0x27, 0, 9, 2 }, 40 },
	{ "message_state of 2 octets", { 0, 0, 0, 41, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1,
	    0, 0, 0, '1', 0, 0, 0, '2', 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0x04, 0x27, 0, 2, 2, 2 }, 41 },
	{ "half a TLV header", { 0, 0, 0, 37, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 1,
	    0, 0, 0, '1', 0, 0, 0, '2', 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0x04, 0x27 }, 37 },
	{ "header only, short", { 0, 0, 0, 16, 0, 0, 0, 0x15 }, 8 },
};

START_TEST(smpp_decode_refuses_malformed_bodies)
{
	struct smpp_pdu	 p;

	ck_assert_msg(smpp_decode(malformed[_i].bytes, malformed[_i].sz, &p) ==
	    SME_EINPUT, "%s decoded", malformed[_i].name);
	if (malformed[_i].sz >= SMPP_HDR)
		ck_assert_uint_eq(p.seq, 1);
}
END_TEST

START_TEST(smpp_decode_reads_receipt_tlvs_and_payload)
{
	static const uint8_t b[] = {
		0, 0, 0, 55, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 3,
		0, 0, 0, '1', 0, 0, 0, '2', 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x1e, 0, 3, 'a', 'b', 0,
		0x04, 0x27, 0, 1, 5,
		0x04, 0x24, 0, 4, 's', 't', 'a', 't' };
	struct smpp_pdu	 p;

	ck_assert_int_eq(smpp_decode(b, sizeof(b), &p), SME_OK);
	ck_assert_uint_eq(p.cmd, SMPP_DELIVER_SM);
	ck_assert_uint_eq(p.esm_class, SMPP_ESM_RECEIPT);
	ck_assert_str_eq(p.message_id, "ab");
	ck_assert_uint_eq(p.message_state, 5);
	ck_assert_uint_eq(p.smsz, 4);
	ck_assert_mem_eq(p.sm, "stat", 4);
}
END_TEST

/* ---- text ------------------------------------------------------------- */

static const struct {
	const char	*utf8;
	const char	*ucs2;	/* big-endian octets */
	size_t		 ucs2sz;
} texts[] = {
	{ "", "", 0 },
	{ "A1", "\x00" "A" "\x00" "1", 4 },
	{ "江苏", "\x6c\x5f\x82\xcf", 4 },
	{ "【江苏省】验证码，", "\x30\x10\x6c\x5f\x82\xcf\x77\x01\x30\x11\x9a\x8c"
	    "\x8b\xc1\x78\x01\xff\x0c", 18 },
	{ "é", "\x00\xe9", 2 },
	{ "😀", "\xd8\x3d\xde\x00", 4 },				/* U+1F600 */
	{ "𠮷野家", "\xd8\x42\xdf\xb7\x91\xce\x5b\xb6", 8 },		/* U+20BB7 */
	{ "\xf4\x8f\xbf\xbf", "\xdb\xff\xdf\xff", 4 },			/* U+10FFFF */
	{ "\xef\xbf\xbf", "\xff\xff", 2 },				/* U+FFFF */
};

START_TEST(smpp_ucs2_encodes_chinese_and_surrogate_pairs)
{
	uint8_t	 out[64];
	long	 n;

	n = smpp_ucs2(texts[_i].utf8, strlen(texts[_i].utf8), out, sizeof(out));
	ck_assert_int_eq(n, (long)texts[_i].ucs2sz);
	ck_assert_mem_eq(out, texts[_i].ucs2, texts[_i].ucs2sz);
}
END_TEST

START_TEST(smpp_utf8_decodes_back_to_the_same_text)
{
	char	 out[64];
	long	 n;

	n = smpp_utf8((const uint8_t *)texts[_i].ucs2, texts[_i].ucs2sz, out,
	    sizeof(out));
	ck_assert_int_eq(n, (long)strlen(texts[_i].utf8));
	ck_assert_str_eq(out, texts[_i].utf8);
}
END_TEST

static const char *const bad_utf8[] = {
	"\x80", "\xff", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf",
	"\xed\xa0\x80",			/* an encoded surrogate */
	"\xf4\x90\x80\x80",		/* beyond U+10FFFF */
	"\xe6\xb1",			/* cut short */
	"\xf0\x9f\x98",
	"ok\xe6",
};

START_TEST(smpp_ucs2_refuses_invalid_utf8)
{
	uint8_t	 out[64];

	ck_assert_int_eq(smpp_ucs2(bad_utf8[_i], strlen(bad_utf8[_i]), out,
	    sizeof(out)), -1);
}
END_TEST

START_TEST(smpp_ucs2_and_utf8_refuse_small_buffers)
{
	uint8_t	 u[8];
	char	 s[8];

	ck_assert_int_eq(smpp_ucs2("江苏", 6, u, 3), -1);
	ck_assert_int_eq(smpp_ucs2("😀", 4, u, 2), -1);
	ck_assert_int_eq(smpp_utf8((const uint8_t *)"\x6c\x5f", 2, s, 3), -1);
	ck_assert_int_eq(smpp_utf8((const uint8_t *)"\x6c\x5f", 2, s, 4), 3);
	ck_assert_int_eq(smpp_utf8((const uint8_t *)"\x6c", 1, s, sizeof(s)), -1);
}
END_TEST

START_TEST(smpp_utf8_replaces_lone_surrogates)
{
	char	 out[32];

	ck_assert_int_eq(smpp_utf8((const uint8_t *)"\xd8\x3d\x00" "A", 4, out,
	    sizeof(out)), 4);
	ck_assert_str_eq(out, "\xef\xbf\xbd" "A");
	ck_assert_int_eq(smpp_utf8((const uint8_t *)"\xde\x00", 2, out,
	    sizeof(out)), 3);
	ck_assert_str_eq(out, "\xef\xbf\xbd");
	ck_assert_int_eq(smpp_utf8((const uint8_t *)"\xd8\x3d", 2, out,
	    sizeof(out)), 3);
}
END_TEST

/*
 * Splits: text of units UCS-2 units, all 江 except a surrogate pair
 * starting at unit pair (if >= 0); the part lengths expected, in units.
 */
static const struct {
	size_t	 units;
	int	 pair;
	size_t	 nparts;
	size_t	 parts[4];
} splits[] = {
	{ 0, -1, 1, { 0 } },
	{ 1, -1, 1, { 1 } },
	{ 70, -1, 1, { 70 } },
	{ 71, -1, 2, { 67, 4 } },
	{ 134, -1, 2, { 67, 67 } },
	{ 135, -1, 3, { 67, 67, 1 } },
	{ 70, 68, 1, { 70 } },				/* fits whole */
	{ 100, 66, 2, { 66, 34 } },			/* pair at 66-67: moved on */
	{ 100, 65, 2, { 67, 33 } },			/* pair at 65-66: fits */
	{ 200, 133, 3, { 67, 66, 67 } },
};

START_TEST(smpp_split_cuts_at_67_units_never_inside_a_pair)
{
	uint8_t		 u[1024];
	struct smpp_part parts[8];
	size_t		 i, n, off = 0;

	for (i = 0; i < splits[_i].units; i++) {
		u[2 * i] = 0x6c;
		u[2 * i + 1] = 0x5f;
	}
	if (splits[_i].pair >= 0) {
		u[2 * splits[_i].pair] = 0xd8;
		u[2 * splits[_i].pair + 1] = 0x3d;
		u[2 * splits[_i].pair + 2] = 0xde;
		u[2 * splits[_i].pair + 3] = 0x00;
	}
	n = smpp_split(2 * splits[_i].units, u, parts, NELEM(parts));
	ck_assert_uint_eq(n, splits[_i].nparts);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(parts[i].off, off);
		ck_assert_uint_eq(parts[i].len, 2 * splits[_i].parts[i]);
		off += parts[i].len;
	}
	ck_assert_uint_eq(off, 2 * splits[_i].units);
}
END_TEST

START_TEST(smpp_split_refuses_odd_sizes_and_too_many_parts)
{
	uint8_t		 u[2 * 67 * 4];
	struct smpp_part parts[3];

	memset(u, 0x4e, sizeof(u));
	ck_assert_uint_eq(smpp_split(3, u, parts, NELEM(parts)), 0);
	ck_assert_uint_eq(smpp_split(sizeof(u), u, parts, NELEM(parts)), 0);
	ck_assert_uint_eq(smpp_split(2 * 67 * 3, u, parts, NELEM(parts)), 3);
}
END_TEST

START_TEST(smpp_udh_is_the_concatenation_element)
{
	uint8_t	 udh[SMPP_UDH_LEN];

	smpp_udh(0xab, 3, 2, udh);
	ck_assert_mem_eq(udh, "\x05\x00\x03\xab\x03\x02", SMPP_UDH_LEN);
}
END_TEST

/* ---- receipts --------------------------------------------------------- */

static const struct {
	const char	*text;
	const char	*id;	/* NULL: must fail */
	const char	*stat;
} receipts[] = {
	{ "id:0123456789 sub:001 dlvrd:001 submit date:2611220442 done date:"
	    "2611220443 stat:DELIVRD err:000 text:hello", "0123456789", "DELIVRD" },
	{ "id:7f3a sub:001 dlvrd:000 submit date:2611220442 done date:"
	    "2611220443 stat:UNDELIV err:001 Text:", "7f3a", "UNDELIV" },
	{ "ID:abc STAT:EXPIRED", "abc", "EXPIRED" },
	{ "stat:REJECTD id:x", "x", "REJECTD" },
	{ "id:1 stat:DELIVRD text:id:2 stat:UNDELIV", "1", "DELIVRD" },
	{ "id:1 text:stat:DELIVRD", NULL, NULL },	/* stat only in the text */
	{ "sub:001 stat:DELIVRD", NULL, NULL },
	{ "id: stat:DELIVRD", NULL, NULL },
	{ "xid:1 stat:DELIVRD", NULL, NULL },
	{ "id:1 stat:", NULL, NULL },
	{ "id:\x01 stat:DELIVRD", NULL, NULL },
	{ "id:0123456789012345678901234567890123456789012345678901234567890123456789"
	    " stat:DELIVRD", NULL, NULL },		/* id too long */
	{ "id:1 stat:DELIVEREDTOOLONG", NULL, NULL },
	{ "", NULL, NULL },
};

START_TEST(smpp_receipt_reads_id_and_stat)
{
	char	 id[SMPP_ID_MAX], stat[16];
	enum sme_err er;

	er = smpp_receipt((const uint8_t *)receipts[_i].text,
	    strlen(receipts[_i].text), id, sizeof(id), stat, sizeof(stat));
	if (receipts[_i].id == NULL) {
		ck_assert_msg(er == SME_EINPUT, "\"%s\" parsed", receipts[_i].text);
		return;
	}
	ck_assert_int_eq(er, SME_OK);
	ck_assert_str_eq(id, receipts[_i].id);
	ck_assert_str_eq(stat, receipts[_i].stat);
}
END_TEST

static Suite *
smpp_suite(void)
{
	Suite	*s = suite_create("smpp");
	TCase	*pdu = tcase_create("pdu");
	TCase	*text = tcase_create("text");

	tcase_add_loop_test(pdu, smpp_encode_then_decode_round_trips, 0,
	    NELEM(round_trips) + NELEM(plains));
	tcase_add_test(pdu, smpp_encode_writes_the_bytes_of_the_spec);
	tcase_add_test(pdu, smpp_encode_refuses_what_does_not_fit);
	tcase_add_loop_test(pdu, smpp_frame_finds_whole_pdus_and_impossible_lengths,
	    0, NELEM(frames));
	tcase_add_loop_test(pdu, smpp_decode_refuses_malformed_bodies, 0,
	    NELEM(malformed));
	tcase_add_test(pdu, smpp_decode_reads_receipt_tlvs_and_payload);
	tcase_add_loop_test(pdu, smpp_receipt_reads_id_and_stat, 0,
	    NELEM(receipts));
	tcase_add_loop_test(text, smpp_ucs2_encodes_chinese_and_surrogate_pairs,
	    0, NELEM(texts));
	tcase_add_loop_test(text, smpp_utf8_decodes_back_to_the_same_text, 0,
	    NELEM(texts));
	tcase_add_loop_test(text, smpp_ucs2_refuses_invalid_utf8, 0,
	    NELEM(bad_utf8));
	tcase_add_test(text, smpp_ucs2_and_utf8_refuse_small_buffers);
	tcase_add_test(text, smpp_utf8_replaces_lone_surrogates);
	tcase_add_loop_test(text, smpp_split_cuts_at_67_units_never_inside_a_pair,
	    0, NELEM(splits));
	tcase_add_test(text, smpp_split_refuses_odd_sizes_and_too_many_parts);
	tcase_add_test(text, smpp_udh_is_the_concatenation_element);
	suite_add_tcase(s, pdu);
	suite_add_tcase(s, text);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(smpp_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
