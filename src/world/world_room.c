/* world_room: a floor-plan room's meshes — floor, ceiling, walls with their
 * doorway openings, reveals and baseboards — and the occlusion each surface
 * gets (world.h, "Baked light"). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "world/world_internal.h"

/* Default materials (sRGB) when the exhibition names no colour. */
static const float _world_floor_rgb[3] = { 0.60f, 0.55f, 0.48f };
static const float _world_wall_rgb[3] = { 0.91f, 0.886f, 0.84f };
static const float _world_ceiling_rgb[3] = { 0.95f, 0.94f, 0.92f };
static const float _world_baseboard_rgb[3] = { 0.29f, 0.27f, 0.25f };

#define WORLD_WALL_AO_REACH 0.4f
#define WORLD_WALL_AO 0.22f      /* floor at a wall's foot: 0.78 */
#define WORLD_CEILING_AO 0.12f
#define WORLD_CONTACT_REACH 0.45f
#define WORLD_CONTACT 0.45f      /* floor at a plinth's foot: 0.55 */

typedef struct _world_room_ctx {
    const _world_build *b;
    uint32_t room;
    const float (*pts)[2];
    size_t n;
    float H;
    size_t wall;          /* the wall being made */
    const world_door *doors; /* this room's, all walls */
    size_t door_count;
    const bool *obstacle_here; /* per obstacle: stands on this room's floor */
    float wall_origin[2];
} _world_room_ctx;

static void _world_linear(const exhibition_material *m, const float fallback[3], float out[3])
{
    for (int k = 0; k < 3; k++)
        out[k] = _world_srgb_to_linear(m->has_color ? m->color[k] : fallback[k]);
}

/* Darkening by this room's walls that stand on the floor, STRENGTH at
 * their foot. Walls the point lies beyond the end of count less, so an
 * outer corner is not as dark as an inner one. */
static float _world_ao_walls(const _world_room_ctx *c, float x, float z, float strength)
{
    const world *w = c->b->w;
    float ao = 1;
    for (size_t i = 0; i < w->wall_count; i++) {
        const world_wall *wl = &w->walls[i];
        if (wl->room != c->room || wl->y0 > 0.05f)
            continue;
        float over;
        float d = _world_segment_distance(wl->a, wl->b, x, z, &over);
        if (d >= WORLD_WALL_AO_REACH)
            continue;
        float k = over > 0 ? fmaxf(0.0f, 1.0f - over / WORLD_WALL_AO_REACH) : 1.0f;
        ao *= _world_ao_contact(d, WORLD_WALL_AO_REACH, strength * k * k);
    }
    return ao;
}

static float _world_ao_floor(const void *ctx, const float p[3])
{
    const _world_room_ctx *c = ctx;
    const world *w = c->b->w;
    float ao = _world_ao_walls(c, p[0], p[2], WORLD_WALL_AO);
    for (size_t i = 0; i < w->obstacle_count; i++) {
        const world_box *o = &w->obstacles[i];
        if (!c->obstacle_here[i])
            continue;
        float d = _world_box_distance(o, p[0], p[2], c->b->obstacle_round[i] ? 0.5f : 0.0f);
        ao *= _world_ao_contact(d, WORLD_CONTACT_REACH, WORLD_CONTACT);
    }
    return ao;
}

static float _world_ao_ceiling(const void *ctx, const float p[3])
{
    return _world_ao_walls(ctx, p[0], p[2], WORLD_CEILING_AO);
}

/* A wall: a little darker near the floor and the ceiling, and in inner
 * corners (another wall of the room standing in front of this one). */
static float _world_ao_wall(const void *ctx, const float p[3])
{
    const _world_room_ctx *c = ctx;
    float ao = _world_ao_contact(p[1], 0.5f, 0.2f) * _world_ao_contact(c->H - p[1], 0.5f, WORLD_CEILING_AO);
    float dir[2], in[2];
    _world_plan_edge(c->pts, c->n, c->wall, dir, in);
    const float *o = c->pts[c->wall];
    for (size_t j = 0; j < c->n; j++) {
        if (j == c->wall)
            continue;
        const float *a = c->pts[j], *b = c->pts[(j + 1) % c->n];
        float mx = 0.5f * (a[0] + b[0]) - o[0], mz = 0.5f * (a[1] + b[1]) - o[1];
        if (mx * in[0] + mz * in[1] <= 0.01f)
            continue;
        float d = _world_segment_distance(a, b, p[0], p[2], NULL);
        ao *= _world_ao_contact(d, WORLD_WALL_AO_REACH, 0.2f);
    }
    return ao;
}

