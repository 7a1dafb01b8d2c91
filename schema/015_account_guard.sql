-- 015_account_guard.sql - accounts and SMS that strangers cannot turn
-- against their owners: SMS requests record whether a message was sent
-- (the limits per mobile count only those), failed logins are counted per
-- username too (a delay that grows, never a lock), login codes by SMS
-- after a burst of failures, and registration attempts per address.

ALTER TABLE sms_request
	ADD COLUMN sent TINYINT(1) NOT NULL DEFAULT 1 COMMENT '1 if a message went to the mobile; 0 if the request matched no account or a limit of the mobile held it back. Only sent requests count against the mobile'
	AFTER subject,
	MODIFY COLUMN kind ENUM('register_code','reset_code','username','login_code') NOT NULL COMMENT 'what was asked for: a registration code, a password reset code, the username (忘记用户名), a login code (after failed logins)',
	ADD KEY sms_request_mobile_kind_at (mobile, kind, at);

ALTER TABLE sms_code
	MODIFY COLUMN purpose ENUM('register','reset','login') NOT NULL COMMENT 'register: verifies the contact mobile of a registration; reset: a password reset (忘记密码); login: proves the owner after failed logins';

ALTER TABLE login_failure
	ADD COLUMN cleared TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1 once the account logged in (or its password was reset) after this failure: it no longer counts against the username (still against the address)'
	AFTER username,
	ADD KEY login_failure_username_at (username, at);

CREATE TABLE register_attempt (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	ip VARCHAR(45) NOT NULL COMMENT 'client address of a POST /register that reached the availability check',
	at DATETIME(3) NOT NULL COMMENT 'time of the attempt (UTC)',
	PRIMARY KEY (id),
	KEY register_attempt_ip_at (ip, at),
	KEY register_attempt_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='registrations per address whose SMS code was right, limited (register_ip_hour_max) so that "用户名已存在" and "该企业已存在" cannot be probed in bulk';
