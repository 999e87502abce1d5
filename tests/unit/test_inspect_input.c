/* test_inspect_input: pointer, touch and key events turned into camera moves
 * and viewer requests (src/app/inspect_input.h), driven with plat_event
 * structs and the null platform: no window, no GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "app/inspect_input.h"
#include "import/pack.h"
#include "platform/platform_null.h"
#include "scene/dong_son_drum.h"
#include "scene/mesh_normals.h"

#define VIEW_W 1280
#define VIEW_H 720
#define CX (VIEW_W * 0.5f - 0.5f) /* the pixel whose centre is the image centre */
#define CY (VIEW_H * 0.5f - 0.5f)

static const vt_aabb CUBE = { { -0.5f, -0.5f, -0.5f }, { 0.5f, 0.5f, 0.5f } };

typedef struct fixture {
    cam_orbit orbit;
    app_inspect in;
    scene_model model; /* a unit cube mesh, built by hand */
    vt_blob bytes;     /* ...packed, as the viewer sees every scan */
    vt_package pkg;
} fixture;

/* Packs M in memory and opens it: picking works on packages. */
static void _pack_open(const scene_model *m, vt_blob *bytes, vt_package *pkg)
{
    vt_error_msg err = { { 0 } };
    assert_int_equal(pack_model(m, &(pack_desc){ .source_name = "test" }, bytes, &err), VT_OK);
    assert_int_equal(pkg_open_memory(pkg, bytes->data, bytes->size, "test", &err), VT_OK);
}

/* A closed unit cube about the origin as a one-mesh scene_model, every
 * allocation from the model's arena. */
static void _make_cube_model(scene_model *m)
{
    static const float pos[8][3] = {
        { -0.5f, -0.5f, -0.5f }, { 0.5f, -0.5f, -0.5f }, { 0.5f, 0.5f, -0.5f }, { -0.5f, 0.5f, -0.5f },
        { -0.5f, -0.5f, 0.5f },  { 0.5f, -0.5f, 0.5f },  { 0.5f, 0.5f, 0.5f },  { -0.5f, 0.5f, 0.5f },
    };
    static const uint32_t idx[36] = {
        0, 3, 2, 0, 2, 1, /* -Z */ 4, 5, 6, 4, 6, 7, /* +Z */ 0, 1, 5, 0, 5, 4, /* -Y */
        3, 7, 6, 3, 6, 2, /* +Y */ 0, 4, 7, 0, 7, 3, /* -X */ 1, 2, 6, 1, 6, 5, /* +X */
    };
    memset(m, 0, sizeof *m);
    m->meshes = vt_arena_alloc(&m->arena, sizeof *m->meshes);
    m->materials = vt_arena_alloc(&m->arena, sizeof *m->materials);
    assert_non_null(m->meshes);
    assert_non_null(m->materials);
    m->mesh_count = m->material_count = 1;
    for (int t = 0; t < SCENE_TEX_COUNT; t++)
        m->materials[0].image[t] = -1;
    scene_mesh *mesh = &m->meshes[0];
    mesh->vertex_count = 8;
    mesh->index_count = 36;
    mesh->positions = vt_arena_alloc(&m->arena, sizeof pos);
    mesh->normals = vt_arena_alloc(&m->arena, sizeof pos);
    mesh->indices = vt_arena_alloc(&m->arena, sizeof idx);
    assert_non_null(mesh->positions);
    memcpy(mesh->positions, pos, sizeof pos);
    memcpy(mesh->indices, idx, sizeof idx);
    scene_mesh_compute_normals(mesh);
    m->bounds = mesh->bounds;
    m->triangle_count = 12;
    m->unit_scale = 1.0f;
}

static int _setup(void **state)
{
    fixture *f = test_calloc(1, sizeof *f);
    _make_cube_model(&f->model);
    _pack_open(&f->model, &f->bytes, &f->pkg);
    cam_orbit_init(&f->orbit, &(cam_orbit_desc){ .bounds = CUBE, .aspect = (float)VIEW_W / VIEW_H });
    app_inspect_init(&f->in, &f->orbit, &f->pkg, RENDER_UNLIT, VIEW_W, VIEW_H);
    *state = f;
    return 0;
}

static int _teardown(void **state)
{
    fixture *f = *state;
    pkg_close(&f->pkg);
    vt_blob_free(&f->bytes);
    scene_model_free(&f->model);
    test_free(f);
    return 0;
}

static void _ev(app_inspect *in, plat_event ev, double now) { app_inspect_event(in, &ev, now); }

