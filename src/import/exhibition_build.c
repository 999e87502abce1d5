/* exhibition_build: validate, convert the unique scans on a pool of
 * workers, then write one exhibition package. */
#define _GNU_SOURCE /* realpath, PATH_MAX */
#include "exhibition_build.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/crc32.h"
#include "import/exhibition_media.h"
#include "import/import.h"
#include "import/pack.h"
#include "import/pack_cache.h"
#include "package/package.h"
#include "scene/builtin_models.h"

/* A unique scan: what to convert, then where its package is. */
typedef struct _xb_scan {
    const char *name;   /* as written in exhibition.json */
    import_up up;
    int builtin;        /* index into scene/builtin_models.h, or -1 */
    char path[PATH_MAX + 8]; /* DIR/name */
    uint64_t size_hint; /* the file's size: biggest first */
    /* Results, written by the one worker that takes it. */
    bool done, ok, cached;
    vt_result result;
    vt_error_msg err;
    vt_package pkg;      /* open: a cache file's mapping, or over memory */
    vt_blob memory;      /* the package when it is not in the cache */
    uint64_t triangles;
    uint32_t index;      /* in the package (placeholders skipped) */
} _xb_scan;

typedef struct _xb_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    _xb_scan *scans;
    uint32_t n, *order;
    uint32_t next, busy, finished;
    int jobs, workers;
    uint64_t mem_budget, mem_in_flight;
    bool stop; /* a scan failed and placeholders are not accepted */
    const exhibition_build_desc *d;
    pack_cache_options opt;
    char cache_dir[4096];
} _xb_pool;

static double _xb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* 1234567 -> "1,234,567": triangle counts a curator can read. */
static void _xb_thousands(uint64_t v, char *out, size_t out_size)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n && o + 2 < out_size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = 0;
}

/* Memory a conversion may take at its peak, guessed from the file: meshes
 * expand to floats, simplification keeps several copies. A guess only
 * decides how many run at once, never whether one runs. */
static uint64_t _xb_cost(const _xb_scan *s)
{
    uint64_t c = s->size_hint * 24u;
    return c < (64u << 20) ? (64u << 20) : c;
}

static uint64_t _xb_memory_budget(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return 4ull << 30;
    return (uint64_t)pages * (uint64_t)page / 2u;
}

/* Opens S's package from PATH (a cache entry); false when it is missing or
 * fails validation (then it is converted again and replaced). */
static bool _xb_open_cached(_xb_scan *s, const char *path)
{
    vt_error_msg err;
    if (vt_file_check(path, NULL) != VT_OK || pkg_open(&s->pkg, path, &err) != VT_OK)
        return false;
    if (pkg_is_exhibition(&s->pkg)) {
        pkg_close(&s->pkg);
        return false;
    }
    s->triangles = s->pkg.meta->source_triangles;
    return true;
}

/* Imports or generates S's model and packs it into S->memory. */
static vt_result _xb_convert(_xb_pool *pool, _xb_scan *s, int jobs)
{
    const exhibition_build_desc *d = pool->d;
    scene_model model;
    vt_result r;
    if (s->builtin >= 0) {
        if (!scene_builtin_make((size_t)s->builtin, &model)) {
            scene_model_free(&model);
            vt_error_set(&s->err, "%s: out of memory generating the model", s->name);
            return VT_ERR_OUT_OF_MEMORY;
        }
    } else {
        r = import_scan(&(import_desc){ .path = s->path, .up = s->up,
                                        .unit_scale = pool->opt.unit_scale,
                                        .max_texture_size = d->max_texture_size, .for_packing = true },
                        &model, &s->err);
        if (r != VT_OK)
            return r;
    }
    s->triangles = model.triangle_count;
    r = pack_model(&model, &(pack_desc){ .max_texture_size = d->max_texture_size, .uncompressed = d->uncompressed,
                                         .jobs = jobs, .source_name = s->builtin >= 0 ? s->name + strlen(SCENE_BUILTIN_PREFIX) : s->path },
                   &s->memory, &s->err);
    scene_model_free(&model);
    return r;
}

