/*
 * test_attach.c - attach_clean_name(): a client's file name becomes a
 * display name without a path, control characters or bidi overrides, at
 * most 200 characters with the extension kept, whole UTF-8 characters.
 * Against the MariaDB of tools/up (unitdb.h), with a store of its own in
 * a temporary directory: a file and its row and audit row added in one
 * step, a one-file slot that has its file and the quotas refused with
 * nothing left behind, the same bytes stored once for two rows and
 * removed with the last, nothing changed once the filing is submitted.
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "attach.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "store.h"
#include "token.h"
#include "unitdb.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const char	*in;
	const char	*want;
} names[] = {
	{ "营业执照.pdf", "营业执照.pdf" },
	{ "../../etc/passwd.pdf", "passwd.pdf" },
	{ "C:\\Users\\张三\\Desktop\\审计报告.xlsx", "审计报告.xlsx" },
	{ "a\tb\x01" "c.doc", "abc.doc" },
	{ "invoice\xe2\x80\xae" "fdp.exe.pdf", "invoicefdp.exe.pdf" },
	{ "  .hidden.png  ", "hidden.png" },
	{ "..", "附件" },
	{ "", "附件" },
	{ "dir/", "附件" },
	{ "😀报告.rar", "😀报告.rar" },
};

START_TEST(attach_clean_name_keeps_only_a_safe_display_name)
{
	char	 out[4 * ATTACH_NAME_MAX + 1];

	attach_clean_name(names[_i].in, out, sizeof(out));
	ck_assert_str_eq(out, names[_i].want);
}
END_TEST

START_TEST(attach_clean_name_shortens_to_200_characters_keeping_the_extension)
{
	char	 in[2000] = "", out[4 * ATTACH_NAME_MAX + 1], want[2000] = "";
	int	 i;

	for (i = 0; i < 296; i++)
		strcat(in, "很");
	strcat(in, ".pdf");
	for (i = 0; i < 196; i++)
		strcat(want, "很");
	strcat(want, ".pdf");
	attach_clean_name(in, out, sizeof(out));
	ck_assert_str_eq(out, want);
	for (i = 0; i < 300; i++)
		in[i] = 'a';
	in[300] = '\0';	/* no extension: just cut */
	attach_clean_name(in, out, sizeof(out));
	ck_assert_uint_eq(strlen(out), ATTACH_NAME_MAX);
}
END_TEST

/* ---- against the database --------------------------------------------- */

static struct config	*cfg;
static struct db	*db;
static char		 store_dir[] = "/tmp/sme-test-attach-XXXXXX";

static const char SQL_AUDITS[] =
    "SELECT COUNT(*) FROM audit WHERE object_type = 'attachment' AND object_id = ?"
    " AND action = ?";
static const char SQL_STATE[] =
    "UPDATE filing SET state = 'county', version = version + 1 WHERE id = ?";

/* An upload of n bytes of a random text: its path in buf (moved by attach_add). */
static const char *
upload(char *buf, size_t bufsz, const char *seed, size_t n)
{
	char	 tok[48];
	FILE	*fp;
	size_t	 i;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(buf, bufsz, "%s/upload-%s", store_dir, tok);
	ck_assert_ptr_nonnull(fp = fopen(buf, "w"));
	fprintf(fp, "%%PDF-1.4\n%% %s %s\n", seed, tok);
	for (i = 0; i < n; i++)
		fputc('x', fp);
	ck_assert_int_eq(fclose(fp), 0);
	return buf;
}

