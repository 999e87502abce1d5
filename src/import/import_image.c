#include "import_image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stb_image.h>
#include <stb_image_resize.h>

#include "base/log.h"

void import_checkerboard(scene_image *img, vt_arena *arena)
{
    enum { N = 64, CELL = 8 };
    memset(img, 0, sizeof *img);
    img->rgba = vt_arena_alloc(arena, N * N * 4);
    if (!img->rgba)
        return;
    img->width = img->height = N;
    img->srgb = true;
    img->placeholder = true;
    for (int y = 0; y < N; y++)
        for (int x = 0; x < N; x++) {
            uint8_t *p = img->rgba + 4 * (y * N + x);
            bool on = ((x / CELL) ^ (y / CELL)) & 1;
            p[0] = on ? 230 : 90;
            p[1] = on ? 0 : 90;
            p[2] = on ? 230 : 90;
            p[3] = 255;
        }
}

bool import_image_decode(const unsigned char *data, size_t size, int max_size, bool srgb, scene_image *img,
                         vt_arena *arena, const char **why)
{
    memset(img, 0, sizeof *img);
    if (size > 0x7fffffff) {
        *why = "file too large";
        return false;
    }
    int w, h, comp;
    if (!stbi_info_from_memory(data, (int)size, &w, &h, &comp)) {
        *why = stbi_failure_reason();
        return false;
    }
    /* Refuse absurd headers before stb allocates for them (32K x 32K). */
    if (w <= 0 || h <= 0 || w > 32768 || h > 32768) {
        *why = "image dimensions out of range";
        return false;
    }
    unsigned char *pix = stbi_load_from_memory(data, (int)size, &w, &h, &comp, 4);
    if (!pix) {
        *why = stbi_failure_reason();
        return false;
    }
    int tw = w, th = h;
    while (tw > max_size || th > max_size) {
        tw = tw > 1 ? tw / 2 : 1;
        th = th > 1 ? th / 2 : 1;
    }
    img->rgba = vt_arena_alloc_array(arena, (size_t)tw * (size_t)th, 4);
    if (!img->rgba) {
        stbi_image_free(pix);
        *why = "out of memory";
        return false;
    }
    if (tw == w && th == h) {
        memcpy(img->rgba, pix, (size_t)w * (size_t)h * 4);
    } else if (srgb) {
        /* Filter colour in linear light, or darks bleed into lights. */
        stbir_resize_uint8_srgb(pix, w, h, 0, img->rgba, tw, th, 0, 4, 3, 0);
    } else {
        stbir_resize_uint8(pix, w, h, 0, img->rgba, tw, th, 0, 4);
    }
    stbi_image_free(pix);
    img->width = tw;
    img->height = th;
    img->srgb = srgb;
    return true;
}
