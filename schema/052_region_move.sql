-- 052_region_move.sql - correcting an enterprise's registered county (issue 18;
-- seed 002 FAQ 1.7: "查看填报信息-基本情况中注册地区是否正确；若不正确需联系管理员审核
-- 退回，修改正确后，保存再提交"). The county decides who reviews an enterprise's
-- filings (enterprise.region_code), and registration was the only thing that set it.
-- Now the enterprise asks for another county with a reason (GET/POST /account/region);
-- the county it leaves, or the city over that county, confirms or refuses
-- (GET /review/moves, POST /review/moves/{id}); on confirmation lib/regionmove.c
-- moves the enterprise, its accounts and its open filings in one transaction.

CREATE TABLE region_move (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key, in order of asking',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise that asks to move (enterprise.id)',
	from_region CHAR(6) NOT NULL COMMENT 'the county it was registered in when it asked: that county, or its city, decides',
	to_region CHAR(6) NOT NULL COMMENT 'the county (a 县、市、区 of Jiangsu) it asks to be registered in',
	reason VARCHAR(600) NOT NULL COMMENT 'why, in the enterprise''s words (5 to 200 characters)',
	state ENUM('pending','confirmed','refused') NOT NULL DEFAULT 'pending' COMMENT 'pending (waits for the leaving county or its city), confirmed (the enterprise moved), refused (see refuse_reason)',
	requested_by BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise account that asked (account.id)',
	requested_at DATETIME NOT NULL COMMENT 'when it asked (UTC)',
	decided_by BIGINT UNSIGNED NULL COMMENT 'the reviewer who confirmed or refused (account.id); NULL while pending',
	decided_at DATETIME NULL COMMENT 'when it was decided (UTC); NULL while pending',
	refuse_reason VARCHAR(600) NULL COMMENT 'why it was refused; NULL unless refused',
	filings_moved INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'on confirmation: the open filings that went with it (waiting at the county: now in the new county''s queue)',
	filings_returned INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'on confirmation: the filings past the county (at city or province) returned to the enterprise to submit again to the new county',
	pending_enterprise BIGINT UNSIGNED AS (IF(state = 'pending', enterprise_id, NULL)) STORED COMMENT 'enterprise_id while pending, else NULL: its unique key allows one pending request per enterprise',
	PRIMARY KEY (id),
	UNIQUE KEY region_move_one_pending (pending_enterprise),
	KEY region_move_enterprise (enterprise_id, id),
	KEY region_move_from_state (from_region, state, id),
	CONSTRAINT region_move_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT region_move_from_fk FOREIGN KEY (from_region) REFERENCES region (code),
	CONSTRAINT region_move_to_fk FOREIGN KEY (to_region) REFERENCES region (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='an enterprise''s requests to correct its registered county (注册地区), decided by the county it leaves or its city (lib/regionmove.c)';
