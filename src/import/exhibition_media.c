/* exhibition_media: narration, captions, images and fonts of an exhibition
 * package, checked and cached. */
#define _GNU_SOURCE /* PATH_MAX */
#include "exhibition_media.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <stb_image.h>
#include <unistr.h>
#include <uninorm.h>

#include "base/json.h"
#include "import/pack_cache.h"
#include "media/media_decode.h"
#include "media/media_narration.h"
#include "media/media_vorbis_enc.h"

/* ---- diagnostics ---------------------------------------------------------- */

/* A problem found here, kept until the end so they go out in document
 * order whatever order the workers finished in. */
typedef struct _xm_diag {
    uint32_t line, column, seq;
    bool warning;
    char message[sizeof(((exhibition_diag *)0)->message)];
} _xm_diag;

typedef struct _xm_ctx {
    const exhibition_media_desc *d;
    const exhibition *ex;
    vt_arena arena; /* the re-read JSON tree, paths, texts */
    const json_value *root;
    _xm_diag *diags;
    size_t diag_count, diag_cap;
    bool oom;
} _xm_ctx;

/* Cuts S at a UTF-8 boundary at most MAX bytes in (S is MAX + 1 bytes at least). */
static void _xm_utf8_cut(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    s[max] = 0;
}

static void _xm_diag_add(_xm_ctx *c, json_pos pos, bool warning, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void _xm_diag_add(_xm_ctx *c, json_pos pos, bool warning, const char *fmt, ...)
{
    if (c->diag_count == c->diag_cap) {
        size_t cap = c->diag_cap ? c->diag_cap * 2 : 16;
        _xm_diag *grown = realloc(c->diags, cap * sizeof *grown);
        if (!grown) {
            c->oom = true;
            return;
        }
        c->diags = grown;
        c->diag_cap = cap;
    }
    _xm_diag *g = &c->diags[c->diag_count];
    *g = (_xm_diag){ .line = pos.line, .column = pos.column, .seq = (uint32_t)c->diag_count, .warning = warning };
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    _xm_utf8_cut(text, sizeof g->message - 1);
    memcpy(g->message, text, strlen(text) + 1);
    c->diag_count++;
}

static int _xm_diag_order(const void *pa, const void *pb)
{
    const _xm_diag *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Appends the collected problems to DIAGS in document order; how many are
 * errors, or -1 when memory ran out. */
static long _xm_diags_flush(_xm_ctx *c, exhibition_diags *diags)
{
    long errors = 0;
    if (c->diag_count == 0)
        return 0;
    qsort(c->diags, c->diag_count, sizeof *c->diags, _xm_diag_order);
    if (diags->count + c->diag_count > diags->capacity) {
        size_t cap = diags->count + c->diag_count + 8;
        exhibition_diag *items = vt_arena_alloc_array(&diags->arena, cap, sizeof *items);
        if (!items)
            return -1;
        if (diags->count)
            memcpy(items, diags->items, diags->count * sizeof *items);
        diags->items = items;
        diags->capacity = cap;
    }
    for (size_t i = 0; i < c->diag_count; i++) {
        exhibition_diag *g = &diags->items[diags->count++];
        g->line = c->diags[i].line;
        g->column = c->diags[i].column;
        g->warning = c->diags[i].warning;
        memcpy(g->message, c->diags[i].message, sizeof g->message);
        diags->warnings += g->warning;
        errors += !g->warning;
    }
    return errors;
}

/* ---- positions in exhibition.json ------------------------------------------ */

static const json_value *_xm_at(const json_value *v, const char *key)
{
    return v ? json_get(v, key) : NULL;
}

static const json_value *_xm_hotspot_json(const _xm_ctx *c, size_t i)
{
    const json_value *hs = _xm_at(c->root, "hotspots");
    return hs && hs->type == JSON_ARRAY && i < hs->count ? hs->items[i] : NULL;
}

/* The position of the first of V, then FALLBACK, that exists (1:1 otherwise). */
static json_pos _xm_pos(const json_value *v, const json_value *fallback)
{
    if (v)
        return v->pos;
    if (fallback)
        return fallback->pos;
    return (json_pos){ 1, 1, 0 };
}

/* The name of a media file in the entry: its base name, cut to fit. */
static void _xm_name(char out[32], const char *path)
{
    const char *slash = strrchr(path, '/');
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", slash ? slash + 1 : path);
    _xm_utf8_cut(tmp, 31);
    memset(out, 0, 32);
    memcpy(out, tmp, strlen(tmp));
}

/* ---- text ---------------------------------------------------------------- */

char *exhibition_media_plain_text(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '*') {
            /* Emphasis opens before a word and closes after one; a lone
             * star between spaces is a star. */
            bool opens = i + 1 < n && text[i + 1] != ' ' && text[i + 1] != '\n' && text[i + 1] != '*';
            bool closes = i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n';
            if (opens || closes)
                continue;
        }
        out[o++] = text[i];
    }
    out[o] = 0;
    return out;
}

