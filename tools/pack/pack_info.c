#define _POSIX_C_SOURCE 200809L
#include "pack_info.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

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

void pack_print_info(const vt_package *pkg, FILE *out)
{
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
    char *text = cJSON_Print(root);
    if (text) {
        fputs(text, out);
        fputc('\n', out);
        free(text);
    }
    cJSON_Delete(root);
}
