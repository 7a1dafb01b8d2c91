/*
 * arena.c - bump allocation in blocks that are freed together. A block
 * is ARENA_BLOCK bytes, or one piece alone when it is larger than a
 * quarter of that. A thread keeps a block of the arena it freed
 * last for its next one: a worker's page after page, without handing the
 * memory back to the system and asking for it again each time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK	(32 * 1024)
#define ARENA_ALIGN	(sizeof(max_align_t))

struct arena_block {
	struct arena_block	*next;
	size_t			 used;
	size_t			 cap;
	max_align_t		 data[];
};

static _Thread_local struct arena_block *arena_spare;

struct arena {
	struct arena_block	*head;	/* the block pieces come from */
	struct arena_block	*big;	/* blocks of one large piece each */
};

static struct arena_block *
arena_block_new(size_t cap)
{
	struct arena_block	*b;

	if ((b = malloc(sizeof(*b) + cap)) == NULL)
		return NULL;
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena	*a;

	if ((a = malloc(sizeof(*a))) == NULL)
		return NULL;
	a->big = NULL;
	if ((a->head = arena_spare) != NULL) {
		arena_spare = NULL;
		a->head->used = 0;
	} else if ((a->head = arena_block_new(ARENA_BLOCK)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

static void
arena_blocks_free(struct arena_block *b)
{
	struct arena_block	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	/* Every block of head is ARENA_BLOCK bytes: keep one for the next arena. */
	if (arena_spare == NULL) {
		arena_spare = a->head;
		a->head = a->head->next;
		arena_spare->next = NULL;
	}
	arena_blocks_free(a->head);
	arena_blocks_free(a->big);
	free(a);
}

void *
arena_alloc(struct arena *a, size_t sz)
{
	struct arena_block	*b = a->head;
	size_t			 need;

	if (sz > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	need = (sz + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (need > ARENA_BLOCK / 4) {
		if ((b = arena_block_new(need)) == NULL)
			return NULL;
		b->next = a->big;
		a->big = b;
		b->used = need;
		return b->data;
	}
	if (b->cap - b->used < need) {
		if ((b = arena_block_new(ARENA_BLOCK)) == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
	}
	b->used += need;
	return (char *)b->data + b->used - need;
}

char *
arena_strndup(struct arena *a, const char *s, size_t sz)
{
	char	*p;

	if (sz == SIZE_MAX || (p = arena_alloc(a, sz + 1)) == NULL)
		return NULL;
	memcpy(p, s, sz);
	p[sz] = '\0';
	return p;
}
