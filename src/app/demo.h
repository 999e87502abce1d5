/* demo: what `vitrine` opens with no argument. The demo scan fetched at
 * set-up (tools/fetch-demo.sh: the CC0 "Belweder" OT-1782 television set,
 * Virtual Museums of Małopolska, from its npm package) when it is there;
 * otherwise (or with VITRINE_DEMO_BUILTIN=1) the Đông Sơn drum Vitrine
 * models itself. $VITRINE_DEMO names another scan. */
#ifndef VT_DEMO_H
#define VT_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "scene/model.h"

/* The demo gallery (assets/gallery, "Phòng trưng bày"): what `vitrine`
 * opens with no argument. False, leaving the single-scan demo below, when
 * VITRINE_DEMO or VITRINE_DEMO_BUILTIN=1 pick a scan or the gallery is not
 * there. */
bool app_demo_gallery(char *path, size_t path_size);

/* How the demo is first shown: scans cannot say where their front is, so the
 * demo carries its own. */
typedef struct app_demo_view {
    const char *name;
    float yaw, pitch; /* degrees */
    bool lit;         /* the drum's colour has no baked light: show it lit */
} app_demo_view;

/* True with the scan's path in PATH when the demo is a scan file; false
 * when it is the built-in drum (app_demo_build). */
bool app_demo_choose(app_demo_view *view, char *path, size_t path_size);
bool app_demo_build(scene_model *m);

#endif
