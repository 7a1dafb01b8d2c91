/*
 * orphan.h - workers whose master died (kill -9, a crash) keep serving the
 * socket they inherited; a new master of the same socket path ends them.
 */
#ifndef ORPHAN_H
#define ORPHAN_H

/*
 * End the processes still listening on a socket of path whose master is
 * gone: a master binds "<path>.<its pid>" (worker.c) and keeps the socket
 * open, so a listening socket of that name that its pid no longer holds
 * is held by orphans only. They get SIGTERM (they drain), then SIGKILL
 * after wait_ms. Returns how many were found (logged when any).
 */
int	 orphan_end(const char *path, int wait_ms);

#endif