static void _assert_vec3_near(const float *a, const float *b, float tol)
{
    for (int i = 0; i < 3; i++)
        assert_float_equal(a[i], b[i], tol);
}

/* Largest |coordinate|: 0.5 on the unit cube's surface. */
static float _cube_norm(const float *p) { return fmaxf(fabsf(p[0]), fmaxf(fabsf(p[1]), fabsf(p[2]))); }

/* The eye of the goal pose must stay outside the artefact. */
static void _assert_eye_outside(const cam_orbit *o)
{
    vec3 eye;
    cam_pose_eye(&o->goal, eye);
    assert_false(vt_aabb_contains(&CUBE, eye));
}

/* Left-drag turns: 100 px right changes goal yaw by -100/720 of pi, not the
 * distance or target; moves after the button is up do nothing. */
static void test_left_drag_rotates(void **state)
{
    fixture *f = *state;
    cam_pose before = f->orbit.goal;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 1, .x = 600, .y = 300 }, 0);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_MOVE, .x = 700, .y = 300, .dx = 100 }, 0.01);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_UP, .button = PLAT_BUTTON_LEFT, .x = 700, .y = 300 }, 0.02);
    assert_true(f->in.changed);
    assert_float_equal(f->orbit.goal.yaw, before.yaw - 100.0f * GLM_PIf / VIEW_H, 1e-5f);
    assert_float_equal(f->orbit.goal.pitch, before.pitch, 1e-6f);
    assert_float_equal(f->orbit.goal.distance, before.distance, 1e-6f);
    _assert_vec3_near(f->orbit.goal.target, before.target, 1e-6f);
    float yaw = f->orbit.goal.yaw;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_MOVE, .x = 800, .y = 300, .dx = 100 }, 0.03);
    assert_float_equal(f->orbit.goal.yaw, yaw, 0);
}

/* Right-drag pans: the target moves sideways, yaw, pitch and distance stay. */
static void test_right_drag_pans(void **state)
{
    fixture *f = *state;
    cam_pose before = f->orbit.goal;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_RIGHT, .clicks = 1, .x = 600, .y = 300 }, 0);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_MOVE, .x = 650, .y = 300, .dx = 50 }, 0.01);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_UP, .button = PLAT_BUTTON_RIGHT }, 0.02);
    assert_float_equal(f->orbit.goal.yaw, before.yaw, 0);
    assert_float_equal(f->orbit.goal.pitch, before.pitch, 1e-6f);
    assert_float_equal(f->orbit.goal.distance, before.distance, 1e-6f);
    float moved = glm_vec3_distance(f->orbit.goal.target, before.target);
    float per_px = 2.0f * before.distance * tanf(0.5f * f->orbit.fov_y) / VIEW_H;
    assert_float_equal(moved, 50.0f * per_px, 1e-4f);
    assert_float_equal(f->orbit.goal.target[1], before.target[1], 1e-6f); /* sideways only */
}

/* Middle-drag and shift+left-drag pan too. */
static void test_middle_and_shift_drag_pan(void **state)
{
    fixture *f = *state;
    const plat_event downs[2] = {
        { .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_MIDDLE, .clicks = 1, .x = 600, .y = 300 },
        { .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 1, .shift = true, .x = 600, .y = 300 },
    };
    for (int i = 0; i < 2; i++) {
        cam_pose before = f->orbit.goal;
        _ev(&f->in, downs[i], 0);
        _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_MOVE, .dx = 0, .dy = 40 }, 0.01);
        _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_UP, .button = downs[i].button }, 0.02);
        assert_float_equal(f->orbit.goal.yaw, before.yaw, 0);
        assert_float_equal(f->orbit.goal.pitch, before.pitch, 1e-6f);
        assert_true(glm_vec3_distance(f->orbit.goal.target, before.target) > 1e-3f);
    }
}

/* One wheel notch forward comes 15% closer; one back goes farther. */
static void test_wheel_zooms(void **state)
{
    fixture *f = *state;
    float d0 = f->orbit.goal.distance;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_WHEEL, .wheel = 1, .x = CX, .y = CY }, 0);
    assert_true(f->in.changed);
    assert_float_equal(f->orbit.goal.distance, 0.85f * d0, 1e-4f * d0);
    float d1 = f->orbit.goal.distance;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_WHEEL, .wheel = -2, .x = CX, .y = CY }, 0.1);
    assert_float_equal(f->orbit.goal.distance, d1 / (0.85f * 0.85f), 1e-4f * d0);
    /* Many notches in: the eye stops outside the cube. */
    for (int i = 0; i < 60; i++)
        _ev(&f->in, (plat_event){ .type = PLAT_EV_WHEEL, .wheel = 1, .x = 900, .y = 200 }, 0.2);
    _assert_eye_outside(&f->orbit);
}

