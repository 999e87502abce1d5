/* world_mesh: growing meshes while the world is built, flat vertex grids,
 * and packing a finished mesh (baked, quantised) into the world's arena. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "package/package.h"
#include "world/world_internal.h"

static bool _world_mb_reserve(_world_mb *m, uint32_t more_v, uint32_t more_i)
{
    if (m->oom)
        return false;
    if (m->vn + more_v > m->vcap) {
        uint32_t cap = m->vcap ? m->vcap : 256;
        while (cap < m->vn + more_v)
            cap *= 2;
        _world_vert *v = realloc(m->v, (size_t)cap * sizeof *v);
        if (!v)
            return m->oom = true, false;
        m->v = v;
        m->vcap = cap;
    }
    if (m->in + more_i > m->icap) {
        uint32_t cap = m->icap ? m->icap : 768;
        while (cap < m->in + more_i)
            cap *= 2;
        uint32_t *ix = realloc(m->ix, (size_t)cap * sizeof *ix);
        if (!ix)
            return m->oom = true, false;
        m->ix = ix;
        m->icap = cap;
    }
    return true;
}

uint32_t _world_mb_vertex(_world_mb *m, const float p[3], const float n[3], const float albedo[3], float ao,
                          uint8_t alpha)
{
    if (!_world_mb_reserve(m, 1, 0))
        return 0;
    _world_vert *v = &m->v[m->vn];
    memcpy(v->p, p, sizeof v->p);
    memcpy(v->n, n, sizeof v->n);
    memcpy(v->albedo, albedo, sizeof v->albedo);
    v->ao = ao;
    v->alpha = alpha;
    return m->vn++;
}

void _world_mb_tri(_world_mb *m, uint32_t a, uint32_t b, uint32_t c)
{
    if (!_world_mb_reserve(m, 0, 3))
        return;
    const float *pa = m->v[a].p, *pb = m->v[b].p, *pc = m->v[c].p;
    vec3 e1 = { pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2] };
    vec3 e2 = { pc[0] - pa[0], pc[1] - pa[1], pc[2] - pa[2] };
    vec3 face;
    glm_vec3_cross(e1, e2, face);
    bool flip = glm_vec3_dot(face, m->v[a].n) < 0;
    m->ix[m->in++] = a;
    m->ix[m->in++] = flip ? c : b;
    m->ix[m->in++] = flip ? b : c;
}

void _world_mb_free(_world_mb *m)
{
    free(m->v);
    free(m->ix);
    memset(m, 0, sizeof *m);
}

uint32_t _world_mb_grid(_world_mb *m, const float o[3], const float du[3], const float dv[3], const float *us,
                        uint32_t nu, const float *vs, uint32_t nv, const float n[3], const float albedo[3],
                        uint8_t alpha, _world_ao_fn ao, const void *ao_ctx, _world_skip_fn skip,
                        const void *skip_ctx)
{
    assert(nu >= 2 && nv >= 2);
    if (!_world_mb_reserve(m, nu * nv, (nu - 1) * (nv - 1) * 6))
        return 0;
    uint32_t first = m->vn;
    for (uint32_t j = 0; j < nv; j++)
        for (uint32_t i = 0; i < nu; i++) {
            float p[3];
            for (int k = 0; k < 3; k++)
                p[k] = o[k] + du[k] * us[i] + dv[k] * vs[j];
            _world_mb_vertex(m, p, n, albedo, ao ? ao(ao_ctx, p) : 1.0f, alpha);
        }
    for (uint32_t j = 0; j + 1 < nv; j++)
        for (uint32_t i = 0; i + 1 < nu; i++) {
            if (skip && skip(skip_ctx, 0.5f * (us[i] + us[i + 1]), 0.5f * (vs[j] + vs[j + 1])))
                continue;
            uint32_t a = first + j * nu + i, b = a + 1, c = a + nu, d = c + 1;
            _world_mb_tri(m, a, b, d);
            _world_mb_tri(m, a, d, c);
        }
    return first;
}

static int _world_cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

uint32_t _world_breaks(float a, float b, const float *extra, uint32_t extra_count, float step, float *out,
                       uint32_t cap)
{
    /* Fixed points first, then even subdivision between neighbours. */
    float fixed[64];
    uint32_t nf = 0;
    fixed[nf++] = a;
    for (uint32_t i = 0; i < extra_count && nf < 63; i++)
        if (extra[i] > a + 1e-4f && extra[i] < b - 1e-4f)
            fixed[nf++] = extra[i];
    fixed[nf++] = b;
    qsort(fixed, nf, sizeof *fixed, _world_cmp_float);
    uint32_t n = 0;
    for (uint32_t i = 0; i + 1 < nf; i++) {
        float lo = fixed[i], hi = fixed[i + 1];
        if (hi - lo < 1e-4f)
            continue;
        uint32_t parts = (uint32_t)ceilf((hi - lo) / step - 1e-4f);
        if (parts < 1)
            parts = 1;
        for (uint32_t k = 0; k < parts; k++) {
            assert(n + 1 < cap);
            out[n++] = lo + (hi - lo) * (float)k / (float)parts;
        }
    }
    assert(n < cap);
    out[n++] = b;
    return n;
}

/* Packs M: bounds, quantised positions, octahedral normals, baked sRGB
 * colours. */
bool _world_emit(_world_build *b, _world_mb *m, world_mesh_kind kind, uint32_t room, bool transparent,
                 const _world_light *lights, size_t light_count)
{
    if (m->oom)
        return false;
    if (m->in == 0 || m->vn == 0)
        return true;
    world *w = b->w;
    assert(w->mesh_count < b->mesh_cap);
    uint8_t *vtx = vt_arena_alloc_array(&w->arena, m->vn, WORLD_VERTEX_STRIDE);
    uint32_t *ix = vt_arena_alloc_array(&w->arena, m->in, sizeof *ix);
    if (!vtx || !ix)
        return false;
    world_mesh *out = &w->meshes[w->mesh_count];
    vt_aabb box = vt_aabb_empty();
    for (uint32_t i = 0; i < m->vn; i++)
        vt_aabb_add_point(&box, m->v[i].p);
    for (int k = 0; k < 3; k++) {
        out->bounds_min[k] = box.min[k];
        out->bounds_max[k] = box.max[k];
        out->pos_offset[k] = box.min[k];
        out->pos_scale[k] = box.max[k] - box.min[k];
    }
    for (uint32_t i = 0; i < m->vn; i++) {
        const _world_vert *v = &m->v[i];
        uint8_t *o = vtx + (size_t)i * WORLD_VERTEX_STRIDE;
        uint16_t q[4] = { 0, 0, 0, 0 };
        for (int k = 0; k < 3; k++) {
            float s = out->pos_scale[k];
            float t = s > 0 ? (v->p[k] - out->pos_offset[k]) / s : 0.0f;
            q[k] = (uint16_t)lrintf(fminf(fmaxf(t, 0.0f), 1.0f) * 65535.0f);
        }
        int16_t nn[2];
        pkg_oct_encode(v->n, nn);
        uint8_t rgba[4];
        _world_bake_vertex(v, lights, light_count, rgba);
        memcpy(o, q, 8);
        memcpy(o + 8, nn, 4);
        memcpy(o + 12, rgba, 4);
    }
    memcpy(ix, m->ix, (size_t)m->in * sizeof *ix);
    out->vertices = vtx;
    out->vertex_count = m->vn;
    out->indices = ix;
    out->index_count = m->in;
    out->transparent = transparent;
    out->kind = kind;
    out->room = room;
    w->mesh_count++;
    vt_aabb_merge(&w->bounds, &box);
    return true;
}
