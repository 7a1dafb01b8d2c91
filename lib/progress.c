/*
 * progress.c - a filing's progress per section from its saved values (see
 * progress.h): form.c's required flags, attach.c's required slots, and the
 * save times filing.c keeps per section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "filing.h"
#include "form.h"
#include "progress.h"
#include "slot.h"

static const char *const progress_names[PROGRESS__MAX] = { "empty", "partial", "done" };

const char *
progress_state_name(enum progress_state s)
{
	return (unsigned)s < PROGRESS__MAX ? progress_names[s] : "";
}

static int
progress_filled(const struct filing *f, const char *name)
{
	const char	*v = filing_get(f, name);

	return v != NULL && *v != '\0';
}

int
progress_item_missing(const struct filing *f, const struct form_item *items, size_t n,
    size_t i)
{
	size_t	 k;

	if (items[i].forecast || progress_filled(f, items[i].name))
		return 0;
	if (items[i].f->flags & FORM_REQUIRED)
		return 1;
	if (!(items[i].f->flags & FORM_ONEOF))
		return 0;
	for (k = 0; k < n; k++)
		if ((items[k].f->flags & FORM_ONEOF) && progress_filled(f, items[k].name))
			return 0;
	return 1;
}

/* A saved value of the filing (a form_get_fn: the rows of its tables). */
static const char *
progress_get(void *arg, const char *name)
{
	return filing_get(arg, name);
}

/* The form fields of section s of f into *p (its saved_at already set). */
static void
progress_form(const struct filing *f, struct progress_section *p, int saved)
{
	static struct form_item	 items[FORM_ITEMS_MAX];
	size_t			 i, n, required = 0;

	n = form_items_of(f->form_kind, f->year, p->key, progress_get, (void *)f, items,
	    FORM_ITEMS_MAX);
	for (i = 0; i < n; i++) {
		if (progress_filled(f, items[i].name))
			p->filled++;
		if (progress_item_missing(f, items, n, i))
			p->missing++;
		if (items[i].f->flags & (FORM_REQUIRED | FORM_ONEOF))
			required++;
	}
	if (p->missing > 0)
		p->state = p->filled > 0 ? PROGRESS_PARTIAL : PROGRESS_EMPTY;
	else
		p->state = p->filled > 0 || saved || required > 0 ? PROGRESS_DONE : PROGRESS_EMPTY;
}

/* 1 if f (loaded framed) holds an attachment in slot. */
static int
progress_has_slot(const struct filing *f, const char *slot)
{
	size_t	 i;

	for (i = 0; i < f->nslots; i++)
		if (strcmp(f->slots[i].value, slot) == 0)
			return 1;
	return 0;
}

/* The required slots of f without a file, from what filing_load brought. */
static size_t
progress_slots_missing(const struct filing *f)
{
	const struct slot	*s;
	size_t			 i, n, nm = 0;

	if ((s = slot_list(f->form_kind, &n)) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i].required && !progress_has_slot(f, s[i].key))
			nm++;
	return nm;
}

/* The attachments of f into *p (queried only when f was not loaded framed). */
static enum sme_err
progress_attachments(struct db *db, const struct filing *f, struct progress_section *p)
{
	char			*miss[ATTACH_MISSING_MAX];
	struct attach_list	 l;
	enum sme_err		 er;
	size_t			 i, nm = 0;

	if (f->framed) {
		nm = progress_slots_missing(f);
		p->filled = f->nslots;
	} else {
		if ((er = attach_missing(db, f->id, f->form_kind, miss, &nm)) != SME_OK)
			return er;
		for (i = 0; i < nm; i++)
			free(miss[i]);
		if ((er = attach_list(db, f->id, &l)) != SME_OK)
			return er;
		p->filled = l.n;
		attach_list_free(&l);
	}
	p->missing = nm;
	p->state = nm > 0 ? (p->filled > 0 ? PROGRESS_PARTIAL : PROGRESS_EMPTY) :
	    p->filled > 0 ? PROGRESS_DONE : PROGRESS_EMPTY;
	return SME_OK;
}

/* The save times of f's sections into saved (from the load when framed). */
static enum sme_err
progress_saved(struct db *db, const struct filing *f, struct filing_saved *saved,
    size_t max, size_t *nsaved)
{
	size_t	 i;

	if (!f->framed)
		return filing_sections_saved(db, f->id, saved, max, nsaved);
	for (*nsaved = 0, i = 0; i < f->nsaved && *nsaved < max; i++, (*nsaved)++) {
		snprintf(saved[*nsaved].section, sizeof(saved[*nsaved].section), "%s",
		    f->saved[i].name);
		snprintf(saved[*nsaved].at, sizeof(saved[*nsaved].at), "%s", f->saved[i].value);
	}
	return SME_OK;
}

enum sme_err
progress_filing(struct db *db, const struct filing *f, struct progress_section *out,
    size_t *n, size_t *done)
{
	const struct form_section	*secs;
	struct filing_saved		 saved[PROGRESS_SECTIONS_MAX * 2];
	enum sme_err			 er;
	size_t				 i, k, ns, nsaved;
	int				 was;

	*n = *done = 0;
	if ((er = progress_saved(db, f, saved, sizeof(saved) / sizeof(saved[0]),
	    &nsaved)) != SME_OK)
		return er;
	ns = form_sections(f->form_kind, &secs);
	for (i = 0; i < ns && i < PROGRESS_SECTIONS_MAX; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].key = secs[i].key;
		out[i].label = secs[i].label;
		for (was = 0, k = 0; k < nsaved; k++)
			if (strcmp(saved[k].section, secs[i].key) == 0) {
				was = 1;
				snprintf(out[i].saved_at, sizeof(out[i].saved_at), "%s", saved[k].at);
			}
		if (strcmp(secs[i].key, "attachments") == 0) {
			if ((er = progress_attachments(db, f, &out[i])) != SME_OK)
				return er;
		} else
			progress_form(f, &out[i], was);
		if (out[i].state == PROGRESS_DONE)
			(*done)++;
		(*n)++;
	}
	return SME_OK;
}
