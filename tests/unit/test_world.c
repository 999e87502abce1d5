/* test_world: the exhibition's built world on the CPU (src/world/world.h) —
 * placement of scans on their plinths, floor triangulation, walls with
 * doorways, baked light and occlusion, walking and rays. Worlds are built
 * from hand-made exhibition structs (and once from the valid-minimal
 * example); scan bounds are given by the test. No GL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "package/package.h"
#include "world/world.h"
#include "world/world_internal.h"

#define EPS 1e-4f

/* ---- fixtures ------------------------------------------------------------- */

typedef struct _fx {
    exhibition ex;
    exhibition_room rooms[4];
    exhibition_artefact arts[4];
    world_artefact_input in[4];
    exhibition_doorway doors[4];
    exhibition_light lights[4];
} _fx;

static float _hall[4][2] = { { 0, 0 }, { 6, 0 }, { 6, 4 }, { 0, 4 } };
static float _east[4][2] = { { 6, 0 }, { 12, 0 }, { 12, 4 }, { 6, 4 } };

static exhibition_room *_fx_room(_fx *f, float (*plan)[2], size_t n, float height)
{
    exhibition_room *r = &f->rooms[f->ex.room_count++];
    r->id = "room";
    r->floor_plan = plan;
    r->floor_plan_count = n;
    r->wall_height = height;
    f->ex.rooms = f->rooms;
    return r;
}

static exhibition_artefact *_fx_art(_fx *f, uint32_t room, float x, float y, float z, exhibition_support support,
                                    float support_height, vt_aabb bounds)
{
    size_t i = f->ex.artefact_count++;
    exhibition_artefact *a = &f->arts[i];
    a->id = "art";
    a->room_index = room;
    a->position[0] = x;
    a->position[1] = y;
    a->position[2] = z;
    a->support = support;
    a->support_height = support_height;
    f->in[i].bounds = bounds;
    f->ex.artefacts = f->arts;
    return a;
}

static exhibition_doorway *_fx_door(_fx *f, exhibition_room *r, uint32_t wall, float center, float width,
                                    uint32_t to)
{
    exhibition_doorway *d = &f->doors[r->doorway_count == 0 ? (size_t)(r - f->rooms) : 3];
    d->wall = wall;
    d->center = center;
    d->width = width;
    d->height = 2.2f;
    d->to_room = to;
    r->doorways = d;
    r->doorway_count = 1;
    return d;
}

static vt_aabb _box(float x0, float y0, float z0, float x1, float y1, float z1)
{
    return (vt_aabb){ { x0, y0, z0 }, { x1, y1, z1 } };
}

static void _build(_fx *f, world *w)
{
    vt_error_msg err = { { 0 } };
    assert_int_equal(world_build(&f->ex, f->in, w, &err), VT_OK);
}

/* Two rooms side by side (x 0..6 and 6..12), a doorway at z = 2 in the
 * shared wall, both sides. */
static void _two_rooms(_fx *f)
{
    exhibition_room *a = _fx_room(f, _hall, 4, 3.0f);
    exhibition_room *b = _fx_room(f, _east, 4, 3.0f);
    _fx_door(f, a, 1, 2.0f, 1.2f, 1);
    _fx_door(f, b, 3, 2.0f, 1.2f, 0);
}

/* ---- decoding ------------------------------------------------------------- */

static void _vpos(const world_mesh *m, uint32_t i, float p[3])
{
    uint16_t q[4];
    memcpy(q, m->vertices + (size_t)i * WORLD_VERTEX_STRIDE, sizeof q);
    for (int k = 0; k < 3; k++)
        p[k] = m->pos_offset[k] + (float)q[k] / 65535.0f * m->pos_scale[k];
}

static void _vnormal(const world_mesh *m, uint32_t i, float n[3])
{
    int16_t o[2];
    memcpy(o, m->vertices + (size_t)i * WORLD_VERTEX_STRIDE + 8, sizeof o);
    pkg_oct_decode(o[0], o[1], n);
}

static const uint8_t *_vcolor(const world_mesh *m, uint32_t i)
{
    return m->vertices + (size_t)i * WORLD_VERTEX_STRIDE + 12;
}

static const world_mesh *_mesh(const world *w, world_mesh_kind kind, uint32_t room)
{
    for (size_t i = 0; i < w->mesh_count; i++)
        if (w->meshes[i].kind == kind && w->meshes[i].room == room)
            return &w->meshes[i];
    return NULL;
}

static float _tri_area_xz(const float *a, const float *b, const float *c)
{
    return 0.5f * fabsf((b[0] - a[0]) * (c[2] - a[2]) - (b[2] - a[2]) * (c[0] - a[0]));
}

static void _check_all(const world *w);

/* ---- placement ------------------------------------------------------------ */

/* height_m scales the scan to that height; its base centre (whatever the
 * scan's own origin) lands exactly on the plinth top at (x, z). */
