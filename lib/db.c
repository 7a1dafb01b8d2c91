/*
 * db.c - prepared statements over one MariaDB/MySQL connection a worker.
 * Statements are prepared on first use and kept (by the address of their
 * SQL constant) until the connection is lost; then the next call
 * reconnects, so a restarted server is picked up without restarting the
 * handlers.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "config.h"
#include "db.h"
#include "log.h"

#define DB_STMT_MAX	256	/* distinct statements cached a connection */
#define DB_STMT_SLOTS	512	/* hash slots (a power of two, twice the maximum) */
#define DB_PARAM_MAX	64

/*
 * A cached statement, found by the address of its SQL constant (not its
 * text): a hash of the pointer, then linear probing.
 */
struct db_stmt {
	const char	*sql;	/* borrowed: the caller's string constant; NULL: free slot */
	MYSQL_STMT	*st;
};

struct db {
	const struct config *cfg;	/* borrowed */
	MYSQL		*my;		/* NULL while disconnected */
	struct db_stmt	 stmts[DB_STMT_SLOTS];
	size_t		 nstmts;	/* slots in use */
	MYSQL_STMT	*uncached;	/* the last statement run, when the cache was full */
	int		 in_tx;		/* inside db_begin .. commit/rollback */
	unsigned	 last_errno;
};

enum sme_err
db_open(const struct config *cfg, struct db **out)
{
	if ((*out = calloc(1, sizeof(struct db))) == NULL)
		return SME_ENOMEM;
	(*out)->cfg = cfg;
	return SME_OK;
}

/* Close the statement run without a cache slot, if any. */
static void
db_uncached_close(struct db *db)
{
	if (db->uncached != NULL)
		mysql_stmt_close(db->uncached);
	db->uncached = NULL;
}

