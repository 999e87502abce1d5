/* Loading a package onto the GPU: coarse first, checked by a worker thread,
 * uploaded between frames a budget at a time. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "package/texture_decode.h"
#include "render_internal.h"

static _render_scan_slot _scans[RENDER_MAX_SCANS];

_render_scan_slot *_render_lookup(render_scan h)
{
    uint32_t slot = (h.id & 0xff) - 1;
    if (h.id == 0 || slot >= RENDER_MAX_SCANS)
        return NULL;
    _render_scan_slot *s = &_scans[slot];
    return s->used && s->gen == (h.id >> 8) ? s : NULL;
}

/* The worker's job: make sure an item's bytes are what the packer wrote. */
static bool _render_check(_render_scan_slot *s, _render_item *it)
{
    vt_error_msg err = { { 0 } };
    pkg_blob b;
    if (it->tex >= 0) {
        if (pkg_mip(s->pkg, (uint32_t)it->tex, it->mip, true, &b, &err) != VT_OK) {
            vt_warn("%s", err.text);
            return false;
        }
        if (s->decode_texture[it->tex]) {
            const vt_pkg_texture *t = &s->pkg->textures[it->tex];
            uint32_t w = vt_pkg_mip_dim(t->width, it->mip), h = vt_pkg_mip_dim(t->height, it->mip);
            it->decoded = malloc((size_t)w * h * 4);
            if (!it->decoded || !pkg_decode_mip(t->format, b.data, w, h, it->decoded)) {
                free(it->decoded);
                it->decoded = NULL;
                return false;
            }
        }
        return true;
    }
    if (pkg_vertices(s->pkg, it->mesh, it->lod, true, &b, &err) != VT_OK ||
        pkg_indices(s->pkg, it->mesh, it->lod, true, &b, &err) != VT_OK) {
        vt_warn("%s", err.text);
        return false;
    }
    return true;
}

static void *_render_worker(void *arg)
{
    _render_scan_slot *s = arg;
    for (uint32_t i = 0; i < s->item_count && !atomic_load(&s->stop); i++) {
        _render_item *it = &s->items[i];
        if (atomic_load(&it->state) != _ITEM_PENDING)
            continue;
        atomic_store(&it->state, _render_check(s, it) ? _ITEM_CHECKED : _ITEM_FAILED);
    }
    return NULL;
}

static int _render_item_order(const void *a, const void *b)
{
    const _render_item *x = a, *y = b;
    if (x->bytes != y->bytes)
        return x->bytes < y->bytes ? -1 : 1;
    /* Ties: levels before mips, then by index, so the order is stable. */
    if ((x->tex >= 0) != (y->tex >= 0))
        return x->tex >= 0 ? 1 : -1;
    if (x->tex != y->tex)
        return x->tex < y->tex ? -1 : 1;
    if (x->mesh != y->mesh)
        return x->mesh < y->mesh ? -1 : 1;
    /* Equal sizes (the last BC mips are all one block): coarser first. */
    return (int)y->lod - (int)x->lod + (int)y->mip - (int)x->mip;
}

