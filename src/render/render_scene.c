/* The exhibition frame: rooms (statics), then every placed scan, then glass. */
#include <assert.h>
#include <math.h>
#include <string.h>

#include "base/log.h"
#include "render_internal.h"

#define RENDER_MAX_STATICS 256

typedef struct _render_static_slot {
    uint32_t gen;
    bool used;
    gfx_mesh mesh;
    uint32_t index_count;
    float pos_offset[3], pos_scale[3];
    vec3 box[2];
    bool transparent;
} _render_static_slot;

static _render_static_slot _statics[RENDER_MAX_STATICS];

static _render_static_slot *_render_static_lookup(render_static h)
{
    uint32_t slot = (h.id & 0xfff) - 1;
    if (h.id == 0 || slot >= RENDER_MAX_STATICS)
        return NULL;
    _render_static_slot *s = &_statics[slot];
    return s->used && s->gen == (h.id >> 12) ? s : NULL;
}

render_static render_make_static(const render_static_desc *d)
{
    assert(d && d->vertices && d->indices);
    int slot = -1;
    for (int i = 0; i < RENDER_MAX_STATICS && slot < 0; i++)
        if (!_statics[i].used)
            slot = i;
    if (slot < 0) {
        vt_warn("render: more than %d room meshes; the rest are not drawn", RENDER_MAX_STATICS);
        return (render_static){ 0 };
    }
    gfx_mesh mesh = gfx_make_mesh(&(gfx_mesh_desc){ .vertex_count = d->vertex_count, .index_count = d->index_count,
                                                    .stride = 16, .has_color = true, .index_size = 4,
                                                    .vertices = d->vertices, .indices = d->indices });
    if (!mesh.id)
        return (render_static){ 0 };
    _render_static_slot *s = &_statics[slot];
    uint32_t gen = (s->gen + 1) & 0xfffff;
    memset(s, 0, sizeof *s);
    s->gen = gen ? gen : 1;
    s->used = true;
    s->mesh = mesh;
    s->index_count = d->index_count;
    s->transparent = d->transparent;
    memcpy(s->pos_offset, d->pos_offset, sizeof s->pos_offset);
    memcpy(s->pos_scale, d->pos_scale, sizeof s->pos_scale);
    memcpy(s->box[0], d->bounds_min, sizeof s->box[0]);
    memcpy(s->box[1], d->bounds_max, sizeof s->box[1]);
    return (render_static){ (s->gen << 12) | (uint32_t)(slot + 1) };
}

void render_free_static(render_static h)
{
    _render_static_slot *s = _render_static_lookup(h);
    if (!s)
        return;
    gfx_destroy_mesh(s->mesh);
    s->used = false;
}

void _render_free_statics(void)
{
    for (uint32_t i = 0; i < RENDER_MAX_STATICS; i++)
        if (_statics[i].used)
            render_free_static((render_static){ (_statics[i].gen << 12) | (i + 1) });
}

static void _render_draw_statics(const render_scene *sc, const mat4 vp, const render_view *v, const vec4 planes[6],
                                 bool transparent, render_stats *st)
{
    gfx_shader sh = _render_shader(RENDER_UNLIT); /* light is baked into the colour */
    bool any = false;
    for (uint32_t i = 0; i < sc->static_count; i++) {
        _render_static_slot *s = _render_static_lookup(sc->statics[i]);
        if (!s || s->transparent != transparent)
            continue;
        if (!glm_aabb_frustum(s->box, (vec4 *)planes)) {
            st->chunks_culled++;
            continue;
        }
        if (!any) {
            _render_scan_uniforms(sh, vp, v, (vec3){ 0, 1, 0 });
            mat4 id;
            glm_mat4_identity(id);
            gfx_set_mat4(sh, "u_model", (float *)id);
            gfx_set_vec2(sh, "u_uv_offset", (vec2){ 0, 0 });
            gfx_set_vec2(sh, "u_uv_scale", (vec2){ 1, 1 });
            gfx_set_vec4(sh, "u_base_color", (vec4){ 1, 1, 1, 1 });
            gfx_set_int(sh, "u_has_base_tex", 0);
            gfx_set_int(sh, "u_has_normal_tex", 0);
            gfx_set_int(sh, "u_has_ao_tex", 0);
            gfx_set_int(sh, "u_alpha_from_color", transparent);
            any = true;
        }
        gfx_set_vec3(sh, "u_pos_offset", s->pos_offset);
        gfx_set_vec3(sh, "u_pos_scale", s->pos_scale);
        gfx_draw_mesh(s->mesh, 0, s->index_count);
        st->chunks_drawn++;
        st->triangles += s->index_count / 3;
    }
}

void render_frame_scene(gfx_target target, const render_view *v, const render_scene *sc, render_stats *stats)
{
    render_stats st = { .lod_min = INT32_MAX, .lod_max = -1 };
    /* The clear colour is what shows past an open side of a model room. */
    gfx_begin_target(target, (float[4]){ 0.08f, 0.08f, 0.085f, 1.0f });
    mat4 vp;
    glm_mat4_mul((vec4 *)v->proj, (vec4 *)v->view, vp);
    vec4 planes[6];
    glm_frustum_planes(vp, planes);
    gfx_set_depth(true, true);
    /* Room surfaces face into their room: culling their backs keeps two
     * rooms' sides of a shared wall from fighting over the same pixels. */
    gfx_set_cull(true);
    _render_draw_statics(sc, vp, v, planes, false, &st);
    gfx_set_cull(false);

    vec3 key = { sc->key_dir[0], sc->key_dir[1], sc->key_dir[2] };
    if (glm_vec3_norm2(key) < 1e-12f)
        glm_vec3_copy((vec3){ 0.25f, 0.9f, 0.35f }, key);
    glm_vec3_normalize(key);
    /* Instances grouped by shader, so each program is set up once. */
    for (int variant = 0; variant < RENDER_SHADER_COUNT; variant++) {
        bool any = false;
        gfx_shader sh = _render_shader(variant);
        for (uint32_t i = 0; i < sc->instance_count; i++) {
            const render_instance *in = &sc->instances[i];
            int want = in->mode == RENDER_UNLIT ? RENDER_SHADER_GALLERY : (int)in->mode;
            _render_scan_slot *s = _render_lookup(in->scan);
            if (in->hidden || want != variant || !s)
                continue;
            if (!any) {
                _render_scan_uniforms(sh, vp, v, key);
                any = true;
            }
            _render_draw_scan(s, in->model, vp, v, sh, &st);
        }
    }

    /* Glass last, blended, without writing depth: what is behind it was
     * drawn already. */
    gfx_set_depth(true, false);
    gfx_set_blend(GFX_BLEND_PREMULTIPLIED);
    _render_draw_statics(sc, vp, v, planes, true, &st);
    gfx_set_blend(GFX_BLEND_NONE);
    gfx_set_depth(true, true);
    gfx_resolve_target(target);
    if (stats)
        *stats = st;
}
