#include "media_vtt.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line of the file, without its line end. */
typedef struct _vtt_line {
    const char *p;
    size_t len;
    uint32_t no; /* from 1 */
} _vtt_line;

typedef struct _vtt_ctx {
    const char *name;
    media_vtt_pos *where;
    vt_error_msg *err;
} _vtt_ctx;

static vt_result _vtt_fail(_vtt_ctx *c, uint32_t line, uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static vt_result _vtt_fail(_vtt_ctx *c, uint32_t line, uint32_t column, const char *fmt, ...)
{
    if (c->where) {
        c->where->line = line;
        c->where->column = column;
    }
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vt_error_set(c->err, "%s:%u:%u: %s", c->name, line, column, msg);
    return VT_ERR_MALFORMED;
}

/* Column (from 1, in code points) of byte P within line L. The text is
 * valid UTF-8 by then, so code points are the bytes that are not
 * continuation bytes. */
static uint32_t _vtt_col(const _vtt_line *l, const char *p)
{
    uint32_t col = 1;
    for (const char *q = l->p; q < p; q++)
        if (((unsigned char)*q & 0xC0) != 0x80)
            col++;
    return col;
}

/* Length of the valid UTF-8 sequence at S (N bytes left), or 0. Overlong
 * forms, surrogates and code points past U+10FFFF are invalid; NUL is
 * refused too (it would cut the text short in C strings). */
static size_t _utf8_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b == 0)
        return 0;
    if (b < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
        cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        cp = b & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Finds the first byte that is not valid UTF-8 and reports its line and
 * column the way an editor would count them. */
static vt_result _vtt_check_utf8(_vtt_ctx *c, const char *data, size_t size)
{
    const unsigned char *s = (const unsigned char *)data;
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < size;) {
        if (s[i] == '\r' || s[i] == '\n') {
            i += (s[i] == '\r' && i + 1 < size && s[i + 1] == '\n') ? 2 : 1;
            line++;
            col = 1;
            continue;
        }
        size_t len = _utf8_len(s + i, size - i);
        if (len == 0) {
            if (s[i] == 0)
                return _vtt_fail(c, line, col, "NUL byte in the text — fix: save the file as plain UTF-8 text");
            return _vtt_fail(c, line, col,
                             "byte 0x%02X is not UTF-8 — fix: save the file as UTF-8 (not Latin-1, "
                             "UTF-16 or a word processor format)",
                             s[i]);
        }
        i += len;
        col++;
    }
    return VT_OK;
}

static bool _is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\f';
}

static bool _is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool _is_blank(const _vtt_line *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (!_is_ws(l->p[i]))
            return false;
    return true;
}

/* True when line L starts with WORD followed by the end, a space or a tab
 * (how WEBVTT, NOTE, STYLE and REGION are recognised). */
static bool _starts_word(const _vtt_line *l, const char *word)
{
    size_t n = strlen(word);
    return l->len >= n && memcmp(l->p, word, n) == 0 && (l->len == n || l->p[n] == ' ' || l->p[n] == '\t');
}

static const char *_find_arrow(const char *p, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (p[i] == '-' && p[i + 1] == '-' && p[i + 2] == '>')
            return p + i;
    return NULL;
}

void media_vtt_format_time(double t, char *out, size_t out_size)
{
    if (!(t >= 0.0))
        t = 0.0;
    long long ms = llround(t * 1000.0);
    long long h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
    snprintf(out, out_size, "%02lld:%02lld:%02lld.%03lld", h, m, s, f);
}

/* The strict WebVTT timestamp grammar: [hh+:]mm:ss.ttt, where an hours
 * field is present when the first field is not exactly two digits or is
 * above 59. Returns NULL on success (with *T), else why it is wrong. */
