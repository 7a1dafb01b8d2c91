/*
 * prefill.h - a new filing starts from what the enterprise has already had
 * accepted (seed 002: "系统自动获取当前企业的已有信息"): the values of its
 * latest accepted library filing (entry or update) that the new kind's
 * form asks for, section by section, each section marked as copied until
 * the enterprise saves it.
 */
#ifndef PREFILL_H
#define PREFILL_H

#include <stddef.h>
#include "sme.h"

struct db;

/*
 * Fill filing id (of kind and year, enterprise ent, just inserted) from
 * ent's latest accepted entry or update filing, inside the caller's
 * transaction. An update takes every section of its form; a certification
 * (product, giant-mfg, giant-innov, recheck) 基本情况, 经营情况, 创新研发
 * and 已认定事项, where its form has them. Yearly figures only of the
 * years the new filing's table shows and before the source's forecast
 * year. Marks each section that received a value (filing_prefill).
 * Nothing to copy is no error (entry filings copy nothing).
 */
enum sme_err	 prefill_copy(struct db *db, long long id, long long ent,
		    const char *kind, int year);

/*
 * The notice of section of filing f if it is still as copied, into buf:
 * "已从2026年数据更新（审核通过）带入，请核对后保存。"; "" if it is not.
 * From what filing_load brought (f->prefill), else asked of db.
 */
struct filing;
enum sme_err	 prefill_notice(struct db *db, const struct filing *f, const char *section,
		    char *buf, size_t bufsz);

/* Forget the mark of section of filing id (its first save), in the caller's transaction. */
enum sme_err	 prefill_clear(struct db *db, long long id, const char *section);

#endif
