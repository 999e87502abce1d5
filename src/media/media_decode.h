/* media_decode: a curator's narration file (WAV or Ogg Vorbis) -> float PCM,
 * for the packer. The format is sniffed from the bytes ("RIFF....WAVE",
 * "OggS"), not the file name; Ogg Opus is recognised and refused as
 * VT_ERR_UNSUPPORTED (not yet handled) with a fix.
 *
 * WAV: integer PCM of 8, 16, 24 or 32 bits, IEEE float of 32 or 64 bits,
 * WAVE_FORMAT_EXTENSIBLE over either. Streaming headers (sizes of
 * 0xFFFFFFFF, as `espeak-ng --stdout` writes) and odd chunk padding are
 * accepted: a chunk runs to the end of the file at most.
 * Ogg Vorbis: every page's CRC checked first (a damaged or truncated file is
 * named by byte offset), then libvorbis' reference decoder (vorbisfile)
 * from memory. Not stb_vorbis: it crashes on some damaged setup headers,
 * and these are curators' files. (The runtime plays packages, written by
 * our encoder, with stb_vorbis; test_media checks that it reads them.)
 *
 * Every size is checked before use, so any bytes give VT_OK or an error,
 * never a crash. Limits: 1-8 channels, 8-192 kHz, 2 hours.
 *
 * The runtime audio engine (src/audio/) has its own decoders: those stream
 * for the mixer, these decode whole files once for loudness and encoding.
 * Depends on base and libvorbisfile. Thread-safe; no global state. */
#ifndef VT_MEDIA_DECODE_H
#define VT_MEDIA_DECODE_H

#include <stddef.h>

#include "base/result.h"

#define MEDIA_MAX_CHANNELS 8
#define MEDIA_MAX_SECONDS (2 * 3600)

typedef struct media_pcm {
    float *samples;  /* interleaved, nominally within [-1, 1]; malloc'd */
    size_t frames;   /* samples per channel */
    int channels;
    int sample_rate; /* Hz */
} media_pcm;

/* Decodes DATA[0..SIZE). NAME is the file name used in messages. *OUT is
 * zeroed first and holds nothing on failure. */
vt_result media_decode(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err);
vt_result media_decode_wav(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err);
vt_result media_decode_ogg(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err);

void media_pcm_free(media_pcm *p);
static inline double media_pcm_seconds(const media_pcm *p)
{
    return p->sample_rate > 0 ? (double)p->frames / p->sample_rate : 0.0;
}

#endif
