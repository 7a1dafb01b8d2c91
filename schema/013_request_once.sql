-- 013_request_once.sql - one-time tokens of state-changing forms (a section
-- save, a submit, a review decision): each page carries a fresh token; the
-- request that commits the change writes the token's hash here in the same
-- transaction, so a repeat of it (the answer was lost, the user posts the
-- same again) answers the same redirect instead of "已被修改". Purged by sme-admin purge.
-- No foreign key to account: the insert then takes no lock on the account row.

CREATE TABLE request_once (
	token_hash BINARY(32) NOT NULL COMMENT 'SHA-256 of the form''s token; never the token',
	account_id BIGINT UNSIGNED NOT NULL COMMENT 'who posted it; a token answers only its own account',
	body_hash BINARY(32) NOT NULL COMMENT 'SHA-256 of the posted fields but csrf: only the same request is a repeat; the same token with other values is treated as a stale page',
	target VARCHAR(255) NOT NULL COMMENT 'the Location the first request answered (303)',
	created_at DATETIME NOT NULL COMMENT 'when the change committed (UTC)',
	PRIMARY KEY (token_hash),
	KEY request_once_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='used one-time form tokens and the answer each gave, for repeated posts';
