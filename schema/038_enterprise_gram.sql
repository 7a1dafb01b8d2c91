-- 038_enterprise_gram.sql - the name search of the review queue through an index of
-- character pairs (issue 20): every two consecutive characters (bigram) of each
-- enterprise's name, kept by triggers on enterprise whatever code writes the name.
-- A search for part of a name (GET /review?q=...) takes the bigrams of what was typed
-- (lib/namegram.c) and finds the enterprises holding all of them through this
-- index, then checks the name itself with LIKE; instead of LIKE '%...%' over every
-- enterprise. Chinese has no spaces to split words at, and MariaDB's InnoDB FULLTEXT
-- has no ngram parser (MySQL 8's); a bigram is the shortest part people search by.
-- The collation compares as enterprise.name's does (case-insensitive), without
-- padding, so that a pair ending in a space is its own key.

CREATE TABLE enterprise_gram (
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise',
	gram VARCHAR(2) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_nopad_ci NOT NULL COMMENT 'two consecutive characters of its name (SUBSTRING(name, i, 2))',
	PRIMARY KEY (enterprise_id, gram),
	KEY enterprise_gram_gram (gram),
	CONSTRAINT enterprise_gram_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='bigrams of enterprise names, kept by triggers on enterprise; the review queue''s name search (lib/namegram.c)';

DELIMITER //
CREATE PROCEDURE enterprise_gram_add(IN p_id BIGINT UNSIGNED, IN p_name VARCHAR(200))
  COMMENT 'insert the bigrams of name p_name for enterprise p_id'
BEGIN
	DECLARE i INT DEFAULT 1;
	DECLARE n INT DEFAULT CHAR_LENGTH(p_name);
	WHILE i < n DO
		INSERT IGNORE INTO enterprise_gram (enterprise_id, gram)
		  VALUES (p_id, SUBSTRING(p_name, i, 2));
		SET i = i + 1;
	END WHILE;
END//

CREATE TRIGGER enterprise_gram_insert AFTER INSERT ON enterprise FOR EACH ROW
BEGIN
	CALL enterprise_gram_add(NEW.id, NEW.name);
END//

CREATE TRIGGER enterprise_gram_update AFTER UPDATE ON enterprise FOR EACH ROW
BEGIN
	IF NOT (OLD.name <=> NEW.name) THEN
		DELETE FROM enterprise_gram WHERE enterprise_id = NEW.id;
		CALL enterprise_gram_add(NEW.id, NEW.name);
	END IF;
END//
DELIMITER ;

-- The enterprises there are.
DELIMITER //
CREATE PROCEDURE enterprise_gram_fill()
  COMMENT 'once, by this migration: the bigrams of every enterprise already stored'
BEGIN
	DECLARE i INT DEFAULT 1;
	DECLARE m INT DEFAULT (SELECT COALESCE(MAX(CHAR_LENGTH(name)), 0) FROM enterprise);
	WHILE i < m DO
		INSERT IGNORE INTO enterprise_gram (enterprise_id, gram)
		  SELECT id, SUBSTRING(name, i, 2) FROM enterprise WHERE CHAR_LENGTH(name) > i;
		SET i = i + 1;
	END WHILE;
END//
DELIMITER ;
CALL enterprise_gram_fill();
DROP PROCEDURE enterprise_gram_fill;
