/* test_camera: the turntable orbit camera (src/camera/orbit.h): framing, no
 * roll, pitch and floor limits, never inside the artefact, zoom toward the
 * cursor, frame-rate independent damping, clip planes that hug the box, and
 * picking rays. Pure math: no GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "camera/orbit.h"

#define VIEW_W 1280.0f
#define VIEW_H 720.0f

/* A unit cube about the origin, and a tall statue standing on the floor. */
static const vt_aabb CUBE = { { -0.5f, -0.5f, -0.5f }, { 0.5f, 0.5f, 0.5f } };
static const vt_aabb STATUE = { { -0.3f, 0.0f, -0.2f }, { 0.3f, 1.2f, 0.2f } };

static void _init(cam_orbit *o, vt_aabb b)
{
    cam_orbit_init(o, &(cam_orbit_desc){ .bounds = b, .aspect = VIEW_W / VIEW_H });
}

static void _corner(const vt_aabb *b, int i, vec3 out)
{
    out[0] = (i & 1) ? b->max[0] : b->min[0];
    out[1] = (i & 2) ? b->max[1] : b->min[1];
    out[2] = (i & 4) ? b->max[2] : b->min[2];
}

/* World point -> normalised device coordinates of the current pose; the
 * clip-space w (> 0 in front of the eye) goes to *w_out. */
static void _project(const cam_orbit *o, const float p[3], vec3 ndc, float *w_out)
{
    mat4 view, proj, vp;
    cam_orbit_view(o, view);
    cam_orbit_proj(o, proj);
    glm_mat4_mul(proj, view, vp);
    vec4 in = { p[0], p[1], p[2], 1.0f }, clip;
    glm_mat4_mulv(vp, in, clip);
    if (w_out)
        *w_out = clip[3];
    for (int i = 0; i < 3; i++)
        ndc[i] = clip[i] / clip[3];
}

/* Distance from P to the nearest point of box B (0 inside). */
static float _box_gap(const vt_aabb *b, const vec3 p)
{
    float g2 = 0;
    for (int i = 0; i < 3; i++) {
        float d = fmaxf(b->min[i] - p[i], fmaxf(0.0f, p[i] - b->max[i]));
        g2 += d * d;
    }
    return sqrtf(g2);
}

static void _eye(const cam_orbit *o, vec3 eye) { cam_pose_eye(&o->current, eye); }

/* All eight corners in front of the eye and inside NDC (x, y and depth). */
static float _assert_box_in_view(const cam_orbit *o, const vt_aabb *b)
{
    float most = 0;
    for (int i = 0; i < 8; i++) {
        vec3 c, ndc;
        float w;
        _corner(b, i, c);
        _project(o, c, ndc, &w);
        assert_true(w > 0.0f);
        assert_true(fabsf(ndc[0]) <= 1.0f);
        assert_true(fabsf(ndc[1]) <= 1.0f);
        assert_true(ndc[2] >= -1.0f && ndc[2] <= 1.0f);
        most = fmaxf(most, fmaxf(fabsf(ndc[0]), fabsf(ndc[1])));
    }
    return most;
}

/* Init frames the whole box from the default and from given angles, and
 * tightly: some corner reaches most of the way to the edge (the fit is not
 * a loose bounding sphere). */
static void test_init_frames_box(void **state)
{
    (void)state;
    const vt_aabb boxes[2] = { CUBE, STATUE };
    const float angles[][2] = { { 0, 0 }, { 30, 10 }, { -120, 45 }, { 90, -20 }, { 180, 80 } };
    for (int bi = 0; bi < 2; bi++)
        for (size_t ai = 0; ai < sizeof angles / sizeof angles[0]; ai++) {
            cam_orbit o;
            cam_orbit_init(&o, &(cam_orbit_desc){ .bounds = boxes[bi], .aspect = VIEW_W / VIEW_H,
                                                  .yaw = angles[ai][0], .pitch = angles[ai][1] });
            cam_orbit_snap(&o);
            float most = _assert_box_in_view(&o, &boxes[bi]);
            assert_true(most > 0.75f);
            vec3 eye;
            _eye(&o, eye);
            assert_false(vt_aabb_contains(&boxes[bi], eye));
        }
}

