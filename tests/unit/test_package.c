/* test_package: the .vitrine format end to end (src/import/pack.h writes it,
 * src/package/package.h reads it).
 *
 * Round trip: the built-in drum and a small textured grid are packed and
 * read back; counts, bounds, the level-of-detail chain, chunks, indices and
 * the decoded vertices are checked against the source model. Octahedral
 * normals round-trip within 0.01°. Packing is byte-for-byte reproducible,
 * whatever the job count.
 *
 * Damage: truncations, flipped bytes and, above all, edited packages whose
 * checksums are recomputed afterwards (_pkg_rechecksum) so that each case
 * reaches the validation rule it is about instead of stopping at a CRC. Every
 * refusal must be a non-OK result and a message naming the file; nothing may
 * crash (the suite runs under ASan + UBSan in CI, and every damaged copy is
 * its own malloc block of the exact size, so ASan sees any read past it).
 *
 * Atomic writes: vt_file_write_atomic never leaves a half-written or
 * temporary file behind. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_pkg_util.h"
#include "test_util.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/crc32.h"
#include "base/file.h"
#include "import/pack.h"
#include "package/package.h"
#include "scene/dong_son_drum.h"
#include "scene/mesh_normals.h"

#define TP_PI 3.14159265358979323846 /* TP_PI is POSIX, not C11 */

/* ---- fixtures ----------------------------------------------------------- */

/* Packed once for the whole group: the drum (two meshes, vertex colours, no
 * textures), a grid (UVs, one 64x64 colour texture) and a wide grid (over
 * 65,536 vertices: 32-bit indices at level 0). */
static scene_model _drum, _grid, _wide;
static vt_blob _drum_pkg, _grid_pkg, _wide_pkg;

/* Per-test allocations, released by the teardown, so a failed assertion
 * (a longjmp out of the test) leaks nothing under LeakSanitizer. */
static void *_allocs[256];
static int _alloc_count;
static char _tmpdir[256];
static scene_model _big; /* made by one test, freed by the teardown */

static void *_tmalloc(size_t size)
{
    assert_true(_alloc_count < (int)(sizeof _allocs / sizeof _allocs[0]));
    void *p = malloc(size ? size : 1); /* malloc: aligned for pkg_open_memory */
    assert_non_null(p);
    _allocs[_alloc_count++] = p;
    return p;
}


/* Frees the newest _tmalloc block (loops that make many copies). */
static void _tfree_last(void)
{
    assert_true(_alloc_count > 0);
    free(_allocs[--_alloc_count]);
    _allocs[_alloc_count] = NULL;
}

static int _teardown(void **state)
{
    (void)state;
    for (int i = 0; i < _alloc_count; i++)
        free(_allocs[i]);
    _alloc_count = 0;
    if (_tmpdir[0]) {
        test_rm_tree(_tmpdir);
        _tmpdir[0] = 0;
    }
    scene_model_free(&_big);
    return 0;
}

/* A wavy N x N quad grid with UVs and one sRGB texture: small, but over
 * PACK_MIN_LOD_TRIS triangles so it has more than one level of detail. */
static bool _make_grid(scene_model *m, int n)
{
    memset(m, 0, sizeof *m);
    m->meshes = vt_arena_alloc_array(&m->arena, 1, sizeof *m->meshes);
    m->materials = vt_arena_alloc_array(&m->arena, 1, sizeof *m->materials);
    m->images = vt_arena_alloc_array(&m->arena, 1, sizeof *m->images);
    if (!m->meshes || !m->materials || !m->images)
        return false;
    scene_mesh *s = &m->meshes[0];
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
            s->positions[3 * v + 0] = 0.3f * x;
            s->positions[3 * v + 1] = 0.01f * sinf(x * 9.0f) * cosf(z * 7.0f);
            s->positions[3 * v + 2] = 0.2f * z;
            s->uvs[2 * v + 0] = (float)i / (float)n;
            s->uvs[2 * v + 1] = (float)j / (float)n;
        }
    uint32_t k = 0;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++) {
            uint32_t a = (uint32_t)(j * (n + 1) + i), b = a + 1, c = a + (uint32_t)n + 1, d = c + 1;
            s->indices[k++] = a, s->indices[k++] = c, s->indices[k++] = b;
            s->indices[k++] = b, s->indices[k++] = c, s->indices[k++] = d;
        }
    scene_mesh_compute_normals(s);
    s->material = 0;
    scene_image *img = &m->images[0];
    img->width = img->height = 64;
    img->srgb = true;
    img->rgba = vt_arena_alloc(&m->arena, 64 * 64 * 4);
    if (!img->rgba)
        return false;
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 64; x++) {
            uint8_t *p = img->rgba + 4 * (y * 64 + x);
            p[0] = (uint8_t)(x * 4), p[1] = (uint8_t)(y * 4), p[2] = (uint8_t)((x ^ y) * 4), p[3] = 255;
        }
    m->image_count = 1;
    m->materials[0] = (scene_material){ .base_color = { 1, 1, 1, 1 }, .image = { 0, -1, -1 } };
    m->material_count = 1;
    m->mesh_count = 1;
    m->bounds = s->bounds;
    m->triangle_count = s->index_count / 3;
    m->has_color = true;
    m->unit_scale = 1.0f;
    memcpy(m->up_axis, "+Y", 3);
    return true;
}

static vt_result _pack(const scene_model *m, int jobs, vt_blob *out)
{
    vt_error_msg err = { { 0 } };
    vt_result r = pack_model(m, &(pack_desc){ .jobs = jobs, .source_name = "fixture.obj" }, out, &err);
    if (r != VT_OK)
        print_error("pack_model: %s\n", err.text);
    return r;
}

static int _group_setup(void **state)
{
    (void)state;
    if (!scene_make_dong_son_drum(&_drum) || !_make_grid(&_grid, 60) || !_make_grid(&_wide, 260))
        return -1;
    if (_pack(&_drum, 1, &_drum_pkg) != VT_OK || _pack(&_grid, 1, &_grid_pkg) != VT_OK ||
        _pack(&_wide, 1, &_wide_pkg) != VT_OK)
        return -1;
    return 0;
}

static int _group_teardown(void **state)
{
    (void)state;
    vt_blob_free(&_drum_pkg);
    vt_blob_free(&_grid_pkg);
    vt_blob_free(&_wide_pkg);
    scene_model_free(&_drum);
    scene_model_free(&_grid);
    scene_model_free(&_wide);
    return 0;
}

/* ---- byte-level helpers ------------------------------------------------- */

/* A private copy of SIZE bytes of PKG (zero-filled past its end). */
static uint8_t *_copy(const vt_blob *pkg, size_t size)
{
    uint8_t *b = _tmalloc(size);
    memset(b, 0, size);
    memcpy(b, pkg->data, size < pkg->size ? size : pkg->size);
    return b;
}

static void *_data(uint8_t *b, uint32_t type, uint32_t id) { return b + _sec(b, type, id)->offset; }

/* Makes every checksum of a (mutated) package right again: each section
 * that lies inside the file, then the directory, then the header, so an
 * edit is judged by the validation rule it breaks, not by its CRC. */
static void _pkg_rechecksum(uint8_t *b, size_t size)
{
    vt_pkg_header *h = _hdr(b);
    uint64_t n = h->section_count, room = (size - sizeof *h) / sizeof(vt_pkg_section);
    n = n < room ? n : room;
    vt_pkg_section *d = _dir(b);
    for (uint64_t i = 0; i < n; i++)
        if (d[i].offset <= size && d[i].size <= size - d[i].offset)
            d[i].crc = vt_crc32(0, b + d[i].offset, (size_t)d[i].size);
    h->directory_crc = vt_crc32(0, d, (size_t)n * sizeof *d);
    h->header_crc = vt_crc32(0, h, offsetof(vt_pkg_header, header_crc));
}

static void _expect_in(const char *text, const char *part, const char *what)
{
    if (!strstr(text, part))
        fail_msg("%s: message \"%s\" does not contain \"%s\"", what, text, part);
}

/* Opens B and expects a refusal with result WANT (VT_OK = any failure)
 * whose message names NAME and contains PHRASE (when given). A refusal
 * after _pkg_rechecksum must come from a rule, not a checksum. */
