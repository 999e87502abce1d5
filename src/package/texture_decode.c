/* texture_decode: S3TC (BC1, BC3) and RGTC (BC4, BC5) blocks -> RGBA8.
 *
 * Written from the public format specifications (EXT_texture_compression_s3tc,
 * ARB_texture_compression_rgtc). Every block is 4x4 texels, texel i = y*4 + x,
 * integers little-endian. A block is decoded into a 4x4 scratch tile and only
 * the texels inside the mip are copied out, so mips whose sides are not
 * multiples of 4 (and 1x1, 2x2 mips) never write past the caller's buffer. */
#include "texture_decode.h"

#include <math.h>
#include <string.h>

/* 5- or 6-bit endpoint channels are widened by bit replication, so 0 maps to
 * 0 and the top code to 255 exactly (the spec's "c * 255 / 31" to within
 * rounding, and what encoders such as stb_dxt assume). */
static void _pkg_rgb565(uint16_t c, uint8_t out[4])
{
    uint32_t r = (c >> 11) & 31u, g = (c >> 5) & 63u, b = c & 31u;
    out[0] = (uint8_t)((r << 3) | (r >> 2));
    out[1] = (uint8_t)((g << 2) | (g >> 4));
    out[2] = (uint8_t)((b << 3) | (b >> 2));
    out[3] = 255;
}

/* One S3TC colour block (8 bytes) into tile[16][4]. FOUR_ONLY: BC2/BC3 colour
 * blocks always use the four-colour interpolation whatever the endpoint
 * order; only BC1 switches to three colours plus transparent black when
 * c0 <= c1. Thirds are truncated (no rounding bias), as the DX10 spec and
 * stb_dxt do. */
static void _pkg_color_block(const uint8_t *b, bool four_only, uint8_t tile[16][4])
{
    uint16_t c0 = (uint16_t)(b[0] | (b[1] << 8));
    uint16_t c1 = (uint16_t)(b[2] | (b[3] << 8));
    uint32_t bits = (uint32_t)b[4] | ((uint32_t)b[5] << 8) | ((uint32_t)b[6] << 16) | ((uint32_t)b[7] << 24);
    uint8_t pal[4][4];
    _pkg_rgb565(c0, pal[0]);
    _pkg_rgb565(c1, pal[1]);
    if (four_only || c0 > c1) {
        for (int k = 0; k < 3; k++) {
            pal[2][k] = (uint8_t)((2 * pal[0][k] + pal[1][k]) / 3);
            pal[3][k] = (uint8_t)((pal[0][k] + 2 * pal[1][k]) / 3);
        }
        pal[2][3] = pal[3][3] = 255;
    } else {
        for (int k = 0; k < 3; k++)
            pal[2][k] = (uint8_t)((pal[0][k] + pal[1][k]) / 2);
        pal[2][3] = 255;
        memset(pal[3], 0, 4); /* transparent black */
    }
    for (int i = 0; i < 16; i++)
        memcpy(tile[i], pal[(bits >> (2 * i)) & 3u], 4);
}

/* One BC4 / BC3-alpha block (8 bytes, unsigned) into channel CH of tile.
 * v0 > v1: eight values, six interpolated in sevenths; otherwise six values,
 * four interpolated in fifths, plus 0 and 255. Interpolants are rounded to
 * nearest; the spec leaves the rounding to the implementation. */
static void _pkg_value_block(const uint8_t *b, uint8_t tile[16][4], int ch)
{
    uint32_t v0 = b[0], v1 = b[1];
    uint64_t bits = 0;
    for (int k = 0; k < 6; k++)
        bits |= (uint64_t)b[2 + k] << (8 * k);
    uint8_t pal[8];
    pal[0] = (uint8_t)v0;
    pal[1] = (uint8_t)v1;
    if (v0 > v1) {
        for (uint32_t k = 2; k < 8; k++)
            pal[k] = (uint8_t)(((8u - k) * v0 + (k - 1u) * v1 + 3u) / 7u);
    } else {
        for (uint32_t k = 2; k < 6; k++)
            pal[k] = (uint8_t)(((6u - k) * v0 + (k - 1u) * v1 + 2u) / 5u);
        pal[6] = 0;
        pal[7] = 255;
    }
    for (int i = 0; i < 16; i++)
        tile[i][ch] = pal[(bits >> (3 * i)) & 7u];
}

/* BC5 stores a tangent-space normal's x and y; z is the positive root that
 * makes it unit length (clamped where quantisation pushes x^2 + y^2 past 1). */
static void _pkg_rebuild_z(uint8_t tile[16][4])
{
    for (int i = 0; i < 16; i++) {
        float x = tile[i][0] / 127.5f - 1.0f, y = tile[i][1] / 127.5f - 1.0f;
        float zz = 1.0f - x * x - y * y;
        float z = sqrtf(zz > 0.0f ? zz : 0.0f);
        tile[i][2] = (uint8_t)lrintf(z * 127.5f + 127.5f);
        tile[i][3] = 255;
    }
}

bool pkg_decode_mip(uint32_t format, const uint8_t *blocks, uint32_t w, uint32_t h, uint8_t *rgba)
{
    size_t block_bytes;
    switch (format) {
    case VT_TEX_RGBA8:
    case VT_TEX_SRGB8_A8:
        if (w && h)
            memcpy(rgba, blocks, (size_t)w * h * 4u);
        return true;
    case VT_TEX_BC1_SRGB:
    case VT_TEX_BC4: block_bytes = 8; break;
    case VT_TEX_BC3_SRGB:
    case VT_TEX_BC5: block_bytes = 16; break;
    default: return false;
    }

    uint32_t bw = (w + 3u) / 4u, bh = (h + 3u) / 4u;
    for (uint32_t by = 0; by < bh; by++) {
        for (uint32_t bx = 0; bx < bw; bx++) {
            const uint8_t *b = blocks + ((size_t)by * bw + bx) * block_bytes;
            uint8_t tile[16][4];
            switch (format) {
            case VT_TEX_BC1_SRGB: _pkg_color_block(b, false, tile); break;
            case VT_TEX_BC3_SRGB:
                _pkg_color_block(b + 8, true, tile);
                _pkg_value_block(b, tile, 3);
                break;
            case VT_TEX_BC4:
                _pkg_value_block(b, tile, 0);
                for (int i = 0; i < 16; i++) {
                    tile[i][1] = tile[i][2] = tile[i][0];
                    tile[i][3] = 255;
                }
                break;
            default: /* VT_TEX_BC5 */
                _pkg_value_block(b, tile, 0);
                _pkg_value_block(b + 8, tile, 1);
                _pkg_rebuild_z(tile);
                break;
            }
            uint32_t nx = w - bx * 4u < 4u ? w - bx * 4u : 4u;
            uint32_t ny = h - by * 4u < 4u ? h - by * 4u : 4u;
            for (uint32_t y = 0; y < ny; y++)
                memcpy(rgba + (((size_t)(by * 4u + y) * w) + bx * 4u) * 4u, tile[y * 4u], nx * 4u);
        }
    }
    return true;
}
