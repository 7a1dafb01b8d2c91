-- 038_enterprise_gram.sql - the name search of the review queue through an index of
-- character pairs and triples (issue 20): every two (bigram) and every three (trigram)
-- consecutive characters of each enterprise's name, kept by triggers on enterprise
-- whatever code writes the name. A search for part of a name (GET /review?q=...)
-- takes the trigrams of what was typed (its bigram when it is two characters long;
-- lib/namegram.c), finds the enterprises holding all of them through this index, the
-- rarest first, and checks the name itself with LIKE; instead of LIKE '%...%' over
-- every enterprise. Chinese has no spaces to split words at, and MariaDB's InnoDB
-- FULLTEXT has no ngram parser (MySQL 8's has). The collation compares as
-- enterprise.name's does (case-insensitive), without padding, so that a gram ending
-- in a space is its own key. One index only (the primary key, by gram): the triggers
-- delete an old name's grams by recomputing them.

CREATE TABLE enterprise_gram (
	gram VARCHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_nopad_ci NOT NULL COMMENT 'two or three consecutive characters of the name (SUBSTRING(name, i, 2) and SUBSTRING(name, i, 3))',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise (enterprise.id); rows go with the enterprise by trigger',
	PRIMARY KEY (gram, enterprise_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='bigrams and trigrams of enterprise names, kept by triggers on enterprise; the review queue''s name search (lib/namegram.c)';

DELIMITER //
CREATE PROCEDURE enterprise_gram_put(IN p_id BIGINT UNSIGNED, IN p_name VARCHAR(200), IN p_add TINYINT)
  COMMENT 'insert (p_add = 1) or delete (0) the bigrams and trigrams of name p_name of enterprise p_id'
BEGIN
	DECLARE i INT DEFAULT 1;
	DECLARE n INT DEFAULT CHAR_LENGTH(p_name);
	WHILE i < n DO
		IF p_add THEN
			INSERT IGNORE INTO enterprise_gram (gram, enterprise_id)
			  VALUES (SUBSTRING(p_name, i, 2), p_id);
			IF i + 1 < n THEN
				INSERT IGNORE INTO enterprise_gram (gram, enterprise_id)
				  VALUES (SUBSTRING(p_name, i, 3), p_id);
			END IF;
		ELSE
			DELETE FROM enterprise_gram WHERE enterprise_id = p_id
			  AND gram IN (SUBSTRING(p_name, i, 2) COLLATE utf8mb4_unicode_nopad_ci,
			  SUBSTRING(p_name, i, 3) COLLATE utf8mb4_unicode_nopad_ci);
		END IF;
		SET i = i + 1;
	END WHILE;
END//

CREATE TRIGGER enterprise_gram_insert AFTER INSERT ON enterprise FOR EACH ROW
BEGIN
	CALL enterprise_gram_put(NEW.id, NEW.name, 1);
END//

CREATE TRIGGER enterprise_gram_update AFTER UPDATE ON enterprise FOR EACH ROW
BEGIN
	IF NOT (OLD.name <=> NEW.name) THEN
		CALL enterprise_gram_put(OLD.id, OLD.name, 0);
		CALL enterprise_gram_put(NEW.id, NEW.name, 1);
	END IF;
END//

CREATE TRIGGER enterprise_gram_delete AFTER DELETE ON enterprise FOR EACH ROW
BEGIN
	CALL enterprise_gram_put(OLD.id, OLD.name, 0);
END//

-- Once, by this migration: the grams of every enterprise already stored.
CREATE PROCEDURE enterprise_gram_fill()
BEGIN
	DECLARE i INT DEFAULT 1;
	DECLARE m INT DEFAULT (SELECT COALESCE(MAX(CHAR_LENGTH(name)), 0) FROM enterprise);
	WHILE i < m DO
		INSERT IGNORE INTO enterprise_gram (gram, enterprise_id)
		  SELECT SUBSTRING(name, i, 2), id FROM enterprise WHERE CHAR_LENGTH(name) > i;
		INSERT IGNORE INTO enterprise_gram (gram, enterprise_id)
		  SELECT SUBSTRING(name, i, 3), id FROM enterprise WHERE CHAR_LENGTH(name) > i + 1;
		SET i = i + 1;
	END WHILE;
END//
DELIMITER ;
CALL enterprise_gram_fill();
DROP PROCEDURE enterprise_gram_fill;