/* Inside a reveal: the wall's own terms, a little darker. */
static float _world_ao_reveal(const void *ctx, const float p[3])
{
    const _world_room_ctx *c = ctx;
    return 0.85f * _world_ao_contact(p[1], 0.5f, 0.2f) * _world_ao_contact(c->H - p[1], 0.5f, WORLD_CEILING_AO);
}

static bool _world_skip_door(const void *ctx, float u, float y)
{
    const _world_room_ctx *c = ctx;
    for (size_t d = 0; d < c->door_count; d++) {
        const world_door *dr = &c->doors[d];
        if (dr->wall != c->wall)
            continue;
        float u0 = hypotf(dr->a[0] - c->wall_origin[0], dr->a[1] - c->wall_origin[1]);
        float u1 = hypotf(dr->b[0] - c->wall_origin[0], dr->b[1] - c->wall_origin[1]);
        if (u > u0 && u < u1 && y < dr->height)
            return true;
    }
    return false;
}

static bool _world_floor_and_ceiling(_world_room_ctx *c, const exhibition_room *room, const _world_light *lights,
                                     size_t light_count)
{
    _world_build *b = (_world_build *)c->b;
    const world *w = b->w;
    float lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (size_t i = 0; i < c->n; i++)
        for (int k = 0; k < 2; k++) {
            lo[k] = fminf(lo[k], c->pts[i][k]);
            hi[k] = fmaxf(hi[k], c->pts[i][k]);
        }
    /* Even grid lines; cells near an obstacle's foot are cut finer (the
     * contact shadow needs vertices every few centimetres there). */
    uint32_t cap_x = (uint32_t)((hi[0] - lo[0]) / WORLD_FLOOR_CELL) + 8;
    uint32_t cap_z = (uint32_t)((hi[1] - lo[1]) / WORLD_FLOOR_CELL) + 8;
    float *xs = malloc(cap_x * sizeof *xs), *zs = malloc(cap_z * sizeof *zs);
    bool *fine = NULL;
    /* Obstacles that stand on this floor (not behind a shared wall in the
     * next room): they shadow it. */
    bool *here = calloc(w->obstacle_count + 1, sizeof *here);
    for (size_t i = 0; here && i < w->obstacle_count; i++)
        here[i] = w->obstacles[i].y0 <= 0.3f &&
                  _world_point_in_polygon(c->pts, c->n, w->obstacles[i].center[0], w->obstacles[i].center[1]);
    c->obstacle_here = here;
    _world_mesh2d floor2 = { 0 }, ceiling2 = { 0 };
    bool ok = xs && zs && here;
    if (ok) {
        uint32_t nx = _world_breaks(lo[0], hi[0], NULL, 0, WORLD_FLOOR_CELL, xs, cap_x);
        uint32_t nz = _world_breaks(lo[1], hi[1], NULL, 0, WORLD_FLOOR_CELL, zs, cap_z);
        fine = calloc((size_t)(nx - 1) * (nz - 1), sizeof *fine);
        ok = fine != NULL;
        for (size_t i = 0; ok && i < w->obstacle_count; i++) {
            const world_box *o = &w->obstacles[i];
            if (!here[i])
                continue;
            float u[2], v[2];
            world_box_axes(o, u, v);
            float m = WORLD_CONTACT_REACH + 0.05f;
            float ex = fabsf(u[0]) * o->half[0] + fabsf(v[0]) * o->half[1] + m;
            float ez = fabsf(u[1]) * o->half[0] + fabsf(v[1]) * o->half[1] + m;
            for (uint32_t j = 0; j + 1 < nz; j++)
                for (uint32_t k = 0; k + 1 < nx; k++)
                    if (xs[k + 1] > o->center[0] - ex && xs[k] < o->center[0] + ex && zs[j + 1] > o->center[1] - ez &&
                        zs[j] < o->center[1] + ez)
                        fine[j * (nx - 1) + k] = true;
        }
        uint32_t split = (uint32_t)ceilf(WORLD_FLOOR_CELL / WORLD_FLOOR_FINE - 1e-3f);
        ok = ok && _world_floor_cut(c->pts, c->n, xs, nx, zs, nz, fine, split, &floor2);
        /* The ceiling's light changes slowly (no contact shadows up there):
         * a coarser grid, fewer triangles for a software rasteriser. */
        nx = _world_breaks(lo[0], hi[0], NULL, 0, WORLD_CEILING_CELL, xs, cap_x);
        nz = _world_breaks(lo[1], hi[1], NULL, 0, WORLD_CEILING_CELL, zs, cap_z);
        ok = ok && _world_floor_cut(c->pts, c->n, xs, nx, zs, nz, NULL, 1, &ceiling2);
    }
    free(xs);
    free(zs);
    free(fine);
    if (!ok) {
        free(here);
        _world_mesh2d_free(&floor2);
        _world_mesh2d_free(&ceiling2);
        return false;
    }

    float floor_rgb[3], ceiling_rgb[3];
    _world_linear(&room->floor, _world_floor_rgb, floor_rgb);
    _world_linear(&room->ceiling, _world_ceiling_rgb, ceiling_rgb);
    for (int pass = 0; pass < 2 && ok; pass++) {
        bool ceiling = pass == 1;
        const _world_mesh2d *m2 = ceiling ? &ceiling2 : &floor2;
        _world_mb mb = { 0 };
        const float up[3] = { 0, ceiling ? -1.0f : 1.0f, 0 };
        for (uint32_t i = 0; i < m2->n; i++) {
            float p[3] = { m2->p[i][0], ceiling ? c->H : 0.0f, m2->p[i][1] };
            float ao = ceiling ? _world_ao_ceiling(c, p) : _world_ao_floor(c, p);
            _world_mb_vertex(&mb, p, up, ceiling ? ceiling_rgb : floor_rgb, ao, 255);
        }
        for (uint32_t t = 0; t < m2->tn; t++)
            _world_mb_tri(&mb, m2->tri[3 * t], m2->tri[3 * t + 1], m2->tri[3 * t + 2]);
        ok = _world_emit(b, &mb, ceiling ? WORLD_MESH_CEILING : WORLD_MESH_FLOOR, c->room, false, lights,
                         light_count);
        _world_mb_free(&mb);
    }
    free(here);
    c->obstacle_here = NULL;
    _world_mesh2d_free(&floor2);
    _world_mesh2d_free(&ceiling2);
    return ok;
}

