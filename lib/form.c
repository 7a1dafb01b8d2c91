/*
 * form.c - the catalogue of filing forms (see form.h): seed 004's fields
 * per section and kind, and the checks of one value. Amount rules follow
 * seed 002's FAQ: 万元, digits only, no thousands separators, two decimals.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "validate.h"

#define AMOUNT_MAX	1e9	/* 万元: ten trillion yuan is a typo */
#define PEOPLE_MAX	1e6

static const char *const ent_types[] = {
	"state", "国有控股", "collective", "集体控股", "private", "私人控股",
	"hkmt", "港澳台商控股", "foreign", "外商控股", "other", "其他", NULL
};
static const char *const key_fields[] = {
	"ict", "新一代信息技术", "equipment", "高端装备", "materials", "新材料",
	"bio", "生物医药", "energy", "新能源", "green", "节能环保", "auto", "新能源汽车",
	"digital", "数字创意", "other", "其他", NULL
};
static const char *const chain_positions[] = {
	"upstream", "上游（原材料、核心零部件）", "midstream", "中游（部件、中间产品）",
	"downstream", "下游（终端产品、服务）", NULL
};
static const char *const market_positions[] = {
	"intl", "国际领先", "national", "国内领先", "province", "省内领先", "other", "其他", NULL
};
/*
 * "own": seed 003 附件3 "自建或与高校、科研机构联合建立研发机构" counts an
 * institution no bureau has accredited (it has no level).
 */
static const char *const institution_levels[] = {
	"none", "无", "own", "自建或联合建立（未经认定）", "county", "县级", "city", "市级", "province", "省级", "national", "国家级", NULL
};
/* Seed 004 产品附证: "产品采用相关授权专利技术情况(发明专利或实用新型专利)". */
static const char *const patent_types[] = {
	"invention", "发明专利", "utility", "实用新型专利", NULL
};

#define F(n, l, t, fl)	{ n, l, t, fl, 0, 0, NULL, 0, NULL }
#define TXT(n, l, len, fl)	{ n, l, FORM_TEXT, fl, 0, len, NULL, 0, NULL }
#define AMT(n, l, fl)	{ n, l, FORM_AMOUNT, fl, AMOUNT_MAX, 0, NULL, 0, "万元，最多两位小数；千位分隔符和全角数字会自动转换" }
#define NUM(n, l, mx, fl)	{ n, l, FORM_INT, fl, mx, 0, NULL, 0, NULL }
#define PCT(n, l, fl)	{ n, l, FORM_PERCENT, fl, 100, 0, NULL, 0, "%，0至100；可带%号" }
#define SEL(n, l, c, fl)	{ n, l, FORM_CHOICE, fl, 0, 0, c, 0, NULL }
#define ROW(n, l, fl)	{ n, l, FORM_AMOUNT, fl, AMOUNT_MAX, 0, NULL, 1, NULL }
#define END		{ NULL, NULL, 0, 0, 0, 0, NULL, 0, NULL }

static const struct form_field f_basic[] = {
	TXT("address", "通讯地址", 200, FORM_REQUIRED),
	F("postcode", "邮政编码", FORM_POSTCODE, FORM_REQUIRED),
	TXT("legal_rep", "法定代表人", 50, FORM_REQUIRED),
	F("legal_rep_phone", "法定代表人电话", FORM_PHONE, FORM_REQUIRED),
	/* Seed 004 基本情况: 法定代表人 电话 手机; 传真 E-mail. */
	F("legal_rep_mobile", "法定代表人手机", FORM_MOBILE, 0),
	TXT("contact", "联系人", 50, FORM_REQUIRED),
	F("contact_phone", "联系人电话", FORM_PHONE, 0),
	F("contact_mobile", "联系人手机", FORM_MOBILE, FORM_REQUIRED),
	F("fax", "传真", FORM_PHONE, 0),
	F("email", "E-mail", FORM_EMAIL, 0),
	SEL("ent_type", "企业类型", ent_types, FORM_REQUIRED),
	F("founded", "成立时间", FORM_DATE, FORM_REQUIRED),
	AMT("reg_capital", "注册资本（万元）", FORM_REQUIRED),
	F("industry", "所属国民经济行业", FORM_INDUSTRY, FORM_REQUIRED),
	SEL("key_field", "企业所属重点领域", key_fields, FORM_REQUIRED),
	F("cluster", "所属重点产业集群", FORM_CLUSTER, 0),
	F("chains", "所属重点产业链", FORM_MULTI, 0),
	F("listed", "企业是否上市", FORM_YESNO, FORM_REQUIRED),
	F("high_tech", "是否高新技术企业", FORM_YESNO, FORM_REQUIRED),
	F("tech_sme", "是否科技型中小企业", FORM_YESNO, 0),
	AMT("assets_total", "上年末资产总额（万元）", FORM_REQUIRED),
	AMT("liabilities_total", "上年末负债总额（万元）", FORM_REQUIRED),
	NUM("employees", "上年末职工人数（人）", PEOPLE_MAX, FORM_REQUIRED),
	NUM("rd_staff", "上年末研发技术人员人数（人）", PEOPLE_MAX, FORM_REQUIRED),
	{ "intro", "企业简介", FORM_AREA, FORM_REQUIRED, 0, 3000, NULL, 0, "不超过3000字" },
	END
};

