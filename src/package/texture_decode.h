/* texture_decode: block-compressed mips -> RGBA8, for GL drivers that lack
 * S3TC or RGTC (the uncompressed fallback of the .vitrine reader), and for
 * tests. BC1 and BC3 give the stored colour bytes (sRGB stays sRGB); BC4
 * gives (r, r, r, 255); BC5 gives (x, y, z, 255) with z rebuilt from x and
 * y as a unit normal. Pure functions, no allocation. */
#ifndef VT_TEXTURE_DECODE_H
#define VT_TEXTURE_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "package/vitrine_format.h"

/* Decodes a W x H mip of FORMAT (whose size is vt_pkg_mip_size) into
 * RGBA (w*h*4 bytes, rows top first). False for an unknown format. */
bool pkg_decode_mip(uint32_t format, const uint8_t *blocks, uint32_t w, uint32_t h, uint8_t *rgba);

#endif
