/* The visitor's ways of moving through an exhibition (see museum_nav.h). */
#include "museum_nav.h"

#include <math.h>
#include <string.h>

#define NAV_TAP_PX 8.0f       /* a press that moves less is a tap, not a look */
#define NAV_TAP_S 0.6         /* ... and lasts less than this */
#define NAV_TURN_RATE 1.6f    /* rad/s for the left/right arrow keys */
#define NAV_WHEEL_STEP 0.75f  /* metres a wheel notch walks */
#define NAV_EYE 1.6f

static void _nav_collide(void *user, const float from[2], float to[2], float radius)
{
    world_collide(user, from, to, radius);
}

void museum_nav_init(museum_nav *n, const exhibition *ex, const world *w, int view_w, int view_h)
{
    memset(n, 0, sizeof *n);
    n->ex = ex;
    n->world = w;
    n->fov_y = glm_rad(60.0f); /* a walker's natural field of view */
    n->inspected = -1;
    n->finger = -1;
    n->tour_index = -1;
    n->eye_target = NAV_EYE;
    n->show_map = true; /* a kiosk visitor should not need to know Tab */
    museum_nav_resize(n, view_w, view_h);
    cam_walk_init(&n->walk, &(cam_walk_desc){ 0 });
    cam_walk_look(&n->walk, &n->shown);
    n->changed = true;
}

void museum_nav_resize(museum_nav *n, int w, int h)
{
    n->view_w = w > 0 ? w : 1;
    n->view_h = h > 0 ? h : 1;
    n->inspect.view_w = n->view_w;
    n->inspect.view_h = n->view_h;
    cam_orbit_set_aspect(&n->orbit, (float)n->view_w / (float)n->view_h);
    n->changed = true;
}

void museum_nav_set_pose(museum_nav *n, const float eye[3], const float look_at[3])
{
    cam_look l;
    cam_look_from_points(eye, look_at, &l);
    cam_walk_set_look(&n->walk, &l);
    n->walk.eye_height = fmaxf(0.3f, eye[1] - n->walk.floor_y);
    n->eye_target = NAV_EYE;
    n->shown = l;
    n->state = MUSEUM_WALK;
    n->changed = true;
}

static float _nav_fov(const museum_nav *n)
{
    if (n->state == MUSEUM_INSPECT)
        return n->orbit.fov_y;
    if (n->state == MUSEUM_GLIDE) {
        float u = n->glide.duration > 0 ? cam_smootherstep(n->glide.t / n->glide.duration) : 1.0f;
        return n->glide_fov[0] + (n->glide_fov[1] - n->glide_fov[0]) * u;
    }
    return n->fov_y;
}

static void _nav_glide(museum_nav *n, const cam_look *to, museum_nav_state after)
{
    /* The turntable frames an artefact with a narrower lens than a walker's
     * eye; the glide changes lens as it moves, so nothing pops. */
    n->glide_fov[0] = _nav_fov(n);
    n->glide_fov[1] = after == MUSEUM_INSPECT ? n->orbit.fov_y : n->fov_y;
    cam_glide_start(&n->glide, &n->shown, to, 0);
    n->after_glide = after;
    n->state = MUSEUM_GLIDE;
    cam_walk_cancel(&n->walk);
    n->changed = true;
}

int museum_nav_find_viewpoint(const museum_nav *n, const char *id)
{
    for (size_t i = 0; id && i < n->ex->viewpoint_count; i++)
        if (strcmp(n->ex->viewpoints[i].id, id) == 0)
            return (int)i;
    return -1;
}

int museum_nav_find_tour(const museum_nav *n, const char *id)
{
    for (size_t i = 0; id && i < n->ex->tour_count; i++)
        if (strcmp(n->ex->tours[i].id, id) == 0)
            return (int)i;
    return -1;
}

void museum_nav_glide_to(museum_nav *n, const float eye[3], const float look_at[3])
{
    cam_look to;
    cam_look_from_points(eye, look_at, &to);
    _nav_glide(n, &to, MUSEUM_WALK);
}

bool museum_nav_goto_viewpoint(museum_nav *n, size_t i)
{
    if (i >= n->ex->viewpoint_count)
        return false;
    museum_nav_glide_to(n, n->ex->viewpoints[i].position, n->ex->viewpoints[i].look_at);
    return true;
}

