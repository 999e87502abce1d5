/* exhibition: reading and checking exhibition.json (see exhibition.h).
 *
 * The check is one walk over the JSON tree in a fixed order (languages
 * first, since every text is checked against them; rooms before artefacts
 * and doorways, viewpoints before tours, so references resolve), filling
 * the model as it goes. Nothing stops at the first problem: each getter
 * reports what is wrong with its own value and the walk goes on, skipping
 * only checks that would repeat an error already made (a reference into a
 * list that is itself broken, a doorway on a floor plan with bad points).
 * The diagnostics are then sorted by position, so the curator reads them in
 * document order whatever the walk order was.
 *
 * Naming in messages: an object is named by its id when it has a string id
 * (room "main-hall"), else by where it stands (rooms[1]); a field inside it
 * by its path from there ("doorways[0].width", "record.title"), indices
 * from 0 like the doorway "wall" numbers. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "exhibition.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "base/json.h"
#include "scene/builtin_models.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#define _EXH_MAX_FILE (16u << 20) /* a hand-written exhibition is a few KiB */
#define _EXH_BIG 1e6              /* no sane coordinate or time is larger */
#define _EXH_RING 8
#define _EXH_RING_SIZE 192

typedef struct _exh_ctx {
    exhibition *ex;
    exhibition_diags *diags;
    const char *dir;
    char dir_real[PATH_MAX];
    bool have_dir_real;
    const char **langs; /* declared languages as written (pointers into the tree) */
    bool *lang_valid;   /* a code already reported as bad is accepted in texts but not required */
    size_t lang_count;
    bool langs_known;   /* "languages" is a non-empty array: check texts against it */
    vt_arena *tmp;      /* the JSON tree and scratch; freed at the end of the load */
    const json_value *rooms_json, *views_json, *arts_json; /* the arrays, when they are arrays */
    bool check_files;   /* false: paths are checked for shape only (a built package) */
    bool missing_ok;    /* a missing scan is a warning and becomes a placeholder */
    bool warn_next;     /* the next diagnostic is a warning */
    bool oom;
    char ring[_EXH_RING][_EXH_RING_SIZE]; /* short-lived strings for one message */
    unsigned ring_i;
} _exh_ctx;

/* Where a value stands: the object that owns it and the path inside it. */
typedef struct _exh_where {
    const char *what;   /* artefact "dong-son-drum", rooms[1], the exhibition */
    const char *prefix; /* "" or "record." or "doorways[0]." */
} _exh_where;

typedef struct _exh_field {
    const char *name;
    bool required;
    const char *example; /* what to add when it is missing */
} _exh_field;

typedef struct _exh_range {
    double lo, hi; /* -_EXH_BIG / _EXH_BIG: no bound */
    bool lo_excl;
    bool integer;
    const char *unit; /* "metres", "seconds", ... or NULL */
} _exh_range;

#define _EXH_ANY ((_exh_range){ -_EXH_BIG, _EXH_BIG, false, false, NULL })

/* ---- diagnostics -------------------------------------------------------- */

/* The longest prefix of S[0..LEN) that does not split a UTF-8 sequence. */
static size_t _exh_utf8_cut(const char *s, size_t len)
{
    size_t i = len, cont = 0;
    while (i > 0 && cont < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i > 0 && (unsigned char)s[i - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)s[i - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (cont + 1 < need)
            return i - 1;
    }
    return len;
}

static void _exh_add(exhibition_diags *d, bool *oom, uint32_t line, uint32_t column, bool warning, const char *fmt,
                     va_list ap)
{
    if (d->count == d->capacity) {
        size_t cap = d->capacity ? d->capacity * 2 : 16;
        exhibition_diag *items = vt_arena_alloc_array(&d->arena, cap, sizeof *items);
        if (!items) {
            *oom = true;
            return;
        }
        if (d->count)
            memcpy(items, d->items, d->count * sizeof *items);
        d->items = items;
        d->capacity = cap;
    }
    exhibition_diag *g = &d->items[d->count++];
    g->line = line;
    g->column = column;
    g->warning = warning;
    if (warning)
        d->warnings++;
    int n = vsnprintf(g->message, sizeof g->message, fmt, ap);
    if (n >= (int)sizeof g->message) {
        size_t keep = _exh_utf8_cut(g->message, sizeof g->message - 1);
        g->message[keep] = '\0';
    }
}

static void _exh_diag(_exh_ctx *c, json_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void _exh_diag(_exh_ctx *c, json_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    _exh_add(c->diags, &c->oom, pos.line, pos.column, c->warn_next, fmt, ap);
    c->warn_next = false;
    va_end(ap);
}

static void _exh_diag_raw(exhibition_diags *d, bool *oom, uint32_t line, uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void _exh_diag_raw(exhibition_diags *d, bool *oom, uint32_t line, uint32_t column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    _exh_add(d, oom, line, column, false, fmt, ap);
    va_end(ap);
}

static char *_exh_ring(_exh_ctx *c)
{
    return c->ring[c->ring_i++ % _EXH_RING];
}

/* S made fit for a one-line message: control characters shown as '?',
 * at most 60 bytes (cut on a character boundary, then "…"). */
static const char *_exh_q(_exh_ctx *c, const char *s)
{
    char *out = _exh_ring(c);
    size_t len = strlen(s), max = 60, n = 0;
    bool cut = len > max;
    if (cut)
        len = _exh_utf8_cut(s, max);
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[n++] = ch < 0x20 || ch == 0x7F ? '?' : (char)ch;
    }
    if (cut) {
        memcpy(out + n, "\xE2\x80\xA6", 3);
        n += 3;
    }
    out[n] = '\0';
    return out;
}

/* "\"record.title\" in artefact \"x\"", or just the owner when KEY is NULL. */
static const char *_exh_subj(_exh_ctx *c, const _exh_where *w, const char *key)
{
    if (!key)
        return w->what;
    const char *k = _exh_q(c, key);
    char *out = _exh_ring(c);
    snprintf(out, _EXH_RING_SIZE, "\"%s%s\" in %s", w->prefix, k, w->what);
    return out;
}

static const char *_exh_found(const json_value *v)
{
    switch (v->type) {
    case JSON_NULL: return "null";
    case JSON_FALSE:
    case JSON_TRUE: return "a boolean";
    case JSON_NUMBER: return "a number";
    case JSON_STRING: return "a string";
    case JSON_ARRAY: return "an array";
    case JSON_OBJECT: return "an object";
    }
    return "something else";
}

static void _exh_type_error(_exh_ctx *c, const json_value *v, const _exh_where *w, const char *key,
                            const char *expected, const char *fix)
{
    _exh_diag(c, v->pos, "%s: expected %s, found %s. %s", _exh_subj(c, w, key), expected, _exh_found(v), fix);
}

/* ---- small helpers ------------------------------------------------------ */

static void *_exh_alloc(_exh_ctx *c, size_t count, size_t size)
{
    void *p = vt_arena_alloc_array(&c->ex->arena, count ? count : 1, size);
    if (!p)
        c->oom = true;
    return p;
}

static const char *_exh_strdup(_exh_ctx *c, const char *s)
{
    size_t n = strlen(s);
    char *p = _exh_alloc(c, n + 1, 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

/* Optimal string alignment distance, ASCII case ignored (so a wrong case is
 * close); 99 for long strings, which are never typos of our short names. */
static int _exh_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 40 || m > 40)
        return 99;
    int d[41][41];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

/* The name closest to KEY within edit distance 2 among N records of STRIDE
 * bytes whose first member is a name (NULL names skipped), or NULL. */
static const char *_exh_closest(const char *key, const void *base, size_t n, size_t stride)
{
    const char *best = NULL;
    int best_d = 3;
    for (size_t i = 0; i < n; i++) {
        const char *name = *(const char *const *)(const void *)((const char *)base + i * stride);
        if (!name || strcmp(name, key) == 0)
            continue;
        int d = _exh_distance(key, name);
        if (d < best_d && d < (int)strlen(name)) {
            best = name;
            best_d = d;
        }
    }
    return best;
}

static bool _exh_is_id(const char *s, size_t len)
{
    if (len == 0 || len > 64 || strlen(s) != len)
        return false;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || (i > 0 && (ch == '-' || ch == '_'));
        if (!ok)
            return false;
    }
    return true;
}

/* ^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$ */
static bool _exh_is_lang(const char *s)
{
    size_t i = 0;
    while (s[i] >= 'a' && s[i] <= 'z')
        i++;
    if (i < 2 || i > 3)
        return false;
    while (s[i] == '-') {
        size_t start = ++i;
        while (isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
            i++;
        if (i - start < 2 || i - start > 8)
            return false;
    }
    return s[i] == '\0';
}

static bool _exh_is_color(const char *s)
{
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* A valid id made from S ("Main Hall" -> "main-hall"), or "" if none. */
static void _exh_slug(const char *s, char *out, size_t out_size)
{
    size_t n = 0;
    for (; *s && n + 1 < out_size && n < 64; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isalnum(ch) && ch < 0x80)
            out[n++] = (char)tolower(ch);
        else if (ch < 0x80 && n > 0 && out[n - 1] != '-' && out[n - 1] != '_')
            out[n++] = ch == '_' ? '_' : '-';
    }
    while (n > 0 && (out[n - 1] == '-' || out[n - 1] == '_'))
        n--;
    out[n] = '\0';
}

static const json_member *_exh_member(const json_value *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->count; i++)
        if (strcmp(obj->members[i].key, key) == 0)
            return &obj->members[i];
    return NULL;
}

/* ---- typed getters: each reports its own problems, returns true when the
 * member is present and valid ---------------------------------------------- */

static void _exh_range_text(const _exh_range *r, char *out, size_t out_size)
{
    const char *unit = r->unit ? r->unit : "";
    const char *sp = r->unit ? " " : "";
    if (r->lo > -_EXH_BIG && r->hi < _EXH_BIG)
        snprintf(out, out_size, "from %g to %g%s%s", r->lo, r->hi, sp, unit);
    else if (r->lo > -_EXH_BIG)
        snprintf(out, out_size, "%s %g%s%s", r->lo_excl ? "more than" : "at least", r->lo, sp, unit);
    else
        snprintf(out, out_size, "between %g and %g%s%s", -_EXH_BIG, r->hi, sp, unit);
}

static bool _exh_num_value(_exh_ctx *c, const json_value *v, const _exh_where *w, const char *key, _exh_range r,
                           double *out)
{
    if (v->type != JSON_NUMBER) {
        char fix[96] = "Write a number such as 1.5, without quotes.";
        if (v->type == JSON_STRING && v->string[0]) {
            char *end;
            strtod(v->string, &end);
            if (*end == '\0')
                snprintf(fix, sizeof fix, "Write it without quotes: %s.", _exh_q(c, v->string));
        }
        _exh_type_error(c, v, w, key, r.integer ? "a whole number" : "a number", fix);
        return false;
    }
    double x = v->number;
    char range[96];
    _exh_range_text(&r, range, sizeof range);
    if (!isfinite(x) || fabs(x) > _EXH_BIG) {
        _exh_diag(c, v->pos, "%s is %g, which is far too large. Give a value %s.", _exh_subj(c, w, key), x, range);
        return false;
    }
    if (r.integer && x != floor(x)) {
        _exh_diag(c, v->pos, "%s: expected a whole number, found %g. Write %g or %g.", _exh_subj(c, w, key), x,
                  floor(x), ceil(x));
        return false;
    }
    bool low = r.lo_excl ? !(x > r.lo) : x < r.lo;
    if (low || x > r.hi) {
        char hint[64] = "";
        if (r.unit && strcmp(r.unit, "metres") == 0 && x > r.hi && x / 100 >= r.lo && x / 100 <= r.hi)
            snprintf(hint, sizeof hint, " If it is in centimetres, write %g.", x / 100);
        _exh_diag(c, v->pos, "%s is %g, but must be %s. Give a value in that range.%s", _exh_subj(c, w, key), x,
                  range, hint);
        return false;
    }
    *out = x;
    return true;
}

static bool _exh_num(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, _exh_range r,
                     float *out)
{
    const json_value *v = json_get(obj, key);
    double x;
    if (!v || !_exh_num_value(c, v, w, key, r, &x))
        return false;
    *out = (float)x;
    return true;
}

static bool _exh_string(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, const char **out)
{
    const json_value *v = json_get(obj, key);
    if (!v)
        return false;
    if (v->type != JSON_STRING) {
        _exh_type_error(c, v, w, key, "a string", "Put the value in double quotes.");
        return false;
    }
    *out = _exh_strdup(c, v->string);
    return *out != NULL;
}

/* An id (KEY "id") or a reference to one ("room", "to", "viewpoint"). */
static bool _exh_id_value(_exh_ctx *c, const json_value *v, const _exh_where *w, const char *key, const char **out)
{
    if (v->type != JSON_STRING) {
        _exh_type_error(c, v, w, key, "an id string", "Write it in quotes, e.g. \"main-hall\".");
        return false;
    }
    if (!_exh_is_id(v->string, v->string_len)) {
        char slug[72], fix[96] = "";
        bool ascii = true;
        for (const char *s = v->string; *s; s++)
            ascii &= (unsigned char)*s < 0x80;
        _exh_slug(v->string, slug, sizeof slug);
        if (slug[0] && ascii) /* a slug of "Đông Sơn" would lose letters */
            snprintf(fix, sizeof fix, " Write \"%s\".", slug);
        _exh_diag(c, v->pos,
                  "%s is \"%s\", which is not an id: ids are 1 to 64 lower-case letters, digits, '-' and '_', "
                  "starting with a letter or digit.%s",
                  _exh_subj(c, w, key), _exh_q(c, v->string), fix);
        return false;
    }
    *out = _exh_strdup(c, v->string);
    return *out != NULL;
}

static bool _exh_vec_value(_exh_ctx *c, const json_value *v, const _exh_where *w, const char *key, size_t n,
                           const char *shape, float *out)
{
    if (v->type != JSON_ARRAY) {
        char expected[32], fix[64];
        snprintf(expected, sizeof expected, "an array of %zu numbers", n);
        snprintf(fix, sizeof fix, "Write it as %s.", shape);
        _exh_type_error(c, v, w, key, expected, fix);
        return false;
    }
    bool ok = true;
    if (v->count != n) {
        _exh_diag(c, v->pos, "%s has %zu number%s but needs exactly %zu: %s. Give %zu numbers.",
                  _exh_subj(c, w, key), v->count, v->count == 1 ? "" : "s", n, shape, n);
        ok = false;
    }
    for (size_t i = 0; i < v->count; i++) {
        char item_key[80];
        snprintf(item_key, sizeof item_key, "%s[%zu]", key, i);
        double x;
        if (_exh_num_value(c, v->items[i], w, item_key, _EXH_ANY, &x)) {
            if (i < n)
                out[i] = (float)x;
        } else {
            ok = false;
        }
    }
    return ok;
}

static bool _exh_vec(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, size_t n,
                     const char *shape, float *out)
{
    const json_value *v = json_get(obj, key);
    return v && _exh_vec_value(c, v, w, key, n, shape, out);
}

static bool _exh_color(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, float out[3])
{
    const json_value *v = json_get(obj, key);
    if (!v)
        return false;
    if (v->type != JSON_STRING) {
        _exh_type_error(c, v, w, key, "a colour string", "Write it as \"#rrggbb\", e.g. \"#e8e2d6\".");
        return false;
    }
    const char *s = v->string;
    if (!_exh_is_color(s)) {
        char fix[64] = "Write it as \"#rrggbb\", e.g. \"#e8e2d6\".";
        if (s[0] == '#' && strlen(s) == 4 && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]) &&
            isxdigit((unsigned char)s[3]))
            snprintf(fix, sizeof fix, "Write all six digits: \"#%c%c%c%c%c%c\".", s[1], s[1], s[2], s[2], s[3], s[3]);
        _exh_diag(c, v->pos, "%s is \"%s\", not a colour. %s", _exh_subj(c, w, key), _exh_q(c, s), fix);
        return false;
    }
    for (int i = 0; i < 3; i++) {
        char hex[3] = { s[1 + 2 * i], s[2 + 2 * i], 0 };
        out[i] = (float)strtol(hex, NULL, 16) / 255.0f;
    }
    return true;
}

