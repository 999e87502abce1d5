/* museum_guide: the audio guide of a walk-through. Hotspots placed in the
 * world (on a scan, through its placement, or in a room), one open at a
 * time: its narration playing in the visitor's language through the mixer,
 * the caption of the moment, play/pause/seek, next and previous stop,
 * keypad entry of stop numbers, and live language switching that resumes
 * at the same sentence. A language the hotspot lacks falls back along
 * LANG -> en -> the exhibition's first, and says so.
 *
 * CPU only (the mixer is driven by the platform's audio callback or, headless,
 * rendered at a fixed step by the app). Media come from the package's media
 * directory (package.h); a missing or damaged medium means no narration, a
 * warning, never a crash. */
#ifndef VT_MUSEUM_GUIDE_H
#define VT_MUSEUM_GUIDE_H

#include <stdbool.h>

#include "audio/audio_decode.h"
#include "audio/audio_mixer.h"
#include "base/arena.h"
#include "media/media_vtt.h"
#include "package/package.h"
#include "scene/exhibition.h"
#include "world/world.h"

#define MUSEUM_GUIDE_KEYPAD_S 1.2 /* a lone digit with no Enter after this is a viewpoint key */

typedef struct museum_guide {
    const exhibition *ex;
    const world *world;
    const vt_package *pkg;
    audio_mixer *mixer;   /* may be NULL: silent, captions still timed by the clock */
    bool locked_audio;    /* the mixer runs on the audio thread: lock around calls */
    int open;             /* hotspot index, or -1 */
    char lang[16];        /* what the visitor chose */
    char text_lang[16];   /* what the texts are shown in (fallback) */
    char audio_lang[16];  /* what the narration is in; "" when there is none */
    audio_source source;
    audio_voice voice;
    bool paused;
    double clock;         /* seconds into the narration when silent (no mixer) */
    float volume;         /* master volume, 0..1 */
    uint32_t generation;  /* changes whenever captions (and their strings) change */
    double duration;
    vt_arena caption_arena;
    media_captions captions;
    /* keypad: digits typed, and when the first came */
    int keypad;
    int keypad_digits;
    double keypad_time;
} museum_guide;

void museum_guide_init(museum_guide *g, const exhibition *ex, const world *w, const vt_package *pkg,
                       audio_mixer *mixer, bool locked_audio, const char *lang);
void museum_guide_free(museum_guide *g);

/* Hotspot I's place in the world and the way it faces. */
void museum_guide_anchor(const museum_guide *g, size_t i, float pos[3], float normal[3]);
int museum_guide_find(const museum_guide *g, const char *id);
int museum_guide_find_stop(const museum_guide *g, int stop);

/* Opens hotspot I (stopping another) and starts its narration at AT
 * seconds. False when I is out of range. */
bool museum_guide_open(museum_guide *g, int i, double at);
void museum_guide_close(museum_guide *g);
/* Next / previous hotspot in document order (wrapping). */
void museum_guide_step(museum_guide *g, int dir);
void museum_guide_toggle_pause(museum_guide *g);
void museum_guide_seek(museum_guide *g, double seconds);
/* Changes the visitor's language; an open narration continues in it from
 * the start of the sentence that was playing. */
void museum_guide_set_lang(museum_guide *g, const char *lang);

/* The master volume, 0..1 (kiosk staff and visitors share one control). */
void museum_guide_set_volume(museum_guide *g, float volume);
float museum_guide_volume(const museum_guide *g);

/* Advances a silent guide's clock (with a mixer the mixer is the clock) and
 * handles the end of a narration. */
void museum_guide_update(museum_guide *g, double dt);
double museum_guide_position(const museum_guide *g);
/* The caption to show now, or NULL. */
const char *museum_guide_caption(const museum_guide *g);
/* The text of hotspot I in the shown language. */
const char *museum_guide_title(const museum_guide *g, size_t i);
const char *museum_guide_body(const museum_guide *g, size_t i);

/* Keypad entry: a digit (0-9) or Enter (-1). Returns the hotspot opened by
 * Enter, or -1. museum_guide_keypad_expired says a lone digit timed out:
 * the caller treats it as a viewpoint key. */
int museum_guide_keypad(museum_guide *g, int digit, double now);
int museum_guide_keypad_expired(museum_guide *g, double now);

/* A language's name in itself ("Tiếng Việt", "中文", …), or the code. */
const char *museum_guide_language_name(const char *code);

#endif
