/* media_loudness: measure and normalise the loudness of narration, so every
 * hotspot in every language plays at the same level on a kiosk.
 *
 * Measured with libebur128 (EBU R128 / ITU BS.1770: integrated loudness in
 * LUFS with its gates, true peak in dBTP by 4x oversampling); Vitrine does
 * not reimplement BS.1770. A mono file is measured as one channel (as
 * ffmpeg's loudnorm does), so a mono narration and a stereo one of the same
 * LUFS sound alike when the mixer plays mono on both speakers at -3 dB.
 *
 * Normalising: one gain to reach the target (default -16 LUFS integrated,
 * the usual figure for speech on small loudspeakers), then a look-ahead
 * peak limiter (10 ms look-ahead, smooth attack, 100 ms release) so the true
 * peak stays at or below the ceiling (default -1 dBTP). The limiter takes a
 * little loudness, so gain and limiter repeat (at most 4 passes, until
 * within 0.05 LU). Gain is capped (default
 * +20 dB): a whisper-quiet or noisy recording is not blown up into hiss, and
 * the report says the target was not reached. Silence (nothing above
 * BS.1770's -70 LUFS gate) is left untouched and reported as such.
 *
 * Works in place on interleaved float PCM. Depends on base and libebur128.
 * Thread-safe; no global state. */
#ifndef VT_MEDIA_LOUDNESS_H
#define VT_MEDIA_LOUDNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/result.h"

#define MEDIA_LOUDNESS_TARGET_LUFS (-16.0)
#define MEDIA_LOUDNESS_CEILING_DBTP (-1.0)
#define MEDIA_LOUDNESS_MAX_GAIN_DB 20.0
/* What "no measurable loudness" reads as (libebur128 gives -inf). */
#define MEDIA_LOUDNESS_SILENT (-70.0)

typedef struct media_loudness {
    double integrated_lufs; /* MEDIA_LOUDNESS_SILENT or less: silence */
    double true_peak_dbtp;  /* -inf would be silence; clamped to -200 */
} media_loudness;

/* Zero means default for every field. */
typedef struct media_loudness_desc {
    double target_lufs;  /* 0 = -16 */
    double ceiling_dbtp; /* 0 = -1 (a ceiling of 0 dBTP clips on many converters) */
    double max_gain_db;  /* 0 = +20 */
} media_loudness_desc;

typedef struct media_loudness_report {
    media_loudness before, after;
    double gain_db;   /* the gain applied before limiting */
    bool silent;      /* nothing to measure: left unchanged */
    bool gain_capped; /* the target needed more than max_gain_db */
    bool limited;     /* the limiter reduced some peaks */
} media_loudness_report;

vt_result media_loudness_measure(const float *pcm, size_t frames, int channels, int sample_rate, media_loudness *out,
                                 vt_error_msg *err);

/* Normalises PCM in place. REP may be NULL. Errors only for out of memory
 * (libebur128's state). */
vt_result media_loudness_normalise(float *pcm, size_t frames, int channels, int sample_rate,
                                   const media_loudness_desc *d, media_loudness_report *rep, vt_error_msg *err);

#endif
