/*
 * notice.c - the flash messages of every page, by page and key.
 */
#include <stddef.h>
#include <string.h>

#include "notice.h"

static const struct {
	enum notice_page page;
	const char	*key;
	const char	*text;
} notices[] = {
	{ NOTICE_ACCOUNT, "logged_out", "您已安全退出。" },
	{ NOTICE_ACCOUNT, "password_changed", "密码已修改。" },
	{ NOTICE_ACCOUNT, "password_reset", "密码已重置，请使用新密码登录。" },
	{ NOTICE_EVAL, "run", "评价已完成，请审阅排名名单。" },
	{ NOTICE_EVAL, "published", "名单已发布。" },
	{ NOTICE_REVIEW, "approved", "已审核通过。" },
	{ NOTICE_REVIEW, "returned", "已退回，企业将收到短信通知。" },
	{ NOTICE_REVIEW, "batch", "批量审核已完成。" },
	{ NOTICE_REVIEW, "reg_approved", "注册信息已审核通过，企业账号已启用。" },
	{ NOTICE_REVIEW, "reg_returned", "注册信息已退回。" },
	{ NOTICE_REVIEW, "released", "该统一社会信用代码已释放，原注册已退回、账号已停用；真实企业现在可以注册。" },
	{ NOTICE_TITLE, "published", "名单已发布公示。" },
	{ NOTICE_TITLE, "granted", "已完成认定，称号有效期3年。" },
	{ NOTICE_UPLOAD, "uploaded", "文件已上传。" },
	{ NOTICE_UPLOAD, "deleted", "文件已删除。" },
};

const char *
notice_text(enum notice_page page, const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (notices[i].page == page && strcmp(notices[i].key, key) == 0)
			return notices[i].text;
	return NULL;
}
