/*
 * progress.h - how far a filing is filled, section by section, from what
 * is saved: required fields (and required attachment slots) still empty,
 * a section's state (empty, partial, done) and when it was last saved.
 * The tabs of the filing pages and "已完成 k/n" are made of it.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stddef.h>
#include "sme.h"

struct db;
struct filing;
struct form_item;

enum progress_state {
	PROGRESS_EMPTY,		/* nothing saved in it */
	PROGRESS_PARTIAL,	/* something saved, required items missing */
	PROGRESS_DONE,		/* saved (or filled) and nothing required missing */
	PROGRESS__MAX
};

struct progress_section {
	const char		*key;		/* form.c's section key */
	const char		*label;
	enum progress_state	 state;
	size_t			 missing;	/* required items still empty */
	size_t			 filled;	/* items (files) with a value */
	char			 saved_at[24];	/* Beijing "YYYY-MM-DD HH:MM", "" if never */
};

#define PROGRESS_SECTIONS_MAX	8

/* "empty", "partial", "done" (the pages' data-section-state). */
const char	*progress_state_name(enum progress_state s);

/*
 * 1 if item i of a section's items[0..n) is required for submission and
 * empty in f's saved values: a FORM_REQUIRED field that is not a forecast,
 * or a FORM_ONEOF field when none of the section's FORM_ONEOF is filled.
 */
int		 progress_item_missing(const struct filing *f,
		    const struct form_item *items, size_t n, size_t i);

/*
 * Every section of f (the attachments too, by their required slots and
 * files) into out, at most PROGRESS_SECTIONS_MAX; *n of them and *done
 * the ones PROGRESS_DONE. A section with no required item counts as done
 * once it has been saved or filled.
 */
enum sme_err	 progress_filing(struct db *db, const struct filing *f,
		    struct progress_section *out, size_t *n, size_t *done);

#endif
