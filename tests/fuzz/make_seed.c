/* make_seed: writes the fuzzer's seed packages into a folder.
 *   make_seed OUTDIR
 * drum.vitrine   the built-in Đông Sơn drum (two meshes, vertex colours,
 *                several levels of detail; about 2 MB)
 * tiny-*.vitrine a 6 x 6 grid with UVs and three small textures (colour,
 *                normal, occlusion): BC1/BC5/BC4, BC3 (colour with alpha),
 *                and uncompressed; a few KB, so most mutations are fast
 * tiny-wide.vitrine  tiny-bc rewritten with 32-bit indices (the packer
 *                writes those only past 65,536 vertices, megabytes)
 * grid.vitrine   a 48 x 48 grid: two levels of detail, 16-bit indices
 * exhibition.vitrine  an exhibition package (format 1.1): a short
 *                exhibition text, an artefact map of three (two sharing a
 *                scan, one a placeholder), a room map naming the other scan,
 *                two nested tiny grids (the reader does not hold the text
 *                and the maps to each other: the viewer does) */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32.h"
#include "base/file.h"
#include "import/pack.h"
#include "package/vitrine_format.h"
#include "scene/dong_son_drum.h"
#include "scene/mesh_normals.h"

/* An N x N rippled grid; IMAGES textures of SIDE x SIDE in slots 0, 1, 2. */
static bool _grid(scene_model *m, int n, int images, int side, uint8_t alpha)
{
    memset(m, 0, sizeof *m);
    m->meshes = vt_arena_alloc_array(&m->arena, 1, sizeof *m->meshes);
    m->materials = vt_arena_alloc_array(&m->arena, 1, sizeof *m->materials);
    m->images = vt_arena_alloc_array(&m->arena, 3, sizeof *m->images);
    scene_mesh *s = m->meshes;
    if (!s || !m->materials || !m->images)
        return false;
    s->vertex_count = (uint32_t)((n + 1) * (n + 1));
    s->index_count = (uint32_t)(n * n * 6);
    s->positions = vt_arena_alloc_array(&m->arena, s->vertex_count * 3u, sizeof(float));
    s->normals = vt_arena_alloc_array(&m->arena, s->vertex_count * 3u, sizeof(float));
    s->uvs = vt_arena_alloc_array(&m->arena, s->vertex_count * 2u, sizeof(float));
    s->indices = vt_arena_alloc_array(&m->arena, s->index_count, sizeof(uint32_t));
    if (!s->positions || !s->normals || !s->uvs || !s->indices)
        return false;
    for (int j = 0; j <= n; j++)
        for (int i = 0; i <= n; i++) {
            size_t v = (size_t)j * (size_t)(n + 1) + (size_t)i;
            float x = (float)i / (float)n - 0.5f, z = (float)j / (float)n - 0.5f;
            float *p = s->positions + 3 * v;
            p[0] = 0.2f * x, p[1] = 0.01f * sinf(x * 9.0f) * cosf(z * 7.0f), p[2] = 0.2f * z;
            s->uvs[2 * v] = (float)i / (float)n, s->uvs[2 * v + 1] = (float)j / (float)n;
        }
    uint32_t k = 0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            uint32_t a = (uint32_t)(j * (n + 1) + i), c = a + (uint32_t)n + 1;
            uint32_t tri[6] = { a, c, a + 1, a + 1, c, c + 1 };
            memcpy(s->indices + k, tri, sizeof tri);
            k += 6;
        }
    scene_mesh_compute_normals(s);
    m->materials[0] = (scene_material){ .base_color = { 1, 1, 1, 1 }, .image = { -1, -1, -1 } };
    for (int t = 0; t < images; t++) {
        scene_image *img = &m->images[t];
        img->width = img->height = side;
        img->srgb = t == 0;
        img->rgba = vt_arena_alloc(&m->arena, (size_t)side * (size_t)side * 4);
        if (!img->rgba)
            return false;
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++) {
                uint8_t *px = img->rgba + 4 * (y * side + x);
                px[0] = (uint8_t)(x * 255 / side), px[1] = (uint8_t)(y * 255 / side);
                px[2] = (uint8_t)(t == 1 ? 255 : (x ^ y) * 16), px[3] = t == 0 ? alpha : 255;
            }
        m->materials[0].image[t] = t;
    }
    m->image_count = images;
    m->material_count = m->mesh_count = 1;
    m->bounds = s->bounds;
    m->triangle_count = s->index_count / 3;
    m->has_color = true;
    m->has_detail = images > 1;
    m->unit_scale = 1.0f;
    memcpy(m->up_axis, "+Y", 3);
    return true;
}

