/* platform: the window, the GL context, input events and the clock, behind
 * one small interface (raylib's rcore_* split, Quake's vid_*).
 *
 * Two implementations are linked by choice, never both: platform_sdl.c (SDL2:
 * a real window, or SDL's offscreen EGL driver when there is no display) for
 * the viewer, and platform_null.c (no window, no GL, scripted events) for unit
 * tests. Nothing outside this folder includes SDL: the GL loader gets its
 * function pointers through plat_gl_proc_loader. platform_keys.c (key names)
 * is linked with either.
 *
 * Events, as a consumer sees them:
 * - Keys: KEY_DOWN when pressed, KEY_UP when released. Holding a key sends
 *   more KEY_DOWNs marked `repeat` (the OS's auto-repeat): a walker moves
 *   while a key is down between DOWN and UP and ignores repeats; a command
 *   key (1 = viewpoint 1) reacts to DOWN with !repeat only. When the window
 *   loses focus SDL sends KEY_UP for every key still held, so a walker never
 *   keeps walking on its own.
 * - Mouse: positions in drawable pixels (HiDPI scaled), origin top left;
 *   MOUSE_MOVE carries dx, dy, the motion since the previous move, which is
 *   also what arrives in relative mode (plat_set_relative_mouse), where x, y
 *   stop meaning anything.
 * - Touch: only direct touch screens (a laptop's trackpad stays a mouse);
 *   positions and dx, dy in drawable pixels, like the mouse. */
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
    PLAT_EV_KEY_UP,
    PLAT_EV_MOUSE_DOWN,
    PLAT_EV_MOUSE_UP,
    PLAT_EV_MOUSE_MOVE,
    PLAT_EV_WHEEL,
    PLAT_EV_TOUCH_DOWN,
    PLAT_EV_TOUCH_UP,
    PLAT_EV_TOUCH_MOVE,
    PLAT_EV_RESIZE,
} plat_event_type;

/* Keys by what they mean to Vitrine; letters by the letter printed on the
 * key (keycodes, not scancodes), so "T for tour" is T on every layout. The
 * arrows walk on layouts where W A S D are not together (AZERTY). Names for
 * scripts and logs: plat_key_name / plat_key_from_name. */
typedef enum plat_key {
    PLAT_KEY_OTHER,
    PLAT_KEY_ESCAPE,    /* back / quit; also Android's back button */
    PLAT_KEY_F,         /* frame the artefact */
    PLAT_KEY_R,         /* reset the view */
    PLAT_KEY_L,         /* lit mode */
    PLAT_KEY_C,         /* clay mode */
    PLAT_KEY_U,         /* unlit mode */
    PLAT_KEY_M,         /* cycle modes */
    PLAT_KEY_F11,       /* fullscreen */
    PLAT_KEY_S,         /* save a screenshot; walk backward */
    PLAT_KEY_W,         /* walk forward */
    PLAT_KEY_A,         /* step left */
    PLAT_KEY_D,         /* step right */
    PLAT_KEY_UP,
    PLAT_KEY_DOWN,
    PLAT_KEY_LEFT,
    PLAT_KEY_RIGHT,
    PLAT_KEY_0,         /* digits: viewpoints; the keypad's digits too */
    PLAT_KEY_1,
    PLAT_KEY_2,
    PLAT_KEY_3,
    PLAT_KEY_4,
    PLAT_KEY_5,
    PLAT_KEY_6,
    PLAT_KEY_7,
    PLAT_KEY_8,
    PLAT_KEY_9,
    PLAT_KEY_SPACE,
    PLAT_KEY_TAB,
    PLAT_KEY_ENTER,     /* Return and the keypad's Enter */
    PLAT_KEY_BACKSPACE, /* "back", as on Android */
    PLAT_KEY_T,         /* tour */
    PLAT_KEY_P,         /* pause */
    PLAT_KEY_H,         /* help */
    PLAT_KEY_I,         /* information / about */
    PLAT_KEY_PAGEUP,
    PLAT_KEY_PAGEDOWN,
    PLAT_KEY_HOME,
    PLAT_KEY_END,
    PLAT_KEY_COUNT
} plat_key;

typedef enum plat_button {
    PLAT_BUTTON_LEFT = 1,
    PLAT_BUTTON_MIDDLE = 2,
    PLAT_BUTTON_RIGHT = 3,
} plat_button;

typedef struct plat_event {
    plat_event_type type;
    plat_key key;
    bool repeat;       /* KEY_DOWN sent by auto-repeat while the key is held */
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
/* Mouse look: hide the pointer and keep it in the window; MOUSE_MOVE then
 * carries unbounded dx, dy. Off by default. */
void plat_set_relative_mouse(bool on);
double plat_time(void);             /* seconds, monotonic */
const char *plat_video_driver(void);

/* Audio output: the device's own thread calls FN(USER, OUT, FRAMES) to fill
 * OUT with FRAMES interleaved float frames of CHANNELS at RATE (SDL
 * converts if the hardware wants another format). FN must not block or
 * allocate; UI code changes what FN reads between plat_audio_lock and
 * plat_audio_unlock. On a machine with no audio device (CI, a kiosk with
 * sound unplugged) plat_audio_open fails with ERR saying why and the app
 * goes on silent; SDL_AUDIODRIVER=dummy or disk work too. Callable with or
 * without plat_init; plat_audio_close before plat_shutdown. The null
 * platform opens nothing: tests pull frames with plat_null_audio_pull. */
typedef void (*plat_audio_fn)(void *user, float *out, int frames);
bool plat_audio_open(int rate, int channels, plat_audio_fn fn, void *user, vt_error_msg *err);
void plat_audio_close(void);            /* no-op when nothing is open */
void plat_audio_lock(void);             /* blocks FN until unlock; no-op when closed */
void plat_audio_unlock(void);
const char *plat_audio_driver(void);    /* "pulseaudio", "alsa", "dummy", "null"...; "none" when closed */

/* "w", "up", "space", "escape", "1", "f11", "pageup"... lower case, stable
 * (input scripts use them); "other" for PLAT_KEY_OTHER. */
const char *plat_key_name(plat_key key);
/* The key with that name, any case, or a few aliases ("esc", "return",
 * "pgup", "pgdn"); PLAT_KEY_OTHER when none (including NULL and ""). */
plat_key plat_key_from_name(const char *name);

#endif