/* One scan: from the cache, or converted (and stored there). */
static vt_result _xb_one(_xb_pool *pool, _xb_scan *s, int jobs)
{
    pack_cache_options opt = pool->opt;
    opt.up = s->up;
    uint64_t key;
    if (s->builtin >= 0) {
        key = pack_cache_key_builtin(scene_builtin_name((size_t)s->builtin), scene_builtin_revision((size_t)s->builtin),
                                         &opt);
    } else {
        vt_result r = pack_cache_key(s->path, &opt, &key);
        if (r != VT_OK) {
            vt_file_check_message(s->path, r, &s->err);
            return r;
        }
    }
    char entry[4200];
    pack_cache_entry_path(pool->cache_dir, key, entry, sizeof entry);
    if (entry[0] && _xb_open_cached(s, entry)) {
        s->cached = true;
        return VT_OK;
    }
    vt_result r = _xb_convert(pool, s, jobs);
    if (r != VT_OK)
        return r;
    /* Into the cache and read back through the mapping, so the heap does
     * not hold every converted scan until the package is written. */
    if (entry[0] && pack_cache_store(entry, s->memory.data, s->memory.size) == VT_OK &&
        _xb_open_cached(s, entry)) {
        vt_blob_free(&s->memory);
        return VT_OK;
    }
    return pkg_open_memory(&s->pkg, s->memory.data, s->memory.size, s->name, &s->err);
}