static const char *_ts_strict(const char *s, size_t n, double *t)
{
    size_t i = 0, d1 = 0;
    unsigned long long v1 = 0;
    while (i < n && _is_digit(s[i])) {
        if (v1 < 100000000ull)
            v1 = v1 * 10 + (unsigned)(s[i] - '0');
        i++;
        d1++;
    }
    if (d1 == 0)
        return "expected digits";
    bool hours = d1 != 2 || v1 > 59;
    if (i >= n || s[i] != ':')
        return hours ? "expected ':' after the hours" : "expected ':' after the minutes";
    i++;
    if (!(i + 2 <= n && _is_digit(s[i]) && _is_digit(s[i + 1])) || (i + 2 < n && _is_digit(s[i + 2])))
        return "minutes and seconds need exactly two digits";
    unsigned v2 = (unsigned)((s[i] - '0') * 10 + (s[i + 1] - '0'));
    i += 2;
    unsigned v3;
    if (hours || (i < n && s[i] == ':')) {
        if (i >= n || s[i] != ':')
            return "expected ':' before the seconds";
        i++;
        if (!(i + 2 <= n && _is_digit(s[i]) && _is_digit(s[i + 1])) || (i + 2 < n && _is_digit(s[i + 2])))
            return "minutes and seconds need exactly two digits";
        v3 = (unsigned)((s[i] - '0') * 10 + (s[i + 1] - '0'));
        i += 2;
    } else {
        v3 = v2;
        v2 = (unsigned)v1;
        v1 = 0;
    }
    if (i < n && s[i] == ',')
        return "uses ',' before the milliseconds (that is SRT, not WebVTT)";
    if (i >= n || s[i] != '.')
        return "the milliseconds are missing";
    i++;
    size_t d4 = 0;
    unsigned v4 = 0;
    while (i < n && _is_digit(s[i])) {
        if (d4 < 3)
            v4 = v4 * 10 + (unsigned)(s[i] - '0');
        i++;
        d4++;
    }
    if (d4 != 3)
        return "the milliseconds need exactly three digits";
    if (i != n)
        return "unexpected characters";
    if (v2 > 59 || v3 > 59)
        return "minutes and seconds must be below 60";
    *t = (double)v1 * 3600.0 + v2 * 60.0 + v3 + v4 / 1000.0;
    return NULL;
}

/* A lenient reading of what the curator probably meant ("00:01.5",
 * "0:00:01,000", "1:05"), for the fix in the message. False when nothing
 * sensible comes out. */
static bool _ts_suggest(const char *s, size_t n, char *out, size_t out_size)
{
    double fields[3];
    int count = 0;
    size_t i = 0;
    while (count < 3) {
        size_t d = 0;
        double v = 0;
        while (i < n && _is_digit(s[i]) && d < 6) {
            v = v * 10 + (s[i] - '0');
            i++;
            d++;
        }
        if (d == 0)
            return false;
        fields[count++] = v;
        if (i < n && s[i] == ':') {
            i++;
            continue;
        }
        break;
    }
    double frac = 0, scale = 0.1;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        i++;
        while (i < n && _is_digit(s[i])) {
            frac += (s[i] - '0') * scale;
            scale *= 0.1;
            i++;
        }
    }
    if (i != n || count < 2)
        return false;
    double t = frac;
    for (int k = 0; k < count; k++)
        t += fields[k] * (count == 3 ? (k == 0 ? 3600.0 : k == 1 ? 60.0 : 1.0) : (k == 0 ? 60.0 : 1.0));
    char full[32];
    media_vtt_format_time(t, full, sizeof full);
    /* Keep the short mm:ss.ttt form when the curator used it. */
    snprintf(out, out_size, "%s", count == 2 && t < 3600.0 ? full + 3 : full);
    return true;
}

/* Reads the timestamp starting at P in line L; on error reports it at P. */
static vt_result _vtt_timestamp(_vtt_ctx *c, const _vtt_line *l, const char *p, const char *what, double *t,
                                const char **end)
{
    const char *lend = l->p + l->len;
    const char *q = p;
    while (q < lend && (_is_digit(*q) || *q == ':' || *q == '.' || *q == ','))
        q++;
    *end = q;
    uint32_t col = _vtt_col(l, p);
    if (q == p)
        return _vtt_fail(c, l->no, col, "expected the %s time — fix: write it as hh:mm:ss.ttt, e.g. 00:01:02.500",
                         what);
    const char *why = _ts_strict(p, (size_t)(q - p), t);
    if (!why)
        return VT_OK;
    char fix[40];
    int n = (int)(q - p) > 24 ? 24 : (int)(q - p);
    if (_ts_suggest(p, (size_t)(q - p), fix, sizeof fix))
        return _vtt_fail(c, l->no, col, "bad %s time \"%.*s\": %s — fix: write %s", what, n, p, why, fix);
    return _vtt_fail(c, l->no, col, "bad %s time \"%.*s\": %s — fix: write it as hh:mm:ss.ttt, e.g. 00:01:02.500",
                     what, n, p, why);
}

