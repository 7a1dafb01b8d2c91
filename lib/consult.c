/*
 * consult.c - 在线咨询 threads in the database (see consult.h): asking,
 * answering with an SMS, following up, handing over, solving, saved replies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "consult.h"
#include "db.h"
#include "scope.h"
#include "session.h"
#include "sms.h"

const char *const consult_topic_names[CONSULT_TOPIC__MAX] = { "filing", "tech" };
const char *const consult_topic_labels[CONSULT_TOPIC__MAX] = {
	"申报业务问题", "技术问题（登录、上传、短信）"
};
const char *const consult_state_names[CONSULT_STATE__MAX] = {
	"waiting", "answered", "solved"
};
const char *const consult_state_labels[CONSULT_STATE__MAX] = {
	"待回复", "已回复", "已解决"
};
const char *const consult_handler_names[CONSULT_H__MAX] = {
	"county", "city", "province", "support"
};
const char *const consult_handler_labels[CONSULT_H__MAX] = {
	"县（市、区）工信部门", "设区市工信部门", "省工信厅", "技术支持"
};

static const char SQL_ENT_REGION[] =
    "SELECT e.region_code, r.parent_code FROM enterprise e"
    " JOIN region r ON r.code = e.region_code WHERE e.id = ?";
static const char SQL_FILING_OWNER[] =
    "SELECT 1 FROM filing WHERE id = ? AND enterprise_id = ?";
static const char SQL_THREAD_INSERT[] =
    "INSERT INTO consult_thread (enterprise_id, account_id, subject, topic,"
    " filing_id, section, handler, handler_region, state, waiting_since,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting',"
    " UTC_TIMESTAMP(), UTC_TIMESTAMP(), UTC_TIMESTAMP())";
static const char SQL_MESSAGE_INSERT[] =
    "INSERT INTO consult_message (thread_id, account_id, kind, body,"
    " attachment_sha, attachment_name, attachment_type, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_THREAD_LOAD[] =
    "SELECT t.id, t.enterprise_id, e.name, t.subject, t.topic,"
    " COALESCE(t.filing_id, 0), t.section, t.handler, t.handler_region, hr.name,"
    " t.state, DATE_FORMAT(t.created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " e.region_code, r.parent_code,"
    " COALESCE((SELECT f.id FROM faq f WHERE f.thread_id = t.id), 0)"
    " FROM consult_thread t JOIN enterprise e ON e.id = t.enterprise_id"
    " JOIN region r ON r.code = e.region_code"
    " JOIN region hr ON hr.code = t.handler_region WHERE t.id = ?";
enum { TL_ID, TL_ENTERPRISE, TL_ENT_NAME, TL_SUBJECT, TL_TOPIC, TL_FILING, TL_SECTION,
	TL_HANDLER, TL_HANDLER_REGION, TL_HANDLER_REGION_NAME, TL_STATE, TL_CREATED_AT,
	TL_ENT_REGION, TL_ENT_PARENT, TL_FAQ };
/* Columns: enum consult_msg_col (consult.h), in its order. */
static const char SQL_MESSAGES[] =
    "SELECT m.kind, m.body, a.display_name, a.role,"
    " DATE_FORMAT(m.created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'),"
    " m.attachment_sha, m.attachment_name, m.attachment_type, m.id"
    " FROM consult_message m JOIN account a ON a.id = m.account_id"
    " WHERE m.thread_id = ? ORDER BY m.id";
/* The state changes check the state they leave, under the row lock. */
static const char SQL_LOCK[] =
    "SELECT state, handler, handler_region FROM consult_thread WHERE id = ? FOR UPDATE";
static const char SQL_SET_STATE[] =
    "UPDATE consult_thread SET state = ?, waiting_since = IF(? = 'waiting',"
    " COALESCE(waiting_since, UTC_TIMESTAMP()), NULL), updated_at = UTC_TIMESTAMP()"
    " WHERE id = ?";