/* Keys U, L, C set the look; M cycles unlit -> lit -> clay -> unlit. */
static void test_keys_modes(void **state)
{
    fixture *f = *state;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_C }, 0);
    assert_int_equal(f->in.mode, RENDER_CLAY);
    assert_true(f->in.changed);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_L }, 0);
    assert_int_equal(f->in.mode, RENDER_LIT);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_U }, 0);
    assert_int_equal(f->in.mode, RENDER_UNLIT);
    const render_mode cycle[] = { RENDER_LIT, RENDER_CLAY, RENDER_UNLIT, RENDER_LIT };
    for (int i = 0; i < 4; i++) {
        _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_M }, 0);
        assert_int_equal(f->in.mode, cycle[i]);
    }
}

/* F re-frames the artefact after a pan; R returns to the home pose. */
static void test_keys_frame_and_reset(void **state)
{
    fixture *f = *state;
    cam_pose home = f->orbit.home;
    cam_orbit_pan(&f->orbit, 300, 100, VIEW_H);
    cam_orbit_rotate(&f->orbit, 200, 0, VIEW_H);
    assert_true(glm_vec3_norm(f->orbit.goal.target) > 0.05f);
    float yaw = f->orbit.goal.yaw;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_F }, 0);
    _assert_vec3_near(f->orbit.goal.target, (vec3){ 0, 0, 0 }, 1e-5f);
    assert_float_equal(f->orbit.goal.yaw, yaw, 0); /* F keeps the angle */
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_R }, 0);
    assert_float_equal(f->orbit.goal.yaw, home.yaw, 1e-6f);
    assert_float_equal(f->orbit.goal.pitch, home.pitch, 1e-6f);
    assert_float_equal(f->orbit.goal.distance, home.distance, 1e-5f);
    _assert_vec3_near(f->orbit.goal.target, home.target, 1e-6f);
}

/* Escape and a window close ask to quit; S and F11 raise their requests;
 * an unbound key does nothing at all. */
static void test_keys_requests(void **state)
{
    fixture *f = *state;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_OTHER }, 0);
    assert_false(f->in.changed);
    assert_false(f->in.want_quit);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_S }, 0);
    assert_true(f->in.want_screenshot);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_F11 }, 0);
    assert_true(f->in.want_fullscreen_toggle);
    assert_false(f->in.want_quit);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_ESCAPE }, 0);
    assert_true(f->in.want_quit);
    f->in.want_quit = false;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_QUIT }, 0);
    assert_true(f->in.want_quit);
}

/* Double-click on the centre focuses: the target moves onto the cube's
 * surface, on the line of sight, and the camera comes closer. */
static void test_double_click_focuses(void **state)
{
    fixture *f = *state;
    vec3 eye0, dir0;
    cam_pose_eye(&f->orbit.current, eye0);
    glm_vec3_sub(f->orbit.current.target, eye0, dir0);
    glm_vec3_normalize(dir0);
    float d0 = f->orbit.goal.distance;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 2, .x = CX, .y = CY }, 0);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_UP, .button = PLAT_BUTTON_LEFT, .x = CX, .y = CY }, 0.01);
    assert_true(f->in.changed);
    const float *t = f->orbit.goal.target;
    assert_float_equal(_cube_norm(t), 0.5f, 1e-4f);
    /* On the old line of sight: (t - eye0) is parallel to dir0. */
    vec3 to;
    glm_vec3_sub((float *)t, eye0, to);
    glm_vec3_normalize(to);
    assert_true(glm_vec3_dot(to, dir0) > 0.99999f);
    assert_true(f->orbit.goal.distance < d0);
    _assert_eye_outside(&f->orbit);
}

/* Double-click beside the artefact, or with no model to pick, leaves the
 * camera alone. */
static void test_double_click_on_nothing(void **state)
{
    fixture *f = *state;
    cam_pose before = f->orbit.goal;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 2, .x = 5, .y = 5 }, 0);
    assert_memory_equal(&f->orbit.goal, &before, sizeof before);
    app_inspect no_model;
    app_inspect_init(&no_model, &f->orbit, NULL, RENDER_UNLIT, VIEW_W, VIEW_H);
    _ev(&no_model, (plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 2, .x = CX, .y = CY }, 0);
    assert_memory_equal(&f->orbit.goal, &before, sizeof before);
}

