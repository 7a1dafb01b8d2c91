/*
 * vocab.c - the platform's words and their zh-CN labels, in one place:
 * filing kinds, classes, review levels, filing states, title levels,
 * the tiers of criteria schemes.
 */
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "vocab.h"

/* By enum flow_kind, then enum vocab_form; the seeds' wording. */
static const char *const vocab_kinds[FLOW_KIND__MAX][VOCAB_FORM__MAX] = {
	{ VOCAB_ENTRY, VOCAB_ENTRY, VOCAB_ENTRY },
	{ VOCAB_UPDATE, VOCAB_UPDATE, VOCAB_UPDATE },
	{ "专精特新产品", "专精特新产品认定", "专精特新产品" },
	{ "小巨人（制造类）", "小巨人企业认定（制造类）", "专精特新小巨人企业（制造类）" },
	{ "小巨人（创新类）", "小巨人企业认定（创新类）", "专精特新小巨人企业（创新类）" },
	{ "复核认定", "复核认定", "复核认定" },
};

/* Further names of kinds people write in lists of titles. */
static const char *const vocab_kind_aliases[][2] = {
	{ "product", "产品" },
	{ "giant-mfg", "小巨人企业（制造类）" },
	{ "giant-mfg", "小巨人制造类" },
	{ "giant-innov", "小巨人企业（创新类）" },
	{ "giant-innov", "小巨人创新类" },
};

/* key, label pairs; NULL ends. */
static const char *const vocab_classes[][2] = {
	{ "mfg", "制造类" }, { "innov", "创新类" }, { NULL, NULL }
};
static const char *const vocab_states[][2] = {
	{ "draft", "草稿" }, { "county", "待县级审核" }, { "city", "待市级审核" },
	{ "province", "待省级审核" }, { "accepted", "审核通过" },
	{ "returned", "已退回" }, { NULL, NULL }
};
static const char *const vocab_levels[][2] = {
	{ "county", "县（市、区）工信部门" }, { "city", "设区市工信部门" },
	{ "province", "省工信厅" }, { NULL, NULL }
};
/* Requests decided by a bureau: region_move, mobile_request. */
static const char *const vocab_request_states[][2] = {
	{ "pending", "待审核" }, { "confirmed", "已确认" },
	{ "refused", "未同意" }, { NULL, NULL }
};
static const char *const vocab_tiers[][2] = {
	{ "county", "县级" }, { "city", "市级" }, { "province", "省级" },
	{ "national", "国家级" }, { NULL, NULL }
};
static const char *const vocab_title_levels[][2] = {
	{ "province", "省级" }, { "local", "市县" }, { "national", "国家级" },
	{ NULL, NULL }
};
/* A library enterprise's 数据更新 of a year (lib/libyear.c). */
static const char *const vocab_update_statuses[][2] = {
	{ "none", "无需更新" }, { "due", "待更新" }, { "filed", "已提交" },
	{ "accepted", "已通过" }, { "overdue", "逾期未更新" }, { NULL, NULL }
};
/* A removal from the library, 清退出库 (lib/libyear.c). */
static const char *const vocab_removal_states[][2] = {
	{ "proposed", "县级已提出清退，待市级确认" }, { "confirmed", "已清退出库" },
	{ "undone", "清退已撤销" }, { NULL, NULL }
};

/* The label of key in pairs, or "". */
static const char *
vocab_pair(const char *const pairs[][2], const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && pairs[i][0] != NULL; i++)
		if (strcmp(pairs[i][0], key) == 0)
			return pairs[i][1];
	return "";
}

const char *
vocab_kind_label(const char *kind, enum vocab_form form)
{
	int	 k = kind != NULL ? flow_kind_parse(kind) : -1;

	return k >= 0 && (unsigned)form < VOCAB_FORM__MAX ? vocab_kinds[k][form] : "";
}

int
vocab_kind_from_text(const char *text)
{
	size_t	 i, f;
	int	 k;

	if (text == NULL)
		return -1;
	if ((k = flow_kind_parse(text)) >= 0)
		return k;
	for (k = 0; k < FLOW_KIND__MAX; k++)
		for (f = 0; f < VOCAB_FORM__MAX; f++)
			if (strcmp(text, vocab_kinds[k][f]) == 0)
				return k;
	for (i = 0; i < sizeof(vocab_kind_aliases) / sizeof(vocab_kind_aliases[0]); i++)
		if (strcmp(text, vocab_kind_aliases[i][1]) == 0)
			return flow_kind_parse(vocab_kind_aliases[i][0]);
	return -1;
}

const char *
vocab_class_label(const char *klass)
{
	return vocab_pair(vocab_classes, klass);
}

const char *
vocab_state_label(const char *state)
{
	return vocab_pair(vocab_states, state);
}

const char *
vocab_level_label(const char *level)
{
	return vocab_pair(vocab_levels, level);
}

const char *
vocab_title_level_label(const char *level)
{
	return vocab_pair(vocab_title_levels, level);
}

const char *
vocab_update_status_label(const char *status)
{
	return vocab_pair(vocab_update_statuses, status);
}

const char *
vocab_removal_state_label(const char *state)
{
	return vocab_pair(vocab_removal_states, state);
}

const char *
vocab_tier_label(const char *tier)
{
	return vocab_pair(vocab_tiers, tier);
}

int
vocab_year(const char *s, int def)
{
	char	*end;
	long	 y;

	if (s == NULL || *s == '\0')
		return def;
	y = strtol(s, &end, 10);
	return (*end != '\0' || y < 2000 || y > 2099) ? def : (int)y;
}

const char *
vocab_request_state_label(const char *state)
{
	return vocab_pair(vocab_request_states, state);
}
