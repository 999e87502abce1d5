/* Scan upload and the inspection frame. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"

extern const char vt_shader_scan_vert[], vt_shader_scan_frag[];
extern const char vt_shader_backdrop_vert[], vt_shader_backdrop_frag[];

#define RENDER_MAX_SCANS 16
#define RENDER_MAX_PARTS 2048 /* within the gfx mesh pool */
#define RENDER_MAX_IMAGES 64

typedef struct _render_part {
    gfx_mesh mesh;
    scene_material material;
} _render_part;

typedef struct _render_scan_slot {
    uint32_t gen;
    bool used;
    _render_part *parts;
    int part_count;
    gfx_texture textures[RENDER_MAX_IMAGES];
} _render_scan_slot;

static struct {
    gfx_shader scan_shader[RENDER_MODE_COUNT], backdrop_shader;
    gfx_texture white;
    _render_scan_slot scans[RENDER_MAX_SCANS];
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

render_mode render_default_mode(const scene_model *m)
{
    if (m->has_color)
        return RENDER_UNLIT;
    return m->has_detail ? RENDER_LIT : RENDER_CLAY;
}

bool render_init(vt_error_msg *err)
{
    memset(&_render, 0, sizeof _render);
    /* One program per look, so each pays only for its own maths. */
    static const char *const defines[RENDER_MODE_COUNT] = { "#define VT_MODE 0\n", "#define VT_MODE 1\n",
                                                            "#define VT_MODE 2\n" };
    for (int i = 0; i < RENDER_MODE_COUNT; i++) {
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
    return true;
}

void render_shutdown(void)
{
    for (uint32_t i = 0; i < RENDER_MAX_SCANS; i++)
        if (_render.scans[i].used)
            render_free_scan((render_scan){ (_render.scans[i].gen << 8) | (i + 1) });
    for (int i = 0; i < RENDER_MODE_COUNT; i++)
        gfx_destroy_shader(_render.scan_shader[i]);
    gfx_destroy_shader(_render.backdrop_shader);
    gfx_destroy_texture(_render.white);
    memset(&_render, 0, sizeof _render);
}

static _render_scan_slot *_render_lookup(render_scan h)
{
    uint32_t slot = (h.id & 0xff) - 1;
    if (h.id == 0 || slot >= RENDER_MAX_SCANS)
        return NULL;
    _render_scan_slot *s = &_render.scans[slot];
    return s->used && s->gen == (h.id >> 8) ? s : NULL;
}

render_scan render_upload_scan(const scene_model *m)
{
    int slot = -1;
    for (int i = 0; i < RENDER_MAX_SCANS; i++)
        if (!_render.scans[i].used) {
            slot = i;
            break;
        }
    int parts = m->mesh_count < RENDER_MAX_PARTS ? m->mesh_count : RENDER_MAX_PARTS;
    if (parts < m->mesh_count)
        vt_warn("render: the scan has %d meshes; only the first %d are shown", m->mesh_count, parts);
    if (slot < 0 || parts == 0) {
        vt_warn("render: cannot upload another scan");
        return (render_scan){ 0 };
    }
    _render_scan_slot *s = &_render.scans[slot];
    uint32_t gen = (s->gen + 1) & 0xffffff;
    memset(s, 0, sizeof *s);
    s->gen = gen ? gen : 1;
    s->parts = calloc((size_t)parts, sizeof *s->parts);
    if (!s->parts)
        return (render_scan){ 0 };
    s->used = true;
    for (int i = 0; i < m->image_count && i < RENDER_MAX_IMAGES; i++) {
        const scene_image *img = &m->images[i];
        s->textures[i] = gfx_make_texture(&(gfx_texture_desc){
            .width = img->width, .height = img->height, .rgba = img->rgba, .srgb = img->srgb,
            .nearest = img->placeholder });
    }
    for (int i = 0; i < parts; i++) {
        const scene_mesh *mesh = &m->meshes[i];
        s->parts[i].mesh = gfx_make_mesh(&(gfx_mesh_desc){
            .vertex_count = mesh->vertex_count, .index_count = mesh->index_count, .positions = mesh->positions,
            .normals = mesh->normals, .uvs = mesh->uvs, .colors = mesh->colors, .tangents = mesh->tangents,
            .indices = mesh->indices });
        s->parts[i].material = m->materials[mesh->material];
        /* A map with no UVs to sample it is no map. */
        if (!mesh->uvs)
            for (int t = 0; t < SCENE_TEX_COUNT; t++)
                s->parts[i].material.image[t] = -1;
    }
    s->part_count = parts;
    return (render_scan){ (s->gen << 8) | (uint32_t)(slot + 1) };
}

void render_free_scan(render_scan h)
{
    _render_scan_slot *s = _render_lookup(h);
    if (!s)
        return;
    for (int i = 0; i < s->part_count; i++)
        gfx_destroy_mesh(s->parts[i].mesh);
    for (int i = 0; i < RENDER_MAX_IMAGES; i++)
        gfx_destroy_texture(s->textures[i]);
    free(s->parts);
    s->parts = NULL;
    s->used = false;
}

static gfx_texture _render_tex(const _render_scan_slot *s, int image)
{
    if (image < 0 || image >= RENDER_MAX_IMAGES || !s->textures[image].id)
        return _render.white;
    return s->textures[image];
}

static void _render_backdrop(void)
{
    gfx_set_depth(false, false);
    gfx_set_cull(false);
    gfx_use_shader(_render.backdrop_shader);
    gfx_set_vec3(_render.backdrop_shader, "u_top", (vec3){ 0.17f, 0.17f, 0.18f });
    gfx_set_vec3(_render.backdrop_shader, "u_bottom", (vec3){ 0.07f, 0.07f, 0.075f });
    gfx_draw_fullscreen();
}

void render_frame(gfx_target target, const render_view *v, render_scan scan)
{
    gfx_begin_target(target, (float[4]){ 0.1f, 0.1f, 0.1f, 1.0f });
    _render_backdrop();

    _render_scan_slot *s = _render_lookup(scan);
    if (s) {
        gfx_shader sh = _render.scan_shader[(unsigned)v->mode < RENDER_MODE_COUNT ? v->mode : RENDER_UNLIT];
        gfx_set_depth(true, true);
        /* Scans are rarely closed: draw both faces (the shader flips the
         * normal of back faces). */
        gfx_set_cull(false);
        gfx_use_shader(sh);
        mat4 vp, model;
        glm_mat4_mul((vec4 *)v->proj, (vec4 *)v->view, vp);
        glm_mat4_identity(model);
        gfx_set_mat4(sh, "u_view_proj", (float *)vp);
        gfx_set_mat4(sh, "u_model", (float *)model);
        gfx_set_vec3(sh, "u_eye", (float *)v->eye);
        /* The key light rides with the viewer, above and to the left, as a
         * photographer's main light: every side of the turntable is lit. */
        mat4 inv_view;
        glm_mat4_inv((vec4 *)v->view, inv_view);
        vec3 key_view = { -0.45f, 0.75f, 0.55f }, key;
        glm_mat4_mulv3(inv_view, key_view, 0.0f, key);
        gfx_set_vec3(sh, "u_key_dir", key);
        gfx_set_vec3(sh, "u_clay", (vec3){ 0.55f, 0.50f, 0.45f });
        gfx_set_int(sh, "u_base_tex", 0);
        gfx_set_int(sh, "u_normal_tex", 1);
        gfx_set_int(sh, "u_ao_tex", 2);
        for (int i = 0; i < s->part_count; i++) {
            const _render_part *p = &s->parts[i];
            const scene_material *mat = &p->material;
            gfx_set_vec4(sh, "u_base_color", mat->base_color);
            gfx_set_int(sh, "u_has_base_tex", mat->image[SCENE_TEX_BASE_COLOR] >= 0);
            gfx_set_int(sh, "u_has_normal_tex", mat->image[SCENE_TEX_NORMAL] >= 0);
            gfx_set_int(sh, "u_has_ao_tex", mat->image[SCENE_TEX_OCCLUSION] >= 0);
            gfx_set_int(sh, "u_has_tangents", gfx_mesh_has(p->mesh, GFX_ATTR_TANGENT));
            gfx_bind_texture(0, _render_tex(s, mat->image[SCENE_TEX_BASE_COLOR]));
            gfx_bind_texture(1, _render_tex(s, mat->image[SCENE_TEX_NORMAL]));
            gfx_bind_texture(2, _render_tex(s, mat->image[SCENE_TEX_OCCLUSION]));
            gfx_draw_mesh(p->mesh, 0, 0);
        }
    }
    gfx_resolve_target(target);
}
