/*
 * store.c - content-addressed file storage: copy, hash and rename into
 * place, so that a stored file is whole and named by its SHA-256.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "log.h"
#include "store.h"
#include "token.h"

#define STORE_BUF	65536	/* bytes copied a read */

enum sme_err
store_path(const char *dir, const char *name, char *out, size_t outsz)
{
	size_t	 i;
	int	 n;

	if (name == NULL || strlen(name) != STORE_NAME_LEN)
		return SME_EINPUT;
	for (i = 0; i < STORE_NAME_LEN; i++)
		if (strchr("0123456789abcdef", name[i]) == NULL)
			return SME_EINPUT;
	n = snprintf(out, outsz, "%s/%.2s/%s", dir, name, name);
	return n < 0 || (size_t)n >= outsz ? SME_EINPUT : SME_OK;
}

enum filetype
store_signature(const char *dir, const char *name)
{
	char		 path[4096];
	unsigned char	 head[8];
	ssize_t		 n;
	int		 fd;

	if (store_path(dir, name, path, sizeof(path)) != SME_OK ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return FILETYPE_UNKNOWN;
	n = read(fd, head, sizeof(head));
	close(fd);
	return n > 0 ? filetype_of_signature(head, (size_t)n) : FILETYPE_UNKNOWN;
}

/*
 * fsync directory path, so that a rename or mkdir in it survives a power
 * cut: after the database commits a row naming a stored file, the file
 * must be there. 0, or -1 (logged).
 */
static int
store_sync_dir(const char *path)
{
	int	 fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    fsync(fd) != 0) {
		log_err("store: sync directory %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

/*
 * mkdir path with mode 0750 unless it exists, and sync its parent when it
 * was made; 0, or -1 (logged).
 */
static int
store_mkdir(const char *path)
{
	char	 parent[4096];
	char	*slash;

	if (mkdir(path, 0750) != 0) {
		if (errno == EEXIST)
			return 0;
		log_err("store: mkdir %s: %s", path, strerror(errno));
		return -1;
	}
	if (snprintf(parent, sizeof(parent), "%s", path) >= (int)sizeof(parent))
		return -1;
	if ((slash = strrchr(parent, '/')) == NULL)
		snprintf(parent, sizeof(parent), ".");
	else if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	return store_sync_dir(parent);
}

/*
 * Copy in to out, hashing what passes into md; 0, or -1 (logged) on a
 * read or write error.
 */
static int
store_copy(int in, int out, EVP_MD_CTX *md, const char *src)
{
	char	*buf;
	ssize_t	 n, w, off;
	int	 rc = -1;

	if ((buf = malloc(STORE_BUF)) == NULL)
		return -1;
	for (;;) {
		if ((n = read(in, buf, STORE_BUF)) < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_err("store: read %s: %s", src, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(md, buf, (size_t)n) != 1)
			goto out;
		for (off = 0; off < n; off += w) {
			if ((w = write(out, buf + off, (size_t)(n - off))) < 0 &&
			    errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				log_err("store: write: %s", strerror(errno));
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

enum sme_err
store_put(const char *dir, const char *src, char name[STORE_NAME_LEN + 1])
{
	char		 tmp[4096], sub[4096], dst[4096];
	unsigned char	 h[EVP_MAX_MD_SIZE];
	unsigned int	 hsz = 0;
	EVP_MD_CTX	*md = NULL;
	enum sme_err	 er = SME_ESYS;
	int		 in = -1, out = -1, n;

	name[0] = '\0';
	n = snprintf(tmp, sizeof(tmp), "%s/.put-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(tmp) || store_mkdir(dir) != 0)
		return SME_ESYS;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		log_err("store: open %s: %s", src, strerror(errno));
		return SME_ESYS;
	}
	if ((out = mkostemp(tmp, O_CLOEXEC)) < 0) {
		log_err("store: create %s: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		goto out;
	}
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    store_copy(in, out, md, src) != 0 ||
	    EVP_DigestFinal_ex(md, h, &hsz) != 1 || hsz != TOKEN_HASHSZ)
		goto out;
	if (fchmod(out, 0640) != 0 || fsync(out) != 0) {
		log_err("store: flush %s: %s", tmp, strerror(errno));
		goto out;
	}
	token_hex(h, hsz, name);
	n = snprintf(sub, sizeof(sub), "%s/%.2s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(sub) || store_mkdir(sub) != 0 ||
	    store_path(dir, name, dst, sizeof(dst)) != SME_OK)
		goto out;
	/*
	 * Same name, same bytes: an existing file is as good as ours, and
	 * rename() would replace it under a reader for nothing.
	 */
	if (access(dst, F_OK) == 0) {
		er = SME_OK;
		goto out;
	}
	if (rename(tmp, dst) != 0) {
		log_err("store: rename to %s: %s", dst, strerror(errno));
		goto out;
	}
	tmp[0] = '\0';
	/* Not durable yet: fail, but keep the file (same bytes for all). */
	if (store_sync_dir(sub) != 0)
		goto out;
	er = SME_OK;
out:
	if (tmp[0] != '\0' && out >= 0)
		unlink(tmp);
	if (out >= 0)
		close(out);
	close(in);
	EVP_MD_CTX_free(md);
	if (er != SME_OK)
		name[0] = '\0';
	return er;
}

/*
 * Hash the whole of fd (from the start) into name; its size into *size.
 * 0, or -1 (logged).
 */
static int
store_hash_fd(int fd, char name[STORE_NAME_LEN + 1], long long *size)
{
	unsigned char	 h[EVP_MAX_MD_SIZE];
	unsigned int	 hsz = 0;
	EVP_MD_CTX	*md;
	char		*buf;
	ssize_t		 n;
	int		 rc = -1;

	*size = 0;
	if ((buf = malloc(STORE_BUF)) == NULL)
		return -1;
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		goto out;
	for (;;) {
		if ((n = pread(fd, buf, STORE_BUF, (off_t)*size)) < 0 &&
		    errno == EINTR)
			continue;
		if (n < 0) {
			log_err("store: read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(md, buf, (size_t)n) != 1)
			goto out;
		*size += n;
	}
	if (EVP_DigestFinal_ex(md, h, &hsz) != 1 || hsz != TOKEN_HASHSZ)
		goto out;
	token_hex(h, hsz, name);
	rc = 0;
out:
	EVP_MD_CTX_free(md);
	free(buf);
	return rc;
}

enum sme_err
store_begin(const char *dir, const char *src, struct store_tmp *t)
{
	EVP_MD_CTX	*md = NULL;
	unsigned char	 h[EVP_MAX_MD_SIZE];
	unsigned int	 hsz = 0;
	int		 in = -1, out = -1, n, ok = 0;
	struct stat	 st;

	memset(t, 0, sizeof(*t));
	n = snprintf(t->tmp, sizeof(t->tmp), "%s/.put-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(t->tmp) || store_mkdir(dir) != 0) {
		t->tmp[0] = '\0';
		return SME_ESYS;
	}
	if ((out = mkostemp(t->tmp, O_CLOEXEC)) < 0) {
		log_err("store: create %s: %s", t->tmp, strerror(errno));
		t->tmp[0] = '\0';
		return SME_ESYS;
	}
	/*
	 * On the same file system the spooled upload simply moves in: no
	 * second copy of up to 50 MiB. Otherwise copy, hashing on the way.
	 */
	if (rename(src, t->tmp) == 0) {
		close(out);
		if ((out = open(t->tmp, O_RDWR | O_CLOEXEC)) < 0 ||
		    fstat(out, &st) != 0 || !S_ISREG(st.st_mode) ||
		    store_hash_fd(out, t->name, &t->size) != 0)
			goto out;
	} else {
		if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
			log_err("store: open %s: %s", src, strerror(errno));
			goto out;
		}
		if ((md = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
		    store_copy(in, out, md, src) != 0 ||
		    EVP_DigestFinal_ex(md, h, &hsz) != 1 || hsz != TOKEN_HASHSZ ||
		    fstat(out, &st) != 0)
			goto out;
		token_hex(h, hsz, t->name);
		t->size = st.st_size;
	}
	if (fchmod(out, 0640) != 0 || fsync(out) != 0) {
		log_err("store: flush %s: %s", t->tmp, strerror(errno));
		goto out;
	}
	ok = 1;
out:
	if (out >= 0 && close(out) != 0 && ok) {
		log_err("store: close %s: %s", t->tmp, strerror(errno));
		ok = 0;
	}
	if (in >= 0)
		close(in);
	EVP_MD_CTX_free(md);
	if (!ok) {
		store_abort(t);
		return SME_ESYS;
	}
	return SME_OK;
}

enum sme_err
store_commit(const char *dir, struct store_tmp *t, int *created)
{
	char	 sub[4096], dst[4096];
	int	 n;

	*created = 0;
	n = snprintf(sub, sizeof(sub), "%s/%.2s", dir, t->name);
	if (t->tmp[0] == '\0' || n < 0 || (size_t)n >= sizeof(sub) ||
	    store_mkdir(sub) != 0 ||
	    store_path(dir, t->name, dst, sizeof(dst)) != SME_OK) {
		store_abort(t);
		return SME_ESYS;
	}
	if (access(dst, F_OK) == 0) {
		store_abort(t);
		return SME_OK;
	}
	if (rename(t->tmp, dst) != 0) {
		log_err("store: rename to %s: %s", dst, strerror(errno));
		store_abort(t);
		return SME_ESYS;
	}
	t->tmp[0] = '\0';
	if (store_sync_dir(sub) != 0)
		return SME_ESYS;
	*created = 1;
	return SME_OK;
}

void
store_abort(struct store_tmp *t)
{
	if (t != NULL && t->tmp[0] != '\0') {
		unlink(t->tmp);
		t->tmp[0] = '\0';
	}
}

enum sme_err
store_remove(const char *dir, const char *name)
{
	char	 path[4096];

	if (store_path(dir, name, path, sizeof(path)) != SME_OK)
		return SME_EINPUT;
	if (unlink(path) != 0 && errno != ENOENT) {
		log_err("store: unlink %s: %s", path, strerror(errno));
		return SME_ESYS;
	}
	return SME_OK;
}

int
store_sweep(const char *dir, const char *prefix, long age_s)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	time_t		 before = time(NULL) - age_s;
	size_t		 plen = strlen(prefix);
	int		 n = 0, fd;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 0 : -1;
	fd = dirfd(d);
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, plen) != 0 ||
		    fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_mtime >= before)
			continue;
		if (unlinkat(fd, e->d_name, 0) == 0)
			n++;
		else
			log_warn("store: remove %s/%s: %s", dir, e->d_name,
			    strerror(errno));
	}
	closedir(d);
	if (n > 0)
		log_info("store: removed %d files %s* of more than %lds from %s",
		    n, prefix, age_s, dir);
	return n;
}
