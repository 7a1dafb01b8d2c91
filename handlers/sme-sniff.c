/*
 * sme-sniff.c - the sandboxed side of lib/sandbox.c: judges the file on
 * standard input with sniff_detect() and writes "verdict type\n" to
 * standard output. It loads its libraries, then enters the seccomp filter
 * (read, write, memory, exit) before touching a byte of the file; its
 * parent set RLIMIT_CPU and closed every other descriptor. Not a FastCGI
 * program: the upload and registration handlers run it per file.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "sandbox.h"
#include "sniff.h"

static ssize_t
sniff_fd0(void *arg, void *buf, size_t bufsz, off_t off)
{
	size_t	 got = 0;
	ssize_t	 n;

	(void)arg;
	while (got < bufsz) {
		n = pread(0, (char *)buf + got, bufsz - got, off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int
main(void)
{
	struct stat	 st;
	enum filetype	 t;
	enum sniff_verdict v;
	char		 out[32];
	int		 n;

	if (fstat(0, &st) != 0 || !S_ISREG(st.st_mode))
		return 2;
	xmlInitParser();
	if (sandbox_enter() != 0)
		return 3;
	v = sniff_detect(sniff_fd0, NULL, st.st_size, &t);
	n = snprintf(out, sizeof(out), "%d %d\n", (int)v, (int)t);
	if (write(1, out, (size_t)n) != n)
		_exit(4);
	/* _exit: nothing at exit may need a call the filter forbids. */
	_exit(0);
}