static bool _exh_enum(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key,
                      const char *const *names, size_t n, int *out)
{
    const json_value *v = json_get(obj, key);
    if (!v)
        return false;
    char list[96] = "";
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s\"%s\"", i ? ", " : "", names[i]);
    if (v->type != JSON_STRING) {
        char fix[128];
        snprintf(fix, sizeof fix, "Write one of %s.", list);
        _exh_type_error(c, v, w, key, "a string", fix);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v->string, names[i]) == 0) {
            *out = (int)i;
            return true;
        }
    }
    const char *near = _exh_closest(v->string, names, n, sizeof *names);
    if (near)
        _exh_diag(c, v->pos, "%s is \"%s\", which is not one of %s. Did you mean \"%s\"?", _exh_subj(c, w, key),
                  _exh_q(c, v->string), list, near);
    else
        _exh_diag(c, v->pos, "%s is \"%s\", which is not one of %s. Use one of those.", _exh_subj(c, w, key),
                  _exh_q(c, v->string), list);
    return false;
}

/* The file part of P, for suggesting a relative name. */
static const char *_exh_basename(const char *p)
{
    const char *b = p;
    for (const char *s = p; *s; s++)
        if (*s == '/' || *s == '\\')
            b = s + 1;
    return *b ? b : "file";
}

static bool _exh_has_dotdot(const char *s)
{
    for (const char *seg = s; seg;) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.')
            return true;
        seg = end ? end + 1 : NULL;
    }
    return false;
}

static bool _exh_inside(const char *dir_real, const char *real)
{
    if (strcmp(dir_real, "/") == 0)
        return true;
    size_t n = strlen(dir_real);
    return strncmp(real, dir_real, n) == 0 && real[n] == '/';
}

/* "builtin:NAME" names a model Vitrine makes itself (scene/builtin_models.h):
 * demo artefacts and stand-ins, no file needed. */
static bool _exh_builtin(_exh_ctx *c, const json_value *v, const char *label, const _exh_where *w, const char **out)
{
    const char *name = v->string + strlen(SCENE_BUILTIN_PREFIX);
    if (scene_builtin_find(name) >= 0) {
        *out = _exh_strdup(c, v->string);
        return *out != NULL;
    }
    char list[160] = "";
    size_t n = scene_builtin_count();
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s\"" SCENE_BUILTIN_PREFIX "%s\"", i ? ", " : "",
                 scene_builtin_name(i));
    }
    _exh_diag(c, v->pos, "%s \"%s\" is not a model Vitrine makes (%s). Use one of %s, or a file path.", label,
              _exh_q(c, v->string), w->what, list);
    return false;
}

/* A path relative to the exhibition folder naming a regular file inside it.
 * SCAN: the artefact's scan, which may also be built in, or missing when
 * the caller accepts placeholders. */
