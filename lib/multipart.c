/*
 * multipart.c - streaming multipart/form-data parser (RFC 7578, RFC 2046
 * section 5.1.1): the body goes through one fixed buffer, fields are kept
 * in memory within limits and file parts are spooled to disk as they come.
 */
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"
#include "multipart.h"

#define MULTIPART_BUF		(64 * 1024)	/* bytes of the read buffer */
#define MULTIPART_HDR_MAX	(8 * 1024)	/* bytes of a part's headers */
#define MULTIPART_DELIM_MAX	(4 + MULTIPART_BOUNDARY_MAX) /* CRLF "--" b */
#define MULTIPART_VAL_CAP0	256		/* first size of a field */

/* One "; name=value" parameter of a header value; pointers are borrowed. */
struct multipart_param {
	const char	*name;
	size_t		 namesz;
	const char	*val;		/* without the quotes, still escaped */
	size_t		 valsz;
	int		 quoted;	/* val was a quoted-string */
};

/* The part being read; its strings are owned here until moved out. */
struct multipart_part {
	char	*name;		/* NULL until Content-Disposition is read */
	char	*filename;	/* NULL for a field part */
	char	*filename_ext;	/* RFC 5987 filename*, may be NULL */
	char	*ctype;		/* may be NULL */
	int	 fd;		/* spool file of a file part, else -1 */
	char	*val;		/* value of a field part, may be NULL */
	size_t	 valsz;
	size_t	 valcap;
};

/* The parser's state over one body. */
struct multipart_rd {
	multipart_read_fn	 rd;
	void			*arg;
	const struct multipart_limits *lim;
	struct multipart	*out;
	char			 delim[MULTIPART_DELIM_MAX];
	size_t			 delimsz;
	struct multipart_part	 part;
	int			 inpart;	/* 0 in the preamble */
	size_t			 parts;		/* parts begun */
	size_t			 fieldsz;	/* bytes of all fields */
	size_t			 pos;		/* first unread byte of buf */
	size_t			 len;		/* bytes held in buf */
	char			 buf[MULTIPART_BUF];
};

