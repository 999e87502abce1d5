#include "media_narration.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "media/media_decode.h"
#include "media/media_sentence.h"
#include "media/media_tts.h"
#include "media/media_vorbis_enc.h"
#include "media/media_vtt.h"

static void _note(media_narration_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends a sentence to the note for the curator. */
static void _note(media_narration_out *o, const char *fmt, ...)
{
    size_t n = strlen(o->note);
    if (n && n + 2 < sizeof o->note) {
        memcpy(o->note + n, "; ", 3);
        n += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->note + n, sizeof o->note - n, fmt, ap);
    va_end(ap);
}

static bool _has_text(const char *text)
{
    return text && media_split_sentences(text, NULL, 0) > 0;
}

/* Narration is speech: more than two channels become one (their mean). */
static void _downmix(media_pcm *p)
{
    if (p->channels <= 2)
        return;
    for (size_t i = 0; i < p->frames; i++) {
        float sum = 0.0f;
        for (int c = 0; c < p->channels; c++)
            sum += p->samples[i * (size_t)p->channels + (size_t)c];
        p->samples[i] = sum / (float)p->channels;
    }
    p->channels = 1; /* the buffer stays bigger than needed: freed as one */
}

/* The column of the end time in line LINE of the captions source, for an
 * error about a cue's end (the parser keeps only the line). */
static uint32_t _end_column(const char *src, size_t size, uint32_t line)
{
    size_t i = 0;
    if (size >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    for (uint32_t l = 1; l < line && i < size; i++) {
        if (src[i] == '\n' || (src[i] == '\r' && !(i + 1 < size && src[i + 1] == '\n')))
            l++;
    }
    size_t start = i;
    while (i + 2 < size && src[i] != '\n' && src[i] != '\r' && !(src[i] == '-' && src[i + 1] == '-' && src[i + 2] == '>'))
        i++;
    if (!(i + 2 < size && src[i] == '-'))
        return 1;
    i += 3;
    while (i < size && (src[i] == ' ' || src[i] == '\t'))
        i++;
    uint32_t col = 1;
    for (size_t k = start; k < i; k++)
        if (((unsigned char)src[k] & 0xC0) != 0x80)
            col++;
    return col;
}

/* Start and end (seconds) of the part of P louder than -50 dBFS, so
 * generated captions are not spread over leading or trailing silence. */
static void _spoken_span(const media_pcm *p, double *t0, double *t1)
{
    const float floor = 0.00316f;
    size_t n = p->frames * (size_t)p->channels, a = 0, b = n;
    while (a < n && fabsf(p->samples[a]) < floor)
        a++;
    while (b > a && fabsf(p->samples[b - 1]) < floor)
        b--;
    if (b <= a) {
        *t0 = 0.0;
        *t1 = media_pcm_seconds(p);
        return;
    }
    *t0 = (double)(a / (size_t)p->channels) / p->sample_rate;
    *t1 = (double)((b - 1) / (size_t)p->channels + 1) / p->sample_rate;
}

/* One cue per sentence of TEXT over [T0, T1], each as long as its share of
 * the characters. */
static vt_result _spread_captions(const char *text, double t0, double t1, vt_arena *a, media_captions *caps)
{
    size_t count = media_split_sentences(text, NULL, 0);
    media_span *spans = malloc(count * sizeof *spans);
    char *sentence = malloc(MEDIA_SENTENCE_MAX_BYTES + 1);
    vt_result r = VT_OK;
    if (!spans || !sentence) {
        r = VT_ERR_OUT_OF_MEMORY;
        goto done;
    }
    media_split_sentences(text, spans, count);
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += media_span_chars(text, spans[i]);
    size_t cum = 0;
    for (size_t i = 0; i < count && r == VT_OK; i++) {
        double s = t0 + (t1 - t0) * (double)cum / (double)total;
        cum += media_span_chars(text, spans[i]);
        double e = t0 + (t1 - t0) * (double)cum / (double)total;
        if (e - s < 0.001)
            continue; /* a recording far too short for its text: drop what cannot be shown */
        media_span_copy(text, spans[i], sentence, MEDIA_SENTENCE_MAX_BYTES + 1);
        r = media_captions_add(caps, a, s, e, sentence);
    }
done:
    free(spans);
    free(sentence);
    return r;
}

void media_narration_out_free(media_narration_out *o)
{
    if (!o)
        return;
    vt_blob_free(&o->ogg);
    vt_blob_free(&o->captions);
    memset(o, 0, sizeof *o);
}

vt_result media_narration_build(const media_narration_desc *d, media_narration_out *out, vt_error_msg *err)
{
    assert(d && out);
    memset(out, 0, sizeof *out);
    const char *lang = d->lang ? d->lang : "?";
    const char *audio_name = d->audio_name ? d->audio_name : "narration audio";
    const char *caps_name = d->captions_name ? d->captions_name : "captions";
    bool has_audio = d->audio && d->audio_size > 0;
    bool has_caps = d->captions && d->captions_size > 0;
    bool has_text = _has_text(d->text);

    if (has_caps && !has_audio) {
        vt_error_set(err,
                     "%s: captions for %s but no narration audio — fix: add the recording they are timed to, or "
                     "remove the captions (the text is then read by the synthetic voice)",
                     caps_name, lang);
        return VT_ERR_MALFORMED;
    }
    if (!has_audio && !has_text) {
        vt_error_set(err, "narration (%s): no audio and no text to narrate", lang);
        return VT_ERR_EMPTY;
    }

    vt_arena arena = { 0 };
    media_captions caps = { 0 };
    media_pcm pcm = { 0 };
    vt_result r;
    if (has_audio) {
        r = media_decode(d->audio, d->audio_size, audio_name, &pcm, err);
        if (r != VT_OK)
            goto fail;
        _downmix(&pcm);
        double seconds = media_pcm_seconds(&pcm);
        if (has_caps) {
            media_vtt_pos where;
            r = media_vtt_parse(d->captions, d->captions_size, caps_name, &arena, &caps, &where, err);
            if (r != VT_OK)
                goto fail;
            for (uint32_t i = 0; i < caps.count; i++) {
                media_cue *c = &caps.cues[i];
                if (c->end > seconds + MEDIA_NARRATION_SLACK_S) {
                    char te[32];
                    media_vtt_format_time(c->end, te, sizeof te);
                    vt_error_set(err,
                                 "%s:%u:%u: the cue ends at %s but %s lasts %.3f s — fix: correct the cue's "
                                 "times or use the full recording",
                                 caps_name, c->line, _end_column(d->captions, d->captions_size, c->line), te,
                                 audio_name, seconds);
                    r = VT_ERR_MALFORMED;
                    goto fail;
                }
                if (c->end > seconds)
                    c->end = seconds;
                if (c->start >= c->end) {
                    vt_error_set(err, "%s:%u:1: the cue starts after %s ends (%.3f s) — fix: correct its times",
                                 caps_name, c->line, audio_name, seconds);
                    r = VT_ERR_MALFORMED;
                    goto fail;
                }
            }
        } else if (has_text) {
            double t0, t1;
            _spoken_span(&pcm, &t0, &t1);
            r = _spread_captions(d->text, t0, t1, &arena, &caps);
            if (r != VT_OK) {
                vt_error_set(err, "narration (%s): out of memory", lang);
                goto fail;
            }
            out->captions_made = true;
            _note(out,
                  "%s: no captions given; made %u from the text, timed by sentence length (approximate — "
                  "supply a .vtt for exact timing)",
                  audio_name, caps.count);
        } else {
            _note(out, "%s: no captions and no text for %s: the narration has no captions", audio_name, lang);
        }
    } else {
        media_tts_out tts;
        r = media_tts_synthesise(&(media_tts_desc){ .text = d->text, .lang = d->lang, .program = d->tts_program },
                                 &arena, &tts, err);
        if (r != VT_OK)
            goto fail;
        pcm = tts.pcm;
        caps = tts.captions;
        snprintf(out->voice, sizeof out->voice, "%s", tts.voice);
        out->synthetic = true;
        out->captions_made = true;
    }

    r = media_loudness_normalise(pcm.samples, pcm.frames, pcm.channels, pcm.sample_rate, &d->loudness,
                                 &out->loudness, err);
    if (r != VT_OK)
        goto fail;
    if (out->loudness.silent)
        _note(out, "%s: the narration is silent", has_audio ? audio_name : lang);
    else if (out->loudness.gain_capped)
        _note(out, "%s: very quiet (%.1f LUFS); raised by %.0f dB only, to %.1f LUFS, so as not to amplify noise",
              has_audio ? audio_name : lang, out->loudness.before.integrated_lufs, out->loudness.gain_db,
              out->loudness.after.integrated_lufs);

    r = media_vorbis_encode(pcm.samples, pcm.frames, pcm.channels, pcm.sample_rate,
                            &(media_vorbis_desc){ .quality = d->quality }, &out->ogg, err);
    if (r != VT_OK)
        goto fail;
    r = media_vtt_write(&caps, &out->captions);
    if (r != VT_OK) {
        vt_error_set(err, "narration (%s): out of memory", lang);
        goto fail;
    }
    out->seconds = media_pcm_seconds(&pcm);
    out->sample_rate = pcm.sample_rate;
    out->channels = pcm.channels;
    out->cues = caps.count;
    media_pcm_free(&pcm);
    vt_arena_free(&arena);
    return VT_OK;

fail:
    media_pcm_free(&pcm);
    vt_arena_free(&arena);
    media_narration_out_free(out);
    return r;
}
