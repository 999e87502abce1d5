/* The mixer behind audio_mixer.h: voice slots, resampling, gain ramps,
 * ducking and the event queue. */
#include "audio_mixer.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

#define _AUDIO_BLOCK 256      /* frames mixed at a time inside render */
#define _AUDIO_EVENTS 32
#define _AUDIO_MASTER_MS 20.0f
#define _AUDIO_SLOT_BITS 8    /* handle: generation << 8 | (slot + 1) */

/* A linear ramp toward a target, one step per frame: the only way any gain
 * changes, so no change is ever a step. */
typedef struct _audio_ramp {
    float value, target, step;
    int left;
} _audio_ramp;

static int _audio_ms_frames(float ms)
{
    if (!(ms >= AUDIO_DECLICK_MS)) /* also NaN */
        ms = AUDIO_DECLICK_MS;
    if (ms > 600000.0f)
        ms = 600000.0f;
    return (int)lroundf(ms * (AUDIO_RATE / 1000.0f));
}

static void _audio_ramp_to(_audio_ramp *r, float target, int frames)
{
    r->target = target;
    r->left = frames > 0 ? frames : 1;
    r->step = (target - r->value) / (float)r->left;
}

static float _audio_ramp_next(_audio_ramp *r)
{
    if (r->left > 0) {
        r->value += r->step;
        if (--r->left == 0)
            r->value = r->target;
    }
    return r->value;
}

typedef struct _audio_slot {
    uint32_t gen;
    audio_voice_state state;
    audio_role role;
    bool loop;
    audio_decoder dec;
    void *mem; /* this slot's share of the decoder memory */

    /* Decoded frames not yet taken by the resampler. */
    float in[_AUDIO_BLOCK * 2];
    int in_len, in_pos;

    /* Resampler: hist[1] is source frame `n`, the output sits at
     * n + frac / AUDIO_RATE (exact rational steps, so position never
     * drifts); hist[0], [2], [3] are its neighbours. */
    bool primed;
    uint64_t prime_at; /* where priming starts (play, or a seek while silent) */
    float hist[4][2];
    uint64_t n;
    uint32_t frac;

    _audio_ramp vol, fade, click;
    bool seek_pending; /* fading out (click) before jumping to seek_to */
    uint64_t seek_to;
    uint64_t frames_mixed;
    audio_event_type end_event; /* posted when a STOPPING voice goes */
    char message[160];
} _audio_slot;

struct audio_mixer {
    int voice_count;
    _audio_slot *slots;
    unsigned char *decoder_mem;
    size_t decoder_bytes;
    float duck_db, duck_attack_db, duck_release_db; /* dB, dB per frame */
    float duck_now;                                 /* dB, 0 or below */
    _audio_ramp master;
    uint64_t frames;
    audio_event events[_AUDIO_EVENTS];
    int ev_head, ev_count, ev_dropped;
    float mix[_AUDIO_BLOCK * 2];
    unsigned char narrating[_AUDIO_BLOCK];
    float duck_gain[_AUDIO_BLOCK];
};

audio_mixer *audio_mixer_create(const audio_mixer_desc *desc)
{
    audio_mixer_desc d = desc ? *desc : (audio_mixer_desc){ 0 };
    int voices = d.voices > 0 ? d.voices : 8;
    assert(voices <= AUDIO_MAX_VOICES);
    float duck = d.duck_db != 0.0f ? -fabsf(d.duck_db) : -12.0f;
    float attack = d.duck_attack_ms > 0.0f ? d.duck_attack_ms : 150.0f;
    float release = d.duck_release_ms > 0.0f ? d.duck_release_ms : 600.0f;
    size_t dbytes = d.decoder_bytes > 0 ? (d.decoder_bytes + 15u) & ~(size_t)15u : 384u * 1024u;

    audio_mixer *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->slots = calloc((size_t)voices, sizeof *m->slots);
    m->decoder_mem = malloc((size_t)voices * dbytes);
    if (!m->slots || !m->decoder_mem) {
        audio_mixer_destroy(m);
        return NULL;
    }
    m->voice_count = voices;
    m->decoder_bytes = dbytes;
    for (int i = 0; i < voices; i++) {
        m->slots[i].mem = m->decoder_mem + (size_t)i * dbytes;
        m->slots[i].gen = 1;
    }
    m->duck_db = duck;
    m->duck_attack_db = -duck / (attack * (AUDIO_RATE / 1000.0f));
    m->duck_release_db = -duck / (release * (AUDIO_RATE / 1000.0f));
    m->master = (_audio_ramp){ .value = 1.0f, .target = 1.0f };
    return m;
}

