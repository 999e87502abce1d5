/* vitrine_format: the .vitrine package format, one definition for both the
 * packer (tools/pack, src/import/pack_*.c) and the reader (src/package/).
 * Quake's bspfile.h is the model: a version, a directory of lumps, and
 * plain structs that are the bytes on disk. docs/package-format.md explains
 * the format for people; this header is the authority.
 *
 * Layout (all integers and floats little-endian, IEEE-754 floats):
 *
 *   offset 0    vt_pkg_header          (64 bytes)
 *   offset 64   vt_pkg_section[n]      (the directory, 48 bytes each)
 *   ...         section data, each starting on a 64-byte boundary, in the
 *               order a viewer wants them: descriptions first, then for
 *               every artefact the coarsest geometry and the smallest mips,
 *               finer data later, so a progressive reader reads forward.
 *
 * Every section has a CRC-32 (ISO-HDLC, as zlib) of its bytes; the
 * directory has one too, and the header one of its own first 60 bytes.
 * Readers must check every offset and size against the file size before
 * touching data, and the directory checksum before trusting any entry.
 * Section checksums are checked when a section is first used (so a large
 * package opens without reading all of it) and all at once by
 * `vitrine-pack --verify`.
 *
 * Versioning: a reader accepts its own major version and any minor version
 * (minor versions only add section types, which older readers skip).
 * 1.0: one scanned artefact (META, MATL, MESH, CHNK, TEXS, VERT, INDX, MIP,
 *      SRC). 1.1 adds the exhibition package: a whole exhibition in one file
 *      (EXHB, AMAP, RMAP and one nested scan package per ASCN section)
 *      instead of a scan's sections. A package is one or the other. */
#ifndef VT_VITRINE_FORMAT_H
#define VT_VITRINE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define VT_PKG_MAGIC "VITRINE\x1a" /* 8 bytes; \x1a stops `type` on DOS */
#define VT_PKG_VERSION_MAJOR 1u
#define VT_PKG_VERSION_MINOR 1u
#define VT_PKG_ALIGN 64u           /* section alignment: cache lines, GPU uploads */
#define VT_PKG_MAX_SECTIONS 65536u /* a reader refuses more */
#define VT_PKG_MAX_LODS 8u
#define VT_PKG_MAX_MIPS 16u
#define VT_PKG_NONE UINT32_MAX     /* AMAP/RMAP: no scan (a placeholder stands there) */

#define VT_FOURCC(a, b, c, d) ((uint32_t)(a) | ((uint32_t)(b) << 8) | ((uint32_t)(c) << 16) | ((uint32_t)(d) << 24))

typedef struct vt_pkg_header {
    char magic[8];              /* VT_PKG_MAGIC */
    uint32_t version_major;
    uint32_t version_minor;
    uint32_t header_size;       /* sizeof(vt_pkg_header) */
    uint32_t section_count;
    uint64_t directory_offset;  /* = header_size */
    uint64_t file_size;         /* the whole file, for truncation checks */
    uint32_t flags;             /* none defined yet; must be 0 */
    uint32_t directory_crc;     /* CRC-32 of the section_count entries */
    uint32_t reserved[3];       /* 0 */
    uint32_t header_crc;        /* CRC-32 of the 60 bytes before this field */
} vt_pkg_header;

/* Section types. */
enum {
    VT_SEC_META = VT_FOURCC('M', 'E', 'T', 'A'),     /* vt_pkg_meta, exactly one, first */
    VT_SEC_MATERIALS = VT_FOURCC('M', 'A', 'T', 'L'), /* vt_pkg_material[meta.material_count] */
    VT_SEC_MESHES = VT_FOURCC('M', 'E', 'S', 'H'),   /* vt_pkg_mesh[meta.mesh_count] */
    VT_SEC_CHUNKS = VT_FOURCC('C', 'H', 'N', 'K'),   /* vt_pkg_chunk[], indexed from vt_pkg_lod */
    VT_SEC_TEXTURES = VT_FOURCC('T', 'E', 'X', 'S'), /* vt_pkg_texture[meta.texture_count] */
    VT_SEC_VERTICES = VT_FOURCC('V', 'E', 'R', 'T'), /* one LOD's vertices; id = mesh << 8 | lod */
    VT_SEC_INDICES = VT_FOURCC('I', 'N', 'D', 'X'),  /* one LOD's indices;  id = mesh << 8 | lod */
    VT_SEC_MIP = VT_FOURCC('M', 'I', 'P', ' '),      /* one mip level;      id = texture << 8 | mip */
    VT_SEC_SOURCE = VT_FOURCC('S', 'R', 'C', ' '),   /* UTF-8 JSON: source file, packer, options */

