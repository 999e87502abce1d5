/* world: an exhibition's built world on the CPU — room meshes with their
 * light baked into vertex colours, plinths and vitrines, where each scan
 * stands, and what a visitor walks into. Pure geometry: no GL, no SDL. The
 * renderer uploads the meshes as they are (the .vitrine vertex layout), the
 * app asks for collisions, taps and the room under the visitor.
 *
 * ---- Placement: where a scan stands (the curator-facing rule) -----------
 *
 * Each artefact arrives with the bounds of its packaged scan in its own
 * units, already Y-up (the packer applied `up`). Then:
 *   scale     s = height_m / bounds height when height_m is given (the
 *             height is measured before rotation), else `scale`, else 1
 *             (scan units are metres).
 *   rotation  R = Ry · Rx · Rz, degrees from `rotation` [x, y, z]: the scan
 *             is first rolled about z, then tilted about x, then turned
 *             about the vertical axis by y. A yaw alone turns it in place.
 *   support   top = position.y + support_height on a plinth or in a
 *             vitrine, position.y with "support": "none".
 *   model     T(x, top + h, z) · R · S(s) · T(-bounds centre), where h is
 *             half the height of the rotated, scaled box: the turned box
 *             rests on `top` and is centred on (x, z) seen from above. With
 *             no rotation, or a yaw only, this is exactly "the centre of the
 *             base sits at (x, top, z)"; with a tilt it still never sinks
 *             into its plinth.
 * The plinth is a box from position.y to top, turned by the same yaw, its
 * footprint the artefact's (seen from above, in the yaw's frame) plus 8 cm
 * each side and at least 0.3 x 0.3 m; a warm off-white. A vitrine is the
 * same plinth under a glass case (3 cm in from the plinth's edges, up to
 * 12 cm above the artefact's top). A support_height under 1 cm counts as
 * none. A scan that is missing (or whose bounds are empty or not finite)
 * is shown by a 0.4 m magenta box on its support (unscaled, turned by the
 * yaw only), so the curator sees what is missing; its artefact bounds are
 * that box.
 *
 * ---- Rooms -------------------------------------------------------------
 *
 * A room with a floor_plan becomes a floor at y = 0, a ceiling at
 * wall_height and a wall along every edge facing inward (either winding of
 * the plan works). Doorways cut openings into walls; their reveals (jambs
 * and soffit) reach 0.2 m outward so the opening reads as a hole in a real
 * wall, with a threshold of floor between them. Where another floor-plan
 * room lies within 1 m beyond the opening, the rooms' walls are that thick
 * there: each room draws half the gap (a shared wall of no thickness gets
 * no reveals), so the halves meet and never overlap. A doorway with
 * neither a floor-plan room within 1 m beyond it nor a `to` naming a model
 * room leads nowhere and is closed to walking (it still shows). Two rooms
 * sharing a wall each draw their own side. Overlapping doorways on one
 * wall merge into one opening. A room with a `model` instead of a floor
 * plan gets no geometry and no collision here (the renderer draws its model;
 * the visitor walks freely there), only the plinths of its artefacts.
 *
 * ---- Baked light -------------------------------------------------------
 *
 * Vertex colour = material colour (linear) x exposure(ambient + the room's
 * lights) x ambient occlusion, encoded to sRGB. A light adds colour x
 * intensity x a wrapped Lambert term x 1 / (1 + (d / 2.5 m)^2) (soft, never
 * infinite up close) x, with spot_at, a wide soft cone. exposure(E) =
 * 1 - exp(-1.6 E) keeps bright spots from blowing out: a surface never gets
 * brighter than its material colour. A room with no lights gets a few under
 * the ceiling, about 4 m apart. Occlusion: the floor darkens near walls
 * (over 0.4 m, more in corners) and around plinths and free-standing scans
 * (to 0.55 at a plinth's foot, over 0.45 m); plinth tops darken under the
 * scan; walls and plinth sides darken a little near the floor, walls also
 * near the ceiling and in inner corners. Floors are cut on a grid of at
 * most 0.35 m (every edge under 0.5 m), cells around plinths and standing
 * scans 4 x 4 finer; walls on a 0.5 m grid: the light has vertices to
 * live on. Textures named by materials are not applied here (the layout
 * carries no UVs).
 *
 * ---- Meshes ------------------------------------------------------------
 *
 * Each world_mesh is one draw: the .vitrine packed vertex layout with
 * VT_VTX_COLOR and no UV (stride 16: position uint16 x4 with p = pos_offset +
 * q / 65535 * pos_scale, normal int16 x2 octahedral (pkg_oct_decode),
 * colour uint8 x4 sRGB with alpha), 32-bit indices, triangles
 * counter-clockwise seen from the side their normal faces: draw opaque
 * meshes with back faces culled (two rooms sharing a wall put their faces
 * back to back on one plane; culling shows each room its own). Per room:
 * floor, walls (with reveals and baseboards), ceiling; per room holding
 * artefacts:
 * supports (plinths, placeholders) and, with vitrines, glass. Glass is
 * `transparent`: draw it after everything opaque, blended (alpha is in the
 * vertex colour), without depth writes and without face culling (only the
 * outside faces are there).
 *
 * ---- Ownership ---------------------------------------------------------
 *
 * Everything a world holds lives in its arena and goes with world_free. It
 * does not point into the exhibition: the exhibition may be freed first.
 * All queries are read-only and allocate nothing (safe to call per frame,
 * and from several threads at once). */
#ifndef VT_WORLD_H
#define VT_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cglm/cglm.h>

#include "base/arena.h"
#include "base/result.h"
#include "scene/bounds.h"
#include "scene/exhibition.h"