/* PKG (our own, so trusted) with every level's indices widened to 32 bits:
 * sections in the same order, offsets, sizes and checksums redone. */
static bool _widen(vt_blob *pkg)
{
    const vt_pkg_header *h = (const vt_pkg_header *)pkg->data;
    const vt_pkg_section *d = (const vt_pkg_section *)(pkg->data + sizeof *h);
    uint32_t n = h->section_count;
    uint64_t size = sizeof *h + (uint64_t)n * sizeof *d;
    for (uint32_t i = 0; i < n; i++)
        size = (size + VT_PKG_ALIGN - 1) / VT_PKG_ALIGN * VT_PKG_ALIGN + d[i].size * (d[i].type == VT_SEC_INDICES ? 2 : 1);
    uint8_t *b = calloc(1, (size_t)size);
    if (!b)
        return false;
    vt_pkg_section *nd = (vt_pkg_section *)(b + sizeof *h);
    uint64_t at = sizeof *h + (uint64_t)n * sizeof *d;
    for (uint32_t i = 0; i < n; i++) {
        at = (at + VT_PKG_ALIGN - 1) / VT_PKG_ALIGN * VT_PKG_ALIGN;
        nd[i] = d[i];
        nd[i].offset = at;
        const uint8_t *src = pkg->data + d[i].offset;
        if (d[i].type == VT_SEC_INDICES) {
            nd[i].size = d[i].size * 2;
            for (uint64_t k = 0; k < d[i].size / 2; k++) {
                uint16_t v16;
                memcpy(&v16, src + 2 * k, 2);
                uint32_t v = v16;
                memcpy(b + at + 4 * k, &v, 4);
            }
        } else {
            memcpy(b + at, src, (size_t)d[i].size);
        }
        if (d[i].type == VT_SEC_MESHES)
            for (vt_pkg_mesh *m = (vt_pkg_mesh *)(b + at); (uint8_t *)(m + 1) <= b + at + d[i].size; m++)
                for (uint32_t l = 0; l < m->lod_count && l < VT_PKG_MAX_LODS; l++)
                    m->lods[l].index_size = 4;
        nd[i].crc = vt_crc32(0, b + at, (size_t)nd[i].size);
        at += nd[i].size;
    }
    vt_pkg_header nh = *h;
    nh.file_size = at;
    nh.directory_crc = vt_crc32(0, nd, (size_t)n * sizeof *nd);
    nh.header_crc = vt_crc32(0, &nh, offsetof(vt_pkg_header, header_crc));
    memcpy(b, &nh, sizeof nh);
    vt_blob_free(pkg);
    pkg->data = b;
    pkg->size = (size_t)at;
    return true;
}

/* An exhibition package around SCANS (trusted, ours): EXHB, AMAP, RMAP,
 * then ASCN 0..n-1, laid out as exhibition_build lays them out. Written
 * here rather than by exhibition_build, which would pull Assimp into this
 * small tool. */
