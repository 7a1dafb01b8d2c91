/*
 * gw.c - pick the gateway adapter the configuration names and call it.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "gw.h"
#include "gw_file.h"
#include "gw_http.h"
#include "gw_kannel.h"
#include "gw_smpp.h"
#include "log.h"

struct gw {
	const struct gw_ops	*ops;
	void			*state;	/* the adapter's, freed by ops->close */
};

static const struct gw_ops *const gw_all[] = {
	&gw_file_ops, &gw_kannel_ops, &gw_smpp_ops, &gw_http_ops,
};

enum sme_err
gw_open(const struct config *cfg, struct gw **out)
{
	const char	*name = config_text(cfg, "sms_gateway");
	const struct gw_ops *ops = NULL;
	enum sme_err	 er;
	size_t		 i;

	*out = NULL;
	for (i = 0; i < sizeof(gw_all) / sizeof(gw_all[0]); i++)
		if (strcmp(gw_all[i]->name, name) == 0)
			ops = gw_all[i];
	if (ops == NULL) {
		log_err("config: sms_gateway = %s: not file, kannel, smpp or http",
		    name);
		return SME_EINPUT;
	}
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return SME_ENOMEM;
	(*out)->ops = ops;
	if ((er = ops->open(cfg, &(*out)->state)) != SME_OK) {
		free(*out);
		*out = NULL;
	}
	return er;
}

const char *
gw_name(const struct gw *g)
{
	return g->ops->name;
}

enum sme_err
gw_send(struct gw *g, const struct gw_msg *m, struct gw_result *res)
{
	memset(res, 0, sizeof(*res));
	return g->ops->send(g->state, m, res);
}

int
gw_fd(struct gw *g)
{
	return g->ops->fd != NULL ? g->ops->fd(g->state) : -1;
}

enum sme_err
gw_poll(struct gw *g, gw_dlr_fn fn, void *arg)
{
	return g->ops->poll != NULL ? g->ops->poll(g->state, fn, arg) : SME_OK;
}

void
gw_close(struct gw *g)
{
	if (g == NULL)
		return;
	g->ops->close(g->state);
	free(g);
}
