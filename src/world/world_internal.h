/* world_internal: what the world's source files share while building (see
 * world.h for the rules they implement). A world is built in four passes:
 * placement of the artefacts (world_build.c), the walls and doorways as
 * collision pieces (world_walls.c), the meshes with their occlusion
 * (world_room.c, world_floor.c, world_support.c), each baked with light
 * and packed into the world's arena as it is made (world_light.c,
 * world_mesh.c). Scratch
 * memory is malloc'd and freed before world_build returns. */
#ifndef VT_WORLD_INTERNAL_H
#define VT_WORLD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "world/world.h"

/* ---- tuning (metres unless named) ---------------------------------------- */

#define WORLD_FLOOR_CELL 0.35f      /* floor grid: diagonal under 0.5 m */
#define WORLD_FLOOR_FINE 0.25f      /* floor grid around plinths */
#define WORLD_WALL_CELL 1.0f
#define WORLD_CEILING_CELL 1.0f
#define WORLD_REVEAL_DEPTH 0.2f
#define WORLD_DOOR_REACH 1.0f       /* a room this close beyond a doorway opens it */
#define WORLD_BASEBOARD_H 0.1f
#define WORLD_BASEBOARD_OUT 0.012f  /* how far it stands out of the wall */
#define WORLD_PLINTH_MARGIN 0.08f
#define WORLD_PLINTH_MIN_HALF 0.15f
#define WORLD_GLASS_INSET 0.03f
#define WORLD_GLASS_ABOVE 0.12f
#define WORLD_PLACEHOLDER 0.4f
#define WORLD_MIN_SUPPORT 0.01f
#define WORLD_STANDING_BELOW 1.8f   /* a free scan lower than this blocks walking */

/* ---- growing mesh ------------------------------------------------------- */

typedef struct _world_vert {
    float p[3], n[3];
    float albedo[3]; /* linear */
    float ao;
    uint8_t alpha;
} _world_vert;

typedef struct _world_mb {
    _world_vert *v;
    uint32_t vn, vcap;
    uint32_t *ix;
    uint32_t in, icap;
    bool oom;
} _world_mb;

uint32_t _world_mb_vertex(_world_mb *m, const float p[3], const float n[3], const float albedo[3], float ao,
                          uint8_t alpha);
/* Adds triangle a b c, wound so its face agrees with a's normal. */
void _world_mb_tri(_world_mb *m, uint32_t a, uint32_t b, uint32_t c);
void _world_mb_free(_world_mb *m);

/* A flat grid of vertices on a rectangle: corner O, unit directions DU, DV,
 * break positions US (nu) along DU and VS (nv) along DV; vertex (i, j) at
 * index first + j * nu + i. AO_FN may be NULL (ao 1). Cells for which SKIP
 * returns true are left open. Returns the first vertex index. */
typedef float (*_world_ao_fn)(const void *ctx, const float p[3]);
typedef bool (*_world_skip_fn)(const void *ctx, float u, float v);
uint32_t _world_mb_grid(_world_mb *m, const float o[3], const float du[3], const float dv[3], const float *us,
                        uint32_t nu, const float *vs, uint32_t nv, const float n[3], const float albedo[3],
                        uint8_t alpha, _world_ao_fn ao, const void *ao_ctx, _world_skip_fn skip,
                        const void *skip_ctx);

/* Breaks from A to B: A, B, every value in EXTRA strictly between them, and
 * even subdivisions so no interval is longer than STEP. Returns the count
 * written to OUT (capacity CAP; asserts it is enough). */
uint32_t _world_breaks(float a, float b, const float *extra, uint32_t extra_count, float step, float *out,
                       uint32_t cap);

/* ---- light -------------------------------------------------------------- */

typedef struct _world_light {
    float pos[3];
    float color[3]; /* linear colour x intensity */
    bool spot;
    float axis[3];  /* unit, toward spot_at */
} _world_light;

/* The lights of room R (its own, or the defaults world.h describes);
 * malloc'd, NULL with *count 0 on failure. */
_world_light *_world_room_lights(const exhibition *ex, uint32_t r, size_t *count);
/* Colour of one vertex: albedo x exposure(ambient + lights) x ao, sRGB. */
void _world_bake_vertex(const _world_vert *v, const _world_light *lights, size_t light_count, uint8_t out[4]);
float _world_srgb_to_linear(float c);

/* ---- the build ---------------------------------------------------------- */

typedef struct _world_build {
    world *w;
    const exhibition *ex;
    size_t mesh_cap; /* w->meshes holds this many: 5 kinds per room */
    bool *obstacle_round; /* per obstacle: a scan (soft corners), not a plinth */
    /* support boxes per artefact (plinth footprint; y range of the plinth),
     * with has_support false for "none" */
    world_box *support;
    bool *has_support;
    bool *vitrine;
    float *glass_top;
} _world_build;

/* Pass 1: models, bounds, footprints, supports, obstacles. */
bool _world_place(_world_build *b, const world_artefact_input *inputs);
/* Pass 2: doorways, wall pieces, barriers for every floor-plan room. */
bool _world_walls(_world_build *b);
/* Pass 3: meshes (each baked and packed as it is made). */
bool _world_room_meshes(_world_build *b, uint32_t r, const _world_light *lights, size_t light_count);
bool _world_support_meshes(_world_build *b, uint32_t r, const _world_light *lights, size_t light_count);
/* Bakes M with LIGHTS and appends it to the world's meshes. Empty meshes are
 * dropped. */
bool _world_emit(_world_build *b, _world_mb *m, world_mesh_kind kind, uint32_t room, bool transparent,
                 const _world_light *lights, size_t light_count);

/* Floor-plan geometry. */
float _world_plan_orientation(const float (*pts)[2], size_t n); /* +1 or -1 */
/* Inward unit normal of edge I (x, z) and its length. */
float _world_plan_edge(const float (*pts)[2], size_t n, size_t i, float dir[2], float inward[2]);
bool _world_point_in_polygon(const float (*pts)[2], size_t n, float x, float z);

/* Ear clipping of a simple polygon (either winding): up to n - 2 triangles
 * into TRIS (3 indices each), wound with positive x/z cross product.
 * Returns the triangle count. */
size_t _world_ear_clip(const float (*pts)[2], size_t n, uint32_t *tris);

/* A 2D triangle mesh (x, z) of a floor polygon cut by the grid lines XS, ZS
 * (sorted, covering the polygon), each cell marked in FINE ((nx - 1) x
 * (nz - 1), row by row along x; NULL: none) cut again K x K; malloc'd. */
typedef struct _world_mesh2d {
    float (*p)[2];
    uint32_t n, cap;
    uint32_t *tri;
    uint32_t tn, tcap; /* triangle count */
} _world_mesh2d;
bool _world_floor_cut(const float (*pts)[2], size_t n, const float *xs, size_t nx, const float *zs, size_t nz,
                      const bool *fine, uint32_t k, _world_mesh2d *out);
void _world_mesh2d_free(_world_mesh2d *m);

/* Occlusion helpers. */
float _world_ao_contact(float d, float reach, float strength); /* 1 - strength (1 - d / reach)^2 */
float _world_box_distance(const world_box *b, float x, float z, float round);
float _world_segment_distance(const float a[2], const float b[2], float x, float z, float *overshoot);

#endif
