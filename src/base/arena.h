/* arena: memory grouped by lifetime (Quake's hunk). Everything a loaded scan
 * owns comes from one arena and is freed at once with vt_arena_free, so no
 * piece can leak or dangle on its own. Bytes are counted per arena so a debug
 * overlay or a benchmark can print them. Not thread-safe. */
#ifndef VT_ARENA_H
#define VT_ARENA_H

#include <stddef.h>

typedef struct vt_arena_block vt_arena_block;

typedef struct vt_arena {
    vt_arena_block *head;
    size_t bytes_used;     /* what callers asked for, each rounded up to 16 */
    size_t bytes_reserved; /* what the arena holds from malloc */
} vt_arena;

/* Zeroed memory, 16-byte aligned; NULL only when malloc fails or the size
 * overflows. Large requests get a block of their own. */
void *vt_arena_alloc(vt_arena *a, size_t size);
void *vt_arena_alloc_array(vt_arena *a, size_t count, size_t elem_size);
void vt_arena_free(vt_arena *a);

#endif
