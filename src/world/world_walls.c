/* world_walls: each floor-plan room's doorways (merged, with how deep their
 * reveals go and whether they lead anywhere) and its walls cut into the
 * rectangles that collision and rays use: full-height pieces between the
 * openings, lintels above them, jambs at their sides, and barriers across
 * doorways that lead nowhere. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "world/world_internal.h"

typedef struct _world_list {
    void *items;
    size_t count, cap, size;
} _world_list;

static void *_world_push(_world_list *l)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        void *items = realloc(l->items, cap * l->size);
        if (!items)
            return NULL;
        l->items = items;
        l->cap = cap;
    }
    void *it = (char *)l->items + l->count++ * l->size;
    memset(it, 0, l->size);
    return it;
}

static void *_world_to_arena(vt_arena *arena, const _world_list *l)
{
    void *out = vt_arena_alloc_array(arena, l->count ? l->count : 1, l->size);
    if (out && l->count)
        memcpy(out, l->items, l->count * l->size);
    return out;
}

typedef struct _world_gap {
    float u0, u1, h; /* metres along the wall; opening height */
    uint32_t to;     /* the exhibition's to_room */
} _world_gap;

static int _world_cmp_gap(const void *a, const void *b)
{
    const _world_gap *x = a, *y = b;
    return (x->u0 > y->u0) - (x->u0 < y->u0);
}

/* How far from M along OUT (x, z) the nearest other floor-plan room
 * begins: 0 when M is already inside one, INFINITY when none is ahead. */
static float _world_room_beyond(const exhibition *ex, uint32_t self, const float m[2], const float out[2])
{
    float best = INFINITY;
    for (size_t r = 0; r < ex->room_count; r++) {
        const exhibition_room *room = &ex->rooms[r];
        if (r == self || !room->floor_plan)
            continue;
        const float(*pts)[2] = (const float(*)[2])room->floor_plan;
        size_t n = room->floor_plan_count;
        if (_world_point_in_polygon(pts, n, m[0] + out[0] * 0.01f, m[1] + out[1] * 0.01f))
            return 0;
        for (size_t i = 0; i < n; i++) {
            const float *a = pts[i], *b = pts[(i + 1) % n];
            float ex_ = b[0] - a[0], ez = b[1] - a[1];
            float den = out[0] * ez - out[1] * ex_;
            if (fabsf(den) < 1e-9f)
                continue;
            float ax = a[0] - m[0], az = a[1] - m[1];
            float t = (ax * ez - az * ex_) / den;
            float s = (ax * out[1] - az * out[0]) / den;
            if (t > 1e-5f && s >= 0 && s <= 1)
                best = fminf(best, t);
        }
    }
    return best;
}

static bool _world_add_wall(_world_list *walls, const float a[2], const float b[2], float y0, float y1, uint32_t r)
{
    world_wall *w = _world_push(walls);
    if (!w)
        return false;
    memcpy(w->a, a, sizeof w->a);
    memcpy(w->b, b, sizeof w->b);
    w->y0 = y0;
    w->y1 = y1;
    w->room = r;
    return true;
}