static bool _exh_path(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, const char **out,
                      bool scan)
{
    const json_value *v = json_get(obj, key);
    if (!v)
        return false;
    if (v->type != JSON_STRING) {
        _exh_type_error(c, v, w, key, "a path string",
                        "Write it in quotes, relative to the exhibition folder, e.g. \"scans/drum.glb\".");
        return false;
    }
    const char *s = v->string;
    char label[96];
    snprintf(label, sizeof label, "%s%s", w->prefix, key);
    if (v->string_len == 0) {
        _exh_diag(c, v->pos, "%s is empty (%s). Give the file's path relative to the exhibition folder, e.g. "
                  "\"scans/drum.glb\".", label, w->what);
        return false;
    }
    if (strlen(s) != v->string_len) {
        _exh_diag(c, v->pos, "%s \"%s\" contains a NUL character (%s). Remove the \\u0000.", label, _exh_q(c, s),
                  w->what);
        return false;
    }
    if (scan && strncmp(s, SCENE_BUILTIN_PREFIX, strlen(SCENE_BUILTIN_PREFIX)) == 0)
        return _exh_builtin(c, v, label, w, out);
    if (s[0] == '/' || (isalpha((unsigned char)s[0]) && s[1] == ':')) {
        _exh_diag(c, v->pos, "%s \"%s\" is an absolute path (%s). Copy the file into the exhibition folder and "
                  "name it relatively, e.g. \"%s\".", label, _exh_q(c, s), w->what, _exh_q(c, _exh_basename(s)));
        return false;
    }
    if (strchr(s, '\\')) {
        char *fixed = _exh_ring(c);
        snprintf(fixed, _EXH_RING_SIZE, "%s", _exh_q(c, s));
        for (char *p = fixed; *p; p++)
            if (*p == '\\')
                *p = '/';
        _exh_diag(c, v->pos, "%s \"%s\" uses backslashes (%s). Separate folders with '/': \"%s\".", label,
                  _exh_q(c, s), w->what, fixed);
        return false;
    }
    if (_exh_has_dotdot(s)) {
        _exh_diag(c, v->pos, "%s \"%s\" leaves the exhibition folder (%s). Copy the file into the folder and name "
                  "it relatively.", label, _exh_q(c, s), w->what);
        return false;
    }
    if (!c->check_files) {
        *out = _exh_strdup(c, s);
        return *out != NULL;
    }

    char full[PATH_MAX];
    struct stat st;
    bool fits = snprintf(full, sizeof full, "%s/%s", c->dir, s) < (int)sizeof full;
    if (!fits || lstat(full, &st) != 0) {
        if (!fits || errno == ENOENT || errno == ENOTDIR) {
            c->warn_next = scan && c->missing_ok;
            _exh_diag(c, v->pos, "%s \"%s\" not found in the exhibition folder (%s). Copy the file there or correct "
                      "the path (letter case counts).", label, _exh_q(c, s), w->what);
        } else {
            _exh_diag(c, v->pos, "%s \"%s\" cannot be read (%s): %s. Check the file's permissions.", label,
                      _exh_q(c, s), w->what, strerror(errno));
        }
        return false;
    }
    char real[PATH_MAX];
    if (!realpath(full, real)) {
        _exh_diag(c, v->pos, "%s \"%s\" is a symbolic link to a missing file (%s). Copy the file itself into the "
                  "exhibition folder.", label, _exh_q(c, s), w->what);
        return false;
    }
    if (c->have_dir_real && !_exh_inside(c->dir_real, real)) {
        _exh_diag(c, v->pos, "%s \"%s\" leads outside the exhibition folder through a symbolic link, to \"%s\" (%s). "
                  "Copy the file into the folder instead of linking to it.", label, _exh_q(c, s), _exh_q(c, real),
                  w->what);
        return false;
    }
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        _exh_diag(c, v->pos, "%s \"%s\" is not a file (%s). Name a file, not a folder.", label, _exh_q(c, s),
                  w->what);
        return false;
    }
    *out = _exh_strdup(c, s);
    return *out != NULL;
}

/* A text: one string per declared language. */
static bool _exh_text(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, exhibition_text *out)
{
    const json_value *v = json_get(obj, key);
    if (!v)
        return false;
    if (v->type != JSON_OBJECT) {
        char fix[128] = "Write it as { \"en\": \"…\" }, one string per language.";
        if (c->langs_known && c->lang_count > 0) {
            size_t n = (size_t)snprintf(fix, sizeof fix, "Write it as {");
            for (size_t i = 0, shown = 0; i < c->lang_count && shown < 3 && n < sizeof fix; i++)
                if (c->lang_valid[i])
                    n += (size_t)snprintf(fix + n, sizeof fix - n, "%s \"%s\": \"…\"", shown++ ? "," : "",
                                          _exh_q(c, c->langs[i]));
            if (n < sizeof fix)
                snprintf(fix + n, sizeof fix - n, " }.");
        }
        _exh_type_error(c, v, w, key, "a text object", fix);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < v->count; i++) {
        const json_member *m = &v->members[i];
        bool declared = !c->langs_known;
        for (size_t j = 0; j < c->lang_count && !declared; j++)
            declared = strcmp(c->langs[j], m->key) == 0;
        if (!declared) {
            _exh_diag(c, m->key_pos, "%s has a \"%s\" text, but \"%s\" is not a declared language. Add it to "
                      "\"languages\" or remove this text.", _exh_subj(c, w, key), _exh_q(c, m->key),
                      _exh_q(c, m->key));
            ok = false;
        }
        if (m->value->type != JSON_STRING) {
            char sub[80];
            snprintf(sub, sizeof sub, "%s.%s", key, m->key);
            _exh_type_error(c, m->value, w, sub, "a string", "Put the text in double quotes.");
            ok = false;
        }
    }
    if (c->langs_known) {
        for (size_t j = 0; j < c->lang_count; j++) {
            if (c->lang_valid[j] && !json_get(v, c->langs[j])) {
                _exh_diag(c, v->pos, "%s has no \"%s\" text, but \"%s\" is a declared language. Add \"%s\": \"…\".",
                          _exh_subj(c, w, key), _exh_q(c, c->langs[j]), _exh_q(c, c->langs[j]),
                          _exh_q(c, c->langs[j]));
                ok = false;
            }
        }
    } else if (v->count == 0) {
        _exh_diag(c, v->pos, "%s is empty. Give one string per language, e.g. { \"en\": \"…\" }.",
                  _exh_subj(c, w, key));
        ok = false;
    }
    if (!ok)
        return false;
    /* Kept in the order of "languages", so entries[0] is the default. */
    out->entries = _exh_alloc(c, v->count, sizeof *out->entries);
    if (!out->entries)
        return false;
    for (size_t j = 0; j < (c->langs_known ? c->lang_count : v->count); j++) {
        const char *lang = c->langs_known ? c->langs[j] : v->members[j].key;
        if (!json_get(v, lang))
            continue; /* a bad code, reported once in "languages" */
        out->entries[out->count].lang = _exh_strdup(c, lang);
        out->entries[out->count].string = _exh_strdup(c, json_get(v, lang)->string);
        out->count++;
    }
    return true;
}

/* Checks V is an object whose members are all among FIELDS and holds every
 * required one. OUTER and KEY name V itself (for a wrong type); INNER is
 * where its members stand. */
static bool _exh_members(_exh_ctx *c, const json_value *v, const _exh_where *outer, const char *key,
                         const _exh_where *inner, const _exh_field *fields, size_t n, const char *shape)
{
    if (v->type != JSON_OBJECT) {
        char fix[160];
        snprintf(fix, sizeof fix, "Write it as %s.", shape);
        _exh_type_error(c, v, outer, key, "an object", fix);
        return false;
    }
    for (size_t i = 0; i < v->count; i++) {
        const json_member *m = &v->members[i];
        bool known = false;
        for (size_t f = 0; f < n && !known; f++)
            known = strcmp(fields[f].name, m->key) == 0;
        if (known)
            continue;
        const char *near = _exh_closest(m->key, fields, n, sizeof *fields);
        if (near)
            _exh_diag(c, m->key_pos, "unknown field \"%s%s\" in %s. Did you mean \"%s%s\"?", inner->prefix,
                      _exh_q(c, m->key), inner->what, inner->prefix, near);
        else
            _exh_diag(c, m->key_pos, "unknown field \"%s%s\" in %s. Remove it, or check its name against "
                      "docs/exhibition-format.md.", inner->prefix, _exh_q(c, m->key), inner->what);
    }
    for (size_t f = 0; f < n; f++) {
        if (fields[f].required && !json_get(v, fields[f].name))
            _exh_diag(c, v->pos, "%s has no \"%s%s\". Add %s.", inner->what, inner->prefix, fields[f].name,
                      fields[f].example);
    }
    return true;
}

/* V is an array (else reported); EMPTY_FIX non-NULL: it may not be empty. */
static bool _exh_array(_exh_ctx *c, const json_value *v, const _exh_where *w, const char *key, const char *shape,
                       const char *empty_fix)
{
    if (v->type != JSON_ARRAY) {
        char fix[160];
        snprintf(fix, sizeof fix, "Write it as %s.", shape);
        _exh_type_error(c, v, w, key, "an array", fix);
        return false;
    }
    if (v->count == 0 && empty_fix) {
        _exh_diag(c, v->pos, "%s is empty. %s", _exh_subj(c, w, key), empty_fix);
        return false;
    }
    return true;
}

/* Names item I of LIST (e.g. "rooms") by its string id, else by position. */
static void _exh_name(_exh_ctx *c, const json_value *item, const char *kind, const char *list, size_t i, char *out,
                      size_t out_size)
{
    const json_value *id = json_get(item, "id");
    if (id && id->type == JSON_STRING && id->string[0])
        snprintf(out, out_size, "%s \"%s\"", kind, _exh_q(c, id->string));
    else
        snprintf(out, out_size, "%s[%zu]", list, i);
}

/* Reports ID (at V) when an earlier record of the list already has it. */
static void _exh_duplicate(_exh_ctx *c, const char *kind, const char *id, const json_value *v, const void *base,
                           size_t before, size_t stride, const json_pos *id_pos)
{
    for (size_t j = 0; j < before; j++) {
        const char *other = *(const char *const *)(const void *)((const char *)base + j * stride);
        if (other && strcmp(other, id) == 0) {
            _exh_diag(c, v->pos, "%s id \"%s\" is used twice (first at line %u). Give each %s its own id.", kind,
                      _exh_q(c, id), (unsigned)id_pos[j].line, kind);
            return;
        }
    }
}

/* Reports a reference V to an id that no record of the list has. RECORDS
 * is the JSON array of those records: a reference to a bad id, or to the id
 * suggested for it ("Main Hall" -> "main-hall"), is not reported again. */
static uint32_t _exh_resolve(_exh_ctx *c, const json_value *v, const _exh_where *w, const char *key,
                             const char *kind, const char *id, const void *base, size_t n, size_t stride,
                             const json_value *records)
{
    for (size_t j = 0; j < n; j++) {
        const char *other = *(const char *const *)(const void *)((const char *)base + j * stride);
        if (other && strcmp(other, id) == 0)
            return (uint32_t)j;
    }
    for (size_t j = 0; records && j < records->count; j++) {
        const json_value *bad = json_get(records->items[j], "id");
        char slug[72];
        if (!bad || bad->type != JSON_STRING || _exh_is_id(bad->string, bad->string_len))
            continue;
        _exh_slug(bad->string, slug, sizeof slug);
        if (strcmp(bad->string, id) == 0 || strcmp(slug, id) == 0)
            return EXHIBITION_NONE;
    }
    const char *near = _exh_closest(id, base, n, stride);
    if (near) {
        _exh_diag(c, v->pos, "%s is \"%s\", but no %s has that id. Did you mean \"%s\"?", _exh_subj(c, w, key),
                  _exh_q(c, id), kind, near);
        return EXHIBITION_NONE;
    }
    char list[112] = "";
    size_t len = 0, shown = 0;
    for (size_t j = 0; j < n && len < 80; j++) {
        const char *other = *(const char *const *)(const void *)((const char *)base + j * stride);
        if (other) {
            len += (size_t)snprintf(list + len, sizeof list - len, "%s\"%s\"", shown ? ", " : "", _exh_q(c, other));
            if (len >= sizeof list)
                len = sizeof list - 1;
            shown++;
        }
    }
    if (shown)
        _exh_diag(c, v->pos, "%s is \"%s\", but no %s has that id. Use one of: %s%s.", _exh_subj(c, w, key),
                  _exh_q(c, id), kind, list, len >= 80 ? ", …" : "");
    else
        _exh_diag(c, v->pos, "%s is \"%s\", but no %s has that id. Add a %s with \"id\": \"%s\".",
                  _exh_subj(c, w, key), _exh_q(c, id), kind, kind, _exh_q(c, id));
    return EXHIBITION_NONE;
}

