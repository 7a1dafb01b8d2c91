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
#define SMS_SEAL_OVER	28	/* sealed bytes beyond the text: nonce and tag */
#define SMS_SEALED_MAX	(SMS_TEXT_MAX + SMS_SEAL_OVER)

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

/*
 * Render kind with vars and queue it: the two calls above. A {code} in
 * the template is a secret: the outbox keeps the text with it masked
 * (******) and the whole text sealed (sms_seal) for sme-smsd, which drops
 * the sealed copy once the message is sent.
 */
enum sme_err	 sms_send(struct db *db, const struct config *cfg,
		    const char *mobile, const char *kind, const char *const *vars);

/*
 * Seal text for the outbox row to mobile: AES-256-GCM under a key derived
 * from the configuration's secret, mobile authenticated with it. out gets
 * a 12-byte nonce, the ciphertext and a 16-byte tag (strlen(text) +
 * SMS_SEAL_OVER bytes, *outsz). -1 without a usable secret or room.
 */
int		 sms_seal(const struct config *cfg, const char *mobile,
		    const char *text, unsigned char *out, size_t outmax,
		    size_t *outsz);

/*
 * Open what sms_seal made under the same secret (given as its decoded
 * bytes, dlr_secret) into out, NUL-terminated. -1 if it is not authentic
 * (another secret, another mobile, altered) or does not fit.
 */
int		 sms_unseal(const unsigned char *secret, size_t secretsz,
		    const char *mobile, const unsigned char *in, size_t insz,
		    char *out, size_t outsz);

#define SMS_REASON_MAX	60	/* characters of a reason quoted in an SMS */

/*
 * Copy at most max characters of s into out (outsz bytes), whole UTF-8
 * sequences, with "…" when s was longer: a reason quoted in an SMS.
 */
void		 sms_cut(const char *s, size_t max, char *out, size_t outsz);

#endif
