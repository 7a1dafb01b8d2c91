/*
 * vocab.h - the platform's words, once: filing kinds (flow.h's order),
 * enterprise classes, reviewer levels, filing states, title levels, the
 * tiers of criteria schemes, with their zh-CN labels (DOMAIN.md; the
 * seeds' wording), and the year a form or query names. Every label is a string constant (borrowed).
 */
#ifndef VOCAB_H
#define VOCAB_H

/* The library kinds' labels, for tables built at compile time (headings). */
#define VOCAB_ENTRY	"新增入库"
#define VOCAB_UPDATE	"数据更新"

/* The forms of a kind's label. */
enum vocab_form {
	VOCAB_SHORT,	/* lists and queues: "小巨人（制造类）" */
	VOCAB_FILING,	/* the filing's own name: "小巨人企业认定（制造类）" */
	VOCAB_TITLE,	/* the title it grants: "专精特新小巨人企业（制造类）" */
	VOCAB_FORM__MAX
};

/* The label of filing kind ("entry", ...) in form, or "" if unknown (or NULL). */
const char	*vocab_kind_label(const char *kind, enum vocab_form form);

/*
 * The kind (flow.h's enum flow_kind) that text names: a kind's key, any
 * form of its label, or what people write in a list of titles ("产品",
 * "小巨人制造类"); -1 if none.
 */
int		 vocab_kind_from_text(const char *text);

/* "制造类" / "创新类" of class "mfg" / "innov"; "" otherwise (or NULL). */
const char	*vocab_class_label(const char *klass);

/* The zh-CN label of a filing state ("county": "待县级审核"); "" if unknown. */
const char	*vocab_state_label(const char *state);

/* The bureau of a review level ("city": "设区市工信部门"); "" otherwise. */
const char	*vocab_level_label(const char *level);

/*
 * The label of the state of a request a bureau decides (a change of
 * county, of mobile): pending, confirmed, refused; "" if unknown.
 */
const char	*vocab_request_state_label(const char *state);

/* "省级" / "市县" / "国家级" of a title level "province" / "local" / "national"; "" otherwise. */
const char	*vocab_title_level_label(const char *level);

/* The label of a yearly update status (none, due, filed, accepted, overdue); "" otherwise. */
const char	*vocab_update_status_label(const char *status);

/* The label of a removal's state (proposed, confirmed, undone); "" otherwise. */
const char	*vocab_removal_state_label(const char *state);

/* "县级" "市级" "省级" "国家级" of a scheme's tier (county ... national); "" otherwise. */
const char	*vocab_tier_label(const char *tier);

/* The year s names, or def when s is absent or not a year 2000-2099. */
int		 vocab_year(const char *s, int def);

#endif
