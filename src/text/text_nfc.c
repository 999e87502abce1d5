/* NFC normalisation before shaping (libunistring's u8_normalize), with a
 * map from each byte of the result back to the text it came from.
 *
 * Why NFC here and not only HarfBuzz's own composition: HarfBuzz composes
 * base + marks when the font has the precomposed glyph, but Vietnamese typed
 * on some keyboards or pasted from macOS arrives decomposed, and the order of
 * its two marks varies ("e" + dot below + circumflex, or circumflex first).
 * NFC gives one canonical string, so both draw the designer's "ệ", line
 * breaking sees one character, and fonts can be checked for coverage by the
 * packer with the same function.
 *
 * Invalid UTF-8 cannot go through u8_normalize (it refuses the whole
 * string), so the text is cut into valid runs; invalid bytes are copied
 * through one by one and still decode as U+FFFD in the shaper. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <uninorm.h>

#include "text_internal.h"

/* A valid run is normalised into the output buffer directly (no allocation
 * once it has grown); NFC can at most triple UTF-8's length. */
#define _NFC_GROWTH 3u

typedef struct _nfc_out {
    char **buf;
    uint32_t *cap;
    uint32_t **map; /* NULL: no map wanted */
    uint32_t *map_cap;
    uint32_t n;
} _nfc_out;

static bool _text_nfc_room(_nfc_out *o, uint32_t more)
{
    uint64_t need = (uint64_t)o->n + more + 1; /* + the NUL (and the map's end entry) */
    if (need > UINT32_MAX)
        return false;
    if (!_text_reserve((void **)o->buf, o->cap, (uint32_t)need, 1))
        return false;
    return !o->map || _text_reserve((void **)o->map, o->map_cap, (uint32_t)need, sizeof **o->map);
}

/* The end of the character at IN[i] and of the non-starters (combining
 * class > 0) after it: the smallest piece NFC can change on its own, except
 * for starters that compose with a starter before them (Hangul jamo, a few
 * Indic vowel signs), which _text_nfc_map_run handles by merging pieces. */
static uint32_t _text_nfc_piece_end(const char *in, uint32_t end, uint32_t i)
{
    _text_utf8_next(in, end, &i);
    while (i < end) {
        uint32_t at = i, cp = _text_utf8_next(in, end, &i);
        if (uc_combining_class(cp) == 0) {
            i = at;
            break;
        }
    }
    return i;
}

/* Fills the map for the normalised run OUT[o0, o1) made from IN[i0, i1):
 * each piece of the source is normalised alone and matched against the
 * output, so every output byte points at the first byte of the source piece
 * it came from. Pieces that composed with the next one (their result does
 * not match) are merged with it and tried again. */
static void _text_nfc_map_run(const char *in, uint32_t i0, uint32_t i1, const char *out, uint32_t o0, uint32_t o1,
                              uint32_t *map)
{
    uint32_t src = i0, pos = o0;
    while (src < i1 && pos < o1) {
        uint32_t end = _text_nfc_piece_end(in, i1, src);
        bool matched = false;
        for (int merges = 0; merges < 16; merges++) {
            uint8_t small[128];
            size_t len = sizeof small;
            uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)in + src, end - src, small, &len);
            if (!r)
                break;
            matched = pos + len <= o1 && memcmp(out + pos, r, len) == 0;
            if (r != small)
                free(r);
            if (matched) {
                for (uint32_t k = 0; k < len; k++)
                    map[pos + k] = src;
                pos += (uint32_t)len;
                src = end;
                break;
            }
            if (end >= i1)
                break;
            end = _text_nfc_piece_end(in, i1, end);
        }
        if (!matched)
            break;
    }
    /* Whatever could not be matched belongs to where matching stopped. */
    for (; pos < o1; pos++)
        map[pos] = src < i1 ? src : i1;
}

