/*
 * worker.c - master and worker processes over one FastCGI socket: a unix
 * socket, or TCP (host:port) for a front nginx on another host. Any
 * worker can serve any request: they share nothing but the socket.
 */
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <netdb.h>

#include <fcgiapp.h>

#include "log.h"
#include "orphan.h"
#include "worker.h"

#define WORKER_MAX	64
#define WORKER_DRAIN_S	30	/* SIGKILL what has not finished by then */
#define WORKER_CONNS	64	/* connections one worker holds open */
#define WORKER_ORPHAN_MS 3000	/* a dead master's workers drain, then SIGKILL */
#define WORKER_TIMEOUT_S 60	/* a request's time limit unless set */
#define WORKER_FRESH_MS	2000	/* a drain waits this long for a first request */
#define WORKER_LISTEN	UINT32_MAX	/* epoll data of the listen socket */

static volatile sig_atomic_t worker_stop;
/* The request being served, for the time limit's answer (worker_on_timeout). */
static volatile sig_atomic_t worker_cur_fd = -1;
static volatile sig_atomic_t worker_cur_id;
static char	 worker_timeout_log[160];	/* the log line, made beforehand */
static int	 worker_tcp;	/* listening on TCP, not a unix socket */

/*
 * A socket and the workers that take its connections: the handler's own,
 * and optionally a second one for its slow requests (worker.h).
 */
struct worker_pool {
	const char	*path;		/* unix socket path */
	const char	*listen;	/* or TCP host:port */
	unsigned	 n;		/* workers */
	int		 fd;
	ino_t		 ino;		/* of path once bound, to unlink only ours */
	dev_t		 dev;
};

static void
worker_on_stop(int sig)
{
	(void)sig;
	worker_stop = 1;
}

/*
 * SIGALRM: the request ran over the time limit, whatever the cause. Only
 * async-signal-safe calls: a 503 in FastCGI records written straight to
 * the connection, the log line, _exit. The master starts another worker.
 */
static void
worker_on_timeout(int sig)
{
	static const char body[] = "Status: 503 Service Unavailable\r\n"
	    "Content-Type: text/html; charset=utf-8\r\nRetry-After: 30\r\n"
	    "Cache-Control: no-store\r\n\r\n<!doctype html><html lang=\"zh-CN\">"
	    "<meta charset=\"utf-8\"><title>服务繁忙</title><p>请求处理超时，"
	    "请稍后再试。</p></html>\n";
	unsigned char	 rec[8 + sizeof(body) + 8 + 8 + 16];
	size_t		 n = sizeof(body) - 1, o = 0, k;
	int		 fd = worker_cur_fd, id = worker_cur_id;
	ssize_t		 w;

	(void)sig;
	/* FCGI_STDOUT with the answer, an empty one, FCGI_END_REQUEST. */
	unsigned char hdr[3][8] = {
		{ 1, 6, (unsigned char)(id >> 8), (unsigned char)id,
		  (unsigned char)(n >> 8), (unsigned char)n, 0, 0 },
		{ 1, 6, (unsigned char)(id >> 8), (unsigned char)id, 0, 0, 0, 0 },
		{ 1, 3, (unsigned char)(id >> 8), (unsigned char)id, 0, 8, 0, 0 },
	};
	memcpy(rec + o, hdr[0], 8);
	memcpy(rec + o + 8, body, n);
	o += 8 + n;
	memcpy(rec + o, hdr[1], 8);
	o += 8;
	memcpy(rec + o, hdr[2], 8);
	memset(rec + o + 8, 0, 8);	/* appStatus 0, FCGI_REQUEST_COMPLETE */
	o += 16;
	for (k = 0; fd >= 0 && k < o; k += (size_t)w)
		if ((w = write(fd, rec + k, o - k)) <= 0)
			break;
	w = write(2, worker_timeout_log, strlen(worker_timeout_log));
	(void)w;
	_exit(3);
}

/*
 * Bind and listen on path, of group if not NULL; the socket fd, or -1
 * (logged). *ino and *dev identify the socket file bound.
 */
