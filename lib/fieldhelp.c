/*
 * fieldhelp.c - filling instructions of filing fields (see fieldhelp.h).
 * One table, by field name or yearly row stem; the texts restate seed 004
 * (the 企业简介 outline, the indicator formulas, answer 5 on 完税证明) and
 * seed 002 (amounts without commas, two decimals).
 */
#include <stddef.h>
#include <string.h>

#include "fieldhelp.h"

struct fieldhelp {
	const char	*name;
	const char	*text;
};

static const struct fieldhelp fieldhelp_all[] = {
	{ "intro",
	  "请按以下四方面介绍，不超过3000字；盖章的企业简介PDF另在“附件”中上传。\n"
	  "一、经营管理：所从事的细分领域及专注时间、在细分领域的地位、经营战略、管理团队、法人治理结构等。\n"
	  "二、主营产品：产品在产业链中的位置及地位，近3年销售情况，主要客户群及销售地，主要竞争对手及对比，"
	  "关键性能、能耗指标和加工工艺与国内外领先水平的对比，知识产权积累和运用，参与或主导标准制定情况。\n"
	  "三、研发创新：技术研发机构建设，研发经费保障及激励机制，研发带头人及创新团队，创新人才培养等。\n"
	  "四、制度建设：品牌培育、产品质量保障、知识产权保障、安全生产保障等制度，应对各类风险的机制等。" },
	{ "founded", "按营业执照上的成立日期填写，格式为 年-月-日，如 2020-09-04。成立不满4年的企业，经营情况中只填成立以来的年度，成立前的年度留空。" },
	{ "reg_capital", "按营业执照填写，单位为万元。" },
	{ "assets_total", "上一年度末（12月31日）资产负债表中的资产总计，单位为万元，最多两位小数。" },
	{ "liabilities_total", "上一年度末资产负债表中的负债合计，单位为万元。资产负债比由平台按 负债总额÷资产总额 自动计算。" },
	{ "employees", "上一年度末在职职工人数（含研发技术人员）。研发人员占比由平台按 研发技术人员÷职工人数 自动计算。" },
	{ "rd_staff", "上一年度末从事研发和相关技术创新活动的人员数。" },
	{ "industry", "按营业执照经营范围中的主营业务，从门类起逐级选择，直至国民经济行业小类（GB/T 4754-2017）。" },
	{ "key_field", "企业主营产品所属的重点领域；无对应领域时选“其他”。" },
	{ "chains", "可多选；只勾选企业主营产品确实所在的产业链。" },
	{ "revenue",
	  "填写各年度财务报表中的数字，单位为万元，最多两位小数；最后一列为本年度预计数。"
	  "成立不满4年的企业只填成立以来的年度，成立前的年度留空。\n"
	  "营业收入复合增长率 = ((最近一年营业收入÷三年前营业收入)^(1/3) − 1) × 100%。" },
	{ "main_revenue", "主营业务收入，单位为万元；不应大于同年度营业收入。" },
	{ "profit", "利润总额，亏损时填负数，如 -12.50。平均营业利润率为近三年 利润总额÷营业收入 的平均值。" },
	{ "net_profit", "净利润，亏损时填负数。" },
	{ "tax",
	  "实际缴纳的各项税金合计，单位为万元。\n"
	  "“附件”中的完税证明应覆盖所填的年度，至少提供最近一个完整年度的完税证明。" },
	{ "rd_invest", "研究开发与技术改造投入的合计，单位为万元。" },
	{ "rd_expense", "研发费用，按财务报表（或加计扣除口径）填写，是研发和技术改造投入中的一部分，不应大于该投入。" },
	{ "ip_class1",
	  "I类知识产权：发明专利（含国防专利）、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权。\n"
	  "只计企业拥有且在有效期内的件数。" },
	{ "ip_class2", "II类知识产权：实用新型专利、外观设计专利、软件著作权等（不含商标）。只计有效期内的件数。" },
	{ "patents_invention", "企业拥有的、仍在有效期内的发明专利件数（授权，不含申请中的）。" },
	{ "rd_institution", "填写经认定的最高级别研发机构；自建或与高校、科研机构联合建立但未经认定的，选“自建或联合建立（未经认定）”。" },
	{ "product1_chain_pos", "产品在所属产业链中的位置：上游为原材料、核心零部件，中游为部件、中间产品，下游为终端产品和服务。" },
	{ "product2_chain_pos", "产品在所属产业链中的位置：上游为原材料、核心零部件，中游为部件、中间产品，下游为终端产品和服务。" },
	{ "product3_chain_pos", "产品在所属产业链中的位置：上游为原材料、核心零部件，中游为部件、中间产品，下游为终端产品和服务。" },
	{ "product1_market_share", "由第三方机构（省级以上行业协会、权威媒体、大型咨询机构、国内外龙头企业等）出具的证明中的占有率；证明材料在“附件”中上传，格式不限。" },
	{ "segment_years", "企业从事当前细分领域的年数。" },
	{ "product_market_share", "由第三方机构出具证明的国内细分市场占有率；证明在“附件”中上传，格式不限。" },
	{ "proprietary_tech", "没有2项发明（或实用新型）授权专利时，说明企业的专有技术：名称、内容及保护措施。" },
	{ "equity_financing_3y", "近三年获得的股权投资合计，单位为万元；没有时填0。" },
};

const char *
fieldhelp_text(const char *name)
{
	const char	*us;
	size_t		 i, len;

	if (name == NULL)
		return NULL;
	len = strlen(name);
	/* A yearly row ("revenue_2022") by its stem. */
	us = strrchr(name, '_');
	if (us != NULL && strlen(us + 1) == 4 && strspn(us + 1, "0123456789") == 4)
		len = (size_t)(us - name);
	for (i = 0; i < sizeof(fieldhelp_all) / sizeof(fieldhelp_all[0]); i++)
		if (strlen(fieldhelp_all[i].name) == len &&
		    strncmp(fieldhelp_all[i].name, name, len) == 0)
			return fieldhelp_all[i].text;
	return NULL;
}