/* Appends the NFC form of the valid UTF-8 IN[i0, i1). */
static bool _text_nfc_run(const char *in, uint32_t i0, uint32_t i1, _nfc_out *o)
{
    uint32_t n = i1 - i0;
    if ((uint64_t)n * _NFC_GROWTH > UINT32_MAX || !_text_nfc_room(o, n * _NFC_GROWTH))
        return false;
    char *dst = *o->buf + o->n;
    size_t len = (size_t)(*o->cap - o->n - 1);
    uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)in + i0, n, (uint8_t *)dst, &len);
    if (!r) {
        if (errno == ENOMEM)
            return false;
        /* libunistring refused text our decoder accepts: keep it as it is. */
        memcpy(dst, in + i0, n);
        len = n;
    } else if (r != (uint8_t *)dst) { /* did not fit (cannot happen within 3x, but be safe) */
        bool ok = len <= UINT32_MAX - o->n - 1 && _text_nfc_room(o, (uint32_t)len);
        if (ok)
            memcpy(*o->buf + o->n, r, len);
        free(r);
        if (!ok)
            return false;
        dst = *o->buf + o->n;
    }
    if (o->map) {
        uint32_t *map = *o->map;
        if (len == n && memcmp(dst, in + i0, n) == 0) {
            for (uint32_t k = 0; k < n; k++)
                map[o->n + k] = i0 + k;
        } else {
            _text_nfc_map_run(in, i0, i1, *o->buf, o->n, o->n + (uint32_t)len, map);
        }
    }
    o->n += (uint32_t)len;
    return true;
}

bool _text_nfc(const char *in, uint32_t n, char **buf, uint32_t *cap, uint32_t **map, uint32_t *map_cap,
               uint32_t *out_n)
{
    _nfc_out o = { .buf = buf, .cap = cap, .map = map, .map_cap = map_cap };
    if (!_text_nfc_room(&o, 0))
        return false;
    uint32_t i = 0;
    while (i < n) {
        /* The valid run from i, then the invalid byte that ends it. */
        uint32_t run = i, bad = n, j = i;
        while (j < n) {
            uint32_t at = j, cp = _text_utf8_next(in, n, &j);
            if (cp == 0xfffd && !(j - at == 3 && memcmp(in + at, "\xef\xbf\xbd", 3) == 0)) {
                bad = at;
                break;
            }
        }
        uint32_t run_end = bad < n ? bad : n;
        if (run_end > run && !_text_nfc_run(in, run, run_end, &o))
            return false;
        if (bad < n) {
            if (!_text_nfc_room(&o, 1))
                return false;
            (*o.buf)[o.n] = in[bad];
            if (o.map)
                (*o.map)[o.n] = bad;
            o.n++;
            i = bad + 1;
        } else {
            i = n;
        }
    }
    (*o.buf)[o.n] = '\0';
    if (o.map)
        (*o.map)[o.n] = n;
    *out_n = o.n;
    return true;
}

vt_result text_normalize_nfc(const char *in, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len >= UINT32_MAX / _NFC_GROWTH)
        return VT_ERR_TOO_LARGE;
    char *buf = NULL;
    uint32_t cap = 0, n = 0;
    if (!_text_nfc(in ? in : "", (uint32_t)len, &buf, &cap, NULL, NULL, &n)) {
        free(buf);
        return VT_ERR_OUT_OF_MEMORY;
    }
    *out = buf;
    *out_len = n;
    return VT_OK;
}

/* Pure ASCII is already NFC: most UI strings skip the work. */
static bool _text_ascii(const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

bool _text_nfc_prepare(text_layout *l, const char *utf8, uint32_t n, const char **text, uint32_t *text_n,
                       bool *mapped)
{
    *text = utf8;
    *text_n = n;
    *mapped = false;
    if (_text_ascii(utf8, n))
        return true;
    uint32_t nn = 0;
    if (!_text_nfc(utf8, n, &l->_nfc, &l->_nfc_cap, &l->_nfc_map, &l->_nfc_map_cap, &nn))
        return false;
    if (nn == n && memcmp(l->_nfc, utf8, n) == 0)
        return true; /* already NFC, as nearly all text is: offsets need no mapping */
    *text = l->_nfc;
    *text_n = nn;
    *mapped = true;
    return true;
}

void _text_remap(text_layout *l, const uint32_t *map)
{
    for (uint32_t i = 0; i < l->glyph_count; i++)
        l->glyphs[i].cluster = map[l->glyphs[i].cluster];
    for (uint32_t i = 0; i < l->line_count; i++) {
        l->lines[i].byte_begin = map[l->lines[i].byte_begin];
        l->lines[i].byte_end = map[l->lines[i].byte_end];
    }
}
