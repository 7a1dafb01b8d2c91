/*
 * consult.h - 在线咨询 (seed 004 §4): an enterprise's question goes to its
 * county's bureau, or to technical support for 技术问题; threads are
 * 待回复 / 已回复 / 已解决; an answer sends the enterprise an SMS with a
 * link; a bureau hands a question up (city, province) or to support; saved
 * replies. Who sees a thread: its enterprise, reviewers whose region covers
 * the enterprise, support when it holds the thread; anyone else gets
 * nothing (the handler answers 404).
 */
#ifndef CONSULT_H
#define CONSULT_H

#include "sme.h"

struct config;
struct db;
struct db_res;
struct session;

#define CONSULT_SUBJECT_MAX	100	/* characters */
#define CONSULT_BODY_MAX	4000	/* characters */
#define CONSULT_REPLY_TITLE_MAX	60	/* characters */

enum consult_topic { CONSULT_TOPIC_FILING, CONSULT_TOPIC_TECH, CONSULT_TOPIC__MAX };
extern const char *const consult_topic_names[CONSULT_TOPIC__MAX];
extern const char *const consult_topic_labels[CONSULT_TOPIC__MAX];

enum consult_state { CONSULT_WAITING, CONSULT_ANSWERED, CONSULT_SOLVED, CONSULT_STATE__MAX };
extern const char *const consult_state_names[CONSULT_STATE__MAX];
extern const char *const consult_state_labels[CONSULT_STATE__MAX];

/* Who answers a thread now. */
enum consult_handler { CONSULT_H_COUNTY, CONSULT_H_CITY, CONSULT_H_PROVINCE,
    CONSULT_H_SUPPORT, CONSULT_H__MAX };
extern const char *const consult_handler_names[CONSULT_H__MAX];
extern const char *const consult_handler_labels[CONSULT_H__MAX];

/* A question as asked. Strings borrowed; optional ones may be NULL. */
struct consult_ask {
	long long	 enterprise_id;
	long long	 account_id;
	const char	*ip;
	const char	*subject;
	const char	*body;
	enum consult_topic topic;
	long long	 filing_id;	/* 0: none; must be the enterprise's own */
	const char	*section;	/* with filing_id, may be NULL */
	const char	*att_sha;	/* an attachment already stored and sniffed, or NULL */
	const char	*att_name;
	const char	*att_type;
};

/* A thread as its viewer may see it. Strings owned; free with consult_free(). */
struct consult_thread {
	long long	 id;
	long long	 enterprise_id;
	char		*enterprise_name;	/* never shown outside the thread */
	char		*subject;
	enum consult_topic topic;
	long long	 filing_id;		/* 0: none */
	char		*section;		/* may be NULL */
	enum consult_handler handler;
	char		*handler_region;
	char		*handler_region_name;
	enum consult_state state;
	char		*created_at;		/* China time, YYYY-MM-DD HH:MM */
	int		 can_answer;		/* the viewer holds the thread */
	int		 is_owner;		/* the viewer is its enterprise */
	long long	 faq_id;		/* 0: not published */
};

/*
 * Store a new question and its first message (state 待回复), routed to the
 * enterprise's county or, for CONSULT_TOPIC_TECH, to support; *id is the
 * thread. SME_EINPUT when filing_id is not the enterprise's. One
 * transaction with its audit row.
 */
enum sme_err	 consult_ask(struct db *db, const struct consult_ask *a,
		    long long *id);

/*
 * Load thread id for sess into *out: NULL (SME_OK) when it does not exist
 * or sess may not see it. The caller frees *out with consult_free().
 */
enum sme_err	 consult_load(struct db *db, const struct session *sess,
		    long long id, struct consult_thread **out);
void		 consult_free(struct consult_thread *t);

/*
 * The messages of thread id, oldest first: kind, body, author's display
 * name, author's role, time (China), attachment sha, name, type, message
 * id (enum consult_msg_col). Call only after consult_load allowed the
 * caller. Free with db_res_free().
 */
enum consult_msg_col { CONSULT_MSG_KIND, CONSULT_MSG_BODY, CONSULT_MSG_AUTHOR,
	CONSULT_MSG_ROLE, CONSULT_MSG_AT, CONSULT_MSG_SHA, CONSULT_MSG_FILE_NAME,
	CONSULT_MSG_FILE_TYPE, CONSULT_MSG_ID };
enum sme_err	 consult_messages(struct db *db, long long id, struct db_res **out);

/*
 * The answer of sess (who must hold the thread, t->can_answer) to t: state
 * 已回复, and an SMS (kind consult_answered, with the link
 * {site_url}/consult/{id}) to the enterprise's accounts' mobiles, in one
 * transaction. SME_ECONFLICT when the thread is solved.
 */
enum sme_err	 consult_answer(struct db *db, const struct config *cfg,
		    const struct session *sess, const struct consult_thread *t,
		    const char *body, const char *ip);

/* The enterprise writes again: state 待回复. SME_ECONFLICT when solved. */
enum sme_err	 consult_followup(struct db *db, const struct session *sess,
		    const struct consult_thread *t, const char *body, const char *ip);

/*
 * The holder hands t to to (city: the county's city; province; support).
 * SME_EINPUT when to is not above the holder (a county: city, province,
 * support; a city: province, support; the province: support).
 */
enum sme_err	 consult_handover(struct db *db, const struct session *sess,
		    const struct consult_thread *t, enum consult_handler to,
		    const char *note, const char *ip);

/* 1 if the holder of t (sess) may hand it to to. */
int		 consult_can_hand(const struct session *sess,
		    const struct consult_thread *t, enum consult_handler to);

/* The enterprise marks t solved (已解决). */
enum sme_err	 consult_solve(struct db *db, const struct session *sess,
		    const struct consult_thread *t, const char *ip);

/* Save a reusable reply for the bureau of sess; *id is the new row. */
enum sme_err	 consult_reply_save(struct db *db, const struct session *sess,
		    const char *title, const char *body, long long *id);

/* The saved replies of the bureau of sess: id, title, body (enum consult_reply_col). */
enum consult_reply_col { CONSULT_REPLY_ID, CONSULT_REPLY_TITLE, CONSULT_REPLY_BODY };
enum sme_err	 consult_replies(struct db *db, const struct session *sess,
		    struct db_res **out);

/*
 * The queue of sess: threads it holds, 待回复 first and longest waiting
 * first, then the rest of its region (a reviewer) unsolved: id, subject,
 * state, handler, hours waiting (or NULL), created (China), enterprise
 * name, holds (1 if sess holds it) (enum consult_queue_col). For an
 * enterprise: its own threads.
 */
enum consult_queue_col { CONSULT_Q_ID, CONSULT_Q_SUBJECT, CONSULT_Q_STATE,
	CONSULT_Q_HANDLER, CONSULT_Q_WAITING, CONSULT_Q_ASKED, CONSULT_Q_ENTERPRISE,
	CONSULT_Q_HOLDS };
enum sme_err	 consult_queue(struct db *db, const struct session *sess,
		    struct db_res **out);

/* 1 if role (a session's) may answer questions: county, city, province, support. */
int		 consult_staff(const char *role);

#endif