static void _expect_refused(const uint8_t *b, size_t size, const char *name, vt_result want, const char *phrase,
                            bool checksums_fixed)
{
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    vt_result r = pkg_open_memory(&pkg, b, size, name, &err);
    if (r == VT_OK) {
        pkg_close(&pkg);
        fail_msg("%s: opened; it should have been refused", name);
    }
    pkg_close(&pkg);
    if (want != VT_OK && r != want)
        fail_msg("%s: result %s, expected %s (%s)", name, vt_result_str(r), vt_result_str(want), err.text);
    _expect_in(err.text, name, name);
    if (phrase)
        _expect_in(err.text, phrase, name);
    if (checksums_fixed && strstr(err.text, "checksum"))
        fail_msg("%s: refused for a checksum (%s), not for the rule under test", name, err.text);
}

/* Rechecksums B and expects the rule that PHRASE names to refuse it. */
static void _expect_rule(uint8_t *b, size_t size, const char *name, const char *phrase)
{
    _pkg_rechecksum(b, size);
    _expect_refused(b, size, name, VT_ERR_MALFORMED, phrase, true);
}

static void _expect_opens(const uint8_t *b, size_t size, const char *name, vt_package *pkg)
{
    vt_error_msg err = { { 0 } };
    vt_result r = pkg_open_memory(pkg, b, size, name, &err);
    if (r != VT_OK)
        fail_msg("%s: refused (%s): %s", name, vt_result_str(r), err.text);
}

static double _angle_deg(const float a[3], const float b[3])
{
    double d = (double)a[0] * b[0] + (double)a[1] * b[1] + (double)a[2] * b[2];
    double la = sqrt((double)a[0] * a[0] + (double)a[1] * a[1] + (double)a[2] * a[2]);
    double lb = sqrt((double)b[0] * b[0] + (double)b[1] * b[1] + (double)b[2] * b[2]);
    d /= la * lb;
    d = d > 1 ? 1 : d < -1 ? -1 : d;
    /* atan2 of the cross product keeps precision at tiny angles. */
    double cx = (double)a[1] * b[2] - (double)a[2] * b[1], cy = (double)a[2] * b[0] - (double)a[0] * b[2],
           cz = (double)a[0] * b[1] - (double)a[1] * b[0];
    return atan2(sqrt(cx * cx + cy * cy + cz * cz) / (la * lb), d) * 180.0 / TP_PI;
}

static uint32_t _index_at(const pkg_blob *ix, uint32_t index_size, uint32_t i)
{
    if (index_size == 2) {
        uint16_t v;
        memcpy(&v, ix->data + 2u * i, 2);
        return v;
    }
    uint32_t v;
    memcpy(&v, ix->data + 4u * i, 4);
    return v;
}

/* ---- round trip --------------------------------------------------------- */

/* Chunks [first, first+count) of one level tile [0, index_count) exactly once. */
static void _check_chunks(const vt_package *pkg, uint32_t m, uint32_t l)
{
    const vt_pkg_lod *lod = &pkg->meshes[m].lods[l];
    assert_true(lod->chunk_count >= 1);
    assert_true((uint64_t)lod->first_chunk + lod->chunk_count <= pkg->chunk_count);
    uint8_t *seen = _tmalloc(lod->index_count / 3);
    memset(seen, 0, lod->index_count / 3);
    for (uint32_t c = 0; c < lod->chunk_count; c++) {
        const vt_pkg_chunk *ch = &pkg->chunks[lod->first_chunk + c];
        assert_int_equal(ch->first_index % 3, 0);
        assert_int_equal(ch->index_count % 3, 0);
        assert_true(ch->index_count > 0);
        assert_true((uint64_t)ch->first_index + ch->index_count <= lod->index_count);
        for (uint32_t t = ch->first_index / 3; t < (ch->first_index + ch->index_count) / 3; t++) {
            if (seen[t])
                fail_msg("mesh %u level %u: triangle %u is in two chunks", m, l, t);
            seen[t] = 1;
        }
    }
    for (uint32_t t = 0; t < lod->index_count / 3; t++)
        if (!seen[t])
            fail_msg("mesh %u level %u: triangle %u is in no chunk", m, l, t);
}

/* Everything one mesh of PKG must satisfy against its source SRC. */
static void _check_mesh(const vt_package *pkg, uint32_t m, const scene_mesh *src)
{
    const vt_pkg_mesh *mesh = &pkg->meshes[m];
    vt_error_msg err = { { 0 } };
    float step[3];
    for (int k = 0; k < 3; k++) {
        step[k] = mesh->pos_scale[k] / 65535.0f;
        /* The mesh's bounds are its quantised positions: within a step of
         * the source's. */
        assert_float_equal(mesh->bounds_min[k], src->bounds.min[k], step[k] + 1e-6f);
        assert_float_equal(mesh->bounds_max[k], src->bounds.max[k], step[k] + 1e-6f);
    }
    assert_int_equal(mesh->vertex_flags, (src->uvs ? VT_VTX_UV : 0u) | (src->colors ? VT_VTX_COLOR : 0u));
    assert_int_equal(mesh->vertex_stride, 12u + (src->uvs ? 4u : 0u) + (src->colors ? 4u : 0u));
    assert_true(mesh->lod_count >= 2 && mesh->lod_count <= VT_PKG_MAX_LODS);

    /* Level 0 keeps every triangle: the sources have no degenerate ones and
     * quantisation (12 µm on the drum) merges no vertices. */
    assert_int_equal(mesh->lods[0].index_count, src->index_count);
    assert_true(mesh->lods[0].error == 0.0f);
    for (uint32_t l = 1; l < mesh->lod_count; l++) {
        if (mesh->lods[l].index_count >= mesh->lods[l - 1].index_count)
            fail_msg("mesh %u level %u: %u indices, not fewer than level %u's %u", m, l, mesh->lods[l].index_count,
                     l - 1, mesh->lods[l - 1].index_count);
        assert_true(mesh->lods[l].error >= mesh->lods[l - 1].error);
    }
    assert_true(mesh->lods[mesh->lod_count - 1].error > 0.0f);

    for (uint32_t l = 0; l < mesh->lod_count; l++) {
        const vt_pkg_lod *lod = &mesh->lods[l];
        pkg_blob vb, ib;
        assert_int_equal(pkg_vertices(pkg, m, l, true, &vb, &err), VT_OK);
        assert_int_equal(pkg_indices(pkg, m, l, true, &ib, &err), VT_OK);
        assert_int_equal(vb.size, (uint64_t)lod->vertex_count * mesh->vertex_stride);
        assert_int_equal(ib.size, (uint64_t)lod->index_count * lod->index_size);
        assert_int_equal(lod->index_size, lod->vertex_count <= 65536 ? 2 : 4);
        _check_chunks(pkg, m, l);

        /* Every index in range, every vertex used (each level carries only
         * the vertices it draws). */
        uint8_t *used = _tmalloc(lod->vertex_count);
        memset(used, 0, lod->vertex_count);
        for (uint32_t i = 0; i < lod->index_count; i++) {
            uint32_t v = _index_at(&ib, lod->index_size, i);
            if (v >= lod->vertex_count)
                fail_msg("mesh %u level %u: index %u = %u of %u vertices", m, l, i, v, lod->vertex_count);
            used[v] = 1;
        }
        for (uint32_t v = 0; v < lod->vertex_count; v++)
            if (!used[v])
                fail_msg("mesh %u level %u: vertex %u is never drawn", m, l, v);

        /* Chunk bounds hold their triangles. */
        for (uint32_t c = 0; c < lod->chunk_count; c++) {
            const vt_pkg_chunk *ch = &pkg->chunks[lod->first_chunk + c];
            for (uint32_t i = ch->first_index; i < ch->first_index + ch->index_count; i++) {
                float p[3];
                pkg_decode_position(mesh, vb.data + (size_t)_index_at(&ib, lod->index_size, i) * mesh->vertex_stride,
                                    p);
                for (int k = 0; k < 3; k++)
                    assert_true(p[k] >= ch->bounds_min[k] - 1e-6f && p[k] <= ch->bounds_max[k] + 1e-6f);
            }
        }

        for (uint32_t v = 0; v < lod->vertex_count; v++) {
            const uint8_t *vtx = vb.data + (size_t)v * mesh->vertex_stride;
            float p[3], n[3];
            pkg_decode_position(mesh, vtx, p);
            for (int k = 0; k < 3; k++)
                if (p[k] < mesh->bounds_min[k] - step[k] || p[k] > mesh->bounds_max[k] + step[k])
                    fail_msg("mesh %u level %u vertex %u: axis %d at %g outside [%g, %g]", m, l, v, k, p[k],
                             mesh->bounds_min[k], mesh->bounds_max[k]);
            uint16_t w;
            memcpy(&w, vtx + 6, 2);
            assert_int_equal(w, 0);
            int16_t oct[2];
            memcpy(oct, vtx + 8, 4);
            pkg_oct_decode(oct[0], oct[1], n);
            assert_float_equal(sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]), 1.0f, 1e-5f);
        }
    }

    /* Level 0 against the source, vertex by vertex on a sample: the packed
     * vertex's nearest source vertex must be within a quantisation step on
     * every axis, its normal within 1°, its UV within a step and its colour
     * equal. */
    const vt_pkg_lod *lod0 = &mesh->lods[0];
    pkg_blob vb;
    assert_int_equal(pkg_vertices(pkg, m, 0, true, &vb, &err), VT_OK);
    uint32_t every = lod0->vertex_count / 400 + 1, checked = 0;
    for (uint32_t v = 0; v < lod0->vertex_count; v += every, checked++) {
        const uint8_t *vtx = vb.data + (size_t)v * mesh->vertex_stride;
        float p[3], n[3];
        pkg_decode_position(mesh, vtx, p);
        int16_t oct[2];
        memcpy(oct, vtx + 8, 4);
        pkg_oct_decode(oct[0], oct[1], n);
        uint32_t best = 0;
        float best_d = INFINITY;
        for (uint32_t s = 0; s < src->vertex_count; s++) {
            const float *q = src->positions + 3 * (size_t)s;
            float d = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) + (q[2] - p[2]) * (q[2] - p[2]);
            if (d < best_d)
                best_d = d, best = s;
        }
        const float *q = src->positions + 3 * (size_t)best;
        for (int k = 0; k < 3; k++)
            if (fabsf(q[k] - p[k]) > step[k] * 0.5f + 1e-6f)
                fail_msg("mesh %u vertex %u: axis %d is %g, the source's %g (step %g)", m, v, k, p[k], q[k], step[k]);
        double a = _angle_deg(n, src->normals + 3 * (size_t)best);
        if (a > 1.0)
            fail_msg("mesh %u vertex %u: normal %.3f° from the source's", m, v, a);
        size_t at = 12;
        if (src->uvs) {
            uint16_t uq[2];
            memcpy(uq, vtx + at, 4);
            at += 4;
            for (int k = 0; k < 2; k++) {
                float u = mesh->uv_offset[k] + (float)uq[k] / 65535.0f * mesh->uv_scale[k];
                assert_float_equal(u, src->uvs[2 * (size_t)best + (size_t)k], mesh->uv_scale[k] / 65535.0f);
            }
        }
        if (src->colors)
            assert_memory_equal(vtx + at, src->colors + 4 * (size_t)best, 4);
    }
    assert_true(checked >= 100);
}