/* A copy of the file at path (its bytes, again) at a new path in buf. */
static const char *
copy_of(const char *path, char *buf, size_t bufsz)
{
	char	 tok[48], b[4096];
	FILE	*in, *out;
	size_t	 n;

	ck_assert_int_eq(token_new(tok, sizeof(tok)), SME_OK);
	snprintf(buf, bufsz, "%s/copy-%s", store_dir, tok);
	ck_assert_ptr_nonnull(in = fopen(path, "r"));
	ck_assert_ptr_nonnull(out = fopen(buf, "w"));
	while ((n = fread(b, 1, sizeof(b), in)) > 0)
		ck_assert_uint_eq(fwrite(b, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
	return buf;
}

/* 1 if the store has the bytes whose SHA-256 is sha. */
static int
stored(const char *sha)
{
	char	 path[4096];

	ck_assert_int_eq(store_path(store_dir, sha, path, sizeof(path)), SME_OK);
	return access(path, F_OK) == 0;
}

/* A draft entry filing *id of a new enterprise *ent, *acct its account. */
static void
new_filing(long long *ent, long long *id, long long *acct)
{
	char	 why[256];

	*ent = unitdb_enterprise(db, NULL, acct);
	ck_assert_int_eq(filing_create(db, *ent, "entry", "mfg", NULL, filing_year_now(),
	    NULL, *acct, why, sizeof(why), id), SME_OK);
	ck_assert_msg(*id != 0, "refused: %s", why);
}

static long long
audits(long long id, const char *action)
{
	char	 oid[24];

	snprintf(oid, sizeof(oid), "%lld", id);
	struct db_param p[] = { DB_STR(oid), DB_STR(action) };
	return unitdb_int(db, SQL_AUDITS, p, 2);
}

START_TEST(attach_add_stores_the_file_with_its_row_and_refuses_a_full_slot)
{
	struct attach_new	 a;
	struct attach_list	 l;
	enum attach_conflict	 why;
	long long		 ent, fid, acct, id, id2;
	char			 path[4096], sha[STORE_NAME_LEN + 1], *missing[ATTACH_MISSING_MAX];
	size_t			 nmissing, nbefore, i;

	new_filing(&ent, &fid, &acct);
	ck_assert_int_eq(attach_missing(db, fid, "entry", missing, &nbefore), SME_OK);
	for (i = 0; i < nbefore; i++)
		free(missing[i]);
	a = (struct attach_new){ fid, ent, "licence", 0, "营业执照.pdf", "pdf", acct,
	    "127.0.0.1", upload(path, sizeof(path), "licence", 100), { 0, 0, 0 } };
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id, &why), SME_OK);
	ck_assert_int_ne(id, 0);
	ck_assert_int_eq(why, ATTACH_CONFLICT_NONE);
	ck_assert_int_eq(attach_list(db, fid, &l), SME_OK);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_int_eq(l.v[0].id, id);
	ck_assert_str_eq(l.v[0].slot, "licence");
	ck_assert_str_eq(l.v[0].name, "营业执照.pdf");
	ck_assert_int_gt(l.v[0].size, 100);
	snprintf(sha, sizeof(sha), "%s", l.v[0].sha256);
	attach_list_free(&l);
	ck_assert(stored(sha));
	ck_assert_int_eq(audits(id, "attachment_upload"), 1);
	/* The licence is no longer missing. */
	ck_assert_int_eq(attach_missing(db, fid, "entry", missing, &nmissing), SME_OK);
	ck_assert_uint_eq(nmissing, nbefore - 1);
	for (i = 0; i < nmissing; i++) {
		ck_assert_str_ne(missing[i], "企业营业执照原件扫描件");
		free(missing[i]);
	}

	/* A one-file slot that has its file: refused, no row, no bytes. */
	a.path = upload(path, sizeof(path), "second", 10);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id2, &why), SME_ECONFLICT);
	ck_assert_int_eq(why, ATTACH_CONFLICT_FULL);
	ck_assert_int_eq(id2, 0);
	ck_assert_int_eq(attach_list(db, fid, &l), SME_OK);
	ck_assert_uint_eq(l.n, 1);
	attach_list_free(&l);
}
END_TEST

START_TEST(attach_quotas_are_checked_before_anything_is_kept)
{
	struct attach_new	 a;
	struct attach_list	 l;
	enum attach_conflict	 why;
	long long		 ent, fid, acct, id;
	char			 path[4096];

	new_filing(&ent, &fid, &acct);
	a = (struct attach_new){ fid, ent, "audit", 1, "审计报告.pdf", "pdf", acct,
	    NULL, upload(path, sizeof(path), "audit", 1000), { 2, 3000, 0 } };
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id, &why), SME_OK);
	/* Past the filing's bytes with this file: refused. */
	a.path = upload(path, sizeof(path), "audit", 2000);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id, &why), SME_ECONFLICT);
	ck_assert_int_eq(why, ATTACH_CONFLICT_QUOTA_FILING);
	a.path = upload(path, sizeof(path), "audit", 1000);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id, &why), SME_OK);
	/* The slot's two files: a third is refused. */
	a.path = upload(path, sizeof(path), "audit", 1);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id, &why), SME_ECONFLICT);
	ck_assert_int_eq(why, ATTACH_CONFLICT_QUOTA_FILES);
	/* The enterprise's year: what it has uploaded counts. */
	a.slot = "other";
	a.quota = (struct attach_quota){ 0, 0, 2100 };
	a.path = upload(path, sizeof(path), "other", 100);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id, &why), SME_ECONFLICT);
	ck_assert_int_eq(why, ATTACH_CONFLICT_QUOTA_YEAR);
	ck_assert_int_eq(attach_list(db, fid, &l), SME_OK);
	ck_assert_uint_eq(l.n, 2);
	attach_list_free(&l);
}
END_TEST

