#include "app_frame.h"

#include <stdio.h>
#include <time.h>

#include "app/screenshot.h"
#include "base/log.h"
#include "platform/platform.h"

float app_frame_dt(double now, double *last)
{
    float dt = (float)(now - *last);
    *last = now;
    return dt > 0.1f ? 0.1f : dt;
}

void app_frame_fullscreen(bool *want, bool *fullscreen)
{
    if (!*want)
        return;
    *fullscreen = !*fullscreen;
    plat_set_fullscreen(*fullscreen);
    *want = false;
}

void app_frame_present(gfx_target target)
{
    int w, h;
    plat_drawable_size(&w, &h);
    gfx_present_target(target, w, h);
    plat_swap();
}

void app_frame_screenshot(gfx_target target, int *shot)
{
    char name[64];
    snprintf(name, sizeof name, "vitrine-%ld-%d.png", (long)time(NULL), (*shot)++);
    vt_error_msg err = { { 0 } };
    if (app_write_screenshot(target, name, &err) == VT_OK)
        fprintf(stderr, "vitrine: saved %s\n", name);
    else
        vt_error("%s", err.text);
}
