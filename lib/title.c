/*
 * title.c - titles (称号): the public notice (公示) of accepted certification
 * filings, the grant of their titles when it is over (valid three years,
 * seed 004 FAQ 8), and the import of titles granted before the platform,
 * with the parser of an import's lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "flow.h"
#include "scope.h"
#include "title.h"
#include "validate.h"
#include "vocab.h"

static const char SQL_PUBLICATION_INSERT[] =
    "INSERT INTO publication (year, kind, level, region_code, opened, closes,"
    " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP())";
static const char SQL_PUBLICATION_FILINGS[] =
    "INSERT INTO publication_filing (publication_id, filing_id)"
    " SELECT ?, f.id FROM filing f"
    " JOIN enterprise e ON e.id = f.enterprise_id JOIN region r ON r.code = e.region_code"
    " LEFT JOIN publication_filing pf ON pf.filing_id = f.id"
    " WHERE f.state = 'accepted' AND f.year = ? AND f.kind = ?"
    " AND COALESCE(f.level, 'province') = ? AND pf.filing_id IS NULL"
    " AND " SCOPE_SQL;
static const char SQL_GRANT_TITLES[] =
    "INSERT INTO title (enterprise_id, kind, level, product, granted_on,"
    " valid_until, filing_id, publication_id, source, created_by, created_at)"
    " SELECT f.enterprise_id,"
    "  CASE WHEN f.kind <> 'recheck' THEN f.kind"
    "   WHEN COALESCE(f.subject, '') <> '' THEN 'product'"
    "   ELSE COALESCE((SELECT t2.kind FROM title t2"
    "    WHERE t2.enterprise_id = f.enterprise_id AND t2.kind <> 'product'"
    "    ORDER BY t2.granted_on DESC, t2.id DESC LIMIT 1), 'giant-mfg') END,"
    "  p.level,"
    "  IF(f.kind = 'product' OR (f.kind = 'recheck' AND COALESCE(f.subject, '') <> ''),"
    "   f.subject, NULL),"
    "  DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR),"
    "  DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) + INTERVAL ? YEAR,"
    "  f.id, p.id, 'granted', ?, UTC_TIMESTAMP()"
    " FROM publication p JOIN publication_filing pf ON pf.publication_id = p.id"
    " JOIN filing f ON f.id = pf.filing_id WHERE p.id = ?";
static const char SQL_PUBLICATION_GRANTED[] =
    "UPDATE publication SET state = 'granted', granted_by = ?,"
    " granted_at = UTC_TIMESTAMP() WHERE id = ? AND state = 'notice'";
static const char SQL_IMPORT_TITLE[] =
    "INSERT INTO title (enterprise_id, kind, level, product, granted_on,"
    " valid_until, source, created_by, created_at)"
    " SELECT ?, ?, ?, ?, CAST(? AS DATE),"
    "  DATE_ADD(CAST(? AS DATE), INTERVAL ? YEAR), 'imported', ?, UTC_TIMESTAMP()"
    " FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM title t WHERE t.enterprise_id = ?"
    "  AND t.kind = ? AND t.level = ? AND t.granted_on = CAST(? AS DATE)"
    "  AND COALESCE(t.product, '') = ?)";
static const char SQL_PUBLICATION_LOCK[] =
    "SELECT state, closes < DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), closes,"
    " region_code FROM publication WHERE id = ? FOR UPDATE";

char *
title_trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

const char *
title_import_parse(char *line, struct title_import_row *row)
{
	char		*f[6], *p, *q;
	size_t		 n = 0;
	int		 k;
	const char	*msg;

	/* Full-width commas and tabs become ',' (a full-width comma is 3 bytes). */
	for (p = q = line; *p != '\0'; ) {
		if (strncmp(p, "，", 3) == 0) {
			*q++ = ',';
			p += 3;
		} else if (*p == '\t') {
			*q++ = ',';
			p++;
		} else
			*q++ = *p++;
	}
	*q = '\0';
	for (p = line; p != NULL && n < 6; )
		f[n++] = title_trim(strsep(&p, ","));
	if (p != NULL || n < 4 || n > 5)
		return "应为4或5项：统一社会信用代码,称号,级别,认定日期[,产品名称]";
	memset(row, 0, sizeof(*row));
	for (p = f[0]; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 'a' - 'A';
	if ((msg = validate_uscc(f[0])) != NULL)
		return msg;
	snprintf(row->uscc, sizeof(row->uscc), "%s", f[0]);
	/* The kinds a title may have, by name or by the labels people write. */
	k = vocab_kind_from_text(f[1]);
	if (k == FLOW_KPRODUCT || k == FLOW_KGIANT_MFG || k == FLOW_KGIANT_INNOV)
		row->kind = flow_kind_name(k);
	if (row->kind == NULL)
		return "称号应为专精特新产品、小巨人企业（制造类）或小巨人企业（创新类）";
	if (strcmp(f[2], "province") == 0 || strcmp(f[2], vocab_title_level_label("province")) == 0)
		row->level = "province";
	else if (strcmp(f[2], "local") == 0 || strcmp(f[2], vocab_title_level_label("local")) == 0)
		row->level = "local";
	else if (strcmp(f[2], "national") == 0 || strcmp(f[2], "国家级") == 0)
		row->level = "national";
	else
		return "级别应为省级、市县或国家级";
	if (validate_date(f[3], 2000, 2099) != NULL)
		return "认定日期应为YYYY-MM-DD格式的有效日期";
	snprintf(row->granted, sizeof(row->granted), "%s", f[3]);
	if (strcmp(row->kind, "product") == 0) {
		if (n < 5 || validate_text(f[4], 200) != NULL)
			return "专精特新产品须填写产品名称（不超过200字）";
		snprintf(row->product, sizeof(row->product), "%s", f[4]);
	} else if (n == 5 && *f[4] != '\0')
		return "小巨人企业称号不填写产品名称";
	return NULL;
}

