/* Assimp scene -> scene_model. Assimp types stay in this file. */
#define _POSIX_C_SOURCE 200809L
#include "import.h"

#include <assimp/cimport.h>
#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/log.h"
#include "import_image.h"
#include "scene/mesh_normals.h"

/* Images are shared between materials that name the same file (the Belweder
 * TV's six materials share one embedded JPEG), so we remember what we loaded. */
#define IMPORT_MAX_IMAGES 64

typedef struct import_ctx {
    const import_desc *desc;
    const struct aiScene *ai;
    scene_model *model;
    char dir[4096];  /* folder of the scan, for relative texture paths */
    char stem[256];  /* file name without extension, for sidecar maps */
    char keys[IMPORT_MAX_IMAGES][512];
    int max_tex;
} import_ctx;

/* ---- textures ----------------------------------------------------------- */

static int _import_add_image(import_ctx *c, const char *key)
{
    scene_model *m = c->model;
    if (m->image_count >= IMPORT_MAX_IMAGES)
        return -1;
    int idx = m->image_count++;
    snprintf(c->keys[idx], sizeof c->keys[idx], "%s", key);
    return idx;
}

static int _import_find_image(const import_ctx *c, const char *key)
{
    for (int i = 0; i < c->model->image_count; i++)
        if (!strcmp(c->keys[i], key))
            return i;
    return -1;
}

/* Resolves a texture path the way exporters write them: relative to the
 * scan, sometimes with Windows separators or an absolute path from the
 * artist's machine, in which case the file name beside the scan is tried. */
static bool _import_resolve_texture(const import_ctx *c, const char *raw, char *out, size_t out_size)
{
    char fixed[1024];
    snprintf(fixed, sizeof fixed, "%s", raw);
    for (char *p = fixed; *p; p++)
        if (*p == '\\')
            *p = '/';
    const char *base = strrchr(fixed, '/');
    base = base ? base + 1 : fixed;
    const char *candidates[3] = { fixed, base, NULL };
    char textures_base[1100];
    snprintf(textures_base, sizeof textures_base, "textures/%s", base);
    candidates[2] = textures_base;
    for (int i = 0; i < 3; i++) {
        if (fixed[0] == '/' && i == 0)
            snprintf(out, out_size, "%s", fixed);
        else
            snprintf(out, out_size, "%s/%s", c->dir, candidates[i]);
        if (vt_file_check(out, NULL) == VT_OK)
            return true;
    }
    snprintf(out, out_size, "%s/%s", c->dir, fixed);
    return false;
}

static const struct aiTexture *_import_embedded(const import_ctx *c, const char *raw)
{
    const struct aiScene *s = c->ai;
    if (raw[0] == '*') {
        char *end;
        long i = strtol(raw + 1, &end, 10);
        if (*end == 0 && i >= 0 && i < (long)s->mNumTextures)
            return s->mTextures[i];
        return NULL;
    }
    /* FBX embeds by file name. */
    const char *base = strrchr(raw, '/');
    base = base ? base + 1 : raw;
    for (unsigned i = 0; i < s->mNumTextures; i++) {
        const char *fn = s->mTextures[i]->mFilename.data;
        const char *fb = strrchr(fn, '/');
        fb = fb ? fb + 1 : fn;
        if (fn[0] && (!strcmp(fn, raw) || !strcmp(fb, base)))
            return s->mTextures[i];
    }
    return NULL;
}

/* Loads the texture named RAW once; on any failure the slot gets a
 * checkerboard so the visitor sees that something is missing. */