static bool _world_room_walls(_world_build *bd, uint32_t r, _world_list *walls, _world_list *barriers)
{
    const exhibition *ex = bd->ex;
    const exhibition_room *room = &ex->rooms[r];
    world_room *wr = &bd->w->rooms[r];
    const float(*pts)[2] = (const float(*)[2])room->floor_plan;
    size_t n = room->floor_plan_count;
    float H = room->wall_height;
    _world_list doors = { .size = sizeof(world_door) };
    _world_gap *gaps = malloc((room->doorway_count ? room->doorway_count : 1) * sizeof *gaps);
    bool ok = gaps != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        float dir[2], in[2];
        float len = _world_plan_edge(pts, n, i, dir, in);
        float out[2] = { -in[0], -in[1] };
        size_t gn = 0;
        for (size_t d = 0; d < room->doorway_count; d++) {
            const exhibition_doorway *dw = &room->doorways[d];
            if (dw->wall != i)
                continue;
            float u0 = fmaxf(dw->center - 0.5f * dw->width, 0.0f), u1 = fminf(dw->center + 0.5f * dw->width, len);
            if (u1 - u0 < 1e-3f)
                continue;
            gaps[gn++] = (_world_gap){ u0, u1, fminf(dw->height > 0 ? dw->height : 2.4f, H), dw->to_room };
        }
        qsort(gaps, gn, sizeof *gaps, _world_cmp_gap);
        /* Overlapping openings merge into one (the first one's `to`). */
        size_t mn = 0;
        for (size_t g = 0; g < gn; g++) {
            if (mn > 0 && gaps[g].u0 <= gaps[mn - 1].u1 + 1e-4f) {
                gaps[mn - 1].u1 = fmaxf(gaps[mn - 1].u1, gaps[g].u1);
                gaps[mn - 1].h = fmaxf(gaps[mn - 1].h, gaps[g].h);
                continue;
            }
            gaps[mn++] = gaps[g];
        }
        const float *p = pts[i];
        float cursor = 0;
        for (size_t g = 0; ok && g < mn; g++) {
            float u0 = gaps[g].u0, u1 = gaps[g].u1, h = gaps[g].h;
            float a[2] = { p[0] + dir[0] * u0, p[1] + dir[1] * u0 };
            float b[2] = { p[0] + dir[0] * u1, p[1] + dir[1] * u1 };
            float m[2] = { 0.5f * (a[0] + b[0]), 0.5f * (a[1] + b[1]) };
            uint32_t to_room = gaps[g].to;
            float beyond = _world_room_beyond(ex, r, m, out);
            /* With a room close beyond, each side draws half the wall's
             * thickness, so the two halves of the reveal meet. */
            float depth = beyond <= WORLD_DOOR_REACH ? 0.5f * beyond : WORLD_REVEAL_DEPTH;
            bool to_model = to_room != EXHIBITION_NONE && to_room < ex->room_count && !ex->rooms[to_room].floor_plan;
            world_door *door = _world_push(&doors);
            ok = door != NULL;
            if (!ok)
                break;
            memcpy(door->a, a, sizeof a);
            memcpy(door->b, b, sizeof b);
            door->wall = (uint32_t)i;
            door->height = h;
            door->to_room = to_room == EXHIBITION_NONE ? WORLD_NONE : to_room;
            door->depth = depth;
            door->open = beyond <= WORLD_DOOR_REACH || to_model;

            if (u0 > cursor + 1e-4f) {
                float c[2] = { p[0] + dir[0] * cursor, p[1] + dir[1] * cursor };
                ok = ok && _world_add_wall(walls, c, a, 0, H, r);
            }
            if (h < H - 1e-4f)
                ok = ok && _world_add_wall(walls, a, b, h, H, r);
            if (depth > 1e-4f) {
                float a2[2] = { a[0] + out[0] * depth, a[1] + out[1] * depth };
                float b2[2] = { b[0] + out[0] * depth, b[1] + out[1] * depth };
                ok = ok && _world_add_wall(walls, a, a2, 0, h, r) && _world_add_wall(walls, b, b2, 0, h, r);
            }
            if (!door->open)
                ok = ok && _world_add_wall(barriers, a, b, 0, h, r);
            cursor = u1;
        }
        if (ok && len > cursor + 1e-4f) {
            float c[2] = { p[0] + dir[0] * cursor, p[1] + dir[1] * cursor };
            float e[2] = { p[0] + dir[0] * len, p[1] + dir[1] * len };
            if (cursor == 0) {
                /* The plan's own corners, so neighbouring walls meet exactly. */
                memcpy(c, p, sizeof c);
                memcpy(e, pts[(i + 1) % n], sizeof e);
            }
            ok = _world_add_wall(walls, c, e, 0, H, r);
        }
    }
    free(gaps);
    if (ok) {
        wr->doors = _world_to_arena(&bd->w->arena, &doors);
        wr->door_count = doors.count;
        ok = wr->doors != NULL;
    }
    free(doors.items);
    return ok;
}

bool _world_walls(_world_build *b)
{
    const exhibition *ex = b->ex;
    world *w = b->w;
    _world_list walls = { .size = sizeof(world_wall) }, barriers = { .size = sizeof(world_wall) };
    bool ok = true;
    for (uint32_t r = 0; ok && r < ex->room_count; r++) {
        const exhibition_room *room = &ex->rooms[r];
        world_room *wr = &w->rooms[r];
        wr->wall_height = room->wall_height;
        if (!room->floor_plan)
            continue;
        wr->has_floor_plan = true;
        wr->outline = vt_arena_alloc_array(&w->arena, room->floor_plan_count, sizeof *wr->outline);
        ok = wr->outline != NULL;
        if (!ok)
            break;
        memcpy(wr->outline, room->floor_plan, room->floor_plan_count * sizeof *wr->outline);
        wr->outline_count = room->floor_plan_count;
        ok = _world_room_walls(b, r, &walls, &barriers);
    }
    if (ok) {
        w->walls = _world_to_arena(&w->arena, &walls);
        w->wall_count = walls.count;
        w->barriers = _world_to_arena(&w->arena, &barriers);
        w->barrier_count = barriers.count;
        ok = w->walls && w->barriers;
    }
    free(walls.items);
    free(barriers.items);
    return ok;
}
