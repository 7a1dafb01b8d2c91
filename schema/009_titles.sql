-- 009_titles.sql - certification titles (认定称号) and what decides them: the titles an
-- enterprise holds with their validity, the combination rules of seed 004's FAQ 7-10
-- as data rows (lib/combine.c reads them), and the lists the province publishes for
-- public notice (公示) before it grants the titles (handlers/sme-title.c).

CREATE TABLE publication (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key; the {id} of /titles/public/{id}',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'filing year of the filings on the list',
	kind ENUM('product','giant-mfg','giant-innov','recheck') NOT NULL COMMENT 'certification kind of every filing on the list (filing.kind)',
	level ENUM('province','local') NOT NULL COMMENT 'certification level of every filing on the list: 省级 (province) or 市县 (local)',
	opened DATE NOT NULL COMMENT 'first day of the public notice period (公示期), China Standard Time',
	closes DATE NOT NULL COMMENT 'last day of the public notice period, inclusive; titles may be granted from the day after',
	state ENUM('notice','granted') NOT NULL DEFAULT 'notice' COMMENT 'notice (公示中 or 公示期满, not yet granted), granted (titles recorded)',
	created_by BIGINT UNSIGNED NOT NULL COMMENT 'province account that published the list',
	created_at DATETIME NOT NULL COMMENT 'when the list was published (UTC)',
	granted_by BIGINT UNSIGNED NULL COMMENT 'province account that granted the titles; NULL until granted',
	granted_at DATETIME NULL COMMENT 'when the titles were granted (UTC); NULL until granted',
	PRIMARY KEY (id),
	KEY publication_year_kind (year, kind, level),
	CONSTRAINT publication_created_by_fk FOREIGN KEY (created_by) REFERENCES account (id),
	CONSTRAINT publication_granted_by_fk FOREIGN KEY (granted_by) REFERENCES account (id),
	CONSTRAINT publication_period_ck CHECK (closes >= opened)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='a list of accepted certification filings the province publishes for public notice (公示), then grants';

CREATE TABLE publication_filing (
	publication_id BIGINT UNSIGNED NOT NULL COMMENT 'the list',
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'an accepted certification filing on it; a filing is on one list at most',
	PRIMARY KEY (publication_id, filing_id),
	UNIQUE KEY publication_filing_once (filing_id),
	CONSTRAINT publication_filing_publication_fk FOREIGN KEY (publication_id) REFERENCES publication (id),
	CONSTRAINT publication_filing_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the filings on each published list';

CREATE TABLE title (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise holding the title',
	kind ENUM('product','giant-mfg','giant-innov') NOT NULL COMMENT 'product 专精特新产品, giant-mfg 小巨人企业（制造类）, giant-innov 小巨人企业（创新类）; a 复核 grants the kind it rechecked',
	level ENUM('province','local') NOT NULL COMMENT 'level of the title: 省级 (province) or 市县 (local)',
	product VARCHAR(200) NULL COMMENT 'the certified product''s name for kind product (FAQ 9: a recheck keeps it); NULL for 小巨人',
	granted_on DATE NOT NULL COMMENT 'day the title was granted (认定日期), China Standard Time',
	valid_until DATE NOT NULL COMMENT 'last day of validity, inclusive: granted_on + 3 years (FAQ 8: 有效期一般为3年)',
	filing_id BIGINT UNSIGNED NULL COMMENT 'the certification filing that led to it; NULL for imported titles',
	publication_id BIGINT UNSIGNED NULL COMMENT 'the public-notice list it was granted from; NULL for imported titles',
	source ENUM('granted','imported') NOT NULL COMMENT 'granted on this platform after public notice, or imported from earlier lists (e.g. 2012-2016 and 2018 小巨人, eligible for 复核)',
	created_by BIGINT UNSIGNED NULL COMMENT 'account that granted it; NULL for imports by the operator',
	created_at DATETIME NOT NULL COMMENT 'when the row was written (UTC)',
	PRIMARY KEY (id),
	UNIQUE KEY title_filing (filing_id),
	KEY title_enterprise (enterprise_id, kind, valid_until),
	CONSTRAINT title_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT title_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id),
	CONSTRAINT title_publication_fk FOREIGN KEY (publication_id) REFERENCES publication (id),
	CONSTRAINT title_created_by_fk FOREIGN KEY (created_by) REFERENCES account (id),
	CONSTRAINT title_validity_ck CHECK (valid_until >= granted_on),
	CONSTRAINT title_product_ck CHECK (kind = 'product' OR product IS NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='certification titles enterprises hold, with validity; they feed the combination rules';

CREATE TABLE combination_rule (
	id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	code VARCHAR(24) NOT NULL COMMENT 'short name of the rule, citing its source, e.g. FAQ10-4a',
	position SMALLINT UNSIGNED NOT NULL COMMENT 'evaluation order: for each title or open filing held, the first allow/deny rule that matches decides',
	applying_kind SET('product','giant-mfg','giant-innov','recheck') NOT NULL COMMENT 'kinds of the new application the rule is about',
	effect ENUM('allow','deny','require') NOT NULL COMMENT 'allow: a matching holding does not stop the application; deny: it does; require: the application needs a matching title (valid or not)',
	held_kind SET('product','giant-mfg','giant-innov','recheck') NOT NULL COMMENT 'kinds of the titles or open filings the rule looks at (recheck only exists as a filing)',
	held_source ENUM('title','filing','any') NOT NULL COMMENT 'what is looked at: titles (in validity, or any for require), open filings (draft, returned, in review, accepted but not yet granted), or both',
	product_match ENUM('any','same','different') NOT NULL DEFAULT 'any' COMMENT 'same/different: only holdings whose product is (not) the application''s product; require with same is skipped when the application names no product',
	granted_years VARCHAR(100) NULL COMMENT 'require only: comma-separated years a title must have been granted in, e.g. 2012,2013,2014,2015,2016,2018; NULL = any year',
	message VARCHAR(500) NOT NULL COMMENT 'zh-CN text shown when the rule refuses an application (or, for allow, what it permits), naming the rule',
	active TINYINT(1) NOT NULL DEFAULT 1 COMMENT '1 if applied; 0 keeps a retired rule for the record',
	PRIMARY KEY (id),
	UNIQUE KEY combination_rule_code (code),
	KEY combination_rule_position (active, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='which certifications combine (seed 004 FAQ 7-10, and the 复核 eligibility of its section 3), one row a rule';

INSERT INTO combination_rule (code, position, applying_kind, effect, held_kind, held_source, product_match, granted_years, message) VALUES
('FAQ10-1', 10, 'product', 'allow', 'product', 'any', 'different', NULL,
 '有效期内的省级“专精特新产品”，不限制再用另一个不同产品申请新认定（热点问题答疑第10条）'),
('FAQ10-1s', 11, 'product', 'deny', 'product', 'any', 'same', NULL,
 '该产品已有有效期内的“专精特新产品”认定或在办申报，不能重复申请新认定；只可用另一个不同产品申请（热点问题答疑第10条）'),
('FAQ10-2', 20, 'giant-mfg,giant-innov', 'allow', 'product', 'any', 'any', NULL,
 '有效期内的省级“专精特新产品”，可申请新认定“小巨人企业（制造类）或小巨人企业（创新类）”（热点问题答疑第10条）'),
('FAQ10-3', 30, 'product', 'allow', 'giant-mfg,giant-innov', 'any', 'any', NULL,
 '有效期内的省级“小巨人企业”，不限制也不鼓励再申请新认定“专精特新产品”（热点问题答疑第10条）'),
('FAQ10-4a', 40, 'giant-mfg', 'deny', 'giant-innov', 'any', 'any', NULL,
 '有效期内的小巨人企业（创新类）不能再申请新认定小巨人企业（制造类），反之亦然（热点问题答疑第10条）'),
('FAQ10-4b', 41, 'giant-innov', 'deny', 'giant-mfg', 'any', 'any', NULL,
 '有效期内的小巨人企业（制造类）不能再申请新认定小巨人企业（创新类），反之亦然（热点问题答疑第10条）'),
('FAQ8-a', 50, 'giant-mfg', 'deny', 'giant-mfg', 'title', 'any', NULL,
 '企业已是有效期内的小巨人企业（制造类）；称号有效期一般为3年，到期失效后可自愿申报复核（热点问题答疑第8条）'),
('FAQ8-b', 51, 'giant-innov', 'deny', 'giant-innov', 'title', 'any', NULL,
 '企业已是有效期内的小巨人企业（创新类）；称号有效期一般为3年，到期失效后可自愿申报复核（热点问题答疑第8条）'),
('FAQ7', 60, 'recheck', 'deny', 'recheck', 'filing', 'any', NULL,
 '已有一份复核认定申报在办；同时持有的称号都已到期的，申报复核一个即可（热点问题答疑第7条）'),
('FAQ9', 70, 'recheck', 'require', 'product', 'title', 'same', NULL,
 '专精特新产品复核不能更换产品：可以放弃原产品复核，新申请认定一个产品（热点问题答疑第9条）'),
('RECHECK', 80, 'recheck', 'require', 'product,giant-mfg,giant-innov', 'title', 'any', '2012,2013,2014,2015,2016,2018',
 '复核认定仅限2012-2016及2018年度被认定为省级专精特新小巨人企业（或专精特新产品）的企业（申报说明“复核认定”）');