/*
 * The publication and its filings, the audit row; SME_ECONFLICT with none
 * set when no filing waits for it (nothing is kept).
 */
static enum sme_err
publish_tx(struct db *db, void *arg)
{
	struct title_publish	*a = arg;
	unsigned long long	 id = 0, n = 0;
	char			 oid[32], after[256], cnt[24], ystr[8];
	enum sme_err		 er;

	a->none = 0;
	struct db_param p[] = { DB_INT(a->year), DB_STR(a->kind),
	    DB_STR(a->level), DB_STR(a->region), DB_STR(a->opened),
	    DB_STR(a->closes), DB_INT(a->actor) };
	if ((er = db_exec(db, SQL_PUBLICATION_INSERT, p, 7, NULL, &id)) != SME_OK)
		return er;
	struct db_param q[] = { DB_INT(id), DB_INT(a->year), DB_STR(a->kind),
	    DB_STR(a->level), DB_STR(a->region) };
	if ((er = db_exec(db, SQL_PUBLICATION_FILINGS, q, 5, &n, NULL)) != SME_OK)
		return er;
	if (n == 0) {
		a->none = 1;
		return SME_ECONFLICT;
	}
	snprintf(oid, sizeof(oid), "%llu", id);
	snprintf(cnt, sizeof(cnt), "%llu", n);
	snprintf(ystr, sizeof(ystr), "%d", a->year);
	if (audit_json(after, sizeof(after), "year", ystr, "kind",
	    a->kind, "level", a->level, "region", a->region, "opened", a->opened,
	    "closes", a->closes, "filings", cnt, NULL) != 0)
		after[0] = '\0';
	return audit_log(db, a->actor, a->ip,
	    "title_publish", "publication", oid, NULL, after[0] ? after : NULL);
}

/*
 * Grant the titles of publication a->id once its notice period is over,
 * mark it granted, audit; a refusal is SME_ECONFLICT with refusal set.
 */
