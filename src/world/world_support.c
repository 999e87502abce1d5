/* world_support: what artefacts stand on and in — plinths (with a soft
 * contact shadow under the scan on their top and a darker foot), vitrine
 * glass, and the magenta box that stands in for a missing scan. */
#include <math.h>
#include <stdlib.h>

#include "world/world_internal.h"

static const float _world_plinth_rgb[3] = { 0.93f, 0.90f, 0.85f };   /* warm off-white */
static const float _world_glass_rgb[3] = { 0.80f, 0.86f, 0.90f };    /* faint blue-grey */
static const float _world_missing_rgb[3] = { 0.91f, 0.23f, 0.82f };  /* magenta: "missing" */
#define WORLD_GLASS_ALPHA 40

typedef struct _world_top_ctx {
    const world_box *fp; /* what stands on the top */
    float reach, round;
} _world_top_ctx;

static float _world_ao_top(const void *ctx, const float p[3])
{
    const _world_top_ctx *c = ctx;
    return _world_ao_contact(_world_box_distance(c->fp, p[0], p[2], c->round), c->reach, 0.45f);
}

static float _world_ao_foot(const void *ctx, const float p[3])
{
    return _world_ao_contact(p[1] - *(const float *)ctx, 0.3f, 0.3f);
}

typedef struct _world_box_look {
    const float *rgb;
    uint8_t alpha;
    float step;
    const float *heights; /* extra breaks up the sides (from y0) */
    uint32_t height_count;
    _world_ao_fn side_ao, top_ao;
    const void *side_ctx, *top_ctx;
    const float *top_u, *top_v; /* extra breaks on the top (from its corner) */
    uint32_t top_u_count, top_v_count;
    float top_step;
} _world_box_look;

/* Four sides and the top of an upright box from Y0 to Y1. */
static void _world_upright_box(_world_mb *mb, const world_box *bx, float y0, float y1, const _world_box_look *look)
{
    float u[2], v[2];
    world_box_axes(bx, u, v);
    float h = y1 - y0;
    if (h <= 1e-5f)
        return;
    enum { CAP = 512 };
    float along[CAP], up_breaks[CAP];
    /* Steps grow on huge boxes so the break arrays always suffice. */
    float big = fmaxf(h, 2 * fmaxf(bx->half[0], bx->half[1]));
    float step = fmaxf(look->step, big / 200.0f);
    uint32_t ny = _world_breaks(0, h, look->heights, look->height_count, step, up_breaks, CAP);
    const float up[3] = { 0, 1, 0 };
    for (int side = 0; side < 4; side++) {
        /* Side normal s (half hs along it), running along t (half ht). */
        const float *s = side < 2 ? u : v, *t = side < 2 ? v : u;
        float sign = (side & 1) ? -1.0f : 1.0f;
        float hs = bx->half[side < 2 ? 0 : 1], ht = bx->half[side < 2 ? 1 : 0];
        float o[3] = { bx->center[0] + sign * s[0] * hs - t[0] * ht, y0, bx->center[1] + sign * s[1] * hs - t[1] * ht };
        float du[3] = { t[0], 0, t[1] }, n[3] = { sign * s[0], 0, sign * s[1] };
        uint32_t nu = _world_breaks(0, 2 * ht, NULL, 0, step, along, CAP);
        _world_mb_grid(mb, o, du, up, along, nu, up_breaks, ny, n, look->rgb, look->alpha, look->side_ao,
                       look->side_ctx, NULL, NULL);
    }
    float across[CAP];
    float top_step = fmaxf(look->top_step > 0 ? look->top_step : look->step, big / 200.0f);
    uint32_t nu = _world_breaks(0, 2 * bx->half[0], look->top_u, look->top_u_count, top_step, along, CAP);
    uint32_t nv = _world_breaks(0, 2 * bx->half[1], look->top_v, look->top_v_count, top_step, across, CAP);
    float o[3] = { bx->center[0] - u[0] * bx->half[0] - v[0] * bx->half[1], y1,
                   bx->center[1] - u[1] * bx->half[0] - v[1] * bx->half[1] };
    float du[3] = { u[0], 0, u[1] }, dv[3] = { v[0], 0, v[1] };
    _world_mb_grid(mb, o, du, dv, along, nu, across, nv, up, look->rgb, look->alpha, look->top_ao, look->top_ctx,
                   NULL, NULL);
}

bool _world_support_meshes(_world_build *b, uint32_t r, const _world_light *lights, size_t light_count)
{
    const world *w = b->w;
    float plinth[3], glass[3], missing[3];
    for (int k = 0; k < 3; k++) {
        plinth[k] = _world_srgb_to_linear(_world_plinth_rgb[k]);
        glass[k] = _world_srgb_to_linear(_world_glass_rgb[k]);
        missing[k] = _world_srgb_to_linear(_world_missing_rgb[k]);
    }
    _world_mb solid = { 0 }, clear = { 0 };
    for (size_t i = 0; i < b->ex->artefact_count; i++) {
        if (b->ex->artefacts[i].room_index != r)
            continue;
        const world_box *fp = &w->artefact_footprint[i];
        if (b->has_support[i]) {
            const world_box *sb = &b->support[i];
            /* Breaks on the top at the footprint's edges and across its
             * shadow, so the contact shadow has a shape. */
            float reach = fminf(fmaxf(0.06f + 0.25f * fminf(fp->half[0], fp->half[1]), 0.06f), 0.15f);
            float eu[6], ev[6];
            for (int k = 0; k < 3; k++) {
                float off[3] = { 0, 0.4f * reach, reach };
                eu[2 * k] = sb->half[0] - fp->half[0] - off[k];
                eu[2 * k + 1] = sb->half[0] + fp->half[0] + off[k];
                ev[2 * k] = sb->half[1] - fp->half[1] - off[k];
                ev[2 * k + 1] = sb->half[1] + fp->half[1] + off[k];
            }
            _world_top_ctx top = { fp, reach, w->artefact_placeholder[i] ? 0.0f : 0.5f };
            const float heights[3] = { 0.06f, 0.15f, 0.3f };
            _world_upright_box(&solid, sb, sb->y0, sb->y1,
                               &(_world_box_look){ .rgb = plinth, .alpha = 255, .step = 0.25f, .heights = heights,
                                                   .height_count = 3, .side_ao = _world_ao_foot,
                                                   .side_ctx = &sb->y0, .top_ao = _world_ao_top, .top_ctx = &top,
                                                   .top_u = eu, .top_v = ev, .top_u_count = 6, .top_v_count = 6,
                                                   .top_step = 0.1f });
            if (b->vitrine[i]) {
                world_box gb = *sb;
                gb.half[0] = fmaxf(sb->half[0] - WORLD_GLASS_INSET, 0.01f);
                gb.half[1] = fmaxf(sb->half[1] - WORLD_GLASS_INSET, 0.01f);
                _world_upright_box(&clear, &gb, sb->y1, b->glass_top[i],
                                   &(_world_box_look){ .rgb = glass, .alpha = WORLD_GLASS_ALPHA, .step = 0.5f });
            }
        }
        if (w->artefact_placeholder[i])
            _world_upright_box(&solid, fp, fp->y0, fp->y1,
                               &(_world_box_look){ .rgb = missing, .alpha = 255, .step = 0.2f });
    }
    bool ok = _world_emit(b, &solid, WORLD_MESH_SUPPORTS, r, false, lights, light_count) &&
              _world_emit(b, &clear, WORLD_MESH_GLASS, r, true, lights, light_count);
    _world_mb_free(&solid);
    _world_mb_free(&clear);
    return ok;
}
