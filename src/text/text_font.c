/* Font sets: FreeType faces (for rasterising) paired with HarfBuzz fonts
 * (for shaping) over the same bytes, in fallback order. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "text_internal.h"

/* The largest font file accepted: Noto CJK collections are about 20 MB. */
#define TEXT_MAX_FONT_BYTES (64u << 20)

static atomic_uint _text_next_uid = 1;

text_font_set *text_font_set_create(void)
{
    text_font_set *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->buf = hb_buffer_create();
    if (FT_Init_FreeType(&s->ft) != 0 || !hb_buffer_allocation_successful(s->buf)) {
        hb_buffer_destroy(s->buf);
        free(s);
        return NULL;
    }
    return s;
}

void text_font_set_destroy(text_font_set *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->count; i++) {
        hb_font_destroy(s->faces[i].hb);
        FT_Done_Face(s->faces[i].ft);
        vt_blob_free(&s->faces[i].owned);
    }
    hb_buffer_destroy(s->buf);
    FT_Done_FreeType(s->ft);
    free(s);
}

int text_font_set_count(const text_font_set *s) { return s ? s->count : 0; }

const char *text_font_name(const text_font_set *s, int i)
{
    return s && i >= 0 && i < s->count ? s->faces[i].name : "";
}

vt_result text_font_set_add_memory(text_font_set *s, const void *data, size_t size, int face_index, const char *name,
                                   vt_error_msg *err)
{
    const char *what = name ? name : "font in memory";
    if (s->count >= TEXT_MAX_FONTS) {
        vt_error_set(err, "%s: too many fallback fonts (%d)", what, TEXT_MAX_FONTS);
        return VT_ERR_TOO_LARGE;
    }
    if (!data || size == 0) {
        vt_error_set(err, "%s: empty font", what);
        return VT_ERR_EMPTY;
    }
    if (size > TEXT_MAX_FONT_BYTES) {
        vt_error_set(err, "%s: font too large (%zu bytes)", what, size);
        return VT_ERR_TOO_LARGE;
    }
    _text_face *f = &s->faces[s->count];
    memset(f, 0, sizeof *f);
    if (FT_New_Memory_Face(s->ft, data, (FT_Long)size, face_index, &f->ft) != 0) {
        vt_error_set(err, "%s: not a font FreeType can read (face %d)", what, face_index);
        return VT_ERR_MALFORMED;
    }
    if (!FT_IS_SCALABLE(f->ft) || f->ft->units_per_EM == 0) {
        FT_Done_Face(f->ft);
        vt_error_set(err, "%s: a bitmap-only font; outline fonts are needed to scale", what);
        return VT_ERR_UNSUPPORTED;
    }
    hb_blob_t *blob = hb_blob_create(data, (unsigned)size, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, (unsigned)face_index);
    f->hb = hb_font_create(face);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    if (f->hb == hb_font_get_empty()) {
        FT_Done_Face(f->ft);
        vt_error_set(err, "%s: HarfBuzz cannot read it", what);
        return VT_ERR_MALFORMED;
    }
    float em = (float)f->ft->units_per_EM;
    f->ascender = (float)f->ft->ascender / em;
    f->descender = (float)f->ft->descender / em;
    f->line_gap = fmaxf(0.0f, (float)(f->ft->height - f->ft->ascender + f->ft->descender) / em);
    f->uid = atomic_fetch_add(&_text_next_uid, 1);
    snprintf(f->name, sizeof f->name, "%s", f->ft->family_name ? f->ft->family_name : what);
    s->count++;
    return VT_OK;
}

vt_result text_font_set_add_file(text_font_set *s, const char *path, int face_index, vt_error_msg *err)
{
    vt_blob blob = { 0 };
    vt_result r = vt_file_read(path, &blob, TEXT_MAX_FONT_BYTES);
    if (r != VT_OK) {
        vt_file_check_message(path, r, err);
        return r;
    }
    r = text_font_set_add_memory(s, blob.data, blob.size, face_index, path, err);
    if (r != VT_OK) {
        vt_blob_free(&blob);
        return r;
    }
    s->faces[s->count - 1].owned = blob;
    return VT_OK;
}

vt_result text_font_set_add_system(text_font_set *s, bool bold, vt_error_msg *err)
{
    /* Noto Sans covers Latin (Vietnamese included), Greek and Cyrillic; the
     * CJK font comes second so Latin text never picks its glyphs. */
    static const struct {
        const char *regular, *bold;
        int face;
    } fonts[] = {
        { "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", 0 },
        { "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0 },
        { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0 },
    };
    int loaded = 0;
    vt_error_msg first = { "" };
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
        vt_error_msg e;
        if (text_font_set_add_file(s, bold ? fonts[i].bold : fonts[i].regular, fonts[i].face, &e) == VT_OK) {
            loaded++;
        } else {
            vt_info("text: %s", e.text);
            if (!first.text[0])
                first = e;
        }
    }
    if (loaded == 0) {
        vt_error_set(err, "no system font could be loaded (%s)", first.text);
        return VT_ERR_NOT_FOUND;
    }
    return VT_OK;
}

int _text_font_for(const text_font_set *s, uint32_t cp)
{
    for (int i = 0; i < s->count; i++) {
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(s->faces[i].hb, cp, &g) && g != 0)
            return i;
    }
    return -1;
}

int _text_size_px(float size_px)
{
    if (!(size_px > 0))
        return 16;
    int px = (int)lroundf(size_px);
    return px < TEXT_MIN_SIZE_PX ? TEXT_MIN_SIZE_PX : px > TEXT_MAX_SIZE_PX ? TEXT_MAX_SIZE_PX : px;
}

void _text_warn_empty(const text_font_set *s)
{
    /* Const for the caller; the once-flag is bookkeeping, not state it sees. */
    text_font_set *m = (text_font_set *)s;
    if (!m->warned_empty) {
        vt_warn("text: no font loaded; text is not drawn");
        m->warned_empty = true;
    }
}

bool text_glyph_ink(const text_font_set *s, const text_glyph *g, text_box *out)
{
    if (!s || g->font >= s->count)
        return false;
    hb_font_t *f = s->faces[g->font].hb;
    hb_font_set_scale(f, g->size * 64, g->size * 64);
    hb_glyph_extents_t e;
    if (!hb_font_get_glyph_extents(f, g->glyph, &e) || e.width == 0 || e.height == 0)
        return false;
    /* HarfBuzz: y up, height negative (from the top bearing down). */
    out->x0 = g->x + (float)e.x_bearing / 64.0f;
    out->x1 = out->x0 + (float)e.width / 64.0f;
    out->y0 = g->y - (float)e.y_bearing / 64.0f;
    out->y1 = out->y0 - (float)e.height / 64.0f;
    return true;
}

float text_char_advance(const text_font_set *s, uint32_t cp, float size_px)
{
    int i = s ? _text_font_for(s, cp) : -1;
    if (i < 0)
        return 0;
    int px = _text_size_px(size_px);
    hb_font_t *f = s->faces[i].hb;
    hb_font_set_scale(f, px * 64, px * 64);
    hb_codepoint_t g = 0;
    hb_font_get_nominal_glyph(f, cp, &g);
    return (float)hb_font_get_glyph_h_advance(f, g) / 64.0f;
}

bool _text_reserve(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    uint32_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > UINT32_MAX / 2)
            return false;
        n *= 2;
    }
    void *q = realloc(*p, (size_t)n * elem);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}
