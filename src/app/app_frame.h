/* app_frame: the steps every interactive loop of the app shares (the
 * single-scan viewer and the exhibition walk-through), so both behave the
 * same: a clamped time step, the fullscreen toggle, presenting, and
 * numbered screenshots (the S key). */
#ifndef VT_APP_FRAME_H
#define VT_APP_FRAME_H

#include <stdbool.h>

#include "gfx/gfx.h"

/* Seconds since *LAST (then set to NOW), at most 0.1: after a stall the
 * view eases on rather than jumps. */
float app_frame_dt(double now, double *last);
/* Acts on a fullscreen request: flips *FULLSCREEN and clears *WANT. */
void app_frame_fullscreen(bool *want, bool *fullscreen);
/* Shows TARGET in the window. */
void app_frame_present(gfx_target target);
/* Writes TARGET as vitrine-TIME-N.png in the working folder (*SHOT = N,
 * then incremented) and says so on stderr. */
void app_frame_screenshot(gfx_target target, int *shot);

#endif