/* The string of T in exactly LANG, or NULL (no fallback: a text in another
 * language must not be read by this language's voice). */
static const char *_xm_text_in(const exhibition_text *t, const char *lang)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->entries[i].lang, lang) == 0)
            return t->entries[i].string;
    return NULL;
}

/* ---- narration --------------------------------------------------------------- */

typedef struct _xm_job {
    uint32_t hotspot;
    const char *lang;
    const exhibition_narration *given; /* the curator's recording, or NULL */
    char *text;                        /* title, pause, body; malloc'd; may be NULL */
    json_pos audio_pos, captions_pos, text_pos;
    /* Results. */
    vt_result result;
    vt_error_msg err;
    bool cached, synthetic;
    float seconds, lufs, lufs_source;
    char voice[32];
    char note[320];
    vt_blob ogg, vtt;
} _xm_job;

typedef struct _xm_pool {
    pthread_mutex_t lock;
    _xm_job *jobs;
    size_t count, next;
    const exhibition_media_desc *d;
} _xm_pool;

/* The cache file of a narration: a small header, then the Ogg, the WebVTT
 * and the note. Only this module reads it; a damaged or foreign one is
 * converted again. */
typedef struct _xm_cached {
    char magic[8]; /* "VTNARR1" */
    uint32_t flags; /* VT_MEDIA_SYNTHETIC */
    float seconds, lufs, lufs_source;
    uint32_t ogg_size, vtt_size, note_size;
    char voice[32];
} _xm_cached;

static const char _xm_magic[8] = "VTNARR1";

static uint64_t _xm_hash_str(uint64_t h, const char *s)
{
    /* The length first, so ("ab", "c") and ("a", "bc") differ. */
    uint64_t n = s ? strlen(s) + 1 : 0;
    h = pack_cache_hash(h, &n, sizeof n);
    return s ? pack_cache_hash(h, s, (size_t)n) : h;
}

static uint64_t _xm_hash_blob(uint64_t h, const vt_blob *b)
{
    uint64_t n = b->data ? b->size + 1 : 0;
    h = pack_cache_hash(h, &n, sizeof n);
    return b->data ? pack_cache_hash(h, b->data, b->size) : h;
}

static bool _xm_cache_read(const char *path, _xm_job *j)
{
    vt_blob b = { 0 };
    if (!path[0] || vt_file_read(path, &b, 0) != VT_OK)
        return false;
    _xm_cached h;
    bool ok = b.size >= sizeof h;
    if (ok) {
        memcpy(&h, b.data, sizeof h);
        ok = memcmp(h.magic, _xm_magic, 8) == 0 && memchr(h.voice, 0, sizeof h.voice) &&
             (uint64_t)sizeof h + h.ogg_size + h.vtt_size + h.note_size == b.size && h.ogg_size > 0 &&
             h.note_size < sizeof j->note;
    }
    if (ok) {
        j->ogg.data = malloc((size_t)h.ogg_size + 1);
        j->vtt.data = malloc((size_t)h.vtt_size + 1);
        ok = j->ogg.data && j->vtt.data;
    }
    if (!ok) {
        vt_blob_free(&j->ogg);
        vt_blob_free(&j->vtt);
        vt_blob_free(&b);
        return false;
    }
    const uint8_t *p = b.data + sizeof h;
    memcpy(j->ogg.data, p, h.ogg_size);
    j->ogg.size = h.ogg_size;
    memcpy(j->vtt.data, p + h.ogg_size, h.vtt_size);
    j->vtt.data[h.vtt_size] = 0;
    j->vtt.size = h.vtt_size;
    memcpy(j->note, p + h.ogg_size + h.vtt_size, h.note_size);
    j->note[h.note_size] = 0;
    j->synthetic = (h.flags & VT_MEDIA_SYNTHETIC) != 0;
    j->seconds = h.seconds;
    j->lufs = h.lufs;
    j->lufs_source = h.lufs_source;
    memcpy(j->voice, h.voice, sizeof j->voice);
    vt_blob_free(&b);
    return true;
}

