#define _POSIX_C_SOURCE 200809L
#include "pack_info.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "scene/exhibition.h"

static const char *_format_name(uint32_t f)
{
    switch (f) {
    case VT_TEX_RGBA8: return "RGBA8";
    case VT_TEX_SRGB8_A8: return "SRGB8_A8";
    case VT_TEX_BC1_SRGB: return "BC1_SRGB";
    case VT_TEX_BC3_SRGB: return "BC3_SRGB";
    case VT_TEX_BC4: return "BC4";
    case VT_TEX_BC5: return "BC5";
    default: return "unknown";
    }
}

static void _print_json(cJSON *root, FILE *out)
{
    char *text = cJSON_Print(root);
    if (text) {
        fputs(text, out);
        fputc('\n', out);
        free(text);
    }
    cJSON_Delete(root);
}

static cJSON *_text(const exhibition_text *t)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < t->count; i++)
        cJSON_AddStringToObject(o, t->entries[i].lang, t->entries[i].string);
    return o;
}

static void _scan_index(cJSON *o, uint32_t i)
{
    if (i == VT_PKG_NONE)
        cJSON_AddNullToObject(o, "scan_index");
    else
        cJSON_AddNumberToObject(o, "scan_index", i);
}

/* One nested scan: what it costs, and its triangles into *TRIS. */
static cJSON *_scan_info(const vt_package *pkg, uint32_t i, uint64_t *tris)
{
    cJSON *js = cJSON_CreateObject();
    cJSON_AddNumberToObject(js, "index", i);
    cJSON_AddNumberToObject(js, "bytes", (double)pkg_find(pkg, VT_SEC_SCAN, i)->size);
    vt_package inner;
    vt_error_msg err = { { 0 } };
    if (pkg_open_scan(pkg, i, &inner, &err) != VT_OK) {
        cJSON_AddStringToObject(js, "error", err.text);
        return js;
    }
    uint32_t levels = 0;
    for (uint32_t m = 0; m < inner.meta->mesh_count; m++)
        levels = inner.meshes[m].lod_count > levels ? inner.meshes[m].lod_count : levels;
    *tris = inner.meta->source_triangles;
    cJSON_AddNumberToObject(js, "triangles", inner.meta->source_triangles);
    cJSON_AddNumberToObject(js, "levels", levels);
    cJSON_AddNumberToObject(js, "textures", inner.meta->texture_count);
    char *src = inner.source_json.size ? strndup((const char *)inner.source_json.data, (size_t)inner.source_json.size)
                                       : NULL;
    cJSON *jsrc = src ? cJSON_Parse(src) : NULL;
    cJSON *name = jsrc ? cJSON_GetObjectItemCaseSensitive(jsrc, "source") : NULL;
    if (cJSON_IsString(name))
        cJSON_AddStringToObject(js, "source", name->valuestring);
    cJSON_Delete(jsrc);
    free(src);
    pkg_close(&inner);
    return js;
}

static const char *_media_kind(uint32_t k)
{
    switch (k) {
    case VT_MEDIA_AUDIO: return "audio";
    case VT_MEDIA_CAPTIONS: return "captions";
    case VT_MEDIA_IMAGE: return "image";
    case VT_MEDIA_FONT: return "font";
    case VT_MEDIA_AMBIENT: return "ambient";
    default: return "unknown";
    }
}

/* The audio guide: every medium, totals, and per hotspot which languages
 * are narrated and by whom ("recorded" or "synthetic"). EX may be NULL
 * (the exhibition text did not validate): hotspots are then numbers. */
