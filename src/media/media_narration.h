/* media_narration: one hotspot's narration in one language, ready for the
 * package: Ogg Vorbis at a common loudness plus WebVTT captions. The one
 * entry point the exhibition builder calls per (hotspot, language).
 *
 * What the curator gave decides what happens:
 *   audio + captions  both checked (captions: file:line:column errors), and
 *                     no cue may end more than MEDIA_NARRATION_SLACK_S after
 *                     the audio (an error naming the cue's line); cues just
 *                     past the end are clamped to it.
 *   audio only        with text: captions made from the text, one cue per
 *                     sentence spread over the spoken part of the recording
 *                     in proportion to its length in characters (a note says
 *                     so: they are approximate). Without text: no cues.
 *   captions only     an error: captions are timed to a recording that is
 *                     not there (most likely a wrong file name).
 *   text only         speech synthesised with espeak-ng (media_tts.h),
 *                     captions timed to each sentence; `synthetic` set.
 *                     No voice or no espeak-ng: VT_ERR_UNSUPPORTED, which
 *                     the caller reports as a warning.
 *   nothing           VT_ERR_EMPTY.
 * Then: more than two channels are mixed down to mono; loudness normalised
 * to -16 LUFS with true peak <= -1 dBTP (media_loudness.h); Ogg Vorbis
 * encoded (media_vorbis_enc.h), deterministic; captions written back as
 * normalised WebVTT (media_vtt_write: LF line ends, hh:mm:ss.ttt times,
 * identifiers, settings, NOTE and STYLE blocks dropped).
 *
 * Ogg Vorbis input is decoded and encoded again (after the gain): a second
 * generation at quality 0.35 is inaudible for speech, and one code path
 * keeps every narration at the same loudness.
 *
 * Depends on the rest of media/ and base. Thread-safe: the builder may run
 * several at once. */
#ifndef VT_MEDIA_NARRATION_H
#define VT_MEDIA_NARRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/file.h"
#include "base/result.h"
#include "media/media_loudness.h"

/* How far past the end of the audio a cue may run before it is an error. */
#define MEDIA_NARRATION_SLACK_S 0.5

/* Zero means default (or "not given") for every field. */
typedef struct media_narration_desc {
    const char *text;          /* the hotspot's text in LANG: plain, paragraphs split by blank lines */
    const char *lang;          /* BCP-47 tag, for the voice and for messages */
    const void *audio;         /* a WAV or Ogg Vorbis file's bytes */
    size_t audio_size;
    const char *audio_name;    /* for messages, e.g. "audio/drum.vi.wav" */
    const char *captions;      /* a WebVTT file's bytes */
    size_t captions_size;
    const char *captions_name; /* for messages */
    media_loudness_desc loudness;
    float quality;             /* Vorbis quality; 0 = 0.35 */
    const char *tts_program;   /* 0 = "espeak-ng" */
} media_narration_desc;

typedef struct media_narration_out {
    vt_blob ogg;         /* Ogg Vorbis bytes */
    vt_blob captions;    /* WebVTT text (at least "WEBVTT\n") */
    double seconds;      /* duration of the audio */
    int sample_rate;
    int channels;        /* 1 or 2 */
    uint32_t cues;
    media_loudness_report loudness; /* before and after normalising */
    bool synthetic;      /* speech made by espeak-ng */
    bool captions_made;  /* captions made here rather than given */
    char voice[32];      /* the espeak-ng voice, when synthetic */
    char note[320];      /* things the curator should know (approximate captions, quiet recording); "" if none */
} media_narration_out;

/* On failure *OUT holds nothing (and needs no free). */
vt_result media_narration_build(const media_narration_desc *d, media_narration_out *out, vt_error_msg *err);
void media_narration_out_free(media_narration_out *o);

#endif