/* Of two members of OBJ, the later one in the document. */
static const json_member *_exh_later(const json_value *obj, const char *a, const char *b)
{
    const json_member *ma = _exh_member(obj, a), *mb = _exh_member(obj, b);
    return ma->key_pos.offset > mb->key_pos.offset ? ma : mb;
}

/* ---- geometry ----------------------------------------------------------- */

static double _exh_orient(const float *a, const float *b, const float *p)
{
    return ((double)b[0] - a[0]) * ((double)p[1] - a[1]) - ((double)b[1] - a[1]) * ((double)p[0] - a[0]);
}

static int _exh_sign(double x)
{
    return (x > 1e-12) - (x < -1e-12);
}

/* P, collinear with A-B, lies within the segment's box. */
static bool _exh_on_segment(const float *a, const float *b, const float *p)
{
    return fminf(a[0], b[0]) <= p[0] && p[0] <= fmaxf(a[0], b[0]) && fminf(a[1], b[1]) <= p[1] &&
           p[1] <= fmaxf(a[1], b[1]);
}

/* Segments A-B and C-D share a point (touching counts). */
static bool _exh_segments_meet(const float *a, const float *b, const float *p, const float *q)
{
    int o1 = _exh_sign(_exh_orient(a, b, p)), o2 = _exh_sign(_exh_orient(a, b, q));
    int o3 = _exh_sign(_exh_orient(p, q, a)), o4 = _exh_sign(_exh_orient(p, q, b));
    if (o1 * o2 < 0 && o3 * o4 < 0)
        return true;
    return (o1 == 0 && _exh_on_segment(a, b, p)) || (o2 == 0 && _exh_on_segment(a, b, q)) ||
           (o3 == 0 && _exh_on_segment(p, q, a)) || (o4 == 0 && _exh_on_segment(p, q, b));
}

static double _exh_wall_length(const exhibition_room *r, size_t i)
{
    const float *a = r->floor_plan[i], *b = r->floor_plan[(i + 1) % r->floor_plan_count];
    return hypot((double)b[0] - a[0], (double)b[1] - a[1]);
}

/* The floor polygon must be simple (no wall crossing or touching another)
 * and have an area: the renderer triangulates it and raises walls on it. */
static void _exh_polygon(_exh_ctx *c, const json_value *v, const _exh_where *w, float (*p)[2], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        if (p[i][0] == p[j][0] && p[i][1] == p[j][1]) {
            _exh_diag(c, v->items[j]->pos, "\"floor_plan\" in %s repeats point %zu as point %zu, which makes wall %zu "
                      "zero long. Remove the repeated point.", w->what, i, j, i);
            return;
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 2; j < n; j++) {
            if (i == 0 && j == n - 1)
                continue; /* adjacent through the closing wall */
            if (_exh_segments_meet(p[i], p[(i + 1) % n], p[j], p[(j + 1) % n])) {
                _exh_diag(c, v->pos, "\"floor_plan\" in %s crosses itself: wall %zu (points %zu-%zu) meets wall %zu "
                          "(points %zu-%zu). List the corners in order around the room.", w->what, i, i,
                          (i + 1) % n, j, j, (j + 1) % n);
                return;
            }
        }
    }
    double area2 = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = (i + 1) % n;
        area2 += (double)p[i][0] * p[j][1] - (double)p[j][0] * p[i][1];
    }
    if (fabs(area2) / 2 < 1e-4) {
        _exh_diag(c, v->pos, "\"floor_plan\" in %s encloses no area (its points lie on one line). Give the corners "
                  "of the floor in metres, e.g. [[0, 0], [12, 0], [12, 8], [0, 8]].", w->what);
        return;
    }
    /* Adjacent walls folding back onto each other make a spike of no area. */
    for (size_t i = 0; i < n; i++) {
        const float *a = p[i], *b = p[(i + 1) % n], *d = p[(i + 2) % n];
        double dot = ((double)b[0] - a[0]) * ((double)d[0] - b[0]) + ((double)b[1] - a[1]) * ((double)d[1] - b[1]);
        if (_exh_sign(_exh_orient(a, b, d)) == 0 && dot < 0) {
            _exh_diag(c, v->pos, "\"floor_plan\" in %s folds back on itself at point %zu (walls %zu and %zu overlap). "
                      "Remove point %zu or move it.", w->what, (i + 1) % n, i, (i + 1) % n, (i + 1) % n);
            return;
        }
    }
}

/* ---- the parts of an exhibition ---------------------------------------- */

static const _exh_field _exh_material_fields[] = {
    { "color", false, NULL },
    { "texture", false, NULL },
    { "texture_size_m", false, NULL },
};

static void _exh_material(_exh_ctx *c, const json_value *room, const _exh_where *w, const char *key,
                          exhibition_material *m)
{
    const json_value *v = json_get(room, key);
    if (!v)
        return;
    char prefix[48];
    snprintf(prefix, sizeof prefix, "%s.", key);
    _exh_where in = { w->what, prefix };
    if (!_exh_members(c, v, w, key, &in, _exh_material_fields, 3,
                      "{ \"color\": \"#e8e2d6\", \"texture\": \"textures/wall.jpg\", \"texture_size_m\": 1 }"))
        return;
    m->has_color = _exh_color(c, v, &in, "color", m->color);
    _exh_path(c, v, &in, "texture", &m->texture, false);
    _exh_num(c, v, &in, "texture_size_m", (_exh_range){ 0, _EXH_BIG, true, false, "metres" }, &m->texture_size_m);
}

static const _exh_field _exh_light_fields[] = {
    { "position", true, "\"position\": [x, y, z] (metres)" },
    { "color", false, NULL },
    { "intensity", false, NULL },
    { "spot_at", false, NULL },
};

static void _exh_lights(_exh_ctx *c, const json_value *room, const _exh_where *w, exhibition_room *r)
{
    const json_value *v = json_get(room, "lights");
    if (!v || !_exh_array(c, v, w, "lights", "[{ \"position\": [6, 3.8, 4] }]", NULL))
        return;
    r->lights = _exh_alloc(c, v->count, sizeof *r->lights);
    if (!r->lights)
        return;
    r->light_count = v->count;
    for (size_t i = 0; i < v->count; i++) {
        exhibition_light *l = &r->lights[i];
        l->color[0] = l->color[1] = l->color[2] = 1.0f;
        l->intensity = 1.0f;
        char key[48], prefix[56];
        snprintf(key, sizeof key, "lights[%zu]", i);
        snprintf(prefix, sizeof prefix, "%s.", key);
        _exh_where in = { w->what, prefix };
        if (!_exh_members(c, v->items[i], w, key, &in, _exh_light_fields, 4, "{ \"position\": [6, 3.8, 4] }"))
            continue;
        _exh_vec(c, v->items[i], &in, "position", 3, "[x, y, z]", l->position);
        _exh_color(c, v->items[i], &in, "color", l->color);
        _exh_num(c, v->items[i], &in, "intensity", (_exh_range){ 0, 100, false, false, NULL }, &l->intensity);
        l->has_spot = _exh_vec(c, v->items[i], &in, "spot_at", 3, "[x, y, z]", l->spot_at);
    }
}

static void _exh_floor_plan(_exh_ctx *c, const json_value *room, const _exh_where *w, exhibition_room *r)
{
    const json_value *v = json_get(room, "floor_plan");
    if (!v)
        return;
    if (v->type != JSON_ARRAY) {
        _exh_type_error(c, v, w, "floor_plan", "an array of [x, z] points",
                        "Write it as [[0, 0], [12, 0], [12, 8], [0, 8]].");
        return;
    }
    bool ok = true;
    if (v->count < 3) {
        _exh_diag(c, v->pos, "%s has %zu point%s, but a floor needs at least 3. List its corners as [[x, z], …], "
                  "counter-clockwise seen from above.", _exh_subj(c, w, "floor_plan"), v->count,
                  v->count == 1 ? "" : "s");
        ok = false;
    }
    float(*pts)[2] = _exh_alloc(c, v->count, sizeof *pts);
    if (!pts)
        return;
    for (size_t i = 0; i < v->count; i++) {
        char key[48];
        snprintf(key, sizeof key, "floor_plan[%zu]", i);
        ok &= _exh_vec_value(c, v->items[i], w, key, 2, "[x, z]", pts[i]);
    }
    if (!ok)
        return;
    r->floor_plan = pts;
    r->floor_plan_count = v->count;
    _exh_polygon(c, v, w, pts, v->count);
}

static const _exh_field _exh_room_fields[] = {
    { "id", true, "\"id\": \"main-hall\"" },
    { "name", true, "\"name\": { \"en\": \"Main hall\" }" },
    { "floor_plan", false, NULL },
    { "wall_height", false, NULL },
    { "doorways", false, NULL },
    { "floor", false, NULL },
    { "walls", false, NULL },
    { "ceiling", false, NULL },
    { "model", false, NULL },
    { "lights", false, NULL },
    { "ambient", false, NULL },
};

