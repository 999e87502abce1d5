/* pack_geometry: one scene_mesh -> the vertex, index and chunk data of every
 * level of detail (private to the packer; see pack.h for the rules). All
 * output lives in ARENA. */
#ifndef VT_PACK_GEOMETRY_H
#define VT_PACK_GEOMETRY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "package/vitrine_format.h"
#include "scene/model.h"

typedef struct pack_lod_out {
    uint8_t *vertices;
    size_t vertex_bytes;
    uint32_t vertex_count;
    void *indices;
    size_t index_bytes;
    uint32_t index_count, index_size;
    vt_pkg_chunk *chunks;
    uint32_t chunk_count;
    float error;
} pack_lod_out;

typedef struct pack_mesh_out {
    vt_pkg_mesh desc; /* first_chunk is filled in by the writer */
    pack_lod_out lods[VT_PKG_MAX_LODS];
} pack_mesh_out;

/* False when memory runs out or nothing drawable is left. */
/* JOBS > 1 finishes each level on a second thread while the next one is
 * simplified; the output is the same either way. */
bool pack_mesh(const scene_mesh *in, uint32_t material, int jobs, pack_mesh_out *out, vt_arena *arena);

#endif
