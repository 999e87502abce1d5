/* The inspection frame: backdrop, then each mesh at the level of detail
 * the view needs, chunks outside the view culled. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "render_internal.h"

extern const char vt_shader_scan_vert[], vt_shader_scan_frag[];
extern const char vt_shader_backdrop_vert[], vt_shader_backdrop_frag[];

/* The three looks, then the gallery's gentle shading (RENDER_SHADER_GALLERY). */
static struct {
    gfx_shader scan_shader[RENDER_SHADER_COUNT], backdrop_shader;
    gfx_texture white;
} _render;

const char *render_mode_name(render_mode m)
{
    static const char *names[] = { "unlit", "lit", "clay" };
    return (unsigned)m < RENDER_MODE_COUNT ? names[m] : "?";
}

bool render_parse_mode(const char *s, render_mode *out)
{
    for (int i = 0; i < RENDER_MODE_COUNT; i++)
        if (!strcmp(s, render_mode_name((render_mode)i))) {
            *out = (render_mode)i;
            return true;
        }
    return false;
}

render_mode render_default_mode(const vt_package *pkg)
{
    if (pkg->meta->flags & VT_META_HAS_COLOR)
        return RENDER_UNLIT;
    return (pkg->meta->flags & VT_META_HAS_DETAIL) ? RENDER_LIT : RENDER_CLAY;
}


/* A software rasteriser compiles each shader for the exact state of its
 * first draw (vertex formats, texture formats, multisampling), which costs
 * more than drawing a whole frame. Drawing one small triangle in every look
 * with packed vertices and block-compressed textures at start-up moves that
 * cost out of the first frame of every scan. */