#define WORLD_VERTEX_STRIDE 16u
#define WORLD_NONE UINT32_MAX

/* What the builder needs to know about each artefact's scan. */
typedef struct world_artefact_input {
    vt_aabb bounds; /* of the packaged scan, its own units, Y up */
    bool missing;   /* no scan: show a placeholder */
} world_artefact_input;

typedef enum world_mesh_kind {
    WORLD_MESH_FLOOR = 0,
    WORLD_MESH_WALLS,    /* walls, door reveals and thresholds, baseboards */
    WORLD_MESH_CEILING,  /* hide it for a view from above */
    WORLD_MESH_SUPPORTS, /* plinths and placeholder boxes */
    WORLD_MESH_GLASS,    /* vitrine cases: transparent */
} world_mesh_kind;

typedef struct world_mesh {
    float pos_offset[3], pos_scale[3]; /* p = offset + q / 65535 * scale */
    uint8_t *vertices;                 /* WORLD_VERTEX_STRIDE bytes each */
    uint32_t vertex_count;
    uint32_t *indices; /* triangle list */
    uint32_t index_count;
    float bounds_min[3], bounds_max[3];
    bool transparent;     /* drawn blended, after opaque */
    world_mesh_kind kind;
    uint32_t room;        /* owning room index */
} world_mesh;

/* A box standing upright, seen from above: its centre, its local x axis
 * (unit, in x/z; the other axis is world_box_axes' v), half extents along
 * the two, and the heights it spans. */
typedef struct world_box {
    float center[2]; /* x, z */
    float axis[2];   /* unit: the box's local x direction in x, z */
    float half[2];   /* along axis, along the perpendicular */
    float y0, y1;
} world_box;

/* A vertical wall rectangle: from a to b (x, z) between heights y0 and y1. */
typedef struct world_wall {
    float a[2], b[2];
    float y0, y1;
    uint32_t room;
} world_wall;

/* A doorway as the minimap draws it: the gap on the wall's line. */
typedef struct world_door {
    float a[2], b[2];  /* gap ends (x, z) on the wall line */
    uint32_t wall;     /* edge of the room's floor plan */
    float height;
    uint32_t to_room;  /* from the exhibition, or WORLD_NONE */
    float depth;       /* how far its reveals reach beyond the wall line */
    bool open;         /* walkable: a room lies beyond it */
} world_door;

typedef struct world_room {
    bool has_floor_plan;      /* false: a model room, nothing built here */
    float (*outline)[2];      /* the floor plan as given (x, z), or NULL */
    size_t outline_count;
    world_door *doors;        /* merged openings, in wall order */
    size_t door_count;
    float wall_height;
} world_room;

typedef struct world {
    vt_arena arena; /* owns everything below */

    world_mesh *meshes;
    size_t mesh_count;

    size_t artefact_count;   /* = the exhibition's */
    mat4 *artefact_model;    /* scan units -> world */
    vt_aabb *artefact_bounds; /* world space, from the 8 turned corners */
    world_box *artefact_footprint; /* seen from above, in its yaw's frame */
    bool *artefact_placeholder;    /* drawn as the magenta box: no scan */

    world_room *rooms;
    size_t room_count;

    /* Collision and rays. Walls: every wall piece, lintels and door reveals
     * included (only those touching the floor block walking); obstacles:
     * plinths, vitrines, scans standing on the floor; barriers: the lines
     * across doorways that lead nowhere (walking only). */
    world_wall *walls;
    size_t wall_count;
    world_box *obstacles;
    size_t obstacle_count;
    world_wall *barriers;
    size_t barrier_count;

    /* Private to the ray queries: inverse models and scan-space boxes. */
    mat4 *_artefact_inverse;
    vt_aabb *_artefact_local;

    vt_aabb bounds; /* everything built, artefacts included */
} world;

/* Builds the world of EX (validated by exhibition_load) with INPUTS[i] for
 * artefact i (NULL: every scan missing). VT_ERR_OUT_OF_MEMORY is the only
 * failure; on it *out is zeroed and ERR says so. */
vt_result world_build(const exhibition *ex, const world_artefact_input *inputs, world *out, vt_error_msg *err);
void world_free(world *w);

/* Walking, in the x/z plane: moves TO so that a circle of RADIUS going from
 * FROM to TO never crosses a wall, a barrier, a plinth or a scan standing on
 * the floor, sliding along what it meets. Steps of any length are taken in
 * sub-steps of at most RADIUS / 2, so nothing is tunnelled through; the
 * result never lies inside an obstacle (if the way is too tight the circle
 * stops where it last fitted). Doorways are open, except those leading
 * nowhere (world_door.open). */
void world_collide(const world *w, const float from[2], float to[2], float radius);

/* Tap-to-walk: the first floor point (inside a floor-plan room) the ray
 * hits, or false when a wall, plinth or artefact box is hit first, or
 * nothing is. DIR need not be unit length. */
bool world_ray_floor(const world *w, const float origin[3], const float dir[3], float hit[3]);

/* The nearest artefact whose turned box the ray hits (T: the ray parameter,
 * a distance when DIR is unit), or -1 when none is, or a wall is nearer.
 * Plinths do not hide their artefact. */
int world_ray_artefact(const world *w, const float origin[3], const float dir[3], float *t);

/* The floor-plan room whose floor holds (x, z), or -1 outside them all. */
int world_room_at(const world *w, float x, float z);

/* The perpendicular axis of a box: AXIS turned +90° about y. */
static inline void world_box_axes(const world_box *b, float u[2], float v[2])
{
    u[0] = b->axis[0];
    u[1] = b->axis[1];
    v[0] = -b->axis[1];
    v[1] = b->axis[0];
}

#endif
