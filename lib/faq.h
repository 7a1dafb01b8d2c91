/*
 * faq.h - 常见问题: public questions and answers grouped by topic, seeded
 * from seeds 002 and 004 (schema/034_faq_seed.sql) and published by a
 * bureau from an answered consultation, without the enterprise's name.
 */
#ifndef FAQ_H
#define FAQ_H

#include "sme.h"

struct db;
struct db_res;
struct session;
struct consult_thread;

#define FAQ_QUESTION_MAX	300	/* characters */
#define FAQ_ANSWER_MAX		4000	/* characters */
#define FAQ_QUERY_MAX		50	/* characters searched for */

enum faq_topic { FAQ_ACCOUNT, FAQ_FILING, FAQ_UPLOAD, FAQ_CRITERIA, FAQ_OTHER, FAQ__MAX };
extern const char *const faq_topic_names[FAQ__MAX];
extern const char *const faq_topic_labels[FAQ__MAX];

/*
 * The entries whose question or answer contains q (all when q is NULL or
 * empty), by topic: id, topic, question, answer (enum faq_col).
 */
enum faq_col { FAQ_ID, FAQ_TOPIC, FAQ_QUESTION, FAQ_ANSWER };
enum sme_err	 faq_list(struct db *db, const char *q, struct db_res **out);

/*
 * Publish thread t (seen by sess, a reviewer who may see it; the thread
 * answered or solved) as an entry with the question and answer as the
 * reviewer edited them: the enterprise's name is never copied, and any
 * occurrence of it in question or answer is refused with SME_EINPUT
 * *name_found set. SME_ECONFLICT when the thread is already published.
 */
enum sme_err	 faq_publish(struct db *db, const struct session *sess,
		    const struct consult_thread *t, enum faq_topic topic,
		    const char *question, const char *answer, const char *ip,
		    int *name_found, long long *id);

#endif
