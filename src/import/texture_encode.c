/* texture_encode: scene_image -> mip chain -> BC1/BC3/BC4/BC5 or RGBA8.
 *
 * Pipeline: pick the format from the slot; halve the image until it fits
 * max_size; then for every level down to 1x1 store it (compressed or copied
 * into the arena) and filter the next one from it. Filtering is stb's box
 * filter with clamped edges: for even sides that is the plain 2x2 average;
 * an odd side n going to n/2 gets a box n/(n/2) = 2 + 1/(n/2) texels wide,
 * so every texel still weighs in by its share instead of being dropped. RGBA scratch levels come from malloc and are freed
 * before returning, so a packer encoding many textures into one arena only
 * keeps the bytes it writes to disk. */
#include "texture_encode.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <stb_dxt.h>
#include <stb_image_resize.h>

#define TEX_DEFAULT_MAX_SIZE 4096
/* A 16-level chain ends at 1x1 only if no side exceeds 2^15. */
#define TEX_MAX_SIDE (1 << (VT_PKG_MAX_MIPS - 1))
/* Work below this per thread and thread start-up costs more than it saves.
 * A unit is one texel filtered (some nanoseconds); a 4x4 HIGHQUAL block
 * costs about TEX_BLOCK_UNITS of them (around half a microsecond). */
#define TEX_MIN_UNITS_PER_JOB 65536u
#define TEX_BLOCK_UNITS 32u
#define TEX_MAX_JOBS 64

typedef enum _tex_kind {
    _TEX_COLOR,  /* sRGB: filter in linear light, alpha-weighted */
    _TEX_NORMAL, /* linear, renormalised after filtering */
    _TEX_DATA,   /* linear numbers (occlusion) */
} _tex_kind;

/* ---- filtering ---------------------------------------------------------- */

/* Filtered normals are shorter than 1 (and bent to the average); the
 * shader and BC5's rebuilt z both assume unit vectors. A vector that
 * averages to nothing becomes straight up. */