static uint32_t _world_filter(const float *in, uint32_t n, float lo, float hi, float *out)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (in[i] >= lo - 1e-5f && in[i] <= hi + 1e-5f)
            out[k++] = in[i] - lo;
    return k;
}

static void _world_walls_of_edge(_world_room_ctx *c, _world_mb *mb, const float rgb[3], const float base_rgb[3],
                                 const float floor_rgb[3])
{
    float dir[2], in[2];
    float len = _world_plan_edge(c->pts, c->n, c->wall, dir, in);
    const float *p = c->pts[c->wall];
    c->wall_origin[0] = p[0];
    c->wall_origin[1] = p[1];
    /* Breaks: door edges along the wall, door heights (and a row near the
     * floor and the ceiling for their darkening) up it. */
    uint32_t nd = 0;
    for (size_t d = 0; d < c->door_count; d++)
        nd += c->doors[d].wall == c->wall;
    float *ue = malloc((2 * nd + 1) * sizeof *ue), *ye = malloc((nd + 3) * sizeof *ye);
    uint32_t cap_u = (uint32_t)(len / WORLD_WALL_CELL) + 2 * nd + 8;
    uint32_t cap_y = (uint32_t)(c->H / WORLD_WALL_CELL) + nd + 10;
    float *us = malloc(cap_u * sizeof *us), *ys = malloc(cap_y * sizeof *ys);
    float *fu = malloc(cap_u * sizeof *fu), *fy = malloc(cap_y * sizeof *fy);
    if (!ue || !ye || !us || !ys || !fu || !fy) {
        mb->oom = true;
        goto done;
    }
    uint32_t nu_e = 0, ny_e = 0;
    ye[ny_e++] = 0.25f;
    ye[ny_e++] = c->H - 0.3f;
    for (size_t d = 0; d < c->door_count; d++) {
        const world_door *dr = &c->doors[d];
        if (dr->wall != c->wall)
            continue;
        ue[nu_e++] = hypotf(dr->a[0] - p[0], dr->a[1] - p[1]);
        ue[nu_e++] = hypotf(dr->b[0] - p[0], dr->b[1] - p[1]);
        ye[ny_e++] = dr->height;
    }
    uint32_t nu = _world_breaks(0, len, ue, nu_e, WORLD_WALL_CELL, us, cap_u);
    uint32_t ny = _world_breaks(0, c->H, ye, ny_e, WORLD_WALL_CELL, ys, cap_y);
    const float o[3] = { p[0], 0, p[1] };
    const float du[3] = { dir[0], 0, dir[1] }, up[3] = { 0, 1, 0 };
    const float n_in[3] = { in[0], 0, in[1] }, out3[3] = { -in[0], 0, -in[1] };
    _world_mb_grid(mb, o, du, up, us, nu, ys, ny, n_in, rgb, 255, _world_ao_wall, c, _world_skip_door, c);

    /* Reveals and baseboards, opening by opening. */
    float cursor = 0;
    for (size_t d = 0; d <= c->door_count; d++) {
        const world_door *dr = d < c->door_count ? &c->doors[d] : NULL;
        if (dr && dr->wall != c->wall)
            continue;
        float u0 = dr ? hypotf(dr->a[0] - p[0], dr->a[1] - p[1]) : len;
        float u1 = dr ? hypotf(dr->b[0] - p[0], dr->b[1] - p[1]) : len;
        if (u0 > cursor + 1e-4f) {
            /* Baseboard: a face standing out of the wall and its top. */
            uint32_t k = _world_filter(us, nu, cursor, u0, fu);
            float bo[3] = { p[0] + dir[0] * cursor + in[0] * WORLD_BASEBOARD_OUT, 0,
                            p[1] + dir[1] * cursor + in[1] * WORLD_BASEBOARD_OUT };
            float bv[2] = { 0, WORLD_BASEBOARD_H };
            if (k >= 2)
                _world_mb_grid(mb, bo, du, up, fu, k, bv, 2, n_in, base_rgb, 255, _world_ao_wall, c, NULL, NULL);
            float to[3] = { p[0] + dir[0] * cursor, WORLD_BASEBOARD_H, p[1] + dir[1] * cursor };
            float tv[2] = { 0, WORLD_BASEBOARD_OUT };
            if (k >= 2)
                _world_mb_grid(mb, to, du, n_in, fu, k, tv, 2, up, base_rgb, 255, NULL, NULL, NULL, NULL);
        }
        cursor = u1;
        if (!dr || dr->depth <= 1e-4f)
            continue;
        float dv[2] = { 0, dr->depth };
        uint32_t k = _world_filter(ys, ny, 0, dr->height, fy);
        /* Jambs face into the opening, the soffit down, the threshold up. */
        float ja[3] = { dr->a[0], 0, dr->a[1] }, jb[3] = { dr->b[0], 0, dr->b[1] };
        const float n_a[3] = { dir[0], 0, dir[1] }, n_b[3] = { -dir[0], 0, -dir[1] };
        if (k >= 2) {
            _world_mb_grid(mb, ja, out3, up, dv, 2, fy, k, n_a, rgb, 255, _world_ao_reveal, c, NULL, NULL);
            _world_mb_grid(mb, jb, out3, up, dv, 2, fy, k, n_b, rgb, 255, _world_ao_reveal, c, NULL, NULL);
        }
        uint32_t m = _world_filter(us, nu, u0, u1, fu);
        if (m >= 2)
            _world_mb_grid(mb, ja, du, out3, fu, m, dv, 2, up, floor_rgb, 255, _world_ao_reveal, c, NULL, NULL);
        if (dr->height < c->H - 1e-4f) {
            float so[3] = { dr->a[0], dr->height, dr->a[1] };
            const float down[3] = { 0, -1, 0 };
            if (m >= 2)
                _world_mb_grid(mb, so, du, out3, fu, m, dv, 2, down, rgb, 255, _world_ao_reveal, c, NULL, NULL);
        }
    }
done:
    free(ue);
    free(ye);
    free(us);
    free(ys);
    free(fu);
    free(fy);
}

