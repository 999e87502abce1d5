/* gfx: a thin OpenGL 3.3 core layer (sokol_gfx's shape, much smaller).
 *
 * Resources are made from zero-initialised desc structs (every zero means
 * "default") and returned as small typed handles: a slot index plus a
 * generation counter, so a handle to a destroyed resource is caught instead
 * of followed. A failed creation returns the invalid handle {0} and a
 * warning; drawing with an invalid handle draws nothing. The GL functions are
 * loaded from the pointer the platform hands to gfx_init: gfx never includes
 * SDL. Only this module includes the GL header. */
#ifndef VT_GFX_H
#define VT_GFX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/result.h"

typedef struct gfx_mesh { uint32_t id; } gfx_mesh;
typedef struct gfx_texture { uint32_t id; } gfx_texture;
typedef struct gfx_shader { uint32_t id; } gfx_shader;
typedef struct gfx_target { uint32_t id; } gfx_target;

typedef void *(*gfx_proc_loader)(const char *name);

typedef struct gfx_info {
    char renderer[128];
    char version[128];
    bool s3tc_srgb; /* BC1/BC3 with sRGB decode */
    bool software;  /* llvmpipe and friends: spend pixels carefully */
    int max_texture_size;
    int max_samples;
} gfx_info;

bool gfx_init(gfx_proc_loader loader, vt_error_msg *err);
void gfx_shutdown(void);
const gfx_info *gfx_get_info(void);

/* ---- meshes: one VAO of packed vertices + indices ----------------------
 * Vertex layout is the .vitrine one (package/vitrine_format.h):
 *   position uint16 x4 (normalised; the shader scales it into the bounds),
 *   normal int16 x2 octahedral (snorm), [uv uint16 x2 (normalised)],
 *   [colour uint8 x4 (normalised sRGB)].
 * Data may be given at creation or streamed in later with gfx_mesh_upload,
 * a slice a frame, so a big level never stalls a frame. */
typedef struct gfx_mesh_desc {
    uint32_t vertex_count, index_count;
    uint32_t stride;        /* bytes per vertex */
    bool has_uv, has_color;
    uint32_t index_size;    /* 2 or 4 */
    const void *vertices;   /* NULL: reserve only */
    const void *indices;    /* NULL: reserve only */
} gfx_mesh_desc;

/* Vertex attribute slots, shared with shaders/scan.vert. */
enum {
    GFX_ATTR_POSITION = 0,
    GFX_ATTR_NORMAL = 1,
    GFX_ATTR_UV = 2,
    GFX_ATTR_COLOR = 3,
};

gfx_mesh gfx_make_mesh(const gfx_mesh_desc *desc);
void gfx_destroy_mesh(gfx_mesh m);
/* Copies SIZE bytes to OFFSET of the vertex (INDICES false) or index data. */
void gfx_mesh_upload(gfx_mesh m, bool indices, uint64_t offset, const void *data, uint64_t size);
/* Draws index range [first, first+count) of a triangle list. */
void gfx_draw_mesh(gfx_mesh m, uint32_t first, uint32_t count);

/* ---- textures ------------------------------------------------------------ */
typedef enum gfx_format {
    GFX_RGBA8 = 1,   /* the values of VT_TEX_* (package/vitrine_format.h) */
    GFX_SRGB8_A8,
    GFX_BC1_SRGB,
    GFX_BC3_SRGB,
    GFX_BC4,
    GFX_BC5,
    /* Not a package format: one coverage byte a pixel (glyph atlases).
     * Kept apart from the VT_TEX_* values so the package can add more. */
    GFX_R8 = 64,
} gfx_format;

typedef struct gfx_texture_desc {
    gfx_format format;   /* 0 = GFX_RGBA8 */
    int width, height;   /* of mip 0 */
    int mip_count;       /* 0 = 1 */
    const uint8_t *rgba; /* optional mip 0 for RGBA8 / SRGB8_A8 (R8: one byte a pixel), top row first */
    bool nearest;        /* no filtering (placeholders) */
} gfx_texture_desc;

bool gfx_format_supported(gfx_format f);
gfx_texture gfx_make_texture(const gfx_texture_desc *desc);
/* Defines mip MIP (W x H, SIZE bytes of the texture's format). Levels may
 * arrive smallest first: sampling uses the finest level defined so far. */
