/* The 2D overlay: shapes tessellated on the CPU with a one-pixel alpha
 * fringe, glyphs as quads from the atlas, all in one vertex stream; images
 * and clip changes split the stream into draws, in call order. */
#include "render_overlay.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stb_image.h>
#include <stb_image_resize.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

extern const char vt_shader_overlay_vert[], vt_shader_overlay_frag[];

#define _OV_PI 3.14159265f
#define _OV_MAX_RING 256 /* points on a disc or rounded rectangle */

static struct {
    bool ready;
    gfx_shader shader;
    gfx_stream stream;
    gfx_texture atlas_tex;
    uint32_t atlas_gen;
    int tex_w, tex_h;
    text_atlas *atlas;
    text_font_set *fonts[RENDER_FONT_COUNT];
    text_layout scratch;
    gfx_vertex_2d *verts;
    uint32_t count, cap;
    bool oom_warned;
    /* the frame */
    bool in_frame, bound;
    gfx_target target;
    float w, h;
    float px_x, px_y; /* target pixels per drawing unit (HiDPI) */
    bool clip_on;
    float clip[4];    /* x, y, w, h in drawing units, for culling */
    int clip_px[4];   /* the same in target pixels, for the scissor */
} _ov;

bool render_overlay_init(vt_error_msg *err)
{
    render_overlay_shutdown();
    _ov.shader = gfx_make_shader(
        &(gfx_shader_desc){ .name = "overlay", .vs = vt_shader_overlay_vert, .fs = vt_shader_overlay_frag }, err);
    if (!_ov.shader.id)
        return false;
    _ov.stream = gfx_make_stream();
    const gfx_info *info = gfx_get_info();
    int max_h = info->max_texture_size >= 1024 ? (info->max_texture_size < 4096 ? info->max_texture_size : 4096) : 1024;
    _ov.atlas = text_atlas_create(&(text_atlas_desc){ .width = 1024, .height = 512, .max_height = max_h });
    /* Without fonts the overlay still draws shapes: one warning here, and
     * text calls return before the text module would warn again. */
    for (int i = 0; i < RENDER_FONT_COUNT; i++) {
        _ov.fonts[i] = text_font_set_create();
        vt_error_msg e;
        if (_ov.fonts[i] && text_font_set_add_system(_ov.fonts[i], i == RENDER_FONT_BOLD, &e) != VT_OK &&
            i == RENDER_FONT_REGULAR)
            vt_warn("overlay: %s; text will not be drawn", e.text);
    }
    _ov.ready = _ov.stream.id && _ov.atlas;
    if (!_ov.ready) {
        vt_error_set(err, "overlay: out of memory or GL resources");
        render_overlay_shutdown();
        return false;
    }
    return true;
}

void render_overlay_shutdown(void)
{
    gfx_destroy_shader(_ov.shader);
    gfx_destroy_stream(_ov.stream);
    gfx_destroy_texture(_ov.atlas_tex);
    text_atlas_destroy(_ov.atlas);
    for (int i = 0; i < RENDER_FONT_COUNT; i++)
        text_font_set_destroy(_ov.fonts[i]);
    text_layout_free(&_ov.scratch);
    free(_ov.verts);
    memset(&_ov, 0, sizeof _ov);
}

text_font_set *render_overlay_fonts(render_font font)
{
    return (unsigned)font < RENDER_FONT_COUNT ? _ov.fonts[font] : NULL;
}

/* ---- the batch ------------------------------------------------------------- */

static gfx_vertex_2d *_ov_reserve(uint32_t n)
{
    if (!_ov.in_frame)
        return NULL;
    if (_ov.count + n > _ov.cap) {
        uint32_t cap = _ov.cap ? _ov.cap : 4096;
        while (cap < _ov.count + n)
            cap *= 2;
        gfx_vertex_2d *v = realloc(_ov.verts, (size_t)cap * sizeof *v);
        if (!v) {
            if (!_ov.oom_warned)
                vt_warn("overlay: out of memory for %u vertices; dropped", cap);
            _ov.oom_warned = true;
            return NULL;
        }
        _ov.verts = v;
        _ov.cap = cap;
    }
    gfx_vertex_2d *v = &_ov.verts[_ov.count];
    _ov.count += n;
    return v;
}

