/*
 * db.h - MariaDB/MySQL access through prepared statements only. One
 * struct db a worker: one connection, its statements prepared once and
 * cached by the address of their SQL constant (so sql must be a string
 * constant, never a buffer), reconnection after the server comes back.
 */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <string.h>
#include "sme.h"

struct config;
struct db;

enum db_ptype { DB_P_NULL, DB_P_STR, DB_P_INT };

/* A statement parameter. s is borrowed for the duration of the call. */
struct db_param {
	enum db_ptype	 type;
	const char	*s;	/* DB_P_STR: bytes (need not be NUL-terminated) */
	size_t		 sz;	/* DB_P_STR: length of s */
	long long	 i;	/* DB_P_INT */
};

#define DB_STR(x)	((struct db_param){ DB_P_STR, (x), strlen(x), 0 })
#define DB_BIN(x, n)	((struct db_param){ DB_P_STR, (const char *)(x), (n), 0 })
#define DB_INT(x)	((struct db_param){ DB_P_INT, NULL, 0, (long long)(x) })
#define DB_NULL		((struct db_param){ DB_P_NULL, NULL, 0, 0 })
/* A string, or NULL when x is NULL or empty. */
#define DB_OPT(x)	(((x) != NULL && *(x) != '\0') ? DB_STR(x) : DB_NULL)

/* A whole result set, every cell as a NUL-terminated string. */
struct db_res {
	size_t	  nrows;
	size_t	  ncols;
	char	**cells;	/* nrows * ncols; NULL for SQL NULL */
	size_t	 *lens;		/* byte length of each cell */
};

/*
 * Make a handle for the connection settings in cfg (db_socket or
 * db_host/db_port, db_name, db_user, db_password). It connects lazily, so
 * a server that is down now is not an error here. The caller frees it with
 * db_close().
 */
enum sme_err	 db_open(const struct config *cfg, struct db **out);

/* Close the connection and free every statement; accepts NULL. */
void		 db_close(struct db *db);

/*
 * Run a statement that returns rows. sql should be a string constant: it
 * is the cache key. On SME_OK *out holds every row and the caller frees it
 * with db_res_free(); otherwise *out is NULL. SME_EDBDOWN when the server
 * cannot be reached (the handler answers 503).
 */
enum sme_err	 db_query(struct db *db, const char *sql,
		    const struct db_param *p, size_t np, struct db_res **out);

/*
 * Run a statement that returns no rows. affected and insert_id may be
 * NULL. A duplicate key gives SME_ECONFLICT.
 */
enum sme_err	 db_exec(struct db *db, const char *sql,
		    const struct db_param *p, size_t np,
		    unsigned long long *affected, unsigned long long *insert_id);

/* Transactions: begin, then commit or rollback (rollback never fails). */
enum sme_err	 db_begin(struct db *db);
enum sme_err	 db_commit(struct db *db);
void		 db_rollback(struct db *db);

/* 1 while a transaction is open (db_begin without commit or rollback). */
int		 db_in_tx(const struct db *db);

/* The body of a transaction: statements on db; arg is the caller's. */
typedef enum sme_err (*db_tx_fn)(struct db *db, void *arg);

#define DB_TX_TRIES	5	/* runs of a transaction before its error stands */

/*
 * Run fn as one transaction at READ COMMITTED (no gap locks: writers lock
 * the rows they depend on, the parent row first, e.g. the filing before
 * its sections): begin, fn, commit. When the server answers deadlock
 * (1213), lock wait timeout (1205) or "not ready" (1047, a Galera node
 * joining), everything is rolled back and fn runs again, up to DB_TX_TRIES
 * times with a short jittered pause; so fn must set its outputs afresh on
 * each run and do nothing outside the database. Any other error of fn
 * rolls back and is returned as is. A connection lost during COMMIT is
 * SME_EDBDOWN (503): the outcome is unknown and never reported as success.
 * Each statement reads the latest committed rows: a transaction that needs
 * several reads from one snapshot (an evaluation run) keeps db_begin's
 * REPEATABLE READ instead.
 */
enum sme_err	 db_tx_run(struct db *db, db_tx_fn fn, void *arg);

/* 1 if a server error number means "run the whole transaction again". */
int		 db_retryable(unsigned err);

/* The pause in milliseconds before run attempt + 1 (attempt >= 1), rnd any value. */
unsigned	 db_tx_backoff_ms(int attempt, unsigned rnd);

/*
 * The server's count of statements this connection has sent (its session
 * status Questions, this query included) into *out; -1 when not connected.
 * For counting the queries of one request (app.c, debug_query_count).
 */
enum sme_err	 db_questions(struct db *db, long long *out);

/* The server's number of the last failed call on db (0 if none). */
unsigned	 db_errno(const struct db *db);

/* The cell at row, col, or NULL (SQL NULL or out of range). Borrowed. */
const char	*db_res_get(const struct db_res *res, size_t row, size_t col);

/* The cell as an integer, or def if NULL or not a number. */
long long	 db_res_int(const struct db_res *res, size_t row, size_t col,
		    long long def);

/*
 * 1 if the cell at row, col is s; 0 when it differs, is SQL NULL or out of
 * range (or s is NULL): what strcmp on a cell that may be NULL would crash on.
 */
int		 db_res_is(const struct db_res *res, size_t row, size_t col,
		    const char *s);

void		 db_res_free(struct db_res *res);

#endif
