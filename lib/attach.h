/*
 * attach.h - attachment rows of filings: list a filing's files, add a
 * stored upload with its row in one step, delete a row (and the bytes when
 * nothing refers to them), and the required slots still empty.
 */
#ifndef ATTACH_H
#define ATTACH_H

#include <stddef.h>
#include "sme.h"
#include "store.h"

struct db;

#define ATTACH_NAME_MAX		200	/* characters of a display name */
#define ATTACH_MISSING_MAX	32	/* labels attach_missing() returns */

struct attach {
	long long	 id;
	long long	 filing_id;
	long long	 enterprise_id;
	char		 slot[33];
	char		*name;		/* cleaned display name (owned) */
	long long	 size;		/* bytes */
	char		 type[9];	/* jpg, png, pdf, doc, docx, xls, xlsx, rar */
	char		 sha256[STORE_NAME_LEN + 1];
	char		 created_at[20];	/* "YYYY-MM-DD HH:MM:SS" UTC */
};

struct attach_list {
	struct attach	*v;
	size_t		 n;
};

/* Limits on what an enterprise stores (0: none); configuration, see sme-upload. */
struct attach_quota {
	long long	 slot_files;	/* files in one slot of a filing */
	long long	 filing_bytes;	/* bytes of all a filing's files */
	long long	 year_bytes;	/* bytes an enterprise uploads in a calendar year (UTC) */
};

/* What is stored so far: a filing's bytes, its enterprise's this year. */
struct attach_usage {
	long long	 filing_bytes;
	long long	 year_bytes;
};

/* What attach_add() stores. */
struct attach_new {
	long long	 filing_id;
	long long	 enterprise_id;
	const char	*slot;
	int		 multiple;	/* the slot takes several files */
	const char	*name;		/* already cleaned (attach_clean_name) */
	const char	*type;
	long long	 uploaded_by;	/* also the actor of the audit row */
	const char	*ip;		/* the uploader's address for the audit row, or NULL */
	const char	*path;		/* the accepted upload (may be moved) */
	struct attach_quota quota;	/* checked under the filing's lock */
};

/* Why attach_add() or attach_delete() answered SME_ECONFLICT. */
enum attach_conflict {
	ATTACH_CONFLICT_NONE,
	ATTACH_CONFLICT_STATE,	/* the filing is not draft or returned */
	ATTACH_CONFLICT_FULL,	/* a one-file slot has its file */
	ATTACH_CONFLICT_QUOTA_FILES,	/* the slot has quota.slot_files files */
	ATTACH_CONFLICT_QUOTA_FILING,	/* the filing would pass quota.filing_bytes */
	ATTACH_CONFLICT_QUOTA_YEAR,	/* the enterprise would pass quota.year_bytes */
	ATTACH_CONFLICT__MAX
};

/*
 * A display name from a client's file name: the part after the last / or
 * \, without control characters, at most ATTACH_NAME_MAX characters
 * (keeping the extension), whole UTF-8 characters; "附件" if nothing is
 * left. Never used on disk. out needs 4 * ATTACH_NAME_MAX + 1 bytes.
 */
void		 attach_clean_name(const char *in, char *out, size_t outsz);

/* Every attachment of filing_id by slot and upload order, into out (attach_list_free). */
enum sme_err	 attach_list(struct db *db, long long filing_id,
		    struct attach_list *out);
void		 attach_list_free(struct attach_list *l);

/* Attachment id into *out (attach_free), or *out NULL if there is none. */
enum sme_err	 attach_get(struct db *db, long long id, struct attach **out);
void		 attach_free(struct attach *a);

/*
 * Store a->path under storage_dir by its hash and insert its row, in one
 * transaction that locks the filing and the stored file's row: the filing
 * must be editable, a one-file slot empty, the slot, filing and yearly
 * quotas not reached with this file (else SME_ECONFLICT and *why).
 * On SME_OK *id is the new row, and its audit row (attachment_upload) was
 * written in the same transaction. On any failure neither the row nor a new
 * file remains (SME_ESYS: storage; SME_EDBDOWN...).
 */
enum sme_err	 attach_add(struct db *db, const char *storage_dir,
		    const struct attach_new *a, long long *id,
		    enum attach_conflict *why);

/*
 * The business licence enterprise_id gave at registration as the file of
 * slot (a one-file slot) of filing_id: a row referring to the same stored
 * bytes, nothing uploaded again. Under the filing's lock: editable and the
 * slot empty (else SME_ECONFLICT, *why); SME_EINPUT when the enterprise
 * has no stored licence. *id the new row.
 */
enum sme_err	 attach_reuse_licence(struct db *db, const char *storage_dir,
		    long long filing_id, long long enterprise_id, const char *slot,
		    long long uploaded_by, const char *ip, long long *id,
		    enum attach_conflict *why);

/* 1 (into *has) if enterprise_id has a licence stored from its registration. */
enum sme_err	 attach_has_licence(struct db *db, long long enterprise_id, int *has);

/* The bytes filing_id holds and enterprise_id uploaded this year, into *u. */
enum sme_err	 attach_usage(struct db *db, long long filing_id,
		    long long enterprise_id, struct attach_usage *u);

/*
 * Delete attachment id while its filing is editable (else SME_ECONFLICT,
 * *why), and its bytes once no attachment or licence refers to them; the
 * audit row (attachment_delete, by actor_id from ip) in the same transaction.
 */
enum sme_err	 attach_delete(struct db *db, const char *storage_dir,
		    long long id, long long actor_id, const char *ip,
		    enum attach_conflict *why);

/*
 * Delete every attachment of slot of filing_id (attach_delete each): the
 * scan of a table row the enterprise removed (lib/form.c, "patent-3").
 */
enum sme_err	 attach_delete_slot(struct db *db, const char *storage_dir,
		    long long filing_id, const char *slot, long long actor_id,
		    const char *ip);

/*
 * The zh-CN labels of the required slots of kind that filing_id has no
 * file in, at most ATTACH_MISSING_MAX into missing (each malloc'd; the
 * caller frees each), *nmissing of them. SME_EINPUT for an unknown kind.
 */
enum sme_err	 attach_missing(struct db *db, long long filing_id,
		    const char *kind, char **missing, size_t *nmissing);

#endif