bool museum_nav_start_tour(museum_nav *n, size_t i, bool from_first_stop)
{
    if (i >= n->ex->tour_count)
        return false;
    const exhibition_tour *t = &n->ex->tours[i];
    size_t count = 0;
    for (size_t s = 0; s < t->stop_count && count < sizeof n->tour_stops / sizeof *n->tour_stops; s++) {
        const exhibition_tour_stop *st = &t->stops[s];
        if (st->viewpoint_index >= n->ex->viewpoint_count)
            continue;
        const exhibition_viewpoint *vp = &n->ex->viewpoints[st->viewpoint_index];
        cam_tour_stop *ts = &n->tour_stops[count++];
        cam_look_from_points(vp->position, vp->look_at, &ts->pose);
        ts->hold = st->seconds;
        ts->travel = st->travel_seconds;
    }
    if (count == 0)
        return false;
    if (from_first_stop)
        n->tour_stops[0].travel = 0; /* the tour opens on its first view */
    cam_tour_init(&n->tour, n->tour_stops, count, &n->shown);
    cam_tour_player_start(&n->player, &n->tour);
    cam_walk_cancel(&n->walk);
    n->tour_index = (int)i;
    n->state = MUSEUM_TOUR;
    cam_tour_player_pose(&n->player, &n->shown, &n->tour_stop, NULL);
    n->changed = true;
    return true;
}

bool museum_nav_inspect(museum_nav *n, int a)
{
    if (a < 0 || (size_t)a >= n->ex->artefact_count || (size_t)a >= n->world->artefact_count)
        return false;
    const exhibition_artefact *art = &n->ex->artefacts[a];
    vt_aabb box = n->world->artefact_bounds[a];
    if (art->support == EXHIBITION_SUPPORT_VITRINE) {
        /* The turntable keeps the eye outside its box: make that the
         * glass case's (world.h: 5 cm out, 12 cm above), not the scan's. */
        for (int k = 0; k < 3; k += 2) {
            box.min[k] -= 0.06f;
            box.max[k] += 0.06f;
        }
        box.max[1] += 0.13f;
    }
    const vt_aabb *b = &box;
    vec3 c;
    vt_aabb_center(b, c);
    /* Approach from where the visitor stands, so the glide is short. */
    float dx = n->shown.eye[0] - c[0], dz = n->shown.eye[2] - c[2];
    float yaw = glm_deg(atan2f(dx, dz));
    float horiz = fmaxf(hypotf(dx, dz), 0.1f);
    float pitch = glm_clamp(glm_deg(atan2f(n->shown.eye[1] - c[1], horiz)), 5.0f, 35.0f);
    const exhibition_orbit *o = &art->orbit;
    cam_orbit_limits lim = { 0 };
    float front = art->rotation[1] + (o->has_front_yaw ? o->front_yaw : 0.0f);
    if (o->has_yaw) {
        lim.has_yaw = true;
        lim.yaw_center = glm_rad(front);
        lim.yaw_min = glm_rad(o->yaw[0]);
        lim.yaw_max = glm_rad(o->yaw[1]);
    }
    if (o->has_pitch) {
        lim.has_pitch = true;
        lim.pitch_min = glm_rad(o->pitch[0]);
        lim.pitch_max = glm_rad(o->pitch[1]);
    }
    if (o->has_distance) {
        lim.has_distance = true;
        lim.distance_min = o->distance[0];
        lim.distance_max = o->distance[1];
    }
    cam_orbit_init(&n->orbit, &(cam_orbit_desc){ .bounds = *b, .fov_y = glm_rad(40.0f),
                                                 .aspect = (float)n->view_w / (float)n->view_h, .yaw = yaw,
                                                 .pitch = pitch, .limits = lim });
    app_inspect_init(&n->inspect, &n->orbit, NULL, RENDER_UNLIT, n->view_w, n->view_h);
    n->inspected = a;
    n->return_pose = n->state == MUSEUM_INSPECT ? n->return_pose : n->shown;
    cam_look to;
    cam_look_from_orbit(&n->orbit.home, &to);
    _nav_glide(n, &to, MUSEUM_INSPECT);
    return true;
}

