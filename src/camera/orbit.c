#include "orbit.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define ORBIT_PITCH_LIMIT glm_rad(89.0f)

static float _orbit_radius(const cam_orbit *o)
{
    float r = vt_aabb_radius(&o->bounds);
    return r > 1e-6f ? r : 1e-6f;
}

void cam_pose_eye(const cam_pose *p, vec3 eye)
{
    float cp = cosf(p->pitch);
    eye[0] = p->target[0] + p->distance * sinf(p->yaw) * cp;
    eye[1] = p->target[1] + p->distance * sinf(p->pitch);
    eye[2] = p->target[2] + p->distance * cosf(p->yaw) * cp;
}

/* The distance at which all eight corners of the box fit the view from
 * YAW/PITCH, with a margin: a corner at lateral offset x and depth z (toward
 * the eye) fits when x / (d - z) <= tan(half angle). Tighter than a bounding
 * sphere, so tall statues and wide TVs fill the screen. */
static float _orbit_fit(const cam_orbit *o, float yaw, float pitch)
{
    const float margin = 0.90f; /* the box may use 90% of the view */
    float tan_v = tanf(0.5f * o->fov_y) * margin;
    float tan_h = tanf(0.5f * o->fov_y) * o->aspect * margin;
    cam_pose p = { .yaw = yaw, .pitch = pitch, .distance = 1.0f };
    vec3 center, eye, back, right, up;
    vt_aabb_center(&o->bounds, center);
    glm_vec3_copy(center, p.target);
    cam_pose_eye(&p, eye);
    glm_vec3_sub(eye, center, back); /* unit vector toward the eye */
    glm_vec3_cross((vec3){ 0, 1, 0 }, back, right);
    if (glm_vec3_norm2(right) < 1e-12f)
        glm_vec3_copy((vec3){ 1, 0, 0 }, right);
    glm_vec3_normalize(right);
    glm_vec3_cross(back, right, up);
    float d = 0.0f;
    for (int i = 0; i < 8; i++) {
        vec3 c = { (i & 1) ? o->bounds.max[0] : o->bounds.min[0], (i & 2) ? o->bounds.max[1] : o->bounds.min[1],
                   (i & 4) ? o->bounds.max[2] : o->bounds.min[2] };
        glm_vec3_sub(c, center, c);
        float z = glm_vec3_dot(c, back);
        d = fmaxf(d, z + fabsf(glm_vec3_dot(c, right)) / tan_h);
        d = fmaxf(d, z + fabsf(glm_vec3_dot(c, up)) / tan_v);
    }
    return fmaxf(d, 1e-3f);
}

float cam_orbit_fit_distance(const cam_orbit *o) { return _orbit_fit(o, o->goal.yaw, o->goal.pitch); }

/* Keeps a pose valid. Order matters: limit angles and distance, keep the
 * target near the artefact, lift the eye above the base, then push the eye
 * out of the bounding box along the view ray. */
