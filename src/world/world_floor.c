/* world_floor: floor-plan polygons — orientation, point inside, ear
 * clipping — and the floor's triangle mesh: the plan's triangles cut by a
 * grid so baked light has vertices every few tens of centimetres.
 *
 * Why cut triangles by cells rather than cells by the plan: a triangle and a
 * grid cell are both convex, so each piece is a convex polygon, found
 * without the special cases of clipping by a concave outline. Every point
 * shared by two pieces is computed from the same inputs in the same order
 * (a grid corner, a plan corner, or a plan triangle's edge crossing a grid
 * line, always from its lower endpoint), so shared points are bit-identical
 * and weld exactly: no cracks. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "world/world_internal.h"

static float _world_area2(const float (*pts)[2], size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        const float *a = pts[i], *b = pts[(i + 1) % n];
        s += (double)a[0] * b[1] - (double)b[0] * a[1];
    }
    return (float)s;
}

float _world_plan_orientation(const float (*pts)[2], size_t n)
{
    return _world_area2(pts, n) >= 0 ? 1.0f : -1.0f;
}

float _world_plan_edge(const float (*pts)[2], size_t n, size_t i, float dir[2], float inward[2])
{
    const float *a = pts[i], *b = pts[(i + 1) % n];
    float dx = b[0] - a[0], dz = b[1] - a[1];
    float len = sqrtf(dx * dx + dz * dz);
    float inv = len > 0 ? 1.0f / len : 0.0f;
    dir[0] = dx * inv;
    dir[1] = dz * inv;
    /* With a positive x/z cross product (area) the inside lies to the
     * left of each edge, (-dz, dx). */
    float s = _world_plan_orientation(pts, n);
    inward[0] = -dir[1] * s;
    inward[1] = dir[0] * s;
    return len;
}

bool _world_point_in_polygon(const float (*pts)[2], size_t n, float x, float z)
{
    bool in = false;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const float *a = pts[i], *b = pts[j];
        if ((a[1] > z) != (b[1] > z)) {
            float cx = a[0] + (z - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            if (x < cx)
                in = !in;
        }
    }
    return in;
}

static float _world_cross(const float *a, const float *b, const float *c)
{
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* P inside or on triangle a b c (positive orientation), with a tolerance
 * of EPS metres from its edges. */
static bool _world_in_tri(const float *a, const float *b, const float *c, const float *p, float eps)
{
    const float *v[3] = { a, b, c };
    for (int k = 0; k < 3; k++) {
        const float *e0 = v[k], *e1 = v[(k + 1) % 3];
        float len = hypotf(e1[0] - e0[0], e1[1] - e0[1]);
        if (_world_cross(e0, e1, p) < -eps * len)
            return false;
    }
    return true;
}

size_t _world_ear_clip(const float (*pts)[2], size_t n, uint32_t *tris)
{
    if (n < 3)
        return 0;
    uint32_t *idx = malloc(n * sizeof *idx);
    if (!idx)
        return 0;
    bool ccw = _world_area2(pts, n) >= 0;
    for (size_t i = 0; i < n; i++)
        idx[i] = (uint32_t)(ccw ? i : n - 1 - i);
    size_t m = n, tn = 0;
    while (m > 3) {
        size_t ear = m;
        float best_convex = -INFINITY;
        size_t fallback = 0;
        for (size_t i = 0; i < m && ear == m; i++) {
            const float *a = pts[idx[(i + m - 1) % m]], *b = pts[idx[i]], *c = pts[idx[(i + 1) % m]];
            float cr = _world_cross(a, b, c);
            if (cr > best_convex) {
                best_convex = cr;
                fallback = i;
            }
            float scale = hypotf(c[0] - a[0], c[1] - a[1]) * hypotf(b[0] - a[0], b[1] - a[1]);
            if (fabsf(cr) <= 1e-7f * scale) {
                /* b lies on the line a-c: dropping it changes no area. */
                memmove(&idx[i], &idx[i + 1], (m - i - 1) * sizeof *idx);
                m--;
                ear = m + 1; /* restart the scan */
                break;
            }
            if (cr <= 0)
                continue;
            bool blocked = false;
            for (size_t j = 0; j < m && !blocked; j++) {
                if (j == i || j == (i + m - 1) % m || j == (i + 1) % m)
                    continue;
                const float *p = pts[idx[j]];
                if ((p[0] == a[0] && p[1] == a[1]) || (p[0] == c[0] && p[1] == c[1]))
                    continue;
                blocked = _world_in_tri(a, b, c, p, 1e-6f);
            }
            if (!blocked)
                ear = i;
        }
        if (ear == m + 1)
            continue;
        /* No clean ear: only a polygon the validator would have refused
         * (crossing itself) gets here; clip the most convex corner so the
         * loop ends. */
        if (ear == m)
            ear = fallback;
        tris[3 * tn] = idx[(ear + m - 1) % m];
        tris[3 * tn + 1] = idx[ear];
        tris[3 * tn + 2] = idx[(ear + 1) % m];
        tn++;
        memmove(&idx[ear], &idx[ear + 1], (m - ear - 1) * sizeof *idx);
        m--;
    }
    if (m == 3 && _world_cross(pts[idx[0]], pts[idx[1]], pts[idx[2]]) > 0) {
        tris[3 * tn] = idx[0];
        tris[3 * tn + 1] = idx[1];
        tris[3 * tn + 2] = idx[2];
        tn++;
    }
    free(idx);
    return tn;
}

/* ---- the cut mesh --------------------------------------------------------- */

typedef struct _world_weld {
    uint32_t *slot; /* vertex index + 1, 0 empty */
    uint32_t cap;   /* power of two */
} _world_weld;

static uint32_t _world_hash(const float p[2])
{
    uint32_t x, z;
    memcpy(&x, &p[0], 4);
    memcpy(&z, &p[1], 4);
    uint64_t h = ((uint64_t)x * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)z * 0xC2B2AE3D27D4EB4Full);
    return (uint32_t)(h ^ (h >> 29));
}

