/* Line layout: each paragraph is shaped once, then cut greedily at break
 * opportunities (a small subset of Unicode's line-breaking rules, UAX #14,
 * enough for Vietnamese, English, French, Chinese, Japanese and Korean). */
#include <math.h>
#include <string.h>

#include "text_internal.h"


static bool _text_is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

/* Ideographs, kana and CJK punctuation: a line may break between any two.
 * Hangul is not here: Korean puts spaces between words and breaks there. */
static bool _text_is_cjk(uint32_t cp)
{
    return (cp >= 0x2e80 && cp <= 0x2fff) || (cp >= 0x3000 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) ||
           (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x20000 && cp <= 0x3ffff);
}

/* Kinsoku: closing punctuation, small kana and the prolonged-sound mark may
 * not start a line; opening brackets may not end one. */
static bool _text_no_break_before(uint32_t cp)
{
    static const char *const closers = "、。，．・：；？！ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ"
                                       "」』）〕］｝〉》】〙〗〟’”｠»々〻‼⁇⁈⁉‐–—…,.:;!?)]}%";
    if (cp < 0x80)
        return cp && strchr(",.:;!?)]}%", (int)cp) != NULL;
    const char *p = closers;
    uint32_t len = (uint32_t)strlen(closers), i = 0;
    while (i < len)
        if (_text_utf8_next(p, len, &i) == cp)
            return true;
    return false;
}

static bool _text_no_break_after(uint32_t cp)
{
    static const char *const openers = "「『（〔［｛〈《【〘〖〝‘“｟«([{";
    const char *p = openers;
    uint32_t len = (uint32_t)strlen(openers), i = 0;
    while (i < len)
        if (_text_utf8_next(p, len, &i) == cp)
            return true;
    return false;
}

static bool _text_is_letter(hb_unicode_funcs_t *uf, uint32_t cp)
{
    hb_unicode_general_category_t c = hb_unicode_general_category(uf, cp);
    return c >= HB_UNICODE_GENERAL_CATEGORY_LOWERCASE_LETTER && c <= HB_UNICODE_GENERAL_CATEGORY_UPPERCASE_LETTER;
}

void _text_breaks(const char *utf8, uint32_t begin, uint32_t end, uint8_t *brk)
{
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    uint32_t i = begin, prev = 0, prev2 = 0;
    memset(brk, 0, end - begin);
    while (i < end) {
        uint32_t at = i, cp = _text_utf8_next(utf8, end, &i);
        uint8_t f = _text_is_space(cp) ? _TEXT_BRK_SPACE : 0;
        bool clings = _text_clings(uf, cp);
        if (at > begin && !clings && !_text_is_space(cp)) {
            bool can = false;
            if (_text_is_space(prev) || prev == 0x200b)
                can = true;
            else if ((prev == '-' || prev == 0x2010 || prev == 0x2013) && _text_is_letter(uf, prev2) &&
                     _text_is_letter(uf, cp))
                can = true;
            else if ((_text_is_cjk(prev) || _text_is_cjk(cp)) && !_text_no_break_before(cp) &&
                     !_text_no_break_after(prev))
                can = true;
            if (can)
                f |= _TEXT_BRK_BEFORE;
        }
        brk[at - begin] = f;
        if (!clings) { /* marks do not change what they follow */
            prev2 = prev;
            prev = cp;
        }
    }
}

static bool _text_push_line(text_layout *l, text_line line)
{
    if (!_text_reserve((void **)&l->lines, &l->line_cap, l->line_count + 1, sizeof *l->lines))
        return false;
    l->lines[l->line_count++] = line;
    return true;
}

bool _text_wrap(text_layout *l, uint32_t g0, uint32_t begin, uint32_t end, float max_w)
{
    uint32_t g1 = l->glyph_count, n = g1 - g0;
    if (!_text_reserve((void **)&l->_pens, &l->_pen_cap, n + 1, sizeof *l->_pens))
        return false;
    float *pens = l->_pens; /* pens[k]: pen before glyph g0 + k */
    pens[0] = 0;
    for (uint32_t k = 0; k < n; k++)
        pens[k + 1] = pens[k] + l->glyphs[g0 + k].advance;
    const uint8_t *brk = l->_brk;
#define FLAGS(gi) (brk[l->glyphs[gi].cluster - begin])
#define FIRST_OF_CLUSTER(gi) ((gi) == g0 || l->glyphs[gi].cluster != l->glyphs[(gi) - 1].cluster)
    if (n == 0)
        return _text_push_line(l, (text_line){ .first_glyph = g0, .byte_begin = begin, .byte_end = end });
    uint32_t start = g0;
    while (start < g1) {
        uint32_t stop = g1, last_break = 0;
        for (uint32_t i = start; i < g1; i++) {
            if (i > start && FIRST_OF_CLUSTER(i) && (FLAGS(i) & _TEXT_BRK_BEFORE))
                last_break = i;
            bool overflows = pens[i + 1 - g0] - pens[start - g0] > max_w + 0.01f;
            if (max_w > 0 && i > start && overflows && !(FLAGS(i) & _TEXT_BRK_SPACE)) {
                if (last_break > start) {
                    stop = last_break;
                } else {
                    /* One word wider than the line: cut it between
                     * graphemes rather than spill out of the box. */
                    stop = i;
                    while (stop > start + 1 && !FIRST_OF_CLUSTER(stop))
                        stop--;
                }
                break;
            }
        }
        uint32_t ink_end = stop;
        while (ink_end > start && (FLAGS(ink_end - 1) & _TEXT_BRK_SPACE))
            ink_end--;
        float origin = pens[start - g0];
        for (uint32_t i = start; i < stop; i++)
            l->glyphs[i].x -= origin;
        text_line line = {
            .first_glyph = start,
            .glyph_count = stop - start,
            .byte_begin = l->glyphs[start].cluster,
            .byte_end = stop < g1 ? l->glyphs[stop].cluster : end,
            .width = pens[ink_end - g0] - origin,
        };
        if (!_text_push_line(l, line))
            return false;
        start = stop;
    }
#undef FLAGS
#undef FIRST_OF_CLUSTER
    return true;
}