static void *_xb_worker(void *arg)
{
    _xb_pool *pool = arg;
    const exhibition_build_desc *d = pool->d;
    pthread_mutex_lock(&pool->lock);
    while (!pool->stop && pool->next < pool->n) {
        _xb_scan *s = &pool->scans[pool->order[pool->next]];
        uint64_t cost = _xb_cost(s);
        if (pool->busy > 0 && pool->mem_in_flight + cost > pool->mem_budget) {
            pthread_cond_wait(&pool->cond, &pool->lock);
            continue;
        }
        pool->next++;
        pool->busy++;
        pool->mem_in_flight += cost;
        /* Threads shared by the conversions that can run now: this one,
         * those running and those still waiting, at most one per worker. */
        uint32_t sharing = pool->n - pool->next + pool->busy;
        sharing = sharing < (uint32_t)pool->workers ? sharing : (uint32_t)pool->workers;
        int jobs = pool->jobs / (int)(sharing ? sharing : 1);
        pthread_mutex_unlock(&pool->lock);

        double t0 = _xb_now();
        s->result = _xb_one(pool, s, jobs > 0 ? jobs : 1);
        s->ok = s->result == VT_OK;
        double secs = _xb_now() - t0;

        pthread_mutex_lock(&pool->lock);
        pool->busy--;
        pool->mem_in_flight -= cost;
        pool->finished++;
        s->done = true;
        if (!s->ok && !d->missing_ok)
            pool->stop = true;
        if (d->progress) {
            char line[1024], tris[32];
            _xb_thousands(s->triangles, tris, sizeof tris);
            if (s->ok && s->cached)
                snprintf(line, sizeof line, "[%u/%u] %s: from cache", pool->finished, pool->n, s->name);
            else if (s->ok)
                snprintf(line, sizeof line, "[%u/%u] %s: converted in %.1f s (%s triangle%s)", pool->finished,
                         pool->n, s->name, secs, tris, s->triangles == 1 ? "" : "s");
            else if (d->missing_ok)
                snprintf(line, sizeof line, "[%u/%u] %s: cannot be converted, a placeholder stands in: %s",
                         pool->finished, pool->n, s->name, s->err.text);
            else
                snprintf(line, sizeof line, "[%u/%u] %s: failed: %s", pool->finished, pool->n, s->name,
                         s->err.text);
            d->progress(d->user, line);
        }
        pthread_cond_broadcast(&pool->cond);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

static int _xb_bigger_first(const void *a, const void *b, void *scans)
{
    const _xb_scan *s = scans;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    if (s[x].size_hint != s[y].size_hint)
        return s[x].size_hint > s[y].size_hint ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Runs every conversion; false when one failed and placeholders are not
 * accepted (the first such scan, in exhibition order, is in ERR). */
static vt_result _xb_convert_all(_xb_pool *pool, vt_error_msg *err)
{
    pool->order = malloc((pool->n ? pool->n : 1) * sizeof *pool->order);
    if (!pool->order) {
        vt_error_set(err, "out of memory");
        return VT_ERR_OUT_OF_MEMORY;
    }
    for (uint32_t i = 0; i < pool->n; i++)
        pool->order[i] = i;
    qsort_r(pool->order, pool->n, sizeof *pool->order, _xb_bigger_first, pool->scans);
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->cond, NULL);
    pool->workers = pool->jobs < (int)pool->n ? pool->jobs : (int)pool->n;
    pthread_t threads[256];
    int started = 0;
    for (int i = 1; i < pool->workers && i < 256; i++)
        if (pthread_create(&threads[started], NULL, _xb_worker, pool) == 0)
            started++;
    _xb_worker(pool); /* the calling thread is a worker too */
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_cond_destroy(&pool->cond);
    pthread_mutex_destroy(&pool->lock);
    free(pool->order);
    pool->order = NULL;
    if (!pool->stop)
        return VT_OK;
    for (uint32_t i = 0; i < pool->n; i++)
        if (pool->scans[i].done && !pool->scans[i].ok) {
            *err = pool->scans[i].err;
            return pool->scans[i].result;
        }
    vt_error_set(err, "a conversion failed");
    return VT_ERR_MALFORMED;
}

/* ---- the package -------------------------------------------------------- */

/* Where the bytes go: a temporary file (pwrite) or one block of memory. */
typedef struct _xb_out {
    int fd;
    uint8_t *mem;
} _xb_out;

static bool _xb_put(_xb_out *o, uint64_t at, const void *data, uint64_t size)
{
    if (o->mem) {
        memcpy(o->mem + at, data, (size_t)size);
        return true;
    }
    const uint8_t *p = data;
    while (size > 0) {
        size_t step = size > (1u << 30) ? (1u << 30) : (size_t)size;
        ssize_t n = pwrite(o->fd, p, step, (off_t)at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        at += (uint64_t)n;
        size -= (uint64_t)n;
    }
    return true;
}

typedef struct _xb_part {
    uint32_t type, id;
    const void *data;
    uint64_t size;
} _xb_part;

/* Lays out PARTS (in this order) after the header and directory, writes
 * them and then the directory and header: deterministic bytes, zero
 * padding (holes in a file read as zeros). */
static vt_result _xb_write_parts(const _xb_part *parts, uint32_t n, const char *out_path, vt_blob *out_memory,
                                 uint64_t *bytes, vt_error_msg *err)
{
    vt_pkg_section *dir = calloc(n, sizeof *dir);
    if (!dir) {
        vt_error_set(err, "out of memory writing the package");
        return VT_ERR_OUT_OF_MEMORY;
    }
    uint64_t at = sizeof(vt_pkg_header) + (uint64_t)n * sizeof *dir;
    for (uint32_t i = 0; i < n; i++) {
        at = (at + VT_PKG_ALIGN - 1) / VT_PKG_ALIGN * VT_PKG_ALIGN;
        dir[i] = (vt_pkg_section){ .type = parts[i].type, .id = parts[i].id, .offset = at, .size = parts[i].size };
        at += parts[i].size;
    }
    uint64_t total = at;
    _xb_out o = { .fd = -1 };
    char tmp[4200] = "";
    if (out_path) {
        if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", out_path) >= (int)sizeof tmp || (o.fd = mkstemp(tmp)) < 0) {
            free(dir);
            vt_error_set(err, "%s: cannot write the package (%s)", out_path, strerror(errno));
            return VT_ERR_IO;
        }
    } else if ((o.mem = calloc(1, (size_t)total)) == NULL) {
        free(dir);
        vt_error_set(err, "out of memory writing the package (%llu bytes)", (unsigned long long)total);
        return VT_ERR_OUT_OF_MEMORY;
    }
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        /* The checksum as the bytes go out: one pass over each scan. */
        const uint8_t *p = parts[i].data;
        uint32_t crc = 0;
        for (uint64_t done = 0; done < parts[i].size && ok;) {
            uint64_t step = parts[i].size - done < (64u << 20) ? parts[i].size - done : (64u << 20);
            crc = vt_crc32(crc, p + done, (size_t)step);
            ok = _xb_put(&o, dir[i].offset + done, p + done, step);
            done += step;
        }
        dir[i].crc = crc;
    }
    vt_pkg_header h = { .version_major = VT_PKG_VERSION_MAJOR, .version_minor = VT_PKG_VERSION_MINOR,
                        .header_size = sizeof h, .section_count = n, .directory_offset = sizeof h,
                        .file_size = total };
    memcpy(h.magic, VT_PKG_MAGIC, 8);
    h.directory_crc = vt_crc32(0, dir, (size_t)n * sizeof *dir);
    h.header_crc = vt_crc32(0, &h, offsetof(vt_pkg_header, header_crc));
    ok = ok && _xb_put(&o, sizeof h, dir, (uint64_t)n * sizeof *dir) && _xb_put(&o, 0, &h, sizeof h);
    free(dir);
    if (o.mem) {
        out_memory->data = o.mem;
        out_memory->size = (size_t)total;
        *bytes = total;
        return VT_OK;
    }
    /* mkstemp creates 0600; a package is an ordinary file. */
    ok = ok && ftruncate(o.fd, (off_t)total) == 0 && fchmod(o.fd, 0644) == 0 && fsync(o.fd) == 0;
    ok = close(o.fd) == 0 && ok;
    if (!ok || rename(tmp, out_path) != 0) {
        unlink(tmp);
        vt_error_set(err, "%s: cannot write the package", out_path);
        return VT_ERR_IO;
    }
    *bytes = total;
    return VT_OK;
}

/* ---- the build ---------------------------------------------------------- */

/* The unique scan for (NAME, UP), added when new; its position. */
static uint32_t _xb_add(_xb_pool *pool, const char *dir, const char *name, exhibition_up eup)
{
    static const import_up ups[] = { IMPORT_UP_AUTO, IMPORT_UP_Z, IMPORT_UP_NEG_Z, IMPORT_UP_X };
    int builtin = -1;
    if (strncmp(name, SCENE_BUILTIN_PREFIX, strlen(SCENE_BUILTIN_PREFIX)) == 0)
        builtin = scene_builtin_find(name + strlen(SCENE_BUILTIN_PREFIX));
    /* "y", the default, leaves the file's own metadata in charge: the
     * exhibition format says `up` fixes scans whose file does not say. A
     * built-in model is made Y up. */
    import_up up = builtin >= 0 || (unsigned)eup >= 4 ? IMPORT_UP_AUTO : ups[eup];
    for (uint32_t i = 0; i < pool->n; i++)
        if (pool->scans[i].up == up && strcmp(pool->scans[i].name, name) == 0)
            return i;
    _xb_scan *s = &pool->scans[pool->n];
    s->name = name;
    s->up = up;
    s->builtin = builtin;
    snprintf(s->path, sizeof s->path, "%s/%s", dir, name);
    struct stat st;
    if (builtin < 0 && stat(s->path, &st) == 0)
        s->size_hint = (uint64_t)st.st_size;
    return pool->n++;
}

/* ---- media, beside the scans --------------------------------------------- */

/* The audio guide's media built on a thread of its own while the scans
 * convert. Its progress lines wait in LINES until the scans' are done, so
 * the caller's callback is never entered from two threads at once. */
typedef struct _xb_media_run {
    exhibition_media_desc desc;
    exhibition_media media;
    exhibition_diags *diags;
    vt_error_msg err;
    vt_result result;
    char *lines;
    size_t lines_size;
    FILE *f;
} _xb_media_run;

static void _xb_media_line(void *user, const char *line)
{
    _xb_media_run *run = user;
    if (run->f)
        fprintf(run->f, "%s\n", line);
}

static void *_xb_media_thread(void *arg)
{
    _xb_media_run *run = arg;
    run->result = exhibition_media_build(&run->desc, &run->media, run->diags, &run->err);
    return NULL;
}

static void _xb_media_lines(_xb_media_run *run, const exhibition_build_desc *d)
{
    if (run->f)
        fclose(run->f);
    run->f = NULL;
    for (char *p = run->lines; d->progress && p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        d->progress(d->user, p);
        p = nl ? nl + 1 : p + strlen(p);
    }
    free(run->lines);
    run->lines = NULL;
}

static void _xb_release(_xb_pool *pool)
{
    for (uint32_t i = 0; pool->scans && i < pool->n; i++) {
        pkg_close(&pool->scans[i].pkg);
        vt_blob_free(&pool->scans[i].memory);
    }
    free(pool->scans);
}

vt_result exhibition_build(const exhibition_build_desc *d, exhibition_diags *diags, exhibition_build_report *rep,
                           vt_error_msg *err)
{
    double t0 = _xb_now();
    exhibition_build_report local_rep;
    if (!rep)
        rep = &local_rep;
    memset(rep, 0, sizeof *rep);
    if (!d->dir || (!d->out_path && !d->out_memory)) {
        vt_error_set(err, "exhibition_build: no folder or no output given");
        return VT_ERR_NOT_FOUND;
    }
    if (d->out_memory)
        memset(d->out_memory, 0, sizeof *d->out_memory);
    char json_path[PATH_MAX + 32];
    snprintf(json_path, sizeof json_path, "%s/exhibition.json", d->dir);

    /* 1. Validate, with the text read before and after: what goes into the
     * package is what was validated (a save in an editor mid-build is
     * caught, not packed). */
    vt_blob text = { 0 }, again = { 0 };
    vt_file_read(json_path, &text, 0);
    exhibition ex;
    vt_result r = exhibition_load_ex(&(exhibition_load_desc){ .dir = d->dir, .missing_scans_ok = d->missing_ok },
                                     &ex, diags);
    if (r != VT_OK) {
        vt_blob_free(&text);
        size_t problems = 0;
        for (size_t i = 0; diags && i < diags->count; i++)
            problems += !diags->items[i].warning;
        if (r == VT_ERR_OUT_OF_MEMORY) {
            vt_error_set(err, "%s: out of memory validating", json_path);
            return r;
        }
        vt_error_set(err, "%s: %zu problem%s; nothing was built", json_path, problems, problems == 1 ? "" : "s");
        return VT_ERR_MALFORMED;
    }
    if (vt_file_read(json_path, &again, 0) != VT_OK || !text.data || again.size != text.size ||
        memcmp(again.data, text.data, text.size) != 0) {
        vt_blob_free(&text);
        vt_blob_free(&again);
        exhibition_free(&ex);
        vt_error_set(err, "%s: changed while it was being read; build again", json_path);
        return VT_ERR_IO;
    }
    vt_blob_free(&again);

    /* 2. The unique scans, and the maps in terms of them. */
    _xb_pool pool = { .d = d, .opt = { .unit_scale = 1.0f, .max_texture_size = d->max_texture_size,
                                       .uncompressed = d->uncompressed } };
    size_t slots = ex.artefact_count + ex.room_count;
    pool.scans = calloc(slots ? slots : 1, sizeof *pool.scans);
    uint32_t *amap = calloc(ex.artefact_count + 1, sizeof *amap), *rmap = calloc(ex.room_count + 1, sizeof *rmap);
    _xb_part *parts = calloc(slots + 4, sizeof *parts);
    vt_pkg_media *mdir = NULL;
    exhibition_diags local_diags = { 0 };
    _xb_media_run run = { .diags = diags ? diags : &local_diags };
    pthread_t media_thread;
    if (!pool.scans || !amap || !rmap || !parts) {
        vt_error_set(err, "out of memory");
        r = VT_ERR_OUT_OF_MEMORY;
        goto done;
    }
    for (size_t i = 0; i < ex.artefact_count; i++)
        amap[i] = ex.artefacts[i].scan ? _xb_add(&pool, d->dir, ex.artefacts[i].scan, ex.artefacts[i].up) : VT_PKG_NONE;
    for (size_t i = 0; i < ex.room_count; i++)
        rmap[i] = ex.rooms[i].model ? _xb_add(&pool, d->dir, ex.rooms[i].model, EXHIBITION_UP_Y) : VT_PKG_NONE;

    /* 3. Convert. */
    if (d->cache_dir)
        snprintf(pool.cache_dir, sizeof pool.cache_dir, "%s", d->cache_dir);
    else
        pack_cache_default_dir(pool.cache_dir, sizeof pool.cache_dir);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pool.jobs = d->jobs > 0 ? d->jobs : cores > 0 ? (int)cores : 1;
    pool.mem_budget = _xb_memory_budget();
    run.desc = (exhibition_media_desc){ .ex = &ex, .dir = d->dir, .json = (const char *)text.data,
                                        .json_len = text.size, .cache_dir = pool.cache_dir, .jobs = pool.jobs,
                                        .missing_ok = d->missing_ok, .font_dir = d->font_dir,
                                        .tts_program = d->tts_program, .progress = _xb_media_line, .user = &run };
    run.f = open_memstream(&run.lines, &run.lines_size);
    bool media_started = pthread_create(&media_thread, NULL, _xb_media_thread, &run) == 0;
    if (!media_started)
        _xb_media_thread(&run);
    r = _xb_convert_all(&pool, err);
    if (media_started)
        pthread_join(media_thread, NULL);
    _xb_media_lines(&run, d);
    if (r != VT_OK)
        goto done; /* the scan's message; the media's problems are in DIAGS all the same */
    if (run.result != VT_OK) {
        r = run.result;
        if (r == VT_ERR_MALFORMED)
            vt_error_set(err, "%s: %s; nothing was built", json_path, run.err.text);
        else
            *err = run.err;
        goto done;
    }

    /* 4. Number the scans that made it, map placeholders to NONE, write. */
    uint32_t n = 0, np = 0;
    parts[np++] = (_xb_part){ VT_SEC_EXHIBITION, 0, text.data, text.size };
    parts[np++] = (_xb_part){ VT_SEC_ARTEFACT_MAP, 0, amap, (uint64_t)ex.artefact_count * sizeof *amap };
    parts[np++] = (_xb_part){ VT_SEC_ROOM_MAP, 0, rmap, (uint64_t)ex.room_count * sizeof *rmap };
    /* The media before the scans: a viewer reads forward, and the panels'
     * fonts and the first narration are wanted before fine geometry. */
    if (run.media.count) {
        mdir = calloc(run.media.count, sizeof *mdir);
        _xb_part *grown = realloc(parts, (slots + 4 + run.media.count) * sizeof *parts);
        if (grown)
            parts = grown;
        if (!mdir || !grown) {
            vt_error_set(err, "out of memory");
            r = VT_ERR_OUT_OF_MEMORY;
            goto done;
        }
        for (uint32_t i = 0; i < run.media.count; i++)
            mdir[i] = run.media.items[i].entry;
        parts[np++] = (_xb_part){ VT_SEC_MEDIA_DIR, 0, mdir, (uint64_t)run.media.count * sizeof *mdir };
        for (uint32_t i = 0; i < run.media.count; i++)
            parts[np++] = (_xb_part){ VT_SEC_MEDIA, i, run.media.items[i].data.data, run.media.items[i].data.size };
    }
    rep->narrations = run.media.narrations;
    rep->synthetic = run.media.synthetic;
    rep->narrations_cached = run.media.narrations_cached;
    rep->images = run.media.images;
    rep->fonts = run.media.fonts;
    rep->media_bytes = run.media.bytes;
    for (uint32_t i = 0; i < pool.n; i++) {
        _xb_scan *s = &pool.scans[i];
        if (!s->ok)
            continue;
        s->index = n;
        parts[np++] = (_xb_part){ VT_SEC_SCAN, n++, s->pkg.base, s->pkg.size };
        rep->converted += !s->cached;
        rep->cached += s->cached;
    }
    rep->scans = n;
    for (size_t i = 0; i < ex.artefact_count; i++) {
        if (amap[i] != VT_PKG_NONE)
            amap[i] = pool.scans[amap[i]].ok ? pool.scans[amap[i]].index : VT_PKG_NONE;
        rep->placeholders += amap[i] == VT_PKG_NONE;
    }
    for (size_t i = 0; i < ex.room_count; i++)
        if (rmap[i] != VT_PKG_NONE)
            rmap[i] = pool.scans[rmap[i]].ok ? pool.scans[rmap[i]].index : VT_PKG_NONE;
    r = _xb_write_parts(parts, np, d->out_path, d->out_memory, &rep->bytes, err);

done:
    if (run.f)
        fclose(run.f);
    free(run.lines);
    exhibition_media_free(&run.media);
    exhibition_diags_free(&local_diags);
    free(mdir);
    _xb_release(&pool);
    free(amap);
    free(rmap);
    free(parts);
    vt_blob_free(&text);
    exhibition_free(&ex);
    rep->seconds = _xb_now() - t0;
    return r;
}