static void _exh_room(_exh_ctx *c, const json_value *o, size_t i, json_pos *id_pos)
{
    exhibition_room *r = &c->ex->rooms[i];
    r->wall_height = 3.5f;
    char what[128], key[48];
    _exh_name(c, o, "room", "rooms", i, what, sizeof what);
    snprintf(key, sizeof key, "rooms[%zu]", i);
    _exh_where top = { "the exhibition", "" }, w = { what, "" };
    if (!_exh_members(c, o, &top, key, &w, _exh_room_fields, sizeof _exh_room_fields / sizeof *_exh_room_fields,
                      "{ \"id\": \"main-hall\", \"name\": { … }, \"floor_plan\": [[0, 0], …] }"))
        return;
    const json_value *id = json_get(o, "id");
    if (id && _exh_id_value(c, id, &w, "id", &r->id)) {
        id_pos[i] = id->pos;
        _exh_duplicate(c, "room", r->id, id, c->ex->rooms, i, sizeof *r, id_pos);
    }
    _exh_text(c, o, &w, "name", &r->name);
    _exh_floor_plan(c, o, &w, r);
    _exh_path(c, o, &w, "model", &r->model, false);
    _exh_path(c, o, &w, "ambient", &r->ambient, false);
    _exh_num(c, o, &w, "wall_height", (_exh_range){ 2, 30, false, false, "metres" }, &r->wall_height);
    _exh_material(c, o, &w, "floor", &r->floor);
    _exh_material(c, o, &w, "walls", &r->walls);
    _exh_material(c, o, &w, "ceiling", &r->ceiling);
    _exh_lights(c, o, &w, r);

    bool plan = json_get(o, "floor_plan") != NULL, model = json_get(o, "model") != NULL;
    if (!plan && !model)
        _exh_diag(c, o->pos, "%s has neither \"floor_plan\" nor \"model\". Add \"floor_plan\": [[x, z], …] (its "
                  "floor's corners) or \"model\": \"rooms/hall.glb\".", what);
    else if (plan && model)
        _exh_diag(c, _exh_later(o, "floor_plan", "model")->key_pos, "%s has both \"floor_plan\" and \"model\". Keep "
                  "one: a room is drawn from its floor plan or from its model.", what);
}

static const _exh_field _exh_doorway_fields[] = {
    { "wall", true, "\"wall\": 0 (the wall from floor_plan point 0 to point 1)" },
    { "center", true, "\"center\": 2.0 (metres along the wall)" },
    { "width", true, "\"width\": 1.2 (metres)" },
    { "height", false, NULL },
    { "to", false, NULL },
};

/* After every room is read: doorways name other rooms. */
static void _exh_doorways(_exh_ctx *c, const json_value *o, size_t ri, bool rooms_ok)
{
    exhibition_room *r = &c->ex->rooms[ri];
    const json_value *v = json_get(o, "doorways");
    char what[128];
    _exh_name(c, o, "room", "rooms", ri, what, sizeof what);
    _exh_where w = { what, "" };
    if (!v || !_exh_array(c, v, &w, "doorways", "[{ \"wall\": 0, \"center\": 2, \"width\": 1.2, \"to\": \"hall\" }]",
                          NULL))
        return;
    if (v->count > 0 && !json_get(o, "floor_plan")) {
        _exh_diag(c, _exh_member(o, "doorways")->key_pos, "%s has doorways but no \"floor_plan\" to put them in. "
                  "Remove \"doorways\" or give the room a floor plan.", what);
        return;
    }
    r->doorways = _exh_alloc(c, v->count, sizeof *r->doorways);
    if (!r->doorways)
        return;
    r->doorway_count = v->count;
    for (size_t i = 0; i < v->count; i++) {
        exhibition_doorway *d = &r->doorways[i];
        const json_value *dv = v->items[i];
        d->height = 2.4f;
        d->to_room = EXHIBITION_NONE;
        char key[48], prefix[56];
        snprintf(key, sizeof key, "doorways[%zu]", i);
        snprintf(prefix, sizeof prefix, "%s.", key);
        _exh_where in = { what, prefix };
        if (!_exh_members(c, dv, &w, key, &in, _exh_doorway_fields, 5,
                          "{ \"wall\": 0, \"center\": 2, \"width\": 1.2, \"to\": \"hall\" }"))
            continue;
        float wall = 0;
        bool wall_ok = _exh_num(c, dv, &in, "wall", (_exh_range){ 0, _EXH_BIG, false, true, NULL }, &wall);
        bool center_ok = _exh_num(c, dv, &in, "center", _EXH_ANY, &d->center);
        bool width_ok = _exh_num(c, dv, &in, "width", (_exh_range){ 0.6, 10, false, false, "metres" }, &d->width);
        bool height_ok = _exh_num(c, dv, &in, "height", (_exh_range){ 1.8, 10, false, false, "metres" }, &d->height);
        d->wall = (uint32_t)wall;
        if (r->floor_plan && wall_ok) {
            if (d->wall >= r->floor_plan_count) {
                _exh_diag(c, json_get(dv, "wall")->pos, "%s is %u, but the floor plan has %zu walls, numbered 0 to "
                          "%zu. Wall i runs from floor_plan point i to point i+1.", _exh_subj(c, &in, "wall"),
                          (unsigned)d->wall, r->floor_plan_count, r->floor_plan_count - 1);
            } else if (center_ok && width_ok) {
                double len = _exh_wall_length(r, d->wall);
                double from = d->center - d->width / 2.0, to = d->center + d->width / 2.0;
                if (from < -1e-4 || to > len + 1e-4)
                    _exh_diag(c, json_get(dv, "center")->pos, "doorway %zu of %s does not fit on wall %u, which is "
                              "%g m long: it would span %g to %g m. Move \"center\" or narrow \"width\".", i, what,
                              (unsigned)d->wall, len, from, to);
            }
        }
        if (height_ok && d->height > r->wall_height)
            _exh_diag(c, json_get(dv, "height")->pos, "%s is %g, taller than the room's wall_height %g. Lower the "
                      "doorway or raise the walls.", _exh_subj(c, &in, "height"), (double)d->height,
                      (double)r->wall_height);
        const json_value *to = json_get(dv, "to");
        if (to && _exh_id_value(c, to, &in, "to", &d->to) && rooms_ok) {
            d->to_room = _exh_resolve(c, to, &in, "to", "room", d->to, c->ex->rooms, c->ex->room_count,
                                      sizeof *c->ex->rooms, c->rooms_json);
            if (d->to_room == ri)
                _exh_diag(c, to->pos, "%s leads to its own room. Name the room on the other side.",
                          _exh_subj(c, &in, "to"));
        }
    }
}

static void _exh_rooms(_exh_ctx *c, const json_value *root)
{
    const json_value *v = json_get(root, "rooms");
    _exh_where top = { "the exhibition", "" };
    if (!v || !_exh_array(c, v, &top, "rooms", "[{ \"id\": \"main-hall\", … }]",
                          "Add at least one room: { \"id\": \"main-hall\", \"name\": { … }, \"floor_plan\": [[0, 0], "
                          "…] }."))
        return;
    json_pos *id_pos = vt_arena_alloc_array(c->tmp, v->count, sizeof *id_pos);
    c->ex->rooms = _exh_alloc(c, v->count, sizeof *c->ex->rooms);
    if (!id_pos || !c->ex->rooms) {
        c->oom = true;
        return;
    }
    c->ex->room_count = v->count;
    for (size_t i = 0; i < v->count; i++)
        _exh_room(c, v->items[i], i, id_pos);
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i]->type == JSON_OBJECT)
            _exh_doorways(c, v->items[i], i, true);
}

static const _exh_field _exh_orbit_fields[] = {
    { "yaw", false, NULL },
    { "pitch", false, NULL },
    { "distance", false, NULL },
    { "front_yaw", false, NULL },
};

/* A [min, max] pair must not be reversed. */
static bool _exh_limits(_exh_ctx *c, const json_value *obj, const _exh_where *w, const char *key, float out[2])
{
    if (!_exh_vec(c, obj, w, key, 2, "[min, max]", out))
        return false;
    if (out[0] > out[1]) {
        _exh_diag(c, json_get(obj, key)->pos, "%s is [%g, %g]: the first limit is larger than the second. Write "
                  "[%g, %g].", _exh_subj(c, w, key), (double)out[0], (double)out[1], (double)out[1], (double)out[0]);
        return false;
    }
    return true;
}

static void _exh_orbit(_exh_ctx *c, const json_value *art, const _exh_where *w, exhibition_orbit *orb)
{
    const json_value *v = json_get(art, "orbit");
    _exh_where in = { w->what, "orbit." };
    if (!v || !_exh_members(c, v, w, "orbit", &in, _exh_orbit_fields, 4,
                            "{ \"yaw\": [-80, 80], \"pitch\": [-10, 75], \"distance\": [0.4, 3] }"))
        return;
    orb->has_yaw = _exh_limits(c, v, &in, "yaw", orb->yaw);
    orb->has_pitch = _exh_limits(c, v, &in, "pitch", orb->pitch);
    orb->has_distance = _exh_limits(c, v, &in, "distance", orb->distance);
    orb->has_front_yaw = _exh_num(c, v, &in, "front_yaw", _EXH_ANY, &orb->front_yaw);
}

static const _exh_field _exh_record_fields[] = {
    { "title", true, "\"title\": { \"en\": \"…\" } to its record" },
    { "inventory_number", false, NULL },
    { "date", false, NULL },
    { "material", false, NULL },
    { "dimensions", false, NULL },
    { "provenance", false, NULL },
    { "description", false, NULL },
    { "credit", true, "\"credit\": { \"en\": \"3D scan: …\" } to its record (shown with the work)" },
    { "licence", true, "\"licence\": \"CC-BY-4.0\" to its record (an SPDX id or a short licence name)" },
};

static void _exh_record(_exh_ctx *c, const json_value *art, const _exh_where *w, exhibition_record *rec)
{
    const json_value *v = json_get(art, "record");
    _exh_where in = { w->what, "record." };
    if (!v || !_exh_members(c, v, w, "record", &in, _exh_record_fields, 9,
                            "{ \"title\": { … }, \"credit\": { … }, \"licence\": \"CC-BY-4.0\" }"))
        return;
    _exh_text(c, v, &in, "title", &rec->title);
    _exh_string(c, v, &in, "inventory_number", &rec->inventory_number);
    _exh_text(c, v, &in, "date", &rec->date);
    _exh_text(c, v, &in, "material", &rec->material);
    _exh_text(c, v, &in, "dimensions", &rec->dimensions);
    _exh_text(c, v, &in, "provenance", &rec->provenance);
    _exh_text(c, v, &in, "description", &rec->description);
    _exh_text(c, v, &in, "credit", &rec->credit);
    _exh_string(c, v, &in, "licence", &rec->licence);
}

