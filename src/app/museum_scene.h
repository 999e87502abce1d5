/* museum_scene: an exhibition package made ready to walk through.
 *
 * Loading has two halves. museum_scene_load (CPU only, so tests and tools
 * use it without GL) reads the exhibition text the package carries, opens
 * every nested scan package and builds the world (rooms, plinths, where
 * each scan stands, collision) from the scans' bounds. museum_scene_upload
 * (needs render_init) makes the room meshes and opens every scan on the
 * GPU: coarse levels first, the rest streamed by museum_scene_stream.
 *
 * A scan that is missing, or whose nested package is damaged, becomes a
 * placeholder box (the world draws it) and a warning: a visitor never sees a
 * crash, a curator sees what to fix. The outer package is borrowed and must
 * outlive the scene. */
#ifndef VT_MUSEUM_SCENE_H
#define VT_MUSEUM_SCENE_H

#include "package/package.h"
#include "render/render.h"
#include "scene/exhibition.h"
#include "world/world.h"

typedef struct museum_scene {
    const vt_package *pkg; /* the exhibition package, borrowed */
    exhibition ex;
    world world;
    uint32_t scan_count;
    vt_package *scans;     /* nested packages; scan_ok says which opened */
    bool *scan_ok;
    render_scan *gpu_scans; /* after upload; {0} for a scan that failed */
    render_static *statics;
    size_t static_count;
    /* One instance per artefact, then one per model room. */
    render_instance *instances;
    uint32_t instance_count;
    uint32_t *instance_scan; /* scan index of each instance */
    uint32_t warnings;       /* placeholders and other problems shown */
} museum_scene;

/* Reads PKG (an exhibition package: pkg_is_exhibition). Diagnostics of the
 * exhibition text go to DIAGS when given. VT_ERR_MALFORMED when the text is
 * not a valid exhibition (a damaged package: the builder validated it). */
vt_result museum_scene_load(museum_scene *s, const vt_package *pkg, exhibition_diags *diags, vt_error_msg *err);
/* GPU side. ALL_NOW: every level before returning (screenshots). */
vt_result museum_scene_upload(museum_scene *s, bool all_now, vt_error_msg *err);
/* Streams up to BUDGET bytes, nearest scans first (EYE). True when
 * something new can be seen. */
bool museum_scene_stream(museum_scene *s, const float eye[3], uint64_t budget);
bool museum_scene_complete(const museum_scene *s);
void museum_scene_close(museum_scene *s);

/* The view a visitor starts with: the first viewpoint, else standing in the
 * first room looking at its first artefact. */
void museum_scene_start_pose(const museum_scene *s, float eye[3], float look_at[3]);

#endif
