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
    bool s3tc, bptc;
    int max_texture_size;
    int max_samples;
} gfx_info;

bool gfx_init(gfx_proc_loader loader, vt_error_msg *err);
void gfx_shutdown(void);
const gfx_info *gfx_get_info(void);

/* ---- meshes: one interleaving-free VAO per mesh ------------------------- */
typedef struct gfx_mesh_desc {
    uint32_t vertex_count, index_count;
    const float *positions;  /* required, 3 per vertex */
    const float *normals;    /* 3 per vertex */
    const float *uvs;        /* 2 per vertex */
    const uint8_t *colors;   /* 4 per vertex, normalised */
    const float *tangents;   /* 4 per vertex */
    const uint32_t *indices; /* required */
} gfx_mesh_desc;

/* Vertex attribute slots, shared with shaders/scan.vert. */
enum {
    GFX_ATTR_POSITION = 0,
    GFX_ATTR_NORMAL = 1,
    GFX_ATTR_UV = 2,
    GFX_ATTR_COLOR = 3,
    GFX_ATTR_TANGENT = 4,
};

gfx_mesh gfx_make_mesh(const gfx_mesh_desc *desc);
void gfx_destroy_mesh(gfx_mesh m);
bool gfx_mesh_has(gfx_mesh m, int attr);
/* Draws index range [first, first+count) of a triangle list; count 0 = all. */
void gfx_draw_mesh(gfx_mesh m, uint32_t first, uint32_t count);

/* ---- textures ------------------------------------------------------------ */
typedef struct gfx_texture_desc {
    int width, height;
    const uint8_t *rgba; /* width*height*4, top row first */
    bool srgb;           /* colour: sampled as linear through sRGB decode */
    bool nearest;        /* no filtering, no mips (placeholders) */
} gfx_texture_desc;

gfx_texture gfx_make_texture(const gfx_texture_desc *desc);
void gfx_destroy_texture(gfx_texture t);
void gfx_bind_texture(int unit, gfx_texture t);

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
void gfx_set_float(gfx_shader s, const char *name, float v);
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

#endif
