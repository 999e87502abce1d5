#define _DEFAULT_SOURCE
/* bench_walk: frame time along an exhibition's first tour, rendered
 * headless at a fixed time step, so bench/run_walk.sh can set levels of
 * detail against drawing every artefact at full resolution.
 *
 *   bench_walk PACKAGE [--size WxH] [--samples S] [--fps F]
 *                      [--frames N | --every K] [--per-frame FILE]
 *       Uploads every level of every scan (museum_scene_upload all_now)
 *       before the clock starts, then renders tour poses t = i / F (the
 *       tour as the app plays it at F frames a second):
 *         walk  every pose by levels of detail (1-pixel error) with the
 *               rooms: the walk as a visitor sees it
 *       then every K-th pose (--frames N picks K so that about N poses are
 *       drawn; default every pose) three ways, one after the other for the
 *       same pose, so that a machine whose load changes during the run
 *       slows all three alike:
 *         lod   as walk
 *         full  every artefact at its full-resolution level, with the rooms
 *         bare  levels of detail without the room meshes (walls, floors,
 *               plinths, glass): lod / bare is the room's frame cost
 *       Peak resident memory is printed after the walk (what a visit
 *       needs) and at the end (the full-resolution frames grow the
 *       software rasteriser's binning memory).
 *   bench_walk PACKAGE --open [--size WxH] [--samples S]
 *       Open to the first frame the visitor sees (coarse levels first, as
 *       the app does), then until every level has streamed in.
 *
 * --samples sets the target's multisampling (default: the app's, 4x);
 * --per-frame writes each compared pose's times and triangles as TSV.
 *
 * Prints "key=value" lines (milliseconds for frames, seconds otherwise).
 * Each frame is timed from the first GL call to gfx_finish. The GL context
 * and the shader warm-up come before any clock starts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/museum_nav.h"
#include "app/museum_scene.h"
#include "gfx/gfx.h"
#include "package/package.h"
#include "platform/platform.h"
#include "render/render.h"

typedef struct _walk_opts {
    const char *path;
    int width, height;
    double fps;
    int frames; /* poses wanted for the compared passes; 0 = every pose */
    int every;  /* 0 = from frames */
    int samples; /* multisampling of the target; 0 = the app's default */
    bool open_only;
    const char *per_frame;
    float error_px; /* the level-of-detail budget in pixels; 0 = 1 (the app while still) */
} _walk_opts;

/* One pass over the sampled poses: its frame times and triangle counts. */
typedef struct _walk_pass {
    const char *name;
    int force_lod;
    bool rooms;
    double *ms;
    double *tris;
} _walk_pass;

static double _now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int _cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The nearest-rank percentile P (0..100) of N values, sorted in place. */
static double _percentile(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, _cmp_double);
    int k = (int)ceil(p / 100.0 * n) - 1;
    return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

static void _loadavg(const char *key)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double l1 = 0;
    if (f && fscanf(f, "%lf", &l1) == 1)
        printf("%s=%.2f\n", key, l1);
    if (f)
        fclose(f);
}

/* The process's peak resident memory so far (VmHWM), in MiB. */
static void _peak_rss(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld", &kb) == 1)
            break;
    if (f)
        fclose(f);
    if (kb >= 0)
        printf("%s=%ld\n", key, kb / 1024);
}

static int _usage(void)
{
    fprintf(stderr, "usage: bench_walk PACKAGE [--size WxH] [--samples S] [--fps F] [--frames N | --every K]\n"
                    "                  [--per-frame FILE] [--error-px E]\n"
                    "       bench_walk PACKAGE --open [--size WxH] [--samples S]\n");
    return 2;
}

