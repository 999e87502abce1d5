/* pack_model: geometry and textures in parallel, then one deterministic
 * package in memory. */
#include "pack.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/crc32.h"
#include "import/pack_geometry.h"
#include "import/texture_encode.h"
#include "package/vitrine_format.h"

#ifndef VITRINE_VERSION
#define VITRINE_VERSION "0.0.0"
#endif

typedef struct _pack_section {
    uint32_t type, id;
    const void *data;
    uint64_t size;
} _pack_section;

typedef struct _pack_textures {
    const scene_model *model;
    const pack_desc *desc;
    int slot_of[64];       /* image -> slot it is used in, -1 unused */
    int index_of[64];      /* image -> package texture index */
    tex_encoded enc[64];
    uint32_t count;
    vt_arena arena;        /* textures' own arena: filled on another thread */
    bool ok;
} _pack_textures;

static void *_pack_textures_run(void *arg)
{
    _pack_textures *t = arg;
    t->ok = true;
    int jobs = t->desc->jobs > 1 ? t->desc->jobs - 1 : 1; /* one core builds geometry */
    for (int i = 0; i < t->model->image_count && i < 64; i++) {
        if (t->slot_of[i] < 0)
            continue;
        if (!tex_encode(&(tex_encode_desc){ .image = &t->model->images[i], .slot = (scene_tex_slot)t->slot_of[i],
                                            .max_size = t->desc->max_texture_size,
                                            .uncompressed = t->desc->uncompressed, .jobs = jobs },
                        &t->enc[t->index_of[i]], &t->arena)) {
            t->ok = false;
            return NULL;
        }
    }
    return NULL;
}