/* 1 if c may appear in a token (RFC 7230 section 3.2.6 tchar). */
static int
multipart_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* 1 if c is a bchars of RFC 2046 section 5.1.1, space included. */
static int
multipart_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* 1 if b[0..sz) is a boundary RFC 2046 allows: 1-70 bchars, no final space. */
static int
multipart_boundary_ok(const char *b, size_t sz)
{
	size_t	 i;

	if (sz == 0 || sz > MULTIPART_BOUNDARY_MAX || b[sz - 1] == ' ')
		return 0;
	for (i = 0; i < sz; i++)
		if (!multipart_bchar((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Trim spaces and tabs from both ends of s[0..*sz); returns the new start. */
static const char *
multipart_trim(const char *s, size_t *sz)
{
	while (*sz > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		(*sz)--;
	}
	while (*sz > 0 && (s[*sz - 1] == ' ' || s[*sz - 1] == '\t'))
		(*sz)--;
	return s;
}

/* 1 if s[0..sz) equals the NUL-terminated word, ignoring ASCII case. */
static int
multipart_is(const char *s, size_t sz, const char *word)
{
	return strlen(word) == sz && strncasecmp(s, word, sz) == 0;
}

/* Skip spaces and tabs from *sp up to e. */
static void
multipart_ows(const char **sp, const char *e)
{
	while (*sp < e && (**sp == ' ' || **sp == '\t'))
		(*sp)++;
}

/*
 * Read the quoted-string (RFC 7230 section 3.2.6) opening at *sp into p,
 * leaving *sp after the closing quote. -1 if it is not closed.
 */
static int
multipart_quoted(const char **sp, const char *e, struct multipart_param *p)
{
	const char	*s = *sp + 1;

	p->val = s;
	p->quoted = 1;
	while (s < e && *s != '"')
		s += (*s == '\\' && s + 1 < e) ? 2 : 1;
	if (s >= e)
		return -1;
	p->valsz = (size_t)(s - p->val);
	*sp = s + 1;
	return 1;
}

/*
 * Read the next parameter of a header value (RFC 7231 section 3.1.1.1:
 * OWS ";" OWS token "=" ( token / quoted-string )) from *sp up to e into
 * p. Returns 1 with a parameter, 0 at the end, -1 if it is malformed. The
 * unquoted form is read up to ';' or a space, so that bchars such as '='
 * are kept and left to the caller's check.
 */
static int
multipart_param_next(const char **sp, const char *e, struct multipart_param *p)
{
	const char	*s = *sp;

	multipart_ows(&s, e);
	if (s == e)
		return 0;
	if (*s++ != ';')
		return -1;
	multipart_ows(&s, e);
	if (s == e)
		return 0;
	for (p->name = s; s < e && multipart_tchar((unsigned char)*s); s++)
		continue;
	p->namesz = (size_t)(s - p->name);
	if (p->namesz == 0 || s == e || *s++ != '=')
		return -1;
	if (s < e && *s == '"') {
		*sp = s;
		return multipart_quoted(sp, e, p);
	}
	for (p->val = s; s < e && *s != ';' && *s != ' ' && *s != '\t'; s++)
		continue;
	p->valsz = (size_t)(s - p->val);
	p->quoted = 0;
	*sp = s;
	return p->valsz > 0 ? 1 : -1;
}

/*
 * Check that the media type ahead of the parameters of the header value
 * at *sp is type, leaving *sp on the first ';' or at e.
 */
static int
multipart_type_is(const char **sp, const char *e, const char *type)
{
	const char	*s = *sp, *semi;
	size_t		 sz;

	if ((semi = memchr(s, ';', (size_t)(e - s))) == NULL)
		semi = e;
	sz = (size_t)(semi - s);
	s = multipart_trim(s, &sz);
	*sp = semi;
	return multipart_is(s, sz, type);
}

enum sme_err
multipart_boundary(const char *ctype, char *out, size_t outsz)
{
	const char		*s = ctype, *e = ctype + strlen(ctype);
	const char		*b = NULL;
	size_t			 bsz = 0;
	struct multipart_param	 p;
	int			 rc;

	if (!multipart_type_is(&s, e, "multipart/form-data"))
		return SME_EINPUT;
	while ((rc = multipart_param_next(&s, e, &p)) == 1) {
		if (!multipart_is(p.name, p.namesz, "boundary"))
			continue;
		if (b != NULL)
			return SME_EINPUT;
		b = p.val;
		bsz = p.valsz;
	}
	if (rc < 0 || b == NULL || !multipart_boundary_ok(b, bsz) ||
	    bsz >= outsz)
		return SME_EINPUT;
	memcpy(out, b, bsz);
	out[bsz] = '\0';
	return SME_OK;
}

/*
 * Copy the value of p into a new string *out, undoing the quoted-pairs
 * \" and \\ only: browsers send file names unescaped (HTML's form
 * serialisation turns '"' into %22), so "C:\dir" keeps its backslash.
 */
static enum sme_err
multipart_unquote(const struct multipart_param *p, char **out)
{
	size_t	 i, o = 0;
	char	*d;

	if ((d = malloc(p->valsz + 1)) == NULL)
		return SME_ENOMEM;
	for (i = 0; i < p->valsz; i++) {
		if (p->quoted && p->val[i] == '\\' && i + 1 < p->valsz &&
		    (p->val[i + 1] == '"' || p->val[i + 1] == '\\'))
			i++;
		d[o++] = p->val[i];
	}
	d[o] = '\0';
	*out = d;
	return SME_OK;
}

/*
 * Decode the RFC 5987 ext-value of p (UTF-8'lang'%E4%B8%AD) into a new
 * string *out. SME_EINPUT for another charset, a quoted value, a bad
 * escape or decoded text that is not clean UTF-8.
 */
static enum sme_err
multipart_ext_value(const struct multipart_param *p, char **out)
{
	const char	*q1, *q2, *e = p->val + p->valsz;
	char		*d;
	size_t		 dsz;

	if (p->quoted || (q1 = memchr(p->val, '\'', p->valsz)) == NULL ||
	    !multipart_is(p->val, (size_t)(q1 - p->val), "utf-8") ||
	    (q2 = memchr(q1 + 1, '\'', (size_t)(e - q1 - 1))) == NULL)
		return SME_EINPUT;
	if ((d = malloc((size_t)(e - q2))) == NULL)
		return SME_ENOMEM;
	if (http_pct_decode(q2 + 1, (size_t)(e - q2 - 1), 0, d, &dsz) !=
	    SME_OK || !http_text_valid(d, dsz, 0)) {
		free(d);
		return SME_EINPUT;
	}
	d[dsz] = '\0';
	*out = d;
	return SME_OK;
}

/* Store parameter p in *dst, which must not be set yet (no duplicates). */
static enum sme_err
multipart_param_set(char **dst, const struct multipart_param *p, int ext)
{
	if (*dst != NULL)
		return SME_EINPUT;
	return ext ? multipart_ext_value(p, dst) : multipart_unquote(p, dst);
}

/*
 * Parse a Content-Disposition value (RFC 7578 section 4.2: "form-data;
 * name=...; filename=..."). Other parameters are ignored; the name is
 * required.
 */
static enum sme_err
multipart_disposition(struct multipart_part *pt, const char *s, size_t sz)
{
	const char		*e = s + sz;
	struct multipart_param	 p;
	enum sme_err		 er = SME_OK;
	int			 rc = 0;

	if (pt->name != NULL || !multipart_type_is(&s, e, "form-data"))
		return SME_EINPUT;
	while (er == SME_OK && (rc = multipart_param_next(&s, e, &p)) == 1) {
		if (multipart_is(p.name, p.namesz, "name"))
			er = multipart_param_set(&pt->name, &p, 0);
		else if (multipart_is(p.name, p.namesz, "filename"))
			er = multipart_param_set(&pt->filename, &p, 0);
		else if (multipart_is(p.name, p.namesz, "filename*"))
			er = multipart_param_set(&pt->filename_ext, &p, 1);
	}
	if (er != SME_OK)
		return er;
	return rc < 0 || pt->name == NULL ? SME_EINPUT : SME_OK;
}

/*
 * Parse one header line l[0..sz) of a part (RFC 7230 section 3.2, no
 * obsolete line folding). Only Content-Disposition and Content-Type are
 * kept; others are ignored.
 */
static enum sme_err
multipart_header(struct multipart_part *pt, const char *l, size_t sz)
{
	const char	*colon, *v;
	size_t		 i, vsz;
	unsigned char	 c;

	for (i = 0; i < sz; i++) {
		c = (unsigned char)l[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return SME_EINPUT;
	}
	if ((colon = memchr(l, ':', sz)) == NULL || colon == l)
		return SME_EINPUT;
	for (i = 0; l + i < colon; i++)
		if (!multipart_tchar((unsigned char)l[i]))
			return SME_EINPUT;
	vsz = sz - (size_t)(colon + 1 - l);
	v = multipart_trim(colon + 1, &vsz);
	if (multipart_is(l, (size_t)(colon - l), "content-disposition"))
		return multipart_disposition(pt, v, vsz);
	if (!multipart_is(l, (size_t)(colon - l), "content-type"))
		return SME_OK;
	if (pt->ctype != NULL || !http_text_valid(v, vsz, 0))
		return SME_EINPUT;
	return (pt->ctype = strndup(v, vsz)) == NULL ? SME_ENOMEM : SME_OK;
}

/*
 * Read more of the body into buf, first moving the unread bytes to the
 * front if buf is full. SME_EINPUT at the end of the body or on a read
 * error, as the close delimiter is then missing.
 */
static enum sme_err
multipart_more(struct multipart_rd *m)
{
	ssize_t	 n;

	if (m->len == MULTIPART_BUF && m->pos > 0) {
		memmove(m->buf, m->buf + m->pos, m->len - m->pos);
		m->len -= m->pos;
		m->pos = 0;
	}
	if (m->len == MULTIPART_BUF)
		return SME_EINPUT;
	n = m->rd(m->arg, m->buf + m->len, MULTIPART_BUF - m->len);
	if (n <= 0 || (size_t)n > MULTIPART_BUF - m->len)
		return SME_EINPUT;
	m->len += (size_t)n;
	return SME_OK;
}

/* Make sure at least need unread bytes are in buf. */
static enum sme_err
multipart_fill(struct multipart_rd *m, size_t need)
{
	enum sme_err	 er;

	while (m->len - m->pos < need)
		if ((er = multipart_more(m)) != SME_OK)
			return er;
	return SME_OK;
}

/*
 * Find the next CRLF-terminated line of at most max bytes. *line points
 * into buf (valid until the next read) and is not consumed: the caller
 * adds *linesz + 2 to pos. SME_EINPUT if it is longer or never ends.
 */
static enum sme_err
multipart_line(struct multipart_rd *m, size_t max, const char **line,
    size_t *linesz /* out */)
{
	const char	*crlf;
	size_t		 from = 0;
	enum sme_err	 er;

	for (;;) {
		crlf = memmem(m->buf + m->pos + from, m->len - m->pos - from,
		    "\r\n", 2);
		if (crlf != NULL)
			break;
		if (m->len - m->pos > max + 1)
			return SME_EINPUT;
		if (m->len > m->pos)
			from = m->len - m->pos - 1;
		if ((er = multipart_more(m)) != SME_OK)
			return er;
	}
	*line = m->buf + m->pos;
	*linesz = (size_t)(crlf - *line);
	return *linesz > max ? SME_EINPUT : SME_OK;
}

/* write() all of p[0..n) to fd. */
static enum sme_err
multipart_write(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_err("multipart: spool write: %s",
			    w < 0 ? strerror(errno) : "no progress");
			return SME_ESYS;
		}
		p += w;
		n -= (size_t)w;
	}
	return SME_OK;
}

/* Append p[0..n) to the value of the field part, within both limits. */
static enum sme_err
multipart_field_add(struct multipart_rd *m, const char *p, size_t n)
{
	struct multipart_part	*pt = &m->part;
	size_t			 cap;
	char			*nv;

	/* Both subtractions are safe: valsz and fieldsz never pass them. */
	if (n > m->lim->field_max - pt->valsz ||
	    n > m->lim->fields_total - m->fieldsz)
		return SME_ETOOBIG;
	if (pt->valsz + n > pt->valcap) {
		cap = pt->valcap == 0 ? MULTIPART_VAL_CAP0 : pt->valcap * 2;
		if (cap < pt->valsz + n)
			cap = pt->valsz + n;
		if (cap > m->lim->field_max)
			cap = m->lim->field_max;
		if ((nv = realloc(pt->val, cap)) == NULL)
			return SME_ENOMEM;
		pt->val = nv;
		pt->valcap = cap;
	}
	memcpy(pt->val + pt->valsz, p, n);
	pt->valsz += n;
	m->fieldsz += n;
	return SME_OK;
}

/* Pass body bytes p[0..n) of the current part on: to its file or value. */
static enum sme_err
multipart_emit(struct multipart_rd *m, const char *p, size_t n)
{
	struct multipart_file	*f;

	if (!m->inpart || n == 0)
		return SME_OK;
	if (m->part.fd < 0)
		return multipart_field_add(m, p, n);
	f = &m->out->files[m->out->filen - 1];
	if (n > m->lim->file_max - f->size)
		return SME_ETOOBIG;
	f->size += n;
	return multipart_write(m->part.fd, p, n);
}

/*
 * Pass on the bytes up to the next delimiter and consume it. Bytes are
 * passed on when buf is full, except the last delimsz - 1, where a
 * delimiter split across reads may begin.
 */
static enum sme_err
multipart_scan(struct multipart_rd *m)
{
	const char	*hit, *s;
	size_t		 done = 0;	/* bytes after pos with no delimiter */
	enum sme_err	 er;

	for (;;) {
		s = m->buf + m->pos;
		hit = memmem(s + done, m->len - m->pos - done, m->delim,
		    m->delimsz);
		if (hit != NULL) {
			m->pos = (size_t)(hit - m->buf) + m->delimsz;
			return multipart_emit(m, s, (size_t)(hit - s));
		}
		if (m->len - m->pos >= m->delimsz)
			done = m->len - m->pos - (m->delimsz - 1);
		if (m->len == MULTIPART_BUF && done > 0) {
			if ((er = multipart_emit(m, s, done)) != SME_OK)
				return er;
			m->pos += done;
			done = 0;
		}
		if ((er = multipart_more(m)) != SME_OK)
			return er;
	}
}

/*
 * Read what follows a delimiter: "--" closes the body (the epilogue is
 * not read), else transport padding and CRLF open a part (RFC 2046).
 */
static enum sme_err
multipart_after_delim(struct multipart_rd *m, int *closed /* out */)
{
	const char	*l;
	size_t		 sz, i;
	enum sme_err	 er;

	if ((er = multipart_fill(m, 2)) != SME_OK)
		return er;
	if (m->buf[m->pos] == '-' && m->buf[m->pos + 1] == '-') {
		*closed = 1;
		return SME_OK;
	}
	if ((er = multipart_line(m, MULTIPART_HDR_MAX, &l, &sz)) != SME_OK)
		return er;
	for (i = 0; i < sz; i++)
		if (l[i] != ' ' && l[i] != '\t')
			return SME_EINPUT;
	m->pos += sz + 2;
	return SME_OK;
}

/* Read the header lines of a part, MULTIPART_HDR_MAX bytes in all. */
static enum sme_err
multipart_headers(struct multipart_rd *m)
{
	const char	*l;
	size_t		 sz, total = 0;
	enum sme_err	 er;

	for (;;) {
		er = multipart_line(m, MULTIPART_HDR_MAX, &l, &sz);
		if (er != SME_OK)
			return er;
		total += sz + 2;
		if (total > MULTIPART_HDR_MAX)
			return SME_EINPUT;
		m->pos += sz + 2;
		if (sz == 0)
			break;
		if ((er = multipart_header(&m->part, l, sz)) != SME_OK)
			return er;
	}
	return m->part.name == NULL ? SME_EINPUT : SME_OK;
}

/* Free what the current part holds and close its file, if any. */
static void
multipart_part_reset(struct multipart_part *pt)
{
	free(pt->name);
	free(pt->filename);
	free(pt->filename_ext);
	free(pt->ctype);
	free(pt->val);
	if (pt->fd >= 0)
		close(pt->fd);
	memset(pt, 0, sizeof(*pt));
	pt->fd = -1;
}

/*
 * Create the spool file of a file part (mkostemp: mode 0600) and add its
 * entry to out, moving the part's strings there, so that multipart_free()
 * unlinks it whatever happens next.
 */
static enum sme_err
multipart_spool(struct multipart_rd *m)
{
	struct multipart_part	*pt = &m->part;
	struct multipart_file	*files, *f;
	char			*path;

	if (m->lim->spool_dir == NULL)
		return SME_ETOOBIG;
	if ((pt->ctype == NULL && (pt->ctype = strdup("")) == NULL) ||
	    (files = reallocarray(m->out->files, m->out->filen + 1,
	    sizeof(*files))) == NULL)
		return SME_ENOMEM;
	m->out->files = files;
	if (asprintf(&path, "%s/sme-XXXXXX", m->lim->spool_dir) < 0)
		return SME_ENOMEM;
	if ((pt->fd = mkostemp(path, O_CLOEXEC)) < 0) {
		log_err("multipart: spool %s: %s", path, strerror(errno));
		free(path);
		return SME_ESYS;
	}
	f = &files[m->out->filen++];
	f->name = pt->name;
	f->filename = pt->filename;
	f->ctype = pt->ctype;
	f->path = path;
	f->size = 0;
	pt->name = pt->filename = pt->ctype = NULL;
	return SME_OK;
}

/*
 * Check the names of the part whose headers were read and start its
 * body: a spool file if it has a filename (filename* preferred).
 */
static enum sme_err
multipart_part_open(struct multipart_rd *m)
{
	struct multipart_part	*pt = &m->part;
	size_t			 namesz = strlen(pt->name);

	if (namesz == 0 || namesz > HTTP_KEY_MAX ||
	    !http_text_valid(pt->name, namesz, 0))
		return SME_EINPUT;
	if (pt->filename_ext != NULL) {
		free(pt->filename);
		pt->filename = pt->filename_ext;
		pt->filename_ext = NULL;
	}
	if (pt->filename == NULL)
		return SME_OK;
	if (!http_text_valid(pt->filename, strlen(pt->filename), 0))
		return SME_EINPUT;
	return multipart_spool(m);
}

/* Finish the part whose closing delimiter was read. */
static enum sme_err
multipart_part_close(struct multipart_rd *m)
{
	struct multipart_part	*pt = &m->part;
	enum sme_err		 er = SME_OK;

	if (pt->fd >= 0) {
		if (close(pt->fd) != 0)
			er = SME_ESYS;
		pt->fd = -1;
	} else if (!http_text_valid(pt->val, pt->valsz, 1))
		er = SME_EINPUT;
	else
		er = http_pairs_add(&m->out->fields, pt->name, pt->val,
		    pt->valsz);
	multipart_part_reset(pt);
	return er;
}

/* Read one part: headers, body, up to and including its delimiter. */
static enum sme_err
multipart_part(struct multipart_rd *m)
{
	enum sme_err	 er;

	if (m->parts++ >= m->lim->parts_max)
		return SME_ETOOBIG;
	if ((er = multipart_headers(m)) != SME_OK ||
	    (er = multipart_part_open(m)) != SME_OK ||
	    (er = multipart_scan(m)) != SME_OK)
		return er;
	return multipart_part_close(m);
}

enum sme_err
multipart_parse(const char *boundary, multipart_read_fn rd, void *arg,
    const struct multipart_limits *lim, struct multipart *out)
{
	struct multipart_rd	*m;
	size_t			 bsz = strlen(boundary);
	enum sme_err		 er;
	int			 closed = 0;

	if (!multipart_boundary_ok(boundary, bsz))
		return SME_EINPUT;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return SME_ENOMEM;
	m->rd = rd;
	m->arg = arg;
	m->lim = lim;
	m->out = out;
	m->part.fd = -1;
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, bsz);
	m->delimsz = bsz + 4;

	/*
	 * The body may open with the dash-boundary itself: a CRLF put in
	 * front lets one delimiter search find the first one too.
	 */
	memcpy(m->buf, "\r\n", 2);
	m->len = 2;
	er = multipart_scan(m);
	m->inpart = 1;
	while (er == SME_OK &&
	    (er = multipart_after_delim(m, &closed)) == SME_OK && !closed)
		er = multipart_part(m);
	multipart_part_reset(&m->part);
	free(m);
	if (er != SME_OK)
		multipart_free(out);
	return er;
}

const struct multipart_file *
multipart_file_get(const struct multipart *mp, const char *name)
{
	size_t	 i;

	for (i = 0; i < mp->filen; i++)
		if (strcmp(mp->files[i].name, name) == 0)
			return &mp->files[i];
	return NULL;
}

void
multipart_free(struct multipart *mp)
{
	size_t	 i;

	http_pairs_free(&mp->fields);
	for (i = 0; i < mp->filen; i++) {
		unlink(mp->files[i].path);
		free(mp->files[i].name);
		free(mp->files[i].filename);
		free(mp->files[i].ctype);
		free(mp->files[i].path);
	}
	free(mp->files);
	mp->files = NULL;
	mp->filen = 0;
}