static const _exh_field _exh_artefact_fields[] = {
    { "id", true, "\"id\": \"dong-son-drum\"" },
    { "scan", true, "\"scan\": \"scans/drum.glb\" (relative to the exhibition folder)" },
    { "room", true, "\"room\": \"main-hall\" (the id of its room)" },
    { "position", true, "\"position\": [x, 0, z] (metres, the centre of its base)" },
    { "rotation", false, NULL },
    { "scale", false, NULL },
    { "height_m", false, NULL },
    { "up", false, NULL },
    { "support", false, NULL },
    { "support_height", false, NULL },
    { "orbit", false, NULL },
    { "record", true, "\"record\": { \"title\": { … }, \"credit\": { … }, \"licence\": \"…\" }" },
};

static const char *const _exh_up_names[] = { "y", "z", "-z", "x" };
static const char *const _exh_support_names[] = { "plinth", "none", "vitrine" };

static void _exh_artefact(_exh_ctx *c, const json_value *o, size_t i, json_pos *id_pos, bool rooms_ok)
{
    exhibition_artefact *a = &c->ex->artefacts[i];
    a->room_index = EXHIBITION_NONE;
    a->support_height = 0.9f;
    char what[128], key[48];
    _exh_name(c, o, "artefact", "artefacts", i, what, sizeof what);
    snprintf(key, sizeof key, "artefacts[%zu]", i);
    _exh_where top = { "the exhibition", "" }, w = { what, "" };
    if (!_exh_members(c, o, &top, key, &w, _exh_artefact_fields,
                      sizeof _exh_artefact_fields / sizeof *_exh_artefact_fields,
                      "{ \"id\": \"drum\", \"scan\": \"scans/drum.glb\", \"room\": \"hall\", … }"))
        return;
    const json_value *id = json_get(o, "id");
    if (id && _exh_id_value(c, id, &w, "id", &a->id)) {
        id_pos[i] = id->pos;
        _exh_duplicate(c, "artefact", a->id, id, c->ex->artefacts, i, sizeof *a, id_pos);
    }
    _exh_path(c, o, &w, "scan", &a->scan, true);
    const json_value *room = json_get(o, "room");
    if (room && _exh_id_value(c, room, &w, "room", &a->room) && rooms_ok)
        a->room_index = _exh_resolve(c, room, &w, "room", "room", a->room, c->ex->rooms, c->ex->room_count,
                                     sizeof *c->ex->rooms, c->rooms_json);
    _exh_vec(c, o, &w, "position", 3, "[x, y, z]", a->position);
    _exh_vec(c, o, &w, "rotation", 3, "[x, y, z] degrees", a->rotation);
    _exh_num(c, o, &w, "scale", (_exh_range){ 0.001, 1000, false, false, NULL }, &a->scale);
    _exh_num(c, o, &w, "height_m", (_exh_range){ 0.005, 50, false, false, "metres" }, &a->height_m);
    if (json_get(o, "scale") && json_get(o, "height_m"))
        _exh_diag(c, _exh_later(o, "scale", "height_m")->key_pos, "%s gives both \"scale\" and \"height_m\". Keep "
                  "one: \"height_m\" when the real height is known.", what);
    int e = 0;
    if (_exh_enum(c, o, &w, "up", _exh_up_names, 4, &e))
        a->up = (exhibition_up)e;
    if (_exh_enum(c, o, &w, "support", _exh_support_names, 3, &e))
        a->support = (exhibition_support)e;
    _exh_num(c, o, &w, "support_height", (_exh_range){ 0, 3, false, false, "metres" }, &a->support_height);
    _exh_orbit(c, o, &w, &a->orbit);
    _exh_record(c, o, &w, &a->record);
}

static void _exh_artefacts(_exh_ctx *c, const json_value *root, bool rooms_ok)
{
    const json_value *v = json_get(root, "artefacts");
    _exh_where top = { "the exhibition", "" };
    if (!v || !_exh_array(c, v, &top, "artefacts", "[{ \"id\": \"drum\", … }]",
                          "Add at least one artefact: { \"id\": \"drum\", \"scan\": \"scans/drum.glb\", \"room\": …, "
                          "\"position\": …, \"record\": … }."))
        return;
    json_pos *id_pos = vt_arena_alloc_array(c->tmp, v->count, sizeof *id_pos);
    c->ex->artefacts = _exh_alloc(c, v->count, sizeof *c->ex->artefacts);
    if (!id_pos || !c->ex->artefacts) {
        c->oom = true;
        return;
    }
    c->ex->artefact_count = v->count;
    for (size_t i = 0; i < v->count; i++)
        _exh_artefact(c, v->items[i], i, id_pos, rooms_ok);
}

static const _exh_field _exh_viewpoint_fields[] = {
    { "id", true, "\"id\": \"entrance\"" },
    { "name", true, "\"name\": { \"en\": \"Entrance\" }" },
    { "position", true, "\"position\": [x, 1.6, z] (the eye, metres)" },
    { "look_at", true, "\"look_at\": [x, y, z] (the point it looks at)" },
};

static void _exh_viewpoints(_exh_ctx *c, const json_value *root)
{
    const json_value *v = json_get(root, "viewpoints");
    _exh_where top = { "the exhibition", "" };
    if (!v || !_exh_array(c, v, &top, "viewpoints", "[{ \"id\": \"entrance\", … }]", NULL))
        return;
    json_pos *id_pos = vt_arena_alloc_array(c->tmp, v->count ? v->count : 1, sizeof *id_pos);
    c->ex->viewpoints = _exh_alloc(c, v->count, sizeof *c->ex->viewpoints);
    if (!id_pos || !c->ex->viewpoints) {
        c->oom = true;
        return;
    }
    c->ex->viewpoint_count = v->count;
    for (size_t i = 0; i < v->count; i++) {
        exhibition_viewpoint *p = &c->ex->viewpoints[i];
        const json_value *o = v->items[i];
        char what[128], key[48];
        _exh_name(c, o, "viewpoint", "viewpoints", i, what, sizeof what);
        snprintf(key, sizeof key, "viewpoints[%zu]", i);
        _exh_where w = { what, "" };
        if (!_exh_members(c, o, &top, key, &w, _exh_viewpoint_fields, 4,
                          "{ \"id\": \"entrance\", \"name\": { … }, \"position\": [1, 1.6, 1], \"look_at\": [6, 1.2, 4] }"))
            continue;
        const json_value *id = json_get(o, "id");
        if (id && _exh_id_value(c, id, &w, "id", &p->id)) {
            id_pos[i] = id->pos;
            _exh_duplicate(c, "viewpoint", p->id, id, c->ex->viewpoints, i, sizeof *p, id_pos);
        }
        _exh_text(c, o, &w, "name", &p->name);
        bool pos_ok = _exh_vec(c, o, &w, "position", 3, "[x, y, z]", p->position);
        bool at_ok = _exh_vec(c, o, &w, "look_at", 3, "[x, y, z]", p->look_at);
        if (pos_ok && at_ok && memcmp(p->position, p->look_at, sizeof p->position) == 0)
            _exh_diag(c, json_get(o, "look_at")->pos, "%s looks at its own position, so it has no direction. Move "
                      "\"look_at\" to the point the visitor should face.", what);
    }
}

static const _exh_field _exh_tour_fields[] = {
    { "id", true, "\"id\": \"highlights\"" },
    { "name", true, "\"name\": { \"en\": \"Highlights\" }" },
    { "stops", true, "\"stops\": [{ \"viewpoint\": \"entrance\" }, …]" },
};

static const _exh_field _exh_stop_fields[] = {
    { "viewpoint", true, "\"viewpoint\": \"entrance\" (a viewpoint's id)" },
    { "seconds", false, NULL },
    { "travel_seconds", false, NULL },
};

static void _exh_stops(_exh_ctx *c, const json_value *o, const _exh_where *w, exhibition_tour *t, bool views_ok)
{
    const json_value *v = json_get(o, "stops");
    if (!v || !_exh_array(c, v, w, "stops", "[{ \"viewpoint\": \"entrance\", \"seconds\": 8 }]",
                          "Add at least one stop: { \"viewpoint\": \"entrance\", \"seconds\": 8 }."))
        return;
    t->stops = _exh_alloc(c, v->count, sizeof *t->stops);
    if (!t->stops)
        return;
    t->stop_count = v->count;
    for (size_t i = 0; i < v->count; i++) {
        exhibition_tour_stop *s = &t->stops[i];
        s->viewpoint_index = EXHIBITION_NONE;
        s->seconds = 8.0f;
        s->travel_seconds = 4.0f;
        char key[48], prefix[56];
        snprintf(key, sizeof key, "stops[%zu]", i);
        snprintf(prefix, sizeof prefix, "%s.", key);
        _exh_where in = { w->what, prefix };
        const json_value *sv = v->items[i];
        if (!_exh_members(c, sv, w, key, &in, _exh_stop_fields, 3, "{ \"viewpoint\": \"entrance\", \"seconds\": 8 }"))
            continue;
        const json_value *vp = json_get(sv, "viewpoint");
        if (vp && _exh_id_value(c, vp, &in, "viewpoint", &s->viewpoint) && views_ok)
            s->viewpoint_index = _exh_resolve(c, vp, &in, "viewpoint", "viewpoint", s->viewpoint,
                                              c->ex->viewpoints, c->ex->viewpoint_count, sizeof *c->ex->viewpoints,
                                              c->views_json);
        _exh_num(c, sv, &in, "seconds", (_exh_range){ 0.5, 600, false, false, "seconds" }, &s->seconds);
        _exh_num(c, sv, &in, "travel_seconds", (_exh_range){ 0.5, 60, false, false, "seconds" }, &s->travel_seconds);
    }
}

