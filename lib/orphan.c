/*
 * orphan.c - find the workers left by a dead master through the socket
 * they still listen on (/proc/net/unix, /proc/PID/fd), and end them.
 */
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "orphan.h"

#define ORPHAN_SOCKS	16	/* dead masters' sockets considered */
#define ORPHAN_PIDS	512	/* processes ended at most */
#define ORPHAN_LISTEN	0x10000	/* __SO_ACCEPTCON in /proc/net/unix Flags */

struct orphan_sock {
	unsigned long	 ino;
	pid_t		 master;	/* the pid in the socket's name */
};

/*
 * The listening sockets named "<path>.<pid>" whose pid is not a live
 * process; how many were put in s (at most ORPHAN_SOCKS).
 */
static size_t
orphan_socks(const char *path, struct orphan_sock *s)
{
	FILE		*fp;
	char		 line[4096], *name, *end;
	size_t		 n = 0, plen = strlen(path);
	unsigned long	 flags, ino;
	long		 pid;
	int		 off;

	if ((fp = fopen("/proc/net/unix", "re")) == NULL)
		return 0;
	while (n < ORPHAN_SOCKS && fgets(line, sizeof(line), fp) != NULL) {
		off = 0;
		/* Num: RefCount Protocol Flags Type St Inode Path */
		if (sscanf(line, "%*s %*x %*x %lx %*x %*x %lu %n", &flags,
		    &ino, &off) < 2 || off == 0 || !(flags & ORPHAN_LISTEN))
			continue;
		name = line + off;
		name[strcspn(name, "\n")] = '\0';
		if (strncmp(name, path, plen) != 0 || name[plen] != '.' ||
		    !isdigit((unsigned char)name[plen + 1]))
			continue;
		errno = 0;
		pid = strtol(name + plen + 1, &end, 10);
		if (*end != '\0' || errno != 0 || pid <= 0 ||
		    pid == (long)getpid())
			continue;
		/* A live pid may be the master, or a reused pid: leave it. */
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		s[n].ino = ino;
		s[n].master = (pid_t)pid;
		n++;
	}
	fclose(fp);
	return n;
}

/* 1 if process pid has an fd on one of the sockets s[0..n). */
static int
orphan_holds(int pid, const struct orphan_sock *s, size_t n)
{
	DIR		*d;
	struct dirent	*e;
	char		 dir[64], fd[384], link[64];
	unsigned long	 ino;
	ssize_t		 len;
	size_t		 i;
	int		 found = 0;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(fd, sizeof(fd), "%s/%s", dir, e->d_name);
		if ((len = readlink(fd, link, sizeof(link) - 1)) <= 0)
			continue;
		link[len] = '\0';
		if (sscanf(link, "socket:[%lu]", &ino) != 1)
			continue;
		for (i = 0; i < n; i++)
			if (s[i].ino == ino)
				found = 1;
	}
	closedir(d);
	return found;
}

/* 1 if pid runs: a zombie (its new parent has not reaped it yet) does not. */
static int
orphan_alive(pid_t pid)
{
	FILE	*fp;
	char	 path[64], line[512], *p;
	int	 alive = 0;

	if (kill(pid, 0) != 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), fp) != NULL &&
	    (p = strrchr(line, ')')) != NULL && p[1] == ' ')
		alive = p[2] != 'Z' && p[2] != 'X';
	fclose(fp);
	return alive;
}

int
orphan_end(const char *path, int wait_ms)
{
	struct orphan_sock s[ORPHAN_SOCKS];
	pid_t		 pids[ORPHAN_PIDS];
	DIR		*d;
	struct dirent	*e;
	size_t		 n, np = 0, i, left;
	struct timespec	 tick = { 0, 20 * 1000 * 1000 };
	int		 waited, pid;

	if ((n = orphan_socks(path, s)) == 0 || (d = opendir("/proc")) == NULL)
		return 0;
	while (np < ORPHAN_PIDS && (e = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    (pid = atoi(e->d_name)) == (int)getpid())
			continue;
		if (orphan_holds(pid, s, n))
			pids[np++] = (pid_t)pid;
	}
	closedir(d);
	if (np == 0)
		return 0;
	log_warn("%zu workers of a dead master (pid %d) still serve %s:"
	    " ending them", np, (int)s[0].master, path);
	for (i = 0; i < np; i++)
		kill(pids[i], SIGTERM);
	for (waited = 0; waited < wait_ms; waited += 20) {
		for (i = left = 0; i < np; i++)
			if (pids[i] > 0 && orphan_alive(pids[i]))
				left++;
			else
				pids[i] = 0;
		if (left == 0)
			break;
		nanosleep(&tick, NULL);
	}
	for (i = 0; i < np; i++)
		if (pids[i] > 0 && kill(pids[i], SIGKILL) == 0)
			log_warn("worker %d of a dead master did not drain:"
			    " killed", (int)pids[i]);
	return (int)np;
}
