-- 018_submission_files.sql - the attachments of a filing as they stood at each submission,
-- so the reviewer's history shows files added, replaced and removed between two
-- submissions, not only changed fields. NULL for submissions made before this column.
ALTER TABLE filing_submission
  ADD COLUMN attachments MEDIUMTEXT NULL COMMENT 'JSON array [{slot, name, sha256}] of the filing''s attachments at submission (lib/filing.c), in slot and upload order; NULL if not recorded (older submissions)';
