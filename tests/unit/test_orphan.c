/*
 * test_orphan.c - orphan.[ch]: a process still listening on "<path>.<pid>"
 * of a dead pid is ended (SIGTERM, then SIGKILL if it ignores that); one
 * whose master lives, or another path's, is left alone.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "orphan.h"

static char	 path[80];

/*
 * Fork a "master" that binds and listens on path.<its pid>, forks a
 * "worker" holding the socket, and (if die) exits: the worker is then an
 * orphan. The worker ignores SIGTERM if stubborn. The worker's pid.
 */
static pid_t
spawn(int die, int stubborn)
{
	int	 fds[2];
	pid_t	 master, worker = 0;

	ck_assert_int_eq(pipe(fds), 0);
	if ((master = fork()) == 0) {
		struct sockaddr_un sun;
		int	 fd;
		pid_t	 w;

		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s.%d", path,
		    (int)getpid());
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
		    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
		    listen(fd, 8) < 0)
			_exit(1);
		unlink(sun.sun_path);	/* the kernel keeps the bound name */
		/* Not Check's handler, which signals the whole group. */
		signal(SIGTERM, SIG_DFL);
		if ((w = fork()) == 0) {
			if (stubborn)
				signal(SIGTERM, SIG_IGN);
			for (;;)
				pause();
		}
		if (write(fds[1], &w, sizeof(w)) != sizeof(w))
			_exit(1);
		if (die)
			_exit(0);
		for (;;)
			pause();
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &worker, sizeof(worker)), sizeof(worker));
	close(fds[0]);
	if (die)
		waitpid(master, NULL, 0);
	return die ? worker : -master;
}

/* 1 if pid runs (a zombie does not). */
static int
runs(pid_t pid)
{
	char	 p[64], line[256], *s;
	FILE	*fp;
	int	 r = 0;

	snprintf(p, sizeof(p), "/proc/%d/stat", (int)pid);
	if ((fp = fopen(p, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), fp) != NULL && (s = strrchr(line, ')')) != NULL)
		r = s[2] != 'Z';
	fclose(fp);
	return r;
}

static void
setup(void)
{
	snprintf(path, sizeof(path), "/tmp/test_orphan.%d.sock", (int)getpid());
}

START_TEST(orphan_end_ends_the_workers_of_a_dead_master)
{
	pid_t	 w = spawn(1, 0), s = spawn(1, 1);
	int	 i;

	ck_assert(runs(w) && runs(s));
	ck_assert_int_eq(orphan_end(path, 500), 2);
	ck_assert(!runs(w));
	/* It ignored SIGTERM: SIGKILL after 500 ms, delivered meanwhile. */
	for (i = 0; i < 100 && runs(s); i++)
		usleep(10000);
	ck_assert(!runs(s));
	ck_assert_int_eq(orphan_end(path, 500), 0);
}
END_TEST

START_TEST(orphan_end_leaves_a_live_masters_workers_and_other_paths)
{
	pid_t	 m = -spawn(0, 0), w;
	char	 mine[80];

	memcpy(mine, path, sizeof(mine));
	snprintf(path, sizeof(path), "/tmp/test_orphan.%d.other", (int)getpid());
	w = spawn(1, 0);
	memcpy(path, mine, sizeof(path));
	ck_assert_int_eq(orphan_end(path, 100), 0);
	ck_assert(runs(m));
	ck_assert(runs(w));
	kill(m, SIGKILL);
	waitpid(m, NULL, 0);
	kill(w, SIGKILL);
}
END_TEST

static Suite *
orphan_suite(void)
{
	Suite	*s = suite_create("orphan");
	TCase	*tc = tcase_create("end");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, orphan_end_ends_the_workers_of_a_dead_master);
	tcase_add_test(tc, orphan_end_leaves_a_live_masters_workers_and_other_paths);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(orphan_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
