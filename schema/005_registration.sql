-- 005_registration.sql - what registration and recovery by SMS keep: the
-- business licence of a registered enterprise, one-time SMS codes (hashed),
-- and the SMS requests and lock keys that limit how often codes and other
-- messages may be asked for, across every worker and host.

ALTER TABLE enterprise
	ADD COLUMN licence CHAR(64) NULL COMMENT 'business licence image (营业执照) given at registration: hex SHA-256 of its bytes, its file name under storage_dir (lib/store.c); NULL for enterprises the operator created'
	AFTER return_reason;

CREATE TABLE sms_code (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key, in order of issue: the latest code of a key is the only one that counts',
	purpose ENUM('register','reset') NOT NULL COMMENT 'register: verifies the contact mobile of a registration; reset: a password reset (忘记密码)',
	mobile CHAR(11) NOT NULL COMMENT 'mainland mobile number the code was sent to',
	subject VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'what the code is for besides the mobile: the username asked for (lower case) for reset; empty for register',
	code_hash BINARY(32) NOT NULL COMMENT 'HMAC-SHA256 under the server secret of purpose, mobile, subject and the six digits; the code itself is never stored',
	tries TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'wrong codes given so far; at sms_code_tries (5) the code is refused even when right',
	created_at DATETIME(3) NOT NULL COMMENT 'when the code was issued (UTC)',
	expires_at DATETIME(3) NOT NULL COMMENT 'the code is refused from this time on (UTC); issue + sms_code_ttl_s (300)',
	used_at DATETIME(3) NULL COMMENT 'when a registration or reset consumed it (UTC); NULL = not used. A code is used once',
	PRIMARY KEY (id),
	KEY sms_code_key (purpose, mobile, subject, id),
	KEY sms_code_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='one-time SMS verification codes of registration and password reset; only hashes are kept';

CREATE TABLE sms_request (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	kind ENUM('register_code','reset_code','username') NOT NULL COMMENT 'what was asked for: a registration code, a password reset code, the username (忘记用户名)',
	mobile CHAR(11) NOT NULL COMMENT 'mobile number the request names, whether or not it matched an account',
	ip VARCHAR(45) NOT NULL COMMENT 'client address of the request (IPv4 or IPv6 text)',
	subject VARCHAR(64) NOT NULL DEFAULT '' COMMENT 'account the request names: the username (reset_code, lower case) or the credit code (username); empty for register_code',
	at DATETIME(3) NOT NULL COMMENT 'time of the request (UTC)',
	PRIMARY KEY (id),
	KEY sms_request_mobile_at (mobile, at),
	KEY sms_request_ip_at (ip, at),
	KEY sms_request_subject_at (kind, subject, at),
	KEY sms_request_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='SMS requests the limits allowed (per mobile, address and account), counted in sliding windows; a request that matched no account is recorded the same way';

CREATE TABLE sms_limit (
	k VARCHAR(100) NOT NULL COMMENT 'what is limited: m:<mobile>, i:<address> or s:<kind>:<subject>',
	touched_at DATETIME(3) NOT NULL COMMENT 'last request that locked this key (UTC); keys untouched for a day may be purged',
	PRIMARY KEY (k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='lock rows: a request locks the keys it counts against (in the order m, i, s) until its transaction ends, so concurrent requests on any host are counted one after another';
