/*
 * codeform.h - the SMS code step of the handlers' forms (registration,
 * login, recovery, a new mobile): asking for a code for the request's
 * address, checking the code typed in field sms_code, and the words and
 * headers of their answers. lib/smscode.c keeps the codes themselves.
 */
#ifndef CODEFORM_H
#define CODEFORM_H

#include "sme.h"

struct app_ctx;
struct smscode_key;
struct smslimit_verdict;

/* The minutes a code lives (sms_code_ttl_s rounded up), for the pages' words. */
long		 codeform_minutes(const struct app_ctx *c);

/* Retry-After: secs on the answer of c. */
void		 codeform_retry_after(struct app_ctx *c, long secs);

/*
 * Ask for a code of key k for the request's address (smscode_request()
 * under the platform's secret; deliver as there): *v its verdict. When a
 * limit refuses (v->retry_after > 0) Retry-After is set; the page is the
 * caller's.
 */
enum sme_err	 codeform_ask(struct app_ctx *c, const struct smscode_key *k,
		    int deliver, struct smslimit_verdict *v);

/*
 * After codeform_ask() was refused: a script (app_wants_json()) gets its
 * answer here, JSON 429 with v's message and wait, for field (may be
 * NULL), and 1 is returned; 0 for a browser, whose page is the caller's.
 */
int		 codeform_json_refused(struct app_ctx *c,
		    const struct smslimit_verdict *v, const char *field);

/*
 * Check code, typed in field sms_code, against key k: "请填写短信验证码"
 * when it is empty, "短信验证码为6位数字" when it is not six digits, else,
 * when key_ok (the fields of k are well formed), smscode_check()'s
 * message when it is not right. *code_id is the code's row when right,
 * else 0. Fails only with the database.
 */
enum sme_err	 codeform_check(struct app_ctx *c, const struct smscode_key *k,
		    const char *code, int key_ok, long long *code_id);

/*
 * Answer sms.js that a code went out: JSON 200 with "<sent>N分钟内有效。"
 * and the seconds before another may be asked for.
 */
void		 codeform_json_sent(struct app_ctx *c, const char *sent);

#endif
