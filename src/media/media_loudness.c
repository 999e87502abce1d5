#include "media_loudness.h"

#include <assert.h>
#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double _db(double lin)
{
    return lin > 1e-10 ? 20.0 * log10(lin) : -200.0;
}

vt_result media_loudness_measure(const float *pcm, size_t frames, int channels, int sample_rate, media_loudness *out,
                                 vt_error_msg *err)
{
    assert(pcm || frames == 0);
    assert(channels > 0 && sample_rate > 0 && out);
    out->integrated_lufs = MEDIA_LOUDNESS_SILENT;
    out->true_peak_dbtp = -200.0;
    ebur128_state *st = ebur128_init((unsigned)channels, (unsigned long)sample_rate,
                                     EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    if (!st) {
        vt_error_set(err, "out of memory measuring loudness");
        return VT_ERR_OUT_OF_MEMORY;
    }
    /* BS.1770 gates 400 ms blocks: a shorter clip ("Yes.") would read as
     * silence. It is measured as if repeated to a second, which has the
     * clip's own loudness. In pieces: libebur128 sizes buffers per call. */
    const size_t chunk = 1u << 16;
    size_t fed = 0;
    do {
        for (size_t at = 0; at < frames; at += chunk) {
            size_t n = frames - at < chunk ? frames - at : chunk;
            if (ebur128_add_frames_float(st, pcm + at * (size_t)channels, n) != EBUR128_SUCCESS) {
                ebur128_destroy(&st);
                vt_error_set(err, "out of memory measuring loudness");
                return VT_ERR_OUT_OF_MEMORY;
            }
        }
        fed += frames;
    } while (frames > 0 && fed < (size_t)sample_rate);
    double lufs = -HUGE_VAL;
    if (ebur128_loudness_global(st, &lufs) == EBUR128_SUCCESS && isfinite(lufs) && lufs > MEDIA_LOUDNESS_SILENT)
        out->integrated_lufs = lufs;
    double peak = 0.0;
    for (int c = 0; c < channels; c++) {
        double p = 0.0;
        if (ebur128_true_peak(st, (unsigned)c, &p) == EBUR128_SUCCESS && p > peak)
            peak = p;
    }
    out->true_peak_dbtp = _db(peak);
    ebur128_destroy(&st);
    return VT_OK;
}

static void _scale(float *pcm, size_t count, double gain)
{
    for (size_t i = 0; i < count; i++)
        pcm[i] = (float)(pcm[i] * gain);
}

/* Look-ahead limiter on sample peaks: no sample of the output exceeds
 * CEILING (linear). The gain each frame needs (env) is spread by a minimum
 * filter over +-H frames and then smoothed by a moving average over the same
 * +-H: every frame of the average's window has a minimum window containing
 * the frame itself, so the smoothed gain never exceeds what the frame needs,
 * while the gain ramps down over 2H (10 ms) before a peak instead of
 * jumping. A one-pole release (100 ms) then lets it recover gently. Returns
 * false on out of memory; *ACTED says whether any gain was below 1. */
static bool _limit(float *pcm, size_t frames, int ch, int rate, double ceiling, bool *acted)
{
    *acted = false;
    if (frames == 0)
        return true;
    float *env = malloc(frames * sizeof *env);
    if (!env)
        return false;
    bool any = false;
    for (size_t i = 0; i < frames; i++) {
        float peak = 0.0f;
        for (int c = 0; c < ch; c++) {
            float a = fabsf(pcm[i * (size_t)ch + (size_t)c]);
            peak = a > peak ? a : peak;
        }
        env[i] = peak > ceiling ? (float)(ceiling / peak) : 1.0f;
        any |= env[i] < 1.0f;
    }
    if (!any) {
        free(env);
        return true;
    }
    *acted = true;
    size_t h = (size_t)(rate * 0.005);
    if (h < 1)
        h = 1;
    size_t win = 2 * h + 1;
    float *g = malloc(frames * sizeof *g);
    size_t *dq = malloc((win + 1) * sizeof *dq);
    if (!g || !dq) {
        free(env);
        free(g);
        free(dq);
        return false;
    }
    /* Sliding minimum over [i-h, i+h] with a monotone deque (ring buffer). */
    size_t head = 0, len = 0, next = 0;
    for (size_t i = 0; i < frames; i++) {
        size_t hi = i + h < frames ? i + h : frames - 1;
        for (; next <= hi; next++) {
            while (len && env[dq[(head + len - 1) % (win + 1)]] >= env[next])
                len--;
            dq[(head + len) % (win + 1)] = next;
            len++;
        }
        while (dq[head] + h < i) {
            head = (head + 1) % (win + 1);
            len--;
        }
        g[i] = env[dq[head]];
    }
    /* Moving average over the (clipped) window, then release, then apply. */
    double sum = 0.0;
    size_t lo_in = 0, hi_in = 0; /* the sum covers g[lo_in, hi_in) */
    double release = 1.0 - exp(-1.0 / (0.100 * rate));
    double prev = 1.0;
    for (size_t i = 0; i < frames; i++) {
        size_t lo = i >= h ? i - h : 0;
        size_t hi = i + h + 1 < frames ? i + h + 1 : frames;
        for (; hi_in < hi; hi_in++)
            sum += g[hi_in];
        for (; lo_in < lo; lo_in++)
            sum -= g[lo_in];
        double avg = sum / (double)(hi - lo);
        /* Rounding in the running sum must not lift the gain above need. */
        if (avg > env[i])
            avg = env[i];
        double gain = prev + (1.0 - prev) * release;
        if (gain > avg)
            gain = avg;
        prev = gain;
        for (int c = 0; c < ch; c++)
            pcm[i * (size_t)ch + (size_t)c] = (float)(pcm[i * (size_t)ch + (size_t)c] * gain);
    }
    free(env);
    free(g);
    free(dq);
    return true;
}

static double _lin(double db)
{
    return pow(10.0, db / 20.0);
}

vt_result media_loudness_normalise(float *pcm, size_t frames, int channels, int sample_rate,
                                   const media_loudness_desc *d, media_loudness_report *rep, vt_error_msg *err)
{
    media_loudness_desc def = { 0 };
    if (!d)
        d = &def;
    double target = d->target_lufs != 0.0 ? d->target_lufs : MEDIA_LOUDNESS_TARGET_LUFS;
    double ceiling_db = d->ceiling_dbtp != 0.0 ? d->ceiling_dbtp : MEDIA_LOUDNESS_CEILING_DBTP;
    double max_gain = d->max_gain_db != 0.0 ? d->max_gain_db : MEDIA_LOUDNESS_MAX_GAIN_DB;
    double ceiling = _lin(ceiling_db);
    size_t count = frames * (size_t)channels;

    media_loudness_report r = { 0 };
    vt_result res = media_loudness_measure(pcm, frames, channels, sample_rate, &r.before, err);
    if (res != VT_OK)
        return res;
    r.after = r.before;
    if (r.before.integrated_lufs <= MEDIA_LOUDNESS_SILENT) {
        r.silent = true;
        if (rep)
            *rep = r;
        return VT_OK;
    }

    media_loudness now = r.before;
    for (int pass = 0; pass < 4; pass++) {
        double gain_db = target - now.integrated_lufs;
        if (pass == 0 && gain_db > max_gain) {
            gain_db = max_gain;
            r.gain_capped = true;
        }
        /* Later passes only make up what the limiter took; each takes less
         * than the one before, so a few are enough. */
        if (pass > 0 && (r.gain_capped || fabs(gain_db) < 0.05))
            break;
        if (r.gain_db + gain_db > max_gain)
            gain_db = max_gain - r.gain_db;
        _scale(pcm, count, _lin(gain_db));
        r.gain_db += gain_db;
        /* Limit sample peaks, then lower the limiter's ceiling until the
         * true peak (between samples) is under the ceiling too. */
        double sample_ceiling = ceiling;
        for (int k = 0; k < 6; k++) {
            res = media_loudness_measure(pcm, frames, channels, sample_rate, &now, err);
            if (res != VT_OK)
                return res;
            if (now.true_peak_dbtp <= ceiling_db)
                break;
            if (k > 0)
                sample_ceiling *= _lin(ceiling_db - now.true_peak_dbtp) * 0.995;
            bool acted;
            if (!_limit(pcm, frames, channels, sample_rate, sample_ceiling, &acted)) {
                vt_error_set(err, "out of memory limiting peaks");
                return VT_ERR_OUT_OF_MEMORY;
            }
            r.limited |= acted;
        }
    }
    res = media_loudness_measure(pcm, frames, channels, sample_rate, &r.after, err);
    if (res != VT_OK)
        return res;
    /* Last resort, should the limiter not have got there: a plain gain,
     * which scales the true peak exactly. */
    if (r.after.true_peak_dbtp > ceiling_db) {
        _scale(pcm, count, _lin(ceiling_db - r.after.true_peak_dbtp - 0.02));
        res = media_loudness_measure(pcm, frames, channels, sample_rate, &r.after, err);
        if (res != VT_OK)
            return res;
    }
    if (rep)
        *rep = r;
    return VT_OK;
}