static void _xm_cache_write(const char *path, const _xm_job *j)
{
    if (!path[0])
        return;
    _xm_cached h = { .flags = j->synthetic ? VT_MEDIA_SYNTHETIC : 0, .seconds = j->seconds, .lufs = j->lufs,
                     .lufs_source = j->lufs_source, .ogg_size = (uint32_t)j->ogg.size,
                     .vtt_size = (uint32_t)j->vtt.size, .note_size = (uint32_t)strlen(j->note) };
    memcpy(h.magic, _xm_magic, 8);
    memcpy(h.voice, j->voice, sizeof h.voice);
    size_t total = sizeof h + j->ogg.size + j->vtt.size + h.note_size;
    uint8_t *b = malloc(total);
    if (!b)
        return; /* only the next build is slower */
    memcpy(b, &h, sizeof h);
    memcpy(b + sizeof h, j->ogg.data, j->ogg.size);
    memcpy(b + sizeof h + j->ogg.size, j->vtt.data, j->vtt.size);
    memcpy(b + sizeof h + j->ogg.size + j->vtt.size, j->note, h.note_size);
    pack_cache_store(path, b, total);
    free(b);
}

/* One narration: the curator's files read, then the cache or the pipeline. */
static void _xm_narrate(const exhibition_media_desc *d, _xm_job *j)
{
    vt_blob audio = { 0 }, caps = { 0 };
    char audio_path[PATH_MAX + 8] = "", caps_path[PATH_MAX + 8] = "";
    if (j->given && j->given->audio) {
        snprintf(audio_path, sizeof audio_path, "%s/%s", d->dir, j->given->audio);
        if ((j->result = vt_file_read(audio_path, &audio, 0)) != VT_OK) {
            vt_file_check_message(audio_path, j->result, &j->err);
            return;
        }
    }
    if (j->given && j->given->captions) {
        snprintf(caps_path, sizeof caps_path, "%s/%s", d->dir, j->given->captions);
        if ((j->result = vt_file_read(caps_path, &caps, 0)) != VT_OK) {
            vt_file_check_message(caps_path, j->result, &j->err);
            vt_blob_free(&audio);
            return;
        }
    }
    const char *program = d->tts_program ? d->tts_program : "espeak-ng";
    uint64_t key = _xm_hash_str(PACK_CACHE_HASH_SEED, EXHIBITION_MEDIA_VERSION);
    key = _xm_hash_str(key, j->text);
    key = _xm_hash_str(key, j->lang);
    key = _xm_hash_blob(key, &audio);
    key = _xm_hash_blob(key, &caps);
    key = _xm_hash_str(key, program);
    char entry[4200] = "";
    if (d->cache_dir && d->cache_dir[0])
        snprintf(entry, sizeof entry, "%s/narration-%016llx.bin", d->cache_dir, (unsigned long long)key);
    if (_xm_cache_read(entry, j)) {
        j->cached = true;
        j->result = VT_OK;
        vt_blob_free(&audio);
        vt_blob_free(&caps);
        return;
    }
    media_narration_out out;
    j->result = media_narration_build(&(media_narration_desc){ .text = j->text, .lang = j->lang,
                                                               .audio = audio.data, .audio_size = audio.size,
                                                               .audio_name = audio_path,
                                                               .captions = (const char *)caps.data,
                                                               .captions_size = caps.size,
                                                               .captions_name = caps_path,
                                                               .tts_program = d->tts_program },
                                      &out, &j->err);
    vt_blob_free(&audio);
    vt_blob_free(&caps);
    if (j->result != VT_OK)
        return;
    j->ogg = out.ogg;
    j->vtt = out.captions;
    out.ogg = out.captions = (vt_blob){ 0 };
    j->synthetic = out.synthetic;
    j->seconds = (float)out.seconds;
    j->lufs = out.loudness.silent ? (float)out.loudness.before.integrated_lufs
                                  : (float)out.loudness.after.integrated_lufs;
    j->lufs_source = out.synthetic ? 0.0f : (float)out.loudness.before.integrated_lufs;
    snprintf(j->voice, sizeof j->voice, "%s", out.voice);
    snprintf(j->note, sizeof j->note, "%s", out.note);
    media_narration_out_free(&out);
    _xm_cache_write(entry, j);
}

static void *_xm_worker(void *arg)
{
    _xm_pool *pool = arg;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        size_t i = pool->next < pool->count ? pool->next++ : pool->count;
        pthread_mutex_unlock(&pool->lock);
        if (i >= pool->count)
            return NULL;
        _xm_narrate(pool->d, &pool->jobs[i]);
    }
}

