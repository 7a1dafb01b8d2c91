-- 017_scheme_source.sql - the source line of the Ministry's innovative-SME score names
-- the document (工信部企业〔2022〕63号, 附件1 of its 暂行办法), not a project file
-- (schemes.txt said "（DOMAIN.md）", and the assessment page showed it).
UPDATE scheme SET source = '工信部企业〔2022〕63号《优质中小企业梯度培育管理暂行办法》附件1'
 WHERE family = 'cn-innov-sme' AND source LIKE '%（DOMAIN.md）';
