/* json: a strict RFC 8259 reader with positions (see json.h for the contract).
 *
 * Recursive descent over a byte buffer that need not be NUL-terminated: every
 * read checks the index against LEN. The parser carries its own line and
 * column (in code points) as it goes, so a position costs nothing to record;
 * outside strings only ASCII is legal, so the column moves one per byte there,
 * and inside strings one per UTF-8 character.
 *
 * Memory: nodes, strings and the final item/member arrays come from the
 * caller's arena. While a container is open, its items and members wait on
 * two growable scratch stacks shared by all depths (malloc'd, freed before
 * json_parse returns), so each array lands in the arena once, at its exact
 * size, instead of being regrown there. Objects with more than 16 members
 * also get a small open-addressing hash table of their keys for the
 * duplicate check, freed when the object closes. */
#include "json.h"

#include <assert.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64
/* Up to this many members the duplicate-key check compares with each earlier
 * key; past it, the object's keys go into a hash table. */
#define JSON_LINEAR_KEYS 16
/* Longest key or token quoted in a message, in bytes, before "...". Keeps
 * messages well under 150 characters. */
#define JSON_QUOTE_MAX 32

typedef struct _json_parser {
    const unsigned char *s;
    size_t len, i;
    uint32_t line, col; /* of s[i] */
    vt_arena *arena;
    json_error *err;
    bool failed;
    /* Scratch stacks for the containers still open (see the file comment). */
    json_value **items;
    size_t items_len, items_cap;
    json_member *members;
    size_t members_len, members_cap;
} _json_parser;

/* ---- positions and errors ------------------------------------------------ */

static json_pos _json_here(const _json_parser *p)
{
    return (json_pos){ p->line, p->col, (uint32_t)p->i };
}

/* Records the first error only: once a parse has failed, the callers unwind
 * and later messages would describe the wreckage, not the cause. */
