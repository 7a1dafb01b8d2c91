-- 004_sms_outbox.sql - the SMS outbox: handlers insert a row in the same
-- transaction as the change that causes the message; sme-smsd claims due
-- rows (SELECT ... FOR UPDATE SKIP LOCKED), sends them through the
-- configured gateway, retries with backoff and records delivery reports.

CREATE TABLE sms_outbox (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key; also the message reference given to gateways',
	to_mobile CHAR(11) NOT NULL COMMENT 'mainland mobile number, 11 digits',
	kind VARCHAR(32) NOT NULL COMMENT 'template that made the text: register_code, reset_code, username, reset_notice, ...',
	text VARCHAR(1000) NOT NULL COMMENT 'the whole message in UTF-8, signature included',
	status ENUM('queued','sending','sent','failed','delivered','undelivered') NOT NULL DEFAULT 'queued' COMMENT 'queued: waits for due_at; sending: claimed by a dispatcher; sent: accepted by the gateway; failed: given up (see last_error); delivered/undelivered: from a delivery report',
	created_at DATETIME(3) NOT NULL COMMENT 'when the handler queued it (UTC)',
	due_at DATETIME(3) NOT NULL COMMENT 'not sent before this time (UTC); moved forward by each retry''s backoff',
	give_up_at DATETIME(3) NOT NULL COMMENT 'after this time a failing message is marked failed (UTC)',
	attempts INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'sends tried so far',
	claimed_by VARCHAR(64) NULL COMMENT 'host:pid of the dispatcher sending it now; NULL when not claimed',
	claimed_until DATETIME(3) NULL COMMENT 'a claim older than this is abandoned (dispatcher died) and may be taken again (UTC)',
	gateway VARCHAR(16) NULL COMMENT 'adapter that sent it: file, kannel, smpp, http',
	gateway_id VARCHAR(64) NULL COMMENT 'message id the gateway returned, to match delivery reports',
	last_error VARCHAR(500) NULL COMMENT 'why the last attempt failed, or why it was given up',
	sent_at DATETIME(3) NULL COMMENT 'when the gateway accepted it (UTC)',
	dlr_at DATETIME(3) NULL COMMENT 'when the delivery report arrived (UTC)',
	dlr_status VARCHAR(32) NULL COMMENT 'the gateway''s delivery state, e.g. DELIVRD, UNDELIV, 1, 2',
	PRIMARY KEY (id),
	KEY sms_outbox_due (status, due_at),
	KEY sms_outbox_gateway (gateway, gateway_id),
	KEY sms_outbox_mobile (to_mobile, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='SMS waiting to be sent, being sent, sent and reported; written by handlers, worked by sme-smsd';