static int
worker_listen(const char *path, unsigned mode, const char *group, ino_t *ino,
    dev_t *dev)
{
	struct sockaddr_un sun;
	struct stat	 st;
	struct group	*gr = NULL;
	int		 fd;

	if (group != NULL && *group != '\0' && (gr = getgrnam(group)) == NULL) {
		log_err("socket_group %s: no such group", group);
		return -1;
	}

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) + 12 >= sizeof(sun.sun_path)) {
		log_err("socket path too long: %s", path);
		return -1;
	}
	/*
	 * Bind a new name and rename it over path: nginx always finds a
	 * socket, and a master being replaced drains its own queue.
	 */
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s.%d", path, (int)getpid());
	unlink(sun.sun_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(sun.sun_path, mode) < 0 ||
	    (gr != NULL && chown(sun.sun_path, (uid_t)-1, gr->gr_gid) < 0) ||
	    listen(fd, 1024) < 0 ||
	    rename(sun.sun_path, path) < 0) {
		log_err("listen on %s: %s", path, strerror(errno));
		unlink(sun.sun_path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (stat(path, &st) == 0) {
		*ino = st.st_ino;
		*dev = st.st_dev;
	}
	return fd;
}

/*
 * Bind and listen on TCP "host:port" ("[v6addr]:port"); the fd or -1.
 * SO_REUSEPORT lets a new master bind the port while the old one drains
 * (the zero-downtime restart that the unix socket's rename gives); with
 * net.ipv4.tcp_migrate_req = 1 the connections still queued on the old
 * socket when it closes go to the new one instead of being reset.
 */
static int
worker_listen_tcp(const char *spec)
{
	struct addrinfo	 hints, *ai = NULL;
	char		 host[256], *port;
	int		 fd = -1, on = 1, rc;

	if ((size_t)snprintf(host, sizeof(host), "%s", spec) >= sizeof(host) ||
	    (port = strrchr(host, ':')) == NULL || port[1] == '\0') {
		log_err("listen %s: not host:port", spec);
		return -1;
	}
	*port++ = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &ai)) != 0) {
		log_err("listen %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	if ((fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) < 0 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 1024) < 0) {
		log_err("listen on %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	worker_tcp = fd >= 0;
	return fd;
}

/*
 * One FastCGI connection a slot. nginx may keep connections open
 * (fastcgi_keep_conn; ours does not, nginx/sme-upstream.conf.in says why),
 * and then a worker holds many: it waits on all of them and
 * on the listen socket at once and serves whichever request comes first,
 * so no connection waits on a worker that sits idle on another one.
 */
struct worker_slot {
	FCGX_Request	 fr;	/* fr.ipcFd < 0: free */
	int		 fresh;	/* accepted, no request read yet */
};

static const char *
worker_getenv(void *arg, const char *name)
{
	FCGX_Request	*fr = arg;

	return FCGX_GetParam(name, fr->envp);
}

static ssize_t
worker_read(void *arg, char *buf, size_t bufsz)
{
	FCGX_Request	*fr = arg;
	int		 n = FCGX_GetStr(buf, bufsz > 65536 ? 65536 : (int)bufsz,
			    fr->in);

	if (n == 0 && FCGX_GetError(fr->in) != 0)
		return -1;
	return n;
}

static int
worker_write(void *arg, const char *buf, size_t bufsz)
{
	FCGX_Request	*fr = arg;

	return FCGX_PutStr(buf, (int)bufsz, fr->out) == (int)bufsz ? 0 : -1;
}

/*
 * Take a waiting connection into a free slot, watched by epoll instance
 * ep under the slot's index; 1 if one was taken. (Closing it, as libfcgi
 * does, also takes it out of ep.)
 */
static int
worker_accept(int fd, int ep, struct worker_slot *slots)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int		 cfd;
	size_t		 i;

	for (i = 0; i < WORKER_CONNS && slots[i].fr.ipcFd >= 0; i++)
		;
	if (i == WORKER_CONNS)
		return 0;
	/* Nonblocking listen socket: another worker may have taken it. */
	if ((cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) < 0)
		return 0;
	ev.data.u32 = (uint32_t)i;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev) != 0) {
		log_err("epoll_ctl: %s", strerror(errno));
		close(cfd);
		return 0;
	}
	slots[i].fr.ipcFd = cfd;
	slots[i].fr.keepConnection = 1;	/* FCGX_Accept_r must not close it */
	slots[i].fresh = 1;
	return 1;
}

