/* media_vtt: WebVTT captions, read and written. Used by the packer (to check
 * a curator's captions and to write the normalised ones into the package)
 * and by the viewer (to show them under the narration).
 *
 * The reader is strict where a curator's mistake would silently lose a
 * caption, and says where and how to fix it: every error is
 * "NAME:LINE:COLUMN: message — fix: ...", LINE and COLUMN from 1 (column in
 * Unicode code points, a byte order mark not counted), also returned as
 * numbers in media_vtt_pos. Checked: the WEBVTT header, UTF-8 (no NUL
 * bytes), timestamps (mm:ss.ttt or hh:mm:ss.ttt, three digits of
 * milliseconds, minutes and seconds below 60), the "-->" between them,
 * end after start, cues in order of start time (overlapping cues are fine),
 * "-->" inside cue text (a missing blank line), unclosed tags. Accepted and
 * skipped: a byte order mark, CRLF or CR line ends, header text after
 * WEBVTT, cue identifiers, cue settings, NOTE / STYLE / REGION blocks.
 *
 * Cue text is kept twice: `payload` as written (tags such as <i>, <b>,
 * <v Name> and escapes such as &amp; kept: what the writer writes back) and
 * `text`, what a viewer without styling shows (tags stripped, escapes
 * decoded, the first <v Name> kept apart as `voice`).
 *
 * Memory: cues and strings come from the caller's arena (the lifetime of the
 * exhibition in the viewer, of one narration in the packer); nothing is
 * kept pointing into the input bytes. No global state. Depends on base. */
#ifndef VT_MEDIA_VTT_H
#define VT_MEDIA_VTT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/file.h"
#include "base/result.h"

/* Beyond these a file is refused as VT_ERR_TOO_LARGE: hours of narration
 * are a few hundred kilobytes of captions. */
#define MEDIA_VTT_MAX_BYTES (8u << 20)
#define MEDIA_VTT_MAX_CUES 100000u

typedef struct media_cue {
    double start, end;   /* seconds, end > start */
    const char *text;    /* plain UTF-8 for display: lines joined by '\n' */
    const char *payload; /* WebVTT cue text: tags and escapes as written */
    const char *voice;   /* the first <v Name>'s name, or NULL */
    uint32_t line;       /* the timing line in the source (from 1); 0 if made in code */
} media_cue;

typedef struct media_captions {
    media_cue *cues;     /* in order of start time */
    uint32_t count;
    uint32_t capacity;
} media_captions;

typedef struct media_vtt_pos {
    uint32_t line, column; /* from 1; 0 when the error has no place (too large, out of memory) */
} media_vtt_pos;

/* Parses DATA[0..SIZE) (need not be NUL-terminated) into *OUT (zeroed
 * first). NAME is the file name used in messages. WHERE (may be NULL) gets
 * the error's position. On failure *OUT is empty; what was taken from ARENA
 * stays there until the arena is freed. */
vt_result media_vtt_parse(const char *data, size_t size, const char *name, vt_arena *arena, media_captions *out,
                          media_vtt_pos *where, vt_error_msg *err);

/* Appends a cue made in code (TTS or proportional timing) from plain TEXT:
 * the payload is TEXT with &, < and > escaped and blank lines dropped (a
 * blank line would end the cue). Asserts END > START >= the last cue's
 * start. VT_ERR_OUT_OF_MEMORY or VT_OK. */
vt_result media_captions_add(media_captions *c, vt_arena *arena, double start, double end, const char *text);

/* Writes C as a WebVTT file ("WEBVTT", a blank line, then each cue as
 * "hh:mm:ss.ttt --> hh:mm:ss.ttt" and its payload), LF line ends, into *OUT
 * (malloc'd, vt_blob_free). Deterministic; what media_vtt_parse reads back
 * as the same cues (times rounded to the millisecond). */
vt_result media_vtt_write(const media_captions *c, vt_blob *out);

/* The cue to show at T seconds: of the cues with start <= T < end, the one
 * that started last (NULL if none). Binary search: fine every frame. */
const media_cue *media_captions_at(const media_captions *c, double t);

/* Formats T (seconds, >= 0) as "hh:mm:ss.ttt" into OUT (at least 16 bytes). */
void media_vtt_format_time(double t, char *out, size_t out_size);

#endif
