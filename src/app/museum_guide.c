/* The audio guide's state: which hotspot is open, its narration and
 * captions, the language chain, the keypad. */
#include "museum_guide.h"

#include <math.h>
#include <string.h>

#include "base/log.h"
#include "platform/platform.h"

static void _guide_lock(const museum_guide *g)
{
    if (g->locked_audio)
        plat_audio_lock();
}

static void _guide_unlock(const museum_guide *g)
{
    if (g->locked_audio)
        plat_audio_unlock();
}

void museum_guide_init(museum_guide *g, const exhibition *ex, const world *w, const vt_package *pkg,
                       audio_mixer *mixer, bool locked_audio, const char *lang)
{
    memset(g, 0, sizeof *g);
    g->ex = ex;
    g->world = w;
    g->pkg = pkg;
    g->mixer = mixer;
    g->locked_audio = locked_audio;
    g->open = -1;
    g->volume = 1.0f;
    snprintf(g->lang, sizeof g->lang, "%s", lang ? lang : ex->language_count ? ex->languages[0] : "en");
}

void museum_guide_free(museum_guide *g)
{
    museum_guide_close(g);
    vt_arena_free(&g->caption_arena);
}

void museum_guide_anchor(const museum_guide *g, size_t i, float pos[3], float normal[3])
{
    const exhibition_hotspot *h = &g->ex->hotspots[i];
    if (h->artefact_index < g->world->artefact_count) {
        /* The scan's own coordinates, through its placement. */
        mat4 *m = &g->world->artefact_model[h->artefact_index];
        vec3 p, n;
        glm_mat4_mulv3(*m, (float *)h->position, 1.0f, p);
        glm_mat4_mulv3(*m, (float *)h->normal, 0.0f, n);
        glm_vec3_normalize(n);
        glm_vec3_copy(p, pos);
        glm_vec3_copy(n, normal);
        return;
    }
    memcpy(pos, h->position, 3 * sizeof *pos);
    memcpy(normal, h->normal, 3 * sizeof *normal);
}

int museum_guide_find(const museum_guide *g, const char *id)
{
    for (size_t i = 0; id && i < g->ex->hotspot_count; i++)
        if (g->ex->hotspots[i].id && strcmp(g->ex->hotspots[i].id, id) == 0)
            return (int)i;
    return -1;
}

int museum_guide_find_stop(const museum_guide *g, int stop)
{
    for (size_t i = 0; stop > 0 && i < g->ex->hotspot_count; i++)
        if (g->ex->hotspots[i].stop == stop)
            return (int)i;
    return -1;
}

/* The visitor's language, then English, then the exhibition's first: the
 * first of them that HAS says yes. */
static const char *_guide_chain(const museum_guide *g, int k)
{
    switch (k) {
    case 0: return g->lang;
    case 1: return "en";
    default: return g->ex->language_count ? g->ex->languages[0] : "en";
    }
}

static const char *_guide_text(const museum_guide *g, const exhibition_text *t, char *used, size_t used_size)
{
    for (int k = 0; k < 3; k++) {
        const char *want = _guide_chain(g, k);
        for (size_t i = 0; i < t->count; i++)
            if (strcmp(t->entries[i].lang, want) == 0) {
                if (used)
                    snprintf(used, used_size, "%s", want);
                return t->entries[i].string;
            }
    }
    if (used)
        snprintf(used, used_size, "%s", t->count ? t->entries[0].lang : "");
    return t->count ? t->entries[0].string : "";
}

const char *museum_guide_title(const museum_guide *g, size_t i)
{
    return i < g->ex->hotspot_count ? _guide_text(g, &g->ex->hotspots[i].title, NULL, 0) : "";
}

const char *museum_guide_body(const museum_guide *g, size_t i)
{
    return i < g->ex->hotspot_count ? _guide_text(g, &g->ex->hotspots[i].body, NULL, 0) : "";
}

static void _guide_stop_audio(museum_guide *g)
{
    if (g->mixer && g->voice.id) {
        _guide_lock(g);
        audio_voice_stop(g->mixer, g->voice, 120.0f);
        _guide_unlock(g);
    }
    g->voice = (audio_voice){ 0 };
    g->audio_lang[0] = 0;
    g->generation++; /* the caption strings go with the arena */
    g->captions = (media_captions){ 0 };
    vt_arena_free(&g->caption_arena);
    g->duration = 0;
    g->clock = 0;
}

