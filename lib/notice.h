/*
 * notice.h - the flash messages a page shows after a redirect (?msg=KEY):
 * chosen by a fixed key, never by reflected text.
 */
#ifndef NOTICE_H
#define NOTICE_H

/* The pages that show notices; each has its own keys. */
enum notice_page {
	NOTICE_ACCOUNT,		/* sme-account: login, home */
	NOTICE_EVAL,		/* sme-eval */
	NOTICE_REVIEW,		/* sme-review */
	NOTICE_TITLE,		/* sme-title */
	NOTICE_UPLOAD,		/* sme-upload: the 附件 section */
	NOTICE_PAGE__MAX
};

/* The zh-CN text of key on page, or NULL (key NULL or unknown). Borrowed. */
const char	*notice_text(enum notice_page page, const char *key);

#endif
