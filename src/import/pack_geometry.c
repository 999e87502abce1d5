/* One mesh -> quantised vertices and a chain of optimised levels of detail. */
#include "pack_geometry.h"

#include <math.h>
#include <meshoptimizer.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "package/package.h"

/* Full vertex before it is written with only the attributes present. Kept
 * whole for welding: two vertices are the same only if all of this is. */
typedef struct _pack_vertex {
    uint16_t pos[4];
    int16_t nrm[2];
    uint16_t uv[2];
    uint8_t color[4];
} _pack_vertex;

/* Triangles per culling chunk: big enough that a draw call is worth it,
 * small enough that a close view culls most of a large scan. */
#define PACK_CHUNK_TRIS 32768u
/* Simplification stops below this many triangles ("a few thousand"). */
#define PACK_MIN_LOD_TRIS 4000u

static uint16_t _quant16(float v, float offset, float scale)
{
    float t = scale > 0 ? (v - offset) / scale : 0.0f;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return (uint16_t)lrintf(t * 65535.0f);
}

static void _range(const float *v, size_t count, int comps, int comp, float *lo, float *span)
{
    float mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        float x = v[i * (size_t)comps + (size_t)comp];
        mn = fminf(mn, x);
        mx = fmaxf(mx, x);
    }
    if (!(mn <= mx)) {
        mn = 0;
        mx = 0;
    }
    *lo = mn;
    /* A flat axis still needs a non-zero step to dequantise. */
    *span = mx - mn > 1e-9f ? mx - mn : 1e-9f;
}

/* Writes vertex V with the attributes FLAGS asks for; returns bytes written. */
static size_t _pack_write_vertex(uint8_t *dst, const _pack_vertex *v, uint32_t flags)
{
    size_t n = 0;
    memcpy(dst + n, v->pos, 8);
    n += 8;
    memcpy(dst + n, v->nrm, 4);
    n += 4;
    if (flags & VT_VTX_UV) {
        memcpy(dst + n, v->uv, 4);
        n += 4;
    }
    if (flags & VT_VTX_COLOR) {
        memcpy(dst + n, v->color, 4);
        n += 4;
    }
    return n;
}

/* Reorders one level for the GPU and gives it its own vertices:
 * spatial sort into chunks, vertex cache + overdraw within each chunk,
 * vertex fetch order for the whole level. */
