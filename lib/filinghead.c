/*
 * filinghead.c - the shared frame of a filing's pages (see filinghead.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "filing.h"
#include "filinghead.h"
#include "flow.h"
#include "progress.h"
#include "tmpl.h"
#include "vocab.h"

void
filinghead_when(const char *at, char *buf, size_t bufsz)
{
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;
	char		 today[16];

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (strlen(at) < 16)
		snprintf(buf, bufsz, "%s", at);
	else if (strncmp(at, today, 10) == 0)
		snprintf(buf, bufsz, "%s", at + 11);
	else
		snprintf(buf, bufsz, "%s", at + 5);
}

/* The tabs: a section each with its state and mark. */
static enum sme_err
filinghead_tabs(struct app_ctx *c, const struct filing *f, const char *current)
{
	struct progress_section	 p[PROGRESS_SECTIONS_MAX];
	struct tmpl_vars	*it;
	enum sme_err		 er;
	size_t			 i, n, done;
	char			 when[24];

	if ((er = progress_filing(c->db, f, p, &n, &done)) != SME_OK)
		return er;
	for (i = 0; i < n; i++) {
		if ((it = tmpl_add(c->v, "sections")) == NULL)
			return SME_ENOMEM;
		tmpl_set(it, "key", p[i].key);
		tmpl_set(it, "label", p[i].label);
		tmpl_setf(it, "href", "/filing/%lld/%s", f->id, p[i].key);
		tmpl_set(it, "current", strcmp(p[i].key, current) == 0 ? "page" : NULL);
		tmpl_set(it, "sstate", progress_state_name(p[i].state));
		if (p[i].state == PROGRESS_DONE)
			tmpl_set(it, "mark", "✓");
		else if (p[i].missing > 0)
			tmpl_setf(it, "mark", "缺%zu项", p[i].missing);
		else
			tmpl_set(it, "mark", "未填");
		if (strcmp(p[i].key, current) == 0 && p[i].saved_at[0] != '\0') {
			filinghead_when(p[i].saved_at, when, sizeof(when));
			tmpl_setf(c->v, "saved_text", "本部分已于 %s 保存", when);
			tmpl_set(c->v, "saved_when", when);
			tmpl_set(c->v, "saved_at", p[i].saved_at);
		}
		if (strcmp(p[i].key, current) == 0)
			tmpl_setf(c->v, "section_missing", "%zu", p[i].missing);
	}
	tmpl_setf(c->v, "done_count", "%zu", done);
	tmpl_setf(c->v, "section_count", "%zu", n);
	return SME_OK;
}

enum sme_err
filinghead_fill(struct app_ctx *c, const struct filing *f, const char *current,
    const char *kind_label)
{
	struct flow_chain	 chain;
	int			 editable = flow_editable(f->state);

	tmpl_setf(c->v, "id", "%lld", f->id);
	tmpl_setf(c->v, "version", "%lld", f->version);
	tmpl_setf(c->v, "year", "%d", f->year);
	tmpl_set(c->v, "ent_name", f->ent_name);
	tmpl_set(c->v, "ent_uscc", f->ent_uscc);
	tmpl_set(c->v, "kind_label", kind_label);
	tmpl_set(c->v, "class_label", vocab_class_label(f->class));
	tmpl_set(c->v, "level_label", vocab_title_level_label(f->level));
	tmpl_set(c->v, "subject", f->subject);
	tmpl_set(c->v, "state_label", flow_state_label(f->state));
	tmpl_set(c->v, "state_key", flow_state_name(f->state));
	tmpl_set(c->v, "editable", editable ? "1" : NULL);
	tmpl_set(c->v, "locked", editable ? NULL : "1");
	tmpl_set(c->v, "is_draft", f->state == FLOW_DRAFT ? "1" : NULL);
	tmpl_set(c->v, "updated_at", f->updated_at);
	tmpl_setf(c->v, "action", "/filing/%lld/%s", f->id, current);
	tmpl_setf(c->v, "submit_action", "/filing/%lld/submit", f->id);
	tmpl_setf(c->v, "save_submit_action", "/filing/%lld/%s?then=submit", f->id, current);
	tmpl_setf(c->v, "withdraw_action", "/filing/%lld/withdraw", f->id);
	tmpl_setf(c->v, "back_href", "/filing/%lld/basic", f->id);
	tmpl_setf(c->v, "assess_href", "/filing/%lld/assessment", f->id);
	if (f->state == FLOW_RETURNED)
		tmpl_set(c->v, "return_reason", f->return_reason);
	flow_chain(c->app->cfg, flow_kind_parse(f->kind), &chain);
	tmpl_set(c->v, "withdrawable", !f->opened &&
	    flow_withdraw(&chain, f->state) >= 0 ? "1" : NULL);
	return filinghead_tabs(c, f, current);
}