static char *_arena_strndup(vt_arena *a, const char *s, size_t n)
{
    char *d = vt_arena_alloc(a, n + 1);
    if (d && n)
        memcpy(d, s, n);
    return d;
}

/* Appends the UTF-8 encoding of CP to D. */
static size_t _put_utf8(char *d, uint32_t cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escape at S (N bytes left, S[0] == '&') into D. Returns the
 * bytes consumed, 0 when it is no escape we know (then '&' is literal). */
static size_t _decode_entity(const char *s, size_t n, char *d, size_t *dlen)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
                  { "&nbsp;", 0xA0 }, { "&lrm;", 0x200E }, { "&rlm;", 0x200F } };
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t len = strlen(named[k].name);
        if (n >= len && memcmp(s, named[k].name, len) == 0) {
            *dlen = _put_utf8(d, named[k].cp);
            return len;
        }
    }
    if (n >= 4 && s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        size_t i = hex ? 3 : 2;
        uint32_t cp = 0;
        size_t digits = 0;
        while (i < n && digits < 7) {
            char ch = s[i];
            int v = _is_digit(ch) ? ch - '0'
                  : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                  : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                  : -1;
            if (v < 0)
                break;
            cp = cp * (hex ? 16u : 10u) + (uint32_t)v;
            i++;
            digits++;
        }
        if (digits && i < n && s[i] == ';' && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
            *dlen = _put_utf8(d, cp);
            return i + 1;
        }
    }
    return 0;
}

/* Turns a cue's payload lines into the display text: tags stripped (the
 * first voice name kept), escapes decoded. Unclosed tags are an error. */
static vt_result _vtt_cue_text(_vtt_ctx *c, vt_arena *a, const _vtt_line *lines, size_t count, media_cue *cue)
{
    size_t total = 0;
    for (size_t k = 0; k < count; k++)
        total += lines[k].len + 1;
    /* Decoding never grows text: every escape is longer than its UTF-8. */
    char *payload = vt_arena_alloc(a, total + 1);
    char *text = vt_arena_alloc(a, total + 1);
    if (!payload || !text)
        return VT_ERR_OUT_OF_MEMORY;
    size_t pn = 0, tn = 0;
    for (size_t k = 0; k < count; k++) {
        const _vtt_line *l = &lines[k];
        if (k) {
            payload[pn++] = '\n';
            text[tn++] = '\n';
        }
        memcpy(payload + pn, l->p, l->len);
        pn += l->len;
        for (size_t i = 0; i < l->len;) {
            char ch = l->p[i];
            if (ch == '<') {
                const char *close = memchr(l->p + i, '>', l->len - i);
                if (!close)
                    return _vtt_fail(c, l->no, _vtt_col(l, l->p + i),
                                     "'<' starts a tag that is never closed — fix: close it with '>', or write "
                                     "&lt; for a '<' in the text");
                const char *tag = l->p + i + 1;
                size_t tag_len = (size_t)(close - tag);
                if (!cue->voice && tag_len >= 2 && tag[0] == 'v' && (tag[1] == ' ' || tag[1] == '.' || tag[1] == '\t')) {
                    const char *name = memchr(tag, ' ', tag_len);
                    if (!name)
                        name = memchr(tag, '\t', tag_len);
                    if (name) {
                        while (name < close && _is_ws(*name))
                            name++;
                        const char *name_end = close;
                        while (name_end > name && _is_ws(name_end[-1]))
                            name_end--;
                        char *v = _arena_strndup(a, name, (size_t)(name_end - name));
                        if (!v)
                            return VT_ERR_OUT_OF_MEMORY;
                        cue->voice = v;
                    }
                }
                i = (size_t)(close - l->p) + 1;
            } else if (ch == '&') {
                size_t dlen = 0;
                size_t used = _decode_entity(l->p + i, l->len - i, text + tn, &dlen);
                if (used) {
                    tn += dlen;
                    i += used;
                } else {
                    text[tn++] = '&';
                    i++;
                }
            } else {
                text[tn++] = ch;
                i++;
            }
        }
    }
    cue->payload = payload;
    cue->text = text;
    return VT_OK;
}

