/*
 * gw_file.c - the file adapter: append each message to sms_file as one
 * JSON line, written with a single write(2) on an O_APPEND descriptor so
 * that lines of several dispatchers never interleave.
 */
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "gw_file.h"
#include "sms.h"

#define GW_FILE_LINE_MAX	(SMS_TEXT_MAX * 6 + 256)	/* every byte \u-escaped */

struct gw_file {
	char	*path;
};

/*
 * The length of the valid UTF-8 sequence at s[0..n) (RFC 3629 §4), or 0
 * if it is not one.
 */
static size_t
gw_file_utf8len(const unsigned char *s, size_t n)
{
	size_t		 len, i;
	unsigned char	 lo = 0x80, hi = 0xBF;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		lo = s[0] == 0xE0 ? 0xA0 : 0x80;
		hi = s[0] == 0xED ? 0x9F : 0xBF;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		lo = s[0] == 0xF0 ? 0x90 : 0x80;
		hi = s[0] == 0xF4 ? 0x8F : 0xBF;
	} else
		return 0;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Append s as a JSON string to out at *o; -1 if it does not fit. */
static int
gw_file_str(const char *str, char *out, size_t outsz, size_t *o)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t		 n = strlen(str), i, len;
	char		 esc[8];
	const char	*add;
	size_t		 addsz;

	if (*o + 1 >= outsz)
		return -1;
	out[(*o)++] = '"';
	for (i = 0; i < n; i += len) {
		len = 1;
		add = esc;
		if (s[i] == '"' || s[i] == '\\') {
			esc[0] = '\\';
			esc[1] = (char)s[i];
			addsz = 2;
		} else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
			esc[0] = '\\';
			esc[1] = s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : 't';
			addsz = 2;
		} else if (s[i] < 0x20 || s[i] == 0x7F) {
			addsz = (size_t)snprintf(esc, sizeof(esc), "\\u%04x", s[i]);
		} else if (s[i] < 0x80) {
			add = (const char *)s + i;
			addsz = 1;
		} else if ((len = gw_file_utf8len(s + i, n - i)) == 0) {
			len = 1;
			add = "\\ufffd";
			addsz = 6;
		} else if (len == 3 && s[i] == 0xE2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xA8 || s[i + 2] == 0xA9)) {
			/* U+2028, U+2029: line breaks to JavaScript. */
			add = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
			addsz = 6;
		} else {
			add = (const char *)s + i;
			addsz = len;
		}
		if (*o + addsz + 1 >= outsz)
			return -1;
		memcpy(out + *o, add, addsz);
		*o += addsz;
	}
	if (*o + 1 >= outsz)
		return -1;
	out[(*o)++] = '"';
	return 0;
}

size_t
gw_file_line(const char *to, const char *text, const char *at, char *out,
    size_t outsz)
{
	static const char *const keys[] = { "{\"to\":", ",\"text\":", ",\"at\":" };
	const char	*vals[] = { to, text, at };
	size_t		 o = 0, i, k;

	for (i = 0; i < 3; i++) {
		k = strlen(keys[i]);
		if (o + k >= outsz)
			return 0;
		memcpy(out + o, keys[i], k);
		o += k;
		if (gw_file_str(vals[i], out, outsz, &o) != 0)
			return 0;
	}
	if (o + 3 > outsz)
		return 0;
	out[o++] = '}';
	out[o++] = '\n';
	out[o] = '\0';
	return o;
}

static enum sme_err
gw_file_open(const struct config *cfg, void **state)
{
	struct gw_file	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->path = strdup(config_text(cfg, "sms_file"))) == NULL) {
		free(f);
		return SME_ENOMEM;
	}
	*state = f;
	return SME_OK;
}

static enum sme_err
gw_file_send(void *state, const struct gw_msg *m, struct gw_result *res)
{
	struct gw_file	*f = state;
	struct timeval	 tv;
	struct tm	 tm;
	char		 at[40], *line;
	size_t		 n;
	ssize_t		 w;
	int		 fd;
	enum sme_err	 er = SME_OK;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(at + n, sizeof(at) - n, ".%03dZ", (int)(tv.tv_usec / 1000));
	if ((line = malloc(GW_FILE_LINE_MAX)) == NULL)
		return SME_ENOMEM;
	if ((n = gw_file_line(m->to, m->text, at, line, GW_FILE_LINE_MAX)) == 0) {
		snprintf(res->error, sizeof(res->error), "message too long");
		res->permanent = 1;
		free(line);
		return SME_EINPUT;
	}
	if ((fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0640)) < 0) {
		snprintf(res->error, sizeof(res->error), "%s: %s", f->path,
		    strerror(errno));
		free(line);
		return SME_ESYS;
	}
	/* One write: O_APPEND places the whole line at the end at once. */
	if ((w = write(fd, line, n)) != (ssize_t)n) {
		snprintf(res->error, sizeof(res->error), "%s: %s", f->path,
		    w < 0 ? strerror(errno) : "short write");
		er = SME_ESYS;
	}
	if (close(fd) != 0 && er == SME_OK) {
		snprintf(res->error, sizeof(res->error), "%s: %s", f->path,
		    strerror(errno));
		er = SME_ESYS;
	}
	free(line);
	return er;
}

static void
gw_file_close(void *state)
{
	struct gw_file	*f = state;

	if (f == NULL)
		return;
	free(f->path);
	free(f);
}

const struct gw_ops gw_file_ops = {
	"file", gw_file_open, gw_file_send, NULL, NULL, gw_file_close
};