static void test_roundtrip_drum(void **state)
{
    (void)state;
    vt_package pkg;
    _expect_opens(_drum_pkg.data, _drum_pkg.size, "drum.vitrine", &pkg);
    const vt_pkg_meta *meta = pkg.meta;
    assert_int_equal(meta->mesh_count, (uint32_t)_drum.mesh_count);
    assert_int_equal(meta->material_count, (uint32_t)_drum.material_count);
    assert_int_equal(meta->texture_count, 0);
    assert_true(meta->flags & VT_META_HAS_COLOR);
    assert_int_equal(meta->source_triangles, _drum.triangle_count);
    assert_memory_equal(meta->up_axis, "+Y", 3);
    assert_true(pkg.materials[0].texture[0] == -1 && pkg.materials[0].texture[1] == -1 &&
                pkg.materials[0].texture[2] == -1);
    assert_true(pkg.materials[0].flags & VT_MAT_DOUBLE_SIDED);

    uint64_t lod0_tris = 0;
    for (uint32_t m = 0; m < meta->mesh_count; m++)
        lod0_tris += pkg.meshes[m].lods[0].index_count / 3;
    assert_int_equal(lod0_tris, _drum.triangle_count);

    for (int k = 0; k < 3; k++) {
        float step = 0;
        for (uint32_t m = 0; m < meta->mesh_count; m++)
            step = fmaxf(step, pkg.meshes[m].pos_scale[k] / 65535.0f);
        assert_float_equal(meta->bounds_min[k], _drum.bounds.min[k], step + 1e-6f);
        assert_float_equal(meta->bounds_max[k], _drum.bounds.max[k], step + 1e-6f);
    }
    for (uint32_t m = 0; m < meta->mesh_count; m++)
        _check_mesh(&pkg, m, &_drum.meshes[m]);

    /* The SRC section: JSON naming the source file by its base name. */
    assert_true(pkg.source_json.size > 0);
    char *json = _tmalloc((size_t)pkg.source_json.size + 1);
    memcpy(json, pkg.source_json.data, (size_t)pkg.source_json.size);
    json[pkg.source_json.size] = 0;
    _expect_in(json, "\"source\":\"fixture.obj\"", "SRC");

    vt_error_msg err = { { 0 } };
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_blob b;
    assert_int_not_equal(pkg_vertices(&pkg, 2, 0, true, &b, &err), VT_OK); /* no such mesh */
    _expect_in(err.text, "drum.vitrine", "pkg_vertices out of range");
    assert_int_not_equal(pkg_indices(&pkg, 0, VT_PKG_MAX_LODS, true, &b, &err), VT_OK);
    assert_int_not_equal(pkg_mip(&pkg, 0, 0, true, &b, &err), VT_OK); /* no textures */
    pkg_close(&pkg);
}

static void test_roundtrip_textured(void **state)
{
    (void)state;
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    _expect_opens(_grid_pkg.data, _grid_pkg.size, "grid.vitrine", &pkg);
    assert_int_equal(pkg.meta->mesh_count, 1);
    assert_int_equal(pkg.meta->texture_count, 1);
    assert_int_equal(pkg.materials[0].texture[0], 0);
    assert_int_equal(pkg.materials[0].texture[1], -1);
    const vt_pkg_texture *tex = &pkg.textures[0];
    assert_int_equal(tex->format, VT_TEX_BC1_SRGB);
    assert_int_equal(tex->width, 64);
    assert_int_equal(tex->height, 64);
    assert_int_equal(tex->mip_count, 7);
    assert_int_equal(tex->slot, 0);
    for (uint32_t i = 0; i < tex->mip_count; i++) {
        pkg_blob b;
        assert_int_equal(pkg_mip(&pkg, 0, i, true, &b, &err), VT_OK);
        uint32_t s = 64u >> i;
        assert_int_equal(b.size, vt_pkg_mip_size(VT_TEX_BC1_SRGB, s, s));
    }
    pkg_blob b;
    assert_int_not_equal(pkg_mip(&pkg, 0, 7, true, &b, &err), VT_OK);
    assert_int_not_equal(pkg_mip(&pkg, 1, 0, true, &b, &err), VT_OK);
    _check_mesh(&pkg, 0, &_grid.meshes[0]);
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_close(&pkg);
}

/* Over 65,536 vertices: level 0 has 32-bit indices, coarser levels 16-bit. */
static void test_roundtrip_wide_indices(void **state)
{
    (void)state;
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    _expect_opens(_wide_pkg.data, _wide_pkg.size, "wide.vitrine", &pkg);
    const vt_pkg_mesh *mesh = &pkg.meshes[0];
    assert_true(mesh->lods[0].vertex_count > 65536);
    assert_int_equal(mesh->lods[0].index_size, 4);
    assert_int_equal(mesh->lods[mesh->lod_count - 1].index_size, 2);
    _check_mesh(&pkg, 0, &_wide.meshes[0]);
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_close(&pkg);
}

/* Data sections come smallest first, every section on a 64-byte boundary,
 * in directory order, with zeroed padding between them. */
static void test_layout(void **state)
{
    (void)state;
    const vt_blob *pkgs[2] = { &_drum_pkg, &_grid_pkg };
    for (int p = 0; p < 2; p++) {
        uint8_t *b = _copy(pkgs[p], pkgs[p]->size);
        vt_pkg_header *h = _hdr(b);
        vt_pkg_section *d = _dir(b);
        assert_int_equal(h->file_size, pkgs[p]->size);
        uint64_t end = sizeof *h + (uint64_t)h->section_count * sizeof *d, last_data = 0;
        for (uint32_t i = 0; i < h->section_count; i++) {
            assert_int_equal(d[i].offset % VT_PKG_ALIGN, 0);
            assert_true(d[i].offset >= end);
            for (uint64_t x = end; x < d[i].offset; x++)
                assert_int_equal(b[x], 0);
            end = d[i].offset + d[i].size;
            if (d[i].type == VT_SEC_VERTICES || d[i].type == VT_SEC_INDICES || d[i].type == VT_SEC_MIP) {
                assert_true(d[i].size >= last_data);
                last_data = d[i].size;
            }
        }
        assert_int_equal(end, h->file_size);
    }
}