static bool _world_weld_grow(_world_weld *wd, const _world_mesh2d *m)
{
    uint32_t cap = wd->cap ? wd->cap * 2 : 1024;
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return false;
    for (uint32_t i = 0; i < m->n; i++) {
        uint32_t h = _world_hash(m->p[i]) & (cap - 1);
        while (slot[h])
            h = (h + 1) & (cap - 1);
        slot[h] = i + 1;
    }
    free(wd->slot);
    wd->slot = slot;
    wd->cap = cap;
    return true;
}

/* The index of point P, added when new; UINT32_MAX when memory ran out. */
static uint32_t _world_point(_world_mesh2d *m, _world_weld *wd, const float p[2])
{
    if ((m->n + 1) * 2 > wd->cap && !_world_weld_grow(wd, m))
        return UINT32_MAX;
    uint32_t h = _world_hash(p) & (wd->cap - 1);
    while (wd->slot[h]) {
        const float *q = m->p[wd->slot[h] - 1];
        if (q[0] == p[0] && q[1] == p[1])
            return wd->slot[h] - 1;
        h = (h + 1) & (wd->cap - 1);
    }
    if (m->n == m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 1024;
        float(*np)[2] = realloc(m->p, (size_t)cap * sizeof *np);
        if (!np)
            return UINT32_MAX;
        m->p = np;
        m->cap = cap;
    }
    m->p[m->n][0] = p[0];
    m->p[m->n][1] = p[1];
    wd->slot[h] = m->n + 1;
    return m->n++;
}

static bool _world_tri2(_world_mesh2d *m, uint32_t a, uint32_t b, uint32_t c)
{
    if (a == UINT32_MAX || b == UINT32_MAX || c == UINT32_MAX)
        return false;
    if (m->tn == m->tcap) {
        uint32_t cap = m->tcap ? m->tcap * 2 : 1024;
        uint32_t *t = realloc(m->tri, (size_t)cap * 3 * sizeof *t);
        if (!t)
            return false;
        m->tri = t;
        m->tcap = cap;
    }
    /* Positive x/z cross product, whatever the piece's order. */
    if (_world_cross(m->p[a], m->p[b], m->p[c]) < 0) {
        uint32_t s = b;
        b = c;
        c = s;
    }
    m->tri[3 * m->tn] = a;
    m->tri[3 * m->tn + 1] = b;
    m->tri[3 * m->tn + 2] = c;
    m->tn++;
    return true;
}

void _world_mesh2d_free(_world_mesh2d *m)
{
    free(m->p);
    free(m->tri);
    memset(m, 0, sizeof *m);
}

#define WORLD_PIECE_MAX 48

/* Adds P to the piece unless a point within 1e-6 m is already there (the
 * first one wins: plan corners, then grid points, then crossings). */
static void _world_piece_add(float (*piece)[2], int *count, float x, float z)
{
    for (int i = 0; i < *count; i++)
        if (fabsf(piece[i][0] - x) < 1e-6f && fabsf(piece[i][1] - z) < 1e-6f)
            return;
    if (*count < WORLD_PIECE_MAX) {
        piece[*count][0] = x;
        piece[*count][1] = z;
        (*count)++;
    }
}

/* Crossing of the segment P-Q with the line (axis k) = V, computed from the
 * lower endpoint so both triangles sharing the edge get the same bits. */
