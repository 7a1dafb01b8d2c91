/*
 * sandbox.c - sme-sniff as a child: fork, the file on fd 0 and a pipe on
 * fd 1, every other descriptor closed, limits set, exec; its one-line
 * answer read back with a deadline. The seccomp filter (libseccomp) is
 * what sme-sniff enters once its libraries are loaded.
 */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <seccomp.h>

#include "log.h"
#include "sandbox.h"

#ifndef SME_BINDIR
#define SME_BINDIR	"/usr/local/bin"
#endif

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZED	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZED	1
#endif
#endif
#ifndef SANDBOX_SANITIZED
#define SANDBOX_SANITIZED	0
#endif

/* The helper's path into out; 0, or -1 when there is none to run. */
static int
sandbox_helper(char *out, size_t outsz)
{
	const char	*env = getenv("SME_SNIFF_HELPER");
	char		 self[PATH_MAX], *slash;
	ssize_t		 n;

	if (env != NULL && env[0] != '\0') {
		snprintf(out, outsz, "%s", env);
		return access(out, X_OK);
	}
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			if (strlen(self) + sizeof(SANDBOX_HELPER) + 1 < outsz) {
				memcpy(out, self, strlen(self));
				memcpy(out + strlen(self), "/" SANDBOX_HELPER,
				    sizeof(SANDBOX_HELPER) + 1);
				if (access(out, X_OK) == 0)
					return 0;
			}
		}
	}
	snprintf(out, outsz, "%s/" SANDBOX_HELPER, SME_BINDIR);
	return access(out, X_OK);
}

/* In the child: descriptors, limits, exec. Never returns. */
static void
sandbox_child(int fd, int out, const char *helper)
{
	struct rlimit	 cpu = { SANDBOX_CPU_S, SANDBOX_CPU_S + 1 };
	struct rlimit	 mem = { 1024ul << 20, 1024ul << 20 };
	char		*argv[] = { (char *)SANDBOX_HELPER, NULL };
	char		*envp[] = { NULL };
	sigset_t	 none;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(fd, 0) < 0 || dup2(out, 1) < 0)
		_exit(126);
	/* fd 2 stays: the log. Nothing else: no database, no listen socket. */
	close_range(3, ~0u, 0);
	setrlimit(RLIMIT_CPU, &cpu);
	if (!SANDBOX_SANITIZED)
		setrlimit(RLIMIT_AS, &mem);
	setrlimit(RLIMIT_CORE, &(struct rlimit){ 0, 0 });
	execve(helper, argv, SANDBOX_SANITIZED ? environ : envp);
	_exit(127);
}

/* Read the child's answer into buf until EOF or the deadline; bytes read, -1 on timeout. */
static ssize_t
sandbox_read(int fd, char *buf, size_t bufsz)
{
	struct timespec	 t0, t;
	struct pollfd	 p = { fd, POLLIN, 0 };
	size_t		 got = 0;
	ssize_t		 n;
	long		 left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = SANDBOX_WALL_MS - ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return (ssize_t)got;
		}
		if (p.revents == 0)
			continue;
		n = read(fd, buf + got, bufsz - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || (got += (size_t)n) == bufsz)
			return (ssize_t)got;
	}
}

enum sme_err
sandbox_sniff(int fd, off_t size, enum sniff_verdict *v, enum filetype *type)
{
	char		 helper[PATH_MAX], buf[64];
	int		 p[2], st = 0, iv, it;
	ssize_t		 n;
	pid_t		 pid;
	struct timespec	 t0, t1;
	struct rusage	 ru;

	*v = SNIFF_CORRUPT;
	*type = FILETYPE_UNKNOWN;
	memset(&ru, 0, sizeof(ru));
	if (size <= 0) {
		*v = SNIFF_EMPTY;
		return SME_OK;
	}
	if (sandbox_helper(helper, sizeof(helper)) != 0) {
		log_err("sandbox: no %s to run (%s)", SANDBOX_HELPER, helper);
		return SME_ESYS;
	}
	if (pipe2(p, O_CLOEXEC) != 0) {
		log_err("sandbox: pipe: %s", strerror(errno));
		return SME_ESYS;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		log_err("sandbox: fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return SME_ESYS;
	}
	if (pid == 0)
		sandbox_child(fd, p[1], helper);
	close(p[1]);
	n = sandbox_read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	if (n < 0)
		kill(pid, SIGKILL);
	while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
		continue;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("sandbox: %lld bytes judged in %ld ms CPU, %ld ms in all",
	    (long long)size, (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) *
	    1000 + (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000,
	    (long)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) /
	    1000000));
	if (n < 0 || (WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU ||
	    WTERMSIG(st) == SIGKILL))) {
		log_warn("sandbox: %s ran out of time on %lld bytes (%ld ms)",
		    SANDBOX_HELPER, (long long)size, (long)((t1.tv_sec - t0.tv_sec) *
		    1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000));
		*v = SNIFF_COSTLY;
		return SME_OK;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) >= 126) {
		log_err("sandbox: %s could not start (exit %d)", helper,
		    WEXITSTATUS(st));
		return SME_ESYS;
	}
	buf[n] = '\0';
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 ||
	    sscanf(buf, "%d %d", &iv, &it) != 2 || iv < 0 || iv >= SNIFF__MAX ||
	    it < 0 || it >= FILETYPE__MAX) {
		log_warn("sandbox: %s failed on %lld bytes (%s %d): refused",
		    SANDBOX_HELPER, (long long)size, WIFSIGNALED(st) ? "signal" :
		    "exit", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		return SME_OK;
	}
	*v = (enum sniff_verdict)iv;
	*type = iv == SNIFF_OK ? (enum filetype)it : FILETYPE_UNKNOWN;
	return SME_OK;
}

int
sandbox_enter(void)
{
	static const int allow[] = {
		SCMP_SYS(read), SCMP_SYS(pread64), SCMP_SYS(write),
		SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(brk),
		SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
		SCMP_SYS(rt_sigreturn), SCMP_SYS(futex), SCMP_SYS(lseek),
		SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(getrandom),
		SCMP_SYS(clock_gettime),
	};
	scmp_filter_ctx	 ctx;
	size_t		 i;
	int		 rc = -1;

	/* Under ASan its runtime needs more than judging does: log instead. */
	if ((ctx = seccomp_init(SANDBOX_SANITIZED ? SCMP_ACT_LOG :
	    SCMP_ACT_KILL_PROCESS)) == NULL)
		return -1;
	for (i = 0; i < sizeof(allow) / sizeof(allow[0]); i++)
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allow[i], 0) != 0)
			goto out;
	/* Memory, never executable. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0 ||
	    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0)
		goto out;
	rc = seccomp_load(ctx) == 0 ? 0 : -1;
out:
	seccomp_release(ctx);
	return rc;
}