/* Picking with no model falls back to the plane through the target: the
 * centre pixel picks the target itself. */
static void test_pick_plane_fallback(void **state)
{
    fixture *f = *state;
    app_inspect no_model;
    app_inspect_init(&no_model, &f->orbit, NULL, RENDER_UNLIT, VIEW_W, VIEW_H);
    float p[3];
    assert_true(app_inspect_pick(&no_model, CX, CY, false, p));
    _assert_vec3_near(p, f->orbit.current.target, 1e-4f);
    assert_false(app_inspect_pick(&no_model, CX, CY, true, p));
    /* With the model, the centre pick is on the surface. */
    assert_true(app_inspect_pick(&f->in, CX, CY, true, p));
    assert_float_equal(_cube_norm(p), 0.5f, 1e-4f);
}

/* One finger dragging turns like the left mouse button. */
static void test_touch_one_finger_rotates(void **state)
{
    fixture *f = *state;
    cam_pose before = f->orbit.goal;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 7, .x = 600, .y = 300 }, 0);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_MOVE, .finger = 7, .x = 700, .y = 300 }, 0.05);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 7, .x = 700, .y = 300 }, 0.1);
    assert_true(f->in.changed);
    assert_float_equal(f->orbit.goal.yaw, before.yaw - 100.0f * GLM_PIf / VIEW_H, 1e-5f);
    assert_float_equal(f->orbit.goal.distance, before.distance, 1e-6f);
    /* A move from an unknown finger is ignored. */
    float yaw = f->orbit.goal.yaw;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_MOVE, .finger = 99, .x = 900, .y = 300 }, 0.2);
    assert_float_equal(f->orbit.goal.yaw, yaw, 0);
}

/* Two fingers moving apart zoom in (distance shrinks by the spread ratio)
 * and do not turn; moving together zooms out. */
static void test_touch_pinch_zooms(void **state)
{
    fixture *f = *state;
    cam_pose before = f->orbit.goal;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 1, .x = CX - 100, .y = CY }, 0);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 2, .x = CX + 100, .y = CY }, 0.01);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_MOVE, .finger = 1, .x = CX - 150, .y = CY }, 0.05);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_MOVE, .finger = 2, .x = CX + 150, .y = CY }, 0.06);
    assert_float_equal(f->orbit.goal.yaw, before.yaw, 1e-6f);
    assert_float_equal(f->orbit.goal.pitch, before.pitch, 1e-6f);
    assert_float_equal(f->orbit.goal.distance, before.distance * 200.0f / 300.0f, 1e-3f * before.distance);
    float d1 = f->orbit.goal.distance;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_MOVE, .finger = 2, .x = CX + 50, .y = CY }, 0.1);
    assert_true(f->orbit.goal.distance > d1);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 1, .x = CX - 150, .y = CY }, 0.2);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 2, .x = CX + 50, .y = CY }, 0.21);
    assert_int_equal(f->in.touches[0].down + f->in.touches[1].down, 0);
}

/* A double tap (two quick taps in one place) focuses like a double-click. */
static void test_touch_double_tap_focuses(void **state)
{
    fixture *f = *state;
    float d0 = f->orbit.goal.distance;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 3, .x = CX, .y = CY }, 1.00);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 3, .x = CX, .y = CY }, 1.05);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 4, .x = CX + 3, .y = CY - 2 }, 1.20);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 4, .x = CX + 3, .y = CY - 2 }, 1.25);
    assert_float_equal(_cube_norm(f->orbit.goal.target), 0.5f, 1e-4f);
    assert_true(f->orbit.goal.distance < d0);
    _assert_eye_outside(&f->orbit);
}

/* A single tap, and two taps too slow or too far apart, leave the camera be. */
static void test_touch_single_tap_does_nothing(void **state)
{
    fixture *f = *state;
    cam_pose before = f->orbit.goal;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 1, .x = CX, .y = CY }, 0.0);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 1, .x = CX, .y = CY }, 0.05);
    assert_memory_equal(&f->orbit.goal, &before, sizeof before);
    /* Second tap 0.6 s later: too slow. */
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 1, .x = CX, .y = CY }, 0.60);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 1, .x = CX, .y = CY }, 0.65);
    assert_memory_equal(&f->orbit.goal, &before, sizeof before);
    /* Quick, but 300 px away from the previous tap. */
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_DOWN, .finger = 1, .x = CX + 300, .y = CY }, 0.80);
    _ev(&f->in, (plat_event){ .type = PLAT_EV_TOUCH_UP, .finger = 1, .x = CX + 300, .y = CY }, 0.85);
    assert_memory_equal(&f->orbit.goal, &before, sizeof before);
}

