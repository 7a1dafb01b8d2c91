-- 057_ministry_update.sql - the Ministry's yearly update (seed 002: "国家专精特新'小巨人'
-- 企业需于3月1日-4月30日同步在工信部优质中小企业梯度培育平台上进行年度信息更新"): titles
-- may be national (国家级 小巨人, imported by the province), and sme-admin
-- remind-ministry records each reminder it queued so an enterprise gets each one once a
-- year.

ALTER TABLE title
	MODIFY level ENUM('province','local','national') NOT NULL COMMENT 'level of the title: 省级 (province), 市县 (local) or 国家级 (national: the Ministry''s 小巨人, imported)';

CREATE TABLE ministry_reminder (
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'an enterprise holding a valid national 小巨人 title',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the year of the Ministry''s update',
	remind_on CHAR(5) NOT NULL COMMENT 'which reminder: its configured day MM-DD (ministry_remind_open, ministry_remind_close)',
	sms_id BIGINT UNSIGNED NULL COMMENT 'the sms_outbox row queued; NULL when the enterprise has no mobile',
	sent_at DATETIME NOT NULL COMMENT 'when it was queued (UTC)',
	PRIMARY KEY (enterprise_id, year, remind_on),
	CONSTRAINT ministry_reminder_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the Ministry-update reminders queued: one per enterprise, year and reminder day';
