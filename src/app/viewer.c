/* The inspection app: load, open, then a frame loop in named phases (input,
 * update, render, present), or one headless frame. */
#include "viewer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app_frame.h"
#include "app/demo.h"
#include "app/exhibition_source.h"
#include "app/inspect_input.h"
#include "app/museum.h"
#include "app/scan_source.h"
#include "app/screenshot.h"
#include "base/file.h"
#include "base/log.h"
#include "camera/orbit.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "render/render.h"

/* Bytes of checked data uploaded between two frames: about 10 ms of copying
 * on a slow machine, so streaming never stalls the view. */
#define VIEWER_STREAM_BUDGET (24u << 20)

typedef struct app_viewer {
    app_scan source;
    render_scan scan;
    gfx_target target;
    cam_orbit orbit;
    app_inspect input;
    int width, height;
    bool fullscreen; /* what F11 toggles, starting from --fullscreen */
} app_viewer;

static void _viewer_make_target(app_viewer *v, int w, int h)
{
    gfx_destroy_target(v->target);
    v->width = w > 0 ? w : 1;
    v->height = h > 0 ? h : 1;
    v->target = gfx_make_target(&(gfx_target_desc){ .width = v->width, .height = v->height });
}

static void _viewer_draw(app_viewer *v, render_mode mode)
{
    render_view view = { .mode = mode, .force_lod = -1 };
    cam_orbit_view(&v->orbit, view.view);
    cam_orbit_proj(&v->orbit, view.proj);
    cam_pose_eye(&v->orbit.current, view.eye);
    view.pixels_per_unit_at_1m = (float)v->height / (2.0f * tanf(0.5f * v->orbit.fov_y));
    render_frame(v->target, &view, v->scan, NULL);
}

static int _viewer_loop(app_viewer *v, render_mode mode)
{
    app_inspect_init(&v->input, &v->orbit, &v->source.pkg, mode, v->width, v->height);
    double last = plat_time();
    bool dirty = true;
    int shot = 0;
    for (;;) {
        /* input */
        plat_event ev;
        double now = plat_time();
        while (plat_poll(&ev)) {
            app_inspect_event(&v->input, &ev, now);
            if (ev.type == PLAT_EV_RESIZE)
                _viewer_make_target(v, ev.width, ev.height);
        }
        app_inspect *in = &v->input;
        if (in->want_quit)
            break;
        app_frame_fullscreen(&in->want_fullscreen_toggle, &v->fullscreen);
        /* update */
        float dt = app_frame_dt(now, &last);
        bool moving = !cam_orbit_settled(&v->orbit);
        cam_orbit_update(&v->orbit, dt);
        /* finer detail arriving is worth a new frame */
        bool streamed = render_stream(v->scan, VIEWER_STREAM_BUDGET);
        dirty = dirty || moving || in->changed || streamed;
        in->changed = false;
        /* render + present; an idle viewer sleeps until input arrives, so a
         * kiosk left alone does not burn a software-GL core all night */
        if (dirty) {
            _viewer_draw(v, in->mode);
            app_frame_present(v->target);
            dirty = false;
        } else if (render_scan_complete(v->scan)) {
            plat_wait_event(250);
        } else {
            plat_wait_event(10); /* the worker is checking the next piece */
        }
        if (in->want_screenshot) {
            app_frame_screenshot(v->target, &shot);
            in->want_screenshot = false;
        }
    }
    return 0;
}

/* An exhibition: a folder, or a package that holds one. ERR says why a
 * .vitrine file could not be read (the caller reports it when only an
 * exhibition would do). */
static bool _viewer_is_exhibition(const char *path, vt_error_msg *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return app_exhibition_is_folder(path); /* else the scan path says "a folder" */
    vt_package pkg;
    if (pkg_open(&pkg, path, err) != VT_OK)
        return false; /* not a package: the scan path reports what it is */
    bool yes = pkg_is_exhibition(&pkg);
    pkg_close(&pkg);
    return yes;
}