void audio_mixer_destroy(audio_mixer *m)
{
    if (!m)
        return;
    if (m->slots)
        for (int i = 0; i < m->voice_count; i++)
            if (m->slots[i].state != AUDIO_VOICE_FREE)
                audio_decoder_close(&m->slots[i].dec);
    free(m->slots);
    free(m->decoder_mem);
    free(m);
}

uint64_t audio_mixer_frames(const audio_mixer *m) { return m->frames; }

void audio_mixer_set_master(audio_mixer *m, float volume)
{
    if (!(volume >= 0.0f))
        volume = 0.0f;
    if (volume > 1.0f)
        volume = 1.0f;
    _audio_ramp_to(&m->master, volume, _audio_ms_frames(_AUDIO_MASTER_MS));
}

float audio_mixer_master(const audio_mixer *m) { return m->master.target; }

static _audio_slot *_audio_slot_of(const audio_mixer *m, audio_voice v)
{
    uint32_t index = (v.id & ((1u << _AUDIO_SLOT_BITS) - 1u));
    if (index == 0 || (int)index > m->voice_count)
        return NULL;
    _audio_slot *s = &m->slots[index - 1];
    if (s->state == AUDIO_VOICE_FREE || s->gen != v.id >> _AUDIO_SLOT_BITS)
        return NULL;
    return s;
}

static audio_voice _audio_handle(const audio_mixer *m, const _audio_slot *s)
{
    return (audio_voice){ s->gen << _AUDIO_SLOT_BITS | (uint32_t)(s - m->slots + 1) };
}

static void _audio_post(audio_mixer *m, const audio_event *ev)
{
    if (m->ev_count == _AUDIO_EVENTS) {
        m->ev_head = (m->ev_head + 1) % _AUDIO_EVENTS;
        m->ev_count--;
        m->ev_dropped++;
    }
    m->events[(m->ev_head + m->ev_count) % _AUDIO_EVENTS] = *ev;
    m->ev_count++;
}

bool audio_mixer_poll_event(audio_mixer *m, audio_event *ev)
{
    if (m->ev_count == 0)
        return false;
    *ev = m->events[m->ev_head];
    m->ev_head = (m->ev_head + 1) % _AUDIO_EVENTS;
    m->ev_count--;
    return true;
}

int audio_mixer_dropped_events(const audio_mixer *m) { return m->ev_dropped; }

static double _audio_slot_position(const _audio_slot *s)
{
    const audio_source *src = &s->dec.src;
    double frame;
    if (s->seek_pending)
        frame = (double)s->seek_to;
    else if (!s->primed)
        frame = (double)s->prime_at;
    else
        frame = (double)s->n + (double)s->frac / AUDIO_RATE;
    if (frame > (double)src->frames)
        frame = (double)src->frames;
    return frame / src->rate;
}

static void _audio_free_slot(audio_mixer *m, _audio_slot *s, audio_event_type type, uint64_t at)
{
    audio_event ev = { .type = type,
                       .voice = _audio_handle(m, s),
                       .role = s->role,
                       .position = _audio_slot_position(s),
                       .at_frame = at };
    if (type == AUDIO_EV_FAILED)
        memcpy(ev.message, s->message, sizeof ev.message);
    audio_decoder_close(&s->dec);
    s->state = AUDIO_VOICE_FREE;
    /* The next handle for this slot differs from every earlier one (until
     * 2^24 reuses). */
    s->gen = (s->gen + 1) & ((1u << (32 - _AUDIO_SLOT_BITS)) - 1u);
    if (s->gen == 0)
        s->gen = 1;
    _audio_post(m, &ev);
}