/* ---- octahedral normals ------------------------------------------------- */

static void _oct_check(const float dir[3], double *worst)
{
    float n[3], back[3];
    float len = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    for (int k = 0; k < 3; k++)
        n[k] = dir[k] / len;
    int16_t q[2];
    pkg_oct_encode(n, q);
    pkg_oct_decode(q[0], q[1], back);
    assert_float_equal(sqrtf(back[0] * back[0] + back[1] * back[1] + back[2] * back[2]), 1.0f, 1e-5f);
    double a = _angle_deg(n, back);
    if (a > *worst)
        *worst = a;
    if (a >= 0.01)
        fail_msg("(%g, %g, %g) comes back %.5f° off as (%g, %g, %g)", n[0], n[1], n[2], a, back[0], back[1], back[2]);
}

static void test_oct_roundtrip(void **state)
{
    (void)state;
    double worst = 0;
    /* Axes, both signs, and the diagonals of every octant. */
    static const float axes[][3] = { { 1, 0, 0 }, { -1, 0, 0 }, { 0, 1, 0 }, { 0, -1, 0 }, { 0, 0, 1 }, { 0, 0, -1 } };
    for (size_t i = 0; i < sizeof axes / sizeof axes[0]; i++)
        _oct_check(axes[i], &worst);
    for (int s = 0; s < 8; s++)
        _oct_check((const float[3]){ s & 1 ? -1.f : 1.f, s & 2 ? -1.f : 1.f, s & 4 ? -1.f : 1.f }, &worst);
    /* A Fibonacci sphere: even coverage, half of it the folded -Z side. */
    const int count = 200000;
    const double golden = TP_PI * (3.0 - sqrt(5.0));
    for (int i = 0; i < count; i++) {
        double z = 1.0 - 2.0 * (i + 0.5) / count, r = sqrt(1.0 - z * z), th = golden * i;
        _oct_check((const float[3]){ (float)(r * cos(th)), (float)(r * sin(th)), (float)z }, &worst);
    }
    /* The fold's edges: the equator, the x = 0 and y = 0 meridians under
     * -Z, and just either side of z = 0. */
    for (int i = 0; i < 3600; i++) {
        double th = i * TP_PI / 1800.0;
        float c = (float)cos(th), s = (float)sin(th);
        _oct_check((const float[3]){ c, s, 0 }, &worst);
        _oct_check((const float[3]){ c, s, 1e-6f }, &worst);
        _oct_check((const float[3]){ c, s, -1e-6f }, &worst);
        _oct_check((const float[3]){ 0, c, s }, &worst);
        _oct_check((const float[3]){ c, 0, s }, &worst);
        _oct_check((const float[3]){ -0.0f, c, s }, &worst);
    }
    print_message("octahedral normals: worst error %.5f°\n", worst);
    /* Extremes of the code space decode to unit vectors without NaN. */
    static const int16_t codes[] = { -32768, -32767, -1, 0, 1, 32767 };
    for (size_t i = 0; i < 6; i++)
        for (size_t j = 0; j < 6; j++) {
            float n[3];
            pkg_oct_decode(codes[i], codes[j], n);
            assert_float_equal(sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]), 1.0f, 1e-5f);
        }
}

/* ---- reproducibility ---------------------------------------------------- */

static void _expect_same(const vt_blob *a, const vt_blob *b, const char *what)
{
    if (a->size != b->size)
        fail_msg("%s: %zu bytes, then %zu", what, a->size, b->size);
    for (size_t i = 0; i < a->size; i++)
        if (a->data[i] != b->data[i])
            fail_msg("%s: first difference at byte %zu", what, i);
}

/* Packs M into a block the teardown frees. */
static vt_blob _pack_tracked(const scene_model *m, int jobs)
{
    vt_blob got = { 0 };
    assert_int_equal(_pack(m, jobs, &got), VT_OK);
    vt_blob copy = { _copy(&got, got.size), got.size };
    vt_blob_free(&got);
    return copy;
}

static void test_reproducible(void **state)
{
    (void)state;
    vt_blob a = _pack_tracked(&_drum, 1), b = _pack_tracked(&_drum, 2), g = _pack_tracked(&_grid, 2);
    _expect_same(&_drum_pkg, &a, "drum packed twice");
    _expect_same(&_drum_pkg, &b, "drum with 1 and 2 jobs");
    _expect_same(&_grid_pkg, &g, "textured grid with 1 and 2 jobs");
}

/* A 217,800-triangle level (finished on a second thread while the next is
 * simplified) gives the same bytes whatever the job count: vitrine-pack
 * defaults to one job per core, and a package must not depend on the
 * machine. Levels big enough to be simplified in pieces (over a million
 * triangles) are checked the same way by tests/scripts/pack_cli.sh. */
static void test_reproducible_large_levels(void **state)
{
    (void)state;
    assert_true(_make_grid(&_big, 330)); /* 217,800 triangles */
    vt_blob one = _pack_tracked(&_big, 1), two = _pack_tracked(&_big, 2), four = _pack_tracked(&_big, 4);
    _expect_same(&one, &two, "217,800 triangles with 1 and 2 jobs");
    _expect_same(&one, &four, "217,800 triangles with 1 and 4 jobs");
}

/* ---- damaged files ------------------------------------------------------ */

static void test_rechecksum_is_identity(void **state)
{
    (void)state;
    uint8_t *b = _copy(&_drum_pkg, _drum_pkg.size);
    _pkg_rechecksum(b, _drum_pkg.size);
    assert_memory_equal(b, _drum_pkg.data, _drum_pkg.size);
    b = _copy(&_grid_pkg, _grid_pkg.size);
    _pkg_rechecksum(b, _grid_pkg.size);
    assert_memory_equal(b, _grid_pkg.data, _grid_pkg.size);
}

static void test_truncated(void **state)
{
    (void)state;
    const vt_blob *pkgs[2] = { &_drum_pkg, &_grid_pkg };
    for (int p = 0; p < 2; p++) {
        size_t size = pkgs[p]->size;
        const vt_pkg_header *h = (const vt_pkg_header *)pkgs[p]->data;
        const vt_pkg_section *d = (const vt_pkg_section *)(pkgs[p]->data + sizeof *h);
        size_t cuts[2 * 1024 + 8], n = 0;
        cuts[n++] = 0, cuts[n++] = 1, cuts[n++] = 63, cuts[n++] = 64, cuts[n++] = size - 1;
        cuts[n++] = sizeof *h + h->section_count * sizeof *d; /* just the directory */
        assert_true(h->section_count <= 1024);
        for (uint32_t i = 0; i < h->section_count; i++) {
            cuts[n++] = (size_t)d[i].offset;
            cuts[n++] = (size_t)d[i].offset + 1;
        }
        for (size_t i = 0; i < n; i++) {
            /* Each cut is its own exact-size block: ASan sees any read past it. */
            uint8_t *b = _copy(pkgs[p], cuts[i]);
            char name[64];
            snprintf(name, sizeof name, "cut-%zu.vitrine", cuts[i]);
            _expect_refused(b, cuts[i], name, VT_ERR_MALFORMED, NULL, false);
            _tfree_last();
        }
        /* And the header telling the truth about a shorter file. */
        for (uint32_t i = 1; i < h->section_count; i++) {
            size_t cut = (size_t)d[i].offset;
            uint8_t *b = _copy(pkgs[p], cut);
            _hdr(b)->file_size = cut;
            _expect_rule(b, cut, "cut-and-patched.vitrine", "outside the file");
            _tfree_last();
        }
        /* Padding is refused too: the header's size is the file's. */
        uint8_t *b = _copy(pkgs[p], size + 64);
        _expect_refused(b, size + 64, "padded.vitrine", VT_ERR_MALFORMED, "truncated or padded", false);
    }
}

