-- 042_review_deadline.sql - review deadlines as data (issue 17): the last day a
-- bureau of each level may take to review each kind of filing of a year, set by
-- the province beside the filing windows (GET|POST /review/deadlines, sme-admin
-- deadline-set), and the record of the daily reminder SMS to late bureaus
-- (sme-admin remind-reviewers, lib/remind.c). The queue shows each waiting
-- filing's days left against its level's deadline (lib/deadline.c does the
-- arithmetic: Beijing calendar days, the due day itself still in time).

CREATE TABLE review_deadline (
	kind ENUM('entry','update','product','giant-mfg','giant-innov','recheck') NOT NULL COMMENT 'filing.kind the deadline is for',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'filing.year the deadline is for, e.g. 2023',
	level ENUM('county','city','province') NOT NULL COMMENT 'the level whose review it bounds: a filing in filing.state = level is late after due_on',
	due_on DATE NOT NULL COMMENT 'the last day of review, a Beijing (UTC+8) calendar day, inclusive: late from the next day 00:00 Beijing time',
	updated_at DATETIME NOT NULL COMMENT 'when it was last set (UTC)',
	PRIMARY KEY (kind, year, level)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='review deadlines per filing kind, year and review level, set by the province; the queue, the statistics page and the reminders read them';

-- Seed 000 (2021 千企升级入库): 各县（市、区）工信部门须于10月10日前完成审核确认.
-- Seed 002 (2023 入库培育): 县(区、市)、设区市工信部门 ... 审核截止时间为3月底.
INSERT INTO review_deadline (kind, year, level, due_on, updated_at) VALUES
('entry', 2021, 'county', '2021-10-10', UTC_TIMESTAMP()),
('update', 2021, 'county', '2021-10-10', UTC_TIMESTAMP()),
('entry', 2023, 'county', '2023-03-31', UTC_TIMESTAMP()),
('entry', 2023, 'city', '2023-03-31', UTC_TIMESTAMP()),
('update', 2023, 'county', '2023-03-31', UTC_TIMESTAMP()),
('update', 2023, 'city', '2023-03-31', UTC_TIMESTAMP());

CREATE TABLE review_reminder (
	region_code CHAR(6) NOT NULL COMMENT 'the bureau reminded: a county, a city or 320000 (the province), by the region its reviewers hold',
	day DATE NOT NULL COMMENT 'the Beijing (UTC+8) day of the reminder: one a bureau a day at most',
	overdue INT UNSIGNED NOT NULL COMMENT 'filings waiting at the bureau past their deadline then',
	due_soon INT UNSIGNED NOT NULL COMMENT 'filings waiting at the bureau with their deadline within the next days (lib/deadline.h DEADLINE_SOON_DAYS)',
	sms INT UNSIGNED NOT NULL COMMENT 'messages queued in sms_outbox: one a reviewer of the bureau with a mobile',
	sent_at DATETIME NOT NULL COMMENT 'when it was queued (UTC)',
	PRIMARY KEY (region_code, day),
	CONSTRAINT review_reminder_region_fk FOREIGN KEY (region_code) REFERENCES region (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the daily reminder SMS to bureaus with late or nearly late filings (sme-admin remind-reviewers): a second run the same day finds the row and sends nothing';