static void _ov_rgba8(render_rgba c, float alpha, uint8_t out[4])
{
    const float in[4] = { c.r, c.g, c.b, c.a * alpha };
    for (int i = 0; i < 4; i++) {
        float v = in[i] < 0 ? 0 : in[i] > 1 ? 1 : in[i];
        out[i] = (uint8_t)lroundf(v * 255.0f);
    }
}

static void _ov_solid(gfx_vertex_2d *v, float x, float y, const uint8_t c[4])
{
    *v = (gfx_vertex_2d){ .x = x, .y = y, .u = TEXT_ATLAS_SOLID_U, .v = TEXT_ATLAS_SOLID_V };
    memcpy(v->rgba, c, 4);
}

/* Sends the atlas's changes to the texture (made again when it grew). */
static void _ov_upload_atlas(void)
{
    int w, h;
    const uint8_t *px = text_atlas_pixels(_ov.atlas, &w, &h);
    int dx, dy, dw, dh;
    bool dirty = text_atlas_take_dirty(_ov.atlas, &dx, &dy, &dw, &dh);
    if (!_ov.atlas_tex.id || w != _ov.tex_w || h != _ov.tex_h ||
        text_atlas_generation(_ov.atlas) != _ov.atlas_gen) {
        gfx_destroy_texture(_ov.atlas_tex);
        _ov.atlas_tex = gfx_make_texture(&(gfx_texture_desc){ .format = GFX_R8, .width = w, .height = h, .rgba = px });
        _ov.tex_w = w;
        _ov.tex_h = h;
        _ov.atlas_gen = text_atlas_generation(_ov.atlas);
    } else if (dirty) {
        gfx_texture_update(_ov.atlas_tex, dx, dy, dw, dh, px + (size_t)dy * (size_t)w + (size_t)dx, w);
    }
}

/* The state every overlay draw shares: the target, blending, the shader,
 * the clip. */
static void _ov_state(void)
{
    if (!_ov.bound) {
        gfx_begin_resolved(_ov.target);
        _ov.bound = true;
    }
    gfx_set_depth(false, false);
    gfx_set_cull(false);
    gfx_set_blend(GFX_BLEND_PREMULTIPLIED);
    gfx_set_scissor(_ov.clip_on, _ov.clip_px[0], _ov.clip_px[1], _ov.clip_px[2], _ov.clip_px[3]);
    gfx_use_shader(_ov.shader);
    gfx_set_vec2(_ov.shader, "u_viewport", (float[2]){ _ov.w, _ov.h });
    gfx_set_int(_ov.shader, "u_atlas", 0);
    gfx_set_int(_ov.shader, "u_image", 1);
}

static void _ov_flush(void)
{
    if (!_ov.count)
        return;
    _ov_upload_atlas();
    _ov_state();
    gfx_set_int(_ov.shader, "u_mode", 0);
    gfx_set_vec2(_ov.shader, "u_atlas_size", (float[2]){ (float)_ov.tex_w, (float)_ov.tex_h });
    gfx_bind_texture(0, _ov.atlas_tex);
    gfx_draw_stream(_ov.stream, _ov.verts, _ov.count);
    _ov.count = 0;
}

void render_overlay_begin(gfx_target target, int w, int h)
{
    assert(!_ov.in_frame && "render_overlay_begin twice without render_overlay_end");
    if (!_ov.ready || w <= 0 || h <= 0)
        return;
    _ov.in_frame = true;
    _ov.bound = false;
    _ov.target = target;
    _ov.w = (float)w;
    _ov.h = (float)h;
    _ov.count = 0;
    _ov.clip_on = false;
    int tw = 0, th = 0;
    gfx_target_size(target, &tw, &th);
    _ov.px_x = tw > 0 ? (float)tw / _ov.w : 1.0f;
    _ov.px_y = th > 0 ? (float)th / _ov.h : 1.0f;
}

void render_overlay_end(void)
{
    if (!_ov.in_frame)
        return;
    _ov_flush();
    gfx_set_blend(GFX_BLEND_NONE); /* the 3D passes expect it off */
    if (_ov.bound)
        gfx_set_scissor(false, 0, 0, 0, 0); /* and no scissor: it would limit their clears */
    _ov.clip_on = false;
    _ov.in_frame = false;
}

/* ---- clipping ---------------------------------------------------------------- */