static void test_height_scaling_base_on_plinth(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    exhibition_artefact *a =
        _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(1, 2, 3, 3, 6, 5)); /* 4 units tall */
    a->height_m = 0.5f;
    world w;
    _build(&f, &w);
    const vt_aabb *b = &w.artefact_bounds[0];
    assert_float_equal(b->min[1], 0.9f, EPS);
    assert_float_equal(b->max[1], 1.4f, EPS);
    assert_float_equal(b->max[0] - b->min[0], 0.25f, EPS); /* 2 units * 0.125 */
    vec3 base;
    glm_mat4_mulv3(w.artefact_model[0], (vec3){ 2, 2, 4 }, 1.0f, base);
    assert_float_equal(base[0], 3.0f, EPS);
    assert_float_equal(base[1], 0.9f, EPS);
    assert_float_equal(base[2], 2.0f, EPS);
    /* The plinth is an obstacle from the floor to its top, 8 cm wider than
     * the footprint each side (0.125 + 0.08 half side). */
    assert_int_equal(w.obstacle_count, 1);
    assert_float_equal(w.obstacles[0].y1, 0.9f, EPS);
    assert_float_equal(w.obstacles[0].half[0], 0.205f, EPS);
    world_free(&w);
}

/* "scale" applies when height_m is absent; "none" puts the base on
 * position.y itself. */
static void test_scale_and_no_support(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    exhibition_artefact *a = _fx_art(&f, 0, 2, 0, 2, EXHIBITION_SUPPORT_NONE, 0.9f, _box(-50, 0, -50, 50, 200, 50));
    a->scale = 0.01f;
    world w;
    _build(&f, &w);
    assert_float_equal(w.artefact_bounds[0].min[1], 0.0f, EPS);
    assert_float_equal(w.artefact_bounds[0].max[1], 2.0f, EPS);
    assert_float_equal(w.artefact_bounds[0].max[0], 2.5f, EPS);
    /* It stands on the floor, lower than a head: it blocks walking. */
    assert_int_equal(w.obstacle_count, 1);
    world_free(&w);
}

/* 90° about y swaps the footprint's x and z extents. */
static void test_rotation_swaps_footprint(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    exhibition_artefact *a = _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(-1, 0, -0.25f, 1, 1, 0.25f));
    a->rotation[1] = 90;
    world w;
    _build(&f, &w);
    const vt_aabb *b = &w.artefact_bounds[0];
    assert_float_equal(b->max[0] - b->min[0], 0.5f, EPS);
    assert_float_equal(b->max[2] - b->min[2], 2.0f, EPS);
    assert_float_equal(0.5f * (b->min[0] + b->max[0]), 3.0f, EPS);
    assert_float_equal(0.5f * (b->min[2] + b->max[2]), 2.0f, EPS);
    assert_float_equal(b->min[1], 0.9f, EPS);
    /* The plinth turns with it: along its own axis it is the scan's long side. */
    assert_float_equal(w.obstacles[0].half[0], 1.08f, EPS);
    assert_float_equal(w.obstacles[0].half[1], 0.33f, EPS);
    assert_float_equal(fabsf(w.obstacles[0].axis[1]), 1.0f, EPS);
    world_free(&w);
}

/* A tilt never sinks the scan into its plinth: the turned box rests on top. */
static void test_tilt_rests_on_top(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    exhibition_artefact *a =
        _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(-0.1f, 0, -0.3f, 0.1f, 1, 0.3f));
    a->rotation[0] = 90;
    world w;
    _build(&f, &w);
    assert_float_equal(w.artefact_bounds[0].min[1], 0.9f, EPS);
    assert_float_equal(w.artefact_bounds[0].max[1], 1.5f, EPS); /* its depth is now its height */
    world_free(&w);
}

/* World bounds hold the room (walls to the ceiling) and every artefact. */
static void test_world_bounds(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    exhibition_artefact *a =
        _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_NONE, 0, _box(-0.05f, 0, -0.05f, 0.05f, 1, 0.05f));
    a->height_m = 5; /* a column through the ceiling */
    world w;
    _build(&f, &w);
    assert_float_equal(w.bounds.min[0], 0, 1e-3f);
    assert_float_equal(w.bounds.min[1], 0, 1e-3f);
    assert_float_equal(w.bounds.min[2], 0, 1e-3f);
    assert_float_equal(w.bounds.max[0], 6, 1e-3f);
    assert_float_equal(w.bounds.max[1], 5, 1e-3f);
    assert_float_equal(w.bounds.max[2], 4, 1e-3f);
    world_free(&w);
}

/* A missing scan becomes a 0.4 m magenta box on its plinth. */
static void test_missing_scan_placeholder(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(0, 0, 0, 1, 1, 1));
    f.in[0].missing = true;
    world w;
    _build(&f, &w);
    assert_true(w.artefact_placeholder[0]);
    assert_float_equal(w.artefact_bounds[0].min[1], 0.9f, EPS);
    assert_float_equal(w.artefact_bounds[0].max[1], 1.3f, EPS);
    const world_mesh *s = _mesh(&w, WORLD_MESH_SUPPORTS, 0);
    assert_non_null(s);
    bool magenta = false;
    for (uint32_t i = 0; i < s->vertex_count; i++) {
        const uint8_t *c = _vcolor(s, i);
        magenta |= c[0] > 2 * c[1] && c[2] > 2 * c[1];
    }
    assert_true(magenta);
    world_free(&w);
}

