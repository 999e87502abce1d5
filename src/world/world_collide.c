/* world_collide: walking (a circle in the x/z plane against wall pieces,
 * barriers and upright boxes), the rays behind tap-to-walk and picking, and
 * which room holds a point.
 *
 * Walking moves in sub-steps no longer than half the radius: a circle that
 * starts a step clear of everything is at least half a radius from every
 * obstacle's surface after the step, so it can never pass through a wall,
 * and the side to push it back to is always the one it came from. After
 * each sub-step every contact pushes the circle out along its surface
 * normal (a few rounds, for corners); only the part of the motion going
 * into a surface is removed, so it slides. If a squeeze cannot be solved (a
 * gap narrower than the circle), the circle stays where it last fitted. */
#include <math.h>
#include <string.h>

#include "world/world.h"

#define WORLD_PUSH_ROUNDS 8
#define WORLD_SLACK 1e-5f  /* contacts closer than the radius by less count as touching */

static bool _world_floor_wall(const world_wall *w)
{
    return w->y0 < 0.05f;
}

/* Pushes P out of the segment A-B to RADIUS; PREV says which side. */
static bool _world_push_segment(const float a[2], const float b[2], float p[2], float radius, const float prev[2])
{
    float ex = b[0] - a[0], ez = b[1] - a[1];
    float lx = fminf(a[0], b[0]) - radius, hx = fmaxf(a[0], b[0]) + radius;
    float lz = fminf(a[1], b[1]) - radius, hz = fmaxf(a[1], b[1]) + radius;
    if (p[0] < lx || p[0] > hx || p[1] < lz || p[1] > hz)
        return false;
    float len2 = ex * ex + ez * ez;
    float t = len2 > 0 ? ((p[0] - a[0]) * ex + (p[1] - a[1]) * ez) / len2 : 0.0f;
    t = fminf(fmaxf(t, 0.0f), 1.0f);
    float q[2] = { a[0] + t * ex, a[1] + t * ez };
    float dx = p[0] - q[0], dz = p[1] - q[1];
    float d = sqrtf(dx * dx + dz * dz);
    if (d >= radius - WORLD_SLACK)
        return false;
    float n[2];
    if (d > 1e-7f) {
        n[0] = dx / d;
        n[1] = dz / d;
    } else {
        /* Exactly on the line: back to the side it came from. */
        float len = sqrtf(len2);
        n[0] = len > 0 ? -ez / len : 1.0f;
        n[1] = len > 0 ? ex / len : 0.0f;
        if ((prev[0] - a[0]) * n[0] + (prev[1] - a[1]) * n[1] < 0) {
            n[0] = -n[0];
            n[1] = -n[1];
        }
    }
    p[0] = q[0] + n[0] * radius;
    p[1] = q[1] + n[1] * radius;
    return true;
}

static bool _world_push_box(const world_box *bx, float p[2], float radius, const float prev[2])
{
    float u[2], v[2];
    world_box_axes(bx, u, v);
    float dx = p[0] - bx->center[0], dz = p[1] - bx->center[1];
    float lu = dx * u[0] + dz * u[1], lv = dx * v[0] + dz * v[1];
    float hu = bx->half[0], hv = bx->half[1];
    if (fabsf(lu) >= hu + radius || fabsf(lv) >= hv + radius)
        return false;
    float cu = fminf(fmaxf(lu, -hu), hu), cv = fminf(fmaxf(lv, -hv), hv);
    float ou = lu - cu, ov = lv - cv;
    float d = sqrtf(ou * ou + ov * ov);
    if (d >= radius - WORLD_SLACK)
        return false;
    if (d > 1e-7f) {
        lu = cu + ou / d * radius;
        lv = cv + ov / d * radius;
    } else {
        /* Inside: out through the face it came in by (PREV's side), else
         * the nearest. */
        float pu = (prev[0] - bx->center[0]) * u[0] + (prev[1] - bx->center[1]) * u[1];
        float pv = (prev[0] - bx->center[0]) * v[0] + (prev[1] - bx->center[1]) * v[1];
        float su = fabsf(pu) - hu, sv = fabsf(pv) - hv;
        bool along_u = (su > 0 || sv > 0) ? su >= sv : hu - fabsf(lu) <= hv - fabsf(lv);
        if (along_u)
            lu = (pu >= 0 ? 1.0f : -1.0f) * (hu + radius);
        else
            lv = (pv >= 0 ? 1.0f : -1.0f) * (hv + radius);
    }
    p[0] = bx->center[0] + lu * u[0] + lv * v[0];
    p[1] = bx->center[1] + lu * u[1] + lv * v[1];
    return true;
}