void render_overlay_clip(float x, float y, float w, float h)
{
    if (!_ov.in_frame)
        return;
    w = fmaxf(w, 0);
    h = fmaxf(h, 0);
    /* Whole target pixels, edges rounded to the nearest pixel boundary. */
    int x0 = (int)lroundf(x * _ov.px_x), y0 = (int)lroundf(y * _ov.px_y);
    int x1 = (int)lroundf((x + w) * _ov.px_x), y1 = (int)lroundf((y + h) * _ov.px_y);
    int px[4] = { x0, y0, x1 - x0, y1 - y0 };
    if (_ov.clip_on && memcmp(px, _ov.clip_px, sizeof px) == 0)
        return;
    _ov_flush(); /* what came before is drawn under the old clip */
    _ov.clip_on = true;
    memcpy(_ov.clip_px, px, sizeof px);
    _ov.clip[0] = x, _ov.clip[1] = y, _ov.clip[2] = w, _ov.clip[3] = h;
}

void render_overlay_clip_none(void)
{
    if (!_ov.in_frame || !_ov.clip_on)
        return;
    _ov_flush();
    _ov.clip_on = false;
}

/* ---- images ------------------------------------------------------------------- */

void render_overlay_image_rounded(float x, float y, float w, float h, float radius, gfx_texture tex,
                                  render_rgba tint)
{
    if (!_ov.in_frame || w <= 0 || h <= 0 || !gfx_texture_ready(tex))
        return;
    if (_ov.clip_on && (x >= _ov.clip[0] + _ov.clip[2] || x + w <= _ov.clip[0] || y >= _ov.clip[1] + _ov.clip[3] ||
                        y + h <= _ov.clip[1]))
        return;
    _ov_flush(); /* everything before it lies below it */
    if (tint.r == 0 && tint.g == 0 && tint.b == 0 && tint.a == 0)
        tint = (render_rgba){ 1, 1, 1, 1 };
    uint8_t c[4];
    _ov_rgba8(tint, 1.0f, c);
    gfx_vertex_2d v[6];
    const float q[4][4] = { { x, y, 0, 0 }, { x + w, y, 1, 0 }, { x + w, y + h, 1, 1 }, { x, y + h, 0, 1 } };
    static const int order[6] = { 0, 1, 2, 0, 2, 3 };
    for (int k = 0; k < 6; k++) {
        const float *p = q[order[k]];
        v[k] = (gfx_vertex_2d){ .x = p[0], .y = p[1], .u = p[2], .v = p[3] };
        memcpy(v[k].rgba, c, 4);
    }
    _ov_state();
    gfx_set_int(_ov.shader, "u_mode", 1);
    gfx_set_vec2(_ov.shader, "u_atlas_size", (float[2]){ 1, 1 });
    gfx_set_vec4(_ov.shader, "u_rect", (float[4]){ x, y, w, h });
    float r = fminf(fmaxf(radius, 0), fminf(w, h) * 0.5f);
    gfx_set_vec2(_ov.shader, "u_corner", (float[2]){ r, 0 });
    gfx_bind_texture(1, tex);
    gfx_draw_stream(_ov.stream, v, 6);
}

void render_overlay_image(float x, float y, float w, float h, gfx_texture tex, render_rgba tint)
{
    render_overlay_image_rounded(x, y, w, h, 0, tex, tint);
}

/* Scales RGBA (W x H) down so its long side is at most MAX_SIDE, in linear
 * light with alpha weighting (stb_image_resize's sRGB path), so edges of
 * transparent areas do not darken. Returns PX itself when it fits, else a
 * new buffer (NULL when out of memory). */
static uint8_t *_ov_fit(uint8_t *px, int w, int h, int max_side, int *out_w, int *out_h)
{
    int long_side = w > h ? w : h;
    *out_w = w;
    *out_h = h;
    if (long_side <= max_side)
        return px;
    double k = (double)max_side / long_side;
    int nw = (int)lround(w * k), nh = (int)lround(h * k);
    nw = nw < 1 ? 1 : nw;
    nh = nh < 1 ? 1 : nh;
    uint8_t *out = malloc((size_t)nw * (size_t)nh * 4);
    if (!out || !stbir_resize_uint8_srgb(px, w, h, 0, out, nw, nh, 0, 4, 3, 0)) {
        free(out);
        return NULL;
    }
    *out_w = nw;
    *out_h = nh;
    return out;
}

