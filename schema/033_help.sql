-- 033_help.sql - 在线咨询 (consultation threads between an enterprise and its
-- bureau or technical support), the public FAQ (常见问题), notices (通知公告)
-- and each region's contact phones (handlers/sme-help.c; lib/consult.c,
-- lib/faq.c, lib/notice.c, lib/contact.c). Seed 004 §4 and seed 002.

-- Technical support (技术支持, seed 002/004: 025-52686656) answers technical
-- questions (login, upload, SMS) from any region; it sees no filing figures.
ALTER TABLE account MODIFY role ENUM('enterprise','county','city','province','support') NOT NULL
  COMMENT 'enterprise user, county or city reviewer, province admin, technical support (region 320000)';

CREATE TABLE consult_thread (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise that asked; only it and reviewers covering its county see the thread',
	account_id BIGINT UNSIGNED NOT NULL COMMENT 'the account that asked',
	subject VARCHAR(100) NOT NULL COMMENT 'the question in a line',
	topic ENUM('filing','tech') NOT NULL COMMENT 'filing 申报业务 (goes to the bureau), tech 技术问题 (login, upload, SMS: goes to support)',
	filing_id BIGINT UNSIGNED NULL COMMENT 'the filing the question is about, when tied to one (the enterprise''s own)',
	section VARCHAR(32) NULL COMMENT 'the section of that filing (basic, operations...), kept as a link',
	handler ENUM('county','city','province','support') NOT NULL COMMENT 'who answers now: the enterprise''s county, its city, the province, or technical support',
	handler_region CHAR(6) NOT NULL COMMENT 'the region of the answering bureau (320000 for province and support)',
	state ENUM('waiting','answered','solved') NOT NULL DEFAULT 'waiting' COMMENT '待回复 / 已回复 / 已解决',
	waiting_since DATETIME NULL COMMENT 'when the enterprise last wrote while unanswered (UTC); NULL unless waiting',
	created_at DATETIME NOT NULL COMMENT 'when asked (UTC)',
	updated_at DATETIME NOT NULL COMMENT 'time of the last message or change (UTC)',
	PRIMARY KEY (id),
	KEY consult_thread_enterprise (enterprise_id, id),
	KEY consult_thread_queue (handler, handler_region, state, waiting_since),
	CONSTRAINT consult_thread_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT consult_thread_account_fk FOREIGN KEY (account_id) REFERENCES account (id),
	CONSTRAINT consult_thread_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id),
	CONSTRAINT consult_thread_region_fk FOREIGN KEY (handler_region) REFERENCES region (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='在线咨询: an enterprise''s question and who answers it (seed 004 §4)';

CREATE TABLE consult_message (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	thread_id BIGINT UNSIGNED NOT NULL COMMENT 'the thread',
	account_id BIGINT UNSIGNED NOT NULL COMMENT 'who wrote it',
	kind ENUM('question','answer','handover','solved') NOT NULL COMMENT 'question (the enterprise), answer (a bureau or support), handover (handed to another level; body says to whom), solved (marked solved)',
	body TEXT NOT NULL COMMENT 'plain text as typed; shown escaped',
	attachment_sha CHAR(64) NULL COMMENT 'SHA-256 of an attached file in the store (lib/store.c), checked by lib/sniff.c',
	attachment_name VARCHAR(200) NULL COMMENT 'the attached file''s name as sent',
	attachment_type VARCHAR(100) NULL COMMENT 'its media type as judged by sniffing',
	created_at DATETIME NOT NULL COMMENT 'when written (UTC)',
	PRIMARY KEY (id),
	KEY consult_message_thread (thread_id, id),
	CONSTRAINT consult_message_thread_fk FOREIGN KEY (thread_id) REFERENCES consult_thread (id),
	CONSTRAINT consult_message_account_fk FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the messages of a consultation thread, oldest first';

CREATE TABLE consult_reply (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	owner_role ENUM('county','city','province','support') NOT NULL COMMENT 'the bureau (or support) whose reviewers share the reply',
	owner_region CHAR(6) NOT NULL COMMENT 'its region',
	title VARCHAR(60) NOT NULL COMMENT 'a short name to pick it by',
	body TEXT NOT NULL COMMENT 'the reply text',
	created_by BIGINT UNSIGNED NOT NULL COMMENT 'the account that saved it',
	created_at DATETIME NOT NULL COMMENT 'when saved (UTC)',
	PRIMARY KEY (id),
	KEY consult_reply_owner (owner_role, owner_region),
	CONSTRAINT consult_reply_account_fk FOREIGN KEY (created_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='reusable answers (常用回复) a bureau saved from its answers';

CREATE TABLE faq (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	topic ENUM('account','filing','upload','criteria','other') NOT NULL COMMENT 'group: 注册与登录, 填报与提交, 附件与上传, 认定与条件, 其他',
	question VARCHAR(300) NOT NULL COMMENT 'the question, without any enterprise''s name',
	answer TEXT NOT NULL COMMENT 'the answer (plain text)',
	thread_id BIGINT UNSIGNED NULL COMMENT 'the consultation it was published from; NULL for the seeded entries',
	published_by BIGINT UNSIGNED NULL COMMENT 'the reviewer who published it; NULL for the seeded entries',
	created_at DATETIME NOT NULL COMMENT 'when published (UTC)',
	PRIMARY KEY (id),
	UNIQUE KEY faq_thread (thread_id),
	KEY faq_topic (topic, id),
	CONSTRAINT faq_thread_fk FOREIGN KEY (thread_id) REFERENCES consult_thread (id),
	CONSTRAINT faq_account_fk FOREIGN KEY (published_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='常见问题: public questions and answers, grouped by topic (seeds 002 and 004, and published consultations)';

CREATE TABLE notice (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	region_code CHAR(6) NOT NULL COMMENT 'the issuing bureau''s region (320000 the province); audiences enterprise and reviewer are limited to it',
	title VARCHAR(150) NOT NULL COMMENT 'the heading',
	body MEDIUMTEXT NOT NULL COMMENT 'HTML already passed through lib/sanitize.c (an allow-list: no script, no event attributes)',
	audience ENUM('public','enterprise','reviewer') NOT NULL COMMENT 'public (anyone, no login), enterprise (enterprises of the region), reviewer (reviewers of the region)',
	publish_on DATE NOT NULL COMMENT 'shown from this date (China time)',
	expires_on DATE NULL COMMENT 'shown on home pages until this date inclusive; NULL = no end; always kept in the archive',
	window_id INT UNSIGNED NULL COMMENT 'the filing window the notice announces, if any',
	created_by BIGINT UNSIGNED NOT NULL COMMENT 'the reviewer who published it',
	created_at DATETIME NOT NULL COMMENT 'when written (UTC)',
	PRIMARY KEY (id),
	KEY notice_publish (publish_on, id),
	KEY notice_window (window_id),
	CONSTRAINT notice_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
	CONSTRAINT notice_window_fk FOREIGN KEY (window_id) REFERENCES filing_window (id),
	CONSTRAINT notice_account_fk FOREIGN KEY (created_by) REFERENCES account (id),
	CONSTRAINT notice_dates_ck CHECK (expires_on IS NULL OR expires_on >= publish_on)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='通知公告 published by the province, a city or a county (seeds 000 and 002 are such notices)';

CREATE TABLE notice_file (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	notice_id BIGINT UNSIGNED NOT NULL COMMENT 'the notice',
	sha256 CHAR(64) NOT NULL COMMENT 'the stored bytes (lib/store.c), judged by lib/sniff.c',
	filename VARCHAR(200) NOT NULL COMMENT 'the name as sent',
	media_type VARCHAR(100) NOT NULL COMMENT 'media type from the sniffed kind',
	PRIMARY KEY (id),
	KEY notice_file_notice (notice_id),
	CONSTRAINT notice_file_notice_fk FOREIGN KEY (notice_id) REFERENCES notice (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='files attached to a notice (readable by whoever may read the notice)';

CREATE TABLE region_contact (
	id INT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	region_code CHAR(6) NOT NULL COMMENT 'the region (320000 for provincial offices and technical support)',
	office VARCHAR(60) NOT NULL COMMENT 'who answers: 省中小企业发展中心, 技术支持, 玄武区工信局...',
	purpose VARCHAR(60) NOT NULL DEFAULT '' COMMENT 'what to call them about: 业务咨询, 技术支持...',
	phone VARCHAR(80) NOT NULL COMMENT 'phone numbers as written (025-83780780)',
	hours VARCHAR(60) NOT NULL DEFAULT '' COMMENT 'office hours as written',
	sort SMALLINT NOT NULL DEFAULT 0 COMMENT 'order within the region',
	PRIMARY KEY (id),
	KEY region_contact_region (region_code, sort),
	CONSTRAINT region_contact_region_fk FOREIGN KEY (region_code) REFERENCES region (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='contact phones and hours of each region''s bureau (editable by its reviewers), shown on /help and enterprise home pages';

-- The province's contacts as seeds 002 and 004 give them.
INSERT INTO region_contact (region_code, office, purpose, phone, hours, sort) VALUES
 ('320000', '省中小企业发展中心', '业务咨询', '025-83780780', '', 1),
 ('320000', '省工信厅中小企业局', '业务咨询', '025-69652765、025-69652751', '', 2),
 ('320000', '技术支持', '注册、登录、上传、短信等技术问题', '025-52686656', '', 3);