static bool _world_crossing(const float *p, const float *q, int k, float v, float out[2])
{
    if (q[k] < p[k] || (q[k] == p[k] && q[1 - k] < p[1 - k])) {
        const float *s = p;
        p = q;
        q = s;
    }
    if (!(p[k] < v && v < q[k]))
        return false;
    float t = (v - p[k]) / (q[k] - p[k]);
    out[k] = v;
    out[1 - k] = p[1 - k] + t * (q[1 - k] - p[1 - k]);
    return true;
}

/* The I-th of K even steps from A to B; the same bits wherever it is asked
 * for (a fine cell's corner, or the point its coarse neighbour adds). */
static float _world_split(float a, float b, uint32_t i, uint32_t k)
{
    return i == 0 ? a : i == k ? b : a + (b - a) * (float)i / (float)k;
}

/* The piece of triangle T inside the rectangle [x0, x1] x [z0, z1], whose
 * boundary also holds the points EXTRA (those of finer neighbours):
 * triangulated from its centre when it has more than three corners, so
 * every boundary point is a vertex on both sides (no T-junctions). */
static bool _world_cut_rect(_world_mesh2d *m, _world_weld *wd, const float *const tv[3], float x0, float x1,
                            float z0, float z1, const float (*extra)[2], int extra_count)
{
    const float corner[4][2] = { { x0, z0 }, { x1, z0 }, { x1, z1 }, { x0, z1 } };
    bool in[4];
    int inside = 0;
    for (int k = 0; k < 4; k++)
        inside += in[k] = _world_in_tri(tv[0], tv[1], tv[2], corner[k], 1e-6f);
    if (inside == 4 && extra_count == 0) {
        uint32_t q[4];
        for (int k = 0; k < 4; k++)
            q[k] = _world_point(m, wd, corner[k]);
        return _world_tri2(m, q[0], q[1], q[2]) && _world_tri2(m, q[0], q[2], q[3]);
    }
    float piece[WORLD_PIECE_MAX][2];
    int pn = 0;
    for (int k = 0; k < 3; k++)
        if (tv[k][0] >= x0 - 1e-7f && tv[k][0] <= x1 + 1e-7f && tv[k][1] >= z0 - 1e-7f && tv[k][1] <= z1 + 1e-7f)
            _world_piece_add(piece, &pn, tv[k][0], tv[k][1]);
    for (int k = 0; k < 4; k++)
        if (in[k])
            _world_piece_add(piece, &pn, corner[k][0], corner[k][1]);
    for (int k = 0; k < extra_count; k++)
        if (_world_in_tri(tv[0], tv[1], tv[2], extra[k], 1e-6f))
            _world_piece_add(piece, &pn, extra[k][0], extra[k][1]);
    const float lines[4] = { x0, x1, z0, z1 };
    for (int k = 0; k < 3; k++) {
        const float *p = tv[k], *q = tv[(k + 1) % 3];
        for (int l = 0; l < 4; l++) {
            int axis = l < 2 ? 0 : 1, other = 1 - axis;
            float x[2];
            if (!_world_crossing(p, q, axis, lines[l], x))
                continue;
            float olo = axis == 0 ? z0 : x0, ohi = axis == 0 ? z1 : x1;
            if (x[other] >= olo - 1e-7f && x[other] <= ohi + 1e-7f)
                _world_piece_add(piece, &pn, x[0], x[1]);
        }
    }
    if (pn < 3)
        return true;
    float cen[2] = { 0, 0 };
    for (int k = 0; k < pn; k++) {
        cen[0] += piece[k][0] / (float)pn;
        cen[1] += piece[k][1] / (float)pn;
    }
    /* Sort around the centre (a convex piece: insertion sort on angle). */
    float key[WORLD_PIECE_MAX];
    for (int k = 0; k < pn; k++)
        key[k] = atan2f(piece[k][1] - cen[1], piece[k][0] - cen[0]);
    for (int k = 1; k < pn; k++)
        for (int l = k; l > 0 && key[l] < key[l - 1]; l--) {
            float t0 = piece[l][0], t1 = piece[l][1], tk = key[l];
            piece[l][0] = piece[l - 1][0];
            piece[l][1] = piece[l - 1][1];
            key[l] = key[l - 1];
            piece[l - 1][0] = t0;
            piece[l - 1][1] = t1;
            key[l - 1] = tk;
        }
    float area = 0;
    for (int k = 0; k < pn; k++)
        area += _world_cross(cen, piece[k], piece[(k + 1) % pn]);
    if (area < 1e-9f)
        return true;
    uint32_t id[WORLD_PIECE_MAX];
    for (int k = 0; k < pn; k++)
        id[k] = _world_point(m, wd, piece[k]);
    if (pn == 3)
        return _world_tri2(m, id[0], id[1], id[2]);
    uint32_t mid = _world_point(m, wd, cen);
    for (int k = 0; k < pn; k++) {
        float sliver = _world_cross(cen, piece[k], piece[(k + 1) % pn]);
        if (sliver > 1e-12f && !_world_tri2(m, mid, id[k], id[(k + 1) % pn]))
            return false;
    }
    return true;
}