void museum_nav_back(museum_nav *n)
{
    if (n->state != MUSEUM_INSPECT && !(n->state == MUSEUM_GLIDE && n->after_glide == MUSEUM_INSPECT))
        return;
    if (n->state == MUSEUM_INSPECT)
        cam_look_from_orbit(&n->orbit.current, &n->shown);
    n->inspected = -1;
    _nav_glide(n, &n->return_pose, MUSEUM_WALK);
}

static void _nav_leave_tour(museum_nav *n)
{
    if (n->state != MUSEUM_TOUR)
        return;
    cam_walk_set_look(&n->walk, &n->shown);
    n->walk.eye_height = fmaxf(0.3f, n->shown.eye[1] - n->walk.floor_y);
    n->state = MUSEUM_WALK;
    n->tour_index = -1;
    n->changed = true;
}

/* The nearest wall piece the ray (O, D) meets, as a ray parameter. */
static float _nav_wall_t(const world *w, const float o[3], const float d[3])
{
    float best = INFINITY;
    for (size_t i = 0; i < w->wall_count; i++) {
        const world_wall *wl = &w->walls[i];
        float ex = wl->b[0] - wl->a[0], ez = wl->b[1] - wl->a[1];
        float den = d[0] * ez - d[2] * ex;
        if (fabsf(den) < 1e-9f)
            continue; /* parallel to the wall */
        float ax = wl->a[0] - o[0], az = wl->a[1] - o[2];
        float t = (ax * ez - az * ex) / den, u = (ax * d[2] - az * d[0]) / den;
        float y = o[1] + d[1] * t;
        if (t > 0 && t < best && u >= 0 && u <= 1 && y >= wl->y0 && y <= wl->y1)
            best = t;
    }
    return best;
}

/* The artefact whose support (plinth, vitrine glass) the ray meets first,
 * before any wall: a tap on a vitrine means the object inside it. */
static int _nav_support_hit(const museum_nav *n, const float o[3], const float d[3], float *t_out)
{
    int best = -1;
    float best_t = _nav_wall_t(n->world, o, d);
    for (size_t a = 0; a < n->world->artefact_count && a < n->ex->artefact_count; a++) {
        vt_aabb b = n->world->artefact_bounds[a];
        const exhibition_artefact *art = &n->ex->artefacts[a];
        float below = art->support == EXHIBITION_SUPPORT_NONE ? 0.0f : art->support_height;
        for (int k = 0; k < 3; k += 2) {
            b.min[k] -= 0.1f;
            b.max[k] += 0.1f;
        }
        b.min[1] -= below;
        b.max[1] += 0.15f;
        float t_in, t_exit;
        if (vt_ray_aabb(o, d, &b, &t_in, &t_exit) && t_in > 0 && t_in < best_t) {
            best_t = t_in;
            best = (int)a;
        }
    }
    *t_out = best_t;
    return best;
}

/* A tap or click at pixel (x, y) while walking. */
static void _nav_tap(museum_nav *n, float x, float y)
{
    const museum_map_frame *m = &n->map;
    if (m->visible && x >= m->x && x < m->x + m->w && y >= m->y && y < m->y + m->h && m->px_per_m > 0) {
        float wx = m->origin[0] + (x - m->x) / m->px_per_m, wz = m->origin[1] + (y - m->y) / m->px_per_m;
        if (world_room_at(n->world, wx, wz) >= 0) {
            cam_walk_goto(&n->walk, wx, wz);
            n->changed = true;
        }
        return;
    }
    vec3 o, d;
    cam_look_ray(&n->shown, n->fov_y, (float)n->view_w / (float)n->view_h, x, y, (float)n->view_w,
                 (float)n->view_h, o, d);
    float t_art = 0;
    int a = world_ray_artefact(n->world, o, d, &t_art);
    float hit[3];
    bool floor = world_ray_floor(n->world, o, d, hit);
    float t_floor = floor ? glm_vec3_distance(o, hit) / fmaxf(glm_vec3_norm(d), 1e-9f) : INFINITY;
    if (a < 0)
        a = _nav_support_hit(n, o, d, &t_art);
    if (a >= 0 && t_art <= t_floor) {
        museum_nav_inspect(n, a);
    } else if (floor) {
        cam_walk_goto(&n->walk, hit[0], hit[2]);
        n->changed = true;
    }
}

