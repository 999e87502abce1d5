/* demo: what `vitrine` opens with no argument. The demo scan fetched at
 * set-up (tools/fetch-demo.sh: the CC0 "Belweder" OT-1782 television set,
 * Virtual Museums of Małopolska, from its npm package) when it is there;
 * otherwise (or with VITRINE_DEMO_BUILTIN=1) the Đông Sơn drum Vitrine
 * models itself. */
#ifndef VT_DEMO_H
#define VT_DEMO_H

#include <stddef.h>

#include "base/result.h"
#include "scene/model.h"

/* Path of the fetched demo scan, or false. Looks at $VITRINE_DEMO, then the
 * assets/demo folder of the source tree the binary was built from. */
bool app_demo_path(char *out, size_t out_size);

/* How the demo is first shown: scans cannot say where their front is, so the
 * demo carries its own. */
typedef struct app_demo_view {
    const char *name;
    float yaw, pitch; /* degrees */
    bool lit;         /* the drum's colour has no baked light: show it lit */
} app_demo_view;

/* Loads the demo (scan or built-in drum); VIEW says which and how. */
vt_result app_demo_load(scene_model *m, app_demo_view *view, vt_error_msg *err);

#endif
