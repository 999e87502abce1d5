#define _DEFAULT_SOURCE /* mkdtemp */
/* test_museum_nav: the visitor's moves through an exhibition (src/app/
 * museum_nav.h) on the CPU: tests/data/exhibitions/walk with stand-in scan
 * bounds, events as the platform delivers them, fixed time steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/museum_nav.h"
#include "app/museum_watch.h"

#define STEP (1.0f / 30.0f)

typedef struct fixture {
    exhibition ex;
    world world;
    museum_nav nav;
    double t;
} fixture;

static int _setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    exhibition_diags d = { 0 };
    assert_int_equal(exhibition_load(VT_TEST_DATA_DIR "/exhibitions/walk", &f.ex, &d), VT_OK);
    exhibition_diags_free(&d);
    world_artefact_input in[8];
    memset(in, 0, sizeof in);
    for (size_t i = 0; i < f.ex.artefact_count; i++)
        in[i].bounds = (vt_aabb){ { -0.3f, 0.0f, -0.3f }, { 0.3f, 0.55f, 0.3f } };
    vt_error_msg err = { { 0 } };
    assert_int_equal(world_build(&f.ex, in, &f.world, &err), VT_OK);
    museum_nav_init(&f.nav, &f.ex, &f.world, 320, 240);
    const exhibition_viewpoint *vp = &f.ex.viewpoints[0];
    museum_nav_set_pose(&f.nav, vp->position, vp->look_at);
    *state = &f;
    return 0;
}

static int _teardown(void **state)
{
    fixture *f = *state;
    world_free(&f->world);
    exhibition_free(&f->ex);
    return 0;
}

static void _run(fixture *f, float seconds)
{
    for (int i = 0; i < (int)lroundf(seconds / STEP); i++) {
        museum_nav_update(&f->nav, STEP);
        f->t += STEP;
    }
}

static void _key(fixture *f, plat_key k, bool down)
{
    plat_event ev = { .type = down ? PLAT_EV_KEY_DOWN : PLAT_EV_KEY_UP, .key = k };
    museum_nav_event(&f->nav, &ev, f->t);
}

static void _tap(fixture *f, float x, float y)
{
    plat_event down = { .type = PLAT_EV_TOUCH_DOWN, .finger = 0, .x = x, .y = y };
    plat_event up = { .type = PLAT_EV_TOUCH_UP, .finger = 0, .x = x, .y = y };
    museum_nav_event(&f->nav, &down, f->t);
    museum_nav_event(&f->nav, &up, f->t + 0.1);
}

/* Where world point P lands on screen (pixels, y down). */
static void _project(const museum_nav *n, const float p[3], float *x, float *y)
{
    render_view v = { 0 };
    museum_nav_view(n, &v);
    mat4 vp;
    glm_mat4_mul(v.proj, v.view, vp);
    vec4 c = { p[0], p[1], p[2], 1 }, o;
    glm_mat4_mulv(vp, c, o);
    *x = (o[0] / o[3] * 0.5f + 0.5f) * (float)n->view_w;
    *y = (0.5f - o[1] / o[3] * 0.5f) * (float)n->view_h;
}

static void _pose(fixture *f, float pos[3])
{
    pos[0] = f->nav.shown.eye[0];
    pos[1] = f->nav.shown.eye[1];
    pos[2] = f->nav.shown.eye[2];
}

/* Holding W walks ahead and never through a wall, whichever way. */
static void test_walk_stays_inside(void **state)
{
    fixture *f = *state;
    float start[3];
    _pose(f, start);
    for (int turn = 0; turn < 8; turn++) {
        _key(f, PLAT_KEY_W, true);
        for (int i = 0; i < 90; i++) {
            museum_nav_update(&f->nav, STEP);
            f->t += STEP;
            assert_true(world_room_at(&f->world, f->nav.shown.eye[0], f->nav.shown.eye[2]) >= 0);
        }
        _key(f, PLAT_KEY_W, false);
        _key(f, PLAT_KEY_LEFT, true);
        _run(f, 0.5f);
        _key(f, PLAT_KEY_LEFT, false);
    }
    float now[3];
    _pose(f, now);
    assert_true(hypotf(now[0] - start[0], now[2] - start[2]) > 0.5f); /* it did walk */
}

