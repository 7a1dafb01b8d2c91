/*
 * log.h - one line a message on stderr: time, program, pid, request id.
 */
#ifndef LOG_H
#define LOG_H

/* Name the program for every later line (the pointer is kept). */
void	 log_init(const char *prog);

/* The id of the request being served, or NULL between requests (kept). */
void	 log_reqid(const char *reqid);

void	 log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