static void _render_warm_up(void)
{
    gfx_target t = gfx_make_target(&(gfx_target_desc){ .width = 16, .height = 16 });
    static const uint16_t verts[3][10] = {
        { 0, 0, 0, 0, 0, 32767, 0, 0, 0xffff, 0xffff },
        { 65535, 0, 0, 0, 0, 32767, 65535, 0, 0xffff, 0xffff },
        { 0, 65535, 0, 0, 0, 32767, 0, 65535, 0xffff, 0xffff },
    };
    static const uint16_t idx[3] = { 0, 1, 2 };
    static const uint8_t block[16] = { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
    gfx_mesh m = gfx_make_mesh(&(gfx_mesh_desc){ .vertex_count = 3, .index_count = 3, .stride = 20, .has_uv = true,
                                                 .has_color = true, .index_size = 2, .vertices = verts,
                                                 .indices = idx });
    /* Rooms: colour, no UV, 32-bit indices (render_scene.c). */
    static const uint16_t room_verts[3][8] = {
        { 0, 0, 0, 0, 0, 32767, 0xffff, 0xffff },
        { 65535, 0, 0, 0, 0, 32767, 0xffff, 0xffff },
        { 0, 65535, 0, 0, 0, 32767, 0xffff, 0xffff },
    };
    static const uint32_t room_idx[3] = { 0, 1, 2 };
    gfx_mesh room = gfx_make_mesh(&(gfx_mesh_desc){ .vertex_count = 3, .index_count = 3, .stride = 16,
                                                    .has_color = true, .index_size = 4, .vertices = room_verts,
                                                    .indices = room_idx });
    gfx_texture tex[3] = { { 0 } };
    const gfx_format fmts[3] = { GFX_BC1_SRGB, GFX_BC5, GFX_BC4 };
    for (int i = 0; i < 3; i++)
        if (gfx_format_supported(fmts[i])) {
            tex[i] = gfx_make_texture(&(gfx_texture_desc){ .format = fmts[i], .width = 4, .height = 4, .mip_count = 1 });
            gfx_texture_upload_mip(tex[i], 0, 4, 4, block, fmts[i] == GFX_BC5 ? 16 : 8);
        }
    gfx_begin_target(t, (float[4]){ 0, 0, 0, 1 });
    _render_backdrop();
    gfx_set_depth(true, true);
    gfx_set_cull(false);
    for (int mode = 0; mode < RENDER_SHADER_COUNT; mode++) {
        gfx_shader sh = _render.scan_shader[mode];
        gfx_use_shader(sh);
        mat4 id;
        glm_mat4_identity(id);
        gfx_set_mat4(sh, "u_view_proj", (float *)id);
        gfx_set_mat4(sh, "u_model", (float *)id);
        gfx_set_vec3(sh, "u_pos_scale", (vec3){ 1, 1, 1 });
        gfx_set_vec2(sh, "u_uv_scale", (vec2){ 1, 1 });
        gfx_set_int(sh, "u_base_tex", 0);
        gfx_set_int(sh, "u_normal_tex", 1);
        gfx_set_int(sh, "u_ao_tex", 2);
        for (int with_tex = 0; with_tex < 2; with_tex++) {
            gfx_set_int(sh, "u_has_base_tex", with_tex);
            gfx_set_int(sh, "u_has_normal_tex", with_tex);
            gfx_set_int(sh, "u_has_ao_tex", with_tex);
            for (int i = 0; i < 3; i++)
                gfx_bind_texture(i, with_tex && tex[i].id ? tex[i] : _render.white);
            gfx_draw_mesh(m, 0, 3);
        }
        gfx_draw_mesh(room, 0, 3);
    }
    gfx_resolve_target(t);
    gfx_finish();
    gfx_destroy_mesh(room);
    for (int i = 0; i < 3; i++)
        gfx_destroy_texture(tex[i]);
    gfx_destroy_mesh(m);
    gfx_destroy_target(t);
}

bool render_init(bool warm_up, vt_error_msg *err)
{
    memset(&_render, 0, sizeof _render);
    /* One program per look, so each pays only for its own maths. */
    static const char *const defines[RENDER_SHADER_COUNT] = { "#define VT_MODE 0\n", "#define VT_MODE 1\n",
                                                              "#define VT_MODE 2\n", "#define VT_MODE 3\n" };
    for (int i = 0; i < RENDER_SHADER_COUNT; i++) {
        _render.scan_shader[i] = gfx_make_shader(&(gfx_shader_desc){ .name = "scan", .vs = vt_shader_scan_vert,
                                                                      .fs = vt_shader_scan_frag,
                                                                      .defines = defines[i] },
                                                 err);
        if (!_render.scan_shader[i].id)
            return false;
    }
    _render.backdrop_shader = gfx_make_shader(
        &(gfx_shader_desc){ .name = "backdrop", .vs = vt_shader_backdrop_vert, .fs = vt_shader_backdrop_frag }, err);
    if (!_render.backdrop_shader.id)
        return false;
    static const uint8_t white[4] = { 255, 255, 255, 255 };
    _render.white = gfx_make_texture(&(gfx_texture_desc){ .width = 1, .height = 1, .rgba = white, .nearest = true });
    if (warm_up)
        _render_warm_up();
    return true;
}

void render_shutdown(void)
{
    _render_free_all();
    _render_free_statics();
    for (int i = 0; i < RENDER_SHADER_COUNT; i++)
        gfx_destroy_shader(_render.scan_shader[i]);
    gfx_destroy_shader(_render.backdrop_shader);
    gfx_destroy_texture(_render.white);
    memset(&_render, 0, sizeof _render);
}

gfx_shader _render_shader(int variant)
{
    return _render.scan_shader[(unsigned)variant < RENDER_SHADER_COUNT ? variant : RENDER_UNLIT];
}

static gfx_texture _render_tex(const _render_scan_slot *s, int32_t t)
{
    if (t < 0 || t >= RENDER_MAX_TEXTURES || !gfx_texture_ready(s->textures[t]))
        return _render.white;
    return s->textures[t];
}

/* Distance from P to box [mn, mx] (0 inside). */
static float _render_box_dist(const float *mn, const float *mx, const float *p)
{
    float d2 = 0;
    for (int i = 0; i < 3; i++) {
        float d = fmaxf(mn[i] - p[i], fmaxf(0.0f, p[i] - mx[i]));
        d2 += d * d;
    }
    return sqrtf(d2);
}

/* The coarsest loaded level whose error, seen from the nearest point of the
 * mesh, stays within the pixel budget; else the finest loaded one. */
static int _render_pick_lod(const _render_scan_slot *s, uint32_t m, const render_view *v)
{
    const vt_pkg_mesh *mesh = &s->pkg->meshes[m];
    if (v->force_lod >= 0) {
        int l = v->force_lod < (int)mesh->lod_count ? v->force_lod : (int)mesh->lod_count - 1;
        return s->lods[m][l].ready ? l : -1;
    }
    float dist = fmaxf(_render_box_dist(mesh->bounds_min, mesh->bounds_max, v->eye), 1e-6f);
    float max_px = v->max_error_px > 0 ? v->max_error_px : 1.0f;
    int finest = -1;
    for (int l = (int)mesh->lod_count - 1; l >= 0; l--) {
        if (!s->lods[m][l].ready)
            continue;
        finest = l;
        if (mesh->lods[l].error * v->pixels_per_unit_at_1m / dist <= max_px)
            return l;
    }
    return finest;
}

void _render_backdrop(void)
{
    gfx_set_depth(false, false);
    gfx_set_cull(false);
    gfx_use_shader(_render.backdrop_shader);
    gfx_set_vec3(_render.backdrop_shader, "u_top", (vec3){ 0.17f, 0.17f, 0.18f });
    gfx_set_vec3(_render.backdrop_shader, "u_bottom", (vec3){ 0.07f, 0.07f, 0.075f });
    gfx_draw_fullscreen();
}

/* The fixed state every scan draw shares: textures units, lights. */
void _render_scan_uniforms(gfx_shader sh, const mat4 vp, const render_view *v, const float key_dir[3])
{
    gfx_use_shader(sh);
    gfx_set_mat4(sh, "u_view_proj", (float *)vp);
    gfx_set_vec3(sh, "u_eye", (float *)v->eye);
    gfx_set_vec3(sh, "u_key_dir", (float *)key_dir);
    gfx_set_vec3(sh, "u_clay", (vec3){ 0.55f, 0.50f, 0.45f });
    gfx_set_int(sh, "u_base_tex", 0);
    gfx_set_int(sh, "u_normal_tex", 1);
    gfx_set_int(sh, "u_ao_tex", 2);
    gfx_set_int(sh, "u_alpha_from_color", 0);
}

/* Draws scan S placed by MODEL (rotation, uniform scale, translation) with
 * shader SH already in use. Levels are picked from the eye in the scan's own
 * frame: a uniform scale changes errors and distances alike, so their ratio
 * (pixels) is the same in either frame. Chunks are culled against the
 * frustum taken into the same frame. */
void _render_draw_scan(_render_scan_slot *s, const mat4 model, const mat4 vp, const render_view *v, gfx_shader sh,
                       render_stats *st)
{
    const vt_package *pkg = s->pkg;
    mat4 mvp, inv;
    glm_mat4_mul((vec4 *)vp, (vec4 *)model, mvp);
    vec4 planes[6];
    glm_frustum_planes(mvp, planes);
    glm_mat4_inv((vec4 *)model, inv);
    render_view local = *v;
    glm_mat4_mulv3(inv, (float *)v->eye, 1.0f, local.eye);
    gfx_set_mat4(sh, "u_model", (float *)model);
    for (uint32_t m = 0; m < pkg->meta->mesh_count; m++) {
        const vt_pkg_mesh *mesh = &pkg->meshes[m];
        int l = _render_pick_lod(s, m, &local);
        if (l < 0)
            continue; /* nothing of it loaded (or damaged) yet */
        const vt_pkg_lod *lod = &mesh->lods[l];
        /* Whole mesh outside the view: skip its uniforms too. */
        vec3 mbox[2] = { { mesh->bounds_min[0], mesh->bounds_min[1], mesh->bounds_min[2] },
                         { mesh->bounds_max[0], mesh->bounds_max[1], mesh->bounds_max[2] } };
        if (!glm_aabb_frustum(mbox, planes)) {
            st->chunks_culled += lod->chunk_count;
            continue;
        }
        const vt_pkg_material *mat = &pkg->materials[mesh->material];
        bool uv = mesh->vertex_flags & VT_VTX_UV;
        int32_t base = uv ? mat->texture[0] : -1, nrm = uv ? mat->texture[1] : -1, ao = uv ? mat->texture[2] : -1;
        gfx_set_vec3(sh, "u_pos_offset", (float *)mesh->pos_offset);
        gfx_set_vec3(sh, "u_pos_scale", (float *)mesh->pos_scale);
        gfx_set_vec2(sh, "u_uv_offset", (float *)mesh->uv_offset);
        gfx_set_vec2(sh, "u_uv_scale", (float *)mesh->uv_scale);
        gfx_set_vec4(sh, "u_base_color", (float *)mat->base_color);
        gfx_set_int(sh, "u_has_base_tex", base >= 0);
        gfx_set_int(sh, "u_has_normal_tex", nrm >= 0 && gfx_texture_ready(s->textures[nrm]));
        gfx_set_int(sh, "u_has_ao_tex", ao >= 0 && gfx_texture_ready(s->textures[ao]));
        gfx_bind_texture(0, _render_tex(s, base));
        gfx_bind_texture(1, _render_tex(s, nrm));
        gfx_bind_texture(2, _render_tex(s, ao));
        for (uint32_t c = 0; c < lod->chunk_count; c++) {
            const vt_pkg_chunk *ch = &pkg->chunks[lod->first_chunk + c];
            vec3 box[2] = { { ch->bounds_min[0], ch->bounds_min[1], ch->bounds_min[2] },
                            { ch->bounds_max[0], ch->bounds_max[1], ch->bounds_max[2] } };
            if (!glm_aabb_frustum(box, planes)) {
                st->chunks_culled++;
                continue;
            }
            gfx_draw_mesh(s->lods[m][l].mesh, ch->first_index, ch->index_count);
            st->chunks_drawn++;
            st->triangles += ch->index_count / 3;
        }
        st->lod_min = l < st->lod_min ? l : st->lod_min;
        st->lod_max = l > st->lod_max ? l : st->lod_max;
    }
}

void render_frame(gfx_target target, const render_view *v, render_scan scan, render_stats *stats)
{
    render_stats st = { .lod_min = INT32_MAX, .lod_max = -1 };
    gfx_begin_target(target, (float[4]){ 0.1f, 0.1f, 0.1f, 1.0f });
    _render_backdrop();

    _render_scan_slot *s = _render_lookup(scan);
    if (s) {
        gfx_shader sh = _render_shader(v->mode);
        gfx_set_depth(true, true);
        /* Scans are rarely closed: draw both faces (the shader flips the
         * normal of back faces). */
        gfx_set_cull(false);
        mat4 vp, inv_view, model;
        glm_mat4_mul((vec4 *)v->proj, (vec4 *)v->view, vp);
        /* The key light rides with the viewer, above and to the left, as a
         * photographer's main light: every side of the turntable is lit. */
        glm_mat4_inv((vec4 *)v->view, inv_view);
        vec3 key_view = { -0.45f, 0.75f, 0.55f }, key;
        glm_mat4_mulv3(inv_view, key_view, 0.0f, key);
        _render_scan_uniforms(sh, vp, v, key);
        glm_mat4_identity(model);
        _render_draw_scan(s, model, vp, v, sh, &st);
    }
    gfx_resolve_target(target);
    if (stats)
        *stats = st;
}
