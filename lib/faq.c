/*
 * faq.c - the public FAQ in the database (see faq.h): search and publish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "consult.h"
#include "db.h"
#include "faq.h"
#include "session.h"

const char *const faq_topic_names[FAQ__MAX] = {
	"account", "filing", "upload", "criteria", "other"
};
const char *const faq_topic_labels[FAQ__MAX] = {
	"注册与登录", "填报与提交", "附件与上传", "认定与条件", "其他"
};

/* Both: the columns of enum faq_col (faq.h). */
static const char SQL_ALL[] =
    "SELECT id, topic, question, answer FROM faq ORDER BY topic, id";
/* LIKE with the pattern's own % and _ escaped (faq_like). */
static const char SQL_SEARCH[] =
    "SELECT id, topic, question, answer FROM faq"
    " WHERE question LIKE ? ESCAPE '!' OR answer LIKE ? ESCAPE '!'"
    " ORDER BY topic, id";
static const char SQL_INSERT[] =
    "INSERT INTO faq (topic, question, answer, thread_id, published_by,"
    " created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())";

/* "%q%" with !, % and _ of q escaped by '!'; 0, or -1 if it does not fit. */
static int
faq_like(const char *q, char *out, size_t outsz)
{
	size_t	 o = 0;

	if (outsz < 3)
		return -1;
	out[o++] = '%';
	for (; *q != '\0'; q++) {
		if (o + 4 > outsz)
			return -1;
		if (*q == '!' || *q == '%' || *q == '_')
			out[o++] = '!';
		out[o++] = *q;
	}
	out[o++] = '%';
	out[o] = '\0';
	return 0;
}

enum sme_err
faq_list(struct db *db, const char *q, struct db_res **out)
{
	char	 pat[FAQ_QUERY_MAX * 8 + 4];

	*out = NULL;
	if (q == NULL || *q == '\0')
		return db_query(db, SQL_ALL, NULL, 0, out);
	if (faq_like(q, pat, sizeof(pat)) != 0)
		return SME_EINPUT;
	struct db_param p[] = { DB_STR(pat), DB_STR(pat) };
	return db_query(db, SQL_SEARCH, p, 2, out);
}

enum sme_err
faq_publish(struct db *db, const struct session *sess,
    const struct consult_thread *t, enum faq_topic topic,
    const char *question, const char *answer, const char *ip,
    int *name_found, long long *id)
{
	unsigned long long	 nid = 0;
	char			 oid[32], after[128];
	enum sme_err		 er;

	*id = 0;
	*name_found = 0;
	if (!consult_staff(sess->role) || strcmp(sess->role, "support") == 0 ||
	    t->state == CONSULT_WAITING || t->faq_id > 0)
		return t->faq_id > 0 ? SME_ECONFLICT : SME_EINPUT;
	/* The enterprise's name must not reach the public page. */
	if (t->enterprise_name != NULL && t->enterprise_name[0] != '\0' &&
	    (strstr(question, t->enterprise_name) != NULL ||
	    strstr(answer, t->enterprise_name) != NULL)) {
		*name_found = 1;
		return SME_EINPUT;
	}
	if ((er = db_begin(db)) != SME_OK)
		return er;
	struct db_param p[] = { DB_STR(faq_topic_names[topic]), DB_STR(question),
	    DB_STR(answer), DB_INT(t->id), DB_INT(sess->account_id) };
	if ((er = db_exec(db, SQL_INSERT, p, 5, NULL, &nid)) != SME_OK)
		goto fail;
	snprintf(oid, sizeof(oid), "%llu", nid);
	snprintf(after, sizeof(after), "{\"thread\":%lld}", t->id);
	if ((er = audit_log(db, sess->account_id, ip, "faq_publish", "faq", oid,
	    NULL, after)) != SME_OK)
		goto fail;
	if ((er = db_commit(db)) != SME_OK)
		goto fail;
	*id = (long long)nid;
	return SME_OK;
fail:
	db_rollback(db);
	return er;
}