static float _world_penetration(const world *w, const float p[2], float radius)
{
    float worst = 0;
    for (size_t i = 0; i < w->wall_count + w->barrier_count; i++) {
        const world_wall *wl = i < w->wall_count ? &w->walls[i] : &w->barriers[i - w->wall_count];
        if (!_world_floor_wall(wl))
            continue;
        float ex = wl->b[0] - wl->a[0], ez = wl->b[1] - wl->a[1], len2 = ex * ex + ez * ez;
        float t = len2 > 0 ? ((p[0] - wl->a[0]) * ex + (p[1] - wl->a[1]) * ez) / len2 : 0.0f;
        t = fminf(fmaxf(t, 0.0f), 1.0f);
        float d = hypotf(p[0] - wl->a[0] - t * ex, p[1] - wl->a[1] - t * ez);
        worst = fmaxf(worst, radius - d);
    }
    for (size_t i = 0; i < w->obstacle_count; i++) {
        const world_box *bx = &w->obstacles[i];
        float u[2], v[2];
        world_box_axes(bx, u, v);
        float dx = p[0] - bx->center[0], dz = p[1] - bx->center[1];
        float lu = fabsf(dx * u[0] + dz * u[1]) - bx->half[0], lv = fabsf(dx * v[0] + dz * v[1]) - bx->half[1];
        float d = lu > 0 || lv > 0 ? hypotf(fmaxf(lu, 0.0f), fmaxf(lv, 0.0f)) : fmaxf(lu, lv);
        worst = fmaxf(worst, radius - d);
    }
    return worst;
}

/* Returns whether anything was touched. */
static bool _world_resolve(const world *w, float p[2], float radius, const float prev[2])
{
    bool touched = false;
    for (int round = 0; round < WORLD_PUSH_ROUNDS; round++) {
        bool moved = false;
        for (size_t i = 0; i < w->wall_count; i++)
            if (_world_floor_wall(&w->walls[i]))
                moved |= _world_push_segment(w->walls[i].a, w->walls[i].b, p, radius, prev);
        for (size_t i = 0; i < w->barrier_count; i++)
            moved |= _world_push_segment(w->barriers[i].a, w->barriers[i].b, p, radius, prev);
        for (size_t i = 0; i < w->obstacle_count; i++)
            moved |= _world_push_box(&w->obstacles[i], p, radius, prev);
        if (!moved)
            break;
        touched = true;
    }
    return touched;
}

void world_collide(const world *w, const float from[2], float to[2], float radius)
{
    if (!isfinite(to[0]) || !isfinite(to[1]) || !isfinite(from[0]) || !isfinite(from[1])) {
        if (isfinite(from[0]) && isfinite(from[1]))
            memcpy(to, from, 2 * sizeof *to);
        return;
    }
    radius = fmaxf(radius, 1e-3f);
    float dx = to[0] - from[0], dz = to[1] - from[1];
    float len = sqrtf(dx * dx + dz * dz);
    float steps_f = ceilf(len / (0.5f * radius));
    /* A step past a kilometre is a bug upstream; cap the work. */
    unsigned steps = steps_f < 1 ? 1u : steps_f > 20000 ? 20000u : (unsigned)steps_f;
    float p[2] = { from[0], from[1] };
    /* Usually 0; more when the walk starts inside something (it may get
     * out, never further in). */
    float prev_pen = _world_penetration(w, p, radius);
    bool touched = prev_pen > 0;
    for (unsigned s = 0; s < steps; s++) {
        float prev[2] = { p[0], p[1] };
        p[0] += dx / (float)steps;
        p[1] += dz / (float)steps;
        touched |= _world_resolve(w, p, radius, prev);
        float pen = _world_penetration(w, p, radius);
        if (pen > 1e-3f && pen > prev_pen + 1e-6f) {
            /* Too tight to fit: stay where it last fitted. */
            p[0] = prev[0];
            p[1] = prev[1];
            break;
        }
        prev_pen = pen;
    }
    /* A walk that touched nothing ends exactly where it was asked to (the
     * sum of the sub-steps may differ from it by a rounding). */
    if (!touched)
        return;
    to[0] = p[0];
    to[1] = p[1];
}

/* ---- rays ----------------------------------------------------------------- */

/* Slab test of a ray (any length of DIR) against [LO, HI]; the entry and
 * exit parameters. */
static bool _world_slab(const float o[3], const float d[3], const float lo[3], const float hi[3], float *t0,
                        float *t1)
{
    float enter = -INFINITY, leave = INFINITY;
    for (int k = 0; k < 3; k++) {
        if (fabsf(d[k]) < 1e-12f) {
            if (o[k] < lo[k] || o[k] > hi[k])
                return false;
            continue;
        }
        float a = (lo[k] - o[k]) / d[k], b = (hi[k] - o[k]) / d[k];
        if (a > b) {
            float s = a;
            a = b;
            b = s;
        }
        enter = fmaxf(enter, a);
        leave = fminf(leave, b);
    }
    if (enter > leave || leave < 0)
        return false;
    *t0 = enter;
    *t1 = leave;
    return true;
}