audio_voice audio_play(audio_mixer *m, const audio_source *src, const audio_play_desc *desc)
{
    audio_play_desc d = desc ? *desc : (audio_play_desc){ 0 };
    assert(src && src->rate > 0 && (unsigned)d.role < AUDIO_ROLE_COUNT);
    _audio_slot *s = NULL;
    for (int i = 0; i < m->voice_count && !s; i++)
        if (m->slots[i].state == AUDIO_VOICE_FREE)
            s = &m->slots[i];
    if (!s) {
        vt_warn("%s: not played: all %d voices are busy", src->name, m->voice_count);
        return (audio_voice){ 0 };
    }
    vt_error_msg err;
    if (audio_decoder_open(&s->dec, src, s->mem, m->decoder_bytes, &err) != VT_OK) {
        vt_warn("%s", err.text);
        return (audio_voice){ 0 };
    }
    float volume = d.volume > 0.0f ? (d.volume < 4.0f ? d.volume : 4.0f) : 1.0f;
    double start = d.start > 0.0 ? d.start * src->rate : 0.0;
    s->state = d.paused ? AUDIO_VOICE_PAUSED : AUDIO_VOICE_PLAYING;
    s->role = d.role;
    s->loop = d.loop;
    s->in_len = s->in_pos = 0;
    s->primed = false;
    s->prime_at = start < (double)src->frames ? (uint64_t)start : src->frames;
    s->vol = (_audio_ramp){ .value = volume, .target = volume };
    s->fade = (_audio_ramp){ 0 };
    if (!d.paused)
        _audio_ramp_to(&s->fade, 1.0f, _audio_ms_frames(d.fade_in_ms));
    s->click = (_audio_ramp){ .value = 1.0f, .target = 1.0f };
    s->seek_pending = false;
    s->frames_mixed = 0;
    s->end_event = AUDIO_EV_STOPPED;
    s->message[0] = 0;
    return _audio_handle(m, s);
}

static void _audio_fade_out(_audio_slot *s, audio_voice_state to, float fade_ms)
{
    s->state = to;
    if (s->fade.value == 0.0f)
        s->fade = (_audio_ramp){ 0 }; /* already silent (paused): go at once */
    else
        _audio_ramp_to(&s->fade, 0.0f, _audio_ms_frames(fade_ms));
}

void audio_voice_stop(audio_mixer *m, audio_voice v, float fade_ms)
{
    _audio_slot *s = _audio_slot_of(m, v);
    if (s && s->state != AUDIO_VOICE_STOPPING)
        _audio_fade_out(s, AUDIO_VOICE_STOPPING, fade_ms);
}

void audio_mixer_stop_role(audio_mixer *m, audio_role role, float fade_ms)
{
    for (int i = 0; i < m->voice_count; i++) {
        _audio_slot *s = &m->slots[i];
        if (s->state != AUDIO_VOICE_FREE && s->state != AUDIO_VOICE_STOPPING && s->role == role)
            _audio_fade_out(s, AUDIO_VOICE_STOPPING, fade_ms);
    }
}

void audio_voice_pause(audio_mixer *m, audio_voice v, float fade_ms)
{
    _audio_slot *s = _audio_slot_of(m, v);
    if (s && s->state == AUDIO_VOICE_PLAYING)
        _audio_fade_out(s, AUDIO_VOICE_PAUSING, fade_ms);
}

void audio_voice_resume(audio_mixer *m, audio_voice v, float fade_ms)
{
    _audio_slot *s = _audio_slot_of(m, v);
    if (!s || s->state == AUDIO_VOICE_PLAYING || s->end_event == AUDIO_EV_FAILED)
        return;
    s->state = AUDIO_VOICE_PLAYING;
    _audio_ramp_to(&s->fade, 1.0f, _audio_ms_frames(fade_ms));
}

void audio_voice_seek(audio_mixer *m, audio_voice v, double seconds)
{
    _audio_slot *s = _audio_slot_of(m, v);
    if (!s)
        return;
    const audio_source *src = &s->dec.src;
    double f = seconds > 0.0 ? seconds * src->rate : 0.0;
    uint64_t target = f < (double)src->frames ? (uint64_t)f : src->frames;
    bool silent = s->state == AUDIO_VOICE_PAUSED || !s->primed || (s->fade.value == 0.0f && s->fade.left == 0);
    if (silent) {
        /* Nothing is heard: jump now (priming happens in render). */
        s->primed = false;
        s->prime_at = target;
        s->seek_pending = false;
        return;
    }
    s->seek_pending = true;
    s->seek_to = target;
    _audio_ramp_to(&s->click, 0.0f, _audio_ms_frames(AUDIO_DECLICK_MS));
}

