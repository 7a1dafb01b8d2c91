-- 056_local_titles.sql - 市县 titles and local libraries (seed 004 认定级别 "市县";
-- seed 003: 金湖县's own 培育库 and criteria, 附件2/附件5). A certification filing at
-- level local is reviewed by its county and decided by its city (or by its county
-- alone where the city delegates: local_title_setting), never by the province; the
-- deciding region publishes it for public notice and grants the title
-- (publication.region_code). A city or county keeps its own library list beside the
-- province's (local_library). Their schemes are scheme rows of tier city/county
-- (schema/data/schemes.txt: jinhu-entry-*, ha-*).

ALTER TABLE publication
	ADD COLUMN region_code CHAR(6) NOT NULL DEFAULT '320000' COMMENT 'who published and grants the list: 320000 (the province) for 省级 lists; the city, or the county its city delegates to, for 市县 lists; only that region''s reviewers see and grant it' AFTER level,
	ADD KEY publication_region (region_code, id),
	ADD CONSTRAINT publication_region_fk FOREIGN KEY (region_code) REFERENCES region (code);

CREATE TABLE local_title_setting (
	city_code CHAR(6) NOT NULL COMMENT 'a city (region.level city)',
	county_decides TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1: the city delegates its 市县 titles to its counties (a county decides, publishes and grants its enterprises'' 市县 filings, the city never sees them in its queue); 0 (default, also when no row): the city decides',
	updated_by BIGINT UNSIGNED NOT NULL COMMENT 'the city reviewer who set it',
	updated_at DATETIME NOT NULL COMMENT 'when it was set (UTC)',
	PRIMARY KEY (city_code),
	CONSTRAINT local_title_setting_city_fk FOREIGN KEY (city_code) REFERENCES region (code),
	CONSTRAINT local_title_setting_by_fk FOREIGN KEY (updated_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='per city: who decides 市县 titles, the city or its counties';

CREATE TABLE local_library (
	region_code CHAR(6) NOT NULL COMMENT 'the city or county whose own library (e.g. 金湖县培育库) lists the enterprise',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'an enterprise of that region',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'year it entered the local library',
	note VARCHAR(200) NULL COMMENT 'the bureau''s note, e.g. the document that listed it',
	added_by BIGINT UNSIGNED NOT NULL COMMENT 'reviewer who listed it',
	added_at DATETIME NOT NULL COMMENT 'when (UTC)',
	PRIMARY KEY (region_code, enterprise_id),
	KEY local_library_enterprise (enterprise_id),
	CONSTRAINT local_library_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
	CONSTRAINT local_library_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT local_library_by_fk FOREIGN KEY (added_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='a city''s or county''s own cultivation library, beside the province''s (enterprise.in_library)';