/* A vitrine adds a transparent glass mesh (alpha ~40) up to 12 cm above
 * the scan, and the whole case blocks. */
static void test_vitrine_glass(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_VITRINE, 1.0f, _box(-0.2f, 0, -0.2f, 0.2f, 0.5f, 0.2f));
    world w;
    _build(&f, &w);
    const world_mesh *g = _mesh(&w, WORLD_MESH_GLASS, 0);
    assert_non_null(g);
    assert_true(g->transparent);
    assert_float_equal(g->bounds_max[1], 1.62f, 1e-3f);
    assert_float_equal(g->bounds_min[1], 1.0f, 1e-3f);
    for (uint32_t i = 0; i < g->vertex_count; i++)
        assert_in_range(_vcolor(g, i)[3], 30, 50);
    assert_float_equal(w.obstacles[0].y1, 1.62f, 1e-3f);
    assert_false(_mesh(&w, WORLD_MESH_FLOOR, 0)->transparent);
    world_free(&w);
}

/* ---- floors ----------------------------------------------------------------- */

static float _l_plan[6][2] = { { 0, 0 }, { 4, 0 }, { 4, 2 }, { 2, 2 }, { 2, 4 }, { 0, 4 } };
static float _l_plan_cw[6][2] = { { 0, 4 }, { 2, 4 }, { 2, 2 }, { 4, 2 }, { 4, 0 }, { 0, 0 } };

static bool _in_l(float x, float z)
{
    return x > -1e-3f && z > -1e-3f && x < 4 + 1e-3f && z < 4 + 1e-3f && !(x > 2 + 1e-3f && z > 2 + 1e-3f);
}

/* Ear clipping an L (concave, both windings): n - 2 triangles of exactly
 * the polygon's area, each inside it. */
static void test_ear_clip_l_shape(void **state)
{
    (void)state;
    float(*plans[2])[2] = { _l_plan, _l_plan_cw };
    for (int k = 0; k < 2; k++) {
        uint32_t tris[12];
        size_t tn = _world_ear_clip((const float(*)[2])plans[k], 6, tris);
        assert_int_equal(tn, 4);
        float area = 0;
        for (size_t t = 0; t < tn; t++) {
            const float *a = plans[k][tris[3 * t]], *b = plans[k][tris[3 * t + 1]], *c = plans[k][tris[3 * t + 2]];
            float cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
            assert_true(cross > 0);
            area += 0.5f * cross;
            assert_true(_in_l((a[0] + b[0] + c[0]) / 3, (a[1] + b[1] + c[1]) / 3));
        }
        assert_float_equal(area, 12.0f, 1e-5f);
    }
}

/* The built floor of an L room: its area, every triangle inside, no edge
 * over 0.5 m, normals up and triangles facing up; the ceiling faces down. */
static void test_l_floor_mesh(void **state)
{
    (void)state;
    float(*plans[2])[2] = { _l_plan, _l_plan_cw };
    for (int k = 0; k < 2; k++) {
        _fx f = { 0 };
        _fx_room(&f, plans[k], 6, 3.0f);
        world w;
        _build(&f, &w);
        const world_mesh *m = _mesh(&w, WORLD_MESH_FLOOR, 0);
        assert_non_null(m);
        float area = 0, longest = 0;
        for (uint32_t t = 0; t < m->index_count; t += 3) {
            float p[3][3];
            for (int j = 0; j < 3; j++)
                _vpos(m, m->indices[t + j], p[j]);
            area += _tri_area_xz(p[0], p[1], p[2]);
            assert_true(_in_l((p[0][0] + p[1][0] + p[2][0]) / 3, (p[0][2] + p[1][2] + p[2][2]) / 3));
            for (int j = 0; j < 3; j++) {
                const float *a = p[j], *b = p[(j + 1) % 3];
                longest = fmaxf(longest, hypotf(b[0] - a[0], b[2] - a[2]));
            }
            vec3 e1 = { p[1][0] - p[0][0], p[1][1] - p[0][1], p[1][2] - p[0][2] };
            vec3 e2 = { p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2] };
            vec3 face;
            glm_vec3_cross(e1, e2, face);
            assert_true(face[1] >= 0); /* counter-clockwise seen from above */
        }
        assert_float_equal(area, 12.0f, 2e-3f);
        assert_true(longest <= 0.5f + 1e-3f);
        for (uint32_t i = 0; i < m->vertex_count; i++) {
            float n[3];
            _vnormal(m, i, n);
            assert_true(n[1] > 0.999f);
        }
        const world_mesh *c = _mesh(&w, WORLD_MESH_CEILING, 0);
        assert_non_null(c);
        assert_float_equal(c->bounds_min[1], 3.0f, 1e-4f);
        for (uint32_t i = 0; i < c->vertex_count; i++) {
            float n[3];
            _vnormal(c, i, n);
            assert_true(n[1] < -0.999f);
        }
        /* The floor plan comes back as given, for the minimap. */
        assert_int_equal(w.rooms[0].outline_count, 6);
        assert_float_equal(w.rooms[0].outline[1][0], plans[k][1][0], 0);
        world_free(&w);
    }
}