static bool _world_ray_box(const world_box *bx, const float o[3], const float d[3], float *t0, float *t1)
{
    float u[2], v[2];
    world_box_axes(bx, u, v);
    float ox = o[0] - bx->center[0], oz = o[2] - bx->center[1];
    float lo_[3] = { ox * u[0] + oz * u[1], o[1], ox * v[0] + oz * v[1] };
    float ld[3] = { d[0] * u[0] + d[2] * u[1], d[1], d[0] * v[0] + d[2] * v[1] };
    float lo[3] = { -bx->half[0], bx->y0, -bx->half[1] }, hi[3] = { bx->half[0], bx->y1, bx->half[1] };
    return _world_slab(lo_, ld, lo, hi, t0, t1);
}

static bool _world_ray_wall(const world_wall *w, const float o[3], const float d[3], float *t)
{
    float ex = w->b[0] - w->a[0], ez = w->b[1] - w->a[1];
    float den = d[0] * ez - d[2] * ex;
    if (fabsf(den) < 1e-12f)
        return false;
    float ax = w->a[0] - o[0], az = w->a[1] - o[2];
    float tt = (ax * ez - az * ex) / den;
    float s = (ax * d[2] - az * d[0]) / den;
    if (tt <= 0 || s < 0 || s > 1)
        return false;
    float y = o[1] + tt * d[1];
    if (y < w->y0 || y > w->y1)
        return false;
    *t = tt;
    return true;
}

static float _world_nearest_wall(const world *w, const float o[3], const float d[3])
{
    float best = INFINITY, t;
    for (size_t i = 0; i < w->wall_count; i++)
        if (_world_ray_wall(&w->walls[i], o, d, &t))
            best = fminf(best, t);
    return best;
}

static bool _world_ray_artefact_box(const world *w, size_t i, const float o[3], const float d[3], float *t0,
                                    float *t1)
{
    vec3 lo, ld;
    glm_mat4_mulv3(w->_artefact_inverse[i], (float *)o, 1.0f, lo);
    glm_mat4_mulv3(w->_artefact_inverse[i], (float *)d, 0.0f, ld);
    return _world_slab(lo, ld, w->_artefact_local[i].min, w->_artefact_local[i].max, t0, t1);
}

bool world_ray_floor(const world *w, const float origin[3], const float dir[3], float hit[3])
{
    if (!(dir[1] < 0) || !(origin[1] > 0))
        return false;
    float tf = -origin[1] / dir[1];
    float p[3] = { origin[0] + tf * dir[0], 0, origin[2] + tf * dir[2] };
    if (world_room_at(w, p[0], p[2]) < 0)
        return false;
    float limit = tf * (1.0f - 1e-5f), t0, t1;
    if (_world_nearest_wall(w, origin, dir) < limit)
        return false;
    for (size_t i = 0; i < w->obstacle_count; i++)
        if (_world_ray_box(&w->obstacles[i], origin, dir, &t0, &t1) && t0 > 0 && t0 < limit)
            return false;
    for (size_t i = 0; i < w->artefact_count; i++)
        if (_world_ray_artefact_box(w, i, origin, dir, &t0, &t1) && t0 > 0 && t0 < limit)
            return false;
    memcpy(hit, p, sizeof p);
    return true;
}

int world_ray_artefact(const world *w, const float origin[3], const float dir[3], float *t)
{
    int best = -1;
    float best_t = INFINITY, t0, t1;
    for (size_t i = 0; i < w->artefact_count; i++)
        if (_world_ray_artefact_box(w, i, origin, dir, &t0, &t1)) {
            float at = fmaxf(t0, 0.0f);
            if (at < best_t) {
                best_t = at;
                best = (int)i;
            }
        }
    if (best < 0 || _world_nearest_wall(w, origin, dir) < best_t)
        return -1;
    if (t)
        *t = best_t;
    return best;
}

int world_room_at(const world *w, float x, float z)
{
    for (size_t r = 0; r < w->room_count; r++) {
        const world_room *room = &w->rooms[r];
        if (!room->has_floor_plan)
            continue;
        bool in = false;
        for (size_t i = 0, j = room->outline_count - 1; i < room->outline_count; j = i++) {
            const float *a = room->outline[i], *b = room->outline[j];
            if ((a[1] > z) != (b[1] > z) && x < a[0] + (z - a[1]) * (b[0] - a[0]) / (b[1] - a[1]))
                in = !in;
        }
        if (in)
            return (int)r;
    }
    return -1;
}
