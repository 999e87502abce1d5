/* The glyph atlas: FreeType coverage bitmaps packed on shelves in one R8
 * image, found again through a hash of (font, glyph, size, quarter pixel).
 *
 * Light hinting (FT_LOAD_TARGET_LIGHT) snaps only vertical metrics to the
 * pixel grid: stems and x-height stay crisp, horizontal shapes and advances
 * keep the designer's proportions, so quarter-pixel horizontal placement
 * (four bitmaps at most per glyph and size) spaces letters evenly. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "text_internal.h"

#define _TEXT_SOLID 4 /* the full-coverage block at (0, 0) */

typedef struct _text_atlas_entry {
    uint32_t face_uid; /* 0: empty slot */
    uint32_t glyph;
    uint16_t size;
    uint8_t bin;
    text_atlas_glyph g;
} _text_atlas_entry;

typedef struct _text_shelf {
    int y, h, x; /* x: first free column */
} _text_shelf;

struct text_atlas {
    uint8_t *pixels;
    int w, h, max_h;
    _text_shelf *shelves;
    uint32_t shelf_count, shelf_cap;
    int bottom; /* first row below every shelf */
    _text_atlas_entry *table;
    uint32_t table_cap, count;
    bool dirty;
    int dx0, dy0, dx1, dy1;
    uint32_t generation;
    bool warned_big;
};

static void _text_atlas_touch(text_atlas *a, int x0, int y0, int x1, int y1)
{
    if (!a->dirty) {
        a->dx0 = x0, a->dy0 = y0, a->dx1 = x1, a->dy1 = y1;
        a->dirty = true;
        return;
    }
    a->dx0 = x0 < a->dx0 ? x0 : a->dx0;
    a->dy0 = y0 < a->dy0 ? y0 : a->dy0;
    a->dx1 = x1 > a->dx1 ? x1 : a->dx1;
    a->dy1 = y1 > a->dy1 ? y1 : a->dy1;
}

void text_atlas_reset(text_atlas *a)
{
    memset(a->pixels, 0, (size_t)a->w * (size_t)a->h);
    memset(a->table, 0, (size_t)a->table_cap * sizeof *a->table);
    a->count = 0;
    for (int y = 0; y < _TEXT_SOLID; y++)
        memset(a->pixels + (size_t)y * (size_t)a->w, 255, _TEXT_SOLID);
    a->shelves[0] = (_text_shelf){ .y = 0, .h = _TEXT_SOLID, .x = _TEXT_SOLID };
    a->shelf_count = 1;
    a->bottom = _TEXT_SOLID;
    _text_atlas_touch(a, 0, 0, a->w, a->h);
}

text_atlas *text_atlas_create(const text_atlas_desc *d)
{
    text_atlas *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->w = d && d->width > 0 ? d->width : 1024;
    a->h = d && d->height > 0 ? d->height : 512;
    a->max_h = d && d->max_height > 0 ? d->max_height : 4096;
    if (a->max_h < a->h)
        a->max_h = a->h;
    a->table_cap = 1024;
    a->pixels = malloc((size_t)a->w * (size_t)a->h);
    a->table = calloc(a->table_cap, sizeof *a->table);
    if (!a->pixels || !a->table || !_text_reserve((void **)&a->shelves, &a->shelf_cap, 16, sizeof *a->shelves)) {
        text_atlas_destroy(a);
        return NULL;
    }
    text_atlas_reset(a);
    return a;
}

void text_atlas_destroy(text_atlas *a)
{
    if (!a)
        return;
    free(a->pixels);
    free(a->table);
    free(a->shelves);
    free(a);
}

const uint8_t *text_atlas_pixels(const text_atlas *a, int *w, int *h)
{
    *w = a->w;
    *h = a->h;
    return a->pixels;
}

uint32_t text_atlas_generation(const text_atlas *a) { return a->generation; }

bool text_atlas_take_dirty(text_atlas *a, int *x, int *y, int *w, int *h)
{
    if (!a->dirty)
        return false;
    *x = a->dx0;
    *y = a->dy0;
    *w = a->dx1 - a->dx0;
    *h = a->dy1 - a->dy0;
    a->dirty = false;
    return true;
}

void text_atlas_stats(const text_atlas *a, uint32_t *glyphs, size_t *bytes)
{
    *glyphs = a->count;
    *bytes = (size_t)a->w * (size_t)a->h;
}

static uint32_t _text_hash(uint32_t uid, uint32_t glyph, uint32_t size, uint32_t bin)
{
    uint32_t h = uid * 0x9e3779b1u ^ glyph * 0x85ebca6bu ^ (size << 2 | bin) * 0xc2b2ae35u;
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    return h ^ (h >> 12);
}

static _text_atlas_entry *_text_find(text_atlas *a, uint32_t uid, uint32_t glyph, uint16_t size, uint8_t bin)
{
    uint32_t mask = a->table_cap - 1, i = _text_hash(uid, glyph, size, bin) & mask;
    for (;; i = (i + 1) & mask) {
        _text_atlas_entry *e = &a->table[i];
        if (!e->face_uid || (e->face_uid == uid && e->glyph == glyph && e->size == size && e->bin == bin))
            return e;
    }
}