/* Walls face inward, whichever way the plan winds. */
static void test_walls_face_inward(void **state)
{
    (void)state;
    float(*plans[2])[2] = { _l_plan, _l_plan_cw };
    for (int k = 0; k < 2; k++) {
        _fx f = { 0 };
        _fx_room(&f, plans[k], 6, 3.0f);
        world w;
        _build(&f, &w);
        const world_mesh *m = _mesh(&w, WORLD_MESH_WALLS, 0);
        assert_non_null(m);
        for (uint32_t i = 0; i < m->vertex_count; i++) {
            float p[3], n[3];
            _vpos(m, i, p);
            _vnormal(m, i, n);
            if (fabsf(n[1]) > 0.5f)
                continue; /* baseboard tops */
            /* A step along the normal lands inside the floor plan. */
            assert_true(_in_l(p[0] + 0.05f * n[0], p[2] + 0.05f * n[2]));
        }
        world_free(&w);
    }
}

/* A doorway is a hole: no wall triangle covers its opening, and walls
 * reach the ceiling above it. */
static void test_doorway_opening(void **state)
{
    (void)state;
    _fx f = { 0 };
    _two_rooms(&f);
    world w;
    _build(&f, &w);
    const world_mesh *m = _mesh(&w, WORLD_MESH_WALLS, 0);
    assert_non_null(m);
    int lintel = 0;
    for (uint32_t t = 0; t < m->index_count; t += 3) {
        float c[3] = { 0, 0, 0 }, p[3];
        for (int j = 0; j < 3; j++) {
            _vpos(m, m->indices[t + j], p);
            for (int k = 0; k < 3; k++)
                c[k] += p[k] / 3;
        }
        bool on_plane = fabsf(c[0] - 6) < 1e-3f;
        if (on_plane && c[2] > 1.4f && c[2] < 2.6f) {
            assert_true(c[1] > 2.2f - 1e-3f);
            lintel++;
        }
    }
    assert_true(lintel > 0);
    /* The door for the minimap: its gap on the wall line, open. */
    assert_int_equal(w.rooms[0].door_count, 1);
    const world_door *d = &w.rooms[0].doors[0];
    assert_float_equal(d->a[0], 6, EPS);
    assert_float_equal(fminf(d->a[1], d->b[1]), 1.4f, EPS);
    assert_float_equal(fmaxf(d->a[1], d->b[1]), 2.6f, EPS);
    assert_true(d->open);
    assert_int_equal(d->to_room, 1);
    /* A shared wall has no thickness: no reveals poke into the other room. */
    assert_float_equal(d->depth, 0, EPS);
    world_free(&w);
}

/* Reveals: 0.2 m deep into nothing; half a 0.3 m gap to the next room. */
static void test_reveal_depth(void **state)
{
    (void)state;
    float east_far[4][2] = { { 6.3f, 0 }, { 12, 0 }, { 12, 4 }, { 6.3f, 4 } };
    _fx f = { 0 };
    exhibition_room *a = _fx_room(&f, _hall, 4, 3.0f);
    _fx_room(&f, east_far, 4, 3.0f);
    _fx_door(&f, a, 1, 2.0f, 1.2f, 1);
    world w;
    _build(&f, &w);
    assert_float_equal(w.rooms[0].doors[0].depth, 0.15f, 1e-4f);
    assert_true(w.rooms[0].doors[0].open);
    world_free(&w);

    _fx g = { 0 };
    exhibition_room *lone = _fx_room(&g, _hall, 4, 3.0f);
    _fx_door(&g, lone, 0, 3.0f, 1.0f, EXHIBITION_NONE);
    _build(&g, &w);
    assert_float_equal(w.rooms[0].doors[0].depth, 0.2f, 1e-4f);
    assert_false(w.rooms[0].doors[0].open);
    world_free(&w);
}

/* Overlapping doorways on one wall become one opening. */
static void test_overlapping_doorways_merge(void **state)
{
    (void)state;
    _fx f = { 0 };
    exhibition_room *r = _fx_room(&f, _hall, 4, 3.0f);
    f.doors[0] = (exhibition_doorway){ .wall = 0, .center = 2, .width = 1.2f, .height = 2.2f,
                                       .to_room = EXHIBITION_NONE };
    f.doors[1] = (exhibition_doorway){ .wall = 0, .center = 2.8f, .width = 1.2f, .height = 2.4f,
                                       .to_room = EXHIBITION_NONE };
    r->doorways = f.doors;
    r->doorway_count = 2;
    world w;
    _build(&f, &w);
    assert_int_equal(w.rooms[0].door_count, 1);
    const world_door *d = &w.rooms[0].doors[0];
    assert_float_equal(fminf(d->a[0], d->b[0]), 1.4f, EPS);
    assert_float_equal(fmaxf(d->a[0], d->b[0]), 3.4f, EPS);
    assert_float_equal(d->height, 2.4f, EPS);
    _check_all(&w);
    world_free(&w);
}

