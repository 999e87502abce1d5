/* texture_encode: one scene_image -> a full mip chain in a .vitrine texture
 * format, for the packer.
 *
 * Mips are filtered in linear light for colour (sRGB decoded, averaged,
 * re-encoded) and as plain numbers for data maps; normal-map mips are
 * renormalised. Compression uses stb_dxt: BC1 for opaque colour, BC3 for
 * colour with alpha, BC4 for occlusion (red), BC5 for normals (x, y; z is
 * rebuilt by the shader). Uncompressed when compress is false. The result is
 * deterministic: same image and options, same bytes, whatever the job count.
 * Everything it returns lives in ARENA. */
#ifndef VT_TEXTURE_ENCODE_H
#define VT_TEXTURE_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "package/vitrine_format.h"
#include "scene/model.h"

typedef struct tex_mip {
    uint32_t width, height;
    const uint8_t *data;
    uint64_t size; /* vt_pkg_mip_size(format, width, height) */
} tex_mip;

typedef struct tex_encoded {
    uint32_t format;    /* VT_TEX_* */
    uint32_t mip_count; /* down to 1x1 */
    tex_mip mips[VT_PKG_MAX_MIPS];
} tex_encoded;

typedef struct tex_encode_desc {
    const scene_image *image;
    scene_tex_slot slot; /* decides colour vs data and the format */
    int max_size;        /* 0 = 4096: larger images are halved until they fit */
    bool uncompressed;   /* store RGBA8 / sRGB8_A8 instead of BC */
    int jobs;            /* threads for compression; 0 or 1 = this thread */
} tex_encode_desc;

/* False only when memory runs out. */
bool tex_encode(const tex_encode_desc *desc, tex_encoded *out, vt_arena *arena);

#endif