static void _orbit_constrain(const cam_orbit *o, cam_pose *p)
{
    float r = _orbit_radius(o);
    float margin = 0.02f * r;
    const cam_orbit_limits *lim = &o->limits;
    if (lim->has_yaw) {
        float rel = remainderf(p->yaw - lim->yaw_center, 2.0f * GLM_PIf);
        p->yaw = lim->yaw_center + glm_clamp(rel, lim->yaw_min, lim->yaw_max);
    }
    if (lim->has_pitch)
        p->pitch = glm_clamp(p->pitch, lim->pitch_min, lim->pitch_max);
    p->pitch = glm_clamp(p->pitch, -ORBIT_PITCH_LIMIT, ORBIT_PITCH_LIMIT);
    p->distance = glm_clamp(p->distance, 0.01f * r, 12.0f * r / sinf(0.5f * o->fov_y));
    if (lim->has_distance)
        p->distance = glm_clamp(p->distance, lim->distance_min, lim->distance_max);
    for (int i = 0; i < 3; i++)
        p->target[i] = glm_clamp(p->target[i], o->bounds.min[i] - r, o->bounds.max[i] + r);

    /* Above the base: eye.y = target.y + d sin(pitch) >= floor. */
    float floor_y = o->bounds.min[1] + margin;
    if (p->target[1] < floor_y)
        p->target[1] = floor_y;
    float need = (floor_y - p->target[1]) / p->distance;
    if (sinf(p->pitch) < need)
        p->pitch = asinf(glm_clamp(need, -1.0f, 1.0f));

    /* Outside the box: if the eye is inside the (slightly grown) box, move it
     * back along the ray from the target until it leaves. */
    vt_aabb grown = o->bounds;
    for (int i = 0; i < 3; i++) {
        grown.min[i] -= margin;
        grown.max[i] += margin;
    }
    vec3 eye, dir;
    cam_pose_eye(p, eye);
    if (vt_aabb_contains(&grown, eye)) {
        glm_vec3_sub(eye, p->target, dir);
        glm_vec3_normalize(dir);
        float t_in, t_out;
        if (vt_ray_aabb(p->target, dir, &grown, &t_in, &t_out))
            p->distance = fmaxf(p->distance, t_out * 1.001f + 1e-6f);
        cam_pose_eye(p, eye);
        /* Looking up from close by, that ray can leave through the bottom
         * face, under the base. Then stand on the floor plane instead, where
         * a level ray in the view's direction leaves the box. */
        if (eye[1] < floor_y) {
            vec3 from = { p->target[0], floor_y, p->target[2] };
            vec3 level = { sinf(p->yaw), 0.0f, cosf(p->yaw) };
            float h = 0.0f;
            if (vt_ray_aabb(from, level, &grown, &t_in, &t_out))
                h = fmaxf(t_out, 0.0f) * 1.001f + 1e-6f;
            float dy = floor_y - p->target[1]; /* <= 0: the target is above the floor */
            p->distance = fmaxf(hypotf(h, dy), 1e-6f);
            p->pitch = asinf(glm_clamp(dy / p->distance, -1.0f, 1.0f));
        }
    }
}

void cam_orbit_init(cam_orbit *o, const cam_orbit_desc *d)
{
    memset(o, 0, sizeof *o);
    o->bounds = d->bounds;
    if (vt_aabb_is_empty(&o->bounds))
        o->bounds = (vt_aabb){ { -0.5f, -0.5f, -0.5f }, { 0.5f, 0.5f, 0.5f } };
    o->fov_y = d->fov_y > 0 ? d->fov_y : glm_rad(40.0f);
    o->aspect = d->aspect > 0 ? d->aspect : 16.0f / 9.0f;
    o->damping = d->damping > 0 ? d->damping : 12.0f;
    o->limits = d->limits;
    bool default_angles = d->yaw == 0 && d->pitch == 0;
    o->home.yaw = glm_rad(default_angles ? 25.0f : d->yaw);
    o->home.pitch = glm_rad(default_angles ? 12.0f : d->pitch);
    o->home.distance = _orbit_fit(o, o->home.yaw, o->home.pitch);
    vt_aabb_center(&o->bounds, o->home.target);
    _orbit_constrain(o, &o->home);
    o->goal = o->current = o->home;
}

void cam_orbit_set_aspect(cam_orbit *o, float aspect)
{
    if (aspect > 0)
        o->aspect = aspect;
}

void cam_orbit_rotate(cam_orbit *o, float dx_px, float dy_px, float viewport_h)
{
    /* A drag across the full height turns the object half a turn. */
    float k = GLM_PIf / fmaxf(viewport_h, 1.0f);
    o->goal.yaw -= dx_px * k;
    o->goal.pitch += dy_px * k;
    /* Keep yaw within a turn (both poses, so easing takes the short way):
     * after a day of kiosk dragging its float steps would grow coarser than
     * the settle test and the viewer would never go idle. */
    float wrap = remainderf(o->goal.yaw, 2.0f * GLM_PIf) - o->goal.yaw;
    o->goal.yaw += wrap;
    o->current.yaw += wrap;
    _orbit_constrain(o, &o->goal);
}