/* A resize updates the view size and the camera's aspect ratio. */
static void test_resize(void **state)
{
    fixture *f = *state;
    _ev(&f->in, (plat_event){ .type = PLAT_EV_RESIZE, .width = 600, .height = 800 }, 0);
    assert_int_equal(f->in.view_w, 600);
    assert_int_equal(f->in.view_h, 800);
    assert_float_equal(f->orbit.aspect, 0.75f, 1e-6f);
    assert_true(f->in.changed);
}

/* Events queued on the null platform come back in order through plat_poll
 * and drive the inspector like live input. */
static void test_null_platform_queue(void **state)
{
    fixture *f = *state;
    vt_error_msg err;
    assert_true(plat_init(&(plat_desc){ .width = VIEW_W, .height = VIEW_H, .headless = true }, &err));
    assert_string_equal(plat_video_driver(), "null");
    float d0 = f->orbit.goal.distance, yaw0 = f->orbit.goal.yaw;
    assert_true(plat_null_push(&(plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 1 }));
    assert_true(plat_null_push(&(plat_event){ .type = PLAT_EV_MOUSE_MOVE, .dx = -72 }));
    assert_true(plat_null_push(&(plat_event){ .type = PLAT_EV_MOUSE_UP, .button = PLAT_BUTTON_LEFT }));
    assert_true(plat_null_push(&(plat_event){ .type = PLAT_EV_WHEEL, .wheel = 1, .x = CX, .y = CY }));
    assert_true(plat_null_push(&(plat_event){ .type = PLAT_EV_KEY_DOWN, .key = PLAT_KEY_ESCAPE }));
    plat_null_advance(0.5);
    plat_event ev;
    int n = 0;
    while (plat_poll(&ev)) {
        app_inspect_event(&f->in, &ev, plat_time());
        n++;
    }
    assert_int_equal(n, 5);
    assert_float_equal(plat_time(), 0.5, 1e-9);
    assert_float_equal(f->orbit.goal.yaw, yaw0 + 0.1f * GLM_PIf, 1e-5f);
    assert_true(f->orbit.goal.distance < d0);
    assert_true(f->in.want_quit);
    plat_shutdown();
}

/* On the generated demo drum, a double-click at the centre lands the
 * target on the drum's surface (the ray-cast distance agrees). */
static void test_double_click_on_drum(void **state)
{
    (void)state;
    scene_model drum;
    assert_true(scene_make_dong_son_drum(&drum));
    cam_orbit o;
    cam_orbit_init(&o, &(cam_orbit_desc){ .bounds = drum.bounds, .aspect = (float)VIEW_W / VIEW_H });
    vt_blob bytes;
    vt_package pkg;
    _pack_open(&drum, &bytes, &pkg);
    app_inspect in;
    app_inspect_init(&in, &o, &pkg, RENDER_UNLIT, VIEW_W, VIEW_H);
    vec3 origin, dir;
    cam_orbit_ray(&o, CX, CY, VIEW_W, VIEW_H, origin, dir);
    float t;
    assert_true(scene_model_raycast(&drum, origin, dir, &t));
    vec3 hit;
    glm_vec3_copy(origin, hit);
    glm_vec3_muladds(dir, t, hit);
    _ev(&in, (plat_event){ .type = PLAT_EV_MOUSE_DOWN, .button = PLAT_BUTTON_LEFT, .clicks = 2, .x = CX, .y = CY }, 0);
    /* Quantised to 16 bits within the drum's 0.8 m: within 0.1 mm. */
    _assert_vec3_near(o.goal.target, hit, 1e-4f);
    assert_true(vt_aabb_contains(&drum.bounds, o.goal.target));
    pkg_close(&pkg);
    vt_blob_free(&bytes);
    scene_model_free(&drum);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, _setup, _teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_left_drag_rotates),
        T(test_right_drag_pans),
        T(test_middle_and_shift_drag_pan),
        T(test_wheel_zooms),
        T(test_keys_modes),
        T(test_keys_frame_and_reset),
        T(test_keys_requests),
        T(test_double_click_focuses),
        T(test_double_click_on_nothing),
        T(test_pick_plane_fallback),
        T(test_touch_one_finger_rotates),
        T(test_touch_pinch_zooms),
        T(test_touch_double_tap_focuses),
        T(test_touch_single_tap_does_nothing),
        T(test_resize),
        T(test_null_platform_queue),
        cmocka_unit_test(test_double_click_on_drum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