/* 2 glides to viewpoint 2 and lands on it exactly. */
static void test_viewpoint_key(void **state)
{
    fixture *f = *state;
    _key(f, PLAT_KEY_2, true);
    assert_int_equal(f->nav.state, MUSEUM_GLIDE);
    _run(f, 5.0f);
    assert_int_equal(f->nav.state, MUSEUM_WALK);
    const exhibition_viewpoint *vp = &f->ex.viewpoints[1];
    for (int k = 0; k < 3; k++)
        assert_true(fabsf(f->nav.shown.eye[k] - vp->position[k]) < 1e-3f);
}

/* Tapping an artefact inspects it within its limits; Esc glides back to
 * exactly where the visitor stood. */
static void test_tap_inspect_and_back(void **state)
{
    fixture *f = *state;
    float before[3], x, y;
    _pose(f, before);
    const vt_aabb *b = &f->world.artefact_bounds[0];
    float c[3] = { 0.5f * (b->min[0] + b->max[0]), 0.5f * (b->min[1] + b->max[1]), 0.5f * (b->min[2] + b->max[2]) };
    _project(&f->nav, c, &x, &y);
    assert_true(x > 0 && x < 320 && y > 0 && y < 240);
    _tap(f, x, y);
    assert_int_equal(f->nav.state, MUSEUM_GLIDE);
    _run(f, 5.0f);
    assert_int_equal(f->nav.state, MUSEUM_INSPECT);
    assert_int_equal(f->nav.inspected, 0);
    /* The drum's limits: pitch -5..70, distance 0.5..3, whatever the drag. */
    plat_event drag = { .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .x = 160, .y = 120 };
    museum_nav_event(&f->nav, &drag, f->t);
    for (int i = 0; i < 20; i++) {
        plat_event mv = { .type = PLAT_EV_MOUSE_MOVE, .x = 160, .y = 120 + 30.0f * (float)i, .dx = 0, .dy = 30 };
        museum_nav_event(&f->nav, &mv, f->t);
    }
    plat_event wheel = { .type = PLAT_EV_WHEEL, .wheel = -40, .x = 160, .y = 120 };
    museum_nav_event(&f->nav, &wheel, f->t);
    _run(f, 2.0f);
    assert_true(f->nav.orbit.goal.pitch <= glm_rad(70.0f) + 1e-4f);
    assert_true(f->nav.orbit.goal.distance <= 3.0f + 1e-4f);
    _key(f, PLAT_KEY_ESCAPE, true);
    assert_false(f->nav.want_quit); /* Esc in inspection goes back, never quits */
    _run(f, 5.0f);
    assert_int_equal(f->nav.state, MUSEUM_WALK);
    for (int k = 0; k < 3; k++)
        assert_true(fabsf(f->nav.shown.eye[k] - before[k]) < 1e-3f);
    _key(f, PLAT_KEY_ESCAPE, true); /* walking, Esc quits (desktop) */
    assert_true(f->nav.want_quit);
}

/* A tap on the vitrine's glass above the drum means the drum. */
static void test_tap_vitrine_glass(void **state)
{
    fixture *f = *state;
    const vt_aabb *b = &f->world.artefact_bounds[0];
    float glass[3] = { 0.5f * (b->min[0] + b->max[0]), b->max[1] + 0.08f, 0.5f * (b->min[2] + b->max[2]) }, x, y;
    vec3 o, d;
    _project(&f->nav, glass, &x, &y);
    cam_look_ray(&f->nav.shown, f->nav.fov_y, 320.0f / 240.0f, x, y, 320, 240, o, d);
    float t;
    assert_int_equal(world_ray_artefact(&f->world, o, d, &t), -1); /* above the scan itself */
    _tap(f, x, y);
    _run(f, 5.0f);
    assert_int_equal(f->nav.state, MUSEUM_INSPECT);
    assert_int_equal(f->nav.inspected, 0);
}

