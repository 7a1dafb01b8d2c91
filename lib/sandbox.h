/*
 * sandbox.h - untrusted bytes judged in a child process: sme-sniff, run
 * with the file on its standard input, no other descriptor (no database
 * connection), a fresh image (no secret of the worker's memory), an
 * RLIMIT_CPU and a seccomp filter (set by sme-sniff itself). A crash or a
 * kill there is a refused file, never a dead worker.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

#include <sys/types.h>
#include "filetype.h"
#include "sme.h"
#include "sniff.h"

#define SANDBOX_CPU_S		2	/* RLIMIT_CPU of the child, seconds */
#define SANDBOX_WALL_MS		10000	/* then it is killed whatever it does */
#define SANDBOX_HELPER		"sme-sniff"

/*
 * The verdict of sniff_detect() on the size-byte regular file open at fd,
 * reached in a sandboxed sme-sniff: *v and *type as sniff_detect() sets
 * them; SNIFF_COSTLY when the child ran out of time, SNIFF_CORRUPT when it
 * crashed or broke the filter (logged). SME_ESYS (logged) when no child
 * could be started: the helper is missing, fork failed.
 *
 * The helper is $SME_SNIFF_HELPER, else sme-sniff next to the running
 * program, else in SME_BINDIR.
 */
enum sme_err	 sandbox_sniff(int fd, off_t size, enum sniff_verdict *v,
		    enum filetype *type);

/*
 * In sme-sniff: allow from now on only what judging needs (read, pread,
 * write, memory without PROT_EXEC, exit); anything else kills the
 * process. 0, or -1.
 */
int		 sandbox_enter(void);

#endif
