/*
 * test_worker.c - worker.[ch] through a real FastCGI connection: a
 * request that runs over the time limit is answered 503 (and its worker
 * replaced), the next request on a new connection is served as usual;
 * over TCP, a new master on the same port takes over from a draining one
 * without a request refused.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
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

/* A connection to path (a unix socket) or, if port, 127.0.0.1:port. */
static int
fcgi_connect(const char *path, int port)
{
	struct sockaddr_un sun;
	struct sockaddr_in sin;
	struct sockaddr	*sa;
	socklen_t	 len;
	int		 fd, tries;

	memset(&sun, 0, sizeof(sun));
	memset(&sin, 0, sizeof(sin));
	if (port) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa = (struct sockaddr *)&sin;
		len = sizeof(sin);
	} else {
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
		sa = (struct sockaddr *)&sun;
		len = sizeof(sun);
	}
	for (tries = 0; ; tries++) {
		ck_assert_int_ge(fd = socket(sa->sa_family, SOCK_STREAM, 0), 0);
		if (connect(fd, sa, len) == 0)
			return fd;
		close(fd);
		ck_assert_int_lt(tries, 100);
		usleep(50000);
	}
}

/* Send a request (with SPIN=1 if spin) on connection fd; its STDOUT into out. */
static void
fcgi_ask_fd(int fd, int spin, char *out, size_t outsz)
{
	static const unsigned char begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	static const unsigned char param[] = { 4, 1, 'S', 'P', 'I', 'N', '1' };
	unsigned char	 h[8], buf[4096];
	size_t		 o = 0, n, pad;

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

/* Send a request (with SPIN=1 if spin) to path; its STDOUT into out. */
static void
fcgi_ask(const char *path, int spin, char *out, size_t outsz)
{
	fcgi_ask_fd(fcgi_connect(path, 0), spin, out, outsz);
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

/* A TCP port free now on 127.0.0.1. */
static int
free_port(void)
{
	struct sockaddr_in sin;
	socklen_t	 len = sizeof(sin);
	int		 fd, port;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_ge(fd = socket(AF_INET, SOCK_STREAM, 0), 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* How many sockets listen on 127.0.0.1:port (/proc/net/tcp, state 0A). */
static int
listeners(int port)
{
	FILE	*f = fopen("/proc/net/tcp", "r");
	char	 line[512], want[32], local[32], st[4];
	int	 n = 0;

	ck_assert_ptr_nonnull(f);
	snprintf(want, sizeof(want), "0100007F:%04X", port);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%*d: %31s %*s %3s", local, st) == 2 &&
		    strcmp(local, want) == 0 && strcmp(st, "0A") == 0)
			n++;
	fclose(f);
	return n;
}

START_TEST(worker_over_tcp_a_new_master_takes_over_without_a_refusal)
{
	char		 spec[64], out[4096];
	struct worker_opts o;
	struct sockaddr_in sin;
	pid_t		 old, new;
	int		 st, port = free_port(), i, fd;

	snprintf(spec, sizeof(spec), "127.0.0.1:%d", port);
	memset(&o, 0, sizeof(o));
	o.socket = "/nonexistent/unused.sock";
	o.listen = spec;
	o.workers = 2;
	o.timeout_s = 5;
	o.handle = spin_or_answer;
	if ((old = fork()) == 0)
		_exit(worker_run(&o));
	fcgi_ask_fd(fcgi_connect(NULL, port), 0, out, sizeof(out));
	ck_assert_msg(strstr(out, "\r\n\r\nok") != NULL, "got: %s", out);
	/*
	 * A connection the old master holds when it is told to drain is still
	 * answered. It connects before the replacement binds: with both bound,
	 * the kernel picks a socket at random, and one queued on the old
	 * socket moves only with net.ipv4.tcp_migrate_req = 1 (tools/cluster).
	 */
	fd = fcgi_connect(NULL, port);
	/* The replacement binds the same port beside the old master. */
	if ((new = fork()) == 0)
		_exit(worker_run(&o));
	/* Until it listens too, however slow the machine (ASan, two cores). */
	for (i = 0; i < 200 && listeners(port) < 2; i++)
		usleep(50000);
	ck_assert_int_eq(listeners(port), 2);
	kill(old, SIGTERM);
	/*
	 * Its request comes after the drain began (an old worker accepted
	 * the connection at once): the drain waits for a first request.
	 */
	usleep(300000);
	fcgi_ask_fd(fd, 0, out, sizeof(out));
	ck_assert_msg(strstr(out, "\r\n\r\nok") != NULL, "in flight: %s", out);
	ck_assert_int_eq(waitpid(old, &st, 0), old);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* Every later request finds the new master: no refusal, no reset. */
	for (i = 0; i < 20; i++) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		ck_assert_int_ge(fd = socket(AF_INET, SOCK_STREAM, 0), 0);
		ck_assert_msg(connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0,
		    "request %d after the old master left: refused", i);
		fcgi_ask_fd(fd, 0, out, sizeof(out));
		ck_assert_msg(strstr(out, "\r\n\r\nok") != NULL, "request %d: %s", i, out);
	}
	kill(new, SIGTERM);
	ck_assert_int_eq(waitpid(new, &st, 0), new);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
END_TEST

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);	/* a closed connection fails an assert, not the run */
	Suite	*s = suite_create("worker");
	TCase	*tc = tcase_create("timeout");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, worker_answers_a_runaway_request_503_and_serves_the_next);
	tcase_add_test(tc, worker_over_tcp_a_new_master_takes_over_without_a_refusal);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
