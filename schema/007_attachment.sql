-- 007_attachment.sql - attachments of filings (附件): one row an uploaded
-- file in a slot of a filing, and one row a stored byte string, so that
-- identical bytes are kept once under storage_dir by their SHA-256
-- (lib/store.c) and removed when no attachment refers to them any more.

CREATE TABLE stored_file (
	sha256 CHAR(64) NOT NULL COMMENT 'hex SHA-256 of the bytes: the file name under storage_dir/<first two digits>/ (lib/store.c)',
	size BIGINT UNSIGNED NOT NULL COMMENT 'bytes',
	created_at DATETIME NOT NULL COMMENT 'when these bytes were first stored (UTC)',
	PRIMARY KEY (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin
  COMMENT='stored byte strings of attachments; uploads and deletions lock the row (FOR UPDATE) so the file on disk and the rows referring to it change together';

CREATE TABLE attachment (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key; the {id} of /files/{id} and /upload/{id}/delete',
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the filing it belongs to',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise owning the filing (copied so scope checks need no join)',
	slot VARCHAR(32) CHARACTER SET ascii NOT NULL COMMENT 'slot key of the filing kind (lib/slot.c), e.g. licence, audit, tax',
	name VARCHAR(255) NOT NULL COMMENT 'the client''s file name cleaned for display and Content-Disposition only (no path, no control characters, at most 200 characters); never used on disk',
	size BIGINT UNSIGNED NOT NULL COMMENT 'bytes (at most upload_max_bytes, 50 MiB)',
	type VARCHAR(8) CHARACTER SET ascii NOT NULL COMMENT 'type judged from the bytes by lib/sniff.c: jpg, png, pdf, doc, docx, xls, xlsx, rar',
	sha256 CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'hex SHA-256 of the bytes: the stored_file row and the file under storage_dir',
	uploaded_by BIGINT UNSIGNED NOT NULL COMMENT 'account that uploaded it',
	created_at DATETIME NOT NULL COMMENT 'upload time (UTC)',
	PRIMARY KEY (id),
	KEY attachment_filing (filing_id, slot, id),
	KEY attachment_sha256 (sha256),
	CONSTRAINT attachment_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id),
	CONSTRAINT attachment_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT attachment_file_fk FOREIGN KEY (sha256) REFERENCES stored_file (sha256)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='files uploaded into the attachment slots of a filing; deleted only while the filing is draft or returned';