/* Narration and captions of the open hotspot in the first language of the
 * chain that has them, from AT seconds, or from the start of sentence CUE
 * when CUE >= 0 (a language switch: one start, no blip from 0). */
static void _guide_start(museum_guide *g, double at, int cue)
{
    _guide_stop_audio(g);
    uint32_t h = (uint32_t)g->open;
    int audio = -1;
    for (int k = 0; k < 3 && audio < 0; k++) {
        audio = pkg_media_find(g->pkg, VT_MEDIA_AUDIO, h, _guide_chain(g, k));
        if (audio >= 0)
            snprintf(g->audio_lang, sizeof g->audio_lang, "%s", _guide_chain(g, k));
    }
    if (audio < 0)
        return; /* no narration in any language: the panel still reads */
    vt_error_msg err = { { 0 } };
    pkg_blob b;
    int cap = pkg_media_find(g->pkg, VT_MEDIA_CAPTIONS, h, g->audio_lang);
    if (cap >= 0 && pkg_media_data(g->pkg, (uint32_t)cap, true, &b, &err) == VT_OK) {
        media_vtt_pos where;
        if (media_vtt_parse((const char *)b.data, (size_t)b.size, pkg_media(g->pkg, (uint32_t)cap)->name,
                            &g->caption_arena, &g->captions, &where, &err) != VT_OK) {
            vt_warn("%s (no captions)", err.text);
            g->captions = (media_captions){ 0 };
        }
    }
    if (pkg_media_data(g->pkg, (uint32_t)audio, true, &b, &err) != VT_OK ||
        audio_source_open_memory(b.data, (size_t)b.size, pkg_media(g->pkg, (uint32_t)audio)->name, &g->source,
                                 &err) != VT_OK) {
        vt_warn("%s (no narration)", err.text);
        g->audio_lang[0] = 0;
        g->captions = (media_captions){ 0 }; /* captions of a recording that does not play would freeze */
        vt_arena_free(&g->caption_arena);
        return;
    }
    if (cue >= 0 && g->captions.count > 0)
        at = g->captions.cues[(uint32_t)cue < g->captions.count ? (uint32_t)cue : g->captions.count - 1].start;
    g->duration = audio_source_duration(&g->source);
    g->clock = at < 0 ? 0 : at > g->duration ? g->duration : at;
    if (g->mixer) {
        _guide_lock(g);
        g->voice = audio_play(g->mixer, &g->source, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION,
                                                                       .start = g->clock, .paused = g->paused,
                                                                       .fade_in_ms = 60.0f });
        _guide_unlock(g);
    }
}

bool museum_guide_open(museum_guide *g, int i, double at)
{
    if (i < 0 || (size_t)i >= g->ex->hotspot_count)
        return false;
    g->open = i;
    g->paused = false;
    _guide_text(g, &g->ex->hotspots[i].title, g->text_lang, sizeof g->text_lang);
    _guide_start(g, at, -1);
    return true;
}

void museum_guide_close(museum_guide *g)
{
    _guide_stop_audio(g);
    g->open = -1;
    g->paused = false;
}

void museum_guide_step(museum_guide *g, int dir)
{
    size_t n = g->ex->hotspot_count;
    if (n == 0)
        return;
    int next = g->open < 0 ? (dir > 0 ? 0 : (int)n - 1) : (int)((g->open + (int)n + dir) % (int)n);
    museum_guide_open(g, next, 0);
}

void museum_guide_toggle_pause(museum_guide *g)
{
    if (g->open < 0)
        return;
    g->paused = !g->paused;
    if (g->mixer && g->voice.id) {
        _guide_lock(g);
        if (g->paused)
            audio_voice_pause(g->mixer, g->voice, 80.0f);
        else
            audio_voice_resume(g->mixer, g->voice, 80.0f);
        _guide_unlock(g);
    }
    /* After the end, play starts again from the top. */
    if (!g->paused && g->duration > 0 && museum_guide_position(g) >= g->duration - 1e-3)
        museum_guide_seek(g, 0);
}