/* Parses one cue block (identifier line optional). */
static vt_result _vtt_cue(_vtt_ctx *c, vt_arena *a, const _vtt_line *b, size_t n, media_captions *out)
{
    size_t ti; /* the timing line within the block */
    if (_find_arrow(b[0].p, b[0].len))
        ti = 0;
    else if (n >= 2 && _find_arrow(b[1].p, b[1].len))
        ti = 1;
    else {
        /* No "-->" where one belongs. Point at where it should go: after a
         * first time if the line starts with one, else at the line that
         * should have been the timing line. */
        const char *first = b[0].p;
        while (_is_ws(*first))
            first++; /* a blank line never starts a block, so a non-space follows */
        const _vtt_line *l = (n >= 2 && !_is_digit(*first)) ? &b[1] : &b[0];
        const char *p = l->p, *end = l->p + l->len;
        while (p < end && _is_ws(*p))
            p++;
        if (p < end && _is_digit(*p)) {
            while (p < end && !_is_ws(*p))
                p++;
            while (p < end && _is_ws(*p))
                p++;
            return _vtt_fail(c, l->no, _vtt_col(l, p),
                             "missing '-->' between the start and end times — fix: write e.g. "
                             "00:00:01.000 --> 00:00:04.000");
        }
        return _vtt_fail(c, l->no, 1,
                         "expected a timing line \"start --> end\" — fix: start each cue with a line such as "
                         "00:00:01.000 --> 00:00:04.000, cues separated by a blank line");
    }
    const _vtt_line *l = &b[ti];
    const char *p = l->p, *lend = l->p + l->len;
    while (p < lend && _is_ws(*p))
        p++;
    double start, end;
    const char *start_at = p, *q;
    vt_result r = _vtt_timestamp(c, l, p, "start", &start, &q);
    if (r != VT_OK)
        return r;
    p = q;
    while (p < lend && _is_ws(*p))
        p++;
    if (!(lend - p >= 3 && p[0] == '-' && p[1] == '-' && p[2] == '>'))
        return _vtt_fail(c, l->no, _vtt_col(l, p),
                         "expected '-->' after the start time — fix: write e.g. 00:00:01.000 --> 00:00:04.000");
    p += 3;
    while (p < lend && _is_ws(*p))
        p++;
    const char *end_at = p;
    r = _vtt_timestamp(c, l, p, "end", &end, &q);
    if (r != VT_OK)
        return r;
    if (q < lend && !_is_ws(*q))
        return _vtt_fail(c, l->no, _vtt_col(l, q),
                         "unexpected text after the end time — fix: put a space before cue settings "
                         "(e.g. \"align:center\") or remove it");
    char ts[32], te[32];
    if (end <= start) {
        media_vtt_format_time(start, ts, sizeof ts);
        media_vtt_format_time(end, te, sizeof te);
        return _vtt_fail(c, l->no, _vtt_col(l, end_at),
                         "the cue ends (%s) %s it starts (%s) — fix: the end time must come after the start time",
                         te, end == start ? "when" : "before", ts);
    }
    if (out->count > 0 && start < out->cues[out->count - 1].start) {
        const media_cue *prev = &out->cues[out->count - 1];
        media_vtt_format_time(start, ts, sizeof ts);
        media_vtt_format_time(prev->start, te, sizeof te);
        return _vtt_fail(c, l->no, _vtt_col(l, start_at),
                         "this cue starts (%s) before the previous one (line %u, %s) — fix: put the cues in order "
                         "of start time",
                         ts, prev->line, te);
    }
    for (size_t k = ti + 1; k < n; k++) {
        const char *arrow = _find_arrow(b[k].p, b[k].len);
        if (arrow)
            return _vtt_fail(c, b[k].no, _vtt_col(&b[k], arrow),
                             "'-->' inside a cue's text — fix: put a blank line before each cue's timing line "
                             "(write --&gt; to show the arrow)");
    }
    if (out->count >= MEDIA_VTT_MAX_CUES) {
        vt_error_set(c->err, "%s: more than %u cues", c->name, MEDIA_VTT_MAX_CUES);
        return VT_ERR_TOO_LARGE;
    }
    assert(out->count < out->capacity);
    media_cue *cue = &out->cues[out->count];
    memset(cue, 0, sizeof *cue);
    cue->start = start;
    cue->end = end;
    cue->line = l->no;
    r = _vtt_cue_text(c, a, b + ti + 1, n - ti - 1, cue);
    if (r != VT_OK)
        return r;
    out->count++;
    return VT_OK;
}

