/* test_import: scan import (src/import/import.h) on small OBJ, MTL, PLY and
 * PNG files written at run time into a temporary folder: generated normals,
 * vertex colours, textures (real, missing, oversized, sidecar), every error
 * result, unit guessing and up-axis conversion. */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stb_image_write.h>

#include "base/log.h"
#include "import/import.h"

#define EPS 1e-5f

/* ---- helpers ------------------------------------------------------------ */

/* One temporary folder for the whole run, removed at the end. */
static char _dir[64];

/* The model under test; each test's teardown frees it, so a failed
 * assertion does not leak it. */
static scene_model _model;

static int _setup_group(void **state)
{
    (void)state;
    snprintf(_dir, sizeof _dir, "/tmp/vt_test_import_XXXXXX");
    return mkdtemp(_dir) ? 0 : -1;
}

static int _rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int _teardown_group(void **state)
{
    (void)state;
    return nftw(_dir, _rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int _free_model(void **state)
{
    (void)state;
    scene_model_free(&_model);
    return 0;
}

/* The full path of NAME in the temporary folder. */
static const char *_path(const char *name)
{
    static char buf[4][512];
    static int next;
    char *out = buf[next++ & 3];
    snprintf(out, sizeof buf[0], "%s/%s", _dir, name);
    return out;
}

static const char *_write(const char *name, const void *data, size_t size)
{
    const char *p = _path(name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    if (size)
        assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    return p;
}

static const char *_write_text(const char *name, const char *text) { return _write(name, text, strlen(text)); }

/* Writes a W x H RGBA PNG; returns its path. */
static const char *_write_png(const char *name, int w, int h, const unsigned char *rgba)
{
    const char *p = _path(name);
    assert_int_not_equal(stbi_write_png(p, w, h, 4, rgba, w * 4), 0);
    return p;
}

/* Imports PATH with default settings into M; the message is cleared first. */
static vt_result _import(const char *path, scene_model *m, vt_error_msg *err)
{
    import_desc d = { .path = path };
    err->text[0] = 0;
    return import_scan(&d, m, err);
}

/* Imports D into _model and expects success (printing the message if not). */
static scene_model *_import_ok(const import_desc *d)
{
    vt_error_msg err = { { 0 } };
    vt_result r = import_scan(d, &_model, &err);
    if (r != VT_OK)
        fail_msg("import_scan(%s) = %d: %s", d->path, (int)r, err.text);
    return &_model;
}

/* The index of the vertex of MESH at (x, y, z), or -1. */
static int _find_vertex(const scene_mesh *mesh, float x, float y, float z)
{
    for (uint32_t i = 0; i < mesh->vertex_count; i++) {
        const float *p = mesh->positions + 3 * i;
        if (fabsf(p[0] - x) < EPS && fabsf(p[1] - y) < EPS && fabsf(p[2] - z) < EPS)
            return (int)i;
    }
    return -1;
}

/* The unit normal of triangle T from its winding (counter-clockwise = front). */
static void _face_normal(const scene_mesh *mesh, uint32_t t, float n[3])
{
    const float *a = mesh->positions + 3 * mesh->indices[3 * t];
    const float *b = mesh->positions + 3 * mesh->indices[3 * t + 1];
    const float *c = mesh->positions + 3 * mesh->indices[3 * t + 2];
    float e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
    float e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
    n[0] = e1[1] * e2[2] - e1[2] * e2[1];
    n[1] = e1[2] * e2[0] - e1[0] * e2[2];
    n[2] = e1[0] * e2[1] - e1[1] * e2[0];
    float len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    assert_true(len > 0.0f); /* a zero-area triangle has no winding */
    n[0] /= len;
    n[1] /= len;
    n[2] /= len;
}

static void _assert_vec3(const float *v, float x, float y, float z, float eps)
{
    assert_float_equal(v[0], x, eps);
    assert_float_equal(v[1], y, eps);
    assert_float_equal(v[2], z, eps);
}

/* The image a mesh's material uses for SLOT, or NULL. */
static const scene_image *_mesh_image(const scene_model *m, const scene_mesh *mesh, scene_tex_slot slot)
{
    assert_true(mesh->material >= 0 && mesh->material < m->material_count);
    int idx = m->materials[mesh->material].image[slot];
    if (idx < 0)
        return NULL;
    assert_true(idx < m->image_count);
    return &m->images[idx];
}

/* A triangle with texture coordinates using material "mat" from MTL_NAME. */
static const char *_write_textured_obj(const char *name, const char *mtl_name)
{
    char text[512];
    snprintf(text, sizeof text,
             "mtllib %s\n"
             "v 0 0 0\nv 1 0 0\nv 0 1 0\n"
             "vt 0.1 0.2\nvt 0.9 0.25\nvt 0.3 0.75\n"
             "usemtl mat\n"
             "f 1/1 2/2 3/3\n",
             mtl_name);
    return _write_text(name, text);
}

/* ---- geometry ----------------------------------------------------------- */

/* An OBJ quad without normals becomes two triangles whose generated normals
 * are unit length and point along the winding normal (+Z: counter-clockwise
 * seen from +Z); bounds, unit scale and up axis are as in the file. */
static void test_obj_quad_generated_normals(void **state)
{
    (void)state;
    const char *p = _write_text("quad.obj", "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_int_equal(m->mesh_count, 1);
    assert_int_equal(m->triangle_count, 2);
    const scene_mesh *mesh = &m->meshes[0];
    assert_int_equal(mesh->index_count, 6);
    assert_int_equal(mesh->vertex_count, 4);
    assert_non_null(mesh->normals);
    assert_null(mesh->uvs);
    assert_null(mesh->colors);
    for (uint32_t i = 0; i < mesh->vertex_count; i++) {
        const float *n = mesh->normals + 3 * i;
        assert_float_equal(sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]), 1.0f, 1e-5f);
        _assert_vec3(n, 0, 0, 1, 1e-5f);
    }
    for (uint32_t t = 0; t < 2; t++) {
        float fn[3];
        _face_normal(mesh, t, fn);
        _assert_vec3(fn, 0, 0, 1, 1e-5f);
    }
    _assert_vec3(m->bounds.min, 0, 0, 0, 0);
    _assert_vec3(m->bounds.max, 1, 1, 0, 0);
    _assert_vec3(mesh->bounds.min, 0, 0, 0, 0);
    _assert_vec3(mesh->bounds.max, 1, 1, 0, 0);
    assert_float_equal(m->unit_scale, 1.0f, 0);
    assert_string_equal(m->up_axis, "+Y");
    assert_false(m->has_color);
    assert_false(m->has_detail);
    scene_model_free(m);
    assert_null(m->meshes);
    assert_int_equal(m->arena.bytes_used, 0);
}

/* ASCII PLY vertex colours (uchar red/green/blue) reach the mesh as sRGB
 * bytes with opaque alpha, and the model counts as coloured. */
static void test_ply_vertex_colors(void **state)
{
    (void)state;
    const char *p = _write_text("colors.ply", "ply\n"
                                              "format ascii 1.0\n"
                                              "element vertex 3\n"
                                              "property float x\nproperty float y\nproperty float z\n"
                                              "property uchar red\nproperty uchar green\nproperty uchar blue\n"
                                              "element face 1\n"
                                              "property list uchar int vertex_indices\n"
                                              "end_header\n"
                                              "0 0 0 255 0 0\n"
                                              "1 0 0 0 255 0\n"
                                              "0 1 0 0 0 255\n"
                                              "3 0 1 2\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_int_equal(m->mesh_count, 1);
    assert_int_equal(m->triangle_count, 1);
    const scene_mesh *mesh = &m->meshes[0];
    assert_non_null(mesh->colors);
    assert_true(m->has_color);
    static const float pos[3][3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 1, 0 } };
    static const uint8_t rgba[3][4] = { { 255, 0, 0, 255 }, { 0, 255, 0, 255 }, { 0, 0, 255, 255 } };
    for (int k = 0; k < 3; k++) {
        int v = _find_vertex(mesh, pos[k][0], pos[k][1], pos[k][2]);
        assert_true(v >= 0);
        assert_memory_equal(mesh->colors + 4 * v, rgba[k], 4);
    }
}

/* Faces with two identical indices are dropped: they are not counted and
 * not in the index list. */
static void test_degenerate_triangles_dropped(void **state)
{
    (void)state;
    const char *p = _write_text("degenerate.obj", "v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\n"
                                                  "f 1 2 3\n"
                                                  "f 1 1 2\n"
                                                  "f 1 3 4\n"
                                                  "f 3 4 3\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_int_equal(m->triangle_count, 2);
    assert_int_equal(m->mesh_count, 1);
    const scene_mesh *mesh = &m->meshes[0];
    assert_int_equal(mesh->index_count, 6);
    for (uint32_t t = 0; t < mesh->index_count / 3; t++) {
        const uint32_t *i = mesh->indices + 3 * t;
        assert_true(i[0] != i[1] && i[1] != i[2] && i[0] != i[2]);
    }
}

/* A PLY with a NaN vertex (a point the scanner missed) still loads: the
 * face touching it is gone, nothing non-finite is left, and the other faces
 * keep their true normals rather than a (0,1,0) fallback. */
static void test_ply_nan_vertex_dropped(void **state)
{
    (void)state;
    const char *p = _write_text("nan.ply", "ply\n"
                                           "format ascii 1.0\n"
                                           "element vertex 6\n"
                                           "property float x\nproperty float y\nproperty float z\n"
                                           "element face 4\n"
                                           "property list uchar int vertex_indices\n"
                                           "end_header\n"
                                           "0 0 0\n"
                                           "1 0 0\n"
                                           "1 1 0\n"
                                           "0 1 0\n"
                                           "nan 2 0\n"
                                           "2 0 0\n"
                                           "3 0 1 2\n"
                                           "3 0 2 3\n"
                                           "3 3 2 4\n"
                                           "3 1 5 2\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_int_equal(m->triangle_count, 3); /* of 4: the one using vertex 4 is gone */
    for (int s = 0; s < m->mesh_count; s++) {
        const scene_mesh *mesh = &m->meshes[s];
        for (uint32_t i = 0; i < 3 * mesh->vertex_count; i++) {
            assert_false(isnan(mesh->positions[i]));
            assert_false(isnan(mesh->normals[i]));
        }
        for (uint32_t t = 0; t < mesh->index_count / 3; t++) {
            float fn[3];
            _face_normal(mesh, t, fn);
            _assert_vec3(fn, 0, 0, 1, 1e-5f);
            for (int k = 0; k < 3; k++)
                _assert_vec3(mesh->normals + 3 * mesh->indices[3 * t + k], 0, 0, 1, 1e-4f);
        }
    }
    _assert_vec3(m->bounds.min, 0, 0, 0, 0);
    _assert_vec3(m->bounds.max, 2, 1, 0, 0);
}

/* ---- textures ----------------------------------------------------------- */

/* A map_Kd naming a missing PNG is not an error: the slot gets a 64x64
 * checkerboard placeholder and a warning is logged. */
static void test_missing_texture_placeholder(void **state)
{
    (void)state;
    _write_text("missing.mtl", "newmtl mat\nKd 1 1 1\nmap_Kd no_such_texture.png\n");
    const char *p = _write_textured_obj("missing_tex.obj", "missing.mtl");
    int warnings = vt_log_warning_count();
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_true(vt_log_warning_count() > warnings);
    assert_int_equal(m->mesh_count, 1);
    const scene_image *img = _mesh_image(m, &m->meshes[0], SCENE_TEX_BASE_COLOR);
    assert_non_null(img);
    assert_true(img->placeholder);
    assert_int_equal(img->width, 64);
    assert_int_equal(img->height, 64);
    assert_non_null(img->rgba);
    assert_int_equal(img->rgba[3], 255);
}

/* A texture file that is not an image (a broken download) also becomes a
 * placeholder with a warning, not a failed import. */
static void test_broken_texture_placeholder(void **state)
{
    (void)state;
    _write_text("broken.png", "this is not a PNG file at all, just text pretending");
    _write_text("broken.mtl", "newmtl mat\nKd 1 1 1\nmap_Kd broken.png\n");
    const char *p = _write_textured_obj("broken_tex.obj", "broken.mtl");
    int warnings = vt_log_warning_count();
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_true(vt_log_warning_count() > warnings);
    const scene_image *img = _mesh_image(m, &m->meshes[0], SCENE_TEX_BASE_COLOR);
    assert_non_null(img);
    assert_true(img->placeholder);
    assert_int_equal(img->width, 64);
    assert_int_equal(img->height, 64);
}

static const unsigned char PIX_4X2[4 * 2 * 4] = {
    255, 0,  0,  255, 0,  255, 0,  255, 0,  0,  255, 0, 255, 255, 255, 255, /* top row */
    10,  20, 30, 255, 40, 50,  60, 128, 70, 80, 90,  0, 200, 150, 100, 255, /* bottom row */
};

/* A real PNG named by map_Kd is decoded to its exact RGBA pixels (top row
 * first), marked sRGB and not a placeholder; the model has colour. */
static void test_real_texture_decoded(void **state)
{
    (void)state;
    _write_png("albedo.png", 4, 2, PIX_4X2);
    _write_text("real.mtl", "newmtl mat\nKd 1 1 1\nmap_Kd albedo.png\n");
    const char *p = _write_textured_obj("real_tex.obj", "real.mtl");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_int_equal(m->mesh_count, 1);
    const scene_image *img = _mesh_image(m, &m->meshes[0], SCENE_TEX_BASE_COLOR);
    assert_non_null(img);
    assert_false(img->placeholder);
    assert_int_equal(img->width, 4);
    assert_int_equal(img->height, 2);
    assert_true(img->srgb);
    assert_memory_equal(img->rgba, PIX_4X2, sizeof PIX_4X2);
    assert_true(m->has_color);
    assert_false(m->has_detail);
    assert_null(_mesh_image(m, &m->meshes[0], SCENE_TEX_NORMAL));
}

/* Texture coordinates are flipped to v' = 1 - v (v = 0 is the image's top
 * row); u is unchanged. */
static void test_uv_flip(void **state)
{
    (void)state;
    _write_png("albedo_uv.png", 4, 2, PIX_4X2);
    _write_text("uv.mtl", "newmtl mat\nKd 1 1 1\nmap_Kd albedo_uv.png\n");
    const char *p = _write_textured_obj("uv.obj", "uv.mtl");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    const scene_mesh *mesh = &m->meshes[0];
    assert_non_null(mesh->uvs);
    static const float pos[3][3] = { { 0, 0, 0 }, { 1, 0, 0 }, { 0, 1, 0 } };
    static const float file_uv[3][2] = { { 0.1f, 0.2f }, { 0.9f, 0.25f }, { 0.3f, 0.75f } };
    for (int k = 0; k < 3; k++) {
        int v = _find_vertex(mesh, pos[k][0], pos[k][1], pos[k][2]);
        assert_true(v >= 0);
        assert_float_equal(mesh->uvs[2 * v], file_uv[k][0], 1e-6f);
        assert_float_equal(mesh->uvs[2 * v + 1], 1.0f - file_uv[k][1], 1e-6f);
    }
}

/* An image larger than max_texture_size is halved until it fits; a solid
 * colour stays that colour. */
static void test_max_texture_size(void **state)
{
    (void)state;
    enum { N = 64 };
    static unsigned char pix[N * N * 4];
    for (int i = 0; i < N * N; i++) {
        pix[4 * i + 0] = 200;
        pix[4 * i + 1] = 100;
        pix[4 * i + 2] = 50;
        pix[4 * i + 3] = 255;
    }
    _write_png("big.png", N, N, pix);
    _write_text("big.mtl", "newmtl mat\nKd 1 1 1\nmap_Kd big.png\n");
    const char *p = _write_textured_obj("big_tex.obj", "big.mtl");
    scene_model *m = _import_ok(&(import_desc){ .path = p, .max_texture_size = 16 });
    const scene_image *img = _mesh_image(m, &m->meshes[0], SCENE_TEX_BASE_COLOR);
    assert_non_null(img);
    assert_false(img->placeholder);
    assert_int_equal(img->width, 16);
    assert_int_equal(img->height, 16);
    for (int i = 0; i < 16 * 16; i++) {
        assert_true(abs(img->rgba[4 * i + 0] - 200) <= 1);
        assert_true(abs(img->rgba[4 * i + 1] - 100) <= 1);
        assert_true(abs(img->rgba[4 * i + 2] - 50) <= 1);
        assert_int_equal(img->rgba[4 * i + 3], 255);
    }
}

/* A <stem>_normal.png beside the scan, named nowhere in the file, becomes
 * the normal map (linear, not sRGB) and the model has detail. */
static void test_sidecar_normal_map(void **state)
{
    (void)state;
    static const unsigned char flat[2 * 2 * 4] = {
        128, 128, 255, 255, 128, 128, 255, 255, 128, 128, 255, 255, 128, 128, 255, 255,
    };
    _write_png("statue_normal.png", 2, 2, flat);
    const char *p = _write_text("statue.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\n"
                                              "vt 0 0\nvt 1 0\nvt 0 1\n"
                                              "f 1/1 2/2 3/3\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    const scene_image *img = _mesh_image(m, &m->meshes[0], SCENE_TEX_NORMAL);
    assert_non_null(img);
    assert_false(img->placeholder);
    assert_false(img->srgb);
    assert_int_equal(img->width, 2);
    assert_int_equal(img->height, 2);
    assert_memory_equal(img->rgba, flat, sizeof flat);
    assert_true(m->has_detail);
}

/* ---- errors -------------------------------------------------------------- */

/* A missing file is VT_ERR_NOT_FOUND with a message naming the path, and
 * the model is left empty. */
static void test_error_missing_file(void **state)
{
    (void)state;
    const char *p = _path("does_not_exist.obj");
    vt_error_msg err;
    assert_int_equal(_import(p, &_model, &err), VT_ERR_NOT_FOUND);
    assert_non_null(strstr(err.text, p));
    assert_null(_model.meshes);
    assert_int_equal(_model.mesh_count, 0);
}

/* An empty file is VT_ERR_EMPTY and a folder VT_ERR_UNREADABLE, each with
 * the path in the message. */
static void test_error_empty_and_folder(void **state)
{
    (void)state;
    const char *p = _write("empty.obj", "", 0);
    vt_error_msg err;
    assert_int_equal(_import(p, &_model, &err), VT_ERR_EMPTY);
    assert_non_null(strstr(err.text, p));

    const char *sub = _path("folder.obj");
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(_import(sub, &_model, &err), VT_ERR_UNREADABLE);
    assert_non_null(strstr(err.text, sub));
}

/* 4 KiB of noise saved as .obj, .ply or .glb is refused with a message
 * naming the file; a .glb is "malformed", never "unsupported format". */
static void test_error_random_bytes(void **state)
{
    (void)state;
    static unsigned char noise[4096];
    uint32_t x = 0x12345678u; /* xorshift32, fixed seed */
    for (size_t i = 0; i < sizeof noise; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise[i] = (unsigned char)(x >> 24);
    }
    static const char *const names[] = { "noise.obj", "noise.ply", "noise.glb" };
    for (int k = 0; k < 3; k++) {
        const char *p = _write(names[k], noise, sizeof noise);
        vt_error_msg err;
        vt_result r = _import(p, &_model, &err);
        if (r != VT_OK)
            assert_null(_model.meshes); /* nothing half-built is handed back */
        if (r == VT_OK)
            fail_msg("%s: 4 KiB of noise imported as a scan", names[k]);
        assert_non_null(strstr(err.text, p));
        if (k == 2) {
            assert_int_equal(r, VT_ERR_MALFORMED);
            assert_null(strstr(err.text, "not a 3D format"));
        }
    }
}

/* A PLY with vertices but no faces (a point cloud) has nothing to show. */
static void test_error_ply_no_faces(void **state)
{
    (void)state;
    const char *p = _write_text("points.ply", "ply\n"
                                              "format ascii 1.0\n"
                                              "element vertex 3\n"
                                              "property float x\nproperty float y\nproperty float z\n"
                                              "element face 0\n"
                                              "property list uchar int vertex_indices\n"
                                              "end_header\n"
                                              "0 0 0\n1 0 0\n0 1 0\n");
    vt_error_msg err;
    assert_int_equal(_import(p, &_model, &err), VT_ERR_NO_GEOMETRY);
    assert_non_null(strstr(err.text, p));
}

/* A PLY header that never reaches end_header (a truncated download) is
 * refused as malformed at once; the import runs in a child with a 5 s alarm
 * so a hang fails the test instead of hanging it. */
static void test_error_ply_truncated_header(void **state)
{
    (void)state;
    const char *p = _write_text("truncated.ply", "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n");
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(5);
        scene_model m;
        vt_error_msg err;
        vt_result r = _import(p, &m, &err);
        if (r == VT_OK)
            _exit(100);
        _exit(r == VT_ERR_MALFORMED && strstr(err.text, p) ? 0 : 10 + (int)r);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        fail_msg("import of a truncated PLY was killed by signal %d (SIGALRM: it hung)", WTERMSIG(status));
    assert_true(WIFEXITED(status));
    /* 0: VT_ERR_MALFORMED naming the file; 10 + r: another result; 100: VT_OK. */
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* ---- units and up axis --------------------------------------------------- */

/* Over 20 units of extent is millimetres; up to 20 is metres. */
static void test_guess_unit_scale(void **state)
{
    (void)state;
    assert_float_equal(import_guess_unit_scale(500.0f), 0.001f, 0);
    assert_float_equal(import_guess_unit_scale(1.5f), 1.0f, 0);
    assert_float_equal(import_guess_unit_scale(20.0f), 1.0f, 0);
    assert_float_equal(import_guess_unit_scale(20.5f), 0.001f, 0);
    assert_float_equal(import_guess_unit_scale(0.0f), 1.0f, 0);
}

/* An OBJ hundreds of units wide is taken as millimetres and its bounds come
 * out in metres; an explicit unit_scale is applied exactly instead. */
static void test_unit_scale_applied(void **state)
{
    (void)state;
    const char *p = _write_text("mm.obj", "v 0 0 0\nv 300 0 0\nv 0 200 0\nf 1 2 3\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p });
    assert_float_equal(m->unit_scale, 0.001f, 0);
    _assert_vec3(m->bounds.min, 0, 0, 0, 1e-6f);
    _assert_vec3(m->bounds.max, 0.3f, 0.2f, 0, 1e-6f);
    scene_model_free(m);

    m = _import_ok(&(import_desc){ .path = p, .unit_scale = 0.01f });
    assert_float_equal(m->unit_scale, 0.01f, 0);
    _assert_vec3(m->bounds.min, 0, 0, 0, 1e-6f);
    _assert_vec3(m->bounds.max, 3.0f, 2.0f, 0, 1e-5f);
    assert_true(_find_vertex(&m->meshes[0], 3.0f, 0, 0) >= 0);
    assert_true(_find_vertex(&m->meshes[0], 0, 2.0f, 0) >= 0);
}

/* --up z turns a strip standing 2 units along +Z into one standing along
 * +Y; a face looking along +X still looks along +X, by its normal and by its
 * winding (the rotation keeps handedness); up_axis records "+Z". */
static void test_up_z_rotation(void **state)
{
    (void)state;
    const char *p = _write_text("zup.obj", "v 0 0 0\nv 0 0.1 0\nv 0 0.1 2\nv 0 0 2\nf 1 2 3 4\n");
    scene_model *m = _import_ok(&(import_desc){ .path = p, .up = IMPORT_UP_Z });
    assert_string_equal(m->up_axis, "+Z");
    assert_float_equal(m->unit_scale, 1.0f, 0);
    _assert_vec3(m->bounds.min, 0, 0, -0.1f, 1e-6f);
    _assert_vec3(m->bounds.max, 0, 2, 0, 1e-6f);
    const scene_mesh *mesh = &m->meshes[0];
    assert_int_equal(m->triangle_count, 2);
    for (uint32_t t = 0; t < mesh->index_count / 3; t++) {
        float fn[3];
        _face_normal(mesh, t, fn);
        _assert_vec3(fn, 1, 0, 0, 1e-5f);
    }
    for (uint32_t i = 0; i < mesh->vertex_count; i++)
        _assert_vec3(mesh->normals + 3 * i, 1, 0, 0, 1e-5f);
    scene_model_free(m);

    /* Without .up the same file keeps its Y up. */
    m = _import_ok(&(import_desc){ .path = p });
    assert_string_equal(m->up_axis, "+Y");
    _assert_vec3(m->bounds.max, 0, 0.1f, 2, 1e-6f);
}

/* import_parse_up accepts the documented spellings in any case and rejects
 * anything else without touching the output. */
static void test_parse_up(void **state)
{
    (void)state;
    import_up up = IMPORT_UP_AUTO;
    assert_true(import_parse_up("y", &up));
    assert_int_equal(up, IMPORT_UP_Y);
    up = IMPORT_UP_AUTO;
    assert_true(import_parse_up("+y", &up));
    assert_int_equal(up, IMPORT_UP_Y);
    up = IMPORT_UP_AUTO;
    assert_true(import_parse_up("Y", &up));
    assert_int_equal(up, IMPORT_UP_Y);
    assert_true(import_parse_up("z", &up));
    assert_int_equal(up, IMPORT_UP_Z);
    assert_true(import_parse_up("+Z", &up));
    assert_int_equal(up, IMPORT_UP_Z);
    assert_true(import_parse_up("-z", &up));
    assert_int_equal(up, IMPORT_UP_NEG_Z);
    assert_true(import_parse_up("x", &up));
    assert_int_equal(up, IMPORT_UP_X);

    static const char *const bad[] = { "", "w", "zz", "+-z", "-y", "y ", "+" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        up = IMPORT_UP_NEG_Z;
        if (import_parse_up(bad[i], &up))
            fail_msg("import_parse_up accepted \"%s\"", bad[i]);
        assert_int_equal(up, IMPORT_UP_NEG_Z);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_obj_quad_generated_normals, _free_model),
        cmocka_unit_test_teardown(test_ply_vertex_colors, _free_model),
        cmocka_unit_test_teardown(test_degenerate_triangles_dropped, _free_model),
        cmocka_unit_test_teardown(test_ply_nan_vertex_dropped, _free_model),
        cmocka_unit_test_teardown(test_missing_texture_placeholder, _free_model),
        cmocka_unit_test_teardown(test_broken_texture_placeholder, _free_model),
        cmocka_unit_test_teardown(test_real_texture_decoded, _free_model),
        cmocka_unit_test_teardown(test_uv_flip, _free_model),
        cmocka_unit_test_teardown(test_max_texture_size, _free_model),
        cmocka_unit_test_teardown(test_sidecar_normal_map, _free_model),
        cmocka_unit_test_teardown(test_error_missing_file, _free_model),
        cmocka_unit_test_teardown(test_error_empty_and_folder, _free_model),
        cmocka_unit_test_teardown(test_error_random_bytes, _free_model),
        cmocka_unit_test_teardown(test_error_ply_no_faces, _free_model),
        cmocka_unit_test(test_error_ply_truncated_header),
        cmocka_unit_test(test_guess_unit_scale),
        cmocka_unit_test_teardown(test_unit_scale_applied, _free_model),
        cmocka_unit_test_teardown(test_up_z_rotation, _free_model),
        cmocka_unit_test(test_parse_up),
    };
    return cmocka_run_group_tests(tests, _setup_group, _teardown_group);
}
