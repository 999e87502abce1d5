/* Input scripts: parsing (every line checked, with a message a tester can
 * act on) and playback (lines merged in time order into plat_events). The
 * format is described for its users in docs/input-script.md. */
#include "script.h"

#include "base/file.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* An event is due at T when its time is at most T + this: a move at
 * 1.0 + 3 * (1/30) and frame 33 at 33 * (1/30) may differ in the last bit. */
#define SCRIPT_EPS 1e-6
#define SCRIPT_MAX_WORDS 12
#define SCRIPT_MAX_COORD 1e6

typedef enum script_kind {
    SCRIPT_KEY,
    SCRIPT_MOUSE_MOVE,    /* to X Y, gliding over dur */
    SCRIPT_MOUSE_MOVE_BY, /* by DX DY, gliding over dur */
    SCRIPT_MOUSE_DOWN,
    SCRIPT_MOUSE_UP,
    SCRIPT_CLICK,         /* count 1 or 2 */
    SCRIPT_DRAG,
    SCRIPT_WHEEL,
    SCRIPT_TOUCH_DOWN,
    SCRIPT_TOUCH_MOVE,
    SCRIPT_TOUCH_UP,
    SCRIPT_TOUCH_DRAG,
    SCRIPT_TAP,           /* count 1 or 2 */
    SCRIPT_QUIT,
} script_kind;

typedef enum script_key_mode { SCRIPT_PRESS, SCRIPT_DOWN, SCRIPT_UP, SCRIPT_HOLD } script_key_mode;

/* A coordinate as written: pixels of the declared size, or a percentage. */
typedef struct script_coord {
    float v;
    bool percent;
} script_coord;

struct app_script_line {
    script_kind kind;
    int line;         /* in the file, for debugging */
    double t, dur;
    plat_key key;
    script_key_mode key_mode;
    bool shift;
    bool has_pos;     /* mouse down/up, wheel, click, touch up: a position was given */
    int button;
    int count;        /* clicks or taps */
    int finger;
    float amount;
    script_coord x0, y0, x1, y1;
    /* playback */
    int sub;          /* the next of this line's events */
    float sx, sy;     /* where a glide started, in drawable pixels */
};

/* ---------------------------------------------------------------- parsing */

typedef struct script_word {
    const char *s;
    int len, col;
} script_word;

typedef struct script_parser {
    const char *name;
    int line;
    script_word w[SCRIPT_MAX_WORDS];
    int n;            /* words on this line */
    int end_col;      /* the column after the last word, for "missing" errors */
    int cap;          /* room in app_script.lines */
    vt_error_msg *err;
} script_parser;

static bool _script_is(const script_word *w, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)w->len == n && memcmp(w->s, lit, n) == 0;
}

/* A word made printable and short for a message: bytes outside ASCII
 * become '?' so a binary file cannot garble the terminal. */
static void _script_quote(const script_word *w, char *out, size_t out_size)
{
    size_t n = 0;
    for (int i = 0; i < w->len && n + 4 < out_size; i++) {
        unsigned char c = (unsigned char)w->s[i];
        out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (n < (size_t)w->len && n + 4 <= out_size) {
        memcpy(out + n, "...", 3);
        n += 3;
    }
    out[n] = 0;
}

static bool _script_fail(script_parser *p, int col, const char *what, const char *fix)
{
    vt_error_set(p->err, "%s:%d:%d: %s \xe2\x80\x94 %s", p->name, p->line, col, what, fix);
    return false;
}

/* Splits one line into words at blanks; '#' starts a comment anywhere. */
static bool _script_split(script_parser *p, const char *line, size_t len)
{
    p->n = 0;
    p->end_col = 1;
    size_t i = 0;
    while (i < len) {
        char c = line[i];
        if (c == '#')
            break;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\v' &&
               line[i] != '\f' && line[i] != '#')
            i++;
        if (p->n == SCRIPT_MAX_WORDS)
            return _script_fail(p, (int)start + 1, "too many words on one line",
                                "one event per line; put a '#' before a comment");
        /* Columns count bytes; a line longer than an int is not a script. */
        if (i > (size_t)1 << 30)
            return _script_fail(p, 1, "line too long", "one event per line");
        p->w[p->n++] = (script_word){ .s = line + start, .len = (int)(i - start), .col = (int)start + 1 };
        p->end_col = (int)i + 1;
    }
    return true;
}

/* A decimal number: [+-]digits[.digits]. Our own reader rather than strtod,
 * which would accept "inf", "0x1p3" and, under a Vietnamese locale, want a
 * decimal comma. */
static bool _script_decimal(const char *s, int len, double *out)
{
    int i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    double v = 0, scale = 1;
    int digits = 0;
    bool dot = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.' && !dot) {
            dot = true;
            continue;
        }
        if (c < '0' || c > '9')
            return false;
        if (++digits > 15) /* beyond double's exact digits: not a hand-written number */
            return false;
        if (dot) {
            scale /= 10;
            v += (c - '0') * scale;
        } else {
            v = v * 10 + (c - '0');
        }
    }
    if (digits == 0)
        return false;
    *out = neg ? -v : v;
    return true;
}