/* A portrait viewport (kiosk screen) still frames the whole box. */
static void test_init_frames_box_portrait(void **state)
{
    (void)state;
    cam_orbit o;
    cam_orbit_init(&o, &(cam_orbit_desc){ .bounds = CUBE, .aspect = 9.0f / 16.0f });
    cam_orbit_snap(&o);
    _assert_box_in_view(&o, &CUBE);
}

/* The default home view is the documented 3/4 view: yaw 25, pitch 12 degrees,
 * looking at the box centre. */
static void test_init_home_pose(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, STATUE);
    assert_float_equal(o.home.yaw, glm_rad(25.0f), 1e-5f);
    assert_float_equal(o.home.pitch, glm_rad(12.0f), 1e-5f);
    assert_float_equal(o.home.target[0], 0.0f, 1e-6f);
    assert_float_equal(o.home.target[1], 0.6f, 1e-6f);
    assert_float_equal(o.home.target[2], 0.0f, 1e-6f);
    assert_float_equal(o.goal.distance, o.home.distance, 0);
    assert_float_equal(o.current.distance, o.home.distance, 0);
    assert_float_equal(o.home.distance, cam_orbit_fit_distance(&o), 1e-5f);
}

/* No roll: after many mixed drags the camera's right vector stays horizontal. */
static void test_rotate_never_rolls(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    unsigned seed = 12345;
    for (int i = 0; i < 500; i++) {
        seed = seed * 1103515245u + 12345u;
        float dx = (float)((seed >> 8) % 401) - 200.0f;
        seed = seed * 1103515245u + 12345u;
        float dy = (float)((seed >> 8) % 401) - 200.0f;
        cam_orbit_rotate(&o, dx, dy, VIEW_H);
        cam_orbit_update(&o, 1.0f / 60.0f);
        mat4 view;
        cam_orbit_view(&o, view);
        /* Row 0 of the view rotation is the camera's right axis in world space. */
        assert_float_equal(view[1][0], 0.0f, 1e-5f);
    }
}

/* A drag across the full height turns half a turn in yaw (sign: dragging
 * right turns the object right, so the camera yaw decreases). */
static void test_rotate_scale(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    float yaw0 = o.goal.yaw, pitch0 = o.goal.pitch;
    cam_orbit_rotate(&o, VIEW_H, 0, VIEW_H);
    assert_float_equal(o.goal.yaw, yaw0 - GLM_PIf, 1e-4f);
    assert_float_equal(o.goal.pitch, pitch0, 1e-6f);
    cam_orbit_rotate(&o, 0, VIEW_H / 18.0f, VIEW_H); /* +10 degrees */
    assert_float_equal(o.goal.pitch, pitch0 + glm_rad(10.0f), 1e-4f);
}

/* Pitch never passes +-89 degrees however far one drags. */
static void test_pitch_clamped(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    for (int i = 0; i < 50; i++) {
        cam_orbit_rotate(&o, 3, 1000, VIEW_H);
        assert_true(o.goal.pitch <= glm_rad(89.0f) + 1e-6f);
    }
    assert_float_equal(o.goal.pitch, glm_rad(89.0f), 1e-5f);
    for (int i = 0; i < 50; i++) {
        cam_orbit_rotate(&o, 3, -1000, VIEW_H);
        assert_true(o.goal.pitch >= -glm_rad(89.0f) - 1e-6f);
    }
    /* The view stays well-defined at the limit (no NaN from a degenerate up). */
    cam_orbit_snap(&o);
    mat4 view;
    cam_orbit_view(&o, view);
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
            assert_false(isnan(view[c][r]));
}

/* Turning to look from below never takes the eye under the artefact's base,
 * for the goal pose or any eased pose on the way. */
static void test_eye_stays_above_base(void **state)
{
    (void)state;
    const vt_aabb boxes[2] = { CUBE, STATUE };
    for (int bi = 0; bi < 2; bi++) {
        cam_orbit o;
        _init(&o, boxes[bi]);
        for (int i = 0; i < 40; i++) {
            cam_orbit_rotate(&o, 10, -200, VIEW_H);
            cam_orbit_update(&o, 1.0f / 60.0f);
            vec3 eye;
            cam_pose_eye(&o.goal, eye);
            assert_true(eye[1] >= boxes[bi].min[1]);
            _eye(&o, eye);
            assert_true(eye[1] >= boxes[bi].min[1]);
        }
        /* Zooming out while looking from low down keeps it above too. */
        for (int i = 0; i < 20; i++)
            cam_orbit_zoom(&o, 1.5f, NULL);
        vec3 eye;
        cam_pose_eye(&o.goal, eye);
        assert_true(eye[1] >= boxes[bi].min[1]);
    }
}