static void _tex_renormalise(uint8_t *rgba, size_t texels)
{
    for (size_t i = 0; i < texels; i++) {
        uint8_t *p = rgba + 4 * i;
        float v[3];
        for (int k = 0; k < 3; k++)
            v[k] = p[k] / 127.5f - 1.0f;
        float len = sqrtf(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (len < 1e-6f) {
            v[0] = v[1] = 0.0f;
            v[2] = len = 1.0f;
        }
        for (int k = 0; k < 3; k++) {
            long q = lrintf(v[k] / len * 127.5f + 127.5f);
            p[k] = (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);
        }
    }
}

/* ---- work split in bands of rows ----------------------------------------- */

/* One step of the chain, done in bands of rows that need nothing from each
 * other, so any number of threads writes the same bytes. */
typedef struct _tex_step {
    const uint8_t *src;
    uint32_t w, h;
    uint8_t *dst;
    uint32_t nw, nh;   /* filtering: the next level's size */
    uint32_t format;   /* compression: VT_TEX_BC*; 0 when filtering */
    _tex_kind kind;
} _tex_step;

typedef struct _tex_band {
    const _tex_step *step;
    uint32_t row0, row1; /* output rows (texels or blocks) [row0, row1) */
    bool ok;
} _tex_band;

/* Output rows [row0, row1) of the next level. The caller only splits an
 * exact halving of the height, where output row r is filtered from input
 * rows 2r and 2r+1 alone, so a band is a smaller image of its own. */
static bool _tex_filter_rows(const _tex_step *s, uint32_t row0, uint32_t row1)
{
    bool whole = row0 == 0 && row1 == s->nh;
    uint32_t in0 = whole ? 0 : 2 * row0, in_h = whole ? s->h : 2 * (row1 - row0);
    const uint8_t *src = s->src + (size_t)in0 * s->w * 4u;
    uint8_t *dst = s->dst + (size_t)row0 * s->nw * 4u;
    int w = (int)s->w, nw = (int)s->nw, h = (int)in_h, nh = (int)(row1 - row0);
    /* Colour: sRGB decoded to linear, averaged, encoded again, or a black
     * and white checkerboard would fade to 128 instead of 188. Alpha is
     * linear and weights the colour, so transparent texels do not bleed
     * their (often black) colour into the visible ones. */
    int ok = s->kind == _TEX_COLOR
                 ? stbir_resize_uint8_generic(src, w, h, 0, dst, nw, nh, 0, 4, 3, 0, STBIR_EDGE_CLAMP,
                                              STBIR_FILTER_BOX, STBIR_COLORSPACE_SRGB, NULL)
                 : stbir_resize_uint8_generic(src, w, h, 0, dst, nw, nh, 0, 4, STBIR_ALPHA_CHANNEL_NONE, 0,
                                              STBIR_EDGE_CLAMP, STBIR_FILTER_BOX, STBIR_COLORSPACE_LINEAR, NULL);
    if (!ok)
        return false; /* stbir only fails when its malloc does */
    if (s->kind == _TEX_NORMAL)
        _tex_renormalise(dst, (size_t)nw * (size_t)nh);
    return true;
}

/* Rows of blocks [row0, row1): each block depends only on its own texels. */
static void _tex_compress_rows(const _tex_step *s, uint32_t row0, uint32_t row1)
{
    uint32_t bw = (s->w + 3u) / 4u;
    size_t block_bytes = vt_pkg_mip_size(s->format, 4, 4);
    for (uint32_t by = row0; by < row1; by++) {
        for (uint32_t bx = 0; bx < bw; bx++) {
            /* Edge blocks repeat the last row and column: padding with
             * black would drag the block's endpoints towards it. */
            uint8_t tile[16 * 4];
            for (uint32_t y = 0; y < 4; y++) {
                uint32_t sy = by * 4u + y < s->h ? by * 4u + y : s->h - 1u;
                for (uint32_t x = 0; x < 4; x++) {
                    uint32_t sx = bx * 4u + x < s->w ? bx * 4u + x : s->w - 1u;
                    memcpy(tile + 4 * (y * 4 + x), s->src + 4 * ((size_t)sy * s->w + sx), 4);
                }
            }
            uint8_t *dst = s->dst + ((size_t)by * bw + bx) * block_bytes;
            uint8_t ch[32];
            switch (s->format) {
            case VT_TEX_BC1_SRGB:
                /* stb_dxt fits endpoints to the bytes it is given, so the
                 * sRGB bytes are compressed as they are (the usual practice:
                 * the GPU decodes the block, then the sRGB). Its solid-block
                 * test compares whole texels, alpha included, hence the
                 * constant alpha it asks for (already 255 here, as BC1 is
                 * only chosen for opaque images; kept as cheap insurance). */
                for (int i = 0; i < 16; i++)
                    tile[4 * i + 3] = 255;
                stb_compress_dxt_block(dst, tile, 0, STB_DXT_HIGHQUAL);
                break;
            case VT_TEX_BC3_SRGB: stb_compress_dxt_block(dst, tile, 1, STB_DXT_HIGHQUAL); break;
            case VT_TEX_BC4:
                for (int i = 0; i < 16; i++)
                    ch[i] = tile[4 * i];
                stb_compress_bc4_block(dst, ch);
                break;
            case VT_TEX_BC5:
                for (int i = 0; i < 16; i++) {
                    ch[2 * i] = tile[4 * i];
                    ch[2 * i + 1] = tile[4 * i + 1];
                }
                stb_compress_bc5_block(dst, ch);
                break;
            default: assert(!"not a block format"); break;
            }
        }
    }
}

static void *_tex_band_run(void *arg)
{
    _tex_band *b = arg;
    if (b->step->format) {
        _tex_compress_rows(b->step, b->row0, b->row1);
        b->ok = true;
    } else {
        b->ok = _tex_filter_rows(b->step, b->row0, b->row1);
    }
    return NULL;
}

/* Splits ROWS output rows of UNITS_PER_ROW work units each into at most
 * JOBS bands of at least TEX_MIN_UNITS_PER_JOB units; this thread does the
 * first band, and any band whose thread cannot be started. */
static bool _tex_run_bands(const _tex_step *step, uint32_t rows, uint64_t units_per_row, int jobs)
{
    uint64_t n = jobs > 1 ? (uint64_t)jobs : 1u;
    if (n > TEX_MAX_JOBS)
        n = TEX_MAX_JOBS;
    if (n > rows * units_per_row / TEX_MIN_UNITS_PER_JOB)
        n = rows * units_per_row / TEX_MIN_UNITS_PER_JOB;
    if (n > rows)
        n = rows;
    if (n < 1)
        n = 1;

    _tex_band band[TEX_MAX_JOBS];
    pthread_t tid[TEX_MAX_JOBS];
    bool started[TEX_MAX_JOBS] = { false };
    for (uint32_t i = 0; i < n; i++)
        band[i] = (_tex_band){ .step = step, .row0 = (uint32_t)(rows * i / n), .row1 = (uint32_t)(rows * (i + 1) / n) };
    for (uint32_t i = 1; i < n; i++)
        started[i] = pthread_create(&tid[i], NULL, _tex_band_run, &band[i]) == 0;
    _tex_band_run(&band[0]);
    bool ok = band[0].ok;
    for (uint32_t i = 1; i < n; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            _tex_band_run(&band[i]);
        ok = ok && band[i].ok;
    }
    return ok;
}

static bool _tex_downsample(const uint8_t *src, int w, int h, uint8_t *dst, int nw, int nh, _tex_kind kind, int jobs)
{
    _tex_step step = { .src = src, .w = (uint32_t)w, .h = (uint32_t)h, .dst = dst, .nw = (uint32_t)nw,
                       .nh = (uint32_t)nh, .kind = kind };
    /* With an odd height an output row reads 2 + 1/nh input rows, shared
     * with its neighbours: that level is filtered whole. */
    return _tex_run_bands(&step, (uint32_t)nh, (uint64_t)nw, h == 2 * nh ? jobs : 1);
}

static void _tex_compress(const uint8_t *rgba, uint32_t w, uint32_t h, uint32_t format, uint8_t *out, int jobs)
{
    _tex_step step = { .src = rgba, .w = w, .h = h, .dst = out, .format = format };
    /* Compression never fails; only filtering can (stbir's malloc). */
    (void)_tex_run_bands(&step, (h + 3u) / 4u, (uint64_t)((w + 3u) / 4u) * TEX_BLOCK_UNITS, jobs);
}

/* ---- the chain ---------------------------------------------------------- */

static bool _tex_opaque(const scene_image *img)
{
    size_t n = (size_t)img->width * (size_t)img->height;
    for (size_t i = 0; i < n; i++)
        if (img->rgba[4 * i + 3] != 255)
            return false;
    return true;
}

static int _tex_half(int v)
{
    return v > 1 ? v / 2 : 1;
}

/* Filters *CUR (W x H) into the free scratch buffer, allocating it on first
 * use, and makes that the current level. */
static bool _tex_next_level(const uint8_t **cur, int *w, int *h, uint8_t *scratch[2], int *next, size_t scratch_size,
                            _tex_kind kind, int jobs)
{
    uint8_t *dst = scratch[*next];
    if (!dst && !(dst = scratch[*next] = malloc(scratch_size)))
        return false;
    if (!_tex_downsample(*cur, *w, *h, dst, _tex_half(*w), _tex_half(*h), kind, jobs))
        return false;
    *cur = dst;
    *next ^= 1;
    *w = _tex_half(*w);
    *h = _tex_half(*h);
    return true;
}

bool tex_encode(const tex_encode_desc *desc, tex_encoded *out, vt_arena *arena)
{
    const scene_image *img = desc->image;
    assert(img && img->rgba && img->width > 0 && img->height > 0);
    assert((unsigned)desc->slot < SCENE_TEX_COUNT);
    memset(out, 0, sizeof *out);

    _tex_kind kind;
    switch (desc->slot) {
    case SCENE_TEX_NORMAL:
        kind = _TEX_NORMAL;
        out->format = desc->uncompressed ? VT_TEX_RGBA8 : VT_TEX_BC5;
        break;
    case SCENE_TEX_OCCLUSION:
        kind = _TEX_DATA;
        out->format = desc->uncompressed ? VT_TEX_RGBA8 : VT_TEX_BC4;
        break;
    default:
        kind = _TEX_COLOR;
        out->format = desc->uncompressed ? VT_TEX_SRGB8_A8 : _tex_opaque(img) ? VT_TEX_BC1_SRGB : VT_TEX_BC3_SRGB;
        break;
    }
    int max_size = desc->max_size > 0 ? desc->max_size : TEX_DEFAULT_MAX_SIZE;
    if (max_size > TEX_MAX_SIDE)
        max_size = TEX_MAX_SIDE;

    /* Every filtered level is no bigger than the first one, so two scratch
     * buffers of that size serve the whole chain, ping-ponging. */
    int w = img->width, h = img->height;
    size_t scratch_size = (size_t)_tex_half(w) * (size_t)_tex_half(h) * 4u;
    uint8_t *scratch[2] = { NULL, NULL };
    int next = 0;
    const uint8_t *cur = img->rgba;
    bool ok = false;

    while (w > max_size || h > max_size)
        if (!_tex_next_level(&cur, &w, &h, scratch, &next, scratch_size, kind, desc->jobs))
            goto done;

    for (uint32_t m = 0;; m++) {
        assert(m < VT_PKG_MAX_MIPS);
        uint64_t size = vt_pkg_mip_size(out->format, (uint32_t)w, (uint32_t)h);
        uint8_t *data = vt_arena_alloc(arena, (size_t)size);
        if (!data)
            goto done;
        if (desc->uncompressed)
            memcpy(data, cur, (size_t)size);
        else
            _tex_compress(cur, (uint32_t)w, (uint32_t)h, out->format, data, desc->jobs);
        out->mips[m] = (tex_mip){ .width = (uint32_t)w, .height = (uint32_t)h, .data = data, .size = size };
        out->mip_count = m + 1;
        if (w == 1 && h == 1)
            break;
        if (!_tex_next_level(&cur, &w, &h, scratch, &next, scratch_size, kind, desc->jobs))
            goto done;
    }
    ok = true;

done:
    free(scratch[0]);
    free(scratch[1]);
    if (!ok)
        memset(out, 0, sizeof *out);
    return ok;
}
