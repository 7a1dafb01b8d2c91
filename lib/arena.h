/*
 * arena.h - memory handed out in pieces from a few large blocks and freed
 * all at once: the values of one page (lib/tmpl.c), which are many, small
 * and die together at the end of the request.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena;

/* An empty arena, or NULL; free with arena_free(), which accepts NULL. */
struct arena	*arena_new(void);
void		 arena_free(struct arena *a);

/*
 * sz bytes aligned for any type, or NULL on ENOMEM. Owned by the arena:
 * never freed one by one, gone with arena_free().
 */
void		*arena_alloc(struct arena *a, size_t sz);

/* A copy of the sz bytes at s with a NUL after them, or NULL on ENOMEM. */
char		*arena_strndup(struct arena *a, const char *s, size_t sz);

#endif
