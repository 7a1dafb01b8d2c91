/*
 * test_scheme_db.c - scheme_db.[ch] against the MariaDB of tools/up
 * (unitdb.h): the seeds' schemes of schema/data/schemes.txt, saved under
 * families of their own, load back field for field (rules, bands with
 * open and closed bounds, areas, the total); saving one again replaces
 * it; a scheme of a city applies to its counties, one of another city
 * does not. The test's schemes are deleted at its end.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "config.h"
#include "db.h"
#include "scheme.h"
#include "scheme_db.h"
#include "token.h"
#include "unitdb.h"

static struct config	*cfg;
static struct db	*db;
static char		 prefix[24];	/* of the test's families: "ut-<token>-" */

static const char SQL_DROP[] =
    "DELETE FROM scheme WHERE family LIKE CONCAT(?, '%')";

/* The schemes of SCHEMES_FILE into *all, *nall. */
static void
parse_file(struct scheme **all, size_t *nall)
{
	FILE	*fp;
	char	*buf, err[256];
	long	 sz;

	ck_assert_ptr_nonnull(fp = fopen(SCHEMES_FILE, "rb"));
	fseek(fp, 0, SEEK_END);
	sz = ftell(fp);
	rewind(fp);
	ck_assert_ptr_nonnull(buf = malloc(sz + 1));
	ck_assert_int_eq(fread(buf, 1, sz, fp), sz);
	fclose(fp);
	ck_assert_msg(scheme_parse(buf, sz, all, nall, err, sizeof(err)) == SME_OK,
	    "schemes.txt: %s", err);
	free(buf);
}

static struct scheme *
find(struct scheme *v, size_t n, const char *family, int year)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].family, family) == 0 && (year == 0 || v[i].year == year))
			return &v[i];
	return NULL;
}

/* got is want, field for field (but the id). */
static void
same(const struct scheme *got, const struct scheme *want)
{
	size_t	 i, k;

	ck_assert_str_eq(got->family, want->family);
	ck_assert_int_eq(got->year, want->year);
	ck_assert_str_eq(got->tier, want->tier);
	ck_assert_str_eq(got->klass, want->klass);
	ck_assert_str_eq(got->kinds, want->kinds);
	ck_assert_str_eq(got->region, want->region);
	ck_assert_int_eq(got->mode, want->mode);
	ck_assert_str_eq(got->issuer, want->issuer);
	ck_assert_str_eq(got->title, want->title);
	ck_assert_str_eq(got->source, want->source);
	ck_assert_int_eq(got->total_min, want->total_min);
	ck_assert_uint_eq(got->nrules, want->nrules);
	for (i = 0; i < want->nrules; i++) {
		const struct scheme_rule *g = &got->rules[i], *w = &want->rules[i];

		ck_assert_str_eq(g->code, w->code);
		ck_assert_str_eq(g->group, w->group);
		ck_assert_str_eq(g->fact, w->fact);
		ck_assert_int_eq(g->op, w->op);
		if (w->op != SCHEME_DECLARE)
			ck_assert_double_eq_tol(g->threshold, w->threshold, 1e-9);
		ck_assert_str_eq(g->unit, w->unit);
		ck_assert_str_eq(g->slot, w->slot);
		ck_assert_str_eq(g->text, w->text);
	}
	ck_assert_uint_eq(got->nbands, want->nbands);
	for (i = 0; i < want->nbands; i++) {
		const struct scheme_band *g = &got->bands[i], *w = &want->bands[i];

		ck_assert_str_eq(g->indicator, w->indicator);
		ck_assert_str_eq(g->area, w->area);
		ck_assert_str_eq(g->fact, w->fact);
		ck_assert_int_eq(g->lo_set, w->lo_set);
		ck_assert_int_eq(g->hi_set, w->hi_set);
		if (w->lo_set) {
			ck_assert_double_eq_tol(g->lo, w->lo, 1e-9);
			ck_assert_int_eq(g->lo_incl, w->lo_incl);
		}
		if (w->hi_set) {
			ck_assert_double_eq_tol(g->hi, w->hi, 1e-9);
			ck_assert_int_eq(g->hi_incl, w->hi_incl);
		}
		ck_assert_int_eq(g->points, w->points);
		ck_assert_str_eq(g->text, w->text);
	}
	/* Areas come back by key, not in the file's order. */
	ck_assert_uint_eq(got->nareas, want->nareas);
	for (i = 0; i < want->nareas; i++) {
		for (k = 0; k < got->nareas; k++)
			if (strcmp(got->areas[k].key, want->areas[i].key) == 0)
				break;
		ck_assert_msg(k < got->nareas, "no area %s", want->areas[i].key);
		ck_assert_int_eq(got->areas[k].min, want->areas[i].min);
		ck_assert_str_eq(got->areas[k].name, want->areas[i].name);
	}
}

