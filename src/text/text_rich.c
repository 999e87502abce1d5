/* Rich text for hotspot panels: *emphasis*, paragraphs, line breaks.
 *
 * The markup is read into plain text plus a flag byte per byte (emphasised,
 * or the newline of a paragraph break) and a map back to the markup; the
 * plain text then goes through NFC and the same shaping, breaking and
 * wrapping as text_layout_utf8. Each line is shaped run by run, every run
 * with its own font set, and wrapped as one: widths come from the fonts that
 * will draw, so a bold word never pushes a line past its box. */
#include <math.h>
#include <string.h>

#include "text_internal.h"

enum {
    _RICH_EMPH = 1, /* inside *...* */
    _RICH_PARA = 2, /* this newline ends a paragraph */
};

static bool _rich_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* A backslash escapes '*' and itself; any other backslash is a character. */
static bool _rich_escape(const char *m, uint32_t i, uint32_t end)
{
    return m[i] == '\\' && i + 1 < end && (m[i + 1] == '*' || m[i + 1] == '\\');
}

/* End of the paragraph starting at P: the newline before a blank line (one
 * holding only spaces), or END. *NEXT is where the next paragraph starts. */
static uint32_t _rich_paragraph_end(const char *m, uint32_t p, uint32_t end, uint32_t *next)
{
    for (uint32_t i = p; i < end; i++) {
        if (m[i] != '\n')
            continue;
        uint32_t j = i + 1;
        while (j < end && (m[j] == ' ' || m[j] == '\t' || m[j] == '\r'))
            j++;
        if (j < end && m[j] == '\n') {
            while (j < end && _rich_space(m[j])) /* any number of blank lines is one break */
                j++;
            *next = j;
            return i > p && m[i - 1] == '\r' ? i - 1 : i;
        }
    }
    *next = end;
    return end;
}

/* Marks in TOGGLE[i] the '*' runs of M[p, e) that open or close emphasis,
 * Markdown's way: a run opens before a non-space, closes after one, and an
 * opener left without a closer stays a literal asterisk. */
static void _rich_pair(const char *m, uint32_t p, uint32_t e, uint8_t *toggle)
{
    uint32_t pending = UINT32_MAX;
    for (uint32_t i = p; i < e;) {
        if (_rich_escape(m, i, e)) {
            i += 2;
            continue;
        }
        if (m[i] != '*') {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j < e && m[j] == '*')
            j++;
        bool can_open = j < e && !_rich_space(m[j]), can_close = i > p && !_rich_space(m[i - 1]);
        if (pending != UINT32_MAX && can_close) {
            toggle[pending] = toggle[i] = 1;
            pending = UINT32_MAX;
        } else if (can_open) {
            pending = i;
        }
        i = j;
    }
}

/* Reads MARKUP[0, n) into L's _plain, _plain_flags and _plain_map. */
static bool _rich_parse(text_layout *l, const char *m, uint32_t n, uint32_t *plain_n)
{
    /* Plain text is never longer than its markup; the flags buffer's second
     * half holds the delimiter marks of _rich_pair, indexed by markup byte. */
    if (!_text_reserve((void **)&l->_plain, &l->_plain_cap, n + 1, 1) ||
        !_text_reserve((void **)&l->_plain_map, &l->_plain_map_cap, n + 1, sizeof *l->_plain_map) ||
        !_text_reserve((void **)&l->_plain_flags, &l->_plain_flags_cap, 2 * n + 2, 1))
        return false;
    char *out = l->_plain;
    uint32_t *map = l->_plain_map;
    uint8_t *flags = l->_plain_flags, *toggle = l->_plain_flags + n + 1;
    memset(toggle, 0, n + 1);
    uint32_t begin = 0, end = n, k = 0;
    while (begin < end && _rich_space(m[begin]))
        begin++;
    while (end > begin && _rich_space(m[end - 1]))
        end--;
    for (uint32_t p = begin; p < end;) {
        uint32_t next, e = _rich_paragraph_end(m, p, end, &next);
        _rich_pair(m, p, e, toggle);
        bool emph = false;
        for (uint32_t i = p; i < e;) {
            if (_rich_escape(m, i, e)) {
                map[k] = i;
                flags[k] = emph ? _RICH_EMPH : 0;
                out[k++] = m[i + 1];
                i += 2;
            } else if (m[i] == '*' && toggle[i]) {
                emph = !emph;
                while (i < e && m[i] == '*')
                    i++;
            } else if (m[i] == '\r' && i + 1 < e && m[i + 1] == '\n') {
                i++;
            } else {
                map[k] = i;
                flags[k] = emph && m[i] != '\n' ? _RICH_EMPH : 0;
                out[k++] = m[i++];
            }
        }
        if (next < end) {
            map[k] = e;
            flags[k] = _RICH_PARA;
            out[k++] = '\n';
        }
        p = next;
    }
    map[k] = n;
    flags[k] = 0;
    out[k] = '\0';
    *plain_n = k;
    return true;
}

