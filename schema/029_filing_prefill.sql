-- 029_filing_prefill.sql - which sections of a filing were filled from the enterprise's
-- latest accepted library filing when the filing was created (seed 002: "系统自动获取当前
-- 企业的已有信息"; lib/prefill.c). A row means "copied, not yet confirmed": the section page
-- says 已从…带入，请核对后保存; the first save of that section deletes the row (lib/filing.c).
CREATE TABLE filing_prefill (
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the new filing whose section was filled',
	section VARCHAR(16) CHARACTER SET ascii NOT NULL COMMENT 'section key of lib/form.c: basic, operations, rnd, titles, products',
	source_id BIGINT UNSIGNED NOT NULL COMMENT 'the accepted entry or update filing the values came from',
	PRIMARY KEY (filing_id, section),
	CONSTRAINT filing_prefill_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id) ON DELETE CASCADE,
	CONSTRAINT filing_prefill_source_fk FOREIGN KEY (source_id) REFERENCES filing (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='sections of a filing copied from the library and not yet saved by the enterprise';