/* Sends up to BUDGET bytes of item IT; returns the bytes sent. */
static uint64_t _render_upload(_render_scan_slot *s, _render_item *it, uint64_t budget)
{
    vt_error_msg err = { { 0 } };
    if (it->tex >= 0) {
        const vt_pkg_texture *t = &s->pkg->textures[it->tex];
        uint32_t w = vt_pkg_mip_dim(t->width, it->mip), h = vt_pkg_mip_dim(t->height, it->mip);
        pkg_blob b = { 0 };
        if (it->decoded) {
            gfx_texture_upload_mip(s->textures[it->tex], (int)it->mip, (int)w, (int)h, it->decoded,
                                   (uint64_t)w * h * 4);
            free(it->decoded);
            it->decoded = NULL;
        } else if (pkg_mip(s->pkg, (uint32_t)it->tex, it->mip, false, &b, &err) == VT_OK) {
            gfx_texture_upload_mip(s->textures[it->tex], (int)it->mip, (int)w, (int)h, b.data, b.size);
        }
        atomic_store(&it->state, _ITEM_DONE);
        return it->bytes;
    }
    /* Levels go up in slices: vertices first, then indices; the level is
     * drawn once both are complete. */
    const vt_pkg_lod *lod = &s->pkg->meshes[it->mesh].lods[it->lod];
    _render_lod *rl = &s->lods[it->mesh][it->lod];
    pkg_blob vb, ib;
    pkg_vertices(s->pkg, it->mesh, it->lod, false, &vb, &err);
    pkg_indices(s->pkg, it->mesh, it->lod, false, &ib, &err);
    if (!rl->mesh.id) {
        const vt_pkg_mesh *m = &s->pkg->meshes[it->mesh];
        rl->mesh = gfx_make_mesh(&(gfx_mesh_desc){ .vertex_count = lod->vertex_count, .index_count = lod->index_count,
                                                   .stride = m->vertex_stride, .has_uv = m->vertex_flags & VT_VTX_UV,
                                                   .has_color = m->vertex_flags & VT_VTX_COLOR,
                                                   .index_size = lod->index_size });
        if (!rl->mesh.id) { /* no room on the GPU side: a coarser level stands in */
            atomic_store(&it->state, _ITEM_FAILED);
            return 0;
        }
    }
    uint64_t sent = 0;
    while (sent < budget && it->uploaded < vb.size + ib.size) {
        bool indices = it->uploaded >= vb.size;
        uint64_t at = indices ? it->uploaded - vb.size : it->uploaded;
        uint64_t left = (indices ? ib.size : vb.size) - at;
        uint64_t n = left < budget - sent ? left : budget - sent;
        gfx_mesh_upload(rl->mesh, indices, at, (indices ? ib.data : vb.data) + at, n);
        it->uploaded += n;
        sent += n;
    }
    if (it->uploaded >= vb.size + ib.size) {
        rl->ready = true;
        atomic_store(&it->state, _ITEM_DONE);
    }
    return sent;
}

bool render_stream(render_scan h, uint64_t budget)
{
    _render_scan_slot *s = _render_lookup(h);
    if (!s)
        return false;
    if (!s->opening && !s->worker_running && !s->worker_unavailable && s->next_upload < s->item_count) {
        s->worker_running = pthread_create(&s->worker, NULL, _render_worker, s) == 0;
        s->worker_unavailable = !s->worker_running; /* no thread: check here instead */
    }
    bool changed = false;
    uint64_t spent = 0;
    while (s->next_upload < s->item_count && spent < budget) {
        _render_item *it = &s->items[s->next_upload];
        int state = atomic_load(&it->state);
        if (state == _ITEM_PENDING && !s->worker_running) {
            /* No worker (the first frame, or a screenshot): check here. */
            state = _render_check(s, it) ? _ITEM_CHECKED : _ITEM_FAILED;
            atomic_store(&it->state, state);
        }
        if (state == _ITEM_PENDING)
            break; /* the worker is still on it */
        if (state == _ITEM_CHECKED) {
            spent += _render_upload(s, it, budget - spent);
            state = atomic_load(&it->state);
            if (state == _ITEM_CHECKED)
                break; /* a level in mid-upload: more next frame */
            changed = state == _ITEM_DONE || changed;
        }
        s->next_upload++;
    }
    return changed;
}

bool render_scan_complete(render_scan h)
{
    _render_scan_slot *s = _render_lookup(h);
    return !s || s->next_upload >= s->item_count;
}

