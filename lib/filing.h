/*
 * filing.h - a filing and its values in the database: load one (checking
 * who asks), save a section's fields atomically against `version`, freeze
 * a submission, and the copy of last year's data into an update filing.
 */
#ifndef FILING_H
#define FILING_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;
struct form_item;
struct once_use;

struct filing_val {
	char	*name;
	char	*value;
};

/* A decision or submission on the filing (filing_event), oldest first. */
struct filing_event {
	char	*at;		/* Beijing time, "YYYY-MM-DD HH:MM" */
	char	*action;	/* submit, approve, return */
	char	*from_state;
	char	*to_state;
	char	*reason;	/* "" unless returned */
	char	*who;		/* the actor's display name, or "" */
};

/* The self-check stored with the filing (table filing_check, lib/selfcheck.c). */
struct filing_check {
	int	 fresh;		/* 1: stored, for the current schemes and region */
	int	 schemes, met, unmet, evidence, unknown;
};

struct filing {
	long long		 id;
	long long		 enterprise_id;
	char			 kind[16];
	const char		*form_kind;	/* the form it fills (form_kind_of): static */
	char			 class[8];	/* mfg, innov or "" (a 小巨人 复核: its title's) */
	char			 level[12];	/* province, local or "" */
	int			 year;
	char			*subject;	/* product name or NULL */
	int			 state;		/* enum flow_state */
	char			*return_reason;	/* NULL unless returned */
	long long		 version;
	long long		 submissions;
	int			 opened;	/* a reviewer opened the current submission */
	char			 updated_at[24];	/* Beijing time, "YYYY-MM-DD HH:MM" */
	char			 submitted_at[24];	/* "" if never */
	char			*ent_name;
	char			*ent_uscc;
	char			*ent_region;
	char			*ent_region_name; /* "江苏省 南京市 玄武区" (filing_load) */
	struct filing_val	*vals;		/* sorted by name */
	size_t			 nvals;
	struct filing_event	*events;
	size_t			 nevents;
	char			 section[32];	/* the section asked for, or "" */
	long long		 section_version; /* its version (0: never saved) */
	long long		 scheme_gen;	/* scheme_generation.gen at the load */
	struct filing_check	 check;
	/* Loaded with it by filing_load (framed = 1) for the page's frame: */
	int			 framed;
	struct filing_val	*saved;		/* section -> save time ("" if unknown) */
	size_t			 nsaved;
	struct filing_val	*slots;		/* attachment id -> its slot */
	size_t			 nslots;
	struct filing_val	*prefill;	/* section -> "year kind" it was copied from */
	size_t			 nprefill;
};

/*
 * Load filing id with its values, its events and its stored self-check
 * into *out (NULL when there is no such filing), in one query. The caller
 * checks who may see it and frees with filing_free().
 */
enum sme_err	 filing_load(struct db *db, long long id, struct filing **out);

/* filing_load(), with the version of section (f->section_version) too. */
enum sme_err	 filing_load_section(struct db *db, long long id, const char *section,
		    struct filing **out);
void		 filing_free(struct filing *f);

/* The value of name, or NULL. Borrowed from f. */
const char	*filing_get(const struct filing *f, const char *name);

/* The same as an indicator_get_fn (arg is the struct filing). */
const char	*filing_getter(void *arg, const char *name);

/*
 * What a section save was loaded at: the section's key and version
 * (filing_section; 0 when never saved), or, when section_version < 0, the
 * whole filing's version (clients that know no section versions).
 */
struct filing_save_at {
	const char		*section;
	long long		 section_version;
	long long		 version;
	const struct once_use	*once;	/* the form's one-time token, or NULL */
};

/*
 * Replace the values of items[0..n) with vals[0..n) (NULL or "" removes
 * one) if the filing is editable and at->'s version still holds; bump the
 * section's and the filing's versions; record at->once. SME_ECONFLICT when
 * stale, not editable or the token used; nothing changes then. One
 * transaction (db_tx_run: retried on deadlock).
 */
enum sme_err	 filing_save(struct db *db, long long id, const struct filing_save_at *at,
		    const struct form_item *items, char *const *vals, size_t n);

