/*
 * ministry.h - the Ministry's yearly update of national 小巨人 enterprises
 * (seed 002: 3月1日-4月30日 on 工信部优质中小企业梯度培育平台): the SMS
 * reminders on the configured days, and the province's workbook of their
 * year's data laid out as the Ministry's annual form.
 */
#ifndef MINISTRY_H
#define MINISTRY_H

#include <stddef.h>
#include "sme.h"

struct config;
struct db;

/* What ministry_remind() did. */
struct ministry_remind_stats {
	int			 due;		/* 1 if day is a reminder day */
	unsigned long long	 sent;		/* reminders queued */
	unsigned long long	 skipped;	/* reminded already this year, or no mobile */
};

/*
 * On day (YYYY-MM-DD, China Standard Time) equal to ministry_remind_open or
 * ministry_remind_close (MM-DD, cfg), queue the reminder SMS to every
 * enterprise holding a national 小巨人 title valid that day that has not
 * had this day's reminder this year: the ministry_reminder row and the
 * outbox row in one transaction per enterprise. On other days nothing.
 */
enum sme_err	 ministry_remind(struct db *db, const struct config *cfg,
		    const char *day, struct ministry_remind_stats *out);

/*
 * The workbook for year: one row per enterprise holding a national 小巨人
 * title valid in year, with the figures of year - 1 from its latest entry
 * or update filing of year or before (accepted first), under the form's
 * column groups 基本信息, 经营情况, 创新能力. *out is freed by the caller;
 * *nrows gets the enterprises.
 */
enum sme_err	 ministry_export(struct db *db, int year, const char *tmpdir,
		    char **out, size_t *outsz, size_t *nrows);

#endif
