/* audio_mixer: the audio guide's voices (narration, ambient room sound,
 * effects) mixed to 48 kHz stereo float.
 *
 * Usage, as the UI drives it:
 *
 *     audio_mixer *mix = audio_mixer_create(&(audio_mixer_desc){ 0 });
 *     // live: the device's thread calls audio_mixer_render through
 *     // plat_audio_open(AUDIO_RATE, AUDIO_CHANNELS, fn, mix, &err); when that
 *     // fails (no sound card) the visit goes on silent.
 *     // headless (--audio-out): the app calls audio_mixer_render itself at a
 *     // fixed step and hands the frames to audio_wav_writer_write.
 *
 *     plat_audio_lock();   // every call below, from the UI thread
 *     audio_voice room = audio_play(mix, &room_src,
 *         &(audio_play_desc){ .role = AUDIO_ROLE_AMBIENT, .loop = true, .volume = 0.5f, .fade_in_ms = 2000 });
 *     audio_mixer_stop_role(mix, AUDIO_ROLE_NARRATION, 300);  // a new hotspot was touched
 *     audio_voice talk = audio_play(mix, &vi_src, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION });
 *     audio_voice_info info;
 *     if (audio_voice_query(mix, talk, &info)) caption_at(info.position);
 *     audio_event ev;
 *     while (audio_mixer_poll_event(mix, &ev))
 *         if (ev.type == AUDIO_EV_ENDED && ev.role == AUDIO_ROLE_NARRATION) next_stop();
 *     plat_audio_unlock();
 *
 * Threads: the mixer has no lock of its own and no clock; every call on one
 * mixer must be serialised by the caller (plat_audio_lock around UI calls
 * while a device is open). audio_mixer_render never blocks and never
 * allocates: all memory (voices, Vorbis decoder state, scratch) is taken at
 * audio_mixer_create. Vorbis is decoded inside render, from the in-memory
 * bytes, a few thousand frames ahead at most; audio_play parses the Vorbis
 * headers, also without allocating: about 0.5 ms each, well inside a 21 ms
 * device period, so calling it under the lock does not starve the device
 * (test_audio prints both costs: decoding three Vorbis voices runs at about
 * 160x real time on one core of the build machine).
 *
 * Sound never jumps: every change of gain (start, stop, pause, resume,
 * volume, master, ducking) is a ramp, at least AUDIO_DECLICK_MS long, and a
 * seek while audible fades out, jumps, and fades back in. While a narration
 * voice plays (and is not fading out), ambient voices are ducked by
 * duck_db, reached in duck_attack_ms and released in duck_release_ms, linear
 * in decibels. Sources at other rates are resampled with 4-point cubic
 * (Catmull-Rom) interpolation; a 48 kHz source passes through unchanged.
 *
 * Voices are handles (slot + generation): a voice that ended or was stopped
 * frees its slot, and its old handle then answers false / does nothing. */
#ifndef VT_AUDIO_MIXER_H
#define VT_AUDIO_MIXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio_decode.h"

#define AUDIO_RATE 48000
#define AUDIO_CHANNELS 2
#define AUDIO_DECLICK_MS 5.0f  /* shortest gain ramp: 240 frames */
#define AUDIO_MAX_VOICES 64

typedef struct audio_mixer audio_mixer;
typedef struct audio_voice {
    uint32_t id; /* 0: no voice */
} audio_voice;

typedef enum audio_role {
    AUDIO_ROLE_EFFECT,    /* neither ducks nor is ducked */
    AUDIO_ROLE_NARRATION, /* ducks the ambient voices while it plays */
    AUDIO_ROLE_AMBIENT,   /* room sound, ducked under narration */
    AUDIO_ROLE_COUNT
} audio_role;

typedef struct audio_mixer_desc {
    int voices;            /* 0 = 8, at most AUDIO_MAX_VOICES */
    float duck_db;         /* ambient level under narration; 0 = -12 (a positive value is negated) */
    float duck_attack_ms;  /* 0 = 150 */
    float duck_release_ms; /* 0 = 600 */
    /* Vorbis decoder memory per voice; 0 = 384 KiB. libvorbis files need
     * 170 to 245 KiB (measured: mono/stereo, 22.05 to 48 kHz, q -0.1 to 1),
     * more with long comments; audio_source.decoder_bytes says exactly. */
    size_t decoder_bytes;
} audio_mixer_desc;

/* NULL only when memory runs out. */
audio_mixer *audio_mixer_create(const audio_mixer_desc *desc);
void audio_mixer_destroy(audio_mixer *m);

