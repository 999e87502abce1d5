/* test_glide_tour: the free camera pose (src/camera/look.h) against the
 * orbit camera, glides between poses (src/camera/glide.h) and guided tours
 * (src/camera/tour.h): exact ends, easing at rest, the short way round, no
 * jumps or sudden turns, holds at each viewpoint, pause and exact seeking.
 * Pure math: no GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "camera/tour.h"

#define STEP (1.0f / 60.0f)

static void _assert_look_equal(const cam_look *a, const cam_look *b)
{
    assert_memory_equal(a, b, sizeof *a);
}

/* Absolute turn between two samples, the short way. */
static float _yaw_step(float a, float b) { return fabsf(cam_angle_wrap(b - a)); }

static cam_look _look(float x, float y, float z, float yaw_deg, float pitch_deg)
{
    return (cam_look){ .eye = { x, y, z }, .yaw = glm_rad(yaw_deg), .pitch = glm_rad(pitch_deg) };
}

/* ---- look --------------------------------------------------------------- */

/* For any orbit pose, the free pose converted from it has the same view
 * matrix as the orbit camera (so a glide can hand over without a step). */
static void test_look_matches_orbit(void **state)
{
    (void)state;
    const float poses[][6] = {
        /* yaw, pitch (degrees), distance, target */
        { 0, 0, 2, 0, 0, 0 },       { 25, 12, 3.5f, 0.1f, 0.6f, -0.2f }, { -120, 45, 1, 5, 1, -7 },
        { 179, -30, 0.4f, 0, 2, 0 }, { 90, 89, -0 + 6, -3, 0.5f, 2 },    { -179.5f, -89, 12, 10, 3, 10 },
    };
    for (size_t i = 0; i < sizeof poses / sizeof poses[0]; i++) {
        cam_orbit o;
        memset(&o, 0, sizeof o);
        o.current = (cam_pose){ .yaw = glm_rad(poses[i][0]), .pitch = glm_rad(poses[i][1]),
                                .distance = poses[i][2], .target = { poses[i][3], poses[i][4], poses[i][5] } };
        mat4 want, got;
        cam_orbit_view(&o, want);
        cam_look l;
        cam_look_from_orbit(&o.current, &l);
        cam_look_view(&l, got);
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++)
                assert_float_equal(got[c][r], want[c][r], 1e-4f * (1.0f + fabsf(want[c][r])));
    }
}

/* Looking from points: the forward direction points at the target; the
 * view matrix maps the target onto the -Z axis; straight down is defined. */
static void test_look_from_points(void **state)
{
    (void)state;
    const float eye[3] = { 1, 1.6f, 4 }, at[3] = { -2, 1.0f, -1 };
    cam_look l;
    cam_look_from_points(eye, at, &l);
    vec3 fwd, d;
    cam_look_forward(&l, fwd);
    glm_vec3_sub((float *)at, (float *)eye, d);
    glm_vec3_normalize(d);
    for (int i = 0; i < 3; i++)
        assert_float_equal(fwd[i], d[i], 1e-5f);
    assert_true(l.pitch > 0); /* looking down a little */
    mat4 view;
    cam_look_view(&l, view);
    vec4 p = { at[0], at[1], at[2], 1 }, v;
    glm_mat4_mulv(view, p, v);
    assert_float_equal(v[0], 0.0f, 1e-5f);
    assert_float_equal(v[1], 0.0f, 1e-5f);
    assert_true(v[2] < 0);

    cam_look_from_points(eye, (float[3]){ eye[0], 0, eye[2] }, &l);
    assert_float_equal(l.pitch, GLM_PI_2f, 1e-6f);
    cam_look_view(&l, view);
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
            assert_false(isnan(view[c][r]));
}

/* The ray through the centre pixel is the forward direction from the eye;
 * any other pixel's ray matches the orbit camera's for the same pose. */
