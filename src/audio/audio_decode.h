/* audio_decode: sounds held in memory (WAV or Ogg Vorbis) read as float
 * frames, a block at a time.
 *
 * An audio_source describes one sound whose bytes the caller keeps alive for
 * as long as any source or decoder refers to them (a memory-mapped package, a
 * file read whole). Opening one checks every header field against the bytes
 * actually present and copies no samples; the struct itself is a plain value
 * that may be copied or dropped (nothing to close).
 *
 * An audio_decoder reads a source as interleaved stereo float frames at the
 * source's own rate (mono is copied to both sides, at the same level: a mono
 * narration sounds centred). Vorbis is decoded one packet at a time as frames
 * are asked for, never the whole file up front. A decoder never calls malloc:
 * Vorbis state lives in memory the caller hands to audio_decoder_open, so the
 * mixer can open, decode and seek on the audio thread.
 *
 * Formats: WAV (RIFF/WAVE) with PCM 8, 16, 24 or 32-bit integers or 32-bit
 * IEEE float (also in WAVE_FORMAT_EXTENSIBLE), mono or stereo, 4 to 192 kHz;
 * Ogg Vorbis (the first logical stream), mono or stereo. Depends on base and
 * stb_vorbis (libstb) only. */
#ifndef VT_AUDIO_DECODE_H
#define VT_AUDIO_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/result.h"

#define AUDIO_RATE_MIN 4000
#define AUDIO_RATE_MAX 192000
#define AUDIO_NAME_MAX 96

typedef enum audio_codec {
    AUDIO_CODEC_WAV_PCM,   /* integer samples, `bits` wide */
    AUDIO_CODEC_WAV_FLOAT, /* 32-bit IEEE float */
    AUDIO_CODEC_VORBIS,
} audio_codec;

typedef struct audio_source {
    audio_codec codec;
    int channels;         /* 1 or 2 */
    int rate;             /* frames per second */
    uint64_t frames;      /* length in frames at `rate` */
    int bits;             /* WAV: bits per sample (8, 16, 24, 32); Vorbis: 0 */
    const uint8_t *data;  /* the whole file, as given */
    size_t size;
    const uint8_t *pcm;   /* WAV: the first byte of the first frame */
    size_t decoder_bytes; /* Vorbis: memory audio_decoder_open needs; WAV: 0 */
    char name[AUDIO_NAME_MAX]; /* for messages: "NAME: what is wrong" */
} audio_source;

/* Detects WAV or Ogg Vorbis by their magic and checks the headers. Bad data
 * gives VT_ERR_MALFORMED (not RIFF/WAVE, truncated, a data chunk claiming more
 * bytes than present, zero channels, a zero or absurd rate...), a well-formed
 * file we cannot play VT_ERR_UNSUPPORTED (ADPCM, 5.1, 64-bit float...), zero
 * bytes VT_ERR_EMPTY; ERR (may be NULL) then names NAME and the problem. */
vt_result audio_source_open_memory(const void *data, size_t size, const char *name, audio_source *src,
                                   vt_error_msg *err);

double audio_source_duration(const audio_source *src); /* seconds */

typedef struct audio_decoder {
    audio_source src;       /* a copy: the caller's struct may go away */
    uint64_t next;          /* the frame the next read starts at */
    bool failed;            /* a decode error: reads give nothing from now on */
    char error[128];        /* what failed, for a log line */
    struct stb_vorbis *vorbis; /* inside the caller's MEM */
} audio_decoder;

/* A decoder over SRC at frame 0. For Vorbis, MEM (8-byte aligned, at least
 * src->decoder_bytes) holds all of its state until audio_decoder_close; for
 * WAV, MEM may be NULL. Fails (ERR may be NULL) only when MEM is too small or
 * the stream's setup is corrupt. */
vt_result audio_decoder_open(audio_decoder *d, const audio_source *src, void *mem, size_t mem_size,
                             vt_error_msg *err);
/* Up to FRAMES stereo frames into OUT (2 floats per frame). Fewer only at the
 * end of the sound or after a decode error (d->failed set, d->error says
 * what); samples are always finite and within [-4, 4]. */
size_t audio_decoder_read(audio_decoder *d, float *out, size_t frames);
/* Moves to FRAME (clamped to the length). Sample-exact for WAV and, through
 * stb_vorbis_seek, for Vorbis. False (and d->failed) when the stream is
 * corrupt where the seek lands. */
bool audio_decoder_seek(audio_decoder *d, uint64_t frame);
void audio_decoder_close(audio_decoder *d);

#endif