void cam_orbit_pan(cam_orbit *o, float dx_px, float dy_px, float viewport_h)
{
    /* One pixel moves the target by one pixel's worth at its depth, so the
     * point under the finger follows the finger. */
    float per_px = 2.0f * o->goal.distance * tanf(0.5f * o->fov_y) / fmaxf(viewport_h, 1.0f);
    vec3 eye, fwd, right, up;
    cam_pose_eye(&o->goal, eye);
    glm_vec3_sub(o->goal.target, eye, fwd);
    glm_vec3_normalize(fwd);
    glm_vec3_cross(fwd, (vec3){ 0, 1, 0 }, right);
    glm_vec3_normalize(right);
    glm_vec3_cross(right, fwd, up);
    glm_vec3_muladds(right, -dx_px * per_px, o->goal.target);
    glm_vec3_muladds(up, dy_px * per_px, o->goal.target);
    _orbit_constrain(o, &o->goal);
}

void cam_orbit_zoom(cam_orbit *o, float factor, const float at[3])
{
    factor = glm_clamp(factor, 0.05f, 20.0f);
    float before = o->goal.distance;
    o->goal.distance *= factor;
    _orbit_constrain(o, &o->goal);
    if (at) {
        /* Scale the target about AT by the factor the distance really got,
         * so AT keeps its place on screen. */
        float f = o->goal.distance / before;
        vec3 d;
        glm_vec3_sub(o->goal.target, (float *)at, d);
        glm_vec3_scale(d, f, d);
        glm_vec3_add((float *)at, d, o->goal.target);
        _orbit_constrain(o, &o->goal);
    }
}

void cam_orbit_focus(cam_orbit *o, const float point[3])
{
    glm_vec3_copy((float *)point, o->goal.target);
    o->goal.distance = fminf(o->goal.distance, 0.5f * cam_orbit_fit_distance(o));
    _orbit_constrain(o, &o->goal);
}

void cam_orbit_frame(cam_orbit *o)
{
    vt_aabb_center(&o->bounds, o->goal.target);
    o->goal.distance = cam_orbit_fit_distance(o);
    _orbit_constrain(o, &o->goal);
}

void cam_orbit_reset(cam_orbit *o)
{
    o->home.distance = _orbit_fit(o, o->home.yaw, o->home.pitch); /* the aspect may have changed */
    _orbit_constrain(o, &o->home);
    o->goal = o->home;
}

void cam_orbit_set(cam_orbit *o, float yaw_deg, float pitch_deg, float distance)
{
    o->goal.yaw = glm_rad(yaw_deg);
    o->goal.pitch = glm_rad(pitch_deg);
    o->goal.distance = distance > 0 ? distance : _orbit_fit(o, o->goal.yaw, o->goal.pitch);
    vt_aabb_center(&o->bounds, o->goal.target);
    _orbit_constrain(o, &o->goal);
}

void cam_orbit_update(cam_orbit *o, float dt)
{
    if (dt <= 0)
        return;
    /* Exponential approach: the same feel at 20 or 144 frames a second.
     * Distance eases in log space so zooming feels even at every scale. */
    float a = 1.0f - expf(-o->damping * dt);
    cam_pose *c = &o->current;
    const cam_pose *g = &o->goal;
    c->yaw += (g->yaw - c->yaw) * a;
    c->pitch += (g->pitch - c->pitch) * a;
    c->distance = expf(logf(c->distance) + (logf(g->distance) - logf(c->distance)) * a);
    glm_vec3_lerp(c->target, (float *)g->target, a, c->target);
    _orbit_constrain(o, c);
    if (cam_orbit_settled(o))
        cam_orbit_snap(o);
}

void cam_orbit_snap(cam_orbit *o) { o->current = o->goal; }

