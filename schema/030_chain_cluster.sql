-- 030_chain_cluster.sql - each key industrial chain belongs to one advanced manufacturing
-- cluster: the filing form offers, under 所属重点产业链, the chains of the chosen
-- 所属重点产业集群 only (seed 004: 核心软件 -> 信息技术应用创新, 工业软件), and sme-filing
-- refuses a chain of another cluster. The grouping follows the order in which seed 004
-- lists the chains (cluster by cluster, the clusters in the 2021 notice's order) and the
-- chains' names; 信息通信集群's chain is 5G.
ALTER TABLE chain
  ADD COLUMN cluster_id TINYINT UNSIGNED NULL COMMENT 'the cluster (table cluster) the chain belongs to; NULL: offered under every cluster',
  ADD CONSTRAINT chain_cluster_fk FOREIGN KEY (cluster_id) REFERENCES cluster (id);

UPDATE chain SET cluster_id = CASE
	WHEN id BETWEEN 1 AND 4 THEN 1     -- 新型电力和新能源装备: 特高压设备 .. 智能电网
	WHEN id BETWEEN 5 AND 9 THEN 2     -- 工程机械和农业机械: 起重机 .. 路面机械
	WHEN id BETWEEN 10 AND 12 THEN 3   -- 物联网: 车联网, 工业互联网, 传感器
	WHEN id BETWEEN 13 AND 16 THEN 4   -- 高端新材料: 先进碳材料 .. 高温合金材料
	WHEN id BETWEEN 17 AND 20 THEN 5   -- 高端纺织: 品牌服装 .. 纺织设备
	WHEN id BETWEEN 21 AND 23 THEN 6   -- 生物医药: 生物医药, 化学药, 中药
	WHEN id = 24 THEN 7                -- 新型医疗器械
	WHEN id BETWEEN 25 AND 28 THEN 8   -- 集成电路与新型显示: 集成电路 .. OLED
	WHEN id BETWEEN 29 AND 31 THEN 10  -- 新能源（智能网联）汽车: 动力电池, 充电桩, 氢燃料电池汽车
	WHEN id BETWEEN 32 AND 36 THEN 11  -- 高端装备: 轨道交通装备 .. 民用航空装备
	WHEN id BETWEEN 37 AND 39 THEN 12  -- 高技术船舶和海洋工程装备
	WHEN id BETWEEN 40 AND 43 THEN 13  -- 节能环保
	WHEN id BETWEEN 44 AND 45 THEN 15  -- 核心软件: 信息技术应用创新, 工业软件 (seed 004)
	WHEN id BETWEEN 46 AND 47 THEN 16  -- 新兴数字产业: 大数据, 人工智能
	WHEN id = 48 THEN 9                -- 信息通信: 5G
	WHEN id BETWEEN 49 AND 50 THEN 14  -- 绿色食品: 酿造 (酒), 食品机械
	END
WHERE id BETWEEN 1 AND 50;
