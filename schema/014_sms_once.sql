-- 014_sms_once.sql - SMS sent once and codes never stored readable.
-- sme-smsd records that it is handing a message to the gateway (handed_at,
-- its own commit) before the request, so a dispatcher that dies mid-send
-- leaves the message "in doubt" rather than silently due again: it is
-- resent with the same reference where the gateway deduplicates, else at
-- most once unless a delivery report shows the gateway has it. The text of
-- a code message is kept with the code masked; the whole text is sealed
-- (AES-256-GCM under a key derived from the shared secret) until it is sent.

ALTER TABLE sms_outbox
	ADD COLUMN handed_at DATETIME(3) NULL COMMENT 'when a dispatcher began handing it to the gateway (committed before the request); cleared with the outcome, so a row still sending with handed_at after its claim ran out is in doubt (UTC)' AFTER claimed_until,
	ADD COLUMN resends TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'resends of the message while in doubt; at most one unless the gateway drops a repeated reference (sms_gateway_dedup)' AFTER handed_at,
	ADD COLUMN text_sealed VARBINARY(1100) NULL COMMENT 'the whole text when text masks a code: 12-byte nonce, AES-256-GCM ciphertext, 16-byte tag (key from secret, to_mobile authenticated); dropped once sent or failed' AFTER text,
	MODIFY text VARCHAR(1000) NOT NULL COMMENT 'the message in UTF-8, signature included; a verification code in it is masked (******), the whole text is then in text_sealed until sent',
	ADD KEY sms_outbox_claim (claimed_by);
