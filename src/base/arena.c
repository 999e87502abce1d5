#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define VT_ARENA_BLOCK (1u << 20)

struct vt_arena_block {
    vt_arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

void *vt_arena_alloc(vt_arena *a, size_t size)
{
    if (size > SIZE_MAX - 15u)
        return NULL; /* rounding up would wrap to a tiny block */
    size = (size + 15u) & ~(size_t)15u;
    if (size == 0)
        size = 16;
    vt_arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > VT_ARENA_BLOCK / 4 ? size : VT_ARENA_BLOCK;
        if (cap > SIZE_MAX - sizeof *b)
            return NULL;
        vt_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->size = cap;
        nb->used = 0;
        a->bytes_reserved += cap;
        /* A big private block goes behind the current one, so the small
         * allocations keep filling the block they were using. */
        if (b && cap != VT_ARENA_BLOCK) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->bytes_used += size;
    memset(p, 0, size);
    return p;
}

void *vt_arena_alloc_array(vt_arena *a, size_t count, size_t elem_size)
{
    if (elem_size && count > SIZE_MAX / elem_size)
        return NULL;
    return vt_arena_alloc(a, count * elem_size);
}

void vt_arena_free(vt_arena *a)
{
    vt_arena_block *b = a->head;
    while (b) {
        vt_arena_block *next = b->next;
        free(b);
        b = next;
    }
    memset(a, 0, sizeof *a);
}