int app_run_viewer(const app_options *opt)
{
    char gallery[1024];
    if (!opt->path && app_demo_gallery(gallery, sizeof gallery))
        return app_run_museum(opt, gallery);
    vt_error_msg perr = { { 0 } };
    if (opt->path && _viewer_is_exhibition(opt->path, &perr))
        return app_run_museum(opt, opt->path);
    if (opt->view || opt->tour || opt->script || opt->watch || opt->open_hotspot || opt->audio_out) {
        char ext[16];
        vt_path_ext(opt->path, ext, sizeof ext);
        if (perr.text[0] && strcmp(ext, "vitrine") == 0) { /* a damaged package, not a single scan */
            vt_error("%s", perr.text);
            return 3;
        }
        vt_error("--view, --tour, --script, --watch, --open-hotspot and --audio-out are for exhibitions; %s is a "
                 "single scan",
                 opt->path ? opt->path : "the demo");
        return 2;
    }
    if (opt->verbose)
        vt_log_set_level(VT_LOG_INFO);
    static app_viewer v; /* large; app lifetime */
    memset(&v, 0, sizeof v);
    vt_error_msg err = { { 0 } };
    v.fullscreen = opt->fullscreen;
    vt_result r = app_scan_open(&v.source, opt, &err);
    if (r != VT_OK) {
        vt_error("%s", err.text);
        return r == VT_ERR_OUT_OF_MEMORY || r == VT_ERR_IO ? 1 : 3;
    }
    const vt_pkg_meta *meta = v.source.pkg.meta;

    bool headless = opt->screenshot != NULL;
    char window_title[512];
    snprintf(window_title, sizeof window_title, "Vitrine - %s", v.source.title);
    int code = 1;
    if (!plat_init(&(plat_desc){ .title = window_title, .width = opt->width, .height = opt->height,
                                 .headless = headless, .fullscreen = opt->fullscreen },
                   &err)) {
        vt_error("%s", err.text);
        app_scan_close(&v.source);
        return 1;
    }
    if (!gfx_init(plat_gl_proc_loader(), &err) || !render_init(!headless, &err)) {
        vt_error("%s", err.text);
        goto out;
    }
    /* A screenshot is exactly the size asked for; a window may be scaled by
     * the desktop (HiDPI), so it renders at its drawable size. */
    int w = opt->width, h = opt->height;
    if (!headless)
        plat_drawable_size(&w, &h);
    _viewer_make_target(&v, w, h);
    if (!v.target.id) {
        vt_error("cannot create a %dx%d frame buffer", w, h);
        goto out;
    }
    /* A screenshot waits for full detail; a window shows the coarse levels
     * at once and streams the rest. */
    v.scan = render_open_scan(&(render_scan_desc){ .pkg = &v.source.pkg, .all_now = headless }, &err);
    if (!v.scan.id) {
        vt_error("%s", err.text);
        goto out;
    }
    vt_aabb bounds = { { meta->bounds_min[0], meta->bounds_min[1], meta->bounds_min[2] },
                       { meta->bounds_max[0], meta->bounds_max[1], meta->bounds_max[2] } };
    cam_orbit_init(&v.orbit, &(cam_orbit_desc){ .bounds = bounds, .aspect = (float)w / (float)h,
                                                .yaw = v.source.yaw, .pitch = v.source.pitch });
    render_mode mode = opt->has_mode ? opt->mode : v.source.lit ? RENDER_LIT : render_default_mode(&v.source.pkg);
    vt_info("video driver %s; look %s", plat_video_driver(), render_mode_name(mode));

    if (headless) {
        if (opt->has_orbit)
            cam_orbit_set(&v.orbit, opt->yaw, opt->pitch, opt->distance);
        cam_orbit_snap(&v.orbit);
        _viewer_draw(&v, mode);
        if (app_write_screenshot(v.target, opt->screenshot, &err) != VT_OK) {
            vt_error("%s", err.text);
            goto out;
        }
        code = 0;
    } else {
        if (opt->has_orbit) {
            cam_orbit_set(&v.orbit, opt->yaw, opt->pitch, opt->distance);
            v.orbit.home = v.orbit.goal;
            cam_orbit_snap(&v.orbit);
        }
        code = _viewer_loop(&v, mode);
    }
out:
    render_shutdown();
    gfx_shutdown();
    plat_shutdown();
    app_scan_close(&v.source);
    return code;
}