/* A tap on the floor walks there; a drag only looks. */
static void test_tap_floor_and_drag(void **state)
{
    fixture *f = *state;
    float target[3] = { 4.0f, 0.0f, 4.5f }, x, y;
    _project(&f->nav, target, &x, &y);
    float yaw = f->nav.shown.yaw;
    plat_event down = { .type = PLAT_EV_TOUCH_DOWN, .finger = 3, .x = 100, .y = 100 };
    museum_nav_event(&f->nav, &down, f->t);
    for (int i = 1; i <= 10; i++) {
        plat_event mv = { .type = PLAT_EV_TOUCH_MOVE, .finger = 3, .x = 100 + 5.0f * (float)i, .y = 100, .dx = 5 };
        museum_nav_event(&f->nav, &mv, f->t);
    }
    plat_event up = { .type = PLAT_EV_TOUCH_UP, .finger = 3, .x = 150, .y = 100 };
    museum_nav_event(&f->nav, &up, f->t);
    assert_true(fabsf(f->nav.shown.yaw - yaw) > 0.05f);      /* it looked */
    assert_false(cam_walk_busy(&f->nav.walk));                /* and did not walk */
    _project(&f->nav, target, &x, &y);
    assert_true(x > 0 && x < 320 && y > 0 && y < 240);
    _tap(f, x, y);
    _run(f, 10.0f);
    assert_true(hypotf(f->nav.shown.eye[0] - target[0], f->nav.shown.eye[2] - target[2]) < 0.1f);
}

/* T plays the tour, Space pauses and resumes, a walking key leaves it. */
static void test_tour_pause_resume_leave(void **state)
{
    fixture *f = *state;
    _key(f, PLAT_KEY_T, true);
    assert_int_equal(f->nav.state, MUSEUM_TOUR);
    _run(f, 1.0f);
    double t = f->nav.player.t;
    assert_true(t > 0.9 && t < 1.1);
    _key(f, PLAT_KEY_SPACE, true);
    _run(f, 2.0f);
    assert_true(f->nav.player.t == t);
    _key(f, PLAT_KEY_SPACE, true);
    _run(f, 1.0f);
    assert_true(f->nav.player.t > t + 0.9);
    float at[3];
    _pose(f, at);
    _key(f, PLAT_KEY_W, true);
    assert_int_equal(f->nav.state, MUSEUM_WALK);
    float now[3];
    _pose(f, now);
    for (int k = 0; k < 3; k++)
        assert_true(fabsf(now[k] - at[k]) < 1e-4f); /* leaves where it is, no jump */
    _key(f, PLAT_KEY_W, false);
}

/* The map: a tap inside walks to that floor point. */
static void test_map_tap(void **state)
{
    fixture *f = *state;
    f->nav.map = (museum_map_frame){ .visible = true, .x = 200, .y = 150, .w = 120, .h = 90, .origin = { 0, 0 },
                                     .px_per_m = 10 };
    _tap(f, 200 + 6.0f * 10, 150 + 1.5f * 10); /* world (6, 1.5) */
    _run(f, 12.0f);
    assert_true(hypotf(f->nav.shown.eye[0] - 6.0f, f->nav.shown.eye[2] - 1.5f) < 0.1f);
}

/* --watch notices a saved file, and only once. */
static void test_watch(void **state)
{
    (void)state;
    char dir[] = "/tmp/vt_test_watch_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/exhibition.json", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{}", fp);
    fclose(fp);
    museum_watch w;
    museum_watch_init(&w, dir);
    assert_false(museum_watch_changed(&w));
    fp = fopen(path, "a");
    fputs(" ", fp); /* one byte more: the size changes even within one clock tick */
    fclose(fp);
    assert_true(museum_watch_changed(&w));
    assert_false(museum_watch_changed(&w));
    remove(path);
    assert_true(museum_watch_changed(&w));
    rmdir(dir);
    museum_watch_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walk_stays_inside, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_viewpoint_key, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_tap_inspect_and_back, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_tap_vitrine_glass, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_tap_floor_and_drag, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_tour_pause_resume_leave, _setup, _teardown),
        cmocka_unit_test_setup_teardown(test_map_tap, _setup, _teardown),
        cmocka_unit_test(test_watch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
