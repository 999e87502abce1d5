#include "media_decode.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/result.h"

/* The implementation is in Debian's libstb, linked through vt_stb. */
#define STB_VORBIS_HEADER_ONLY
#include <stb_vorbis.h>

#define _FMT_PCM 1
#define _FMT_FLOAT 3
#define _FMT_EXTENSIBLE 0xFFFE

static uint32_t _le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t _le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

void media_pcm_free(media_pcm *p)
{
    if (!p)
        return;
    free(p->samples);
    memset(p, 0, sizeof *p);
}

static vt_result _check_layout(const char *name, int channels, long rate, vt_error_msg *err)
{
    if (channels < 1 || channels > MEDIA_MAX_CHANNELS) {
        vt_error_set(err, "%s: %d audio channels (1 to %d supported) — fix: export the narration as mono or stereo",
                     name, channels, MEDIA_MAX_CHANNELS);
        return VT_ERR_UNSUPPORTED;
    }
    if (rate < 8000 || rate > 192000) {
        vt_error_set(err, "%s: sample rate %ld Hz (8000 to 192000 supported) — fix: export at 44100 or 48000 Hz",
                     name, rate);
        return VT_ERR_UNSUPPORTED;
    }
    return VT_OK;
}

static float _sample(const unsigned char *p, int fmt, int bits)
{
    if (fmt == _FMT_FLOAT) {
        if (bits == 32) {
            float f;
            uint32_t u = _le32(p);
            memcpy(&f, &u, sizeof f);
            return f == f ? f : 0.0f; /* NaN would poison loudness and the encoder */
        }
        uint64_t u = (uint64_t)_le32(p) | (uint64_t)_le32(p + 4) << 32;
        double d;
        memcpy(&d, &u, sizeof d);
        return d == d ? (float)d : 0.0f;
    }
    switch (bits) {
    case 8: return ((int)p[0] - 128) / 128.0f;
    case 16: return (int16_t)_le16(p) / 32768.0f;
    case 24: {
        int32_t v = (int32_t)((uint32_t)p[0] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 24) >> 8;
        return v / 8388608.0f;
    }
    default: return (float)((int32_t)_le32(p) / 2147483648.0);
    }
}

vt_result media_decode_wav(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err)
{
    assert(out);
    memset(out, 0, sizeof *out);
    name = name ? name : "audio";
    const unsigned char *s = data;
    if (size < 12 || memcmp(s, "RIFF", 4) != 0 || memcmp(s + 8, "WAVE", 4) != 0) {
        vt_error_set(err, "%s: not a WAV file (no RIFF/WAVE header)", name);
        return VT_ERR_MALFORMED;
    }
    const unsigned char *fmt = NULL, *pcm = NULL;
    size_t fmt_size = 0, pcm_size = 0;
    for (size_t at = 12; at + 8 <= size;) {
        size_t left = size - at - 8;
        size_t len = _le32(s + at + 4);
        /* Streaming writers leave 0xFFFFFFFF or a guess: a chunk runs to
         * the end of the file at most. */
        if (len > left)
            len = left;
        if (memcmp(s + at, "fmt ", 4) == 0 && !fmt) {
            fmt = s + at + 8;
            fmt_size = len;
        } else if (memcmp(s + at, "data", 4) == 0 && !pcm) {
            pcm = s + at + 8;
            pcm_size = len;
        }
        at += 8 + len + (len & 1);
    }
    if (!fmt || fmt_size < 16) {
        vt_error_set(err, "%s: WAV file without a valid 'fmt ' chunk", name);
        return VT_ERR_MALFORMED;
    }
    if (!pcm) {
        vt_error_set(err, "%s: WAV file without a 'data' chunk", name);
        return VT_ERR_MALFORMED;
    }
    int tag = _le16(fmt);
    int channels = _le16(fmt + 2);
    long rate = (long)_le32(fmt + 4);
    int align = _le16(fmt + 12);
    int bits = _le16(fmt + 14);
    if (tag == _FMT_EXTENSIBLE) {
        if (fmt_size < 40) {
            vt_error_set(err, "%s: WAV extensible format chunk too short", name);
            return VT_ERR_MALFORMED;
        }
        tag = _le16(fmt + 24); /* the sub-format GUID starts with the plain tag */
    }
    vt_result r = _check_layout(name, channels, rate, err);
    if (r != VT_OK)
        return r;
    bool ok = (tag == _FMT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) ||
              (tag == _FMT_FLOAT && (bits == 32 || bits == 64));
    if (!ok) {
        vt_error_set(err, "%s: WAV encoding %d with %d bits is not supported — fix: export as 16-bit PCM WAV", name,
                     tag, bits);
        return VT_ERR_UNSUPPORTED;
    }
    int bytes = bits / 8;
    if (align != channels * bytes) {
        vt_error_set(err, "%s: WAV block size %d does not match %d channels of %d bits", name, align, channels, bits);
        return VT_ERR_MALFORMED;
    }
    size_t frames = pcm_size / (size_t)align;
    if (frames == 0) {
        vt_error_set(err, "%s: WAV file holds no audio", name);
        return VT_ERR_EMPTY;
    }
    if (frames > (size_t)MEDIA_MAX_SECONDS * (size_t)rate) {
        vt_error_set(err, "%s: longer than %d minutes", name, MEDIA_MAX_SECONDS / 60);
        return VT_ERR_TOO_LARGE;
    }
    float *dst = malloc(frames * (size_t)channels * sizeof *dst);
    if (!dst) {
        vt_error_set(err, "%s: out of memory decoding audio", name);
        return VT_ERR_OUT_OF_MEMORY;
    }
    size_t count = frames * (size_t)channels;
    for (size_t i = 0; i < count; i++)
        dst[i] = _sample(pcm + i * (size_t)bytes, tag, bits);
    *out = (media_pcm){ dst, frames, channels, (int)rate };
    return VT_OK;
}