static bool _write_exhibition(const vt_blob *scans, uint32_t n, const char *dir)
{
    static const char json[] =
        "{\"format\": 1, \"title\": {\"vi\": \"Tr\u1ed1ng\", \"en\": \"Drum\"}, \"languages\": [\"vi\", \"en\"],\n"
        "\"rooms\": [{\"id\": \"r\", \"name\": {\"vi\": \"R\", \"en\": \"R\"}, \"model\": \"b.obj\"}],\n"
        "\"artefacts\": []}\n";
    static const uint32_t amap[3] = { 0, 0, VT_PKG_NONE }, rmap[1] = { 1 };
    struct {
        uint32_t type, id;
        const void *data;
        uint64_t size;
    } parts[8] = { { VT_SEC_EXHIBITION, 0, json, sizeof json - 1 },
                   { VT_SEC_ARTEFACT_MAP, 0, amap, sizeof amap },
                   { VT_SEC_ROOM_MAP, 0, rmap, sizeof rmap } };
    uint32_t count = 3;
    for (uint32_t i = 0; i < n && count < 8; i++, count++) {
        parts[count].type = VT_SEC_SCAN;
        parts[count].id = i;
        parts[count].data = scans[i].data;
        parts[count].size = scans[i].size;
    }
    vt_pkg_section dir_[8];
    memset(dir_, 0, sizeof dir_);
    uint64_t at = sizeof(vt_pkg_header) + (uint64_t)count * sizeof *dir_;
    for (uint32_t i = 0; i < count; i++) {
        at = (at + VT_PKG_ALIGN - 1) / VT_PKG_ALIGN * VT_PKG_ALIGN;
        dir_[i] = (vt_pkg_section){ .type = parts[i].type, .id = parts[i].id, .offset = at, .size = parts[i].size,
                                    .crc = vt_crc32(0, parts[i].data, (size_t)parts[i].size) };
        at += parts[i].size;
    }
    uint8_t *b = calloc(1, (size_t)at);
    if (!b)
        return false;
    vt_pkg_header h = { .version_major = VT_PKG_VERSION_MAJOR, .version_minor = VT_PKG_VERSION_MINOR,
                        .header_size = sizeof h, .section_count = count, .directory_offset = sizeof h,
                        .file_size = at };
    memcpy(h.magic, VT_PKG_MAGIC, 8);
    h.directory_crc = vt_crc32(0, dir_, (size_t)count * sizeof *dir_);
    h.header_crc = vt_crc32(0, &h, offsetof(vt_pkg_header, header_crc));
    memcpy(b, &h, sizeof h);
    memcpy(b + sizeof h, dir_, (size_t)count * sizeof *dir_);
    for (uint32_t i = 0; i < count; i++)
        memcpy(b + dir_[i].offset, parts[i].data, (size_t)parts[i].size);
    char path[1024];
    snprintf(path, sizeof path, "%s/exhibition.vitrine", dir);
    vt_result r = vt_file_write_atomic(path, b, (size_t)at);
    free(b);
    return r == VT_OK;
}

static bool _write(const scene_model *m, bool uncompressed, bool wide, const char *dir, const char *name)
{
    char path[1024];
    vt_blob b;
    vt_error_msg err = { { 0 } };
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (pack_model(m, &(pack_desc){ .jobs = 1, .uncompressed = uncompressed, .source_name = name }, &b, &err) !=
        VT_OK) {
        fprintf(stderr, "make_seed: %s\n", err.text);
        return false;
    }
    if (wide && !_widen(&b)) {
        vt_blob_free(&b);
        return false;
    }
    vt_result r = vt_file_write_atomic(path, b.data, b.size);
    vt_blob_free(&b);
    if (r != VT_OK)
        fprintf(stderr, "make_seed: %s: cannot write\n", path);
    return r == VT_OK;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_seed OUTDIR\n");
        return 2;
    }
    scene_model m;
    bool ok = scene_make_dong_son_drum(&m) && _write(&m, false, false, argv[1], "drum.vitrine");
    scene_model_free(&m);
    ok = ok && _grid(&m, 6, 3, 8, 255) && _write(&m, false, false, argv[1], "tiny-bc.vitrine") &&
         _write(&m, true, false, argv[1], "tiny-rgba.vitrine") && _write(&m, false, true, argv[1], "tiny-wide.vitrine");
    scene_model_free(&m);
    ok = ok && _grid(&m, 6, 1, 8, 128) && _write(&m, false, false, argv[1], "tiny-alpha.vitrine");
    scene_model_free(&m);
    ok = ok && _grid(&m, 48, 1, 16, 255) && _write(&m, false, false, argv[1], "grid.vitrine");
    scene_model_free(&m);
    /* Two small scans (no textures, a handful of textures) nested. */
    vt_blob scans[2] = { { 0 }, { 0 } };
    vt_error_msg err = { { 0 } };
    ok = ok && _grid(&m, 3, 0, 4, 255) &&
         pack_model(&m, &(pack_desc){ .jobs = 1, .source_name = "a.obj" }, &scans[0], &err) == VT_OK;
    scene_model_free(&m);
    ok = ok && _grid(&m, 4, 1, 4, 255) &&
         pack_model(&m, &(pack_desc){ .jobs = 1, .source_name = "b.obj" }, &scans[1], &err) == VT_OK;
    scene_model_free(&m);
    ok = ok && _write_exhibition(scans, 2, argv[1]);
    vt_blob_free(&scans[0]);
    vt_blob_free(&scans[1]);
    return ok ? 0 : 1;
}
