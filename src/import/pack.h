/* pack: a scene_model -> the bytes of a .vitrine package (format in
 * package/vitrine_format.h). The heart of vitrine-pack and of the viewer's
 * in-process preview of raw scans.
 *
 * Geometry: attributes quantised (16-bit positions within each mesh's
 * bounds, octahedral 16-bit normals, 16-bit UVs, sRGB colour bytes), welded
 * after quantisation, degenerate triangles dropped, then a chain of levels
 * of detail by meshoptimizer simplification (about a quarter of the
 * triangles per level, down to a few thousand), each with its geometric
 * error in metres. Every level is sorted into spatially compact chunks (for
 * culling) optimised for the vertex cache, overdraw and vertex fetch, with
 * vertices of its own so the coarsest level loads alone.
 * Textures: texture_encode.h (mips in linear light, BC1/3/4/5).
 * Output: deterministic bytes (same model and options, same package), data
 * sections smallest first so a reader meets coarse data first. */
#ifndef VT_PACK_H
#define VT_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/file.h"
#include "base/result.h"
#include "scene/model.h"

typedef void (*pack_progress_fn)(void *user, float fraction, const char *stage);

typedef struct pack_desc {
    int max_texture_size;     /* 0 = 4096 */
    bool uncompressed;        /* textures as RGBA8 instead of BC */
    int jobs;                 /* worker threads; 0 = 1 */
    const char *source_name;  /* recorded in the SRC section (a file name) */
    pack_progress_fn progress; /* may be NULL; called from the calling thread */
    void *user;
} pack_desc;

/* On success OUT holds the package bytes (free with vt_blob_free). */
vt_result pack_model(const scene_model *m, const pack_desc *desc, vt_blob *out, vt_error_msg *err);

/* Part of the viewer's cache key: bump it whenever the packer's output
 * changes, or previews keep showing packages made by the old packer. */
#define VT_PACK_VERSION "1"

#endif
