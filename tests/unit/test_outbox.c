/*
 * test_outbox.c - outbox.[ch]: the retry delay starts at the minimum,
 * doubles with each attempt and stops at the maximum (no database); and,
 * against the MariaDB of tools/up (unitdb.h), dispatchers claiming at the
 * same time from their own connections never get one message both: each
 * message claimed is its claimer's in the table, its attempt counted once.
 * (The stack's own sme-smsd may take some of them meanwhile, as a third
 * dispatcher: what it takes is in no batch here.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "config.h"
#include "db.h"
#include "outbox.h"
#include "sms.h"
#include "unitdb.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	long		 min_s, max_s;
	long long	 attempts;
	long		 want;
} backoffs[] = {
	{ 30, 600, 1, 30 }, { 30, 600, 2, 60 }, { 30, 600, 3, 120 },
	{ 30, 600, 5, 480 }, { 30, 600, 6, 600 }, { 30, 600, 1000000, 600 },
	{ 1, 2, 1, 1 }, { 1, 2, 2, 2 }, { 1, 2, 3, 2 },
	{ 0, 10, 1, 1 },		/* never less than a second */
	{ 30, 600, 0, 30 },
	{ 100, 50, 1, 50 },		/* the maximum wins */
};

START_TEST(outbox_backoff_doubles_up_to_the_maximum)
{
	ck_assert_int_eq(outbox_backoff(backoffs[_i].min_s, backoffs[_i].max_s,
	    backoffs[_i].attempts), backoffs[_i].want);
}
END_TEST

/* ---- against the database --------------------------------------------- */

#define CLAIMERS	3
#define MESSAGES	40
#define IDS_MAX		1000	/* ids a claimer reports at most */

static struct config	*cfg;
static struct db	*db;

static const char SQL_MINE[] =
    "SELECT COUNT(*) FROM sms_outbox WHERE id = ? AND claimed_by = ?"
    " AND status = 'sending'";
static const char SQL_ATTEMPTS[] =
    "SELECT attempts FROM sms_outbox WHERE id = ? AND to_mobile = ?";
/* Ours first in the claims' order (due_at, id), before other tests' messages. */
static const char SQL_FIRST[] =
    "UPDATE sms_outbox SET due_at = '2001-01-01' WHERE to_mobile = ? AND kind = 'unit_test'";
static const char SQL_UNCLAIMED[] =
    "SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ? AND kind = 'unit_test'"
    " AND attempts = 0";
static const char SQL_NOT_ONCE[] =
    "SELECT COUNT(*) FROM sms_outbox WHERE to_mobile = ? AND kind = 'unit_test'"
    " AND attempts <> 1";
static const char SQL_DROP[] =
    "DELETE FROM sms_outbox WHERE to_mobile = ? AND kind = 'unit_test'";

/*
 * A dispatcher k in a child process: its own connection, wait for go, then
 * (connected already) claim two at a time while what it gets is for mobile
 * (the test's messages come first), writing each id claimed to out, with
 * a pause between claims as a dispatcher sending them would have.
 */
static void
claimer(int k, const char *mobile, int go, int out)
{
	struct outbox_batch	 b;
	struct db		*d;
	struct db_res		*res;
	char			 me[32], c;
	size_t			 i, mine;

	snprintf(me, sizeof(me), "unit-test:%d", k);
	if (db_open(cfg, &d) != SME_OK || db_query(d, "SELECT 1", NULL, 0, &res) != SME_OK)
		_exit(2);
	db_res_free(res);
	if (read(go, &c, 1) < 0)
		_exit(3);
	do {
		if (outbox_claim(d, me, 2, 5, &b) != SME_OK)
			_exit(4);
		for (i = mine = 0; i < b.n; i++) {
			if (write(out, &b.v[i].id, sizeof(b.v[i].id)) != sizeof(b.v[i].id))
				_exit(5);
			mine += strcmp(b.v[i].to, mobile) == 0;
		}
		outbox_batch_free(&b);
		/* Sending takes a while: the others claim meanwhile. */
		usleep(5 * 1000);
	} while (mine > 0);
	db_close(d);
	_exit(0);
}

/*
 * One round: MESSAGES messages appear at once and CLAIMERS dispatchers
 * claim them (sme-smsd of the stack too, maybe: then it is one more); what
 * each got is checked, and every message was claimed once. Returns how
 * many dispatchers got some of them.
 */