bool _world_room_meshes(_world_build *b, uint32_t r, const _world_light *lights, size_t light_count)
{
    const exhibition_room *room = &b->ex->rooms[r];
    const world_room *wr = &b->w->rooms[r];
    _world_room_ctx c = {
        .b = b,
        .room = r,
        .pts = (const float(*)[2])room->floor_plan,
        .n = room->floor_plan_count,
        .H = room->wall_height,
        .doors = wr->doors,
        .door_count = wr->door_count,
    };
    if (!_world_floor_and_ceiling(&c, room, lights, light_count))
        return false;
    float wall_rgb[3], base_rgb[3], floor_rgb[3];
    _world_linear(&room->walls, _world_wall_rgb, wall_rgb);
    _world_linear(&room->floor, _world_floor_rgb, floor_rgb);
    for (int k = 0; k < 3; k++)
        base_rgb[k] = _world_srgb_to_linear(_world_baseboard_rgb[k]);
    _world_mb mb = { 0 };
    for (size_t i = 0; i < c.n; i++) {
        c.wall = i;
        _world_walls_of_edge(&c, &mb, wall_rgb, base_rgb, floor_rgb);
    }
    bool ok = _world_emit(b, &mb, WORLD_MESH_WALLS, r, false, lights, light_count);
    _world_mb_free(&mb);
    return ok;
}