/* Zooming in as hard as possible stops with the eye outside the box, both
 * toward the target and toward a point on the surface. */
static void test_zoom_in_hard_stays_outside(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    for (int i = 0; i < 200; i++)
        cam_orbit_zoom(&o, 0.01f, NULL);
    assert_true(o.goal.distance > 0.0f);
    vec3 eye;
    cam_pose_eye(&o.goal, eye);
    assert_false(vt_aabb_contains(&CUBE, eye));
    for (int i = 0; i < 300; i++)
        cam_orbit_update(&o, 1.0f / 60.0f);
    _eye(&o, eye);
    assert_false(vt_aabb_contains(&CUBE, eye));

    /* Toward a surface point on the front face. */
    _init(&o, CUBE);
    const float at[3] = { 0.2f, 0.1f, 0.5f };
    for (int i = 0; i < 200; i++) {
        cam_orbit_zoom(&o, 0.05f, at);
        cam_pose_eye(&o.goal, eye);
        assert_false(vt_aabb_contains(&CUBE, eye));
    }
}

/* Focusing on a surface point moves the target there, comes closer, and
 * keeps the eye outside; zooming in hard after that also stays outside. */
static void test_focus_on_surface(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    float d0 = o.goal.distance;
    const float p[3] = { 0.1f, 0.5f, 0.2f }; /* on the top face */
    cam_orbit_focus(&o, p);
    assert_float_equal(o.goal.target[0], p[0], 1e-5f);
    assert_float_equal(o.goal.target[1], p[1], 1e-5f);
    assert_float_equal(o.goal.target[2], p[2], 1e-5f);
    assert_true(o.goal.distance < d0);
    vec3 eye;
    cam_pose_eye(&o.goal, eye);
    assert_false(vt_aabb_contains(&CUBE, eye));
    for (int i = 0; i < 100; i++)
        cam_orbit_zoom(&o, 0.05f, p);
    cam_pose_eye(&o.goal, eye);
    assert_false(vt_aabb_contains(&CUBE, eye));
    assert_true(_box_gap(&CUBE, eye) > 0.0f);
}

/* Zoom toward a point keeps that point where it was on screen. */
static void test_zoom_keeps_point_on_screen(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, STATUE);
    cam_orbit_snap(&o);
    const float at[3] = { 0.25f, 0.9f, 0.2f }; /* a front corner region, off-centre */
    vec3 before, after;
    _project(&o, at, before, NULL);
    assert_true(fabsf(before[0]) > 0.05f); /* really off-centre, or the test proves nothing */
    const float factors[] = { 0.8f, 0.8f, 0.7f, 1.3f };
    for (size_t i = 0; i < sizeof factors / sizeof factors[0]; i++) {
        float d = o.goal.distance;
        cam_orbit_zoom(&o, factors[i], at);
        assert_float_equal(o.goal.distance, d * factors[i], 1e-4f * d);
        cam_orbit_snap(&o);
        _project(&o, at, after, NULL);
        assert_float_equal(after[0], before[0], 1e-3f);
        assert_float_equal(after[1], before[1], 1e-3f);
    }
    /* Without a point, zoom keeps the target. */
    vec3 t0;
    glm_vec3_copy(o.goal.target, t0);
    cam_orbit_zoom(&o, 0.9f, NULL);
    assert_float_equal(o.goal.target[0], t0[0], 1e-6f);
    assert_float_equal(o.goal.target[1], t0[1], 1e-6f);
    assert_float_equal(o.goal.target[2], t0[2], 1e-6f);
}

/* Easing converges to the goal and then reports settled (snapped exactly). */
static void test_update_converges(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    assert_true(cam_orbit_settled(&o));
    cam_orbit_set(&o, 100.0f, 30.0f, 0.0f);
    assert_false(cam_orbit_settled(&o));
    cam_orbit_update(&o, 1.0f / 60.0f);
    assert_false(cam_orbit_settled(&o));
    for (int i = 0; i < 600; i++)
        cam_orbit_update(&o, 1.0f / 60.0f);
    assert_true(cam_orbit_settled(&o));
    assert_float_equal(o.current.yaw, glm_rad(100.0f), 1e-6f);
    assert_float_equal(o.current.pitch, glm_rad(30.0f), 1e-6f);
    assert_float_equal(o.current.distance, o.goal.distance, 1e-6f);
}

