/* render_internal: what render_scan.c (drawing) and render_stream.c
 * (loading) share. Private to src/render/. */
#ifndef VT_RENDER_INTERNAL_H
#define VT_RENDER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "render.h"


typedef enum _render_item_state {
    _ITEM_PENDING,   /* the worker has not looked at it */
    _ITEM_CHECKED,   /* checksums (and decoding) done: ready to upload */
    _ITEM_FAILED,    /* damaged: never drawn; a coarser level (or mip) stands in */
    _ITEM_DONE,      /* on the GPU */
} _render_item_state;

/* One thing to load: a level of a mesh, or a mip of a texture. */
typedef struct _render_item {
    uint32_t mesh, lod;     /* for a level */
    int32_t tex;            /* >= 0 for a mip */
    uint32_t mip;
    uint64_t bytes;         /* to upload: the order and the budget */
    atomic_int state;
    uint8_t *decoded;       /* RGBA for a texture the driver cannot take compressed */
    uint64_t uploaded;      /* bytes sent so far (levels go up in slices) */
} _render_item;

typedef struct _render_lod {
    gfx_mesh mesh;
    bool ready;
} _render_lod;

typedef struct _render_scan_slot {
    uint32_t gen;
    bool used;
    const vt_package *pkg;
    _render_lod (*lods)[VT_PKG_MAX_LODS]; /* [mesh][lod] */
    gfx_texture textures[RENDER_MAX_TEXTURES];
    bool decode_texture[RENDER_MAX_TEXTURES]; /* upload as RGBA: no S3TC */
    _render_item *items;
    uint32_t item_count, next_upload;
    pthread_t worker;
    bool worker_running, worker_unavailable;
    bool opening; /* render_open_scan's own first upload: checks on this thread */
    atomic_bool stop;
} _render_scan_slot;

/* Shader variants: the looks (render_mode), then the gallery's gentle
 * shading of coloured scans standing in a lit room. */
#define RENDER_SHADER_GALLERY RENDER_MODE_COUNT
#define RENDER_SHADER_COUNT (RENDER_MODE_COUNT + 1)

_render_scan_slot *_render_lookup(render_scan h);
gfx_shader _render_shader(int variant);
void _render_free_all(void);     /* scans (render_stream.c) */
void _render_free_statics(void); /* room meshes (render_scene.c) */
void _render_backdrop(void);
void _render_scan_uniforms(gfx_shader sh, const mat4 vp, const render_view *v, const float key_dir[3]);
void _render_draw_scan(_render_scan_slot *s, const mat4 model, const mat4 vp, const render_view *v, gfx_shader sh,
                       render_stats *st);

#endif