static int _import_texture(import_ctx *c, const char *raw, bool srgb)
{
    int idx = _import_find_image(c, raw);
    if (idx >= 0)
        return idx;
    idx = _import_add_image(c, raw);
    if (idx < 0) {
        vt_warn("%s: more than %d textures; ignoring '%s'", c->desc->path, IMPORT_MAX_IMAGES, raw);
        return -1;
    }
    scene_image *img = &c->model->images[idx];
    const char *why = NULL;
    const struct aiTexture *emb = _import_embedded(c, raw);
    if (emb && emb->mHeight == 0) {
        if (import_image_decode((const unsigned char *)emb->pcData, emb->mWidth, c->max_tex, srgb, img,
                                &c->model->arena, &why))
            return idx;
        vt_warn("%s: embedded texture '%s' cannot be decoded (%s); showing a checkerboard", c->desc->path, raw,
                why);
    } else if (emb) {
        /* Uncompressed embedded texels: BGRA8. */
        size_t n = (size_t)emb->mWidth * emb->mHeight;
        img->rgba = vt_arena_alloc_array(&c->model->arena, n, 4);
        if (img->rgba && emb->mWidth <= 32768 && emb->mHeight <= 32768) {
            for (size_t i = 0; i < n; i++) {
                img->rgba[4 * i + 0] = emb->pcData[i].r;
                img->rgba[4 * i + 1] = emb->pcData[i].g;
                img->rgba[4 * i + 2] = emb->pcData[i].b;
                img->rgba[4 * i + 3] = emb->pcData[i].a;
            }
            img->width = (int)emb->mWidth;
            img->height = (int)emb->mHeight;
            img->srgb = srgb;
            return idx;
        }
        vt_warn("%s: embedded texture '%s' is too large; showing a checkerboard", c->desc->path, raw);
    } else {
        char path[4096];
        vt_blob blob;
        if (!_import_resolve_texture(c, raw, path, sizeof path)) {
            vt_warn("%s: texture '%s' not found (looked for %s); showing a checkerboard", c->desc->path, raw, path);
        } else if (vt_file_read(path, &blob, 0) != VT_OK) {
            vt_warn("%s: texture %s cannot be read; showing a checkerboard", c->desc->path, path);
        } else {
            bool ok = import_image_decode(blob.data, blob.size, c->max_tex, srgb, img, &c->model->arena, &why);
            vt_blob_free(&blob);
            if (ok)
                return idx;
            vt_warn("%s: texture %s cannot be decoded (%s); showing a checkerboard", c->desc->path, path, why);
        }
    }
    import_checkerboard(img, &c->model->arena);
    return img->rgba ? idx : -1;
}

static int _import_material_texture(import_ctx *c, const struct aiMaterial *mat, const enum aiTextureType *types,
                                    int ntypes, bool srgb)
{
    for (int i = 0; i < ntypes; i++) {
        struct aiString p;
        if (aiGetMaterialTexture(mat, types[i], 0, &p, NULL, NULL, NULL, NULL, NULL, NULL) == aiReturn_SUCCESS &&
            p.length > 0)
            return _import_texture(c, p.data, srgb);
    }
    return -1;
}

/* Scans such as the Danish statues ship their maps beside the mesh with no
 * reference in the file: <Stem>_normal.png in the folder or in Textures/. */
static int _import_sidecar(import_ctx *c, const char *suffix, bool srgb)
{
    static const char *const folders[] = { "", "Textures/", "textures/" };
    static const char *const exts[] = { "png", "jpg", "jpeg" };
    for (int f = 0; f < 3; f++)
        for (int e = 0; e < 3; e++) {
            char rel[512], full[4096];
            snprintf(rel, sizeof rel, "%s%s_%s.%s", folders[f], c->stem, suffix, exts[e]);
            snprintf(full, sizeof full, "%s/%s", c->dir, rel);
            if (vt_file_check(full, NULL) == VT_OK) {
                vt_info("%s: using %s", c->desc->path, rel);
                return _import_texture(c, rel, srgb);
            }
        }
    return -1;
}

