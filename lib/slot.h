/*
 * slot.h - the attachment slots of each filing kind (seed 004's lists of
 * 附件, and the business licence of a library filing): key, zh-CN label,
 * whether it is required before submission, whether it takes several files.
 */
#ifndef SLOT_H
#define SLOT_H

#include <stddef.h>

struct slot {
	const char	*key;		/* in URLs and attachment.slot: "licence" */
	const char	*label;		/* zh-CN, as seed 004 words it */
	int		 required;	/* marked * in seed 004 */
	int		 multiple;	/* may hold several files */
};

/*
 * The slots of filing kind (entry, update, product, giant-mfg,
 * giant-innov, recheck) in display order, *n of them; NULL (and *n 0) for
 * an unknown kind. Static: never freed.
 */
const struct slot	*slot_list(const char *kind, size_t *n);

/* The slot key of kind, or NULL. Static. */
const struct slot	*slot_find(const char *kind, const char *key);

#endif
