-- 037_filing_stat.sql - how many filings each county has in each state, per year and
-- kind, kept by triggers on filing (and on an enterprise moving county), so that the
-- statistics page (GET /review/stats) sums at most a few hundred rows instead of
-- scanning every filing of the year (issue 20). Triggers rather than code: every
-- writer of filing.state (submit, decisions, returns, a batch, tools) is counted
-- wherever it lives. Each trigger touches the rows of one county; of two rows the
-- one of the smaller state first, so two transactions never wait on each other's
-- rows in opposite orders.

CREATE TABLE filing_stat (
	region_code CHAR(6) NOT NULL COMMENT 'the county of the filing''s enterprise (enterprise.region_code)',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'filing.year',
	kind VARCHAR(16) NOT NULL COMMENT 'filing.kind',
	state VARCHAR(16) NOT NULL COMMENT 'filing.state',
	n INT NOT NULL COMMENT 'filings of that county, year and kind in that state now',
	PRIMARY KEY (year, kind, region_code, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='counts of filings by county, year, kind and state, maintained by triggers on filing and enterprise; read by the statistics page';

INSERT INTO filing_stat (region_code, year, kind, state, n)
  SELECT e.region_code, f.year, f.kind, f.state, COUNT(*)
  FROM filing f JOIN enterprise e ON e.id = f.enterprise_id
  GROUP BY e.region_code, f.year, f.kind, f.state;

DELIMITER //
CREATE PROCEDURE filing_stat_add(IN p_region CHAR(6), IN p_year INT, IN p_kind VARCHAR(16),
    IN p_state VARCHAR(16), IN p_n INT)
  COMMENT 'add p_n (may be negative) to one count of filing_stat'
BEGIN
	INSERT INTO filing_stat (region_code, year, kind, state, n)
	  VALUES (p_region, p_year, p_kind, p_state, p_n)
	  ON DUPLICATE KEY UPDATE n = n + p_n;
END//

CREATE TRIGGER filing_stat_insert AFTER INSERT ON filing FOR EACH ROW
BEGIN
	CALL filing_stat_add((SELECT region_code FROM enterprise WHERE id = NEW.enterprise_id),
	  NEW.year, NEW.kind, NEW.state, 1);
END//

CREATE TRIGGER filing_stat_update AFTER UPDATE ON filing FOR EACH ROW
BEGIN
	DECLARE r_old, r_new CHAR(6);
	IF NOT (OLD.state <=> NEW.state AND OLD.year <=> NEW.year AND OLD.kind <=> NEW.kind
	    AND OLD.enterprise_id <=> NEW.enterprise_id) THEN
		SET r_old = (SELECT region_code FROM enterprise WHERE id = OLD.enterprise_id);
		SET r_new = (SELECT region_code FROM enterprise WHERE id = NEW.enterprise_id);
		IF CONCAT(r_old, OLD.state) <= CONCAT(r_new, NEW.state) THEN
			CALL filing_stat_add(r_old, OLD.year, OLD.kind, OLD.state, -1);
			CALL filing_stat_add(r_new, NEW.year, NEW.kind, NEW.state, 1);
		ELSE
			CALL filing_stat_add(r_new, NEW.year, NEW.kind, NEW.state, 1);
			CALL filing_stat_add(r_old, OLD.year, OLD.kind, OLD.state, -1);
		END IF;
	END IF;
END//

CREATE TRIGGER filing_stat_delete AFTER DELETE ON filing FOR EACH ROW
BEGIN
	CALL filing_stat_add((SELECT region_code FROM enterprise WHERE id = OLD.enterprise_id),
	  OLD.year, OLD.kind, OLD.state, -1);
END//

-- An enterprise moved to another county takes its filings' counts along.
CREATE TRIGGER filing_stat_enterprise_move AFTER UPDATE ON enterprise FOR EACH ROW
BEGIN
	IF OLD.region_code <> NEW.region_code THEN
		INSERT INTO filing_stat (region_code, year, kind, state, n)
		  SELECT OLD.region_code, f.year, f.kind, f.state, -COUNT(*) FROM filing f
		  WHERE f.enterprise_id = NEW.id GROUP BY f.year, f.kind, f.state
		  ON DUPLICATE KEY UPDATE n = filing_stat.n + VALUES(n);
		INSERT INTO filing_stat (region_code, year, kind, state, n)
		  SELECT NEW.region_code, f.year, f.kind, f.state, COUNT(*) FROM filing f
		  WHERE f.enterprise_id = NEW.id GROUP BY f.year, f.kind, f.state
		  ON DUPLICATE KEY UPDATE n = filing_stat.n + VALUES(n);
	END IF;
END//
DELIMITER ;