static void _import_materials(import_ctx *c)
{
    const struct aiScene *s = c->ai;
    scene_model *m = c->model;
    m->material_count = s->mNumMaterials > 0 ? (int)s->mNumMaterials : 1;
    m->materials = vt_arena_alloc_array(&m->arena, (size_t)m->material_count, sizeof *m->materials);
    m->images = vt_arena_alloc_array(&m->arena, IMPORT_MAX_IMAGES, sizeof *m->images);
    if (!m->materials || !m->images)
        return;

    static const enum aiTextureType base_types[] = { aiTextureType_BASE_COLOR, aiTextureType_DIFFUSE };
    static const enum aiTextureType normal_types[] = { aiTextureType_NORMALS, aiTextureType_NORMAL_CAMERA };
    static const enum aiTextureType ao_types[] = { aiTextureType_AMBIENT_OCCLUSION, aiTextureType_LIGHTMAP };
    int side_base = -2, side_normal = -2, side_ao = -2; /* -2: not looked for yet */

    for (int i = 0; i < m->material_count; i++) {
        scene_material *mat = &m->materials[i];
        mat->base_color[0] = mat->base_color[1] = mat->base_color[2] = mat->base_color[3] = 1.0f;
        for (int t = 0; t < SCENE_TEX_COUNT; t++)
            mat->image[t] = -1;
        if (i >= (int)s->mNumMaterials)
            continue;
        const struct aiMaterial *am = s->mMaterials[i];
        struct aiColor4D col;
        if (aiGetMaterialColor(am, AI_MATKEY_BASE_COLOR, &col) == aiReturn_SUCCESS ||
            aiGetMaterialColor(am, AI_MATKEY_COLOR_DIFFUSE, &col) == aiReturn_SUCCESS) {
            /* OBJ/FBX often default diffuse to black or 0.8 grey with a texture
             * on top; a texture wins, so a black factor is ignored then. */
            mat->base_color[0] = col.r;
            mat->base_color[1] = col.g;
            mat->base_color[2] = col.b;
            mat->base_color[3] = col.a > 0.0f ? col.a : 1.0f;
        }
        int two = 0;
        unsigned int max = 1;
        if (aiGetMaterialIntegerArray(am, AI_MATKEY_TWOSIDED, &two, &max) == aiReturn_SUCCESS)
            mat->double_sided = two != 0;
        mat->image[SCENE_TEX_BASE_COLOR] = _import_material_texture(c, am, base_types, 2, true);
        mat->image[SCENE_TEX_NORMAL] = _import_material_texture(c, am, normal_types, 2, false);
        mat->image[SCENE_TEX_OCCLUSION] = _import_material_texture(c, am, ao_types, 2, false);

        if (mat->image[SCENE_TEX_BASE_COLOR] < 0) {
            if (side_base == -2)
                side_base = _import_sidecar(c, "basecolor", true);
            if (side_base == -1)
                side_base = _import_sidecar(c, "albedo", true);
            mat->image[SCENE_TEX_BASE_COLOR] = side_base;
        }
        if (mat->image[SCENE_TEX_NORMAL] < 0) {
            if (side_normal == -2)
                side_normal = _import_sidecar(c, "normal", false);
            if (side_normal == -1)
                side_normal = _import_sidecar(c, "normals", false);
            mat->image[SCENE_TEX_NORMAL] = side_normal;
        }
        if (mat->image[SCENE_TEX_OCCLUSION] < 0) {
            if (side_ao == -2)
                side_ao = _import_sidecar(c, "occlusion", false);
            mat->image[SCENE_TEX_OCCLUSION] = side_ao;
        }
        /* Black diffuse is what FBX and OBJ exporters write when they mean
         * "no colour set": show a texture as it is, and an untextured scan
         * as light stone rather than a black silhouette. */
        if (mat->base_color[0] + mat->base_color[1] + mat->base_color[2] < 0.003f) {
            float v = mat->image[SCENE_TEX_BASE_COLOR] >= 0 ? 1.0f : 0.8f;
            mat->base_color[0] = mat->base_color[1] = mat->base_color[2] = v;
        }
        if (mat->image[SCENE_TEX_BASE_COLOR] >= 0)
            m->has_color = true;
        if (mat->image[SCENE_TEX_NORMAL] >= 0 || mat->image[SCENE_TEX_OCCLUSION] >= 0)
            m->has_detail = true;
    }
}

/* ---- geometry ----------------------------------------------------------- */

/* Rotation that brings the file's up axis to +Y (a proper rotation, so
 * winding and handedness are kept). */
static void _import_up_rotation(import_up up, mat3 out)
{
    glm_mat3_identity(out);
    switch (up) {
    case IMPORT_UP_Z: /* (x, y, z) -> (x, z, -y) */
        out[1][1] = 0; out[1][2] = -1; out[2][1] = 1; out[2][2] = 0;
        break;
    case IMPORT_UP_NEG_Z: /* (x, y, z) -> (x, -z, y) */
        out[1][1] = 0; out[1][2] = 1; out[2][1] = -1; out[2][2] = 0;
        break;
    case IMPORT_UP_X: /* (x, y, z) -> (-y, x, z) */
        out[0][0] = 0; out[0][1] = 1; out[1][0] = -1; out[1][1] = 0;
        break;
    default:
        break;
    }
}

