/* render: draws one frame of an artefact inspection: a backdrop and a
 * packaged scan (.vitrine, see package/package.h) in one of three looks
 * (unlit, lit, clay).
 *
 * A render_scan is the GPU side of an open package. render_open_scan
 * uploads what the first frame needs (each mesh's coarsest level, the small
 * mips) and queues the rest, finest last; a worker thread checks queued data
 * (checksums, index ranges, and decodes block-compressed textures when the
 * driver lacks S3TC) while render_stream uploads checked data a budget at a
 * time between frames. Each frame, every mesh draws the coarsest loaded
 * level whose geometric error projects to at most max_error_px pixels, and
 * chunks outside the view are culled. The package must stay open while the
 * scan lives. Uses gfx only: no SDL. */
#ifndef VT_RENDER_H
#define VT_RENDER_H

#include <cglm/cglm.h>

#include "gfx/gfx.h"
#include "package/package.h"

typedef enum render_mode {
    RENDER_UNLIT,
    RENDER_LIT,
    RENDER_CLAY,
    RENDER_MODE_COUNT
} render_mode;

const char *render_mode_name(render_mode m);
bool render_parse_mode(const char *s, render_mode *out);
/* Scans with colour open unlit (their colour holds baked light); scans
 * without open in clay, or lit when they bring detail maps. */
render_mode render_default_mode(const vt_package *pkg);

typedef struct render_scan { uint32_t id; } render_scan;

/* What render_open_scan can hold at once: scans (an exhibition's unique
 * scans; handles keep 8 bits of slot) and textures per scan. */
#define RENDER_MAX_SCANS 128
#define RENDER_MAX_TEXTURES 256

typedef struct render_view {
    mat4 view, proj;
    vec3 eye;
    render_mode mode;
    float pixels_per_unit_at_1m; /* viewport height / (2 tan(fov_y / 2)) */
    float max_error_px;          /* 0 = 1 pixel */
    int force_lod;               /* >= 0: always this level (benchmarks); -1: by error */
} render_view;

typedef struct render_stats {
    uint64_t triangles;   /* drawn this frame */
    uint32_t chunks_drawn, chunks_culled;
    int lod_min, lod_max; /* levels used this frame */
} render_stats;

/* WARM_UP draws every look once at start-up so a software rasteriser's
 * per-state shader compiles never land on a visitor's frame (the first
 * frame of a scan, the first press of L or C). A one-frame screenshot skips
 * it: it would only add the compiles of looks it never draws. */
bool render_init(bool warm_up, vt_error_msg *err);
void render_shutdown(void);

typedef struct render_scan_desc {
    const vt_package *pkg;
    uint64_t first_frame_bytes; /* uploaded before returning; 0 = 2 MiB */
    bool all_now;               /* upload everything before returning (screenshots) */
} render_scan_desc;

render_scan render_open_scan(const render_scan_desc *desc, vt_error_msg *err);
/* Uploads up to BUDGET bytes of checked data. Returns true when something
 * new can be seen (draw again). */
bool render_stream(render_scan s, uint64_t budget);
bool render_scan_complete(render_scan s);
void render_free_scan(render_scan s);

/* Draws into TARGET (begin, backdrop, scan, resolve). STATS may be NULL. */
void render_frame(gfx_target target, const render_view *view, render_scan scan, render_stats *stats);

/* ---- exhibitions: many placed scans and the rooms around them ----------
 * Room geometry (walls, floors, plinths, vitrines: world/world.h) comes as
 * "statics": meshes in the package vertex layout with colour and no UV,
 * their light baked into the colour, drawn as they are. Each scan is an
 * instance with a model matrix (rotation, uniform scale, translation);
 * every mesh of every instance still picks its level by projected error
 * and culls its chunks, so a room of many scans costs what is in view at
 * the detail the screen can show. */
typedef struct render_static { uint32_t id; } render_static;

typedef struct render_static_desc {
    const void *vertices;  /* stride 16: position u16 x4, octahedral normal s16 x2, sRGB colour u8 x4 */
    uint32_t vertex_count;
    const uint32_t *indices;
    uint32_t index_count;
    float pos_offset[3], pos_scale[3];
    float bounds_min[3], bounds_max[3];
    bool transparent; /* glass: blended over the opaque world, alpha from the colour */
} render_static_desc;

render_static render_make_static(const render_static_desc *desc);
void render_free_static(render_static s);

typedef struct render_instance {
    render_scan scan;
    mat4 model;
    render_mode mode; /* RENDER_UNLIT draws coloured scans gently shaded by the room */
    bool hidden;
} render_instance;

typedef struct render_scene {
    const render_instance *instances;
    uint32_t instance_count;
    const render_static *statics;
    uint32_t static_count;
    vec3 key_dir; /* toward the room's main light; zero = from above */
} render_scene;

/* Draws a walkable view of an exhibition into TARGET (begin, world,
 * resolve). STATS may be NULL. */
void render_frame_scene(gfx_target target, const render_view *view, const render_scene *scene, render_stats *stats);

#endif
