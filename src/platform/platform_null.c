/* Null platform (Quake's vid_null.c): no window, no GL, a scripted event
 * queue and a manual clock, so input handling and app logic run in unit
 * tests on machines with no display. */
#include "platform_null.h"

#include <assert.h>
#include <string.h>

#define NULL_QUEUE 256
#define NULL_FINGERS 10

static plat_event _null_queue[NULL_QUEUE];
static int _null_head, _null_tail;
static int _null_w = 1280, _null_h = 720;
static double _null_time;
static bool _null_fullscreen, _null_relative;
static float _null_mouse_x, _null_mouse_y;
/* Last position of each finger down, for touch moves' dx, dy. */
typedef struct _null_finger {
    int64_t id;
    float x, y;
    bool down;
} _null_finger;
static _null_finger _null_fingers[NULL_FINGERS];

bool plat_init(const plat_desc *desc, vt_error_msg *err)
{
    (void)err;
    _null_w = desc->width > 0 ? desc->width : 1280;
    _null_h = desc->height > 0 ? desc->height : 720;
    _null_head = _null_tail = 0;
    _null_time = 0;
    _null_fullscreen = desc->fullscreen;
    _null_relative = false;
    _null_mouse_x = _null_mouse_y = 0;
    memset(_null_fingers, 0, sizeof _null_fingers);
    return true;
}

void plat_shutdown(void) {}

plat_gl_proc plat_gl_proc_loader(void) { return NULL; }

bool plat_poll(plat_event *ev)
{
    if (_null_head == _null_tail)
        return false;
    *ev = _null_queue[_null_head];
    _null_head = (_null_head + 1) % NULL_QUEUE;
    return true;
}

void plat_wait_event(int timeout_ms) { _null_time += timeout_ms / 1000.0; }
void plat_swap(void) {}

void plat_drawable_size(int *w, int *h)
{
    *w = _null_w;
    *h = _null_h;
}

void plat_set_fullscreen(bool on) { _null_fullscreen = on; }
void plat_set_relative_mouse(bool on) { _null_relative = on; }
double plat_time(void) { return _null_time; }
const char *plat_video_driver(void) { return "null"; }

bool plat_null_push(const plat_event *ev)
{
    int next = (_null_tail + 1) % NULL_QUEUE;
    if (next == _null_head)
        return false;
    _null_queue[_null_tail] = *ev;
    _null_tail = next;
    return true;
}

int plat_null_pending(void) { return (_null_tail - _null_head + NULL_QUEUE) % NULL_QUEUE; }
void plat_null_clear(void) { _null_head = _null_tail = 0; }

bool plat_null_key(plat_key key, bool down, bool repeat)
{
    return plat_null_push(&(plat_event){
        .type = down ? PLAT_EV_KEY_DOWN : PLAT_EV_KEY_UP, .key = key, .repeat = down && repeat });
}

bool plat_null_mouse_move(float x, float y)
{
    plat_event ev = {
        .type = PLAT_EV_MOUSE_MOVE, .x = x, .y = y, .dx = x - _null_mouse_x, .dy = y - _null_mouse_y
    };
    _null_mouse_x = x;
    _null_mouse_y = y;
    return plat_null_push(&ev);
}

bool plat_null_mouse_button(plat_button button, bool down, int clicks)
{
    return plat_null_push(&(plat_event){ .type = down ? PLAT_EV_MOUSE_DOWN : PLAT_EV_MOUSE_UP,
                                         .button = (int)button,
                                         .clicks = clicks,
                                         .x = _null_mouse_x,
                                         .y = _null_mouse_y });
}

bool plat_null_wheel(float amount)
{
    return plat_null_push(
        &(plat_event){ .type = PLAT_EV_WHEEL, .wheel = amount, .x = _null_mouse_x, .y = _null_mouse_y });
}

bool plat_null_touch(plat_event_type type, int64_t finger, float x, float y)
{
    assert(type == PLAT_EV_TOUCH_DOWN || type == PLAT_EV_TOUCH_MOVE || type == PLAT_EV_TOUCH_UP);
    plat_event ev = { .type = type, .finger = finger, .x = x, .y = y };
    int slot = -1, free_slot = -1;
    for (int i = 0; i < NULL_FINGERS; i++) {
        if (_null_fingers[i].down && _null_fingers[i].id == finger)
            slot = i;
        else if (!_null_fingers[i].down && free_slot < 0)
            free_slot = i;
    }
    if (slot >= 0 && type != PLAT_EV_TOUCH_DOWN) {
        ev.dx = x - _null_fingers[slot].x;
        ev.dy = y - _null_fingers[slot].y;
    }
    if (slot < 0 && type == PLAT_EV_TOUCH_DOWN)
        slot = free_slot; /* an eleventh finger goes untracked: dx, dy stay 0 */
    if (slot >= 0)
        _null_fingers[slot] = (_null_finger){ .id = finger, .x = x, .y = y, .down = type != PLAT_EV_TOUCH_UP };
    return plat_null_push(&ev);
}

void plat_null_advance(double seconds) { _null_time += seconds; }
void plat_null_set_time(double seconds) { _null_time = seconds; }

bool plat_null_resize(int w, int h)
{
    _null_w = w;
    _null_h = h;
    return plat_null_push(&(plat_event){ .type = PLAT_EV_RESIZE, .width = w, .height = h });
}

bool plat_null_fullscreen(void) { return _null_fullscreen; }
bool plat_null_relative_mouse(void) { return _null_relative; }

static plat_audio_fn _null_audio_fn;
static void *_null_audio_user;
static int _null_audio_rate, _null_audio_channels;
static bool _null_audio_fail;

bool plat_audio_open(int rate, int channels, plat_audio_fn fn, void *user, vt_error_msg *err)
{
    assert(fn && rate > 0 && channels > 0);
    if (_null_audio_fail) {
        vt_error_set(err, "no audio device (null platform told to fail)");
        return false;
    }
    _null_audio_fn = fn;
    _null_audio_user = user;
    _null_audio_rate = rate;
    _null_audio_channels = channels;
    return true;
}

void plat_audio_close(void)
{
    _null_audio_fn = NULL;
    _null_audio_user = NULL;
    _null_audio_rate = _null_audio_channels = 0;
}

void plat_audio_lock(void) {}
void plat_audio_unlock(void) {}
const char *plat_audio_driver(void) { return _null_audio_fn ? "null" : "none"; }

bool plat_null_audio_pull(float *out, int frames)
{
    if (!_null_audio_fn)
        return false;
    _null_audio_fn(_null_audio_user, out, frames);
    return true;
}

void plat_null_audio_set_fail(bool fail) { _null_audio_fail = fail; }
int plat_null_audio_rate(void) { return _null_audio_rate; }
int plat_null_audio_channels(void) { return _null_audio_channels; }