static bool _parse(int argc, char **argv, _walk_opts *o)
{
    *o = (_walk_opts){ .width = 1280, .height = 720, .fps = 30.0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--open")) {
            o->open_only = true;
        } else if (!strcmp(a, "--size") && v) {
            if (sscanf(v, "%dx%d", &o->width, &o->height) != 2 || o->width < 16 || o->height < 16 ||
                o->width > 8192 || o->height > 8192)
                return false;
            i++;
        } else if (!strcmp(a, "--fps") && v) {
            o->fps = atof(v);
            if (!(o->fps >= 1.0 && o->fps <= 1000.0))
                return false;
            i++;
        } else if (!strcmp(a, "--frames") && v) {
            o->frames = atoi(v);
            if (o->frames < 1)
                return false;
            i++;
        } else if (!strcmp(a, "--every") && v) {
            o->every = atoi(v);
            if (o->every < 1)
                return false;
            i++;
        } else if (!strcmp(a, "--samples") && v) {
            o->samples = atoi(v);
            if (o->samples < 1 || o->samples > 16)
                return false;
            i++;
        } else if (!strcmp(a, "--error-px") && v) {
            o->error_px = (float)atof(v);
            if (!(o->error_px >= 0.1f && o->error_px <= 16.0f))
                return false;
            i++;
        } else if (!strcmp(a, "--per-frame") && v) {
            o->per_frame = v;
            i++;
        } else if (a[0] != '-' && !o->path) {
            o->path = a;
        } else {
            return false;
        }
    }
    return o->path != NULL;
}

static void _draw(gfx_target target, const museum_scene *s, const render_view *v, bool rooms, render_stats *st)
{
    render_scene sc = { .instances = s->instances, .instance_count = s->instance_count,
                        .statics = rooms ? s->statics : NULL, .static_count = rooms ? s->static_count : 0 };
    render_frame_scene(target, v, &sc, st);
}

/* Draws one frame of VIEW at FORCE_LOD and waits for it: MS and TRIS (may
 * be NULL) get its time and the triangles drawn. */
/* Draw calls issued (chunks and room meshes), for the per-draw cost. */
static uint64_t _draws_total, _draws_frames;

static void _time_frame(gfx_target target, const museum_scene *s, const render_view *view, int force_lod, bool rooms,
                        double *ms, double *tris)
{
    render_view v = *view;
    v.force_lod = force_lod;
    render_stats st;
    double t = _now();
    _draw(target, s, &v, rooms, &st);
    gfx_finish();
    if (ms)
        *ms = 1000.0 * (_now() - t);
    if (tris)
        *tris = (double)st.triangles;
    _draws_total += st.chunks_drawn;
    _draws_frames++;
}

/* What the exhibition holds: artefacts, distinct scans, source triangles
 * (what the scans' files had) and full-resolution triangles (every
 * artefact's level 0), counting an artefact per appearance. */
static void _print_scene(const museum_scene *s)
{
    uint64_t source = 0, full = 0;
    uint32_t distinct = 0;
    bool *seen = calloc(s->scan_count ? s->scan_count : 1, sizeof *seen);
    for (size_t a = 0; a < s->ex.artefact_count; a++) {
        uint32_t i = pkg_artefact_scan(s->pkg, (uint32_t)a);
        if (i >= s->scan_count || !s->scan_ok[i])
            continue;
        const vt_package *p = &s->scans[i];
        source += p->meta->source_triangles;
        for (uint32_t m = 0; m < p->meta->mesh_count; m++)
            full += p->meshes[m].lods[0].index_count / 3;
        if (seen && !seen[i]) {
            seen[i] = true;
            distinct++;
        }
    }
    free(seen);
    printf("artefacts=%zu\ndistinct_scans=%u\nsource_triangles=%llu\nfull_res_triangles=%llu\nwarnings=%u\n",
           s->ex.artefact_count, distinct, (unsigned long long)source, (unsigned long long)full, s->warnings);
}

static bool _load(const char *path, vt_package *pkg, museum_scene *s, bool all_now)
{
    vt_error_msg err = { { 0 } };
    if (pkg_open(pkg, path, &err) != VT_OK || museum_scene_load(s, pkg, NULL, &err) != VT_OK) {
        fprintf(stderr, "bench_walk: %s\n", err.text);
        return false;
    }
    if (museum_scene_upload(s, all_now, &err) != VT_OK) {
        fprintf(stderr, "bench_walk: %s\n", err.text);
        museum_scene_close(s);
        return false;
    }
    return true;
}

