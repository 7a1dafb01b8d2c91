/*
 * gw.h - the SMS gateway adapters behind one interface, chosen by the
 * configuration key sms_gateway: file (gw_file.c), kannel (gw_kannel.c),
 * smpp (gw_smpp.c), http (gw_http.c). Only sme-smsd sends; handlers queue.
 */
#ifndef GW_H
#define GW_H

#include <stddef.h>
#include "sme.h"

struct config;

#define GW_ID_MAX	65	/* a gateway's message id, NUL included */
#define GW_ERR_MAX	256

/* One message to send. Every pointer is borrowed for the call. */
struct gw_msg {
	long long	 id;		/* sms_outbox.id: our reference */
	const char	*to;		/* mobile number, digits */
	const char	*text;		/* UTF-8, signature included */
	const char	*dlr_token;	/* for the dlr-url (dlr.h), or NULL */
};

/* What became of a send. Set by every send, success or not. */
struct gw_result {
	char	 gateway_id[GW_ID_MAX];	/* the gateway's id, "" if it gives none */
	char	 error[GW_ERR_MAX];	/* why it failed */
	int	 permanent;		/* 1: the gateway refused this message for good */
};

/*
 * A delivery report that came in on the gateway's own connection (SMPP
 * deliver_sm): the gateway's message id and its state ("DELIVRD"...).
 * The callback records it; both strings are borrowed for the call.
 */
typedef void	(*gw_dlr_fn)(void *arg, const char *gateway_id,
		    const char *stat);

/* An adapter: what each gw_*.c provides. */
struct gw_ops {
	const char	*name;	/* the value of sms_gateway */
	/* Read the configuration; connect later. The state is freed by close. */
	enum sme_err	(*open)(const struct config *cfg, void **state);
	/* Send m: SME_OK once the gateway took it; else res says why. */
	enum sme_err	(*send)(void *state, const struct gw_msg *m,
			    struct gw_result *res);
	/* A descriptor to wait on for reports, or -1 (NULL: never one). */
	int		(*fd)(void *state);
	/* Read what came in, keep the link up; reports go to fn (may be NULL). */
	enum sme_err	(*poll)(void *state, gw_dlr_fn fn, void *arg);
	/* Leave cleanly (SMPP unbind) and free state; accepts NULL. */
	void		(*close)(void *state);
};

struct gw;

/*
 * Open the adapter that sms_gateway names (default file). SME_EINPUT for
 * an unknown name or a configuration the adapter refuses (logged). The
 * caller frees *out with gw_close().
 */
enum sme_err	 gw_open(const struct config *cfg, struct gw **out);

/* The adapter's name ("file", "kannel", "smpp", "http"). */
const char	*gw_name(const struct gw *g);

/*
 * Send m through the adapter. SME_OK: accepted, res->gateway_id may be
 * set. Anything else: not sent; res->error says why and res->permanent
 * whether trying again can help.
 */
enum sme_err	 gw_send(struct gw *g, const struct gw_msg *m,
		    struct gw_result *res);

/* The descriptor to wait on for incoming reports, or -1. */
int		 gw_fd(struct gw *g);

/* Process incoming traffic and keepalives; reports go to fn. */
enum sme_err	 gw_poll(struct gw *g, gw_dlr_fn fn, void *arg);

/* Close the adapter; accepts NULL. */
void		 gw_close(struct gw *g);

#endif