/*
 * Read what is left of the request's input (a GET's empty stdin record,
 * already in libfcgi's buffer; at most 64 KiB of a body left unread). When
 * its end was seen and nginx does not keep the connection, nothing more
 * can come on it, so it is closed at once: libfcgi otherwise shuts it down
 * and waits (up to 2 s) for nginx to close its side first, which guards a
 * TCP connection against a reset that would lose the answer if unread
 * input arrived after the close: a poll, a read and a wait a request.
 */
static void
worker_input_end(FCGX_Request *fr)
{
	char	 buf[4096];
	int	 i;

	if (fr->keepConnection || fr->in == NULL)
		return;
	for (i = 0; i < 16 && FCGX_GetStr(buf, sizeof(buf), fr->in) > 0; i++)
		;
	if (FCGX_HasSeenEOF(fr->in) != 0)
		FCGX_Detach(fr);
}

/*
 * Serve the request waiting on slot s. FCGX_Accept_r reads it from the
 * slot's connection; when nginx closed the connection, it fails (the slot
 * has no listen socket to fall back on) and the slot is free again.
 */
static void
worker_serve(struct worker_slot *s, const struct worker_opts *o)
{
	struct req_io	 io;

	struct itimerval limit = { { 0, 0 }, { o->timeout_s ? o->timeout_s :
			    WORKER_TIMEOUT_S, 0 } };

	setitimer(ITIMER_REAL, &limit, NULL);
	s->fresh = 0;
	if (FCGX_Accept_r(&s->fr) < 0) {
		setitimer(ITIMER_REAL, &(struct itimerval){ { 0, 0 }, { 0, 0 } }, NULL);
		s->fr.ipcFd = -1;
		return;
	}
	worker_cur_id = s->fr.requestId;
	worker_cur_fd = s->fr.ipcFd;
	io.getenv = worker_getenv;
	io.read = worker_read;
	io.write = worker_write;
	io.arg = &s->fr;
	o->handle(o->arg, &io);
	worker_input_end(&s->fr);
	FCGX_Finish_r(&s->fr);
	setitimer(ITIMER_REAL, &(struct itimerval){ { 0, 0 }, { 0, 0 } }, NULL);
	worker_cur_fd = -1;
}

/*
 * Wait until a connection or the listen socket is ready, with SIGTERM
 * unblocked only while waiting: a request in flight always completes.
 * Draining, it does not wait, except 100 ms at a time for a connection
 * accepted whose first request has not come yet (nginx writes it just
 * after connecting; closing such a connection would refuse it).
 * Returns the number of events in ev (0 on a signal).
 */
static int
worker_poll(int ep, const struct worker_slot *slots, struct epoll_event *ev,
    const sigset_t *waitmask)
{
	size_t	 i;
	int	 n, fresh = 0;

	for (i = 0; i < WORKER_CONNS; i++)
		fresh |= slots[i].fr.ipcFd >= 0 && slots[i].fresh;
	n = epoll_pwait(ep, ev, WORKER_CONNS + 1,
	    !worker_stop ? -1 : fresh ? 100 : 0, waitmask);
	return n < 0 ? 0 : n;
}

/*
 * Draining with nothing ready: 1 while a connection accepted has not sent
 * its first request and the drain began less than WORKER_FRESH_MS ago
 * (*since, set on the first call).
 */
static int
worker_fresh_wait(const struct worker_slot *slots, struct timespec *since)
{
	struct timespec	 now;
	size_t		 i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since->tv_sec == 0 && since->tv_nsec == 0)
		*since = now;
	if ((now.tv_sec - since->tv_sec) * 1000 +
	    (now.tv_nsec - since->tv_nsec) / 1000000 >= WORKER_FRESH_MS)
		return 0;
	for (i = 0; i < WORKER_CONNS; i++)
		if (slots[i].fr.ipcFd >= 0 && slots[i].fresh)
			return 1;
	return 0;
}