static bool _script_bad_number(script_parser *p, const script_word *w, const char *fix)
{
    char q[40], what[80];
    _script_quote(w, q, sizeof q);
    snprintf(what, sizeof what, "\"%s\" is not a number", q);
    return _script_fail(p, w->col, what, fix);
}

static bool _script_missing(script_parser *p, const char *what, const char *example)
{
    return _script_fail(p, p->end_col, what, example);
}

/* Word I as a duration in seconds, 0..APP_SCRIPT_MAX_TIME. */
static bool _script_seconds(script_parser *p, int i, double *out)
{
    const script_word *w = &p->w[i];
    if (!_script_decimal(w->s, w->len, out) || *out < 0)
        return _script_bad_number(p, w, "write seconds like 0.5 (a dot, no unit, not negative)");
    if (*out > APP_SCRIPT_MAX_TIME)
        return _script_fail(p, w->col, "duration over a day", "scripts are tests and demos: keep them short");
    return true;
}

/* Word I as a coordinate: pixels (may be negative or beyond the view) or
 * a percentage of the view's width or height. */
static bool _script_coord_word(script_parser *p, int i, script_coord *out)
{
    const script_word *w = &p->w[i];
    int len = w->len;
    bool percent = len > 0 && w->s[len - 1] == '%';
    double v;
    if (!_script_decimal(w->s, percent ? len - 1 : len, &v))
        return _script_bad_number(p, w, "write pixels like 640 or a share of the view like 50%");
    if (fabs(v) > SCRIPT_MAX_COORD)
        return _script_fail(p, w->col, "coordinate too large", "pixels of the window: a few thousand at most");
    *out = (script_coord){ .v = (float)v, .percent = percent };
    return true;
}

static bool _script_coords(script_parser *p, int i, int count, script_coord **outs)
{
    for (int k = 0; k < count; k++)
        if (!_script_coord_word(p, i + k, outs[k]))
            return false;
    return true;
}

static bool _script_extra(script_parser *p, int i)
{
    if (i >= p->n)
        return true;
    char q[40], what[80];
    _script_quote(&p->w[i], q, sizeof q);
    snprintf(what, sizeof what, "unexpected \"%s\"", q);
    return _script_fail(p, p->w[i].col, what, "one event per line; put a '#' before a comment");
}

/* "shift+" in front of a key or button name. */
static script_word _script_unshift(const script_word *w, bool *shift)
{
    script_word r = *w;
    *shift = r.len > 6 && memcmp(r.s, "shift+", 6) == 0;
    if (*shift) {
        r.s += 6;
        r.len -= 6;
    }
    return r;
}

/* An optional button name at word I: returns the words it took (0 or 1). */
static int _script_button(script_parser *p, int i, app_script_line *l)
{
    l->button = PLAT_BUTTON_LEFT;
    if (i >= p->n)
        return 0;
    bool shift;
    script_word w = _script_unshift(&p->w[i], &shift);
    if (_script_is(&w, "left"))
        l->button = PLAT_BUTTON_LEFT;
    else if (_script_is(&w, "right"))
        l->button = PLAT_BUTTON_RIGHT;
    else if (_script_is(&w, "middle"))
        l->button = PLAT_BUTTON_MIDDLE;
    else
        return 0;
    l->shift = shift;
    return 1;
}

/* X Y at word I if there are words left (has_pos), or nothing. */
static bool _script_optional_pos(script_parser *p, int i, app_script_line *l, const char *example)
{
    if (i >= p->n)
        return true;
    if (i + 1 >= p->n)
        return _script_missing(p, "a position needs both x and y", example);
    l->has_pos = true;
    return _script_coords(p, i, 2, (script_coord *[]){ &l->x0, &l->y0 }) && _script_extra(p, i + 2);
}

/* An optional duration at word I, then nothing more. */
static bool _script_optional_dur(script_parser *p, int i, double *dur)
{
    if (i < p->n && !_script_seconds(p, i, dur))
        return false;
    return _script_extra(p, i + 1);
}

static bool _script_finger(script_parser *p, int i, app_script_line *l)
{
    double v;
    const script_word *w = &p->w[i];
    if (!_script_decimal(w->s, w->len, &v) || v != floor(v) || v < 0 || v >= APP_SCRIPT_FINGERS)
        return _script_fail(p, w->col, "a finger is a whole number 0 to 9",
                            "e.g. \"touch down 1 640 360\"; a second finger for a pinch is 2");
    l->finger = (int)v;
    return true;
}

