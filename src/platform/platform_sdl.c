/* SDL2 platform: window + GL 3.3 core context + events. The only file that
 * includes SDL. */
#define _POSIX_C_SOURCE 200809L
#include "platform.h"

#include <SDL2/SDL.h>
#include <stdlib.h>

static SDL_Window *_plat_window;
static SDL_GLContext _plat_gl;

static void *_plat_get_proc(const char *name) { return SDL_GL_GetProcAddress(name); }

bool plat_init(const plat_desc *desc, vt_error_msg *err)
{
    /* With no display at all, render through EGL with no X server (SDL's
     * offscreen driver); an explicit SDL_VIDEODRIVER still wins. */
    if (desc->headless && !getenv("SDL_VIDEODRIVER") && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    /* Touch is handled as touch (pinch, two-finger pan), not as a mouse. */
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        vt_error_set(err, "cannot start video: %s", SDL_GetError());
        return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    /* Depth and MSAA live in our own framebuffer (gfx_target), so the
     * window and a headless screenshot go through the same pixels. */
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    int w = desc->width > 0 ? desc->width : 1280;
    int h = desc->height > 0 ? desc->height : 720;
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
    flags |= desc->headless ? SDL_WINDOW_HIDDEN : SDL_WINDOW_RESIZABLE;
    if (desc->fullscreen && !desc->headless)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    _plat_window = SDL_CreateWindow(desc->title ? desc->title : "Vitrine", SDL_WINDOWPOS_CENTERED,
                                    SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!_plat_window) {
        vt_error_set(err, "cannot open a window (%s driver): %s", SDL_GetCurrentVideoDriver(), SDL_GetError());
        SDL_Quit();
        return false;
    }
    _plat_gl = SDL_GL_CreateContext(_plat_window);
    if (!_plat_gl) {
        vt_error_set(err, "cannot create an OpenGL 3.3 core context: %s", SDL_GetError());
        SDL_DestroyWindow(_plat_window);
        SDL_Quit();
        return false;
    }
    SDL_GL_SetSwapInterval(1);
    return true;
}

void plat_shutdown(void)
{
    if (_plat_gl)
        SDL_GL_DeleteContext(_plat_gl);
    if (_plat_window)
        SDL_DestroyWindow(_plat_window);
    _plat_gl = NULL;
    _plat_window = NULL;
    SDL_Quit();
}

plat_gl_proc plat_gl_proc_loader(void) { return _plat_get_proc; }

static plat_key _plat_key(SDL_Keycode k)
{
    if (k >= SDLK_0 && k <= SDLK_9)
        return (plat_key)(PLAT_KEY_0 + (k - SDLK_0));
    switch (k) {
    case SDLK_ESCAPE: return PLAT_KEY_ESCAPE;
    case SDLK_AC_BACK: return PLAT_KEY_ESCAPE;
    case SDLK_f: return PLAT_KEY_F;
    case SDLK_r: return PLAT_KEY_R;
    case SDLK_l: return PLAT_KEY_L;
    case SDLK_c: return PLAT_KEY_C;
    case SDLK_u: return PLAT_KEY_U;
    case SDLK_m: return PLAT_KEY_M;
    case SDLK_F11: return PLAT_KEY_F11;
    case SDLK_s: return PLAT_KEY_S;
    case SDLK_w: return PLAT_KEY_W;
    case SDLK_a: return PLAT_KEY_A;
    case SDLK_d: return PLAT_KEY_D;
    case SDLK_t: return PLAT_KEY_T;
    case SDLK_p: return PLAT_KEY_P;
    case SDLK_h: return PLAT_KEY_H;
    case SDLK_i: return PLAT_KEY_I;
    case SDLK_UP: return PLAT_KEY_UP;
    case SDLK_DOWN: return PLAT_KEY_DOWN;
    case SDLK_LEFT: return PLAT_KEY_LEFT;
    case SDLK_RIGHT: return PLAT_KEY_RIGHT;
    case SDLK_SPACE: return PLAT_KEY_SPACE;
    case SDLK_TAB: return PLAT_KEY_TAB;
    case SDLK_RETURN: return PLAT_KEY_ENTER;
    case SDLK_KP_ENTER: return PLAT_KEY_ENTER;
    case SDLK_BACKSPACE: return PLAT_KEY_BACKSPACE;
    case SDLK_PAGEUP: return PLAT_KEY_PAGEUP;
    case SDLK_PAGEDOWN: return PLAT_KEY_PAGEDOWN;
    case SDLK_HOME: return PLAT_KEY_HOME;
    case SDLK_END: return PLAT_KEY_END;
    /* A kiosk keyboard may be only a keypad. */
    case SDLK_KP_0: return PLAT_KEY_0;
    case SDLK_KP_1: return PLAT_KEY_1;
    case SDLK_KP_2: return PLAT_KEY_2;
    case SDLK_KP_3: return PLAT_KEY_3;
    case SDLK_KP_4: return PLAT_KEY_4;
    case SDLK_KP_5: return PLAT_KEY_5;
    case SDLK_KP_6: return PLAT_KEY_6;
    case SDLK_KP_7: return PLAT_KEY_7;
    case SDLK_KP_8: return PLAT_KEY_8;
    case SDLK_KP_9: return PLAT_KEY_9;
    default: return PLAT_KEY_OTHER;
    }
}

/* Mouse coordinates come in window points; scale to drawable pixels so HiDPI
 * screens hit what is under the cursor. */
static void _plat_scale(float *x, float *y)
{
    int ww, wh, dw, dh;
    SDL_GetWindowSize(_plat_window, &ww, &wh);
    SDL_GL_GetDrawableSize(_plat_window, &dw, &dh);
    if (ww > 0 && wh > 0) {
        *x *= (float)dw / (float)ww;
        *y *= (float)dh / (float)wh;
    }
}

bool plat_poll(plat_event *ev)
{
    SDL_Event e;
    int tw, th;
    while (SDL_PollEvent(&e)) {
        *ev = (plat_event){ 0 };
        switch (e.type) {
        case SDL_QUIT:
            ev->type = PLAT_EV_QUIT;
            return true;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            ev->type = e.type == SDL_KEYDOWN ? PLAT_EV_KEY_DOWN : PLAT_EV_KEY_UP;
            ev->key = _plat_key(e.key.keysym.sym);
            ev->repeat = e.key.repeat != 0;
            ev->shift = (e.key.keysym.mod & KMOD_SHIFT) != 0;
            return true;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (e.button.which == SDL_TOUCH_MOUSEID)
                continue;
            ev->type = e.type == SDL_MOUSEBUTTONDOWN ? PLAT_EV_MOUSE_DOWN : PLAT_EV_MOUSE_UP;
            ev->button = e.button.button == SDL_BUTTON_LEFT    ? PLAT_BUTTON_LEFT
                         : e.button.button == SDL_BUTTON_RIGHT ? PLAT_BUTTON_RIGHT
                                                               : PLAT_BUTTON_MIDDLE;
            ev->clicks = e.button.clicks;
            ev->x = (float)e.button.x;
            ev->y = (float)e.button.y;
            ev->shift = (SDL_GetModState() & KMOD_SHIFT) != 0;
            _plat_scale(&ev->x, &ev->y);
            return true;
        case SDL_MOUSEMOTION:
            if (e.motion.which == SDL_TOUCH_MOUSEID)
                continue;
            ev->type = PLAT_EV_MOUSE_MOVE;
            ev->x = (float)e.motion.x;
            ev->y = (float)e.motion.y;
            ev->dx = (float)e.motion.xrel;
            ev->dy = (float)e.motion.yrel;
            _plat_scale(&ev->x, &ev->y);
            _plat_scale(&ev->dx, &ev->dy);
            return true;
        case SDL_MOUSEWHEEL: {
            int mx, my;
            SDL_GetMouseState(&mx, &my);
            ev->type = PLAT_EV_WHEEL;
            ev->wheel = e.wheel.preciseY;
            if (e.wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
                ev->wheel = -ev->wheel;
            ev->x = (float)mx;
            ev->y = (float)my;
            _plat_scale(&ev->x, &ev->y);
            return true;
        }
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
        case SDL_FINGERMOTION:
            /* Trackpads report fingers too, normalised to the pad rather
             * than the window; they already move the mouse. */
            if (SDL_GetTouchDeviceType(e.tfinger.touchId) != SDL_TOUCH_DEVICE_DIRECT)
                continue;
            /* SDL normalises direct touches to the window (0..1); scale by
             * the drawable size read now (a resize or a move to a screen
             * of another density may not have reached us yet as an event),
             * so fingers and the mouse share one pixel space. */
            plat_drawable_size(&tw, &th);
            ev->type = e.type == SDL_FINGERDOWN ? PLAT_EV_TOUCH_DOWN
                       : e.type == SDL_FINGERUP ? PLAT_EV_TOUCH_UP
                                                : PLAT_EV_TOUCH_MOVE;
            ev->finger = (int64_t)e.tfinger.fingerId;
            ev->x = e.tfinger.x * (float)tw;
            ev->y = e.tfinger.y * (float)th;
            ev->dx = e.tfinger.dx * (float)tw;
            ev->dy = e.tfinger.dy * (float)th;
            return true;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                ev->type = PLAT_EV_RESIZE;
                plat_drawable_size(&ev->width, &ev->height);
                return true;
            }
            continue;
        default:
            continue;
        }
    }
    return false;
}

void plat_wait_event(int timeout_ms) { SDL_WaitEventTimeout(NULL, timeout_ms); }

void plat_swap(void) { SDL_GL_SwapWindow(_plat_window); }

void plat_drawable_size(int *w, int *h) { SDL_GL_GetDrawableSize(_plat_window, w, h); }

void plat_set_fullscreen(bool on)
{
    SDL_SetWindowFullscreen(_plat_window, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
}

void plat_set_relative_mouse(bool on) { SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE); }

double plat_time(void) { return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency(); }

const char *plat_video_driver(void)
{
    const char *d = SDL_GetCurrentVideoDriver();
    return d ? d : "none";
}

/* Audio: one output device, opened apart from the window so a machine with
 * no sound card (or a failure there) costs only the sound. */
static SDL_AudioDeviceID _plat_audio_dev;
static plat_audio_fn _plat_audio_fn;
static void *_plat_audio_user;
static int _plat_audio_channels;

static void _plat_audio_callback(void *ud, Uint8 *stream, int len)
{
    (void)ud;
    int frames = len / (int)(sizeof(float) * (size_t)_plat_audio_channels);
    _plat_audio_fn(_plat_audio_user, (float *)(void *)stream, frames);
}

bool plat_audio_open(int rate, int channels, plat_audio_fn fn, void *user, vt_error_msg *err)
{
    if (_plat_audio_dev)
        plat_audio_close();
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        vt_error_set(err, "no audio: %s", SDL_GetError());
        return false;
    }
    _plat_audio_fn = fn;
    _plat_audio_user = user;
    _plat_audio_channels = channels;
    /* 1024 frames at 48 kHz: 21 ms per callback, short enough that a
     * narration starts "at once" on touch, long enough not to starve a
     * weak kiosk. No allowed changes: SDL converts to what the hardware
     * takes, so FN always sees the format asked for. */
    SDL_AudioSpec want = { .freq = rate,
                           .format = AUDIO_F32SYS,
                           .channels = (Uint8)channels,
                           .samples = 1024,
                           .callback = _plat_audio_callback };
    SDL_AudioSpec have;
    _plat_audio_dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!_plat_audio_dev) {
        vt_error_set(err, "no audio device (%s driver): %s",
                     SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "no", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return false;
    }
    SDL_PauseAudioDevice(_plat_audio_dev, 0);
    return true;
}

void plat_audio_close(void)
{
    if (!_plat_audio_dev)
        return;
    SDL_CloseAudioDevice(_plat_audio_dev);
    _plat_audio_dev = 0;
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void plat_audio_lock(void)
{
    if (_plat_audio_dev)
        SDL_LockAudioDevice(_plat_audio_dev);
}

void plat_audio_unlock(void)
{
    if (_plat_audio_dev)
        SDL_UnlockAudioDevice(_plat_audio_dev);
}

const char *plat_audio_driver(void)
{
    const char *d = _plat_audio_dev ? SDL_GetCurrentAudioDriver() : NULL;
    return d ? d : "none";
}