static bool _nav_is_walk_key(plat_key k)
{
    return k == PLAT_KEY_W || k == PLAT_KEY_A || k == PLAT_KEY_S || k == PLAT_KEY_D || k == PLAT_KEY_UP ||
           k == PLAT_KEY_DOWN || k == PLAT_KEY_LEFT || k == PLAT_KEY_RIGHT;
}

static void _nav_look(museum_nav *n, float dx, float dy)
{
    /* Grab the view: the scene follows the finger or the pointer, as in a
     * panorama, on touch and mouse alike. */
    float yaw, pitch;
    cam_walk_look_from_pixels(-dx, -dy, (float)n->view_h, 0, &yaw, &pitch);
    cam_walk_input in = { .look_yaw = yaw, .look_pitch = pitch };
    cam_walk_update(&n->walk, &in, 0, NULL, NULL);
    cam_walk_look(&n->walk, &n->shown);
    n->walk.goal_turn = false;
    n->changed = true;
}

static void _nav_key_down(museum_nav *n, const plat_event *ev)
{
    plat_key k = ev->key;
    if (_nav_is_walk_key(k)) {
        _nav_leave_tour(n);
        n->keys[k] = true;
        cam_walk_cancel(&n->walk);
        return;
    }
    if (ev->repeat)
        return;
    if (k >= PLAT_KEY_1 && k <= PLAT_KEY_9) {
        _nav_leave_tour(n);
        museum_nav_goto_viewpoint(n, (size_t)(k - PLAT_KEY_1));
        return;
    }
    switch (k) {
    case PLAT_KEY_ESCAPE:
    case PLAT_KEY_BACKSPACE:
        if (n->show_about || n->show_help) {
            n->show_about = n->show_help = false;
            n->changed = true;
        } else if (n->state == MUSEUM_TOUR) {
            _nav_leave_tour(n);
        } else if (k == PLAT_KEY_ESCAPE) {
            n->want_quit = true;
        }
        break;
    case PLAT_KEY_T:
        if (n->state == MUSEUM_TOUR)
            _nav_leave_tour(n);
        else if (n->ex->tour_count > 0)
            museum_nav_start_tour(n, 0, false);
        break;
    case PLAT_KEY_SPACE:
    case PLAT_KEY_P:
        if (n->state == MUSEUM_TOUR) {
            if (n->player.paused)
                cam_tour_player_resume(&n->player);
            else
                cam_tour_player_pause(&n->player);
            n->changed = true;
        }
        break;
    case PLAT_KEY_TAB:
        n->show_map = !n->show_map;
        n->changed = true;
        break;
    case PLAT_KEY_I:
        n->show_about = !n->show_about;
        n->changed = true;
        break;
    case PLAT_KEY_H:
        n->show_help = !n->show_help;
        n->changed = true;
        break;
    case PLAT_KEY_F11:
        n->want_fullscreen_toggle = true;
        break;
    default:
        break;
    }
}

