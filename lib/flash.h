/*
 * flash.h - the flash messages a page shows after a redirect (?msg=KEY):
 * chosen by a fixed key, never by reflected text.
 */
#ifndef FLASH_H
#define FLASH_H

/* The pages that show notices; each has its own keys. */
enum flash_page {
	FLASH_ACCOUNT,		/* sme-account: login, home */
	FLASH_EVAL,		/* sme-eval */
	FLASH_REVIEW,		/* sme-review */
	FLASH_TITLE,		/* sme-title */
	FLASH_UPLOAD,		/* sme-upload: the 附件 section */
	FLASH_PAGE__MAX
};

/* The zh-CN text of key on page, or NULL (key NULL or unknown). Borrowed. */
const char	*flash_text(enum flash_page page, const char *key);

#endif