    /* An exhibition package (1.1) holds these instead of the ones above. */
    VT_SEC_EXHIBITION = VT_FOURCC('E', 'X', 'H', 'B'), /* exhibition.json as validated, UTF-8; id 0, exactly one */
    VT_SEC_SCAN = VT_FOURCC('A', 'S', 'C', 'N'),       /* a whole scan package; id = scan index, dense 0..n-1;
                                                        * one per unique (scan file, import options) */
    VT_SEC_ARTEFACT_MAP = VT_FOURCC('A', 'M', 'A', 'P'), /* uint32 per artefact (exhibition order): scan index
                                                          * or VT_PKG_NONE; id 0, exactly one */
    VT_SEC_ROOM_MAP = VT_FOURCC('R', 'M', 'A', 'P'),   /* uint32 per room: its model's scan index or
                                                        * VT_PKG_NONE (a floor-plan room); id 0, exactly one */
    VT_SEC_MEDIA_DIR = VT_FOURCC('M', 'D', 'I', 'R'),  /* vt_pkg_media[]: the audio guide's media; id 0,
                                                        * at most one (none: no media) */
    VT_SEC_MEDIA = VT_FOURCC('M', 'E', 'D', 'A'),      /* one medium's bytes; id = its MDIR entry, dense */
};

/* What an MDIR entry's bytes are. */
enum {
    VT_MEDIA_AUDIO = 1,    /* Ogg Vorbis, loudness-normalised narration */
    VT_MEDIA_CAPTIONS = 2, /* WebVTT text, UTF-8 */
    VT_MEDIA_IMAGE = 3,    /* JPEG or PNG as the curator gave it */
    VT_MEDIA_FONT = 4,     /* TrueType / OpenType (collection) for the panels' text */
    VT_MEDIA_AMBIENT = 5,  /* Ogg Vorbis room sound, looped; `hotspot` holds the room's index */
};

enum {
    VT_MEDIA_SYNTHETIC = 1u << 0, /* narration spoken by the packer's speech synthesiser */
};

/* One medium of the audio guide: a hotspot's narration or captions in a
 * language, its image, or a font. */
typedef struct vt_pkg_media {
    uint32_t kind;      /* VT_MEDIA_* */
    uint32_t hotspot;   /* index in the exhibition's hotspots; VT_PKG_NONE for fonts */
    char lang[16];      /* BCP-47, NUL-terminated; "" when it has none (images, fonts) */
    uint32_t flags;     /* VT_MEDIA_SYNTHETIC */
    float seconds;      /* audio: duration */
    float lufs;         /* audio: integrated loudness as stored */
    float lufs_source;  /* audio: before normalisation (0 for synthetic) */
    char name[32];      /* the source's file name (for messages), NUL-terminated */
    uint32_t reserved[2];
} vt_pkg_media;

typedef struct vt_pkg_section {
    uint32_t type;     /* VT_SEC_* */
    uint32_t id;       /* meaning per type, see above; 0 otherwise */
    uint64_t offset;   /* from the start of the file, multiple of VT_PKG_ALIGN */
    uint64_t size;     /* bytes */
    uint32_t crc;      /* CRC-32 of the section's bytes */
    uint32_t reserved; /* 0 */
    uint64_t reserved2;
    uint64_t reserved3;
} vt_pkg_section;

/* Model-wide facts. Positions are metres, Y up (what import produced). */
typedef struct vt_pkg_meta {
    float bounds_min[3], bounds_max[3];
    uint32_t mesh_count;
    uint32_t material_count;
    uint32_t texture_count;
    uint32_t flags;            /* VT_META_* */
    float unit_scale;          /* applied at import: file units -> metres */
    uint32_t source_triangles; /* of the input, after import (saturated) */
    char up_axis[4];           /* the input's up axis as applied, "+Y" ... */
    uint32_t reserved[9];
} vt_pkg_meta;

enum {
    VT_META_HAS_COLOR = 1u << 0,  /* colour textures or vertex colours */
    VT_META_HAS_DETAIL = 1u << 1, /* normal or occlusion maps */
};

typedef struct vt_pkg_material {
    float base_color[4];  /* linear RGBA */
    int32_t texture[3];   /* base colour, normal, occlusion: index or -1 */
    uint32_t flags;       /* VT_MAT_* */
} vt_pkg_material;

enum { VT_MAT_DOUBLE_SIDED = 1u << 0 };

/* Vertex layout: attributes in this order, each present when its flag is
 * set; stride = sum of the sizes of those present (multiple of 4).
 *   position  uint16 x4  (x, y, z, 0): p = offset + q / 65535 * scale
 *   normal    int16 x2   octahedral, snorm (always present)
 *   uv        uint16 x2  u = uv_offset + q / 65535 * uv_scale
 *   color     uint8 x4   sRGB RGBA
 * Error bounds: position ≤ scale / 131070 per axis (half a step: 7.6 µm on
 * a 1 m artefact); normal ≤ 0.01°; uv ≤ uv_scale / 131070. */
enum {
    VT_VTX_UV = 1u << 0,
    VT_VTX_COLOR = 1u << 1,
};

