/* Shaping: UTF-8 is split into runs of one font and one script, and each
 * run goes through HarfBuzz with the whole text as context. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

uint32_t _text_utf8_next(const char *str, uint32_t len, uint32_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    uint32_t at = *i, c = s[at];
    int extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (extra == 0) {
        *i = at + 1;
        return c;
    }
    if (extra < 0 || at + (uint32_t)extra >= len) { /* a stray byte, or cut short */
        *i = at + 1;
        return 0xfffd;
    }
    uint32_t cp = c & (0x3fu >> extra);
    for (int k = 1; k <= extra; k++) {
        unsigned char b = s[at + (uint32_t)k];
        if ((b & 0xc0) != 0x80) {
            *i = at + 1;
            return 0xfffd;
        }
        cp = (cp << 6) | (b & 0x3f);
    }
    static const uint32_t min_for[4] = { 0, 0x80, 0x800, 0x10000 };
    *i = at + 1 + (uint32_t)extra;
    /* Overlong forms, surrogates and values past Unicode are not characters. */
    if (cp < min_for[extra] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0xfffd;
    return cp;
}

bool _text_clings(hb_unicode_funcs_t *uf, uint32_t cp)
{
    hb_unicode_general_category_t c = hb_unicode_general_category(uf, cp);
    return c == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || c == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           c == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK || cp == 0x200d || cp == 0x200c ||
           (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

static bool _text_script_neutral(hb_script_t sc)
{
    return sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED || sc == HB_SCRIPT_UNKNOWN;
}

bool _text_shape_append(const text_font_set *s, const char *utf8, uint32_t text_len, uint32_t begin, uint32_t end,
                        int size, const char *lang, text_layout *l)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    /* Pass 1: each character's font and script, starting a run where
     * either changes. Neutral characters (spaces, digits, punctuation) take
     * the script of the run they are in. */
    uint32_t i = begin, run_begin = begin;
    int run_font = -1;
    hb_script_t run_script = HB_SCRIPT_COMMON;
    float pen = 0;
    hb_language_t language = lang && lang[0] ? hb_language_from_string(lang, -1) : HB_LANGUAGE_INVALID;
    while (run_begin < end) {
        /* Find the end of the run that starts at run_begin. */
        i = run_begin;
        run_font = -1;
        run_script = HB_SCRIPT_COMMON;
        uint32_t run_end = end;
        while (i < end) {
            uint32_t at = i;
            uint32_t cp = _text_utf8_next(utf8, end, &i);
            int font;
            if (run_font >= 0 && _text_clings(uf, cp)) {
                font = run_font;
            } else {
                font = _text_font_for(s, cp);
                if (font < 0) /* control characters, unassigned: the primary's missing box */
                    font = run_font >= 0 ? run_font : 0;
                /* Prefer staying in the current font for neutral characters
                 * it has, so "中文，中文" or "A 中" do not split needlessly. */
                if (run_font >= 0 && font != run_font) {
                    hb_codepoint_t g;
                    if (_text_script_neutral(hb_unicode_script(uf, cp)) &&
                        hb_font_get_nominal_glyph(s->faces[run_font].hb, cp, &g) && g)
                        font = run_font;
                }
            }
            hb_script_t sc = hb_unicode_script(uf, cp);
            if (run_font < 0) {
                run_font = font;
            } else if (font != run_font ||
                       (!_text_script_neutral(sc) && !_text_script_neutral(run_script) && sc != run_script)) {
                run_end = at;
                break;
            }
            if (!_text_script_neutral(sc) && _text_script_neutral(run_script))
                run_script = sc;
        }
        if (run_font < 0)
            break;

        hb_buffer_t *buf = s->buf;
        hb_buffer_clear_contents(buf);
        hb_buffer_add_utf8(buf, utf8, (int)text_len, run_begin, (int)(run_end - run_begin));
        hb_buffer_set_script(buf, _text_script_neutral(run_script) ? HB_SCRIPT_LATIN : run_script);
        hb_buffer_set_direction(buf, hb_script_get_horizontal_direction(run_script) == HB_DIRECTION_RTL
                                         ? HB_DIRECTION_RTL
                                         : HB_DIRECTION_LTR);
        hb_buffer_set_language(buf, language);
        hb_font_t *font = s->faces[run_font].hb;
        hb_font_set_scale(font, size * 64, size * 64);
        hb_shape(font, buf, NULL, 0);
        unsigned n = 0;
        hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
        hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
        if (!hb_buffer_allocation_successful(buf) ||
            !_text_reserve((void **)&l->glyphs, &l->glyph_cap, l->glyph_count + n, sizeof *l->glyphs))
            return false;
        for (unsigned k = 0; k < n; k++) {
            text_glyph *g = &l->glyphs[l->glyph_count++];
            g->x = pen + (float)pos[k].x_offset / 64.0f;
            g->y = -(float)pos[k].y_offset / 64.0f;
            g->advance = (float)pos[k].x_advance / 64.0f;
            g->glyph = info[k].codepoint;
            g->cluster = info[k].cluster;
            g->font = (uint16_t)run_font;
            g->size = (uint16_t)size;
            g->flags = 0;
            pen += g->advance;
        }
        run_begin = run_end;
    }
    return true;
}

/* The primary font's vertical metrics at SIZE. */
static void _text_metrics(const text_font_set *s, int size, const text_style *st, text_layout *l)
{
    const _text_face *f = &s->faces[0];
    l->size = (float)size;
    l->ascent = ceilf(f->ascender * (float)size);
    l->descent = ceilf(-f->descender * (float)size);
    float natural = l->ascent + l->descent + roundf(f->line_gap * (float)size);
    l->line_height = st && st->line_height > 0 ? roundf(st->line_height * (float)size) : natural;
}

bool _text_begin_layout(const text_font_set *s, const text_style *st, text_layout *out)
{
    out->set = s;
    out->emphasis_set = NULL;
    out->glyph_count = out->line_count = 0;
    out->width = out->height = 0;
    if (!s || s->count == 0) {
        if (s)
            _text_warn_empty(s);
        return false;
    }
    _text_metrics(s, _text_size_px(st ? st->size_px : 0), st, out);
    return true;
}

bool text_shape_run(const text_font_set *s, const char *src, int len, const text_style *st, text_layout *out)
{
    if (!_text_begin_layout(s, st, out))
        return false;
    uint32_t src_n = len < 0 ? (uint32_t)strlen(src) : (uint32_t)len;
    const char *utf8;
    uint32_t n;
    bool mapped;
    if (!_text_nfc_prepare(out, src, src_n, &utf8, &n, &mapped))
        return false;
    if (!_text_shape_append(s, utf8, n, 0, n, (int)out->size, st ? st->lang : NULL, out))
        return false;
    if (!_text_reserve((void **)&out->lines, &out->line_cap, 1, sizeof *out->lines))
        return false;
    float w = 0, baseline = roundf((out->line_height - out->ascent - out->descent) * 0.5f + out->ascent);
    for (uint32_t i = 0; i < out->glyph_count; i++) {
        w += out->glyphs[i].advance;
        out->glyphs[i].y += baseline;
    }
    out->lines[0] = (text_line){ .glyph_count = out->glyph_count, .byte_end = n, .baseline = baseline, .width = w };
    out->line_count = 1;
    out->width = w;
    out->height = out->line_height;
    if (mapped)
        _text_remap(out, out->_nfc_map);
    return true;
}

void text_layout_free(text_layout *l)
{
    free(l->glyphs);
    free(l->lines);
    free(l->_cps);
    free(l->_cp_bytes);
    free(l->_cp_font);
    free(l->_brk);
    free(l->_pens);
    free(l->_nfc);
    free(l->_nfc_map);
    free(l->_plain);
    free(l->_plain_map);
    free(l->_plain_flags);
    free(l->_paras);
    memset(l, 0, sizeof *l);
}