/* One step eases by 1 - exp(-damping * dt) of the way, and dt <= 0 does nothing. */
static void test_update_step_size(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    float yaw0 = o.current.yaw;
    cam_orbit_set(&o, 85.0f, 12.0f, 0.0f);
    cam_orbit_update(&o, 0.0f);
    cam_orbit_update(&o, -1.0f);
    assert_float_equal(o.current.yaw, yaw0, 0);
    cam_orbit_update(&o, 0.05f);
    float a = 1.0f - expf(-12.0f * 0.05f); /* default damping 12/s */
    assert_float_equal(o.current.yaw, yaw0 + (o.goal.yaw - yaw0) * a, 1e-5f);
}

/* Damping is frame-rate independent: ten steps of 10 ms land where one step
 * of 100 ms lands. */
static void test_update_frame_rate_independent(void **state)
{
    (void)state;
    cam_orbit a, b;
    _init(&a, STATUE);
    _init(&b, STATUE);
    cam_orbit_set(&a, 110.0f, 35.0f, 0.0f);
    cam_orbit_set(&b, 110.0f, 35.0f, 0.0f);
    const float pan_target[3] = { 0.1f, 0.7f, 0.05f };
    glm_vec3_copy((float *)pan_target, a.goal.target);
    glm_vec3_copy((float *)pan_target, b.goal.target);
    a.goal.distance = b.goal.distance = 0.6f * a.goal.distance;
    for (int i = 0; i < 10; i++)
        cam_orbit_update(&a, 0.01f);
    cam_orbit_update(&b, 0.1f);
    assert_false(cam_orbit_settled(&a)); /* mid-way, or the comparison is trivial */
    assert_float_equal(a.current.yaw, b.current.yaw, 1e-4f);
    assert_float_equal(a.current.pitch, b.current.pitch, 1e-4f);
    assert_float_equal(a.current.distance, b.current.distance, 1e-4f * b.current.distance);
    for (int i = 0; i < 3; i++)
        assert_float_equal(a.current.target[i], b.current.target[i], 1e-4f);
}

/* R returns goal to the home pose after turning, panning and zooming. */
static void test_reset_returns_home(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, STATUE);
    cam_pose home = o.home;
    cam_orbit_rotate(&o, 300, 120, VIEW_H);
    cam_orbit_pan(&o, 50, -40, VIEW_H);
    cam_orbit_zoom(&o, 0.4f, NULL);
    assert_true(fabsf(o.goal.yaw - home.yaw) > 0.1f);
    cam_orbit_reset(&o);
    assert_float_equal(o.goal.yaw, home.yaw, 1e-6f);
    assert_float_equal(o.goal.pitch, home.pitch, 1e-6f);
    assert_float_equal(o.goal.distance, home.distance, 1e-5f);
    for (int i = 0; i < 3; i++)
        assert_float_equal(o.goal.target[i], home.target[i], 1e-6f);
    for (int i = 0; i < 600; i++)
        cam_orbit_update(&o, 1.0f / 60.0f);
    assert_float_equal(o.current.yaw, home.yaw, 1e-6f);
    assert_float_equal(o.current.distance, home.distance, 1e-5f);
}

/* F brings the target back to the box centre at the fit distance, keeping
 * the angles. */
static void test_frame_recentres(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, STATUE);
    cam_orbit_rotate(&o, 200, 50, VIEW_H);
    cam_orbit_pan(&o, 300, 200, VIEW_H);
    cam_orbit_zoom(&o, 0.3f, NULL);
    assert_true(glm_vec3_distance(o.goal.target, (vec3){ 0, 0.6f, 0 }) > 0.05f);
    float yaw = o.goal.yaw, pitch = o.goal.pitch;
    cam_orbit_frame(&o);
    assert_float_equal(o.goal.target[0], 0.0f, 1e-5f);
    assert_float_equal(o.goal.target[1], 0.6f, 1e-5f);
    assert_float_equal(o.goal.target[2], 0.0f, 1e-5f);
    assert_float_equal(o.goal.yaw, yaw, 1e-6f);
    assert_float_equal(o.goal.pitch, pitch, 1e-6f);
    assert_float_equal(o.goal.distance, cam_orbit_fit_distance(&o), 1e-5f);
    cam_orbit_snap(&o);
    _assert_box_in_view(&o, &STATUE);
}

