/* inspect_input: turns pointer, touch and key events into camera moves and
 * viewer requests while a visitor inspects one artefact.
 *
 * Mouse: left-drag turns, right- or middle-drag (or shift+left) pans, wheel
 * zooms toward the cursor, double-click focuses the surface point under it.
 * Touch: one finger turns, two fingers pinch-zoom and pan together, a double
 * tap focuses. Keys: F frame, R reset, U/L/C/M looks, S screenshot, F11
 * fullscreen, Esc quit. Works on plat_event only, so tests drive it through
 * the null platform. */
#ifndef VT_INSPECT_INPUT_H
#define VT_INSPECT_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "camera/orbit.h"
#include "platform/platform.h"
#include "package/package.h"
#include "render/render.h"

typedef struct app_touch {
    int64_t id;
    float x, y;
    bool down;
} app_touch;

typedef struct app_inspect {
    cam_orbit *orbit;
    const vt_package *pkg; /* for picking; may be NULL */
    render_mode mode;
    int view_w, view_h;
    /* outputs, cleared by the caller after acting on them */
    bool want_quit, want_screenshot, want_fullscreen_toggle;
    bool changed; /* something moved: draw a frame */
    /* mouse drag state */
    int drag_button;
    bool drag_pan;
    /* touch state: two fingers at most take part */
    app_touch touches[2];
    float pinch_dist, pinch_cx, pinch_cy;
    double tap_down_time, last_tap_time;
    float tap_x, tap_y, last_tap_x, last_tap_y;
    bool tap_moved;
} app_inspect;

void app_inspect_init(app_inspect *in, cam_orbit *orbit, const vt_package *pkg, render_mode mode, int w, int h);
void app_inspect_event(app_inspect *in, const plat_event *ev, double now);

/* The world point under pixel (x, y): the surface if the ray hits the scan,
 * else the point on the plane through the orbit target facing the camera. */
bool app_inspect_pick(const app_inspect *in, float x, float y, bool surface_only, float out[3]);

#endif