/* A room given as a model gets no floor, walls or collision here, only the
 * plinths of its artefacts. */
static void test_model_room(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    exhibition_room *m = &f.rooms[f.ex.room_count++];
    m->model = "rooms/crypt.glb";
    m->wall_height = 3.5f;
    _fx_art(&f, 1, 20, 0, 20, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(-0.2f, 0, -0.2f, 0.2f, 0.5f, 0.2f));
    world w;
    _build(&f, &w);
    assert_false(w.rooms[1].has_floor_plan);
    assert_null(_mesh(&w, WORLD_MESH_FLOOR, 1));
    assert_null(_mesh(&w, WORLD_MESH_WALLS, 1));
    assert_non_null(_mesh(&w, WORLD_MESH_SUPPORTS, 1));
    assert_int_equal(world_room_at(&w, 20, 21), -1);
    for (size_t i = 0; i < w.wall_count; i++)
        assert_int_equal(w.walls[i].room, 0);
    /* The plinth still blocks. */
    float to[2] = { 20, 20 };
    world_collide(&w, (float[2]){ 18, 20 }, to, 0.3f);
    assert_float_equal(to[0], 20 - 0.28f - 0.3f, 1e-4f);
    _check_all(&w);
    world_free(&w);
}

/* ---- walking ---------------------------------------------------------------- */

/* Walking into a wall stops the circle's centre one radius from it. */
static void test_walk_into_wall(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    world w;
    _build(&f, &w);
    float to[2] = { -1, 2 };
    world_collide(&w, (float[2]){ 3, 2 }, to, 0.3f);
    assert_float_equal(to[0], 0.3f, 1e-4f);
    assert_float_equal(to[1], 2.0f, 1e-4f);
    /* Free space: the move is untouched. */
    float free_to[2] = { 3.5f, 2.5f };
    world_collide(&w, (float[2]){ 3, 2 }, free_to, 0.3f);
    assert_float_equal(free_to[0], 3.5f, 0);
    assert_float_equal(free_to[1], 2.5f, 0);
    world_free(&w);
}

/* Sliding: the part of the move along the wall is kept. */
static void test_walk_slides_along_wall(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    world w;
    _build(&f, &w);
    float to[2] = { 6.5f, 2.0f };
    world_collide(&w, (float[2]){ 5.5f, 1.0f }, to, 0.3f);
    assert_float_equal(to[0], 5.7f, 1e-4f);
    assert_float_equal(to[1], 2.0f, 1e-4f);
    world_free(&w);
}

/* Through a doorway the circle passes; beside it the wall stops it. */
static void test_walk_through_doorway(void **state)
{
    (void)state;
    _fx f = { 0 };
    _two_rooms(&f);
    world w;
    _build(&f, &w);
    float to[2] = { 7.5f, 2.0f };
    world_collide(&w, (float[2]){ 5, 2 }, to, 0.3f);
    assert_float_equal(to[0], 7.5f, 1e-4f);
    assert_float_equal(to[1], 2.0f, 1e-4f);
    assert_int_equal(world_room_at(&w, to[0], to[1]), 1);
    float blocked[2] = { 7.5f, 0.8f };
    world_collide(&w, (float[2]){ 5, 0.8f }, blocked, 0.3f);
    assert_float_equal(blocked[0], 5.7f, 1e-4f);
    world_free(&w);
}

/* A doorway that leads nowhere shows but cannot be walked through. */
static void test_walk_closed_doorway(void **state)
{
    (void)state;
    _fx f = { 0 };
    exhibition_room *r = _fx_room(&f, _hall, 4, 3.0f);
    _fx_door(&f, r, 1, 2.0f, 1.2f, EXHIBITION_NONE);
    world w;
    _build(&f, &w);
    float to[2] = { 8, 2 };
    world_collide(&w, (float[2]){ 5, 2 }, to, 0.3f);
    assert_true(to[0] <= 5.7f + 1e-4f);
    assert_int_equal(world_room_at(&w, to[0], to[1]), 0);
    world_free(&w);
}

/* A 100 m step in one frame does not tunnel through anything, in any
 * direction, and ends inside the room clear of the walls. */