/* Panning moves the target in the view plane and never lets it wander more
 * than a radius beyond the box. */
static void test_pan_moves_target_bounded(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    cam_orbit_set(&o, 0, 0, 3.0f); /* looking down -Z: screen right is +X */
    cam_orbit_snap(&o);
    cam_orbit_pan(&o, -100, 0, VIEW_H);
    /* Dragging left moves the content left, so the target moves right (+X). */
    float per_px = 2.0f * 3.0f * tanf(0.5f * o.fov_y) / VIEW_H;
    assert_float_equal(o.goal.target[0], 100.0f * per_px, 1e-4f);
    assert_float_equal(o.goal.target[1], 0.0f, 1e-5f);
    assert_float_equal(o.goal.target[2], 0.0f, 1e-5f);
    for (int i = 0; i < 100; i++)
        cam_orbit_pan(&o, -5000, 5000, VIEW_H);
    float r = vt_aabb_radius(&CUBE);
    for (int i = 0; i < 3; i++) {
        assert_true(o.goal.target[i] <= CUBE.max[i] + r + 1e-5f);
        assert_true(o.goal.target[i] >= CUBE.min[i] - r - 1e-5f);
    }
}

/* Checks near/far against the box for the current pose. */
static void _assert_clip_brackets(const cam_orbit *o, const vt_aabb *b)
{
    float n, f;
    cam_orbit_clip_planes(o, &n, &f);
    vec3 eye;
    _eye(o, eye);
    float gap = _box_gap(b, eye), far_corner = 0;
    for (int i = 0; i < 8; i++) {
        vec3 c;
        _corner(b, i, c);
        far_corner = fmaxf(far_corner, glm_vec3_distance(eye, c));
    }
    assert_true(n > 0.0f);
    assert_true(gap > 0.0f);
    assert_true(n < gap);
    assert_true(f >= far_corner);
    assert_true(f / n < 1e5f);
}

/* Near and far hug the box at home, fully zoomed in and fully zoomed out,
 * and from many angles. */
static void test_clip_planes_bracket_box(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, STATUE);
    cam_orbit_snap(&o);
    _assert_clip_brackets(&o, &STATUE);

    for (int i = 0; i < 100; i++)
        cam_orbit_zoom(&o, 0.05f, NULL);
    cam_orbit_snap(&o);
    _assert_clip_brackets(&o, &STATUE);

    for (int i = 0; i < 100; i++)
        cam_orbit_zoom(&o, 20.0f, NULL);
    cam_orbit_snap(&o);
    _assert_clip_brackets(&o, &STATUE);

    for (int yaw = -180; yaw < 180; yaw += 45)
        for (int pitch = -60; pitch <= 85; pitch += 29) {
            cam_orbit_set(&o, (float)yaw, (float)pitch, 0.0f);
            cam_orbit_snap(&o);
            _assert_clip_brackets(&o, &STATUE);
            cam_orbit_zoom(&o, 0.05f, NULL);
            cam_orbit_zoom(&o, 0.05f, NULL);
            cam_orbit_snap(&o);
            _assert_clip_brackets(&o, &STATUE);
        }
}

/* A tiny artefact (a 2 mm coin) and a huge one (a 30 m boat) keep a bounded
 * far/near ratio at extreme zoom: depth precision never collapses. */
static void test_clip_ratio_bounded_at_scale(void **state)
{
    (void)state;
    const vt_aabb boxes[2] = {
        { { -0.001f, 0, -0.001f }, { 0.001f, 0.0002f, 0.001f } },
        { { -15, 0, -4 }, { 15, 8, 4 } },
    };
    for (int bi = 0; bi < 2; bi++) {
        cam_orbit o;
        _init(&o, boxes[bi]);
        for (int i = 0; i < 100; i++)
            cam_orbit_zoom(&o, 0.05f, NULL);
        cam_orbit_snap(&o);
        _assert_clip_brackets(&o, &boxes[bi]);
        for (int i = 0; i < 100; i++)
            cam_orbit_zoom(&o, 20.0f, NULL);
        cam_orbit_snap(&o);
        _assert_clip_brackets(&o, &boxes[bi]);
    }
}

