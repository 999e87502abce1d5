/* audio_wav: writes float frames as a WAV file, atomically (for
 * `--audio-out FILE.wav` and for tests).
 *
 * The writer streams: frames go to PATH.tmp-XXXXXX as they come, so a long
 * headless session does not hold its whole recording in memory; close
 * patches the sizes into the header, fsyncs and renames over PATH. Until
 * then PATH is untouched, and a failed or aborted recording leaves no file
 * behind. Samples are 32-bit float (exact: a round trip through
 * audio_source_open_memory gives back the same values) or 16-bit PCM
 * (clipped to [-1, 1], rounded, no dither). Depends on base only. */
#ifndef VT_AUDIO_WAV_H
#define VT_AUDIO_WAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/result.h"

typedef enum audio_wav_format {
    AUDIO_WAV_F32,  /* default */
    AUDIO_WAV_S16,
} audio_wav_format;

typedef struct audio_wav_desc {
    int rate;                /* 0 = 48000 */
    int channels;            /* 0 = 2 */
    audio_wav_format format; /* 0 = 32-bit float */
} audio_wav_desc;

typedef struct audio_wav_writer {
    FILE *file;
    char path[4096], tmp[4096 + 16];
    audio_wav_desc desc;
    uint64_t frames;
    bool failed; /* a write failed: close reports it and removes the file */
} audio_wav_writer;

/* Creates the temporary file beside PATH. ERR (may be NULL) names PATH. */
vt_result audio_wav_writer_open(audio_wav_writer *w, const char *path, const audio_wav_desc *desc,
                                vt_error_msg *err);
/* FRAMES frames of desc.channels interleaved floats. False once a write has
 * failed (the error comes again from close). */
bool audio_wav_writer_write(audio_wav_writer *w, const float *samples, size_t frames);
/* Finishes the header, fsyncs and renames over PATH; on any failure (now or
 * in an earlier write, or a file beyond WAV's 4 GiB) PATH is left as it was
 * and VT_ERR_IO / VT_ERR_TOO_LARGE says so. */
vt_result audio_wav_writer_close(audio_wav_writer *w, vt_error_msg *err);
/* Drops the recording: the temporary file goes, PATH is untouched. */
void audio_wav_writer_abort(audio_wav_writer *w);

/* The whole thing in one call. */
vt_result audio_wav_write(const char *path, const float *samples, size_t frames, const audio_wav_desc *desc,
                          vt_error_msg *err);

#endif
