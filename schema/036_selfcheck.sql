-- 036_selfcheck.sql - the self-check stored with each filing (issue 20), so that a
-- section page and the review queue read it with the row they load instead of
-- evaluating every scheme on every page.
--
-- lib/selfcheck.c computes a filing's counts (lib/assess.c: the rules of the
-- pass schemes that apply, met / unmet / evidence / unknown) whenever its
-- facts may have changed: in the transaction of a section save, of a
-- submission and of the filing's creation (lib/filing.c). A stored row is
-- good while scheme_generation.gen and the enterprise's region are the ones
-- it was computed for; otherwise a reader computes it again (and stores it).
-- The full assessment page (GET /filing/{id}/assessment) always computes live.

CREATE TABLE scheme_generation (
	id TINYINT UNSIGNED NOT NULL COMMENT 'always 1: a single row',
	gen BIGINT UNSIGNED NOT NULL COMMENT 'incremented by the triggers below on every change of a scheme, its rules, bands or areas (sme-admin scheme-import, migrations)',
	PRIMARY KEY (id),
	CONSTRAINT scheme_generation_one CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the generation of the criteria schemes: a stored self-check (filing_check) computed at another generation is stale';
INSERT INTO scheme_generation (id, gen) VALUES (1, 1);

CREATE TABLE filing_check (
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the filing',
	gen BIGINT UNSIGNED NOT NULL COMMENT 'scheme_generation.gen when computed; stale when it differs',
	region_code CHAR(6) NOT NULL COMMENT 'the enterprise''s region it was computed for (schemes apply by region); stale when it differs',
	schemes SMALLINT UNSIGNED NOT NULL COMMENT 'schemes that apply to the filing (0: no self-check to show)',
	met SMALLINT UNSIGNED NOT NULL COMMENT 'rules of the pass schemes the saved figures meet (已满足)',
	unmet SMALLINT UNSIGNED NOT NULL COMMENT 'rules they do not meet (未满足)',
	evidence SMALLINT UNSIGNED NOT NULL COMMENT 'rules needing a document (需提供证明)',
	unknown SMALLINT UNSIGNED NOT NULL COMMENT 'rules whose figures are missing (数据不全)',
	computed_at DATETIME NOT NULL COMMENT 'when (UTC)',
	PRIMARY KEY (filing_id),
	CONSTRAINT filing_check_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the self-check (对标自查) counts of each filing as last computed from its saved values; see lib/selfcheck.c';

DELIMITER //
CREATE TRIGGER scheme_gen_insert AFTER INSERT ON scheme FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_gen_update AFTER UPDATE ON scheme FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_gen_delete AFTER DELETE ON scheme FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_rule_gen_insert AFTER INSERT ON scheme_rule FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_rule_gen_update AFTER UPDATE ON scheme_rule FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_rule_gen_delete AFTER DELETE ON scheme_rule FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_band_gen_insert AFTER INSERT ON scheme_band FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_band_gen_update AFTER UPDATE ON scheme_band FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_band_gen_delete AFTER DELETE ON scheme_band FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_area_gen_insert AFTER INSERT ON scheme_area FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_area_gen_update AFTER UPDATE ON scheme_area FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
CREATE TRIGGER scheme_area_gen_delete AFTER DELETE ON scheme_area FOR EACH ROW
	UPDATE scheme_generation SET gen = gen + 1 WHERE id = 1//
DELIMITER ;
