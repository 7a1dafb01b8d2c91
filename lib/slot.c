/*
 * slot.c - attachment slots by filing kind, as seed 004 lists them for the
 * certification kinds; library filings (entry, update) ask for the
 * business licence and financial evidence.
 */
#include <string.h>

#include "slot.h"

#define S_LICENCE	"licence"
#define S_INTRO		"intro"
#define S_AUDIT		"audit"
#define S_TAX		"tax"
#define S_MARKET	"market"
#define S_SUPPLY	"supply"
#define S_IP		"ip"
#define S_RND		"rnd"
#define S_TEAM		"team"
#define S_MGMT		"mgmt"
#define S_HONOUR	"honour"
#define S_OTHER		"other"

/* Library entry and yearly update (seed 002: 基本情况 ... 附件). */
static const struct slot slots_entry[] = {
	{ S_LICENCE, "企业营业执照原件扫描件", 1, 0 },
	{ S_AUDIT, "上年度财务审计报告或财务报表", 1, 1 },
	{ S_TAX, "完税证明", 0, 1 },
	{ S_RND, "研发机构、高新技术企业或科技型中小企业证明材料", 0, 1 },
	{ S_HONOUR, "获得省以上表彰、认定等证明材料", 0, 1 },
	{ S_OTHER, "其他企业认为需提供的材料", 0, 1 },
};

/* 专精特新产品认定 (seed 004, 2.1.2 4). */
static const struct slot slots_product[] = {
	{ S_LICENCE, "企业营业执照原件扫描件", 1, 0 },
	{ S_INTRO, "企业简介（盖章）", 1, 0 },
	{ S_AUDIT, "前三年财务审计报告", 1, 1 },
	{ S_TAX, "完税证明", 1, 1 },
	{ S_MARKET, "企业主营产品市场占有率证明材料（由省级及以上机构提供）", 1, 1 },
	{ S_SUPPLY, "进入国内外龙头企业供应链证明（供货证明、供货合同、财务凭证等）", 0, 1 },
	{ S_RND, "研发机构、高新技术企业证明材料", 0, 1 },
	{ S_MGMT, "企业管理及信息化建设情况说明", 0, 1 },
	{ S_HONOUR, "获得省以上表彰、认定等证明", 0, 1 },
	{ S_OTHER, "其他企业认为需提供的材料", 0, 1 },
};

/* 小巨人企业认定（制造类）, seed 004 2.2.2; 复核认定 follows it (3.). */
static const struct slot slots_giant_mfg[] = {
	{ S_LICENCE, "企业营业执照原件扫描件", 1, 0 },
	{ S_INTRO, "企业简介（盖章）", 1, 0 },
	{ S_AUDIT, "前三年财务审计报告", 1, 1 },
	{ S_TAX, "完税证明", 1, 1 },
	{ S_MARKET, "企业主营产品市场占有率证明材料", 1, 1 },
	{ S_IP, "近3年获得的知识产权、质量认证、质量荣誉、品牌荣誉等相关证明材料", 1, 1 },
	{ S_RND, "研发机构、高新技术企业或科技型中小企业证明材料", 1, 1 },
	{ S_TEAM, "核心团队情况证明材料", 1, 1 },
	{ S_MGMT, "企业管理及信息化建设情况说明", 1, 1 },
	{ S_HONOUR, "获得省以上表彰、认定等证明", 1, 1 },
	{ S_OTHER, "其他企业认为需提供的材料", 1, 1 },
};

/* 小巨人企业认定（创新类）, seed 004 2.3.2. */
static const struct slot slots_giant_innov[] = {
	{ S_LICENCE, "企业营业执照原件扫描件", 1, 0 },
	{ S_INTRO, "企业简介（盖章）", 1, 0 },
	{ S_AUDIT, "前三年财务审计报告", 1, 1 },
	{ S_TAX, "完税证明", 1, 1 },
	{ S_IP, "近三年获得的知识产权、质量认证、质量荣誉、品牌荣誉等相关证明材料", 1, 1 },
	{ S_RND, "研发机构、高新技术企业或科技型中小企业证明材料", 1, 1 },
	{ S_TEAM, "核心团队情况证明材料", 1, 1 },
	{ S_MGMT, "企业管理及信息化建设情况说明", 1, 1 },
	{ S_HONOUR, "获得省以上表彰、认定等证明材料", 1, 1 },
	{ S_OTHER, "其他企业认为需提供的材料", 1, 1 },
};

#define NSLOTS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char		*kind;
	const struct slot	*slots;
	size_t			 n;
} slot_kinds[] = {
	{ "entry", slots_entry, NSLOTS(slots_entry) },
	{ "update", slots_entry, NSLOTS(slots_entry) },
	{ "product", slots_product, NSLOTS(slots_product) },
	{ "giant-mfg", slots_giant_mfg, NSLOTS(slots_giant_mfg) },
	{ "giant-innov", slots_giant_innov, NSLOTS(slots_giant_innov) },
	{ "recheck", slots_giant_mfg, NSLOTS(slots_giant_mfg) },
};

const struct slot *
slot_list(const char *kind, size_t *n)
{
	size_t	 i;

	*n = 0;
	for (i = 0; kind != NULL && i < NSLOTS(slot_kinds); i++)
		if (strcmp(kind, slot_kinds[i].kind) == 0) {
			*n = slot_kinds[i].n;
			return slot_kinds[i].slots;
		}
	return NULL;
}

const struct slot *
slot_find(const char *kind, const char *key)
{
	const struct slot	*s;
	size_t			 i, n;

	if ((s = slot_list(kind, &n)) == NULL || key == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(s[i].key, key) == 0)
			return &s[i];
	return NULL;
}
