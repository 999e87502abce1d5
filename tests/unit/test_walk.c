/* test_walk: the walking camera (src/camera/walk.h): gradual acceleration
 * and stopping, frame-rate independence, diagonals no faster than straight,
 * pitch limits, sliding along a wall given as a collision callback, and
 * tap-to-walk (arrives and stops, gives up when blocked, yields to keys).
 * Pure math: no GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "camera/walk.h"

#define WALK_SPEED 1.4f

static void _init(cam_walk *w) { cam_walk_init(w, &(cam_walk_desc){ 0 }); }

static void _run(cam_walk *w, const cam_walk_input *in, float seconds, float fps, cam_collide_fn fn, void *user)
{
    int frames = (int)lroundf(seconds * fps);
    for (int i = 0; i < frames; i++)
        cam_walk_update(w, in, 1.0f / fps, fn, user);
}

/* A wall along z = WALL_Z, the walker on its +z side: the disc's centre may
 * not come closer than the radius. Records what it was called with. */
#define WALL_Z (-2.0f)
typedef struct fake_wall {
    int calls;
    float radius;
} fake_wall;

static void _wall(void *user, const float from[2], float to[2], float radius)
{
    fake_wall *fw = user;
    (void)from;
    fw->calls++;
    fw->radius = radius;
    if (to[1] < WALL_Z + radius)
        to[1] = WALL_Z + radius;
}

/* Defaults: 1.6 m eye height on a floor at 0, 0.3 m radius; the eye pose
 * is the walker's position and angles. */
static void test_defaults_and_look(void **state)
{
    (void)state;
    cam_walk w;
    cam_walk_init(&w, &(cam_walk_desc){ .x = 2, .z = -3, .yaw = 0.5f, .pitch = 0.1f });
    assert_float_equal(w.eye_height, 1.6f, 0);
    assert_float_equal(w.radius, 0.3f, 0);
    assert_float_equal(w.speed, WALK_SPEED, 0);
    cam_look l;
    cam_walk_look(&w, &l);
    assert_float_equal(l.eye[0], 2.0f, 0);
    assert_float_equal(l.eye[1], 1.6f, 0);
    assert_float_equal(l.eye[2], -3.0f, 0);
    assert_float_equal(l.yaw, 0.5f, 0);
    assert_float_equal(l.pitch, 0.1f, 0);
    cam_walk_init(&w, &(cam_walk_desc){ .floor_y = 3.0f, .eye_height = 1.2f });
    cam_walk_look(&w, &l);
    assert_float_equal(l.eye[1], 4.2f, 1e-6f);
    assert_false(cam_walk_busy(&w));
}

/* Forward at yaw 0 walks toward -Z; strafe right walks toward +X. */
static void test_directions(void **state)
{
    (void)state;
    cam_walk w;
    _init(&w);
    _run(&w, &(cam_walk_input){ .forward = 1 }, 1.0f, 60, NULL, NULL);
    assert_true(w.pos[1] < -0.5f);
    assert_float_equal(w.pos[0], 0.0f, 1e-5f);
    _init(&w);
    _run(&w, &(cam_walk_input){ .strafe = 1 }, 1.0f, 60, NULL, NULL);
    assert_true(w.pos[0] > 0.5f);
    assert_float_equal(w.pos[1], 0.0f, 1e-5f);
}

/* Speed builds up over about 0.3 s (not instantly), never passes walking
 * speed, and is lost over about 0.25 s once the key is released. */
