-- 062_filing_region.sql - the county and city of each filing, copied from its enterprise
-- (enterprise.region_code and that county's region.parent_code) and kept by triggers,
-- so that a county's or a city's review queue (GET /review) reads its own filings in
-- waiting order straight from an index instead of walking the whole province's queue
-- and dropping the other regions' rows (issue 20: at 100,000 filings a county's queue
-- read some 2,300 filings and their enterprises for its 20 rows). Triggers rather than
-- code: whoever inserts a filing or moves an enterprise to another county (the region
-- correction, tools, SQL), the copy follows. The queue still checks the reviewer's
-- scope on the enterprise itself (lib/scope.h); these columns only choose the index.

ALTER TABLE filing
	ADD COLUMN region_code CHAR(6) NOT NULL DEFAULT '' COMMENT 'the county of the filing''s enterprise (enterprise.region_code), kept by triggers of 062_filing_region.sql',
	ADD COLUMN city_code CHAR(6) NOT NULL DEFAULT '' COMMENT 'that county''s city (region.parent_code of region_code), kept by the same triggers';

UPDATE filing f JOIN enterprise e ON e.id = f.enterprise_id
  LEFT JOIN region r ON r.code = e.region_code
  SET f.region_code = e.region_code, f.city_code = COALESCE(r.parent_code, '');

-- A county's queue in one state (its default view) and all its submitted filings (a
-- city filtering by county, status "all"), each in waiting order; a city's queue in one
-- state. The province's queue keeps filing_queue (state, submitted_at, id).
ALTER TABLE filing
	ADD KEY filing_county_queue (region_code, state, submitted_at, id),
	ADD KEY filing_county_waiting (region_code, submitted_at, id),
	ADD KEY filing_city_queue (city_code, state, submitted_at, id);

DELIMITER //
CREATE TRIGGER filing_region_insert BEFORE INSERT ON filing FOR EACH ROW
BEGIN
	SET NEW.region_code = COALESCE((SELECT region_code FROM enterprise WHERE id = NEW.enterprise_id), '');
	SET NEW.city_code = COALESCE((SELECT parent_code FROM region WHERE code = NEW.region_code), '');
END//

-- A filing is never given to another enterprise by the platform; if a tool does, its
-- region follows.
CREATE TRIGGER filing_region_update BEFORE UPDATE ON filing FOR EACH ROW
BEGIN
	IF NOT (OLD.enterprise_id <=> NEW.enterprise_id) THEN
		SET NEW.region_code = COALESCE((SELECT region_code FROM enterprise WHERE id = NEW.enterprise_id), '');
		SET NEW.city_code = COALESCE((SELECT parent_code FROM region WHERE code = NEW.region_code), '');
	END IF;
END//

-- An enterprise moved to another county takes its filings along (filing_stat_update
-- does not fire on it: neither state, year, kind nor enterprise_id changes).
CREATE TRIGGER filing_region_enterprise_move AFTER UPDATE ON enterprise FOR EACH ROW
BEGIN
	IF NOT (OLD.region_code <=> NEW.region_code) THEN
		UPDATE filing SET region_code = NEW.region_code,
		  city_code = COALESCE((SELECT parent_code FROM region WHERE code = NEW.region_code), '')
		  WHERE enterprise_id = NEW.id;
	END IF;
END//
DELIMITER ;