static bool _finite3(const float *p) { return isfinite(p[0]) && isfinite(p[1]) && isfinite(p[2]); }

static vt_result _import_mesh(import_ctx *c, const struct aiMesh *am, scene_mesh *out, const mat3 rot, float scale)
{
    vt_arena *a = &c->model->arena;
    uint32_t nv = am->mNumVertices;
    uint32_t ntri = 0;
    for (unsigned f = 0; f < am->mNumFaces; f++)
        if (am->mFaces[f].mNumIndices == 3)
            ntri++;
    if (nv == 0 || ntri == 0)
        return VT_ERR_NO_GEOMETRY;
    out->vertex_count = nv;
    out->positions = vt_arena_alloc_array(a, nv, 3 * sizeof(float));
    out->normals = vt_arena_alloc_array(a, nv, 3 * sizeof(float));
    out->indices = vt_arena_alloc_array(a, ntri, 3 * sizeof(uint32_t));
    if (!out->positions || !out->normals || !out->indices)
        return VT_ERR_OUT_OF_MEMORY;
    if (am->mTextureCoords[0] && (out->uvs = vt_arena_alloc_array(a, nv, 2 * sizeof(float))) == NULL)
        return VT_ERR_OUT_OF_MEMORY;
    if (am->mColors[0] && (out->colors = vt_arena_alloc_array(a, nv, 4)) == NULL)
        return VT_ERR_OUT_OF_MEMORY;

    out->bounds = vt_aabb_empty();
    bool *bad = NULL; /* vertices with NaN/inf: their triangles are dropped */
    for (uint32_t i = 0; i < nv; i++) {
        vec3 p = { am->mVertices[i].x, am->mVertices[i].y, am->mVertices[i].z };
        float *dst = out->positions + 3 * i;
        if (!_finite3(p)) {
            if (!bad && !(bad = calloc(nv, 1)))
                return VT_ERR_OUT_OF_MEMORY;
            bad[i] = true;
            glm_vec3_zero(dst);
        } else {
            glm_mat3_mulv((vec3 *)rot, p, dst);
            glm_vec3_scale(dst, scale, dst);
            vt_aabb_add_point(&out->bounds, dst);
        }
        vec3 n = { 0, 1, 0 };
        if (am->mNormals) {
            vec3 src = { am->mNormals[i].x, am->mNormals[i].y, am->mNormals[i].z };
            if (_finite3(src) && glm_vec3_norm2(src) > 1e-12f)
                glm_vec3_normalize_to(src, n);
        }
        glm_mat3_mulv((vec3 *)rot, n, out->normals + 3 * i);
        if (out->uvs) {
            float u = am->mTextureCoords[0][i].x, v = am->mTextureCoords[0][i].y;
            out->uvs[2 * i] = isfinite(u) ? u : 0.0f;
            /* Images are stored top row first, so v is flipped here; the
             * shader flips the normal map's green back (maps are "green up"
             * along the file's +v). */
            out->uvs[2 * i + 1] = isfinite(v) ? 1.0f - v : 0.0f;
        }
        if (out->colors) {
            const struct aiColor4D *col = &am->mColors[0][i];
            float cc[4] = { col->r, col->g, col->b, col->a };
            for (int k = 0; k < 4; k++) {
                float x = isfinite(cc[k]) ? cc[k] : 1.0f;
                out->colors[4 * i + k] = (uint8_t)(glm_clamp(x, 0.0f, 1.0f) * 255.0f + 0.5f);
            }
        }
    }
    uint32_t k = 0;
    for (unsigned f = 0; f < am->mNumFaces; f++) {
        const struct aiFace *face = &am->mFaces[f];
        if (face->mNumIndices != 3)
            continue;
        uint32_t i0 = face->mIndices[0], i1 = face->mIndices[1], i2 = face->mIndices[2];
        if (i0 >= nv || i1 >= nv || i2 >= nv)
            continue;
        if (bad && (bad[i0] || bad[i1] || bad[i2]))
            continue;
        out->indices[k++] = i0;
        out->indices[k++] = i1;
        out->indices[k++] = i2;
    }
    out->index_count = k;
    if (bad) {
        /* The smoothed normals around a NaN vertex are NaN or wrong: give the
         * dropped vertices a real position and recompute from the faces. */
        uint32_t good = 0;
        while (good < nv && bad[good])
            good++;
        size_t nbad = 0;
        for (uint32_t i = 0; i < nv && good < nv; i++)
            if (bad[i]) {
                memcpy(out->positions + 3 * i, out->positions + 3 * good, 3 * sizeof(float));
                nbad++;
            }
        free(bad);
        if (good == nv || k == 0)
            return VT_ERR_NO_GEOMETRY; /* nothing finite: the caller refuses the file */
        vt_warn("%s: %zu vertices with NaN or infinite coordinates; their triangles are left out", c->desc->path,
                nbad);
        scene_mesh_compute_normals(out);
    } else if (!am->mNormals) {
        /* NaN in another mesh kept Assimp from smoothing any normals. */
        scene_mesh_compute_normals(out);
    }
    out->material = (int)am->mMaterialIndex < c->model->material_count ? (int)am->mMaterialIndex : 0;
    if (k == 0 || vt_aabb_is_empty(&out->bounds))
        return VT_ERR_NO_GEOMETRY;
    return VT_OK;
}