static bool _script_key_line(script_parser *p, app_script_line *l)
{
    if (p->n < 3)
        return _script_missing(p, "key needs a key name", "e.g. \"0.0 key w down\" or \"+1 key 1\"");
    bool shift;
    script_word name = _script_unshift(&p->w[2], &shift);
    char buf[24] = { 0 };
    if (name.len > 0 && (size_t)name.len < sizeof buf)
        memcpy(buf, name.s, (size_t)name.len);
    /* A name with a NUL inside must not match its prefix. */
    l->key = memchr(name.s, 0, (size_t)name.len) ? PLAT_KEY_OTHER : plat_key_from_name(buf);
    l->shift = shift;
    if (l->key == PLAT_KEY_OTHER) {
        char q[40], what[80];
        _script_quote(&p->w[2], q, sizeof q);
        snprintf(what, sizeof what, "unknown key \"%s\"", q);
        return _script_fail(p, p->w[2].col, what,
                            "names are lower case: w a s d up down left right 0-9 space tab enter "
                            "backspace escape pageup pagedown home end f11 and letters f r l c u m s t p h i "
                            "(docs/input-script.md)");
    }
    l->key_mode = SCRIPT_PRESS;
    if (p->n == 3)
        return true;
    const script_word *m = &p->w[3];
    if (_script_is(m, "press"))
        l->key_mode = SCRIPT_PRESS;
    else if (_script_is(m, "down"))
        l->key_mode = SCRIPT_DOWN;
    else if (_script_is(m, "up"))
        l->key_mode = SCRIPT_UP;
    else if (_script_is(m, "hold")) {
        l->key_mode = SCRIPT_HOLD;
        if (p->n < 5)
            return _script_missing(p, "hold needs a duration", "e.g. \"0.0 key w hold 2\" walks for 2 s");
        return _script_seconds(p, 4, &l->dur) && _script_extra(p, 5);
    } else {
        char q[40], what[80];
        _script_quote(m, q, sizeof q);
        snprintf(what, sizeof what, "\"%s\" is not down, up, press or hold", q);
        return _script_fail(p, m->col, what, "e.g. \"key w down\", \"key w up\", \"key 1\", \"key w hold 2\"");
    }
    return _script_extra(p, 4);
}

static bool _script_click_line(script_parser *p, app_script_line *l, int i, int count)
{
    l->kind = SCRIPT_CLICK;
    l->count = count;
    i += _script_button(p, i, l);
    return _script_optional_pos(p, i, l, "e.g. \"4.0 click 640 500\"");
}

static bool _script_drag_coords(script_parser *p, app_script_line *l, int i, const char *example)
{
    if (p->n < i + 4)
        return _script_missing(p, "a drag needs x0 y0 x1 y1", example);
    l->dur = APP_SCRIPT_DRAG_S;
    return _script_coords(p, i, 4, (script_coord *[]){ &l->x0, &l->y0, &l->x1, &l->y1 }) &&
           _script_optional_dur(p, i + 4, &l->dur);
}

static bool _script_wheel_line(script_parser *p, app_script_line *l, int i)
{
    l->kind = SCRIPT_WHEEL;
    if (i >= p->n)
        return _script_missing(p, "wheel needs an amount", "e.g. \"4.0 wheel 1 640 360\": + zooms in, - out");
    double v;
    if (!_script_decimal(p->w[i].s, p->w[i].len, &v) || fabs(v) > 1000)
        return _script_bad_number(p, &p->w[i], "notches like 1, -2 or 0.5");
    l->amount = (float)v;
    return _script_optional_pos(p, i + 1, l, "e.g. \"4.0 wheel 1 640 360\"");
}

static bool _script_mouse_line(script_parser *p, app_script_line *l)
{
    if (p->n < 3)
        return _script_missing(p, "mouse needs what it does",
                               "move, move-by, down, up, click, double-click, drag or wheel");
    const script_word *what = &p->w[2];
    if (_script_is(what, "move") || _script_is(what, "move-by")) {
        l->kind = _script_is(what, "move") ? SCRIPT_MOUSE_MOVE : SCRIPT_MOUSE_MOVE_BY;
        if (p->n < 5)
            return _script_missing(p, "a move needs x and y",
                                   "e.g. \"3.0 mouse move 640 360\" or \"mouse move-by 100 0 0.5\"");
        return _script_coords(p, 3, 2, (script_coord *[]){ &l->x0, &l->y0 }) && _script_optional_dur(p, 5, &l->dur);
    }
    if (_script_is(what, "down") || _script_is(what, "up")) {
        l->kind = _script_is(what, "down") ? SCRIPT_MOUSE_DOWN : SCRIPT_MOUSE_UP;
        int i = 3 + _script_button(p, 3, l);
        return _script_optional_pos(p, i, l, "e.g. \"3.0 mouse down left 640 360\"");
    }
    if (_script_is(what, "click"))
        return _script_click_line(p, l, 3, 1);
    if (_script_is(what, "double-click"))
        return _script_click_line(p, l, 3, 2);
    if (_script_is(what, "wheel"))
        return _script_wheel_line(p, l, 3);
    if (_script_is(what, "drag")) {
        l->kind = SCRIPT_DRAG;
        int i = 3 + _script_button(p, 3, l);
        return _script_drag_coords(p, l, i, "e.g. \"3.5 mouse drag 640 360 800 360 0.5\"");
    }
    char q[40], msg[80];
    _script_quote(what, q, sizeof q);
    snprintf(msg, sizeof msg, "unknown mouse action \"%s\"", q);
    return _script_fail(p, what->col, msg, "use move, move-by, down, up, click, double-click, drag or wheel");
}

