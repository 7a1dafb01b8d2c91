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
	{ FLASH_ACCOUNT, "mobile_changed", "手机号已变更，原手机号将收到变更通知短信。" },
	{ FLASH_ACCOUNT, "region_requested", "注册地区变更申请已提交，请等待原所在县（市、区）或设区市工信部门确认。" },
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
	{ FLASH_REVIEW, "move_confirmed", "已确认注册地区变更，企业及其审核中的申报已转至新的县（市、区）。" },
	{ FLASH_REVIEW, "move_refused", "已不同意该注册地区变更，企业将收到短信通知。" },
	{ FLASH_REVIEW, "mobile_confirmed", "已变更该企业账号的手机号，新旧手机号均已短信通知。" },
	{ FLASH_REVIEW, "mobile_refused", "已不同意该手机号变更申请，申请人将收到短信通知。" },
	{ FLASH_REVIEW, "released", "该统一社会信用代码已释放，原注册已退回、账号已停用；真实企业现在可以注册。" },
	{ FLASH_REVIEW, "lib_proposed", "已提出清退出库，待设区市工信部门确认。" },
	{ FLASH_REVIEW, "lib_confirmed", "已确认清退出库，企业将收到短信通知。" },
	{ FLASH_REVIEW, "lib_undone", "清退已撤销。" },
	{ FLASH_REVIEW, "lib_published", "本年度培育库名单已公布。" },
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