static void test_flipped_bytes(void **state)
{
    (void)state;
    const vt_blob *pkgs[2] = { &_drum_pkg, &_grid_pkg };
    for (int p = 0; p < 2; p++) {
        size_t size = pkgs[p]->size;
        uint8_t *b = _copy(pkgs[p], size);
        /* Every byte of the header up to its checksum, and of the directory
         * (the header's last bytes: test_header_fully_checked). */
        size_t dir_end = sizeof(vt_pkg_header) + _hdr(b)->section_count * sizeof(vt_pkg_section);
        for (size_t x = 0; x < dir_end; x++) {
            if (x >= offsetof(vt_pkg_header, header_crc) + 4 && x < sizeof(vt_pkg_header))
                continue;
            b[x] ^= 0x20;
            _expect_refused(b, size, "flipped.vitrine", VT_OK, NULL, false);
            b[x] ^= 0x20;
        }
        /* Every byte of every description section: refused at open. */
        static const uint32_t described[] = { VT_SEC_META, VT_SEC_MATERIALS, VT_SEC_MESHES, VT_SEC_CHUNKS,
                                              VT_SEC_TEXTURES };
        for (size_t t = 0; t < sizeof described / sizeof described[0]; t++) {
            if (described[t] == VT_SEC_TEXTURES && p == 0)
                continue; /* the drum has no textures */
            const vt_pkg_section *s = _sec(b, described[t], 0);
            for (uint64_t x = s->offset; x < s->offset + s->size; x++) {
                b[x] ^= 0x01;
                _expect_refused(b, size, "flipped.vitrine", VT_ERR_MALFORMED, "checksum", false);
                b[x] ^= 0x01;
            }
        }
        /* Bulk data: the open is lazy and succeeds; the fetch with verify,
         * and pkg_verify_all, refuse. Without verify the bytes are handed
         * out as they are (that is the point of lazy checking). */
        const vt_pkg_section *d = _dir(b);
        for (uint32_t i = 0; i < _hdr(b)->section_count; i++) {
            uint32_t type = d[i].type, id = d[i].id;
            if (type != VT_SEC_VERTICES && type != VT_SEC_INDICES && type != VT_SEC_MIP && type != VT_SEC_SOURCE)
                continue;
            uint64_t spots[3] = { d[i].offset, d[i].offset + d[i].size / 2, d[i].offset + d[i].size - 1 };
            for (int k = 0; k < 3; k++) {
                b[spots[k]] ^= 0x80;
                vt_package pkg;
                vt_error_msg err = { { 0 } };
                pkg_blob blob;
                _expect_opens(b, size, "lazy.vitrine", &pkg);
                vt_result r = VT_OK;
                if (type == VT_SEC_VERTICES) {
                    assert_int_equal(pkg_vertices(&pkg, id >> 8, id & 0xff, false, &blob, &err), VT_OK);
                    r = pkg_vertices(&pkg, id >> 8, id & 0xff, true, &blob, &err);
                } else if (type == VT_SEC_INDICES) {
                    r = pkg_indices(&pkg, id >> 8, id & 0xff, true, &blob, &err);
                } else if (type == VT_SEC_MIP) {
                    r = pkg_mip(&pkg, id >> 8, id & 0xff, true, &blob, &err);
                } else {
                    /* A damaged SRC is ignored: the package opens without it. */
                    assert_int_equal(pkg.source_json.size, 0);
                    snprintf(err.text, sizeof err.text, "lazy.vitrine: (SRC, nothing to fetch)");
                    r = VT_ERR_MALFORMED;
                }
                if (r == VT_OK) {
                    pkg_close(&pkg);
                    fail_msg("section %u (%.4s) with a flipped byte was handed out as good", i, (const char *)&type);
                }
                _expect_in(err.text, "lazy.vitrine", "lazy fetch");
                memset(&err, 0, sizeof err);
                r = pkg_verify_all(&pkg, &err);
                pkg_close(&pkg);
                if (r == VT_OK)
                    fail_msg("pkg_verify_all passes section %u (%.4s) with a flipped byte", i, (const char *)&type);
                _expect_in(err.text, "lazy.vitrine", "pkg_verify_all");
                b[spots[k]] ^= 0x80;
            }
        }
        assert_memory_equal(b, pkgs[p]->data, size);
    }
}

/* The header checksum covers every byte before it (60 of the 64) and the
 * reserved words must be zero, so no header byte can be damaged unseen. */
static void test_header_fully_checked(void **state)
{
    (void)state;
    size_t covered = offsetof(vt_pkg_header, header_crc) + sizeof(uint32_t);
    for (size_t x = covered; x < sizeof(vt_pkg_header); x++)
        assert_int_equal(_drum_pkg.data[x], 0); /* the packer's padding is zero today */
    uint8_t *b = _copy(&_drum_pkg, _drum_pkg.size);
    for (size_t x = covered; x < sizeof(vt_pkg_header); x++) {
        b[x] ^= 0x20;
        _expect_refused(b, _drum_pkg.size, "header-padding.vitrine", VT_ERR_MALFORMED, NULL, false);
        b[x] ^= 0x20;
    }
}

static void test_wrong_version(void **state)
{
    (void)state;
    size_t size = _drum_pkg.size;
    uint8_t *b = _copy(&_drum_pkg, size);
    _hdr(b)->version_major = 2;
    _hdr(b)->version_minor = 0;
    _pkg_rechecksum(b, size);
    _expect_refused(b, size, "future.vitrine", VT_ERR_UNSUPPORTED, "version 2.0", true);

    b = _copy(&_drum_pkg, size);
    _hdr(b)->version_major = 0;
    _pkg_rechecksum(b, size);
    _expect_refused(b, size, "past.vitrine", VT_ERR_UNSUPPORTED, "version", true);

    /* A newer minor version may add section types; this reader skips them. */
    b = _copy(&_drum_pkg, size);
    _hdr(b)->version_minor = 7;
    _sec(b, VT_SEC_SOURCE, 0)->type = VT_FOURCC('X', 'T', 'R', 'A');
    _pkg_rechecksum(b, size);
    vt_package pkg;
    _expect_opens(b, size, "minor.vitrine", &pkg);
    assert_int_equal(pkg.source_json.size, 0);
    vt_error_msg err = { { 0 } };
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_close(&pkg);

    /* The packer writes 1.1 now; a 1.0 scan package (everything before
     * exhibition packages) still opens. */
    b = _copy(&_drum_pkg, size);
    assert_int_equal(_hdr(b)->version_minor, VT_PKG_VERSION_MINOR);
    _hdr(b)->version_minor = 0;
    _pkg_rechecksum(b, size);
    _expect_opens(b, size, "v1.0.vitrine", &pkg);
    assert_false(pkg_is_exhibition(&pkg));
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);
    pkg_close(&pkg);

    b = _copy(&_drum_pkg, size);
    memcpy(_hdr(b)->magic, "VITRINE\n", 8);
    _pkg_rechecksum(b, size);
    _expect_refused(b, size, "magic.vitrine", VT_ERR_MALFORMED, "magic", true);

    b = _copy(&_drum_pkg, size);
    _hdr(b)->flags = 1;
    _expect_rule(b, size, "flags.vitrine", "header");
    b = _copy(&_drum_pkg, size);
    _hdr(b)->header_size = 128;
    _expect_rule(b, size, "hsize.vitrine", "header");
    b = _copy(&_drum_pkg, size);
    _hdr(b)->directory_offset = 128;
    _expect_rule(b, size, "dirofs.vitrine", "header");
}

static void test_header_sizes(void **state)
{
    (void)state;
    size_t size = _drum_pkg.size;
    uint8_t *b = _copy(&_drum_pkg, size);
    _hdr(b)->section_count = 0;
    _expect_rule(b, size, "zero-sections.vitrine", "0 sections");

    b = _copy(&_drum_pkg, size);
    _hdr(b)->section_count = 70000;
    _expect_rule(b, size, "many-sections.vitrine", "70000 sections");

    /* A count the limit allows but the file cannot hold. */
    b = _copy(&_drum_pkg, size);
    _hdr(b)->section_count = VT_PKG_MAX_SECTIONS;
    _expect_rule(b, size, "long-dir.vitrine", "directory");

    /* Fewer sections than the data: the rest are never looked at, and the
     * level data they held is missing. */
    b = _copy(&_drum_pkg, size);
    _hdr(b)->section_count = 5;
    _expect_rule(b, size, "short-dir.vitrine", "missing");

    b = _copy(&_drum_pkg, size);
    _hdr(b)->file_size = size + 64;
    _expect_rule(b, size, "file-size.vitrine", "truncated or padded");
    b = _copy(&_drum_pkg, size);
    _hdr(b)->file_size = size - 1;
    _expect_rule(b, size, "file-size.vitrine", "truncated or padded");
}