bool text_layout_rich(const text_font_set *regular, const text_font_set *emphasis, const char *markup, int len,
                      const text_style *st, text_layout *out)
{
    if (!_text_begin_layout(regular, st, out))
        return false;
    if (emphasis && text_font_set_count(emphasis) > 0)
        out->emphasis_set = emphasis;
    uint32_t markup_n = len < 0 ? (uint32_t)strlen(markup) : (uint32_t)len, plain_n;
    if (!_rich_parse(out, markup, markup_n, &plain_n))
        return false;
    const char *text;
    uint32_t n;
    bool mapped;
    if (!_text_nfc_prepare(out, out->_plain, plain_n, &text, &n, &mapped))
        return false;
    const uint8_t *flags = out->_plain_flags;
    const uint32_t *nfc_map = out->_nfc_map;
#define FLAGS_AT(b) (flags[mapped ? nfc_map[b] : (b)])
    float max_w = st && st->max_width > 0 ? st->max_width : 0;
    const char *lang = st ? st->lang : NULL;
    uint32_t npara = 0;
    for (uint32_t p = 0;;) {
        const char *nl = memchr(text + p, '\n', n - p);
        uint32_t e = nl ? (uint32_t)(nl - text) : n;
        uint32_t g0 = out->glyph_count;
        float pen = 0;
        for (uint32_t a = p; a < e;) {
            bool emph = FLAGS_AT(a) & _RICH_EMPH;
            uint32_t b = a;
            while (b < e && (bool)(FLAGS_AT(b) & _RICH_EMPH) == emph)
                b++;
            const text_font_set *set = emph && out->emphasis_set ? out->emphasis_set : regular;
            uint32_t first = out->glyph_count;
            if (!_text_shape_append(set, text, n, a, b, (int)out->size, lang, out))
                return false;
            /* Each run is shaped from pen 0: move it after the runs before. */
            for (uint32_t g = first; g < out->glyph_count; g++) {
                out->glyphs[g].x += pen;
                out->glyphs[g].flags = emph ? TEXT_GLYPH_EMPHASIS : 0;
            }
            for (uint32_t g = first; g < out->glyph_count; g++)
                pen += out->glyphs[g].advance;
            a = b;
        }
        if (!_text_reserve((void **)&out->_brk, &out->_brk_cap, e - p + 1, 1))
            return false;
        _text_breaks(text, p, e, out->_brk);
        if (!_text_wrap(out, g0, p, e, max_w))
            return false;
        if (!nl)
            break;
        p = e + 1;
        if (FLAGS_AT(e) & _RICH_PARA) {
            if (!_text_reserve((void **)&out->_paras, &out->_para_cap, npara + 1, sizeof *out->_paras))
                return false;
            out->_paras[npara++] = out->line_count;
        }
    }
#undef FLAGS_AT
    float gap = st && st->paragraph_gap > 0 ? st->paragraph_gap : 0.75f;
    _text_place_lines(out, st, max_w, out->_paras, npara, roundf(gap * out->size));
    if (mapped)
        _text_remap(out, out->_nfc_map);
    _text_remap(out, out->_plain_map);
    return true;
}