render_scan render_open_scan(const render_scan_desc *d, vt_error_msg *err)
{
    const vt_package *pkg = d->pkg;
    int slot = -1;
    for (int i = 0; i < RENDER_MAX_SCANS; i++)
        if (!_scans[i].used) {
            slot = i;
            break;
        }
    if (slot < 0 || pkg->meta->texture_count > RENDER_MAX_TEXTURES) {
        vt_error_set(err, "%s: cannot open another scan", pkg->path);
        return (render_scan){ 0 };
    }
    _render_scan_slot *s = &_scans[slot];
    uint32_t gen = (s->gen + 1) & 0xffffff;
    memset(s, 0, sizeof *s);
    s->gen = gen ? gen : 1;
    s->pkg = pkg;
    const vt_pkg_meta *meta = pkg->meta;
    uint32_t n = 0;
    for (uint32_t m = 0; m < meta->mesh_count; m++)
        n += pkg->meshes[m].lod_count;
    for (uint32_t t = 0; t < meta->texture_count; t++)
        n += pkg->textures[t].mip_count;
    s->lods = calloc(meta->mesh_count, sizeof *s->lods);
    s->items = calloc(n, sizeof *s->items);
    if (!s->lods || !s->items) {
        free(s->lods);
        free(s->items);
        vt_error_set(err, "%s: out of memory", pkg->path);
        return (render_scan){ 0 };
    }
    s->used = true;
    for (uint32_t m = 0; m < meta->mesh_count; m++)
        for (uint32_t l = 0; l < pkg->meshes[m].lod_count; l++) {
            const vt_pkg_lod *lod = &pkg->meshes[m].lods[l];
            _render_item *it = &s->items[s->item_count++];
            it->mesh = m;
            it->lod = l;
            it->tex = -1;
            it->bytes = (uint64_t)lod->vertex_count * pkg->meshes[m].vertex_stride +
                        (uint64_t)lod->index_count * lod->index_size;
        }
    for (uint32_t t = 0; t < meta->texture_count; t++) {
        const vt_pkg_texture *tex = &pkg->textures[t];
        gfx_format fmt = (gfx_format)tex->format;
        if (!gfx_format_supported(fmt)) {
            /* The uncompressed fallback: decode on the worker. */
            s->decode_texture[t] = true;
            fmt = tex->format == VT_TEX_BC4 || tex->format == VT_TEX_BC5 ? GFX_RGBA8 : GFX_SRGB8_A8;
        }
        s->textures[t] = gfx_make_texture(&(gfx_texture_desc){ .format = fmt, .width = (int)tex->width,
                                                               .height = (int)tex->height,
                                                               .mip_count = (int)tex->mip_count });
        for (uint32_t i = 0; i < tex->mip_count; i++) {
            _render_item *it = &s->items[s->item_count++];
            it->tex = (int32_t)t;
            it->mip = i;
            it->bytes = vt_pkg_mip_size(tex->format, vt_pkg_mip_dim(tex->width, i), vt_pkg_mip_dim(tex->height, i));
        }
    }
    qsort(s->items, s->item_count, sizeof *s->items, _render_item_order);
    render_scan h = { (s->gen << 8) | (uint32_t)(slot + 1) };

    /* What the first frame needs, checked and sent now; the rest streams in
     * once the caller starts calling render_stream (the worker starts then,
     * so it does not compete with the first frame for the CPU). */
    s->opening = true;
    render_stream(h, d->all_now ? UINT64_MAX : d->first_frame_bytes ? d->first_frame_bytes : 2u << 20);
    s->opening = false;
    return h;
}

void render_free_scan(render_scan h)
{
    _render_scan_slot *s = _render_lookup(h);
    if (!s)
        return;
    if (s->worker_running) {
        atomic_store(&s->stop, true);
        pthread_join(s->worker, NULL);
    }
    for (uint32_t m = 0; m < s->pkg->meta->mesh_count; m++)
        for (uint32_t l = 0; l < VT_PKG_MAX_LODS; l++)
            gfx_destroy_mesh(s->lods[m][l].mesh);
    for (uint32_t t = 0; t < RENDER_MAX_TEXTURES; t++)
        gfx_destroy_texture(s->textures[t]);
    for (uint32_t i = 0; i < s->item_count; i++)
        free(s->items[i].decoded);
    free(s->items);
    free(s->lods);
    s->used = false;
}

void _render_free_all(void)
{
    for (uint32_t i = 0; i < RENDER_MAX_SCANS; i++)
        if (_scans[i].used)
            render_free_scan((render_scan){ (_scans[i].gen << 8) | (i + 1) });
}
