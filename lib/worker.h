/*
 * worker.h - the process model of every handler: a master binds the unix
 * socket (or a TCP address), forks N workers that accept FastCGI requests on it, replaces a
 * worker that dies, and on SIGTERM lets each finish its request and exit.
 */
#ifndef WORKER_H
#define WORKER_H

#include "req.h"

struct worker_opts {
	const char	*socket;	/* unix socket path for nginx */
	const char	*listen;	/* or TCP "host:port" if not NULL/empty */
	unsigned	 workers;	/* processes, at least 1 */
	unsigned	 mode;		/* socket permissions, e.g. 0660 */
	/* A request running longer is answered 503 and its worker ends (0: 60). */
	unsigned	 timeout_s;
	const char	*group;		/* socket group (nginx's), NULL: keep */
	/*
	 * A second socket and its own workers, for the requests nginx sends
	 * there (a login's password hash): a request waiting for a worker
	 * does not wait behind them. Over TCP it needs slow_listen; no slow
	 * pool when slow_workers is 0.
	 */
	const char	*slow_socket;
	const char	*slow_listen;
	unsigned	 slow_workers;
	/* Run in each new worker; nonzero makes the worker exit. */
	int		 (*init)(void *arg);
	/* Serve one request read and answered through io. */
	void		 (*handle)(void *arg, const struct req_io *io);
	void		 (*fini)(void *arg);
	void		*arg;
};

/*
 * Bind, fork the workers and supervise them until SIGTERM or SIGINT.
 * Returns 0 after a clean drain, 1 if the socket can't be bound.
 */
int	 worker_run(const struct worker_opts *o);

#endif
