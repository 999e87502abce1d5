/* texture_encode: scene_image -> mip chain -> BC1/BC3/BC4/BC5 or RGBA8.
 *
 * Pipeline: pick the format from the slot; halve the image until it fits
 * max_size; then for every level down to 1x1 store it (compressed or copied
 * into the arena) and filter the next one from it. Filtering is stb's box
 * filter with clamped edges: for even sides that is the plain 2x2 average,
 * for odd sides it is a box 2 + 1/(n-1) texels wide, so no texel is dropped
 * and none counts twice. RGBA scratch levels come from malloc and are freed
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
/* Fewer blocks than this per thread and thread start-up costs more than
 * it saves (a 4x4 HIGHQUAL block takes about a microsecond). */
#define TEX_MIN_BLOCKS_PER_JOB 2048u
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

static bool _tex_downsample(const uint8_t *src, int w, int h, uint8_t *dst, int nw, int nh, _tex_kind kind)
{
    /* Colour: sRGB decoded to linear, averaged, encoded again, or a black
     * and white checkerboard would fade to 128 instead of 188. Alpha is
     * linear and weights the colour, so transparent texels do not bleed
     * their (often black) colour into the visible ones. */
    int ok = kind == _TEX_COLOR
                 ? stbir_resize_uint8_generic(src, w, h, 0, dst, nw, nh, 0, 4, 3, 0, STBIR_EDGE_CLAMP,
                                              STBIR_FILTER_BOX, STBIR_COLORSPACE_SRGB, NULL)
                 : stbir_resize_uint8_generic(src, w, h, 0, dst, nw, nh, 0, 4, STBIR_ALPHA_CHANNEL_NONE, 0,
                                              STBIR_EDGE_CLAMP, STBIR_FILTER_BOX, STBIR_COLORSPACE_LINEAR, NULL);
    if (!ok)
        return false; /* stbir only fails when its malloc does */
    if (kind == _TEX_NORMAL)
        _tex_renormalise(dst, (size_t)nw * (size_t)nh);
    return true;
}

/* ---- block compression -------------------------------------------------- */

typedef struct _tex_job {
    const uint8_t *rgba;
    uint32_t w, h, format;
    uint8_t *out;
    uint32_t row0, row1; /* rows of blocks [row0, row1) */
} _tex_job;

static void _tex_compress_rows(const _tex_job *j)
{
    uint32_t bw = (j->w + 3u) / 4u;
    size_t block_bytes = vt_pkg_mip_size(j->format, 4, 4);
    for (uint32_t by = j->row0; by < j->row1; by++) {
        for (uint32_t bx = 0; bx < bw; bx++) {
            /* Edge blocks repeat the last row and column: padding with
             * black would drag the block's endpoints towards it. */
            uint8_t tile[16 * 4];
            for (uint32_t y = 0; y < 4; y++) {
                uint32_t sy = by * 4u + y < j->h ? by * 4u + y : j->h - 1u;
                for (uint32_t x = 0; x < 4; x++) {
                    uint32_t sx = bx * 4u + x < j->w ? bx * 4u + x : j->w - 1u;
                    memcpy(tile + 4 * (y * 4 + x), j->rgba + 4 * ((size_t)sy * j->w + sx), 4);
                }
            }
            uint8_t *dst = j->out + ((size_t)by * bw + bx) * block_bytes;
            uint8_t ch[32];
            switch (j->format) {
            case VT_TEX_BC1_SRGB:
                /* stb_dxt fits endpoints to the bytes it is given, so the
                 * sRGB bytes are compressed as they are (the usual practice;
                 * the GPU decodes the block and then the sRGB). Its solid
                 * block test compares whole texels, alpha included, hence
                 * the constant alpha it asks for. */
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

static void *_tex_compress_thread(void *arg)
{
    _tex_compress_rows(arg);
    return NULL;
}

/* Each block depends only on its own texels, so splitting the rows of
 * blocks among threads gives the same bytes for any job count. A thread
 * that cannot be started has its rows done here instead. */
static void _tex_compress(const uint8_t *rgba, uint32_t w, uint32_t h, uint32_t format, uint8_t *out, int jobs)
{
    uint32_t bh = (h + 3u) / 4u;
    uint64_t blocks = (uint64_t)((w + 3u) / 4u) * bh;
    uint64_t n = jobs > 1 ? (uint64_t)jobs : 1u;
    if (n > TEX_MAX_JOBS)
        n = TEX_MAX_JOBS;
    if (n > blocks / TEX_MIN_BLOCKS_PER_JOB)
        n = blocks / TEX_MIN_BLOCKS_PER_JOB;
    if (n > bh)
        n = bh;
    if (n < 1)
        n = 1;

    _tex_job job[TEX_MAX_JOBS];
    pthread_t tid[TEX_MAX_JOBS];
    bool started[TEX_MAX_JOBS] = { false };
    for (uint32_t i = 0; i < n; i++)
        job[i] = (_tex_job){ .rgba = rgba, .w = w, .h = h, .format = format, .out = out,
                             .row0 = (uint32_t)(bh * i / n), .row1 = (uint32_t)(bh * (i + 1) / n) };
    for (uint32_t i = 1; i < n; i++)
        started[i] = pthread_create(&tid[i], NULL, _tex_compress_thread, &job[i]) == 0;
    _tex_compress_rows(&job[0]);
    for (uint32_t i = 1; i < n; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            _tex_compress_rows(&job[i]);
    }
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
                            _tex_kind kind)
{
    uint8_t *dst = scratch[*next];
    if (!dst && !(dst = scratch[*next] = malloc(scratch_size)))
        return false;
    if (!_tex_downsample(*cur, *w, *h, dst, _tex_half(*w), _tex_half(*h), kind))
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
        if (!_tex_next_level(&cur, &w, &h, scratch, &next, scratch_size, kind))
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
        if (!_tex_next_level(&cur, &w, &h, scratch, &next, scratch_size, kind))
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
