#define _DEFAULT_SOURCE
/* bench_view: one measurement per run, so bench/run.sh can also take each
 * one's peak RSS; the script prints the ratios.
 *
 *   bench_view read PACKAGE        read the whole file (the floor)
 *   bench_view assimp SCAN         aiImportFile (Triangulate,
 *                                  JoinIdenticalVertices, GenSmoothNormals)
 *                                  + upload of float positions, normals and
 *                                  indices: the naive viewer's path
 *   bench_view open PACKAGE        open, validate, upload what the first
 *                                  frame needs, draw it at 1280x720
 *   bench_view frames PACKAGE [N]  frame time at 1280x720 over a turntable
 *                                  of N frames, with levels of detail
 *                                  (1-pixel error) and at full resolution
 * Times are printed as "key=value" lines (seconds or milliseconds). The GL
 * context is made before the clock starts in every mode that uses GL. */
#include <assimp/cimport.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>
#include <fcntl.h>
#include <glad/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "camera/orbit.h"
#include "gfx/gfx.h"
#include "package/package.h"
#include "platform/platform.h"
#include "render/render.h"

static double _now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int _gl_up(void)
{
    vt_error_msg err = { { 0 } };
    if (!plat_init(&(plat_desc){ .headless = true, .width = 1280, .height = 720 }, &err) ||
        !gfx_init(plat_gl_proc_loader(), &err) || !render_init(true, &err)) {
        fprintf(stderr, "bench_view: %s\n", err.text);
        return 1;
    }
    return 0;
}

static int _read(const char *path)
{
    double t0 = _now();
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 1;
    size_t cap = 1 << 20, total = 0;
    char *buf = malloc(cap);
    ssize_t n;
    while (buf && (n = read(fd, buf, cap)) > 0)
        total += (size_t)n; /* streamed through one buffer: time, not memory */
    close(fd);
    free(buf);
    printf("read_s=%.4f\nread_bytes=%zu\n", _now() - t0, total);
    return 0;
}

static int _assimp(const char *path)
{
    if (_gl_up())
        return 1;
    double t0 = _now();
    const struct aiScene *s =
        aiImportFile(path, aiProcess_Triangulate | aiProcess_JoinIdenticalVertices | aiProcess_GenSmoothNormals);
    if (!s) {
        fprintf(stderr, "bench_view: %s\n", aiGetErrorString());
        return 1;
    }
    double t_import = _now() - t0;
    uint64_t tris = 0;
    for (unsigned m = 0; m < s->mNumMeshes; m++) {
        const struct aiMesh *mesh = s->mMeshes[m];
        uint32_t *ix = malloc((size_t)mesh->mNumFaces * 12);
        if (!ix)
            return 1;
        uint32_t k = 0;
        for (unsigned f = 0; f < mesh->mNumFaces; f++)
            if (mesh->mFaces[f].mNumIndices == 3)
                for (int j = 0; j < 3; j++)
                    ix[k++] = mesh->mFaces[f].mIndices[j];
        tris += k / 3;
        GLuint b[3];
        glGenBuffers(3, b);
        glBindBuffer(GL_ARRAY_BUFFER, b[0]);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)mesh->mNumVertices * 12, mesh->mVertices, GL_STATIC_DRAW);
        glBindBuffer(GL_ARRAY_BUFFER, b[1]);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)mesh->mNumVertices * 12, mesh->mNormals, GL_STATIC_DRAW);
        glBindBuffer(GL_ARRAY_BUFFER, b[2]);
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)k * 4, ix, GL_STATIC_DRAW);
        free(ix);
    }
    gfx_finish();
    printf("assimp_import_s=%.4f\nassimp_to_gpu_s=%.4f\nassimp_triangles=%llu\n", t_import, _now() - t0,
           (unsigned long long)tris);
    aiReleaseImport(s);
    return 0;
}

static void _view(render_view *v, cam_orbit *o, render_mode mode, int force_lod)
{
    *v = (render_view){ .mode = mode, .force_lod = force_lod };
    cam_orbit_view(o, v->view);
    cam_orbit_proj(o, v->proj);
    cam_pose_eye(&o->current, v->eye);
    v->pixels_per_unit_at_1m = 720.0f / (2.0f * tanf(0.5f * o->fov_y));
}