static void test_look_ray(void **state)
{
    (void)state;
    const float w = 1280, h = 720, fov = glm_rad(50.0f);
    cam_look l = _look(1, 1.6f, 2, 33, 20);
    vec3 o, dir, fwd;
    cam_look_ray(&l, fov, w / h, w * 0.5f - 0.5f, h * 0.5f - 0.5f, w, h, o, dir);
    cam_look_forward(&l, fwd);
    for (int i = 0; i < 3; i++) {
        assert_float_equal(dir[i], fwd[i], 1e-6f);
        assert_float_equal(o[i], l.eye[i], 0);
    }
    /* top-left pixel looks up and left of forward */
    cam_look_ray(&l, fov, w / h, 0, 0, w, h, o, dir);
    vec3 f, s, u;
    cam_look_axes(&l, f, s, u);
    assert_true(glm_vec3_dot(dir, s) < 0);
    assert_true(glm_vec3_dot(dir, u) > 0);

    cam_orbit orbit;
    cam_orbit_init(&orbit, &(cam_orbit_desc){ .bounds = { { -0.5f, 0, -0.5f }, { 0.5f, 1, 0.5f } },
                                              .aspect = w / h, .yaw = 40, .pitch = 15 });
    cam_look ol;
    cam_look_from_orbit(&orbit.current, &ol);
    const float px[3][2] = { { 0, 0 }, { 1000, 200 }, { 300, 700 } };
    for (int k = 0; k < 3; k++) {
        vec3 oo, od, lo, ld;
        cam_orbit_ray(&orbit, px[k][0], px[k][1], w, h, oo, od);
        cam_look_ray(&ol, orbit.fov_y, orbit.aspect, px[k][0], px[k][1], w, h, lo, ld);
        for (int i = 0; i < 3; i++) {
            assert_float_equal(ld[i], od[i], 1e-4f);
            assert_float_equal(lo[i], oo[i], 1e-5f);
        }
    }
}

/* ---- glide -------------------------------------------------------------- */

/* Starts exactly at FROM, ends exactly at TO (bit for bit), and stepping
 * with update lands on TO and reports the end. */
static void test_glide_exact_ends(void **state)
{
    (void)state;
    cam_look from = _look(0, 1.6f, 0, 10, 5), to = _look(3, 1.2f, -2, -60, 30), out;
    cam_glide g;
    cam_glide_start(&g, &from, &to, 0);
    assert_true(g.duration >= 0.8f && g.duration <= 4.0f);
    cam_glide_eval(&g, 0, &out);
    _assert_look_equal(&out, &from);
    cam_glide_eval(&g, -1, &out);
    _assert_look_equal(&out, &from);
    cam_glide_eval(&g, g.duration, &out);
    _assert_look_equal(&out, &to);
    cam_glide_eval(&g, g.duration + 5, &out);
    _assert_look_equal(&out, &to);
    int frames = 0;
    while (cam_glide_update(&g, 1.0f / 144, &out))
        frames++;
    _assert_look_equal(&out, &to);
    assert_true(frames > 100);
    assert_false(cam_glide_update(&g, STEP, &out));
    _assert_look_equal(&out, &to);
}

/* Smootherstep: at rest at both ends, and not merely at zero speed but at
 * zero acceleration: over the first and last 1/60 s the camera covers far
 * less than a linear or smoothstep move would (smoothstep covers ~3u of the
 * linear share, smootherstep ~10u^2). */
static void test_glide_eases_at_ends(void **state)
{
    (void)state;
    cam_look from = _look(0, 1.6f, 0, 0, 0), to = _look(0, 1.6f, -6, 90, -20), a, b;
    cam_glide g;
    cam_glide_start(&g, &from, &to, 2.0f);
    float dist = 6.0f, h = STEP;
    float linear = dist * h / g.duration;
    cam_glide_eval(&g, h, &a);
    assert_true(glm_vec3_distance(a.eye, from.eye) < 0.005f * linear);
    assert_true(_yaw_step(a.yaw, from.yaw) < 0.005f * glm_rad(90.0f) * h / g.turn_time);
    cam_glide_eval(&g, g.duration - h, &b);
    assert_true(glm_vec3_distance(b.eye, to.eye) < 0.005f * linear);
    assert_true(_yaw_step(b.yaw, to.yaw) < 1e-6f); /* a long move has finished turning */
    /* and in the middle it really moves */
    cam_glide_eval(&g, 0.5f * g.duration, &a);
    cam_glide_eval(&g, 0.5f * g.duration + h, &b);
    assert_true(glm_vec3_distance(a.eye, b.eye) > linear);
}

