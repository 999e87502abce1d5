/* bench_view: what it costs to open and look at a scan.
 *
 *   bench_view [--frames N] SCAN...
 *
 * For each scan, in one process on one machine:
 *   - import: Vitrine's import (Assimp + conversion + texture decode) against
 *     a bare aiImportFile with the usual viewer flags (Triangulate,
 *     JoinIdenticalVertices, GenSmoothNormals), the baseline;
 *   - first frame: import + upload + one 1280x720 frame, against the same
 *     baseline;
 *   - frame time of each look (unlit, lit, clay) at 1280x720, 4x MSAA,
 *     against unlit;
 *   - peak RSS so far.
 * Prints a table of times and ratios. Not a test: numbers vary by machine,
 * ratios much less. */
#include <assimp/cimport.h>
#include <assimp/postprocess.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "camera/orbit.h"
#include "gfx/gfx.h"
#include "import/import.h"
#include "platform/platform.h"
#include "render/render.h"

static double _now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double _peak_rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static void _draw(gfx_target t, cam_orbit *o, render_scan scan, render_mode mode)
{
    render_view v = { .mode = mode };
    cam_orbit_view(o, v.view);
    cam_orbit_proj(o, v.proj);
    cam_pose_eye(&o->current, v.eye);
    render_frame(t, &v, scan);
    gfx_finish();
}

int main(int argc, char **argv)
{
    int frames = 20, first = 1;
    if (argc > 2 && !strcmp(argv[1], "--frames")) {
        frames = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || frames < 1) {
        fprintf(stderr, "usage: bench_view [--frames N] SCAN...\n");
        return 2;
    }
    vt_error_msg err = { { 0 } };
    if (!plat_init(&(plat_desc){ .headless = true, .width = 1280, .height = 720 }, &err) ||
        !gfx_init(plat_gl_proc_loader(), &err) || !render_init(&err)) {
        fprintf(stderr, "bench_view: %s\n", err.text);
        return 1;
    }
    gfx_target target = gfx_make_target(&(gfx_target_desc){ .width = 1280, .height = 720 });
    printf("%-28s %9s %9s %7s %10s %7s %8s %8s %8s %6s %6s %8s\n", "scan", "tris", "assimp_s", "import_s", "x_assimp",
           "first_s", "x_assimp", "unlit_ms", "lit_ms", "x_unlit", "clay_x", "rss_MB");
    for (int i = first; i < argc; i++) {
        const char *path = argv[i];
        double t0 = _now();
        const struct aiScene *ai =
            aiImportFile(path, aiProcess_Triangulate | aiProcess_JoinIdenticalVertices | aiProcess_GenSmoothNormals);
        double t_assimp = _now() - t0;
        if (!ai) {
            printf("%-28s assimp cannot read it\n", path);
            continue;
        }
        aiReleaseImport(ai);

        scene_model m;
        t0 = _now();
        if (import_scan(&(import_desc){ .path = path }, &m, &err) != VT_OK) {
            printf("%-28s %s\n", path, err.text);
            continue;
        }
        double t_import = _now() - t0;
        render_scan scan = render_upload_scan(&m);
        cam_orbit o;
        cam_orbit_init(&o, &(cam_orbit_desc){ .bounds = m.bounds, .aspect = 1280.0f / 720.0f });
        _draw(target, &o, scan, RENDER_UNLIT);
        double t_first = _now() - t0;

        double ms[RENDER_MODE_COUNT];
        for (int mode = 0; mode < RENDER_MODE_COUNT; mode++) {
            _draw(target, &o, scan, (render_mode)mode); /* warm */
            t0 = _now();
            for (int f = 0; f < frames; f++) {
                cam_orbit_rotate(&o, 7.0f, 0.0f, 720.0f); /* a slow turntable */
                cam_orbit_snap(&o);
                _draw(target, &o, scan, (render_mode)mode);
            }
            ms[mode] = 1000.0 * (_now() - t0) / frames;
        }
        const char *base = strrchr(path, '/');
        printf("%-28.28s %9llu %9.3f %7.3f %10.2f %7.3f %8.2f %8.2f %8.2f %6.2f %6.2f %8.0f\n", base ? base + 1 : path,
               (unsigned long long)m.triangle_count, t_assimp, t_import, t_import / t_assimp, t_first,
               t_first / t_assimp, ms[RENDER_UNLIT], ms[RENDER_LIT], ms[RENDER_LIT] / ms[RENDER_UNLIT],
               ms[RENDER_CLAY] / ms[RENDER_UNLIT], _peak_rss_mb());
        fflush(stdout);
        render_free_scan(scan);
        scene_model_free(&m);
    }
    gfx_destroy_target(target);
    render_shutdown();
    gfx_shutdown();
    plat_shutdown();
    return 0;
}