static void test_accelerates_and_stops_gradually(void **state)
{
    (void)state;
    cam_walk w;
    _init(&w);
    const cam_walk_input fwd = { .forward = 1 };
    float max_seen = 0;
    for (int i = 1; i <= 60; i++) {
        cam_walk_update(&w, &fwd, 1.0f / 60, NULL, NULL);
        float v = cam_walk_speed(&w);
        /* never more than one frame's acceleration at a time */
        assert_true(v - max_seen <= WALK_SPEED / 0.3f / 60.0f + 1e-4f);
        max_seen = fmaxf(max_seen, v);
        assert_true(v <= WALK_SPEED + 1e-5f);
        if (i == 1)
            assert_true(v < 0.2f * WALK_SPEED);
        if (i == 6) { /* 0.1 s */
            assert_true(v > 0.2f * WALK_SPEED);
            assert_true(v < 0.5f * WALK_SPEED);
        }
        if (i == 18) /* 0.3 s */
            assert_true(v >= 0.95f * WALK_SPEED);
    }
    assert_float_equal(cam_walk_speed(&w), WALK_SPEED, 1e-5f);

    const cam_walk_input none = { 0 };
    _run(&w, &none, 0.1f, 60, NULL, NULL);
    assert_true(cam_walk_speed(&w) > 0.4f * WALK_SPEED); /* not a dead stop */
    assert_true(cam_walk_busy(&w));
    _run(&w, &none, 0.2f, 60, NULL, NULL);
    assert_float_equal(cam_walk_speed(&w), 0.0f, 0);
    assert_false(cam_walk_busy(&w));
}

/* The same input for 2 s (walking, turning, releasing) ends at the same
 * place at 30 and at 144 frames a second. */
static void test_frame_rate_independent(void **state)
{
    (void)state;
    const float rates[2] = { 30.0f, 144.0f };
    cam_walk w[2];
    for (int r = 0; r < 2; r++) {
        _init(&w[r]);
        float dt = 1.0f / rates[r];
        int frames = (int)lroundf(2.0f * rates[r]);
        for (int i = 0; i < frames; i++) {
            float t = (float)i * dt;
            cam_walk_input in = { .forward = t < 1.2f ? 1.0f : 0.0f, .strafe = t < 0.6f ? 0.5f : 0.0f,
                                  .run = t > 0.4f && t < 0.9f, .look_yaw = 0.4f * dt };
            cam_walk_update(&w[r], &in, dt, NULL, NULL);
        }
    }
    float d = hypotf(w[0].pos[0] - w[1].pos[0], w[0].pos[1] - w[1].pos[1]);
    assert_true(d < 0.05f);
    assert_true(hypotf(w[0].pos[0], w[0].pos[1]) > 1.0f); /* it did walk */
    assert_float_equal(w[0].yaw, w[1].yaw, 1e-3f);

    /* Straight constant input is integrated exactly: far closer than 5 cm. */
    for (int r = 0; r < 2; r++) {
        _init(&w[r]);
        _run(&w[r], &(cam_walk_input){ .forward = 1 }, 2.0f, rates[r], NULL, NULL);
    }
    /* 0.3 s ramp covers 0.21 m, then 1.7 s at 1.4 m/s */
    for (int r = 0; r < 2; r++)
        assert_float_equal(w[r].pos[1], -(0.5f * WALK_SPEED * 0.3f + WALK_SPEED * 1.7f), 2e-4f);
}

/* Holding forward and strafe together is no faster than forward alone. */
static void test_diagonal_not_faster(void **state)
{
    (void)state;
    cam_walk straight, diag;
    _init(&straight);
    _init(&diag);
    for (int i = 0; i < 90; i++) {
        cam_walk_update(&straight, &(cam_walk_input){ .forward = 1 }, 1.0f / 60, NULL, NULL);
        cam_walk_update(&diag, &(cam_walk_input){ .forward = 1, .strafe = 1 }, 1.0f / 60, NULL, NULL);
        assert_true(cam_walk_speed(&diag) <= cam_walk_speed(&straight) + 1e-5f);
    }
    assert_float_equal(cam_walk_speed(&diag), WALK_SPEED, 1e-4f);
    assert_true(hypotf(diag.pos[0], diag.pos[1]) <= hypotf(straight.pos[0], straight.pos[1]) + 1e-4f);
    /* Out-of-range axes are clamped, running is faster. */
    cam_walk w;
    _init(&w);
    _run(&w, &(cam_walk_input){ .forward = 5 }, 1.0f, 60, NULL, NULL);
    assert_float_equal(cam_walk_speed(&w), WALK_SPEED, 1e-4f);
    _run(&w, &(cam_walk_input){ .forward = 1, .run = true }, 1.0f, 60, NULL, NULL);
    assert_float_equal(cam_walk_speed(&w), 2.0f * WALK_SPEED, 1e-4f);
}