static void _media_info(const vt_package *pkg, const exhibition *ex, cJSON *root)
{
    uint32_t n = pkg_media_count(pkg);
    cJSON *list = cJSON_AddArrayToObject(root, "media");
    uint32_t narrations = 0, synthetic = 0, images = 0, fonts = 0;
    double seconds = 0.0, bytes = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        const vt_pkg_media *m = pkg_media(pkg, i);
        const vt_pkg_section *s = pkg_find(pkg, VT_SEC_MEDIA, i);
        cJSON *jm = cJSON_CreateObject();
        cJSON_AddStringToObject(jm, "kind", _media_kind(m->kind));
        if (m->kind == VT_MEDIA_AMBIENT && ex && m->hotspot < ex->room_count)
            cJSON_AddStringToObject(jm, "room", ex->rooms[m->hotspot].id); /* its index field names a room */
        else if (m->hotspot == VT_PKG_NONE)
            cJSON_AddNullToObject(jm, "hotspot");
        else if (ex && m->hotspot < ex->hotspot_count && ex->hotspots[m->hotspot].id)
            cJSON_AddStringToObject(jm, "hotspot", ex->hotspots[m->hotspot].id);
        else
            cJSON_AddNumberToObject(jm, "hotspot", m->hotspot);
        cJSON_AddStringToObject(jm, "lang", m->lang);
        if (m->kind == VT_MEDIA_AUDIO) {
            cJSON_AddNumberToObject(jm, "seconds", (double)(int)(m->seconds * 100.0f + 0.5f) / 100.0);
            cJSON_AddNumberToObject(jm, "lufs", (double)(int)(m->lufs * 10.0f - 0.5f) / 10.0);
            cJSON_AddBoolToObject(jm, "synthetic", (m->flags & VT_MEDIA_SYNTHETIC) != 0);
            narrations++;
            synthetic += (m->flags & VT_MEDIA_SYNTHETIC) != 0;
            seconds += m->seconds;
        }
        images += m->kind == VT_MEDIA_IMAGE;
        fonts += m->kind == VT_MEDIA_FONT;
        cJSON_AddStringToObject(jm, "name", m->name);
        cJSON_AddNumberToObject(jm, "bytes", s ? (double)s->size : 0.0);
        bytes += s ? (double)s->size : 0.0;
        cJSON_AddItemToArray(list, jm);
    }
    cJSON *t = cJSON_AddObjectToObject(root, "media_totals");
    cJSON_AddNumberToObject(t, "narrations", narrations);
    cJSON_AddNumberToObject(t, "synthetic", synthetic);
    cJSON_AddNumberToObject(t, "images", images);
    cJSON_AddNumberToObject(t, "fonts", fonts);
    cJSON_AddNumberToObject(t, "seconds", (double)(int)(seconds * 10.0 + 0.5) / 10.0);
    cJSON_AddNumberToObject(t, "bytes", bytes);
    char summary[160];
    snprintf(summary, sizeof summary, "%u narration%s (%u synthetic), %u image%s, %u font%s", narrations,
             narrations == 1 ? "" : "s", synthetic, images, images == 1 ? "" : "s", fonts, fonts == 1 ? "" : "s");
    cJSON_AddStringToObject(t, "summary", summary);
    if (!ex)
        return;
    cJSON *hs = cJSON_AddArrayToObject(root, "hotspots");
    for (size_t h = 0; h < ex->hotspot_count; h++) {
        cJSON *jh = cJSON_CreateObject();
        cJSON_AddStringToObject(jh, "id", ex->hotspots[h].id ? ex->hotspots[h].id : "");
        if (ex->hotspots[h].stop)
            cJSON_AddNumberToObject(jh, "stop", ex->hotspots[h].stop);
        cJSON_AddBoolToObject(jh, "image", pkg_media_find(pkg, VT_MEDIA_IMAGE, (uint32_t)h, NULL) >= 0);
        cJSON *narr = cJSON_AddObjectToObject(jh, "narration");
        for (size_t l = 0; l < ex->language_count; l++) {
            int a = pkg_media_find(pkg, VT_MEDIA_AUDIO, (uint32_t)h, ex->languages[l]);
            if (a < 0)
                cJSON_AddNullToObject(narr, ex->languages[l]);
            else
                cJSON_AddStringToObject(narr, ex->languages[l],
                                        (pkg_media(pkg, (uint32_t)a)->flags & VT_MEDIA_SYNTHETIC) ? "synthetic"
                                                                                                  : "recorded");
        }
        cJSON_AddItemToArray(hs, jh);
    }
}

/* An exhibition package: what the exhibition holds (read back from its
 * EXHB text) and what each nested scan costs. */
