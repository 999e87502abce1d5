/* Null platform (Quake's vid_null.c): no window, no GL, a scripted event
 * queue and a manual clock, so input handling and app logic run in unit
 * tests on machines with no display. */
#include "platform_null.h"

#include <string.h>

#define NULL_QUEUE 256

static plat_event _null_queue[NULL_QUEUE];
static int _null_head, _null_tail;
static int _null_w = 1280, _null_h = 720;
static double _null_time;

bool plat_init(const plat_desc *desc, vt_error_msg *err)
{
    (void)err;
    _null_w = desc->width > 0 ? desc->width : 1280;
    _null_h = desc->height > 0 ? desc->height : 720;
    _null_head = _null_tail = 0;
    _null_time = 0;
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

void plat_set_fullscreen(bool on) { (void)on; }
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

void plat_null_advance(double seconds) { _null_time += seconds; }