/* Pitch stops at +-80 degrees; yaw stays within a turn however far one turns. */
static void test_pitch_clamp_yaw_wrap(void **state)
{
    (void)state;
    cam_walk w;
    _init(&w);
    for (int i = 0; i < 20; i++) {
        cam_walk_update(&w, &(cam_walk_input){ .look_pitch = 0.3f }, 1.0f / 60, NULL, NULL);
        assert_true(w.pitch <= glm_rad(80.0f) + 1e-6f);
    }
    assert_float_equal(w.pitch, glm_rad(80.0f), 1e-6f);
    for (int i = 0; i < 20; i++)
        cam_walk_update(&w, &(cam_walk_input){ .look_pitch = -0.3f }, 1.0f / 60, NULL, NULL);
    assert_float_equal(w.pitch, -glm_rad(80.0f), 1e-6f);
    for (int i = 0; i < 1000; i++) {
        cam_walk_update(&w, &(cam_walk_input){ .look_yaw = 0.77f }, 1.0f / 60, NULL, NULL);
        assert_true(fabsf(w.yaw) <= GLM_PIf + 1e-5f);
    }
    /* the pose handed in is clamped too */
    cam_walk_set_look(&w, &(cam_look){ .eye = { 1, 9, 2 }, .yaw = 7.0f, .pitch = 1.5f });
    assert_float_equal(w.pitch, glm_rad(80.0f), 1e-6f);
    assert_float_equal(w.yaw, 7.0f - 2.0f * GLM_PIf, 1e-5f);
    assert_float_equal(w.pos[0], 1.0f, 0);
    assert_float_equal(w.pos[1], 2.0f, 0);
}

/* Pixels to radians: a full viewport height is a quarter turn by default;
 * moving right turns right (yaw decreases), moving down looks down. */
static void test_look_from_pixels(void **state)
{
    (void)state;
    float yaw, pitch;
    cam_walk_look_from_pixels(720, 0, 720, 0, &yaw, &pitch);
    assert_float_equal(yaw, -0.5f * GLM_PIf, 1e-6f);
    assert_float_equal(pitch, 0.0f, 0);
    cam_walk_look_from_pixels(0, 1080, 2160, 0, &yaw, &pitch); /* half of a 4K height */
    assert_float_equal(pitch, 0.25f * GLM_PIf, 1e-6f);
    cam_walk_look_from_pixels(100, 0, 1000, 2.0f, &yaw, &pitch);
    assert_float_equal(yaw, -0.2f, 1e-6f);
}

/* Walking diagonally into a wall at z = -2: the eye never passes
 * -2 + radius, the part of the velocity into the wall is dropped at once
 * (no pressing, no jitter) and the part along it keeps sliding at the
 * speed the input asks for along the wall. */
static void test_collision_slides(void **state)
{
    (void)state;
    cam_walk w;
    cam_walk_init(&w, &(cam_walk_desc){ .yaw = glm_rad(-45.0f) }); /* forward is +x, -z */
    fake_wall fw = { 0 };
    const cam_walk_input in = { .forward = 1 };
    int touching = 0;
    for (int i = 0; i < 4 * 60; i++) {
        cam_walk_update(&w, &in, 1.0f / 60, _wall, &fw);
        assert_true(w.pos[1] >= WALL_Z + 0.3f - 1e-6f);
        if (w.pos[1] <= WALL_Z + 0.3f + 1e-6f) {
            touching++;
            assert_float_equal(w.vel[1], 0.0f, 1e-6f);
            assert_float_equal(w.pos[1], WALL_Z + 0.3f, 1e-6f);
        }
    }
    assert_true(touching > 60);
    assert_true(fw.calls > 0);
    assert_float_equal(fw.radius, 0.3f, 0);
    /* sliding: the x part of walking speed is kept */
    assert_float_equal(w.vel[0], WALK_SPEED * sqrtf(0.5f), 1e-4f);
    assert_true(w.pos[0] > 3.0f);
}

/* Tap-to-walk arrives within 5 cm and stops, at several frame rates, never
 * faster than walking, turning the view toward the way it goes at a
 * limited rate; then it is no longer busy. */