static bool _pack_finish_lod(const _pack_vertex *verts, const float *fpos, size_t nv, const uint32_t *indices,
                             size_t count, uint32_t flags, uint32_t stride, pack_lod_out *out, vt_arena *arena)
{
    uint32_t *ix = malloc(count * sizeof *ix);
    uint32_t *remap = malloc(nv * sizeof *remap);
    if (!ix || !remap) {
        free(ix);
        free(remap);
        return false;
    }
    meshopt_spatialSortTriangles(ix, indices, count, fpos, nv, 12);
    size_t tris = count / 3;
    uint32_t chunks = (uint32_t)((tris + PACK_CHUNK_TRIS - 1) / PACK_CHUNK_TRIS);
    out->chunks = vt_arena_alloc_array(arena, chunks, sizeof *out->chunks);
    if (!out->chunks) {
        free(ix);
        free(remap);
        return false;
    }
    /* Chunks are optimised on their own vertices, renumbered locally:
     * meshoptimizer's work per call grows with the vertex count it is
     * given, and a chunk uses a sliver of a big level's vertices. */
    size_t max_n = (size_t)PACK_CHUNK_TRIS * 3 < count ? (size_t)PACK_CHUNK_TRIS * 3 : count;
    uint32_t *lix = malloc(max_n * sizeof *lix), *globals = malloc(max_n * sizeof *globals);
    float *lpos = malloc(max_n * 3 * sizeof *lpos);
    if (!lix || !globals || !lpos) {
        free(lix);
        free(globals);
        free(lpos);
        free(ix);
        free(remap);
        return false;
    }
    memset(remap, 0xff, nv * sizeof *remap); /* remap doubles as global -> local */
    for (uint32_t c = 0; c < chunks; c++) {
        size_t first = (size_t)c * PACK_CHUNK_TRIS * 3;
        size_t n = (tris - (size_t)c * PACK_CHUNK_TRIS < PACK_CHUNK_TRIS ? tris - (size_t)c * PACK_CHUNK_TRIS
                                                                         : PACK_CHUNK_TRIS) *
                   3;
        uint32_t local_n = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t g = ix[first + i];
            if (remap[g] == ~0u) {
                remap[g] = local_n;
                globals[local_n] = g;
                memcpy(lpos + 3 * (size_t)local_n, fpos + 3 * (size_t)g, 3 * sizeof *lpos);
                local_n++;
            }
            lix[i] = remap[g];
        }
        meshopt_optimizeVertexCache(lix, lix, n, local_n);
        meshopt_optimizeOverdraw(lix, lix, n, lpos, local_n, 12, 1.05f);
        for (size_t i = 0; i < n; i++)
            ix[first + i] = globals[lix[i]];
        for (uint32_t v = 0; v < local_n; v++)
            remap[globals[v]] = ~0u;
        vt_pkg_chunk *ch = &out->chunks[c];
        ch->first_index = (uint32_t)first;
        ch->index_count = (uint32_t)n;
        for (int k = 0; k < 3; k++) {
            ch->bounds_min[k] = INFINITY;
            ch->bounds_max[k] = -INFINITY;
        }
        for (size_t i = first; i < first + n; i++)
            for (int k = 0; k < 3; k++) {
                float p = fpos[3 * (size_t)ix[i] + (size_t)k];
                ch->bounds_min[k] = fminf(ch->bounds_min[k], p);
                ch->bounds_max[k] = fmaxf(ch->bounds_max[k], p);
            }
    }
    out->chunk_count = chunks;
    free(lix);
    free(globals);
    free(lpos);

    size_t used = meshopt_optimizeVertexFetchRemap(remap, ix, count, nv);
    out->vertex_count = (uint32_t)used;
    out->vertex_bytes = used * stride;
    out->vertices = vt_arena_alloc(arena, out->vertex_bytes);
    out->index_count = (uint32_t)count;
    out->index_size = used <= 65536 ? 2u : 4u;
    out->index_bytes = count * out->index_size;
    out->indices = vt_arena_alloc(arena, out->index_bytes);
    if (!out->vertices || !out->indices) {
        free(ix);
        free(remap);
        return false;
    }
    for (size_t v = 0; v < nv; v++)
        if (remap[v] != ~0u)
            _pack_write_vertex(out->vertices + (size_t)remap[v] * stride, &verts[v], flags);
    if (out->index_size == 2) {
        uint16_t *dst = out->indices;
        for (size_t i = 0; i < count; i++)
            dst[i] = (uint16_t)remap[ix[i]];
    } else {
        uint32_t *dst = out->indices;
        for (size_t i = 0; i < count; i++)
            dst[i] = remap[ix[i]];
    }
    free(ix);
    free(remap);
    return true;
}

/* Simplification is the costliest step. A big level is cut into spatial
 * pieces (by a spatial sort) that are compacted and simplified on parallel
 * threads, their cut edges locked so the pieces still meet without cracks;
 * the next level, cut elsewhere, simplifies those edges in turn. The number
 * of pieces depends on the level alone, never on the job count, so the
 * bytes do not depend on the machine. */
#define PACK_PIECE_TRIS 1000000u
#define PACK_MAX_PIECES 8

typedef struct _pack_piece {
    uint32_t *indices; /* compacted to the piece's own vertices */
    size_t count, got;
    _pack_vertex *qv;
    float *fpos;
    size_t nv;
    uint32_t *out;
    float error;
    bool ok;
} _pack_piece;

typedef struct _pack_pieces {
    _pack_piece *piece;
    size_t count;
    atomic_size_t next; /* the next piece to take */
} _pack_pieces;

/* A worker takes pieces until none is left: the threads stay busy however
 * uneven the pieces are. */
static void *_pack_pieces_run(void *arg)
{
    _pack_pieces *all = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&all->next, 1);
        if (i >= all->count)
            return NULL;
        _pack_piece *p = &all->piece[i];
        p->got = meshopt_simplify(p->out, p->indices, p->count, p->fpos, p->nv, 12, (p->count / 4) / 3 * 3, 1.0f,
                                  meshopt_SimplifyLockBorder, &p->error);
    }
}

static bool _pack_compact(uint32_t *indices, size_t count, const _pack_vertex *qv, const float *fpos, size_t nv,
                          _pack_vertex **qv_out, float **fpos_out, size_t *nv_out);