typedef struct _world_grid {
    const float *xs, *zs;
    size_t nx, nz;
    const bool *fine; /* per cell, (nx - 1) x (nz - 1), or NULL */
    uint32_t k;       /* a fine cell is split k x k */
} _world_grid;

static bool _world_is_fine(const _world_grid *g, size_t i, size_t j)
{
    return g->fine && i < g->nx - 1 && j < g->nz - 1 && g->fine[j * (g->nx - 1) + i];
}

static bool _world_cut_triangle(_world_mesh2d *m, _world_weld *wd, const float *const tv[3], const _world_grid *g)
{
    float lo[2] = { fminf(tv[0][0], fminf(tv[1][0], tv[2][0])), fminf(tv[0][1], fminf(tv[1][1], tv[2][1])) };
    float hi[2] = { fmaxf(tv[0][0], fmaxf(tv[1][0], tv[2][0])), fmaxf(tv[0][1], fmaxf(tv[1][1], tv[2][1])) };
    size_t i0 = 0, j0 = 0;
    while (i0 + 2 < g->nx && g->xs[i0 + 1] <= lo[0])
        i0++;
    while (j0 + 2 < g->nz && g->zs[j0 + 1] <= lo[1])
        j0++;
    uint32_t k = g->k;
    for (size_t j = j0; j + 1 < g->nz && g->zs[j] < hi[1]; j++)
        for (size_t i = i0; i + 1 < g->nx && g->xs[i] < hi[0]; i++) {
            float x0 = g->xs[i], x1 = g->xs[i + 1], z0 = g->zs[j], z1 = g->zs[j + 1];
            if (_world_is_fine(g, i, j)) {
                for (uint32_t b = 0; b < k; b++)
                    for (uint32_t a = 0; a < k; a++)
                        if (!_world_cut_rect(m, wd, tv, _world_split(x0, x1, a, k), _world_split(x0, x1, a + 1, k),
                                             _world_split(z0, z1, b, k), _world_split(z0, z1, b + 1, k), NULL, 0))
                            return false;
                continue;
            }
            /* A coarse cell takes the split points of fine neighbours on
             * the sides it shares with them. */
            float extra[4 * 16][2];
            int ne = 0;
            bool side_fine[4] = { i > 0 && _world_is_fine(g, i - 1, j), _world_is_fine(g, i + 1, j),
                                  j > 0 && _world_is_fine(g, i, j - 1), _world_is_fine(g, i, j + 1) };
            for (uint32_t a = 1; a < k && a < 16; a++) {
                float sx = _world_split(x0, x1, a, k), sz = _world_split(z0, z1, a, k);
                if (side_fine[0])
                    extra[ne][0] = x0, extra[ne++][1] = sz;
                if (side_fine[1])
                    extra[ne][0] = x1, extra[ne++][1] = sz;
                if (side_fine[2])
                    extra[ne][0] = sx, extra[ne++][1] = z0;
                if (side_fine[3])
                    extra[ne][0] = sx, extra[ne++][1] = z1;
            }
            if (!_world_cut_rect(m, wd, tv, x0, x1, z0, z1, (const float(*)[2])extra, ne))
                return false;
        }
    return true;
}

bool _world_floor_cut(const float (*pts)[2], size_t n, const float *xs, size_t nx, const float *zs, size_t nz,
                      const bool *fine, uint32_t k, _world_mesh2d *out)
{
    memset(out, 0, sizeof *out);
    assert(n >= 3 && nx >= 2 && nz >= 2 && k >= 1 && k <= 16);
    uint32_t *tris = malloc((n - 2) * 3 * sizeof *tris);
    if (!tris)
        return false;
    size_t tn = _world_ear_clip(pts, n, tris);
    _world_weld wd = { 0 };
    _world_grid g = { xs, zs, nx, nz, fine, k };
    bool ok = true;
    for (size_t t = 0; t < tn && ok; t++) {
        const float *const tv[3] = { pts[tris[3 * t]], pts[tris[3 * t + 1]], pts[tris[3 * t + 2]] };
        ok = _world_cut_triangle(out, &wd, tv, &g);
    }
    free(tris);
    free(wd.slot);
    if (!ok)
        _world_mesh2d_free(out);
    return ok;
}
