/*
 * test_worker.c - worker.[ch] through a real FastCGI connection: a
 * request that runs over the time limit is answered 503 (and its worker
 * replaced), the next request on a new connection is served as usual.
 */
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "worker.h"

static void
spin_or_answer(void *arg, const struct req_io *io)
{
	static const char ok[] = "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nok";
	volatile unsigned long n = 0;

	(void)arg;
	if (io->getenv(io->arg, "SPIN") != NULL)
		for (;;)
			n++;	/* a runaway request: only the time limit ends it */
	io->write(io->arg, ok, sizeof(ok) - 1);
}

/* One FastCGI record of type with content c (n bytes) for request 1. */
static void
fcgi_record(int fd, int type, const void *c, size_t n)
{
	unsigned char	 h[8] = { 1, (unsigned char)type, 0, 1,
			    (unsigned char)(n >> 8), (unsigned char)n, 0, 0 };

	ck_assert_int_eq(write(fd, h, 8), 8);
	if (n > 0)
		ck_assert_int_eq(write(fd, c, n), (ssize_t)n);
}

/* Send a request (with SPIN=1 if spin) to path; its STDOUT into out. */
static void
fcgi_ask(const char *path, int spin, char *out, size_t outsz)
{
	static const unsigned char begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	static const unsigned char param[] = { 4, 1, 'S', 'P', 'I', 'N', '1' };
	struct sockaddr_un sun;
	unsigned char	 h[8], buf[4096];
	size_t		 o = 0, n, pad;
	int		 fd, tries;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	ck_assert_int_ge(fd = socket(AF_UNIX, SOCK_STREAM, 0), 0);
	for (tries = 0; connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0;
	    tries++) {
		ck_assert_int_lt(tries, 100);
		usleep(50000);
	}
	fcgi_record(fd, 1, begin, sizeof(begin));
	fcgi_record(fd, 4, param, spin ? sizeof(param) : 0);
	if (spin)
		fcgi_record(fd, 4, NULL, 0);
	fcgi_record(fd, 5, NULL, 0);
	out[0] = '\0';
	while (read(fd, h, 8) == 8) {
		n = (size_t)h[4] << 8 | h[5];
		pad = h[6];
		ck_assert_uint_le(n + pad, sizeof(buf));
		ck_assert_int_eq(read(fd, buf, n + pad), (ssize_t)(n + pad));
		if (h[1] == 6 && o + n < outsz) {
			memcpy(out + o, buf, n);
			o += n;
			out[o] = '\0';
		}
		if (h[1] == 3)
			break;
	}
	close(fd);
}

START_TEST(worker_answers_a_runaway_request_503_and_serves_the_next)
{
	char		 dir[] = "/tmp/test_worker.XXXXXX", path[600], out[4096];
	struct worker_opts o;
	struct timespec	 t0, t1;
	pid_t		 master;
	int		 st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.sock", dir);
	memset(&o, 0, sizeof(o));
	o.socket = path;
	o.workers = 1;
	o.mode = 0600;
	o.timeout_s = 1;
	o.handle = spin_or_answer;
	if ((master = fork()) == 0)
		_exit(worker_run(&o));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fcgi_ask(path, 1, out, sizeof(out));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_msg(strncmp(out, "Status: 503", 11) == 0, "got: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "请求处理超时"));
	ck_assert_int_le(t1.tv_sec - t0.tv_sec, 4);
	/* The master replaced the worker: the next request is served. */
	fcgi_ask(path, 0, out, sizeof(out));
	ck_assert_msg(strstr(out, "\r\n\r\nok") != NULL, "got: %s", out);
	kill(master, SIGTERM);
	ck_assert_int_eq(waitpid(master, &st, 0), master);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	rmdir(dir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("worker");
	TCase	*tc = tcase_create("timeout");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, worker_answers_a_runaway_request_503_and_serves_the_next);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
