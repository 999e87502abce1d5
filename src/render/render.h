/* render: draws one frame of an artefact inspection: a backdrop and the scan
 * in one of three looks (unlit, lit, clay).
 *
 * Owns the GPU copies of scans (render_scan handles; the scene_model may be
 * freed after render_upload_scan, except that the caller keeps it for
 * picking), the scan shaders and a 1x1 white texture for absent maps. Uses
 * gfx only; no SDL, no Assimp. */
#ifndef VT_RENDER_H
#define VT_RENDER_H

#include <cglm/cglm.h>

#include "gfx/gfx.h"
#include "scene/model.h"

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
render_mode render_default_mode(const scene_model *m);

typedef struct render_scan { uint32_t id; } render_scan;

typedef struct render_view {
    mat4 view, proj;
    vec3 eye;
    render_mode mode;
} render_view;

bool render_init(vt_error_msg *err);
void render_shutdown(void);

render_scan render_upload_scan(const scene_model *m);
void render_free_scan(render_scan s);

/* Draws into TARGET (begin, backdrop, scan, resolve). */
void render_frame(gfx_target target, const render_view *view, render_scan scan);

#endif