static void test_section_placement(void **state)
{
    (void)state;
    size_t size = _drum_pkg.size;
    uint8_t *b = _copy(&_drum_pkg, size);
    uint32_t n = _hdr(b)->section_count, last = n - 1;

    _dir(b)[last].offset = (size + 2 * VT_PKG_ALIGN) / VT_PKG_ALIGN * VT_PKG_ALIGN;
    _expect_rule(b, size, "past-end.vitrine", "outside the file");

    b = _copy(&_drum_pkg, size);
    _dir(b)[last].size = UINT64_MAX;
    _expect_rule(b, size, "huge.vitrine", "outside the file");
    b = _copy(&_drum_pkg, size);
    _dir(b)[last].size += 1;
    _expect_rule(b, size, "one-over.vitrine", "outside the file");
    b = _copy(&_drum_pkg, size);
    _dir(b)[last].offset = UINT64_MAX - 63; /* aligned, and offset + size wraps */
    _expect_rule(b, size, "wrap.vitrine", "outside the file");

    for (uint32_t i = 1; i < n; i++) {
        b = _copy(&_drum_pkg, size);
        _dir(b)[i].offset = _dir(b)[i - 1].offset; /* the same bytes twice */
        _expect_rule(b, size, "overlap.vitrine", "overlaps");
        _tfree_last();
    }
    b = _copy(&_drum_pkg, size);
    _dir(b)[0].offset = 0; /* over the header */
    _expect_rule(b, size, "over-header.vitrine", "overlaps");
    b = _copy(&_drum_pkg, size);
    _dir(b)[0].offset = sizeof(vt_pkg_header); /* over the directory */
    _expect_rule(b, size, "over-dir.vitrine", "overlaps");
    /* Reordered: a later section placed before an earlier one. */
    b = _copy(&_drum_pkg, size);
    vt_pkg_section t = _dir(b)[1];
    _dir(b)[1] = _dir(b)[2];
    _dir(b)[2] = t;
    _expect_rule(b, size, "reordered.vitrine", "overlaps");

    b = _copy(&_drum_pkg, size);
    _dir(b)[last].offset += 4;
    _dir(b)[last].size -= 4;
    _expect_rule(b, size, "misaligned.vitrine", "overlaps");
    b = _copy(&_drum_pkg, size);
    _sec(b, VT_SEC_META, 0)->offset += 8;
    _expect_rule(b, size, "misaligned-meta.vitrine", "overlaps");
}

static void test_description_sections(void **state)
{
    (void)state;
    size_t size = _drum_pkg.size;
    uint8_t *b = _copy(&_drum_pkg, size);
    _sec(b, VT_SEC_META, 0)->type = VT_FOURCC('M', 'E', 'T', 'B');
    _expect_rule(b, size, "no-meta.vitrine", "META section is missing");
    b = _copy(&_drum_pkg, size);
    _sec(b, VT_SEC_CHUNKS, 0)->type = VT_FOURCC('C', 'H', 'N', 'X');
    _expect_rule(b, size, "no-chunks.vitrine", "CHNK section is missing");
    b = _copy(&_drum_pkg, size);
    _sec(b, VT_SEC_SOURCE, 0)->type = VT_SEC_MESHES;
    _expect_rule(b, size, "two-meshes.vitrine", "MESH section appears twice");
    b = _copy(&_drum_pkg, size);
    _sec(b, VT_SEC_META, 0)->size -= 4;
    _expect_rule(b, size, "short-meta.vitrine", "META section is 84 bytes");
    b = _copy(&_drum_pkg, size);
    _sec(b, VT_SEC_CHUNKS, 0)->size -= 4;
    _expect_rule(b, size, "chunk-size.vitrine", "CHNK section size");

    static const struct {
        uint32_t field; /* which META field */
        uint32_t value;
    } metas[] = { { 0, 100000 }, { 0, 0 }, { 1, 0 }, { 1, 5000 }, { 2, 300 } };
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
        b = _copy(&_drum_pkg, size);
        vt_pkg_meta *meta = _data(b, VT_SEC_META, 0);
        uint32_t *f[3] = { &meta->mesh_count, &meta->material_count, &meta->texture_count };
        *f[metas[i].field] = metas[i].value;
        _expect_rule(b, size, "meta.vitrine", "META");
    }
    b = _copy(&_drum_pkg, size);
    ((vt_pkg_meta *)_data(b, VT_SEC_META, 0))->bounds_max[1] = NAN;
    _expect_rule(b, size, "meta-nan.vitrine", "META");
    /* Counts the limits allow but the sections do not match. */
    b = _copy(&_drum_pkg, size);
    ((vt_pkg_meta *)_data(b, VT_SEC_META, 0))->mesh_count = 3;
    _expect_rule(b, size, "meta-meshes.vitrine", "MESH section is");
    b = _copy(&_drum_pkg, size);
    ((vt_pkg_meta *)_data(b, VT_SEC_META, 0))->texture_count = 1;
    _expect_rule(b, size, "meta-textures.vitrine", "TEXS section is missing");
}

/* Edits one field of mesh M's description (or of level L) and expects the
 * rule named by PHRASE to refuse the package. */
#define MESH_CASE(pkgblob, m, name, phrase, edit)                      \
    do {                                                                 \
        uint8_t *b_ = _copy((pkgblob), (pkgblob)->size);                 \
        vt_pkg_mesh *mesh = (vt_pkg_mesh *)_data(b_, VT_SEC_MESHES, 0) + (m); \
        (void)mesh;                                                      \
        edit;                                                            \
        _expect_rule(b_, (pkgblob)->size, name, phrase);                 \
    } while (0)

static void test_mesh_rules(void **state)
{
    (void)state;
    const vt_blob *P = &_drum_pkg;
    MESH_CASE(P, 0, "lods0.vitrine", "levels of detail", mesh->lod_count = 0);
    MESH_CASE(P, 1, "lods9.vitrine", "levels of detail", mesh->lod_count = 9);
    MESH_CASE(P, 0, "lodsbig.vitrine", "levels of detail", mesh->lod_count = 0x80000001u);
    MESH_CASE(P, 0, "material.vitrine", "names material 1 of 1", mesh->material = 1);
    MESH_CASE(P, 0, "vflags.vitrine", "vertex flags", mesh->vertex_flags |= 4);
    MESH_CASE(P, 0, "stride.vitrine", "stride", mesh->vertex_stride = 12);
    MESH_CASE(P, 0, "flags-stride.vitrine", "stride", mesh->vertex_flags = VT_VTX_UV | VT_VTX_COLOR);
    MESH_CASE(P, 0, "nan-scale.vitrine", "non-finite", mesh->pos_scale[2] = NAN);
    MESH_CASE(P, 1, "inf-bounds.vitrine", "non-finite", mesh->bounds_min[0] = -INFINITY);
    MESH_CASE(P, 0, "nan-uv.vitrine", "non-finite", mesh->uv_scale[1] = NAN);

    for (uint32_t l = 0; l < 2; l++) {
        MESH_CASE(P, 0, "idx3.vitrine", "index size 3", mesh->lods[l].index_size = 3);
        MESH_CASE(P, 0, "idx0.vitrine", "index size 0", mesh->lods[l].index_size = 0);
        MESH_CASE(P, 0, "not3.vitrine", "indices", mesh->lods[l].index_count -= 1);
        MESH_CASE(P, 0, "noidx.vitrine", "indices", mesh->lods[l].index_count = 0);
        MESH_CASE(P, 0, "novtx.vitrine", "vertices", mesh->lods[l].vertex_count = 0);
        MESH_CASE(P, 1, "more3.vitrine", "index data", mesh->lods[l].index_count += 3);
        MESH_CASE(P, 1, "wide.vitrine", "index data", mesh->lods[l].index_size = 4);
        MESH_CASE(P, 0, "vcount.vitrine", "vertex data", mesh->lods[l].vertex_count += 1);
        MESH_CASE(P, 0, "vcount-.vitrine", "vertex data", mesh->lods[l].vertex_count -= 1);
        MESH_CASE(P, 0, "16bit.vitrine", "16-bit indices", mesh->lods[l].vertex_count = 70000);
        MESH_CASE(P, 1, "error.vitrine", "bad error", mesh->lods[l].error = -1.0f);
        MESH_CASE(P, 1, "error-nan.vitrine", "bad error", mesh->lods[l].error = NAN);
        MESH_CASE(P, 0, "nochunks.vitrine", "chunks", mesh->lods[l].chunk_count = 0);
        MESH_CASE(P, 0, "chunks-past.vitrine", "chunks", mesh->lods[l].first_chunk = 1000);
        MESH_CASE(P, 0, "chunks-wrap.vitrine", "chunks", mesh->lods[l].first_chunk = UINT32_MAX);
        MESH_CASE(P, 0, "chunks-many.vitrine", "chunks", mesh->lods[l].chunk_count = UINT32_MAX);
    }
    /* A level whose data sections are missing (the directory names them for
     * another level) or the wrong size in the directory. */
    uint8_t *b = _copy(P, P->size);
    _sec(b, VT_SEC_VERTICES, 1u << 8 | 0)->id = 7u << 8;
    _expect_rule(b, P->size, "no-vert.vitrine", "vertex data missing");
    b = _copy(P, P->size);
    _sec(b, VT_SEC_INDICES, 0)->id = 0xff;
    _expect_rule(b, P->size, "no-indx.vitrine", "index data missing");
    b = _copy(P, P->size);
    _sec(b, VT_SEC_VERTICES, 0)->size -= ((vt_pkg_mesh *)_data(b, VT_SEC_MESHES, 0))->vertex_stride;
    _expect_rule(b, P->size, "vert-size.vitrine", "vertex data");
    b = _copy(P, P->size);
    _sec(b, VT_SEC_INDICES, 1)->size -= 6;
    _expect_rule(b, P->size, "indx-size.vitrine", "index data");
}