/* FRAMES stereo frames (2 * FRAMES floats) into OUT, overwriting it. Pure
 * and deterministic: the same calls in the same order give the same
 * samples, whatever the block sizes. Output is the plain sum (no limiter):
 * narration normalised to -16 LUFS leaves headroom for quiet ambience. */
void audio_mixer_render(audio_mixer *m, float *out, size_t frames);
/* Frames rendered since creation: the mixer's clock. */
uint64_t audio_mixer_frames(const audio_mixer *m);

void audio_mixer_set_master(audio_mixer *m, float volume); /* 0..1, ramped over 20 ms */
float audio_mixer_master(const audio_mixer *m);            /* the target set last */

typedef struct audio_play_desc {
    audio_role role;
    float volume;     /* 0 = 1 (use audio_voice_set_volume for silence) */
    bool loop;        /* seamless: the end runs straight into the start */
    bool paused;      /* start paused at `start`; audio_voice_resume plays it */
    float fade_in_ms; /* 0 = AUDIO_DECLICK_MS */
    double start;     /* seconds into the sound */
} audio_play_desc;

/* A voice playing SRC (copied; its bytes must stay alive until the voice
 * ends). {0} when every voice is busy or a Vorbis stream cannot be opened
 * (a warning names the source). */
audio_voice audio_play(audio_mixer *m, const audio_source *src, const audio_play_desc *desc);

/* Fades out over FADE_MS (at least AUDIO_DECLICK_MS), then frees the voice
 * and posts AUDIO_EV_STOPPED. */
void audio_voice_stop(audio_mixer *m, audio_voice v, float fade_ms);
/* Every voice of ROLE, as audio_voice_stop. */
void audio_mixer_stop_role(audio_mixer *m, audio_role role, float fade_ms);
/* Fades out, then holds the position. */
void audio_voice_pause(audio_mixer *m, audio_voice v, float fade_ms);
/* Plays again from where it paused (also a voice started paused, or one
 * pausing or stopping: it fades back in). */
void audio_voice_resume(audio_mixer *m, audio_voice v, float fade_ms);
/* Jumps to SECONDS (clamped to the length; at the end a voice ends, or a
 * looping one starts over). Audible voices fade out for AUDIO_DECLICK_MS
 * first; position answers the target at once. */
void audio_voice_seek(audio_mixer *m, audio_voice v, double seconds);
/* VOLUME (>= 0, 1 = as recorded), ramped over RAMP_MS (at least AUDIO_DECLICK_MS). */
void audio_voice_set_volume(audio_mixer *m, audio_voice v, float volume, float ramp_ms);
void audio_voice_set_loop(audio_mixer *m, audio_voice v, bool loop);

typedef enum audio_voice_state {
    AUDIO_VOICE_FREE,     /* no such voice (ended, stopped, or a stale handle) */
    AUDIO_VOICE_PLAYING,  /* including fading in */
    AUDIO_VOICE_PAUSING,  /* fading out toward a pause */
    AUDIO_VOICE_PAUSED,
    AUDIO_VOICE_STOPPING, /* fading out, then freed */
} audio_voice_state;

typedef struct audio_voice_info {
    audio_voice_state state;
    audio_role role;
    double position;       /* seconds into the sound, by the frames actually mixed */
    double duration;       /* seconds */
    uint64_t frames_mixed; /* output frames this voice has produced since audio_play */
    float volume;          /* the target set last */
    bool loop;
    const char *name;      /* the source's name; valid while the voice is */
} audio_voice_info;

/* False (and INFO->state FREE) for a voice that is no more. */
bool audio_voice_query(const audio_mixer *m, audio_voice v, audio_voice_info *info);

typedef enum audio_event_type {
    AUDIO_EV_ENDED,   /* played to its end (not looping): auto-advance */
    AUDIO_EV_STOPPED, /* a stop's fade-out finished */
    AUDIO_EV_FAILED,  /* a decode error stopped it mid-stream; `message` says what */
} audio_event_type;

typedef struct audio_event {
    audio_event_type type;
    audio_voice voice; /* already freed: for matching, not for calls */
    audio_role role;
    double position;   /* seconds into the sound when it went */
    uint64_t at_frame; /* audio_mixer_frames when it went */
    char message[160]; /* AUDIO_EV_FAILED: "NAME: what, at T s" */
} audio_event;

/* The oldest event not yet taken; false when none. Holds the last 32; older
 * ones are dropped (and counted) if nobody polls. */
bool audio_mixer_poll_event(audio_mixer *m, audio_event *ev);
int audio_mixer_dropped_events(const audio_mixer *m);

#endif