/* Yaw turns the short way across +-180: from 170 to -170 degrees the view
 * turns through 20 degrees, never through 0. */
static void test_glide_short_way(void **state)
{
    (void)state;
    cam_look from = _look(0, 1.6f, 0, 170, 0), to = _look(1, 1.6f, 0, -170, 0), out;
    cam_glide g;
    cam_glide_start(&g, &from, &to, 1.5f);
    float total = 0, prev = from.yaw;
    for (float t = 0; t <= g.duration + STEP; t += STEP) {
        cam_glide_eval(&g, t, &out);
        assert_true(fabsf(out.yaw) >= glm_rad(170.0f) - 1e-5f);
        total += _yaw_step(prev, out.yaw);
        prev = out.yaw;
    }
    assert_float_equal(total, glm_rad(20.0f), 1e-4f);
}

/* No jumps, no sudden turns: between 1/60 s samples the eye moves at most
 * twice the average speed's step, and the view turns at most twice the
 * average turn rate's step (the turn may finish early on long moves, so
 * the average is over turn_time, never less than 3/4 of the glide). */
static void test_glide_no_jumps(void **state)
{
    (void)state;
    const cam_look cases[][2] = {
        { _look(0, 1.6f, 0, 0, 0), _look(0.3f, 1.6f, 0, 180, 0) },    /* half turn in place */
        { _look(0, 1.6f, 0, -30, 10), _look(12, 1.6f, -9, 120, -5) }, /* across a hall */
        { _look(0, 1.6f, 0, 0, 0), _look(0.5f, 1.1f, -0.8f, 5, 40) }, /* lean toward a case */
        { _look(0, 1.6f, 0, 179, 0), _look(40, 1.6f, 0, -179, 0) },   /* very long, tiny turn */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        cam_glide g;
        cam_glide_start(&g, &cases[c][0], &cases[c][1], 0);
        assert_true(g.duration >= 0.8f - 1e-6f && g.duration <= 4.0f + 1e-6f);
        assert_true(g.turn_time >= 0.75f * g.duration - 1e-6f && g.turn_time <= g.duration);
        float dist = glm_vec3_distance((float *)cases[c][0].eye, (float *)cases[c][1].eye);
        float dyaw = fabsf(cam_angle_wrap(cases[c][1].yaw - cases[c][0].yaw));
        float dpitch = fabsf(cases[c][1].pitch - cases[c][0].pitch);
        float max_move = 2.0f * dist / g.duration * STEP + 1e-5f;
        float max_yaw = 2.0f * dyaw / g.turn_time * STEP + 1e-5f;
        float max_pitch = 2.0f * dpitch / g.turn_time * STEP + 1e-5f;
        cam_look prev = cases[c][0], out;
        for (int i = 1; i <= (int)(g.duration / STEP) + 2; i++) {
            cam_glide_eval(&g, (float)i * STEP, &out);
            assert_true(glm_vec3_distance(prev.eye, out.eye) <= max_move);
            assert_true(_yaw_step(prev.yaw, out.yaw) <= max_yaw);
            assert_true(fabsf(prev.pitch - out.pitch) <= max_pitch);
            prev = out;
        }
        _assert_look_equal(&out, &cases[c][1]);
    }
    /* a half turn in place is not rushed: at least 3 s */
    cam_glide g;
    cam_glide_start(&g, &cases[0][0], &cases[0][1], 0);
    assert_true(g.duration >= 2.9f);
}

/* Comfortable durations: small steps take the minimum, long walks the
 * maximum, in between longer moves take longer. */
static void test_glide_duration(void **state)
{
    (void)state;
    cam_look a = _look(0, 1.6f, 0, 0, 0);
    cam_look near = _look(0.05f, 1.6f, 0, 0, 0), mid = _look(3, 1.6f, 0, 0, 0), far = _look(100, 1.6f, 0, 0, 0);
    assert_float_equal(cam_glide_duration(&a, &near), 0.8f, 1e-6f);
    assert_float_equal(cam_glide_duration(&a, &far), 4.0f, 1e-6f);
    float dm = cam_glide_duration(&a, &mid);
    assert_true(dm > 0.8f && dm < 4.0f);
    assert_float_equal(cam_glide_duration(&a, &a), 0.8f, 1e-6f);
}