/* Drop the connection and every cached statement. */
static void
db_disconnect(struct db *db)
{
	size_t	 i;

	for (i = 0; i < DB_STMT_SLOTS; i++) {
		if (db->stmts[i].sql != NULL)
			mysql_stmt_close(db->stmts[i].st);
		db->stmts[i].sql = NULL;
		db->stmts[i].st = NULL;
	}
	db->nstmts = 0;
	db_uncached_close(db);
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->in_tx = 0;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

/* 1 if err means the connection is gone rather than the statement bad. */
static int
db_gone(unsigned err)
{
	return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
	    err == CR_CONNECTION_ERROR || err == CR_CONN_HOST_ERROR ||
	    err == CR_COMMANDS_OUT_OF_SYNC || err == ER_CONNECTION_KILLED ||
	    err == ER_SERVER_SHUTDOWN;
}

/*
 * One connection attempt to host:port (host NULL: db_host/db_socket of
 * the configuration); SME_OK with db->my set, else SME_EDBDOWN (logged).
 */
static enum sme_err
db_connect_one(struct db *db, const char *host, unsigned port,
    const char *sock)
{
	const struct config *c = db->cfg;
	unsigned	 tmo = (unsigned)config_num(c, "db_connect_timeout_s");
	unsigned	 rwtmo = (unsigned)config_num(c, "db_rw_timeout_s");
	my_bool		 on = 1;

	if ((db->my = mysql_init(NULL)) == NULL)
		return SME_ENOMEM;
	mysql_options(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &tmo);
	mysql_options(db->my, MYSQL_OPT_READ_TIMEOUT, &rwtmo);
	mysql_options(db->my, MYSQL_OPT_WRITE_TIMEOUT, &rwtmo);
	mysql_options(db->my, MYSQL_REPORT_DATA_TRUNCATION, &on);
	mysql_options(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* Times are stored and compared in UTC (ARCHITECTURE.md, Database). */
	mysql_options(db->my, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	if (mysql_real_connect(db->my, host, config_text(c, "db_user"),
	    config_str(c, "db_password", NULL), config_text(c, "db_name"),
	    port, sock, 0) == NULL) {
		db->last_errno = mysql_errno(db->my);
		if (host != NULL && port != 0)
			log_err("db connect %s:%u: %s", host, port,
			    mysql_error(db->my));
		else
			log_err("db connect %s: %s", host ? host :
			    (sock ? sock : ""), mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
		return SME_EDBDOWN;
	}
	return SME_OK;
}

/*
 * db_hosts = "h1:3306, h2:3306, h3": the servers of a Galera cluster tried
 * in order (the first that answers and is ready takes the writes; no
 * proxy needed). A node that accepts connections but is not part of the
 * primary component answers 1047 to any query: the probe skips it.
 */
static enum sme_err
db_connect_list(struct db *db, const char *list)
{
	char		 buf[1024], *save = NULL, *h, *colon;
	unsigned	 port;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", list) >= sizeof(buf))
		return SME_EINPUT;
	for (h = strtok_r(buf, ", \t", &save); h != NULL;
	    h = strtok_r(NULL, ", \t", &save)) {
		port = 3306;
		if ((colon = strrchr(h, ':')) != NULL) {
			*colon = '\0';
			port = (unsigned)strtoul(colon + 1, NULL, 10);
		}
		if (db_connect_one(db, h, port, NULL) != SME_OK)
			continue;
		/*
		 * A liveness probe of a fresh connection, by mysql_query: a
		 * constant with no parameter (nothing from outside can reach
		 * it), and preparing it would cost a round trip per host tried.
		 */
		if (mysql_query(db->my, "SELECT 1") == 0) {
			mysql_free_result(mysql_store_result(db->my));
			return SME_OK;
		}
		db->last_errno = mysql_errno(db->my);
		log_warn("db %s:%u not ready: %s", h, port, mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
	}
	return SME_EDBDOWN;
}

/*
 * 1 if the server (or a proxy before it) has closed the connection my:
 * its end is shut (FIN), as when the server was killed or HAProxy failed
 * over to another node. A statement sent on it would be written fine and
 * then lost (2013) with no way to know it never ran; found before
 * sending, the connection is replaced. One poll(2), no round trip.
 */
static int
db_peer_closed(MYSQL *my)
{
	struct pollfd	 p;

	memset(&p, 0, sizeof(p));
	p.fd = (int)mysql_get_socket(my);
	p.events = POLLRDHUP;
	return p.fd >= 0 && poll(&p, 1, 0) == 1 &&
	    (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

/*
 * Connect if not connected, or if the connection is known closed outside
 * a transaction (whose work would be gone with it: that is the caller's
 * error to see). SME_EDBDOWN if the server can't be reached.
 */
static enum sme_err
db_connect(struct db *db)
{
	const struct config *c = db->cfg;
	const char	*list = config_str(c, "db_hosts", NULL);

	if (db->my != NULL && !db->in_tx && db_peer_closed(db->my)) {
		log_warn("db: the server closed the connection; reconnecting");
		db_disconnect(db);
	}
	if (db->my != NULL)
		return SME_OK;
	if (list != NULL && *list != '\0')
		return db_connect_list(db, list);
	return db_connect_one(db, config_str(c, "db_host", NULL),
	    (unsigned)config_num(c, "db_port"),
	    config_str(c, "db_socket", NULL));
}

/* The hash slot of sql: where it is, or the free slot where it goes. */
static size_t
db_stmt_slot(const struct db *db, const char *sql)
{
	uintptr_t	 h = (uintptr_t)sql;
	size_t		 i;

	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ull;
	i = (size_t)(h >> 7) & (DB_STMT_SLOTS - 1);
	while (db->stmts[i].sql != NULL && db->stmts[i].sql != sql)
		i = (i + 1) & (DB_STMT_SLOTS - 1);
	return i;
}

/*
 * The cached statement for sql, prepared now if new; NULL on failure.
 * Once the cache is full a new statement is kept as db->uncached and
 * closed by the next call (or the disconnect), so none leaks.
 */
static MYSQL_STMT *
db_stmt(struct db *db, const char *sql)
{
	MYSQL_STMT	*st;
	size_t		 i = db_stmt_slot(db, sql);

	db_uncached_close(db);
	if (db->stmts[i].sql != NULL)
		return db->stmts[i].st;
	if ((st = mysql_stmt_init(db->my)) == NULL)
		return NULL;
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		db->last_errno = mysql_stmt_errno(st);
		log_err("db prepare: %s: %.80s", mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return NULL;
	}
	if (db->nstmts < DB_STMT_MAX) {
		db->stmts[i].sql = sql;
		db->stmts[i].st = st;
		db->nstmts++;
	} else {
		log_warn("db: statement cache full; raise DB_STMT_MAX");
		db->uncached = st;
	}
	return st;
}

/* Map the error of st (or the connection) and drop a dead connection. */
static enum sme_err
db_fail(struct db *db, MYSQL_STMT *st, const char *what)
{
	unsigned	 err = st ? mysql_stmt_errno(st) :
			    db->my ? mysql_errno(db->my) : 0;

	/* A failed prepare left its number in last_errno (db_stmt). */
	if (err == 0)
		err = db->last_errno;
	db->last_errno = err;
	log_err("db %s: %u %s", what, err,
	    st ? mysql_stmt_error(st) : (db->my ? mysql_error(db->my) : ""));
	if (db_gone(err)) {
		db_disconnect(db);
		return SME_EDBDOWN;
	}
	if (err == ER_DUP_ENTRY)
		return SME_ECONFLICT;
	return SME_EDB;
}

/* Bind np parameters to st; SME_EINPUT if the counts disagree. */
static enum sme_err
db_bind(MYSQL_STMT *st, const struct db_param *p, size_t np, MYSQL_BIND *b,
    unsigned long *lens)
{
	size_t	 i;

	if (np > DB_PARAM_MAX || mysql_stmt_param_count(st) != np)
		return SME_EINPUT;
	memset(b, 0, np * sizeof(*b));
	for (i = 0; i < np; i++) {
		switch (p[i].type) {
		case DB_P_STR:
			lens[i] = p[i].sz;
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)p[i].s;
			b[i].buffer_length = p[i].sz;
			b[i].length = &lens[i];
			break;
		case DB_P_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&p[i].i;
			break;
		default:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		}
	}
	return mysql_stmt_bind_param(st, b) == 0 ? SME_OK : SME_EDB;
}

/*
 * Prepare (from cache), bind and execute sql. A connection found dead
 * before anything was sent is reconnected and the statement tried once
 * more, since nothing of it ran.
 */
static enum sme_err
db_run(struct db *db, const char *sql, const struct db_param *p, size_t np,
    MYSQL_STMT **out)
{
	MYSQL_BIND	 b[DB_PARAM_MAX];
	unsigned long	 lens[DB_PARAM_MAX];
	MYSQL_STMT	*st;
	enum sme_err	 er;
	int		 attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		if ((er = db_connect(db)) != SME_OK)
			return er;
		if ((st = db_stmt(db, sql)) == NULL) {
			er = db_fail(db, NULL, "prepare");
			if (er == SME_EDBDOWN && !db->in_tx)
				continue;
			return er;
		}
		if ((er = db_bind(st, p, np, b, lens)) != SME_OK) {
			log_err("db bind: parameter count for %.80s", sql);
			return er;
		}
		if (mysql_stmt_execute(st) == 0) {
			*out = st;
			return SME_OK;
		}
		er = db_fail(db, st, "execute");
		if (er != SME_EDBDOWN || db->in_tx ||
		    db->last_errno != CR_SERVER_GONE_ERROR)
			return er;
	}
	return er;
}

/* Allocate the result of n rows of ncols; NULL on failure. */
static struct db_res *
db_res_new(size_t nrows, size_t ncols)
{
	struct db_res	*res;

	if ((res = calloc(1, sizeof(*res))) == NULL)
		return NULL;
	res->nrows = nrows;
	res->ncols = ncols;
	if (nrows * ncols == 0)
		return res;
	res->cells = calloc(nrows * ncols, sizeof(char *));
	res->lens = calloc(nrows * ncols, sizeof(size_t));
	if (res->cells == NULL || res->lens == NULL) {
		db_res_free(res);
		return NULL;
	}
	return res;
}

/* Copy the current row of st, bound to b, into row r of res. */
static enum sme_err
db_res_row(MYSQL_STMT *st, MYSQL_BIND *b, unsigned long *lens,
    my_bool *nulls, struct db_res *res, size_t r)
{
	size_t		 c, k;
	MYSQL_BIND	 one;

	for (c = 0; c < res->ncols; c++) {
		k = r * res->ncols + c;
		if (nulls[c])
			continue;
		if ((res->cells[k] = malloc(lens[c] + 1)) == NULL)
			return SME_ENOMEM;
		res->lens[k] = lens[c];
		if (lens[c] <= b[c].buffer_length) {
			memcpy(res->cells[k], b[c].buffer, lens[c]);
		} else {
			/* Longer than its bound buffer: fetch it whole. */
			memset(&one, 0, sizeof(one));
			one.buffer_type = MYSQL_TYPE_STRING;
			one.buffer = res->cells[k];
			one.buffer_length = lens[c];
			if (mysql_stmt_fetch_column(st, &one, (unsigned)c, 0) != 0)
				return SME_EDB;
		}
		res->cells[k][lens[c]] = '\0';
	}
	return SME_OK;
}

/* Read every row of the executed statement st into *out. */
static enum sme_err
db_fetch_all(MYSQL_STMT *st, struct db_res **out)
{
	MYSQL_RES	*meta;
	MYSQL_BIND	*b = NULL;
	unsigned long	*lens = NULL;
	my_bool		*nulls = NULL;
	char		*bufs = NULL;
	size_t		 c, r, ncols;
	enum sme_err	 er = SME_ENOMEM;
	int		 rc;

	*out = NULL;
	if (mysql_stmt_store_result(st) != 0)
		return SME_EDB;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL) {
		mysql_stmt_free_result(st);
		return SME_EDB;
	}
	ncols = mysql_num_fields(meta);
	mysql_free_result(meta);
	b = calloc(ncols ? ncols : 1, sizeof(*b));
	lens = calloc(ncols ? ncols : 1, sizeof(*lens));
	nulls = calloc(ncols ? ncols : 1, sizeof(*nulls));
	bufs = malloc((ncols ? ncols : 1) * 256);
	if (b == NULL || lens == NULL || nulls == NULL || bufs == NULL ||
	    (*out = db_res_new(mysql_stmt_num_rows(st), ncols)) == NULL)
		goto out;
	for (c = 0; c < ncols; c++) {
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer = bufs + c * 256;
		b[c].buffer_length = 255;
		b[c].length = &lens[c];
		b[c].is_null = &nulls[c];
	}
	er = SME_EDB;
	if (ncols > 0 && mysql_stmt_bind_result(st, b) != 0)
		goto out;
	for (r = 0; r < (*out)->nrows; r++) {
		rc = mysql_stmt_fetch(st);
		if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
			goto out;
		if ((er = db_res_row(st, b, lens, nulls, *out, r)) != SME_OK)
			goto out;
		er = SME_EDB;
	}
	er = SME_OK;
out:
	mysql_stmt_free_result(st);
	free(b);
	free(lens);
	free(nulls);
	free(bufs);
	if (er != SME_OK) {
		db_res_free(*out);
		*out = NULL;
	}
	return er;
}

enum sme_err
db_query(struct db *db, const char *sql, const struct db_param *p, size_t np,
    struct db_res **out)
{
	MYSQL_STMT	*st;
	enum sme_err	 er;

	*out = NULL;
	if ((er = db_run(db, sql, p, np, &st)) != SME_OK)
		return er;
	if ((er = db_fetch_all(st, out)) != SME_OK)
		return db_fail(db, st, "fetch");
	db_uncached_close(db);
	return SME_OK;
}

enum sme_err
db_exec(struct db *db, const char *sql, const struct db_param *p, size_t np,
    unsigned long long *affected, unsigned long long *insert_id)
{
	MYSQL_STMT	*st;
	enum sme_err	 er;

	if ((er = db_run(db, sql, p, np, &st)) != SME_OK)
		return er;
	if (affected != NULL)
		*affected = mysql_stmt_affected_rows(st);
	if (insert_id != NULL)
		*insert_id = mysql_stmt_insert_id(st);
	db_uncached_close(db);
	return SME_OK;
}

enum sme_err
db_questions(struct db *db, long long *out)
{
	static const char	 sql[] = "SELECT VARIABLE_VALUE FROM"
	    " information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'";
	struct db_res		*res;
	enum sme_err		 er;

	*out = -1;
	if ((er = db_query(db, sql, NULL, 0, &res)) != SME_OK)
		return er;
	*out = db_res_int(res, 0, 0, -1);
	db_res_free(res);
	return SME_OK;
}

enum sme_err
db_begin(struct db *db)
{
	enum sme_err	 er = SME_OK;
	int		 attempt;

	/*
	 * A connection found dead here (the server restarted since this
	 * worker last used it) is replaced once: nothing has run yet.
	 */
	for (attempt = 0; attempt < 2; attempt++) {
		if ((er = db_connect(db)) != SME_OK)
			return er;
		if (mysql_autocommit(db->my, 0) == 0) {
			db->in_tx = 1;
			return SME_OK;
		}
		if ((er = db_fail(db, NULL, "begin")) != SME_EDBDOWN)
			return er;
	}
	return er;
}

enum sme_err
db_commit(struct db *db)
{
	enum sme_err	 er = SME_OK;

	if (db->my == NULL)
		return SME_EDBDOWN;
	if (mysql_commit(db->my) != 0)
		er = db_fail(db, NULL, "commit");
	if (db->my != NULL)
		mysql_autocommit(db->my, 1);
	db->in_tx = 0;
	return er;
}

void
db_rollback(struct db *db)
{
	if (db->my != NULL) {
		mysql_rollback(db->my);
		mysql_autocommit(db->my, 1);
	}
	db->in_tx = 0;
}

int
db_in_tx(const struct db *db)
{
	return db != NULL && db->in_tx;
}

unsigned
db_errno(const struct db *db)
{
	return db->last_errno;
}

int
db_retryable(unsigned err)
{
	/* ER_UNKNOWN_COM_ERROR is what a WSREP node answers while not synced. */
	return err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT ||
	    err == ER_UNKNOWN_COM_ERROR;
}

unsigned
db_tx_backoff_ms(int attempt, unsigned rnd)
{
	unsigned	 base;

	/* 5, 10, 20, 40 ms, each plus up to as much again at random. */
	if (attempt < 1)
		attempt = 1;
	base = 5u << (attempt > 4 ? 3 : attempt - 1);
	return base + rnd % (base + 1);
}

/* A number that differs between workers and moments, for the jitter. */
static unsigned
db_jitter(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((unsigned)ts.tv_nsec ^ ((unsigned)getpid() * 2654435761u)) >> 3;
}

/* Sleep ms milliseconds (signals do not cut it short). */
static void
db_sleep_ms(unsigned ms)
{
	struct timespec	 ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/*
 * Begin a transaction at READ COMMITTED: SET TRANSACTION (without SESSION)
 * applies to the next transaction only, which the first statement of fn
 * starts.
 */
static enum sme_err
db_tx_begin(struct db *db)
{
	enum sme_err	 er;

	if ((er = db_begin(db)) != SME_OK)
		return er;
	/*
	 * A constant session statement with no parameter, by mysql_query:
	 * nothing from outside reaches it, and it needs no statement slot of
	 * the cache on every transaction (the prepared-only rule is for
	 * statements that carry values).
	 */
	if (mysql_query(db->my, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED") != 0) {
		er = db_fail(db, NULL, "isolation");
		db_rollback(db);
		return er;
	}
	return SME_OK;
}

enum sme_err
db_tx_run(struct db *db, db_tx_fn fn, void *arg)
{
	enum sme_err	 er;
	int		 attempt;

	for (attempt = 1; ; attempt++) {
		db->last_errno = 0;
		if ((er = db_tx_begin(db)) == SME_OK) {
			if ((er = fn(db, arg)) != SME_OK)
				db_rollback(db);
			else if ((er = db_commit(db)) == SME_OK)
				return SME_OK;
			else if (er == SME_EDBDOWN)
				return er;	/* committed or not: nobody knows */
			else
				db_rollback(db);	/* refused: nothing was kept */
		}
		if (er != SME_EDB || !db_retryable(db->last_errno) ||
		    attempt >= DB_TX_TRIES)
			return er;
		log_warn("db: transaction run %d ended in %u; running it again",
		    attempt, db->last_errno);
		db_sleep_ms(db_tx_backoff_ms(attempt, db_jitter()));
	}
}

const char *
db_res_get(const struct db_res *res, size_t row, size_t col)
{
	if (res == NULL || row >= res->nrows || col >= res->ncols)
		return NULL;
	return res->cells[row * res->ncols + col];
}

long long
db_res_int(const struct db_res *res, size_t row, size_t col, long long def)
{
	const char	*s = db_res_get(res, row, col);
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtoll(s, &end, 10);
	return *end == '\0' ? v : def;
}

int
db_res_is(const struct db_res *res, size_t row, size_t col, const char *s)
{
	const char	*v = db_res_get(res, row, col);

	return v != NULL && s != NULL && strcmp(v, s) == 0;
}

void
db_res_free(struct db_res *res)
{
	size_t	 i;

	if (res == NULL)
		return;
	for (i = 0; res->cells != NULL && i < res->nrows * res->ncols; i++)
		free(res->cells[i]);
	free(res->cells);
	free(res->lens);
	free(res);
}