/* |a - b| within TOL, or within a few float steps of the larger value: a
 * target far from the origin cannot get closer than its float spacing. */
static bool _orbit_near(float a, float b, float tol)
{
    return fabsf(a - b) <= fmaxf(tol, 4.0f * FLT_EPSILON * fmaxf(fabsf(a), fabsf(b)));
}

bool cam_orbit_settled(const cam_orbit *o)
{
    const cam_pose *c = &o->current, *g = &o->goal;
    float r = _orbit_radius(o);
    bool target = true;
    for (int i = 0; i < 3; i++)
        target = target && _orbit_near(c->target[i], g->target[i], 1e-5f * r);
    return _orbit_near(c->yaw, g->yaw, 1e-4f) && _orbit_near(c->pitch, g->pitch, 1e-4f) &&
           _orbit_near(c->distance, g->distance, 1e-5f * r) && target;
}

void cam_orbit_view(const cam_orbit *o, mat4 view)
{
    vec3 eye;
    cam_pose_eye(&o->current, eye);
    glm_lookat(eye, (float *)o->current.target, (vec3){ 0, 1, 0 }, view);
}

void cam_orbit_clip_planes(const cam_orbit *o, float *near_out, float *far_out)
{
    vec3 eye;
    cam_pose_eye(&o->current, eye);
    /* Far: the farthest box corner. Near: most of the gap to the box (the
     * eye is always outside it), but never a tiny fraction of far. */
    float far_d = 0.0f, gap2 = 0.0f;
    for (int i = 0; i < 8; i++) {
        vec3 corner = { (i & 1) ? o->bounds.max[0] : o->bounds.min[0], (i & 2) ? o->bounds.max[1] : o->bounds.min[1],
                        (i & 4) ? o->bounds.max[2] : o->bounds.min[2] };
        far_d = fmaxf(far_d, glm_vec3_distance(eye, corner));
    }
    for (int i = 0; i < 3; i++) {
        float d = fmaxf(o->bounds.min[i] - eye[i], fmaxf(0.0f, eye[i] - o->bounds.max[i]));
        gap2 += d * d;
    }
    /* The near plane must stay closer than the box along the view axis in
     * every direction the view covers, down to the screen corners: scale the
     * gap by the cosine of the corner's half-angle (wide screens need more). */
    float t = tanf(0.5f * o->fov_y);
    float cos_corner = 1.0f / sqrtf(1.0f + t * t * (1.0f + o->aspect * o->aspect));
    float f = far_d * 1.02f;
    float n = fmaxf(0.95f * cos_corner * sqrtf(gap2), f * 1e-4f);
    *near_out = n;
    *far_out = fmaxf(f, n * 2.0f);
}

void cam_orbit_proj(const cam_orbit *o, mat4 proj)
{
    float n, f;
    cam_orbit_clip_planes(o, &n, &f);
    glm_perspective(o->fov_y, o->aspect, n, f, proj);
}

void cam_orbit_ray(const cam_orbit *o, float x, float y, float w, float h, vec3 origin, vec3 dir)
{
    mat4 view, proj, vp, inv;
    cam_orbit_view(o, view);
    cam_orbit_proj(o, proj);
    glm_mat4_mul(proj, view, vp);
    glm_mat4_inv(vp, inv);
    float nx = 2.0f * (x + 0.5f) / w - 1.0f;
    float ny = 1.0f - 2.0f * (y + 0.5f) / h;
    vec4 a = { nx, ny, -1.0f, 1.0f }, b = { nx, ny, 1.0f, 1.0f }, wa, wb;
    glm_mat4_mulv(inv, a, wa);
    glm_mat4_mulv(inv, b, wb);
    vec3 pa, pb;
    glm_vec3_scale(wa, 1.0f / wa[3], pa);
    glm_vec3_scale(wb, 1.0f / wb[3], pb);
    cam_pose_eye(&o->current, origin);
    glm_vec3_sub(pb, pa, dir);
    glm_vec3_normalize(dir);
}
