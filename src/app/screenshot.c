#include "screenshot.h"

#include <stb_image_write.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"

typedef struct _shot_buf {
    unsigned char *data;
    size_t size, cap;
    bool failed;
} _shot_buf;

/* stb_image_write streams the PNG through this; we collect it in memory so
 * the file is written in one atomic step. */
static void _shot_append(void *ctx, void *data, int size)
{
    _shot_buf *b = ctx;
    if (b->failed || size <= 0)
        return;
    if (b->size + (size_t)size > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1 << 20;
        while (cap < b->size + (size_t)size)
            cap *= 2;
        unsigned char *p = realloc(b->data, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->size, data, (size_t)size);
    b->size += (size_t)size;
}

vt_result app_write_screenshot(gfx_target target, const char *path, vt_error_msg *err)
{
    int w, h;
    gfx_target_size(target, &w, &h);
    uint8_t *rgba = malloc((size_t)w * (size_t)h * 4);
    if (!rgba || !gfx_read_target(target, rgba)) {
        free(rgba);
        vt_error_set(err, "%s: cannot read the rendered frame", path);
        return VT_ERR_IO;
    }
    /* Opaque anyway; write RGB to keep the files small. */
    for (size_t i = 0, j = 0; i < (size_t)w * (size_t)h; i++, j += 3) {
        rgba[j] = rgba[4 * i];
        rgba[j + 1] = rgba[4 * i + 1];
        rgba[j + 2] = rgba[4 * i + 2];
    }
    _shot_buf png = { 0 };
    int ok = stbi_write_png_to_func(_shot_append, &png, w, h, 3, rgba, w * 3);
    free(rgba);
    if (!ok || png.failed) {
        free(png.data);
        vt_error_set(err, "%s: cannot encode the PNG", path);
        return VT_ERR_IO;
    }
    vt_result r = vt_file_write_atomic(path, png.data, png.size);
    free(png.data);
    if (r != VT_OK)
        vt_error_set(err, "%s: cannot write the file", path);
    return r;
}
