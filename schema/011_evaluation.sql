-- 011_evaluation.sql - the innovative-SME evaluation (创新型中小企业评价, seed 002,
-- DOMAIN.md): a county, city or the province runs the Ministry's score over the
-- library enterprises of its region for a year, reviews the ranked list and
-- publishes it (handlers/sme-eval.c). A run keeps what it computed, so a later
-- change of a filing or a scheme never changes a list already reviewed.

CREATE TABLE evaluation_run (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key; the {id} of /evaluation/{id} and /evaluation/public/{id}',
	region_code CHAR(6) NOT NULL COMMENT 'the scope: GB/T 2260 code of the county, city or province (320000) that ran it; only reviewers of this region see or publish the run',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'evaluation year; each enterprise is scored by its latest entry/update filing of this year or before',
	scheme_id BIGINT UNSIGNED NULL COMMENT 'scheme.id of the score scheme used, when run (no foreign key: sme-admin scheme-import replaces a scheme under a new id)',
	scheme_family VARCHAR(48) NOT NULL COMMENT 'family of the score scheme used, e.g. cn-innov-sme',
	scheme_year SMALLINT UNSIGNED NOT NULL COMMENT 'year of the score scheme used',
	scheme_title VARCHAR(256) NOT NULL COMMENT 'zh-CN title of the score scheme used, as shown on the lists',
	total_min SMALLINT UNSIGNED NOT NULL COMMENT 'least total points the scheme required, copied when run',
	enterprises INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'how many enterprises were scored (rows of evaluation_result)',
	qualified INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'how many of them the score qualifies (verdict met)',
	state ENUM('draft','published') NOT NULL DEFAULT 'draft' COMMENT 'draft (computed, being reviewed; visible to its region only), published (the public list /evaluation/public/{id} shows it)',
	version INT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'optimistic lock: publishing checks and increments it',
	run_by BIGINT UNSIGNED NOT NULL COMMENT 'reviewer account that ran it',
	run_at DATETIME NOT NULL COMMENT 'when it was run (UTC)',
	published_by BIGINT UNSIGNED NULL COMMENT 'reviewer account that published it; NULL while draft',
	published_at DATETIME NULL COMMENT 'when it was published (UTC); NULL while draft',
	PRIMARY KEY (id),
	KEY evaluation_run_region (region_code, year, id),
	KEY evaluation_run_state (state, published_at),
	CONSTRAINT evaluation_run_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
	CONSTRAINT evaluation_run_run_by_fk FOREIGN KEY (run_by) REFERENCES account (id),
	CONSTRAINT evaluation_run_published_by_fk FOREIGN KEY (published_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='one run of the innovative-SME evaluation over the library enterprises of a region for a year';

CREATE TABLE evaluation_indicator (
	run_id BIGINT UNSIGNED NOT NULL COMMENT 'the run',
	seq SMALLINT UNSIGNED NOT NULL COMMENT 'column order, from 1, as the scheme lists its indicators',
	indicator VARCHAR(24) NOT NULL COMMENT 'the scheme''s indicator key (scheme_band.indicator, e.g. rd_ratio); data-score on the list',
	area VARCHAR(16) NOT NULL COMMENT 'the score area it counts toward (scheme_area.akey: innov, growth, spec)',
	label VARCHAR(64) NOT NULL COMMENT 'zh-CN column heading, e.g. 研发费用占比',
	max_points SMALLINT UNSIGNED NOT NULL COMMENT 'the indicator''s highest points in the scheme',
	PRIMARY KEY (run_id, seq),
	CONSTRAINT evaluation_indicator_run_fk FOREIGN KEY (run_id) REFERENCES evaluation_run (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the scored indicators of a run: the columns of its ranked list';

CREATE TABLE evaluation_result (
	run_id BIGINT UNSIGNED NOT NULL COMMENT 'the run',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the library enterprise scored',
	ent_name VARCHAR(200) NOT NULL COMMENT 'the enterprise''s name when run (the published list keeps it)',
	region_code CHAR(6) NOT NULL COMMENT 'the enterprise''s county when run',
	filing_id BIGINT UNSIGNED NOT NULL COMMENT 'the entry or update filing whose figures were scored: the latest accepted one, else the latest still in review',
	filing_year SMALLINT UNSIGNED NOT NULL COMMENT 'that filing''s year (its figures are of the years before)',
	filing_state VARCHAR(16) NOT NULL COMMENT 'that filing''s state when run: accepted, or county/city/province (in review)',
	place INT UNSIGNED NOT NULL COMMENT 'place on the list from 1: qualifying first (met, evidence, unknown, unmet), then by total, highest first; equal verdict and total share a place',
	total SMALLINT UNSIGNED NOT NULL COMMENT 'points the figures prove (sum over evaluation_point)',
	verdict ENUM('met','unmet','evidence','unknown') NOT NULL COMMENT 'met qualifies (directly or by points), unmet cannot, evidence could with evidence of the evidence-only bands, unknown needs missing data',
	direct ENUM('met','unmet','evidence','unknown') NOT NULL COMMENT 'the direct qualifications (any of the scheme''s rules: awards, high-tech title, R&D institution, equity financing)',
	PRIMARY KEY (run_id, enterprise_id),
	KEY evaluation_result_place (run_id, place),
	CONSTRAINT evaluation_result_run_fk FOREIGN KEY (run_id) REFERENCES evaluation_run (id) ON DELETE CASCADE,
	CONSTRAINT evaluation_result_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT evaluation_result_filing_fk FOREIGN KEY (filing_id) REFERENCES filing (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='each enterprise of a run: its total, verdict and place on the ranked list';

CREATE TABLE evaluation_point (
	run_id BIGINT UNSIGNED NOT NULL COMMENT 'the run',
	enterprise_id BIGINT UNSIGNED NOT NULL COMMENT 'the enterprise scored',
	seq SMALLINT UNSIGNED NOT NULL COMMENT 'the indicator (evaluation_indicator.seq)',
	known TINYINT(1) NOT NULL COMMENT '1 if the figures decided the band, 0 if a figure it needs is missing (points 0)',
	points SMALLINT UNSIGNED NOT NULL COMMENT 'points of the band the figures reach; 0 when unknown',
	upgrade SMALLINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'points of the highest evidence-only band above it (e.g. Ⅰ类高价值知识产权), which evidence could prove; 0 if none',
	PRIMARY KEY (run_id, enterprise_id, seq),
	CONSTRAINT evaluation_point_result_fk FOREIGN KEY (run_id, enterprise_id) REFERENCES evaluation_result (run_id, enterprise_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='each indicator''s points of each enterprise of a run; never shown on the public list';
