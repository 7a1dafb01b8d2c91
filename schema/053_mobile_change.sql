-- 053_mobile_change.sql - changing an enterprise account's mobile (issue 18; seed
-- 002 FAQ 1.1: recovery sends to the mobile on record, so a changed mobile locked the
-- enterprise out). Two ways (lib/mobilechange.c): a logged-in enterprise proves the
-- new number with an SMS code sent to it plus its password (GET/POST
-- /account/mobile); one that lost both password and mobile asks its county
-- (GET/POST /recover/mobile, the new number proved the same way), and the county
-- confirms with the licence on file before it (GET /review/mobiles). Either way the
-- old number is told by SMS.

-- The codes that prove a new number: mobile (a logged-in change, subject the
-- username) and mobile_county (a request to the county, subject the credit code).
ALTER TABLE sms_code
	MODIFY COLUMN purpose ENUM('register','reset','login','mobile','mobile_county') NOT NULL COMMENT 'register: verifies the contact mobile of a registration; reset: a password reset (忘记密码); login: proves the owner after failed logins; mobile: proves a new mobile of a logged-in account (subject the username); mobile_county: proves the new mobile of a request to the county (subject the credit code)';
ALTER TABLE sms_request
	MODIFY COLUMN kind ENUM('register_code','reset_code','username','login_code','mobile_code') NOT NULL COMMENT 'what was asked for: a registration code, a password reset code, the username (忘记用户名), a login code (after failed logins), a code to a new mobile (变更手机号)';

CREATE TABLE mobile_request (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key, in order of asking',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise whose credit code was given (enterprise.id); a request naming no enterprise is not stored (the answer is the same)',
	account_id BIGINT UNSIGNED NOT NULL COMMENT 'its enterprise account whose mobile changes (account.id)',
	region_code CHAR(6) NOT NULL COMMENT 'the enterprise''s county when it asked: that county decides',
	new_mobile CHAR(11) NOT NULL COMMENT 'the new mobile, proved by an SMS code sent to it',
	contact_name VARCHAR(60) NOT NULL COMMENT 'who asks (经办人), as typed',
	reason VARCHAR(600) NOT NULL COMMENT 'why, as typed (5 to 200 characters)',
	requested_at DATETIME NOT NULL COMMENT 'when (UTC)',
	requested_ip VARCHAR(45) NULL COMMENT 'client address of the request',
	state ENUM('pending','confirmed','refused') NOT NULL DEFAULT 'pending' COMMENT 'pending (waits for the county), confirmed (the account''s mobile is new_mobile), refused (see refuse_reason)',
	decided_by BIGINT UNSIGNED NULL COMMENT 'the county reviewer who decided (account.id); NULL while pending',
	decided_at DATETIME NULL COMMENT 'when it was decided (UTC); NULL while pending',
	refuse_reason VARCHAR(600) NULL COMMENT 'why it was refused; NULL unless refused',
	PRIMARY KEY (id),
	KEY mobile_request_region_state (region_code, state, id),
	KEY mobile_request_enterprise (enterprise_id, id),
	CONSTRAINT mobile_request_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT mobile_request_account_fk FOREIGN KEY (account_id) REFERENCES account (id),
	CONSTRAINT mobile_request_region_fk FOREIGN KEY (region_code) REFERENCES region (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='requests to the county to change an enterprise account''s mobile when password and mobile are both lost; the county confirms with the licence on file (lib/mobilechange.c)';