static void test_chunk_rules(void **state)
{
    (void)state;
    size_t size = _drum_pkg.size;
    const vt_pkg_mesh *src = _data(_copy(&_drum_pkg, size), VT_SEC_MESHES, 0);
    for (uint32_t m = 0; m < 2; m++)
        for (uint32_t l = 0; l < src[m].lod_count; l++) {
            const vt_pkg_lod *lod = &src[m].lods[l];
            uint32_t c = lod->first_chunk + lod->chunk_count - 1; /* the level's last chunk */
            static const int edits = 6;
            for (int e = 0; e < edits; e++) {
                uint8_t *b = _copy(&_drum_pkg, size);
                vt_pkg_chunk *ch = (vt_pkg_chunk *)_data(b, VT_SEC_CHUNKS, 0) + c;
                switch (e) {
                case 0: ch->index_count += 3; break;                        /* past the level's indices */
                case 1: ch->first_index = lod->index_count; break;          /* starts at the end */
                case 2: ch->first_index = UINT32_MAX - 2; break;            /* wraps */
                case 3: ch->index_count -= 1; break;                        /* not whole triangles */
                case 4: ch->first_index += 1, ch->index_count -= 3; break;  /* misaligned start */
                case 5: ch->bounds_max[1] = NAN; break;
                }
                _expect_rule(b, size, "chunk.vitrine", "chunk");
                _tfree_last();
            }
        }
}

/* An index past the level's vertices has a valid CRC and passes pkg_open
 * (indices are checked when fetched); the verified fetch and
 * pkg_verify_all refuse it. An unverified fetch hands the bytes out. */
static void test_index_out_of_range(void **state)
{
    (void)state;
    const vt_blob *pkgs[3] = { &_drum_pkg, &_grid_pkg, &_wide_pkg };
    for (int p = 0; p < 3; p++) {
        size_t size = pkgs[p]->size;
        uint8_t *orig = _copy(pkgs[p], size);
        const vt_pkg_mesh *mesh = _data(orig, VT_SEC_MESHES, 0);
        for (uint32_t l = 0; l < mesh->lod_count; l++) {
            const vt_pkg_lod *lod = &mesh->lods[l];
            uint32_t bad_values[2] = { lod->vertex_count, lod->index_size == 2 ? 0xffffu : 0xffffffffu };
            uint32_t spots[2] = { 0, lod->index_count - 1 };
            for (int v = 0; v < 2; v++) {
                uint8_t *b = _copy(pkgs[p], size);
                uint8_t *ix = _data(b, VT_SEC_INDICES, l);
                uint32_t at = spots[v];
                if (lod->index_size == 2) {
                    uint16_t x = (uint16_t)bad_values[v];
                    memcpy(ix + 2u * at, &x, 2);
                } else {
                    memcpy(ix + 4u * at, &bad_values[v], 4);
                }
                _pkg_rechecksum(b, size);
                vt_package pkg;
                vt_error_msg err = { { 0 } };
                pkg_blob blob;
                _expect_opens(b, size, "index.vitrine", &pkg);
                assert_int_equal(pkg_indices(&pkg, 0, l, false, &blob, &err), VT_OK);
                vt_result r1 = pkg_indices(&pkg, 0, l, true, &blob, &err);
                _expect_in(err.text, "index.vitrine", "pkg_indices");
                _expect_in(err.text, "past", "pkg_indices");
                memset(&err, 0, sizeof err);
                vt_result r2 = pkg_verify_all(&pkg, &err);
                pkg_close(&pkg);
                assert_int_equal(r1, VT_ERR_MALFORMED);
                assert_int_equal(r2, VT_ERR_MALFORMED);
                _expect_in(err.text, "index.vitrine", "pkg_verify_all");
                _tfree_last();
            }
        }
    }
}

