-- 032_recheck.sql - 复核 (recheck) as seed 004 has it. FAQ 7 "同一家企业既是专精特新产品，又是科技小巨人，且两个
-- 称号都已到期，是否都需要复核？申报复核一个即可": rechecking one of the expired titles is
-- enough; it does not forbid rechecking the other. The rule becomes an allow (what it
-- permits), so a recheck of the product title and one of the 小巨人 title may both be
-- filed; lib/combine.c still allows one open recheck a year per title (product or 小巨人).
UPDATE combination_rule SET effect = 'allow',
  message = '同时持有的专精特新产品和小巨人称号都已到期的，申报复核一个即可；另一个称号也可自愿申报复核（热点问题答疑第7条）'
WHERE code = 'FAQ7';

-- Seed 004 §3 "复核认定操作流程，参照新认定申报": a recheck fills the form of the title it
-- rechecks (lib/form.c form_kind_of): a product title's recheck names its product (subject),
-- a 小巨人 title's records that title's class here (lib/filing.c, at creation).
ALTER TABLE filing MODIFY class ENUM('mfg','innov') NULL
  COMMENT 'library class 制造类 (mfg) or 创新类 (innov) for entry and update; for a 小巨人 复核 (recheck without subject) the class of the title it rechecks, whose form it fills; NULL for the other certification kinds';