/* Keeps the table at most half full so probes stay short. */
static bool _text_table_grow(text_atlas *a)
{
    if (a->count + 1 <= a->table_cap / 2)
        return true;
    _text_atlas_entry *old = a->table;
    uint32_t old_cap = a->table_cap;
    a->table = calloc((size_t)old_cap * 2, sizeof *a->table);
    if (!a->table) {
        a->table = old;
        return false;
    }
    a->table_cap = old_cap * 2;
    for (uint32_t i = 0; i < old_cap; i++)
        if (old[i].face_uid)
            *_text_find(a, old[i].face_uid, old[i].glyph, old[i].size, old[i].bin) = old[i];
    free(old);
    return true;
}

/* Room for a W x H box: the flattest shelf it fits, else a new shelf, else
 * a taller image. False when the atlas is at its largest and full. */
static bool _text_place(text_atlas *a, int w, int h, int *x, int *y)
{
    _text_shelf *best = NULL;
    for (uint32_t i = 0; i < a->shelf_count; i++) {
        _text_shelf *sh = &a->shelves[i];
        /* A shelf much taller than the glyph would waste its height. */
        if (sh->h >= h && sh->h <= h + h / 2 + 2 && sh->x + w <= a->w && (!best || sh->h < best->h))
            best = sh;
    }
    if (!best) {
        int sh_h = (h + 3) & ~3; /* similar sizes share shelves */
        while (a->bottom + sh_h > a->h) {
            if (a->h * 2 > a->max_h)
                return false;
            uint8_t *p = realloc(a->pixels, (size_t)a->w * (size_t)a->h * 2);
            if (!p)
                return false;
            memset(p + (size_t)a->w * (size_t)a->h, 0, (size_t)a->w * (size_t)a->h);
            a->pixels = p;
            a->h *= 2;
            a->generation++;
            _text_atlas_touch(a, 0, 0, a->w, a->h);
        }
        if (!_text_reserve((void **)&a->shelves, &a->shelf_cap, a->shelf_count + 1, sizeof *a->shelves))
            return false;
        best = &a->shelves[a->shelf_count++];
        *best = (_text_shelf){ .y = a->bottom, .h = sh_h, .x = 0 };
        a->bottom += sh_h;
    }
    *x = best->x;
    *y = best->y;
    best->x += w;
    return true;
}

text_atlas_result text_atlas_get(text_atlas *a, const text_font_set *s, const text_glyph *g, float frac_x,
                                 text_atlas_glyph *out)
{
    *out = (text_atlas_glyph){ 0 };
    if (!s || g->font >= s->count)
        return TEXT_ATLAS_OK;
    const _text_face *f = &s->faces[g->font];
    int bin = (int)(frac_x * 4.0f);
    bin = bin < 0 ? 0 : bin > 3 ? 3 : bin;
    _text_atlas_entry *e = _text_find(a, f->uid, g->glyph, g->size, (uint8_t)bin);
    if (e->face_uid) {
        *out = e->g;
        return TEXT_ATLAS_OK;
    }
    if (!_text_table_grow(a))
        return TEXT_ATLAS_OK; /* out of memory: the glyph is not drawn */

    /* Rasterise. The face's size and transform are set for this glyph
     * only; shaping reads HarfBuzz's own copy of the metrics. */
    FT_Face ft = f->ft;
    text_atlas_glyph ag = { 0 };
    bool ok = FT_Set_Pixel_Sizes(ft, 0, g->size) == 0;
    if (ok) {
        FT_Vector shift = { bin * 16, 0 }; /* 26.6: a quarter pixel is 16 */
        FT_Set_Transform(ft, NULL, &shift);
        ok = FT_Load_Glyph(ft, g->glyph, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) == 0 &&
             FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_LIGHT) == 0 &&
             ft->glyph->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY;
        FT_Set_Transform(ft, NULL, NULL);
    }
    const FT_Bitmap *bm = ok ? &ft->glyph->bitmap : NULL;
    if (bm && bm->width > 0 && bm->rows > 0) {
        int bw = (int)bm->width, bh = (int)bm->rows;
        if (bw + 2 > a->w || bh + 2 > a->max_h) {
            if (!a->warned_big)
                vt_warn("text: glyph of %dx%d px is larger than the atlas; not drawn", bw, bh);
            a->warned_big = true;
        } else {
            int x, y;
            if (!_text_place(a, bw + 2, bh + 2, &x, &y))
                return TEXT_ATLAS_FULL;
            for (int r = 0; r < bh; r++)
                memcpy(a->pixels + (size_t)(y + 1 + r) * (size_t)a->w + (size_t)(x + 1),
                       bm->buffer + (ptrdiff_t)r * bm->pitch, (size_t)bw);
            _text_atlas_touch(a, x, y, x + bw + 2, y + bh + 2);
            ag = (text_atlas_glyph){ .x = (uint16_t)(x + 1), .y = (uint16_t)(y + 1), .w = (uint16_t)bw,
                                     .h = (uint16_t)bh, .left = (int16_t)ft->glyph->bitmap_left,
                                     .top = (int16_t)-ft->glyph->bitmap_top };
        }
    }
    e->face_uid = f->uid;
    e->glyph = g->glyph;
    e->size = g->size;
    e->bin = (uint8_t)bin;
    e->g = ag;
    a->count++;
    *out = ag;
    return TEXT_ATLAS_OK;
}