static void _print_exhibition_info(const vt_package *pkg, FILE *out)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", pkg->path);
    char version[16];
    snprintf(version, sizeof version, "%u.%u", pkg->header->version_major, pkg->header->version_minor);
    cJSON_AddStringToObject(root, "format", version);
    cJSON_AddStringToObject(root, "kind", "exhibition");
    cJSON_AddNumberToObject(root, "bytes", (double)pkg->size);

    uint32_t n = pkg_scan_count(pkg);
    uint64_t *tris = calloc(n + 1, sizeof *tris);
    cJSON *scans = cJSON_CreateArray();
    for (uint32_t i = 0; i < n && tris; i++)
        cJSON_AddItemToArray(scans, _scan_info(pkg, i, &tris[i]));

    pkg_blob text = pkg_exhibition_json(pkg);
    exhibition ex;
    exhibition_diags diags = { 0 };
    vt_result r = exhibition_load_ex(&(exhibition_load_desc){ .json = (const char *)text.data,
                                                              .json_len = (size_t)text.size,
                                                              .missing_scans_ok = true },
                                     &ex, &diags);
    exhibition_diags_free(&diags);
    if (r == VT_OK) {
        cJSON_AddItemToObject(root, "title", _text(&ex.title));
        cJSON *langs = cJSON_AddArrayToObject(root, "languages");
        for (size_t i = 0; i < ex.language_count; i++)
            cJSON_AddItemToArray(langs, cJSON_CreateString(ex.languages[i]));
        cJSON *arts = cJSON_AddArrayToObject(root, "artefacts");
        for (size_t i = 0; i < ex.artefact_count; i++) {
            const exhibition_artefact *a = &ex.artefacts[i];
            uint32_t si = pkg_artefact_scan(pkg, (uint32_t)i);
            cJSON *ja = cJSON_CreateObject();
            cJSON_AddStringToObject(ja, "id", a->id);
            if (a->scan)
                cJSON_AddStringToObject(ja, "scan", a->scan);
            else
                cJSON_AddNullToObject(ja, "scan");
            _scan_index(ja, si);
            cJSON_AddNumberToObject(ja, "triangles", si != VT_PKG_NONE && tris ? (double)tris[si] : 0.0);
            cJSON_AddItemToArray(arts, ja);
        }
    } else {
        cJSON_AddStringToObject(root, "error", "the exhibition.json inside does not validate");
    }
    cJSON_AddItemToObject(root, "scans", scans);
    if (r == VT_OK) {
        cJSON *rooms = cJSON_AddArrayToObject(root, "rooms");
        for (size_t i = 0; i < ex.room_count; i++) {
            cJSON *jr = cJSON_CreateObject();
            cJSON_AddStringToObject(jr, "id", ex.rooms[i].id);
            if (ex.rooms[i].model)
                cJSON_AddStringToObject(jr, "model", ex.rooms[i].model);
            _scan_index(jr, pkg_room_scan(pkg, (uint32_t)i));
            cJSON_AddItemToArray(rooms, jr);
        }
        cJSON *vps = cJSON_AddArrayToObject(root, "viewpoints");
        for (size_t i = 0; i < ex.viewpoint_count; i++)
            cJSON_AddItemToArray(vps, cJSON_CreateString(ex.viewpoints[i].id));
        cJSON *tours = cJSON_AddArrayToObject(root, "tours");
        for (size_t i = 0; i < ex.tour_count; i++) {
            cJSON *jt = cJSON_CreateObject();
            cJSON_AddStringToObject(jt, "id", ex.tours[i].id);
            cJSON_AddNumberToObject(jt, "stops", (double)ex.tours[i].stop_count);
            cJSON_AddItemToArray(tours, jt);
        }
    }
    _media_info(pkg, r == VT_OK ? &ex : NULL, root);
    if (r == VT_OK)
        exhibition_free(&ex);
    free(tris);
    _print_json(root, out);
}

