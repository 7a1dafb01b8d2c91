/*
 * sms.h - what handlers do with SMS: render a message from its template in
 * the configuration and queue it in the outbox, inside the caller's
 * transaction. Sending is sme-smsd's, never a handler's.
 */
#ifndef SMS_H
#define SMS_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;

#define SMS_TEXT_MAX	1000	/* bytes of one message, signature included */

/*
 * Render the template of kind (configuration key sms_tpl_<kind>, or the
 * built-in default) into out, replacing {name} with the value of name from
 * vars (name, value pairs ended by NULL) and prefixing sms_signature.
 * SME_EINPUT for an unknown kind or a text over outsz.
 */
enum sme_err	 sms_render(const struct config *cfg, const char *kind,
		    const char *const *vars, char *out, size_t outsz);

/*
 * Queue text to mobile in the outbox (due now, given up after
 * sms_give_up_s of the configuration). Call it inside the transaction of
 * the change that causes the message, so both happen or neither.
 */
enum sme_err	 sms_enqueue(struct db *db, const struct config *cfg,
		    const char *mobile, const char *kind, const char *text);

/* Render kind with vars and queue it: the two calls above. */
enum sme_err	 sms_send(struct db *db, const struct config *cfg,
		    const char *mobile, const char *kind, const char *const *vars);

#endif