/* Gliding onto an orbit pose ends on exactly the orbit camera's view. */
static void test_glide_to_orbit(void **state)
{
    (void)state;
    cam_orbit orbit;
    cam_orbit_init(&orbit, &(cam_orbit_desc){ .bounds = { { 4, 0.8f, -3 }, { 4.4f, 1.5f, -2.6f } } });
    cam_look walker = _look(0, 1.6f, 2, -170, 0), target, out;
    cam_look_from_orbit(&orbit.current, &target);
    cam_glide g;
    cam_glide_start(&g, &walker, &target, 0);
    cam_glide_eval(&g, g.duration, &out);
    mat4 want, got;
    cam_orbit_view(&orbit, want);
    cam_look_view(&out, got);
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
            assert_float_equal(got[c][r], want[c][r], 1e-4f);
}

/* ---- tour --------------------------------------------------------------- */

static const cam_tour_stop STOPS[4] = {
    { .pose = { .eye = { 2, 1.6f, -3 }, .yaw = 2.8f, .pitch = 0.1f }, .hold = 8, .travel = 4 },
    { .pose = { .eye = { 2.5f, 1.4f, -9 }, .yaw = -2.9f, .pitch = 0.3f }, .hold = 5, .travel = 3 }, /* across +-pi */
    { .pose = { .eye = { -6, 1.7f, -9 }, .yaw = 1.2f, .pitch = -0.1f }, .hold = 0, .travel = 6 },  /* no hold */
    { .pose = { .eye = { -6, 1.7f, 4 }, .yaw = 0.0f, .pitch = 0.0f }, .hold = 2, .travel = 4 },
};
static const cam_look START = { .eye = { 0, 1.6f, 0 }, .yaw = 0.3f, .pitch = 0 };

/* The timeline adds up; at every stop's hold the pose is exactly the
 * viewpoint, and the stop index and holding flag say so. */
static void test_tour_holds_at_stops(void **state)
{
    (void)state;
    cam_tour tour;
    cam_tour_init(&tour, STOPS, 4, &START);
    assert_true(cam_tour_duration(&tour) == 4 + 8 + 3 + 5 + 6 + 0 + 4 + 2);
    cam_look out;
    int stop;
    bool holding;
    cam_tour_eval(&tour, 0, &out, &stop, &holding);
    _assert_look_equal(&out, &START);
    assert_int_equal(stop, 0);
    assert_false(holding);
    for (size_t i = 0; i < 4; i++) {
        double at = cam_tour_stop_time(&tour, i);
        const double offsets[3] = { 0, 0.5 * STOPS[i].hold, STOPS[i].hold * 0.999 };
        for (int k = 0; k < 3; k++) {
            cam_tour_eval(&tour, at + offsets[k], &out, &stop, &holding);
            _assert_look_equal(&out, &STOPS[i].pose);
            assert_int_equal(stop, (int)i);
            assert_true(holding || STOPS[i].hold == 0);
        }
        /* just before the hold it is still travelling there */
        cam_tour_eval(&tour, at - 0.5, &out, &stop, &holding);
        assert_int_equal(stop, (int)i);
        assert_false(holding);
    }
    assert_true(cam_tour_stop_time(&tour, 1) == 4 + 8 + 3);
    /* With times that are not exact in binary the boundaries still land
     * exactly on the viewpoints. */
    cam_tour_stop odd[4];
    for (int i = 0; i < 4; i++) {
        odd[i] = STOPS[i];
        odd[i].hold = 0.1f * (float)(i + 1);
        odd[i].travel = 0.7f + 0.3f * (float)i;
    }
    odd[2].hold = 0;
    cam_tour_init(&tour, odd, 4, &START);
    for (size_t i = 0; i < 4; i++) {
        cam_tour_eval(&tour, cam_tour_stop_time(&tour, i), &out, &stop, &holding);
        _assert_look_equal(&out, &odd[i].pose);
        assert_int_equal(stop, (int)i);
        assert_true(holding);
    }
    cam_tour_init(&tour, STOPS, 4, &START);
    /* after the end it stays at the last stop */
    cam_tour_eval(&tour, cam_tour_duration(&tour) + 100, &out, &stop, &holding);
    _assert_look_equal(&out, &STOPS[3].pose);
    assert_int_equal(stop, 3);
    assert_true(holding);
}