void audio_voice_set_volume(audio_mixer *m, audio_voice v, float volume, float ramp_ms)
{
    _audio_slot *s = _audio_slot_of(m, v);
    if (!s)
        return;
    if (!(volume >= 0.0f))
        volume = 0.0f;
    if (volume > 4.0f)
        volume = 4.0f;
    _audio_ramp_to(&s->vol, volume, _audio_ms_frames(ramp_ms));
}

void audio_voice_set_loop(audio_mixer *m, audio_voice v, bool loop)
{
    _audio_slot *s = _audio_slot_of(m, v);
    if (s)
        s->loop = loop;
}

bool audio_voice_query(const audio_mixer *m, audio_voice v, audio_voice_info *info)
{
    const _audio_slot *s = _audio_slot_of(m, v);
    if (!s) {
        *info = (audio_voice_info){ .state = AUDIO_VOICE_FREE };
        return false;
    }
    *info = (audio_voice_info){ .state = s->state,
                                .role = s->role,
                                .position = _audio_slot_position(s),
                                .duration = audio_source_duration(&s->dec.src),
                                .frames_mixed = s->frames_mixed,
                                .volume = s->vol.target,
                                .loop = s->loop,
                                .name = s->dec.src.name };
    return true;
}

/* A decode error: what was already decoded fades out over the declick time
 * (silence follows), then the voice goes with AUDIO_EV_FAILED. */
static void _audio_slot_failed(_audio_slot *s)
{
    if (s->end_event == AUDIO_EV_FAILED)
        return;
    s->end_event = AUDIO_EV_FAILED;
    snprintf(s->message, sizeof s->message, "%s: %s", s->dec.src.name, s->dec.error);
    vt_warn("%s", s->message);
    s->seek_pending = false;
    if (s->state == AUDIO_VOICE_PAUSED)
        s->fade = (_audio_ramp){ 0 };
    else if (s->fade.target != 0.0f || s->fade.left == 0 || s->fade.left > _audio_ms_frames(AUDIO_DECLICK_MS))
        _audio_ramp_to(&s->fade, 0.0f, _audio_ms_frames(AUDIO_DECLICK_MS));
    s->state = AUDIO_VOICE_STOPPING;
}

/* The next source frame, or silence past the end (or after an error). */
static void _audio_fetch(_audio_slot *s, float out[2])
{
    if (s->in_pos == s->in_len) {
        s->in_pos = s->in_len = 0;
        if (!s->dec.failed) {
            if (s->loop && s->dec.next >= s->dec.src.frames)
                audio_decoder_seek(&s->dec, 0);
            s->in_len = (int)audio_decoder_read(&s->dec, s->in, _AUDIO_BLOCK);
            if (s->dec.failed)
                _audio_slot_failed(s);
        }
        if (s->in_len == 0) {
            out[0] = out[1] = 0.0f;
            return;
        }
    }
    out[0] = s->in[2 * s->in_pos];
    out[1] = s->in[2 * s->in_pos + 1];
    s->in_pos++;
}

static void _audio_prime(_audio_slot *s, uint64_t frame)
{
    s->in_pos = s->in_len = 0;
    if (!audio_decoder_seek(&s->dec, frame))
        _audio_slot_failed(s);
    s->hist[0][0] = s->hist[0][1] = 0.0f;
    for (int k = 1; k < 4; k++)
        _audio_fetch(s, s->hist[k]);
    s->n = frame;
    s->frac = 0;
    s->primed = true;
}

/* Catmull-Rom through hist[0..3] at T in [0, 1) between hist[1] and [2]. */
static float _audio_cubic(float p0, float p1, float p2, float p3, float t)
{
    return p1 + 0.5f * t * (p2 - p0 + t * (2.0f * p0 - 5.0f * p1 + 4.0f * p2 - p3 + t * (3.0f * (p1 - p2) + p3 - p0)));
}

/* Mixes up to FRAMES of slot S into m->mix. NARRATING marks frames where a
 * narration voice plays (filled by narration slots, read by ambient ones
 * through DUCK). Returns when the voice pauses or goes. */
