-- 020_filing_withdraw.sql - what the enterprise's filing pages add (issue 14):
-- a submission may be withdrawn (撤回) back to draft until a reviewer of its
-- first level has opened it; each section's last save time for "已于 HH:MM 保存".
-- lib/filing.c writes all three (filing_withdraw, filing_mark_opened, filing_save).

ALTER TABLE filing
  ADD COLUMN opened_at DATETIME NULL COMMENT 'when a reviewer of the level it waits at first opened the current submission (UTC; GET /review/{id}); NULL while nobody has, when the enterprise may still withdraw it; cleared by each submission';

ALTER TABLE filing_event
  MODIFY action ENUM('submit','approve','return','withdraw') NOT NULL COMMENT 'submit, approve (审核通过), return (退回) or withdraw (撤回 by the enterprise before a reviewer opened it: back to draft)';

ALTER TABLE filing_section
  ADD COLUMN saved_at DATETIME NULL COMMENT 'when the section was last saved (UTC); NULL for rows made before this column';
