-- 055_evaluation_process.sql - the innovative-SME evaluation as the seeds' process
-- (seed 002: "县…设区市工信部门…审核确认…按程序公示公告名单…4月15日前报省工信厅"): a
-- county scores and proposes its list, its city confirms it (or returns it to the
-- county), the list is on public notice (公示) for a period with its dates shown on
-- /evaluation/public/{id}, then the city publishes it; a published list of a city or
-- its counties is the city's report to the province (the province's view /evaluation/
-- reports lists which cities reported, with dates). lib/evaluation.c moves the states.

ALTER TABLE evaluation_run
	MODIFY state ENUM('draft','proposed','returned','notice','published') NOT NULL DEFAULT 'draft'
	  COMMENT 'draft (computed; its region reviews it), proposed (a county''s list waiting for its city to confirm), returned (the city sent it back to the county: return_reason), notice (confirmed, on public notice 公示 from notice_opens to notice_closes; the public page shows it with the dates), published (公示 over and published: the public list, and reported to the province)',
	ADD COLUMN proposed_by BIGINT UNSIGNED NULL COMMENT 'county reviewer who proposed the list to the city; NULL for a city''s or the province''s own run' AFTER published_at,
	ADD COLUMN proposed_at DATETIME NULL COMMENT 'when it was last proposed (UTC)' AFTER proposed_by,
	ADD COLUMN return_reason VARCHAR(500) NULL COMMENT 'why the city returned it to the county (the last return); shown to the county' AFTER proposed_at,
	ADD COLUMN confirmed_by BIGINT UNSIGNED NULL COMMENT 'city (or province) reviewer who confirmed it and opened the public notice' AFTER return_reason,
	ADD COLUMN confirmed_at DATETIME NULL COMMENT 'when it was confirmed (UTC)' AFTER confirmed_by,
	ADD COLUMN notice_opens DATE NULL COMMENT 'first day of the public notice 公示 (China Standard Time); NULL before confirmation' AFTER confirmed_at,
	ADD COLUMN notice_closes DATE NULL COMMENT 'last day of the public notice, inclusive; the list may be published from this day on' AFTER notice_opens,
	ADD CONSTRAINT evaluation_run_proposed_by_fk FOREIGN KEY (proposed_by) REFERENCES account (id),
	ADD CONSTRAINT evaluation_run_confirmed_by_fk FOREIGN KEY (confirmed_by) REFERENCES account (id),
	ADD CONSTRAINT evaluation_run_notice_ck CHECK (notice_closes IS NULL OR notice_closes >= notice_opens);