void museum_nav_event(museum_nav *n, const plat_event *ev, double now)
{
    if (ev->type == PLAT_EV_RESIZE) {
        museum_nav_resize(n, ev->width, ev->height);
        return;
    }
    if (ev->type == PLAT_EV_QUIT) {
        n->want_quit = true;
        return;
    }
    if (ev->type == PLAT_EV_KEY_UP) {
        if ((unsigned)ev->key < PLAT_KEY_COUNT)
            n->keys[ev->key] = false;
        return;
    }
    if (n->state == MUSEUM_GLIDE) {
        /* A glide is short: input waits, but Esc lands at once. */
        if (ev->type == PLAT_EV_KEY_DOWN && ev->key == PLAT_KEY_ESCAPE)
            n->glide.t = n->glide.duration;
        else if (ev->type == PLAT_EV_KEY_DOWN && (unsigned)ev->key < PLAT_KEY_COUNT && _nav_is_walk_key(ev->key))
            n->keys[ev->key] = true;
        return;
    }
    if (n->state == MUSEUM_INSPECT) {
        if (ev->type == PLAT_EV_KEY_DOWN && !ev->repeat &&
            (ev->key == PLAT_KEY_ESCAPE || ev->key == PLAT_KEY_BACKSPACE)) {
            if (n->show_about || n->show_help) {
                n->show_about = n->show_help = false;
                n->changed = true;
            } else {
                museum_nav_back(n);
            }
            return;
        }
        if (ev->type == PLAT_EV_KEY_DOWN && !ev->repeat &&
            (ev->key == PLAT_KEY_I || ev->key == PLAT_KEY_H || ev->key == PLAT_KEY_TAB)) {
            _nav_key_down(n, ev);
            return;
        }
        app_inspect_event(&n->inspect, ev, now);
        n->want_fullscreen_toggle |= n->inspect.want_fullscreen_toggle;
        n->want_screenshot |= n->inspect.want_screenshot;
        n->inspect.want_fullscreen_toggle = n->inspect.want_screenshot = n->inspect.want_quit = false;
        n->changed |= n->inspect.changed;
        n->inspect.changed = false;
        return;
    }
    switch (ev->type) {
    case PLAT_EV_KEY_DOWN:
        if ((unsigned)ev->key < PLAT_KEY_COUNT)
            _nav_key_down(n, ev);
        break;
    case PLAT_EV_MOUSE_DOWN:
        if (ev->button == PLAT_BUTTON_LEFT && !n->drag_button) {
            _nav_leave_tour(n);
            n->drag_button = ev->button;
            n->pointer_moved = false;
            n->down_x = ev->x;
            n->down_y = ev->y;
            n->down_time = now;
        }
        break;
    case PLAT_EV_MOUSE_MOVE:
        if (n->drag_button) {
            if (fabsf(ev->x - n->down_x) > NAV_TAP_PX || fabsf(ev->y - n->down_y) > NAV_TAP_PX)
                n->pointer_moved = true;
            if (n->pointer_moved)
                _nav_look(n, ev->dx, ev->dy);
        }
        break;
    case PLAT_EV_MOUSE_UP:
        if (ev->button == n->drag_button) {
            n->drag_button = 0;
            if (!n->pointer_moved && now - n->down_time < NAV_TAP_S)
                _nav_tap(n, ev->x, ev->y);
        }
        break;
    case PLAT_EV_WHEEL:
        _nav_leave_tour(n);
        n->wheel_ahead += ev->wheel * NAV_WHEEL_STEP;
        break;
    case PLAT_EV_TOUCH_DOWN:
        if (n->finger < 0) {
            _nav_leave_tour(n);
            n->finger = ev->finger;
            n->pointer_moved = false;
            n->down_x = ev->x;
            n->down_y = ev->y;
            n->down_time = now;
        }
        break;
    case PLAT_EV_TOUCH_MOVE:
        if (ev->finger == n->finger) {
            if (fabsf(ev->x - n->down_x) > NAV_TAP_PX || fabsf(ev->y - n->down_y) > NAV_TAP_PX)
                n->pointer_moved = true;
            if (n->pointer_moved)
                _nav_look(n, ev->dx, ev->dy);
        }
        break;
    case PLAT_EV_TOUCH_UP:
        if (ev->finger == n->finger) {
            n->finger = -1;
            if (!n->pointer_moved && now - n->down_time < NAV_TAP_S)
                _nav_tap(n, ev->x, ev->y);
        }
        break;
    default:
        break;
    }
}