static void _orbit_for(const vt_package *pkg, cam_orbit *o)
{
    const vt_pkg_meta *m = pkg->meta;
    vt_aabb b = { { m->bounds_min[0], m->bounds_min[1], m->bounds_min[2] },
                  { m->bounds_max[0], m->bounds_max[1], m->bounds_max[2] } };
    cam_orbit_init(o, &(cam_orbit_desc){ .bounds = b, .aspect = 1280.0f / 720.0f });
}

static int _open(const char *path)
{
    if (_gl_up())
        return 1;
    gfx_target target = gfx_make_target(&(gfx_target_desc){ .width = 1280, .height = 720 });
    double t0 = _now();
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    if (pkg_open(&pkg, path, &err) != VT_OK) {
        fprintf(stderr, "bench_view: %s\n", err.text);
        return 1;
    }
    render_scan scan = render_open_scan(&(render_scan_desc){ .pkg = &pkg }, &err);
    cam_orbit o;
    _orbit_for(&pkg, &o);
    render_view v;
    _view(&v, &o, RENDER_UNLIT, -1);
    render_stats st;
    render_frame(target, &v, scan, &st);
    gfx_finish();
    double t_first = _now() - t0;
    /* And until everything has streamed in (not the first frame's business). */
    while (!render_scan_complete(scan)) {
        render_stream(scan, 64u << 20);
        usleep(1000);
    }
    gfx_finish();
    printf("open_first_frame_s=%.4f\nfirst_frame_triangles=%llu\nopen_all_loaded_s=%.4f\n", t_first,
           (unsigned long long)st.triangles, _now() - t0);
    render_free_scan(scan);
    pkg_close(&pkg);
    return 0;
}

static int _cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int _frames(const char *path, int n)
{
    if (_gl_up())
        return 1;
    gfx_target target = gfx_make_target(&(gfx_target_desc){ .width = 1280, .height = 720 });
    vt_package pkg;
    vt_error_msg err = { { 0 } };
    if (pkg_open(&pkg, path, &err) != VT_OK) {
        fprintf(stderr, "bench_view: %s\n", err.text);
        return 1;
    }
    render_scan scan = render_open_scan(&(render_scan_desc){ .pkg = &pkg, .all_now = true }, &err);
    double *ms = malloc(sizeof(double) * (size_t)n);
    if (!ms)
        return 1;
    const char *names[2] = { "lod", "full" };
    for (int pass = 0; pass < 2; pass++) {
        cam_orbit o;
        _orbit_for(&pkg, &o);
        uint64_t tris = 0;
        for (int f = 0; f < n; f++) {
            cam_orbit_rotate(&o, 1280.0f / (float)n, 0.0f, 720.0f); /* a full turn over N frames */
            cam_orbit_snap(&o);
            render_view v;
            _view(&v, &o, RENDER_UNLIT, pass == 0 ? -1 : 0);
            render_stats st;
            double t0 = _now();
            render_frame(target, &v, scan, &st);
            gfx_finish();
            ms[f] = 1000.0 * (_now() - t0);
            tris += st.triangles;
        }
        qsort(ms, (size_t)n, sizeof *ms, _cmp_double);
        printf("%s_frame_ms_median=%.2f\n%s_frame_ms_p95=%.2f\n%s_triangles_mean=%.0f\n", names[pass], ms[n / 2],
               names[pass], ms[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1], names[pass], (double)tris / n);
    }
    free(ms);
    render_free_scan(scan);
    pkg_close(&pkg);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_view read|assimp|open|frames FILE [N]\n");
        return 2;
    }
    const char *mode = argv[1], *path = argv[2];
    int rc;
    if (!strcmp(mode, "read"))
        return _read(path);
    if (!strcmp(mode, "assimp"))
        rc = _assimp(path);
    else if (!strcmp(mode, "open"))
        rc = _open(path);
    else if (!strcmp(mode, "frames"))
        rc = _frames(path, argc > 3 ? atoi(argv[3]) : 24);
    else
        return 2;
    render_shutdown();
    gfx_shutdown();
    plat_shutdown();
    return rc;
}