static bool _import_meta_int(const struct aiScene *s, const char *key, int *out)
{
    const struct aiMetadata *md = s->mMetaData;
    if (!md)
        return false;
    for (unsigned i = 0; i < md->mNumProperties; i++) {
        if (strcmp(md->mKeys[i].data, key) != 0)
            continue;
        const struct aiMetadataEntry *e = &md->mValues[i];
        if (e->mType == AI_INT32) {
            *out = *(const int32_t *)e->mData;
            return true;
        }
        if (e->mType == AI_UINT64) {
            *out = (int)*(const uint64_t *)e->mData;
            return true;
        }
    }
    return false;
}

/* FBX and Collada say which axis is up; Assimp already converts Collada's,
 * and hands FBX's through metadata. Everything else: Y up, the glTF rule and
 * what most scan exports use; the curator overrides with --up. */
static import_up _import_file_up(const struct aiScene *s)
{
    int axis, sign = 1;
    if (!_import_meta_int(s, "UpAxis", &axis))
        return IMPORT_UP_Y;
    _import_meta_int(s, "UpAxisSign", &sign);
    if (axis == 2)
        return sign < 0 ? IMPORT_UP_NEG_Z : IMPORT_UP_Z;
    if (axis == 0)
        return IMPORT_UP_X;
    return IMPORT_UP_Y;
}

static const char *_import_up_name(import_up up)
{
    switch (up) {
    case IMPORT_UP_Z: return "+Z";
    case IMPORT_UP_NEG_Z: return "-Z";
    case IMPORT_UP_X: return "+X";
    default: return "+Y";
    }
}

static vt_result _import_geometry(import_ctx *c)
{
    const struct aiScene *s = c->ai;
    scene_model *m = c->model;
    import_up up = c->desc->up != IMPORT_UP_AUTO ? c->desc->up : _import_file_up(s);
    mat3 rot;
    _import_up_rotation(up, rot);
    snprintf(m->up_axis, sizeof m->up_axis, "%s", _import_up_name(up));

    /* The unit guess needs the extent first; positions are scaled after. */
    float scale = c->desc->unit_scale;
    if (scale <= 0.0f) {
        vt_aabb raw = vt_aabb_empty();
        for (unsigned i = 0; i < s->mNumMeshes; i++)
            for (unsigned v = 0; v < s->mMeshes[i]->mNumVertices; v++) {
                const struct aiVector3D *q = &s->mMeshes[i]->mVertices[v];
                float p[3] = { q->x, q->y, q->z };
                if (_finite3(p))
                    vt_aabb_add_point(&raw, p);
            }
        vec3 size = { 0, 0, 0 };
        if (!vt_aabb_is_empty(&raw))
            vt_aabb_size(&raw, size);
        scale = import_guess_unit_scale(glm_vec3_max(size));
    }
    m->unit_scale = scale;

    m->meshes = vt_arena_alloc_array(&m->arena, s->mNumMeshes ? s->mNumMeshes : 1, sizeof *m->meshes);
    if (!m->meshes)
        return VT_ERR_OUT_OF_MEMORY;
    m->bounds = vt_aabb_empty();
    for (unsigned i = 0; i < s->mNumMeshes; i++) {
        scene_mesh *mesh = &m->meshes[m->mesh_count];
        memset(mesh, 0, sizeof *mesh);
        vt_result r = _import_mesh(c, s->mMeshes[i], mesh, rot, scale);
        if (r == VT_ERR_NO_GEOMETRY)
            continue; /* points, lines or an empty mesh beside real ones */
        if (r != VT_OK)
            return r;
        vt_aabb_merge(&m->bounds, &mesh->bounds);
        m->triangle_count += mesh->index_count / 3;
        if (mesh->colors)
            m->has_color = true;
        m->mesh_count++;
    }
    return m->mesh_count > 0 ? VT_OK : VT_ERR_NO_GEOMETRY;
}