START_TEST(attach_delete_keeps_shared_bytes_until_the_last_row_goes)
{
	struct attach_new	 a;
	struct attach		*at;
	enum attach_conflict	 why;
	long long		 ent, fid, acct, id1, id2, id3;
	char			 path[4096], again[4096], sha[STORE_NAME_LEN + 1];

	new_filing(&ent, &fid, &acct);
	a = (struct attach_new){ fid, ent, "honour", 1, "证书.pdf", "pdf", acct,
	    NULL, upload(path, sizeof(path), "honour", 50), { 0, 0, 0 } };
	copy_of(path, again, sizeof(again));
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id1, &why), SME_OK);
	a.name = "证书（副本）.pdf";
	a.path = again;
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id2, &why), SME_OK);
	ck_assert_int_eq(attach_get(db, id1, &at), SME_OK);
	ck_assert_ptr_nonnull(at);
	snprintf(sha, sizeof(sha), "%s", at->sha256);
	attach_free(at);
	ck_assert_int_eq(attach_get(db, id2, &at), SME_OK);
	ck_assert_str_eq(at->sha256, sha);
	attach_free(at);

	ck_assert_int_eq(attach_delete(db, store_dir, id1, acct, "127.0.0.1", &why), SME_OK);
	ck_assert_int_eq(attach_get(db, id1, &at), SME_OK);
	ck_assert_ptr_null(at);
	ck_assert(stored(sha));
	ck_assert_int_eq(audits(id1, "attachment_delete"), 1);
	ck_assert_int_eq(attach_delete(db, store_dir, id2, acct, "127.0.0.1", &why), SME_OK);
	ck_assert(!stored(sha));

	/* Submitted: nothing added or deleted. */
	a.path = upload(path, sizeof(path), "honour", 5);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id3, &why), SME_OK);
	struct db_param p[] = { DB_INT(fid) };
	ck_assert_int_eq(db_exec(db, SQL_STATE, p, 1, NULL, NULL), SME_OK);
	ck_assert_int_eq(attach_delete(db, store_dir, id3, acct, NULL, &why), SME_ECONFLICT);
	ck_assert_int_eq(why, ATTACH_CONFLICT_STATE);
	a.path = upload(path, sizeof(path), "late", 5);
	ck_assert_int_eq(attach_add(db, store_dir, &a, &id1, &why), SME_ECONFLICT);
	ck_assert_int_eq(why, ATTACH_CONFLICT_STATE);
	ck_assert_int_eq(attach_get(db, id3, &at), SME_OK);
	ck_assert_ptr_nonnull(at);
	attach_free(at);
}
END_TEST

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

/* After the cases (in the runner's process): the test's store goes. */
static void
rm_store(void)
{
	nftw(store_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static Suite *
attach_suite(void)
{
	Suite	*s = suite_create("attach");
	TCase	*tc = tcase_create("name");

	tcase_add_loop_test(tc, attach_clean_name_keeps_only_a_safe_display_name,
	    0, NELEM(names));
	tcase_add_test(tc, attach_clean_name_shortens_to_200_characters_keeping_the_extension);
	suite_add_tcase(s, tc);
	if (unitdb_open("test_attach", &cfg, &db)) {
		if (mkdtemp(store_dir) == NULL) {
			perror(store_dir);
			exit(EXIT_FAILURE);
		}
		tc = unitdb_tcase();
		tcase_add_unchecked_fixture(tc, NULL, rm_store);
		tcase_add_test(tc, attach_add_stores_the_file_with_its_row_and_refuses_a_full_slot);
		tcase_add_test(tc, attach_quotas_are_checked_before_anything_is_kept);
		tcase_add_test(tc, attach_delete_keeps_shared_bytes_until_the_last_row_goes);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	Suite	*s = attach_suite();

	return unitdb_main(s, cfg, db);
}