/*
 * The loop of one worker: serve the requests ready on its connections,
 * then take at most one new connection. On SIGTERM it
 * serves what is already waiting (on its connections and in the listen
 * queue, which a new master no longer feeds) and exits: the drain.
 */
static void
worker_loop(int fd, const struct worker_opts *o)
{
	static struct worker_slot slots[WORKER_CONNS];
	struct epoll_event ev[WORKER_CONNS + 1];
	struct sigaction sa;
	sigset_t	 term, waitmask;
	struct timespec	 drain = { 0, 0 };
	int		 i, n, ep, busy, listening;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = worker_on_timeout;
	sigaction(SIGALRM, &sa, NULL);
	snprintf(worker_timeout_log, sizeof(worker_timeout_log),
	    "worker %d: a request ran over %u s: answered 503, worker ends\n",
	    (int)getpid(), o->timeout_s ? o->timeout_s : WORKER_TIMEOUT_S);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	if (o->init != NULL && o->init(o->arg) != 0)
		_exit(1);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	/*
	 * EPOLLEXCLUSIVE: a new connection wakes one idle worker, not all of
	 * them (poll woke every idle worker, and all but one found nothing
	 * to accept: a wake-up, a failed accept4 and a sleep each).
	 */
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD,
	    fd, &(struct epoll_event){ .events = EPOLLIN | EPOLLEXCLUSIVE,
	    .data.u32 = WORKER_LISTEN }) != 0) {
		log_err("epoll: %s", strerror(errno));
		_exit(1);
	}
	for (i = 0; i < WORKER_CONNS; i++)
		FCGX_InitRequest(&slots[i].fr, -1, 0);
	for (;;) {
		n = worker_poll(ep, slots, ev, &waitmask);
		busy = listening = 0;
		for (i = 0; i < n; i++)
			if (ev[i].data.u32 == WORKER_LISTEN)
				listening = 1;
			else if (slots[ev[i].data.u32].fr.ipcFd >= 0) {
				worker_serve(&slots[ev[i].data.u32], o);
				busy = 1;
			}
		/*
		 * One new connection a round, busy or not: under load every
		 * worker always has requests ready, and a connection left in
		 * the listen queue until some worker is idle would starve.
		 */
		if (listening && fd >= 0 && worker_accept(fd, ep, slots))
			busy = 1;
		/*
		 * TCP: the port stays open while a new master listens on it
		 * too (SO_REUSEPORT) and the kernel would go on handing this
		 * socket new connections. Take what is queued, then close it.
		 */
		if (worker_stop && worker_tcp && fd >= 0) {
			while (worker_accept(fd, ep, slots))
				;
			/*
			 * Out of ep first: the master and the other workers
			 * keep the socket open, so closing ours would leave it
			 * watched, and ready, in ep.
			 */
			epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
			fd = -1;
			busy = 1;
		}
		if (worker_stop && !busy && !worker_fresh_wait(slots, &drain))
			break;
	}
	if (o->fini != NULL)
		o->fini(o->arg);
	_exit(0);
}

/* Remove pool p's socket path unless it names another master's socket by now. */
static void
worker_unlink(const struct worker_pool *p)
{
	struct stat	 there;

	if (stat(p->path, &there) == 0 && there.st_ino == p->ino &&
	    there.st_dev == p->dev)
		unlink(p->path);
}

/* Fork one worker of pools[k] (np pools), the other pool's socket closed in it; its pid, or -1. */
static pid_t
worker_spawn(const struct worker_pool *pools, unsigned np, unsigned k,
    const struct worker_opts *o)
{
	pid_t	 master = getpid(), pid = fork();

	if (pid == 0) {
		/*
		 * A master killed outright (kill -9) takes its workers along:
		 * SIGTERM lets each finish what it serves. Ours may have died
		 * before prctl(): then there is no one to wait for.
		 */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != master)
			_exit(0);
		signal(SIGCHLD, SIG_DFL);
		if (np > 1)
			close(pools[1 - k].fd);
		worker_loop(pools[k].fd, o);
	}
	if (pid < 0)
		log_err("fork: %s", strerror(errno));
	return pid;
}