static const char SQL_SET_HANDLER[] =
    "UPDATE consult_thread SET handler = ?, handler_region = ?,"
    " state = 'waiting', waiting_since = COALESCE(waiting_since, UTC_TIMESTAMP()),"
    " updated_at = UTC_TIMESTAMP() WHERE id = ?";
static const char SQL_ASKER_MOBILE[] =
    "SELECT a.mobile FROM consult_thread t JOIN account a ON a.id = t.account_id"
    " WHERE t.id = ? AND a.mobile IS NOT NULL";
static const char SQL_REPLY_INSERT[] =
    "INSERT INTO consult_reply (owner_role, owner_region, title, body,"
    " created_by, created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())";
/* Columns: enum consult_reply_col (consult.h). */
static const char SQL_REPLIES[] =
    "SELECT id, title, body FROM consult_reply WHERE owner_role = ?"
    " AND owner_region = ? ORDER BY title, id LIMIT 200";
/* Columns of the queues: enum consult_queue_col (consult.h), in its order. */
#define QUEUE_COLS \
    "SELECT t.id, t.subject, t.state, t.handler," \
    " IF(t.state = 'waiting', TIMESTAMPDIFF(HOUR, t.waiting_since, UTC_TIMESTAMP()), NULL)," \
    " DATE_FORMAT(t.created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), e.name,"
static const char SQL_QUEUE_ENTERPRISE[] =
    QUEUE_COLS " 0 FROM consult_thread t JOIN enterprise e ON e.id = t.enterprise_id"
    " WHERE t.enterprise_id = ? ORDER BY t.id DESC LIMIT 500";
static const char SQL_QUEUE_SUPPORT[] =
    QUEUE_COLS " 1 FROM consult_thread t JOIN enterprise e ON e.id = t.enterprise_id"
    " WHERE t.handler = 'support' AND t.state <> 'solved'"
    " ORDER BY t.state = 'waiting' DESC, t.waiting_since, t.id LIMIT 500";
static const char SQL_QUEUE_REVIEWER[] =
    QUEUE_COLS " t.handler = ? AND t.handler_region = ?"
    " FROM consult_thread t JOIN enterprise e ON e.id = t.enterprise_id"
    " JOIN region r ON r.code = e.region_code"
    " WHERE " SCOPE_SQL " AND t.state <> 'solved'"
    " ORDER BY t.handler = ? AND t.handler_region = ? DESC,"
    " t.state = 'waiting' DESC, t.waiting_since, t.id LIMIT 500";

int
consult_staff(const char *role)
{
	return role != NULL && (strcmp(role, "county") == 0 ||
	    strcmp(role, "city") == 0 || strcmp(role, "province") == 0 ||
	    strcmp(role, "support") == 0);
}

/* Insert one message of thread id. */
static enum sme_err
consult_message_add(struct db *db, long long id, long long account_id,
    const char *kind, const char *body, const char *sha, const char *name,
    const char *type)
{
	struct db_param p[] = { DB_INT(id), DB_INT(account_id), DB_STR(kind),
	    DB_STR(body), DB_OPT(sha), DB_OPT(name), DB_OPT(type) };

	return db_exec(db, SQL_MESSAGE_INSERT, p, 7, NULL, NULL);
}

static enum sme_err
consult_audit(struct db *db, long long actor, const char *ip,
    const char *action, long long id, const char *k, const char *v)
{
	char	 oid[32], after[512];

	snprintf(oid, sizeof(oid), "%lld", id);
	if (audit_json(after, sizeof(after), k, v, NULL) != 0)
		after[0] = '\0';
	return audit_log(db, actor, ip, action, "consult_thread", oid, NULL,
	    after[0] ? after : NULL);
}