static void _audio_slot_render(audio_mixer *m, _audio_slot *s, int frames, const float *duck)
{
    const audio_source *src = &s->dec.src;
    uint32_t rate = (uint32_t)src->rate;
    for (int i = 0; i < frames; i++) {
        if (s->state == AUDIO_VOICE_PAUSED)
            return;
        if (s->fade.left == 0 && s->fade.value == 0.0f) {
            if (s->state == AUDIO_VOICE_PAUSING) {
                s->state = AUDIO_VOICE_PAUSED;
                return;
            }
            if (s->state == AUDIO_VOICE_STOPPING) {
                _audio_free_slot(m, s, s->end_event, m->frames + (uint64_t)i);
                return;
            }
        }
        if (s->seek_pending && s->click.left == 0) {
            _audio_prime(s, s->seek_to);
            s->seek_pending = false;
            _audio_ramp_to(&s->click, 1.0f, _audio_ms_frames(AUDIO_DECLICK_MS));
        }
        if (!s->primed)
            _audio_prime(s, s->prime_at);
        if (s->n >= src->frames) {
            if (s->end_event == AUDIO_EV_FAILED) {
                s->fade = (_audio_ramp){ 0 };
                continue; /* freed above, on the next pass */
            }
            _audio_free_slot(m, s, AUDIO_EV_ENDED, m->frames + (uint64_t)i);
            return;
        }
        if (s->role == AUDIO_ROLE_NARRATION && s->state == AUDIO_VOICE_PLAYING)
            m->narrating[i] = 1;
        float t = (float)s->frac / (float)AUDIO_RATE;
        float g = _audio_ramp_next(&s->vol) * _audio_ramp_next(&s->fade) * _audio_ramp_next(&s->click);
        if (s->role == AUDIO_ROLE_AMBIENT)
            g *= duck[i];
        for (int c = 0; c < 2; c++)
            m->mix[2 * i + c] += g * _audio_cubic(s->hist[0][c], s->hist[1][c], s->hist[2][c], s->hist[3][c], t);
        s->frames_mixed++;
        s->frac += rate;
        while (s->frac >= AUDIO_RATE) {
            s->frac -= AUDIO_RATE;
            memmove(s->hist[0], s->hist[1], sizeof s->hist[0] * 3);
            _audio_fetch(s, s->hist[3]);
            s->n++;
            if (s->loop && s->n >= src->frames && s->end_event != AUDIO_EV_FAILED)
                s->n -= src->frames;
        }
    }
}

void audio_mixer_render(audio_mixer *m, float *out, size_t frames)
{
    while (frames > 0) {
        int n = frames < _AUDIO_BLOCK ? (int)frames : _AUDIO_BLOCK;
        memset(m->mix, 0, sizeof m->mix);
        memset(m->narrating, 0, sizeof m->narrating);
        /* Narration first: whether it plays at each frame sets the ducking
         * of the ambient voices at that frame, so the result does not
         * depend on how the caller cuts its blocks. */
        for (int i = 0; i < m->voice_count; i++)
            if (m->slots[i].state != AUDIO_VOICE_FREE && m->slots[i].role == AUDIO_ROLE_NARRATION)
                _audio_slot_render(m, &m->slots[i], n, m->duck_gain);
        for (int i = 0; i < n; i++) {
            if (m->narrating[i])
                m->duck_now = fmaxf(m->duck_db, m->duck_now - m->duck_attack_db);
            else
                m->duck_now = fminf(0.0f, m->duck_now + m->duck_release_db);
            m->duck_gain[i] = m->duck_now == 0.0f ? 1.0f : expf(m->duck_now * (0.05f * 2.302585093f));
        }
        for (int i = 0; i < m->voice_count; i++)
            if (m->slots[i].state != AUDIO_VOICE_FREE && m->slots[i].role != AUDIO_ROLE_NARRATION)
                _audio_slot_render(m, &m->slots[i], n, m->duck_gain);
        for (int i = 0; i < n; i++) {
            float g = _audio_ramp_next(&m->master);
            out[2 * i] = m->mix[2 * i] * g;
            out[2 * i + 1] = m->mix[2 * i + 1] * g;
        }
        out += 2 * n;
        frames -= (size_t)n;
        m->frames += (uint64_t)n;
    }
}