static void test_walk_no_tunnelling(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    world w;
    _build(&f, &w);
    for (int k = 0; k < 16; k++) {
        float ang = (float)k * GLM_PIf / 8 + 0.1f;
        float to[2] = { 3 + 100 * cosf(ang), 2 + 100 * sinf(ang) };
        world_collide(&w, (float[2]){ 3, 2 }, to, 0.3f);
        assert_int_equal(world_room_at(&w, to[0], to[1]), 0);
        assert_true(to[0] >= 0.3f - 1e-4f && to[0] <= 5.7f + 1e-4f);
        assert_true(to[1] >= 0.3f - 1e-4f && to[1] <= 3.7f + 1e-4f);
    }
    world_free(&w);
}

/* A plinth blocks; so does a scan standing on the floor. */
static void test_walk_plinth_blocks(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(-0.1f, 0, -0.1f, 0.1f, 0.5f, 0.1f));
    world w;
    _build(&f, &w);
    float to[2] = { 3, 2 };
    world_collide(&w, (float[2]){ 1, 2 }, to, 0.3f);
    assert_float_equal(to[0], 3 - 0.18f - 0.3f, 1e-4f); /* plinth half 0.1 + 0.08 */
    float far[2] = { 50, 2 };
    world_collide(&w, (float[2]){ 1, 2 }, far, 0.3f);
    assert_true(far[0] < 3);
    world_free(&w);
}

/* ---- rays ------------------------------------------------------------------- */

static void test_ray_floor(void **state)
{
    (void)state;
    _fx f = { 0 };
    _two_rooms(&f);
    _fx_art(&f, 0, 2, 0, 3, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(-0.1f, 0, -0.1f, 0.1f, 0.5f, 0.1f));
    world w;
    _build(&f, &w);
    float hit[3];
    assert_true(world_ray_floor(&w, (float[3]){ 2, 1.6f, 1 }, (float[3]){ 0, -1, 0 }, hit));
    assert_float_equal(hit[0], 2, EPS);
    assert_float_equal(hit[1], 0, EPS);
    assert_float_equal(hit[2], 1, EPS);
    /* Through the solid wall beside the doorway: no. */
    assert_false(world_ray_floor(&w, (float[3]){ 5, 1.6f, 0.8f }, (float[3]){ 2, -1.6f, 0 }, hit));
    /* Through the doorway: the floor of the next room. */
    assert_true(world_ray_floor(&w, (float[3]){ 5, 1.6f, 2 }, (float[3]){ 2, -1.6f, 0 }, hit));
    assert_float_equal(hit[0], 7, EPS);
    /* Onto the plinth, or up at the ceiling: no. */
    assert_false(world_ray_floor(&w, (float[3]){ 2, 1.6f, 3 }, (float[3]){ 0, -1, 0 }, hit));
    assert_false(world_ray_floor(&w, (float[3]){ 2, 1.6f, 1 }, (float[3]){ 0, 1, 0 }, hit));
    world_free(&w);
}

static void test_ray_artefact(void **state)
{
    (void)state;
    _fx f = { 0 };
    _two_rooms(&f);
    vt_aabb b = _box(-0.2f, 0, -0.2f, 0.2f, 0.5f, 0.2f);
    _fx_art(&f, 0, 2, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, b);
    _fx_art(&f, 0, 4, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, b);
    _fx_art(&f, 1, 9, 0, 1, EXHIBITION_SUPPORT_PLINTH, 0.9f, b);
    world w;
    _build(&f, &w);
    float t = 0;
    assert_int_equal(world_ray_artefact(&w, (float[3]){ 0.5f, 1.1f, 2 }, (float[3]){ 1, 0, 0 }, &t), 0);
    assert_float_equal(t, 1.3f, 1e-4f);
    assert_int_equal(world_ray_artefact(&w, (float[3]){ 5.5f, 1.1f, 2 }, (float[3]){ -1, 0, 0 }, &t), 1);
    assert_int_equal(world_ray_artefact(&w, (float[3]){ 1, 1.1f, 1 }, (float[3]){ 0, 0, 1 }, &t), -1);
    /* The third stands behind the solid wall from here. */
    assert_int_equal(world_ray_artefact(&w, (float[3]){ 5, 1.1f, 1 }, (float[3]){ 1, 0, 0 }, &t), -1);
    assert_int_equal(world_ray_artefact(&w, (float[3]){ 7, 1.1f, 1 }, (float[3]){ 1, 0, 0 }, &t), 2);
    world_free(&w);
}

static void test_room_at(void **state)
{
    (void)state;
    _fx f = { 0 };
    _two_rooms(&f);
    world w;
    _build(&f, &w);
    assert_int_equal(world_room_at(&w, 1, 1), 0);
    assert_int_equal(world_room_at(&w, 11, 3), 1);
    assert_int_equal(world_room_at(&w, 13, 3), -1);
    assert_int_equal(world_room_at(&w, 3, -0.5f), -1);
    world_free(&w);
}

/* ---- light ------------------------------------------------------------------ */

static float _luma(const uint8_t *c)
{
    return (float)c[0] + (float)c[1] + (float)c[2];
}

/* Mean of the three channels in linear light. */
static float _linear_luma(const uint8_t *c)
{
    float s = 0;
    for (int k = 0; k < 3; k++)
        s += _world_srgb_to_linear((float)c[k] / 255.0f) / 3.0f;
    return s;
}

