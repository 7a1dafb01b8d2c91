/*
 * flash.c - the flash messages of every page, by page and key.
 */
#include <stddef.h>
#include <string.h>

#include "flash.h"

static const struct {
	enum flash_page page;
	const char	*key;
	const char	*text;
} notices[] = {
	{ FLASH_ACCOUNT, "logged_out", "您已安全退出。" },
	{ FLASH_ACCOUNT, "password_changed", "密码已修改。" },
	{ FLASH_ACCOUNT, "password_reset", "密码已重置，请使用新密码登录。" },
	{ FLASH_EVAL, "run", "评价已完成，请审阅排名名单。" },
	{ FLASH_EVAL, "published", "名单已发布。" },
	{ FLASH_EVAL, "propose", "名单已提交设区市工信部门审核确认。" },
	{ FLASH_EVAL, "confirm", "名单已确认，公示开始。" },
	{ FLASH_EVAL, "return", "名单已退回县（市、区）工信部门。" },
	{ FLASH_REVIEW, "approved", "已审核通过。" },
	{ FLASH_REVIEW, "returned", "已退回，企业将收到短信通知。" },
	{ FLASH_REVIEW, "batch", "批量审核已完成。" },
	{ FLASH_REVIEW, "reg_approved", "注册信息已审核通过，企业账号已启用。" },
	{ FLASH_REVIEW, "reg_returned", "注册信息已退回。" },
	{ FLASH_REVIEW, "released", "该统一社会信用代码已释放，原注册已退回、账号已停用；真实企业现在可以注册。" },
	{ FLASH_TITLE, "published", "名单已发布公示。" },
	{ FLASH_TITLE, "granted", "已完成认定，称号有效期3年。" },
	{ FLASH_TITLE, "delegated", "市县级认定的负责部门已更新。" },
	{ FLASH_UPLOAD, "uploaded", "文件已上传。" },
	{ FLASH_UPLOAD, "deleted", "文件已删除。" },
	{ FLASH_UPLOAD, "licence", "已使用注册时上传的营业执照。" },
};

const char *
flash_text(enum flash_page page, const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (notices[i].page == page && strcmp(notices[i].key, key) == 0)
			return notices[i].text;
	return NULL;
}