/* Sampled at 1/60 s over the whole tour, position and angles change
 * continuously: no step is larger than twice the fastest travel's average
 * step (the turn over 3/4 of the travel at worst), and at each hold the
 * camera arrives at rest. */
static void test_tour_continuous(void **state)
{
    (void)state;
    cam_tour tour;
    cam_tour_init(&tour, STOPS, 4, &START);
    float max_move = 0, max_turn = 0;
    for (int i = 0; i < 4; i++) {
        const cam_look *prev = i ? &STOPS[i - 1].pose : &START;
        float d = glm_vec3_distance((float *)prev->eye, (float *)STOPS[i].pose.eye);
        float a = fmaxf(fabsf(cam_angle_wrap(STOPS[i].pose.yaw - prev->yaw)), fabsf(STOPS[i].pose.pitch - prev->pitch));
        max_move = fmaxf(max_move, 2.0f * d / STOPS[i].travel * STEP);
        max_turn = fmaxf(max_turn, 2.0f * a / (0.75f * STOPS[i].travel) * STEP);
    }
    cam_look prev, out;
    cam_tour_eval(&tour, 0, &prev, NULL, NULL);
    int samples = (int)(cam_tour_duration(&tour) * 60.0) + 30;
    for (int i = 1; i <= samples; i++) {
        cam_tour_eval(&tour, i / 60.0, &out, NULL, NULL);
        assert_true(glm_vec3_distance(prev.eye, out.eye) <= max_move + 1e-5f);
        assert_true(_yaw_step(prev.yaw, out.yaw) <= max_turn + 1e-5f);
        assert_true(fabsf(prev.pitch - out.pitch) <= max_turn + 1e-5f);
        prev = out;
    }
    /* arriving at stop 2 (no hold) the camera is at rest, then sets off */
    double at = cam_tour_stop_time(&tour, 2);
    cam_look a, b;
    cam_tour_eval(&tour, at - STEP, &a, NULL, NULL);
    cam_tour_eval(&tour, at + STEP, &b, NULL, NULL);
    assert_true(glm_vec3_distance(a.eye, (float *)STOPS[2].pose.eye) < 0.001f);
    assert_true(glm_vec3_distance(b.eye, (float *)STOPS[2].pose.eye) < 0.001f);
}

/* A stop with travel 0 is a cut: before it the previous hold, at it the
 * new viewpoint. */
static void test_tour_zero_travel_jumps(void **state)
{
    (void)state;
    cam_tour_stop stops[2] = { STOPS[0], STOPS[1] };
    stops[1].travel = 0;
    cam_tour tour;
    cam_tour_init(&tour, stops, 2, &START);
    double at = cam_tour_stop_time(&tour, 1);
    assert_true(at == 4 + 8);
    cam_look out;
    int stop;
    bool holding;
    cam_tour_eval(&tour, at - 1e-6, &out, &stop, &holding);
    _assert_look_equal(&out, &stops[0].pose);
    assert_int_equal(stop, 0);
    cam_tour_eval(&tour, at, &out, &stop, &holding);
    _assert_look_equal(&out, &stops[1].pose);
    assert_int_equal(stop, 1);
    assert_true(holding);
}

/* The player: pausing keeps the clock, resuming goes on, the end clamps;
 * seeking is exact and the same time always gives the same pose, bit for
 * bit, whatever happened before (no drift from stepping). */