/* Contact shadow: the floor at a plinth's foot is clearly darker than open
 * floor 2 m away. The only light is a "sun" so far up that it lights the
 * whole floor alike: what differs is occlusion alone. */
static void test_contact_shadow(void **state)
{
    (void)state;
    _fx f = { 0 };
    exhibition_room *r = _fx_room(&f, _hall, 4, 3.0f);
    f.lights[0] = (exhibition_light){ .position = { 3, 1000, 2 }, .color = { 1, 1, 1 }, .intensity = 1e5f };
    r->lights = f.lights;
    r->light_count = 1;
    _fx_art(&f, 0, 3, 0, 2, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(-0.2f, 0, -0.2f, 0.2f, 0.5f, 0.2f));
    world w;
    _build(&f, &w);
    const world_mesh *m = _mesh(&w, WORLD_MESH_FLOOR, 0);
    const world_box *plinth = &w.obstacles[0];
    float near = 1e9f, far = 0;
    int nn = 0, nf = 0;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        float p[3];
        _vpos(m, i, p);
        float d = _world_box_distance(plinth, p[0], p[2], 0);
        if (d > 1e-3f && d < 0.1f) {
            near = fminf(near, _linear_luma(_vcolor(m, i)));
            nn++;
        } else if (d > 1.9f && d < 2.1f && p[0] > 0.5f && p[0] < 5.5f && p[2] > 0.5f && p[2] < 3.5f) {
            far += _linear_luma(_vcolor(m, i));
            nf++;
        }
    }
    assert_true(nn > 8 && nf > 0); /* the floor is cut finer around the plinth */
    far /= (float)nf;
    /* Darkest at the foot: about 0.55 of the open floor. */
    assert_true(near < 0.8f * far);
    assert_true(near > 0.45f * far);
    assert_true(far > 0.12f); /* a museum, not a cave: the floor's albedo is ~0.26 */
    /* The plinth top is darker under the scan than at its rim. */
    const world_mesh *s = _mesh(&w, WORLD_MESH_SUPPORTS, 0);
    float under = 1e9f, rim = 0;
    for (uint32_t i = 0; i < s->vertex_count; i++) {
        float p[3];
        _vpos(s, i, p);
        if (fabsf(p[1] - 0.9f) > 1e-3f)
            continue;
        float luma = _luma(_vcolor(s, i));
        if (fabsf(p[0] - 3) < 0.15f && fabsf(p[2] - 2) < 0.15f)
            under = fminf(under, luma);
        if (fabsf(p[0] - 3) > 0.27f || fabsf(p[2] - 2) > 0.27f)
            rim = fmaxf(rim, luma);
    }
    assert_true(under < 0.8f * rim);
    world_free(&w);
}

/* A room with no lights is still lit (defaults under the ceiling); floor
 * darker in a corner than in the middle. */
static void test_default_lights_and_corners(void **state)
{
    (void)state;
    _fx f = { 0 };
    _fx_room(&f, _hall, 4, 3.0f);
    world w;
    _build(&f, &w);
    const world_mesh *m = _mesh(&w, WORLD_MESH_FLOOR, 0);
    float corner = -1, middle = -1;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        float p[3];
        _vpos(m, i, p);
        if (hypotf(p[0], p[2]) < 1e-3f)
            corner = _luma(_vcolor(m, i));
        if (fabsf(p[0] - 1.5f) < 0.2f && fabsf(p[2] - 2) < 0.2f)
            middle = fmaxf(middle, _luma(_vcolor(m, i)));
    }
    assert_true(corner >= 0 && middle > 0);
    assert_true(corner < 0.8f * middle);
    assert_true(middle > 150);
    world_free(&w);
}

/* ---- every mesh ----------------------------------------------------------- */

/* Vertices decode inside their mesh's bounds, inside the world's; no NaN
 * in meshes, matrices or bounds; indices in range. */
static void _check_all(const world *w)
{
    assert_true(w->mesh_count > 0);
    for (size_t i = 0; i < w->mesh_count; i++) {
        const world_mesh *m = &w->meshes[i];
        assert_true(m->vertex_count > 0 && m->index_count % 3 == 0);
        for (int k = 0; k < 3; k++) {
            assert_true(isfinite(m->pos_offset[k]) && isfinite(m->pos_scale[k]) && m->pos_scale[k] >= 0);
            assert_true(m->bounds_min[k] >= w->bounds.min[k] - EPS && m->bounds_max[k] <= w->bounds.max[k] + EPS);
        }
        for (uint32_t v = 0; v < m->vertex_count; v++) {
            float p[3], n[3];
            _vpos(m, v, p);
            _vnormal(m, v, n);
            for (int k = 0; k < 3; k++) {
                assert_true(isfinite(p[k]) && isfinite(n[k]));
                assert_true(p[k] >= m->bounds_min[k] - EPS && p[k] <= m->bounds_max[k] + EPS);
            }
            assert_float_equal(glm_vec3_norm(n), 1.0f, 1e-3f);
        }
        for (uint32_t j = 0; j < m->index_count; j++)
            assert_true(m->indices[j] < m->vertex_count);
    }
    for (size_t a = 0; a < w->artefact_count; a++)
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++)
                assert_true(isfinite(w->artefact_model[a][c][r]));
}