static void test_texture_rules(void **state)
{
    (void)state;
    /* The drum has no textures: a material naming one is refused. */
    size_t size = _drum_pkg.size;
    static const int32_t bad_refs[] = { 5, 0, -2, INT32_MIN };
    for (size_t i = 0; i < sizeof bad_refs / sizeof bad_refs[0]; i++)
        for (int slot = 0; slot < 3; slot++) {
            uint8_t *b = _copy(&_drum_pkg, size);
            ((vt_pkg_material *)_data(b, VT_SEC_MATERIALS, 0))->texture[slot] = bad_refs[i];
            _expect_rule(b, size, "texref.vitrine", "names texture");
        }
    uint8_t *b = _copy(&_drum_pkg, size);
    ((vt_pkg_material *)_data(b, VT_SEC_MATERIALS, 0))->base_color[3] = INFINITY;
    _expect_rule(b, size, "matcolor.vitrine", "non-finite colour");

    size = _grid_pkg.size;
    b = _copy(&_grid_pkg, size);
    ((vt_pkg_material *)_data(b, VT_SEC_MATERIALS, 0))->texture[1] = 1;
    _expect_rule(b, size, "texref1.vitrine", "names texture 1 of 1");

    b = _copy(&_grid_pkg, size);
    ((vt_pkg_texture *)_data(b, VT_SEC_TEXTURES, 0))->format = 99;
    _pkg_rechecksum(b, size);
    _expect_refused(b, size, "format.vitrine", VT_ERR_UNSUPPORTED, "unknown format 99", true);
    b = _copy(&_grid_pkg, size);
    ((vt_pkg_texture *)_data(b, VT_SEC_TEXTURES, 0))->format = 0;
    _pkg_rechecksum(b, size);
    _expect_refused(b, size, "format0.vitrine", VT_ERR_UNSUPPORTED, "unknown format", true);

    struct {
        uint32_t width, height, mips, slot, format;
        const char *phrase;
    } cases[] = {
        { 0, 64, 7, 0, VT_TEX_BC1_SRGB, "0x64" },
        { 64, 0, 7, 0, VT_TEX_BC1_SRGB, "64x0" },
        { 32768, 64, 16, 0, VT_TEX_BC1_SRGB, "32768x64" },
        { 64, 64, 7, 3, VT_TEX_BC1_SRGB, "slot 3" },
        { 64, 64, 6, 0, VT_TEX_BC1_SRGB, "6 mips" },
        { 64, 64, 8, 0, VT_TEX_BC1_SRGB, "8 mips" },
        { 64, 64, 0, 0, VT_TEX_BC1_SRGB, "0 mips" },
        { 64, 32, 7, 0, VT_TEX_BC1_SRGB, "mip 0 is missing or the wrong size" },
        { 128, 128, 8, 0, VT_TEX_BC1_SRGB, "wrong size" },
        { 64, 64, 7, 0, VT_TEX_BC3_SRGB, "wrong size" },
        { 64, 64, 7, 0, VT_TEX_RGBA8, "wrong size" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        b = _copy(&_grid_pkg, size);
        vt_pkg_texture *t = _data(b, VT_SEC_TEXTURES, 0);
        t->width = cases[i].width, t->height = cases[i].height, t->mip_count = cases[i].mips;
        t->slot = cases[i].slot, t->format = cases[i].format;
        _expect_rule(b, size, "texture.vitrine", cases[i].phrase);
    }
    /* A mip section missing from the directory, or one of the wrong size. */
    b = _copy(&_grid_pkg, size);
    _sec(b, VT_SEC_MIP, 3)->id = 1u << 8 | 3;
    _expect_rule(b, size, "nomip.vitrine", "mip 3 is missing");
    b = _copy(&_grid_pkg, size);
    _sec(b, VT_SEC_MIP, 0)->size -= 8;
    _expect_rule(b, size, "mipsize.vitrine", "mip 0 is missing or the wrong size");
}

/* pkg_open on real files: a message naming the path, a zeroed package. */
static void test_open_files(void **state)
{
    (void)state;
    snprintf(_tmpdir, sizeof _tmpdir, "/tmp/vt-test-package-XXXXXX");
    assert_non_null(mkdtemp(_tmpdir));
    char path[512];
    vt_package pkg;
    vt_error_msg err = { { 0 } };

    snprintf(path, sizeof path, "%s/good.vitrine", _tmpdir);
    assert_int_equal(vt_file_write_atomic(path, _grid_pkg.data, _grid_pkg.size), VT_OK);
    assert_int_equal(pkg_open(&pkg, path, &err), VT_OK);
    assert_true(pkg.owns_mapping);
    assert_int_equal(pkg.size, _grid_pkg.size);
    assert_int_equal(pkg_verify_all(&pkg, &err), VT_OK);
    _expect_in(pkg.path, "good.vitrine", "pkg.path");
    pkg_close(&pkg);
    assert_null(pkg.base);

    struct {
        const char *name;
        vt_result want;
    } bad[] = {
        { "missing.vitrine", VT_ERR_NOT_FOUND },
        { "empty.vitrine", VT_ERR_EMPTY },
        { "folder.vitrine", VT_ERR_UNREADABLE },
        { "damaged.vitrine", VT_ERR_MALFORMED },
        { "short.vitrine", VT_ERR_MALFORMED },
        { "text.vitrine", VT_ERR_MALFORMED },
    };
    snprintf(path, sizeof path, "%s/empty.vitrine", _tmpdir);
    assert_int_equal(vt_file_write_atomic(path, "", 0), VT_OK);
    snprintf(path, sizeof path, "%s/folder.vitrine", _tmpdir);
    assert_int_equal(mkdir(path, 0755), 0);
    uint8_t *b = _copy(&_grid_pkg, _grid_pkg.size);
    b[_grid_pkg.size / 2] ^= 0xff;
    b[100] ^= 0xff; /* in the directory */
    snprintf(path, sizeof path, "%s/damaged.vitrine", _tmpdir);
    assert_int_equal(vt_file_write_atomic(path, b, _grid_pkg.size), VT_OK);
    snprintf(path, sizeof path, "%s/short.vitrine", _tmpdir);
    assert_int_equal(vt_file_write_atomic(path, _grid_pkg.data, 63), VT_OK);
    snprintf(path, sizeof path, "%s/text.vitrine", _tmpdir);
    static const char text[] = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n(this is an OBJ, not a package, padded)...";
    assert_int_equal(vt_file_write_atomic(path, text, sizeof text), VT_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", _tmpdir, bad[i].name);
        memset(&pkg, 0x55, sizeof pkg);
        memset(&err, 0, sizeof err);
        vt_result r = pkg_open(&pkg, path, &err);
        if (r != bad[i].want)
            fail_msg("%s: %s, expected %s (%s)", bad[i].name, vt_result_str(r), vt_result_str(bad[i].want), err.text);
        _expect_in(err.text, path, bad[i].name);
        /* The contract: on failure the package is zeroed, so pkg_close is safe. */
        assert_null(pkg.base);
        assert_int_equal(pkg.size, 0);
        assert_false(pkg.owns_mapping);
        pkg_close(&pkg);
    }
}

/* ---- atomic writes ------------------------------------------------------ */

static int _dir_entries(const char *dir, char names[][256], int max)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n < max)
            snprintf(names[n], 256, "%s", e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

static void test_atomic_write_missing_folder(void **state)
{
    (void)state;
    snprintf(_tmpdir, sizeof _tmpdir, "/tmp/vt-test-package-XXXXXX");
    assert_non_null(mkdtemp(_tmpdir));
    char path[512], names[8][256];
    snprintf(path, sizeof path, "%s/no-such-folder/out.vitrine", _tmpdir);
    assert_int_not_equal(vt_file_write_atomic(path, _grid_pkg.data, _grid_pkg.size), VT_OK);
    snprintf(path, sizeof path, "%s/no-such-folder", _tmpdir);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0);
    assert_int_equal(_dir_entries(_tmpdir, names, 8), 0);

    /* Over a folder of the same name: refused, the folder untouched, no
     * temporary file left beside it. */
    snprintf(path, sizeof path, "%s/taken.vitrine", _tmpdir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_not_equal(vt_file_write_atomic(path, _grid_pkg.data, _grid_pkg.size), VT_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(_dir_entries(_tmpdir, names, 8), 1);
    assert_string_equal(names[0], "taken.vitrine");
    assert_int_equal(_dir_entries(path, names, 8), 0);
}

static void test_atomic_write_replaces(void **state)
{
    (void)state;
    snprintf(_tmpdir, sizeof _tmpdir, "/tmp/vt-test-package-XXXXXX");
    assert_non_null(mkdtemp(_tmpdir));
    char path[512], names[8][256];
    snprintf(path, sizeof path, "%s/model.vitrine", _tmpdir);
    /* The big drum first, then the small grid over it: the result must be
     * exactly the grid, not the grid followed by the drum's tail. */
    assert_int_equal(vt_file_write_atomic(path, _drum_pkg.data, _drum_pkg.size), VT_OK);
    assert_int_equal(vt_file_write_atomic(path, _grid_pkg.data, _grid_pkg.size), VT_OK);
    vt_blob got;
    assert_int_equal(vt_file_read(path, &got, 0), VT_OK);
    bool same = got.size == _grid_pkg.size && memcmp(got.data, _grid_pkg.data, got.size) == 0;
    vt_blob_free(&got);
    assert_true(same);
    assert_int_equal(_dir_entries(_tmpdir, names, 8), 1);
    assert_string_equal(names[0], "model.vitrine");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    assert_int_equal(pkg_open(&pkg, path, &err), VT_OK);
    assert_int_equal(pkg.meta->texture_count, 1);
    pkg_close(&pkg);

    /* A failed write (into a folder that cannot be written) leaves the good
     * file as it was. Root writes anywhere, so this part needs a user. */
    if (geteuid() != 0) {
        assert_int_equal(chmod(_tmpdir, 0555), 0);
        vt_result r = vt_file_write_atomic(path, _drum_pkg.data, _drum_pkg.size);
        chmod(_tmpdir, 0755);
        assert_int_not_equal(r, VT_OK);
        assert_int_equal(vt_file_read(path, &got, 0), VT_OK);
        same = got.size == _grid_pkg.size && memcmp(got.data, _grid_pkg.data, got.size) == 0;
        vt_blob_free(&got);
        assert_true(same);
        assert_int_equal(_dir_entries(_tmpdir, names, 8), 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_roundtrip_drum, _teardown),
        cmocka_unit_test_teardown(test_roundtrip_textured, _teardown),
        cmocka_unit_test_teardown(test_roundtrip_wide_indices, _teardown),
        cmocka_unit_test_teardown(test_layout, _teardown),
        cmocka_unit_test_teardown(test_oct_roundtrip, _teardown),
        cmocka_unit_test_teardown(test_reproducible, _teardown),
        cmocka_unit_test_teardown(test_reproducible_large_levels, _teardown),
        cmocka_unit_test_teardown(test_rechecksum_is_identity, _teardown),
        cmocka_unit_test_teardown(test_truncated, _teardown),
        cmocka_unit_test_teardown(test_flipped_bytes, _teardown),
        cmocka_unit_test_teardown(test_header_fully_checked, _teardown),
        cmocka_unit_test_teardown(test_wrong_version, _teardown),
        cmocka_unit_test_teardown(test_header_sizes, _teardown),
        cmocka_unit_test_teardown(test_section_placement, _teardown),
        cmocka_unit_test_teardown(test_description_sections, _teardown),
        cmocka_unit_test_teardown(test_mesh_rules, _teardown),
        cmocka_unit_test_teardown(test_chunk_rules, _teardown),
        cmocka_unit_test_teardown(test_index_out_of_range, _teardown),
        cmocka_unit_test_teardown(test_texture_rules, _teardown),
        cmocka_unit_test_teardown(test_open_files, _teardown),
        cmocka_unit_test_teardown(test_atomic_write_missing_folder, _teardown),
        cmocka_unit_test_teardown(test_atomic_write_replaces, _teardown),
    };
    return cmocka_run_group_tests(tests, _group_setup, _group_teardown);
}