static bool _script_tap_line(script_parser *p, app_script_line *l, int i, int count)
{
    l->kind = SCRIPT_TAP;
    l->count = count;
    if (p->n < i + 2)
        return _script_missing(p, "a tap needs x and y", "e.g. \"5.0 tap 900 600\"");
    return _script_coords(p, i, 2, (script_coord *[]){ &l->x0, &l->y0 }) && _script_extra(p, i + 2);
}

static bool _script_touch_line(script_parser *p, app_script_line *l)
{
    if (p->n < 3)
        return _script_missing(p, "touch needs what it does", "down, move, up, drag, tap or double-tap");
    const script_word *what = &p->w[2];
    if (_script_is(what, "tap"))
        return _script_tap_line(p, l, 3, 1);
    if (_script_is(what, "double-tap"))
        return _script_tap_line(p, l, 3, 2);
    static const struct {
        const char *name;
        script_kind kind;
    } actions[] = { { "down", SCRIPT_TOUCH_DOWN },
                    { "move", SCRIPT_TOUCH_MOVE },
                    { "up", SCRIPT_TOUCH_UP },
                    { "drag", SCRIPT_TOUCH_DRAG } };
    int a = -1;
    for (int k = 0; k < 4; k++)
        if (_script_is(what, actions[k].name))
            a = k;
    if (a < 0) {
        char q[40], msg[80];
        _script_quote(what, q, sizeof q);
        snprintf(msg, sizeof msg, "unknown touch action \"%s\"", q);
        return _script_fail(p, what->col, msg, "use down, move, up, drag, tap or double-tap");
    }
    l->kind = actions[a].kind;
    if (p->n < 4)
        return _script_missing(p, "touch needs a finger number", "e.g. \"5.0 touch down 1 640 360\"");
    if (!_script_finger(p, 3, l))
        return false;
    switch (l->kind) {
    case SCRIPT_TOUCH_DOWN:
    case SCRIPT_TOUCH_MOVE:
        if (p->n < 6)
            return _script_missing(p, "a finger needs x and y", "e.g. \"5.0 touch down 1 640 360\"");
        if (!_script_coords(p, 4, 2, (script_coord *[]){ &l->x0, &l->y0 }))
            return false;
        return l->kind == SCRIPT_TOUCH_MOVE ? _script_optional_dur(p, 6, &l->dur) : _script_extra(p, 6);
    case SCRIPT_TOUCH_UP:
        return _script_optional_pos(p, 4, l, "e.g. \"5.5 touch up 1\" or \"5.5 touch up 1 700 360\"");
    default:
        return _script_drag_coords(p, l, 4, "e.g. \"6.0 touch drag 1 600 400 700 400 0.5\"");
    }
}

/* How long after its time a line's last event comes. */
static double _script_span(const app_script_line *l)
{
    if ((l->kind == SCRIPT_CLICK || l->kind == SCRIPT_TAP) && l->count == 2)
        return APP_SCRIPT_DOUBLE_GAP_S;
    if (l->kind == SCRIPT_KEY && l->key_mode != SCRIPT_HOLD)
        return 0;
    return l->dur;
}

typedef struct script_clock {
    double prev_start; /* the previous line's time */
    double prev_end;   /* ...plus how long it lasts: "+S" counts from here */
    double last_end;   /* the latest any line ends */
    bool last_was_wait, ended, any_line;
} script_clock;

/* Word 0: "3.0" (absolute) or "+0.5" (after the previous line ends). */
static bool _script_time(script_parser *p, script_clock *c, double *t)
{
    const script_word *w = &p->w[0];
    bool rel = w->s[0] == '+';
    double v;
    if (!_script_decimal(w->s + rel, w->len - rel, &v) || v < 0 || (w->len > rel && w->s[rel] == '-') ||
        (w->len > rel && w->s[rel] == '+'))
        return _script_bad_number(p, w, "start the line with a time in seconds: 2.5, or +0.5 after the previous line");
    *t = rel ? c->prev_end + v : v;
    if (*t > APP_SCRIPT_MAX_TIME)
        return _script_fail(p, w->col, "time over a day", "scripts are tests and demos: keep them short");
    if (*t < c->prev_start) {
        char what[120];
        snprintf(what, sizeof what, "time %g comes before the previous line's %g", *t, c->prev_start);
        return _script_fail(p, w->col, what,
                            "times must not go backwards; \"+S\" means S seconds after the previous line");
    }
    return true;
}

static bool _script_size_line(script_parser *p, app_script *s, const script_clock *c)
{
    if (c->any_line)
        return _script_fail(p, p->w[0].col, "size comes after events", "put \"size WxH\" before the first timed line");
    if (s->size_w)
        return _script_fail(p, p->w[0].col, "a second size line", "one \"size WxH\" per script");
    if (p->n < 2)
        return _script_missing(p, "size needs WIDTHxHEIGHT", "e.g. \"size 1280x720\"");
    const script_word *w = &p->w[1];
    const char *x = memchr(w->s, 'x', (size_t)w->len);
    double sw = 0, sh = 0;
    bool ok = x && _script_decimal(w->s, (int)(x - w->s), &sw) &&
              _script_decimal(x + 1, (int)(w->s + w->len - x - 1), &sh);
    if (!ok || sw != floor(sw) || sh != floor(sh) || sw < 1 || sh < 1 || sw > 16384 || sh > 16384)
        return _script_fail(p, w->col, "size is not WIDTHxHEIGHT in whole pixels", "e.g. \"size 1280x720\"");
    s->size_w = (int)sw;
    s->size_h = (int)sh;
    return _script_extra(p, 2);
}

