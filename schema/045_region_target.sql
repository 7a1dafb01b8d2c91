-- 045_region_target.sql - targets at three levels (issue 17). city_target (008)
-- stays the province's allocation to each city (seed 000 附件2); region_target
-- holds what a region sets for itself or below it: the province's total
-- (全省入库企业目标数, region 320000, set by the province), a city's own
-- raised target (各市可根据实际自行增加: never below the province's figure,
-- lib/target.c checks) and each county's target (set by its city). The
-- statistics page (GET /review/stats) and the 通报 export roll them up
-- (lib/rollup.c): a city's raised figure wins over the province's.

CREATE TABLE region_target (
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the year the target is for, e.g. 2021',
	region_code CHAR(6) NOT NULL COMMENT 'GB/T 2260 code: 320000 for the province total, a city for its own raised target, a county for the target its city set',
	target INT UNSIGNED NULL COMMENT 'minimum library entries (新增入库, accepted) of the region that year; NULL when only local_target is recorded',
	local_target INT UNSIGNED NULL COMMENT 'the region''s own (县级/市级) cultivation library target it set itself, e.g. seed 003 金湖县 150; shown beside, not rolled up; NULL if none',
	updated_by BIGINT UNSIGNED NULL COMMENT 'reviewer account that last set it; NULL for rows of this migration',
	updated_at DATETIME NOT NULL COMMENT 'when it was last set (UTC)',
	PRIMARY KEY (year, region_code),
	CONSTRAINT region_target_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
	CONSTRAINT region_target_updated_by_fk FOREIGN KEY (updated_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='a region''s own yearly entry target: the province total, a city''s raised figure, a county''s (set by its city)';

-- Seed 000 附件2 备注: 今年全省入库企业目标数为1万家 (2021).
INSERT INTO region_target (year, region_code, target, updated_at) VALUES
(2021, '320000', 10000, UTC_TIMESTAMP());

-- Seed 003 (金政发〔2022〕33号, 2022-2024): 金湖县 (淮安市) 确保累计入库培育企业超150家
-- (its county library), 力争推动30家企业进入省级培育库; recorded against the
-- plan's first year.
INSERT INTO region_target (year, region_code, target, local_target, updated_at)
SELECT 2022, code, 30, 150, UTC_TIMESTAMP() FROM region WHERE code = '320831';

-- Titles granted in a year by region (the statistics' 认定称号 count) read
-- titles by their grant day.
ALTER TABLE title ADD KEY title_granted (granted_on, enterprise_id);
