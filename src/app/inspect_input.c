#include "inspect_input.h"

#include "app/pick.h"

#include <math.h>
#include <string.h>

/* The wheel casts against a level of at most this many triangles, so a
 * notch never stutters on a huge scan; a double-click casts on the finest. */
#define INSPECT_WHEEL_PICK_MAX_TRIS 300000u
#define INSPECT_DOUBLE_TAP_S 0.35
#define INSPECT_TAP_SLOP_PX 24.0f

void app_inspect_init(app_inspect *in, cam_orbit *orbit, const vt_package *pkg, render_mode mode, int w, int h)
{
    memset(in, 0, sizeof *in);
    in->orbit = orbit;
    in->pkg = pkg;
    in->mode = mode;
    in->view_w = w;
    in->view_h = h;
    in->last_tap_time = -1e9;
}

static bool _inspect_pick(const app_inspect *in, float x, float y, uint64_t max_tris, bool surface_only, float out[3])
{
    vec3 origin, dir;
    cam_orbit_ray(in->orbit, x, y, (float)in->view_w, (float)in->view_h, origin, dir);
    float t;
    if (in->pkg && app_pick(in->pkg, max_tris, origin, dir, &t)) {
        glm_vec3_copy(origin, out);
        glm_vec3_muladds(dir, t, out);
        return true;
    }
    if (surface_only)
        return false;
    /* Plane through the target, facing the eye. */
    vec3 fwd;
    glm_vec3_sub(in->orbit->current.target, origin, fwd);
    glm_vec3_normalize(fwd);
    float denom = glm_vec3_dot(dir, fwd);
    if (denom < 1e-4f)
        return false;
    vec3 to_target;
    glm_vec3_sub(in->orbit->current.target, origin, to_target);
    t = glm_vec3_dot(to_target, fwd) / denom;
    glm_vec3_copy(origin, out);
    glm_vec3_muladds(dir, t, out);
    return true;
}

bool app_inspect_pick(const app_inspect *in, float x, float y, bool surface_only, float out[3])
{
    return _inspect_pick(in, x, y, UINT64_MAX, surface_only, out);
}

static void _inspect_zoom_at(app_inspect *in, float factor, float x, float y)
{
    float p[3];
    bool hit = _inspect_pick(in, x, y, INSPECT_WHEEL_PICK_MAX_TRIS, false, p);
    cam_orbit_zoom(in->orbit, factor, hit ? p : NULL);
}

static void _inspect_focus(app_inspect *in, float x, float y)
{
    float p[3];
    if (app_inspect_pick(in, x, y, true, p))
        cam_orbit_focus(in->orbit, p);
}

static app_touch *_inspect_touch(app_inspect *in, int64_t id, bool create)
{
    for (int i = 0; i < 2; i++)
        if (in->touches[i].down && in->touches[i].id == id)
            return &in->touches[i];
    if (!create)
        return NULL;
    for (int i = 0; i < 2; i++)
        if (!in->touches[i].down) {
            in->touches[i] = (app_touch){ .id = id, .down = true };
            return &in->touches[i];
        }
    return NULL; /* a third finger is ignored */
}

static int _inspect_touch_count(const app_inspect *in) { return in->touches[0].down + in->touches[1].down; }

static void _inspect_pinch_state(app_inspect *in)
{
    const app_touch *a = &in->touches[0], *b = &in->touches[1];
    in->pinch_dist = hypotf(a->x - b->x, a->y - b->y);
    in->pinch_cx = 0.5f * (a->x + b->x);
    in->pinch_cy = 0.5f * (a->y + b->y);
}