static void test_tour_player(void **state)
{
    (void)state;
    cam_tour tour;
    cam_tour_init(&tour, STOPS, 4, &START);
    cam_tour_player p;
    cam_tour_player_start(&p, &tour);
    for (int i = 0; i < 90; i++)
        cam_tour_player_update(&p, STEP);
    double t = p.t;
    assert_true(t > 1.4 && t < 1.6);
    cam_tour_player_pause(&p);
    for (int i = 0; i < 90; i++)
        cam_tour_player_update(&p, STEP);
    assert_true(p.t == t);
    cam_tour_player_resume(&p);
    cam_tour_player_update(&p, 0.5);
    assert_true(p.t == t + 0.5);

    const double at = 13.37;
    cam_look a, b;
    int sa, sb;
    bool ha, hb;
    cam_tour_player_seek(&p, at);
    assert_true(p.t == at);
    cam_tour_player_pose(&p, &a, &sa, &ha);
    cam_tour_eval(&tour, at, &b, &sb, &hb);
    _assert_look_equal(&a, &b);
    assert_int_equal(sa, sb);
    assert_true(ha == hb);
    /* a second player that stepped there in odd increments and was sought */
    cam_tour_player q;
    cam_tour_player_start(&q, &tour);
    for (int i = 0; i < 1000; i++)
        cam_tour_player_update(&q, 0.0123);
    cam_tour_player_seek(&q, at);
    cam_tour_player_pose(&q, &b, NULL, NULL);
    _assert_look_equal(&a, &b);

    assert_false(cam_tour_player_done(&p));
    cam_tour_player_seek(&p, 1e9);
    assert_true(p.t == cam_tour_duration(&tour));
    assert_true(cam_tour_player_done(&p));
    cam_tour_player_update(&p, 1.0);
    assert_true(p.t == cam_tour_duration(&tour));
    cam_tour_player_seek(&p, -5);
    assert_true(p.t == 0);
}

/* An empty tour shows the start and is done at once; a one-stop tour
 * glides there and holds. Bad times (negative, NaN) count as 0. */
static void test_tour_zero_and_one_stop(void **state)
{
    (void)state;
    cam_tour tour;
    cam_look out;
    int stop;
    bool holding;
    cam_tour_init(&tour, NULL, 0, &START);
    assert_true(cam_tour_duration(&tour) == 0);
    cam_tour_eval(&tour, 3.0, &out, &stop, &holding);
    _assert_look_equal(&out, &START);
    assert_int_equal(stop, -1);
    assert_false(holding);
    cam_tour_player p;
    cam_tour_player_start(&p, &tour);
    assert_true(cam_tour_player_done(&p));
    cam_tour_player_update(&p, STEP);
    assert_true(p.t == 0);

    cam_tour_init(&tour, STOPS, 1, &START);
    assert_true(cam_tour_duration(&tour) == 12);
    cam_tour_eval(&tour, 2.0, &out, &stop, &holding);
    assert_int_equal(stop, 0);
    assert_false(holding);
    assert_true(glm_vec3_distance(out.eye, (float *)START.eye) > 0.1f);
    assert_true(glm_vec3_distance(out.eye, (float *)STOPS[0].pose.eye) > 0.1f);
    cam_tour_eval(&tour, 12.0, &out, &stop, &holding);
    _assert_look_equal(&out, &STOPS[0].pose);
    assert_true(holding);

    cam_tour_stop bad[2] = { STOPS[0], STOPS[1] };
    bad[0].hold = -3;
    bad[1].travel = NAN;
    cam_tour_init(&tour, bad, 2, &START);
    assert_true(cam_tour_duration(&tour) == 4 + 0 + 0 + 5);
    cam_tour_eval(&tour, 4.0, &out, &stop, NULL);
    _assert_look_equal(&out, &bad[1].pose);
    assert_int_equal(stop, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_look_matches_orbit),
        cmocka_unit_test(test_look_from_points),
        cmocka_unit_test(test_look_ray),
        cmocka_unit_test(test_glide_exact_ends),
        cmocka_unit_test(test_glide_eases_at_ends),
        cmocka_unit_test(test_glide_short_way),
        cmocka_unit_test(test_glide_no_jumps),
        cmocka_unit_test(test_glide_duration),
        cmocka_unit_test(test_glide_to_orbit),
        cmocka_unit_test(test_tour_holds_at_stops),
        cmocka_unit_test(test_tour_continuous),
        cmocka_unit_test(test_tour_zero_travel_jumps),
        cmocka_unit_test(test_tour_player),
        cmocka_unit_test(test_tour_zero_and_one_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