static void _xm_run_jobs(const exhibition_media_desc *d, _xm_job *jobs, size_t count)
{
    _xm_pool pool = { .jobs = jobs, .count = count, .d = d };
    pthread_mutex_init(&pool.lock, NULL);
    int workers = d->jobs > 0 ? d->jobs : 1;
    if ((size_t)workers > count)
        workers = (int)count;
    pthread_t threads[64];
    int started = 0;
    for (int i = 1; i < workers && i < 64; i++)
        if (pthread_create(&threads[started], NULL, _xm_worker, &pool) == 0)
            started++;
    _xm_worker(&pool);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&pool.lock);
}

/* The jobs: every hotspot x every declared language. */
static _xm_job *_xm_make_jobs(_xm_ctx *c, size_t *count)
{
    const exhibition *ex = c->ex;
    size_t n = ex->hotspot_count * ex->language_count;
    _xm_job *jobs = calloc(n ? n : 1, sizeof *jobs);
    if (!jobs)
        return NULL;
    size_t k = 0;
    for (size_t h = 0; h < ex->hotspot_count; h++) {
        const exhibition_hotspot *hs = &ex->hotspots[h];
        const json_value *jh = _xm_hotspot_json(c, h);
        for (size_t l = 0; l < ex->language_count; l++) {
            _xm_job *j = &jobs[k++];
            j->hotspot = (uint32_t)h;
            j->lang = ex->languages[l];
            for (size_t i = 0; i < hs->narration_count; i++)
                if (strcmp(hs->narration[i].lang, j->lang) == 0)
                    j->given = &hs->narration[i];
            const json_value *jn = _xm_at(_xm_at(jh, "narration"), j->lang);
            j->audio_pos = _xm_pos(_xm_at(jn, "audio"), jn ? jn : jh);
            j->captions_pos = _xm_pos(_xm_at(jn, "captions"), jn ? jn : jh);
            const json_value *jt = _xm_at(_xm_at(jh, "title"), j->lang);
            j->text_pos = _xm_pos(jt, jh);
            const char *title = _xm_text_in(&hs->title, j->lang), *body = _xm_text_in(&hs->body, j->lang);
            if (title || body) {
                size_t len = (title ? strlen(title) : 0) + (body ? strlen(body) : 0) + 4;
                char *joined = malloc(len);
                if (!joined) {
                    c->oom = true;
                    continue;
                }
                /* A blank line is a paragraph break: a sentence of its own,
                 * so the voice pauses after the title. */
                snprintf(joined, len, "%s%s%s", title ? title : "", title && body ? "\n\n" : "", body ? body : "");
                j->text = exhibition_media_plain_text(joined);
                free(joined);
                if (!j->text)
                    c->oom = true;
            }
        }
    }
    *count = k;
    return jobs;
}

/* ---- images ---------------------------------------------------------------- */

/* Checks hotspot H's image; its bytes into *OUT when it is fit to show. */
static bool _xm_image(_xm_ctx *c, size_t h, vt_blob *out)
{
    const exhibition_hotspot *hs = &c->ex->hotspots[h];
    const json_value *jh = _xm_hotspot_json(c, h);
    json_pos pos = _xm_pos(_xm_at(jh, "image"), jh);
    bool warn = c->d->missing_ok;
    const char *id = hs->id ? hs->id : "?";
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/%s", c->d->dir, hs->image);
    vt_result r = vt_file_read(path, out, 0);
    if (r != VT_OK) {
        vt_error_msg e;
        vt_file_check_message(path, r, &e);
        _xm_diag_add(c, pos, warn, "image of hotspot \"%s\": %s. Copy the image into the folder or correct the path.",
                     id, e.text);
        return false;
    }
    const uint8_t *b = out->data;
    bool jpeg = out->size >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
    bool png = out->size >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
    int w = 0, hgt = 0, comp = 0;
    const char *why = NULL;
    if (!jpeg && !png)
        why = "is not a JPEG or PNG file";
    else if (out->size > INT32_MAX || !stbi_info_from_memory(b, (int)out->size, &w, &hgt, &comp))
        why = "cannot be read as an image";
    if (!why && (w > EXHIBITION_MEDIA_MAX_IMAGE || hgt > EXHIBITION_MEDIA_MAX_IMAGE)) {
        _xm_diag_add(c, pos, warn,
                     "image of hotspot \"%s\": %s is %d x %d px, more than %d a side. Resize it (1600 px is plenty "
                     "for a panel).", id, path, w, hgt, EXHIBITION_MEDIA_MAX_IMAGE);
        vt_blob_free(out);
        return false;
    }
    if (!why) {
        /* The header can be fine and the data damaged: decode it all once,
         * so a kiosk never meets a broken image. */
        unsigned char *px = stbi_load_from_memory(b, (int)out->size, &w, &hgt, &comp, 4);
        if (!px)
            why = "is damaged (it does not decode)";
        stbi_image_free(px);
    }
    if (why) {
        _xm_diag_add(c, pos, warn, "image of hotspot \"%s\": %s %s. Save it again as JPEG or PNG.", id, path, why);
        vt_blob_free(out);
        return false;
    }
    return true;
}