/* Simplifies level L (COUNT indices over QV/FPOS/NV) toward a quarter into
 * DST, in the level's own vertex numbering. Returns the new count. */
static size_t _pack_simplify(uint32_t *dst, const uint32_t *indices, size_t count, const _pack_vertex *qv,
                             const float *fpos, size_t nv, int jobs, float *error)
{
    size_t tris = count / 3;
    size_t pieces = (tris + PACK_PIECE_TRIS - 1) / PACK_PIECE_TRIS;
    if (pieces > PACK_MAX_PIECES)
        pieces = PACK_MAX_PIECES;
    if (pieces < 2) {
        return meshopt_simplify(dst, indices, count, fpos, nv, 12, (count / 4) / 3 * 3, 1.0f, 0, error);
    }
    uint32_t *sorted = malloc(count * sizeof *sorted);
    _pack_piece piece[PACK_MAX_PIECES];
    memset(piece, 0, sizeof piece);
    size_t result = 0;
    bool ok = sorted != NULL;
    if (ok)
        meshopt_spatialSortTriangles(sorted, indices, count, fpos, nv, 12);
    size_t at = 0;
    for (size_t p = 0; ok && p < pieces; p++) {
        size_t n = (tris * (p + 1) / pieces) * 3 - at;
        piece[p].indices = malloc(n * sizeof(uint32_t));
        piece[p].out = malloc(n * sizeof(uint32_t));
        ok = piece[p].indices && piece[p].out;
        if (ok) {
            memcpy(piece[p].indices, sorted + at, n * sizeof(uint32_t));
            piece[p].count = n;
            ok = _pack_compact(piece[p].indices, n, qv, fpos, nv, &piece[p].qv, &piece[p].fpos, &piece[p].nv);
        }
        at += n;
    }
    if (ok) {
        /* JOBS workers, this thread one of them. */
        _pack_pieces all = { .piece = piece, .count = pieces };
        atomic_init(&all.next, 0);
        pthread_t thread[PACK_MAX_PIECES];
        bool started[PACK_MAX_PIECES] = { false };
        for (size_t t = 1; t < pieces && (int)t < jobs; t++)
            started[t] = pthread_create(&thread[t], NULL, _pack_pieces_run, &all) == 0;
        _pack_pieces_run(&all);
        for (size_t t = 1; t < pieces; t++)
            if (started[t])
                pthread_join(thread[t], NULL);
        /* Back to the level's numbering: piece vertex -> level vertex, found
         * by the same first-use order _pack_compact used. */
        *error = 0;
        at = 0;
        for (size_t p = 0; p < pieces; p++) {
            const uint32_t *orig = sorted + at;
            size_t n = piece[p].count;
            uint32_t *back = malloc((piece[p].nv ? piece[p].nv : 1) * sizeof *back);
            if (!back) {
                ok = false;
                break;
            }
            for (size_t i = 0; i < n; i++)
                back[piece[p].indices[i]] = orig[i];
            for (size_t i = 0; i < piece[p].got; i++)
                dst[result + i] = back[piece[p].out[i]];
            free(back);
            result += piece[p].got;
            *error = fmaxf(*error, piece[p].error);
            at += n;
        }
    }
    for (size_t p = 0; p < pieces; p++) {
        free(piece[p].indices);
        free(piece[p].out);
        free(piece[p].qv);
        free(piece[p].fpos);
    }
    free(sorted);
    return ok ? result : 0;
}

/* Finishing a level (sorting, cache and overdraw order, its own vertices)
 * needs only that level's indices, so it runs on a second thread while the
 * next level is simplified. */
typedef struct _pack_finish_job {
    const _pack_vertex *verts;
    const float *fpos;
    size_t nv;
    const uint32_t *indices;
    size_t count;
    uint32_t flags, stride;
    pack_lod_out *out;
    vt_arena *arena; /* used by this job only while it runs */
    bool ok;
} _pack_finish_job;

static void *_pack_finish_run(void *arg)
{
    _pack_finish_job *j = arg;
    j->ok = _pack_finish_lod(j->verts, j->fpos, j->nv, j->indices, j->count, j->flags, j->stride, j->out, j->arena);
    return NULL;
}