void _text_place_lines(text_layout *out, const text_style *st, float max_w, const uint32_t *paras, uint32_t npara,
                       float gap)
{
    /* Align, then stack lines: half the extra leading above each line, as
     * CSS does, so a taller line height spaces lines evenly. */
    float widest = 0;
    for (uint32_t i = 0; i < out->line_count; i++)
        widest = fmaxf(widest, out->lines[i].width);
    float box = max_w > 0 ? max_w : widest;
    float half_leading = (out->line_height - out->ascent - out->descent) * 0.5f;
    text_align align = st ? st->align : TEXT_ALIGN_LEFT;
    float extra = 0;
    uint32_t next_para = 0;
    for (uint32_t i = 0; i < out->line_count; i++) {
        text_line *ln = &out->lines[i];
        while (next_para < npara && paras[next_para] <= i) {
            if (paras[next_para] == i && i > 0)
                extra += gap;
            next_para++;
        }
        float slack = box - ln->width;
        ln->x = align == TEXT_ALIGN_CENTER ? slack * 0.5f : align == TEXT_ALIGN_RIGHT ? slack : 0;
        ln->baseline = roundf(half_leading + out->ascent + (float)i * out->line_height + extra);
        for (uint32_t k = 0; k < ln->glyph_count; k++) {
            out->glyphs[ln->first_glyph + k].x += ln->x;
            out->glyphs[ln->first_glyph + k].y += ln->baseline;
        }
    }
    out->width = widest;
    out->height = (float)out->line_count * out->line_height + extra;
}

bool text_layout_utf8(const text_font_set *s, const char *src, int len, const text_style *st, text_layout *out)
{
    if (!_text_begin_layout(s, st, out))
        return false;
    uint32_t src_n = len < 0 ? (uint32_t)strlen(src) : (uint32_t)len;
    /* Shape the NFC form; offsets go back to SRC at the end. */
    const char *utf8;
    uint32_t n;
    bool mapped;
    if (!_text_nfc_prepare(out, src, src_n, &utf8, &n, &mapped))
        return false;
    float max_w = st && st->max_width > 0 ? st->max_width : 0;
    const char *lang = st ? st->lang : NULL;
    uint32_t p = 0;
    for (;;) {
        const char *nl = memchr(utf8 + p, '\n', n - p);
        uint32_t pe = nl ? (uint32_t)(nl - utf8) : n, e = pe;
        if (e > p && utf8[e - 1] == '\r')
            e--;
        uint32_t g0 = out->glyph_count;
        if (!_text_reserve((void **)&out->_brk, &out->_brk_cap, e - p + 1, 1) ||
            !_text_shape_append(s, utf8, n, p, e, (int)out->size, lang, out))
            return false;
        _text_breaks(utf8, p, e, out->_brk);
        if (!_text_wrap(out, g0, p, e, max_w))
            return false;
        if (!nl)
            break;
        p = pe + 1;
    }
    _text_place_lines(out, st, max_w, NULL, 0, 0);
    if (mapped)
        _text_remap(out, out->_nfc_map);
    return true;
}

bool text_layout_visible_lines(const text_layout *l, float top, float bottom, uint32_t *first, uint32_t *count)
{
    *first = *count = 0;
    float above = l->ascent + (l->line_height - l->ascent - l->descent) * 0.5f;
    uint32_t i = 0;
    while (i < l->line_count && l->lines[i].baseline - above + l->line_height <= top)
        i++;
    uint32_t j = i;
    while (j < l->line_count && l->lines[j].baseline - above < bottom)
        j++;
    *first = i;
    *count = j - i;
    return j > i;
}