static int _open(const _walk_opts *o, gfx_target target)
{
    double t0 = _now();
    vt_package pkg;
    museum_scene s;
    if (!_load(o->path, &pkg, &s, false)) {
        pkg_close(&pkg);
        return 1;
    }
    museum_nav nav;
    museum_nav_init(&nav, &s.ex, &s.world, o->width, o->height);
    float eye[3], at[3];
    museum_scene_start_pose(&s, eye, at);
    museum_nav_set_pose(&nav, eye, at);
    render_view v = { .mode = RENDER_UNLIT, .force_lod = -1 };
    museum_nav_view(&nav, &v);
    render_stats st;
    _draw(target, &s, &v, true, &st);
    gfx_finish();
    double first = _now() - t0;
    /* And until every level has streamed in (not the first frame's business,
     * but how long the hall takes to be sharp everywhere). */
    while (!museum_scene_complete(&s)) {
        if (!museum_scene_stream(&s, eye, 24u << 20))
            usleep(1000);
    }
    gfx_finish();
    printf("open_first_frame_s=%.4f\nfirst_frame_triangles=%llu\nopen_all_loaded_s=%.4f\n", first,
           (unsigned long long)st.triangles, _now() - t0);
    _peak_rss("open_peak_rss_mb");
    museum_scene_close(&s);
    pkg_close(&pkg);
    return 0;
}

static void _report(const char *name, double *ms, double *tris, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += ms[i];
    printf("%s_frames=%d\n%s_frame_ms_mean=%.2f\n", name, n, name, sum / n);
    printf("%s_frame_ms_median=%.2f\n", name, _percentile(ms, n, 50));
    printf("%s_frame_ms_p95=%.2f\n", name, _percentile(ms, n, 95));
    printf("%s_frame_ms_max=%.2f\n", name, ms[n - 1]);
    printf("%s_triangles_median=%.0f\n", name, _percentile(tris, n, 50));
    printf("%s_triangles_max=%.0f\n", name, tris[n - 1]);
}

