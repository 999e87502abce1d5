/* exhibition_source: build an exhibition folder into the cache, open it. */
#define _GNU_SOURCE /* realpath, PATH_MAX, open_memstream */
#include "exhibition_source.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/log.h"
#include "import/pack_cache.h"

/* Lines collected for the caller, one per build message. */
typedef struct _xs_lines {
    FILE *f;
    uint32_t warnings;
    bool verbose;
} _xs_lines;

static void _xs_progress(void *user, const char *line)
{
    _xs_lines *l = user;
    /* Placeholders are the curator's business (the caller shows them);
     * the rest is progress. */
    bool placeholder = strstr(line, "placeholder") != NULL;
    if (l->verbose)
        vt_info("%s", line);
    if (placeholder) {
        l->warnings++;
        if (l->f)
            fprintf(l->f, "warning: %s\n", line);
    }
}

bool app_exhibition_is_folder(const char *path)
{
    struct stat st;
    char json[PATH_MAX + 32];
    if (!path || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    snprintf(json, sizeof json, "%s/exhibition.json", path);
    return stat(json, &st) == 0;
}

/* The model from the package's own text, checked against its maps. */
static vt_result _xs_read_model(app_exhibition *e, const char *dir, vt_error_msg *err)
{
    pkg_blob json = pkg_exhibition_json(&e->pkg);
    exhibition_diags diags = { 0 };
    vt_result r = exhibition_load_ex(&(exhibition_load_desc){ .dir = dir, .json = (const char *)json.data,
                                                              .json_len = (size_t)json.size,
                                                              .missing_scans_ok = true },
                                     &e->ex, &diags);
    if (r != VT_OK) {
        /* The package passed its checksums, so this was built by another
         * Vitrine or by hand: say what this one objects to. */
        vt_error_set(err, "%s: the exhibition inside does not validate (%s%s%s); rebuild it with vitrine-pack",
                     e->pkg.path, vt_result_str(r), diags.count ? ": " : "",
                     diags.count ? diags.items[0].message : "");
        exhibition_diags_free(&diags);
        return VT_ERR_MALFORMED;
    }
    exhibition_diags_free(&diags);
    if (e->ex.artefact_count != pkg_artefact_count(&e->pkg) || e->ex.room_count != pkg_room_count(&e->pkg)) {
        vt_error_set(err, "%s: the exhibition has %zu artefacts and %zu rooms, the package maps %u and %u",
                     e->pkg.path, e->ex.artefact_count, e->ex.room_count, pkg_artefact_count(&e->pkg),
                     pkg_room_count(&e->pkg));
        return VT_ERR_MALFORMED;
    }
    return VT_OK;
}

/* MODEL_DIR: the folder the exhibition's own paths are relative to. */
static vt_result _xs_open_package(app_exhibition *e, const char *path, const char *model_dir, vt_error_msg *err)
{
    vt_result r = pkg_open(&e->pkg, path, err);
    if (r != VT_OK)
        return r;
    if (!pkg_is_exhibition(&e->pkg)) {
        vt_error_set(err, "%s: holds one scan, not an exhibition", path);
        return VT_ERR_UNSUPPORTED;
    }
    snprintf(e->path, sizeof e->path, "%s", path);
    return _xs_read_model(e, model_dir, err);
}

vt_result app_exhibition_open(const char *dir, const app_options *opt, app_exhibition *out, vt_error_msg *err)
{
    memset(out, 0, sizeof *out);
    char ext[16];
    vt_path_ext(dir, ext, sizeof ext);
    if (!strcmp(ext, "vitrine")) {
        char folder[1024];
        vt_path_dirname(dir, folder, sizeof folder);
        return _xs_open_package(out, dir, folder, err);
    }

    /* The package's name in the cache: one per folder, wherever it is
     * opened from. */
    char real[PATH_MAX], cache[1024], pkg_path[1200] = "";
    if (!realpath(dir, real)) {
        vt_error_set(err, "%s: no such folder", dir);
        return VT_ERR_NOT_FOUND;
    }
    pack_cache_default_dir(cache, sizeof cache);
    if (cache[0]) {
        uint64_t h = pack_cache_hash(PACK_CACHE_HASH_SEED, real, strlen(real));
        snprintf(pkg_path, sizeof pkg_path, "%s/exhibition-%016llx.vitrine", cache, (unsigned long long)h);
        if (!pack_cache_make_dirs(pkg_path))
            pkg_path[0] = 0;
    }

    char *text = NULL;
    size_t text_size = 0;
    _xs_lines lines = { .f = open_memstream(&text, &text_size), .verbose = opt && opt->verbose };
    exhibition_diags diags = { 0 };
    exhibition_build_desc desc = { .dir = dir, .out_path = pkg_path[0] ? pkg_path : NULL,
                                   .out_memory = pkg_path[0] ? NULL : &out->memory, .missing_ok = true,
                                   .progress = _xs_progress, .user = &lines };
    vt_result r = exhibition_build(&desc, &diags, &out->report, err);
    if (r == VT_ERR_IO && desc.out_path) {
        /* The cache is full or read-only: the visit goes on from memory. */
        vt_warn("%s; building in memory instead", err->text);
        exhibition_diags_free(&diags);
        desc.out_path = NULL;
        desc.out_memory = &out->memory;
        r = exhibition_build(&desc, &diags, &out->report, err);
    }
    char json_path[PATH_MAX + 32];
    snprintf(json_path, sizeof json_path, "%s/exhibition.json", dir);
    if (lines.f) {
        exhibition_print_diags(&diags, json_path, lines.f);
        fclose(lines.f);
    }
    lines.warnings += (uint32_t)diags.warnings;
    exhibition_diags_free(&diags);
    if (text && !text[0]) {
        free(text);
        text = NULL;
    }
    out->diagnostics = text;
    out->warnings = lines.warnings;
    if (r != VT_OK)
        return r;
    if (out->memory.data) {
        r = pkg_open_memory(&out->pkg, out->memory.data, out->memory.size, dir, err);
        return r == VT_OK ? _xs_read_model(out, dir, err) : r;
    }
    return _xs_open_package(out, pkg_path, dir, err);
}

void app_exhibition_close(app_exhibition *e)
{
    exhibition_free(&e->ex);
    pkg_close(&e->pkg);
    vt_blob_free(&e->memory);
    free(e->diagnostics);
    memset(e, 0, sizeof *e);
}