static enum sme_err
grant_tx(struct db *db, void *arg)
{
	struct title_grant	*a = arg;
	struct db_res		*res;
	unsigned long long	 upd = 0;
	char			 oid[32], after[96], cnt[24];
	enum sme_err		 er;

	a->refusal = TITLE_GRANT_OK;
	a->n = 0;
	struct db_param p[] = { DB_INT(a->id) };
	if ((er = db_query(db, SQL_PUBLICATION_LOCK, p, 1, &res)) != SME_OK)
		return er;
	if (res->nrows == 0 || a->region == NULL ||
	    strcmp(db_res_get(res, 0, 3), a->region) != 0)
		a->refusal = TITLE_GRANT_MISSING;
	else if (!db_res_is(res, 0, 0, "notice"))
		a->refusal = TITLE_GRANT_ALREADY;
	else if (db_res_int(res, 0, 1, 0) == 0) {
		a->refusal = TITLE_GRANT_EARLY;
		snprintf(a->msg, sizeof(a->msg), "公示期至%s结束，公示期满后方可认定。",
		    db_res_get(res, 0, 2));
	}
	db_res_free(res);
	if (a->refusal != TITLE_GRANT_OK)
		return SME_ECONFLICT;
	struct db_param g[] = { DB_INT(TITLE_VALID_YEARS),
	    DB_INT(a->actor), DB_INT(a->id) };
	struct db_param u[] = { DB_INT(a->actor), DB_INT(a->id) };
	if ((er = db_exec(db, SQL_GRANT_TITLES, g, 3, &a->n, NULL)) != SME_OK ||
	    (er = db_exec(db, SQL_PUBLICATION_GRANTED, u, 2, &upd, NULL)) != SME_OK)
		return er;
	snprintf(oid, sizeof(oid), "%lld", a->id);
	snprintf(cnt, sizeof(cnt), "%llu", a->n);
	if (audit_json(after, sizeof(after), "state", "granted", "titles", cnt,
	    NULL) != 0)
		after[0] = '\0';
	return audit_log(db, a->actor, a->ip,
	    "title_grant", "publication", oid, "{\"state\":\"notice\"}",
	    after[0] ? after : NULL);
}

/* Write every row of a->rows and the audit row. */
static enum sme_err
import_tx(struct db *db, void *arg)
{
	struct title_import	*a = arg;
	unsigned long long	 n;
	char			 oid[32], after[96], cnt[24];
	enum sme_err		 er;
	size_t			 i;

	a->written = 0;
	for (i = 0; i < a->nrows; i++) {
		const struct title_import_row *w = &a->rows[i];
		struct db_param q[] = { DB_INT(a->ids[i]), DB_STR(w->kind),
		    DB_STR(w->level), DB_OPT(w->product), DB_STR(w->granted),
		    DB_STR(w->granted), DB_INT(TITLE_VALID_YEARS),
		    DB_INT(a->actor), DB_INT(a->ids[i]), DB_STR(w->kind),
		    DB_STR(w->level), DB_STR(w->granted), DB_STR(w->product) };
		if ((er = db_exec(db, SQL_IMPORT_TITLE, q, 13, &n, NULL)) != SME_OK)
			return er;
		a->written += n;
	}
	snprintf(oid, sizeof(oid), "%lld", a->actor);
	snprintf(cnt, sizeof(cnt), "%llu", a->written);
	if (audit_json(after, sizeof(after), "titles", cnt, NULL) != 0)
		after[0] = '\0';
	return audit_log(db, a->actor, a->ip,
	    "title_import", "account", oid, NULL, after[0] ? after : NULL);
}


enum sme_err
title_publish(struct db *db, struct title_publish *a)
{
	return db_tx_run(db, publish_tx, a);
}

enum sme_err
title_grant(struct db *db, struct title_grant *a)
{
	return db_tx_run(db, grant_tx, a);
}

enum sme_err
title_import(struct db *db, struct title_import *a)
{
	return db_tx_run(db, import_tx, a);
}
