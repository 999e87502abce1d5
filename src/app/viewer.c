/* The inspection app: load, open, then a frame loop in named phases (input,
 * update, render, present), or one headless frame. */
#include "viewer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/demo.h"
#include "app/inspect_input.h"
#include "app/screenshot.h"
#include "base/log.h"
#include "camera/orbit.h"
#include "gfx/gfx.h"
#include "platform/platform.h"
#include "render/render.h"

typedef struct app_viewer {
    scene_model model;
    render_scan scan;
    gfx_target target;
    cam_orbit orbit;
    app_inspect input;
    int width, height;
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
    render_view view = { .mode = mode };
    cam_orbit_view(&v->orbit, view.view);
    cam_orbit_proj(&v->orbit, view.proj);
    cam_pose_eye(&v->orbit.current, view.eye);
    render_frame(v->target, &view, v->scan);
}

static int _viewer_loop(app_viewer *v, render_mode mode)
{
    app_inspect_init(&v->input, &v->orbit, &v->model, mode, v->width, v->height);
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
        if (in->want_fullscreen_toggle) {
            static bool full;
            full = !full;
            plat_set_fullscreen(full);
            in->want_fullscreen_toggle = false;
        }
        /* update */
        float dt = (float)(now - last);
        last = now;
        if (dt > 0.1f)
            dt = 0.1f; /* after a stall, ease on rather than jump */
        bool moving = !cam_orbit_settled(&v->orbit);
        cam_orbit_update(&v->orbit, dt);
        dirty = dirty || moving || in->changed;
        in->changed = false;
        /* render + present; an idle viewer sleeps until input arrives, so a
         * kiosk left alone does not burn a software-GL core all night */
        if (dirty) {
            _viewer_draw(v, in->mode);
            int ww, wh;
            plat_drawable_size(&ww, &wh);
            gfx_present_target(v->target, ww, wh);
            plat_swap();
            dirty = false;
        } else {
            plat_wait_event(250);
        }
        if (in->want_screenshot) {
            char name[64];
            snprintf(name, sizeof name, "vitrine-%ld-%d.png", (long)time(NULL), shot++);
            vt_error_msg err = { { 0 } };
            if (app_write_screenshot(v->target, name, &err) == VT_OK)
                fprintf(stderr, "vitrine: saved %s\n", name);
            else
                vt_error("%s", err.text);
            in->want_screenshot = false;
        }
    }
    return 0;
}

int app_run_viewer(const app_options *opt)
{
    if (opt->verbose)
        vt_log_set_level(VT_LOG_INFO);
    static app_viewer v; /* large; app lifetime */
    memset(&v, 0, sizeof v);
    vt_error_msg err = { { 0 } };
    app_demo_view demo = { .name = opt->path };
    vt_result r;
    if (opt->path)
        r = import_scan(&(import_desc){ .path = opt->path, .up = opt->up, .unit_scale = opt->unit_scale }, &v.model,
                        &err);
    else
        r = app_demo_load(&v.model, &demo, &err);
    if (r != VT_OK) {
        vt_error("%s", err.text);
        return r == VT_ERR_OUT_OF_MEMORY ? 1 : 3;
    }

    bool headless = opt->screenshot != NULL;
    char window_title[512];
    snprintf(window_title, sizeof window_title, "Vitrine - %s", demo.name);
    int code = 1;
    if (!plat_init(&(plat_desc){ .title = window_title, .width = opt->width, .height = opt->height,
                                 .headless = headless, .fullscreen = opt->fullscreen },
                   &err)) {
        vt_error("%s", err.text);
        scene_model_free(&v.model);
        return 1;
    }
    if (!gfx_init(plat_gl_proc_loader(), &err) || !render_init(&err)) {
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
    v.scan = render_upload_scan(&v.model);
    cam_orbit_init(&v.orbit, &(cam_orbit_desc){ .bounds = v.model.bounds, .aspect = (float)w / (float)h,
                                                .yaw = demo.yaw, .pitch = demo.pitch });
    render_mode mode = opt->has_mode ? opt->mode : demo.lit ? RENDER_LIT : render_default_mode(&v.model);
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
    scene_model_free(&v.model);
    return code;
}
