-- 001_core.sql - core tables: reference codes, enterprises, accounts, sessions, login
-- throttling, the append-only audit log and filing windows.
-- SQL shared by MySQL 8.0 and MariaDB 10.6+. Every DATETIME is UTC, written by the
-- application (UTC_TIMESTAMP()); pages show China Standard Time (UTC+8).

CREATE TABLE region (
	code CHAR(6) NOT NULL COMMENT 'GB/T 2260 code: province 320000, city 3201xx -> 320100, county e.g. 320102',
	name VARCHAR(32) NOT NULL COMMENT 'official name, e.g. 南京市, 玄武区',
	parent_code CHAR(6) NULL COMMENT 'enclosing division: NULL for the province, 320000 for a city, the city for a county',
	level ENUM('province','city','county') NOT NULL COMMENT 'province, city (设区市) or county (市辖区, 县级市, 县)',
	PRIMARY KEY (code),
	KEY region_parent (parent_code),
	CONSTRAINT region_parent_fk FOREIGN KEY (parent_code) REFERENCES region (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='Jiangsu administrative divisions down to county level (GB/T 2260, NBS codes)';

CREATE TABLE industry (
	code VARCHAR(4) NOT NULL COMMENT '门类 letter A-T, 大类 2 digits, 中类 3 digits or 小类 4 digits',
	name VARCHAR(100) NOT NULL COMMENT 'official name, e.g. 集成电路设计',
	level TINYINT UNSIGNED NOT NULL COMMENT '1 门类, 2 大类, 3 中类, 4 小类',
	parent_code VARCHAR(4) NULL COMMENT 'enclosing class: NULL for a 门类, its letter for a 大类, the first 2 or 3 digits below',
	PRIMARY KEY (code),
	KEY industry_parent (parent_code),
	CONSTRAINT industry_parent_fk FOREIGN KEY (parent_code) REFERENCES industry (code),
	CONSTRAINT industry_level_ck CHECK (level BETWEEN 1 AND 4)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='国民经济行业分类 GB/T 4754-2017 with amendment 1 (2019), all four levels';

CREATE TABLE cluster (
	id TINYINT UNSIGNED NOT NULL COMMENT 'position in the provincial list, 1-16',
	name VARCHAR(64) NOT NULL COMMENT 'cluster name as the 2021 notice writes it, e.g. 物联网集群',
	PRIMARY KEY (id),
	UNIQUE KEY cluster_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='the 16 advanced manufacturing clusters (先进制造业集群) of Jiangsu';

CREATE TABLE chain (
	id SMALLINT UNSIGNED NOT NULL COMMENT 'position in the filing form''s checkbox list, from 1',
	name VARCHAR(64) NOT NULL COMMENT 'chain name as the form writes it, e.g. 液晶显示 (LCD)',
	PRIMARY KEY (id),
	UNIQUE KEY chain_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='key industrial chains (重点产业链) offered by the filing form';

CREATE TABLE enterprise (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	uscc CHAR(18) NOT NULL COMMENT '统一社会信用代码 (GB 32100-2015), upper case, check character verified',
	name VARCHAR(200) NOT NULL COMMENT 'registered enterprise name',
	region_code CHAR(6) NOT NULL COMMENT 'county (县、市、区) the enterprise registered in; decides its reviewers',
	status ENUM('pending','confirmed','returned') NOT NULL DEFAULT 'pending' COMMENT 'county confirmation of the registration: pending, confirmed, returned (with return_reason)',
	return_reason VARCHAR(500) NULL COMMENT 'why the county returned the registration (退回原因); NULL unless returned',
	in_library TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1 while the enterprise is in the cultivation library (入库), 0 otherwise',
	version INT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'optimistic lock: checked and incremented by every write',
	created_at DATETIME NOT NULL COMMENT 'registration time (UTC)',
	updated_at DATETIME NOT NULL COMMENT 'time of the last write (UTC)',
	PRIMARY KEY (id),
	UNIQUE KEY enterprise_uscc (uscc),
	KEY enterprise_region_status (region_code, status),
	CONSTRAINT enterprise_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
	CONSTRAINT enterprise_uscc_ck CHECK (CHAR_LENGTH(uscc) = 18)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='enterprises registered on the platform; one account each';

CREATE TABLE account (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	username VARCHAR(64) NOT NULL COMMENT 'login name, unique regardless of case',
	pw_hash VARCHAR(255) NOT NULL COMMENT 'password hash in modular crypt format; never the password',
	role ENUM('enterprise','county','city','province') NOT NULL COMMENT 'enterprise user, county or city reviewer, province admin',
	region_code CHAR(6) NOT NULL COMMENT 'scope: the county (enterprise, county), the city (city), 320000 (province)',
	enterprise_id BIGINT UNSIGNED NULL COMMENT 'the enterprise this account acts for; set only for role enterprise',
	display_name VARCHAR(100) NOT NULL COMMENT 'name shown in pages and audit views (contact or office)',
	mobile CHAR(11) NULL COMMENT 'mainland mobile number for SMS codes and notices',
	status ENUM('pending','active','locked') NOT NULL DEFAULT 'active' COMMENT 'pending (registration not yet confirmed), active, locked (by an operator)',
	failed_logins INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'consecutive wrong passwords; reset by a successful login',
	locked_until DATETIME NULL COMMENT 'temporary lock after too many wrong passwords (UTC); NULL = none',
	pw_changed_at DATETIME NOT NULL COMMENT 'when the password was last set (UTC)',
	last_login_at DATETIME NULL COMMENT 'last successful login (UTC); NULL = never',
	created_at DATETIME NOT NULL COMMENT 'when the account was created (UTC)',
	PRIMARY KEY (id),
	UNIQUE KEY account_username (username),
	KEY account_enterprise (enterprise_id),
	KEY account_role_region (role, region_code),
	CONSTRAINT account_region_fk FOREIGN KEY (region_code) REFERENCES region (code),
	CONSTRAINT account_enterprise_fk FOREIGN KEY (enterprise_id) REFERENCES enterprise (id),
	CONSTRAINT account_enterprise_ck CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='login accounts of enterprises, reviewers and province admins';

CREATE TABLE session (
	token_hash BINARY(32) NOT NULL COMMENT 'SHA-256 of the cookie token; the token itself is never stored',
	account_id BIGINT UNSIGNED NOT NULL COMMENT 'the logged-in account',
	created_at DATETIME NOT NULL COMMENT 'login time (UTC)',
	expires_at DATETIME NOT NULL COMMENT 'the session is invalid from this time on (UTC)',
	revoked_at DATETIME NULL COMMENT 'logout or forced end (UTC); NULL = not revoked',
	ip VARCHAR(45) NULL COMMENT 'client address at login (IPv4 or IPv6 text)',
	user_agent VARCHAR(255) NULL COMMENT 'User-Agent at login, truncated to 255 characters',
	PRIMARY KEY (token_hash),
	KEY session_account (account_id),
	KEY session_expires (expires_at),
	CONSTRAINT session_account_fk FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='login sessions, keyed by the hash of the cookie token';

CREATE TABLE login_failure (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	ip VARCHAR(45) NOT NULL COMMENT 'client address of the failed attempt',
	username VARCHAR(64) NOT NULL COMMENT 'username tried (may not exist)',
	at DATETIME(3) NOT NULL COMMENT 'time of the attempt (UTC)',
	PRIMARY KEY (id),
	KEY login_failure_ip_at (ip, at),
	KEY login_failure_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='failed logins, used to limit attempts per address; old rows are purged by time';

CREATE TABLE audit (
	id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key, in order of writing',
	at DATETIME(3) NOT NULL COMMENT 'time of the action (UTC)',
	actor_id BIGINT UNSIGNED NULL COMMENT 'account that acted (no foreign key: the log outlives accounts); NULL = operator command line or anonymous',
	actor_ip VARCHAR(45) NULL COMMENT 'client address of the actor; NULL from the command line',
	action VARCHAR(64) NOT NULL COMMENT 'what happened, e.g. login, login_failed, logout, password_change, admin_account_create, admin_password_reset, admin_lock',
	object_type VARCHAR(32) NOT NULL COMMENT 'kind of object acted on, e.g. account, enterprise',
	object_id VARCHAR(64) NOT NULL COMMENT 'key of the object acted on, as text',
	before_json TEXT NULL COMMENT 'JSON of the changed fields before the action; NULL if none',
	after_json TEXT NULL COMMENT 'JSON of the changed fields after the action; NULL if none',
	PRIMARY KEY (id),
	KEY audit_object (object_type, object_id),
	KEY audit_actor_at (actor_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='append-only log of security-relevant and administrative actions; triggers refuse UPDATE and DELETE';

DELIMITER //
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only: UPDATE refused';
END//
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit is append-only: DELETE refused';
END//
DELIMITER ;

CREATE TABLE filing_window (
	id INT UNSIGNED NOT NULL AUTO_INCREMENT COMMENT 'surrogate key',
	kind ENUM('entry','update','product','giant-mfg','giant-innov','recheck') NOT NULL COMMENT 'entry 新增入库, update 数据更新, product 专精特新产品, giant-mfg 小巨人制造类, giant-innov 小巨人创新类, recheck 复核认定',
	year SMALLINT UNSIGNED NOT NULL COMMENT 'filing year, e.g. 2023',
	opens_at DATETIME NOT NULL COMMENT 'filing opens (UTC); opening on a date = 16:00 UTC the day before',
	closes_at DATETIME NOT NULL COMMENT 'filing closes (UTC); closing on a date = end of that day in Beijing, 16:00 UTC',
	PRIMARY KEY (id),
	UNIQUE KEY filing_window_kind_year (kind, year),
	CONSTRAINT filing_window_order_ck CHECK (closes_at > opens_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
  COMMENT='when each kind of filing is open, per year (set by the province)';
