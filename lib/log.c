/*
 * log.c - write log lines to stderr, which the service manager (or
 * tools/up) sends to a file: "TIME PROG[PID] LEVEL [req=ID] message".
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char *log_prog = "sme";
static const char *log_req;

void
log_init(const char *prog)
{
	log_prog = prog;
}

void
log_reqid(const char *reqid)
{
	log_req = reqid;
}

static void
log_line(const char *level, const char *fmt, va_list ap)
{
	char		 msg[2048], ts[32];
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One fprintf per line, so lines of several workers don't interleave. */
	fprintf(stderr, "%s %s[%d] %s%s%s%s %s\n", ts, log_prog, (int)getpid(),
	    level, log_req ? " [req=" : "", log_req ? log_req : "",
	    log_req ? "]" : "", msg);
}

void
log_err(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("ERR", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("WARN", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_line("INFO", fmt, ap);
	va_end(ap);
}
