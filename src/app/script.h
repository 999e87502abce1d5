/* script: deterministic input scripts (`vitrine --script FILE`), Quake's
 * demo recording turned into a text file a tester writes by hand.
 *
 * A script is a list of timed lines ("2.0 key w up", "+0.5 click 640 500",
 * "3.0 mouse drag 640 360 800 360 0.5"); docs/input-script.md is the manual.
 * Loading parses and checks every line (errors name FILE:LINE:COLUMN and how
 * to fix them) and keeps the lines; nothing is expanded yet. Playing turns
 * them into plat_events, exactly as platform_sdl.c would deliver them:
 * drawable pixels, dx, dy on every move from the previous pointer position,
 * clicks = 1 / 2, a move to where a click happens when the pointer is
 * elsewhere. Drags and glides are cut into one move per step, so a run at a
 * fixed time step gets the same events at the same steps every time.
 *
 *     app_script s;
 *     if (app_script_load(path, &s, &err) != VT_OK) { print err; exit 3; }
 *     app_script_set_step(&s, 1.0 / 30);  // the run's fixed step
 *     app_script_set_view(&s, w, h);      // drawable size, for scaling
 *     for (int frame = 0; ; frame++) {
 *         double t = frame / 30.0;
 *         plat_event ev;
 *         while (app_script_poll(&s, t, &ev)) handle(&ev, t);
 *         update(1.0 / 30); render();
 *         if (t >= app_script_duration(&s)) break;  // screenshot here
 *     }
 *     app_script_free(&s);
 *
 * Memory: one arena per script, freed by app_script_free. Polling allocates
 * nothing. Not thread-safe (one player per script). */
#ifndef VT_APP_SCRIPT_H
#define VT_APP_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/result.h"
#include "platform/platform.h"

/* Limits: a script is a test or a demo, not a recording of a day. */
#define APP_SCRIPT_MAX_TIME 86400.0   /* seconds: times and durations */
#define APP_SCRIPT_MAX_BYTES (4u << 20)
#define APP_SCRIPT_FINGERS 10         /* touch finger ids 0..9 */
#define APP_SCRIPT_DEFAULT_STEP (1.0 / 30.0)
#define APP_SCRIPT_SETTLE_S 1.0       /* after the last event when there is no "end" */
#define APP_SCRIPT_DOUBLE_GAP_S 0.1   /* between the two clicks or taps of a double */
#define APP_SCRIPT_DRAG_S 0.5         /* a drag's duration when the line gives none */

typedef struct app_script_line app_script_line; /* one parsed line, private */

typedef struct app_script {
    vt_arena arena;
    app_script_line *lines;
    int line_count;
    int size_w, size_h;  /* "size WxH": what coordinates refer to; 0 = the view's */
    double end_time;     /* "end", or -1 */
    double duration;     /* when the run is over (the screenshot is taken) */
    /* playback */
    double step;
    int view_w, view_h;
    bool started;
    int first_open;      /* lines before it have sent all their events */
    float mouse_x, mouse_y;
    float finger_x[APP_SCRIPT_FINGERS], finger_y[APP_SCRIPT_FINGERS];
} app_script;

/* Reads and parses PATH. On failure ERR says "PATH:LINE:COLUMN: what — fix"
 * (or why the file cannot be read) and *OUT holds nothing to free. */
vt_result app_script_load(const char *path, app_script *out, vt_error_msg *err);
/* The same from memory; NAME stands for the file in messages. TEXT need not
 * end with a NUL and may hold any bytes. */
vt_result app_script_parse(const char *text, size_t size, const char *name, app_script *out, vt_error_msg *err);
void app_script_free(app_script *s);

/* Playback settings, before the first poll (or after a rewind). STEP: the
 * run's fixed time step, 1e-3..1 s (default 1/30). W x H: the drawable size
 * coordinates are scaled to (default: the script's size, else 1280 x 720). */
void app_script_set_step(app_script *s, double step);
void app_script_set_view(app_script *s, int w, int h);

/* The next event due at time T (seconds from the start), in order; false
 * when none is due yet. Call until false once per step, T never going
 * backwards. Events after "end" never come. */
bool app_script_poll(app_script *s, double t, plat_event *out);
/* Back to the start, pointer in the middle of the view, as after loading. */
void app_script_rewind(app_script *s);
/* When the run is over: "end", else the last event + APP_SCRIPT_SETTLE_S
 * (a final "wait" sets it exactly). */
double app_script_duration(const app_script *s);

#endif