/* The version of section of filing id into *out (0 when never saved). */
enum sme_err	 filing_section_version(struct db *db, long long id, const char *section,
		    long long *out);

/*
 * Freeze filing f (loaded, version checked by the caller) as a submission
 * by account actor: snapshot, event, state to_state, version+1, audit, the
 * token once (may be NULL); in one transaction. SME_ECONFLICT if someone
 * changed it meanwhile or the token was used.
 */
enum sme_err	 filing_submit(struct db *db, const struct filing *f, long long actor,
		    const char *ip, int to_state, const struct once_use *once);

/* A reviewer's decision on a filing, as filing_decide() takes it. */
struct filing_decision {
	long long		 id;		/* the filing */
	long long		 enterprise_id;
	const char		*kind;		/* as loaded */
	const char		*state;		/* as loaded */
	const char		*year;		/* as loaded, for the SMS */
	long long		 loaded_version;	/* as loaded */
	long long		 version;	/* the one the reviewer saw (the form's) */
	int			 role;		/* the reviewer's enum flow_role */
	int			 action;	/* FLOW_APPROVE or FLOW_RETURN */
	const char		*reason;	/* FLOW_RETURN: why */
	long long		 actor;		/* the reviewer's account */
	const char		*ip;
	const struct once_use	*once;		/* the form's token, or NULL */
	const char		*level;		/* as loaded: province, local or NULL */
	int			 county_decides;	/* local: the city delegates (local_title_setting);
						   one already with the city stays the city's */
};

/*
 * Approve or return filing d->id, if its state and version still are what
 * the reviewer saw and the chain of its kind (cfg) lets d->role do it: the
 * state, version+1, the event, the audit row, the enterprise's SMS and,
 * when an entry completes its chain, the enterprise's place in the
 * library, with the token once, in one transaction (db_tx_run: run again
 * after a deadlock). *done is 1 when it was done, 0 when someone got there
 * first or the action does not apply (nothing changed); SME_ECONFLICT when
 * the token was used already.
 */
enum sme_err	 filing_decide(struct db *db, const struct config *cfg,
		    const struct filing_decision *d, int *done);

/*
 * Withdraw (撤回) filing f, loaded and waiting at from_state (its chain's
 * first level), back to draft for account actor: only while no reviewer
 * has opened it (filing.opened_at) and at f's version; event "withdraw",
 * version+1, audit, in one transaction. SME_ECONFLICT when opened, moved
 * on or changed meanwhile; nothing changes then.
 */
enum sme_err	 filing_withdraw(struct db *db, const struct filing *f, long long actor,
		    const char *ip, int from_state);

/*
 * Record that a reviewer opened filing id while it waits at state (the
 * first opening of a submission counts; later ones change nothing). From
 * then on the enterprise can no longer withdraw it.
 */
enum sme_err	 filing_mark_opened(struct db *db, long long id, int state);

/* When a section was last saved: its key and Beijing time "YYYY-MM-DD HH:MM". */
struct filing_saved {
	char	 section[33];
	char	 at[24];	/* "" if saved before times were kept */
};

/* The saved sections of filing id, at most max, into out; *n of them. */
enum sme_err	 filing_sections_saved(struct db *db, long long id,
		    struct filing_saved *out, size_t max, size_t *n);

/*
 * Create a filing for enterprise ent if combine_check_product allows it,
 * deciding and inserting under a lock on the enterprise's row, so that
 * parallel requests make one filing and the others are refused by the
 * rules. Every kind but entry starts from the enterprise's latest
 * accepted library data (prefill_copy, lib/prefill.c). *id gets the new id, or 0 with the zh-CN reason in why.
 */
enum sme_err	 filing_create(struct db *db, long long ent, const char *kind,
		    const char *class, const char *level, int year, const char *subject,
		    long long actor, char *why, size_t whysz, long long *id);

/* The JSON object {"name": "value", ...} of f's values; the caller frees it. */
char		*filing_snapshot(const struct filing *f);

/* This year in Beijing time (filing years follow the province's calendar). */
int		 filing_year_now(void);

#endif