/* ---- entry point -------------------------------------------------------- */

/* Checks Assimp cannot be trusted with. A PLY header with no end_header (a
 * truncated download) sends Assimp 5.2's PLY reader into an endless loop. */
static vt_result _import_precheck(const char *path, vt_error_msg *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        vt_error_set(err, "%s: cannot be read", path);
        return VT_ERR_UNREADABLE;
    }
    char head[65536 + 1];
    size_t n = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[n] = 0;
    if (n >= 4 && !memcmp(head, "ply", 3) && (head[3] == '\n' || head[3] == '\r')) {
        /* The header is text; look for its end within the first 64 KiB. */
        bool found = false;
        for (size_t i = 0; i + 10 <= n && !found; i++)
            found = !memcmp(head + i, "end_header", 10);
        if (!found) {
            vt_error_set(err, "%s: the PLY header never ends (no end_header): the file is truncated or not PLY",
                         path);
            return VT_ERR_MALFORMED;
        }
    }
    return VT_OK;
}

/* Turns Assimp's failure text into one plain line for a curator. */
static vt_result _import_assimp_error(const char *path, const char *why, vt_error_msg *err)
{
    why = why && why[0] ? why : "unknown format";
    if (strstr(why, "no faces") || strstr(why, "No meshes remaining") || strstr(why, "mNumMeshes is 0")) {
        vt_error_set(err, "%s: the file holds no triangle surfaces to show (points or lines only, or empty)", path);
        return VT_ERR_NO_GEOMETRY;
    }
    char ext[16];
    vt_path_ext(path, ext, sizeof ext);
    bool known = !strcmp(ext, "obj") || !strcmp(ext, "ply") || !strcmp(ext, "gltf") || !strcmp(ext, "glb") ||
                 !strcmp(ext, "fbx");
    if (strstr(why, "No suitable reader") && !known) {
        vt_error_set(err, "%s: not a 3D format Vitrine can read (use OBJ, PLY, glTF 2.0/GLB or FBX)", path);
        return VT_ERR_UNSUPPORTED;
    }
    if (strstr(why, "No suitable reader")) {
        vt_error_set(err, "%s: damaged or not really a .%s file (its contents are not recognised)", path, ext);
        return VT_ERR_MALFORMED;
    }
    vt_error_set(err, "%s: not a readable 3D scan (%s)", path, why);
    return VT_ERR_MALFORMED;
}

/* True when no vertex position is NaN or infinite. */
static bool _import_all_finite(const struct aiScene *s)
{
    for (unsigned m = 0; m < s->mNumMeshes; m++) {
        const struct aiMesh *mesh = s->mMeshes[m];
        for (unsigned v = 0; v < mesh->mNumVertices; v++) {
            const struct aiVector3D *q = &mesh->mVertices[v];
            if (!(isfinite(q->x) && isfinite(q->y) && isfinite(q->z)))
                return false;
        }
    }
    return true;
}

