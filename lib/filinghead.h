/*
 * filinghead.h - the frame every page of an enterprise's filing shares
 * (the section pages of sme-filing and sme-upload's 附件): who and what,
 * the state, the return reason, the tabs with each section's progress
 * (data-section-state, "缺n项"), "已完成 k/n", the last save time, and
 * the submit or withdraw (撤回) form. One frame, so that 附件 is a section
 * like the others.
 */
#ifndef FILINGHEAD_H
#define FILINGHEAD_H

#include "sme.h"

struct app_ctx;
struct filing;

/*
 * Fill c's page values for filing f with current the section shown (""
 * for none) and kind_label its kind's name. Sets among others "sections"
 * (key, label, href, current, sstate, mark), "done_count", "section_count",
 * "saved_text" (the current section's "已于 HH:MM 保存"), "editable",
 * "withdrawable" and "withdraw_action".
 */
enum sme_err	 filinghead_fill(struct app_ctx *c, const struct filing *f,
		    const char *current, const char *kind_label);

/* "HH:MM" of a Beijing "YYYY-MM-DD HH:MM" today, else "MM-DD HH:MM", into buf. */
void		 filinghead_when(const char *at, char *buf, size_t bufsz);

#endif