gfx_texture render_overlay_image_from_memory(const void *data, size_t size, int max_side, int *w, int *h,
                                             vt_error_msg *err)
{
    *w = *h = 0;
    if (!data || size == 0) {
        vt_error_set(err, "image: no bytes");
        return (gfx_texture){ 0 };
    }
    if (size > INT_MAX) {
        vt_error_set(err, "image: %zu bytes is more than an image can be", size);
        return (gfx_texture){ 0 };
    }
    int iw, ih, comp;
    if (!stbi_info_from_memory(data, (int)size, &iw, &ih, &comp)) {
        vt_error_set(err, "image: not a JPEG or PNG that can be read (%s)", stbi_failure_reason());
        return (gfx_texture){ 0 };
    }
    if (iw <= 0 || ih <= 0 || iw > 16384 || ih > 16384) {
        vt_error_set(err, "image: %d x %d pixels is more than an overlay image may be (16384 a side)", iw, ih);
        return (gfx_texture){ 0 };
    }
    uint8_t *px = stbi_load_from_memory(data, (int)size, &iw, &ih, &comp, 4);
    if (!px) {
        vt_error_set(err, "image: cannot decode it (%s)", stbi_failure_reason());
        return (gfx_texture){ 0 };
    }
    int limit = max_side > 0 ? max_side : 2048, gpu = gfx_get_info()->max_texture_size;
    limit = gpu > 0 && limit > gpu ? gpu : limit;
    int fw, fh;
    uint8_t *level = _ov_fit(px, iw, ih, limit, &fw, &fh);
    bool level_is_px = level == px; /* stb's to free, or ours */
    if (!level_is_px)
        stbi_image_free(px);
    if (!level) {
        vt_error_set(err, "image: out of memory scaling %d x %d pixels", iw, ih);
        return (gfx_texture){ 0 };
    }
    /* A full mip chain: a panel may show the image much smaller than it is
     * (a thumbnail), and minifying without mips shimmers. */
    int mips = 1;
    while ((fw >> mips) > 0 || (fh >> mips) > 0)
        mips++;
    gfx_texture tex = gfx_make_texture(
        &(gfx_texture_desc){ .format = GFX_SRGB8_A8, .width = fw, .height = fh, .mip_count = mips, .rgba = level });
    int lw = fw, lh = fh;
    for (int m = 1; tex.id && m < mips; m++) {
        int nw = lw > 1 ? lw / 2 : 1, nh = lh > 1 ? lh / 2 : 1;
        uint8_t *next = malloc((size_t)nw * (size_t)nh * 4);
        if (!next || !stbir_resize_uint8_srgb(level, lw, lh, 0, next, nw, nh, 0, 4, 3, 0)) {
            free(next); /* the levels so far stay: sampling uses the finest ones */
            break;
        }
        gfx_texture_upload_mip(tex, m, nw, nh, next, (uint64_t)nw * (uint64_t)nh * 4);
        if (level_is_px)
            stbi_image_free(level);
        else
            free(level);
        level = next;
        level_is_px = false;
        lw = nw, lh = nh;
    }
    if (level_is_px)
        stbi_image_free(level);
    else
        free(level);
    if (!tex.id) {
        vt_error_set(err, "image: the GPU refused a %d x %d texture", fw, fh);
        return (gfx_texture){ 0 };
    }
    *w = fw;
    *h = fh;
    return tex;
}

/* ---- shapes ---------------------------------------------------------------- */

/* A convex ring of N points filled with a fan, plus a fringe: the ring is
 * pulled in by half a pixel at full alpha and pushed out by half a pixel at
 * zero alpha, so edges cover the right amount of each pixel they cross. */
