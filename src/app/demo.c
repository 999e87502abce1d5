#include "demo.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/file.h"
#include "base/log.h"
#include "import/import.h"
#include "scene/dong_son_drum.h"

#ifndef VITRINE_ASSET_DIR
#define VITRINE_ASSET_DIR "assets"
#endif

bool app_demo_path(char *out, size_t out_size)
{
    const char *env = getenv("VITRINE_DEMO");
    if (env && env[0]) {
        snprintf(out, out_size, "%s", env);
        return true; /* an explicit choice: errors are reported, not hidden */
    }
    snprintf(out, out_size, "%s/demo/belweder-ot-1782.glb", VITRINE_ASSET_DIR);
    return vt_file_check(out, NULL) == VT_OK;
}

vt_result app_demo_load(scene_model *m, app_demo_view *view, vt_error_msg *err)
{
    char path[4096];
    const char *builtin = getenv("VITRINE_DEMO_BUILTIN"); /* tests pin the drum */
    if (!(builtin && builtin[0] == '1') && app_demo_path(path, sizeof path)) {
        /* The set's screen faces -Z in the file. */
        *view = (app_demo_view){ .name = "Belweder OT-1782 television set (CC0, Virtual Museums of Malopolska)",
                                 .yaw = 200.0f, .pitch = 10.0f };
        return import_scan(&(import_desc){ .path = path }, m, err);
    }
    vt_info("demo scan not fetched (tools/fetch-demo.sh); showing the built-in Dong Son drum");
    /* From above enough to see the sun star on the tympanum. */
    *view = (app_demo_view){ .name = "Dong Son bronze drum (modelled by Vitrine)", .yaw = 20.0f, .pitch = 32.0f,
                             .lit = true };
    if (!scene_make_dong_son_drum(m)) {
        vt_error_set(err, "out of memory building the demo artefact");
        return VT_ERR_OUT_OF_MEMORY;
    }
    return VT_OK;
}
