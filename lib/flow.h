/*
 * flow.h - the states of a filing and the one table of transitions: who may
 * submit, approve or return a filing in which state, and where it goes.
 * Each kind's review chain (the levels a submission passes) is configuration:
 * "chain_entry = county,city" (2023), "chain_entry = county" (2021).
 */
#ifndef FLOW_H
#define FLOW_H

struct config;

enum flow_state {
	FLOW_DRAFT,		/* being filled by the enterprise */
	FLOW_COUNTY,		/* waiting for the county bureau */
	FLOW_CITY,		/* waiting for the city bureau */
	FLOW_PROVINCE,		/* waiting for the province */
	FLOW_ACCEPTED,		/* the chain is done: in the library / certified */
	FLOW_RETURNED,		/* back with the enterprise, with a reason */
	FLOW__MAX
};

enum flow_action { FLOW_SUBMIT, FLOW_APPROVE, FLOW_RETURN, FLOW_ACTION__MAX };

enum flow_role { FLOW_ENTERPRISE, FLOW_RCOUNTY, FLOW_RCITY, FLOW_RPROVINCE, FLOW_ROLE__MAX };

enum flow_kind {
	FLOW_KENTRY, FLOW_KUPDATE, FLOW_KPRODUCT, FLOW_KGIANT_MFG, FLOW_KGIANT_INNOV,
	FLOW_KRECHECK, FLOW_KIND__MAX
};

#define FLOW_CHAIN_MAX 3

/* A kind's chain: levels (FLOW_COUNTY..FLOW_PROVINCE) in order. */
struct flow_chain {
	enum flow_state	 level[FLOW_CHAIN_MAX];
	int		 n;
};

/* The database spelling of s ("draft", "county", ...) and back (-1 if none). */
const char	*flow_state_name(enum flow_state s);
int		 flow_state_parse(const char *name);
/* A state's zh-CN label for pages, e.g. "待县级审核". */
const char	*flow_state_label(enum flow_state s);
const char	*flow_kind_name(enum flow_kind k);
/* A kind's zh-CN label for pages and exports, e.g. "新增入库"; "" if unknown. */
const char	*flow_kind_label(enum flow_kind k);
int		 flow_kind_parse(const char *name);
const char	*flow_action_name(enum flow_action a);
int		 flow_action_parse(const char *name);
/* "enterprise", "county", "city", "province" -> role; -1 if none. */
int		 flow_role_parse(const char *name);

/*
 * The chain of kind k from cfg's "chain_<kind>" (levels county, city,
 * province separated by commas, in order); unset or malformed gives the
 * default: county,city for entry and update, county,city,province for the
 * certification kinds.
 */
void		 flow_chain(const struct config *cfg, enum flow_kind k,
		    struct flow_chain *out);

/*
 * Cut chain for a certification at level 市县 (local): it never goes to
 * the province, and ends at the county when county_decides (the city
 * delegates its local titles), else at the city. A chain left without a
 * level keeps its first one.
 */
void		 flow_chain_local(struct flow_chain *chain, int county_decides);

/*
 * The state after role does action on a filing in state from, along chain;
 * -1 when the table does not allow it. The enterprise submits from draft or
 * returned to the chain's first level; the reviewer of the waiting level
 * approves (to the next level, or accepted after the last) or returns.
 */
int		 flow_next(const struct flow_chain *chain, enum flow_state from,
		    enum flow_action action, enum flow_role role);

/*
 * The state a withdrawal (撤回) by the enterprise takes a filing in state
 * from to along chain: draft from the chain's first level, else -1. (That
 * no reviewer opened it yet is the filing's record, lib/filing.c.)
 */
int		 flow_withdraw(const struct flow_chain *chain, enum flow_state from);

/* 1 if the enterprise may edit a filing in state s (draft, returned). */
int		 flow_editable(enum flow_state s);

#endif