/* Splits the text (after the byte order mark) into lines at LF, CRLF or CR. */
static _vtt_line *_vtt_split(const char *s, size_t size, size_t *count)
{
    size_t n = 1;
    for (size_t i = 0; i < size; i++)
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < size && s[i + 1] == '\n')))
            n++;
    _vtt_line *lines = malloc(n * sizeof *lines);
    if (!lines)
        return NULL;
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || s[i] == '\n' || s[i] == '\r') {
            lines[k] = (_vtt_line){ s + start, i - start, (uint32_t)(k + 1) };
            k++;
            if (i < size && s[i] == '\r' && i + 1 < size && s[i + 1] == '\n')
                i++;
            start = i + 1;
        }
    }
    assert(k == n);
    *count = n;
    return lines;
}

vt_result media_vtt_parse(const char *data, size_t size, const char *name, vt_arena *arena, media_captions *out,
                          media_vtt_pos *where, vt_error_msg *err)
{
    assert(arena && out && (data || size == 0));
    memset(out, 0, sizeof *out);
    if (where)
        *where = (media_vtt_pos){ 0, 0 };
    _vtt_ctx c = { name ? name : "captions", where, err };
    if (size > MEDIA_VTT_MAX_BYTES) {
        vt_error_set(err, "%s: %zu bytes is too large for captions (at most %u)", c.name, size, MEDIA_VTT_MAX_BYTES);
        return VT_ERR_TOO_LARGE;
    }
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        size -= 3;
    }
    vt_result r = _vtt_check_utf8(&c, data, size);
    if (r != VT_OK)
        return r;
    size_t n;
    _vtt_line *lines = _vtt_split(data, size, &n);
    if (!lines)
        return VT_ERR_OUT_OF_MEMORY;

    if (!_starts_word(&lines[0], "WEBVTT")) {
        bool srt = n >= 2 && lines[0].len > 0 && _is_digit(lines[0].p[0]) && _find_arrow(lines[1].p, lines[1].len);
        r = _vtt_fail(&c, 1, 1,
                      srt ? "missing the WEBVTT header; this looks like an SRT file — fix: add a first line "
                            "WEBVTT and a blank line, and write milliseconds after '.' not ','"
                          : "missing the WEBVTT header — fix: make the first line of the file WEBVTT");
        goto done;
    }
    /* Header text (after WEBVTT, up to the first blank line) is ignored,
     * but a timing line there means the blank line was forgotten. */
    size_t i = 1;
    for (; i < n && !_is_blank(&lines[i]); i++) {
        const char *arrow = _find_arrow(lines[i].p, lines[i].len);
        if (arrow) {
            r = _vtt_fail(&c, lines[i].no, 1,
                          "a cue right after the header — fix: put a blank line between WEBVTT and the first cue");
            goto done;
        }
    }

    /* Every cue has one "-->" in its timing line: an upper bound. */
    size_t arrows = 0;
    for (size_t k = 0; k < n; k++)
        if (_find_arrow(lines[k].p, lines[k].len))
            arrows++;
    if (arrows > MEDIA_VTT_MAX_CUES)
        arrows = MEDIA_VTT_MAX_CUES + 1;
    if (arrows) {
        out->cues = vt_arena_alloc_array(arena, arrows, sizeof *out->cues);
        if (!out->cues) {
            r = VT_ERR_OUT_OF_MEMORY;
            goto done;
        }
        out->capacity = (uint32_t)arrows;
    }

    while (i < n) {
        if (_is_blank(&lines[i])) {
            i++;
            continue;
        }
        size_t b = i;
        while (i < n && !_is_blank(&lines[i]))
            i++;
        if (_starts_word(&lines[b], "NOTE") || _starts_word(&lines[b], "STYLE") || _starts_word(&lines[b], "REGION"))
            continue;
        r = _vtt_cue(&c, arena, &lines[b], i - b, out);
        if (r != VT_OK)
            goto done;
    }
    r = VT_OK;
done:
    free(lines);
    if (r == VT_ERR_OUT_OF_MEMORY)
        vt_error_set(err, "%s: out of memory reading captions", c.name);
    if (r != VT_OK)
        memset(out, 0, sizeof *out);
    return r;
}

