/* platform: the window, the GL context, input events and the clock, behind
 * one small interface (raylib's rcore_* split, Quake's vid_*).
 *
 * Two implementations are linked by choice, never both: platform_sdl.c (SDL2:
 * a real window, or SDL's offscreen EGL driver when there is no display) for
 * the viewer, and platform_null.c (no window, no GL, scripted events) for unit
 * tests. Nothing outside this folder includes SDL: the GL loader gets its
 * function pointers through plat_gl_proc_loader. */
#ifndef VT_PLATFORM_H
#define VT_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/result.h"

typedef struct plat_desc {
    const char *title;
    int width, height; /* 0 = 1280 x 720 */
    bool headless;     /* hidden window; offscreen EGL when no display */
    bool fullscreen;   /* kiosk */
} plat_desc;

typedef enum plat_event_type {
    PLAT_EV_NONE,
    PLAT_EV_QUIT,
    PLAT_EV_KEY_DOWN,
    PLAT_EV_MOUSE_DOWN,
    PLAT_EV_MOUSE_UP,
    PLAT_EV_MOUSE_MOVE,
    PLAT_EV_WHEEL,
    PLAT_EV_TOUCH_DOWN,
    PLAT_EV_TOUCH_UP,
    PLAT_EV_TOUCH_MOVE,
    PLAT_EV_RESIZE,
} plat_event_type;

typedef enum plat_key {
    PLAT_KEY_OTHER,
    PLAT_KEY_ESCAPE,
    PLAT_KEY_F,     /* frame the artefact */
    PLAT_KEY_R,     /* reset the view */
    PLAT_KEY_L,     /* lit mode */
    PLAT_KEY_C,     /* clay mode */
    PLAT_KEY_U,     /* unlit mode */
    PLAT_KEY_M,     /* cycle modes */
    PLAT_KEY_F11,   /* fullscreen */
    PLAT_KEY_S,     /* save a screenshot */
} plat_key;

typedef enum plat_button {
    PLAT_BUTTON_LEFT = 1,
    PLAT_BUTTON_MIDDLE = 2,
    PLAT_BUTTON_RIGHT = 3,
} plat_button;

typedef struct plat_event {
    plat_event_type type;
    plat_key key;
    int button;        /* plat_button */
    int clicks;        /* 2 for a double click or double tap */
    bool shift;
    float x, y;        /* drawable pixels, origin top left */
    float dx, dy;      /* motion since the last event, pixels */
    float wheel;       /* + away from the user (zoom in) */
    int64_t finger;    /* touch: which finger */
    int width, height; /* resize: new drawable size */
} plat_event;

typedef void *(*plat_gl_proc)(const char *name);

bool plat_init(const plat_desc *desc, vt_error_msg *err);
void plat_shutdown(void);
plat_gl_proc plat_gl_proc_loader(void);
bool plat_poll(plat_event *ev);     /* false when no more events */
void plat_wait_event(int timeout_ms); /* sleep until input (idle viewer) */
void plat_swap(void);
void plat_drawable_size(int *w, int *h);
void plat_set_fullscreen(bool on);
double plat_time(void);             /* seconds, monotonic */
const char *plat_video_driver(void);

#endif
