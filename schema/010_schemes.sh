#!/usr/bin/env bash
#
# 010_schemes.sh - criteria schemes as data (lib/scheme.c, lib/criteria.c): the tables,
# then the schemes of data/schemes.txt (its header documents the format; sme-admin
# scheme-import loads a file of the same format later). Run by schema/migrate with
# cwd = schema/; prints SQL.
#
set -euo pipefail

cat <<'SQL'
CREATE TABLE scheme (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	family VARCHAR(48) NOT NULL COMMENT 'key shared by the years of one scheme, e.g. js-giant-mfg; an assessment takes per family the latest year not after the filing''s',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'the year the scheme was issued or restated',
	tier ENUM('county','city','province','national') NOT NULL COMMENT 'level of the title or library it is the criteria of',
	class ENUM('mfg','innov') NULL COMMENT 'library class 制造类 (mfg) or 创新类 (innov) of entry/update filings it applies to; NULL for any',
	kinds VARCHAR(96) NOT NULL COMMENT 'filing kinds it applies to, comma separated (entry,update,product,giant-mfg,giant-innov,recheck); empty for reference only',
	region_code CHAR(6) NULL COMMENT 'GB/T 2260 region whose enterprises it applies to (a city covers its counties); NULL for all of Jiangsu',
	mode ENUM('pass','score') NOT NULL COMMENT 'pass: every rule (or any-of group) must hold; score: bands give points (scheme_band, scheme_area)',
	issuer VARCHAR(128) NOT NULL COMMENT 'the authority issuing it, e.g. 江苏省工业和信息化厅',
	title VARCHAR(256) NOT NULL COMMENT 'zh-CN name shown in assessments',
	source VARCHAR(256) NOT NULL COMMENT 'the document and table it comes from, e.g. 苏制造强省办〔2020〕2号 表2',
	total_min SMALLINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'score schemes: least total points to qualify; 0 for pass schemes',
	created_at DATETIME NOT NULL COMMENT 'when it was loaded or last replaced (UTC)',
	PRIMARY KEY (id),
	UNIQUE KEY scheme_family_year (family, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='criteria schemes by issuer and year: the criteria of a library or title, as data';

CREATE TABLE scheme_rule (
	scheme_id BIGINT UNSIGNED NOT NULL COMMENT 'the scheme',
	seq SMALLINT UNSIGNED NOT NULL COMMENT 'order of display, from 1',
	code VARCHAR(16) NOT NULL COMMENT 'the rule''s number within the scheme as the document numbers it, e.g. 6a; the data-rule of assessments is scheme id and code',
	grp VARCHAR(16) NULL COMMENT 'NULL alone; rules sharing a group are any-of (one suffices); g9.a, g9.b: rules of one part all hold, parts are any-of',
	fact VARCHAR(40) NULL COMMENT 'the fact computed from the filing (lib/facts.c name, e.g. debt_ratio); NULL for a declaration the reviewer checks against evidence',
	op ENUM('ge','gt','le','lt','eq','-') NOT NULL COMMENT 'ge 以上/不低于 (includes the threshold), gt 超过, le 以下/不高于, lt 不满/不足, eq equal; - for a declaration',
	threshold DECIMAL(18,4) NULL COMMENT 'the number compared with, in unit; NULL for a declaration',
	unit VARCHAR(16) NULL COMMENT 'unit of fact and threshold: 万元, %, 人, 年, 件, 名 (rank), 级 (0 none..4 national), 是否 (1/0), 年份; NULL for a declaration',
	slot VARCHAR(48) NULL COMMENT 'attachment slot key whose document proves the rule; NULL when none is named',
	text VARCHAR(512) NOT NULL COMMENT 'the rule as the document words it (zh-CN)',
	PRIMARY KEY (scheme_id, seq),
	UNIQUE KEY scheme_rule_code (scheme_id, code),
	CONSTRAINT scheme_rule_scheme_fk FOREIGN KEY (scheme_id) REFERENCES scheme (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the rules of a scheme: computable from a fact with a threshold, or declarations needing evidence; in a score scheme the rules that qualify directly';

CREATE TABLE scheme_band (
	scheme_id BIGINT UNSIGNED NOT NULL COMMENT 'the score scheme',
	seq SMALLINT UNSIGNED NOT NULL COMMENT 'order: the bands of one indicator are consecutive and tried in this order, the first that holds scores',
	indicator VARCHAR(24) NOT NULL COMMENT 'the scored indicator, e.g. rd_ratio; data-score of assessments',
	area VARCHAR(16) NOT NULL COMMENT 'the scheme_area its points count toward',
	fact VARCHAR(40) NOT NULL COMMENT 'lib/facts.c name the band tests; - a band only evidence proves (listed, not computed); * always holds',
	lo DECIMAL(18,4) NULL COMMENT 'lower bound; NULL unbounded',
	lo_incl TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1 if lo itself is in the band',
	hi DECIMAL(18,4) NULL COMMENT 'upper bound; NULL unbounded',
	hi_incl TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1 if hi itself is in the band',
	points SMALLINT UNSIGNED NOT NULL COMMENT 'points the band gives',
	text VARCHAR(256) NOT NULL COMMENT 'the band as the document words it (zh-CN)',
	PRIMARY KEY (scheme_id, seq),
	CONSTRAINT scheme_band_scheme_fk FOREIGN KEY (scheme_id) REFERENCES scheme (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='score schemes: the bands of each indicator and their points';

CREATE TABLE scheme_area (
	scheme_id BIGINT UNSIGNED NOT NULL COMMENT 'the score scheme',
	akey VARCHAR(16) NOT NULL COMMENT 'area key the bands name, e.g. innov',
	min_points SMALLINT UNSIGNED NOT NULL COMMENT 'least points of the area to qualify',
	name VARCHAR(64) NOT NULL COMMENT 'zh-CN name, e.g. 创新能力',
	PRIMARY KEY (scheme_id, akey),
	CONSTRAINT scheme_area_scheme_fk FOREIGN KEY (scheme_id) REFERENCES scheme (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='score schemes: the areas (创新能力, 成长性, 专业化) and the least points each needs';
SQL

# The data: one statement a record; @s is the scheme being filled. lib/scheme.c parses
# the same file strictly (tests/unit/test_criteria.c), so this only has to translate.
awk -F'|' '
function t(s) { gsub(/^[ \t]+|[ \t\r]+$/, "", s); return s }
# Escape by hand: backslashes in gsub replacements differ between mawk and gawk.
function q(s,    out, i, ch) {
	s = t(s)
	if (s == "-" || s == "") return "NULL"
	out = ""
	for (i = 1; i <= length(s); i++) {
		ch = substr(s, i, 1)
		if (ch == "\\" || ch == "'\''") out = out "\\"
		out = out ch
	}
	return "'\''" out "'\''"
}
function qs(s) { return t(s) == "-" ? "'\'''\''" : q(s) }
# An interval "[5,-)" as lo, lo_incl, hi, hi_incl.
function iv(s,    a, lo, hi) {
	s = t(s)
	if (s == "-") return "NULL, 0, NULL, 0"
	split(substr(s, 2, length(s) - 2), a, ",")
	lo = t(a[1]) == "-" ? "NULL" : t(a[1]); hi = t(a[2]) == "-" ? "NULL" : t(a[2])
	return lo ", " (substr(s, 1, 1) == "[") ", " hi ", " (substr(s, length(s)) == "]")
}
/^[ \t]*(#|$)/ { next }
{ kind = t($1) }
kind == "scheme" {
	seq = 0; bseq = 0
	printf "INSERT INTO scheme (family, year, tier, class, kinds, region_code, mode, issuer, title, source, total_min, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, UTC_TIMESTAMP());\nSET @s = LAST_INSERT_ID();\n", q($2), t($3), q($4), q($5), qs($6), q($7), q($8), qs($9), q($10), qs($11)
	next
}
kind == "rule" {
	printf "INSERT INTO scheme_rule (scheme_id, seq, code, grp, fact, op, threshold, unit, slot, text) VALUES (@s, %d, %s, %s, %s, %s, %s, %s, %s, %s);\n", ++seq, q($2), q($3), q($4), qs($5) == "'\'''\''" ? "'\''-'\''" : qs($5), t($6) == "-" ? "NULL" : t($6), q($7), q($8), q($9)
	next
}
kind == "band" {
	printf "INSERT INTO scheme_band (scheme_id, seq, indicator, area, fact, lo, lo_incl, hi, hi_incl, points, text) VALUES (@s, %d, %s, %s, %s, %s, %s, %s);\n", ++bseq, q($2), q($3), "'\''" t($4) "'\''", iv($5), t($6), q($7)
	next
}
kind == "area" {
	printf "INSERT INTO scheme_area (scheme_id, akey, min_points, name) VALUES (@s, %s, %s, %s);\n", q($2), t($3), q($4)
	next
}
kind == "total" { printf "UPDATE scheme SET total_min = %s WHERE id = @s;\n", t($2); next }
{ printf "data/schemes.txt:%d: unknown record %s\n", NR, kind > "/dev/stderr"; exit 1 }
' data/schemes.txt