void pack_print_info(const vt_package *pkg, FILE *out)
{
    if (pkg_is_exhibition(pkg)) {
        _print_exhibition_info(pkg, out);
        return;
    }
    static const char *const slots[] = { "base_color", "normal", "occlusion" };
    const vt_pkg_meta *meta = pkg->meta;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", pkg->path);
    char version[16];
    snprintf(version, sizeof version, "%u.%u", pkg->header->version_major, pkg->header->version_minor);
    cJSON_AddStringToObject(root, "format", version);
    cJSON_AddNumberToObject(root, "bytes", (double)pkg->size);
    cJSON *bmin = cJSON_AddArrayToObject(root, "bounds_min_m"), *bmax = cJSON_AddArrayToObject(root, "bounds_max_m");
    for (int k = 0; k < 3; k++) {
        cJSON_AddItemToArray(bmin, cJSON_CreateNumber(meta->bounds_min[k]));
        cJSON_AddItemToArray(bmax, cJSON_CreateNumber(meta->bounds_max[k]));
    }
    cJSON_AddNumberToObject(root, "source_triangles", meta->source_triangles);
    cJSON_AddNumberToObject(root, "unit_scale", meta->unit_scale);
    char up[5] = { 0 };
    memcpy(up, meta->up_axis, 4);
    cJSON_AddStringToObject(root, "up_axis", up);
    cJSON_AddBoolToObject(root, "has_color", (meta->flags & VT_META_HAS_COLOR) != 0);

    cJSON *meshes = cJSON_AddArrayToObject(root, "meshes");
    for (uint32_t m = 0; m < meta->mesh_count; m++) {
        const vt_pkg_mesh *mesh = &pkg->meshes[m];
        cJSON *jm = cJSON_CreateObject();
        cJSON_AddNumberToObject(jm, "material", mesh->material);
        cJSON_AddNumberToObject(jm, "vertex_stride", mesh->vertex_stride);
        cJSON_AddBoolToObject(jm, "uv", (mesh->vertex_flags & VT_VTX_UV) != 0);
        cJSON_AddBoolToObject(jm, "color", (mesh->vertex_flags & VT_VTX_COLOR) != 0);
        cJSON *lods = cJSON_AddArrayToObject(jm, "lods");
        for (uint32_t l = 0; l < mesh->lod_count; l++) {
            const vt_pkg_lod *lod = &mesh->lods[l];
            cJSON *jl = cJSON_CreateObject();
            cJSON_AddNumberToObject(jl, "triangles", lod->index_count / 3);
            cJSON_AddNumberToObject(jl, "vertices", lod->vertex_count);
            cJSON_AddNumberToObject(jl, "error_m", lod->error);
            cJSON_AddNumberToObject(jl, "chunks", lod->chunk_count);
            cJSON_AddNumberToObject(jl, "index_bytes", lod->index_size);
            cJSON_AddItemToArray(lods, jl);
        }
        cJSON_AddItemToArray(meshes, jm);
    }
    cJSON *texs = cJSON_AddArrayToObject(root, "textures");
    for (uint32_t t = 0; t < meta->texture_count; t++) {
        const vt_pkg_texture *tex = &pkg->textures[t];
        cJSON *jt = cJSON_CreateObject();
        cJSON_AddStringToObject(jt, "format", _format_name(tex->format));
        cJSON_AddNumberToObject(jt, "width", tex->width);
        cJSON_AddNumberToObject(jt, "height", tex->height);
        cJSON_AddNumberToObject(jt, "mips", tex->mip_count);
        cJSON_AddStringToObject(jt, "slot", tex->slot < 3 ? slots[tex->slot] : "unknown");
        cJSON_AddItemToArray(texs, jt);
    }
    /* Bytes per section type, the question "where do the bytes go?". */
    cJSON *bytes = cJSON_AddObjectToObject(root, "bytes_per_section");
    for (uint32_t i = 0; i < pkg->section_count; i++) {
        const vt_pkg_section *s = &pkg->sections[i];
        char name[5] = { (char)(s->type & 0xff), (char)((s->type >> 8) & 0xff), (char)((s->type >> 16) & 0xff),
                         (char)(s->type >> 24), 0 };
        for (int k = 3; k > 0 && name[k] == ' '; k--)
            name[k] = 0;
        cJSON *have = cJSON_GetObjectItemCaseSensitive(bytes, name);
        if (have)
            cJSON_SetNumberValue(have, have->valuedouble + (double)s->size);
        else
            cJSON_AddNumberToObject(bytes, name, (double)s->size);
    }
    if (pkg->source_json.size) {
        char *src = strndup((const char *)pkg->source_json.data, (size_t)pkg->source_json.size);
        cJSON *js = src ? cJSON_Parse(src) : NULL;
        if (js)
            cJSON_AddItemToObject(root, "source", js);
        free(src);
    }
    _print_json(root, out);
}
