-- 006_filing.sql - filings (入库申报, 数据更新, certification applications): the
-- filing itself, what the enterprise typed (one row a form field), each
-- submission frozen as a snapshot, and every state change.
-- Field names and sections are lib/form.c's; states and transitions lib/flow.c's.

CREATE TABLE filing (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key; the {id} of /filing/{id}/...',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise filing',
	kind ENUM('entry','update','product','giant-mfg','giant-innov','recheck') NOT NULL COMMENT 'entry 新增入库, update 数据更新, product 专精特新产品, giant-mfg 小巨人制造类, giant-innov 小巨人创新类, recheck 复核认定',
	class ENUM('mfg','innov') NULL COMMENT 'library class 制造类 (mfg) or 创新类 (innov) for entry and update; NULL for certification kinds',
	level ENUM('province','local') NULL COMMENT 'certification level 省级 (province) or 市县 (local); NULL for entry and update',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'filing year (the window it was opened in); figures are of the years before it',
	subject VARCHAR(200) NULL COMMENT 'what is applied for when the kind names a thing: the product name of a product filing; fixed at creation',
	state ENUM('draft','county','city','province','accepted','returned') NOT NULL DEFAULT 'draft' COMMENT 'draft (being filled), county/city/province (waiting at that level of its chain), accepted (chain done: in the library, or certified), returned (back to the enterprise, see return_reason)',
	return_reason VARCHAR(1000) NULL COMMENT 'the reviewer''s words when the filing was last returned, verbatim; NULL unless returned',
	version INT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'optimistic lock: every save, submit and review action checks and increments it',
	submissions INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'how many times it was submitted (filing_submission rows)',
	created_at DATETIME NOT NULL COMMENT 'when the filing was started (UTC)',
	updated_at DATETIME NOT NULL COMMENT 'last save or state change (UTC)',
	submitted_at DATETIME NULL COMMENT 'last submission (UTC); the queue''s waiting time counts from it',
	PRIMARY KEY (id),
	KEY filing_enterprise (enterprise_id, kind, year),
	KEY filing_queue (state, submitted_at, id),
	KEY filing_year_kind (year, kind, state),
	CONSTRAINT filing_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='one filing of an enterprise: a library entry, a yearly update or a certification application';

CREATE TABLE filing_value (
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the filing',
	name VARCHAR(64) NOT NULL COMMENT 'form field name as lib/form.c and HTTP.md name it, e.g. revenue_2022, assets_total, chains',
	value TEXT NOT NULL COMMENT 'the value as the user typed it after trimming (amounts in 万元 as decimal text); an empty field has no row',
	PRIMARY KEY (filing_id, name),
	CONSTRAINT filing_value_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the current values of a filing''s form fields, one row a field; a section save replaces its fields in one transaction';

CREATE TABLE filing_submission (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the filing submitted',
	seq INT UNSIGNED NOT NULL COMMENT '1 for the first submission, 2 for the resubmission after a return, ...',
	submitted_at DATETIME NOT NULL COMMENT 'time of submission (UTC)',
	submitted_by BIGINT UNSIGNED NOT NULL COMMENT 'account that submitted',
	snapshot MEDIUMTEXT NOT NULL COMMENT 'JSON object of every field name to its value at submission; what the reviewer saw; never changed',
	PRIMARY KEY (id),
	UNIQUE KEY filing_submission_seq (filing_id, seq),
	CONSTRAINT filing_submission_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='every submission of a filing, frozen, so reviewers can see what changed between two';

CREATE TABLE filing_event (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key, in order',
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the filing',
	at DATETIME NOT NULL COMMENT 'when (UTC)',
	actor_id BIGINT UNSIGNED NOT NULL COMMENT 'account that acted: the enterprise (submit) or a reviewer',
	action ENUM('submit','approve','return') NOT NULL COMMENT 'submit, approve (审核通过) or return (退回)',
	from_state VARCHAR(16) NOT NULL COMMENT 'filing.state before',
	to_state VARCHAR(16) NOT NULL COMMENT 'filing.state after',
	reason VARCHAR(1000) NULL COMMENT 'return reason, verbatim; NULL for other actions',
	PRIMARY KEY (id),
	KEY filing_event_filing (filing_id, id),
	CONSTRAINT filing_event_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the decisions on a filing, shown to the enterprise and the reviewers; the audit table holds the same with addresses';

DELIMITER //
CREATE TRIGGER filing_event_no_update BEFORE UPDATE ON filing_event FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'filing_event is append-only: UPDATE refused';
END//
CREATE TRIGGER filing_event_no_delete BEFORE DELETE ON filing_event FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'filing_event is append-only: DELETE refused';
END//
DELIMITER ;