/* Lines live in the script's arena; growing by doubling wastes at most as
 * much as is used, and all of it goes at once with the script. */
static bool _script_push(script_parser *p, app_script *s, const app_script_line *l)
{
    if (s->line_count == p->cap) {
        int cap = p->cap ? 2 * p->cap : 64;
        app_script_line *lines = vt_arena_alloc_array(&s->arena, (size_t)cap, sizeof *lines);
        if (!lines)
            return _script_fail(p, 1, "out of memory", "close other programs or shorten the script");
        if (s->line_count)
            memcpy(lines, s->lines, (size_t)s->line_count * sizeof *lines);
        s->lines = lines;
        p->cap = cap;
    }
    s->lines[s->line_count++] = *l;
    return true;
}

/* One non-empty line. Adds to s->lines when it makes events. */
static bool _script_line(script_parser *p, app_script *s, script_clock *c)
{
    const script_word *w0 = &p->w[0];
    if (_script_is(w0, "size"))
        return _script_size_line(p, s, c);
    if (c->ended)
        return _script_fail(p, w0->col, "a line after end", "end is the last line; move it down or delete it");
    char first = w0->s[0];
    if (!(first == '+' || first == '.' || (first >= '0' && first <= '9'))) {
        static const char *const commands[] = { "key",   "mouse", "click", "double-click", "wheel", "touch",
                                                "tap",   "double-tap", "wait", "quit", "end" };
        for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
            if (_script_is(w0, commands[k]))
                return _script_fail(p, w0->col, "missing time",
                                    "start the line with a time in seconds: 2.5, or +0.5 after the previous line");
    }
    double t;
    if (!_script_time(p, c, &t))
        return false;
    if (p->n < 2)
        return _script_missing(p, "a time needs something to happen",
                               "e.g. \"2.0 key w up\"; see docs/input-script.md");
    const script_word *cmd = &p->w[1];
    app_script_line l = { .line = p->line, .t = t, .count = 1 };
    bool ok;
    bool wait = false;
    if (_script_is(cmd, "key")) {
        l.kind = SCRIPT_KEY;
        ok = _script_key_line(p, &l);
    } else if (_script_is(cmd, "mouse")) {
        ok = _script_mouse_line(p, &l);
    } else if (_script_is(cmd, "click") || _script_is(cmd, "double-click")) {
        ok = _script_click_line(p, &l, 2, _script_is(cmd, "click") ? 1 : 2);
    } else if (_script_is(cmd, "wheel")) {
        ok = _script_wheel_line(p, &l, 2);
    } else if (_script_is(cmd, "touch")) {
        ok = _script_touch_line(p, &l);
    } else if (_script_is(cmd, "tap") || _script_is(cmd, "double-tap")) {
        ok = _script_tap_line(p, &l, 2, _script_is(cmd, "tap") ? 1 : 2);
    } else if (_script_is(cmd, "quit")) {
        l.kind = SCRIPT_QUIT;
        ok = _script_extra(p, 2);
    } else if (_script_is(cmd, "wait")) {
        wait = true;
        ok = p->n < 3 ? _script_missing(p, "wait needs seconds", "e.g. \"7.0 wait 2\"")
                      : _script_seconds(p, 2, &l.dur) && _script_extra(p, 3);
    } else if (_script_is(cmd, "end")) {
        if (!_script_extra(p, 2))
            return false;
        c->ended = true;
        s->end_time = t;
        return true;
    } else {
        char q[40], what[80];
        _script_quote(cmd, q, sizeof q);
        snprintf(what, sizeof what, "unknown command \"%s\"", q);
        return _script_fail(p, cmd->col, what,
                            "use key, mouse, click, double-click, wheel, touch, tap, double-tap, wait, quit or end");
    }
    if (!ok)
        return false;
    double end = t + (wait ? l.dur : _script_span(&l));
    if (end > APP_SCRIPT_MAX_TIME)
        return _script_fail(p, w0->col, "ends after a day", "scripts are tests and demos: keep them short");
    c->prev_start = t;
    c->prev_end = end;
    c->last_end = fmax(c->last_end, end);
    c->last_was_wait = wait;
    c->any_line = true;
    if (!wait && !_script_push(p, s, &l))
        return false;
    return true;
}