/* A room's ambient sound: decoded, brought to a quiet bed of -30 LUFS (14
 * below narration, before the mixer's ducking), encoded. */
static bool _xm_ambient(_xm_ctx *c, size_t r, vt_blob *out)
{
    const exhibition_room *room = &c->ex->rooms[r];
    const json_value *rooms = _xm_at(c->root, "rooms");
    const json_value *jr = rooms && rooms->type == JSON_ARRAY && r < rooms->count ? rooms->items[r] : NULL;
    json_pos pos = _xm_pos(_xm_at(jr, "ambient"), jr);
    bool warn = c->d->missing_ok;
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/%s", c->d->dir, room->ambient);
    vt_blob file = { 0 };
    vt_error_msg e = { { 0 } };
    vt_result res = vt_file_read(path, &file, 0);
    if (res != VT_OK) {
        vt_file_check_message(path, res, &e);
        _xm_diag_add(c, pos, warn, "ambient sound of room \"%s\": %s. Copy the file into the folder or correct the "
                     "path.", room->id, e.text);
        return false;
    }
    media_pcm pcm = { 0 };
    media_loudness_report rep;
    bool ok = media_decode(file.data, file.size, room->ambient, &pcm, &e) == VT_OK &&
              media_loudness_normalise(pcm.samples, pcm.frames, pcm.channels, pcm.sample_rate,
                                       &(media_loudness_desc){ .target_lufs = -30.0 }, &rep, &e) == VT_OK &&
              media_vorbis_encode(pcm.samples, pcm.frames, pcm.channels, pcm.sample_rate, &(media_vorbis_desc){ 0 },
                                  out, &e) == VT_OK;
    if (!ok)
        _xm_diag_add(c, pos, warn, "ambient sound of room \"%s\": %s. Save it again as WAV or Ogg Vorbis.",
                     room->id, e.text);
    media_pcm_free(&pcm);
    vt_blob_free(&file);
    return ok;
}

/* ---- fonts --------------------------------------------------------------- */

typedef struct _xm_font {
    const char *sub, *file, *family; /* under the font folder */
    bool cjk_only;
    bool wanted, present;
    vt_blob data;
    FT_Face face;
} _xm_font;

static bool _xm_is_cjk(ucs4_t u)
{
    return (u >= 0x2E80 && u <= 0x2FDF) || (u >= 0x3000 && u <= 0x31FF) || (u >= 0x3400 && u <= 0x4DBF) ||
           (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0xAC00 && u <= 0xD7AF) || (u >= 0xF900 && u <= 0xFAFF) ||
           (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFFEF) || (u >= 0x20000 && u <= 0x3FFFF);
}

/* Characters no font needs to draw: controls, joiners, variation selectors. */
static bool _xm_invisible(ucs4_t u)
{
    return u < 0x20 || u == 0x7F || (u >= 0x200B && u <= 0x200F) || (u >= 0xFE00 && u <= 0xFE0F) || u == 0xFEFF;
}

/* A displayed string and where it is. */
typedef struct _xm_text {
    const char *s;
    json_pos pos;
    char where[128];
} _xm_text;

typedef struct _xm_texts {
    _xm_text *items;
    size_t count, cap;
} _xm_texts;

static bool _xm_is_lang(const exhibition *ex, const char *key)
{
    for (size_t i = 0; i < ex->language_count; i++)
        if (strcmp(ex->languages[i], key) == 0)
            return true;
    return false;
}

static void _xm_texts_add(_xm_ctx *c, _xm_texts *t, const json_value *v, const char *where)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        _xm_text *grown = realloc(t->items, cap * sizeof *grown);
        if (!grown) {
            c->oom = true;
            return;
        }
        t->items = grown;
        t->cap = cap;
    }
    _xm_text *x = &t->items[t->count++];
    x->s = v->string;
    x->pos = v->pos;
    snprintf(x->where, sizeof x->where, "%s", where);
}

