-- 012_filing_section.sql - a version per section of a filing, so that two
-- pages of one filing open at once (basic in one tab, operations in another)
-- do not refuse each other's saves; a save is still refused when someone
-- saved the same section since the page was loaded.

CREATE TABLE filing_section (
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the filing',
	section VARCHAR(32) NOT NULL COMMENT 'section key as lib/form.c names it: basic, products, operations, ...',
	version INT UNSIGNED NOT NULL COMMENT 'saves of this section so far; a save names the version its page showed (0 when never saved)',
	PRIMARY KEY (filing_id, section),
	CONSTRAINT filing_section_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the optimistic lock of each section of a filing (filing.version still counts every change of the whole)';