vt_result app_script_parse(const char *text, size_t size, const char *name, app_script *out, vt_error_msg *err)
{
    memset(out, 0, sizeof *out);
    if (size > APP_SCRIPT_MAX_BYTES) {
        vt_error_set(err, "%s: script too large (over %u MB) \xe2\x80\x94 write events, not recordings", name,
                     APP_SCRIPT_MAX_BYTES >> 20);
        return VT_ERR_TOO_LARGE;
    }
    out->end_time = -1;
    script_parser p = { .name = name, .err = err };
    script_clock c = { 0 };
    size_t pos = 0;
    /* Windows editors start UTF-8 files with a byte-order mark. */
    if (size >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < size) {
        const char *nl = memchr(text + pos, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) : size - pos;
        p.line++;
        if (!_script_split(&p, text + pos, len) || (p.n > 0 && !_script_line(&p, out, &c))) {
            vt_arena_free(&out->arena);
            memset(out, 0, sizeof *out);
            return VT_ERR_MALFORMED;
        }
        pos += len + 1;
    }
    if (out->end_time >= 0)
        out->duration = out->end_time;
    else
        out->duration = c.last_was_wait ? c.last_end : c.last_end + APP_SCRIPT_SETTLE_S;
    app_script_rewind(out);
    return VT_OK;
}

vt_result app_script_load(const char *path, app_script *out, vt_error_msg *err)
{
    memset(out, 0, sizeof *out);
    vt_blob blob = { 0 };
    vt_result r = vt_file_read(path, &blob, APP_SCRIPT_MAX_BYTES);
    if (r == VT_ERR_EMPTY) {
        /* An empty script is a run with no input: legal, if unusual. */
        return app_script_parse("", 0, path, out, err);
    }
    if (r != VT_OK) {
        if (r == VT_ERR_TOO_LARGE)
            vt_error_set(err, "%s: script too large (over %u MB)", path, APP_SCRIPT_MAX_BYTES >> 20);
        else
            vt_file_check_message(path, r, err);
        return r;
    }
    r = app_script_parse((const char *)blob.data, blob.size, path, out, err);
    vt_blob_free(&blob);
    return r;
}

void app_script_free(app_script *s)
{
    vt_arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}

/* --------------------------------------------------------------- playback */

void app_script_set_step(app_script *s, double step)
{
    assert(!s->started && "set the step before the first poll");
    assert(step >= 1e-3 && step <= 1.0);
    s->step = step;
}

void app_script_set_view(app_script *s, int w, int h)
{
    assert(!s->started && "set the view before the first poll");
    assert(w > 0 && h > 0);
    s->view_w = w;
    s->view_h = h;
}

void app_script_rewind(app_script *s)
{
    s->started = false;
    s->first_open = 0;
    if (!s->step)
        s->step = APP_SCRIPT_DEFAULT_STEP;
    if (!s->view_w) {
        s->view_w = s->size_w ? s->size_w : 1280;
        s->view_h = s->size_h ? s->size_h : 720;
    }
    for (int i = 0; i < s->line_count; i++)
        s->lines[i].sub = 0;
}

double app_script_duration(const app_script *s) { return s->duration; }

/* Script coordinates to drawable pixels. */
static float _script_px(const app_script *s, script_coord c, bool y)
{
    float view = (float)(y ? s->view_h : s->view_w);
    if (c.percent)
        return c.v * 0.01f * view;
    int size = y ? s->size_h : s->size_w;
    return size ? c.v * view / (float)size : c.v;
}

/* Moves in a glide over DUR: one per step, at least one. */
static int _script_glide_moves(const app_script *s, double dur)
{
    if (dur <= 0)
        return 1;
    double n = floor(dur / s->step + 0.5);
    return n < 1 ? 1 : (int)n;
}

/* What a line sends next: the event, when, and which class (0 = as it
 * comes; 1 = a release that ends a drag or a hold, sent after everything
 * else due at the same instant, so two fingers dragged together lift
 * together instead of one lifting before the other's last move). */
typedef struct script_next {
    plat_event ev;
    double t;
    int cls;
    int sub_after; /* the line's sub once this is sent */
    bool glide_start;
} script_next;

static void _script_mouse_event(app_script *s, plat_event_type type, float x, float y, plat_event *ev)
{
    *ev = (plat_event){ .type = type, .x = x, .y = y };
    if (type == PLAT_EV_MOUSE_MOVE) {
        ev->dx = x - s->mouse_x;
        ev->dy = y - s->mouse_y;
    }
}

/* Glide move K (0-based) of N from (SX, SY) to (EX, EY) starting at T0. */
static void _script_glide(double t0, double dur, int k, int n, float sx, float sy, float ex, float ey, float *x,
                          float *y, double *t)
{
    float f = (float)(k + 1) / (float)n;
    *x = k + 1 == n ? ex : sx + (ex - sx) * f;
    *y = k + 1 == n ? ey : sy + (ey - sy) * f;
    *t = dur > 0 ? t0 + dur * (double)(k + 1) / (double)n : t0;
}

/* Pointer lines start with a move to where they act, when the pointer is
 * elsewhere: a real mouse gets there before it clicks. Sub 0 is that move. */
static bool _script_pointer_first(app_script *s, const app_script_line *l, script_next *nx, float x, float y)
{
    if (x == s->mouse_x && y == s->mouse_y)
        return false;
    _script_mouse_event(s, PLAT_EV_MOUSE_MOVE, x, y, &nx->ev);
    nx->t = l->t;
    nx->sub_after = 1;
    return true;
}

