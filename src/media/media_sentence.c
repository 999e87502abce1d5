#include "media_sentence.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The code point at S and its length; a stray byte reads as itself, so any
 * bytes walk forward. */
static uint32_t _cp(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    uint32_t cp = n == 4 ? u[0] & 0x07u : n == 3 ? u[0] & 0x0Fu : u[0] & 0x1Fu;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *len = 1;
            return u[0];
        }
        cp = cp << 6 | (u[i] & 0x3Fu);
    }
    *len = n;
    return n == 1 ? u[0] : cp;
}

static bool _space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 ||
           cp == 0x3000;
}

static bool _term(uint32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static bool _cjk_term(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF61;
}

static bool _closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0xBB ||
           cp == 0x300D || cp == 0x300F || cp == 0xFF09;
}

/* Letters for the rules here: ASCII letters and anything past ASCII that
 * is not space or sentence punctuation (Vietnamese, CJK, ...). */
static bool _letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return !_space(cp) && !_term(cp) && !_cjk_term(cp) && !_closer(cp) && cp != 0x201C && cp != 0x2018 &&
           cp != 0xAB;
}

static bool _alnum(uint32_t cp)
{
    return _letter(cp) || (cp >= '0' && cp <= '9');
}

/* Whether the '.' at DOT ends a word that is an initial or a known
 * abbreviation. */
static bool _abbreviation(const char *text, size_t start, size_t dot)
{
    static const char *const list[] = { "Mr",  "Mrs", "Ms", "Dr",  "Prof", "St", "Mt",  "Jr",  "Sr",  "vs", "ca",
                                        "cf",  "No",  "TS", "GS",  "PGS",  "ThS", "TP", "Mme", "Mlle" };
    size_t w = dot, letters = 0;
    while (w > start) {
        size_t p = w - 1;
        while (p > start && ((unsigned char)text[p] & 0xC0) == 0x80)
            p--;
        size_t len;
        if (!_letter(_cp(text + p, &len)))
            break;
        w = p;
        letters++;
    }
    if (letters == 1)
        return true;
    for (size_t k = 0; k < sizeof list / sizeof list[0]; k++)
        if (strlen(list[k]) == dot - w && memcmp(text + w, list[k], dot - w) == 0)
            return true;
    return false;
}

typedef struct _emitter {
    const char *text;
    media_span *spans;
    size_t max, count;
} _emitter;

static void _push(_emitter *e, size_t start, size_t len)
{
    if (e->count < e->max)
        e->spans[e->count] = (media_span){ start, len };
    e->count++;
}

/* Trims [a, b), drops it if it has nothing to say, cuts it if too long. */
static void _emit(_emitter *e, size_t a, size_t b)
{
    const char *t = e->text;
    size_t len;
    while (a < b && _space(_cp(t + a, &len)))
        a += len;
    while (b > a) {
        size_t p = b - 1;
        while (p > a && ((unsigned char)t[p] & 0xC0) == 0x80)
            p--;
        if (!_space(_cp(t + p, &len)))
            break;
        b = p;
    }
    bool any = false;
    for (size_t i = a; i < b && !any; i += len)
        any = _alnum(_cp(t + i, &len));
    if (!any)
        return;
    while (b - a > MEDIA_SENTENCE_MAX_BYTES) {
        size_t cut = a + MEDIA_SENTENCE_MAX_BYTES;
        while (cut > a && t[cut] != ' ')
            cut--;
        if (cut == a) { /* one huge word: cut at a code point boundary */
            cut = a + MEDIA_SENTENCE_MAX_BYTES;
            while (cut > a && ((unsigned char)t[cut] & 0xC0) == 0x80)
                cut--;
        }
        _push(e, a, cut - a);
        a = cut;
        while (a < b && t[a] == ' ')
            a++;
    }
    if (b > a)
        _push(e, a, b - a);
}

size_t media_split_sentences(const char *text, media_span *spans, size_t max)
{
    _emitter e = { text, spans, max, 0 };
    size_t n = strlen(text), start = 0, i = 0, len;
    while (i < n) {
        uint32_t cp = _cp(text + i, &len);
        if (cp == '\n') {
            /* A blank line (only spaces between two line breaks) ends a
             * paragraph, and with it a sentence. */
            size_t j = i + 1;
            while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
                j++;
            if (j < n && text[j] == '\n') {
                _emit(&e, start, i);
                start = i = j + 1;
                continue;
            }
        }
        if (!_term(cp) && !_cjk_term(cp)) {
            i += len;
            continue;
        }
        bool cjk = false, only_dot = true;
        size_t j = i, runs = 0;
        while (j < n) {
            size_t l2;
            uint32_t c2 = _cp(text + j, &l2);
            if (_term(c2) || _cjk_term(c2)) {
                cjk |= _cjk_term(c2);
                only_dot &= c2 == '.';
                runs++;
            } else if (!_closer(c2)) {
                break;
            }
            j += l2;
        }
        size_t l3 = 0;
        uint32_t next = j < n ? _cp(text + j, &l3) : 0;
        bool ends = cjk || j >= n || _space(next);
        if (ends && !cjk) {
            size_t k = j;
            while (k < n && _space(_cp(text + k, &l3)))
                k += l3;
            uint32_t after = k < n ? (uint32_t)(unsigned char)text[k] : 0;
            if (after >= 'a' && after <= 'z')
                ends = false; /* "e.g. the", "and… then" */
            else if (only_dot && runs == 1 && _abbreviation(text, start, i))
                ends = false;
        }
        if (ends) {
            _emit(&e, start, j);
            start = j;
        }
        i = j;
    }
    _emit(&e, start, n);
    return e.count;
}

size_t media_span_copy(const char *text, media_span s, char *out, size_t out_size)
{
    if (out_size == 0)
        return 0;
    size_t w = 0, len;
    bool gap = false;
    for (size_t i = s.start; i < s.start + s.len; i += len) {
        uint32_t cp = _cp(text + i, &len);
        if (i + len > s.start + s.len)
            len = s.start + s.len - i;
        if (_space(cp)) {
            gap = true;
            continue;
        }
        size_t need = len + (gap && w ? 1 : 0);
        if (w + need >= out_size)
            break;
        if (gap && w)
            out[w++] = ' ';
        gap = false;
        memcpy(out + w, text + i, len);
        w += len;
    }
    out[w] = '\0';
    return w;
}

size_t media_span_chars(const char *text, media_span s)
{
    size_t chars = 0;
    for (size_t i = s.start; i < s.start + s.len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            chars++;
    return chars;
}