static void _exh_tours(_exh_ctx *c, const json_value *root, bool views_ok)
{
    const json_value *v = json_get(root, "tours");
    _exh_where top = { "the exhibition", "" };
    if (!v || !_exh_array(c, v, &top, "tours", "[{ \"id\": \"highlights\", … }]", NULL))
        return;
    json_pos *id_pos = vt_arena_alloc_array(c->tmp, v->count ? v->count : 1, sizeof *id_pos);
    c->ex->tours = _exh_alloc(c, v->count, sizeof *c->ex->tours);
    if (!id_pos || !c->ex->tours) {
        c->oom = true;
        return;
    }
    c->ex->tour_count = v->count;
    for (size_t i = 0; i < v->count; i++) {
        exhibition_tour *t = &c->ex->tours[i];
        const json_value *o = v->items[i];
        char what[128], key[48];
        _exh_name(c, o, "tour", "tours", i, what, sizeof what);
        snprintf(key, sizeof key, "tours[%zu]", i);
        _exh_where w = { what, "" };
        if (!_exh_members(c, o, &top, key, &w, _exh_tour_fields, 3,
                          "{ \"id\": \"highlights\", \"name\": { … }, \"stops\": [ … ] }"))
            continue;
        const json_value *id = json_get(o, "id");
        if (id && _exh_id_value(c, id, &w, "id", &t->id)) {
            id_pos[i] = id->pos;
            _exh_duplicate(c, "tour", t->id, id, c->ex->tours, i, sizeof *t, id_pos);
        }
        _exh_text(c, o, &w, "name", &t->name);
        _exh_stops(c, o, &w, t, views_ok);
    }
}

static const _exh_field _exh_hotspot_fields[] = {
    { "id", true, "\"id\": \"drum-star\"" },
    { "artefact", false, NULL },
    { "room", false, NULL },
    { "position", true, "\"position\": [x, y, z] (on the artefact, in its scan's own coordinates)" },
    { "normal", false, NULL },
    { "stop", false, NULL },
    { "title", true, "\"title\": { \"en\": \"The sun star\" }" },
    { "body", false, NULL },
    { "image", false, NULL },
    { "narration", false, NULL },
    { "camera", false, NULL },
};

static const _exh_field _exh_narration_fields[] = {
    { "audio", false, NULL },
    { "captions", false, NULL },
};

static const _exh_field _exh_camera_fields[] = {
    { "position", true, "\"position\": [x, 1.6, z] (the eye, metres)" },
    { "look_at", true, "\"look_at\": [x, y, z]" },
};

/* "narration": { "vi": { "audio": …, "captions": … }, … }: recordings per
 * declared language; a language left out is narrated by the packer. */
static void _exh_narration(_exh_ctx *c, const json_value *o, const _exh_where *w, exhibition_hotspot *h)
{
    const json_value *v = json_get(o, "narration");
    if (!v)
        return;
    if (v->type != JSON_OBJECT) {
        _exh_type_error(c, v, w, "narration", "an object",
                        "Write it as { \"vi\": { \"audio\": \"audio/x-vi.ogg\", \"captions\": \"audio/x-vi.vtt\" } }.");
        return;
    }
    h->narration = _exh_alloc(c, v->count, sizeof *h->narration);
    if (!h->narration)
        return;
    for (size_t i = 0; i < v->count; i++) {
        const json_member *m = &v->members[i];
        bool declared = false;
        for (size_t l = 0; l < c->lang_count && !declared; l++)
            declared = strcmp(c->langs[l], m->key) == 0;
        if (c->langs_known && !declared) {
            _exh_diag(c, m->key_pos, "narration in \"%s\" (%s), a language the exhibition does not declare. Add "
                      "\"%s\" to \"languages\" or remove this narration.", _exh_q(c, m->key), w->what,
                      _exh_q(c, m->key));
            continue;
        }
        char key[64], prefix[72];
        snprintf(key, sizeof key, "narration.%s", m->key);
        snprintf(prefix, sizeof prefix, "%s.", key);
        _exh_where in = { w->what, prefix };
        if (!_exh_members(c, m->value, w, key, &in, _exh_narration_fields, 2,
                          "{ \"audio\": \"audio/x.ogg\", \"captions\": \"audio/x.vtt\" }"))
            continue;
        exhibition_narration *n = &h->narration[h->narration_count];
        n->lang = _exh_strdup(c, m->key);
        _exh_path(c, m->value, &in, "audio", &n->audio, false);
        _exh_path(c, m->value, &in, "captions", &n->captions, false);
        if (!json_get(m->value, "audio") && !json_get(m->value, "captions")) {
            _exh_diag(c, m->value->pos, "%s has neither \"audio\" nor \"captions\" (%s). Name a recording, or remove "
                      "it and the packer narrates the text.", key, w->what);
            continue;
        }
        h->narration_count++;
    }
}

static void _exh_hotspots(_exh_ctx *c, const json_value *root, bool arts_ok, bool rooms_ok)
{
    const json_value *v = json_get(root, "hotspots");
    _exh_where top = { "the exhibition", "" };
    if (!v || !_exh_array(c, v, &top, "hotspots", "[{ \"id\": \"drum-star\", … }]", NULL))
        return;
    json_pos *id_pos = vt_arena_alloc_array(c->tmp, v->count ? v->count : 1, sizeof *id_pos);
    json_pos *stop_pos = vt_arena_alloc_array(c->tmp, v->count ? v->count : 1, sizeof *stop_pos);
    c->ex->hotspots = _exh_alloc(c, v->count, sizeof *c->ex->hotspots);
    if (!id_pos || !stop_pos || !c->ex->hotspots) {
        c->oom = true;
        return;
    }
    c->ex->hotspot_count = v->count;
    for (size_t i = 0; i < v->count; i++) {
        exhibition_hotspot *h = &c->ex->hotspots[i];
        h->artefact_index = h->room_index = EXHIBITION_NONE;
        h->normal[1] = 1.0f;
        const json_value *o = v->items[i];
        char what[128], key[48];
        _exh_name(c, o, "hotspot", "hotspots", i, what, sizeof what);
        snprintf(key, sizeof key, "hotspots[%zu]", i);
        _exh_where w = { what, "" };
        if (!_exh_members(c, o, &top, key, &w, _exh_hotspot_fields,
                          sizeof _exh_hotspot_fields / sizeof *_exh_hotspot_fields,
                          "{ \"id\": \"drum-star\", \"artefact\": \"drum\", \"position\": [0, 0.6, 0], "
                          "\"title\": { … } }"))
            continue;
        const json_value *id = json_get(o, "id");
        if (id && _exh_id_value(c, id, &w, "id", &h->id)) {
            id_pos[i] = id->pos;
            _exh_duplicate(c, "hotspot", h->id, id, c->ex->hotspots, i, sizeof *h, id_pos);
        }
        const json_value *art = json_get(o, "artefact"), *room = json_get(o, "room");
        if (art && room)
            _exh_diag(c, room->pos, "%s names both an artefact and a room. Keep \"artefact\" for a point on a "
                      "scan, or \"room\" for a point in the room, not both.", what);
        else if (!art && !room)
            _exh_diag(c, o->pos, "%s is not anchored. Add \"artefact\": \"drum\" (a point on that scan) or "
                      "\"room\": \"hall\" (a point in the room, metres).", what);
        if (art && _exh_id_value(c, art, &w, "artefact", &h->artefact) && arts_ok)
            h->artefact_index = _exh_resolve(c, art, &w, "artefact", "artefact", h->artefact, c->ex->artefacts,
                                             c->ex->artefact_count, sizeof *c->ex->artefacts, c->arts_json);
        if (room && !art && _exh_id_value(c, room, &w, "room", &h->room) && rooms_ok)
            h->room_index = _exh_resolve(c, room, &w, "room", "room", h->room, c->ex->rooms, c->ex->room_count,
                                         sizeof *c->ex->rooms, c->rooms_json);
        _exh_vec(c, o, &w, "position", 3, "[x, y, z]", h->position);
        if (_exh_vec(c, o, &w, "normal", 3, "[x, y, z] (the way the surface faces)", h->normal)) {
            float len = sqrtf(h->normal[0] * h->normal[0] + h->normal[1] * h->normal[1] + h->normal[2] * h->normal[2]);
            if (len < 1e-6f) {
                _exh_diag(c, json_get(o, "normal")->pos, "\"normal\" of %s is [0, 0, 0], which faces nowhere. Give "
                          "the way the surface faces, e.g. [0, 1, 0] for up.", what);
                h->normal[0] = h->normal[2] = 0.0f;
                h->normal[1] = 1.0f;
            } else {
                for (int k = 0; k < 3; k++)
                    h->normal[k] /= len;
            }
        }
        double stop;
        const json_value *sv = json_get(o, "stop");
        if (sv && _exh_num_value(c, sv, &w, "stop", (_exh_range){ 1, 9999, false, true, NULL }, &stop)) {
            h->stop = (int)stop;
            stop_pos[i] = sv->pos;
            for (size_t j = 0; j < i; j++)
                if (c->ex->hotspots[j].stop == h->stop) {
                    _exh_diag(c, sv->pos, "stop %d of %s is already hotspot \"%s\"'s (line %u). Give each hotspot "
                              "its own stop number.", h->stop, what,
                              c->ex->hotspots[j].id ? _exh_q(c, c->ex->hotspots[j].id) : "?",
                              (unsigned)stop_pos[j].line);
                    break;
                }
        }
        _exh_text(c, o, &w, "title", &h->title);
        _exh_text(c, o, &w, "body", &h->body);
        _exh_path(c, o, &w, "image", &h->image, false);
        _exh_narration(c, o, &w, h);
        const json_value *cam = json_get(o, "camera");
        if (cam) {
            _exh_where in = { what, "camera." };
            if (_exh_members(c, cam, &w, "camera", &in, _exh_camera_fields, 2,
                             "{ \"position\": [x, 1.6, z], \"look_at\": [x, y, z] }")) {
                bool a = _exh_vec(c, cam, &in, "position", 3, "[x, y, z]", h->camera_position);
                bool b = _exh_vec(c, cam, &in, "look_at", 3, "[x, y, z]", h->camera_look_at);
                h->has_camera = a && b;
            }
        }
    }
}