/* Send SIGTERM to every worker, wait for them, SIGKILL the late. */
static void
worker_drain(pid_t *pids, unsigned n)
{
	unsigned	 i, left = 0;
	time_t		 until = time(NULL) + WORKER_DRAIN_S;

	for (i = 0; i < n; i++)
		if (pids[i] > 0 && kill(pids[i], SIGTERM) == 0)
			left++;
	while (left > 0 && time(NULL) < until) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);
		if (pid > 0)
			left--;
		else if (pid < 0 && errno == ECHILD)
			break;
		else
			usleep(20000);
	}
	for (i = 0; left > 0 && i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

/* Bind pool p (TCP when tcp); 0, or -1 (logged). */
static int
worker_bind(struct worker_pool *p, int tcp, const struct worker_opts *o)
{
	p->fd = tcp ? worker_listen_tcp(p->listen) :
	    worker_listen(p->path, o->mode, o->group, &p->ino, &p->dev);
	if (p->fd >= 0)
		log_info("listening on %s with %u workers", tcp ? p->listen : p->path, p->n);
	return p->fd < 0 ? -1 : 0;
}

/*
 * The pools of o: the handler's own, and the slow one when it has workers
 * and, over TCP, an address. Returns how many.
 */
static unsigned
worker_pools(const struct worker_opts *o, int tcp, struct worker_pool *pools)
{
	unsigned	 np = 1, n = o->workers < 1 ? 1 : o->workers;

	if (n > WORKER_MAX)
		n = WORKER_MAX;
	pools[0] = (struct worker_pool){ o->socket, o->listen, n, -1, 0, 0 };
	if (o->slow_workers > 0 && (tcp ? o->slow_listen != NULL && *o->slow_listen != '\0' :
	    o->slow_socket != NULL && *o->slow_socket != '\0')) {
		n = o->slow_workers > WORKER_MAX ? WORKER_MAX : o->slow_workers;
		pools[np++] = (struct worker_pool){ o->slow_socket, o->slow_listen, n, -1, 0, 0 };
	}
	return np;
}

int
worker_run(const struct worker_opts *o)
{
	struct worker_pool pools[2];
	pid_t		 pids[2 * WORKER_MAX], pid;
	time_t		 born[2 * WORKER_MAX];
	unsigned	 i, k, n = 0, np, pool[2 * WORKER_MAX];
	struct sigaction sa;
	int		 status, tcp = o->listen != NULL && *o->listen != '\0';

	np = worker_pools(o, tcp, pools);
	if (FCGX_Init() != 0 || worker_bind(&pools[0], tcp, o) != 0)
		return 1;
	if (np > 1 && worker_bind(&pools[1], tcp, o) != 0) {
		if (!tcp)
			worker_unlink(&pools[0]);
		close(pools[0].fd);
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_on_stop;	/* no SA_RESTART: waitpid returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (k = 0; k < np; k++)
		for (i = 0; i < pools[k].n; i++, n++) {
			pool[n] = k;
			pids[n] = worker_spawn(pools, np, k, o);
			born[n] = time(NULL);
		}
	/*
	 * Workers of a master that died serve no longer: ours take over.
	 * (Over TCP they have SIGTERM from PR_SET_PDEATHSIG and drain.)
	 */
	for (k = 0; k < np && !tcp; k++)
		orphan_end(pools[k].path, WORKER_ORPHAN_MS);
	while (!worker_stop) {
		if ((pid = waitpid(-1, &status, 0)) <= 0)
			continue;
		for (i = 0; i < n && pids[i] != pid; i++)
			;
		if (i == n || worker_stop)
			continue;
		log_warn("worker %d ended (status %d); starting another",
		    (int)pid, status);
		/* A worker dying at birth (db config?) must not spin the CPU. */
		if (time(NULL) - born[i] < 1)
			sleep(1);
		pids[i] = worker_spawn(pools, np, pool[i], o);
		born[i] = time(NULL);
	}
	log_info("draining %u workers", n);
	for (k = 0; k < np && tcp; k++)
		close(pools[k].fd);	/* the workers close theirs once drained */
	worker_drain(pids, n);
	for (k = 0; k < np && !tcp; k++) {
		worker_unlink(&pools[k]);
		close(pools[k].fd);
	}
	return 0;
}