/* Save s as family prefix+name, year 2026, region region. */
static void
save_as(struct scheme *s, const char *name, const char *region, int want_replaced)
{
	int	 replaced = -1;

	snprintf(s->family, sizeof(s->family), "%s%s", prefix, name);
	snprintf(s->region, sizeof(s->region), "%s", region);
	s->year = 2026;
	ck_assert_int_eq(scheme_save(db, s, &replaced), SME_OK);
	ck_assert_int_gt(s->id, 0);
	ck_assert_int_eq(replaced, want_replaced);
}

START_TEST(scheme_save_then_load_gives_the_same_scheme)
{
	struct scheme	*all, *got, *pass, *score, *other, *g;
	size_t		 nall, ngot;
	char		 fam[48];
	long long	 first;

	parse_file(&all, &nall);
	ck_assert_ptr_nonnull(pass = find(all, nall, "jinhu-entry-mfg", 2022));
	ck_assert_ptr_nonnull(score = find(all, nall, "cn-innov-sme", 2022));
	ck_assert_ptr_nonnull(other = find(all, nall, "js-entry-mfg", 2021));
	ck_assert_int_eq(score->mode, SCHEME_SCORE);
	ck_assert_uint_gt(score->nbands, 0);
	ck_assert_uint_gt(score->nareas, 0);
	save_as(pass, "pass", "321300", 0);	/* 宿迁市: its counties too */
	save_as(score, "score", "", 0);
	save_as(other, "other", "320800", 0);	/* 淮安市: not 宿迁's */

	ck_assert_int_eq(scheme_load_applicable(db, "entry", "mfg", UNITDB_COUNTY, 2026,
	    &got, &ngot), SME_OK);
	snprintf(fam, sizeof(fam), "%spass", prefix);
	ck_assert_ptr_nonnull(g = find(got, ngot, fam, 0));
	ck_assert_int_eq(g->id, pass->id);
	same(g, pass);
	snprintf(fam, sizeof(fam), "%sscore", prefix);
	ck_assert_ptr_nonnull(g = find(got, ngot, fam, 0));
	same(g, score);
	snprintf(fam, sizeof(fam), "%sother", prefix);
	ck_assert_ptr_null(find(got, ngot, fam, 0));
	scheme_free_all(got, ngot);
	/* The innovation class is not the manufacturing one's. */
	ck_assert_int_eq(scheme_load_applicable(db, "entry", "innov", UNITDB_COUNTY, 2026,
	    &got, &ngot), SME_OK);
	snprintf(fam, sizeof(fam), "%spass", prefix);
	ck_assert_ptr_null(find(got, ngot, fam, 0));
	snprintf(fam, sizeof(fam), "%sscore", prefix);
	ck_assert_ptr_nonnull(find(got, ngot, fam, 0));
	scheme_free_all(got, ngot);

	/* Saved again with a rule less: replaced under a new id. */
	first = pass->id;
	pass->nrules--;
	save_as(pass, "pass", "321300", 1);
	ck_assert_int_ne(pass->id, first);
	ck_assert_int_eq(scheme_load_applicable(db, "entry", "mfg", UNITDB_COUNTY, 2026,
	    &got, &ngot), SME_OK);
	snprintf(fam, sizeof(fam), "%spass", prefix);
	ck_assert_ptr_nonnull(g = find(got, ngot, fam, 0));
	same(g, pass);
	scheme_free_all(got, ngot);
	pass->nrules++;
	scheme_free_all(all, nall);
}
END_TEST

/* After the cases (in the runner's process): the test's schemes go. */
static void
drop_schemes(void)
{
	struct db_param	 p[] = { DB_STR(prefix) };
	struct db	*d = NULL;

	if (db_open(cfg, &d) != SME_OK || db_exec(d, SQL_DROP, p, 1, NULL, NULL) != SME_OK)
		fprintf(stderr, "test_scheme_db: the schemes %s* were not deleted\n", prefix);
	db_close(d);
}

int
main(void)
{
	Suite	*s = suite_create("scheme_db");
	TCase	*tc;
	char	 tok[48];

	if (unitdb_open("test_scheme_db", &cfg, &db)) {
		if (token_new(tok, sizeof(tok)) != SME_OK)
			return EXIT_FAILURE;
		tok[12] = '\0';
		for (char *c = tok; *c != '\0'; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
				*c = 'x';
		snprintf(prefix, sizeof(prefix), "ut-%.12s-", tok);
		tc = unitdb_tcase();
		tcase_add_unchecked_fixture(tc, NULL, drop_schemes);
		tcase_add_test(tc, scheme_save_then_load_gives_the_same_scheme);
		suite_add_tcase(s, tc);
	}
	return unitdb_main(s, cfg, db);
}