#define PRODUCT(i, fl) \
	TXT("product" #i "_name", "主导产品" #i " 名称", 100, fl), \
	PCT("product" #i "_share", "主导产品" #i " 占营业收入比重（%）", fl), \
	SEL("product" #i "_market", "主导产品" #i " 市场地位", market_positions, fl), \
	NUM("product" #i "_market_rank", "主导产品" #i " 国内细分市场占有率排名", 100000, 0), \
	PCT("product" #i "_market_share", "主导产品" #i " 国内细分市场占有率（%）", 0), \
	SEL("product" #i "_chain_pos", "主导产品" #i " 产业链位置", chain_positions, fl)

static const struct form_field f_products[] = {
	PRODUCT(1, FORM_REQUIRED), PRODUCT(2, 0), PRODUCT(3, 0),
	NUM("segment_years", "从事细分领域时间（年）", 200, FORM_REQUIRED),
	END
};

static const struct form_field f_operations[] = {
	ROW("revenue", "营业收入（万元）", FORM_REQUIRED),
	ROW("main_revenue", "主营业务收入（万元）", FORM_REQUIRED),
	ROW("profit", "利润总额（万元）", FORM_REQUIRED | FORM_NEGATIVE),
	ROW("net_profit", "净利润（万元）", FORM_NEGATIVE),
	ROW("tax", "实缴税金（万元）", FORM_REQUIRED),
	ROW("rd_invest", "研发和技术改造投入总额（万元）", FORM_REQUIRED),
	ROW("rd_expense", "其中：研发费用（万元）", FORM_REQUIRED),
	END
};

const char *const form_rows[] = {
	"revenue", "main_revenue", "profit", "net_profit", "tax", "rd_invest", "rd_expense", NULL
};

static const struct form_field f_rnd[] = {
	SEL("rd_institution", "研发机构最高级别", institution_levels, FORM_REQUIRED),
	NUM("patents_invention", "有效发明专利（件）", 100000, FORM_REQUIRED),
	/* Seed 003 附件2 (金湖): "拥有申报或授权的发明专利" counts applications too. */
	NUM("patents_invention_applied", "已申请尚未授权的发明专利（件）", 100000, 0),
	NUM("patents_utility", "有效实用新型专利（件）", 100000, FORM_REQUIRED),
	NUM("patents_design", "有效外观设计专利（件）", 100000, 0),
	NUM("software_copyrights", "软件著作权（件）", 100000, 0),
	NUM("ip_class1", "I类知识产权（件）", 100000, 0),
	NUM("ip_class2", "II类知识产权（件）", 100000, 0),
	NUM("standards_intl", "主导或参与制定国际标准（项）", 10000, 0),
	NUM("standards_national", "主导或参与制定国家标准（项）", 10000, 0),
	NUM("standards_industry", "主导或参与制定行业标准（项）", 10000, 0),
	NUM("sci_award_3y", "近三年省级以上科技奖励（项）", 10000, 0),
	AMT("equity_financing_3y", "近三年股权融资（万元）", 0),
	F("quality_cert", "是否通过质量管理体系认证", FORM_YESNO, 0),
	END
};

static const struct form_field f_titles[] = {
	F("high_tech_cert_date", "高新技术企业认定日期", FORM_DATE, 0),
	F("tech_sme_cert_date", "科技型中小企业入库日期", FORM_DATE, 0),
	F("giant_province_date", "省级专精特新小巨人认定日期", FORM_DATE, 0),
	F("giant_national_date", "国家级专精特新小巨人认定日期", FORM_DATE, 0),
	F("product_cert_date", "省级专精特新产品认定日期", FORM_DATE, 0),
	{ "titles_other", "其他已认定事项及有效期", FORM_AREA, 0, 0, 1000, NULL, 0, NULL },
	END
};

/*
 * Seed 004 §2.1.1 产品附证: three tables the enterprise "增加"s rows to,
 * each row with its scan (影印件). Patents: "产品采用相关授权专利技术情况
 * (发明专利或实用新型专利)"; one of them or the 专有技术 (seed 003 附件4
 * "拥有2项发明（或实用新型）专利或具有专有技术", FORM_ONEOF on the list).
 */
static const struct form_field c_patent[] = {
	TXT("name", "专利名称", 200, FORM_REQUIRED),
	TXT("number", "专利授权号", 40, FORM_REQUIRED),
	SEL("type", "专利类型", patent_types, FORM_REQUIRED),
	F("date", "授权日期", FORM_DATE, FORM_REQUIRED),
	END
};
/* 产品附证资料: 内容, 报告(证书)提供单位, 报告(证书)提供时间. */
static const struct form_field c_report[] = {
	TXT("name", "内容", 200, FORM_REQUIRED),
	TXT("issuer", "报告(证书)提供单位", 100, FORM_REQUIRED),
	F("issued", "报告(证书)提供时间", FORM_DATE, FORM_REQUIRED),
	END
};
/* 其它附证资料: 名称, 发放时间, 有效期 (有效期 left empty: 长期有效). */
static const struct form_field c_cert[] = {
	TXT("name", "名称", 200, FORM_REQUIRED),
	F("issued", "发放时间", FORM_DATE, FORM_REQUIRED),
	{ "valid_until", "有效期至", FORM_DATE, 0, 0, 0, NULL, 0, "长期有效的不填" },
	END
};

static const struct form_rowset rs_patent = { "patent",
	"产品采用相关授权专利技术情况（发明专利或实用新型专利）", "专利", "授权专利证书影印件", c_patent };
static const struct form_rowset rs_report = { "report", "产品附证资料", "附证资料",
	"附证文件影印件", c_report };
static const struct form_rowset rs_cert = { "cert", "其它附证资料", "其它附证资料",
	"附证文件影印件", c_cert };

/* The row lists, each a field of its section (FORM_ROWS). */
static const struct form_field f_rows_patent = { "patent_rows", "产品采用相关授权专利技术情况", FORM_ROWS, FORM_ONEOF, 0, 0, NULL, 0, NULL };
static const struct form_field f_rows_report = { "report_rows", "产品附证资料", FORM_ROWS, 0, 0, 0, NULL, 0, NULL };
static const struct form_field f_rows_cert = { "cert_rows", "其它附证资料", FORM_ROWS, 0, 0, 0, NULL, 0, NULL };

static const struct form_field f_product[] = {
	{ "product_desc", "产品简介（性能指标、工艺、与国内外先进水平对比）", FORM_AREA, FORM_REQUIRED, 0, 3000, NULL, 0, NULL },
	AMT("product_revenue", "上年度该产品销售收入（万元）", FORM_REQUIRED),
	PCT("product_market_share", "该产品国内细分市场占有率（%）", 0),
	/* Seed 003 附件4 rule 3: "产品的市场占有率位居国内前10位" needs the rank. */
	NUM("product_market_rank", "该产品国内细分市场占有率排名", 100000, 0),
	{ "proprietary_tech", "专有技术（无授权专利时填写：名称、内容、保护措施）", FORM_AREA, FORM_ONEOF, 0, 2000, NULL, 0, "拥有2项发明（或实用新型）专利或具有专有技术" },
	END
};

static const struct form_field f_management[] = {
	{ "mgmt_systems", "企业管理制度（质量、知识产权、安全、风险）", FORM_AREA, FORM_REQUIRED, 0, 2000, NULL, 0, NULL },
	{ "info_level", "信息化建设情况", FORM_AREA, FORM_REQUIRED, 0, 2000, NULL, 0, NULL },
	{ "brand", "品牌培育情况", FORM_AREA, 0, 0, 2000, NULL, 0, NULL },
	END
};

static const struct form_field f_financing[] = {
	AMT("financing_total", "累计获得股权融资（万元）", FORM_REQUIRED),
	TXT("financing_last_round", "最近一轮融资（轮次、时间、投资方）", 200, 0),
	{ "founders", "创始人情况", FORM_AREA, FORM_REQUIRED, 0, 2000, NULL, 0, NULL },
	{ "team", "核心团队情况", FORM_AREA, FORM_REQUIRED, 0, 2000, NULL, 0, NULL },
	{ "reasons", "申报理由", FORM_AREA, FORM_REQUIRED, 0, 2000, NULL, 0, NULL },
	{ "advantages", "企业优势", FORM_AREA, FORM_REQUIRED, 0, 2000, NULL, 0, NULL },
	END
};


#define FORM_ROWSETS_MAX	3

/*
 * Seed 004 §2.2.2 and §2.3.2: the 制造类 and 创新类 application forms end
 * with "本次认定申报服务满意度评价".
 */
static const char *const satisfaction_levels[] = {
	"very", "非常满意", "good", "满意", "fair", "基本满意", "poor", "不满意", NULL
};
static const struct form_field f_survey[] = {
	SEL("satisfaction", "本次认定申报服务满意度评价", satisfaction_levels, 0),
	{ "satisfaction_note", "意见和建议", FORM_AREA, 0, 0, 1000, NULL, 0, NULL },
	END
};

struct form_sec_def {
	struct form_section		 s;
	const struct form_field		*fields;
	const struct form_rowset	*rowsets[FORM_ROWSETS_MAX];
	const struct form_field		*lists[FORM_ROWSETS_MAX];	/* their row lists */
};

static const struct form_sec_def sec_basic = { { "basic", "基本情况" }, f_basic, { NULL }, { NULL } };
static const struct form_sec_def sec_products = { { "products", "产品信息" }, f_products, { NULL }, { NULL } };
static const struct form_sec_def sec_operations = { { "operations", "经营情况" }, f_operations, { NULL }, { NULL } };
static const struct form_sec_def sec_rnd = { { "rnd", "创新研发" }, f_rnd, { NULL }, { NULL } };
static const struct form_sec_def sec_titles = { { "titles", "已认定事项" }, f_titles, { NULL }, { NULL } };
static const struct form_sec_def sec_product = { { "product", "产品认定信息" }, f_product,
	{ &rs_patent, &rs_report, &rs_cert }, { &f_rows_patent, &f_rows_report, &f_rows_cert } };
static const struct form_sec_def sec_management = { { "management", "企业管理" }, f_management, { NULL }, { NULL } };
static const struct form_sec_def sec_financing = { { "financing", "融资与团队" }, f_financing, { NULL }, { NULL } };
static const struct form_sec_def sec_survey = { { "survey", "满意度评价" }, f_survey, { NULL }, { NULL } };
static const struct form_sec_def sec_attachments = { { "attachments", "附件" }, NULL, { NULL }, { NULL } };

struct form_kind {
	const char			*kind;
	const struct form_sec_def	*secs[FORM_SECTIONS_MAX];
};

static const struct form_kind form_kinds[] = {
	{ "entry", { &sec_basic, &sec_products, &sec_operations, &sec_rnd, &sec_titles, &sec_attachments } },
	{ "update", { &sec_basic, &sec_products, &sec_operations, &sec_rnd, &sec_titles, &sec_attachments } },
	{ "product", { &sec_basic, &sec_product, &sec_operations, &sec_rnd, &sec_attachments } },
	{ "giant-mfg", { &sec_basic, &sec_products, &sec_operations, &sec_rnd, &sec_titles, &sec_management, &sec_survey, &sec_attachments } },
	{ "giant-innov", { &sec_basic, &sec_products, &sec_operations, &sec_rnd, &sec_financing, &sec_survey, &sec_attachments } },
	/* A recheck has no form of its own: it fills its title's (form_kind_of). */
};

const char *
form_kind_of(const char *kind, const char *class, const char *subject)
{
	if (kind == NULL || strcmp(kind, "recheck") != 0)
		return kind;
	if (subject != NULL && *subject != '\0')
		return "product";
	return class != NULL && strcmp(class, "innov") == 0 ? "giant-innov" : "giant-mfg";
}

static const struct form_kind *
form_kind_find(const char *kind)
{
	size_t	 i;

	for (i = 0; kind != NULL && i < sizeof(form_kinds) / sizeof(form_kinds[0]); i++)
		if (strcmp(form_kinds[i].kind, kind) == 0)
			return &form_kinds[i];
	return NULL;
}

size_t
form_sections(const char *kind, const struct form_section **out)
{
	static const struct form_section	*none;
	const struct form_kind			*k = form_kind_find(kind);
	static struct form_section		 list[sizeof(form_kinds) / sizeof(form_kinds[0])][FORM_SECTIONS_MAX];
	size_t					 n, ki;

	*out = none;
	if (k == NULL)
		return 0;
	ki = (size_t)(k - form_kinds);
	for (n = 0; n < FORM_SECTIONS_MAX && k->secs[n] != NULL; n++)
		list[ki][n] = k->secs[n]->s;
	*out = list[ki];
	return n;
}

static const struct form_sec_def *
form_sec_find(const char *kind, const char *key)
{
	const struct form_kind	*k = form_kind_find(kind);
	size_t			 i;

	for (i = 0; k != NULL && key != NULL && i < FORM_SECTIONS_MAX && k->secs[i] != NULL; i++)
		if (strcmp(k->secs[i]->s.key, key) == 0)
			return k->secs[i];
	return NULL;
}

int
form_kind_has_field(const char *kind, const char *name)
{
	const struct form_kind	*k = form_kind_find(kind);
	const struct form_field	*f;
	size_t			 i;

	for (i = 0; k != NULL && name != NULL && i < FORM_SECTIONS_MAX && k->secs[i] != NULL; i++)
		for (f = k->secs[i]->fields; f != NULL && f->name != NULL; f++)
			if (strcmp(f->name, name) == 0)
				return 1;
	return 0;
}

const struct form_section *
form_section_find(const char *kind, const char *key)
{
	const struct form_sec_def	*d = form_sec_find(kind, key);

	return d != NULL ? &d->s : NULL;
}

/*
 * Item names and labels are put together piece by piece: a section page
 * and its progress frame make some 270 of them, which snprintf made the
 * largest cost of the page. A name or label is cut at its buffer as
 * snprintf would.
 */
struct form_text {
	char	*p;
	size_t	 sz;
	size_t	 n;
};

static void
form_text_cat(struct form_text *t, const char *s)
{
	size_t	 k = strlen(s);

	if (k > t->sz - 1 - t->n)
		k = t->sz - 1 - t->n;
	memcpy(t->p + t->n, s, k);
	t->n += k;
	t->p[t->n] = '\0';
}

static void
form_text_int(struct form_text *t, long v)
{
	char		 d[24];
	size_t		 i = sizeof(d) - 1;
	unsigned long	 u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	d[i] = '\0';
	do
		d[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		d[--i] = '-';
	form_text_cat(t, d + i);
}

/* t on the buffer b of bsz bytes, emptied. */
#define FORM_TEXT(b)	((struct form_text){ (b), sizeof(b), ((b)[0] = '\0', 0) })

/* Expand one yearly row for the history years and the forecast. */
static size_t
form_expand_row(const struct form_field *f, int year, struct form_item *items, size_t max)
{
	struct form_text t;
	size_t		 n = 0;
	int		 y;

	for (y = FORM_YEAR_FIRST(year); y <= year && n < max; y++, n++) {
		memset(&items[n], 0, sizeof(items[n]));
		items[n].f = f;
		items[n].year = y;
		items[n].forecast = y == year;
		t = FORM_TEXT(items[n].name);
		form_text_cat(&t, f->name);
		form_text_cat(&t, "_");
		form_text_int(&t, y);
		t = FORM_TEXT(items[n].label);
		form_text_int(&t, y);
		form_text_cat(&t, y == year ? "年（预计） " : "年 ");
		form_text_cat(&t, f->label);
	}
	return n;
}

int
form_rows_parse(const char *s, int *keys)
{
	const char	*p = s;
	long		 k;
	char		*end;
	int		 n = 0, i;

	if (s == NULL || *s == '\0')
		return 0;
	for (;;) {
		if (!isdigit((unsigned char)*p))
			return -1;
		k = strtol(p, &end, 10);
		if (k < 1 || k > FORM_ROW_KEY_MAX || n >= FORM_ROWS_MAX)
			return -1;
		for (i = 0; i < n; i++)
			if (keys[i] == k)
				return -1;
		keys[n++] = (int)k;
		if (*end == '\0')
			return n;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

void
form_rows_format(const int *keys, size_t n, char *buf, size_t bufsz)
{
	size_t	 i, o = 0;

	if (bufsz > 0)
		buf[0] = '\0';
	for (i = 0; i < n && o < bufsz; i++)
		o += (size_t)snprintf(buf + o, bufsz - o, "%s%d", i ? "," : "", keys[i]);
}

size_t
form_row_keys(const struct form_rowset *rs, form_get_fn get, void *arg, int *keys)
{
	const struct form_field	*c;
	const char		*v;
	char			 name[48];
	size_t			 n = 0;
	int			 k, r;

	if (get == NULL)
		return 0;
	snprintf(name, sizeof(name), "%s_rows", rs->key);
	if ((v = get(arg, name)) != NULL)
		return (r = form_rows_parse(v, keys)) > 0 ? (size_t)r : 0;
	/* Saved before tables had a row list: the fixed rows 1-3 in use. */
	for (k = 1; k <= 3; k++)
		for (c = rs->cols; c->name != NULL; c++) {
			snprintf(name, sizeof(name), "%s%d_%s", rs->key, k, c->name);
			if ((v = get(arg, name)) != NULL && *v != '\0') {
				keys[n++] = k;
				break;
			}
		}
	return n;
}

size_t
form_rowsets(const char *kind, const char *key, const struct form_rowset *const **out)
{
	const struct form_sec_def	*d = form_sec_find(kind, key);
	size_t				 n = 0;

	*out = d != NULL ? d->rowsets : NULL;
	while (d != NULL && n < FORM_ROWSETS_MAX && d->rowsets[n] != NULL)
		n++;
	return n;
}

const struct form_rowset *
form_rowset_find(const char *kind, const char *key)
{
	const struct form_kind	*k = form_kind_find(kind);
	size_t			 i, j;

	for (i = 0; k != NULL && key != NULL && i < FORM_SECTIONS_MAX && k->secs[i] != NULL; i++)
		for (j = 0; j < FORM_ROWSETS_MAX && k->secs[i]->rowsets[j] != NULL; j++)
			if (strcmp(k->secs[i]->rowsets[j]->key, key) == 0)
				return k->secs[i]->rowsets[j];
	return NULL;
}

int
form_row_slot(const char *kind, const char *slot, const struct form_rowset **rs, int *row)
{
	const char	*dash;
	char		 key[16];
	int		 keys[FORM_ROWS_MAX];	/* form_rows_parse may fill them all */

	*rs = NULL;
	*row = 0;
	if (slot == NULL || (dash = strchr(slot, '-')) == NULL ||
	    (size_t)(dash - slot) >= sizeof(key))
		return 0;
	snprintf(key, sizeof(key), "%.*s", (int)(dash - slot), slot);
	/* One key, no leading zero: the slot names the row one way only. */
	if (dash[1] == '0' || form_rows_parse(dash + 1, keys) != 1 ||
	    (*rs = form_rowset_find(kind, key)) == NULL)
		return 0;
	*row = keys[0];
	return 1;
}

/* The row list item and the cells of each row of table rs (list field lf). */
static size_t
form_expand_rows(const struct form_rowset *rs, const struct form_field *lf,
    form_get_fn get, void *arg, struct form_item *items, size_t max)
{
	const struct form_field	*c;
	struct form_text	 t;
	int			 keys[FORM_ROWS_MAX];
	size_t			 nk, i, n = 0;

	if (max == 0)
		return 0;
	memset(&items[n], 0, sizeof(items[n]));
	items[n].f = lf;
	items[n].rs = rs;
	t = FORM_TEXT(items[n].name);
	form_text_cat(&t, lf->name);
	t = FORM_TEXT(items[n].label);
	form_text_cat(&t, lf->label);
	n++;
	nk = form_row_keys(rs, get, arg, keys);
	for (i = 0; i < nk; i++)
		for (c = rs->cols; c->name != NULL && n < max; c++, n++) {
			memset(&items[n], 0, sizeof(items[n]));
			items[n].f = c;
			items[n].rs = rs;
			items[n].row = keys[i];
			t = FORM_TEXT(items[n].name);
			form_text_cat(&t, rs->key);
			form_text_int(&t, keys[i]);
			form_text_cat(&t, "_");
			form_text_cat(&t, c->name);
			t = FORM_TEXT(items[n].label);
			form_text_cat(&t, rs->row_label);
			form_text_cat(&t, "（第");
			form_text_int(&t, (long)i + 1);
			form_text_cat(&t, "行） ");
			form_text_cat(&t, c->label);
		}
	return n;
}

size_t
form_items_of(const char *kind, int year, const char *key, form_get_fn get, void *arg,
    struct form_item *items, size_t max)
{
	const struct form_sec_def	*d = form_sec_find(kind, key);
	const struct form_field		*f;
	struct form_text		 t;
	size_t				 n = 0, j;

	if (d == NULL || d->fields == NULL)
		return 0;
	for (f = d->fields; f->name != NULL && n < max; f++) {
		if (f->yearly) {
			n += form_expand_row(f, year, items + n, max - n);
			continue;
		}
		memset(&items[n], 0, sizeof(items[n]));
		items[n].f = f;
		t = FORM_TEXT(items[n].name);
		form_text_cat(&t, f->name);
		t = FORM_TEXT(items[n].label);
		form_text_cat(&t, f->label);
		n++;
	}
	for (j = 0; j < FORM_ROWSETS_MAX && d->rowsets[j] != NULL && n < max; j++)
		n += form_expand_rows(d->rowsets[j], d->lists[j], get, arg, items + n, max - n);
	return n;
}

size_t
form_items(const char *kind, int year, const char *key, struct form_item *items, size_t max)
{
	return form_items_of(kind, year, key, NULL, NULL, items, max);
}

/* Amounts: [-]digits[.d[d]], no separators (seed 002 FAQ), within range. */
static const char *
form_check_amount(const struct form_field *f, const char *s)
{
	const char	*p = s, *dot;
	double		 v;

	if (strchr(s, ',') != NULL || strstr(s, "，") != NULL)
		return "千位分隔符应每三位一个，如 1,234.56；也可不加分隔符：1234.56";
	if (*p == '-') {
		if (!(f->flags & FORM_NEGATIVE))
			return "不能为负数";
		p++;
	}
	if (!isdigit((unsigned char)*p))
		return "请填写数字（单位：万元），如 1234.56";
	while (isdigit((unsigned char)*p))
		p++;
	dot = p;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return "请填写数字（单位：万元），如 1234.56";
		while (isdigit((unsigned char)*p))
			p++;
		if (p - dot - 1 > 2)
			return "最多保留两位小数";
	}
	if (*p != '\0')
		return "请填写数字（单位：万元），如 1234.56";
	v = strtod(s, NULL);
	if (v > f->max || v < -f->max)
		return "数值超出合理范围，请核对单位是否为万元";
	return NULL;
}

static const char *
form_check_int(const struct form_field *f, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return strchr(s, ',') ? "千位分隔符应每三位一个，如 1,200；也可只填数字" : "请填写整数";
	if (*s == '\0' || p - s > 9 || strtod(s, NULL) > f->max)
		return "数值超出合理范围";
	return NULL;
}

static const char *
form_check_percent(const char *s)
{
	struct form_field	 f = { "", "", FORM_AMOUNT, 0, 100, 0, NULL, 0, NULL };
	const char		*msg = form_check_amount(&f, s);

	if (msg != NULL && strcmp(msg, "数值超出合理范围，请核对单位是否为万元") == 0)
		return "百分比应在0至100之间";
	return msg != NULL ? "请填写0至100之间的数字，最多两位小数" : NULL;
}

static const char *
form_check_phone(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++, n++)
		if (!isdigit((unsigned char)*s) && *s != '-')
			return "电话号码只能包含数字和“-”，如 025-12345678";
	return n >= 7 && n <= 20 ? NULL : "电话号码长度应为7至20位";
}

static const char *
form_check_email(const char *s)
{
	const char	*at = strchr(s, '@');

	if (strlen(s) > 100 || at == NULL || at == s || strchr(at + 1, '.') == NULL ||
	    strchr(at + 1, '@') != NULL || strpbrk(s, " <>\"'") != NULL || at[1] == '.')
		return "请填写有效的电子邮箱，如 name@example.com";
	return NULL;
}

static const char *
form_check_choice(const struct form_field *f, const char *s)
{
	const char *const	*c;

	for (c = f->choices; c != NULL && c[0] != NULL; c += 2)
		if (strcmp(c[0], s) == 0)
			return NULL;
	return "请从列表中选择";
}

/* Comma-separated positive ids (chains); existence is checked against the table. */
static const char *
form_check_multi(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s) && *s != ',')
			return "请从列表中选择";
	return NULL;
}

static const char *
form_check_digits(const char *s, size_t n, const char *msg)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return msg;
	return s[n] == '\0' ? NULL : msg;
}

const char *
form_check(const struct form_field *f, const char *v)
{
	if (v == NULL || *v == '\0')
		return NULL;
	if (strlen(v) > 4 * 3000 + 16)
		return "内容过长";
	switch (f->type) {
	case FORM_TEXT:
	case FORM_AREA:
		return validate_text(v, f->maxlen) == NULL ? NULL :
		    f->type == FORM_AREA && f->maxlen == 3000 ? "不超过3000字" : "内容过长或含有无效字符";
	case FORM_AMOUNT:
		return form_check_amount(f, v);
	case FORM_INT:
		return form_check_int(f, v);
	case FORM_PERCENT:
		return form_check_percent(v);
	case FORM_DATE:
		return validate_date(v, 1900, 2100);
	case FORM_POSTCODE:
		return form_check_digits(v, 6, "邮政编码应为6位数字");
	case FORM_PHONE:
		return form_check_phone(v);
	case FORM_MOBILE:
		return validate_mobile(v);
	case FORM_EMAIL:
		return form_check_email(v);
	case FORM_CHOICE:
		return form_check_choice(f, v);
	case FORM_YESNO:
		return strcmp(v, "1") == 0 || strcmp(v, "0") == 0 ? NULL : "请选择“是”或“否”";
	case FORM_MULTI:
		return form_check_multi(v);
	case FORM_INDUSTRY:
		return form_check_digits(v, 4, "请选择国民经济行业小类");
	case FORM_CLUSTER:
		return form_check_digits(v, strlen(v), "") == NULL && strlen(v) <= 3 &&
		    atoi(v) > 0 ? NULL : "请从列表中选择";
	case FORM_ROWS:
		return form_rows_parse(v, (int[FORM_ROWS_MAX]){ 0 }) >= 0 ? NULL : "行数据无效，请刷新页面后重试";
	default:
		return "无效的值";
	}
}

/*
 * s without its thousands separators into out (same size or more) if they
 * stand every three digits of the whole part ("-1,234,567.5"); 0 (out
 * untouched) when s has none or has one out of place.
 */
static int
form_ungroup(const char *s, char *out)
{
	const char	*p = s;
	size_t		 lead = 0, n;

	if (strchr(s, ',') == NULL)
		return 0;
	if (*p == '-' || *p == '+')
		p++;
	while (isdigit((unsigned char)p[lead]))
		lead++;
	if (lead < 1 || lead > 3 || p[lead] != ',')
		return 0;
	for (p += lead; *p == ','; p += 4)
		for (n = 1; n <= 3; n++)
			if (!isdigit((unsigned char)p[n]))
				return 0;
	if (isdigit((unsigned char)*p) || strchr(p, ',') != NULL)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (*p != ',')
			*out++ = *p;
	*out = '\0';
	return 1;
}

/* An amount of [-]digits[.d[d]] padded to two decimals in place, in s of size sz. */
static void
form_two_decimals(char *s, size_t sz)
{
	char	*dot = strchr(s, '.');
	size_t	 l = strlen(s);

	if (form_check_amount(&(struct form_field){ "", "", FORM_AMOUNT, FORM_NEGATIVE,
	    AMOUNT_MAX, 0, NULL, 0, NULL }, s) != NULL)
		return;

	if (dot == NULL)
		snprintf(s + l, sz - l, ".00");
	else if (dot[2] == '\0')
		snprintf(s + l, sz - l, "0");
}

char *
form_normalise(const struct form_field *f, const char *v)
{
	char	*a, *out;
	size_t	 n, outsz;

	if (f->type != FORM_AMOUNT && f->type != FORM_INT && f->type != FORM_PERCENT)
		return strdup(v != NULL ? v : "");
	if ((a = validate_ascii_number(v)) == NULL)
		return NULL;
	n = strlen(a);
	outsz = n + 4;		/* room for ".00" */
	if ((out = malloc(outsz)) == NULL) {
		free(a);
		return NULL;
	}
	if (f->type == FORM_PERCENT && n > 0 && a[n - 1] == '%')
		a[--n] = '\0';
	if (!form_ungroup(a, out))
		memcpy(out, a, n + 1);
	if (*out == '+')
		memmove(out, out + 1, strlen(out));
	free(a);
	/* Rewritten amounts show the user, on the page, the number that was saved. */
	if (f->type == FORM_AMOUNT && strcmp(out, v != NULL ? v : "") != 0)
		form_two_decimals(out, outsz);
	return out;
}

/* The definition of a concrete name in any section of any kind. */
static const struct form_sec_def *const form_all[] = { &sec_basic, &sec_products,
	&sec_operations, &sec_rnd, &sec_titles, &sec_product, &sec_management,
	&sec_financing, &sec_survey };

/* A table's row list ("patent_rows") or cell ("patent3_name"), or NULL. */
static const struct form_field *
form_row_def(const char *name, const char **section)
{
	const struct form_rowset	*rs;
	const struct form_field		*c;
	const char			*p;
	size_t				 i, j, len;

	for (i = 0; i < sizeof(form_all) / sizeof(form_all[0]); i++)
		for (j = 0; j < FORM_ROWSETS_MAX && (rs = form_all[i]->rowsets[j]) != NULL; j++) {
			*section = form_all[i]->s.key;
			if (strcmp(name, form_all[i]->lists[j]->name) == 0)
				return form_all[i]->lists[j];
			len = strlen(rs->key);
			if (strncmp(name, rs->key, len) != 0 || !isdigit((unsigned char)name[len]) ||
			    name[len] == '0')
				continue;
			for (p = name + len; isdigit((unsigned char)*p); p++)
				;
			if (*p != '_' || p - (name + len) > 2)
				continue;
			for (c = rs->cols; c->name != NULL; c++)
				if (strcmp(p + 1, c->name) == 0)
					return c;
		}
	return NULL;
}

static const struct form_field *
form_field_def(const char *name, int *year, const char **section)
{
	const struct form_field		*f;
	const char			*us;
	size_t				 i, len;

	*year = 0;
	us = strrchr(name, '_');
	if ((f = form_row_def(name, section)) != NULL)
		return f;
	for (i = 0; i < sizeof(form_all) / sizeof(form_all[0]); i++)
		for (f = form_all[i]->fields; f->name != NULL; f++) {
			*section = form_all[i]->s.key;
			if (!f->yearly && strcmp(f->name, name) == 0)
				return f;
			len = strlen(f->name);
			if (f->yearly && us != NULL && (size_t)(us - name) == len &&
			    strncmp(name, f->name, len) == 0 && strlen(us + 1) == 4 &&
			    form_check_digits(us + 1, 4, "") == NULL) {
				*year = atoi(us + 1);
				return f;
			}
		}
	return NULL;
}

int
form_label(const char *name, char *buf, size_t bufsz)
{
	const struct form_field	*f;
	const char		*sec;
	int			 year;

	if ((f = form_field_def(name, &year, &sec)) == NULL) {
		snprintf(buf, bufsz, "%s", name);
		return 0;
	}
	if (year > 0)
		snprintf(buf, bufsz, "%d年 %s", year, f->label);
	else
		snprintf(buf, bufsz, "%s", f->label);
	return 1;
}

const char *
form_choice_label(const struct form_field *f, const char *value)
{
	const char *const	*c;

	if (f->type == FORM_YESNO)
		return strcmp(value, "1") == 0 ? "是" : strcmp(value, "0") == 0 ? "否" : value;
	for (c = f->choices; c != NULL && c[0] != NULL; c += 2)
		if (strcmp(c[0], value) == 0)
			return c[1];
	return value;
}

const struct form_field *
form_field_find(const char *name, const char **section)
{
	const char	*sec = NULL;
	int		 year;
	const struct form_field	*f = form_field_def(name, &year, &sec);

	if (section != NULL)
		*section = f != NULL ? sec : NULL;
	return f;
}
