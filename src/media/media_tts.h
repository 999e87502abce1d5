/* media_tts: narration synthesised with espeak-ng where a hotspot has text in
 * a language but no recording, with one caption cue per sentence timed to
 * the speech.
 *
 * espeak-ng (the Debian package) runs as a program: posix_spawnp with an
 * argument vector (never a shell, so no text can become a command), text
 * after "--" (so none can become an option), WAV read from its stdout, its
 * stderr kept for the message. The text is split into sentences
 * (media_sentence.h) and each is synthesised on its own, so each cue gets
 * the exact time span of its sentence; sentences are joined with
 * MEDIA_TTS_GAP_MS of silence. Speech is a little slower than espeak-ng's
 * default (150 words per minute instead of 175): visitors listen while
 * looking at an object, often not in their first language.
 *
 * Voices by BCP-47 tag: vi, en (en-US, en-GB), zh / zh-Hans / zh-TW / cmn
 * -> Mandarin (cmn), zh-HK / yue -> Cantonese, ko, ja, fr (fr-BE, fr-CH);
 * any other tag tries its primary language subtag ("de-AT" -> "de").
 * When espeak-ng is not installed or has no voice for the language, the
 * result is VT_ERR_UNSUPPORTED with a message saying so: the caller turns it
 * into a warning and the hotspot simply has no narration in that language.
 *
 * Deterministic: espeak-ng is, so the same text gives the same samples.
 * Output: mono float PCM at espeak-ng's rate (22050 Hz). Captions come from
 * the caller's arena. Thread-safe (one child process per sentence, nothing
 * shared). Depends on base and media_decode / media_vtt / media_sentence. */
#ifndef VT_MEDIA_TTS_H
#define VT_MEDIA_TTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/result.h"
#include "media/media_decode.h"
#include "media/media_vtt.h"

#define MEDIA_TTS_WPM 150
#define MEDIA_TTS_GAP_MS 300
#define MEDIA_TTS_MAX_TEXT (64u << 10) /* bytes of text; hotspot texts are a few hundred */

/* Zero means default for every field. */
typedef struct media_tts_desc {
    const char *text;     /* UTF-8 plain text, paragraphs separated by blank lines */
    const char *lang;     /* BCP-47 tag: "vi", "en-GB", "zh-Hans", ... */
    int words_per_minute; /* 0 = 150 */
    int gap_ms;           /* silence between sentences; 0 = 300 */
    const char *program;  /* 0 = "espeak-ng" looked up on PATH (tests point it elsewhere) */
} media_tts_desc;

typedef struct media_tts_out {
    media_pcm pcm;           /* mono; media_tts_out_free */
    media_captions captions; /* one cue per sentence, in the caller's arena */
    char voice[32];          /* the espeak-ng voice used */
} media_tts_out;

vt_result media_tts_synthesise(const media_tts_desc *d, vt_arena *arena, media_tts_out *out, vt_error_msg *err);
void media_tts_out_free(media_tts_out *o);

/* The espeak-ng voice for LANG into OUT ("vi", "cmn", "fr-fr", ...). False
 * when LANG is not a well-formed tag (letters, digits and '-' or '_'). Does
 * not check that espeak-ng has the voice. */
bool media_tts_voice(const char *lang, char *out, size_t out_size);

#endif