void museum_nav_update(museum_nav *n, float dt)
{
    switch (n->state) {
    case MUSEUM_WALK: {
        cam_walk_input in = { 0 };
        in.forward = (float)(n->keys[PLAT_KEY_W] || n->keys[PLAT_KEY_UP]) -
                     (float)(n->keys[PLAT_KEY_S] || n->keys[PLAT_KEY_DOWN]);
        in.strafe = (float)n->keys[PLAT_KEY_D] - (float)n->keys[PLAT_KEY_A];
        /* Arrows left/right turn: a keyboard alone can look around. */
        in.look_yaw = ((float)n->keys[PLAT_KEY_LEFT] - (float)n->keys[PLAT_KEY_RIGHT]) * NAV_TURN_RATE * dt;
        if (n->wheel_ahead != 0) {
            vec3 fwd;
            cam_look_forward(&n->shown, fwd);
            float len = hypotf(fwd[0], fwd[2]);
            if (len > 1e-3f)
                cam_walk_goto(&n->walk, n->walk.pos[0] + fwd[0] / len * n->wheel_ahead,
                              n->walk.pos[1] + fwd[2] / len * n->wheel_ahead);
            n->wheel_ahead = 0;
        }
        bool moving = in.forward != 0 || in.strafe != 0 || in.look_yaw != 0 || cam_walk_busy(&n->walk);
        cam_walk_update(&n->walk, &in, dt, _nav_collide, (void *)n->world);
        /* After a viewpoint above or below eye height, walking brings the
         * eye back to a standing visitor's, gently. */
        if (moving && fabsf(n->walk.eye_height - n->eye_target) > 1e-3f)
            n->walk.eye_height += (n->eye_target - n->walk.eye_height) * (1.0f - expf(-3.0f * dt));
        cam_walk_look(&n->walk, &n->shown);
        n->changed |= moving;
        break;
    }
    case MUSEUM_GLIDE: {
        bool going = cam_glide_update(&n->glide, dt, &n->shown);
        n->changed = true;
        if (!going) {
            if (n->after_glide == MUSEUM_INSPECT) {
                cam_orbit_snap(&n->orbit);
                n->state = MUSEUM_INSPECT;
            } else {
                cam_walk_set_look(&n->walk, &n->shown);
                n->walk.eye_height = fmaxf(0.3f, n->shown.eye[1] - n->walk.floor_y);
                n->state = MUSEUM_WALK;
            }
        }
        break;
    }
    case MUSEUM_INSPECT:
        if (!cam_orbit_settled(&n->orbit))
            n->changed = true;
        cam_orbit_update(&n->orbit, dt);
        cam_look_from_orbit(&n->orbit.current, &n->shown);
        break;
    case MUSEUM_TOUR:
        if (!n->player.paused)
            n->changed = true;
        cam_tour_player_update(&n->player, dt);
        cam_tour_player_pose(&n->player, &n->shown, &n->tour_stop, NULL);
        if (cam_tour_player_done(&n->player))
            _nav_leave_tour(n);
        break;
    }
}

bool museum_nav_busy(const museum_nav *n)
{
    switch (n->state) {
    case MUSEUM_WALK: {
        bool keys = false;
        for (int k = 0; k < PLAT_KEY_COUNT; k++)
            keys |= n->keys[k] && _nav_is_walk_key((plat_key)k);
        return keys || cam_walk_busy(&n->walk) || n->wheel_ahead != 0;
    }
    case MUSEUM_GLIDE:
        return true;
    case MUSEUM_INSPECT:
        return !cam_orbit_settled(&n->orbit);
    case MUSEUM_TOUR:
        return !n->player.paused;
    }
    return false;
}

void museum_nav_view(const museum_nav *n, render_view *v)
{
    cam_look_view(&n->shown, v->view);
    glm_vec3_copy((float *)n->shown.eye, v->eye);
    /* Near: close enough to step right up to a vitrine; far: the whole
     * world from wherever the eye is. */
    const vt_aabb *wb = &n->world->bounds;
    float far_z = 1.0f;
    for (int i = 0; i < 8; i++) {
        vec3 c = { (i & 1) ? wb->max[0] : wb->min[0], (i & 2) ? wb->max[1] : wb->min[1],
                   (i & 4) ? wb->max[2] : wb->min[2] };
        far_z = fmaxf(far_z, glm_vec3_distance(c, (float *)n->shown.eye) * 1.05f);
    }
    float near_z = 0.05f;
    float fov = _nav_fov(n);
    if (n->state == MUSEUM_INSPECT || (n->state == MUSEUM_GLIDE && n->after_glide == MUSEUM_INSPECT))
        near_z = glm_clamp(0.25f * n->orbit.current.distance, 0.005f, 0.05f);
    cam_look_proj(fov, (float)n->view_w / (float)n->view_h, near_z, far_z, v->proj);
    v->pixels_per_unit_at_1m = (float)n->view_h / (2.0f * tanf(0.5f * fov));
}

void museum_nav_position(const museum_nav *n, float xz[2], float *yaw)
{
    xz[0] = n->shown.eye[0];
    xz[1] = n->shown.eye[2];
    *yaw = n->shown.yaw;
}
