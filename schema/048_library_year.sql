-- 048_library_year.sql - the library's year (issue 18, lib/libyear.c): each library
-- enterprise owes a 数据更新 a year (seed 002: "对于未及时更新数据的在库企业，将按规则清退
-- 出库"); bureaus remind the ones that have not filed (at most once a day each), the county
-- proposes removal (清退出库) after the update window closed, the city confirms or undoes it;
-- and the province publishes the year's library (seed 001: "省工信厅每年底公布入库培育企业
-- 名单"), a roll per year that GET /library/public lists.
-- An enterprise's update status of a year (due, filed, accepted, overdue) is not stored:
-- lib/libyear.c derives it from its 数据更新 filings and the update window's end.

CREATE TABLE library_reminder (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the library enterprise reminded',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the update year (filing.year of the 数据更新 it owes)',
	sent_on DATE NOT NULL COMMENT 'the day in China Standard Time (UTC+8); one reminder an enterprise a day (the unique key)',
	sent_at DATETIME NOT NULL COMMENT 'when it was queued (UTC)',
	actor_id BIGINT UNSIGNED NOT NULL COMMENT 'the reviewer who sent it (account.id)',
	PRIMARY KEY (id),
	UNIQUE KEY library_reminder_day (enterprise_id, sent_on),
	KEY library_reminder_year (year, enterprise_id),
	CONSTRAINT library_reminder_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='SMS reminders to library enterprises that have not filed the year''s 数据更新; the SMS itself is in sms_outbox';

CREATE TABLE library_removal (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise removed (清退出库)',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the update year it missed',
	state ENUM('proposed','confirmed','undone') NOT NULL DEFAULT 'proposed' COMMENT 'proposed by the county, confirmed by the city (enterprise.in_library = 0), undone by the city (in_library = 1 again)',
	reason VARCHAR(500) NOT NULL COMMENT 'the county''s reason, told to the enterprise by SMS and on its home page',
	proposed_by BIGINT UNSIGNED NOT NULL COMMENT 'county reviewer (account.id)',
	proposed_at DATETIME NOT NULL COMMENT 'when proposed (UTC)',
	confirmed_by BIGINT UNSIGNED NULL COMMENT 'city reviewer who confirmed; NULL until confirmed',
	confirmed_at DATETIME NULL COMMENT 'when confirmed (UTC); NULL until confirmed',
	undone_by BIGINT UNSIGNED NULL COMMENT 'city reviewer who undid it; NULL unless undone',
	undone_at DATETIME NULL COMMENT 'when undone (UTC); NULL unless undone',
	undo_reason VARCHAR(500) NULL COMMENT 'why the city undid it; NULL unless undone',
	version INT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'optimistic lock: checked and incremented by every write',
	PRIMARY KEY (id),
	KEY library_removal_enterprise (enterprise_id, state),
	KEY library_removal_year (year, state),
	CONSTRAINT library_removal_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='清退出库: removals of library enterprises that missed a year''s update, proposed by the county and confirmed (or undone) by the city';

CREATE TABLE library_publication (
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the library year published',
	published_at DATETIME NOT NULL COMMENT 'when the province (last) published it (UTC)',
	published_by BIGINT UNSIGNED NOT NULL COMMENT 'province account (account.id)',
	PRIMARY KEY (year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the years whose library the province published; GET /library/public shows only these';

CREATE TABLE library_roll (
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the published library year',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'an enterprise in that year''s library',
	entry_year SMALLINT UNSIGNED NULL COMMENT 'year of its accepted 新增入库; NULL when it entered outside the platform',
	industry_code VARCHAR(4) NULL COMMENT 'GB/T 4754 大类 (two digits) of its latest accepted library filing; NULL if unknown',
	PRIMARY KEY (year, enterprise_id),
	KEY library_roll_enterprise (enterprise_id),
	CONSTRAINT library_roll_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the published library of each year: written when the province publishes the year, then kept in step with removals, undos and new entries during that same year; earlier years stay as they were';