static void _inspect_touch_event(app_inspect *in, const plat_event *ev, double now)
{
    if (ev->type == PLAT_EV_TOUCH_DOWN) {
        app_touch *t = _inspect_touch(in, ev->finger, true);
        if (!t)
            return;
        t->x = ev->x;
        t->y = ev->y;
        if (_inspect_touch_count(in) == 2) {
            _inspect_pinch_state(in);
            in->tap_moved = true; /* a two-finger gesture is no tap */
        } else {
            in->tap_down_time = now;
            in->tap_x = ev->x;
            in->tap_y = ev->y;
            in->tap_moved = false;
        }
        return;
    }
    app_touch *t = _inspect_touch(in, ev->finger, false);
    if (!t)
        return;
    if (ev->type == PLAT_EV_TOUCH_MOVE) {
        float px = t->x, py = t->y;
        t->x = ev->x;
        t->y = ev->y;
        if (hypotf(ev->x - in->tap_x, ev->y - in->tap_y) > INSPECT_TAP_SLOP_PX)
            in->tap_moved = true;
        if (_inspect_touch_count(in) == 1) {
            cam_orbit_rotate(in->orbit, t->x - px, t->y - py, (float)in->view_h);
        } else {
            float d0 = in->pinch_dist, cx0 = in->pinch_cx, cy0 = in->pinch_cy;
            _inspect_pinch_state(in);
            if (in->pinch_dist > 1.0f && d0 > 1.0f)
                _inspect_zoom_at(in, d0 / in->pinch_dist, in->pinch_cx, in->pinch_cy);
            cam_orbit_pan(in->orbit, in->pinch_cx - cx0, in->pinch_cy - cy0, (float)in->view_h);
        }
        in->changed = true;
        return;
    }
    /* finger up */
    bool was_single = _inspect_touch_count(in) == 1;
    t->down = false;
    if (_inspect_touch_count(in) == 1) {
        /* The remaining finger carries on turning from where it is. */
        in->tap_moved = true;
        return;
    }
    if (was_single && !in->tap_moved && now - in->tap_down_time < INSPECT_DOUBLE_TAP_S) {
        bool near_last = hypotf(ev->x - in->last_tap_x, ev->y - in->last_tap_y) < 2 * INSPECT_TAP_SLOP_PX;
        if (now - in->last_tap_time < INSPECT_DOUBLE_TAP_S && near_last) {
            _inspect_focus(in, ev->x, ev->y);
            in->last_tap_time = -1e9;
            in->changed = true;
        } else {
            in->last_tap_time = now;
            in->last_tap_x = ev->x;
            in->last_tap_y = ev->y;
        }
    }
}

static void _inspect_key(app_inspect *in, plat_key key)
{
    switch (key) {
    case PLAT_KEY_F: cam_orbit_frame(in->orbit); break;
    case PLAT_KEY_R: cam_orbit_reset(in->orbit); break;
    case PLAT_KEY_U: in->mode = RENDER_UNLIT; break;
    case PLAT_KEY_L: in->mode = RENDER_LIT; break;
    case PLAT_KEY_C: in->mode = RENDER_CLAY; break;
    case PLAT_KEY_M: in->mode = (render_mode)((in->mode + 1) % RENDER_MODE_COUNT); break;
    case PLAT_KEY_S: in->want_screenshot = true; break;
    case PLAT_KEY_F11: in->want_fullscreen_toggle = true; break;
    case PLAT_KEY_ESCAPE: in->want_quit = true; break;
    default: return;
    }
    in->changed = true;
}

void app_inspect_event(app_inspect *in, const plat_event *ev, double now)
{
    switch (ev->type) {
    case PLAT_EV_QUIT:
        in->want_quit = true;
        break;
    case PLAT_EV_KEY_DOWN:
        _inspect_key(in, ev->key);
        break;
    case PLAT_EV_MOUSE_DOWN:
        if (ev->button == PLAT_BUTTON_LEFT && ev->clicks >= 2) {
            _inspect_focus(in, ev->x, ev->y);
            in->changed = true;
        }
        if (!in->drag_button) {
            in->drag_button = ev->button;
            in->drag_pan = ev->button != PLAT_BUTTON_LEFT || ev->shift;
        }
        break;
    case PLAT_EV_MOUSE_UP:
        if (ev->button == in->drag_button)
            in->drag_button = 0;
        break;
    case PLAT_EV_MOUSE_MOVE:
        if (!in->drag_button)
            break;
        if (in->drag_pan)
            cam_orbit_pan(in->orbit, ev->dx, ev->dy, (float)in->view_h);
        else
            cam_orbit_rotate(in->orbit, ev->dx, ev->dy, (float)in->view_h);
        in->changed = true;
        break;
    case PLAT_EV_WHEEL:
        /* One notch: 15% closer or farther, toward what is under the cursor. */
        _inspect_zoom_at(in, powf(0.85f, ev->wheel), ev->x, ev->y);
        in->changed = true;
        break;
    case PLAT_EV_TOUCH_DOWN:
    case PLAT_EV_TOUCH_UP:
    case PLAT_EV_TOUCH_MOVE:
        _inspect_touch_event(in, ev, now);
        break;
    case PLAT_EV_RESIZE:
        in->view_w = ev->width;
        in->view_h = ev->height;
        if (ev->height > 0)
            cam_orbit_set_aspect(in->orbit, (float)ev->width / (float)ev->height);
        in->changed = true;
        break;
    default:
        break;
    }
}
