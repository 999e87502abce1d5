/* platform_null: extra controls of the null platform for tests.
 *
 * Events queue up (256 at most) and come out of plat_poll in order; the
 * helpers below fill in what SDL would: a key's repeat flag, a mouse move's
 * dx, dy from the previous pointer position (the pointer starts at 0, 0
 * after plat_init), a finger's dx, dy from its previous position. The clock
 * only moves when told to (or by plat_wait_event's timeout). */
#ifndef VT_PLATFORM_NULL_H
#define VT_PLATFORM_NULL_H

#include "platform.h"

bool plat_null_push(const plat_event *ev); /* queue an event for plat_poll; false when full */
int plat_null_pending(void);               /* events still queued */
void plat_null_clear(void);                /* drop every queued event */

bool plat_null_key(plat_key key, bool down, bool repeat);
bool plat_null_mouse_move(float x, float y);
bool plat_null_mouse_button(plat_button button, bool down, int clicks); /* at the pointer */
bool plat_null_wheel(float amount);                                      /* at the pointer */
/* type: PLAT_EV_TOUCH_DOWN, _MOVE or _UP. */
bool plat_null_touch(plat_event_type type, int64_t finger, float x, float y);

void plat_null_advance(double seconds); /* move the clock */
void plat_null_set_time(double seconds);
/* Changes what plat_drawable_size answers and queues the RESIZE event. */
bool plat_null_resize(int w, int h);

/* Audio: plat_audio_open only records FN and USER (or fails, when told
 * to, like a machine with no sound card); pull calls FN as the device
 * thread would. False when no audio is open. */
bool plat_null_audio_pull(float *out, int frames);
void plat_null_audio_set_fail(bool fail);
int plat_null_audio_rate(void);     /* as opened; 0 when closed */
int plat_null_audio_channels(void);

/* What the app asked for, so tests can check it. */
bool plat_null_fullscreen(void);
bool plat_null_relative_mouse(void);

#endif