typedef struct vt_pkg_lod {
    uint32_t vertex_count;
    uint32_t index_count;     /* triangle list */
    uint32_t index_size;      /* 2 or 4 bytes */
    uint32_t first_chunk;     /* into the CHNK section */
    uint32_t chunk_count;
    float error;              /* geometric error, metres (0 for LOD 0) */
} vt_pkg_lod;

typedef struct vt_pkg_mesh {
    uint32_t material;
    uint32_t vertex_flags;    /* VT_VTX_* */
    uint32_t vertex_stride;   /* bytes */
    uint32_t lod_count;       /* 1..VT_PKG_MAX_LODS; LOD 0 is the finest */
    float pos_offset[3], pos_scale[3];
    float uv_offset[2], uv_scale[2];
    float bounds_min[3], bounds_max[3];
    vt_pkg_lod lods[VT_PKG_MAX_LODS];
} vt_pkg_mesh;

/* A run of triangles of one LOD, for culling: indices [first, first+count)
 * of that LOD's index section. */
typedef struct vt_pkg_chunk {
    uint32_t first_index, index_count;
    float bounds_min[3], bounds_max[3];
} vt_pkg_chunk;

/* Texture formats. Block formats are 4x4 blocks, rows of blocks top first;
 * RGBA8 rows top first. */
enum {
    VT_TEX_RGBA8 = 1,      /* linear data (normal, occlusion) uncompressed */
    VT_TEX_SRGB8_A8 = 2,   /* colour uncompressed */
    VT_TEX_BC1_SRGB = 3,   /* colour, opaque: S3TC DXT1, 8 bytes a block */
    VT_TEX_BC3_SRGB = 4,   /* colour with alpha: DXT5, 16 bytes a block */
    VT_TEX_BC4 = 5,        /* occlusion: RGTC1 (red), 8 bytes a block */
    VT_TEX_BC5 = 6,        /* normal xy: RGTC2, 16 bytes a block; z rebuilt */
};

typedef struct vt_pkg_texture {
    uint32_t format;     /* VT_TEX_* */
    uint32_t width, height; /* of mip 0 */
    uint32_t mip_count;  /* full chain down to 1x1 */
    uint32_t slot;       /* 0 base colour, 1 normal, 2 occlusion */
    uint32_t reserved[3];
} vt_pkg_texture;

/* Compile-time checks that the structs are the bytes on disk. */
_Static_assert(sizeof(vt_pkg_header) == 64, "vt_pkg_header is 64 bytes");
_Static_assert(offsetof(vt_pkg_header, header_crc) == 60, "the header checksum covers all 60 bytes before it");
_Static_assert(sizeof(vt_pkg_section) == 48, "vt_pkg_section is 48 bytes");
_Static_assert(sizeof(vt_pkg_meta) == 88, "vt_pkg_meta is 88 bytes");
_Static_assert(sizeof(vt_pkg_material) == 32, "vt_pkg_material is 32 bytes");
_Static_assert(sizeof(vt_pkg_lod) == 24, "vt_pkg_lod is 24 bytes");
_Static_assert(sizeof(vt_pkg_mesh) == 80 + 24 * VT_PKG_MAX_LODS, "vt_pkg_mesh layout");
_Static_assert(sizeof(vt_pkg_chunk) == 32, "vt_pkg_chunk is 32 bytes");
_Static_assert(sizeof(vt_pkg_texture) == 32, "vt_pkg_texture is 32 bytes");
_Static_assert(sizeof(vt_pkg_media) == 80, "vt_pkg_media is 80 bytes");
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the .vitrine reader and writer assume a little-endian host"
#endif

/* Bytes per vertex for VT_VTX_* FLAGS: position 8 + normal 4, uv 4, colour 4. */
static inline uint32_t vt_pkg_vertex_stride(uint32_t flags)
{
    return 12u + ((flags & VT_VTX_UV) ? 4u : 0u) + ((flags & VT_VTX_COLOR) ? 4u : 0u);
}

/* A side of mip MIP of a texture whose mip 0 side is D (never below 1). */
static inline uint32_t vt_pkg_mip_dim(uint32_t d, uint32_t mip)
{
    d = mip < 32 ? d >> mip : 0;
    return d ? d : 1;
}

/* Bytes of one mip level of FORMAT at W x H (0 for an unknown format). */
static inline uint64_t vt_pkg_mip_size(uint32_t format, uint32_t w, uint32_t h)
{
    uint64_t bw = (w + 3u) / 4u, bh = (h + 3u) / 4u;
    switch (format) {
    case VT_TEX_RGBA8:
    case VT_TEX_SRGB8_A8: return (uint64_t)w * h * 4u;
    case VT_TEX_BC1_SRGB:
    case VT_TEX_BC4: return bw * bh * 8u;
    case VT_TEX_BC3_SRGB:
    case VT_TEX_BC5: return bw * bh * 16u;
    default: return 0;
    }
}

#endif