/* Languages come first: every text is checked against them. */
static void _exh_languages(_exh_ctx *c, const json_value *root)
{
    const json_value *v = json_get(root, "languages");
    _exh_where top = { "the exhibition", "" };
    if (!v || !_exh_array(c, v, &top, "languages", "[\"vi\", \"en\"] (BCP-47 codes, the first is the default)",
                          "List at least one language code, the default first, e.g. [\"en\"]."))
        return;
    c->langs = vt_arena_alloc_array(c->tmp, v->count, sizeof *c->langs);
    c->lang_valid = vt_arena_alloc_array(c->tmp, v->count, sizeof *c->lang_valid);
    c->ex->languages = _exh_alloc(c, v->count, sizeof *c->ex->languages);
    if (!c->langs || !c->lang_valid || !c->ex->languages) {
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < v->count; i++) {
        const json_value *l = v->items[i];
        char key[48];
        snprintf(key, sizeof key, "languages[%zu]", i);
        if (l->type != JSON_STRING) {
            _exh_type_error(c, l, &top, key, "a language code string", "Write it in quotes, e.g. \"en\".");
            continue;
        }
        bool repeat = false;
        for (size_t j = 0; j < i && !repeat; j++) {
            const json_value *e = v->items[j];
            if (e->type == JSON_STRING && strcmp(e->string, l->string) == 0) {
                _exh_diag(c, l->pos, "language \"%s\" is listed twice in \"languages\" (first at line %u, column %u). "
                          "Remove the repeat.", _exh_q(c, l->string), (unsigned)e->pos.line, (unsigned)e->pos.column);
                repeat = true;
            }
        }
        if (repeat)
            continue;
        if (!_exh_is_lang(l->string)) {
            char fix[48], guess[24];
            size_t n = 0;
            for (const char *s = l->string; *s && n + 1 < sizeof guess; s++)
                guess[n++] = *s == '_' ? '-' : *s;
            guess[n] = '\0';
            for (size_t k = 0; k < n && guess[k] != '-'; k++)
                guess[k] = (char)tolower((unsigned char)guess[k]);
            if (_exh_is_lang(guess) && strlen(l->string) < sizeof guess)
                snprintf(fix, sizeof fix, "Did you mean \"%s\"?", guess);
            else
                snprintf(fix, sizeof fix, "Write codes like \"en\", \"vi\" or \"pt-BR\".");
            _exh_diag(c, l->pos, "language \"%s\" is not a BCP-47 language code. %s", _exh_q(c, l->string), fix);
        }
        c->lang_valid[c->lang_count] = _exh_is_lang(l->string);
        c->langs[c->lang_count++] = l->string;
        c->ex->languages[c->ex->language_count++] = _exh_strdup(c, l->string);
    }
    c->langs_known = c->lang_count > 0;
}

static const _exh_field _exh_root_fields[] = {
    { "format", true, "\"format\": 1" },
    { "title", true, "\"title\": { \"en\": \"…\" } (the exhibition's name)" },
    { "languages", true, "\"languages\": [\"en\"] (BCP-47 codes, the default first)" },
    { "rooms", true, "\"rooms\": [{ \"id\": \"main-hall\", … }]" },
    { "artefacts", true, "\"artefacts\": [{ \"id\": \"drum\", … }]" },
    { "viewpoints", false, NULL },
    { "tours", false, NULL },
    { "hotspots", false, NULL },
    { "credits", false, NULL },
};

static void _exh_root(_exh_ctx *c, const json_value *root)
{
    _exh_where top = { "the exhibition", "" }, file = { "exhibition.json", "" };
    if (!_exh_members(c, root, &file, NULL, &top, _exh_root_fields, sizeof _exh_root_fields / sizeof *_exh_root_fields,
                      "{ \"format\": 1, \"title\": { … }, \"languages\": [ … ], \"rooms\": [ … ], \"artefacts\": [ … ] }"))
        return;
    _exh_languages(c, root);
    const json_value *f = json_get(root, "format");
    double format;
    if (f && _exh_num_value(c, f, &top, "format", (_exh_range){ -_EXH_BIG, _EXH_BIG, false, true, NULL }, &format)) {
        if (format != EXHIBITION_FORMAT)
            _exh_diag(c, f->pos, "\"format\" is %g, but this Vitrine reads format %d. Write \"format\": %d and check "
                      "the file against docs/exhibition-format.md.", format, EXHIBITION_FORMAT, EXHIBITION_FORMAT);
        c->ex->format = (int)format;
    }
    _exh_text(c, root, &top, "title", &c->ex->title);
    _exh_text(c, root, &top, "credits", &c->ex->credits);

    const json_value *rooms = json_get(root, "rooms");
    bool rooms_ok = rooms && rooms->type == JSON_ARRAY && rooms->count > 0;
    c->rooms_json = rooms_ok ? rooms : NULL;
    _exh_rooms(c, root);
    const json_value *arts_list = json_get(root, "artefacts");
    c->arts_json = arts_list && arts_list->type == JSON_ARRAY ? arts_list : NULL;
    _exh_artefacts(c, root, rooms_ok);
    const json_value *views = json_get(root, "viewpoints");
    bool views_ok = !views || views->type == JSON_ARRAY;
    c->views_json = views && views->type == JSON_ARRAY ? views : NULL;
    _exh_viewpoints(c, root);
    _exh_tours(c, root, views_ok);

    const json_value *arts = json_get(root, "artefacts");
    _exh_hotspots(c, root, arts && arts->type == JSON_ARRAY, rooms_ok);
}

/* ---- entry points ------------------------------------------------------- */

static int _exh_cmp_pos(const void *pa, const void *pb)
{
    const exhibition_diag *a = *(const exhibition_diag *const *)pa, *b = *(const exhibition_diag *const *)pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return a < b ? -1 : a > b; /* stable: keeps the walk's order at one position */
}

/* Document order for the diagnostics from FIRST on. */
static void _exh_sort(exhibition_diags *d, size_t first, bool *oom)
{
    size_t n = d->count - first;
    if (n < 2)
        return;
    exhibition_diag **order = malloc(n * sizeof *order);
    exhibition_diag *sorted = vt_arena_alloc_array(&d->arena, d->capacity, sizeof *sorted);
    if (!order || !sorted) {
        free(order);
        *oom = true; /* left in walk order */
        return;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &d->items[first + i];
    qsort(order, n, sizeof *order, _exh_cmp_pos);
    memcpy(sorted, d->items, first * sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[first + i] = *order[i];
    free(order);
    d->items = sorted;
}

vt_result exhibition_load(const char *dir, exhibition *out, exhibition_diags *diags)
{
    return exhibition_load_ex(&(exhibition_load_desc){ .dir = dir }, out, diags);
}

vt_result exhibition_load_ex(const exhibition_load_desc *desc, exhibition *out, exhibition_diags *diags)
{
    memset(out, 0, sizeof *out);
    exhibition_diags local = { 0 };
    if (!diags)
        diags = &local;
    size_t first = diags->count, first_warning = diags->warnings;
    bool oom = false;
    vt_result result = VT_OK;
    const char *dir = desc->dir ? desc->dir : ".";

    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/exhibition.json", dir);
    vt_blob blob = { 0 };
    vt_result r = VT_OK;
    if (desc->json)
        blob = (vt_blob){ .data = (uint8_t *)desc->json, .size = desc->json_len };
    else
        r = vt_file_read(path, &blob, _EXH_MAX_FILE);
    if (r != VT_OK) {
        if (r == VT_ERR_NOT_FOUND)
            _exh_diag_raw(diags, &oom, 0, 0, "no exhibition.json in %s. Create one there (see "
                          "docs/exhibition-format.md and tests/data/exhibitions/valid-minimal).", dir);
        else if (r == VT_ERR_EMPTY)
            _exh_diag_raw(diags, &oom, 0, 0, "exhibition.json in %s is empty. Write the exhibition there (see "
                          "docs/exhibition-format.md).", dir);
        else if (r == VT_ERR_TOO_LARGE)
            _exh_diag_raw(diags, &oom, 0, 0, "exhibition.json in %s is larger than %u MiB. Keep texts in the file "
                          "and media beside it.", dir, _EXH_MAX_FILE >> 20);
        else
            _exh_diag_raw(diags, &oom, 0, 0, "exhibition.json in %s cannot be read (%s). Check that it is a file "
                          "you may read.", dir, vt_result_str(r));
        result = r;
        goto done;
    }

    vt_arena tmp = { 0 };
    json_error jerr;
    json_value *root = json_parse((const char *)blob.data, blob.size, &tmp, &jerr);
    if (!root) {
        _exh_diag_raw(diags, &oom, jerr.pos.line, jerr.pos.column, "%s. Fix the JSON here; nothing else was checked.",
                      jerr.message);
        result = VT_ERR_MALFORMED;
    } else {
        _exh_ctx *c = calloc(1, sizeof *c);
        if (!c) {
            oom = true;
        } else {
            c->ex = out;
            c->diags = diags;
            c->dir = dir;
            c->tmp = &tmp;
            c->check_files = !desc->json;
            c->missing_ok = desc->missing_scans_ok;
            c->have_dir_real = realpath(dir, c->dir_real) != NULL;
            out->dir = _exh_strdup(c, dir);
            _exh_root(c, root);
            oom |= c->oom;
            free(c);
        }
    }
    vt_arena_free(&tmp);
    if (!desc->json)
        vt_blob_free(&blob);

done:
    _exh_sort(diags, first, &oom);
    if (oom)
        result = VT_ERR_OUT_OF_MEMORY;
    else if (result == VT_OK && diags->count - first > diags->warnings - first_warning)
        result = VT_ERR_MALFORMED;
    if (result != VT_OK)
        exhibition_free(out);
    exhibition_diags_free(&local);
    return result;
}

void exhibition_free(exhibition *ex)
{
    if (!ex)
        return;
    vt_arena_free(&ex->arena);
    memset(ex, 0, sizeof *ex);
}

void exhibition_print_diags(const exhibition_diags *diags, const char *path, FILE *f)
{
    if (!path)
        path = "exhibition.json";
    for (size_t i = 0; i < diags->count; i++)
        fprintf(f, "%s:%u:%u: %s%s\n", path, (unsigned)diags->items[i].line, (unsigned)diags->items[i].column,
                diags->items[i].warning ? "warning: " : "", diags->items[i].message);
}

void exhibition_diags_free(exhibition_diags *diags)
{
    if (!diags)
        return;
    vt_arena_free(&diags->arena);
    memset(diags, 0, sizeof *diags);
}

const char *exhibition_text_get(const exhibition_text *t, const char *lang)
{
    if (!t || t->count == 0)
        return "";
    for (size_t i = 0; lang && i < t->count; i++)
        if (strcmp(t->entries[i].lang, lang) == 0)
            return t->entries[i].string;
    return t->entries[0].string;
}
