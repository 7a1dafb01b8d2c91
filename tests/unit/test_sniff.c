/*
 * test_sniff.c - sniff.[ch] over the corpus in tests/fuzz/corpus/sniff
 * (built by tests/harness/files.mjs): ok_<type>_* files are accepted as
 * that type, no_<verdict>_* refused with that verdict and a message; every
 * accepted file cut short, or with a zip or a page appended, is refused;
 * the extension list is configuration; store_begin/commit move a file in.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "sniff.h"
#include "store.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define CORPUS_MAX	128

static const char *const verdicts[SNIFF__MAX] = {
	"ok", "ext", "empty", "unknown", "mismatch", "corrupt", "polyglot"
};

static char	 corpus[CORPUS_MAX][800];
static size_t	 ncorpus;

/* The corpus directory, from top_srcdir (make check sets it). */
static void
corpus_load(void)
{
	const char	*top = getenv("top_srcdir");
	char		 dir[400];
	struct dirent	*e;
	DIR		*d;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/sniff", top ? top : ".");
	ck_assert_msg((d = opendir(dir)) != NULL, "no corpus at %s", dir);
	while ((e = readdir(d)) != NULL && ncorpus < CORPUS_MAX)
		if (strncmp(e->d_name, "ok_", 3) == 0 ||
		    strncmp(e->d_name, "no_", 3) == 0)
			snprintf(corpus[ncorpus++], sizeof(corpus[0]), "%s/%s",
			    dir, e->d_name);
	closedir(d);
	ck_assert_uint_ge(ncorpus, 20);
}

