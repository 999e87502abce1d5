/* world_light: the lights of a room (its own or soft defaults), the baked
 * colour of a vertex, and the distance helpers the occlusion terms use.
 *
 * The numbers aim at a calm, evenly lit museum room: an ambient floor of
 * 0.35 so no corner goes black, lights that fall off as 1 / (1 + (d/2.5)^2)
 * (a lamp 3 m up lights the floor below at about 0.6 of its strength, never
 * more than 1 up close), and an exposure curve 1 - exp(-1.6 E) that rolls
 * bright spots off toward the material colour instead of clipping. */
#include <math.h>
#include <stdlib.h>

#include "world/world_internal.h"

#define WORLD_AMBIENT 0.35f
#define WORLD_LIGHT_GAIN 1.5f
#define WORLD_FALLOFF_M 2.5f
#define WORLD_EXPOSURE 1.6f
#define WORLD_WRAP 0.25f           /* wrapped Lambert: grazing light still counts a little */
#define WORLD_SPOT_OUTER 0.57358f  /* cos 55° */
#define WORLD_SPOT_INNER 0.90631f  /* cos 25° */
#define WORLD_SPOT_SPILL 0.25f
#define WORLD_DEFAULT_SPACING 4.0f

float _world_srgb_to_linear(float c)
{
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static uint8_t _world_linear_to_srgb8(float c)
{
    if (!(c > 0))
        return 0;
    if (c >= 1)
        return 255;
    float s = c <= 0.0031308f ? c * 12.92f : 1.055f * powf(c, 1.0f / 2.4f) - 0.055f;
    return (uint8_t)lrintf(s * 255.0f);
}

static void _world_light_set(_world_light *l, const float pos[3], const float rgb[3], float intensity)
{
    for (int k = 0; k < 3; k++) {
        l->pos[k] = pos[k];
        l->color[k] = _world_srgb_to_linear(rgb[k]) * intensity;
    }
    l->spot = false;
}

_world_light *_world_room_lights(const exhibition *ex, uint32_t r, size_t *count)
{
    const exhibition_room *room = &ex->rooms[r];
    *count = 0;
    if (room->light_count > 0) {
        _world_light *out = calloc(room->light_count, sizeof *out);
        if (!out)
            return NULL;
        for (size_t i = 0; i < room->light_count; i++) {
            const exhibition_light *in = &room->lights[i];
            _world_light_set(&out[i], in->position, in->color, in->intensity);
            if (in->has_spot) {
                vec3 axis = { in->spot_at[0] - in->position[0], in->spot_at[1] - in->position[1],
                              in->spot_at[2] - in->position[2] };
                float len = glm_vec3_norm(axis);
                if (len > 1e-4f) {
                    out[i].spot = true;
                    glm_vec3_scale(axis, 1.0f / len, out[i].axis);
                }
            }
        }
        *count = room->light_count;
        return out;
    }
    static const float warm[3] = { 1.0f, 0.97f, 0.92f };
    if (!room->floor_plan) {
        /* A model room: a lamp above each of its artefacts, for their plinths. */
        size_t n = 0;
        for (size_t i = 0; i < ex->artefact_count; i++)
            n += ex->artefacts[i].room_index == r;
        _world_light *out = calloc(n ? n : 1, sizeof *out);
        if (!out)
            return NULL;
        for (size_t i = 0, k = 0; i < ex->artefact_count; i++) {
            const exhibition_artefact *a = &ex->artefacts[i];
            if (a->room_index != r)
                continue;
            float pos[3] = { a->position[0], a->position[1] + a->support_height + 2.2f, a->position[2] + 0.6f };
            _world_light_set(&out[k++], pos, warm, 1.0f);
        }
        *count = n;
        return out;
    }
    /* A floor-plan room: lamps about 4 m apart under the ceiling, those
     * inside the plan; if none falls inside (a thin or odd-shaped room),
     * one over the middle of its largest triangle. */
    float lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
    for (size_t i = 0; i < room->floor_plan_count; i++)
        for (int k = 0; k < 2; k++) {
            lo[k] = fminf(lo[k], room->floor_plan[i][k]);
            hi[k] = fmaxf(hi[k], room->floor_plan[i][k]);
        }
    int nx = (int)fmaxf(1.0f, roundf((hi[0] - lo[0]) / WORLD_DEFAULT_SPACING));
    int nz = (int)fmaxf(1.0f, roundf((hi[1] - lo[1]) / WORLD_DEFAULT_SPACING));
    if (nx > 16)
        nx = 16;
    if (nz > 16)
        nz = 16;
    _world_light *out = calloc((size_t)(nx * nz + 1), sizeof *out);
    if (!out)
        return NULL;
    float y = fmaxf(room->wall_height - 0.4f, room->wall_height * 0.8f);
    size_t n = 0;
    for (int j = 0; j < nz; j++)
        for (int i = 0; i < nx; i++) {
            float x = lo[0] + (hi[0] - lo[0]) * ((float)i + 0.5f) / (float)nx;
            float z = lo[1] + (hi[1] - lo[1]) * ((float)j + 0.5f) / (float)nz;
            if (_world_point_in_polygon((const float(*)[2])room->floor_plan, room->floor_plan_count, x, z))
                _world_light_set(&out[n++], (float[3]){ x, y, z }, warm, 1.0f);
        }
    if (n == 0) {
        size_t pn = room->floor_plan_count;
        uint32_t *tris = malloc((pn - 2) * 3 * sizeof *tris);
        float best = -1, at[2] = { 0.5f * (lo[0] + hi[0]), 0.5f * (lo[1] + hi[1]) };
        size_t tn = tris ? _world_ear_clip((const float(*)[2])room->floor_plan, pn, tris) : 0;
        for (size_t t = 0; t < tn; t++) {
            const float *a = room->floor_plan[tris[3 * t]], *b = room->floor_plan[tris[3 * t + 1]],
                        *c = room->floor_plan[tris[3 * t + 2]];
            float area = fabsf((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
            if (area > best) {
                best = area;
                at[0] = (a[0] + b[0] + c[0]) / 3.0f;
                at[1] = (a[1] + b[1] + c[1]) / 3.0f;
            }
        }
        free(tris);
        _world_light_set(&out[n++], (float[3]){ at[0], y, at[1] }, warm, 1.0f);
    }
    *count = n;
    return out;
}

static float _world_smoothstep(float e0, float e1, float x)
{
    float t = fminf(fmaxf((x - e0) / (e1 - e0), 0.0f), 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

void _world_bake_vertex(const _world_vert *v, const _world_light *lights, size_t light_count, uint8_t out[4])
{
    float e[3] = { WORLD_AMBIENT, WORLD_AMBIENT, WORLD_AMBIENT };
    for (size_t i = 0; i < light_count; i++) {
        const _world_light *l = &lights[i];
        vec3 d = { l->pos[0] - v->p[0], l->pos[1] - v->p[1], l->pos[2] - v->p[2] };
        float dist = glm_vec3_norm(d);
        if (dist < 1e-4f)
            continue;
        glm_vec3_scale(d, 1.0f / dist, d);
        float lambert = (glm_vec3_dot((float *)v->n, d) + WORLD_WRAP) / (1.0f + WORLD_WRAP);
        if (lambert <= 0)
            continue;
        float falloff = WORLD_LIGHT_GAIN / (1.0f + (dist / WORLD_FALLOFF_M) * (dist / WORLD_FALLOFF_M));
        float cone = 1.0f;
        if (l->spot) {
            float c = -glm_vec3_dot(d, (float *)l->axis);
            cone = WORLD_SPOT_SPILL + (1.0f - WORLD_SPOT_SPILL) * _world_smoothstep(WORLD_SPOT_OUTER,
                                                                                   WORLD_SPOT_INNER, c);
        }
        for (int k = 0; k < 3; k++)
            e[k] += l->color[k] * lambert * falloff * cone;
    }
    for (int k = 0; k < 3; k++) {
        float lit = 1.0f - expf(-WORLD_EXPOSURE * e[k]);
        out[k] = _world_linear_to_srgb8(v->albedo[k] * lit * v->ao);
    }
    out[3] = v->alpha;
}

float _world_ao_contact(float d, float reach, float strength)
{
    if (d >= reach)
        return 1.0f;
    float t = 1.0f - fmaxf(d, 0.0f) / reach;
    return 1.0f - strength * t * t;
}

/* Distance from (x, z) to the box seen from above, 0 inside; ROUND (0..1)
 * rounds its corners by that fraction of the shorter half side, for scans,
 * whose boxes hold rounder things. */
float _world_box_distance(const world_box *b, float x, float z, float round)
{
    float u[2], v[2];
    world_box_axes(b, u, v);
    float dx = x - b->center[0], dz = z - b->center[1];
    float lu = fabsf(dx * u[0] + dz * u[1]), lv = fabsf(dx * v[0] + dz * v[1]);
    float r = round * fminf(b->half[0], b->half[1]);
    float qu = lu - (b->half[0] - r), qv = lv - (b->half[1] - r);
    float outside = sqrtf(fmaxf(qu, 0.0f) * fmaxf(qu, 0.0f) + fmaxf(qv, 0.0f) * fmaxf(qv, 0.0f));
    return fmaxf(outside - r, 0.0f);
}

float _world_segment_distance(const float a[2], const float b[2], float x, float z, float *overshoot)
{
    float dx = b[0] - a[0], dz = b[1] - a[1];
    float len2 = dx * dx + dz * dz;
    float t = len2 > 0 ? ((x - a[0]) * dx + (z - a[1]) * dz) / len2 : 0.0f;
    float len = sqrtf(len2);
    if (overshoot)
        *overshoot = t < 0 ? -t * len : t > 1 ? (t - 1) * len : 0.0f;
    t = fminf(fmaxf(t, 0.0f), 1.0f);
    float px = a[0] + t * dx - x, pz = a[1] + t * dz - z;
    return sqrtf(px * px + pz * pz);
}