static void _script_touch_event(app_script *s, plat_event_type type, int finger, float x, float y, plat_event *ev)
{
    *ev = (plat_event){ .type = type, .finger = finger, .x = x, .y = y };
    if (type == PLAT_EV_TOUCH_MOVE) {
        ev->dx = x - s->finger_x[finger];
        ev->dy = y - s->finger_y[finger];
    }
}

static bool _script_peek(app_script *s, const app_script_line *l, script_next *nx)
{
    int sub = l->sub;
    *nx = (script_next){ .t = l->t, .sub_after = sub + 1 };
    plat_event *ev = &nx->ev;
    float x0 = _script_px(s, l->x0, false), y0 = _script_px(s, l->y0, true);
    switch (l->kind) {
    case SCRIPT_KEY: {
        int events = l->key_mode == SCRIPT_PRESS || l->key_mode == SCRIPT_HOLD ? 2 : 1;
        if (sub >= events)
            return false;
        bool down = l->key_mode == SCRIPT_DOWN || (l->key_mode != SCRIPT_UP && sub == 0);
        *ev = (plat_event){ .type = down ? PLAT_EV_KEY_DOWN : PLAT_EV_KEY_UP, .key = l->key, .shift = l->shift };
        if (l->key_mode == SCRIPT_HOLD && sub == 1) {
            nx->t = l->t + l->dur;
            nx->cls = 1;
        }
        return true;
    }
    case SCRIPT_MOUSE_MOVE:
    case SCRIPT_MOUSE_MOVE_BY: {
        int n = _script_glide_moves(s, l->dur);
        if (sub >= n)
            return false;
        float sx = sub == 0 ? s->mouse_x : l->sx, sy = sub == 0 ? s->mouse_y : l->sy;
        float ex = l->kind == SCRIPT_MOUSE_MOVE ? x0 : sx + x0;
        float ey = l->kind == SCRIPT_MOUSE_MOVE ? y0 : sy + y0;
        float x, y;
        _script_glide(l->t, l->dur, sub, n, sx, sy, ex, ey, &x, &y, &nx->t);
        _script_mouse_event(s, PLAT_EV_MOUSE_MOVE, x, y, ev);
        nx->glide_start = sub == 0;
        return true;
    }
    case SCRIPT_MOUSE_DOWN:
    case SCRIPT_MOUSE_UP:
    case SCRIPT_WHEEL:
    case SCRIPT_CLICK: {
        float x = l->has_pos ? x0 : s->mouse_x, y = l->has_pos ? y0 : s->mouse_y;
        if (sub == 0 && _script_pointer_first(s, l, nx, x, y))
            return true;
        if (sub == 0)
            sub = 1;
        nx->sub_after = sub + 1;
        int events = l->kind == SCRIPT_CLICK ? 1 + 2 * l->count : 2;
        if (sub >= events)
            return false;
        if (l->kind == SCRIPT_WHEEL) {
            *ev = (plat_event){ .type = PLAT_EV_WHEEL, .wheel = l->amount, .x = x, .y = y };
            return true;
        }
        bool down = l->kind == SCRIPT_MOUSE_DOWN || (l->kind == SCRIPT_CLICK && sub % 2 == 1);
        *ev = (plat_event){ .type = down ? PLAT_EV_MOUSE_DOWN : PLAT_EV_MOUSE_UP,
                            .button = l->button,
                            .shift = l->shift,
                            .clicks = sub >= 3 ? 2 : 1, /* SDL counts the second pair of a double */
                            .x = x,
                            .y = y };
        if (sub >= 3)
            nx->t = l->t + APP_SCRIPT_DOUBLE_GAP_S;
        return true;
    }
    case SCRIPT_DRAG: {
        /* 0 move there, 1 down, 2..n+1 moves, n+2 up */
        int n = _script_glide_moves(s, l->dur);
        if (sub == 0 && _script_pointer_first(s, l, nx, x0, y0))
            return true;
        if (sub == 0)
            sub = 1;
        nx->sub_after = sub + 1;
        if (sub > n + 2)
            return false;
        float x1 = _script_px(s, l->x1, false), y1 = _script_px(s, l->y1, true);
        if (sub == 1 || sub == n + 2) {
            *ev = (plat_event){ .type = sub == 1 ? PLAT_EV_MOUSE_DOWN : PLAT_EV_MOUSE_UP,
                                .button = l->button,
                                .shift = l->shift,
                                .clicks = 1,
                                .x = sub == 1 ? x0 : x1,
                                .y = sub == 1 ? y0 : y1 };
            if (sub == n + 2) {
                nx->t = l->t + l->dur;
                nx->cls = 1;
            }
            return true;
        }
        float x, y;
        _script_glide(l->t, l->dur, sub - 2, n, x0, y0, x1, y1, &x, &y, &nx->t);
        _script_mouse_event(s, PLAT_EV_MOUSE_MOVE, x, y, ev);
        return true;
    }
    case SCRIPT_TOUCH_DOWN:
        if (sub > 0)
            return false;
        _script_touch_event(s, PLAT_EV_TOUCH_DOWN, l->finger, x0, y0, ev);
        return true;
    case SCRIPT_TOUCH_UP:
        if (sub > 0)
            return false;
        _script_touch_event(s, PLAT_EV_TOUCH_UP, l->finger, l->has_pos ? x0 : s->finger_x[l->finger],
                            l->has_pos ? y0 : s->finger_y[l->finger], ev);
        return true;
    case SCRIPT_TOUCH_MOVE: {
        int n = _script_glide_moves(s, l->dur);
        if (sub >= n)
            return false;
        float sx = sub == 0 ? s->finger_x[l->finger] : l->sx, sy = sub == 0 ? s->finger_y[l->finger] : l->sy;
        float x, y;
        _script_glide(l->t, l->dur, sub, n, sx, sy, x0, y0, &x, &y, &nx->t);
        _script_touch_event(s, PLAT_EV_TOUCH_MOVE, l->finger, x, y, ev);
        nx->glide_start = sub == 0;
        return true;
    }
    case SCRIPT_TOUCH_DRAG: {
        /* 0 down, 1..n moves, n+1 up */
        int n = _script_glide_moves(s, l->dur);
        if (sub > n + 1)
            return false;
        float x1 = _script_px(s, l->x1, false), y1 = _script_px(s, l->y1, true);
        if (sub == 0) {
            _script_touch_event(s, PLAT_EV_TOUCH_DOWN, l->finger, x0, y0, ev);
        } else if (sub == n + 1) {
            _script_touch_event(s, PLAT_EV_TOUCH_UP, l->finger, x1, y1, ev);
            nx->t = l->t + l->dur;
            nx->cls = 1;
        } else {
            float x, y;
            _script_glide(l->t, l->dur, sub - 1, n, x0, y0, x1, y1, &x, &y, &nx->t);
            _script_touch_event(s, PLAT_EV_TOUCH_MOVE, l->finger, x, y, ev);
        }
        return true;
    }
    case SCRIPT_TAP:
        /* Taps use finger 0. SDL counts no taps, so neither do we: a
         * double tap is two taps close in time and place. */
        if (sub >= 2 * l->count)
            return false;
        _script_touch_event(s, sub % 2 == 0 ? PLAT_EV_TOUCH_DOWN : PLAT_EV_TOUCH_UP, 0, x0, y0, ev);
        if (sub >= 2)
            nx->t = l->t + APP_SCRIPT_DOUBLE_GAP_S;
        return true;
    case SCRIPT_QUIT:
        if (sub > 0)
            return false;
        ev->type = PLAT_EV_QUIT;
        return true;
    }
    return false;
}

