/* media_vorbis_enc: float PCM -> an Ogg Vorbis file in memory (libvorbisenc,
 * VBR), the form narration takes inside a package.
 *
 * Quality 0.35 by default: about 45-55 kbit/s for stereo at 44.1 kHz and far
 * less for espeak-ng's 22 kHz mono, which is transparent for speech. Mono
 * stays mono. Deterministic: the same PCM and settings give the same bytes
 * (the Ogg stream serial is a hash of the PCM, never rand() or the time), so
 * packages rebuild byte for byte and content-addressed caches work.
 *
 * Depends on base, libvorbisenc, libvorbis, libogg. Thread-safe. */
#ifndef VT_MEDIA_VORBIS_ENC_H
#define VT_MEDIA_VORBIS_ENC_H

#include <stddef.h>
#include <stdint.h>

#include "base/file.h"
#include "base/result.h"

#define MEDIA_VORBIS_QUALITY 0.35f

/* Zero means default for every field. */
typedef struct media_vorbis_desc {
    float quality;   /* libvorbis VBR quality, -0.1 to 1; 0 = 0.35 */
    uint32_t serial; /* Ogg stream serial; 0 = a hash of the PCM */
} media_vorbis_desc;

/* Encodes FRAMES frames of interleaved PCM (CHANNELS 1 or 2) into *OUT
 * (malloc'd, vt_blob_free). Samples beyond [-1, 1] are clipped by the
 * encoder's consumers, so normalise first. D may be NULL. */
vt_result media_vorbis_encode(const float *pcm, size_t frames, int channels, int sample_rate,
                              const media_vorbis_desc *d, vt_blob *out, vt_error_msg *err);

#endif