static const char *
base(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The whole of path into *buf; its size. */
static size_t
slurp(const char *path, unsigned char **buf)
{
	FILE	*f = fopen(path, "rb");
	long	 n;

	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(*buf);
	ck_assert_uint_eq(fread(*buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return (size_t)n;
}

START_TEST(sniff_file_judges_the_corpus_as_its_names_say)
{
	enum sniff_verdict v;
	enum filetype	 t;
	char		 msg[512], want[32];
	size_t		 i;

	corpus_load();
	for (i = 0; i < ncorpus; i++) {
		const char *b = base(corpus[i]);

		ck_assert_int_eq(sniff_file(corpus[i], b, SNIFF_TYPES_DEFAULT,
		    &v, &t, msg, sizeof(msg)), SME_OK);
		snprintf(want, sizeof(want), "%.*s", (int)strcspn(b + 3, "_"), b + 3);
		if (b[0] == 'o') {
			ck_assert_msg(v == SNIFF_OK, "%s: %s (%s)", b, verdicts[v], msg);
			ck_assert_str_eq(filetype_ext(t), want);
			ck_assert_str_eq(msg, "");
		} else {
			ck_assert_msg(strcmp(verdicts[v], want) == 0, "%s: got %s (%s)",
			    b, verdicts[v], msg);
			ck_assert_uint_gt(strlen(msg), 10);
		}
	}
}
END_TEST

/* What phones append after a photo's EOI is not another file: kept. */
START_TEST(sniff_buf_keeps_phone_trailers_after_a_jpeg)
{
	static const unsigned char samsung[] = "\0\0\0\0SEFH\x6a\0\0\0\x01\x08\0\0Image_UTC_Data1700000000000SEFT";
	static const unsigned char motion[] = "\0\0\0\x18" "ftypmp42\0\0\0\0mp42isom\0\0\0\x08" "free";
	const unsigned char	*tails[] = { samsung, motion };
	size_t			 sizes[] = { sizeof(samsung) - 1, sizeof(motion) - 1 };
	unsigned char		*b, *x;
	enum filetype		 t;
	size_t			 n, j;
	char			 path[512];

	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/sniff/ok_jpg_jpg.jpg",
	    getenv("top_srcdir") ? getenv("top_srcdir") : ".");
	n = slurp(path, &b);
	for (j = 0; j < 2; j++) {
		x = malloc(n + sizes[j]);
		memcpy(x, b, n);
		memcpy(x + n, tails[j], sizes[j]);
		ck_assert_msg(sniff_buf(x, n + sizes[j], &t) == SNIFF_OK, "trailer %zu refused", j);
		ck_assert_int_eq(t, FILETYPE_JPG);
		free(x);
	}
	free(b);
}
END_TEST

START_TEST(sniff_buf_refuses_every_accepted_file_cut_short_or_with_a_tail)
{
	static const char *const tails[] = {
		"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",	/* an empty zip */
		"<html><script>alert(1)</script></html>",
		"\x89PNG junk after the end",
	};
	unsigned char	*b, *x;
	enum filetype	 t;
	size_t		 i, j, n, cut, pdf;

	corpus_load();
	for (i = 0; i < ncorpus; i++) {
		if (strncmp(base(corpus[i]), "ok_", 3) != 0)
			continue;
		n = slurp(corpus[i], &b);
		ck_assert_int_eq(sniff_buf(b, n, &t), SNIFF_OK);
		/* A PDF may lose the newline after %%EOF and stay whole. */
		pdf = strstr(base(corpus[i]), "ok_pdf_") != NULL;
		for (cut = 1; cut < n - pdf; cut += cut < 64 ? 1 : n / 97 + 1)
			ck_assert_msg(sniff_buf(b, cut, &t) != SNIFF_OK,
			    "%s cut to %zu bytes is accepted", base(corpus[i]), cut);
		ck_assert_int_ne(sniff_buf(b, n - 1 - pdf, &t), SNIFF_OK);
		for (j = 0; j < NELEM(tails); j++) {
			size_t k = j == 0 ? 22 : strlen(tails[j]);

			x = malloc(n + k);
			memcpy(x, b, n);
			memcpy(x + n, tails[j], k);
			ck_assert_msg(sniff_buf(x, n + k, &t) != SNIFF_OK,
			    "%s with tail %zu is accepted", base(corpus[i]), j);
			free(x);
		}
		free(b);
	}
}
END_TEST

static const struct {
	const char	*types;
	const char	*name;
	int		 ok;
	const char	*ext;
} ext_cases[] = {
	{ SNIFF_TYPES_DEFAULT, "a.PDF", 1, "pdf" },
	{ SNIFF_TYPES_DEFAULT, "营业执照.jpeg", 1, "jpeg" },
	{ SNIFF_TYPES_DEFAULT, "a.tar.gz", 0, "gz" },
	{ SNIFF_TYPES_DEFAULT, "noext", 0, "" },
	{ SNIFF_TYPES_DEFAULT, "dir.pdf/x", 0, "" },
	{ SNIFF_TYPES_DEFAULT, "a.", 0, "" },
	{ "pdf, png", "a.png", 1, "png" },
	{ "pdf, png", "a.jpg", 0, "jpg" },
	{ "pdf", "a.pd", 0, "pd" },
};

START_TEST(sniff_ext_allowed_follows_the_configured_list)
{
	char	 ext[16];

	ck_assert_int_eq(sniff_ext_allowed(ext_cases[_i].types,
	    ext_cases[_i].name, ext), ext_cases[_i].ok);
	ck_assert_str_eq(ext, ext_cases[_i].ext);
}
END_TEST

START_TEST(sniff_file_names_a_type_off_the_list_even_with_good_bytes)
{
	enum sniff_verdict v;
	enum filetype	 t;
	char		 msg[512];
	const char	*path = NULL;
	size_t		 i;

	corpus_load();
	for (i = 0; i < ncorpus; i++)
		if (strstr(corpus[i], "ok_pdf_") != NULL)
			path = corpus[i];
	ck_assert_ptr_nonnull(path);
	ck_assert_int_eq(sniff_file(path, "a.pdf", "jpg,png", &v, &t, msg,
	    sizeof(msg)), SME_OK);
	ck_assert_int_eq(v, SNIFF_EXT);
	ck_assert_ptr_nonnull(strstr(msg, "jpg、png"));
}
END_TEST

START_TEST(store_begin_moves_the_file_in_and_commit_names_it_once)
{
	char		 dir[] = "/tmp/test_sniff.XXXXXX", src[600], path[700];
	struct store_tmp t;
	FILE		*f;
	int		 created;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/upload", dir);
	ck_assert_ptr_nonnull(f = fopen(src, "w"));
	fputs("abc", f);
	fclose(f);
	ck_assert_int_eq(store_begin(dir, src, &t), SME_OK);
	ck_assert_str_eq(t.name,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(t.size, 3);
	ck_assert_int_eq(access(src, F_OK), -1);	/* moved, not copied */
	ck_assert_int_eq(store_commit(dir, &t, &created), SME_OK);
	ck_assert_int_eq(created, 1);
	ck_assert_int_eq(store_path(dir, t.name, path, sizeof(path)), SME_OK);
	ck_assert_int_eq(access(path, R_OK), 0);
	ck_assert_ptr_nonnull(f = fopen(src, "w"));
	fputs("abc", f);
	fclose(f);
	ck_assert_int_eq(store_begin(dir, src, &t), SME_OK);
	ck_assert_int_eq(store_commit(dir, &t, &created), SME_OK);
	ck_assert_int_eq(created, 0);
	ck_assert_str_eq(t.tmp, "");
	ck_assert_int_eq(store_remove(dir, t.name), SME_OK);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(store_begin(dir, src, &t), SME_ESYS);	/* src gone */
	snprintf(path, sizeof(path), "%s/%.2s", dir, t.name[0] ? t.name : "ba");
	rmdir(path);
	ck_assert_int_eq(rmdir(dir), 0);	/* nothing left behind */
}
END_TEST

static Suite *
sniff_suite(void)
{
	Suite	*s = suite_create("sniff");
	TCase	*tc = tcase_create("corpus");
	TCase	*te = tcase_create("ext");
	TCase	*ts = tcase_create("store");

	tcase_add_test(tc, sniff_file_judges_the_corpus_as_its_names_say);
	tcase_add_test(tc, sniff_buf_refuses_every_accepted_file_cut_short_or_with_a_tail);
	tcase_add_test(tc, sniff_buf_keeps_phone_trailers_after_a_jpeg);
	tcase_add_test(tc, sniff_file_names_a_type_off_the_list_even_with_good_bytes);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(te, sniff_ext_allowed_follows_the_configured_list, 0,
	    NELEM(ext_cases));
	suite_add_tcase(s, te);
	tcase_add_test(ts, store_begin_moves_the_file_in_and_commit_names_it_once);
	suite_add_tcase(s, ts);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(sniff_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
