/*
 * test_store.c - store.[ch]: a file is kept under the hex SHA-256 of its
 * bytes, whole (also past the copy buffer), with mode 0640; the same bytes
 * twice are one file; a failure leaves nothing behind; store_path accepts
 * only names store_put makes; store_sweep removes old debris only.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "store.h"
#include "token.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char	 dir[] = "/tmp/test_store.XXXXXX";
static char	 src[4096];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/upload", dir);
}

/* Remove dir and everything under it (two levels: dir/xx/name). */
static void
teardown(void)
{
	char		 p[2048], q[4096];
	DIR		*d, *e;
	struct dirent	*a, *b;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((a = readdir(d)) != NULL) {
		if (strcmp(a->d_name, ".") == 0 || strcmp(a->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, a->d_name);
		if ((e = opendir(p)) != NULL) {
			while ((b = readdir(e)) != NULL)
				if (b->d_name[0] != '.') {
					snprintf(q, sizeof(q), "%s/%s", p, b->d_name);
					unlink(q);
				}
			closedir(e);
			rmdir(p);
		} else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Write sz bytes of buf to path. */
static void
write_file(const char *path, const void *buf, size_t sz)
{
	int	 fd;

	ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	ck_assert_int_eq(write(fd, buf, sz), (ssize_t)sz);
	close(fd);
}

/* The number of entries of path other than . and .. */
static int
entries(const char *path)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

struct put_case {
	const char	*what;
	size_t		 size;
	unsigned	 seed;
};

static const struct put_case put_cases[] = {
	{ "empty", 0, 1 },
	{ "one byte", 1, 2 },
	{ "a small image", 4000, 3 },
	{ "past the copy buffer", 200000, 4 },
};

START_TEST(store_put_names_the_file_by_its_sha256)
{
	const struct put_case *k = &put_cases[_i];
	unsigned char	*buf, *back, h[TOKEN_HASHSZ];
	char		 name[STORE_NAME_LEN + 1], want[STORE_NAME_LEN + 1];
	char		 path[4096];
	struct stat	 st;
	size_t		 i;
	int		 fd;

	ck_assert_ptr_nonnull(buf = malloc(k->size + 1));
	ck_assert_ptr_nonnull(back = malloc(k->size + 1));
	srand(k->seed);
	for (i = 0; i < k->size; i++)
		buf[i] = (unsigned char)rand();
	write_file(src, buf, k->size);
	ck_assert_int_eq(store_put(dir, src, name), SME_OK);
	token_hash((const char *)buf, k->size, h);
	token_hex(h, sizeof(h), want);
	ck_assert_str_eq(name, want);
	ck_assert_int_eq(store_path(dir, name, path, sizeof(path)), SME_OK);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(st.st_size, (off_t)k->size);
	ck_assert_int_ge(fd = open(path, O_RDONLY), 0);
	ck_assert_int_eq(read(fd, back, k->size + 1), (ssize_t)k->size);
	close(fd);
	ck_assert(k->size == 0 || memcmp(buf, back, k->size) == 0);
	/* The upload is left for its owner (req_end) to remove. */
	ck_assert_int_eq(access(src, F_OK), 0);
	free(buf);
	free(back);
}
END_TEST

START_TEST(store_put_keeps_the_same_bytes_once)
{
	char	 a[STORE_NAME_LEN + 1], b[STORE_NAME_LEN + 1];
	char	 c[STORE_NAME_LEN + 1], sub[4096];

	write_file(src, "licence", 7);
	ck_assert_int_eq(store_put(dir, src, a), SME_OK);
	ck_assert_int_eq(store_put(dir, src, b), SME_OK);
	ck_assert_str_eq(a, b);
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, a);
	ck_assert_int_eq(entries(sub), 1);
	/* Only the upload and one two-digit directory: no temporary left. */
	write_file(src, "licence2", 8);
	ck_assert_int_eq(store_put(dir, src, c), SME_OK);
	ck_assert_str_ne(a, c);
	ck_assert_int_eq(entries(dir), 1 + (strncmp(a, c, 2) == 0 ? 1 : 2));
}
END_TEST

START_TEST(store_put_of_a_missing_file_fails_and_leaves_nothing)
{
	char	 name[STORE_NAME_LEN + 1], gone[4096];

	snprintf(gone, sizeof(gone), "%s/no-such-upload", dir);
	memset(name, 'x', sizeof(name));
	ck_assert_int_eq(store_put(dir, gone, name), SME_ESYS);
	ck_assert_str_eq(name, "");
	ck_assert_int_eq(entries(dir), 0);
}
END_TEST

START_TEST(store_put_into_an_unusable_dir_fails)
{
	char	 name[STORE_NAME_LEN + 1], bad[4096];

	write_file(src, "x", 1);
	snprintf(bad, sizeof(bad), "%s/no/such/dir", dir);
	ck_assert_int_eq(store_put(bad, src, name), SME_ESYS);
	ck_assert_str_eq(name, "");
	snprintf(bad, sizeof(bad), "%s/upload", dir);	/* a file */
	ck_assert_int_eq(store_put(bad, src, name), SME_ESYS);
}
END_TEST

static const char *const bad_names[] = {
	"",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
	"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
	"../../../../../../../../../../etc/passwd/../../../../../../../..",
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
};

START_TEST(store_path_refuses_what_store_put_never_names)
{
	char	 out[4096];

	ck_assert_int_eq(store_path("/s", bad_names[_i], out, sizeof(out)),
	    SME_EINPUT);
}
END_TEST

START_TEST(store_path_splits_by_the_first_two_digits)
{
	const char	*n = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	char		 out[4096], small[20];

	ck_assert_int_eq(store_path("/srv/sme", n, out, sizeof(out)), SME_OK);
	ck_assert_str_eq(out, "/srv/sme/e3/e3b0c44298fc1c149afbf4c8996fb92427"
	    "ae41e4649b934ca495991b7852b855");
	ck_assert_int_eq(store_path("/srv/sme", n, small, sizeof(small)),
	    SME_EINPUT);
	ck_assert_int_eq(store_path("/srv/sme", NULL, out, sizeof(out)),
	    SME_EINPUT);
}
END_TEST

/* Make dir/name with mtime age_s seconds ago. */
static void
aged_file(const char *name, long age_s)
{
	char		 p[4096];
	struct timespec	 t[2];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	write_file(p, "x", 1);
	clock_gettime(CLOCK_REALTIME, &t[0]);
	t[0].tv_sec -= age_s;
	t[1] = t[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, p, t, 0), 0);
}

static int
exists(const char *name)
{
	char	 p[4096];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

START_TEST(store_sweep_removes_old_debris_of_the_prefix_only)
{
	char	 sub[4096];

	aged_file(".put-old", STORE_DEBRIS_AGE_S + 60);
	aged_file(".put-new", 60);
	aged_file("sme-old", STORE_DEBRIS_AGE_S + 60);
	snprintf(sub, sizeof(sub), "%s/.put-dir", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(store_sweep(dir, ".put-", STORE_DEBRIS_AGE_S), 1);
	ck_assert(!exists(".put-old"));
	ck_assert(exists(".put-new"));
	ck_assert(exists("sme-old"));
	ck_assert(exists(".put-dir"));
	ck_assert_int_eq(store_sweep(dir, "sme-", STORE_DEBRIS_AGE_S), 1);
	ck_assert(!exists("sme-old"));
	ck_assert_int_eq(store_sweep(dir, "sme-", STORE_DEBRIS_AGE_S), 0);
	rmdir(sub);
}
END_TEST

START_TEST(store_sweep_of_a_missing_dir_is_nothing)
{
	char	 p[4096];

	snprintf(p, sizeof(p), "%s/none", dir);
	ck_assert_int_eq(store_sweep(p, "sme-", 0), 0);
}
END_TEST

static Suite *
store_suite(void)
{
	Suite	*s = suite_create("store");
	TCase	*tc = tcase_create("put");
	TCase	*tp = tcase_create("path");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, store_put_names_the_file_by_its_sha256, 0,
	    NELEM(put_cases));
	tcase_add_test(tc, store_put_keeps_the_same_bytes_once);
	tcase_add_test(tc, store_put_of_a_missing_file_fails_and_leaves_nothing);
	tcase_add_test(tc, store_put_into_an_unusable_dir_fails);
	tcase_add_test(tc, store_sweep_removes_old_debris_of_the_prefix_only);
	tcase_add_test(tc, store_sweep_of_a_missing_dir_is_nothing);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(tp, store_path_refuses_what_store_put_never_names,
	    0, NELEM(bad_names));
	tcase_add_test(tp, store_path_splits_by_the_first_two_digits);
	suite_add_tcase(s, tp);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(store_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
