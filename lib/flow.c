/*
 * flow.c - filing states and transitions (see flow.h): one table, read by
 * the filing handler (submit) and the review handler (approve, return).
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "flow.h"
#include "vocab.h"

static const char *const flow_states[FLOW__MAX] = {
	"draft", "county", "city", "province", "accepted", "returned"
};
static const char *const flow_kinds[FLOW_KIND__MAX] = {
	"entry", "update", "product", "giant-mfg", "giant-innov", "recheck"
};
static const char *const flow_actions[FLOW_ACTION__MAX] = { "submit", "approve", "return" };
static const char *const flow_roles[FLOW_ROLE__MAX] = { "enterprise", "county", "city", "province" };

const char *
flow_state_name(enum flow_state s)
{
	return (unsigned)s < FLOW__MAX ? flow_states[s] : "";
}

int
flow_state_parse(const char *name)
{
	return sme_lookup(flow_states, FLOW__MAX, name);
}

const char *
flow_state_label(enum flow_state s)
{
	return (unsigned)s < FLOW__MAX ? vocab_state_label(flow_states[s]) : "";
}

const char *
flow_kind_name(enum flow_kind k)
{
	return (unsigned)k < FLOW_KIND__MAX ? flow_kinds[k] : "";
}

const char *
flow_kind_label(enum flow_kind k)
{
	return (unsigned)k < FLOW_KIND__MAX ?
	    vocab_kind_label(flow_kinds[k], VOCAB_SHORT) : "";
}

int
flow_kind_parse(const char *name)
{
	return sme_lookup(flow_kinds, FLOW_KIND__MAX, name);
}

const char *
flow_action_name(enum flow_action a)
{
	return (unsigned)a < FLOW_ACTION__MAX ? flow_actions[a] : "";
}

int
flow_action_parse(const char *name)
{
	return sme_lookup(flow_actions, FLOW_ACTION__MAX, name);
}

int
flow_role_parse(const char *name)
{
	return sme_lookup(flow_roles, FLOW_ROLE__MAX, name);
}

/* Parse "county,city" into out; 0 when malformed (unknown level, repeats, order). */
static int
flow_chain_parse(const char *s, struct flow_chain *out)
{
	char	 buf[64], *tok, *save;
	int	 st;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", s) >= sizeof(buf))
		return 0;
	out->n = 0;
	for (tok = strtok_r(buf, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
		st = flow_state_parse(tok);
		if (st < FLOW_COUNTY || st > FLOW_PROVINCE || out->n == FLOW_CHAIN_MAX)
			return 0;
		if (out->n > 0 && st <= (int)out->level[out->n - 1])
			return 0;
		out->level[out->n++] = st;
	}
	return out->n > 0;
}

void
flow_chain(const struct config *cfg, enum flow_kind k, struct flow_chain *out)
{
	char		 key[32];
	const char	*v;

	snprintf(key, sizeof(key), "chain_%s", flow_kind_name(k));
	v = cfg != NULL ? config_str(cfg, key, NULL) : NULL;
	if (v != NULL && flow_chain_parse(v, out))
		return;
	flow_chain_parse(k == FLOW_KENTRY || k == FLOW_KUPDATE ?
	    "county,city" : "county,city,province", out);
}

void
flow_chain_local(struct flow_chain *chain, int county_decides)
{
	enum flow_state	 last = county_decides ? FLOW_COUNTY : FLOW_CITY;
	int		 i, n = 0;

	for (i = 0; i < chain->n; i++)
		if (chain->level[i] <= last)
			chain->level[n++] = chain->level[i];
	if (n == 0 && chain->n > 0)
		n = 1;
	chain->n = n;
}

/* The reviewer role that acts at level s. */
static enum flow_role
flow_level_role(enum flow_state s)
{
	return s == FLOW_COUNTY ? FLOW_RCOUNTY : s == FLOW_CITY ? FLOW_RCITY : FLOW_RPROVINCE;
}

int
flow_next(const struct flow_chain *chain, enum flow_state from,
    enum flow_action action, enum flow_role role)
{
	int	 i;

	if (chain->n < 1)
		return -1;
	if (action == FLOW_SUBMIT)
		return role == FLOW_ENTERPRISE && flow_editable(from) ?
		    (int)chain->level[0] : -1;
	for (i = 0; i < chain->n; i++) {
		if (chain->level[i] != from)
			continue;
		if (role != flow_level_role(from))
			return -1;
		if (action == FLOW_RETURN)
			return FLOW_RETURNED;
		return i + 1 < chain->n ? (int)chain->level[i + 1] : FLOW_ACCEPTED;
	}
	return -1;
}

int
flow_withdraw(const struct flow_chain *chain, enum flow_state from)
{
	return chain->n > 0 && chain->level[0] == from ? FLOW_DRAFT : -1;
}

int
flow_editable(enum flow_state s)
{
	return s == FLOW_DRAFT || s == FLOW_RETURNED;
}