static enum sme_err
consult_ask_tx(struct db *db, void *arg)
{
	const struct consult_ask *a = ((void **)arg)[0];
	long long		*id = ((void **)arg)[1];
	struct db_res		*res;
	char			 county[8];
	unsigned long long	 nid = 0;
	enum sme_err		 er;

	struct db_param pe[] = { DB_INT(a->enterprise_id) };
	if ((er = db_query(db, SQL_ENT_REGION, pe, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0) {
		db_res_free(res);
		return SME_EINPUT;
	}
	snprintf(county, sizeof(county), "%s", db_res_get(res, 0, 0));
	db_res_free(res);
	if (a->filing_id > 0) {
		struct db_param pf[] = { DB_INT(a->filing_id), DB_INT(a->enterprise_id) };
		if ((er = db_query(db, SQL_FILING_OWNER, pf, 2, &res)) != SME_OK)
			return er;
		er = res->nrows == 0 ? SME_EINPUT : SME_OK;
		db_res_free(res);
		if (er != SME_OK)
			return er;
	}
	int tech = a->topic == CONSULT_TOPIC_TECH;
	struct db_param p[] = { DB_INT(a->enterprise_id), DB_INT(a->account_id),
	    DB_STR(a->subject), DB_STR(consult_topic_names[a->topic]),
	    a->filing_id > 0 ? DB_INT(a->filing_id) : DB_NULL,
	    a->filing_id > 0 ? DB_OPT(a->section) : DB_NULL,
	    DB_STR(consult_handler_names[tech ? CONSULT_H_SUPPORT : CONSULT_H_COUNTY]),
	    DB_STR(tech ? "320000" : county) };
	if ((er = db_exec(db, SQL_THREAD_INSERT, p, 8, NULL, &nid)) != SME_OK)
		return er;
	*id = (long long)nid;
	if ((er = consult_message_add(db, *id, a->account_id, "question", a->body,
	    a->att_sha, a->att_name, a->att_type)) != SME_OK)
		return er;
	return consult_audit(db, a->account_id, a->ip, "consult_ask", *id,
	    "topic", consult_topic_names[a->topic]);
}

enum sme_err
consult_ask(struct db *db, const struct consult_ask *a, long long *id)
{
	void	*arg[2] = { (void *)a, id };

	*id = 0;
	return db_tx_run(db, consult_ask_tx, arg);
}

void
consult_free(struct consult_thread *t)
{
	if (t == NULL)
		return;
	free(t->enterprise_name);
	free(t->subject);
	free(t->section);
	free(t->handler_region);
	free(t->handler_region_name);
	free(t->created_at);
	free(t);
}

static char *
consult_dup(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

/*
 * 1 if sess may see the thread of row 0 of res (SQL_THREAD_LOAD): its
 * enterprise; support while it holds it; a reviewer covering the
 * enterprise's county (SCOPE_SQL's rule, here on the loaded codes).
 */
static int
consult_may_see(const struct session *sess, const struct db_res *res)
{
	const char	*ecode = db_res_get(res, 0, TL_ENT_REGION);
	const char	*parent = db_res_get(res, 0, TL_ENT_PARENT);

	if (sess->enterprise_id > 0)
		return sess->enterprise_id == db_res_int(res, 0, TL_ENTERPRISE, 0);
	if (strcmp(sess->role, "support") == 0)
		return db_res_is(res, 0, TL_HANDLER, "support");
	if (!scope_reviewer(sess))
		return 0;
	return strcmp(sess->region_code, ecode) == 0 ||
	    (parent != NULL && strcmp(sess->region_code, parent) == 0) ||
	    strcmp(sess->region_code, "320000") == 0;
}

/* 1 if sess holds a thread handled by handler in region. */
static int
consult_holds(const struct session *sess, const char *handler, const char *region)
{
	if (strcmp(sess->role, handler) != 0)
		return 0;
	return strcmp(handler, "support") == 0 ||
	    strcmp(sess->region_code, region) == 0;
}

enum sme_err
consult_load(struct db *db, const struct session *sess, long long id,
    struct consult_thread **out)
{
	struct consult_thread	*t;
	struct db_res		*res;
	struct db_param		 p[] = { DB_INT(id) };
	enum sme_err		 er;
	int			 v;

	*out = NULL;
	if (sess == NULL || (er = db_query(db, SQL_THREAD_LOAD, p, 1, &res)) != SME_OK)
		return sess == NULL ? SME_OK : er;
	if (res->nrows == 0 || !consult_may_see(sess, res)) {
		db_res_free(res);
		return SME_OK;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		db_res_free(res);
		return SME_ENOMEM;
	}
	t->id = db_res_int(res, 0, TL_ID, 0);
	t->enterprise_id = db_res_int(res, 0, TL_ENTERPRISE, 0);
	t->enterprise_name = consult_dup(db_res_get(res, 0, TL_ENT_NAME));
	t->subject = consult_dup(db_res_get(res, 0, TL_SUBJECT));
	v = sme_lookup(consult_topic_names, CONSULT_TOPIC__MAX, db_res_get(res, 0, TL_TOPIC));
	t->topic = v < 0 ? CONSULT_TOPIC_FILING : (enum consult_topic)v;
	t->filing_id = db_res_int(res, 0, TL_FILING, 0);
	t->section = consult_dup(db_res_get(res, 0, TL_SECTION));
	v = sme_lookup(consult_handler_names, CONSULT_H__MAX, db_res_get(res, 0, TL_HANDLER));
	t->handler = v < 0 ? CONSULT_H_COUNTY : (enum consult_handler)v;
	t->handler_region = consult_dup(db_res_get(res, 0, TL_HANDLER_REGION));
	t->handler_region_name = consult_dup(db_res_get(res, 0, TL_HANDLER_REGION_NAME));
	v = sme_lookup(consult_state_names, CONSULT_STATE__MAX, db_res_get(res, 0, TL_STATE));
	t->state = v < 0 ? CONSULT_WAITING : (enum consult_state)v;
	t->created_at = consult_dup(db_res_get(res, 0, TL_CREATED_AT));
	t->faq_id = db_res_int(res, 0, TL_FAQ, 0);
	t->is_owner = sess->enterprise_id > 0;
	t->can_answer = consult_holds(sess, db_res_get(res, 0, TL_HANDLER),
	    db_res_get(res, 0, TL_HANDLER_REGION));
	db_res_free(res);
	if (t->enterprise_name == NULL || t->subject == NULL ||
	    t->handler_region == NULL || t->created_at == NULL) {
		consult_free(t);
		return SME_ENOMEM;
	}
	*out = t;
	return SME_OK;
}

enum sme_err
consult_messages(struct db *db, long long id, struct db_res **out)
{
	struct db_param	 p[] = { DB_INT(id) };

	return db_query(db, SQL_MESSAGES, p, 1, out);
}

/* Lock thread id; SME_ECONFLICT when it is solved (nothing more to do). */
static enum sme_err
consult_lock_open(struct db *db, long long id)
{
	struct db_res	*res;
	struct db_param	 p[] = { DB_INT(id) };
	enum sme_err	 er;

	if ((er = db_query(db, SQL_LOCK, p, 1, &res)) != SME_OK)
		return er;
	er = res->nrows == 0 || db_res_is(res, 0, 0, "solved") ?
	    SME_ECONFLICT : SME_OK;
	db_res_free(res);
	return er;
}

static enum sme_err
consult_set_state(struct db *db, long long id, const char *state)
{
	struct db_param	 p[] = { DB_STR(state), DB_STR(state), DB_INT(id) };

	return db_exec(db, SQL_SET_STATE, p, 3, NULL, NULL);
}

struct consult_op {
	const struct config		*cfg;
	const struct session		*sess;
	const struct consult_thread	*t;
	const char			*body, *ip;
	enum consult_handler		 to;
	const char			*to_region;
};

/* The link of thread id for an SMS: {site_url or sms_dlr_base}/consult/{id}. */
static void
consult_link(const struct config *cfg, long long id, char *out, size_t outsz)
{
	const char	*base = config_str(cfg, "site_url",
	    config_str(cfg, "sms_dlr_base", ""));
	size_t		 n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	snprintf(out, outsz, "%.*s/consult/%lld", (int)n, base, id);
}

static enum sme_err
consult_answer_tx(struct db *db, void *arg)
{
	const struct consult_op	*o = arg;
	struct db_res		*res;
	char			 link[300], subj[128];
	enum sme_err		 er;

	if ((er = consult_lock_open(db, o->t->id)) != SME_OK ||
	    (er = consult_message_add(db, o->t->id, o->sess->account_id,
	    "answer", o->body, NULL, NULL, NULL)) != SME_OK ||
	    (er = consult_set_state(db, o->t->id, "answered")) != SME_OK)
		return er;
	struct db_param p[] = { DB_INT(o->t->id) };
	if ((er = db_query(db, SQL_ASKER_MOBILE, p, 1, &res)) != SME_OK)
		return er;
	consult_link(o->cfg, o->t->id, link, sizeof(link));
	/* An SMS is short: the subject is cut to 20 characters (UTF-8 aware). */
	{
		const unsigned char *s = (const unsigned char *)o->t->subject;
		size_t i = 0, chars = 0;

		while (s[i] != '\0' && chars < 20) {
			i++;
			while ((s[i] & 0xC0) == 0x80)
				i++;
			chars++;
		}
		snprintf(subj, sizeof(subj), "%.*s%s", (int)i,
		    o->t->subject, s[i] != '\0' ? "…" : "");
	}
	const char *vars[] = { "subject", subj, "url", link, NULL };
	er = res->nrows > 0 ? sms_send(db, o->cfg, db_res_get(res, 0, 0),
	    "consult_answered", vars) : SME_OK;
	db_res_free(res);
	if (er != SME_OK)
		return er;
	return consult_audit(db, o->sess->account_id, o->ip, "consult_answer",
	    o->t->id, "state", "answered");
}

enum sme_err
consult_answer(struct db *db, const struct config *cfg,
    const struct session *sess, const struct consult_thread *t,
    const char *body, const char *ip)
{
	struct consult_op	 o = { cfg, sess, t, body, ip, 0, NULL };

	if (!t->can_answer)
		return SME_EINPUT;
	return db_tx_run(db, consult_answer_tx, &o);
}

static enum sme_err
consult_followup_tx(struct db *db, void *arg)
{
	const struct consult_op	*o = arg;
	enum sme_err		 er;

	if ((er = consult_lock_open(db, o->t->id)) != SME_OK ||
	    (er = consult_message_add(db, o->t->id, o->sess->account_id,
	    "question", o->body, NULL, NULL, NULL)) != SME_OK ||
	    (er = consult_set_state(db, o->t->id, "waiting")) != SME_OK)
		return er;
	return consult_audit(db, o->sess->account_id, o->ip, "consult_followup",
	    o->t->id, "state", "waiting");
}

enum sme_err
consult_followup(struct db *db, const struct session *sess,
    const struct consult_thread *t, const char *body, const char *ip)
{
	struct consult_op	 o = { NULL, sess, t, body, ip, 0, NULL };

	if (!t->is_owner)
		return SME_EINPUT;
	return db_tx_run(db, consult_followup_tx, &o);
}

int
consult_can_hand(const struct session *sess, const struct consult_thread *t,
    enum consult_handler to)
{
	if (!t->can_answer || t->state == CONSULT_SOLVED)
		return 0;
	switch (t->handler) {
	case CONSULT_H_COUNTY:
		return to != CONSULT_H_COUNTY;
	case CONSULT_H_CITY:
		return to == CONSULT_H_PROVINCE || to == CONSULT_H_SUPPORT;
	case CONSULT_H_PROVINCE:
		return to == CONSULT_H_SUPPORT;
	default:
		(void)sess;
		return 0;
	}
}

static enum sme_err
consult_handover_tx(struct db *db, void *arg)
{
	const struct consult_op	*o = arg;
	struct db_res		*res;
	char			 region[8], note[CONSULT_BODY_MAX * 4 + 128];
	enum sme_err		 er;

	if ((er = consult_lock_open(db, o->t->id)) != SME_OK)
		return er;
	if (o->to == CONSULT_H_CITY) {
		/* The city of the enterprise's county, never the caller's say. */
		struct db_param pe[] = { DB_INT(o->t->enterprise_id) };
		if ((er = db_query(db, SQL_ENT_REGION, pe, 1, &res)) != SME_OK)
			return er;
		snprintf(region, sizeof(region), "%s",
		    res->nrows > 0 && db_res_get(res, 0, 1) ? db_res_get(res, 0, 1) : "320000");
		db_res_free(res);
	} else
		snprintf(region, sizeof(region), "320000");
	struct db_param p[] = { DB_STR(consult_handler_names[o->to]),
	    DB_STR(region), DB_INT(o->t->id) };
	if ((er = db_exec(db, SQL_SET_HANDLER, p, 3, NULL, NULL)) != SME_OK)
		return er;
	snprintf(note, sizeof(note), "转交%s%s%s", consult_handler_labels[o->to],
	    o->body && *o->body ? "：" : "", o->body ? o->body : "");
	if ((er = consult_message_add(db, o->t->id, o->sess->account_id,
	    "handover", note, NULL, NULL, NULL)) != SME_OK)
		return er;
	return consult_audit(db, o->sess->account_id, o->ip, "consult_handover",
	    o->t->id, "handler", consult_handler_names[o->to]);
}

enum sme_err
consult_handover(struct db *db, const struct session *sess,
    const struct consult_thread *t, enum consult_handler to,
    const char *note, const char *ip)
{
	struct consult_op	 o = { NULL, sess, t, note, ip, to, NULL };

	if (!consult_can_hand(sess, t, to))
		return SME_EINPUT;
	return db_tx_run(db, consult_handover_tx, &o);
}

static enum sme_err
consult_solve_tx(struct db *db, void *arg)
{
	const struct consult_op	*o = arg;
	enum sme_err		 er;

	if ((er = consult_lock_open(db, o->t->id)) != SME_OK ||
	    (er = consult_message_add(db, o->t->id, o->sess->account_id,
	    "solved", "问题已解决", NULL, NULL, NULL)) != SME_OK ||
	    (er = consult_set_state(db, o->t->id, "solved")) != SME_OK)
		return er;
	return consult_audit(db, o->sess->account_id, o->ip, "consult_solve",
	    o->t->id, "state", "solved");
}

enum sme_err
consult_solve(struct db *db, const struct session *sess,
    const struct consult_thread *t, const char *ip)
{
	struct consult_op	 o = { NULL, sess, t, NULL, ip, 0, NULL };

	if (!t->is_owner)
		return SME_EINPUT;
	return db_tx_run(db, consult_solve_tx, &o);
}

enum sme_err
consult_reply_save(struct db *db, const struct session *sess,
    const char *title, const char *body, long long *id)
{
	unsigned long long	 nid = 0;
	enum sme_err		 er;

	*id = 0;
	if (!consult_staff(sess->role))
		return SME_EINPUT;
	struct db_param p[] = { DB_STR(sess->role), DB_STR(sess->region_code),
	    DB_STR(title), DB_STR(body), DB_INT(sess->account_id) };
	if ((er = db_exec(db, SQL_REPLY_INSERT, p, 5, NULL, &nid)) == SME_OK)
		*id = (long long)nid;
	return er;
}

enum sme_err
consult_replies(struct db *db, const struct session *sess, struct db_res **out)
{
	struct db_param	 p[] = { DB_STR(sess->role), DB_STR(sess->region_code) };

	return db_query(db, SQL_REPLIES, p, 2, out);
}

enum sme_err
consult_queue(struct db *db, const struct session *sess, struct db_res **out)
{
	if (sess->enterprise_id > 0) {
		struct db_param p[] = { DB_INT(sess->enterprise_id) };
		return db_query(db, SQL_QUEUE_ENTERPRISE, p, 1, out);
	}
	if (strcmp(sess->role, "support") == 0)
		return db_query(db, SQL_QUEUE_SUPPORT, NULL, 0, out);
	struct db_param p[] = { DB_STR(sess->role), DB_STR(sess->region_code),
	    DB_STR(sess->region_code), DB_STR(sess->role), DB_STR(sess->region_code) };
	return db_query(db, SQL_QUEUE_REVIEWER, p, 5, out);
}