/* Every string a visitor reads: the values under a declared language's key
 * (titles, names, records, hotspot texts, credits), inventory numbers and
 * licences. WHERE names it: "hotspots[drum-sun].title.vi". */
static void _xm_collect(_xm_ctx *c, _xm_texts *t, const json_value *v, const char *where)
{
    char sub[160];
    if (v->type == JSON_ARRAY) {
        for (size_t i = 0; i < v->count; i++) {
            const json_value *id = json_get(v->items[i], "id");
            if (id && id->type == JSON_STRING)
                snprintf(sub, sizeof sub, "%s[%s]", where, id->string);
            else
                snprintf(sub, sizeof sub, "%s[%zu]", where, i);
            _xm_collect(c, t, v->items[i], sub);
        }
    } else if (v->type == JSON_OBJECT) {
        for (size_t i = 0; i < v->count; i++) {
            const json_member *m = &v->members[i];
            snprintf(sub, sizeof sub, "%s%s%s", where, where[0] ? "." : "", m->key);
            if (m->value->type == JSON_STRING) {
                if (_xm_is_lang(c->ex, m->key) || !strcmp(m->key, "inventory_number") || !strcmp(m->key, "licence"))
                    _xm_texts_add(c, t, m->value, sub);
            } else {
                _xm_collect(c, t, m->value, sub);
            }
        }
    }
}

/* Code points of S after NFC, into *OUT (malloc'd). */
static size_t _xm_code_points(const char *s, ucs4_t **out)
{
    size_t n = 0;
    *out = NULL;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)s, strlen(s), NULL, &n);
    if (!nfc)
        return 0;
    ucs4_t *cps = malloc((n + 1) * sizeof *cps);
    size_t k = 0;
    for (size_t i = 0; cps && i < n;) {
        ucs4_t u;
        int len = u8_mbtouc(&u, nfc + i, n - i);
        cps[k++] = u;
        i += len > 0 ? (size_t)len : 1;
    }
    free(nfc);
    *out = cps;
    return cps ? k : 0;
}

/* The fonts into MEDIA (wanted and present), every text checked. */
static vt_result _xm_fonts(_xm_ctx *c, exhibition_media *m, _xm_font *fonts, size_t nf)
{
    _xm_texts texts = { 0 };
    if (c->root)
        _xm_collect(c, &texts, c->root, "");
    bool cjk = false;
    for (size_t i = 0; i < texts.count && !cjk; i++) {
        ucs4_t *cps;
        size_t n = _xm_code_points(texts.items[i].s, &cps);
        for (size_t k = 0; k < n && !cjk; k++)
            cjk = _xm_is_cjk(cps[k]);
        free(cps);
    }
    const char *root = c->d->font_dir ? c->d->font_dir : EXHIBITION_MEDIA_FONT_DIR;
    FT_Library ft = NULL;
    if (FT_Init_FreeType(&ft) != 0) {
        free(texts.items);
        return VT_ERR_OUT_OF_MEMORY;
    }
    bool all_present = true;
    json_pos top = _xm_pos(_xm_at(c->root, "languages"), c->root);
    for (size_t i = 0; i < nf; i++) {
        _xm_font *f = &fonts[i];
        f->wanted = !f->cjk_only || cjk;
        if (!f->wanted)
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s/%s", root, f->sub, f->file);
        if (vt_file_read(path, &f->data, 0) != VT_OK ||
            FT_New_Memory_Face(ft, f->data.data, (FT_Long)f->data.size, 0, &f->face) != 0) {
            vt_blob_free(&f->data);
            f->face = NULL;
            all_present = false;
            _xm_diag_add(c, top, true,
                         "font %s (%s) is not on this machine: the package carries the other fonts, and text that "
                         "needs this one may show as boxes. Install it (apt-get install %s) and build again.",
                         path, f->family, f->cjk_only ? "fonts-wqy-microhei" : "fonts-noto-core");
            continue;
        }
        f->present = true;
    }
    /* A character no packaged font has: boxes on the kiosk. */
    for (size_t i = 0; i < texts.count; i++) {
        ucs4_t *cps;
        size_t n = _xm_code_points(texts.items[i].s, &cps);
        ucs4_t bad[3];
        size_t nbad = 0, more = 0;
        for (size_t k = 0; k < n; k++) {
            ucs4_t u = cps[k];
            if (_xm_invisible(u))
                continue;
            bool shown = false;
            for (size_t f = 0; f < nf && !shown; f++)
                shown = fonts[f].face && FT_Get_Char_Index(fonts[f].face, u) != 0;
            if (shown)
                continue;
            bool seen = false;
            for (size_t b = 0; b < nbad; b++)
                seen = seen || bad[b] == u;
            if (seen)
                continue;
            if (nbad < 3)
                bad[nbad++] = u;
            else
                more++;
        }
        free(cps);
        if (!nbad)
            continue;
        char list[160] = "";
        size_t o = 0;
        for (size_t b = 0; b < nbad; b++) {
            uint8_t utf8[8] = { 0 };
            int len = u8_uctomb(utf8, bad[b], 6);
            o += (size_t)snprintf(list + o, sizeof list - o, "%sU+%04X '%s'", b ? ", " : "", (unsigned)bad[b],
                                  len > 0 ? (const char *)utf8 : "?");
        }
        if (more)
            snprintf(list + o, sizeof list - o, " and %zu more", more);
        _xm_diag_add(c, texts.items[i].pos, c->d->missing_ok || !all_present,
                     "%s has %s, which no packaged font (Noto Sans%s) can show. Use a font that has it, or remove "
                     "the character.", texts.items[i].where, list, cjk ? ", WenQuanYi Micro Hei" : "");
    }
    free(texts.items);
    for (size_t i = 0; i < nf; i++) {
        _xm_font *f = &fonts[i];
        if (f->face)
            FT_Done_Face(f->face);
        f->face = NULL;
        if (!f->present)
            continue;
        exhibition_medium *md = &m->items[m->count++];
        md->entry = (vt_pkg_media){ .kind = VT_MEDIA_FONT, .hotspot = VT_PKG_NONE };
        _xm_name(md->entry.name, f->file);
        md->data = f->data;
        f->data = (vt_blob){ 0 };
        m->fonts++;
    }
    FT_Done_FreeType(ft);
    return VT_OK;
}