/* The ray through the image centre starts at the eye and points at the
 * target; the ray through the top edge is half the vertical field of view
 * above it. */
static void test_ray_through_centre(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, STATUE);
    cam_orbit_rotate(&o, 123, 45, VIEW_H);
    cam_orbit_snap(&o);
    vec3 origin, dir, eye, to_target;
    cam_orbit_ray(&o, VIEW_W * 0.5f - 0.5f, VIEW_H * 0.5f - 0.5f, VIEW_W, VIEW_H, origin, dir);
    _eye(&o, eye);
    for (int i = 0; i < 3; i++)
        assert_float_equal(origin[i], eye[i], 1e-5f);
    assert_float_equal(glm_vec3_norm(dir), 1.0f, 1e-5f);
    glm_vec3_sub(o.current.target, eye, to_target);
    glm_vec3_normalize(to_target);
    assert_true(glm_vec3_dot(dir, to_target) > 0.99999f);

    /* Top-centre pixel edge: y = -0.5 maps to NDC y = +1. */
    cam_orbit_ray(&o, VIEW_W * 0.5f - 0.5f, -0.5f, VIEW_W, VIEW_H, origin, dir);
    float angle = acosf(glm_clamp(glm_vec3_dot(dir, to_target), -1.0f, 1.0f));
    assert_float_equal(angle, 0.5f * o.fov_y, glm_rad(0.05f));
    vec3 up;
    glm_vec3_sub(dir, to_target, up);
    assert_true(up[1] > 0.0f); /* above the centre, not below */
}

/* Close up, turning to look up from below never puts the eye under the
 * base or inside the box: pushing the eye out of the box along a rising
 * view ray would leave through the bottom face, so the camera must stand
 * on the floor plane instead. */
static void test_eye_stays_above_base_when_close(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    for (int i = 0; i < 50; i++)
        cam_orbit_zoom(&o, 0.05f, NULL);
    for (int i = 0; i < 20; i++) {
        cam_orbit_rotate(&o, 0, -50, VIEW_H);
        vec3 eye;
        cam_pose_eye(&o.goal, eye);
        assert_true(eye[1] >= CUBE.min[1]);
        assert_false(vt_aabb_contains(&CUBE, eye));
    }
}

/* On a 21:9 screen close to the box, the near plane still lies in front of
 * the box at the screen corners: every corner ray's near-plane crossing is
 * nearer than the box. */
static void test_near_plane_safe_on_ultrawide(void **state)
{
    (void)state;
    cam_orbit o;
    cam_orbit_init(&o, &(cam_orbit_desc){ .bounds = CUBE, .aspect = 21.0f / 9.0f });
    for (int i = 0; i < 50; i++)
        cam_orbit_zoom(&o, 0.05f, NULL);
    cam_orbit_snap(&o);
    float n, f;
    cam_orbit_clip_planes(&o, &n, &f);
    vec3 eye;
    cam_pose_eye(&o.current, eye);
    float gap = _box_gap(&CUBE, eye);
    float t = tanf(0.5f * o.fov_y);
    /* distance along a corner ray to the near plane */
    float corner = n * sqrtf(1.0f + t * t * (1.0f + o.aspect * o.aspect));
    assert_true(corner < gap);
}

/* After a day of kiosk turning (200 full turns) and on an artefact far from
 * the origin, the camera still comes to rest, so the viewer can go idle. */
static void test_settles_after_many_turns_and_far_away(void **state)
{
    (void)state;
    cam_orbit o;
    _init(&o, CUBE);
    for (int i = 0; i < 200 * 4; i++) {
        cam_orbit_rotate(&o, VIEW_H * 0.5f, 0, VIEW_H); /* a quarter turn each */
        cam_orbit_update(&o, 1.0f / 60.0f);
    }
    int frames = 0;
    while (!cam_orbit_settled(&o) && frames < 2000) {
        cam_orbit_update(&o, 1.0f / 144.0f);
        frames++;
    }
    assert_true(frames < 2000);
    assert_true(fabsf(o.goal.yaw) <= GLM_PIf + 1e-3f);

    const vt_aabb far = { { 99.85f, 0.0f, 99.85f }, { 100.15f, 0.3f, 100.15f } };
    _init(&o, far);
    const float at[3] = { 100.05f, 0.2f, 100.15f };
    cam_orbit_zoom(&o, 0.5f, at);
    cam_orbit_pan(&o, 13, -7, VIEW_H);
    frames = 0;
    while (!cam_orbit_settled(&o) && frames < 2000) {
        cam_orbit_update(&o, 1.0f / 60.0f);
        frames++;
    }
    assert_true(frames < 2000);
}