static void _ov_convex(const float (*pts)[2], int n, render_rgba color)
{
    if (n < 3)
        return;
    uint8_t c[4], clear[4];
    _ov_rgba8(color, 1.0f, c);
    _ov_rgba8(color, 0.0f, clear);
    float cx = 0, cy = 0, area = 0;
    for (int i = 0; i < n; i++) {
        cx += pts[i][0];
        cy += pts[i][1];
        int j = (i + 1) % n;
        area += pts[i][0] * pts[j][1] - pts[j][0] * pts[i][1];
    }
    cx /= (float)n;
    cy /= (float)n;
    float side = area >= 0 ? 1.0f : -1.0f; /* outward normals whichever way round */
    float in[_OV_MAX_RING][2], out[_OV_MAX_RING][2];
    for (int i = 0; i < n; i++) {
        const float *p = pts[(i + n - 1) % n], *q = pts[i], *r = pts[(i + 1) % n];
        float e0x = q[0] - p[0], e0y = q[1] - p[1], e1x = r[0] - q[0], e1y = r[1] - q[1];
        float l0 = hypotf(e0x, e0y), l1 = hypotf(e1x, e1y);
        float n0x = l0 > 0 ? e0y / l0 : 0, n0y = l0 > 0 ? -e0x / l0 : 0;
        float n1x = l1 > 0 ? e1y / l1 : 0, n1y = l1 > 0 ? -e1x / l1 : 0;
        float mx = n0x + n1x, my = n0y + n1y, d = mx * n1x + my * n1y; /* mitre: 1 / cos(half angle) */
        float scale = d > 0.25f ? 0.5f / d : 2.0f;
        mx *= scale * side;
        my *= scale * side;
        in[i][0] = q[0] - mx, in[i][1] = q[1] - my;
        out[i][0] = q[0] + mx, out[i][1] = q[1] + my;
    }
    gfx_vertex_2d *v = _ov_reserve((uint32_t)n * 9);
    if (!v)
        return;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        _ov_solid(v++, cx, cy, c);
        _ov_solid(v++, in[i][0], in[i][1], c);
        _ov_solid(v++, in[j][0], in[j][1], c);
        _ov_solid(v++, in[i][0], in[i][1], c);
        _ov_solid(v++, out[i][0], out[i][1], clear);
        _ov_solid(v++, out[j][0], out[j][1], clear);
        _ov_solid(v++, in[i][0], in[i][1], c);
        _ov_solid(v++, out[j][0], out[j][1], clear);
        _ov_solid(v++, in[j][0], in[j][1], c);
    }
}

/* Segments for an arc of RADIUS pixels over ANGLE radians: about 3 px each. */
static int _ov_arc_steps(float radius, float angle, int max)
{
    int n = (int)ceilf(radius * angle / 3.0f);
    return n < 2 ? 2 : n > max ? max : n;
}

void render_overlay_rect(float x, float y, float w, float h, float radius, render_rgba color)
{
    if (w <= 0 || h <= 0)
        return;
    radius = fminf(radius, fminf(w, h) * 0.5f);
    if (radius < 0.5f) {
        const float pts[4][2] = { { x, y }, { x + w, y }, { x + w, y + h }, { x, y + h } };
        _ov_convex(pts, 4, color);
        return;
    }
    float pts[_OV_MAX_RING][2];
    int steps = _ov_arc_steps(radius, _OV_PI / 2, _OV_MAX_RING / 4 - 1), n = 0;
    const float centres[4][2] = { { x + w - radius, y + radius }, { x + w - radius, y + h - radius },
                                  { x + radius, y + h - radius }, { x + radius, y + radius } };
    for (int corner = 0; corner < 4; corner++) {
        float a0 = -_OV_PI / 2 + (float)corner * _OV_PI / 2;
        for (int k = 0; k <= steps; k++) {
            float a = a0 + (_OV_PI / 2) * (float)k / (float)steps;
            pts[n][0] = centres[corner][0] + cosf(a) * radius;
            pts[n][1] = centres[corner][1] + sinf(a) * radius;
            n++;
        }
    }
    _ov_convex((const float(*)[2])pts, n, color);
}

void render_overlay_triangles(const float *xy, uint32_t count, render_rgba color)
{
    count -= count % 3;
    uint8_t c[4];
    _ov_rgba8(color, 1.0f, c);
    gfx_vertex_2d *v = _ov_reserve(count);
    for (uint32_t i = 0; v && i < count; i++)
        _ov_solid(v++, xy[2 * i], xy[2 * i + 1], c);
}

