#define _POSIX_C_SOURCE 200809L
#include "scan_source.h"

#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "base/log.h"
#include "import/import.h"
#include "import/pack.h"
#include "import/pack_cache.h"

vt_result app_scan_cache_path(const char *scan, const app_options *opt, char *out, size_t out_size)
{
    out[0] = 0;
    uint64_t key;
    vt_result r = pack_cache_key(scan, &(pack_cache_options){ .up = opt->up, .unit_scale = opt->unit_scale }, &key);
    if (r != VT_OK)
        return r;
    char dir[1024];
    pack_cache_entry_path(pack_cache_default_dir(dir, sizeof dir), key, out, out_size);
    return VT_OK;
}

/* Packs MODEL; writes it to the cache when there is one, else keeps it. */
static vt_result _scan_pack(app_scan *s, const scene_model *model, const char *name, vt_error_msg *err)
{
    vt_blob bytes;
    vt_result r = pack_model(model, &(pack_desc){ .jobs = 2, .source_name = name }, &bytes, err);
    if (r != VT_OK)
        return r;
    if (s->cache_path[0] && pack_cache_store(s->cache_path, bytes.data, bytes.size) == VT_OK) {
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
    if (!strcmp(ext, "vitrine")) {
        vt_result r = pkg_open(&s->pkg, path, err);
        if (r == VT_OK && pkg_is_exhibition(&s->pkg)) {
            /* The scan view draws one artefact; an exhibition package is
             * opened through app_exhibition_open (exhibition_source.h). */
            pkg_close(&s->pkg);
            vt_error_set(err, "%s: holds a whole exhibition, not one scan", path);
            return VT_ERR_UNSUPPORTED;
        }
        return r;
    }
    return _scan_open_raw(s, path, opt, err);
}

void app_scan_close(app_scan *s)
{
    pkg_close(&s->pkg);
    vt_blob_free(&s->memory);
}