static void test_goto_arrives(void **state)
{
    (void)state;
    const float rates[3] = { 30, 60, 144 };
    for (int r = 0; r < 3; r++) {
        cam_walk w;
        _init(&w);
        cam_walk_goto(&w, 3.0f, -4.0f);
        assert_true(cam_walk_busy(&w));
        float dt = 1.0f / rates[r], prev_yaw = w.yaw, prev_speed = 0;
        for (int i = 0; i < (int)(8 * rates[r]); i++) {
            cam_walk_update(&w, NULL, dt, NULL, NULL);
            float v = cam_walk_speed(&w);
            assert_true(v <= WALK_SPEED + 1e-4f);
            assert_true(fabsf(v - prev_speed) <= WALK_SPEED / 0.25f * dt + 1e-4f);
            assert_true(fabsf(cam_angle_wrap(w.yaw - prev_yaw)) <= 1.5f * dt + 1e-4f);
            prev_yaw = w.yaw;
            prev_speed = v;
        }
        assert_true(hypotf(w.pos[0] - 3.0f, w.pos[1] + 4.0f) < 0.05f);
        assert_float_equal(cam_walk_speed(&w), 0.0f, 0);
        assert_false(cam_walk_busy(&w));
        /* facing the way it walked: forward (-sin yaw, -cos yaw) ~ (0.6, -0.8) */
        assert_float_equal(-sinf(w.yaw), 0.6f, 0.02f);
        assert_float_equal(-cosf(w.yaw), -0.8f, 0.02f);
    }
}

/* A goal behind a wall: the walker presses against it, makes no progress
 * and gives up within about half a second, then comes to rest. */
static void test_goto_blocked_cancels(void **state)
{
    (void)state;
    cam_walk w;
    _init(&w);
    fake_wall fw = { 0 };
    cam_walk_goto(&w, 0.0f, -5.0f);
    float blocked_at = -1, t = 0;
    while (t < 6.0f && w.has_goal) {
        cam_walk_update(&w, NULL, 1.0f / 60, _wall, &fw);
        t += 1.0f / 60;
        if (blocked_at < 0 && w.pos[1] <= WALL_Z + 0.3f + 1e-6f)
            blocked_at = t;
    }
    assert_false(w.has_goal);
    assert_true(blocked_at > 0);
    assert_true(t - blocked_at < 0.7f);
    _run(&w, NULL, 1.0f, 60, _wall, &fw);
    assert_false(cam_walk_busy(&w));
    assert_true(w.pos[1] >= WALL_Z + 0.3f - 1e-6f);
}

/* Any key move cancels the goal (the visitor takes over); looking around
 * does not cancel it but ends the automatic turning. */
static void test_goto_cancelled_by_input(void **state)
{
    (void)state;
    cam_walk w;
    _init(&w);
    cam_walk_goto(&w, 10.0f, 0.0f);
    _run(&w, NULL, 0.5f, 60, NULL, NULL);
    assert_true(w.has_goal);
    cam_walk_update(&w, &(cam_walk_input){ .look_yaw = 0.01f }, 1.0f / 60, NULL, NULL);
    assert_true(w.has_goal);
    float yaw = w.yaw;
    _run(&w, NULL, 1.0f, 60, NULL, NULL);
    assert_float_equal(w.yaw, yaw, 1e-6f);
    cam_walk_update(&w, &(cam_walk_input){ .strafe = -0.5f }, 1.0f / 60, NULL, NULL);
    assert_false(w.has_goal);
    _run(&w, NULL, 1.0f, 60, NULL, NULL);
    assert_false(cam_walk_busy(&w));
    assert_true(w.pos[0] < 9.0f); /* it stopped short of the old goal */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_and_look),
        cmocka_unit_test(test_directions),
        cmocka_unit_test(test_accelerates_and_stops_gradually),
        cmocka_unit_test(test_frame_rate_independent),
        cmocka_unit_test(test_diagonal_not_faster),
        cmocka_unit_test(test_pitch_clamp_yaw_wrap),
        cmocka_unit_test(test_look_from_pixels),
        cmocka_unit_test(test_collision_slides),
        cmocka_unit_test(test_goto_arrives),
        cmocka_unit_test(test_goto_blocked_cancels),
        cmocka_unit_test(test_goto_cancelled_by_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