static void test_all_meshes_sane(void **state)
{
    (void)state;
    _fx f = { 0 };
    _two_rooms(&f);
    f.rooms[1].floor_plan = _l_plan; /* overlapping the hall: still no NaN */
    f.rooms[1].floor_plan_count = 6;
    f.rooms[1].doorway_count = 0;
    _fx_art(&f, 0, 2, 0, 2, EXHIBITION_SUPPORT_VITRINE, 0.9f, _box(-0.2f, 0, -0.2f, 0.2f, 0.5f, 0.2f));
    exhibition_artefact *a = _fx_art(&f, 0, 4, 0, 2, EXHIBITION_SUPPORT_NONE, 0, _box(0, 0, 0, 0, 0, 0));
    a->height_m = 1; /* a flat scan sized by height: no division by zero */
    _fx_art(&f, 1, 1, 0, 1, EXHIBITION_SUPPORT_PLINTH, 0.9f, _box(NAN, 0, 0, 1, 1, 1)); /* broken bounds */
    world w;
    _build(&f, &w);
    _check_all(&w);
    assert_true(w.artefact_placeholder[2]);
    world_free(&w);
    assert_null(w.meshes);
    world_free(&w); /* twice is harmless */
}

/* The documented example builds: a plinth under its scan, four kinds of
 * mesh. (Under ASan this also checks that world_free leaves nothing.) */
static void test_valid_minimal_example(void **state)
{
    (void)state;
    exhibition ex;
    exhibition_diags d = { 0 };
    assert_int_equal(exhibition_load(VT_TEST_DATA_DIR "/exhibitions/valid-minimal", &ex, &d), VT_OK);
    world_artefact_input in = { .bounds = _box(0, 0, 0, 1, 1, 0) }; /* triangle.obj, roughly */
    world w;
    vt_error_msg err;
    assert_int_equal(world_build(&ex, &in, &w, &err), VT_OK);
    exhibition_free(&ex); /* the world keeps nothing of it */
    assert_float_equal(w.artefact_bounds[0].min[1], 0.9f, EPS);
    assert_float_equal(w.artefact_bounds[0].max[1], 1.4f, EPS);
    assert_non_null(_mesh(&w, WORLD_MESH_FLOOR, 0));
    assert_non_null(_mesh(&w, WORLD_MESH_WALLS, 0));
    assert_non_null(_mesh(&w, WORLD_MESH_CEILING, 0));
    assert_non_null(_mesh(&w, WORLD_MESH_SUPPORTS, 0));
    assert_null(_mesh(&w, WORLD_MESH_GLASS, 0));
    _check_all(&w);
    /* The walls take the exhibition's colour (#e8e2d6) at their brightest. */
    const world_mesh *wm = _mesh(&w, WORLD_MESH_WALLS, 0);
    uint8_t hi = 0;
    for (uint32_t i = 0; i < wm->vertex_count; i++)
        hi = _vcolor(wm, i)[0] > hi ? _vcolor(wm, i)[0] : hi;
    assert_in_range(hi, 0xb0, 0xe8);
    world_free(&w);
    exhibition_diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_height_scaling_base_on_plinth),
        cmocka_unit_test(test_scale_and_no_support),
        cmocka_unit_test(test_rotation_swaps_footprint),
        cmocka_unit_test(test_tilt_rests_on_top),
        cmocka_unit_test(test_world_bounds),
        cmocka_unit_test(test_missing_scan_placeholder),
        cmocka_unit_test(test_vitrine_glass),
        cmocka_unit_test(test_ear_clip_l_shape),
        cmocka_unit_test(test_l_floor_mesh),
        cmocka_unit_test(test_walls_face_inward),
        cmocka_unit_test(test_doorway_opening),
        cmocka_unit_test(test_reveal_depth),
        cmocka_unit_test(test_overlapping_doorways_merge),
        cmocka_unit_test(test_model_room),
        cmocka_unit_test(test_walk_into_wall),
        cmocka_unit_test(test_walk_slides_along_wall),
        cmocka_unit_test(test_walk_through_doorway),
        cmocka_unit_test(test_walk_closed_doorway),
        cmocka_unit_test(test_walk_no_tunnelling),
        cmocka_unit_test(test_walk_plinth_blocks),
        cmocka_unit_test(test_ray_floor),
        cmocka_unit_test(test_ray_artefact),
        cmocka_unit_test(test_room_at),
        cmocka_unit_test(test_contact_shadow),
        cmocka_unit_test(test_default_lights_and_corners),
        cmocka_unit_test(test_all_meshes_sane),
        cmocka_unit_test(test_valid_minimal_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