vt_result media_decode_ogg(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err)
{
    assert(out);
    memset(out, 0, sizeof *out);
    name = name ? name : "audio";
    if (size < 64 || memcmp(data, "OggS", 4) != 0) {
        vt_error_set(err, "%s: not an Ogg file", name);
        return VT_ERR_MALFORMED;
    }
    /* The first page holds the codec's identification header. */
    const unsigned char *s = data;
    for (size_t i = 0; i + 8 <= 64; i++) {
        if (memcmp(s + i, "OpusHead", 8) == 0) {
            vt_error_set(err, "%s: Ogg Opus is not supported yet — fix: export the narration as Ogg Vorbis or WAV",
                         name);
            return VT_ERR_UNSUPPORTED;
        }
    }
    if (size > INT_MAX) {
        vt_error_set(err, "%s: too large for an Ogg narration", name);
        return VT_ERR_TOO_LARGE;
    }
    int error = 0;
    stb_vorbis *v = stb_vorbis_open_memory(data, (int)size, &error, NULL);
    if (!v) {
        vt_error_set(err, "%s: not a readable Ogg Vorbis file (stb_vorbis error %d)", name, error);
        return VT_ERR_MALFORMED;
    }
    stb_vorbis_info info = stb_vorbis_get_info(v);
    vt_result r = _check_layout(name, info.channels, (long)info.sample_rate, err);
    if (r != VT_OK) {
        stb_vorbis_close(v);
        return r;
    }
    int ch = info.channels;
    size_t max_frames = (size_t)MEDIA_MAX_SECONDS * info.sample_rate;
    size_t cap = 1u << 16, frames = 0;
    float *dst = malloc(cap * (size_t)ch * sizeof *dst);
    for (;;) {
        if (!dst) {
            stb_vorbis_close(v);
            vt_error_set(err, "%s: out of memory decoding audio", name);
            return VT_ERR_OUT_OF_MEMORY;
        }
        if (frames == cap) {
            if (cap > max_frames) {
                free(dst);
                stb_vorbis_close(v);
                vt_error_set(err, "%s: longer than %d minutes", name, MEDIA_MAX_SECONDS / 60);
                return VT_ERR_TOO_LARGE;
            }
            float *grown = realloc(dst, cap * 2 * (size_t)ch * sizeof *dst);
            if (!grown)
                free(dst);
            dst = grown;
            cap *= 2;
            continue;
        }
        size_t want = cap - frames;
        if (want > 1u << 20)
            want = 1u << 20;
        int got = stb_vorbis_get_samples_float_interleaved(v, ch, dst + frames * (size_t)ch, (int)want * ch);
        if (got <= 0)
            break;
        frames += (size_t)got;
    }
    stb_vorbis_close(v);
    if (frames == 0) {
        free(dst);
        vt_error_set(err, "%s: Ogg Vorbis file holds no audio", name);
        return VT_ERR_EMPTY;
    }
    if (frames > max_frames) {
        free(dst);
        vt_error_set(err, "%s: longer than %d minutes", name, MEDIA_MAX_SECONDS / 60);
        return VT_ERR_TOO_LARGE;
    }
    for (size_t i = 0; i < frames * (size_t)ch; i++)
        if (dst[i] != dst[i])
            dst[i] = 0.0f;
    *out = (media_pcm){ dst, frames, ch, (int)info.sample_rate };
    return VT_OK;
}

vt_result media_decode(const void *data, size_t size, const char *name, media_pcm *out, vt_error_msg *err)
{
    assert(out);
    memset(out, 0, sizeof *out);
    name = name ? name : "audio";
    if (size == 0) {
        vt_error_set(err, "%s: empty file", name);
        return VT_ERR_EMPTY;
    }
    if (size >= 12 && memcmp(data, "RIFF", 4) == 0)
        return media_decode_wav(data, size, name, out, err);
    if (size >= 4 && memcmp(data, "OggS", 4) == 0)
        return media_decode_ogg(data, size, name, out, err);
    vt_error_set(err, "%s: not a WAV or Ogg Vorbis file — fix: export the narration as WAV or Ogg Vorbis", name);
    return VT_ERR_UNSUPPORTED;
}