vt_result media_captions_add(media_captions *c, vt_arena *arena, double start, double end, const char *text)
{
    assert(c && arena && text);
    assert(end > start && start >= 0.0);
    assert(c->count == 0 || start >= c->cues[c->count - 1].start);
    if (c->count == c->capacity) {
        uint32_t cap = c->capacity ? c->capacity * 2 : 16;
        media_cue *cues = vt_arena_alloc_array(arena, cap, sizeof *cues);
        if (!cues)
            return VT_ERR_OUT_OF_MEMORY;
        if (c->count)
            memcpy(cues, c->cues, c->count * sizeof *cues);
        c->cues = cues;
        c->capacity = cap;
    }
    size_t n = strlen(text);
    char *plain = vt_arena_alloc(arena, n + 1);
    char *payload = vt_arena_alloc(arena, n * 5 + 1); /* '&' -> "&amp;" at worst */
    if (!plain || !payload)
        return VT_ERR_OUT_OF_MEMORY;
    /* Lines: CR and CRLF become LF; blank lines and trailing blanks go, so
     * the text survives the WebVTT round trip unchanged. */
    size_t tn = 0, pn = 0;
    size_t line_start_t = 0, line_start_p = 0;
    bool line_has_text = false;
    for (size_t i = 0; i <= n; i++) {
        char ch = i < n ? text[i] : '\n';
        if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && i + 1 < n && text[i + 1] == '\n')
                i++;
            if (!line_has_text) {
                tn = line_start_t;
                pn = line_start_p;
                continue;
            }
            while (tn > line_start_t && _is_ws(plain[tn - 1])) {
                tn--;
                pn--;
            }
            plain[tn++] = '\n';
            payload[pn++] = '\n';
            line_start_t = tn;
            line_start_p = pn;
            line_has_text = false;
            continue;
        }
        if (!_is_ws(ch))
            line_has_text = true;
        plain[tn++] = ch;
        const char *esc = ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : NULL;
        if (esc) {
            memcpy(payload + pn, esc, strlen(esc));
            pn += strlen(esc);
        } else {
            payload[pn++] = ch;
        }
    }
    if (tn && plain[tn - 1] == '\n') {
        tn--;
        pn--;
    }
    plain[tn] = '\0';
    payload[pn] = '\0';
    c->cues[c->count++] = (media_cue){ .start = start, .end = end, .text = plain, .payload = payload };
    return VT_OK;
}

vt_result media_vtt_write(const media_captions *c, vt_blob *out)
{
    assert(c && out);
    memset(out, 0, sizeof *out);
    size_t cap = 16;
    for (uint32_t k = 0; k < c->count; k++)
        cap += 64 + strlen(c->cues[k].payload ? c->cues[k].payload : "");
    char *buf = malloc(cap);
    if (!buf)
        return VT_ERR_OUT_OF_MEMORY;
    size_t n = (size_t)snprintf(buf, cap, "WEBVTT\n");
    long long prev_ms = -1;
    for (uint32_t k = 0; k < c->count; k++) {
        const media_cue *q = &c->cues[k];
        long long s = llround(q->start * 1000.0), e = llround(q->end * 1000.0);
        assert(s >= prev_ms && "cues must be in order of start time");
        prev_ms = s;
        (void)prev_ms; /* only asserts read it */
        if (e <= s)
            e = s + 1; /* rounding must not make a cue end where it starts */
        char ts[32], te[32];
        media_vtt_format_time(s / 1000.0, ts, sizeof ts);
        media_vtt_format_time(e / 1000.0, te, sizeof te);
        const char *p = q->payload ? q->payload : "";
        size_t len = strlen(p);
        size_t need = n + strlen(ts) + strlen(te) + len + 16;
        if (need > cap) { /* only for absurd times: the estimate allows 64 per cue */
            char *grown = realloc(buf, need * 2);
            if (!grown) {
                free(buf);
                return VT_ERR_OUT_OF_MEMORY;
            }
            buf = grown;
            cap = need * 2;
        }
        n += (size_t)snprintf(buf + n, cap - n, "\n%s --> %s\n", ts, te);
        memcpy(buf + n, p, len);
        n += len;
        if (len)
            buf[n++] = '\n';
    }
    buf[n] = '\0';
    out->data = (unsigned char *)buf;
    out->size = n;
    return VT_OK;
}

const media_cue *media_captions_at(const media_captions *c, double t)
{
    /* The last cue that starts at or before T... */
    uint32_t lo = 0, hi = c->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (c->cues[mid].start <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* ...or, if it has ended, an earlier long one still running. Overlaps
     * are rare and short, so a few steps back are enough. */
    for (uint32_t k = lo, steps = 0; k > 0 && steps < 64; k--, steps++)
        if (t < c->cues[k - 1].end)
            return &c->cues[k - 1];
    return NULL;
}
