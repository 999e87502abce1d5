#define _POSIX_C_SOURCE 200809L
#include "scan_source.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/demo.h"
#include "base/crc32.h"
#include "base/log.h"
#include "import/import.h"
#include "import/pack.h"

/* FNV-1a, 64 bits: a cache key, not a defence against forgery. */
static uint64_t _fnv(uint64_t h, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static int _cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Names, sizes and times of the regular files in DIR (sorted by name). */
static uint64_t _hash_folder(uint64_t h, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return h;
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **grown = realloc(names, 2 * cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
            cap *= 2;
        }
        if ((names[n] = strdup(e->d_name)) != NULL)
            n++;
    }
    closedir(d);
    if (!names)
        return h;
    qsort(names, n, sizeof *names, _cmp_str);
    for (size_t i = 0; i < n; i++) {
        char full[4400];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", dir, names[i]);
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            h = _fnv(h, names[i], strlen(names[i]));
            h = _fnv(h, &st.st_size, sizeof st.st_size);
            h = _fnv(h, &st.st_mtim.tv_sec, sizeof st.st_mtim.tv_sec);
        }
        free(names[i]);
    }
    free(names);
    return h;
}

vt_result app_scan_cache_path(const char *scan, const app_options *opt, char *out, size_t out_size)
{
    out[0] = 0;
    vt_blob blob;
    vt_result r = vt_file_read(scan, &blob, 0);
    if (r != VT_OK)
        return r;
    uint64_t h = 0xcbf29ce484222325ull;
    h = _fnv(h, VT_PACK_VERSION, sizeof VT_PACK_VERSION);
    h = _fnv(h, &opt->up, sizeof opt->up);
    h = _fnv(h, &opt->unit_scale, sizeof opt->unit_scale);
    /* The content by CRC-32 (slicing, ~1 GB/s) rather than byte-wise FNV:
     * a cached 180 MB scan must still open in a blink. */
    uint32_t crc = vt_crc32(0, blob.data, blob.size);
    uint64_t size = blob.size;
    h = _fnv(h, &crc, sizeof crc);
    h = _fnv(h, &size, sizeof size);
    vt_blob_free(&blob);
    /* The folder's other files, and those in its textures/ and Textures/
     * (where the importer also looks), in name order: a changed texture or
     * .bin beside the scan makes a new key. */
    char dir[4096], sub[4200];
    vt_path_dirname(scan, dir, sizeof dir);
    h = _hash_folder(h, dir);
    snprintf(sub, sizeof sub, "%s/textures", dir);
    h = _hash_folder(h, sub);
    snprintf(sub, sizeof sub, "%s/Textures", dir);
    h = _hash_folder(h, sub);
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char base[1024];
    if (xdg && xdg[0] == '/')
        snprintf(base, sizeof base, "%s/vitrine", xdg);
    else if (home && home[0])
        snprintf(base, sizeof base, "%s/.cache/vitrine", home);
    else
        return VT_OK;
    snprintf(out, out_size, "%s/%016llx.vitrine", base, (unsigned long long)h);
    return VT_OK;
}

static bool _mkdirs(const char *file_path)
{
    char dir[1024];
    vt_path_dirname(file_path, dir, sizeof dir);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(dir, 0755) != 0 && errno != EEXIST)
                return false;
            *p = '/';
        }
    return mkdir(dir, 0755) == 0 || errno == EEXIST;
}

/* Packs MODEL; writes it to the cache when there is one, else keeps it. */
static vt_result _scan_pack(app_scan *s, const scene_model *model, const char *name, vt_error_msg *err)
{
    vt_blob bytes;
    vt_result r = pack_model(model, &(pack_desc){ .jobs = 2, .source_name = name }, &bytes, err);
    if (r != VT_OK)
        return r;
    if (s->cache_path[0] && _mkdirs(s->cache_path) &&
        vt_file_write_atomic(s->cache_path, bytes.data, bytes.size) == VT_OK) {
        vt_blob_free(&bytes);
        return pkg_open(&s->pkg, s->cache_path, err);
    }
    if (s->cache_path[0])
        vt_warn("%s: cannot write the cache; the converted scan stays in memory", s->cache_path);
    s->memory = bytes;
    return pkg_open_memory(&s->pkg, s->memory.data, s->memory.size, name, err);
}

static vt_result _scan_open_raw(app_scan *s, const char *path, const app_options *opt, vt_error_msg *err)
{
    vt_result r = app_scan_cache_path(path, opt, s->cache_path, sizeof s->cache_path);
    if (r != VT_OK) {
        vt_file_check_message(path, r, err);
        return r;
    }
    if (s->cache_path[0] && vt_file_check(s->cache_path, NULL) == VT_OK) {
        vt_error_msg cache_err;
        if (pkg_open(&s->pkg, s->cache_path, &cache_err) == VT_OK) {
            s->from_cache = true;
            vt_info("%s: opened the converted copy %s", path, s->cache_path);
            return VT_OK;
        }
        vt_warn("%s; converting again", cache_err.text); /* a damaged cache entry is replaced */
    }
    scene_model model;
    r = import_scan(&(import_desc){ .path = path, .up = opt->up, .unit_scale = opt->unit_scale, .for_packing = true },
                    &model, err);
    if (r != VT_OK)
        return r;
    r = _scan_pack(s, &model, path, err);
    scene_model_free(&model);
    return r;
}

vt_result app_scan_open(app_scan *s, const app_options *opt, vt_error_msg *err)
{
    memset(s, 0, sizeof *s);
    const char *path = opt->path;
    if (!path) {
        app_demo_view view;
        char demo_path[4096];
        bool scan = app_demo_choose(&view, demo_path, sizeof demo_path);
        snprintf(s->title, sizeof s->title, "%s", view.name);
        s->yaw = view.yaw;
        s->pitch = view.pitch;
        s->lit = view.lit;
        if (scan)
            return _scan_open_raw(s, demo_path, opt, err);
        scene_model drum;
        if (!app_demo_build(&drum)) {
            vt_error_set(err, "out of memory building the demo artefact");
            return VT_ERR_OUT_OF_MEMORY;
        }
        s->cache_path[0] = 0; /* built in a blink: no cache needed */
        vt_result r = _scan_pack(s, &drum, "dong-son-drum", err);
        scene_model_free(&drum);
        return r;
    }
    snprintf(s->title, sizeof s->title, "%s", path);
    char ext[16];
    vt_path_ext(path, ext, sizeof ext);
    if (!strcmp(ext, "vitrine"))
        return pkg_open(&s->pkg, path, err);
    return _scan_open_raw(s, path, opt, err);
}

void app_scan_close(app_scan *s)
{
    pkg_close(&s->pkg);
    vt_blob_free(&s->memory);
}