vt_result import_scan(const import_desc *desc, scene_model *out, vt_error_msg *err)
{
    memset(out, 0, sizeof *out);
    const char *path = desc->path;
    vt_result r = vt_file_check(path, NULL);
    if (r != VT_OK) {
        vt_file_check_message(path, r, err);
        return r;
    }

    r = _import_precheck(path, err);
    if (r != VT_OK)
        return r;

    struct aiPropertyStore *props = aiCreatePropertyStore();
    /* Points and lines are not surfaces a visitor can look at. */
    aiSetImportPropertyInteger(props, AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
    /* Scans are smooth surfaces; 80 degrees keeps real creases sharp. */
    aiSetImportPropertyFloat(props, AI_CONFIG_PP_GSN_MAX_SMOOTHING_ANGLE, 80.0f);
    /* Degenerate triangles go; tiny ones stay (Assimp's area test would
     * delete the real triangles of dense, metre-scale scans). */
    aiSetImportPropertyInteger(props, AI_CONFIG_PP_FD_REMOVE, 1);
    aiSetImportPropertyInteger(props, AI_CONFIG_PP_FD_CHECKAREA, 0);
    /* Two passes. The first structures the scene and can fail (that is
     * where bad files are refused). The second builds normals (and welds,
     * unless packing), and runs only when every position is finite: range scanners
     * write NaN for points they missed, and welding would fold such a vertex
     * into a good one while smoothing would zero every normal of the mesh.
     * With NaN present _import_mesh drops the touching triangles and computes
     * normals itself. (aiProcess_FindInvalidData is not used: it deletes the
     * whole mesh for one NaN. The second pass holds only steps that cannot
     * fail, because a failing aiApplyPostProcessing in Assimp 5.2 frees the
     * scene twice.) */
    unsigned first = aiProcess_Triangulate | aiProcess_PreTransformVertices | aiProcess_SortByPType |
                     aiProcess_FindDegenerates | aiProcess_ValidateDataStructure;
    const struct aiScene *ai = aiImportFileExWithProperties(path, first, NULL, props);
    aiReleasePropertyStore(props);
    if (!ai)
        return _import_assimp_error(path, aiGetErrorString(), err);
    if (_import_all_finite(ai)) {
        /* Welding is the slowest step of an Assimp import (a third of the
         * time on a 6.4M-triangle scan); the packer welds after quantising
         * anyway, far faster. Smooth normals need no welding: Assimp finds
         * vertices that share a position itself. */
        unsigned second = aiProcess_GenSmoothNormals | (desc->for_packing ? 0u : aiProcess_JoinIdenticalVertices);
        ai = aiApplyPostProcessing(ai, second);
        if (!ai)
            return _import_assimp_error(path, aiGetErrorString(), err);
    }
    if (ai->mFlags & AI_SCENE_FLAGS_INCOMPLETE || ai->mNumMeshes == 0) {
        aiReleaseImport(ai);
        vt_error_set(err, "%s: the file holds no triangle meshes to show", path);
        return VT_ERR_NO_GEOMETRY;
    }

    import_ctx *c = calloc(1, sizeof *c);
    if (!c) {
        aiReleaseImport(ai);
        vt_error_set(err, "%s: out of memory", path);
        return VT_ERR_OUT_OF_MEMORY;
    }
    c->desc = desc;
    c->ai = ai;
    c->model = out;
    c->max_tex = desc->max_texture_size > 0 ? desc->max_texture_size : 4096;
    vt_path_dirname(path, c->dir, sizeof c->dir);
    const char *base = strrchr(path, '/');
    snprintf(c->stem, sizeof c->stem, "%s", base ? base + 1 : path);
    char *dot = strrchr(c->stem, '.');
    if (dot)
        *dot = 0;

    _import_materials(c);
    r = (out->materials && out->images) ? _import_geometry(c) : VT_ERR_OUT_OF_MEMORY;
    if (r == VT_OK) {
        /* A texture only counts as colour if some mesh can sample it. */
        bool uv_color = false;
        for (int i = 0; i < out->mesh_count; i++) {
            const scene_mesh *mesh = &out->meshes[i];
            if (mesh->colors || (mesh->uvs && out->materials[mesh->material].image[SCENE_TEX_BASE_COLOR] >= 0))
                uv_color = true;
        }
        out->has_color = uv_color;
    }
    free(c);
    aiReleaseImport(ai);
    if (r != VT_OK) {
        vt_error_set(err, "%s: %s", path,
                     r == VT_ERR_NO_GEOMETRY ? "the file holds no triangle meshes to show" : "out of memory");
        scene_model_free(out);
        return r;
    }
    vec3 size;
    vt_aabb_size(&out->bounds, size);
    vt_info("%s: %d meshes, %llu triangles, %.3f x %.3f x %.3f m (unit scale %g, up %s)", path, out->mesh_count,
            (unsigned long long)out->triangle_count, size[0], size[1], size[2], out->unit_scale, out->up_axis);
    return VT_OK;
}
