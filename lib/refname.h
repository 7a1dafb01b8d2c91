/*
 * refname.h - the names of the coded values a filing holds, for every page
 * and export a person reads: a GB/T 4754 小类 code (table industry), a
 * cluster id (table cluster), chain ids (table chain), a choice of the form.
 * The tables are loaded once per worker.
 */
#ifndef REFNAME_H
#define REFNAME_H

#include <stddef.h>
#include "sme.h"

struct db;
struct form_field;

/* A row of table cluster or chain. */
struct refname_item {
	char	*id;
	char	*name;
	char	*parent;	/* a chain's cluster id (chain.cluster_id), a county's city code; else NULL */
};

/* Load industry, cluster and chain once per process (later calls return at once). */
enum sme_err	 refname_load(struct db *db);

/*
 * Load the clusters and the counties of Jiangsu (table region) once per
 * process, without the industry tree: for pages that only offer them as
 * choices (the review queue's filters).
 */
enum sme_err	 refname_region_load(struct db *db);

/* Counties in code order (refname_region_load first); *n rows. Borrowed. */
const struct refname_item *refname_counties(size_t *n);

/* The name of cluster id, or NULL. Borrowed. */
const char	*refname_cluster(const char *id);

/* The name of chain id, or NULL. Borrowed. */
const char	*refname_chain(const char *id);

/* The name of the chain whose id is the first len bytes of id, or NULL. Borrowed. */
const char	*refname_chain_n(const char *id, size_t len);

/*
 * 1 if the chain whose id is the first len bytes of id exists and belongs
 * to cluster (seed 004: 核心软件 offers 信息技术应用创新 and 工业软件);
 * any chain belongs when cluster is NULL or "" (none chosen).
 */
int		 refname_chain_in_cluster(const char *id, size_t len, const char *cluster);

/* All clusters, all chains, in id order (refname_load first); *n rows. Borrowed. */
const struct refname_item *refname_clusters(size_t *n);
const struct refname_item *refname_chains(size_t *n);

/*
 * value of field f as a person reads it, into buf: an industry code as
 * "name（code）", a cluster by its name, chain ids as their names joined
 * by "、", a choice by its label; other values as they are. An unknown
 * code is kept as it is. Returns buf.
 */
const char	*refname_value(const struct form_field *f, const char *value,
		    char *buf, size_t bufsz);

#endif