/* A simplified level uses a fraction of its parent's vertices; its own
 * compact copy (first use order, so deterministic) keeps the next
 * simplification and finishing from paying for the parent's vertex count.
 * Remaps INDICES in place. */
static bool _pack_compact(uint32_t *indices, size_t count, const _pack_vertex *qv, const float *fpos, size_t nv,
                          _pack_vertex **qv_out, float **fpos_out, size_t *nv_out)
{
    uint32_t *map = malloc(nv * sizeof *map);
    if (!map)
        return false;
    memset(map, 0xff, nv * sizeof *map);
    size_t k = 0;
    for (size_t i = 0; i < count; i++)
        if (map[indices[i]] == ~0u)
            map[indices[i]] = (uint32_t)k++;
    _pack_vertex *q = malloc((k ? k : 1) * sizeof *q);
    float *f = malloc((k ? k : 1) * 3 * sizeof *f);
    if (!q || !f) {
        free(map);
        free(q);
        free(f);
        return false;
    }
    for (size_t v = 0; v < nv; v++)
        if (map[v] != ~0u) {
            q[map[v]] = qv[v];
            memcpy(f + 3 * (size_t)map[v], fpos + 3 * v, 3 * sizeof *f);
        }
    for (size_t i = 0; i < count; i++)
        indices[i] = map[indices[i]];
    free(map);
    *qv_out = q;
    *fpos_out = f;
    *nv_out = k;
    return true;
}