void museum_guide_seek(museum_guide *g, double seconds)
{
    if (g->open < 0 || g->duration <= 0)
        return;
    seconds = seconds < 0 ? 0 : seconds > g->duration ? g->duration : seconds;
    g->clock = seconds;
    if (!g->mixer)
        return;
    _guide_lock(g);
    audio_voice_info info;
    if (audio_voice_query(g->mixer, g->voice, &info)) {
        audio_voice_seek(g->mixer, g->voice, seconds);
    } else {
        /* It had ended: play again from there. */
        g->voice = audio_play(g->mixer, &g->source, &(audio_play_desc){ .role = AUDIO_ROLE_NARRATION,
                                                                       .start = seconds, .paused = g->paused });
    }
    _guide_unlock(g);
}

double museum_guide_position(const museum_guide *g)
{
    if (g->open < 0)
        return 0;
    if (!g->mixer || !g->voice.id)
        return g->clock;
    audio_voice_info info;
    _guide_lock(g);
    bool alive = audio_voice_query(g->mixer, g->voice, &info);
    _guide_unlock(g);
    return alive ? info.position : g->duration; /* a freed voice has played to its end */
}

void museum_guide_set_lang(museum_guide *g, const char *lang)
{
    if (!lang || strcmp(lang, g->lang) == 0)
        return;
    /* Which sentence is playing: the new narration resumes at the start of
     * the same sentence (captions are one cue a sentence for synthetic
     * narration, and translations keep their sentences in order). */
    int cue = -1;
    double pos = museum_guide_position(g);
    for (uint32_t i = 0; i < g->captions.count; i++)
        if (g->captions.cues[i].start <= pos + 1e-6)
            cue = (int)i;
    snprintf(g->lang, sizeof g->lang, "%s", lang);
    if (g->open < 0)
        return;
    _guide_text(g, &g->ex->hotspots[g->open].title, g->text_lang, sizeof g->text_lang);
    _guide_start(g, 0, cue);
}

void museum_guide_set_volume(museum_guide *g, float volume)
{
    g->volume = volume < 0 ? 0 : volume > 1 ? 1 : volume;
    if (!g->mixer)
        return;
    _guide_lock(g);
    audio_mixer_set_master(g->mixer, g->volume);
    _guide_unlock(g);
}

float museum_guide_volume(const museum_guide *g)
{
    return g->volume;
}

void museum_guide_update(museum_guide *g, double dt)
{
    if (g->mixer) {
        /* Drained every frame, so old events never pile up (the queue
         * drops the oldest when full). */
        audio_event ev;
        _guide_lock(g);
        while (audio_mixer_poll_event(g->mixer, &ev))
            if (ev.type == AUDIO_EV_FAILED && ev.role == AUDIO_ROLE_NARRATION)
                vt_warn("narration stopped: %s", ev.message);
        _guide_unlock(g);
    }
    if (g->open >= 0 && !g->mixer && !g->paused && g->duration > 0)
        g->clock = fmin(g->duration, g->clock + dt);
}

const char *museum_guide_caption(const museum_guide *g)
{
    if (g->open < 0 || g->captions.count == 0)
        return NULL;
    const media_cue *c = media_captions_at(&g->captions, museum_guide_position(g));
    return c ? c->text : NULL;
}

int museum_guide_keypad(museum_guide *g, int digit, double now)
{
    if (digit >= 0 && digit <= 9) {
        if (g->keypad_digits == 0)
            g->keypad_time = now;
        if (g->keypad_digits < 4) {
            g->keypad = g->keypad * 10 + digit;
            g->keypad_digits++;
        }
        return -1;
    }
    int h = g->keypad_digits ? museum_guide_find_stop(g, g->keypad) : -1;
    g->keypad = g->keypad_digits = 0;
    if (h >= 0)
        museum_guide_open(g, h, 0);
    return h;
}

int museum_guide_keypad_expired(museum_guide *g, double now)
{
    if (g->keypad_digits != 1 || now - g->keypad_time < MUSEUM_GUIDE_KEYPAD_S)
        return -1;
    int d = g->keypad;
    g->keypad = g->keypad_digits = 0;
    return d;
}

const char *museum_guide_language_name(const char *code)
{
    static const struct {
        const char *code, *name;
    } names[] = {
        { "vi", "Tiếng Việt" }, { "en", "English" }, { "zh", "中文" }, { "zh-Hans", "中文（简体）" },
        { "zh-Hant", "中文（繁體）" }, { "ko", "한국어" }, { "ja", "日本語" }, { "fr", "Français" },
        { "de", "Deutsch" }, { "es", "Español" }, { "ru", "Русский" }, { "th", "ไทย" },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].code, code) == 0)
            return names[i].name;
    return code;
}
