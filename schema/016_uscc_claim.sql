-- 016_uscc_claim.sql - a credit code (统一社会信用代码) is held only by a
-- registration the county confirmed: a pending or returned one no longer
-- blocks the real company. Two live registrations of one code are a
-- dispute the county decides, seeing both licences; a squatted code is
-- released (sme-admin uscc-release, or the county's 释放 action).

ALTER TABLE enterprise
	DROP INDEX enterprise_uscc,
	ADD KEY enterprise_uscc (uscc),
	ADD COLUMN uscc_confirmed VARCHAR(18) AS (IF(status = 'confirmed', RTRIM(uscc), NULL)) STORED COMMENT 'uscc while the registration is confirmed, else NULL (RTRIM: a CHAR column''s value depends on sql_mode, which a stored column may not): unique, so one confirmed enterprise a code, while pending and returned ones do not block it',
	ADD UNIQUE KEY enterprise_uscc_confirmed (uscc_confirmed);
