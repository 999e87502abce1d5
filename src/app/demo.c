#include "demo.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/file.h"
#include "base/log.h"
#include "scene/dong_son_drum.h"

#ifndef VITRINE_ASSET_DIR
#define VITRINE_ASSET_DIR "assets"
#endif

bool app_demo_gallery(char *path, size_t path_size)
{
    const char *builtin = getenv("VITRINE_DEMO_BUILTIN");
    const char *env = getenv("VITRINE_DEMO");
    if ((builtin && builtin[0] == '1') || (env && env[0]))
        return false;
    char json[1024];
    snprintf(path, path_size, "%s/gallery", VITRINE_ASSET_DIR);
    snprintf(json, sizeof json, "%s/exhibition.json", path);
    return vt_file_check(json, NULL) == VT_OK;
}

bool app_demo_choose(app_demo_view *view, char *path, size_t path_size)
{
    const char *builtin = getenv("VITRINE_DEMO_BUILTIN"); /* tests pin the drum */
    const char *env = getenv("VITRINE_DEMO");
    if (!(builtin && builtin[0] == '1')) {
        if (env && env[0]) {
            /* An explicit choice: errors are reported, not hidden. */
            snprintf(path, path_size, "%s", env);
            *view = (app_demo_view){ .name = env };
            return true;
        }
        snprintf(path, path_size, "%s/demo/belweder-ot-1782.glb", VITRINE_ASSET_DIR);
        if (vt_file_check(path, NULL) == VT_OK) {
            /* The set's screen faces -Z in the file. */
            *view = (app_demo_view){ .name = "Belweder OT-1782 television set (CC0, Virtual Museums of Malopolska)",
                                     .yaw = 200.0f, .pitch = 10.0f };
            return true;
        }
        vt_info("demo scan not fetched (tools/fetch-demo.sh); showing the built-in Dong Son drum");
    }
    /* From above enough to see the sun star on the tympanum. */
    *view = (app_demo_view){ .name = "Dong Son bronze drum (modelled by Vitrine)", .yaw = 20.0f, .pitch = 32.0f,
                             .lit = true };
    return false;
}

bool app_demo_build(scene_model *m) { return scene_make_dong_son_drum(m); }