/* Sends NX: the pointer and fingers follow it. */
static void _script_commit(app_script *s, app_script_line *l, const script_next *nx)
{
    const plat_event *ev = &nx->ev;
    if (nx->glide_start) {
        bool touch = l->kind == SCRIPT_TOUCH_MOVE;
        l->sx = touch ? s->finger_x[l->finger] : s->mouse_x;
        l->sy = touch ? s->finger_y[l->finger] : s->mouse_y;
    }
    l->sub = nx->sub_after;
    switch (ev->type) {
    case PLAT_EV_MOUSE_MOVE:
    case PLAT_EV_MOUSE_DOWN:
    case PLAT_EV_MOUSE_UP:
    case PLAT_EV_WHEEL:
        s->mouse_x = ev->x;
        s->mouse_y = ev->y;
        break;
    case PLAT_EV_TOUCH_DOWN:
    case PLAT_EV_TOUCH_MOVE:
    case PLAT_EV_TOUCH_UP:
        s->finger_x[ev->finger] = ev->x;
        s->finger_y[ev->finger] = ev->y;
        break;
    default:
        break;
    }
}

static void _script_start(app_script *s)
{
    s->started = true;
    s->mouse_x = 0.5f * (float)s->view_w;
    s->mouse_y = 0.5f * (float)s->view_h;
    for (int f = 0; f < APP_SCRIPT_FINGERS; f++) {
        s->finger_x[f] = s->mouse_x;
        s->finger_y[f] = s->mouse_y;
    }
}

bool app_script_poll(app_script *s, double t, plat_event *out)
{
    if (!s->started)
        _script_start(s);
    if (s->end_time >= 0 && t > s->end_time)
        t = s->end_time;
    double due = t + SCRIPT_EPS;
    /* Lines start in time order; of those started, the earliest next event
     * wins, ties going to the lower class, then to the earlier line. */
    int best = -1;
    script_next best_nx = { 0 }, nx;
    for (int i = s->first_open; i < s->line_count; i++) {
        app_script_line *l = &s->lines[i];
        if (l->t > due)
            break;
        if (!_script_peek(s, l, &nx)) {
            if (i == s->first_open)
                s->first_open++;
            continue;
        }
        if (nx.t > due)
            continue;
        if (best < 0 || nx.t < best_nx.t || (nx.t == best_nx.t && nx.cls < best_nx.cls)) {
            best = i;
            best_nx = nx;
        }
    }
    if (best < 0)
        return false;
    _script_commit(s, &s->lines[best], &best_nx);
    *out = best_nx.ev;
    return true;
}