void gfx_texture_upload_mip(gfx_texture t, int mip, int w, int h, const void *data, uint64_t size);
void gfx_destroy_texture(gfx_texture t);
bool gfx_texture_ready(gfx_texture t); /* some level defined */
void gfx_bind_texture(int unit, gfx_texture t);
/* Replaces the rectangle (X, Y, W, H) of mip 0 of an RGBA8, SRGB8_A8 or R8
 * texture (y down from the top row) with pixels read from DATA, whose rows
 * are ROW_PIXELS wide (0 = W): a sub-rectangle of a larger CPU image can be
 * sent without copying it out first. An R8 texture's mip 0 exists from
 * creation, so it can be filled piece by piece. */
void gfx_texture_update(gfx_texture t, int x, int y, int w, int h, const void *data, int row_pixels);

/* ---- shaders ------------------------------------------------------------- */
typedef struct gfx_shader_desc {
    const char *name;    /* for messages */
    const char *vs, *fs;
    const char *defines; /* lines inserted after #version in both, or NULL */
} gfx_shader_desc;

gfx_shader gfx_make_shader(const gfx_shader_desc *desc, vt_error_msg *err);
void gfx_destroy_shader(gfx_shader s);
bool gfx_use_shader(gfx_shader s);
void gfx_set_mat4(gfx_shader s, const char *name, const float *m);
void gfx_set_vec4(gfx_shader s, const char *name, const float *v);
void gfx_set_vec3(gfx_shader s, const char *name, const float *v);
void gfx_set_vec2(gfx_shader s, const char *name, const float *v);
void gfx_set_int(gfx_shader s, const char *name, int v);

/* ---- render targets ------------------------------------------------------ */
/* Every frame is drawn into a target: a multisampled colour+depth buffer
 * resolved into a plain RGBA8 one. The window shows the resolved pixels and
 * a screenshot reads them, so both are the same image. */
typedef struct gfx_target_desc {
    int width, height;
    int samples; /* 0 = 4; clamped to what the driver offers */
} gfx_target_desc;

gfx_target gfx_make_target(const gfx_target_desc *desc);
void gfx_destroy_target(gfx_target t);
void gfx_target_size(gfx_target t, int *w, int *h);
void gfx_begin_target(gfx_target t, const float clear_rgba[4]);
void gfx_resolve_target(gfx_target t);
/* Copies the resolved image into the window's framebuffer (W x H). */
void gfx_present_target(gfx_target t, int window_w, int window_h);
/* Reads the resolved image, top row first, RGBA8. */
bool gfx_read_target(gfx_target t, uint8_t *rgba);

/* Pipeline state for the next draws. */
void gfx_set_depth(bool test, bool write);
void gfx_set_cull(bool back_faces);
/* A full-screen triangle with no vertex data (the backdrop). */
void gfx_draw_fullscreen(void);
/* Waits until the GPU has finished all work (benchmarks only). */
void gfx_finish(void);

/* ---- 2D overlays ----------------------------------------------------------
 * Interface, maps, captions: drawn after gfx_resolve_target onto the
 * target's resolved image, so the window (gfx_present_target) and a
 * screenshot (gfx_read_target) both show them over the 3D frame. */
typedef enum gfx_blend {
    GFX_BLEND_NONE,           /* the default, what 3D drawing expects */
    GFX_BLEND_PREMULTIPLIED,  /* src + dst * (1 - src.a): colours premultiplied by alpha */
} gfx_blend;
void gfx_set_blend(gfx_blend mode);

/* Binds the resolved (single-sampled) image of T for drawing on top of it,
 * viewport over all of it: no clear, no depth buffer, no multisampling. */
void gfx_begin_resolved(gfx_target t);
/* Limits the next draws to the rectangle (X, Y, W, H) in pixels of the
 * current viewport, y down from its top (as images are); ON false draws
 * everywhere again. Turn it off before the next 3D frame: it also limits
 * clears and resolves. */
void gfx_set_scissor(bool on, int x, int y, int w, int h);

/* A stream: a vertex buffer refilled every draw (immediate-mode 2D).
 * Attributes: a_position (vec2), a_uv (vec2), a_color (normalised bytes). */
typedef struct gfx_vertex_2d {
    float x, y;
    float u, v;
    uint8_t rgba[4];
} gfx_vertex_2d;
typedef struct gfx_stream { uint32_t id; } gfx_stream;

gfx_stream gfx_make_stream(void);
void gfx_destroy_stream(gfx_stream s);
/* Sends COUNT vertices (a triangle list) and draws them with the current
 * shader; the buffer grows as needed and is orphaned each time, so the GPU
 * never waits on the previous frame's copy. */
void gfx_draw_stream(gfx_stream s, const gfx_vertex_2d *vertices, uint32_t count);

#endif