void render_overlay_polyline(const float *xy, uint32_t count, float width, bool closed, render_rgba color)
{
    if (count < 2 || !_ov.in_frame)
        return;
    /* Lines thinner than a pixel stay a pixel wide and fade instead, which
     * reads as thinner without breaking up. */
    float core_alpha = width < 1.0f ? fmaxf(width, 0.0f) : 1.0f;
    float hw = fmaxf(width, 1.0f) * 0.5f;
    uint8_t c[4], clear[4];
    _ov_rgba8(color, core_alpha, c);
    _ov_rgba8(color, 0.0f, clear);
    /* Offsets across the line: fringe, core edge, core edge, fringe. */
    const float across[4] = { -(hw + 0.5f), -(hw - 0.5f), hw - 0.5f, hw + 0.5f };
    const uint8_t *col[4] = { clear, c, c, clear };
    uint32_t segs = closed ? count : count - 1;
    gfx_vertex_2d *v = _ov_reserve(segs * 18);
    if (!v)
        return;
    uint32_t drawn = 0;
    for (uint32_t s = 0; s < segs; s++) {
        /* Mitred normals at both ends of segment s (a -> b). */
        float nrm[2][2];
        for (int end = 0; end < 2; end++) {
            uint32_t i = (s + (uint32_t)end) % count;
            bool has_prev = closed || i > 0, has_next = closed || i + 1 < count;
            const float *p = &xy[2 * ((i + count - 1) % count)], *q = &xy[2 * i], *r = &xy[2 * ((i + 1) % count)];
            float n0x = 0, n0y = 0, n1x = 0, n1y = 0;
            float l0 = hypotf(q[0] - p[0], q[1] - p[1]), l1 = hypotf(r[0] - q[0], r[1] - q[1]);
            if (has_prev && l0 > 1e-4f)
                n0x = -(q[1] - p[1]) / l0, n0y = (q[0] - p[0]) / l0;
            if (has_next && l1 > 1e-4f)
                n1x = -(r[1] - q[1]) / l1, n1y = (r[0] - q[0]) / l1;
            if (n0x == 0 && n0y == 0)
                n0x = n1x, n0y = n1y;
            if (n1x == 0 && n1y == 0)
                n1x = n0x, n1y = n0y;
            float mx = n0x + n1x, my = n0y + n1y, ml = hypotf(mx, my);
            if (ml < 1e-4f) { /* a full turn back: square it off */
                mx = n1x, my = n1y;
            } else {
                mx /= ml, my /= ml;
                float d = mx * n1x + my * n1y;
                float k = d > 0.25f ? 1.0f / d : 4.0f; /* mitre limit 4 */
                mx *= k, my *= k;
            }
            nrm[end][0] = mx, nrm[end][1] = my;
        }
        const float *a = &xy[2 * s], *b = &xy[2 * ((s + 1) % count)];
        if (a[0] == b[0] && a[1] == b[1])
            continue;
        for (int band = 0; band < 3; band++) {
            float a0x = a[0] + nrm[0][0] * across[band], a0y = a[1] + nrm[0][1] * across[band];
            float a1x = a[0] + nrm[0][0] * across[band + 1], a1y = a[1] + nrm[0][1] * across[band + 1];
            float b0x = b[0] + nrm[1][0] * across[band], b0y = b[1] + nrm[1][1] * across[band];
            float b1x = b[0] + nrm[1][0] * across[band + 1], b1y = b[1] + nrm[1][1] * across[band + 1];
            _ov_solid(v++, a0x, a0y, col[band]);
            _ov_solid(v++, b0x, b0y, col[band]);
            _ov_solid(v++, b1x, b1y, col[band + 1]);
            _ov_solid(v++, a0x, a0y, col[band]);
            _ov_solid(v++, b1x, b1y, col[band + 1]);
            _ov_solid(v++, a1x, a1y, col[band + 1]);
        }
        drawn++;
    }
    _ov.count -= (segs - drawn) * 18; /* give back what degenerate segments did not use */
}

void render_overlay_circle(float cx, float cy, float radius, float stroke, render_rgba color)
{
    if (radius <= 0)
        return;
    float pts[_OV_MAX_RING][2];
    int n = _ov_arc_steps(radius, 2 * _OV_PI, _OV_MAX_RING);
    n = n < 12 ? 12 : n;
    for (int i = 0; i < n; i++) {
        float a = 2 * _OV_PI * (float)i / (float)n;
        pts[i][0] = cx + cosf(a) * radius;
        pts[i][1] = cy + sinf(a) * radius;
    }
    if (stroke > 0)
        render_overlay_polyline(&pts[0][0], (uint32_t)n, stroke, true, color);
    else
        _ov_convex((const float(*)[2])pts, n, color);
}