bool pack_mesh(const scene_mesh *in, uint32_t material, int jobs, pack_mesh_out *out, vt_arena *arena)
{
    memset(out, 0, sizeof *out);
    vt_pkg_mesh *d = &out->desc;
    size_t nv = in->vertex_count, ni = in->index_count;
    d->material = material;
    d->vertex_flags = (in->uvs ? VT_VTX_UV : 0u) | (in->colors ? VT_VTX_COLOR : 0u);
    d->vertex_stride = vt_pkg_vertex_stride(d->vertex_flags);
    for (int k = 0; k < 3; k++)
        _range(in->positions, nv, 3, k, &d->pos_offset[k], &d->pos_scale[k]);
    d->uv_scale[0] = d->uv_scale[1] = 1.0f;
    if (in->uvs)
        for (int k = 0; k < 2; k++)
            _range(in->uvs, nv, 2, k, &d->uv_offset[k], &d->uv_scale[k]);

    _pack_vertex *qv = calloc(nv, sizeof *qv);
    uint32_t *remap = malloc(nv * sizeof *remap);
    uint32_t *idx = malloc(ni * sizeof *idx);
    float *fpos = NULL;
    bool ok = false;
    if (!qv || !remap || !idx)
        goto done;
    for (size_t i = 0; i < nv; i++) {
        _pack_vertex *v = &qv[i];
        for (int k = 0; k < 3; k++)
            v->pos[k] = _quant16(in->positions[3 * i + (size_t)k], d->pos_offset[k], d->pos_scale[k]);
        pkg_oct_encode(in->normals + 3 * i, v->nrm);
        if (in->uvs)
            for (int k = 0; k < 2; k++)
                v->uv[k] = _quant16(in->uvs[2 * i + (size_t)k], d->uv_offset[k], d->uv_scale[k]);
        if (in->colors)
            memcpy(v->color, in->colors + 4 * i, 4);
    }
    /* Weld after quantising: vertices that became equal are one vertex. */
    size_t unique = meshopt_generateVertexRemap(remap, in->indices, ni, qv, nv, sizeof *qv);
    meshopt_remapVertexBuffer(qv, qv, nv, sizeof *qv, remap);
    meshopt_remapIndexBuffer(idx, in->indices, ni, remap);
    nv = unique;
    /* Drop triangles that lost an edge, to an import or to quantisation. */
    size_t kept = 0;
    for (size_t t = 0; t + 2 < ni; t += 3) {
        uint32_t a = idx[t], b = idx[t + 1], c = idx[t + 2];
        if (a == b || b == c || a == c)
            continue;
        if (!memcmp(qv[a].pos, qv[b].pos, 6) || !memcmp(qv[b].pos, qv[c].pos, 6) || !memcmp(qv[a].pos, qv[c].pos, 6))
            continue;
        idx[kept++] = a;
        idx[kept++] = b;
        idx[kept++] = c;
    }
    ni = kept;
    if (ni == 0)
        goto done;

    /* Simplification and culling work on the positions as they will be drawn. */
    fpos = malloc(nv * 3 * sizeof *fpos);
    if (!fpos)
        goto done;
    for (size_t i = 0; i < nv; i++) {
        const vt_pkg_mesh *dm = d;
        float p[3];
        pkg_decode_position(dm, (const uint8_t *)qv[i].pos, p);
        memcpy(fpos + 3 * i, p, sizeof p);
    }
    for (int k = 0; k < 3; k++) {
        d->bounds_min[k] = INFINITY;
        d->bounds_max[k] = -INFINITY;
    }
    for (size_t i = 0; i < ni; i++)
        for (int k = 0; k < 3; k++) {
            d->bounds_min[k] = fminf(d->bounds_min[k], fpos[3 * (size_t)idx[i] + (size_t)k]);
            d->bounds_max[k] = fmaxf(d->bounds_max[k], fpos[3 * (size_t)idx[i] + (size_t)k]);
        }

    /* The chain: each level simplifies the one before (cheap, and errors
     * add up, so each level's error is the sum so far, in metres). Every
     * level keeps its own index array while it is being finished. */
    float scale = meshopt_simplifyScale(fpos, nv, 12);
    uint32_t *level_ix[VT_PKG_MAX_LODS] = { 0 };
    size_t level_count[VT_PKG_MAX_LODS] = { 0 };
    _pack_vertex *level_qv[VT_PKG_MAX_LODS] = { qv };
    float *level_fpos[VT_PKG_MAX_LODS] = { fpos };
    size_t level_nv[VT_PKG_MAX_LODS] = { nv };
    level_ix[0] = idx;
    idx = NULL; /* owned by level_ix now */
    level_count[0] = ni;
    float error = 0.0f;
    uint32_t levels = 0;
    _pack_finish_job job = { 0 };
    pthread_t thread;
    bool running = false;
    for (;;) {
        uint32_t l = levels;
        job = (_pack_finish_job){ .verts = level_qv[l], .fpos = level_fpos[l], .nv = level_nv[l],
                                  .indices = level_ix[l], .count = level_count[l],
                                  .flags = d->vertex_flags, .stride = d->vertex_stride, .out = &out->lods[l],
                                  .arena = arena };
        out->lods[l].error = error;
        running = jobs > 1 && pthread_create(&thread, NULL, _pack_finish_run, &job) == 0;
        if (!running)
            _pack_finish_run(&job);
        levels++;
        size_t count = level_count[l];
        size_t got = 0;
        float result = 0.0f;
        if (levels < VT_PKG_MAX_LODS && count / 3 > PACK_MIN_LOD_TRIS) {
            level_ix[levels] = malloc(count * sizeof(uint32_t));
            if (level_ix[levels])
                got = _pack_simplify(level_ix[levels], level_ix[l], count, level_qv[l], level_fpos[l], level_nv[l],
                                     jobs, &result);
            if (got >= 3 && got <= count * 85 / 100 &&
                !_pack_compact(level_ix[levels], got, level_qv[l], level_fpos[l], level_nv[l], &level_qv[levels],
                               &level_fpos[levels], &level_nv[levels]))
                got = 0; /* out of memory: stop the chain here */
        }
        if (running)
            pthread_join(thread, NULL);
        if (!job.ok)
            break;
        d->lods[l] = (vt_pkg_lod){ .vertex_count = out->lods[l].vertex_count,
                                   .index_count = out->lods[l].index_count,
                                   .index_size = out->lods[l].index_size,
                                   .chunk_count = out->lods[l].chunk_count,
                                   .error = out->lods[l].error };
        /* Stop when the surface will not simplify further. */
        if (got < 3 || got > count * 85 / 100)
            break;
        error += result * scale;
        level_count[levels] = got;
    }
    for (uint32_t l = 0; l < VT_PKG_MAX_LODS; l++) {
        free(level_ix[l]);
        if (l > 0) { /* level 0's arrays are qv and fpos, freed below */
            free(level_qv[l]);
            free(level_fpos[l]);
        }
    }
    if (!job.ok)
        goto done;
    d->lod_count = levels;
    ok = true;
done:
    free(qv);
    free(remap);
    free(idx);
    free(fpos);
    return ok;
}