/* ---- the whole -------------------------------------------------------------- */

void exhibition_media_free(exhibition_media *m)
{
    if (!m)
        return;
    for (uint32_t i = 0; i < m->count; i++)
        vt_blob_free(&m->items[i].data);
    free(m->items);
    memset(m, 0, sizeof *m);
}

static void _xm_line(const exhibition_media_desc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void _xm_line(const exhibition_media_desc *d, const char *fmt, ...)
{
    if (!d->progress)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    d->progress(d->user, line);
}

/* Turns job J's outcome into media or a problem. */
static void _xm_take(_xm_ctx *c, exhibition_media *m, _xm_job *j)
{
    const exhibition_hotspot *hs = &c->ex->hotspots[j->hotspot];
    const char *id = hs->id ? hs->id : "?";
    if (j->result == VT_ERR_EMPTY)
        return; /* neither text nor recording in this language: nothing to say */
    if (j->result == VT_ERR_UNSUPPORTED && !(j->given && j->given->audio)) {
        _xm_diag_add(c, j->text_pos, true, "hotspot \"%s\" has no narration in %s: %s. Install espeak-ng with a "
                     "voice for it, or add a recording (\"narration\").", id, j->lang, j->err.text);
        return;
    }
    if (j->result != VT_OK) {
        /* Point at the file the message is about: the captions when it
         * names them, else the recording. */
        bool about_caps = j->given && j->given->captions && strstr(j->err.text, j->given->captions) &&
                          !(j->given->audio && strstr(j->err.text, j->given->audio) &&
                            strstr(j->err.text, j->given->audio) < strstr(j->err.text, j->given->captions));
        _xm_diag_add(c, about_caps ? j->captions_pos : j->audio_pos, c->d->missing_ok,
                     "narration of hotspot \"%s\" in %s: %s", id, j->lang, j->err.text);
        return;
    }
    if (j->note[0] && !j->cached)
        _xm_line(c->d, "hotspot %s (%s): %s", id, j->lang, j->note);
    exhibition_medium *a = &m->items[m->count++];
    a->entry = (vt_pkg_media){ .kind = VT_MEDIA_AUDIO, .hotspot = j->hotspot,
                               .flags = j->synthetic ? VT_MEDIA_SYNTHETIC : 0, .seconds = j->seconds,
                               .lufs = j->lufs, .lufs_source = j->lufs_source };
    snprintf(a->entry.lang, sizeof a->entry.lang, "%s", j->lang);
    char voice[48];
    snprintf(voice, sizeof voice, "espeak-ng %s", j->voice);
    _xm_name(a->entry.name, j->synthetic ? voice : j->given->audio);
    a->data = j->ogg;
    j->ogg = (vt_blob){ 0 };
    exhibition_medium *v = &m->items[m->count++];
    v->entry = (vt_pkg_media){ .kind = VT_MEDIA_CAPTIONS, .hotspot = j->hotspot, .seconds = j->seconds };
    snprintf(v->entry.lang, sizeof v->entry.lang, "%s", j->lang);
    if (j->given && j->given->captions)
        _xm_name(v->entry.name, j->given->captions);
    v->data = j->vtt;
    j->vtt = (vt_blob){ 0 };
    m->narrations++;
    m->synthetic += j->synthetic;
    m->narrations_cached += j->cached;
}

vt_result exhibition_media_build(const exhibition_media_desc *d, exhibition_media *out, exhibition_diags *diags,
                                 vt_error_msg *err)
{
    memset(out, 0, sizeof *out);
    _xm_ctx c = { .d = d, .ex = d->ex };
    const exhibition *ex = d->ex;
    if (d->json) {
        json_error jerr;
        c.root = json_parse(d->json, d->json_len, &c.arena, &jerr);
    }
    _xm_font fonts[] = {
        { "noto", "NotoSans-Regular.ttf", "Noto Sans", false, false, false, { 0 }, NULL },
        { "noto", "NotoSans-Bold.ttf", "Noto Sans Bold", false, false, false, { 0 }, NULL },
        { "wqy", "wqy-microhei.ttc", "WenQuanYi Micro Hei", true, false, false, { 0 }, NULL },
    };
    const size_t nf = sizeof fonts / sizeof *fonts;
    size_t njobs = 0;
    _xm_job *jobs = _xm_make_jobs(&c, &njobs);
    /* Fonts, an image per hotspot, two per narration: an upper bound. */
    out->items = calloc(nf + ex->hotspot_count + 2 * njobs + ex->room_count + 1, sizeof *out->items);
    vt_result r = VT_OK;
    if (!jobs || !out->items || c.oom) {
        r = VT_ERR_OUT_OF_MEMORY;
        goto done;
    }

    /* Narration on the workers (espeak-ng children do the speaking), then
     * fonts and images here: milliseconds beside it. */
    _xm_run_jobs(d, jobs, njobs);
    if ((r = _xm_fonts(&c, out, fonts, nf)) != VT_OK)
        goto done;
    size_t k = 0;
    for (size_t h = 0; h < ex->hotspot_count; h++) {
        const exhibition_hotspot *hs = &ex->hotspots[h];
        vt_blob img = { 0 };
        if (hs->image && _xm_image(&c, h, &img)) {
            exhibition_medium *md = &out->items[out->count++];
            md->entry = (vt_pkg_media){ .kind = VT_MEDIA_IMAGE, .hotspot = (uint32_t)h };
            _xm_name(md->entry.name, hs->image);
            md->data = img;
            out->images++;
        }
        for (size_t l = 0; l < ex->language_count; l++)
            _xm_take(&c, out, &jobs[k++]);
    }
    for (size_t room = 0; room < ex->room_count; room++) {
        vt_blob snd = { 0 };
        if (ex->rooms[room].ambient && _xm_ambient(&c, room, &snd)) {
            exhibition_medium *md = &out->items[out->count++];
            md->entry = (vt_pkg_media){ .kind = VT_MEDIA_AMBIENT, .hotspot = (uint32_t)room };
            _xm_name(md->entry.name, ex->rooms[room].ambient);
            md->data = snd;
        }
    }
    for (uint32_t i = 0; i < out->count; i++)
        out->bytes += out->items[i].data.size;
    if (njobs)
        _xm_line(d, "narration: %u converted, %u from cache", out->narrations - out->narrations_cached,
                 out->narrations_cached);

done:
    for (size_t i = 0; jobs && i < njobs; i++) {
        free(jobs[i].text);
        vt_blob_free(&jobs[i].ogg);
        vt_blob_free(&jobs[i].vtt);
    }
    free(jobs);
    for (size_t i = 0; i < nf; i++)
        vt_blob_free(&fonts[i].data);
    long errors = c.oom ? -1 : _xm_diags_flush(&c, diags);
    free(c.diags);
    vt_arena_free(&c.arena);
    if (r == VT_OK && errors < 0)
        r = VT_ERR_OUT_OF_MEMORY;
    if (r == VT_ERR_OUT_OF_MEMORY) {
        vt_error_set(err, "out of memory building the audio guide's media");
    } else if (errors > 0) {
        vt_error_set(err, "%ld problem%s with the audio guide's media", errors, errors == 1 ? "" : "s");
        r = VT_ERR_MALFORMED;
    }
    return r;
}