static int _pack_section_order(const void *a, const void *b)
{
    const _pack_section *x = a, *y = b;
    /* Smallest first: coarse levels and small mips before the fine ones. */
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static vt_result _pack_assemble(_pack_section *secs, uint32_t n, uint32_t fixed, vt_blob *out)
{
    qsort(secs + fixed, n - fixed, sizeof *secs, _pack_section_order);
    uint64_t dir_end = sizeof(vt_pkg_header) + (uint64_t)n * sizeof(vt_pkg_section);
    uint64_t at = dir_end;
    vt_pkg_section *dir = calloc(n, sizeof *dir);
    if (!dir)
        return VT_ERR_OUT_OF_MEMORY;
    for (uint32_t i = 0; i < n; i++) {
        at = (at + VT_PKG_ALIGN - 1) / VT_PKG_ALIGN * VT_PKG_ALIGN;
        dir[i] = (vt_pkg_section){ .type = secs[i].type, .id = secs[i].id, .offset = at, .size = secs[i].size,
                                   .crc = vt_crc32(0, secs[i].data, (size_t)secs[i].size) };
        at += secs[i].size;
    }
    uint8_t *bytes = calloc(1, (size_t)at); /* zeroed padding: deterministic */
    if (!bytes) {
        free(dir);
        return VT_ERR_OUT_OF_MEMORY;
    }
    vt_pkg_header h = { .version_major = VT_PKG_VERSION_MAJOR, .version_minor = VT_PKG_VERSION_MINOR,
                        .header_size = sizeof h, .section_count = n, .directory_offset = sizeof h, .file_size = at };
    memcpy(h.magic, VT_PKG_MAGIC, 8);
    h.directory_crc = vt_crc32(0, dir, (size_t)n * sizeof *dir);
    h.header_crc = vt_crc32(0, &h, offsetof(vt_pkg_header, header_crc));
    memcpy(bytes, &h, sizeof h);
    memcpy(bytes + sizeof h, dir, (size_t)n * sizeof *dir);
    for (uint32_t i = 0; i < n; i++)
        memcpy(bytes + dir[i].offset, secs[i].data, (size_t)secs[i].size);
    free(dir);
    out->data = bytes;
    out->size = (size_t)at;
    return VT_OK;
}

vt_result pack_model(const scene_model *m, const pack_desc *desc, vt_blob *out, vt_error_msg *err)
{
    memset(out, 0, sizeof *out);
    vt_arena arena = { 0 };
    vt_result r = VT_ERR_OUT_OF_MEMORY;
    _pack_textures *tx = calloc(1, sizeof *tx);
    pack_mesh_out *meshes = calloc((size_t)m->mesh_count, sizeof *meshes);
    _pack_section *secs = NULL;
    bool thread_started = false;
    pthread_t thread;
    if (!tx || !meshes)
        goto fail;
    if (desc->progress)
        desc->progress(desc->user, 0.0f, "textures");

    /* Textures: the ones materials use, in image order; each in the slot
     * (colour, normal, occlusion) where it is first used. */
    tx->model = m;
    tx->desc = desc;
    for (int i = 0; i < 64; i++)
        tx->slot_of[i] = tx->index_of[i] = -1;
    for (int i = 0; i < m->material_count; i++)
        for (int s = 0; s < SCENE_TEX_COUNT; s++) {
            int img = m->materials[i].image[s];
            if (img >= 0 && img < m->image_count && img < 64 && tx->slot_of[img] < 0)
                tx->slot_of[img] = s;
        }
    for (int i = 0; i < m->image_count && i < 64; i++)
        if (tx->slot_of[i] >= 0)
            tx->index_of[i] = (int)tx->count++;
    if (desc->jobs > 1 && tx->count > 0)
        thread_started = pthread_create(&thread, NULL, _pack_textures_run, tx) == 0;
    if (!thread_started)
        _pack_textures_run(tx);

    /* Geometry, mesh by mesh, progress by triangles. */
    uint64_t done_tris = 0;
    for (int i = 0; i < m->mesh_count; i++) {
        const scene_mesh *mesh = &m->meshes[i];
        if (!pack_mesh(mesh, (uint32_t)(mesh->material >= 0 ? mesh->material : 0), desc->jobs, &meshes[i], &arena)) {
            vt_error_set(err, "%s: mesh %d cannot be packed (out of memory, or no triangles left)",
                         desc->source_name ? desc->source_name : "model", i);
            r = VT_ERR_NO_GEOMETRY;
            goto fail;
        }
        done_tris += mesh->index_count / 3;
        if (desc->progress)
            desc->progress(desc->user, 0.9f * (float)done_tris / (float)(m->triangle_count ? m->triangle_count : 1),
                           "geometry");
    }
    if (thread_started) {
        pthread_join(thread, NULL);
        thread_started = false;
    }
    if (!tx->ok) {
        vt_error_set(err, "out of memory encoding textures");
        goto fail;
    }
    if (desc->progress)
        desc->progress(desc->user, 0.95f, "writing");

    /* Descriptions. */
    vt_pkg_meta *meta = vt_arena_alloc(&arena, sizeof *meta);
    vt_pkg_material *mats = vt_arena_alloc_array(&arena, (size_t)m->material_count, sizeof *mats);
    vt_pkg_mesh *mdesc = vt_arena_alloc_array(&arena, (size_t)m->mesh_count, sizeof *mdesc);
    vt_pkg_texture *texs = vt_arena_alloc_array(&arena, tx->count ? tx->count : 1, sizeof *texs);
    uint32_t chunk_total = 0;
    for (int i = 0; i < m->mesh_count; i++)
        for (uint32_t l = 0; l < meshes[i].desc.lod_count; l++)
            chunk_total += meshes[i].lods[l].chunk_count;
    vt_pkg_chunk *chunks = vt_arena_alloc_array(&arena, chunk_total, sizeof *chunks);
    uint32_t n_secs = 6u + tx->count * VT_PKG_MAX_MIPS + (uint32_t)m->mesh_count * VT_PKG_MAX_LODS * 2u;
    secs = calloc(n_secs, sizeof *secs);
    if (!meta || !mats || !mdesc || !texs || !chunks || !secs)
        goto fail;

    for (int k = 0; k < 3; k++) {
        meta->bounds_min[k] = INFINITY;
        meta->bounds_max[k] = -INFINITY;
    }
    for (int i = 0; i < m->mesh_count; i++)
        for (int k = 0; k < 3; k++) {
            meta->bounds_min[k] = fminf(meta->bounds_min[k], meshes[i].desc.bounds_min[k]);
            meta->bounds_max[k] = fmaxf(meta->bounds_max[k], meshes[i].desc.bounds_max[k]);
        }
    meta->mesh_count = (uint32_t)m->mesh_count;
    meta->material_count = (uint32_t)m->material_count;
    meta->texture_count = tx->count;
    meta->flags = (m->has_color ? VT_META_HAS_COLOR : 0u) | (m->has_detail ? VT_META_HAS_DETAIL : 0u);
    meta->unit_scale = m->unit_scale;
    meta->source_triangles = m->triangle_count > UINT32_MAX ? UINT32_MAX : (uint32_t)m->triangle_count;
    memcpy(meta->up_axis, m->up_axis, sizeof meta->up_axis);

    for (int i = 0; i < m->material_count; i++) {
        const scene_material *sm = &m->materials[i];
        memcpy(mats[i].base_color, sm->base_color, sizeof mats[i].base_color);
        for (int s = 0; s < SCENE_TEX_COUNT; s++) {
            int img = sm->image[s];
            mats[i].texture[s] = (img >= 0 && img < 64 && tx->slot_of[img] == s) ? tx->index_of[img] : -1;
        }
        mats[i].flags = sm->double_sided ? VT_MAT_DOUBLE_SIDED : 0u;
    }

    uint32_t n = 0, chunk_at = 0;
    secs[n++] = (_pack_section){ VT_SEC_META, 0, meta, sizeof *meta };
    secs[n++] = (_pack_section){ VT_SEC_MATERIALS, 0, mats, (uint64_t)m->material_count * sizeof *mats };
    secs[n++] = (_pack_section){ VT_SEC_MESHES, 0, mdesc, (uint64_t)m->mesh_count * sizeof *mdesc };
    secs[n++] = (_pack_section){ VT_SEC_CHUNKS, 0, chunks, (uint64_t)chunk_total * sizeof *chunks };
    if (tx->count)
        secs[n++] = (_pack_section){ VT_SEC_TEXTURES, 0, texs, (uint64_t)tx->count * sizeof *texs };
    char *json = vt_arena_alloc(&arena, 1024);
    if (!json)
        goto fail;
    /* No time stamps or paths: the same input gives the same bytes. The
     * file name is escaped: quotes and backslashes are legal in names. */
    const char *name = desc->source_name ? desc->source_name : "";
    const char *slash = strrchr(name, '/');
    char base[512];
    size_t bn = 0;
    for (const char *c = slash ? slash + 1 : name; *c && bn + 7 < sizeof base; c++) {
        unsigned char ch = (unsigned char)*c;
        if (ch == '"' || ch == '\\') {
            base[bn++] = '\\';
            base[bn++] = (char)ch;
        } else if (ch < 0x20) {
            bn += (size_t)snprintf(base + bn, sizeof base - bn, "\\u%04x", ch);
        } else {
            base[bn++] = (char)ch;
        }
    }
    base[bn] = 0;
    snprintf(json, 1024,
             "{\"source\":\"%s\",\"packer\":\"vitrine-pack %s\",\"format\":\"%u.%u\",\"max_texture_size\":%d,"
             "\"compressed_textures\":%s}",
             base, VITRINE_VERSION, VT_PKG_VERSION_MAJOR, VT_PKG_VERSION_MINOR,
             desc->max_texture_size > 0 ? desc->max_texture_size : 4096, desc->uncompressed ? "false" : "true");
    secs[n++] = (_pack_section){ VT_SEC_SOURCE, 0, json, strlen(json) };
    uint32_t fixed = n;

    for (int i = 0; i < m->mesh_count; i++) {
        mdesc[i] = meshes[i].desc;
        for (uint32_t l = 0; l < mdesc[i].lod_count; l++) {
            const pack_lod_out *lod = &meshes[i].lods[l];
            mdesc[i].lods[l].first_chunk = chunk_at;
            memcpy(chunks + chunk_at, lod->chunks, lod->chunk_count * sizeof *chunks);
            chunk_at += lod->chunk_count;
            uint32_t id = (uint32_t)i << 8 | l;
            secs[n++] = (_pack_section){ VT_SEC_VERTICES, id, lod->vertices, lod->vertex_bytes };
            secs[n++] = (_pack_section){ VT_SEC_INDICES, id, lod->indices, lod->index_bytes };
        }
    }
    for (uint32_t t = 0; t < tx->count; t++) {
        const tex_encoded *e = &tx->enc[t];
        int slot = 0;
        for (int i = 0; i < 64; i++)
            if (tx->index_of[i] == (int)t)
                slot = tx->slot_of[i];
        texs[t] = (vt_pkg_texture){ .format = e->format, .width = e->mips[0].width, .height = e->mips[0].height,
                                    .mip_count = e->mip_count, .slot = (uint32_t)slot };
        for (uint32_t i = 0; i < e->mip_count; i++)
            secs[n++] = (_pack_section){ VT_SEC_MIP, t << 8 | i, e->mips[i].data, e->mips[i].size };
    }
    r = _pack_assemble(secs, n, fixed, out);
    if (r != VT_OK)
        vt_error_set(err, "out of memory writing the package");
    if (desc->progress && r == VT_OK)
        desc->progress(desc->user, 1.0f, "done");
fail:
    if (thread_started)
        pthread_join(thread, NULL);
    if (r == VT_ERR_OUT_OF_MEMORY && err && !err->text[0])
        vt_error_set(err, "out of memory packing the model");
    if (tx)
        vt_arena_free(&tx->arena);
    free(tx);
    free(meshes);
    free(secs);
    vt_arena_free(&arena);
    return r;
}