__attribute__((format(printf, 3, 4)))
static void _json_fail(_json_parser *p, json_pos pos, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    p->err->pos = pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static void _json_oom(_json_parser *p)
{
    _json_fail(p, _json_here(p), "out of memory");
}

/* ---- UTF-8 --------------------------------------------------------------- */

/* Validates the UTF-8 character at S (AVAIL bytes readable, AVAIL >= 1).
 * Returns its length, or 0 with *BAD the index of the first byte that cannot
 * belong to a well-formed character (AVAIL if the text ends inside it) and
 * WHY a message. RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF. */
static size_t _json_utf8(const unsigned char *s, size_t avail, size_t *bad, char *why, size_t why_size)
{
    unsigned c = s[0];
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* range allowed for the second byte */
    if (c < 0x80)
        return 1;
    if (c < 0xC0) {
        *bad = 0;
        snprintf(why, why_size, "invalid UTF-8: unexpected continuation byte 0x%02X", c);
        return 0;
    }
    if (c < 0xC2) {
        *bad = 0;
        snprintf(why, why_size, "invalid UTF-8: overlong encoding (byte 0x%02X)", c);
        return 0;
    }
    if (c < 0xE0) {
        n = 2;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* below: overlong */
        else if (c == 0xED)
            hi = 0x9F; /* above: U+D800..U+DFFF */
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* below: overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above: beyond U+10FFFF */
    } else {
        *bad = 0;
        snprintf(why, why_size, "invalid UTF-8: byte 0x%02X cannot start a character", c);
        return 0;
    }
    for (size_t k = 1; k < n; k++) {
        if (k >= avail) {
            *bad = avail;
            snprintf(why, why_size, "invalid UTF-8: the text ends inside a character (byte 0x%02X)", c);
            return 0;
        }
        unsigned d = s[k];
        unsigned klo = k == 1 ? lo : 0x80, khi = k == 1 ? hi : 0xBF;
        if (d >= klo && d <= khi)
            continue;
        *bad = k;
        if (k == 1 && d >= 0x80 && d <= 0xBF) {
            if (d < lo)
                snprintf(why, why_size, "invalid UTF-8: overlong encoding (bytes 0x%02X 0x%02X)", c, d);
            else if (c == 0xED)
                snprintf(why, why_size, "invalid UTF-8: a surrogate encoded in UTF-8 (bytes 0x%02X 0x%02X)", c, d);
            else
                snprintf(why, why_size, "invalid UTF-8: code point above U+10FFFF (bytes 0x%02X 0x%02X)", c, d);
        } else {
            snprintf(why, why_size, "invalid UTF-8: expected a continuation byte after 0x%02X, found 0x%02X",
                     c, d);
        }
        return 0;
    }
    return n;
}

/* Reports the invalid UTF-8 at p->i. The bad byte's column counts the broken
 * prefix before it as one character, as a decoder substituting U+FFFD would. */
static void _json_fail_utf8(_json_parser *p, size_t bad, const char *why)
{
    json_pos pos = _json_here(p);
    pos.offset = (uint32_t)(p->i + bad);
    if (bad > 0)
        pos.column++;
    _json_fail(p, pos, "%s", why);
}

/* ---- describing what was found ------------------------------------------- */

static bool _json_is_word(unsigned c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '.' || c == '+' || c == '-';
}

/* Copies up to JSON_QUOTE_MAX bytes of S[0..N) into OUT as one printable
 * line: control characters become '?', invalid UTF-8 bytes too, and a cut
 * never splits a character. Appends "..." when it cut. */
static void _json_quote_bytes(char *out, size_t out_size, const unsigned char *s, size_t n)
{
    size_t o = 0, k = 0;
    assert(out_size > JSON_QUOTE_MAX + 4);
    while (k < n) {
        size_t bad;
        char why[8];
        size_t cl = _json_utf8(s + k, n - k, &bad, why, sizeof why);
        if (o + (cl ? cl : 1) > JSON_QUOTE_MAX) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (cl == 0 || s[k] < 0x20 || s[k] == 0x7F) {
            out[o++] = '?';
            k++;
        } else {
            memcpy(out + o, s + k, cl);
            o += cl;
            k += cl;
        }
    }
    out[o] = '\0';
}

/* What stands at p->i, for "expected X, found Y": a short quoted token, or
 * "end of input". */
static void _json_describe(const _json_parser *p, char *out, size_t out_size)
{
    char q[JSON_QUOTE_MAX + 8];
    size_t i = p->i, n = p->len - i;
    if (i >= p->len) {
        snprintf(out, out_size, "end of input");
        return;
    }
    unsigned c = p->s[i];
    if (c == '"') {
        /* A string token: up to its closing quote or the end of the line. */
        size_t k = 1;
        while (k < n && k <= JSON_QUOTE_MAX && p->s[i + k] != '"' && p->s[i + k] >= 0x20)
            k += p->s[i + k] == '\\' && k + 1 < n ? 2 : 1;
        if (k < n && p->s[i + k] == '"')
            k++;
        _json_quote_bytes(q, sizeof q, p->s + i, k < n ? k : n);
        snprintf(out, out_size, "'%s'", q);
    } else if (_json_is_word(c)) {
        size_t k = 1;
        while (k < n && _json_is_word(p->s[i + k]) && k <= JSON_QUOTE_MAX)
            k++;
        _json_quote_bytes(q, sizeof q, p->s + i, k);
        snprintf(out, out_size, "'%s'", q);
    } else if (c == '\'') {
        snprintf(out, out_size, "\"'\"");
    } else if (c < 0x20 || c == 0x7F) {
        snprintf(out, out_size, "a control character U+%04X", c);
    } else {
        size_t bad;
        char why[8];
        size_t cl = _json_utf8(p->s + i, n, &bad, why, sizeof why);
        _json_quote_bytes(q, sizeof q, p->s + i, cl ? cl : 1);
        snprintf(out, out_size, "'%s'", q);
    }
}

/* "WHAT, found TOKEN" at p->i. Invalid UTF-8 there is reported as such: the
 * text is broken before it is unexpected. */
static void _json_fail_expected(_json_parser *p, const char *what)
{
    if (p->i < p->len && p->s[p->i] >= 0x80) {
        size_t bad;
        char why[96];
        if (!_json_utf8(p->s + p->i, p->len - p->i, &bad, why, sizeof why)) {
            /* Cut off by the end of the text: point at the lead byte. */
            _json_fail_utf8(p, bad < p->len - p->i ? bad : 0, why);
            return;
        }
    }
    char found[JSON_QUOTE_MAX + 40];
    _json_describe(p, found, sizeof found);
    _json_fail(p, _json_here(p), "%s, found %s", what, found);
}

/* ---- scanning ------------------------------------------------------------ */

/* RFC 8259 whitespace only. \r\n is one line break, and so is a lone \r. */
static void _json_skip_ws(_json_parser *p)
{
    const unsigned char *s = p->s;
    size_t i = p->i, len = p->len;
    uint32_t line = p->line, col = p->col;
    while (i < len) {
        unsigned c = s[i];
        if (c == ' ' || c == '\t') {
            col++;
            i++;
        } else if (c == '\n') {
            line++;
            col = 1;
            i++;
        } else if (c == '\r') {
            line++;
            col = 1;
            i++;
            if (i < len && s[i] == '\n')
                i++;
        } else {
            break;
        }
    }
    p->i = i;
    p->line = line;
    p->col = col;
}

/* Moves over N ASCII bytes on the current line. */
static void _json_advance(_json_parser *p, size_t n)
{
    p->i += n;
    p->col += (uint32_t)n;
}

static json_value *_json_node(_json_parser *p, json_type type, json_pos pos)
{
    json_value *v = vt_arena_alloc(p->arena, sizeof *v);
    if (!v) {
        _json_oom(p);
        return NULL;
    }
    v->type = type;
    v->pos = pos;
    return v;
}

/* ---- strings ------------------------------------------------------------- */

static int _json_hex(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* The 4 hex digits at S[I..I+4) as a code unit, -1 if one is not hex, -2 if
 * the text ends first. */
static long _json_hex4(const _json_parser *p, size_t i)
{
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        if (i + k >= p->len)
            return -2;
        int h = _json_hex(p->s[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t _json_put_utf8(unsigned char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static void _json_fail_unterminated(_json_parser *p, json_pos start)
{
    _json_fail(p, _json_here(p), "unterminated string (started at line %u, column %u)",
               (unsigned)start.line, (unsigned)start.column);
}

/* Decodes the escape at p->i (a backslash) into O; returns the bytes written
 * or 0 on error. */
static size_t _json_escape(_json_parser *p, unsigned char *o, json_pos start)
{
    json_pos at = _json_here(p);
    if (p->i + 1 >= p->len) {
        _json_advance(p, 1);
        _json_fail_unterminated(p, start);
        return 0;
    }
    unsigned e = p->s[p->i + 1];
    unsigned char simple = 0;
    switch (e) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case '/': simple = '/'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'u': break;
    default:
        if (e >= 0x21 && e < 0x7F)
            _json_fail(p, at, "invalid escape '\\%c' in a string (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                       (char)e);
        else
            _json_fail(p, at, "invalid escape in a string: '\\' must be followed by one of \" \\ / b f n r t u");
        return 0;
    }
    if (simple) {
        _json_advance(p, 2);
        o[0] = simple;
        return 1;
    }
    long u = _json_hex4(p, p->i + 2);
    if (u == -2) {
        _json_advance(p, p->len - p->i);
        _json_fail_unterminated(p, start);
        return 0;
    }
    if (u < 0) {
        char q[JSON_QUOTE_MAX + 8];
        size_t n = p->len - p->i < 6 ? p->len - p->i : 6;
        _json_quote_bytes(q, sizeof q, p->s + p->i, n);
        _json_fail(p, at, "invalid escape '%s' in a string: \\u needs four hex digits", q);
        return 0;
    }
    uint32_t cp = (uint32_t)u;
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        _json_fail(p, at, "unpaired surrogate '\\u%04X' in a string (a low surrogate with no high one before it)",
                   (unsigned)cp);
        return 0;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        size_t j = p->i + 6;
        long lo = -1;
        if (j + 1 < p->len && p->s[j] == '\\' && p->s[j + 1] == 'u')
            lo = _json_hex4(p, j + 2);
        if (lo < 0xDC00 || lo > 0xDFFF) {
            _json_fail(p, at, "unpaired surrogate '\\u%04X' in a string (expected a low surrogate \\uDC00-\\uDFFF after it)",
                       (unsigned)cp);
            return 0;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
        _json_advance(p, 12);
    } else {
        _json_advance(p, 6);
    }
    return _json_put_utf8(o, cp);
}

/* Parses the string at p->i (a '"') into arena memory. The first pass only
 * measures how far the string can reach (to the closing quote, a control
 * character or the end of the text); decoding never writes more bytes than it
 * reads, so that length bounds the output. The second pass validates and
 * decodes, and reports the first problem. */
static bool _json_string(_json_parser *p, const char **out, size_t *out_len)
{
    const unsigned char *s = p->s;
    json_pos start = _json_here(p);
    _json_advance(p, 1);

    size_t j = p->i;
    while (j < p->len && s[j] != '"' && s[j] >= 0x20)
        j += s[j] == '\\' ? 2 : 1;
    size_t cap = (j < p->len ? j : p->len) - p->i;
    unsigned char *buf = vt_arena_alloc(p->arena, cap + 1);
    if (!buf) {
        _json_oom(p);
        return false;
    }

    size_t o = 0;
    for (;;) {
        /* Plain ASCII runs: one byte, one column. */
        size_t i = p->i;
        while (i < p->len && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
            buf[o++] = s[i++];
        p->col += (uint32_t)(i - p->i);
        p->i = i;

        if (i >= p->len) {
            _json_fail_unterminated(p, start);
            return false;
        }
        unsigned c = s[i];
        if (c == '"') {
            _json_advance(p, 1);
            break;
        }
        if (c == '\\') {
            size_t n = _json_escape(p, buf + o, start);
            if (!n)
                return false;
            o += n;
        } else if (c < 0x20) {
            if (c == '\n' || c == '\r')
                _json_fail(p, _json_here(p),
                           "control character in a string: use \\%c (the string started at line %u, column %u)",
                           c == '\n' ? 'n' : 'r', (unsigned)start.line, (unsigned)start.column);
            else if (c == '\t')
                _json_fail(p, _json_here(p), "control character in a string: use \\t");
            else
                _json_fail(p, _json_here(p), "control character in a string: use \\u%04X", c);
            return false;
        } else {
            size_t bad;
            char why[96];
            size_t n = _json_utf8(s + i, p->len - i, &bad, why, sizeof why);
            if (!n) {
                if (i + bad >= p->len) {
                    p->i = p->len;
                    p->col++;
                    _json_fail_unterminated(p, start);
                } else {
                    _json_fail_utf8(p, bad, why);
                }
                return false;
            }
            memcpy(buf + o, s + i, n);
            o += n;
            p->i += n;
            p->col++;
        }
    }
    assert(o <= cap);
    buf[o] = '\0';
    *out = (const char *)buf;
    *out_len = o;
    return true;
}

/* ---- numbers ------------------------------------------------------------- */

static bool _json_digit(const _json_parser *p, size_t i)
{
    return i < p->len && p->s[i] >= '0' && p->s[i] <= '9';
}

/* Exact powers of ten a double holds, for the fast path below. */
static const double _json_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* strtod on a NUL-terminated copy of S[0..N), which the grammar check has
 * already accepted. strtod reads the locale's decimal point; if a program set
 * one other than '.', the copy gets that one instead. */
static bool _json_strtod(const unsigned char *s, size_t n, double *out)
{
    char small[64];
    char *buf = n + 8 <= sizeof small ? small : malloc(n + 8);
    if (!buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    *out = strtod(buf, &end);
    if (*end == '.') {
        const char *dp = localeconv()->decimal_point;
        size_t dl = strlen(dp);
        if (dl > 0 && dl <= 4) {
            size_t at = (size_t)(end - buf);
            memmove(buf + at + dl, buf + at + 1, n - at);
            memcpy(buf + at, dp, dl);
            *out = strtod(buf, &end);
        }
    }
    if (buf != small)
        free(buf);
    return true;
}

/* number = [ "-" ] int [ frac ] [ exp ] (RFC 8259 section 6). */
static json_value *_json_number(_json_parser *p)
{
    json_pos start = _json_here(p);
    const unsigned char *s = p->s;
    size_t i = p->i;
    bool neg = false;
    if (s[i] == '-') {
        neg = true;
        i++;
    }
    if (!_json_digit(p, i)) {
        _json_advance(p, i - p->i);
        _json_fail_expected(p, "expected a digit after '-'");
        return NULL;
    }
    /* The significant digits go into MANT (while they fit) and the decimal
     * point into EXP10, for the exact fast path below. */
    uint64_t mant = 0;
    int sig = 0, exp10 = 0;
    if (s[i] == '0') {
        i++;
        if (_json_digit(p, i)) {
            char q[JSON_QUOTE_MAX + 8];
            size_t k = p->i;
            while (k < p->len && _json_is_word(s[k]) && k - p->i <= JSON_QUOTE_MAX)
                k++;
            _json_quote_bytes(q, sizeof q, s + p->i, k - p->i);
            _json_fail(p, start, "leading zeros are not allowed in numbers, found '%s'", q);
            return NULL;
        }
    } else {
        while (_json_digit(p, i)) {
            if (++sig <= 19)
                mant = mant * 10 + (uint64_t)(s[i] - '0');
            i++;
        }
    }
    if (i < p->len && s[i] == '.') {
        i++;
        if (!_json_digit(p, i)) {
            _json_advance(p, i - p->i);
            _json_fail_expected(p, "expected a digit after '.' in a number");
            return NULL;
        }
        while (_json_digit(p, i)) {
            unsigned d = s[i++] - '0';
            if (mant == 0 && d == 0) {
                exp10--; /* 0.000x: zeros before the first significant digit */
                continue;
            }
            if (++sig <= 19) {
                mant = mant * 10 + d;
                exp10--;
            }
        }
    }
    bool fast = sig <= 15; /* then MANT < 10^15 < 2^53: exact as a double */
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        bool eneg = false;
        if (i < p->len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        if (!_json_digit(p, i)) {
            _json_advance(p, i - p->i);
            _json_fail_expected(p, "expected a digit in the exponent of a number");
            return NULL;
        }
        int e = 0;
        while (_json_digit(p, i)) {
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
            i++;
        }
        exp10 += eneg ? -e : e;
    }
    if (i < p->len && _json_is_word(s[i])) {
        /* "1.5.3", "0x1F", "1e5e": the number runs on into junk. */
        char q[JSON_QUOTE_MAX + 8];
        size_t k = i;
        while (k < p->len && _json_is_word(s[k]) && k - p->i <= JSON_QUOTE_MAX)
            k++;
        _json_quote_bytes(q, sizeof q, s + p->i, k - p->i);
        _json_fail(p, start, "invalid number '%s'", q);
        return NULL;
    }

    double d;
    /* Clinger's fast path: a mantissa below 2^53 and a power of ten up to
     * 1e22 are both exact doubles, so one multiply or divide rounds once and
     * gives the correctly rounded result, as strtod would. */
    if (fast && FLT_EVAL_METHOD == 0 && exp10 >= -22 && exp10 <= 22) {
        d = (double)mant;
        d = exp10 < 0 ? d / _json_pow10[-exp10] : d * _json_pow10[exp10];
        if (neg)
            d = -d;
    } else if (!_json_strtod(s + p->i, i - p->i, &d)) {
        _json_oom(p);
        return NULL;
    }
    if (isinf(d)) {
        char q[JSON_QUOTE_MAX + 8];
        _json_quote_bytes(q, sizeof q, s + p->i, i - p->i);
        _json_fail(p, start, "number out of range: '%s'", q);
        return NULL;
    }
    _json_advance(p, i - p->i);
    json_value *v = _json_node(p, JSON_NUMBER, start);
    if (v)
        v->number = d;
    return v;
}

/* ---- containers ---------------------------------------------------------- */

static json_value *_json_value(_json_parser *p, int depth);

static bool _json_push_item(_json_parser *p, json_value *v)
{
    if (p->items_len == p->items_cap) {
        size_t cap = p->items_cap ? p->items_cap * 2 : 256;
        json_value **n = realloc(p->items, cap * sizeof *n);
        if (!n) {
            _json_oom(p);
            return false;
        }
        p->items = n;
        p->items_cap = cap;
    }
    p->items[p->items_len++] = v;
    return true;
}

static bool _json_push_member(_json_parser *p, const json_member *m)
{
    if (p->members_len == p->members_cap) {
        size_t cap = p->members_cap ? p->members_cap * 2 : 64;
        json_member *n = realloc(p->members, cap * sizeof *n);
        if (!n) {
            _json_oom(p);
            return false;
        }
        p->members = n;
        p->members_cap = cap;
    }
    p->members[p->members_len++] = *m;
    return true;
}

static bool _json_enter(_json_parser *p, int depth)
{
    if (depth >= JSON_MAX_DEPTH) {
        _json_fail(p, _json_here(p), "nesting deeper than %d levels", JSON_MAX_DEPTH);
        return false;
    }
    return true;
}

/* After an array item or object member: a comma (1: another follows, but
 * not a trailing comma before CLOSE), CLOSE itself (0: the container ends),
 * or an error (-1, reported). */
static int _json_separator(_json_parser *p, char close, const char *trailing_msg, const char *expected_msg)
{
    _json_skip_ws(p);
    if (p->i < p->len && p->s[p->i] == ',') {
        json_pos comma = _json_here(p);
        _json_advance(p, 1);
        _json_skip_ws(p);
        if (p->i < p->len && p->s[p->i] == close) {
            _json_fail(p, comma, "%s", trailing_msg);
            return -1;
        }
        return 1;
    }
    if (p->i < p->len && p->s[p->i] == close) {
        _json_advance(p, 1);
        return 0;
    }
    _json_fail_expected(p, expected_msg);
    return -1;
}

static json_value *_json_array(_json_parser *p, int depth)
{
    json_value *arr = _json_node(p, JSON_ARRAY, _json_here(p));
    if (!arr || !_json_enter(p, depth))
        return NULL;
    _json_advance(p, 1);
    _json_skip_ws(p);
    if (p->i < p->len && p->s[p->i] == ']') {
        _json_advance(p, 1);
        return arr;
    }
    size_t base = p->items_len;
    for (;;) {
        json_value *v = _json_value(p, depth + 1);
        if (!v || !_json_push_item(p, v))
            return NULL;
        int next = _json_separator(p, ']', "trailing comma before ']'", "expected ',' or ']' after an array item");
        if (next < 0)
            return NULL;
        if (next == 0)
            break;
    }
    size_t n = p->items_len - base;
    arr->items = vt_arena_alloc_array(p->arena, n, sizeof *arr->items);
    if (!arr->items) {
        _json_oom(p);
        return NULL;
    }
    memcpy(arr->items, p->items + base, n * sizeof *arr->items);
    arr->count = n;
    p->items_len = base;
    return arr;
}

/* The duplicate-key table of one large object: open addressing over member
 * indices (relative to the object's first member), 0 meaning empty. */
typedef struct _json_keys {
    uint32_t *slots; /* index + 1 */
    uint32_t *hashes;
    size_t cap, used;
} _json_keys;

static uint32_t _json_hash(const char *k, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)k[i];
        h *= 16777619u;
    }
    return h;
}

static bool _json_keys_grow(_json_keys *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    uint32_t *slots = calloc(cap, sizeof *slots);
    uint32_t *hashes = calloc(cap, sizeof *hashes);
    if (!slots || !hashes) {
        free(slots);
        free(hashes);
        return false;
    }
    for (size_t k = 0; k < t->cap; k++) {
        if (!t->slots[k])
            continue;
        size_t at = t->hashes[k] & (cap - 1);
        while (slots[at])
            at = (at + 1) & (cap - 1);
        slots[at] = t->slots[k];
        hashes[at] = t->hashes[k];
    }
    free(t->slots);
    free(t->hashes);
    t->slots = slots;
    t->hashes = hashes;
    t->cap = cap;
    return true;
}

/* Looks KEY up among MEMBERS[0..); if absent, records it as member INDEX.
 * Returns the earlier member with that key, or NULL. */
static const json_member *_json_keys_check(_json_keys *t, const json_member *members, size_t index,
                                           const char *key, size_t key_len, bool *oom)
{
    if ((t->used + 1) * 2 > t->cap && !_json_keys_grow(t)) {
        *oom = true;
        return NULL;
    }
    uint32_t h = _json_hash(key, key_len);
    size_t at = h & (t->cap - 1);
    while (t->slots[at]) {
        const json_member *m = &members[t->slots[at] - 1];
        if (t->hashes[at] == h && m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
            return m;
        at = (at + 1) & (t->cap - 1);
    }
    t->slots[at] = (uint32_t)index + 1;
    t->hashes[at] = h;
    t->used++;
    return NULL;
}

/* Quotes a decoded key for a message: printable, one line, cut if long. */
static void _json_quote_key(char *out, size_t out_size, const char *key, size_t key_len)
{
    char q[JSON_QUOTE_MAX + 8];
    _json_quote_bytes(q, sizeof q, (const unsigned char *)key, key_len);
    /* A '"' or '\' in the key would blur the quoting: show them escaped. */
    size_t o = 0;
    for (size_t k = 0; q[k] && o + 3 < out_size; k++) {
        if (q[k] == '"' || q[k] == '\\')
            out[o++] = '\\';
        out[o++] = q[k];
    }
    out[o] = '\0';
}

static json_value *_json_object_members(_json_parser *p, json_value *obj, int depth, _json_keys *keys)
{
    size_t base = p->members_len;
    for (;;) {
        /* p->i is at the key, or at what stands where it should be. */
        if (p->i >= p->len || p->s[p->i] != '"') {
            _json_fail_expected(p, base == p->members_len ? "expected a key in double quotes or '}'"
                                                          : "expected a key in double quotes after ','");
            return NULL;
        }
        json_member m = { 0 };
        m.key_pos = _json_here(p);
        if (!_json_string(p, &m.key, &m.key_len))
            return NULL;

        /* Duplicate check against this object's earlier members, which are
         * exactly members[base..members_len): nested objects have popped
         * theirs by now. */
        size_t count = p->members_len - base;
        const json_member *first = NULL;
        if (count < JSON_LINEAR_KEYS) {
            for (size_t k = base; k < p->members_len && !first; k++)
                if (p->members[k].key_len == m.key_len && memcmp(p->members[k].key, m.key, m.key_len) == 0)
                    first = &p->members[k];
        } else {
            bool oom = false;
            for (size_t k = keys->used; k < count && !oom; k++) /* first time here: the earlier keys */
                _json_keys_check(keys, p->members + base, k, p->members[base + k].key,
                                 p->members[base + k].key_len, &oom);
            if (!oom)
                first = _json_keys_check(keys, p->members + base, count, m.key, m.key_len, &oom);
            if (oom) {
                _json_oom(p);
                return NULL;
            }
        }
        if (first) {
            char q[2 * JSON_QUOTE_MAX + 8];
            _json_quote_key(q, sizeof q, m.key, m.key_len);
            _json_fail(p, m.key_pos, "duplicate key \"%s\" (first at line %u, column %u)", q,
                       (unsigned)first->key_pos.line, (unsigned)first->key_pos.column);
            return NULL;
        }

        _json_skip_ws(p);
        if (p->i >= p->len || p->s[p->i] != ':') {
            char q[2 * JSON_QUOTE_MAX + 8];
            char what[2 * JSON_QUOTE_MAX + 40];
            _json_quote_key(q, sizeof q, m.key, m.key_len);
            snprintf(what, sizeof what, "expected ':' after the key \"%s\"", q);
            _json_fail_expected(p, what);
            return NULL;
        }
        _json_advance(p, 1);
        _json_skip_ws(p);
        m.value = _json_value(p, depth + 1);
        if (!m.value || !_json_push_member(p, &m))
            return NULL;

        int next = _json_separator(p, '}', "trailing comma before '}'", "expected ',' or '}' after a member");
        if (next < 0)
            return NULL;
        if (next == 0)
            break;
    }
    size_t n = p->members_len - base;
    obj->members = vt_arena_alloc_array(p->arena, n, sizeof *obj->members);
    if (!obj->members) {
        _json_oom(p);
        return NULL;
    }
    memcpy(obj->members, p->members + base, n * sizeof *obj->members);
    obj->count = n;
    p->members_len = base;
    return obj;
}

static json_value *_json_object(_json_parser *p, int depth)
{
    json_value *obj = _json_node(p, JSON_OBJECT, _json_here(p));
    if (!obj || !_json_enter(p, depth))
        return NULL;
    _json_advance(p, 1);
    _json_skip_ws(p);
    if (p->i < p->len && p->s[p->i] == '}') {
        _json_advance(p, 1);
        return obj;
    }
    _json_keys keys = { 0 };
    json_value *r = _json_object_members(p, obj, depth, &keys);
    free(keys.slots);
    free(keys.hashes);
    return r;
}

/* ---- values -------------------------------------------------------------- */

/* null, true, false: the word must stand alone ("nullx", "True" are not). */
static json_value *_json_literal(_json_parser *p, const char *word, json_type type)
{
    size_t n = strlen(word);
    if (p->len - p->i >= n && memcmp(p->s + p->i, word, n) == 0 &&
        (p->i + n >= p->len || !_json_is_word(p->s[p->i + n]))) {
        json_value *v = _json_node(p, type, _json_here(p));
        _json_advance(p, n);
        return v;
    }
    _json_fail_expected(p, "expected a value");
    return NULL;
}

/* The value at p->i (whitespace already skipped). DEPTH counts the
 * containers around it. */
static json_value *_json_value(_json_parser *p, int depth)
{
    if (p->i >= p->len) {
        _json_fail_expected(p, "expected a value");
        return NULL;
    }
    switch (p->s[p->i]) {
    case '{': return _json_object(p, depth);
    case '[': return _json_array(p, depth);
    case '"': {
        json_value *v = _json_node(p, JSON_STRING, _json_here(p));
        if (!v || !_json_string(p, &v->string, &v->string_len))
            return NULL;
        return v;
    }
    case 'n': return _json_literal(p, "null", JSON_NULL);
    case 't': return _json_literal(p, "true", JSON_TRUE);
    case 'f': return _json_literal(p, "false", JSON_FALSE);
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return _json_number(p);
    default:
        _json_fail_expected(p, "expected a value");
        return NULL;
    }
}

/* ---- public -------------------------------------------------------------- */

json_value *json_parse(const char *text, size_t len, vt_arena *arena, json_error *err)
{
    json_error local;
    assert(arena);
    assert(text || len == 0);
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);

    _json_parser p = {
        .s = (const unsigned char *)text,
        .len = len,
        .line = 1,
        .col = 1,
        .arena = arena,
        .err = err,
    };
    if (len > UINT32_MAX) {
        _json_fail(&p, _json_here(&p), "the document is larger than 4 GiB");
        return NULL;
    }
    /* A UTF-8 byte order mark is invisible to the writer: it takes no column. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p.i = 3;
    size_t body = p.i;
    _json_skip_ws(&p);
    if (p.i >= len) {
        _json_fail(&p, _json_here(&p), p.i == body ? "the file is empty" : "the file is empty (only whitespace)");
        return NULL;
    }

    json_value *root = _json_value(&p, 0);
    if (root) {
        _json_skip_ws(&p);
        if (p.i < len) {
            _json_fail_expected(&p, "expected end of input after the document");
            root = NULL;
        }
    }
    free(p.items);
    free(p.members);
    return p.failed ? NULL : root;
}

const json_value *json_get(const json_value *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT || !key)
        return NULL;
    size_t n = strlen(key);
    for (size_t k = 0; k < obj->count; k++) {
        const json_member *m = &obj->members[k];
        if (m->key_len == n && memcmp(m->key, key, n) == 0)
            return m->value;
    }
    return NULL;
}

const char *json_type_name(json_type t)
{
    switch (t) {
    case JSON_NULL: return "null";
    case JSON_FALSE: return "false";
    case JSON_TRUE: return "true";
    case JSON_NUMBER: return "number";
    case JSON_STRING: return "string";
    case JSON_ARRAY: return "array";
    case JSON_OBJECT: return "object";
    }
    return "unknown";
}