static int _walk(const _walk_opts *o, gfx_target target)
{
    double t0 = _now();
    vt_package pkg;
    museum_scene s;
    if (!_load(o->path, &pkg, &s, true)) {
        pkg_close(&pkg);
        return 1;
    }
    gfx_finish();
    printf("load_all_levels_s=%.4f\n", _now() - t0);
    _print_scene(&s);
    int rc = 1;
    museum_nav nav;
    museum_nav_init(&nav, &s.ex, &s.world, o->width, o->height);
    if (!museum_nav_start_tour(&nav, 0, true)) {
        fprintf(stderr, "bench_walk: %s has no tour with stops to walk\n", o->path);
        goto done;
    }
    double duration = cam_tour_duration(&nav.tour);
    int total = (int)floor(duration * o->fps) + 1;
    int every = o->every > 0 ? o->every : o->frames > 0 ? (total + o->frames - 1) / o->frames : 1;
    if (every < 1)
        every = 1;
    int n = (total + every - 1) / every;
    printf("tour_s=%.2f\nstep_s=%.4f\ntour_frames=%d\nsample_every=%d\nsampled_frames=%d\n", duration,
           1.0 / o->fps, total, every, n);

    /* Every pose of the tour at the fixed step: a pure function of time, so
     * each pass sees exactly the same views. */
    render_view *views = calloc((size_t)total, sizeof *views);
    _walk_pass passes[3] = { { .name = "lod", .force_lod = -1, .rooms = true },
                             { .name = "full", .force_lod = 0, .rooms = true },
                             { .name = "bare", .force_lod = -1, .rooms = false } };
    double *walk_ms = calloc((size_t)total, sizeof *walk_ms), *walk_tris = calloc((size_t)total, sizeof *walk_tris);
    bool ok = views && walk_ms && walk_tris;
    for (int p = 0; p < 3; p++) {
        passes[p].ms = calloc((size_t)n, sizeof(double));
        passes[p].tris = calloc((size_t)n, sizeof(double));
        ok = ok && passes[p].ms && passes[p].tris;
    }
    if (!ok) {
        fprintf(stderr, "bench_walk: out of memory\n");
        goto free_all;
    }
    for (int f = 0; f < total; f++) {
        cam_tour_eval(&nav.tour, (double)f / o->fps, &nav.shown, NULL, NULL);
        views[f] = (render_view){ .mode = RENDER_UNLIT, .max_error_px = o->error_px };
        museum_nav_view(&nav, &views[f]);
    }
    FILE *pf = o->per_frame ? fopen(o->per_frame, "w") : NULL;
    if (o->per_frame && !pf)
        fprintf(stderr, "bench_walk: cannot write %s\n", o->per_frame);
    if (pf)
        fprintf(pf, "frame\tt_s\tlod_ms\tfull_ms\tbare_ms\tlod_tris\tfull_tris\tbare_tris\n");

    /* The walk as a visitor sees it, every pose, before any
     * full-resolution frame has grown the driver's memory: the peak memory
     * of a visit is read after it. One untimed frame first, for each way of
     * drawing: first touches of buffers and state are not what a walk
     * costs. */
    _time_frame(target, &s, &views[0], -1, true, NULL, NULL);
    _loadavg("loadavg_start");
    /* The floor: clearing and resolving the target with nothing drawn. */
    double empty_ms[15], empty_tris[15];
    museum_scene none = { .instance_count = 0 };
    for (int i = 0; i < 15; i++)
        _time_frame(target, &none, &views[0], -1, false, &empty_ms[i], &empty_tris[i]);
    printf("empty_frame_ms_median=%.2f\n", _percentile(empty_ms, 15, 50));
    for (int f = 0; f < total; f++)
        _time_frame(target, &s, &views[f], -1, true, &walk_ms[f], &walk_tris[f]);
    _report("walk", walk_ms, walk_tris, total);
    printf("walk_draws_mean=%.1f\n", _draws_frames ? (double)_draws_total / (double)_draws_frames : 0.0);
    _peak_rss("walk_peak_rss_mb");

    for (int p = 1; p < 3; p++)
        _time_frame(target, &s, &views[0], passes[p].force_lod, passes[p].rooms, NULL, NULL);
    double t_passes = _now();
    for (int i = 0; i < n; i++) {
        int f = i * every;
        for (int p = 0; p < 3; p++)
            _time_frame(target, &s, &views[f], passes[p].force_lod, passes[p].rooms, &passes[p].ms[i],
                        &passes[p].tris[i]);
        if (pf)
            fprintf(pf, "%d\t%.4f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\t%.0f\n", f, (double)f / o->fps, passes[0].ms[i],
                    passes[1].ms[i], passes[2].ms[i], passes[0].tris[i], passes[1].tris[i], passes[2].tris[i]);
    }
    printf("compared_passes_s=%.2f\n", _now() - t_passes);
    for (int p = 0; p < 3; p++)
        _report(passes[p].name, passes[p].ms, passes[p].tris, n);
    _peak_rss("peak_rss_mb");
    _loadavg("loadavg_end");
    if (pf)
        fclose(pf);
    rc = 0;
free_all:
    for (int p = 0; p < 3; p++) {
        free(passes[p].ms);
        free(passes[p].tris);
    }
    free(walk_ms);
    free(walk_tris);
    free(views);
done:
    museum_scene_close(&s);
    pkg_close(&pkg);
    return rc;
}

int main(int argc, char **argv)
{
    _walk_opts o;
    if (!_parse(argc, argv, &o))
        return _usage();
    vt_error_msg err = { { 0 } };
    if (!plat_init(&(plat_desc){ .headless = true, .width = o.width, .height = o.height }, &err) ||
        !gfx_init(plat_gl_proc_loader(), &err) || !render_init(true, &err)) {
        fprintf(stderr, "bench_walk: %s\n", err.text);
        return 1;
    }
    gfx_target target =
        gfx_make_target(&(gfx_target_desc){ .width = o.width, .height = o.height, .samples = o.samples });
    int rc = o.open_only ? _open(&o, target) : _walk(&o, target);
    gfx_destroy_target(target);
    render_shutdown();
    gfx_shutdown();
    plat_shutdown();
    return rc;
}