/* A curator's limits hold against any drag and zoom: a relief seen only
 * from the front half, never from below, never closer than 0.5 m. */
static void test_orbit_limits(void **state)
{
    (void)state;
    cam_orbit o;
    cam_orbit_init(&o, &(cam_orbit_desc){ .bounds = STATUE, .aspect = 16.0f / 9.0f,
                                          .limits = { .has_yaw = true, .yaw_center = glm_rad(90.0f),
                                                      .yaw_min = glm_rad(-60.0f), .yaw_max = glm_rad(60.0f),
                                                      .has_pitch = true, .pitch_min = glm_rad(-5.0f),
                                                      .pitch_max = glm_rad(45.0f), .has_distance = true,
                                                      .distance_min = 0.5f, .distance_max = 4.0f } });
    for (int i = 0; i < 40; i++) {
        cam_orbit_rotate(&o, i < 20 ? 300.0f : -300.0f, i % 2 ? 400.0f : -400.0f, 720.0f);
        cam_orbit_zoom(&o, i % 3 ? 0.3f : 4.0f, NULL);
        cam_orbit_update(&o, 1.0f / 30.0f);
        float rel = remainderf(o.goal.yaw - glm_rad(90.0f), 2.0f * GLM_PIf);
        assert_true(rel >= glm_rad(-60.0f) - 1e-4f && rel <= glm_rad(60.0f) + 1e-4f);
        assert_true(o.goal.pitch >= glm_rad(-5.0f) - 1e-4f && o.goal.pitch <= glm_rad(45.0f) + 1e-4f);
        assert_true(o.goal.distance >= 0.5f - 1e-4f && o.goal.distance <= 4.0f + 1e-4f);
    }
    /* The home view (3/4 by default) is brought inside the limits too. */
    float rel = remainderf(o.home.yaw - glm_rad(90.0f), 2.0f * GLM_PIf);
    assert_true(fabsf(rel) <= glm_rad(60.0f) + 1e-4f);
    /* Without limits the same drags go all the way round. */
    cam_orbit free_o;
    _init(&free_o, STATUE);
    cam_orbit_rotate(&free_o, 2000.0f, 0.0f, 720.0f);
    float free_rel = remainderf(free_o.goal.yaw - free_o.home.yaw, 2.0f * GLM_PIf);
    assert_true(fabsf(free_rel) > glm_rad(60.0f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_frames_box),
        cmocka_unit_test(test_init_frames_box_portrait),
        cmocka_unit_test(test_init_home_pose),
        cmocka_unit_test(test_rotate_never_rolls),
        cmocka_unit_test(test_rotate_scale),
        cmocka_unit_test(test_pitch_clamped),
        cmocka_unit_test(test_eye_stays_above_base),
        cmocka_unit_test(test_zoom_in_hard_stays_outside),
        cmocka_unit_test(test_focus_on_surface),
        cmocka_unit_test(test_zoom_keeps_point_on_screen),
        cmocka_unit_test(test_update_converges),
        cmocka_unit_test(test_update_step_size),
        cmocka_unit_test(test_update_frame_rate_independent),
        cmocka_unit_test(test_reset_returns_home),
        cmocka_unit_test(test_frame_recentres),
        cmocka_unit_test(test_pan_moves_target_bounded),
        cmocka_unit_test(test_clip_planes_bracket_box),
        cmocka_unit_test(test_clip_ratio_bounded_at_scale),
        cmocka_unit_test(test_ray_through_centre),
        cmocka_unit_test(test_eye_stays_above_base_when_close),
        cmocka_unit_test(test_near_plane_safe_on_ultrawide),
        cmocka_unit_test(test_settles_after_many_turns_and_far_away),
        cmocka_unit_test(test_orbit_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
