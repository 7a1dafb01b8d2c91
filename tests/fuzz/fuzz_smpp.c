/*
 * fuzz_smpp.c - libFuzzer target: the SMPP 3.4 decoder on any bytes, read
 * as the stream a hostile SMSC could send. Every PDU that decodes must
 * encode again and decode to the same PDU; receipt text and UCS-2 must
 * parse without reading out of bounds; the input taken as UTF-8 must
 * survive UCS-2 and back, and split into parts that cover it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smpp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Re-encode p (from smpp_decode) and check it decodes the same. */
static void
fuzz_smpp_round_trip(const struct smpp_pdu *p)
{
	uint8_t		 buf[SMPP_PDU_MAX];
	struct smpp_pdu	 q;
	size_t		 n;

	if ((n = smpp_encode(p, buf, sizeof(buf))) == 0)
		abort();
	if (smpp_frame(buf, n) != (long)n)
		abort();
	if (smpp_decode(buf, n, &q) != SME_OK)
		abort();
	/* Both were zeroed by smpp_decode, padding included. */
	if (memcmp(p, &q, sizeof(q)) != 0)
		abort();
}

/* What the adapter does with a deliver_sm's text. */
static void
fuzz_smpp_text(const struct smpp_pdu *p)
{
	char	 id[SMPP_ID_MAX], stat[16], utf8[4 * SMPP_SM_MAX];
	long	 n;

	if (smpp_receipt(p->sm, p->smsz, id, sizeof(id), stat,
	    sizeof(stat)) == SME_OK &&
	    (id[0] == '\0' || stat[0] == '\0' || strchr(id, ' ') != NULL ||
	    strlen(id) >= sizeof(id) || strlen(stat) >= sizeof(stat)))
		abort();
	/* U+0000 comes out as a NUL byte: the length is the returned one. */
	n = smpp_utf8(p->sm, p->smsz, utf8, sizeof(utf8));
	if ((p->smsz % 2 == 0) != (n >= 0) ||
	    (n >= 0 && (strlen(utf8) > (size_t)n || utf8[n] != '\0')))
		abort();
}

/* The input as UTF-8 text to send. */
static void
fuzz_smpp_ucs2(const uint8_t *data, size_t size)
{
	static uint8_t	 u[8192];
	static char	 back[8192];
	struct smpp_part parts[SMPP_PARTS_MAX];
	size_t		 np, i, off = 0;
	long		 n, m;

	if (size > 2048 ||
	    (n = smpp_ucs2((const char *)data, size, u, sizeof(u))) < 0)
		return;
	/* Valid UTF-8 holds no surrogates, so the way back is exact. */
	m = smpp_utf8(u, (size_t)n, back, sizeof(back));
	if (m != (long)size || memcmp(back, data, size) != 0)
		abort();
	np = smpp_split((size_t)n, u, parts, SMPP_PARTS_MAX);
	if (np == 0)
		return;
	for (i = 0; i < np; i++) {
		if (parts[i].off != off || parts[i].len % 2 != 0 ||
		    (np > 1 && (parts[i].len > SMPP_PART_OCTETS ||
		    parts[i].len == 0)) ||
		    (np == 1 && parts[i].len > SMPP_SINGLE_OCTETS))
			abort();
		/* No part ends on the high half of a surrogate pair. */
		if (i + 1 < np && parts[i].len >= 2 &&
		    (u[off + parts[i].len - 2] & 0xFC) == 0xD8)
			abort();
		off += parts[i].len;
	}
	if (off != (size_t)n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smpp_pdu	 p;
	size_t		 off = 0;
	long		 len;

	while (off < size &&
	    (len = smpp_frame(data + off, size - off)) > 0) {
		if ((size_t)len < SMPP_HDR || (size_t)len > size - off)
			abort();
		if (smpp_decode(data + off, (size_t)len, &p) == SME_OK) {
			fuzz_smpp_round_trip(&p);
			fuzz_smpp_text(&p);
		}
		off += (size_t)len;
	}
	fuzz_smpp_ucs2(data, size);
	return 0;
}