static size_t
claim_round(void)
{
	static long long	 ids[CLAIMERS][IDS_MAX];
	size_t			 n[CLAIMERS] = { 0 }, ours, all = 0, i, j, k, m, got = 0;
	int			 go[2], out[CLAIMERS][2], status;
	pid_t			 pid[CLAIMERS];
	char			 mobile[12], me[32];
	ssize_t			 r;

	unitdb_mobile(mobile, sizeof(mobile));
	ck_assert_int_eq(pipe(go), 0);
	for (k = 0; k < CLAIMERS; k++) {
		ck_assert_int_eq(pipe(out[k]), 0);
		if ((pid[k] = fork()) == 0) {
			close(go[1]);
			close(out[k][0]);
			claimer((int)k, mobile, go[0], out[k][1]);
		}
		ck_assert_int_gt(pid[k], 0);
		close(out[k][1]);
	}
	close(go[0]);
	/* The messages appear at once (one commit), and the claimers go. */
	ck_assert_int_eq(db_begin(db), SME_OK);
	for (i = 0; i < MESSAGES; i++)
		ck_assert_int_eq(sms_enqueue(db, cfg, mobile, "unit_test",
		    "【单元测试】并行领取"), SME_OK);
	struct db_param mp[] = { DB_STR(mobile) };
	ck_assert_int_eq(db_exec(db, SQL_FIRST, mp, 1, NULL, NULL), SME_OK);
	ck_assert_int_eq(db_commit(db), SME_OK);
	close(go[1]);	/* every claimer's read returns */
	for (k = 0; k < CLAIMERS; k++) {
		while ((r = read(out[k][0], &ids[k][n[k]], sizeof(ids[k][0]))) ==
		    sizeof(ids[k][0]) && n[k] < IDS_MAX - 1)
			n[k]++;
		close(out[k][0]);
		ck_assert_int_eq(waitpid(pid[k], &status, 0), pid[k]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "claimer %zu ended with status %d", k, status);
	}
	for (k = 0; k < CLAIMERS; k++) {
		snprintf(me, sizeof(me), "unit-test:%zu", k);
		for (i = ours = 0; i < n[k]; i++) {
			/* No other claimer got it... */
			for (j = k + 1; j < CLAIMERS; j++)
				for (m = 0; m < n[j]; m++)
					ck_assert_int_ne(ids[k][i], ids[j][m]);
			for (m = i + 1; m < n[k]; m++)
				ck_assert_int_ne(ids[k][i], ids[k][m]);
			/* ...it is k's in the table, and one of ours was tried once. */
			struct db_param p[] = { DB_INT(ids[k][i]), DB_STR(me) };
			struct db_param q[] = { DB_INT(ids[k][i]), DB_STR(mobile) };
			ck_assert_int_eq(unitdb_int(db, SQL_MINE, p, 2), 1);
			switch (unitdb_int(db, SQL_ATTEMPTS, q, 2)) {
			case -1:	/* another test's message: give it back */
				ck_assert_int_eq(outbox_release(db, me, ids[k][i]), SME_OK);
				break;
			case 1:
				ours++;
				break;
			default:
				ck_abort_msg("message %lld counted twice", ids[k][i]);
			}
		}
		got += ours > 0;
		all += ours;
	}
	/*
	 * Each claimed once, whoever claimed it: those a claimer's batch
	 * skipped while sme-smsd held them, or left, are sme-smsd's in time.
	 */
	struct db_param d[] = { DB_STR(mobile) };
	for (i = 0; i < 200 && unitdb_int(db, SQL_UNCLAIMED, d, 1) > 0; i++)
		usleep(50 * 1000);
	ck_assert_int_eq(unitdb_int(db, SQL_NOT_ONCE, d, 1), 0);
	got += all < MESSAGES;	/* sme-smsd had the others */
	ck_assert_int_eq(db_exec(db, SQL_DROP, d, 1, NULL, NULL), SME_OK);
	return got;
}

/* Until two dispatchers have got some of the messages in one round (at most 5). */
START_TEST(outbox_claim_in_parallel_hands_each_message_to_one_dispatcher)
{
	int	 round;

	for (round = 0; round < 5; round++)
		if (claim_round() >= 2)
			return;
	ck_abort_msg("in 5 rounds no two dispatchers got messages at the same time");
}
END_TEST

static Suite *
outbox_suite(void)
{
	Suite	*s = suite_create("outbox");
	TCase	*tc = tcase_create("backoff");

	tcase_add_loop_test(tc, outbox_backoff_doubles_up_to_the_maximum, 0,
	    NELEM(backoffs));
	suite_add_tcase(s, tc);
	if (unitdb_open("test_outbox", &cfg, &db)) {
		tc = unitdb_tcase();
		tcase_add_test(tc, outbox_claim_in_parallel_hands_each_message_to_one_dispatcher);
		suite_add_tcase(s, tc);
	}
	return s;
}

int
main(void)
{
	Suite	*s = outbox_suite();

	return unitdb_main(s, cfg, db);
}