/* ---- text -------------------------------------------------------------------- */

/* Quads for glyphs [g0, g1) of L, top-left at (X, Y). */
static bool _ov_glyphs(float x, float y, const text_layout *l, uint32_t g0, uint32_t g1, const uint8_t c[4],
                       const uint8_t ce[4])
{
    for (uint32_t i = g0; i < g1; i++) {
        const text_glyph *g = &l->glyphs[i];
        const text_font_set *set = text_layout_glyph_set(l, g);
        float gx = x + g->x, ix = floorf(gx);
        text_atlas_glyph ag;
        if (text_atlas_get(_ov.atlas, set, g, gx - ix, &ag) == TEXT_ATLAS_FULL) {
            /* Draw what uses the old contents, then start the atlas over. */
            _ov_flush();
            text_atlas_reset(_ov.atlas);
            if (text_atlas_get(_ov.atlas, set, g, gx - ix, &ag) == TEXT_ATLAS_FULL)
                continue;
        }
        if (ag.w == 0)
            continue;
        /* Whole pixels: the bitmap already holds the quarter-pixel shift,
         * so texels land 1:1 on pixels and stay sharp. */
        float x0 = ix + ag.left, y0 = roundf(y + g->y) + ag.top, x1 = x0 + ag.w, y1 = y0 + ag.h;
        float u0 = ag.x, v0 = ag.y, u1 = u0 + ag.w, v1 = v0 + ag.h;
        gfx_vertex_2d *v = _ov_reserve(6);
        if (!v)
            return false;
        const gfx_vertex_2d q[4] = { { x0, y0, u0, v0, { 0 } }, { x1, y0, u1, v0, { 0 } }, { x1, y1, u1, v1, { 0 } },
                                     { x0, y1, u0, v1, { 0 } } };
        static const int order[6] = { 0, 1, 2, 0, 2, 3 };
        const uint8_t *col = (g->flags & TEXT_GLYPH_EMPHASIS) ? ce : c;
        for (int k = 0; k < 6; k++) {
            v[k] = q[order[k]];
            memcpy(v[k].rgba, col, 4);
        }
    }
    return true;
}

/* Draws L at (X, Y); under a clip, only the lines that reach into it. */
static void _ov_layout(float x, float y, const text_layout *l, render_rgba color, render_rgba emphasis)
{
    if (!_ov.in_frame || !l->set)
        return;
    uint8_t c[4], ce[4];
    _ov_rgba8(color, 1.0f, c);
    _ov_rgba8(emphasis, 1.0f, ce);
    if (!_ov.clip_on || l->line_count == 0) {
        _ov_glyphs(x, y, l, 0, l->glyph_count, c, ce);
        return;
    }
    /* A line's ink can reach past its slot (stacked Vietnamese marks): a
     * line of margin either side, the scissor does the exact cut. */
    uint32_t first, count;
    float top = _ov.clip[1] - y - l->line_height, bottom = _ov.clip[1] + _ov.clip[3] - y + l->line_height;
    if (!text_layout_visible_lines(l, top, bottom, &first, &count))
        return;
    const text_line *a = &l->lines[first], *b = &l->lines[first + count - 1];
    uint32_t end = b->first_glyph + b->glyph_count;
    _ov_glyphs(x, y, l, a->first_glyph, end < l->glyph_count ? end : l->glyph_count, c, ce);
}

void render_overlay_layout(float x, float y, const text_layout *l, render_rgba color)
{
    _ov_layout(x, y, l, color, color);
}

void render_overlay_rich_layout(float x, float y, const text_layout *l, render_rgba color, render_rgba emphasis)
{
    _ov_layout(x, y, l, color, emphasis);
}

static render_rgba _ov_text_color(const render_text_style *st)
{
    render_rgba c = st ? st->color : (render_rgba){ 0 };
    if (c.r == 0 && c.g == 0 && c.b == 0 && c.a == 0)
        c = (render_rgba){ 1, 1, 1, 1 };
    return c;
}

/* The style's font set, the regular one when that is empty, or NULL when
 * no font loaded at all. */
static const text_font_set *_ov_font(const render_text_style *st)
{
    render_font f = st && (unsigned)st->font < RENDER_FONT_COUNT ? st->font : RENDER_FONT_REGULAR;
    if (text_font_set_count(_ov.fonts[f]) == 0)
        f = RENDER_FONT_REGULAR;
    return text_font_set_count(_ov.fonts[f]) > 0 ? _ov.fonts[f] : NULL;
}

float render_overlay_text(float x, float y, const char *utf8, const render_text_style *st)
{
    if (!_ov.in_frame || !utf8)
        return 0;
    text_style ts = { .size_px = st ? st->size_px : 0, .align = st ? st->align : TEXT_ALIGN_LEFT,
                      .line_height = st ? st->line_height : 0, .lang = st ? st->lang : NULL };
    const text_font_set *fonts = _ov_font(st);
    if (!fonts || !text_layout_utf8(fonts, utf8, -1, &ts, &_ov.scratch))
        return 0;
    render_rgba c = _ov_text_color(st);
    _ov_layout(x, y, &_ov.scratch, c, c);
    return _ov.scratch.width;
}

float render_overlay_text_box(float x, float y, float w, float h, const char *utf8, const render_text_style *st)
{
    if (!_ov.in_frame || !utf8 || w <= 0)
        return 0;
    text_style ts = { .size_px = st ? st->size_px : 0, .max_width = w, .align = st ? st->align : TEXT_ALIGN_LEFT,
                      .line_height = st ? st->line_height : 0, .lang = st ? st->lang : NULL };
    text_layout *l = &_ov.scratch;
    const text_font_set *fonts = _ov_font(st);
    if (!fonts || !text_layout_utf8(fonts, utf8, -1, &ts, l))
        return 0;
    float needed = l->height;
    if (h > 0) { /* keep only the lines that fit */
        uint32_t fit = (uint32_t)floorf(h / l->line_height);
        if (fit < l->line_count) {
            l->glyph_count = fit ? l->lines[fit - 1].first_glyph + l->lines[fit - 1].glyph_count : 0;
            l->line_count = fit;
        }
    }
    render_rgba c = _ov_text_color(st);
    _ov_layout(x, y, l, c, c);
    return needed;
}

static render_rgba _ov_emphasis_color(const render_text_style *st)
{
    render_rgba c = st ? st->emphasis_color : (render_rgba){ 0 };
    return c.r == 0 && c.g == 0 && c.b == 0 && c.a == 0 ? _ov_text_color(st) : c;
}

/* Lays out rich text in the overlay's fonts: plain runs in the style's
 * font, emphasis in the bold one (when it loaded). */
static bool _ov_rich(float w, const char *utf8, const render_text_style *st, text_layout *l)
{
    const text_font_set *fonts = _ov_font(st);
    if (!fonts || !utf8)
        return false;
    const text_font_set *bold = _ov.fonts[RENDER_FONT_BOLD];
    if (text_font_set_count(bold) == 0)
        bold = NULL;
    text_style ts = { .size_px = st ? st->size_px : 0, .max_width = w, .align = st ? st->align : TEXT_ALIGN_LEFT,
                      .line_height = st ? st->line_height : 0, .lang = st ? st->lang : NULL,
                      .paragraph_gap = st ? st->paragraph_gap : 0 };
    return text_layout_rich(fonts, bold, utf8, -1, &ts, l);
}

float render_overlay_rich_height(float w, const char *utf8, const render_text_style *st)
{
    if (!_ov.ready || w <= 0 || !_ov_rich(w, utf8, st, &_ov.scratch))
        return 0;
    return _ov.scratch.height;
}

float render_overlay_rich_box(float x, float y, float w, float h, const char *utf8, const render_text_style *st)
{
    if (!_ov.in_frame || w <= 0)
        return 0;
    text_layout *l = &_ov.scratch;
    if (!_ov_rich(w, utf8, st, l))
        return 0;
    float needed = l->height;
    if (h > 0) { /* keep the lines whose slot ends inside the box */
        float above = l->ascent + (l->line_height - l->ascent - l->descent) * 0.5f;
        uint32_t fit = 0;
        while (fit < l->line_count && l->lines[fit].baseline - above + l->line_height <= h + 0.5f)
            fit++;
        if (fit < l->line_count) {
            l->glyph_count = fit ? l->lines[fit - 1].first_glyph + l->lines[fit - 1].glyph_count : 0;
            l->line_count = fit;
        }
    }
    _ov_layout(x, y, l, _ov_text_color(st), _ov_emphasis_color(st));
    return needed;
}
